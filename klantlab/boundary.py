"""The one place where an error meets the user: every entry point hands what went wrong to :func:`problem_of`.

The command line, every widget action (buttons, choices, typed input, the
wall), the export panel and the dashboard run their work through
:func:`guarded` (widgets) or :func:`problem_of` (the command line). What the
user then sees is always a sentence from the catalog:

- a :class:`KlantlabError` says itself (what, where, what to do);
- the operating system's refusals (no permission, disk full, a read-only
  folder, a file gone meanwhile, no memory) get their own sentence naming the
  file;
- anything else is *unexpected*: the sentence says what was being done, that
  nothing was changed, and in which file the details are; the traceback goes
  to that log file only (``KLANTLAB_LOG``, else the user's log folder).
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import logging
import logging.handlers
import os
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from klantlab.errors import KlantlabError
from klantlab.i18n import t

__all__ = ["LOG_ENV", "SystemProblemError", "UnexpectedError", "guarded", "log_file", "os_reason", "problem_of"]

#: Where the details of unexpected errors go (a file path); default: the user's log folder.
LOG_ENV = "KLANTLAB_LOG"
_LOG_BYTES = 1_000_000
_F = TypeVar("_F", bound=Callable[..., Any])


class UnexpectedError(KlantlabError):
    """Something klantlab did not foresee went wrong while doing ``action``; the details are in ``log``."""

    key = "error.unexpected"


class SystemProblemError(KlantlabError):
    """The operating system refused (permission, space, a read-only disk, a file gone, memory)."""

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        super().__init__(None, **params)


def log_file() -> Path:
    """The file the details of unexpected errors are written to."""
    chosen = os.environ.get(LOG_ENV)
    return Path(chosen) if chosen else platformdirs.user_log_path("klantlab") / "klantlab.log"


def _write_log(error: BaseException, action: str) -> Path:
    """Append the traceback of ``error`` to the log; a log that cannot be written falls back to the temp folder."""
    record = "".join(traceback.format_exception(error))
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    for path in (log_file(), Path(tempfile.gettempdir()) / "klantlab.log"):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.handlers.RotatingFileHandler(path, maxBytes=_LOG_BYTES, backupCount=1, encoding="utf-8")
        except OSError:
            continue
        try:
            handler.emit(logging.makeLogRecord({"msg": f"{stamp} {action}\n{record}", "levelno": logging.ERROR}))
        finally:
            handler.close()
        return path
    return log_file()


_OS_KEYS = {
    errno.ENOSPC: "error.os.disk_full",
    errno.EDQUOT: "error.os.disk_full",
    errno.EROFS: "error.os.read_only",
    errno.EACCES: "error.os.permission",
    errno.EPERM: "error.os.permission",
    errno.ENOENT: "error.os.not_found",
    errno.ENOTDIR: "error.os.not_found",  # a file where a folder should be
}


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in a few words of the user's language (its own text when unknown)."""
    key = _OS_KEYS.get(error.errno or 0)
    return t(key.replace("error.os.", "error.os.reason.")) if key else (error.strerror or type(error).__name__)


def problem_of(error: BaseException, action: str) -> KlantlabError:
    """What to tell the user about ``error``, raised while doing ``action`` (a key under ``action.``).

    Unexpected errors are logged with their traceback; the returned error's
    message names the log.
    """
    if isinstance(error, KlantlabError):
        return error
    doing = t(f"action.{action}")
    if isinstance(error, OSError) and error.errno in _OS_KEYS:
        path = error.filename if error.filename is not None else ""
        return SystemProblemError(_OS_KEYS[error.errno], action=doing, path=os.fsdecode(path))
    if isinstance(error, MemoryError):
        return SystemProblemError("error.os.memory", action=doing)
    log = _write_log(error, action)
    return UnexpectedError(action=doing, log=str(log))


def guarded(action: str, report: Callable[[KlantlabError], object]) -> Callable[[_F], _F]:
    """Decorate a widget callback: any error it raises is shown by ``report`` as a message, never a traceback.

    ``action`` is the key (under ``action.``) of what the callback does, for
    the message of an unexpected error.
    """

    def decorate(callback: _F) -> _F:
        @functools.wraps(callback)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return callback(*args, **kwargs)
            except Exception as error:
                report(problem_of(error, action))
                return None

        run.klantlab_action = action  # type: ignore[attr-defined]  # the tests find unguarded callbacks by it
        return run  # type: ignore[return-value]

    return decorate
