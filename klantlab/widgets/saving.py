"""Apply a change to the workbook and save it at once, telling the user when that is refused.

Every form does the same: set a field (the model validates it), save the file,
and show what went wrong in the user's language. A refused change leaves the
file as it was and the user's input in the form, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
from pydantic import ValidationError

from klantlab.errors import KlantlabError
from klantlab.i18n import t
from klantlab.io import WorkbookFile
from klantlab.model import describe_validation_error
from klantlab.widgets.html import alert, problem_alert

__all__ = ["Saver"]


class Saver:
    """Applies changes to ``handle.workbook`` and saves; messages go to ``self.messages``."""

    def __init__(self, handle: WorkbookFile) -> None:
        self.handle = handle
        self.messages = w.VBox()

    def apply(self, change: Callable[[], None]) -> bool:
        """Run ``change`` (which edits the workbook), then save. True when both worked."""
        try:
            change()
        except ValidationError as error:
            self.messages.children = [alert(t("app.save.invalid"), describe_validation_error(error))]
            return False
        return self.save()

    def save(self) -> bool:
        """Save the workbook; on a conflict or write error show the message and keep the changes in memory."""
        try:
            self.handle.save()
        except KlantlabError as error:
            self.messages.children = [problem_alert(error)]
            return False
        self.messages.children = [alert(t("app.save.saved", file=self.handle.path.name), kind="ok")]
        return True
