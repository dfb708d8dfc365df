"""nbval runs the notebooks on a copy of the sample workbook, never on the committed file.

At the top of the project (not in notebooks/, where users would see it): the
environment variable is set when pytest starts and the kernels nbval starts
inherit it.
"""

import os
import shutil
import tempfile
from pathlib import Path

from klantlab.io import WORKBOOK_ENV, sample_workbook_path

if WORKBOOK_ENV not in os.environ:
    _copy = Path(tempfile.mkdtemp(prefix="klantlab-nbval-")) / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), _copy)
    os.environ[WORKBOOK_ENV] = str(_copy)  # inherited by the kernels nbval starts
