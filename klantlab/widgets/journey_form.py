"""The customer journey in a notebook: phases, touchpoints with their experience, and the moments of truth.

Phases can be renamed, added, moved and removed (with their touchpoints;
undo brings them back); touchpoints are added in the phase chosen in the
list, by hand or from the library of fixed touchpoints, then edited, moved and
deleted. Every change goes through the live workbook state; the journey map,
the gap chart, the overlap and the focus list are redrawn from it after
every change. ``read_only=True`` shows the charts and the focus list without
any control.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from klantlab.analysis.journey import FIXED_TOUCHPOINTS, gaps, outside_in_minimum, overlap
from klantlab.analysis.workbook_warnings import workbook_warnings
from klantlab.charts.journey import gap_figure, overlap_figure
from klantlab.charts.style import short_label
from klantlab.i18n import number, t
from klantlab.model import Phase, Touchpoint, Workbook
from klantlab.model.edits import remove_phase
from klantlab.state import Change
from klantlab.widgets.actions import built_or_message, named, on_change, on_click
from klantlab.widgets.figures import show_figure_of
from klantlab.widgets.html import WRAP, escape, field_label, html_table, warnings_html
from klantlab.widgets.live import FORM_CSS, LiveForm, field_layout, item_of, live_html, number_box, set_choices
from klantlab.widgets.wall import JourneyWall

__all__ = ["DEFAULT_CHANNELS", "DEFAULT_MEANS", "TOUCHPOINT_FIELDS", "JourneyForm", "gap_html", "journey_form"]

_STYLE = {"description_width": "190px"}
_WIDE_LABEL = {"description_width": "240px"}
DEFAULT_CHANNELS = ("email", "online", "phone", "in_person", "post", "social", "fair")
DEFAULT_MEANS = ("ad", "landing_page", "quote", "invoice", "packaging", "website", "newsletter", "manual")
_SCORES = [("—", 0), *((str(score), score) for score in range(1, 6))]
#: The fields of one touchpoint, in the order of the form.
TOUCHPOINT_FIELDS = ("phase_id", "description", "channel", "means", "expectation", "performance", "emotion",
                     "intensity", "moment_of_truth_inside_out", "outside_in_mentions", "notes")  # fmt: skip


def _field_layout(height: str | None = None) -> w.Layout:
    return field_layout("600px", height)


def journey_title(workbook: Workbook) -> str | None:
    """The journey map's title: the segment the journey is for, when there is one."""
    segment = workbook.journey_segment()
    return t("app.journey.map_title", segment=short_label(segment.name)) if segment else None


def gap_frame(workbook: Workbook) -> pd.DataFrame:
    """The touchpoints with a shortfall or surplus, largest shortfall first, as texts in the user's language."""
    table = gaps(workbook.journey)
    return pd.DataFrame(
        {
            field_label("phase_id"): table["phase"],
            field_label("description"): table["description"],
            field_label("expectation"): [str(int(v)) for v in table["expectation"]],
            field_label("performance"): [str(int(v)) for v in table["performance"]],
            t("app.journey.gap"): [("+" if v > 0 else "") + number(v) for v in table["gap"]],
        }
    )


def gap_html(workbook: Workbook) -> str:
    """The gap table, or what to fill in first."""
    frame = gap_frame(workbook)
    if frame.empty:
        return f"<p style='color:#6b7280'>{escape(t('app.journey.gaps_empty'))}</p>"
    return html_table(list(frame.columns), [list(row) for row in frame.itertuples(index=False)], align_right_from=2)


@built_or_message
def journey_gaps(source: Any) -> w.HTML:
    """The gap table as a view that follows every change of the workbook."""
    return live_html(source, gap_html)


def focus_html(workbook: Workbook, team_only: bool = True) -> str:
    """The focus list (moments of truth team and customers share) and, optionally, what only the team names."""
    journey = workbook.journey
    groups = overlap(journey, outside_in_minimum(journey))
    items = "".join(f"<li>{escape(tp.description)}</li>" for tp in groups.both)
    html = (f"<p style='margin:6px 0 2px'><b>{escape(t('app.journey.focus', count=len(groups.both)))}</b></p>"
            f"<ol style='margin:0'>{items}</ol>")  # fmt: skip
    if team_only:
        missed = "".join(f"<li>{escape(tp.description)}</li>" for tp in groups.inside_only)
        html += (f"<p style='margin:6px 0 2px'><b>{escape(t('app.journey.team_only', count=len(groups.inside_only)))}"
                 f"</b></p><ul style='margin:0'>{missed}</ul>")  # fmt: skip
    return f"<div style='{WRAP}'>{html}</div>"


