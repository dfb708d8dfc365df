"""Widget callbacks, registered through the boundary: an error in one becomes a message in the widget.

Every button, choice and typed entry of klantlab's widgets is tied to its
work with :func:`on_click` or :func:`on_change` (never ``on_click`` or
``observe`` directly), so that whatever goes wrong shows as a sentence in the
user's language in that widget's message area (see :mod:`klantlab.boundary`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as w

from klantlab.boundary import guarded, problem_of
from klantlab.errors import KlantlabError
from klantlab.widgets.html import problem_alert

__all__ = ["built_or_message", "named", "on_change", "on_click", "shows_in"]

Report = Callable[[KlantlabError], object]
_F = TypeVar("_F", bound=Callable[..., Any])
_W = TypeVar("_W", bound=w.DOMWidget)


def named(control: _W, text: str) -> _W:
    """Give ``control`` (a list, dropdown or field shown without a description) ``text`` as its name.

    ipywidgets puts the tooltip on the control itself (its ``title``) when it has no description: a screen
    reader reads it as the control's name (axe-core's ``select-name``), a mouse user sees it on hover.
    """
    control.tooltip = text
    return control


def shows_in(box: w.Box) -> Report:
    """A report that puts the message into ``box`` (replacing what it showed)."""

    def report(error: KlantlabError) -> None:
        box.children = [problem_alert(error)]

    return report


def on_click(button: w.Button, action: str, handler: Callable[[], object], report: Report) -> None:
    """Run ``handler()`` when ``button`` is clicked; an error in it is shown by ``report``."""
    button.on_click(guarded(action, report)(lambda _button: handler()))


def on_change(
    control: w.Widget, action: str, handler: Callable[[dict[str, Any]], object], report: Report, names: str = "value"
) -> None:
    """Run ``handler(change)`` when trait ``names`` of ``control`` changes; an error in it is shown by ``report``."""
    control.observe(guarded(action, report)(handler), names=names)


def built_or_message(factory: _F) -> _F:
    """Decorate a widget factory of the notebooks (``kw.segmentation_form(wb)``…): what it cannot build is a message.

    The notebook cell then shows the sentence where the widget would be,
    never a traceback.
    """

    @functools.wraps(factory)
    def build(*args: Any, **kwargs: Any) -> Any:
        try:
            return factory(*args, **kwargs)
        except Exception as error:
            return problem_alert(problem_of(error, "build"))

    return build  # type: ignore[return-value]
