"""Klantsegment kiezen in a notebook: goal, criteria, segments, attractiveness and choice, measuring, persona.

Five tabs in the order of the method. Every control shows the live workbook
and every change goes through its state (validated, saved, then every view
redraws; nothing typed is lost when a change is refused). Segments are linked
by id, so a renamed segment stays chosen; deleting a segment that is chosen
or used asks first and says what goes with it (undo brings it all back).
``read_only=True`` shows the result without any control (for dashboards).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from klantlab.analysis import classify
from klantlab.analysis.pyramid_analysis import settings_values
from klantlab.analysis.segments import attractiveness, compare_periods, segment_figures
from klantlab.analysis.workbook_warnings import workbook_warnings
from klantlab.charts.segments import matrix_figure, ranking_figure
from klantlab.errors import KlantlabError
from klantlab.i18n import label, money, number, percent, t
from klantlab.io.pyramid_inputs import customer_table, load_pyramid_inputs, resolve
from klantlab.model import AttractivenessFactor, CriterionFamily, Persona, Segment, SegmentationReason, Workbook
from klantlab.model.edits import remove_segment, segment_uses
from klantlab.state import Change
from klantlab.widgets.actions import built_or_message, named, on_change, on_click
from klantlab.widgets.figures import show_figure
from klantlab.widgets.html import WRAP, alert, escape, field_label, html_table, problem_alert, warnings_html
from klantlab.widgets.live import (
    FORM_CSS,
    InputRefusedError,
    LiveForm,
    field_layout,
    item_of,
    live_html,
    number_box,
    set_choices,
)

__all__ = [
    "PERSONA_STEPS",
    "SegmentationForm",
    "persona_card",
    "ranking_frame",
    "ranking_html",
    "segment_ranking",
    "segmentation_form",
]

_STYLE = {"description_width": "170px"}
_PERSONA_STYLE = {"description_width": "260px"}
PERSONA_STEPS = ("who", "goals", "frustrations", "decision_making", "enthusiasm")
_SEGMENT_NUMBERS = {"customers": True, "revenue": False, "margin": False}  # field -> whole number


def _wide(max_width: str = "640px", height: str | None = None) -> w.Layout:
    return field_layout(max_width, height)


def persona_card(persona: Persona | None, segment: Segment | None) -> str:
    """The persona on one card (HTML, every text escaped), with the segment it belongs to."""
    if persona is None:
        return f"<p style='color:#6b7280'>{escape(t('app.persona.none'))}</p>"
    blocks = "".join(
        f"<div style='flex:1 1 260px;margin:6px'><div style='font-size:12px;color:#9a3412;text-transform:uppercase;"
        f"letter-spacing:.04em'>{escape(t(f'app.persona.step.{step}'))}</div>"
        f"<div style='white-space:pre-wrap;line-height:1.4'>{escape(getattr(persona, step)) or '—'}</div></div>"
        for step in PERSONA_STEPS
    )
    where = segment.name if segment else ""
    return (
        "<div class='klantlab-persona' style='border:1px solid #fed7aa;border-radius:8px;padding:14px 18px;"
        f"background:#fffbf5;max-width:900px;{WRAP}'>"
        f"<div style='font-size:22px;font-weight:600;color:#7c2d12'>{escape(persona.name)}</div>"
        f"<div style='color:#6b7280;margin-bottom:6px'>{escape(t('app.persona.of_segment', segment=where))}</div>"
        f"<div style='display:flex;flex-wrap:wrap'>{blocks}</div></div>"
    )


def _frame_table(frame: pd.DataFrame, align_right_from: int = 1) -> str:
    return html_table(list(frame.columns), [list(row) for row in frame.itertuples(index=False)], align_right_from)


def ranking_frame(workbook: Workbook) -> pd.DataFrame:
    """The segments ranked, as texts in the user's language (one function for the notebook, form and exports)."""
    section = workbook.segmentation
    table = attractiveness(section.segments, section.factors, section.chosen_segment_ids)

    def score(value: float) -> str:
        return "" if pd.isna(value) else number(value, 2)

    return pd.DataFrame(
        {
            t("app.segmentation.col.rank"): [str(r) for r in table["rank"]],
            field_label("name"): table["name"],
            t("app.segmentation.col.score"): [score(v) for v in table["score"]],
            t("app.segmentation.col.attractiveness"): [score(v) for v in table["attractiveness"]],
            t("app.segmentation.col.fit"): ["" if pd.isna(v) else str(int(v)) for v in table["fit"]],
            t("app.segmentation.chosen"): [t("app.segmentation.yes") if c else "" for c in table["chosen"]],
        }
    )


