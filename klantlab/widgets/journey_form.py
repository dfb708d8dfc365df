"""The customer journey in a notebook: phases, touchpoints with their experience, and the moments of truth.

Phases can be renamed, added, moved and (when empty) removed; touchpoints are
added by hand or from the library of fixed touchpoints, edited, moved and
deleted. Every change is validated and saved at once; the journey map, the
gap chart and the overlap follow. ``read_only=True`` shows the charts and the
focus list without any control.
"""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from klantlab.analysis.journey import FIXED_TOUCHPOINTS, default_min_mentions, gaps, overlap
from klantlab.charts.journey import gap_figure, journey_map_figure, overlap_figure
from klantlab.charts.style import plot_text
from klantlab.i18n import t
from klantlab.io import WorkbookFile
from klantlab.model import Phase, Touchpoint
from klantlab.widgets.figures import show_figure
from klantlab.widgets.html import alert, escape, field_label
from klantlab.widgets.saving import Saver

__all__ = ["DEFAULT_CHANNELS", "DEFAULT_MEANS", "JourneyForm", "journey_form"]

_STYLE = {"description_width": "190px"}
_FIELD = w.Layout(width="600px")
DEFAULT_CHANNELS = ("email", "online", "phone", "in_person", "post", "social", "fair")
DEFAULT_MEANS = ("ad", "landing_page", "quote", "invoice", "packaging", "website", "newsletter", "manual")
_SCORES = [("—", 0), *((str(score), score) for score in range(1, 6))]


