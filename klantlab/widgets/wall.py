"""The workshop wall: post-its you click, type and drag, for the klanttype-piramide and the customer journey.

The wall is an anywidget (its ES module and CSS ship in ``static/``; no build
step, nothing downloaded). What it draws, ``board``, is a function of the
live workbook state, redrawn after every change wherever it was made. What
the team does on the wall comes back as an *action* (add, edit, move, set,
delete, select); each becomes one ``state.apply``: validated by the model,
saved with its undo entry, then every form and view redraws. The reply to an
action says whether it was saved; a refused one keeps what was typed on the
post-it together with the message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import traitlets

from klantlab.analysis.journey import outside_in_minimum
from klantlab.boundary import problem_of
from klantlab.errors import KlantlabError
from klantlab.i18n import NumberTextError, catalog, get_language, label, read_number, t
from klantlab.model import Attitude, Side, Stakeholder, StakeholderRole, Touchpoint, Workbook
from klantlab.model.base import new_id
from klantlab.model.edits import move_stakeholder, move_touchpoint, place, same_place
from klantlab.state import Change, StateEvent, live_state
from klantlab.widgets.live import InputRefusedError, item_of

__all__ = ["JourneyWall", "StakeholderWall", "Wall", "journey_board", "stakeholder_board", "wall_texts"]

_STATIC = Path(__file__).parent / "static"
_LAYER_COLOURS = ("#7c2d12", "#9a3412", "#c2410c", "#ea580c", "#fb923c", "#fdba74")
#: The text colour on each layer (white on the dark ones, black on the light ones: contrast 4.5:1 or more).
_LAYER_INK = ("#ffffff", "#ffffff", "#ffffff", "#000000", "#000000", "#000000")


def wall_texts() -> dict[str, str]:
    """The wall's texts in the active language: the catalog's ``wall.*`` keys (the ES module has none of its own)."""
    texts = {
        key.removeprefix("wall."): text for key, text in catalog(get_language()).items() if key.startswith("wall.")
    }
    texts.update({f"attitude.{a.value}": label(a) for a in Attitude})
    texts.update({f"emotion.{value}": texts[f"journey.emotion.{value}"] for value in range(-2, 3)})
    return texts


def _layer(number: int, role: StakeholderRole) -> dict[str, Any]:
    return {"id": role.value, "title": label(role), "hint": t(f"stakeholders.explain.{role.value}"),
            "colour": _LAYER_COLOURS[number], "ink": _LAYER_INK[number]}  # fmt: skip


def _stakeholder_note(entry: Stakeholder) -> dict[str, Any]:
    return {"id": entry.id, "lane": entry.role.value, "side": entry.side.value, "text": entry.name,
            "sub": entry.organisation, "influence": entry.influence, "attitude": entry.attitude.value,
            "verified": entry.verified, "partner": entry.strategic_partner}  # fmt: skip


def _touchpoint_note(tp: Touchpoint, minimum: int) -> dict[str, Any]:
    return {"id": tp.id, "lane": tp.phase_id, "text": tp.description, "sub": tp.channel, "means": tp.means,
            "expectation": tp.expectation, "performance": tp.performance, "emotion": tp.emotion,
            "intensity": tp.intensity, "moment": tp.moment_of_truth_inside_out, "mentions": tp.outside_in_mentions,
            "outside": tp.outside_in_mentions >= minimum}  # fmt: skip


def stakeholder_board(workbook: Workbook, segment_id: str | None) -> dict[str, Any]:
    """What the stakeholder wall draws: six layers, inside and outside, the entries of one segment in order."""
    segment = workbook.segmentation.segment(segment_id or "")
    entries = workbook.stakeholder_pyramid.for_segment(segment_id) if segment else []
    return {
        "title": t("app.stakeholders.chart_title", segment=segment.name) if segment else t("wall.stakeholders.none"),
        "can_add": segment is not None,
        "lanes": [_layer(number, role) for number, role in enumerate(StakeholderRole)],
        "sides": [{"id": side.value, "title": t(f"wall.stakeholders.{side.value}")} for side in Side],
        "notes": [_stakeholder_note(entry) for entry in entries],
    }


def journey_board(workbook: Workbook) -> dict[str, Any]:
    """What the journey wall draws: the phases as columns with their sentence, the touchpoints in order."""
    journey = workbook.journey
    minimum = outside_in_minimum(journey)
    segment = workbook.journey_segment()
    return {
        "title": t("app.journey.map_title", segment=segment.name) if segment else t("wall.journey.title"),
        "can_add": bool(journey.phases),
        "minimum": minimum,
        "interviews": journey.outside_in_interviews,
        "lanes": [{"id": p.id, "title": p.shown_name, "hint": p.shown_sentence} for p in journey.phases],
        "notes": [_touchpoint_note(tp, minimum) for phase in journey.phases for tp in journey.in_phase(phase.id)],
    }


class Wall(anywidget.AnyWidget):
    """The part both walls share: drawing from the state, turning the team's actions into saved edits."""

    _esm = _STATIC / "wall.js"
    _css = _STATIC / "wall.css"
    kind = traitlets.Unicode("").tag(sync=True)
    board = traitlets.Dict().tag(sync=True)
    texts = traitlets.Dict().tag(sync=True)
    read_only = traitlets.Bool(False).tag(sync=True)
    #: The post-it the form beside the wall shows (its id), highlighted on the wall.
    selected = traitlets.Unicode("").tag(sync=True)

    KIND: ClassVar[str] = ""
    #: What a change is called in the undo history (``change.<name>.…``).
    KIND_CHANGE: ClassVar[str] = ""
    #: The model fields behind a post-it's two lines of text.
    TEXT_FIELDS: ClassVar[tuple[str, str]] = ("", "")
    #: The fields a post-it's menu and keys may set, with the values they take.
    SETTABLE: ClassVar[dict[str, Callable[[Any], Any]]] = {}

    def __init__(self, source: Any, read_only: bool = False, on_select: Callable[[str], None] | None = None) -> None:
        self.state = live_state(source)
        self.on_select = on_select
        super().__init__(kind=self.KIND, read_only=read_only, texts=wall_texts())
        self.redraw()
        self.state.subscribe(self._changed, owner=self)
        self.on_msg(self._received)

    # --- drawing --------------------------------------------------------------------------------------------------

    def _changed(self, _event: StateEvent) -> None:
        self.redraw()

    def redraw(self) -> None:
        """Draw the board from the state's workbook (also after a change made elsewhere)."""
        with self.state.lock:
            board = self.build(self.state.workbook)
            if board != self.board:
                self.board = board

    def build(self, workbook: Workbook) -> dict[str, Any]:
        """The board of ``workbook``; subclasses override."""
        raise NotImplementedError

    # --- acting -----------------------------------------------------------------------------------------------------

    def _received(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        if not isinstance(content, dict) or "action" not in content:
            return
        try:
            reply = self.act(content)
        except Exception as error:  # the boundary: the post-it shows the message, nothing was changed
            reply = {"ok": False, "message": problem_of(error, "wall").message}
        self.send({"reply": content.get("request"), **reply})

    def act(self, action: dict[str, Any]) -> dict[str, Any]:
        """Carry out one action from the wall; what became of it, as the reply the post-it shows."""
        kind = action.get("action")
        if kind == "select":
            self._select(str(action.get("id") or ""))
            return {"ok": True}
        if self.read_only:
            return {"ok": False, "message": t("wall.read_only_note")}
        try:
            edit, what, new_id = self._edit(kind, action)
        except KlantlabError as error:
            return {"ok": False, "message": error.message}
        except (KeyError, ValueError, TypeError):
            return {"ok": False, "message": t("wall.not_understood")}
        outcome = self.state.apply(edit, what, source=self)
        if outcome.saved and new_id:
            self._select(new_id)
        return {"ok": outcome.saved, "message": outcome.message, "details": outcome.details, "id": new_id}

    def _select(self, item_id: str) -> None:
        """The post-it the form beside the wall shows (a click on it, or one just added)."""
        self.selected = item_id
        if self.on_select is not None and item_id:
            self.on_select(item_id)

    def _edit(self, kind: Any, action: dict[str, Any]) -> tuple[Callable[[Workbook], object], Change, str]:
        if kind == "add":
            return self.add(action)
        item = item_of(self.items(self.state.workbook), action.get("id"))
        name = getattr(item, self.TEXT_FIELDS[0])
        if kind == "edit":
            text, sub = _text(action.get("text")), _text(action.get("sub"))

            def write(wb: Workbook) -> None:
                self.write_text(wb, item_of(self.items(wb), item.id), text, sub)

            return write, Change(f"change.{self.KIND_CHANGE}.field", {"field_key": "wall.text", "name": name}), ""
        if kind == "set":
            field = str(action.get("field"))
            if field not in self.SETTABLE:
                raise KeyError(field)
            value = self.SETTABLE[field](action.get("value"))

            def set_value(wb: Workbook) -> None:
                setattr(item_of(self.items(wb), item.id), field, value)

            return set_value, Change(f"change.{self.KIND_CHANGE}.field", {"field_key": f"field.{field}",
                                                                          "name": name}), ""  # fmt: skip
        if kind == "delete":

            def remove(wb: Workbook) -> None:
                found = item_of(self.items(wb), item.id)
                self.items(wb).remove(found)

            return remove, Change(f"change.{self.KIND_CHANGE}.deleted", {"name": name}), ""
        if kind == "move":
            return self.move(item, action), Change(f"change.{self.KIND_CHANGE}.moved", {"name": name}), ""
        raise KeyError(kind)

    def items(self, workbook: Workbook) -> list:
        """The list the post-its are (all of them, in the workbook's order); subclasses override."""
        raise NotImplementedError

    def write_text(self, workbook: Workbook, item: Any, text: str, sub: str) -> None:
        """Set a post-it's two lines of text on ``item`` (validated by the model)."""
        setattr(item, self.TEXT_FIELDS[0], text)
        setattr(item, self.TEXT_FIELDS[1], sub)

    def add(self, action: dict[str, Any]) -> tuple[Callable[[Workbook], object], Change, str]:
        raise NotImplementedError

    def move(self, item: Any, action: dict[str, Any]) -> Callable[[Workbook], object]:
        raise NotImplementedError


def _text(value: Any) -> str:
    return str(value if value is not None else "")


def _index(action: dict[str, Any]) -> int | None:
    value = action.get("index")
    return int(value) if value is not None else None


def _score(value: Any) -> int | None:
    return None if value in (None, "", 0) else int(value)


def _count(value: Any) -> int:
    """A count as the wall sends it: a number, or the text typed in the post-it's menu ("12", " 3 ")."""
    if not isinstance(value, str):
        return int(value)
    try:
        return int(read_number(value, whole=True))
    except NumberTextError:
        raise InputRefusedError("app.number.not_whole", field=t("wall.journey.mentions"), text=value.strip(),
                                example="4") from None  # fmt: skip


class StakeholderWall(Wall):
    """The klanttype-piramide as a wall: six layers, inside left, outside right (see the module text)."""

    KIND = "stakeholders"
    KIND_CHANGE = "stakeholder"
    TEXT_FIELDS = ("name", "organisation")
    SETTABLE: ClassVar[dict[str, Callable[[Any], Any]]] = {
        "influence": int,
        "attitude": lambda v: Attitude(v),
        "verified": bool,
        "strategic_partner": bool,
    }

    def __init__(
        self,
        source: Any,
        read_only: bool = False,
        segment: Callable[[Workbook], str | None] | None = None,
        on_select: Callable[[str], None] | None = None,
    ) -> None:
        self.segment_of = segment or Workbook.focus_segment_id
        super().__init__(source, read_only=read_only, on_select=on_select)

    def build(self, workbook: Workbook) -> dict[str, Any]:
        return stakeholder_board(workbook, self.segment_of(workbook))

    def items(self, workbook: Workbook) -> list[Stakeholder]:
        return workbook.stakeholder_pyramid.stakeholders

    def add(self, action: dict[str, Any]) -> tuple[Callable[[Workbook], object], Change, str]:
        segment_id = self.segment_of(self.state.workbook)
        if segment_id is None:
            raise InputRefusedError("app.stakeholders.no_segment")
        entry_id, role, side = new_id(), StakeholderRole(action.get("lane")), Side(action.get("side"))
        name, organisation, index = _text(action.get("text")), _text(action.get("sub")), _index(action)

        def add(wb: Workbook) -> None:
            entry = Stakeholder(id=entry_id, segment_id=segment_id, name=name, organisation=organisation,
                                role=role, side=side)  # fmt: skip
            place(self.items(wb), entry, lambda e: same_place(e, entry), index)

        return add, Change("change.stakeholder.added", {"name": name.strip()}), entry_id

    def move(self, item: Stakeholder, action: dict[str, Any]) -> Callable[[Workbook], object]:
        role, side, index = StakeholderRole(action.get("lane")), Side(action.get("side")), _index(action)
        return lambda wb: move_stakeholder(wb, item_of(self.items(wb), item.id).id, role, side, index)


class JourneyWall(Wall):
    """The customer journey as a wall: phases as columns, touchpoints as post-its, the emotion curve below."""

    KIND = "journey"
    KIND_CHANGE = "touchpoint"
    TEXT_FIELDS = ("description", "channel")
    SETTABLE: ClassVar[dict[str, Callable[[Any], Any]]] = {
        "expectation": _score,
        "performance": _score,
        "intensity": _score,
        "emotion": int,
        "moment_of_truth_inside_out": bool,
        "outside_in_mentions": _count,
    }

    def build(self, workbook: Workbook) -> dict[str, Any]:
        return journey_board(workbook)

    def items(self, workbook: Workbook) -> list[Touchpoint]:
        return workbook.journey.touchpoints

    def add(self, action: dict[str, Any]) -> tuple[Callable[[Workbook], object], Change, str]:
        phase_id = self._phase(action)
        touchpoint_id, index = new_id(), _index(action)
        description, channel = _text(action.get("text")), _text(action.get("sub")).strip()

        def add(wb: Workbook) -> None:
            touchpoint = Touchpoint(id=touchpoint_id, phase_id=phase_id, description=description, channel=channel)
            _know_channel(wb, channel)
            place(self.items(wb), touchpoint, lambda tp: tp.phase_id == phase_id, index)

        return add, Change("change.touchpoint.added", {"name": description.strip()}), touchpoint_id

    def _phase(self, action: dict[str, Any]) -> str:
        """The phase an action names; KeyError (the wall did not say a phase of this journey) otherwise."""
        phase_id = str(action.get("lane"))
        if phase_id not in {phase.id for phase in self.state.workbook.journey.phases}:
            raise KeyError(phase_id)
        return phase_id

    def write_text(self, workbook: Workbook, item: Touchpoint, text: str, sub: str) -> None:
        super().write_text(workbook, item, text, sub)
        _know_channel(workbook, item.channel)

    def move(self, item: Touchpoint, action: dict[str, Any]) -> Callable[[Workbook], object]:
        phase_id, index = self._phase(action), _index(action)
        return lambda wb: move_touchpoint(wb, item_of(self.items(wb), item.id).id, phase_id, index)


def _know_channel(workbook: Workbook, channel: str) -> None:
    """A channel the team typed joins the journey's own list (as in the form)."""
    if channel and channel not in workbook.journey.channels:
        workbook.journey.channels.append(channel)
