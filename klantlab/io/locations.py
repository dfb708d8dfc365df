"""Where klantlab finds its notebooks, sample data and the workbook to show."""

from __future__ import annotations

import json
import os
from pathlib import Path

from klantlab.i18n import get_language

__all__ = [
    "FOLDER_ENV",
    "MARKER",
    "PROJECT_ROOT",
    "SAMPLE_WORKBOOKS",
    "WORKBOOK_ENV",
    "dashboard_notebook",
    "default_workbook_path",
    "is_sample_workbook",
    "notebooks_dir",
    "sample_workbook_path",
    "samples_dir",
    "workbook_of_folder",
]

#: The checkout klantlab runs from (notebooks/ and data/ live beside the package).
PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Environment variable naming the workbook notebooks and dashboards open.
WORKBOOK_ENV = "KLANTLAB_WORKBOOK"
#: A folder of workbooks the dashboard lets a viewer choose from (``klantlab dashboard --folder``).
FOLDER_ENV = "KLANTLAB_FOLDER"
#: The sample client's workbook per language: the same client and figures, the team's texts in that language.
SAMPLE_WORKBOOKS = {"nl": "verpakkingsmachines.klantlab.json", "en": "packaging_machines.klantlab.json"}
#: The file in a client's notebook folder that names its workbook (see ``klantlab.io.client_notebooks``).
MARKER = ".klantlab-werkboek.json"  # i18n: not user text


def samples_dir() -> Path:
    """The folder with the sample client's data and workbook."""
    return PROJECT_ROOT / "data" / "samples"


def notebooks_dir() -> Path:
    """The folder with the guided notebooks."""
    return PROJECT_ROOT / "notebooks"


def sample_workbook_path(lang: str = "nl") -> Path:
    """The filled-in workbook of the sample client, as a Dutch (default) or English team wrote it."""
    return samples_dir() / SAMPLE_WORKBOOKS[lang]


def is_sample_workbook(path: Path) -> bool:
    """Whether ``path`` is one of the sample workbooks or a copy of one (by its name)."""
    return Path(path).name in SAMPLE_WORKBOOKS.values()


def default_workbook_path() -> Path:
    """The workbook a notebook opens without being told which.

    In a client's own folder of notebooks: that client's workbook (the
    folder's marker says which). Elsewhere the one named by
    ``KLANTLAB_WORKBOOK``, else the sample workbook in the active language.
    """
    own = workbook_of_folder(Path.cwd())
    if own is not None:
        return own
    named = os.environ.get(WORKBOOK_ENV)
    return Path(named).expanduser() if named else sample_workbook_path(get_language())


def workbook_of_folder(folder: Path) -> Path | None:
    """The workbook a folder of client notebooks belongs to (its marker), or None for any other folder."""
    marker = Path(folder) / MARKER
    try:
        named = json.loads(marker.read_text(encoding="utf-8"))["workbook"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return (marker.parent / named).resolve() if isinstance(named, str) and named.endswith(".klantlab.json") else None


def dashboard_notebook() -> Path:
    """The Voilà overview dashboard of one workbook."""
    return notebooks_dir() / "dashboards" / "overzicht.ipynb"
