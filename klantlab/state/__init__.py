"""The live state of open workbooks: one per workbook in a kernel, written by forms, listened to by views."""

from klantlab.io.workbook_history import Change
from klantlab.state.workbook_state import Outcome, StateEvent, WorkbookState, live_state, open_state

__all__ = ["Change", "Outcome", "StateEvent", "WorkbookState", "live_state", "open_state"]
