"""Small helpers the tests share: what a widget shows, as a person reads it."""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import ipywidgets as w
import nbformat
from nbclient import NotebookClient

from klantlab.i18n import catalog
from klantlab.io import WORKBOOK_ENV


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


PLOTLY = "application/vnd.plotly.v1+json"


def executed_notebook(notebook: Path, workbook: Path, monkeypatch, timeout: int = 240, folder: Path | None = None):
    """``notebook`` run on ``workbook`` as a kernel runs it, its widget state kept (run in ``folder`` if given);
    no cell may fail."""
    monkeypatch.setenv(WORKBOOK_ENV, str(workbook))
    nb = nbformat.read(notebook, as_version=4)
    resources = {"metadata": {"path": str(folder)}} if folder is not None else {}
    NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True, resources=resources).execute()
    assert [out for cell in nb.cells for out in cell.get("outputs", []) if out.output_type == "error"] == []
    return nb


def widget_states(nb) -> dict:
    """The widget models' states of an executed notebook, by id."""
    models = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"]["state"]
    return {key: model["state"] for key, model in models.items()}


def states_html(states: dict) -> str:
    """All HTML the notebook's HTML widgets show."""
    return "\n".join(s["value"] for s in states.values() if s.get("_model_name") == "HTMLModel")


def states_figures(states: dict) -> list[dict]:
    """The Plotly figures the notebook's output widgets show."""
    return [
        out["data"][PLOTLY]
        for s in states.values()
        if s.get("_model_name") == "OutputModel"
        for out in s.get("outputs", [])
        if PLOTLY in out.get("data", {})
    ]
