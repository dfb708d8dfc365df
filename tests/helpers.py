"""Small helpers the tests share: what a widget shows, as a person reads it."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import ipywidgets as w

from klantlab.i18n import catalog


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


_LETTERS = re.compile(r"[^\W\d_]+")


def dutch_only_fragments() -> dict[str, str]:
    """Each literal piece of a Dutch catalogue text that no English text contains, with its key.

    A text with parameters is split at them (``{count} klanten`` gives ``klanten``); a piece found in some English
    text too ("klantlab", "Pareto", "Gini") is no sign of Dutch.
    """
    dutch, english = catalog("nl"), catalog("en")
    every_english = "\n".join(english.values())
    pieces: dict[str, str] = {}
    for key, text in dutch.items():
        if english.get(key) == text or key == "app.language_name":  # the switch names the other language in it
            continue
        for piece in re.split(r"\{[^}]*\}", text):
            piece = piece.strip(" .,:;·–-()\n'\"?!…%/")
            if len(piece) >= 4 and _LETTERS.search(piece) and piece not in every_english:
                pieces.setdefault(piece, key)
    return pieces


def dutch_in(text: str, pieces: dict[str, str]) -> list[tuple[str, str]]:
    """The Dutch-only pieces in ``text``: a phrase anywhere, a single word only as a whole word."""
    found = []
    for piece, key in pieces.items():
        if " " in piece:
            hit = piece in text
        else:
            hit = re.search(rf"(?<![^\W\d_]){re.escape(piece)}(?![^\W\d_])", text) is not None
        if hit:
            found.append((piece, key))
    return found
