"""The catalogs: Dutch and English complete and alike; no user text outside them."""

from __future__ import annotations

import ast
import re
from enum import Enum
from pathlib import Path

import pytest
from pydantic import BaseModel

import klantlab.model as model
from klantlab.i18n import LANGUAGES, catalog, catalog_files, label, language, placeholders, set_language, t

PACKAGE = Path(model.__file__).resolve().parents[1]
# A string with three words or more in a row reads as prose meant for a person.
PROSE = re.compile(r"[^\W\d_]{2,}[ ,.:;!?'’-]+[^\W\d_]{2,}[ ,.:;!?'’-]+[^\W\d_]{2,}")
KEY = re.compile(r"[A-Za-z_][\w.]*")
# Markup around the words: HTML tags (also cut off at either end) and CSS declarations.
MARKUP = re.compile(r"<[^>]*>|<[^>]*$|^[^<]*>|[\w-]+\s*:\s*[^;'\"<>]*")


def test_both_languages_have_the_same_keys() -> None:
    nl, en = catalog("nl"), catalog("en")
    assert sorted(nl.keys() - en.keys()) == []
    assert sorted(en.keys() - nl.keys()) == []


def test_both_languages_have_the_same_area_files() -> None:
    assert sorted(f.name for f in catalog_files("nl")) == sorted(f.name for f in catalog_files("en"))


def test_texts_are_filled_and_use_the_same_placeholders() -> None:
    nl, en = catalog("nl"), catalog("en")
    assert [k for k in nl if not nl[k].strip() or not en[k].strip()] == []
    assert [k for k in nl if placeholders(nl[k]) != placeholders(en[k])] == []


def test_every_enum_member_and_model_field_has_a_label() -> None:
    public = [getattr(model, name) for name in model.__all__]
    enums = [member for obj in public if isinstance(obj, type) and issubclass(obj, Enum) for member in obj]
    fields = {f for obj in public if isinstance(obj, type) and issubclass(obj, BaseModel) for f in obj.model_fields}
    for lang in LANGUAGES:
        labels = catalog(lang)
        assert [str(m) for m in enums if f"{type(m).__name__}.{m.value}" not in labels] == []
        assert sorted(f for f in fields if f"field.{f}" not in labels) == []


def test_switching_language() -> None:
    assert t("StakeholderRole.saboteur") == "Saboteur"
    set_language("en")
    assert label(model.StakeholderRole.end_user) == "End user"
    set_language("nl")
    assert label(model.StakeholderRole.end_user) == "Eindgebruiker"
    with pytest.raises(ValueError, match=re.escape("Onbekende taal 'fr'. Kies uit: nl, en.")):
        set_language("fr")
    with language("en"):
        assert t("phase.use") == "Use"
    assert t("phase.use") == "Gebruik"


def test_placeholders_are_filled_and_a_missing_one_stays_visible() -> None:
    assert t("problem.item", number=3) == "nr. 3"
    assert t("problem.line", where="klant") == "klant: {what}"


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "i18n" not in p.parts)


def _docstrings(tree: ast.AST) -> set[int]:
    """Strings that stand alone as a statement: docstrings, also of attributes."""
    return {
        id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }


def test_every_literal_key_exists_in_the_catalog() -> None:
    keys = catalog("nl")
    missing = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value not in keys
            ):
                missing.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.args[0].value}")
    error_keys = [
        f"{path.relative_to(PACKAGE)} {node.value.value}"
        for path in _python_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Assign)
        and [getattr(target, "id", None) for target in node.targets] == ["key"]
        and isinstance(node.value, ast.Constant)
        and node.value.value not in keys
    ]
    assert missing + error_keys == []


#: SQL text for DuckDB: upper-case keywords.
SQL = re.compile(r"\b(SELECT|FROM|CASE|WHEN|CAST|TRY_CAST|FILTER|WHERE|NULL|DOUBLE|VARCHAR|DATE|GROUP BY|ORDER BY)\b")


def test_no_user_text_is_written_outside_the_catalog() -> None:
    """Prose in code (not docstrings) means a message that bypasses the catalog.

    SQL sent to DuckDB is not prose. A line may opt out with ``# i18n: not user text`` (e.g. CSS or a command line).
    """
    found = []
    for path in _python_files():
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        tree = ast.parse(source)
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                if KEY.fullmatch(node.value) or SQL.search(node.value):
                    continue
                if PROSE.search(MARKUP.sub(" ", node.value)) and "i18n: not user text" not in lines[node.lineno - 1]:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value[:60]!r}")
    assert found == []
