"""One live state per open workbook: every form writes through it, every view listens to it.

The flow goes one way::

    control --edit--> state.apply(edit, what) --validate (model)--> save (io) --> notify
       ^                                                                          |
       +--------------- every view redraws from state.workbook <------------------+

- ``apply`` runs an edit on a copy of the workbook, validates the whole
  workbook, saves it with its undo history and only then makes it the
  state's workbook; a refused edit changes nothing and says why.
- A change saved by another kernel (a second notebook on the same file) is
  noticed by the file's fingerprint, before every change and by a watcher
  thread while views listen: the state loads it and tells the views, and an
  edit made meanwhile is applied on top of it, never over it.
- ``undo`` and ``redo`` walk the history kept beside the workbook, so they
  survive a kernel restart and see the changes of other kernels too.

Views hold no workbook data of their own: they read ``state.workbook`` each
time they are told it changed.
"""

from __future__ import annotations

import contextlib
import inspect
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from klantlab.boundary import problem_of
from klantlab.errors import KlantlabError, WorkbookConflictError
from klantlab.i18n import set_currency, t
from klantlab.io import WorkbookFile
from klantlab.io.workbook_history import Change, History, read_history, same_content, write_history
from klantlab.model import Workbook, describe_validation_error

__all__ = ["Outcome", "StateEvent", "WorkbookState", "live_state", "open_state"]

_RETRIES = 3
_WATCH_INTERVAL_S = 1.0


@dataclass(frozen=True)
class Outcome:
    """What became of a change: saved or not, and the message for the person at the screen."""

    saved: bool
    message: str
    details: list[str] = field(default_factory=list)
    changed: bool = True
    """False when the edit left the workbook as it was (nothing saved, nothing to undo)."""


@dataclass(frozen=True)
class StateEvent:
    """Told to every view after the workbook changed: ``kind`` is ``edit``, ``undo``, ``redo`` or ``reload``."""

    kind: str
    message: str
    source: object | None = None
    """The form that made the change (it shows its own message), or None."""


