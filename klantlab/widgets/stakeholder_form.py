"""The klanttype-piramide in a notebook: enter the parties of a purchase per segment, see the pyramid at once.

A list of entries with add, delete, up and down; the fields of the selected
entry beside it, each change validated and saved at once; the explanation of
the chosen klanttype next to the form; the pyramid, the influence × attitude
grid and the follow-up lists below. ``read_only=True`` shows the charts and
lists without any control (for dashboards).
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import pandas as pd

from klantlab.analysis.stakeholder_followup import follow_up
from klantlab.charts.stakeholder_pyramid import influence_grid_figure, stakeholder_pyramid_figure
from klantlab.charts.style import plot_text
from klantlab.errors import KlantlabError
from klantlab.i18n import label, t
from klantlab.io import SUFFIX, WorkbookFile, slug
from klantlab.io.posters import write_poster
from klantlab.model import Attitude, Segment, Side, Stakeholder, StakeholderRole
from klantlab.widgets.figures import show_figure
from klantlab.widgets.html import alert, escape, field_label, problem_alert
from klantlab.widgets.saving import Saver

__all__ = ["StakeholderForm", "role_explanations", "stakeholder_form"]

_STYLE = {"description_width": "170px"}
_FIELD = w.Layout(width="520px")
#: Suggested ways to check an assumption (catalog keys ``app.stakeholders.method.<name>``); free text is allowed.
METHODS = ("interview", "visit", "phone", "survey", "workshop")


def role_explanations() -> str:
    """Every klanttype explained in our own words, plus the two points teams most often get wrong (HTML)."""
    items = "".join(
        f"<li><b>{escape(label(role))}</b>: {escape(t(f'stakeholders.explain.{role.value}'))}</li>"
        for role in StakeholderRole
    )
    notes = "".join(f"<p style='margin:6px 0'>{escape(t(f'stakeholders.note.{key}'))}</p>"
                    for key in ("recommender_vs_influencer", "economic_buyer", "specific"))  # fmt: skip
    return f"<ul style='margin:4px 0;padding-left:18px'>{items}</ul>{notes}"


class StakeholderForm(w.VBox):
    """The stakeholder entries of one segment of ``handle.workbook`` (see the module text)."""

    def __init__(self, handle: WorkbookFile, read_only: bool = False, segment_id: str | None = None) -> None:
        self.handle = handle
        self.saver = Saver(handle)
        self.read_only = read_only
        self._loading = False
        segmentation = handle.workbook.segmentation
        chosen = segment_id or next(iter(segmentation.chosen_segment_ids), None)
        if chosen is None and segmentation.segments:
            chosen = segmentation.segments[0].id
        self.segment = w.Dropdown(options=self._segment_options(), value=chosen,
                                  description=t("app.stakeholders.segment"), style=_STYLE, layout=_FIELD)  # fmt: skip
        self.pyramid = w.Output(layout=w.Layout(width="100%"))
        self.grid = w.Output(layout=w.Layout(width="100%"))
        self.follow_up = w.HTML()
        if read_only:
            super().__init__([self.segment, self.pyramid, self.grid, self.follow_up],
                             layout=w.Layout(max_width="1200px"))  # fmt: skip
            self.segment.observe(lambda _: self.draw(), names="value")
            self.draw()
            return

        self.new_segment = w.Text(
            placeholder=t("app.stakeholders.new_segment_placeholder"),
            description=t("app.stakeholders.new_segment"),
            style=_STYLE,
            layout=_FIELD,
        )
        self.add_segment = w.Button(description=t("app.stakeholders.add_segment"), icon="plus",
                                    layout=w.Layout(width="auto"))  # fmt: skip
        self.entries = w.Select(options=[], rows=12, layout=w.Layout(width="340px"))
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
            control.style = {"description_width": "initial"} if isinstance(control, w.Checkbox) else _STYLE
            if isinstance(control, w.Checkbox):
                control.layout = w.Layout(width="auto", margin="2px 0 2px 176px")
            elif not isinstance(control, w.ToggleButtons):
                control.layout = w.Layout(width="540px", height="70px" if isinstance(control, w.Textarea) else None)
            control.observe(lambda change, name=name: self._changed(name, change["new"]), names="value")
        self.explanation = w.HTML(layout=w.Layout(width="340px", margin="0 0 0 12px"))
        self.poster_size = w.Dropdown(options=["A1", "A0", "A3"], value="A1", description=t("app.stakeholders.poster"),
                                      style=_STYLE, layout=w.Layout(width="260px"))  # fmt: skip
        self.poster_format = w.Dropdown(options=["pdf", "svg", "png"], value="pdf", layout=w.Layout(width="90px"))
        self.poster_button = w.Button(description=t("app.stakeholders.make_poster"), icon="print",
                                      layout=w.Layout(width="auto"))  # fmt: skip
        self.poster_message = w.VBox()
        self.poster_button.on_click(lambda _: self.make_poster())
        self.help = w.Accordion(children=[w.HTML(role_explanations())], selected_index=None)
        self.help.set_title(0, t("app.stakeholders.help"))
        editor = w.VBox(list(self.fields.values()))
        listing = w.VBox([self.entries, w.HBox(list(self.buttons.values()))])
        super().__init__(
            [
                w.HBox([self.segment]),
                w.HBox([self.new_segment, self.add_segment]),
                w.HBox([listing, editor, self.explanation]),
                self.saver.messages,
                self.help,
                self.pyramid,
                w.HBox([self.poster_size, self.poster_format, self.poster_button]),
                self.poster_message,
                self.grid,
                self.follow_up,
            ],
            layout=w.Layout(max_width="1300px"),
        )
        self.segment.observe(lambda _: self._refresh_list(), names="value")
        self.entries.observe(lambda _: self._load_entry(), names="value")
        self.add_segment.on_click(lambda _: self.create_segment(self.new_segment.value))
        self.buttons["add"].on_click(lambda _: self.add())
        self.buttons["delete"].on_click(lambda _: self.delete())
        self.buttons["up"].on_click(lambda _: self.move(-1))
        self.buttons["down"].on_click(lambda _: self.move(1))
        self._refresh_list()

    # --- data -------------------------------------------------------------------------------------------------------

    def _segment_options(self) -> list[tuple[str, str]]:
        return [(segment.name, segment.id) for segment in self.handle.workbook.segmentation.segments]

    @property
    def current(self) -> list[Stakeholder]:
        """The entries of the chosen segment, in the team's order."""
        if self.segment.value is None:
            return []
        return self.handle.workbook.stakeholder_pyramid.for_segment(self.segment.value)

    def _selected(self) -> Stakeholder | None:
        return next((entry for entry in self.current if entry.id == self.entries.value), None)

    # --- actions ----------------------------------------------------------------------------------------------------

    def create_segment(self, name: str) -> None:
        """Add a segment by name (when the segmentation has none yet, or misses one) and choose it."""
        segment_list = self.handle.workbook.segmentation.segments
        if self.saver.apply(lambda: segment_list.append(Segment(name=name))):
            self.segment.options = self._segment_options()
            self.segment.value = segment_list[-1].id
            self.new_segment.value = ""

    def add(self) -> None:
        """A new entry in the chosen segment, selected for editing."""
        if self.segment.value is None:
            self.saver.messages.children = [w.HTML(escape(t("app.stakeholders.no_segment")))]
            return
        existing = {entry.name for entry in self.current}
        number = 1 + len(self.current)
        while t("app.stakeholders.new_name", number=number) in existing:
            number += 1
        entry = Stakeholder(segment_id=self.segment.value, name=t("app.stakeholders.new_name", number=number),
                            role=StakeholderRole.influencer)  # fmt: skip
        if self.saver.apply(lambda: self.handle.workbook.stakeholder_pyramid.stakeholders.append(entry)):
            self._refresh_list(select=entry.id)

    def delete(self) -> None:
        """Remove the selected entry."""
        entry = self._selected()
        if entry is None:
            return
        entries = self.handle.workbook.stakeholder_pyramid.stakeholders
        position = entries.index(entry)
        entries.remove(entry)
        if self.saver.save():
            self._refresh_list()
        else:
            entries.insert(position, entry)

    def move(self, step: int) -> None:
        """Move the selected entry up (-1) or down (+1) among the entries of its segment."""
        entry = self._selected()
        if entry is None:
            return
        same = self.current
        index = same.index(entry) + step
        if not 0 <= index < len(same):
            return
        entries = self.handle.workbook.stakeholder_pyramid.stakeholders
        a, b = entries.index(entry), entries.index(same[index])
        entries[a], entries[b] = entries[b], entries[a]
        if self.saver.save():
            self._refresh_list(select=entry.id)

    def _changed(self, field: str, value: object) -> None:
        entry = self._selected()
        if self._loading or entry is None:
            return
        if self.saver.apply(lambda: setattr(entry, field, value)):
            self._refresh_list(select=entry.id)
        else:
            self.draw()

    def make_poster(self) -> Path | None:
        """Write the pyramid of the chosen segment as a poster next to the workbook; the message names the file."""
        segment = next((s for s in self.handle.workbook.segmentation.segments if s.id == self.segment.value), None)
        name = f"{self.handle.path.name.removesuffix(SUFFIX)}-{t('app.stakeholders.poster_file')}"
        name += f"-{slug(segment.name)}" if segment else ""
        path = self.handle.path.parent / f"{name}-{self.poster_size.value}.{self.poster_format.value}"
        try:
            path = write_poster(self.figure(), path, self.poster_size.value)
        except KlantlabError as error:
            self.poster_message.children = [problem_alert(error)]
            return None
        self.poster_message.children = [alert(t("app.stakeholders.poster_written", path=path), kind="ok")]
        return path

    def follow_up_table(self) -> pd.DataFrame:
        """The follow-up lists as one table: list, name, organisation, klanttype, influence, approach."""
        lists = follow_up(self.current)
        rows = [
            {
                t("app.stakeholders.col.list"): t(f"app.stakeholders.short.{key}"),
                field_label("name"): entry.name,
                field_label("organisation"): entry.organisation,
                field_label("role"): label(entry.role),
                field_label("influence"): entry.influence,
                field_label("approach"): entry.approach,
            }
            for key, entries in (("to_check", lists.to_check), ("partners", lists.partners),
                                 ("saboteurs", lists.saboteurs))
            for entry in entries
        ]  # fmt: skip
        return pd.DataFrame(rows)

    def figure(self):
        """The pyramid chart of the chosen segment."""
        segment = next((s for s in self.handle.workbook.segmentation.segments if s.id == self.segment.value), None)
        title = t("app.stakeholders.chart_title", segment=plot_text(segment.name)) if segment else None
        return stakeholder_pyramid_figure(self.current, title)

    # --- display ----------------------------------------------------------------------------------------------------

    def _refresh_list(self, select: str | None = None) -> None:
        entries = self.current
        self._loading = True
        self.entries.options = [(f"{label(entry.role)} · {entry.name}", entry.id) for entry in entries]
        self.entries.value = select if select in {e.id for e in entries} else (entries[0].id if entries else None)
        self._loading = False
        self._load_entry()
        self.draw()

    def _load_entry(self) -> None:
        entry = self._selected()
        self._loading = True
        for name, control in self.fields.items():
            control.disabled = entry is None
            if entry is not None:
                value = getattr(entry, name)
                control.value = value.value if hasattr(value, "value") else value
        for name in ("delete", "up", "down"):
            self.buttons[name].disabled = entry is None
        self._loading = False
        role = entry.role if entry else None
        self.explanation.value = (
            f"<div style='background:#f9fafb;border-left:4px solid #c2410c;padding:8px 12px'>"
            f"<b>{escape(label(role))}</b><br>{escape(t(f'stakeholders.explain.{role.value}'))}</div>"
            if role
            else ""
        )

    def draw(self) -> None:
        """Redraw the pyramid, the grid and the follow-up lists of the chosen segment."""
        entries = self.current
        show_figure(self.pyramid, self.figure())
        show_figure(self.grid, influence_grid_figure(entries))
        self.follow_up.value = follow_up_html(entries)


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
    return "".join(parts)


def stakeholder_form(handle: WorkbookFile, read_only: bool = False, segment_id: str | None = None) -> StakeholderForm:
    """The klanttype-piramide form of a workbook (see :class:`StakeholderForm`)."""
    return StakeholderForm(handle, read_only=read_only, segment_id=segment_id)
