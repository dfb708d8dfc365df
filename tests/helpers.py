"""Small helpers the tests share: what a widget shows, as a person reads it."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import ipywidgets as w


def shown_text(widget: w.Widget) -> str:
    """All text an HTML widget and its children show, tags removed and entities decoded."""
    parts = []
    if isinstance(widget, w.HTML):
        parts.append(html.unescape(re.sub(r"<[^>]+>", " ", widget.value)))
    for child in getattr(widget, "children", ()):
        parts.append(shown_text(child))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def saved(path: Path) -> dict:
    """The workbook file as it is on disk now."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
