"""Writing files so that nobody ever sees half of one, and nothing is overwritten unasked.

Both the workbook and the deliverables (deck, report, posters, Excel) are
written here: the bytes go to a temporary file in the target folder, are
flushed to disk, and only then take the target's name. A writer that dies
leaves the old file (or no file), never a broken one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write", "free_path", "write_new"]

_MAX_SUFFIX = 999


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``, replacing it if it exists; ``path`` is never seen half-written."""
    tmp_name = _write_temp(path, data)
    try:
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(path.parent)


def free_path(path: Path) -> Path:
    """``path`` if nothing has that name yet, else the first free ``name (2).ext``, ``name (3).ext``…"""
    if not path.exists() and not path.is_symlink():
        return path
    stem, suffix = _split_name(path.name)
    for n in range(2, _MAX_SUFFIX + 1):
        candidate = path.with_name(f"{stem} ({n}){suffix}")
        if not candidate.exists() and not candidate.is_symlink():
            return candidate
    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path))


def write_new(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` as a whole file and return the path it got.

    With ``overwrite`` the file at ``path`` is replaced. Without, an existing
    file is left alone and the data goes to the first free ``name (n).ext``;
    the name is claimed with a hard link, so two exports at the same moment
    cannot take the same name either.
    """
    if overwrite:
        atomic_write(path, data)
        return path
    tmp_name = _write_temp(path, data)
    try:
        while True:
            target = free_path(path)
            try:
                _claim(tmp_name, target)
            except FileExistsError:
                continue  # somebody took that name a moment ago: try the next one
            break
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
    fsync_dir(path.parent)
    return target


def _claim(tmp_name: str, target: Path) -> None:
    """Give the finished temp file the name ``target`` unless that name exists (then FileExistsError)."""
    try:
        os.link(tmp_name, target)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: reserve the name, then move over the reservation
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        os.replace(tmp_name, target)


def _split_name(name: str) -> tuple[str, str]:
    """``verslag.klantlab.json`` → (``verslag``, ``.klantlab.json``); ``deck.pptx`` → (``deck``, ``.pptx``)."""
    stem, dot, rest = name.partition(".")
    return (stem, dot + rest) if stem else (name, "")


def _write_temp(path: Path, data: bytes) -> str:
    """A flushed temporary copy of ``data`` next to ``path`` (its permissions as ``path`` has or would get)."""
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp_name, file_mode(path))
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return tmp_name


def file_mode(path: Path) -> int:
    """The permissions the file has now, or those a new file gets (mkstemp would make it private)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX; a no-op where folders can't be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
