"""Shared fixtures: small workbooks written to a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from klantlab.i18n import set_currency, set_language
from klantlab.io import WorkbookFile


@pytest.fixture(autouse=True)
def _dutch() -> None:
    """Every test starts in Dutch, the default language, with amounts in euro, whatever ran before."""
    set_language("nl")
    set_currency("EUR")
    yield
    set_language("nl")
    set_currency("EUR")


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    """A freshly created, empty workbook file for the client 'Testklant B.V.'."""
    path = tmp_path / "testklant.klantlab.json"
    WorkbookFile.create(path, "Testklant B.V.", consultant="Anna de Vries")
    return path


EDITABLE = (
    "Text", "Textarea", "Dropdown", "Select", "SelectMultiple", "Button", "Checkbox", "IntSlider", "ToggleButtons",
    "Combobox", "IntText", "FloatText", "BoundedIntText", "BoundedFloatText", "DatePicker",
)  # fmt: skip


@pytest.fixture
def editable_controls():
    """A function giving the type names of the enabled, editable controls anywhere inside a widget."""

    def find(widget) -> list[str]:
        found = []
        if type(widget).__name__ in EDITABLE and not getattr(widget, "disabled", False):
            found.append(type(widget).__name__)
        for child in getattr(widget, "children", ()):
            found += find(child)
        return found

    return find