class WorkbookState:
    """The live state of the workbook in ``file`` (see the module text).

    ``workbook`` is the saved version; treat it as read-only and change it
    with :meth:`apply`.
    """

    def __init__(self, file: WorkbookFile) -> None:
        self.file = file
        self._lock = threading.RLock()
        self._listeners: list[tuple[Callable[[], Callable | None], Any]] = []
        self._stat = file.stamp()
        set_currency(file.workbook.currency)

    def __repr__(self) -> str:
        return f"WorkbookState({str(self.path)!r}, client={self.workbook.client.name!r})"

    # --- reading ----------------------------------------------------------------------------------------------------

    @property
    def lock(self) -> threading.RLock:
        """Held while the workbook changes and while views redraw (the watcher thread redraws too)."""
        return self._lock

    @property
    def workbook(self) -> Workbook:
        return self.file.workbook

    @property
    def path(self) -> Path:
        return self.file.path

    def history(self) -> History:
        """The undo history as it is on disk now."""
        return read_history(self.path)

    def undo_text(self) -> str | None:
        """What an undo would take back, in the user's language; None when there is nothing to undo."""
        return self.history_texts()[0]

    def redo_text(self) -> str | None:
        """What a redo would make again; None when there is nothing to redo."""
        return self.history_texts()[1]

    def history_texts(self) -> tuple[str | None, str | None]:
        """What an undo and a redo would do now (None where there is nothing to do), from one read of the history."""
        history, current = self.history(), self._data()
        undo, redo = history.undoable(current), history.redoable(current)
        return (undo.what.text() if undo else None), (redo.what.text() if redo else None)

    # --- changing ---------------------------------------------------------------------------------------------------

    def apply(self, edit: Callable[[Workbook], object], what: Change, source: object | None = None) -> Outcome:
        """Run ``edit`` on a copy of the workbook, validate, save with its history, then tell every view.

        ``edit`` changes the workbook it is given in place (it finds things by
        id, so it works on a version another kernel saved meanwhile as well).
        A :class:`~pydantic.ValidationError` or :class:`KlantlabError` it
        raises refuses the change with its message.
        """
        with self._lock:
            reloaded = self._load_if_changed()
            for _ in range(_RETRIES):
                before = self.workbook
                draft = Workbook.model_validate_json(before.model_dump_json())  # a deep copy, faster than copy()
                try:
                    edit(draft)
                except ValidationError as error:
                    return self._refused(t("app.save.invalid"), describe_validation_error(error), reloaded)
                except KlantlabError as error:
                    return self._refused(error.message, error.details, reloaded)
                before_data = before.model_dump(mode="json")
                if same_content(draft.model_dump(mode="json"), before_data):
                    self._tell_reloaded(reloaded)
                    return Outcome(True, t("app.save.unchanged"), changed=False)
                try:
                    self._write(draft, lambda old=before_data: self.history().recorded(old, self._data(), what))
                except WorkbookConflictError:
                    reloaded = self._load_if_changed(force=True) or reloaded
                    continue
                except KlantlabError as error:
                    return self._refused(error.message, error.details, reloaded)
                except ValidationError as error:  # pragma: no cover - the model validated the draft already
                    return self._refused(t("app.save.invalid"), describe_validation_error(error), reloaded)
                message = t("app.save.merged" if reloaded else "app.save.saved", file=self.path.name)
                self._notify(StateEvent("edit", message, source))
                return Outcome(True, message)
            return self._refused(WorkbookConflictError(self.path).message, [], reloaded)

    def undo(self, source: object | None = None) -> Outcome:
        """Take the last saved change back (also one made in another kernel)."""
        return self._step(-1, source)

    def redo(self, source: object | None = None) -> Outcome:
        """Make the last undone change again."""
        return self._step(1, source)

    def _step(self, step: int, source: object | None) -> Outcome:
        kind = "undo" if step < 0 else "redo"
        with self._lock:
            for attempt in range(_RETRIES):
                reloaded = self._load_if_changed(force=attempt > 0)
                history, current = self.history(), self._data()
                entry = history.undoable(current) if step < 0 else history.redoable(current)
                moved = history.stepped(current, step)
                if entry is None or moved is None:
                    self._tell_reloaded(reloaded)
                    return Outcome(False, t(f"app.history.nothing_to_{kind}"), changed=False)
                new_history, data = moved
                try:
                    workbook = Workbook.model_validate(data)
                    self._write(workbook, lambda new_history=new_history: new_history)
                except WorkbookConflictError:
                    continue
                except ValidationError as error:
                    return self._refused(t(f"app.history.{kind}_refused"), describe_validation_error(error), reloaded)
                except KlantlabError as error:
                    return self._refused(error.message, error.details, reloaded)
                message = t(f"app.history.{kind}_done", what=entry.what.text())
                self._notify(StateEvent(kind, message, source))
                return Outcome(True, message)
            return self._refused(WorkbookConflictError(self.path).message, [], False)

    def _write(self, workbook: Workbook, history: Callable[[], History]) -> None:
        """Save ``workbook`` and, under the same lock, the history ``history()`` makes (after the save)."""

        def keep_history() -> None:
            with contextlib.suppress(OSError):  # the workbook is saved; only undo for this change is lost
                write_history(self.path, history())

        self.file.write(workbook, alongside=keep_history)
        self._stat = self.file.stamp()

    def _data(self) -> dict:
        return self.workbook.model_dump(mode="json")

    def _refused(self, message: str, details: list[str], reloaded: bool) -> Outcome:
        self._tell_reloaded(reloaded)
        return Outcome(False, message, list(details))

    # --- other kernels --------------------------------------------------------------------------------------------

    def sync(self) -> bool:
        """Load the file if another kernel or program saved it since; tell the views. True when it did."""
        with self._lock:
            reloaded = self._load_if_changed()
            self._tell_reloaded(reloaded)
            return reloaded

    def _load_if_changed(self, force: bool = False) -> bool:
        stat = self.file.stamp()
        if stat == self._stat and stat is not None and not force:
            return False
        self._stat = stat
        if not self.file.changed_on_disk():
            return False
        try:
            self.file.reload()
        except KlantlabError:  # damaged or gone: keep what we have; saving will say why it cannot
            return False
        return True

    def _tell_reloaded(self, reloaded: bool) -> None:
        if reloaded:
            self._notify(StateEvent("reload", t("app.save.reloaded", file=self.path.name)))

    # --- listening ------------------------------------------------------------------------------------------------

    def subscribe(self, callback: Callable[[StateEvent], object], owner: object | None = None) -> None:
        """Call ``callback(event)`` after every change of the workbook.

        A bound method is held weakly (its object may go away); with
        ``owner`` (a widget) the callback ends when the owner is closed.
        """
        ref = weakref.WeakMethod(callback) if inspect.ismethod(callback) else (lambda c=callback: c)
        with self._lock:
            self._listeners.append((ref, weakref.ref(owner) if owner is not None else None))
        _WATCHER.watch(self)

    @property
    def listening(self) -> bool:
        return bool(self._listeners)

    def _notify(self, event: StateEvent) -> None:
        set_currency(self.workbook.currency)  # amounts are written in the client's currency everywhere
        dead = []
        for entry in list(self._listeners):
            ref, owner = entry
            callback = ref()
            if callback is None or (owner is not None and getattr(owner(), "comm", True) is None):
                dead.append(entry)
                continue
            try:
                callback(event)
            except Exception as error:  # one view that cannot redraw must not stop the others, nor the save
                problem_of(error, "redraw")  # logged; the view itself shows what it can
        if dead:
            with self._lock:
                self._listeners = [entry for entry in self._listeners if entry not in dead]


class _Watcher:
    """One daemon thread that checks the files of listened-to states for changes by other kernels."""

    def __init__(self) -> None:
        self._states: weakref.WeakSet[WorkbookState] = weakref.WeakSet()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def watch(self, state: WorkbookState) -> None:
        with self._lock:
            self._states.add(state)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="klantlab-watcher", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(_WATCH_INTERVAL_S)
            for state in list(self._states):
                if state.listening:
                    try:
                        state.sync()
                    except Exception:
                        continue


_WATCHER = _Watcher()
_BY_PATH: dict[Path, WorkbookState] = {}
_BY_FILE: weakref.WeakKeyDictionary[WorkbookFile, WorkbookState] = weakref.WeakKeyDictionary()


def open_state(path: Path | str) -> WorkbookState:
    """The live state of the workbook at ``path`` in this kernel (opened once, then shared and kept in step)."""
    key = Path(path).expanduser().absolute()
    state = _BY_PATH.get(key)
    if state is None:
        state = WorkbookState(WorkbookFile.open(key))
        _BY_PATH[key] = state
        _BY_FILE[state.file] = state
    else:
        state.sync()
    return state


def live_state(source: WorkbookState | WorkbookFile | Path | str) -> WorkbookState:
    """The state for what a widget was given: a state, an open workbook file, or a path."""
    if isinstance(source, WorkbookState):
        return source
    if isinstance(source, WorkbookFile):
        state = _BY_FILE.get(source)
        if state is None:
            state = _BY_FILE[source] = WorkbookState(source)
        return state
    return open_state(source)
