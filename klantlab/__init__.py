"""klantlab: work through customer models with real people.

A notebook cell reads like a sentence::

    import klantlab as kl
    wb = kl.open_workbook()          # the sample workbook, or $KLANTLAB_WORKBOOK
    kl.set_language("en")
"""

from klantlab.errors import KlantlabError
from klantlab.i18n import get_language, set_language, t
from klantlab.io import WorkbookFile, default_workbook_path, sample_workbook_path

__version__ = "0.1.0"

__all__ = [
    "KlantlabError",
    "WorkbookFile",
    "__version__",
    "create_workbook",
    "get_language",
    "open_workbook",
    "sample_workbook_path",
    "set_language",
    "t",
]


def open_workbook(path=None) -> WorkbookFile:
    """Open a workbook file; without a path the one named by ``KLANTLAB_WORKBOOK``, else the sample."""
    return WorkbookFile.open(path if path is not None else default_workbook_path())


def create_workbook(path, client_name: str, consultant: str = "") -> WorkbookFile:
    """Create a new, empty workbook file for a client (refuses to overwrite a file)."""
    return WorkbookFile.create(path, client_name, consultant)
