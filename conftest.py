"""nbval runs the notebooks on a copy of the sample workbook, never on the committed file.

At the top of the project (not in notebooks/, where users would see it): the
environment variable is set when pytest starts and the kernels nbval starts
inherit it.
"""

import os
import shutil
import tempfile
from pathlib import Path

from klantlab.boundary import LOG_ENV
from klantlab.io import WORKBOOK_ENV, sample_workbook_path
from klantlab.io.sample_data import SAMPLE_FILES

_MADE: list[Path] = []  # the temporary folders made here, removed when the test run ends

if WORKBOOK_ENV not in os.environ:
    _folder = Path(tempfile.mkdtemp(prefix="klantlab-nbval-"))
    _MADE.append(_folder)
    for _name in [sample_workbook_path().name, *SAMPLE_FILES.values()]:  # the workbook and the files it names
        shutil.copyfile(sample_workbook_path().parent / _name, _folder / _name)
    os.environ[WORKBOOK_ENV] = str(_folder / sample_workbook_path().name)  # inherited by the kernels nbval starts

if LOG_ENV not in os.environ:  # details of unexpected errors go to a temporary log, not the user's log folder
    _MADE.append(Path(tempfile.mkdtemp(prefix="klantlab-log-")))
    os.environ[LOG_ENV] = str(_MADE[-1] / "klantlab.log")


def pytest_unconfigure(config) -> None:
    """Nothing of the run is left in the temporary folder."""
    for folder in _MADE:
        shutil.rmtree(folder, ignore_errors=True)
