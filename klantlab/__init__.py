"""klantlab: work through customer models with real people.

A notebook cell reads like a sentence::

    import klantlab as kl
    wb = kl.open_workbook()          # the sample workbook, or $KLANTLAB_WORKBOOK
    kl.set_language("en")
"""

from klantlab.errors import KlantlabError
from klantlab.i18n import get_language, set_language, t
from klantlab.io import WorkbookFile, default_workbook_path, sample_workbook_path
from klantlab.state import WorkbookState, open_state

__version__ = "0.1.0"

__all__ = [
    "KlantlabError",
    "WorkbookFile",
    "WorkbookState",
    "__version__",
    "create_workbook",
    "get_language",
    "open_workbook",
    "sample_workbook_path",
    "set_language",
    "t",
]


def open_workbook(path=None) -> WorkbookState:
    """The live state of a workbook, shared by every form and view in this kernel.

    Without a path: the workbook of this folder of notebooks (``klantlab lab``
    sets it up), else the one named by ``KLANTLAB_WORKBOOK``, else the sample.
    On a Voilà page that asks for a language (``?lang=en``) everything is shown in that language from now on.
    """
    from klantlab.voila_page import follow_the_page_language

    follow_the_page_language()
    return open_state(path if path is not None else default_workbook_path())


def create_workbook(path, client_name: str, consultant: str = "") -> WorkbookState:
    """Create a new, empty workbook file for a client (refuses to overwrite a file) and open it."""
    return open_state(WorkbookFile.create(path, client_name, consultant).path)
