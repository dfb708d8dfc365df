"""The manager's dashboard as a PDF: its HTML snapshot printed to A4 portrait by headless chromium.

The snapshot (``report.snapshot``) carries the dashboard's print rules (``dashboard.css``: A4 portrait, a
new page before each model, nothing wider than the page). Chromium prints it after its load event, when
the charts and the walls are drawn (they are drawn by scripts that run before that event). The browser
runs in its own session with a fresh profile in a temporary folder; when it is done, or takes too long,
every process of that session is ended, so no browser is left behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from klantlab.errors import ExportError
from klantlab.model import Workbook
from klantlab.report.snapshot import snapshot_html

__all__ = ["BROWSER_NAMES", "TIMEOUT_S", "find_chromium", "print_to_pdf", "snapshot_pdf"]

#: The programs tried on PATH, in order, when ``$BROWSER_PATH`` names none (as kaleido looks for one).
BROWSER_NAMES = (
    "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",  # i18n: not user text
)  # fmt: skip
#: Where macOS keeps Chrome and Chromium (not on PATH), tried after PATH.
MACOS_BROWSERS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",  # i18n: not user text
    "/Applications/Chromium.app/Contents/MacOS/Chromium",  # i18n: not user text
)
#: How long the browser may take to print the dashboard (it takes 3–7 s on a 2-core machine).
TIMEOUT_S = 90.0
#: How long a browser that is asked to stop may take before it is killed.
_STOP_GRACE_S = 3.0
_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",  # i18n: not user text
    "--disable-background-networking", "--disable-component-update", "--disable-sync",  # i18n: not user text
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars",  # i18n: not user text
)  # fmt: skip


def find_chromium() -> str:
    """The chromium to print with: ``$BROWSER_PATH``, else the first of :data:`BROWSER_NAMES` on PATH, else an
    installed macOS Chrome or Chromium.

    ExportError (what is missing, what to do) when there is none.
    """
    named = os.environ.get("BROWSER_PATH", "")
    on_path = [found for name in BROWSER_NAMES if (found := shutil.which(name))]
    candidates = [named] if named else [*on_path, *MACOS_BROWSERS]
    for path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    raise ExportError("snapshot.no_browser", path=f" (BROWSER_PATH={named})" if named else "")


def _end_session(process: subprocess.Popen) -> None:
    """End every process of the browser's session (it started renderers and helpers of its own).

    A browser still running is asked to stop first, so it ends and reaps its own helpers; whatever is left
    of the session after a few seconds is killed. The browser itself is always waited for (no zombie).
    """
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=_STOP_GRACE_S)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def print_to_pdf(html: str, timeout: float = TIMEOUT_S) -> bytes:
    """``html`` (a whole page that needs no server) printed by chromium; ExportError when that fails."""
    browser = find_chromium()
    with tempfile.TemporaryDirectory(prefix="klantlab-pdf-") as folder:
        page, pdf = Path(folder) / "dashboard.html", Path(folder) / "dashboard.pdf"
        page.write_text(html, encoding="utf-8")
        profile = Path(folder) / "profile"
        where = [f"--user-data-dir={profile}", f"--print-to-pdf={pdf}"]  # i18n: not user text
        command = [browser, *_FLAGS, *where, page.as_uri()]
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            start_new_session=True,
        )  # fmt: skip
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise ExportError("snapshot.pdf_timeout", seconds=f"{timeout:.0f}") from None
        finally:
            _end_session(process)
        if not pdf.is_file() or pdf.stat().st_size == 0:
            last = [line for line in errors.decode("utf-8", "replace").splitlines() if line.strip()][-1:]
            reason = f"exit code {process.returncode}" + (f": {last[0][-300:]}" if last else "")
            raise ExportError("snapshot.pdf_failed", reason=reason)
        return pdf.read_bytes()


def snapshot_pdf(workbook: Workbook, file_name: str, timeout: float = TIMEOUT_S) -> bytes:
    """The dashboard of ``workbook`` (saved as ``file_name``) as an A4 PDF, one page per model or more."""
    return print_to_pdf(snapshot_html(workbook, file_name), timeout)
