"""The klanttype-piramide in a notebook: enter the parties of a purchase per segment, see the pyramid at once.

A list of entries with add, delete, up and down; the fields of the selected
entry beside it, each change validated and saved at once through the live
workbook state; the explanation of the chosen klanttype next to the form; the
pyramid, the influence × attitude grid and the follow-up lists below, all
redrawn from the state after every change (also one made in another cell).
``read_only=True`` shows the charts and lists without any control (for
dashboards).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import ipywidgets as w

from klantlab.analysis.stakeholder_followup import follow_up
from klantlab.analysis.workbook_warnings import workbook_warnings
from klantlab.charts.stakeholder_pyramid import influence_grid_figure, stakeholder_pyramid_figure
from klantlab.charts.style import short_label
from klantlab.errors import KlantlabError
from klantlab.i18n import label, t
from klantlab.io import SUFFIX, slug
from klantlab.io.posters import write_poster
from klantlab.model import Attitude, Segment, Side, Stakeholder, StakeholderRole, Workbook
from klantlab.state import Change
from klantlab.widgets.actions import built_or_message, named, on_change, on_click
from klantlab.widgets.figures import show_figure_of
from klantlab.widgets.html import WRAP, alert, escape, field_label, problem_alert, warnings_html
from klantlab.widgets.live import FORM_CSS, LiveForm, field_layout, item_of, set_choices
from klantlab.widgets.wall import StakeholderWall

__all__ = ["STAKEHOLDER_FIELDS", "StakeholderForm", "follow_up_html", "role_explanations", "stakeholder_form"]

_STYLE = {"description_width": "150px"}
#: Suggested ways to check an assumption (catalog keys ``app.stakeholders.method.<name>``); free text is allowed.
METHODS = ("interview", "visit", "phone", "survey", "workshop")
#: The fields of one entry, in the order of the form.
STAKEHOLDER_FIELDS = ("name", "organisation", "side", "role", "influence", "attitude", "motives", "approach", "notes",
                      "verified", "verification_method", "strategic_partner")  # fmt: skip


def role_explanations() -> str:
    """Every klanttype explained in our own words, plus the two points teams most often get wrong (HTML)."""
    items = "".join(
        f"<li><b>{escape(label(role))}</b>: {escape(t(f'stakeholders.explain.{role.value}'))}</li>"
        for role in StakeholderRole
    )
    notes = "".join(f"<p style='margin:6px 0'>{escape(t(f'stakeholders.note.{key}'))}</p>"
                    for key in ("recommender_vs_influencer", "economic_buyer", "specific"))  # fmt: skip
    return f"<ul style='margin:4px 0;padding-left:18px'>{items}</ul>{notes}"


def entry_label(entry: Stakeholder) -> str:
    """How an entry reads in lists: klanttype · name (organisation)."""
    where = f" ({entry.organisation})" if entry.organisation else ""
    return f"{label(entry.role)} · {entry.name}{where}"


class StakeholderForm(LiveForm):
    """The stakeholder entries of one segment of a workbook (see the module text)."""

    def __init__(self, source: Any, read_only: bool = False, segment_id: str | None = None) -> None:
        super().__init__(source, read_only, layout=w.Layout(max_width="1300px"))
        self._segment_pick = segment_id
        self._follow_up_views: list[w.HTML] = []
        self.segment = w.Dropdown(options=[], description=t("app.stakeholders.segment"), style=_STYLE,
                                  layout=field_layout("520px"))  # fmt: skip
        on_change(self.segment, "choose", lambda c: self._segment_chosen(c["new"]), self.messages.problem)
        self.segment_note = w.HTML()
        self.wall = StakeholderWall(self.state, read_only=read_only, segment=self._segment_id,
                                    on_select=self._wall_selected)  # fmt: skip
        self.grid = w.Output(layout=w.Layout(width="100%"))
        self.follow_up = w.HTML()
        if read_only:
            self.children = [self.segment, self.wall, self.grid, self.follow_up]
            self.refresh()
            return
        self.new_segment = w.Text(placeholder=t("app.stakeholders.new_segment_placeholder"),
                                  description=t("app.stakeholders.new_segment"), style=_STYLE,
                                  layout=field_layout("520px"))  # fmt: skip
        self.add_segment = w.Button(description=t("app.stakeholders.add_segment"), icon="plus",
                                    layout=w.Layout(width="auto"))  # fmt: skip
        self.entries = named(
            w.Select(options=[], rows=12, layout=w.Layout(width="100%")), t("accessibility.stakeholders.entries")
        )
        on_change(self.entries, "choose", lambda _: None if self._quiet else self.refresh(), self.messages.problem)
        self.buttons = {
            name: w.Button(description=t(f"app.stakeholders.{name}"), icon=icon, layout=w.Layout(width="auto"))
            for name, icon in (("add", "plus"), ("delete", "trash"), ("up", "arrow-up"), ("down", "arrow-down"))
        }
        methods = [t(f"app.stakeholders.method.{method}") for method in METHODS]
        self.fields = {
            "name": w.Text(description=field_label("name"), continuous_update=False),
            "organisation": w.Text(description=field_label("organisation"), continuous_update=False,
                                   placeholder=t("app.stakeholders.organisation_placeholder")),
            "side": w.ToggleButtons(options=[(label(side), side.value) for side in Side],
                                    description=field_label("side")),
            "role": w.Dropdown(options=[(label(role), role.value) for role in StakeholderRole],
                               description=field_label("role")),
            "influence": w.IntSlider(min=1, max=5, description=field_label("influence")),
            "attitude": w.ToggleButtons(options=[(label(a), a.value) for a in Attitude],
                                        description=field_label("attitude")),
            "motives": w.Textarea(description=field_label("motives"), continuous_update=False),
            "approach": w.Textarea(description=field_label("approach"), continuous_update=False),
            "notes": w.Textarea(description=field_label("notes"), continuous_update=False),
            "verified": w.Checkbox(description=t("app.stakeholders.verified"), indent=False),
            "verification_method": w.Combobox(options=methods, description=field_label("verification_method"),
                                              continuous_update=False, ensure_option=False),
            "strategic_partner": w.Checkbox(description=t("app.stakeholders.partner"), indent=False),
        }  # fmt: skip
        for name, control in self.fields.items():
            if isinstance(control, w.Checkbox):
                control.layout = w.Layout(width="auto", max_width="calc(100% - 156px)", margin="2px 0 2px 156px")
            elif isinstance(control, w.ToggleButtons):
                control.style = {**_STYLE, "button_width": "auto"}
            else:
                control.style = _STYLE
                control.layout = field_layout("540px", "70px" if isinstance(control, w.Textarea) else None)
            self.bind(control, lambda wb, name=name: _shown(getattr(self._entry(wb), name)),
                      lambda wb, value, name=name: setattr(self._entry(wb), name, value),
                      lambda wb, name=name: Change("change.stakeholder.field",
                                                   {"field_key": f"field.{name}", "name": self._entry(wb).name}),
                      show=lambda v: "" if v is None else v, item=lambda: self.entries.value)  # fmt: skip
        self.explanation = w.HTML(layout=w.Layout(flex="1 1 260px", min_width="0", margin="0 0 0 12px"))
        self.warnings = w.HTML()
        self.poster_size = w.Dropdown(options=["A1", "A0", "A3"], value="A1", description=t("app.stakeholders.poster"),
                                      style=_STYLE, layout=w.Layout(width="240px"))  # fmt: skip
        self.poster_format = named(
            w.Dropdown(options=["pdf", "svg", "png"], value="pdf", layout=w.Layout(width="90px")),
            t("accessibility.stakeholders.poster_format"),
        )
        self.poster_button = w.Button(description=t("app.stakeholders.make_poster"), icon="print",
                                      layout=w.Layout(width="auto"))  # fmt: skip
        self.poster_message = w.VBox()
        on_click(self.poster_button, "poster", self.make_poster, self.messages.problem)
        self.help = w.Accordion(children=[w.HTML(role_explanations())], selected_index=None)
        self.help.set_title(0, t("app.stakeholders.help"))
        editor = w.VBox(list(self.fields.values()), layout=w.Layout(flex="1 1 440px", min_width="0"))
        buttons = w.HBox(list(self.buttons.values()), layout=w.Layout(flex_flow="row wrap"))
        listing = w.VBox([self.entries, buttons, self.warnings], layout=w.Layout(flex="0 1 320px", min_width="260px"))
        self.children = [
            w.HTML(FORM_CSS),
            self.segment,
            self.segment_note,
            w.HBox([self.new_segment, self.add_segment], layout=w.Layout(flex_flow="row wrap")),
            self.wall,
            self.messages,
            self.undo_bar,
            w.HBox([listing, editor, self.explanation], layout=w.Layout(flex_flow="row wrap")),
            self.help,
            w.HBox([self.poster_size, self.poster_format, self.poster_button], layout=w.Layout(flex_flow="row wrap")),
            self.poster_message,
            self.grid,
            self.follow_up,
        ]
        on_click(self.add_segment, "save", lambda: self.create_segment(self.new_segment.value), self.messages.problem)
        on_click(self.buttons["add"], "save", self.add, self.messages.problem)
        on_click(self.buttons["delete"], "save", self.delete, self.messages.problem)
        on_click(self.buttons["up"], "save", lambda: self.move(-1), self.messages.problem)
        on_click(self.buttons["down"], "save", lambda: self.move(1), self.messages.problem)
        self.refresh()

    # --- data -------------------------------------------------------------------------------------------------------

    def _segment_id(self, workbook: Workbook) -> str | None:
        """The segment shown: the one picked here while it exists, else the chosen target segment."""
        ids = [s.id for s in workbook.segmentation.segments]
        return self._segment_pick if self._segment_pick in ids else workbook.focus_segment_id()

    def _segment_chosen(self, segment_id: str | None) -> None:
        if not self._quiet and segment_id is not None:
            self._show_segment(segment_id)

    def _show_segment(self, segment_id: str) -> None:
        """Show another segment here: the form and the wall (which follows the workbook by itself otherwise)."""
        self._segment_pick = segment_id
        self.wall.redraw()
        self.refresh()

    def current(self, workbook: Workbook | None = None) -> list[Stakeholder]:
        """The entries of the segment shown, in the team's order."""
        workbook = workbook or self.workbook
        segment_id = self._segment_id(workbook)
        return workbook.stakeholder_pyramid.for_segment(segment_id) if segment_id else []

    def _entry(self, workbook: Workbook) -> Stakeholder:
        return item_of(workbook.stakeholder_pyramid.stakeholders, self.entries.value if not self.read_only else None)

    def _wall_selected(self, entry_id: str) -> None:
        """A post-it clicked on the wall is the entry the form shows (for its motives, approach and notes)."""
        if entry_id != self.entries.value:
            self._select(entry_id)

    def _select(self, entry_id: str | None) -> None:
        """Show ``entry_id`` in the editor (the list's choice is the form's own, not workbook data)."""
        with self.quiet():
            self.update_choices()
            if entry_id in [value for _, value in self.entries.options]:
                self.entries.value = entry_id
        self.refresh()

    # --- actions ----------------------------------------------------------------------------------------------------

    def create_segment(self, name: str) -> None:
        """Add a segment by name (when the segmentation has none yet, or misses one) and show it."""
        segment = Segment(name=name.strip() or t("app.segmentation.new_name",
                                                 number=len(self.workbook.segmentation.segments) + 1))  # fmt: skip
        if self.edit(lambda wb: wb.segmentation.segments.append(segment),
                     Change("change.segment.added", {"name": segment.name})):  # fmt: skip
            with self.quiet():
                self.new_segment.value = ""
            self._show_segment(segment.id)

    def add(self) -> None:
        """A new entry in the segment shown, selected for editing."""
        workbook = self.workbook
        segment_id = self._segment_id(workbook)
        if segment_id is None:
            self.messages.show(t("app.stakeholders.no_segment"), kind="info")
            return
        existing = {entry.name for entry in self.current(workbook)}
        number = 1 + len(existing)
        while t("app.stakeholders.new_name", number=number) in existing:
            number += 1
        entry = Stakeholder(segment_id=segment_id, name=t("app.stakeholders.new_name", number=number),
                            role=StakeholderRole.influencer)  # fmt: skip
        if self.edit(lambda wb: wb.stakeholder_pyramid.stakeholders.append(entry),
                     Change("change.stakeholder.added", {"name": entry.name})):  # fmt: skip
            self._select(entry.id)

    def delete(self) -> None:
        """Remove the selected entry (undo brings it back)."""
        entry_id = self.entries.value
        entry = next((e for e in self.current() if e.id == entry_id), None)
        if entry is None:
            return
        pyramid_entries = self.current()
        position = pyramid_entries.index(entry)

        def remove(wb: Workbook) -> None:
            wb.stakeholder_pyramid.stakeholders = [e for e in wb.stakeholder_pyramid.stakeholders if e.id != entry_id]

        if self.edit(remove, Change("change.stakeholder.deleted", {"name": entry.name})):
            rest = self.current()
            self._select(rest[min(position, len(rest) - 1)].id if rest else None)
            self.messages.show(t("app.form.deleted", name=entry.name), kind="ok")

    def move(self, step: int) -> None:
        """Move the selected entry up (-1) or down (+1) among the entries of its segment."""
        entry_id = self.entries.value
        same = [e.id for e in self.current()]
        if entry_id not in same or not 0 <= same.index(entry_id) + step < len(same):
            return
        other = same[same.index(entry_id) + step]

        def swap(wb: Workbook) -> None:
            entries = wb.stakeholder_pyramid.stakeholders
            ids = [e.id for e in entries]
            a, b = ids.index(entry_id), ids.index(other)
            entries[a], entries[b] = entries[b], entries[a]

        name = item_of(self.workbook.stakeholder_pyramid.stakeholders, entry_id).name
        if self.edit(swap, Change("change.stakeholder.moved", {"name": name})):
            self._select(entry_id)

    def make_poster(self) -> Path | None:
        """Write the pyramid of the segment shown as a poster next to the workbook; the message names the file."""
        workbook = self.workbook
        segment = workbook.segmentation.segment(self._segment_id(workbook) or "")
        name = f"{self.state.path.name.removesuffix(SUFFIX)}-{t('app.stakeholders.poster_file')}"
        name += f"-{slug(segment.name)}" if segment else ""
        path = self.state.path.parent / f"{name}-{self.poster_size.value}.{self.poster_format.value}"
        try:
            path = write_poster(self.figure(), path, self.poster_size.value)
        except KlantlabError as error:
            self.poster_message.children = [problem_alert(error)]
            return None
        self.poster_message.children = [alert(t("app.stakeholders.poster_written", path=path), kind="ok")]
        return path

    def follow_up_view(self) -> w.HTML:
        """The follow-up lists of the segment shown here, redrawn with the form (for the notebook's next cell)."""
        view = w.HTML(follow_up_html(self.current()))
        self._follow_up_views.append(view)
        return view

    def figure(self):
        """The pyramid chart of the segment shown."""
        workbook = self.workbook
        segment = workbook.segmentation.segment(self._segment_id(workbook) or "")
        title = t("app.stakeholders.chart_title", segment=short_label(segment.name)) if segment else None
        return stakeholder_pyramid_figure(self.current(workbook), title)

    # --- display ----------------------------------------------------------------------------------------------------

    def update_choices(self) -> None:
        workbook = self.workbook
        segments = [(segment.name, segment.id) for segment in workbook.segmentation.segments]
        set_choices(self.segment, segments, self._segment_id(workbook))
        if self.read_only:
            return
        entries = self.current(workbook)
        set_choices(self.entries, [(entry_label(e), e.id) for e in entries], self.entries.value)

    def redraw(self) -> None:
        """Redraw the pyramid, the grid, the follow-up lists, the explanation and the warnings."""
        workbook = self.workbook
        entries = self.current(workbook)
        if not self.read_only:
            self.wall.selected = self.entries.value or ""
        grid_key = [entry.model_dump_json(include={"id", "name", "influence", "attitude"}) for entry in entries]
        show_figure_of(self.grid, grid_key, lambda: influence_grid_figure(entries))
        self.follow_up.value = follow_up_html(entries)
        for view in self._follow_up_views:
            view.value = self.follow_up.value
        if self.read_only:
            return
        selected = self.entries.value is not None
        for name in ("delete", "up", "down"):
            self.buttons[name].disabled = not selected
        self.buttons["add"].disabled = self._segment_id(workbook) is None
        role = next((e.role for e in entries if e.id == self.entries.value), None)
        self.explanation.value = (
            f"<div style='background:#f9fafb;border-left:4px solid #c2410c;padding:8px 12px'>"
            f"<b>{escape(label(role))}</b><br>{escape(t(f'stakeholders.explain.{role.value}'))}</div>"
            if role
            else ""
        )
        segment_id = self._segment_id(workbook)
        first = t("app.stakeholders.no_segment_yet")
        self.segment_note.value = "" if segment_id else f"<p style='color:#6b7280;margin:2px 0'>{escape(first)}</p>"
        self.warnings.value = warnings_html(
            item
            for item in workbook_warnings(workbook)
            if item.model == "stakeholder_pyramid" and item.item_id == segment_id
        )


