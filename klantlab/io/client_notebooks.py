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

from klantlab.io.locations import MARKER, notebooks_dir, sample_workbook_path, samples_dir, workbook_of_folder
from klantlab.io.safe_files import write_new
from klantlab.io.sample_data import SAMPLE_FILES
from klantlab.io.workbook_file import SUFFIX

__all__ = [
    "MARKER",
    "SERIES",
    "client_notebooks_dir",
    "copy_sample",
    "ensure_client_notebooks",
    "is_sample",
    "workbook_of_folder",
]

#: The notebooks of the series, relative to the shipped notebooks folder (the dashboards are served, not copied).
SERIES = (
    "00_start.ipynb",
    "01_klantsegment_kiezen.ipynb",
    "02_klanttype_piramide.ipynb",
    "03_klantenpiramide.ipynb",
    "04_customer_journey.ipynb",
    "05_opleveren.ipynb",
    "oefeningen/oefeningen.ipynb",
)
_NOTEBOOKS = "-notebooks"


def client_notebooks_dir(workbook: Path) -> Path:
    """Where the notebooks of the workbook at ``workbook`` live: ``<name>-notebooks`` beside it."""
    workbook = Path(workbook)
    return workbook.with_name(workbook.name.removesuffix(SUFFIX) + _NOTEBOOKS)


def ensure_client_notebooks(workbook: Path) -> Path:
    """The client's notebook folder, with every notebook of the series that is not there yet copied in.

    A notebook the client's folder already has is left as it is (it holds
    that client's work); the shipped notebooks are only read.
    """
    workbook = Path(workbook).absolute()
    folder = client_notebooks_dir(workbook)
    for name in SERIES:
        target = folder / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_new(target, _without_outputs((notebooks_dir() / name).read_bytes()))
        marker = target.parent / MARKER
        if not marker.exists():
            relative = Path("..", *([".."] * (len(Path(name).parts) - 1)), workbook.name)
            marker.write_text(json.dumps({"workbook": relative.as_posix()}) + "\n", encoding="utf-8")
    return folder


def is_sample(workbook: Path) -> bool:
    """Whether ``workbook`` is the shipped sample workbook itself (not a copy of it)."""
    return Path(workbook).resolve() == sample_workbook_path().resolve()


def copy_sample(folder: Path) -> Path:
    """A working copy of the sample client in ``folder`` (the workbook and its files), made once; its workbook."""
    folder = Path(folder).absolute()
    workbook = folder / sample_workbook_path().name
    for name in [sample_workbook_path().name, *SAMPLE_FILES.values()]:
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