class JourneyForm(LiveForm):
    """The journey of a workbook (see the module text)."""

    def __init__(self, source: Any, read_only: bool = False) -> None:
        super().__init__(source, read_only, layout=w.Layout(max_width="1300px"))
        self.wall = JourneyWall(self.state, read_only=read_only, on_select=self._wall_selected)
        self.gaps = w.Output(layout=w.Layout(width="100%"))
        self.overlap = w.Output(layout=w.Layout(width="100%"))
        self.focus = w.HTML()
        if read_only:
            self.children = [self.wall, self.focus, self.gaps, self.overlap]
            self.refresh()
            return
        self.segment = w.Dropdown(options=[], description=t("app.journey.segment"), style=_STYLE,
                                  layout=_field_layout())  # fmt: skip
        self.bind(self.segment, lambda wb: getattr(wb.journey_segment(), "id", None),
                  lambda wb, v: setattr(wb.journey, "segment_id", v),
                  Change("change.journey.field", {"field_key": "app.journey.segment"}))  # fmt: skip
        self.interviews, parse, show = number_box(field_label("outside_in_interviews"), whole=True, minimum=0,
                                                  optional=False, example=10, style=_WIDE_LABEL,
                                                  layout=_field_layout())  # fmt: skip
        self.bind(self.interviews, lambda wb: wb.journey.outside_in_interviews,
                  lambda wb, v: setattr(wb.journey, "outside_in_interviews", v),
                  Change("change.journey.field", {"field_key": "field.outside_in_interviews"}),
                  parse=parse, show=show)  # fmt: skip
        self.min_mentions, parse, show = number_box(t("app.journey.min_mentions"), whole=True, minimum=1, example=3,
                                                    style=_WIDE_LABEL, layout=_field_layout())  # fmt: skip
        self.bind(self.min_mentions, lambda wb: outside_in_minimum(wb.journey),
                  lambda wb, v: setattr(wb.journey, "outside_in_threshold", v),
                  Change("change.journey.field", {"field_key": "app.journey.min_mentions"}),
                  parse=parse, show=show)  # fmt: skip
        self.min_mentions_note = w.HTML()
        self.children = [
            w.HTML(FORM_CSS),
            self.segment,
            self.wall,
            self.messages,
            self.undo_bar,
            self._phases_box(),
            self._touchpoints_box(),
            w.VBox([self.interviews, self.min_mentions, self.min_mentions_note]),
            self.focus,
            self.gaps,
            self.overlap,
        ]
        self.refresh()

    # --- phases ---------------------------------------------------------------------------------------------------

    def _phases_box(self) -> w.Widget:
        self.phase_list = named(
            w.Select(options=[], rows=6, layout=w.Layout(width="100%")), t("accessibility.journey.phases")
        )
        on_change(self.phase_list, "choose", lambda _: None if self._quiet else self.refresh(), self.messages.problem)
        self.phase_name = w.Text(description=field_label("name"), continuous_update=False, style=_STYLE,
                                 layout=_field_layout())  # fmt: skip
        self.phase_sentence = w.Text(description=field_label("customer_sentence"), continuous_update=False,
                                     style=_STYLE, layout=_field_layout())  # fmt: skip
        # a default phase shows its name and sentence in the reader's language; what is typed is kept as typed
        shown = {"name": "shown_name", "customer_sentence": "shown_sentence"}
        for name, control in (("name", self.phase_name), ("customer_sentence", self.phase_sentence)):
            self.bind(control, lambda wb, name=name: getattr(self._phase(wb), shown[name]),
                      lambda wb, v, name=name: setattr(self._phase(wb), name, v),
                      lambda wb, name=name: Change("change.phase.field", {"field_key": f"field.{name}",
                                                                          "name": self._phase(wb).shown_name}),
                      item=lambda: self.phase_list.value)  # fmt: skip
        self.phase_buttons = {
            key: w.Button(description=t(f"app.journey.phase.{key}"), icon=icon, layout=w.Layout(width="auto"))
            for key, icon in (("add", "plus"), ("delete", "trash"), ("up", "arrow-up"), ("down", "arrow-down"))
        }
        on_click(self.phase_buttons["add"], "save", self.add_phase, self.messages.problem)
        on_click(self.phase_buttons["delete"], "save", self.delete_phase, self.messages.problem)
        on_click(self.phase_buttons["up"], "save", lambda: self.move_phase(-1), self.messages.problem)
        on_click(self.phase_buttons["down"], "save", lambda: self.move_phase(1), self.messages.problem)
        self.phase_warnings = w.HTML()
        listing = w.VBox([self.phase_list, w.HBox(list(self.phase_buttons.values()),
                                                  layout=w.Layout(flex_flow="row wrap"))],
                         layout=w.Layout(flex="0 1 320px", min_width="260px"))  # fmt: skip
        editor = w.VBox([self.phase_name, self.phase_sentence, self.phase_warnings],
                        layout=w.Layout(flex="1 1 420px", min_width="0"))  # fmt: skip
        return w.VBox([w.HTML(f"<h4 style='margin:8px 0 4px'>{escape(t('app.journey.phases'))}</h4>"),
                       w.HBox([listing, editor], layout=w.Layout(flex_flow="row wrap"))])  # fmt: skip

    def _phase(self, workbook: Workbook) -> Phase:
        return item_of(workbook.journey.phases, self.phase_list.value)

    def _select(self, phase_id: str | None = None, touchpoint_id: str | None = None) -> None:
        """Show a phase and/or touchpoint in the editors (the lists' choice is the form's own, not workbook data)."""
        with self.quiet():
            self.update_choices()
            if phase_id in [value for _, value in self.phase_list.options]:
                self.phase_list.value = phase_id
            if touchpoint_id in [value for _, value in self.touchpoint_list.options]:
                self.touchpoint_list.value = touchpoint_id
        self.refresh()

    def add_phase(self) -> None:
        phase = Phase(name=t("app.journey.phase.new_name", number=len(self.workbook.journey.phases) + 1))
        change = Change("change.phase.added", {"name": phase.shown_name})
        if self.edit(lambda wb: wb.journey.phases.append(phase), change):
            self._select(phase_id=phase.id)

    def delete_phase(self) -> None:
        """Remove the selected phase with its touchpoints (undo brings them back)."""
        phase_id = self.phase_list.value
        phase = next((p for p in self.workbook.journey.phases if p.id == phase_id), None)
        if phase is None:
            return
        count = len(self.workbook.journey.in_phase(phase_id))
        if self.edit(lambda wb: remove_phase(wb, phase_id), Change("change.phase.deleted", {"name": phase.shown_name})):
            self._select()
            key = "app.journey.phase.deleted_with" if count else "app.form.deleted"
            self.messages.show(t(key, name=phase.shown_name, count=count), kind="ok")

    def move_phase(self, step: int) -> None:
        phase_id = self.phase_list.value
        ids = [p.id for p in self.workbook.journey.phases]
        if phase_id not in ids or not 0 <= ids.index(phase_id) + step < len(ids):
            return
        index = ids.index(phase_id)

        def swap(wb: Workbook) -> None:
            phases = wb.journey.phases
            phases[index], phases[index + step] = phases[index + step], phases[index]

        name = self.workbook.journey.phases[index].name
        if self.edit(swap, Change("change.phase.moved", {"name": name})):
            self._select(phase_id=phase_id)

    # --- touchpoints ----------------------------------------------------------------------------------------------

    def _touchpoints_box(self) -> w.Widget:
        self.touchpoint_list = named(
            w.Select(options=[], rows=12, layout=w.Layout(width="100%")), t("accessibility.journey.touchpoints")
        )
        on_change(
            self.touchpoint_list,
            "choose",
            lambda _: None if self._quiet else self._touchpoint_chosen(),
            self.messages.problem,
        )
        self.buttons = {
            key: w.Button(description=t(f"app.journey.touchpoint.{key}"), icon=icon, layout=w.Layout(width="auto"))
            for key, icon in (("add", "plus"), ("delete", "trash"), ("up", "arrow-up"), ("down", "arrow-down"))
        }
        self.library = named(
            w.Dropdown(
                options=[(t("app.journey.library.choose"), "")]
                + [(t(f"app.journey.library.{key}"), key) for key in FIXED_TOUCHPOINTS],
                layout=w.Layout(width="100%", max_width="300px"),
            ),
            t("accessibility.journey.library"),
        )
        on_change(
            self.library,
            "save",
            lambda c: self.add_fixed(c["new"]) if c["new"] and not self._quiet else None,
            self.messages.problem,
        )
        self.fields: dict[str, w.Widget] = {
            "phase_id": w.Dropdown(options=[], description=field_label("phase_id")),
            "description": w.Textarea(description=field_label("description"), continuous_update=False,
                                      placeholder=t("app.journey.description_placeholder")),
            "channel": w.Combobox(options=[], description=field_label("channel"), continuous_update=False),
            "means": w.Combobox(options=[], description=field_label("means"), continuous_update=False),
            "expectation": w.Dropdown(options=_SCORES, description=field_label("expectation")),
            "performance": w.Dropdown(options=_SCORES, description=field_label("performance")),
            "emotion": w.IntSlider(min=-2, max=2, description=field_label("emotion")),
            "intensity": w.Dropdown(options=_SCORES, description=field_label("intensity")),
            "moment_of_truth_inside_out": w.Checkbox(description=t("app.journey.inside_out"), indent=False),
        }  # fmt: skip
        mentions, parse_mentions, show_mentions = number_box(t("app.journey.mentions"), whole=True, minimum=0,
                                                             optional=False, example=4)  # fmt: skip
        self.fields["outside_in_mentions"] = mentions
        self.fields["notes"] = w.Textarea(description=field_label("notes"), continuous_update=False)
        for name, control in self.fields.items():
            if isinstance(control, w.Checkbox):
                control.layout = w.Layout(width="auto", max_width="calc(100% - 196px)", margin="2px 0 2px 196px")
            else:
                control.style = _STYLE
                control.layout = _field_layout("60px" if isinstance(control, w.Textarea) else None)
            score = name in ("expectation", "performance", "intensity")
            self.bind(control, lambda wb, name=name: getattr(self._touchpoint(wb), name),
                      lambda wb, value, name=name: self._set_touchpoint(wb, name, value),
                      lambda wb, name=name: Change("change.touchpoint.field",
                                                   {"field_key": f"field.{name}",
                                                    "name": self._touchpoint(wb).description}),
                      parse=parse_mentions if name == "outside_in_mentions" else (lambda v: v or None) if score
                      else None,
                      show=show_mentions if name == "outside_in_mentions" else (lambda v: v or 0) if score
                      else (lambda v: "" if v is None else v),
                      item=lambda: self.touchpoint_list.value)  # fmt: skip
        self.mentions_warning = w.HTML()
        on_click(self.buttons["add"], "save", self.add_touchpoint, self.messages.problem)
        on_click(self.buttons["delete"], "save", self.delete_touchpoint, self.messages.problem)
        on_click(self.buttons["up"], "save", lambda: self.move_touchpoint(-1), self.messages.problem)
        on_click(self.buttons["down"], "save", lambda: self.move_touchpoint(1), self.messages.problem)
        listing = w.VBox([self.touchpoint_list, w.HBox(list(self.buttons.values()),
                                                       layout=w.Layout(flex_flow="row wrap")), self.library],
                         layout=w.Layout(flex="0 1 340px", min_width="260px"))  # fmt: skip
        editor = w.VBox([*self.fields.values(), self.mentions_warning], layout=w.Layout(flex="1 1 470px",
                                                                                        min_width="0"))  # fmt: skip
        return w.VBox([w.HTML(f"<h4 style='margin:12px 0 4px'>{escape(t('app.journey.touchpoints'))}</h4>"),
                       w.HBox([listing, editor], layout=w.Layout(flex_flow="row wrap"))])  # fmt: skip

    def _wall_selected(self, touchpoint_id: str) -> None:
        """A post-it clicked on the wall is the touchpoint the form shows (for its means, intensity and notes)."""
        if touchpoint_id != self.touchpoint_list.value:
            self._select(touchpoint_id=touchpoint_id)

    def _touchpoint(self, workbook: Workbook) -> Touchpoint:
        return item_of(workbook.journey.touchpoints, self.touchpoint_list.value)

    def _set_touchpoint(self, workbook: Workbook, name: str, value: object) -> None:
        setattr(self._touchpoint(workbook), name, value)
        if name in ("channel", "means") and value:  # what a team types in joins the journey's own list
            known = workbook.journey.channels if name == "channel" else workbook.journey.means
            if value not in known:
                known.append(value)

    def _touchpoint_chosen(self) -> None:
        """Choosing a touchpoint also shows its phase, so a new touchpoint lands where the team is working."""
        touchpoint = next((tp for tp in self.workbook.journey.touchpoints if tp.id == self.touchpoint_list.value),
                          None)  # fmt: skip
        with self.quiet():
            if touchpoint is not None:
                self.phase_list.value = touchpoint.phase_id
        self.refresh()

    def _ordered(self, workbook: Workbook) -> list[Touchpoint]:
        return [tp for phase in workbook.journey.phases for tp in workbook.journey.in_phase(phase.id)]

    def add_touchpoint(self, touchpoint: Touchpoint | None = None) -> None:
        """A new touchpoint in the phase chosen in the list of phases, selected for editing."""
        journey = self.workbook.journey
        phase_id = self.phase_list.value if self.phase_list.value in {p.id for p in journey.phases} else None
        phase_id = phase_id or (journey.phases[0].id if journey.phases else None)
        if phase_id is None:
            self.messages.show(t("app.journey.no_phase"), kind="info")
            return
        if touchpoint is None:
            number_ = len(journey.touchpoints) + 1
            touchpoint = Touchpoint(phase_id=phase_id, description=t("app.journey.touchpoint.new_name",
                                                                     number=number_))  # fmt: skip
        if self.edit(lambda wb: wb.journey.touchpoints.append(touchpoint),
                     Change("change.touchpoint.added", {"name": touchpoint.description})):  # fmt: skip
            self._select(phase_id=touchpoint.phase_id, touchpoint_id=touchpoint.id)

    def add_fixed(self, key: str) -> None:
        """Add a touchpoint from the library of fixed touchpoints (in its usual phase, if the journey has it)."""
        phase_id, channel, means = FIXED_TOUCHPOINTS[key]
        phases = [phase.id for phase in self.workbook.journey.phases]
        if phase_id not in phases:
            phase_id = self.phase_list.value if self.phase_list.value in phases else (phases[0] if phases else "")
        with self.quiet():
            self.library.value = ""
        if not phase_id:
            self.messages.show(t("app.journey.no_phase"), kind="info")
            return
        self.add_touchpoint(
            Touchpoint(
                phase_id=phase_id,
                description=t(f"app.journey.library.{key}.sentence"),
                fixed=True,
                channel=t(f"app.journey.channel.{channel}"),
                means=t(f"app.journey.means.{means}"),
            )
        )

    def delete_touchpoint(self) -> None:
        """Remove the selected touchpoint (undo brings it back)."""
        touchpoint_id = self.touchpoint_list.value
        touchpoint = next((tp for tp in self.workbook.journey.touchpoints if tp.id == touchpoint_id), None)
        if touchpoint is None:
            return
        ordered = [tp.id for tp in self._ordered(self.workbook)]
        position = ordered.index(touchpoint_id)

        def remove(wb: Workbook) -> None:
            wb.journey.touchpoints = [tp for tp in wb.journey.touchpoints if tp.id != touchpoint_id]

        if self.edit(remove, Change("change.touchpoint.deleted", {"name": touchpoint.description})):
            rest = [tp.id for tp in self._ordered(self.workbook)]
            self._select(touchpoint_id=rest[min(position, len(rest) - 1)] if rest else None)
            self.messages.show(t("app.form.deleted", name=touchpoint.description), kind="ok")

    def move_touchpoint(self, step: int) -> None:
        """Move the selected touchpoint up or down within its phase."""
        touchpoint_id = self.touchpoint_list.value
        journey = self.workbook.journey
        touchpoint = next((tp for tp in journey.touchpoints if tp.id == touchpoint_id), None)
        if touchpoint is None:
            return
        same = [tp.id for tp in journey.in_phase(touchpoint.phase_id)]
        index = same.index(touchpoint_id) + step
        if not 0 <= index < len(same):
            return
        other = same[index]

        def swap(wb: Workbook) -> None:
            points = wb.journey.touchpoints
            ids = [tp.id for tp in points]
            a, b = ids.index(touchpoint_id), ids.index(other)
            points[a], points[b] = points[b], points[a]

        if self.edit(swap, Change("change.touchpoint.moved", {"name": touchpoint.description})):
            self._select(touchpoint_id=touchpoint_id)

    # --- drawing --------------------------------------------------------------------------------------------------

    def update_choices(self) -> None:
        if self.read_only:
            return
        workbook = self.workbook
        journey = workbook.journey
        segments = [(segment.name, segment.id) for segment in workbook.segmentation.segments] or [("—", None)]
        set_choices(self.segment, segments, getattr(workbook.journey_segment(), "id", None))
        phases = [(phase.shown_name, phase.id) for phase in journey.phases]
        set_choices(self.phase_list, phases, self.phase_list.value)
        set_choices(self.fields["phase_id"], phases, self.fields["phase_id"].value)
        names = dict((value, name) for name, value in phases)
        points = [(f"{names[tp.phase_id]} · {tp.description}", tp.id) for tp in self._ordered(workbook)]
        set_choices(self.touchpoint_list, points, self.touchpoint_list.value)
        channels = sorted({*journey.channels, *(t(f"app.journey.channel.{c}") for c in DEFAULT_CHANNELS)})
        means = sorted({*journey.means, *(t(f"app.journey.means.{m}") for m in DEFAULT_MEANS)})
        for name, options in (("channel", channels), ("means", means)):
            if list(self.fields[name].options) != options:
                self.fields[name].options = options

    def redraw(self) -> None:
        """Redraw the journey map, the focus list, the gaps and the overlap, and the warnings."""
        workbook = self.workbook
        journey = workbook.journey
        minimum = outside_in_minimum(journey)
        drawn_from = {"fixed", "channel", "means", "emotion", "intensity", "notes"}  # what no chart below shows
        gap_key = journey.model_dump_json(include={"phases", "touchpoints"}, exclude={"touchpoints": {
            "__all__": drawn_from | {"moment_of_truth_inside_out", "outside_in_mentions"}}})  # fmt: skip
        overlap_key = (minimum, journey.model_dump_json(exclude={"channels": True, "means": True, "touchpoints": {
            "__all__": drawn_from | {"expectation", "performance"}}}))  # fmt: skip
        show_figure_of(self.gaps, gap_key, lambda: gap_figure(journey))
        show_figure_of(self.overlap, overlap_key, lambda: overlap_figure(journey, minimum))
        self.focus.value = focus_html(workbook)
        if self.read_only:
            return
        self.wall.selected = self.touchpoint_list.value or ""
        for name in ("delete", "up", "down"):
            self.buttons[name].disabled = self.touchpoint_list.value is None
        for name in ("delete", "up", "down"):
            self.phase_buttons[name].disabled = self.phase_list.value is None
        warnings = [item for item in workbook_warnings(workbook) if item.model == "journey"]
        self.phase_warnings.value = warnings_html(item for item in warnings if item.key == "empty_phase")
        self.mentions_warning.value = warnings_html(
            item
            for item in warnings
            if item.key == "mentions_above_interviews" and item.item_id == self.touchpoint_list.value
        )
        default = journey.outside_in_threshold is None
        self.min_mentions_note.value = (
            f"<div style='color:#6b7280;font-size:12px;margin-left:246px'>{escape(t('app.journey.min_default'))}</div>"
            if default
            else ""
        )


@built_or_message
def journey_form(source: Any, read_only: bool = False) -> JourneyForm:
    """The customer journey form of a workbook (its live state, open file or path)."""
    return JourneyForm(source, read_only=read_only)