def _shown(value: object) -> object:
    """A model value as a control holds it (enums by their value)."""
    return value.value if hasattr(value, "value") else value


def _entry_line(entry: Stakeholder, extra: str = "") -> str:
    where = f" ({escape(entry.organisation)})" if entry.organisation else ""
    return f"<li><b>{escape(entry.name)}</b>{where} · {escape(label(entry.role))}{extra}</li>"


def follow_up_html(entries: list[Stakeholder]) -> str:
    """The three follow-up lists as HTML (every text escaped)."""
    lists = follow_up(entries)
    parts = [f"<h4 style='margin:8px 0 4px'>{escape(t('app.stakeholders.follow_up'))}</h4>"]
    sections = (
        ("to_check", lists.to_check, lambda e: ""),
        ("partners", lists.partners, lambda e: f" — {escape(e.motives)}" if e.motives else ""),
        (
            "saboteurs",
            lists.saboteurs,
            lambda e: (
                f" — {escape(e.approach)}" if e.approach else f" — <i>{escape(t('app.stakeholders.no_approach'))}</i>"
            ),
        ),
    )
    for key, items, extra in sections:
        parts.append(f"<p style='margin:6px 0 2px'><b>{escape(t(f'app.stakeholders.list.{key}', count=len(items)))}"
                     "</b></p>")  # fmt: skip
        if items:
            parts.append("<ul style='margin:0;padding-left:18px'>" + "".join(_entry_line(e, extra(e)) for e in items)
                         + "</ul>")  # fmt: skip
    return f"<div style='{WRAP}'>{''.join(parts)}</div>"


@built_or_message
def stakeholder_form(source: Any, read_only: bool = False, segment_id: str | None = None) -> StakeholderForm:
    """The klanttype-piramide form of a workbook (its live state, open file or path)."""
    return StakeholderForm(source, read_only=read_only, segment_id=segment_id)
