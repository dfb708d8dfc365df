"""Widgets tied to the live workbook state: forms write through it, views redraw from it.

A form is a set of controls, each *bound* to one value of the workbook: what
it shows is read from ``state.workbook`` whenever the state changes, and what
the user enters goes through ``state.apply`` (validated by the model, saved,
then every view is told). No control keeps a copy of the data:

- a refused entry (the model or the number reader says no) shows the reason
  and keeps what was typed in the box until it is fixed or another item is
  chosen;
- options of lists and dropdowns are computed from the state each time, and
  setting them never saves anything (ids, not labels, stay chosen);
- ``live_html`` and :class:`LiveView` are views that are a function of the state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as w

from klantlab.boundary import problem_of
from klantlab.errors import KlantlabError
from klantlab.i18n import NumberTextError, format_number, get_language, read_number, t
from klantlab.model import Workbook
from klantlab.state import Change, Outcome, StateEvent, WorkbookState, live_state
from klantlab.widgets.actions import on_change, on_click
from klantlab.widgets.html import alert, escape, problem_alert

__all__ = [
    "FORM_CSS",
    "InputRefusedError",
    "LiveForm",
    "LiveView",
    "Messages",
    "NoItemError",
    "UndoBar",
    "field_layout",
    "item_of",
    "live_html",
    "number_box",
    "set_choices",
]

#: Styles the forms share: a refused box gets a red edge; labels may wrap instead of being cut off.
FORM_CSS = (
    "<style>"  # i18n: not user text
    ".klantlab-refused input, .klantlab-refused textarea {border-color:#b91c1c !important;"  # i18n: not user text
    "box-shadow:0 0 0 1px #b91c1c}"
    ".klantlab-form .widget-toggle-button {width:auto; min-width:6em; padding:0 10px}"
    ".klantlab-form .widget-label {white-space:normal; line-height:1.2}"
    ".klantlab-form .widget-checkbox {height:auto; min-height:var(--jp-widgets-inline-height)}"
    ".klantlab-form .widget-checkbox .widget-label-basic {white-space:normal; overflow:visible; height:auto;"
    "line-height:1.3}"
    ".klantlab-warning {color:#92400e}"
    "</style>"
)


class NoItemError(KlantlabError):
    """No item is chosen for a field, or the item is gone (deleted meanwhile, perhaps in another notebook).

    A field's ``read`` raises it to leave its control empty and disabled; an
    edit raises it to refuse the change with a message.
    """

    key = "app.form.item_gone"


def item_of(items: list, item_id: object) -> Any:
    """The item with ``item_id`` among ``items`` (anything with an ``id``); :class:`NoItemError` when there is none."""
    found = next((item for item in items if item.id == item_id), None) if item_id is not None else None
    if found is None:
        raise NoItemError
    return found


class InputRefusedError(KlantlabError):
    """What the user typed cannot be taken as it is; the message names the field and says what to type."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        super().__init__(None, **params)


@dataclass(eq=False)
class _Field:
    control: w.Widget
    read: Callable[[Workbook], Any]
    write: Callable[[Workbook, Any], None]
    what: Callable[[Workbook], Change]
    parse: Callable[[Any], Any] | None = None
    show: Callable[[Any], Any] | None = None
    item: Callable[[], object] = field(default=lambda: None)
    group: str = ""
    refused_for: object = field(default=None)
    refused: bool = False


class Messages(w.VBox):
    """Where a form says what became of the last change (one message at a time)."""

    def show(self, message: str, details: list[str] | None = None, kind: str = "ok") -> None:
        self.children = [alert(message, details, kind)]

    def problem(self, error: KlantlabError) -> None:
        """Show what went wrong (the boundary's report for a form's actions)."""
        self.show(error.message, error.details, "error")

    def outcome(self, outcome: Outcome) -> None:
        if outcome.changed or not outcome.saved:
            self.show(outcome.message, outcome.details, "ok" if outcome.saved else "error")


class UndoBar(w.HBox):
    """Undo and redo for the whole workbook, with what each would do; follows every change."""

    def __init__(self, state: WorkbookState, messages: Messages) -> None:
        self.state = state
        self.messages = messages
        self.undo_button = w.Button(description=t("app.history.undo"), icon="undo", layout=w.Layout(width="auto"))
        self.redo_button = w.Button(description=t("app.history.redo"), icon="repeat", layout=w.Layout(width="auto"))
        on_click(self.undo_button, "history", lambda: messages.outcome(state.undo(source=self)), messages.problem)
        on_click(self.redo_button, "history", lambda: messages.outcome(state.redo(source=self)), messages.problem)
        self.what = w.HTML(layout=w.Layout(margin="0 0 0 8px"))
        super().__init__([self.undo_button, self.redo_button, self.what], layout=w.Layout(flex_flow="row wrap"))
        self.refresh()
        state.subscribe(self._changed, owner=self)

    def _changed(self, event: StateEvent) -> None:
        self.refresh()

    def refresh(self) -> None:
        undo, redo = self.state.history_texts()
        self.undo_button.disabled, self.redo_button.disabled = undo is None, redo is None
        self.undo_button.tooltip = t("app.history.undo_what", what=undo) if undo else t("app.history.nothing_to_undo")
        self.redo_button.tooltip = t("app.history.redo_what", what=redo) if redo else t("app.history.nothing_to_redo")
        text = t("app.history.undo_what", what=undo) if undo else ""
        self.what.value = f"<span style='color:#6b7280;font-size:12px'>{escape(text)}</span>"


