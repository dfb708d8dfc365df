"""Files the browser downloads from the kernel: the dashboard's "Download PDF" and "Download HTML", and the
files the export panel wrote.

An anywidget (its ES module is ``static/download.js``, no build step) showing one button (or link) per item.
A click asks the kernel for the item; the kernel answers with the file's name and bytes, and the browser
saves them. This works wherever the widget is shown (JupyterLab, Voilà), whatever folder the file is in and
whether or not a server serves it; the browser can only ask for the items offered, never for a path. What
goes wrong (no chromium, a file gone) comes back as a message in the user's language.
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

__all__ = ["DOWNLOADS", "DownloadButtons", "Downloads", "FileDownloads", "download_file", "download_texts"]

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
.kl-download-links { display: flex; flex-direction: column; align-items: flex-start; gap: 2px; margin: 4px 0 8px; }
.kl-download-links button { border: none; background: none; padding: 2px 0; min-height: 0; color: #1d4ed8;
  text-decoration: underline; font-size: 14px; text-align: left; overflow-wrap: anywhere; }
.kl-download-links button:hover { background: none; color: #1e3a8a; }
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


def browser_missing() -> str:
    """Why the PDF cannot be made on this computer (no Chrome or Chromium found), or "" when it can."""
    from klantlab.errors import ExportError
    from klantlab.report.snapshot_pdf import find_chromium

    try:
        find_chromium()
    except ExportError as error:
        return str(error)
    return ""


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


class Downloads(anywidget.AnyWidget):
    """Items the browser can download, each ``{"id", "label", "hint"}``; :meth:`file` makes an item's file."""

    _esm = _STATIC / "download.js"
    _css = _CSS
    texts = traitlets.Dict().tag(sync=True)
    items = traitlets.List(traitlets.Dict()).tag(sync=True)
    look = traitlets.Unicode("buttons").tag(sync=True)
    """``buttons`` (a row, the dashboard's) or ``links`` (a list of file names, the export panel's)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_class("kl-download")
        self.on_msg(self._received)

    def file(self, item: str) -> tuple[str, str, bytes]:
        """The file of ``item``: its name, MIME type and bytes."""
        raise NotImplementedError

    def _received(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if not isinstance(content, dict) or content.get("kind") not in {item["id"] for item in self.items}:
            return
        request = content.get("request")
        try:
            name, mime, data = self.file(content["kind"])
        except Exception as error:  # the boundary: the page shows the message, never a traceback
            self.send({"reply": request, "ok": False, "message": str(problem_of(error, "export"))})
            return
        self.send({"reply": request, "ok": True, "name": name, "mime": mime, "size": len(data)}, [data])


class DownloadButtons(Downloads):
    """ "Download PDF" and "Download HTML" of the live state's workbook as it is at the moment of the click."""

    def __init__(self, source: Any) -> None:
        self.state = live_state(source)
        texts = download_texts()
        items = [{"id": kind, "label": texts[f"button.{kind}"], "hint": texts[f"button.{kind}_hint"]}
                 for kind in DOWNLOADS]  # fmt: skip
        missing = browser_missing()
        if missing:  # said on the button before anyone clicks it (and again if they do)
            items[0]["hint"] = missing
        super().__init__(texts=texts, items=items)

    def file(self, item: str) -> tuple[str, str, bytes]:
        with self.state.lock:  # the workbook as saved now; a later save replaces it, never changes it
            workbook, file_name = self.state.workbook, self.state.path.name
        return download_file(workbook, file_name, item)


#: The MIME type of each kind of file the export panel writes.
_MIME = {
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",  # i18n: not user text
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",  # i18n: not user text
    ".html": "text/html",
}


class FileDownloads(Downloads):
    """The files just written, as links that download them (only these files: the page names an item, no path)."""

    def __init__(self) -> None:
        self._paths: list[Path] = []
        texts = {key: t(f"export.downloads.{key}") for key in ("buttons_label", "busy", "done", "no_answer")}
        super().__init__(texts=texts, look="links")

    def show(self, paths: list[Path]) -> None:
        """Offer ``paths`` (and nothing else) for download, each under its file name."""
        self._paths = list(paths)
        self.items = [
            {"id": str(n), "label": path.name, "hint": t("export.downloads.hint", name=path.name)}
            for n, path in enumerate(self._paths)
        ]

    def file(self, item: str) -> tuple[str, str, bytes]:
        path = self._paths[int(item)]
        return path.name, _MIME.get(path.suffix.lower(), "application/octet-stream"), path.read_bytes()
