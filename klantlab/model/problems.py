"""Validation errors from pydantic, told in the user's language.

pydantic reports a type code, a location and context; this module turns each
into one sentence: where (the field, with its label from the catalog) and what
is wrong, so a widget or a load error can show it as is.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from klantlab.i18n import catalog, get_language, t

__all__ = ["describe_location", "describe_validation_error"]

# pydantic error types with a message of their own in the catalog; the rest
# fall back to a general "not a valid value".
_KNOWN = {
    "missing",
    "finite_number",
    "extra_forbidden",
    "string_too_short",
    "string_too_long",
    "string_type",
    "int_parsing",
    "int_type",
    "int_from_float",
    "float_parsing",
    "float_type",
    "bool_parsing",
    "bool_type",
    "greater_than",
    "greater_than_equal",
    "less_than",
    "less_than_equal",
    "enum",
    "literal_error",
    "date_from_datetime_parsing",
    "date_parsing",
    "datetime_from_date_parsing",
    "datetime_parsing",
    "too_short",
    "too_long",
    "dict_type",
    "list_type",
    "model_type",
}


def describe_location(loc: tuple[int | str, ...]) -> str:
    """``("segmentation", "segments", 1, "name")`` -> ``Segmentatie › segment 2 › naam``."""
    labels = catalog(get_language())
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(t("problem.item", number=part + 1))
        elif f"field.{part}" in labels:
            parts.append(t(f"field.{part}"))
        elif "." in part or "[" in part:
            continue  # pydantic's internal tags of a union branch
        else:
            parts.append(str(part))
    return " › ".join(parts) if parts else t("problem.whole_workbook")


def describe_validation_error(error: ValidationError) -> list[str]:
    """One sentence per problem: ``<where>: <what>``."""
    return [_describe(e) for e in error.errors(include_url=False)]


def _describe(err: dict) -> str:
    kind = err["type"]
    ctx = {key: _show(key, value) for key, value in (err.get("ctx") or {}).items()}
    loc = tuple(str(ctx.pop("where")).split(".")) if "where" in ctx else tuple(err["loc"])
    where = describe_location(loc)
    if kind.startswith("model."):
        return t("problem.line", where=where, what=t(f"problem.{kind}", **ctx))
    what = t(f"problem.{kind}", **ctx) if kind in _KNOWN else t("problem.invalid")
    return t("problem.line", where=where, what=what)


def _show(key: str, value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if key == "expected" and isinstance(value, str):  # "'a', 'b' or 'c'" -> "a, b, c"
        return ", ".join(re.findall(r"'([^']*)'", value)) or value
    return value
