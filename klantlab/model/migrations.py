"""Turning a workbook file of an older schema version into the current one.

Each step takes the raw JSON data of version N and returns that of N + 1.
Every step is tested on a file of the version it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from klantlab.model.workbook import SCHEMA_VERSION

__all__ = ["STEPS", "MissingMigrationError", "migrate"]

Data = dict[str, Any]


def _1_to_2(data: Data) -> Data:
    """Schema 2 added to the customer pyramid: the ``computed`` preset, the Excel sheet, date order and decimal
    comma settings, and the summary's row total and churn figures; and each stakeholder's ``approach``.
    Segments got ``source_column`` and ``source_values``, the segmentation a ``change_threshold``.
    All are optional, so version 1 data is valid
    version 2 data as it is."""
    return data


def _2_to_3(data: Data) -> Data:
    """Schema 3 added the journey's ``outside_in_threshold`` (how many interviews must name a touchpoint);
    it is optional (empty: a quarter of the interviews, as before), so version 2 data is valid as it is."""
    return data


#: from-version -> function producing the data of from-version + 1.
STEPS: dict[int, Callable[[Data], Data]] = {1: _1_to_2, 2: _2_to_3}


class MissingMigrationError(LookupError):
    """No step is registered to upgrade from this version."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def migrate(data: Data, steps: dict[int, Callable[[Data], Data]] | None = None) -> Data:
    """Upgrade raw workbook data step by step to :data:`SCHEMA_VERSION`.

    ``data`` must carry an integer ``schema_version`` not above the current
    one; the input is not modified.
    """
    steps = STEPS if steps is None else steps
    version = data["schema_version"]
    while version < SCHEMA_VERSION:
        if version not in steps:
            raise MissingMigrationError(version)
        data = steps[version](dict(data))
        version += 1
        data["schema_version"] = version
    return data
