"""Small helpers the tests share: what a widget shows, as a person reads it."""

from __future__ import annotations

import html
import json
import re
import shutil
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


#: The sample workbook's file stem (its client file lies beside it with the same start).
SAMPLE = "verpakkingsmachines"


def sample_copy(folder: Path) -> Path:
    """A copy of the sample workbook, and the client files beside it, in ``folder``; the copy's path."""
    from klantlab.io import samples_dir

    for path in samples_dir().iterdir():
        if path.name.startswith(SAMPLE) and not path.name.endswith(".bak"):
            shutil.copyfile(path, folder / path.name)
    return folder / f"{SAMPLE}.klantlab.json"
