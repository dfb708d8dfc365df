"""Two buttons on the live dashboard: "Download PDF" and "Download HTML" of what the manager sees.

An anywidget (its ES module is ``static/download.js``, no build step). A click asks the kernel for the
file; the kernel builds it from the live state's current workbook (``report.snapshot`` for the HTML,
``report.snapshot_pdf`` for the PDF) and sends the bytes back with the file's name, and the browser saves
them. What goes wrong (no chromium, a timeout) comes back as a message in the user's language.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from klantlab.boundary import problem_of
from klantlab.i18n import t
from klantlab.model import Workbook
from klantlab.state import live_state

__all__ = ["DOWNLOADS", "DownloadButtons", "download_file", "download_texts"]

_STATIC = Path(__file__).parent / "static"
_CSS = """/* i18n: not user text */
.kl-download-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 6px 0 10px; }
.kl-download button { font: inherit; font-size: 14px; cursor: pointer; padding: 6px 14px; border-radius: 4px;
  border: 1px solid #1d4ed8; background: #fff; color: #1d4ed8; min-height: 34px; }
.kl-download button:hover { background: #eff6ff; }
.kl-download button:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.kl-download button[aria-busy="true"] { cursor: progress; color: #374151; border-color: #6b7280; }
.kl-download .kl-download-status { color: #374151; font-size: 13px; overflow-wrap: anywhere; }
.kl-download .kl-download-status.kl-failed { color: #b91c1c; }
@media print { .kl-download { display: none !important; } }
"""
#: What each button downloads: its MIME type and how its bytes are made from a workbook and its file name.
DOWNLOADS: dict[str, tuple[str, Callable[[Workbook, str], bytes]]] = {}


def _html(workbook: Workbook, file_name: str) -> bytes:
    from klantlab.report.snapshot import snapshot_html

    return snapshot_html(workbook, file_name).encode("utf-8")


def _pdf(workbook: Workbook, file_name: str) -> bytes:
    from klantlab.report.snapshot_pdf import snapshot_pdf

    return snapshot_pdf(workbook, file_name)


DOWNLOADS.update({"pdf": ("application/pdf", _pdf), "html": ("text/html", _html)})


def download_texts() -> dict[str, str]:
    """The buttons' words in the active language (the ES module has none of its own)."""
    keys = ("button.pdf", "button.html", "button.pdf_hint", "button.html_hint", "buttons_label", "busy", "done",
            "no_answer")  # fmt: skip
    return {key: t(f"snapshot.{key}") for key in keys}


def download_file(workbook: Workbook, file_name: str, kind: str) -> tuple[str, str, bytes]:
    """The download ``kind`` (``pdf`` or ``html``) of ``workbook``: its file name, MIME type and bytes."""
    from klantlab.report.snapshot import snapshot_name

    mime, make = DOWNLOADS[kind]
    return snapshot_name(workbook, file_name, kind), mime, make(workbook, file_name)


class DownloadButtons(anywidget.AnyWidget):
    """ "Download PDF" and "Download HTML" of the live state's workbook as it is at the moment of the click."""

    _esm = _STATIC / "download.js"
    _css = _CSS
    texts = traitlets.Dict().tag(sync=True)

    def __init__(self, source: Any) -> None:
        self.state = live_state(source)
        super().__init__(texts=download_texts())
        self.add_class("kl-download")
        self.on_msg(self._received)

    def _received(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict) or content.get("kind") not in DOWNLOADS:
            return
        request = content.get("request")
        try:
            with self.state.lock:  # the workbook as saved now; a later save replaces it, never changes it
                workbook, file_name = self.state.workbook, self.state.path.name
            name, mime, data = download_file(workbook, file_name, content["kind"])
        except Exception as error:  # the boundary: the page shows the message, never a traceback
            self.send({"reply": request, "ok": False, "message": str(problem_of(error, "export"))})
            return
        self.send({"reply": request, "ok": True, "name": name, "mime": mime, "size": len(data)}, [data])
