"""The undo history of a workbook, kept in a small file beside it.

Every saved change is one entry: what was changed (a catalog key and its
values, so it reads in the user's language), and the JSON patches (RFC 6902,
made by ``jsonpatch``) that turn the workbook before into the workbook after
and back. ``cursor`` counts the entries that are applied; undo steps it back,
redo forward, and a new change drops what could be redone.

Each entry names the content it leads from and to by a hash of the workbook
data (without ``modified``), so an undo is only offered when the history
really fits the file as it is: a file changed outside klantlab starts a new
history instead of being patched wrongly. The file lives beside the workbook
as ``.<name>.history.json``, keeps the last :data:`HISTORY_LIMIT` changes and
never grows beyond that; several kernels on one workbook share it (it is
written under the workbook's lock).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jsonpatch

from klantlab.i18n import t
from klantlab.io.safe_files import atomic_write

__all__ = [
    "HISTORY_LIMIT",
    "Change",
    "History",
    "HistoryEntry",
    "content_hash",
    "history_path",
    "read_history",
    "same_content",
    "write_history",
]

#: The number of changes kept (undo goes back at least this far).
HISTORY_LIMIT = 100
_FORMAT = "klantlab-history"
_VERSION = 1
_VOLATILE = ("modified",)


@dataclass(frozen=True)
class Change:
    """What a change did, in catalog terms: ``text()`` says it in the active language.

    A parameter named ``<name>_key`` holds a catalog key; it is shown as the
    text of that key under ``<name>`` (``field_key="field.name"`` -> ``field``
    = "naam"), so a label reads in the language of the moment it is shown.
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self) -> str:
        params = {
            (name.removesuffix("_key") if name.endswith("_key") else name): (
                t(value) if name.endswith("_key") else value
            )
            for name, value in self.params.items()
        }
        return t(self.key, **params)


@dataclass(frozen=True)
class HistoryEntry:
    what: Change
    at: str
    before: str
    after: str
    forward: list[dict]
    backward: list[dict]


@dataclass(frozen=True)
class History:
    """The saved changes, oldest first; the first ``cursor`` of them are applied."""

    entries: tuple[HistoryEntry, ...] = ()
    cursor: int = 0

    def recorded(self, before: dict, after: dict, what: Change, limit: int = HISTORY_LIMIT) -> History:
        """This history with one more change (``before`` -> ``after``, workbook data as JSON)."""
        old, new = content_hash(before), content_hash(after)
        kept = self.entries[: self.cursor]
        if kept and kept[-1].after != old:  # the file changed outside klantlab: the old entries no longer lead here
            kept = ()
        entry = HistoryEntry(
            what=what,
            at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            before=old,
            after=new,
            forward=_patch(_content(before), _content(after)),
            backward=_patch(_content(after), _content(before)),
        )
        entries = (*kept, entry)[-limit:]
        return History(entries, len(entries))

    def undoable(self, current: dict) -> HistoryEntry | None:
        """The change an undo would take back, when the history fits ``current``."""
        if self.cursor == 0 or self.entries[self.cursor - 1].after != content_hash(current):
            return None
        return self.entries[self.cursor - 1]

    def redoable(self, current: dict) -> HistoryEntry | None:
        """The change a redo would make again, when the history fits ``current``."""
        if self.cursor >= len(self.entries) or self.entries[self.cursor].before != content_hash(current):
            return None
        return self.entries[self.cursor]

    def stepped(self, current: dict, step: int) -> tuple[History, dict] | None:
        """Undo (``step=-1``) or redo (``+1``): the moved history and the workbook data it leads to.

        None when there is nothing to undo or redo, or the patch does not lead
        to the content the history names (then nothing is changed).
        """
        entry = self.undoable(current) if step < 0 else self.redoable(current)
        if entry is None:
            return None
        patch, target = (entry.backward, entry.before) if step < 0 else (entry.forward, entry.after)
        try:
            data = jsonpatch.apply_patch(_content(current), patch)
        except (jsonpatch.JsonPatchException, jsonpatch.JsonPointerException):
            return None
        if content_hash(data) != target:
            return None
        for key in _VOLATILE:
            if key in current:
                data[key] = current[key]
        return replace(self, cursor=self.cursor + step), data


def _patch(before: Any, after: Any, path: str = "") -> list[dict]:
    """The JSON patch from ``before`` to ``after``: made by jsonpatch only where the shape changed.

    One typed word changes one value deep inside a long list; walking down to
    it while keys and list lengths stay the same gives the same patch as
    diffing the whole workbook, in a fraction of the time.
    """
    if before == after:
        return []
    if isinstance(before, dict) and isinstance(after, dict) and before.keys() == after.keys():
        return [op for key in before for op in _patch(before[key], after[key], f"{path}/{_pointer(key)}")]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [
            op for i, (old, new) in enumerate(zip(before, after, strict=True)) for op in _patch(old, new, f"{path}/{i}")
        ]
    if not path:
        return jsonpatch.make_patch(before, after).patch
    ops = jsonpatch.make_patch({"v": before}, {"v": after}).patch
    return [{**op, **{key: path + op[key][2:] for key in ("path", "from") if key in op}} for op in ops]


def _pointer(key: str) -> str:
    """A key as a JSON pointer writes it (RFC 6901)."""
    return str(key).replace("~", "~0").replace("/", "~1")


def content_hash(data: dict) -> str:
    """A hash of what a workbook holds (its JSON data), leaving out when it was last saved."""
    text = json.dumps(_content(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def same_content(a: dict, b: dict) -> bool:
    """Whether two workbooks' data hold the same (when they were saved aside)."""
    return _content(a) == _content(b)


def _content(data: dict) -> dict:
    return {key: value for key, value in data.items() if key not in _VOLATILE}


def history_path(workbook_path: Path) -> Path:
    """Where the history of the workbook at ``workbook_path`` is kept."""
    return workbook_path.with_name(f".{workbook_path.name}.history.json")


def read_history(workbook_path: Path) -> History:
    """The history beside a workbook; an empty one when there is none or it cannot be read."""
    try:
        data = json.loads(history_path(workbook_path).read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or data.get("version") != _VERSION:
            return History()
        entries = tuple(
            HistoryEntry(
                what=Change(item["what"]["key"], dict(item["what"].get("params", {}))),
                at=item["at"],
                before=item["before"],
                after=item["after"],
                forward=list(item["forward"]),
                backward=list(item["backward"]),
            )
            for item in data["entries"]
        )
        cursor = int(data["cursor"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return History()
    return History(entries, cursor) if 0 <= cursor <= len(entries) else History()


def write_history(workbook_path: Path, history: History) -> None:
    """Save ``history`` beside the workbook (atomically, like the workbook itself)."""
    data = {
        "format": _FORMAT,
        "version": _VERSION,
        "cursor": history.cursor,
        "entries": [
            {
                "what": {"key": e.what.key, "params": e.what.params},
                "at": e.at,
                "before": e.before,
                "after": e.after,
                "forward": e.forward,
                "backward": e.backward,
            }
            for e in history.entries
        ],
    }
    atomic_write(history_path(workbook_path), json.dumps(data, ensure_ascii=False).encode("utf-8"))
