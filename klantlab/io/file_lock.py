"""One writer at a time for a file, without leaving a lock file behind.

A save holds ``.<name>.lock`` beside the file for the moment it writes. The lock file is removed when the writer
is done: on Linux and macOS with ``flock`` and the usual check that makes removing safe (a writer that waited for
a lock file another writer just removed sees that it no longer is the one on disk, and takes the new one); on
Windows with :mod:`filelock`, which removes its lock file itself.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LockTimeoutError", "exclusive"]

_POLL_S = 0.05


class LockTimeoutError(TimeoutError):
    """Another writer held the lock for longer than we wait."""


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


@contextlib.contextmanager
def exclusive(path: Path, timeout: float) -> Iterator[None]:
    """Hold the lock file ``path``, waiting at most ``timeout`` s (else :class:`LockTimeoutError`); removed after."""
    try:
        import fcntl
    except ImportError:  # Windows
        from filelock import FileLock, Timeout

        try:
            with FileLock(path, timeout=timeout):
                yield
        except Timeout:
            raise LockTimeoutError(str(path)) from None
        return
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeoutError(str(path)) from None
                    time.sleep(_POLL_S)
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            break
        os.close(fd)  # the writer before us removed this lock file: take the one on disk now
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)  # while still holding it: whoever waits on it sees it is gone and starts again
        os.close(fd)
