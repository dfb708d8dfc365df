"""Opening and saving a workbook file (``*.klantlab.json``) without losing anything.

- A save writes a temporary file in the same folder, flushes it to disk and
  renames it over the workbook, so the file on disk is always either the old
  or the new complete version, whatever moment the writer dies.
- The version being replaced is kept as ``<name>.bak``.
- A save is refused when the file changed on disk since it was opened (two
  notebooks on one workbook), and the unsaved changes stay in memory.
- A file that is damaged, not a workbook, or from a newer klantlab is refused
  with a message naming it, and is never written to.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import hashlib
import json
import re
import stat
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from klantlab.boundary import os_reason
from klantlab.errors import (
    WorkbookConflictError,
    WorkbookCorruptError,
    WorkbookCreateError,
    WorkbookExistsError,
    WorkbookForeignError,
    WorkbookInvalidError,
    WorkbookNotFoundError,
    WorkbookReadOnlyError,
    WorkbookTooDeepError,
    WorkbookTooNewError,
    WorkbookTooOldError,
    WorkbookWriteError,
)
from klantlab.io.file_lock import LockTimeoutError, exclusive
from klantlab.io.safe_files import atomic_write
from klantlab.model import FORMAT, SCHEMA_VERSION, Workbook, describe_validation_error, new_workbook
from klantlab.model.migrations import MissingMigrationError, migrate

__all__ = [
    "SUFFIX",
    "WorkbookFile",
    "backup_path",
    "client_name_of",
    "file_name_for",
    "parse_workbook",
    "slug",
    "workbooks_in",
]

#: The file name ending of a workbook.
SUFFIX = ".klantlab.json"
_LOCK_TIMEOUT_S = 10.0


def slug(name: str) -> str:
    """A file-name-safe form of a client name: ``"Bakkerij Één & Zonen"`` -> ``"bakkerij-een-zonen"``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "werkboek"


def file_name_for(client_name: str) -> str:
    """The file name of a new workbook for a client."""
    return slug(client_name) + SUFFIX


def workbooks_in(folder: Path) -> list[str]:
    """The names of the workbook files directly in ``folder``, sorted (links leading outside it left out)."""
    return sorted(p.name for p in Path(folder).glob(f"*{SUFFIX}") if p.is_file() and _inside(p, folder))