def ranking_html(workbook: Workbook) -> str:
    """The ranking table, or what to do first when there are no segments yet."""
    if not workbook.segmentation.segments:
        return f"<p style='color:#6b7280'>{escape(t('app.segmentation.ranking_empty'))}</p>"
    return _frame_table(ranking_frame(workbook), align_right_from=2)


@built_or_message
def segment_ranking(source: Any) -> w.HTML:
    """The ranking of the segments as a table that follows every change of the workbook."""
    return live_html(source, ranking_html)


class SegmentationForm(LiveForm):
    """The model Klantsegment kiezen of a workbook (see the module text)."""

    def __init__(self, source: Any, read_only: bool = False) -> None:
        super().__init__(source, read_only, layout=w.Layout(max_width="1100px"))
        self.ranking = w.Output(layout=w.Layout(width="100%"))
        self.matrix = w.Output(layout=w.Layout(width="100%"))
        self.card = w.HTML()
        self._figures: tuple[pd.DataFrame, pd.DataFrame, tuple, tuple] | None = None
        if read_only:
            self.summary = w.HTML()
            self.children = [self.summary, self.ranking, self.matrix, self.card]
            self.refresh()
            return
        self.tabs = w.Tab(
            children=[self._goal_tab(), self._segments_tab(), self._choice_tab(), self._measure_tab(),
                      self._persona_tab()]
        )  # fmt: skip
        for index, key in enumerate(("goal", "segments", "choice", "measure", "persona")):
            self.tabs.set_title(index, t(f"app.segmentation.tab.{key}"))
        self.children = [w.HTML(FORM_CSS), self.tabs, self.messages, self.undo_bar]
        self.refresh()

    # --- tab 1: goal and criteria ---------------------------------------------------------------------------------

    def _goal_tab(self) -> w.VBox:
        self.reasons = {
            reason: w.Checkbox(description=label(reason), indent=False, layout=w.Layout(width="auto"))
            for reason in SegmentationReason
        }
        for reason, box in self.reasons.items():
            self.bind(box, lambda wb, r=reason: r in wb.segmentation.reasons,
                      lambda wb, on, r=reason: _toggle(wb.segmentation, "reasons", r, on, list(SegmentationReason)),
                      Change("change.segmentation.reasons"))  # fmt: skip
        self.goal = w.Textarea(description=field_label("goal"), style=_STYLE, layout=_wide(height="90px"),
                               continuous_update=False)  # fmt: skip
        self.bind(self.goal, lambda wb: wb.segmentation.goal, lambda wb, v: setattr(wb.segmentation, "goal", v),
                  Change("change.segmentation.field", {"field_key": "field.goal"}))  # fmt: skip
        self.criteria = {
            family: w.Checkbox(description=label(family), indent=False, layout=w.Layout(width="170px"))
            for family in CriterionFamily
        }
        for family, box in self.criteria.items():
            self.bind(box, lambda wb, f=family: f in wb.segmentation.criteria,
                      lambda wb, on, f=family: _toggle(wb.segmentation, "criteria", f, on, list(CriterionFamily)),
                      Change("change.segmentation.criteria"))  # fmt: skip
        rows = [
            w.HBox([box, w.HTML(f"<span style='color:#6b7280'>{escape(t(f'criteria.example.{family.value}'))}</span>")],
                   layout=w.Layout(flex_flow="row wrap"))
            for family, box in self.criteria.items()
        ]  # fmt: skip
        return w.VBox([
            w.HTML(f"<b>{escape(t('app.segmentation.reasons'))}</b>"), *self.reasons.values(), self.goal,
            w.HTML(f"<b>{escape(t('app.segmentation.criteria'))}</b>"), *rows,
        ])  # fmt: skip

    # --- tab 2: segments ------------------------------------------------------------------------------------------

    def _segments_tab(self) -> w.VBox:
        self.segment_list = named(
            w.Select(options=[], rows=8, layout=w.Layout(width="280px")), t("accessibility.segmentation.segments")
        )
        on_change(self.segment_list, "choose", lambda _: None if self._quiet else self.refresh(), self.messages.problem)
        self.add_button = w.Button(description=t("app.segmentation.add"), icon="plus", layout=w.Layout(width="auto"))
        self.delete_button = w.Button(description=t("app.segmentation.delete"), icon="trash",
                                      layout=w.Layout(width="auto"))  # fmt: skip
        on_click(self.add_button, "save", self.add_segment, self.messages.problem)
        on_click(self.delete_button, "save", self.delete_segment, self.messages.problem)
        self.confirm = w.VBox()
        self.segment_fields: dict[str, w.Widget] = {
            "name": w.Text(description=field_label("name"), continuous_update=False),
            "description": w.Textarea(description=field_label("description"), continuous_update=False),
            "source_column": w.Text(description=field_label("source_column"), continuous_update=False),
            "source_values": w.Text(description=field_label("source_values"), continuous_update=False,
                                    placeholder=t("app.segmentation.values_placeholder")),
        }  # fmt: skip
        parsers: dict[str, Any] = {"source_values": _split_values}
        shows: dict[str, Any] = {"source_values": ", ".join}
        for name, whole in _SEGMENT_NUMBERS.items():
            box, parse, show = number_box(field_label(name), whole=whole, minimum=0 if whole else None,
                                          example=1200 if whole else 1200000.5)  # fmt: skip
            self.segment_fields[name], parsers[name], shows[name] = box, parse, show
        for name, control in self.segment_fields.items():
            control.style = _STYLE
            control.layout = _wide("560px", "70px" if name == "description" else None)
            self.bind(control, lambda wb, name=name: getattr(self._segment(wb), name),
                      lambda wb, value, name=name: setattr(self._segment(wb), name, value),
                      lambda wb, name=name: Change("change.segment.field",
                                                   {"field_key": f"field.{name}", "name": self._segment(wb).name}),
                      parse=parsers.get(name), show=shows.get(name, lambda v: v or ""),
                      item=lambda: self.segment_list.value)  # fmt: skip
        self.criteria_values = {
            family: w.Text(description=label(family), style=_STYLE, layout=_wide("560px"), continuous_update=False)
            for family in CriterionFamily
        }
        for family, box in self.criteria_values.items():
            self.bind(box, lambda wb, f=family: self._segment(wb).criteria.get(f, ""),
                      lambda wb, value, f=family: _set_criterion(self._segment(wb), f, value),
                      lambda wb, f=family: Change("change.segment.criterion",
                                                  {"family_key": f"CriterionFamily.{f.value}",
                                                   "name": self._segment(wb).name}),
                      item=lambda: self.segment_list.value)  # fmt: skip
        self.compute_button = w.Button(description=t("app.segmentation.compute"), icon="calculator",
                                       layout=w.Layout(width="auto"))  # fmt: skip
        on_click(self.compute_button, "figures", self.compute_figures, self.messages.problem)
        self.compare_messages = w.VBox()
        self.figures_table = w.HTML()
        editor = w.VBox([*self.segment_fields.values(), *self.criteria_values.values()],
                        layout=w.Layout(flex="1 1 420px", min_width="0"))  # fmt: skip
        listing = w.VBox([self.segment_list, w.HBox([self.add_button, self.delete_button]), self.confirm],
                         layout=w.Layout(flex="0 0 290px"))  # fmt: skip
        return w.VBox([
            w.HBox([listing, editor], layout=w.Layout(flex_flow="row wrap")),
            w.HTML(f"<p style='color:#6b7280'>{escape(t('app.segmentation.compute_help'))}</p>"),
            self.compute_button, self.compare_messages, self.figures_table,
        ])  # fmt: skip

    def _segment(self, workbook: Workbook) -> Segment:
        return item_of(workbook.segmentation.segments, self.segment_list.value)

    def add_segment(self) -> None:
        """A new segment, selected for editing."""
        segment = Segment(name=t("app.segmentation.new_name", number=len(self.workbook.segmentation.segments) + 1))
        if self.edit(lambda wb: wb.segmentation.segments.append(segment),
                     Change("change.segment.added", {"name": segment.name})):  # fmt: skip
            with self.quiet():
                self.update_choices()
                self.segment_list.value = segment.id
            self.refresh()
            self.tabs.selected_index = 1

    def delete_segment(self, confirmed: bool = False) -> None:
        """Remove the selected segment; when it is chosen or used elsewhere, ask first and say what goes with it."""
        segment_id = self.segment_list.value
        segment = self.workbook.segmentation.segment(segment_id) if segment_id else None
        if segment is None:
            return
        uses = segment_uses(self.workbook, segment_id)
        if uses and not confirmed:
            self._ask_delete(segment, uses)
            return
        self.confirm.children = []
        what = Change("change.segment.deleted", {"name": segment.name})
        if self.edit(lambda wb: remove_segment(wb, segment_id), what):
            self.messages.show(t("app.segmentation.deleted", name=segment.name, what=_uses_text(uses)), kind="ok")

    def _ask_delete(self, segment: Segment, uses) -> None:
        yes = w.Button(description=t("app.segmentation.delete_anyway"), button_style="danger", icon="trash",
                       layout=w.Layout(width="auto"))  # fmt: skip
        no = w.Button(description=t("app.form.cancel"), layout=w.Layout(width="auto"))
        on_click(yes, "save", lambda: self.delete_segment(confirmed=True), self.messages.problem)
        on_click(no, "save", lambda: setattr(self.confirm, "children", []), self.messages.problem)
        question = t("app.segmentation.delete_question", name=segment.name, what=_uses_text(uses))
        self.confirm.children = [alert(question, kind="info"), w.HBox([yes, no])]

    def compute_figures(self) -> pd.DataFrame | None:
        """Customers, revenue and margin per segment from the client's files named in the Klantenpiramide.

        Fills the segments' figures (saved) and shows the shift against the
        period before, flagging moves beyond the threshold.
        """
        workbook = self.workbook
        settings = workbook.customer_pyramid.settings
        if not settings.source_file or not settings.customers_file:
            self.compare_messages.children = [alert(t("app.segmentation.no_data"), kind="info")]
            return None
        folder = self.state.path.parent
        segments = workbook.segmentation.segments
        try:
            inputs = load_pyramid_inputs(settings, folder)
            customers = customer_table(resolve(settings.customers_file, folder))
            now, then = settings_values(inputs.transactions, settings)
            current = segment_figures(classify(now, settings.thresholds), customers, segments)
            earlier = segment_figures(classify(then, settings.thresholds), customers, segments)
        except KlantlabError as error:
            self.compare_messages.children = [problem_alert(error)]
            return None
        self.compare_messages.children = []

        def store(wb: Workbook) -> None:
            for row in current.itertuples():
                segment = wb.segmentation.segment(row.segment_id)
                if segment is not None and segment.source_column:
                    segment.customers, segment.revenue, segment.margin = int(row.customers), row.revenue, row.margin

        table = compare_periods(earlier, current, workbook.segmentation.change_threshold)
        self._figures = (current, table, (then.period_start, then.period_end), (now.period_start, now.period_end))
        self.edit(store, Change("change.segmentation.figures"))
        return table

    def _figures_html(self, workbook: Workbook) -> str:
        if self._figures is None:
            return ""
        current, table, before, now = self._figures
        names = {s.id: s.name for s in workbook.segmentation.segments}
        merged = current.merge(table[["segment_id", "customers_change", "revenue_change", "flag"]], on="segment_id")
        merged = merged[merged["segment_id"].isin(names)]

        def change(value: float) -> str:
            return "" if pd.isna(value) else ("+" if value > 0 else "") + percent(value)

        frame = pd.DataFrame(
            {
                field_label("name"): [names[i] for i in merged["segment_id"]],
                t("app.segmentation.col.customers"): [number(v) for v in merged["customers"]],
                t("app.segmentation.col.revenue"): [money(v) for v in merged["revenue"]],
                t("app.segmentation.col.top"): [f"{number(c)} ({percent(s)})" for c, s in
                                                zip(merged["top_customers"], merged["top_share"], strict=True)],
                t("app.segmentation.col.customers_change"): [change(v) for v in merged["customers_change"]],
                t("app.segmentation.col.revenue_change"): [change(v) for v in merged["revenue_change"]],
                t("app.segmentation.col.flag"): [t("app.segmentation.moved") if f else "" for f in merged["flag"]],
            }
        )  # fmt: skip
        intro = t("app.segmentation.compare_intro", start=now[0], end=now[1], before_start=before[0],
                  before_end=before[1], threshold=percent(workbook.segmentation.change_threshold, 0))  # fmt: skip
        return f"<p>{escape(intro)}</p>" + _frame_table(frame)

    # --- tab 3: attractiveness and choice -------------------------------------------------------------------------

    def _choice_tab(self) -> w.VBox:
        self.factor_box = w.VBox()
        self.add_factor = w.Button(description=t("app.segmentation.add_factor"), icon="plus",
                                   layout=w.Layout(width="auto"))  # fmt: skip
        on_click(self.add_factor, "save", self.new_factor, self.messages.problem)
        self.score_grid = w.VBox(layout=w.Layout(overflow="auto", max_width="100%"))
        self.score_warnings = w.HTML()
        self._structure: tuple = ()
        self._score_cells: list[tuple[w.Dropdown, int, int]] = []  # (cell, segment index, factor index)
        self.chosen = w.SelectMultiple(options=[], description=t("app.segmentation.chosen"), style=_STYLE, rows=4,
                                       layout=_wide())  # fmt: skip
        self.bind(self.chosen, lambda wb: tuple(wb.segmentation.chosen_segment_ids),
                  lambda wb, ids: setattr(wb.segmentation, "chosen_segment_ids", list(ids)),
                  Change("change.segmentation.chosen"))  # fmt: skip
        self.reason = w.Textarea(description=field_label("choice_reason"), style=_STYLE, layout=_wide(height="70px"),
                                 continuous_update=False)  # fmt: skip
        self.bind(self.reason, lambda wb: wb.segmentation.choice_reason,
                  lambda wb, v: setattr(wb.segmentation, "choice_reason", v),
                  Change("change.segmentation.field", {"field_key": "field.choice_reason"}))  # fmt: skip
        return w.VBox([
            w.HTML(f"<b>{escape(t('app.segmentation.factors'))}</b>"), self.factor_box, self.add_factor,
            w.HTML(f"<b>{escape(t('app.segmentation.scores'))}</b>"), self.score_grid, self.score_warnings,
            self.ranking, self.matrix,
            w.HTML(f"<p><b>{escape(t('app.segmentation.choose'))}</b></p>"), self.chosen, self.reason,
        ])  # fmt: skip

    def new_factor(self) -> None:
        factor = AttractivenessFactor(
            name=t("app.segmentation.new_factor", number=len(self.workbook.segmentation.factors) + 1)
        )
        self.edit(lambda wb: wb.segmentation.factors.append(factor), Change("change.factor.added",
                                                                            {"name": factor.name}))  # fmt: skip

    def remove_factor(self, factor_id: str) -> None:
        factor = item_of(self.workbook.segmentation.factors, factor_id)

        def change(wb: Workbook) -> None:
            wb.segmentation.factors = [f for f in wb.segmentation.factors if f.id != factor_id]
            for segment in wb.segmentation.segments:
                segment.scores = {k: v for k, v in segment.scores.items() if k != factor_id}

        self.edit(change, Change("change.factor.deleted", {"name": factor.name}))

    def _build_scores(self, workbook: Workbook) -> None:
        """The factor rows and the score grid, made anew only when the segments or factors themselves change."""
        section = workbook.segmentation
        structure = (tuple(f.id for f in section.factors), tuple(s.id for s in section.segments))
        if structure == self._structure:
            return
        self._structure = structure
        self.unbind("scores")
        rows = []
        for factor in section.factors:
            name = named(
                w.Text(layout=w.Layout(width="260px"), continuous_update=False),
                t("accessibility.segmentation.factor_name"),
            )
            weight, parse, show = number_box(
                t("field.weight"),
                minimum=0,
                maximum=100,
                optional=False,
                example=2.5,
                layout=w.Layout(width="200px"),
                style={"description_width": "60px"},
            )
            remove = w.Button(icon="trash", tooltip=t("app.segmentation.delete_factor"), layout=w.Layout(width="40px"))
            self.bind(
                name,
                lambda wb, f=factor.id: item_of(wb.segmentation.factors, f).name,
                lambda wb, v, f=factor.id: setattr(item_of(wb.segmentation.factors, f), "name", v),
                Change("change.factor.field", {"field_key": "field.name"}),
                group="scores",
            )
            self.bind(weight, lambda wb, f=factor.id: item_of(wb.segmentation.factors, f).weight,
                      lambda wb, v, f=factor.id: setattr(item_of(wb.segmentation.factors, f), "weight", v),
                      Change("change.factor.field", {"field_key": "field.weight"}), parse=parse, show=show,
                      group="scores")  # fmt: skip
            on_click(remove, "save", lambda f=factor.id: self.remove_factor(f), self.messages.problem)
            rows.append(w.HBox([name, weight, remove]))
        self.factor_box.children = rows
        options = [("—", 0), *((str(score), score) for score in range(1, 6))]
        self._factor_headers = [w.HTML(layout=w.Layout(width="110px")) for _ in section.factors]
        grid = [w.HBox([w.HTML("", layout=w.Layout(width="220px")), *self._factor_headers])]
        self._segment_labels = []
        self._score_cells = []
        for segment in section.segments:
            name = w.HTML(layout=w.Layout(width="220px"))
            self._segment_labels.append(name)
            cells = [name]
            for factor_index, factor in enumerate(section.factors):
                cell = w.Dropdown(options=options, layout=w.Layout(width="110px"))
                self._score_cells.append((cell, len(self._segment_labels) - 1, factor_index))
                self.bind(cell, lambda wb, s=segment.id, f=factor.id: _score_of(wb, s, f),
                          lambda wb, score, s=segment.id, f=factor.id: _set_score(wb, s, f, score),
                          lambda wb, s=segment.id: Change("change.segment.score",
                                                          {"name": item_of(wb.segmentation.segments, s).name}),
                          group="scores")  # fmt: skip
                cells.append(cell)
            grid.append(w.HBox(cells))
        self.score_grid.children = grid

    # --- tab 4: keep measuring ------------------------------------------------------------------------------------

    def _measure_tab(self) -> w.VBox:
        self.threshold, parse, show = number_box(t("app.segmentation.threshold"), minimum=1, maximum=100,
                                                 optional=False, example=10, style=_STYLE,
                                                 layout=_wide("340px"))  # fmt: skip
        self.bind(self.threshold, lambda wb: 100 * wb.segmentation.change_threshold,
                  lambda wb, v: setattr(wb.segmentation, "change_threshold", round(v / 100, 6)),
                  Change("change.segmentation.field", {"field_key": "field.change_threshold"}),
                  parse=parse, show=lambda v: show(round(v, 4)))  # fmt: skip
        button = w.Button(description=t("app.segmentation.compare"), icon="refresh", layout=w.Layout(width="auto"))
        on_click(button, "figures", self.compute_figures, self.messages.problem)
        self.comparison = w.HTML()
        return w.VBox([w.HTML(f"<p>{escape(t('app.segmentation.measure_help'))}</p>"), self.threshold, button,
                       self.comparison])  # fmt: skip

    # --- tab 5: persona -------------------------------------------------------------------------------------------

    def _persona_tab(self) -> w.VBox:
        self._persona_pick: str | None = None
        self.persona_segment = w.Dropdown(options=[], description=t("app.persona.segment"), style=_STYLE,
                                          layout=_wide())  # fmt: skip
        on_change(
            self.persona_segment, "choose", lambda c: self._persona_segment_chosen(c["new"]), self.messages.problem
        )
        self.persona_fields: dict[str, w.Widget] = {
            "name": w.Text(description=field_label("name"), continuous_update=False, style=_STYLE, layout=_wide())
        }
        for step in PERSONA_STEPS:
            self.persona_fields[step] = w.Textarea(description=t(f"app.persona.step.{step}"),
                                                   placeholder=t(f"app.persona.hint.{step}"), continuous_update=False,
                                                   style=_PERSONA_STYLE, layout=_wide("780px", "70px"))  # fmt: skip
        for name, control in self.persona_fields.items():
            self.bind(control, lambda wb, name=name: getattr(wb.segmentation.persona, name, "") or "",
                      lambda wb, value, name=name: self._set_persona(wb, name, value),
                      Change("change.persona.field", {"field_key": f"field.{name}" if name == "name" else
                                                      f"app.persona.step.{name}"}))  # fmt: skip
        return w.VBox([self.persona_segment, *self.persona_fields.values(), self.card])

    def _persona_segment_default(self, workbook: Workbook) -> str | None:
        seg = workbook.segmentation
        if seg.persona is not None:
            return seg.persona.segment_id
        ids = [s.id for s in seg.segments]
        for candidate in (self._persona_pick, *seg.chosen_segment_ids, *ids[:1]):
            if candidate in ids:
                return candidate
        return None

    def _persona_segment_chosen(self, segment_id: str | None) -> None:
        if self._quiet or segment_id is None:
            return
        if self.workbook.segmentation.persona is None:
            self._persona_pick = segment_id  # used when the persona gets its name
            return

        def change(wb: Workbook) -> None:
            wb.segmentation.persona.segment_id = segment_id

        self.edit(change, Change("change.persona.field", {"field_key": "app.persona.segment"}))

    def _set_persona(self, workbook: Workbook, name: str, value: str) -> None:
        seg = workbook.segmentation
        if seg.persona is None:
            if name != "name":
                raise InputRefusedError("app.persona.name_first")
            segment_id = self._persona_segment_default(workbook)
            if segment_id is None:
                raise InputRefusedError("app.persona.segment_needed")
            seg.persona = Persona(segment_id=segment_id, name=value)
            return
        setattr(seg.persona, name, value)

    # --- redrawing --------------------------------------------------------------------------------------------------

    def update_choices(self) -> None:
        if self.read_only:
            return
        workbook = self.workbook
        options = [(segment.name, segment.id) for segment in workbook.segmentation.segments]
        set_choices(self.segment_list, options, self.segment_list.value)
        set_choices(self.chosen, options, tuple(workbook.segmentation.chosen_segment_ids))
        set_choices(self.persona_segment, options, self._persona_segment_default(workbook))
        self._build_scores(workbook)

    def redraw(self) -> None:
        """Redraw everything that is not one value: lists, grids, the ranking, the matrix and the persona card."""
        workbook = self.workbook
        section = workbook.segmentation
        table = attractiveness(section.segments, section.factors, section.chosen_segment_ids)
        show_figure(self.ranking, ranking_figure(table))
        show_figure(self.matrix, matrix_figure(table))
        persona = section.persona
        self.card.value = persona_card(persona, section.segment(persona.segment_id) if persona else None)
        if self.read_only:
            self.summary.value = _summary_html(workbook)
            return
        chosen_criteria = set(section.criteria)
        for family, box in self.criteria_values.items():
            box.layout.display = None if family in chosen_criteria else "none"
        has_segment = self.segment_list.value is not None
        self.delete_button.disabled = not has_segment
        for header, factor in zip(self._factor_headers, section.factors, strict=True):
            header.value = f"<b>{escape(factor.name)}</b>"
        for name, segment in zip(self._segment_labels, section.segments, strict=True):
            name.value = escape(segment.name)
        for cell, segment_index, factor_index in self._score_cells:  # its name says whose score on what
            segment, factor = section.segments[segment_index], section.factors[factor_index]
            named(cell, t("accessibility.segmentation.score", segment=segment.name, factor=factor.name))
        self.score_warnings.value = warnings_html(w for w in workbook_warnings(workbook) if w.model == "segmentation")
        self.figures_table.value = self.comparison.value = self._figures_html(workbook)