class JourneyForm(w.VBox):
    """The journey of ``handle.workbook`` (see the module text)."""

    def __init__(self, handle: WorkbookFile, read_only: bool = False) -> None:
        self.handle = handle
        self.saver = Saver(handle)
        self.read_only = read_only
        self._loading = False
        journey = self.journey
        self.segment = w.Dropdown(
            options=[("—", None), *self._segments()],
            value=journey.segment_id,
            description=t("app.journey.segment"),
            style=_STYLE,
            layout=_FIELD,
        )
        self.min_mentions = w.BoundedIntText(
            value=default_min_mentions(journey),
            min=1,
            max=1000,
            description=t("app.journey.min_mentions"),
            style=_STYLE,
        )
        self.map = w.Output(layout=w.Layout(width="100%"))
        self.gaps = w.Output(layout=w.Layout(width="100%"))
        self.overlap = w.Output(layout=w.Layout(width="100%"))
        self.focus = w.HTML()
        if read_only:
            self.segment.disabled = self.min_mentions.disabled = True
            super().__init__([self.map, self.focus, self.gaps, self.overlap], layout=w.Layout(max_width="1300px"))
            self.draw()
            return
        self.segment.observe(lambda c: self._apply(lambda: setattr(self.journey, "segment_id", c["new"])), "value")
        self.min_mentions.observe(lambda _: self.draw(), "value")
        self.interviews = w.BoundedIntText(
            value=journey.outside_in_interviews,
            min=0,
            max=10000,
            description=field_label("outside_in_interviews"),
            style=_STYLE,
        )
        self.interviews.observe(
            lambda c: self._apply(lambda: setattr(self.journey, "outside_in_interviews", c["new"])), "value"
        )
        super().__init__(
            [
                self.segment,
                self._phases_box(),
                self._touchpoints_box(),
                w.HBox([self.interviews, self.min_mentions]),
                self.saver.messages,
                self.map,
                self.focus,
                self.gaps,
                self.overlap,
            ],
            layout=w.Layout(max_width="1300px"),
        )
        self._refresh_phases()
        self._refresh_touchpoints()

    @property
    def journey(self):
        return self.handle.workbook.journey

    def _segments(self) -> list[tuple[str, str]]:
        return [(segment.name, segment.id) for segment in self.handle.workbook.segmentation.segments]

    def _apply(self, change) -> bool:
        if self._loading:
            return False
        done = self.saver.apply(change)
        self.draw()
        return done

    # --- phases ---------------------------------------------------------------------------------------------------

    def _phases_box(self) -> w.Widget:
        self.phase_list = w.Select(rows=6, layout=w.Layout(width="300px"))
        self.phase_name = w.Text(description=field_label("name"), continuous_update=False, style=_STYLE, layout=_FIELD)
        self.phase_sentence = w.Text(
            description=field_label("customer_sentence"), continuous_update=False, style=_STYLE, layout=_FIELD
        )
        self.phase_buttons = {
            key: w.Button(description=t(f"app.journey.phase.{key}"), icon=icon, layout=w.Layout(width="auto"))
            for key, icon in (("add", "plus"), ("delete", "trash"), ("up", "arrow-up"), ("down", "arrow-down"))
        }
        self.phase_list.observe(lambda _: self._load_phase(), "value")
        self.phase_name.observe(lambda c: self._phase_changed("name", c["new"]), "value")
        self.phase_sentence.observe(lambda c: self._phase_changed("customer_sentence", c["new"]), "value")
        self.phase_buttons["add"].on_click(lambda _: self.add_phase())
        self.phase_buttons["delete"].on_click(lambda _: self.delete_phase())
        self.phase_buttons["up"].on_click(lambda _: self.move_phase(-1))
        self.phase_buttons["down"].on_click(lambda _: self.move_phase(1))
        box = w.HBox(
            [
                w.VBox([self.phase_list, w.HBox(list(self.phase_buttons.values()))]),
                w.VBox([self.phase_name, self.phase_sentence]),
            ]
        )
        return w.VBox([w.HTML(f"<h4 style='margin:8px 0 4px'>{escape(t('app.journey.phases'))}</h4>"), box])

    def _refresh_phases(self, select: str | None = None) -> None:
        self._loading = True
        self.phase_list.options = [(phase.name, phase.id) for phase in self.journey.phases]
        ids = [phase.id for phase in self.journey.phases]
        self.phase_list.value = select if select in ids else (ids[0] if ids else None)
        if hasattr(self, "fields"):
            self.fields["phase_id"].options = self.phase_list.options
        self._loading = False
        self._load_phase()

    def _phase(self) -> Phase | None:
        return next((p for p in self.journey.phases if p.id == self.phase_list.value), None)

    def _load_phase(self) -> None:
        phase = self._phase()
        self._loading = True
        self.phase_name.value = phase.name if phase else ""
        self.phase_sentence.value = phase.customer_sentence if phase else ""
        self._loading = False

    def _phase_changed(self, field: str, value: str) -> None:
        phase = self._phase()
        if phase is not None and self._apply(lambda: setattr(phase, field, value)) and field == "name":
            self._refresh_phases(select=phase.id)

    def add_phase(self) -> None:
        phase = Phase(name=t("app.journey.phase.new_name", number=len(self.journey.phases) + 1))
        if self._apply(lambda: self.journey.phases.append(phase)):
            self._refresh_phases(select=phase.id)

    def delete_phase(self) -> None:
        """Remove the selected phase; refused with a message while it still has touchpoints."""
        phase = self._phase()
        if phase is None:
            return
        if self.journey.in_phase(phase.id):
            self.saver.messages.children = [alert(t("app.journey.phase.not_empty", name=phase.name))]
            return
        if self._apply(lambda: self.journey.phases.remove(phase)):
            self._refresh_phases()

    def move_phase(self, step: int) -> None:
        phase = self._phase()
        phases = self.journey.phases
        if phase is None or not 0 <= phases.index(phase) + step < len(phases):
            return
        index = phases.index(phase)

        def swap() -> None:
            phases[index], phases[index + step] = phases[index + step], phases[index]

        if self._apply(swap):
            self._refresh_phases(select=phase.id)

    # --- touchpoints ----------------------------------------------------------------------------------------------

    def _touchpoints_box(self) -> w.Widget:
        self.touchpoint_list = w.Select(rows=12, layout=w.Layout(width="420px"))
        self.buttons = {
            key: w.Button(description=t(f"app.journey.touchpoint.{key}"), icon=icon, layout=w.Layout(width="auto"))
            for key, icon in (("add", "plus"), ("delete", "trash"), ("up", "arrow-up"), ("down", "arrow-down"))
        }
        self.library = w.Dropdown(
            options=[(t("app.journey.library.choose"), "")]
            + [(t(f"app.journey.library.{key}"), key) for key in FIXED_TOUCHPOINTS],
            layout=w.Layout(width="300px"),
        )
        self.library.observe(lambda c: self.add_fixed(c["new"]) if c["new"] else None, "value")
        channels = sorted({*self.journey.channels, *(t(f"app.journey.channel.{c}") for c in DEFAULT_CHANNELS)})
        means = sorted({*self.journey.means, *(t(f"app.journey.means.{m}") for m in DEFAULT_MEANS)})
        self.fields = {
            "phase_id": w.Dropdown(description=field_label("phase_id")),
            "description": w.Textarea(
                description=field_label("description"),
                continuous_update=False,
                placeholder=t("app.journey.description_placeholder"),
            ),
            "channel": w.Combobox(options=channels, description=field_label("channel"), continuous_update=False),
            "means": w.Combobox(options=means, description=field_label("means"), continuous_update=False),
            "expectation": w.Dropdown(options=_SCORES, description=field_label("expectation")),
            "performance": w.Dropdown(options=_SCORES, description=field_label("performance")),
            "emotion": w.IntSlider(min=-2, max=2, description=field_label("emotion")),
            "intensity": w.Dropdown(options=_SCORES, description=field_label("intensity")),
            "moment_of_truth_inside_out": w.Checkbox(description=t("app.journey.inside_out"), indent=False),
            "outside_in_mentions": w.BoundedIntText(min=0, max=100000, description=t("app.journey.mentions")),
            "notes": w.Textarea(description=field_label("notes"), continuous_update=False),
        }
        for name, control in self.fields.items():
            if isinstance(control, w.Checkbox):
                control.layout = w.Layout(width="auto", margin="2px 0 2px 196px")
            else:
                control.style = _STYLE
                control.layout = w.Layout(width="600px", height="60px" if isinstance(control, w.Textarea) else None)
            control.observe(lambda c, name=name: self._touchpoint_changed(name, c["new"]), "value")
        self.touchpoint_list.observe(lambda _: self._load_touchpoint(), "value")
        self.buttons["add"].on_click(lambda _: self.add_touchpoint())
        self.buttons["delete"].on_click(lambda _: self.delete_touchpoint())
        self.buttons["up"].on_click(lambda _: self.move_touchpoint(-1))
        self.buttons["down"].on_click(lambda _: self.move_touchpoint(1))
        listing = w.VBox([self.touchpoint_list, w.HBox(list(self.buttons.values())), self.library])
        return w.VBox(
            [
                w.HTML(f"<h4 style='margin:12px 0 4px'>{escape(t('app.journey.touchpoints'))}</h4>"),
                w.HBox([listing, w.VBox(list(self.fields.values()))]),
            ]
        )

    def _ordered(self) -> list[Touchpoint]:
        return [tp for phase in self.journey.phases for tp in self.journey.in_phase(phase.id)]

    def _refresh_touchpoints(self, select: str | None = None) -> None:
        names = {phase.id: phase.name for phase in self.journey.phases}
        ordered = self._ordered()
        self._loading = True
        self.touchpoint_list.options = [(f"{names[tp.phase_id]} · {tp.description}", tp.id) for tp in ordered]
        ids = [tp.id for tp in ordered]
        self.touchpoint_list.value = select if select in ids else (ids[0] if ids else None)
        self._loading = False
        self._load_touchpoint()
        self.draw()

    def _touchpoint(self) -> Touchpoint | None:
        return next((tp for tp in self.journey.touchpoints if tp.id == self.touchpoint_list.value), None)

    def _load_touchpoint(self) -> None:
        touchpoint = self._touchpoint()
        self._loading = True
        for name, control in self.fields.items():
            control.disabled = touchpoint is None
            if touchpoint is not None:
                value = getattr(touchpoint, name)
                control.value = 0 if value is None and isinstance(control, w.Dropdown) else value
        self._loading = False

    def _touchpoint_changed(self, field: str, value: object) -> None:
        touchpoint = self._touchpoint()
        if self._loading or touchpoint is None:
            return
        if field in ("expectation", "performance", "intensity"):
            value = value or None
        if self._apply(lambda: setattr(touchpoint, field, value)):
            self._remember_choice(field, value)
            if field in ("phase_id", "description"):
                self._refresh_touchpoints(select=touchpoint.id)

    def _remember_choice(self, field: str, value: object) -> None:
        """A channel or means typed in joins the journey's own list (offered next time)."""
        if field not in ("channel", "means") or not value:
            return
        target = self.journey.channels if field == "channel" else self.journey.means
        if value not in target:
            self.saver.apply(lambda: target.append(value))

    def add_touchpoint(self, touchpoint: Touchpoint | None = None) -> None:
        """A new touchpoint in the selected phase (or the first), selected for editing."""
        phase_id = (
            self._touchpoint().phase_id
            if self._touchpoint()
            else (self.journey.phases[0].id if self.journey.phases else None)
        )
        if phase_id is None:
            return
        touchpoint = touchpoint or Touchpoint(
            phase_id=phase_id, description=t("app.journey.touchpoint.new_name", number=len(self._ordered()) + 1)
        )
        if self._apply(lambda: self.journey.touchpoints.append(touchpoint)):
            self._refresh_touchpoints(select=touchpoint.id)

    def add_fixed(self, key: str) -> None:
        """Add a touchpoint from the library of fixed touchpoints."""
        phase_id, channel, means = FIXED_TOUCHPOINTS[key]
        if phase_id not in {phase.id for phase in self.journey.phases}:
            phase_id = self.journey.phases[0].id
        self.add_touchpoint(
            Touchpoint(
                phase_id=phase_id,
                description=t(f"app.journey.library.{key}.sentence"),
                fixed=True,
                channel=t(f"app.journey.channel.{channel}"),
                means=t(f"app.journey.means.{means}"),
            )
        )
        self._loading = True
        self.library.value = ""
        self._loading = False

    def delete_touchpoint(self) -> None:
        touchpoint = self._touchpoint()
        if touchpoint is not None and self._apply(lambda: self.journey.touchpoints.remove(touchpoint)):
            self._refresh_touchpoints()

    def move_touchpoint(self, step: int) -> None:
        """Move the selected touchpoint up or down within its phase."""
        touchpoint = self._touchpoint()
        if touchpoint is None:
            return
        same = self.journey.in_phase(touchpoint.phase_id)
        index = same.index(touchpoint) + step
        if not 0 <= index < len(same):
            return
        points = self.journey.touchpoints
        a, b = points.index(touchpoint), points.index(same[index])

        def swap() -> None:
            points[a], points[b] = points[b], points[a]

        if self._apply(swap):
            self._refresh_touchpoints(select=touchpoint.id)

    def gap_table(self) -> pd.DataFrame:
        """The touchpoints with a shortfall or surplus, largest shortfall first, in the user's language."""
        table = gaps(self.journey)
        return pd.DataFrame(
            {
                field_label("phase_id"): table["phase"],
                field_label("description"): table["description"],
                field_label("expectation"): table["expectation"],
                field_label("performance"): table["performance"],
                t("app.journey.gap"): table["gap"],
            }
        )

    # --- charts ---------------------------------------------------------------------------------------------------

    def draw(self) -> None:
        """Redraw the journey map, the focus list, the gaps and the overlap."""
        journey, minimum = self.journey, self.min_mentions.value
        segment = next((s for s in self.handle.workbook.segmentation.segments if s.id == journey.segment_id), None)
        title = t("app.journey.map_title", segment=plot_text(segment.name)) if segment else None
        show_figure(self.map, journey_map_figure(journey, minimum, title))
        show_figure(self.gaps, gap_figure(journey))
        show_figure(self.overlap, overlap_figure(journey, minimum))
        groups = overlap(journey, minimum)
        items = "".join(f"<li>{escape(tp.description)}</li>" for tp in groups.both)
        missed = "".join(f"<li>{escape(tp.description)}</li>" for tp in groups.inside_only)
        self.focus.value = (
            f"<p style='margin:6px 0 2px'><b>{escape(t('app.journey.focus', count=len(groups.both)))}</b></p>"
            f"<ol style='margin:0'>{items}</ol>"
            f"<p style='margin:6px 0 2px'><b>{escape(t('app.journey.team_only', count=len(groups.inside_only)))}"
            f"</b></p><ul style='margin:0'>{missed}</ul>"
        )


def journey_form(handle: WorkbookFile, read_only: bool = False) -> JourneyForm:
    """The customer journey form of a workbook (see :class:`JourneyForm`)."""
    return JourneyForm(handle, read_only=read_only)
