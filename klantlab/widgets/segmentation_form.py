"""Klantsegment kiezen in a notebook: goal, criteria, segments, attractiveness and choice, measuring, persona.

Five tabs in the order of the method. Every change is validated and saved at
once (nothing typed is lost when a change is refused); the ranking and the
matrix follow the scores. ``read_only=True`` shows the result without any
control (for dashboards).
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from klantlab.analysis import classify
from klantlab.analysis.pyramid_analysis import settings_values
from klantlab.analysis.segments import attractiveness, compare_periods, segment_figures
from klantlab.charts.segments import matrix_figure, ranking_figure
from klantlab.errors import KlantlabError
from klantlab.i18n import label, money, number, percent, t
from klantlab.io import WorkbookFile
from klantlab.io.pyramid_inputs import customer_table, load_pyramid_inputs, resolve
from klantlab.model import AttractivenessFactor, CriterionFamily, Persona, Segment, SegmentationReason
from klantlab.widgets.figures import show_figure
from klantlab.widgets.html import alert, escape, field_label, problem_alert
from klantlab.widgets.saving import Saver

__all__ = ["PERSONA_STEPS", "SegmentationForm", "persona_card", "segmentation_form"]

_STYLE = {"description_width": "170px"}
_WIDE = w.Layout(width="640px")
PERSONA_STEPS = ("who", "goals", "frustrations", "decision_making", "enthusiasm")


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
        "background:#fffbf5;max-width:900px'>"
        f"<div style='font-size:22px;font-weight:600;color:#7c2d12'>{escape(persona.name)}</div>"
        f"<div style='color:#6b7280;margin-bottom:6px'>{escape(t('app.persona.of_segment', segment=where))}</div>"
        f"<div style='display:flex;flex-wrap:wrap'>{blocks}</div></div>"
    )


def _scores_table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th style='padding:4px 10px;text-align:right'>{escape(c)}</th>" for c in frame.columns[1:])
    rows = "".join(
        f"<tr><td style='padding:3px 10px'>{escape(row[0])}</td>"
        + "".join(f"<td style='padding:3px 10px;text-align:right'>{escape(v)}</td>" for v in row[1:])
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return (
        f"<table style='border-collapse:collapse;font-size:13px'><thead><tr><th></th>{head}</tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


class SegmentationForm(w.VBox):
    """The model Klantsegment kiezen for ``handle.workbook`` (see the module text)."""

    def __init__(self, handle: WorkbookFile, read_only: bool = False) -> None:
        self.handle = handle
        self.saver = Saver(handle)
        self.read_only = read_only
        self._loading = False
        self.ranking = w.Output(layout=w.Layout(width="100%"))
        self.matrix = w.Output(layout=w.Layout(width="100%"))
        self.card = w.HTML()
        self.comparison = w.HTML()
        self.compare_messages = w.VBox()
        if read_only:
            self.summary = w.HTML()
            super().__init__([self.summary, self.ranking, self.matrix, self.card], layout=w.Layout(max_width="1100px"))
            self.draw()
            return
        self.tabs = w.Tab(
            children=[
                self._goal_tab(),
                self._segments_tab(),
                self._choice_tab(),
                self._measure_tab(),
                self._persona_tab(),
            ]
        )
        for index, key in enumerate(("goal", "segments", "choice", "measure", "persona")):
            self.tabs.set_title(index, t(f"app.segmentation.tab.{key}"))
        super().__init__([self.tabs, self.saver.messages], layout=w.Layout(max_width="1100px"))
        self._load_segment()
        self.draw()

    @property
    def section(self):
        return self.handle.workbook.segmentation

    # --- tab 1: goal and criteria ---------------------------------------------------------------------------------

    def _goal_tab(self) -> w.VBox:
        section = self.section
        self.reasons = {
            reason: w.Checkbox(
                value=reason in section.reasons, description=label(reason), indent=False, layout=w.Layout(width="auto")
            )
            for reason in SegmentationReason
        }
        for control in self.reasons.values():
            control.observe(lambda _: self._set_reasons(), names="value")
        self.goal = w.Textarea(
            value=section.goal,
            description=field_label("goal"),
            style=_STYLE,
            layout=w.Layout(width="640px", height="90px"),
            continuous_update=False,
        )
        self.goal.observe(lambda change: self._apply(lambda: setattr(self.section, "goal", change["new"])), "value")
        self.criteria = {
            family: w.Checkbox(
                value=family in section.criteria,
                description=label(family),
                indent=False,
                layout=w.Layout(width="170px"),
            )
            for family in CriterionFamily
        }
        for control in self.criteria.values():
            control.observe(lambda _: self._set_criteria(), names="value")
        criteria_rows = [
            w.HBox(
                [control, w.HTML(f"<span style='color:#6b7280'>{escape(t(f'criteria.example.{family.value}'))}</span>")]
            )
            for family, control in self.criteria.items()
        ]
        return w.VBox(
            [
                w.HTML(f"<b>{escape(t('app.segmentation.reasons'))}</b>"),
                *self.reasons.values(),
                self.goal,
                w.HTML(f"<b>{escape(t('app.segmentation.criteria'))}</b>"),
                *criteria_rows,
            ]
        )

    def _set_reasons(self) -> None:
        chosen = [reason for reason, control in self.reasons.items() if control.value]
        self._apply(lambda: setattr(self.section, "reasons", chosen))

    def _set_criteria(self) -> None:
        chosen = [family for family, control in self.criteria.items() if control.value]
        self._apply(lambda: setattr(self.section, "criteria", chosen))
        self._load_segment()

    # --- tab 2: segments ------------------------------------------------------------------------------------------

    def _segments_tab(self) -> w.VBox:
        self.segment_list = w.Select(options=self._segment_options(), rows=8, layout=w.Layout(width="300px"))
        self.add_button = w.Button(description=t("app.segmentation.add"), icon="plus", layout=w.Layout(width="auto"))
        self.delete_button = w.Button(
            description=t("app.segmentation.delete"), icon="trash", layout=w.Layout(width="auto")
        )
        self.add_button.on_click(lambda _: self.add_segment())
        self.delete_button.on_click(lambda _: self.delete_segment())
        self.segment_fields = {
            "name": w.Text(description=field_label("name"), continuous_update=False),
            "description": w.Textarea(description=field_label("description"), continuous_update=False),
            "source_column": w.Text(description=field_label("source_column"), continuous_update=False),
            "source_values": w.Text(
                description=field_label("source_values"),
                continuous_update=False,
                placeholder=t("app.segmentation.values_placeholder"),
            ),
            "customers": w.IntText(description=field_label("customers")),
            "revenue": w.FloatText(description=field_label("revenue")),
            "margin": w.FloatText(description=field_label("margin")),
        }
        for name, control in self.segment_fields.items():
            control.style = _STYLE
            control.layout = w.Layout(width="560px", height="70px" if name == "description" else None)
            control.observe(lambda change, name=name: self._segment_changed(name, change["new"]), names="value")
        self.criteria_values = w.VBox()
        self.segment_list.observe(lambda _: self._load_segment(), names="value")
        self.compute_button = w.Button(
            description=t("app.segmentation.compute"), icon="calculator", layout=w.Layout(width="auto")
        )
        self.compute_button.on_click(lambda _: self.compute_figures())
        self.figures_table = w.HTML()
        editor = w.VBox([*self.segment_fields.values(), self.criteria_values])
        return w.VBox(
            [
                w.HBox([w.VBox([self.segment_list, w.HBox([self.add_button, self.delete_button])]), editor]),
                w.HTML(f"<p style='color:#6b7280'>{escape(t('app.segmentation.compute_help'))}</p>"),
                self.compute_button,
                self.compare_messages,
                self.figures_table,
            ]
        )

    def _segment_options(self) -> list[tuple[str, str]]:
        return [(segment.name, segment.id) for segment in self.section.segments]

    def _selected(self) -> Segment | None:
        return self.section.segment(self.segment_list.value) if self.segment_list.value else None

    def add_segment(self) -> None:
        number_ = len(self.section.segments) + 1
        segment = Segment(name=t("app.segmentation.new_name", number=number_))
        if self._apply(lambda: self.section.segments.append(segment)):
            self.segment_list.options = self._segment_options()
            self.segment_list.value = segment.id
            self._rebuild_scores()

    def delete_segment(self) -> None:
        """Remove the selected segment; refused (with a message) while stakeholders, journey or persona use it."""
        segment = self._selected()
        if segment is None:
            return
        section = self.section
        position = section.segments.index(segment)
        section.segments.remove(segment)
        chosen = list(section.chosen_segment_ids)
        section.chosen_segment_ids = [i for i in chosen if i != segment.id]
        try:
            self.handle.workbook.model_validate(self.handle.workbook.model_dump())
        except Exception:
            section.segments.insert(position, segment)
            section.chosen_segment_ids = chosen
            self.saver.messages.children = [alert(t("app.segmentation.in_use", name=segment.name))]
            return
        self.saver.save()
        self.segment_list.options = self._segment_options()
        self._rebuild_scores()
        self.draw()

    def _load_segment(self) -> None:
        if self.read_only:
            return
        segment = self._selected()
        self._loading = True
        for name, control in self.segment_fields.items():
            control.disabled = segment is None
            if segment is not None:
                value = getattr(segment, name)
                if name == "source_values":
                    value = ", ".join(value)
                control.value = value if value is not None else 0
        self._loading = False
        boxes = []
        for family in self.section.criteria:
            box = w.Text(
                value=segment.criteria.get(family, "") if segment else "",
                description=label(family),
                style=_STYLE,
                layout=w.Layout(width="560px"),
                continuous_update=False,
                disabled=segment is None,
            )
            box.observe(lambda change, family=family: self._criterion_changed(family, change["new"]), names="value")
            boxes.append(box)
        self.criteria_values.children = boxes

    def _segment_changed(self, name: str, value: object) -> None:
        segment = self._selected()
        if self._loading or segment is None:
            return
        if name == "source_values":
            value = [part.strip() for part in str(value).split(",") if part.strip()]
        if self._apply(lambda: setattr(segment, name, value)) and name == "name":
            self._loading = True
            self.segment_list.options = self._segment_options()
            self.segment_list.value = segment.id
            self._loading = False
            self._rebuild_scores()

    def _criterion_changed(self, family: CriterionFamily, value: str) -> None:
        segment = self._selected()
        if segment is not None:
            self._apply(lambda: setattr(segment, "criteria", {**segment.criteria, family: value}))

    def compute_figures(self, previous: bool = True) -> pd.DataFrame | None:
        """Customers, revenue and margin per segment from the client's files named in the Klantenpiramide.

        Fills the segments' figures (saved) and shows the shift against the
        period before, flagging moves beyond the threshold.
        """
        settings = self.handle.workbook.customer_pyramid.settings
        if not settings.source_file or not settings.customers_file:
            self.compare_messages.children = [alert(t("app.segmentation.no_data"), kind="info")]
            return None
        folder = self.handle.path.parent
        try:
            inputs = load_pyramid_inputs(settings, folder)
            customers = customer_table(resolve(settings.customers_file, folder))
            now, then = settings_values(inputs.transactions, settings)
            current = segment_figures(classify(now, settings.thresholds), customers, self.section.segments)
            earlier = segment_figures(classify(then, settings.thresholds), customers, self.section.segments)
        except KlantlabError as error:
            self.compare_messages.children = [problem_alert(error)]
            return None
        self.compare_messages.children = []

        def store() -> None:
            for row in current.itertuples():
                segment = self.section.segment(row.segment_id)
                if segment.source_column:
                    segment.customers, segment.revenue, segment.margin = int(row.customers), row.revenue, row.margin

        self._apply(store)
        self._load_segment()
        table = compare_periods(earlier, current, self.section.change_threshold)
        periods = (then.period_start, then.period_end), (now.period_start, now.period_end)
        self.figures_table.value = self._figures_html(current, table, *periods)
        self.comparison.value = self.figures_table.value
        self.draw()
        return table

    def _figures_html(self, current: pd.DataFrame, table: pd.DataFrame, before, now) -> str:
        merged = current.merge(table[["segment_id", "customers_change", "revenue_change", "flag"]], on="segment_id")

        def change(value: float) -> str:
            return "" if pd.isna(value) else ("+" if value > 0 else "") + percent(value)

        frame = pd.DataFrame(
            {
                "segment": merged["name"],
                t("app.segmentation.col.customers"): [number(v) for v in merged["customers"]],
                t("app.segmentation.col.revenue"): [money(v) for v in merged["revenue"]],
                t("app.segmentation.col.top"): [
                    f"{number(c)} ({percent(s)})"
                    for c, s in zip(merged["top_customers"], merged["top_share"], strict=True)
                ],
                t("app.segmentation.col.customers_change"): [change(v) for v in merged["customers_change"]],
                t("app.segmentation.col.revenue_change"): [change(v) for v in merged["revenue_change"]],
                t("app.segmentation.col.flag"): [t("app.segmentation.moved") if f else "" for f in merged["flag"]],
            }
        )
        intro = t(
            "app.segmentation.compare_intro",
            start=now[0],
            end=now[1],
            before_start=before[0],
            before_end=before[1],
            threshold=percent(self.section.change_threshold, 0),
        )
        return f"<p>{escape(intro)}</p>" + _scores_table(frame)

    # --- tab 3: attractiveness and choice -------------------------------------------------------------------------

    def _choice_tab(self) -> w.VBox:
        self.factor_box = w.VBox()
        self.add_factor = w.Button(
            description=t("app.segmentation.add_factor"), icon="plus", layout=w.Layout(width="200px")
        )
        self.add_factor.on_click(lambda _: self._new_factor())
        self.score_grid = w.VBox()
        self.chosen = w.SelectMultiple(
            options=self._segment_options(),
            value=tuple(self.section.chosen_segment_ids),
            description=t("app.segmentation.chosen"),
            style=_STYLE,
            rows=4,
            layout=w.Layout(width="640px"),
        )
        self.chosen.observe(
            lambda change: self._apply(lambda: setattr(self.section, "chosen_segment_ids", list(change["new"]))),
            names="value",
        )
        self.reason = w.Textarea(
            value=self.section.choice_reason,
            description=field_label("choice_reason"),
            style=_STYLE,
            layout=w.Layout(width="640px", height="70px"),
            continuous_update=False,
        )
        self.reason.observe(lambda c: self._apply(lambda: setattr(self.section, "choice_reason", c["new"])), "value")
        self._rebuild_scores()
        return w.VBox(
            [
                w.HTML(f"<b>{escape(t('app.segmentation.factors'))}</b>"),
                self.factor_box,
                self.add_factor,
                w.HTML(f"<b>{escape(t('app.segmentation.scores'))}</b>"),
                self.score_grid,
                self.ranking,
                self.matrix,
                w.HTML(f"<p><b>{escape(t('app.segmentation.choose'))}</b></p>"),
                self.chosen,
                self.reason,
            ]
        )

    def _new_factor(self) -> None:
        factor = AttractivenessFactor(name=t("app.segmentation.new_factor", number=len(self.section.factors) + 1))
        if self._apply(lambda: self.section.factors.append(factor)):
            self._rebuild_scores()

    def _rebuild_scores(self) -> None:
        if self.read_only:
            return
        rows = []
        for factor in self.section.factors:
            name = w.Text(value=factor.name, layout=w.Layout(width="260px"), continuous_update=False)
            weight = w.BoundedFloatText(
                value=factor.weight,
                min=0,
                max=100,
                step=0.5,
                description=t("field.weight"),
                layout=w.Layout(width="200px"),
            )
            remove = w.Button(icon="trash", tooltip=t("app.segmentation.delete_factor"), layout=w.Layout(width="40px"))
            name.observe(lambda c, f=factor: self._apply(lambda: setattr(f, "name", c["new"])), "value")
            weight.observe(lambda c, f=factor: self._factor_weight(f, c["new"]), "value")
            remove.on_click(lambda _, f=factor: self._remove_factor(f))
            rows.append(w.HBox([name, weight, remove]))
        self.factor_box.children = rows
        options = [("—", 0), *((str(score), score) for score in range(1, 6))]
        header = w.HBox(
            [w.HTML("", layout=w.Layout(width="240px"))]
            + [w.HTML(f"<b>{escape(f.name)}</b>", layout=w.Layout(width="110px")) for f in self.section.factors]
        )
        grid = [header]
        for segment in self.section.segments:
            cells = [w.HTML(escape(segment.name), layout=w.Layout(width="240px"))]
            for factor in self.section.factors:
                cell = w.Dropdown(
                    options=options, value=segment.scores.get(factor.id, 0), layout=w.Layout(width="110px")
                )
                cell.observe(lambda c, s=segment, f=factor: self._score(s, f, c["new"]), "value")
                cells.append(cell)
            grid.append(w.HBox(cells))
        self.score_grid.children = grid
        self.chosen.options = self._segment_options()
        self.chosen.value = tuple(i for i in self.section.chosen_segment_ids if i in dict(self.chosen.options).values())

    def _factor_weight(self, factor: AttractivenessFactor, weight: float) -> None:
        self._apply(lambda: setattr(factor, "weight", weight))
        self.draw()

    def _remove_factor(self, factor: AttractivenessFactor) -> None:
        def change() -> None:
            self.section.factors.remove(factor)
            for segment in self.section.segments:
                segment.scores = {k: v for k, v in segment.scores.items() if k != factor.id}

        self._apply(change)
        self._rebuild_scores()
        self.draw()

    def _score(self, segment: Segment, factor: AttractivenessFactor, score: int) -> None:
        scores = {k: v for k, v in segment.scores.items() if k != factor.id}
        if score:
            scores[factor.id] = score
        self._apply(lambda: setattr(segment, "scores", scores))
        self.draw()

    # --- tab 4: keep measuring ------------------------------------------------------------------------------------

    def _measure_tab(self) -> w.VBox:
        self.threshold = w.BoundedIntText(
            value=round(100 * self.section.change_threshold),
            min=1,
            max=100,
            description=t("app.segmentation.threshold"),
            style=_STYLE,
        )
        self.threshold.observe(
            lambda c: self._apply(lambda: setattr(self.section, "change_threshold", c["new"] / 100)), "value"
        )
        button = w.Button(description=t("app.segmentation.compare"), icon="refresh", layout=w.Layout(width="auto"))
        button.on_click(lambda _: self.compute_figures())
        return w.VBox(
            [w.HTML(f"<p>{escape(t('app.segmentation.measure_help'))}</p>"), self.threshold, button, self.comparison]
        )

    # --- tab 5: persona -------------------------------------------------------------------------------------------

    def _persona_tab(self) -> w.VBox:
        persona = self.section.persona
        options = self._segment_options()
        default = persona.segment_id if persona else next(iter(self.section.chosen_segment_ids), None)
        self.persona_segment = w.Dropdown(
            options=options, value=default, description=t("app.persona.segment"), style=_STYLE, layout=_WIDE
        )
        self.persona_fields = {
            "name": w.Text(
                value=persona.name if persona else "",
                description=field_label("name"),
                continuous_update=False,
                style=_STYLE,
                layout=_WIDE,
            )
        }
        for step in PERSONA_STEPS:
            self.persona_fields[step] = w.Textarea(
                value=getattr(persona, step) if persona else "",
                description=t(f"app.persona.step.{step}"),
                placeholder=t(f"app.persona.hint.{step}"),
                continuous_update=False,
                style={"description_width": "280px"},
                layout=w.Layout(width="780px", height="70px"),
            )
        for control in (self.persona_segment, *self.persona_fields.values()):
            control.observe(lambda _: self._persona_changed(), names="value")
        return w.VBox([self.persona_segment, *self.persona_fields.values(), self.card])

    def _persona_changed(self) -> None:
        values = {name: control.value for name, control in self.persona_fields.items()}
        if not values["name"].strip() or self.persona_segment.value is None:
            self.saver.messages.children = [alert(t("app.persona.name_needed"), kind="info")]
            return
        self._apply(lambda: setattr(self.section, "persona", Persona(segment_id=self.persona_segment.value, **values)))
        self.card.value = persona_card(self.section.persona, self.section.segment(self.persona_segment.value))

    # --- shared ---------------------------------------------------------------------------------------------------

    def _apply(self, change) -> bool:
        if self._loading:
            return False
        return self.saver.apply(change)

    def ranking_table(self) -> pd.DataFrame:
        """The segments ranked, as a table in the user's language."""
        table = attractiveness(self.section.segments, self.section.factors, self.section.chosen_segment_ids)
        return pd.DataFrame(
            {
                t("app.segmentation.col.rank"): table["rank"],
                field_label("name"): table["name"],
                t("app.segmentation.col.score"): table["score"].round(2),
                t("app.segmentation.col.attractiveness"): table["attractiveness"].round(2),
                t("app.segmentation.col.fit"): table["fit"],
                t("app.segmentation.chosen"): [t("app.segmentation.yes") if c else "" for c in table["chosen"]],
            }
        )

    def draw(self) -> None:
        """Redraw the ranking, the matrix and the persona card."""
        table = attractiveness(self.section.segments, self.section.factors, self.section.chosen_segment_ids)
        show_figure(self.ranking, ranking_figure(table))
        show_figure(self.matrix, matrix_figure(table))
        persona = self.section.persona
        self.card.value = persona_card(persona, self.section.segment(persona.segment_id) if persona else None)
        if self.read_only:
            self.summary.value = self._summary_html()

    def _summary_html(self) -> str:
        section = self.section
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


def segmentation_form(handle: WorkbookFile, read_only: bool = False) -> SegmentationForm:
    """The Klantsegment kiezen form of a workbook (see :class:`SegmentationForm`)."""
    return SegmentationForm(handle, read_only=read_only)
