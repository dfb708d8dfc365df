"""Shared fixtures: small workbooks written to a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from klantlab.i18n import set_language
from klantlab.io import WorkbookFile


@pytest.fixture(autouse=True)
def _dutch() -> None:
    """Every test starts in Dutch, the default language, whatever ran before."""
    set_language("nl")
    yield
    set_language("nl")


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    """A freshly created, empty workbook file for the client 'Testklant B.V.'."""
    path = tmp_path / "testklant.klantlab.json"
    WorkbookFile.create(path, "Testklant B.V.", consultant="Anna de Vries")
    return path