def client_name_of(path: Path) -> str | None:
    """The client's name in the workbook at ``path``, read without opening it; None if it cannot be read.

    For a list of workbooks: reading is not opening (no lock, no migration, no validation).
    """
    try:
        name = json.loads(Path(path).read_bytes())["client"]["name"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None
    return name.strip() or None if isinstance(name, str) else None


def _inside(path: Path, folder: Path) -> bool:
    return Path(path).resolve().parent == Path(folder).resolve()


def workbook_in_folder(folder: Path, name: str) -> Path:
    """The workbook ``name`` in ``folder``; a name that would lead anywhere else is refused.

    Only a plain file name of a workbook directly in the folder is accepted:
    no separators, no ``..``, no link pointing outside the folder.
    """
    path = Path(folder) / name
    if Path(name).name != name or name in ("", ".", "..") or not name.endswith(SUFFIX) or not _inside(path, folder):
        raise WorkbookNotFoundError(path)
    return path


def backup_path(path: Path) -> Path:
    """Where the previous version of ``path`` is kept."""
    return path.with_name(path.name + ".bak")


def _lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_workbook(raw: bytes, path: Path) -> Workbook:
    """The workbook in ``raw`` (the bytes of ``path``), migrated and validated.

    Raises a :class:`~klantlab.errors.WorkbookError` subclass that names
    ``path`` and says what to do.
    """
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise WorkbookCorruptError(path, position=exc.start) from None
    except json.JSONDecodeError as exc:
        raise WorkbookCorruptError(path, position=f"{exc.lineno}:{exc.colno}") from None
    except RecursionError:  # thousands of nested brackets: no workbook, and Python's reader gives up
        raise WorkbookTooDeepError(path, depth=sys.getrecursionlimit()) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise WorkbookForeignError(path)
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise WorkbookForeignError(path)
    if version > SCHEMA_VERSION:
        raise WorkbookTooNewError(path, version=version, supported=SCHEMA_VERSION)
    try:
        data = migrate(data)
    except MissingMigrationError as exc:
        raise WorkbookTooOldError(path, version=exc.version) from None
    try:
        return Workbook.model_validate(data)
    except ValidationError as exc:
        raise WorkbookInvalidError(path, describe_validation_error(exc)) from None


class WorkbookFile:
    """A workbook together with the file it lives in.

    Open one with :meth:`open` or :meth:`create`, change ``.workbook`` and call
    :meth:`save`. ``fingerprint`` is the hash of the file as last read or
    written by this object; a save checks that the file still has it.
    """

    def __init__(self, path: Path, workbook: Workbook, fingerprint: str | None) -> None:
        self.path = path
        self.workbook = workbook
        self.fingerprint = fingerprint

    def __repr__(self) -> str:
        return f"WorkbookFile({str(self.path)!r}, client={self.workbook.client.name!r})"

    @classmethod
    def open(cls, path: Path | str) -> WorkbookFile:
        """Read and validate the workbook at ``path``."""
        path = Path(path).expanduser().absolute()
        if not path.is_file():
            raise WorkbookNotFoundError(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise WorkbookNotFoundError(path, [exc.strerror or str(exc)]) from None
        return cls(path, parse_workbook(raw, path), _fingerprint(raw))

    @classmethod
    def create(cls, path: Path | str, client_name: str, consultant: str = "") -> WorkbookFile:
        """Make a new workbook file; refuses to replace an existing file."""
        path = Path(path).expanduser().absolute()
        if path.exists():
            raise WorkbookExistsError(path)
        try:
            workbook = new_workbook(client_name, consultant)
        except ValidationError as exc:
            raise WorkbookInvalidError(path, describe_validation_error(exc)) from None
        handle = cls(path, workbook, None)
        handle.save()
        return handle

    def reload(self) -> None:
        """Replace the in-memory workbook with the file's current content."""
        fresh = self.open(self.path)
        self.workbook, self.fingerprint = fresh.workbook, fresh.fingerprint

    def save(self, *, force: bool = False, modified: dt.datetime | None = None) -> None:
        """Write the workbook safely; see the module docstring.

        ``force=True`` overwrites a file changed by someone else (their
        version is then the backup); ``modified`` stamps the file with that
        time instead of now (for files built reproducibly, like the sample).
        """
        self.write(self.workbook, force=force, modified=modified)

    def stamp(self) -> tuple[int, int] | None:
        """The file's modification time and size now (a cheap first look for a change), or None when it is gone."""
        try:
            info = self.path.stat()
        except OSError:
            return None
        return info.st_mtime_ns, info.st_size

    def changed_on_disk(self) -> bool:
        """Whether the file now differs from the version this object last read or wrote."""
        try:
            return _fingerprint(self.path.read_bytes()) != self.fingerprint
        except OSError:
            return self.fingerprint is not None

    def write(
        self,
        workbook: Workbook,
        *,
        force: bool = False,
        alongside: Callable[[], None] | None = None,
        modified: dt.datetime | None = None,
    ) -> Workbook:
        """Validate and save ``workbook`` as this file's new content and return it as saved.

        On success ``self.workbook`` is the saved version (freshly validated,
        ``modified`` set); when anything fails it is left as it was.
        ``alongside`` runs under the file's lock right after the write (for
        files kept beside the workbook, such as its history).
        """
        now = modified or dt.datetime.now(dt.UTC).replace(microsecond=0)
        data, saved = self._serialise(workbook, now)
        creating = self.fingerprint is None and not self.path.exists()
        if not creating and _marked_read_only(self.path):
            raise WorkbookReadOnlyError(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with exclusive(_lock_path(self.path), timeout=_LOCK_TIMEOUT_S):
                current = self.path.read_bytes() if self.path.exists() else None
                if not force and current is not None and _fingerprint(current) != self.fingerprint:
                    raise WorkbookConflictError(self.path)
                _remove_leftovers(self.path)
                if current is not None:
                    atomic_write(backup_path(self.path), current)
                atomic_write(self.path, data)
                self.fingerprint = _fingerprint(data)
                self.workbook = saved
                if alongside is not None:
                    alongside()
        except LockTimeoutError:
            raise WorkbookWriteError(self.path, [str(_lock_path(self.path))]) from None
        except OSError as exc:
            failed = WorkbookCreateError if creating else WorkbookWriteError
            raise failed(self.path, [os_reason(exc)]) from None
        return saved

    def save_as(self, path: Path | str) -> None:
        """Save to a new file (e.g. after a conflict) and continue with that file."""
        path = Path(path).expanduser().absolute()
        if path.exists():
            raise WorkbookExistsError(path)
        previous = self.path, self.fingerprint
        self.path, self.fingerprint = path, None
        try:
            self.save()
        except BaseException:
            self.path, self.fingerprint = previous
            raise

    def _serialise(self, workbook: Workbook, modified: dt.datetime) -> tuple[bytes, Workbook]:
        text = workbook.model_copy(update={"modified": modified}).model_dump_json(indent=2)
        try:  # nested lists can be changed in place, past assignment checks
            saved = Workbook.model_validate_json(text)
        except ValidationError as exc:
            raise WorkbookInvalidError(self.path, describe_validation_error(exc)) from None
        return (text + "\n").encode("utf-8"), saved


def _marked_read_only(path: Path) -> bool:
    """Whether the owner may not write the file (chmod 444, "Alleen-lezen"): klantlab respects that, also as root."""
    try:
        return not path.stat().st_mode & stat.S_IWUSR
    except OSError:
        return False


def _remove_leftovers(path: Path) -> None:
    """Delete temporary files a killed writer left behind.

    Called with the lock held: temporary files are only written under the
    lock, so any that exist now belong to no running save.
    """
    for name in (path.name, backup_path(path).name, f".{path.name}.history.json"):
        for leftover in path.parent.glob(f".{glob.escape(name)}.*.tmp"):
            with contextlib.suppress(OSError):
                leftover.unlink()
