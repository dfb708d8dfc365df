"""Errors a user can meet, each carrying a catalog key so it reads in their language."""

from __future__ import annotations

from pathlib import Path

from klantlab.i18n import t

__all__ = [
    "AnswerFileError",
    "ExportError",
    "ImportFileError",
    "KlantlabError",
    "WorkbookConflictError",
    "WorkbookCorruptError",
    "WorkbookCreateError",
    "WorkbookError",
    "WorkbookExistsError",
    "WorkbookForeignError",
    "WorkbookInvalidError",
    "WorkbookNotFoundError",
    "WorkbookReadOnlyError",
    "WorkbookTooDeepError",
    "WorkbookTooNewError",
    "WorkbookTooOldError",
    "WorkbookWriteError",
]


class KlantlabError(Exception):
    """An error with a message from the i18n catalog: what, where, what to do.

    ``details`` are extra lines (e.g. one per invalid field) shown under the
    message. ``str(error)`` renders in the language active at that moment.
    """

    key = "error.general"

    def __init__(self, details: list[str] | None = None, **params: object) -> None:
        super().__init__(self.key, params)
        self.params = params
        self.details = list(details or [])

    @property
    def message(self) -> str:
        """The main sentence without the details."""
        return t(self.key, **self.params)

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {line}" for line in self.details)])

    def _render_traceback_(self) -> list[str]:
        """What IPython shows when a notebook cell raises this error: the message, not a traceback."""
        return str(self).splitlines()


class WorkbookError(KlantlabError):
    """Something is wrong with a workbook file; ``path`` names it."""

    def __init__(self, path: Path | str, details: list[str] | None = None, **params: object) -> None:
        super().__init__(details, path=str(path), **params)
        self.path = Path(path)


class WorkbookNotFoundError(WorkbookError):
    key = "error.workbook.not_found"


class WorkbookExistsError(WorkbookError):
    key = "error.workbook.exists"


class WorkbookCorruptError(WorkbookError):
    key = "error.workbook.corrupt"


class WorkbookForeignError(WorkbookError):
    key = "error.workbook.foreign"


class WorkbookTooNewError(WorkbookError):
    key = "error.workbook.too_new"


class WorkbookTooOldError(WorkbookError):
    key = "error.workbook.too_old"


class WorkbookInvalidError(WorkbookError):
    key = "error.workbook.invalid"


class WorkbookConflictError(WorkbookError):
    key = "error.workbook.conflict"


class WorkbookWriteError(WorkbookError):
    key = "error.workbook.write_failed"


class WorkbookCreateError(WorkbookError):
    """A new workbook file (``klantlab new``, ``save_as``) could not be made where asked."""

    key = "error.workbook.create_failed"


class WorkbookReadOnlyError(WorkbookError):
    """The workbook file is marked read-only: klantlab does not overwrite it."""

    key = "error.workbook.read_only"


class WorkbookTooDeepError(WorkbookError):
    """The file nests lists or objects deeper than any workbook does (hand-edited or not a workbook)."""

    key = "error.workbook.too_deep"


class ImportFileError(KlantlabError):
    """A client's export cannot be read as asked; ``key`` says why, ``path`` names the file.

    The file itself is never changed by klantlab.
    """

    def __init__(self, key: str, path: Path | str | None = None, details: list[str] | None = None, **params: object):
        self.key = key
        super().__init__(details, path=str(path) if path is not None else "", **params)
        self.path = Path(path) if path is not None else None


class ExportError(KlantlabError):
    """A deliverable (deck, report, poster, Excel) could not be made; ``key`` says why.

    Nothing half-written is left behind: files are only named once complete.
    """

    def __init__(self, key: str, details: list[str] | None = None, **params: object) -> None:
        self.key = key
        super().__init__(details, **params)


class AnswerFileError(KlantlabError):
    """A student's answer file that cannot be read (not one, or damaged); ``key`` says why, ``file`` which."""

    def __init__(self, key: str, details: list[str] | None = None, **params: object) -> None:
        self.key = key
        super().__init__(details, **params)
