"""The JSON Schema of the workbook file, for other tools and for review of format changes.

``python -m klantlab.model.schema`` rewrites ``workbook.schema.json`` beside
this module; a test checks that the committed file matches the model.
"""

from __future__ import annotations

import json
from pathlib import Path

from klantlab.model.workbook import Workbook

__all__ = ["SCHEMA_FILE", "workbook_schema"]

SCHEMA_FILE = Path(__file__).with_name("workbook.schema.json")


def workbook_schema() -> str:
    """The schema of a workbook file as formatted JSON text."""
    schema = Workbook.model_json_schema(mode="serialization")
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


if __name__ == "__main__":
    SCHEMA_FILE.write_text(workbook_schema(), encoding="utf-8")
    print(SCHEMA_FILE)
