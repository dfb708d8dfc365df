"""Where klantlab finds its notebooks, sample data and the workbook to show."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "FOLDER_ENV",
    "PROJECT_ROOT",
    "WORKBOOK_ENV",
    "dashboard_notebook",
    "default_workbook_path",
    "notebooks_dir",
    "sample_workbook_path",
    "samples_dir",
]

#: The checkout klantlab runs from (notebooks/ and data/ live beside the package).
PROJECT_ROOT = Path(__file__).resolve().parents[2]
#: Environment variable naming the workbook notebooks and dashboards open.
WORKBOOK_ENV = "KLANTLAB_WORKBOOK"
#: A folder of workbooks the dashboard lets a viewer choose from (``klantlab dashboard --folder``).
FOLDER_ENV = "KLANTLAB_FOLDER"
_SAMPLE_WORKBOOK = "verpakkingsmachines.klantlab.json"


def samples_dir() -> Path:
    """The folder with the sample client's data and workbook."""
    return PROJECT_ROOT / "data" / "samples"


def notebooks_dir() -> Path:
    """The folder with the guided notebooks."""
    return PROJECT_ROOT / "notebooks"


def sample_workbook_path() -> Path:
    """The filled-in workbook of the sample client."""
    return samples_dir() / _SAMPLE_WORKBOOK


def default_workbook_path() -> Path:
    """The workbook named by ``KLANTLAB_WORKBOOK``, else the sample workbook."""
    named = os.environ.get(WORKBOOK_ENV)
    return Path(named).expanduser() if named else sample_workbook_path()


def dashboard_notebook() -> Path:
    """The Voilà overview dashboard of one workbook."""
    return notebooks_dir() / "dashboards" / "overzicht.ipynb"
