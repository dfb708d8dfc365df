"""Each client's own copy of the guided notebooks, beside the client's workbook.

JupyterLab saves a notebook with everything it shows: names, figures,
charts. So the shipped notebooks are never opened for work: ``klantlab lab``
copies the series (without outputs) once into ``<workbook>-notebooks/`` next
to the workbook and opens that copy. A small marker file in the copy names
the workbook, so its notebooks open that workbook whoever starts JupyterLab
and from where. The shipped series stays as it was; the next client starts
from a clean copy.

The sample client is shipped too: working on it happens on a copy of the
sample (workbook and files) in a folder of the user's, never on the original.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from klantlab.io.locations import (
    MARKER,
    SAMPLE_WORKBOOKS,
    notebooks_dir,
    sample_workbook_path,
    samples_dir,
    workbook_of_folder,
)
from klantlab.io.safe_files import write_new
from klantlab.io.sample_data import SAMPLE_FILES
from klantlab.io.workbook_file import SUFFIX

__all__ = [
    "MARKER",
    "SERIES",
    "client_notebook_name",
    "client_notebooks_dir",
    "copy_sample",
    "ensure_client_notebooks",
    "is_sample",
    "workbook_of_folder",
]

#: The notebooks of the series per language, relative to the shipped notebooks folder (the dashboards are served,
#: not copied). The English series lives in ``en/``; a client's copy has it at the top of its own folder.
SERIES = {
    "nl": (
        "00_start.ipynb",
        "01_klantsegment_kiezen.ipynb",
        "02_klanttype_piramide.ipynb",
        "03_klantenpiramide.ipynb",
        "04_customer_journey.ipynb",
        "05_opleveren.ipynb",
        "oefeningen/oefeningen.ipynb",
    ),
    "en": (
        "en/00_start.ipynb",
        "en/01_choosing_the_segment.ipynb",
        "en/02_stakeholder_pyramid.ipynb",
        "en/03_customer_pyramid.ipynb",
        "en/04_customer_journey.ipynb",
        "en/05_handover.ipynb",
        "en/exercises/exercises.ipynb",
    ),
}
_NOTEBOOKS = "-notebooks"


def client_notebooks_dir(workbook: Path) -> Path:
    """Where the notebooks of the workbook at ``workbook`` live: ``<name>-notebooks`` beside it."""
    workbook = Path(workbook)
    return workbook.with_name(workbook.name.removesuffix(SUFFIX) + _NOTEBOOKS)


def client_notebook_name(shipped: str) -> str:
    """Where a shipped notebook of the series goes in a client's folder (the English series without its ``en/``)."""
    return shipped.removeprefix("en/")


def ensure_client_notebooks(workbook: Path, lang: str = "nl") -> Path:
    """The client's notebook folder, with every notebook of the series in ``lang`` not there yet copied in.

    A notebook the client's folder already has is left as it is (it holds
    that client's work); the shipped notebooks are only read.
    """
    workbook = Path(workbook).absolute()
    folder = client_notebooks_dir(workbook)
    for shipped in SERIES[lang]:
        name = client_notebook_name(shipped)
        target = folder / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_new(target, _without_outputs((notebooks_dir() / shipped).read_bytes()))
        marker = target.parent / MARKER
        if not marker.exists():
            relative = Path("..", *([".."] * (len(Path(name).parts) - 1)), workbook.name)
            marker.write_text(json.dumps({"workbook": relative.as_posix()}) + "\n", encoding="utf-8")
    return folder


def is_sample(workbook: Path) -> bool:
    """Whether ``workbook`` is one of the shipped sample workbooks itself (not a copy of one)."""
    return Path(workbook).resolve() in {sample_workbook_path(lang).resolve() for lang in SAMPLE_WORKBOOKS}


def copy_sample(folder: Path, sample: Path | None = None) -> Path:
    """A working copy of a sample workbook (default: the Dutch one) and its files in ``folder``, made once.

    Returns the copy's workbook.
    """
    folder = Path(folder).absolute()
    sample = Path(sample) if sample is not None else sample_workbook_path()
    workbook = folder / sample.name
    for name in [sample.name, *SAMPLE_FILES.values()]:
        if not (folder / name).exists():
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(samples_dir() / name, folder / name)
    return workbook


def _without_outputs(raw: bytes) -> bytes:
    """A notebook as shipped: no outputs, no execution counts (they are not shipped with any, this makes sure)."""
    notebook = json.loads(raw.decode("utf-8"))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
    return (json.dumps(notebook, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