def _summary_html(workbook: Workbook) -> str:
    section = workbook.segmentation
    chosen = ", ".join(s.name for s in section.segments if s.id in section.chosen_segment_ids) or "—"
    reasons = ", ".join(label(reason) for reason in section.reasons) or "—"
    lines = [
        (t("app.segmentation.reasons"), reasons),
        (field_label("goal"), section.goal or "—"),
        (t("app.segmentation.criteria"), ", ".join(label(c) for c in section.criteria) or "—"),
        (t("app.segmentation.chosen"), chosen),
        (field_label("choice_reason"), section.choice_reason or "—"),
    ]
    return "".join(f"<p style='margin:4px 0'><b>{escape(k)}</b>: {escape(v)}</p>" for k, v in lines)


def _uses_text(uses) -> str:
    parts = []
    if uses.chosen:
        parts.append(t("app.segmentation.use.chosen"))
    if uses.stakeholders:
        parts.append(t("app.segmentation.use.stakeholders", count=uses.stakeholders))
    if uses.persona:
        parts.append(t("app.segmentation.use.persona"))
    if uses.journey:
        parts.append(t("app.segmentation.use.journey"))
    return ", ".join(parts)


def _toggle(section: Any, name: str, member: Any, on: bool, order: list) -> None:
    """Add or remove ``member`` in the list ``section.<name>``, kept in the order of ``order``."""
    chosen = set(getattr(section, name)) | {member} if on else set(getattr(section, name)) - {member}
    setattr(section, name, [m for m in order if m in chosen])


def _split_values(text: str) -> list[str]:
    return [part.strip() for part in str(text).split(",") if part.strip()]


def _set_criterion(segment: Segment, family: CriterionFamily, value: str) -> None:
    criteria = {k: v for k, v in segment.criteria.items() if k != family}
    if value.strip():
        criteria[family] = value
    segment.criteria = criteria


def _score_of(workbook: Workbook, segment_id: str, factor_id: str) -> int:
    return item_of(workbook.segmentation.segments, segment_id).scores.get(factor_id, 0)


def _set_score(workbook: Workbook, segment_id: str, factor_id: str, score: int) -> None:
    segment = item_of(workbook.segmentation.segments, segment_id)
    scores = {k: v for k, v in segment.scores.items() if k != factor_id}
    if score:
        scores[factor_id] = score
    segment.scores = scores


@built_or_message
def segmentation_form(source: Any, read_only: bool = False) -> SegmentationForm:
    """The Klantsegment kiezen form of a workbook (its live state, open file or path)."""
    return SegmentationForm(source, read_only=read_only)