class LiveForm(w.VBox):
    """Base of the forms: bound controls, a message area, undo and redo, and a redraw on every change.

    Subclasses build their controls, :meth:`bind` them, set ``children`` and
    override :meth:`redraw` for what is not a single value (lists, charts).
    """

    def __init__(self, source: Any, read_only: bool = False, **kwargs: Any) -> None:
        self.state = live_state(source)
        self.read_only = read_only
        self.messages = Messages()
        self.undo_bar = None if read_only else UndoBar(self.state, self.messages)
        self._quiet = 0
        self._fields: list[_Field] = []
        super().__init__(**kwargs)
        self.add_class("klantlab-form")
        self.state.subscribe(self._changed, owner=self)

    # --- reading and writing ------------------------------------------------------------------------------------

    @property
    def workbook(self) -> Workbook:
        return self.state.workbook

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """Set controls from the state without taking that as the user's input."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def bind(
        self,
        control: w.Widget,
        read: Callable[[Workbook], Any],
        write: Callable[[Workbook, Any], None],
        what: Change | Callable[[Workbook], Change],
        *,
        parse: Callable[[Any], Any] | None = None,
        show: Callable[[Any], Any] | None = None,
        item: Callable[[], object] | None = None,
        group: str = "",
    ) -> w.Widget:
        """Tie ``control`` to the value ``read(workbook)``; the user's input is saved by ``write(workbook, value)``.

        ``parse`` turns the control's value into the model's (raising
        :class:`InputRefusedError`), ``show`` the model's into the control's;
        ``item`` names the item the control shows (a typed entry refused for
        one item is not carried over to another); ``group`` lets controls made
        for a changing set of items (one row per factor) be let go together
        with :meth:`unbind`.
        """
        bound = _Field(control, read, write, what if callable(what) else (lambda _wb, c=what: c), parse, show)
        bound.group = group
        if item is not None:
            bound.item = item
        self._fields.append(bound)
        on_change(control, "save", lambda change, b=bound: self._entered(b, change["new"]), self.messages.problem)
        return control

    def unbind(self, group: str) -> None:
        """Let go of the controls bound in ``group`` (they are about to be replaced)."""
        self._fields = [bound for bound in self._fields if bound.group != group]

    def _entered(self, bound: _Field, value: Any) -> None:
        if self._quiet or self.read_only or bound not in self._fields:
            return
        try:
            model_value = bound.parse(value) if bound.parse else value
        except InputRefusedError as refused:
            self._mark(bound, True)
            self.messages.show(refused.message, kind="error")
            return
        try:
            what = bound.what(self.workbook)
        except NoItemError:
            return
        outcome = self.state.apply(lambda wb: bound.write(wb, model_value), what, source=self)
        self._mark(bound, not outcome.saved)
        self.messages.outcome(outcome)
        if outcome.changed or not outcome.saved:
            self.refresh()

    def _mark(self, bound: _Field, refused: bool) -> None:
        bound.refused, bound.refused_for = refused, bound.item() if refused else None
        (bound.control.add_class if refused else bound.control.remove_class)("klantlab-refused")

    def edit(self, edit: Callable[[Workbook], object], what: Change) -> bool:
        """Apply one change made by a button (add, delete, move); the message says how it went."""
        outcome = self.state.apply(edit, what, source=self)
        self.messages.outcome(outcome)
        self.refresh()
        return outcome.saved

    # --- redrawing ------------------------------------------------------------------------------------------------

    def _changed(self, event: StateEvent) -> None:
        if event.source is self:
            return
        try:
            self.refresh()
        except Exception as error:  # another view's change must not stop this one, nor leave it silent
            self.messages.problem(problem_of(error, "redraw"))
            return
        if event.kind == "reload":
            self.messages.show(event.message, kind="info")

    def refresh(self) -> None:
        """Show the state: the options of lists, every bound control, then whatever :meth:`redraw` draws."""
        with self.state.lock:  # one redraw at a time, also when the watcher thread brings another kernel's change
            self._refresh()

    def _refresh(self) -> None:
        workbook = self.workbook
        with self.quiet():
            self.update_choices()
            for bound in list(self._fields):
                if bound.refused and bound.refused_for == bound.item():
                    continue  # keep what the user typed until it is fixed
                if bound.refused:
                    self._mark(bound, False)
                try:
                    value = bound.read(workbook)
                except NoItemError:
                    bound.control.disabled = True
                    continue
                bound.control.disabled = self.read_only
                if bound.parse is not None and _reads_as(bound, value):
                    continue  # "1.200.000,50" stays as typed: it is the number saved
                shown = bound.show(value) if bound.show else value
                if bound.control.value != shown:
                    bound.control.value = shown
            self.redraw()

    def update_choices(self) -> None:
        """Set the options of lists and dropdowns from the state (before the values); subclasses override."""

    def redraw(self) -> None:
        """Draw what depends on the state beyond single values (lists, charts); subclasses override."""


class LiveView(w.VBox):
    """A view that is a function of the state: :meth:`redraw` builds its children anew after every change."""

    def __init__(self, source: Any, **kwargs: Any) -> None:
        self.state = live_state(source)
        super().__init__(**kwargs)
        self._changed(None)
        self.state.subscribe(self._changed, owner=self)

    def _changed(self, _event: StateEvent | None) -> None:
        try:
            self.redraw()
        except Exception as error:  # the view says it could not be drawn instead of a traceback
            self.children = [problem_alert(problem_of(error, "redraw"))]

    def redraw(self) -> None:
        """Set ``children`` from ``self.state.workbook``; subclasses override."""


def field_layout(max_width: str = "560px", height: str | None = None, **more: Any) -> w.Layout:
    """A form field as wide as its column allows, up to ``max_width``; never past the column (or a tab's) edge."""
    return w.Layout(width="calc(100% - 6px)", max_width=max_width, height=height, **more)


def _reads_as(bound: _Field, value: Any) -> bool:
    """Whether the control's text already reads as ``value`` (the same number, however it is written)."""
    try:
        return bound.parse(bound.control.value) == value
    except KlantlabError:
        return False


def set_choices(control: w.Widget, options: list, value: Any) -> None:
    """Give a list or dropdown new options and a value without the reset in between counting as a choice.

    Call it inside :meth:`LiveForm.quiet`; a value no longer among the
    options becomes the first option (or nothing).
    """
    values = [option[1] if isinstance(option, tuple) else option for option in options]
    if isinstance(control, w.SelectMultiple):
        chosen = tuple(v for v in (value or ()) if v in values)
        if list(control.options) != list(options):
            control.options = options
        if control.value != chosen:
            control.value = chosen
        return
    if list(control.options) != list(options):
        control.options = options
    target = value if value in values else (values[0] if values else None)
    if control.value != target:
        control.value = target


def number_box(
    description: str,
    *,
    whole: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    optional: bool = True,
    example: float = 1200000.5,
    **kwargs: Any,
) -> tuple[w.Text, Callable[[Any], float | int | None], Callable[[Any], str]]:
    """A text box for a number as people type it, with its reader and its writer.

    Returns ``(box, parse, show)`` for :meth:`LiveForm.bind`. ``parse`` reads
    ``1.200.000,50``, ``€ 1.200``, ``12,5 %`` (in the active language) and
    refuses anything else with a message that names the field and gives an
    example; ``show`` writes the number back the way the language does.
    """
    example_text = _show_number(int(example) if whole else example)
    box = w.Text(description=description, placeholder=example_text, continuous_update=False, **kwargs)
    name = description.rstrip(" :")

    def parse(text: Any) -> float | int | None:
        if optional and not str(text or "").strip():
            return None
        try:
            value = read_number(text, whole=whole)
        except NumberTextError as error:
            key = "app.number.not_whole" if error.reason == "not_whole" else "app.number.not_a_number"
            raise InputRefusedError(key, field=name, text=str(text).strip(), example=example_text) from None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            low = _show_number(minimum) if minimum is not None else "…"
            high = _show_number(maximum) if maximum is not None else "…"
            raise InputRefusedError("app.number.out_of_range", field=name, text=str(text).strip(), low=low, high=high)
        return int(value) if whole else value

    return box, parse, _show_number


def _show_number(value: Any) -> str:
    """A number as the active language writes it, with as many decimals as it has (up to six)."""
    if value is None:
        return ""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    decimals = len(text.partition(".")[2])
    return format_number(float(value), decimals, get_language())


def live_html(source: Any, render: Callable[[Workbook], str]) -> w.HTML:
    """An HTML view that is ``render(workbook)``, redrawn after every change of the workbook."""
    state = live_state(source)
    view = w.HTML()

    def redraw(_event: StateEvent | None) -> None:
        try:
            view.value = render(state.workbook)
        except Exception as error:  # the view says it could not be drawn instead of a traceback
            view.value = problem_alert(problem_of(error, "redraw")).value

    redraw(None)
    state.subscribe(redraw, owner=view)
    return view
