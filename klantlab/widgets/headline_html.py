"""The headline block and the explained terms as HTML; every text is escaped."""

from __future__ import annotations

import re

from klantlab.i18n import t
from klantlab.model import Workbook
from klantlab.report.headline import glossary, headline
from klantlab.widgets.html import WRAP, escape

__all__ = ["glossary_html", "headline_html", "with_terms"]


def with_terms(text: str) -> str:
    """``text`` escaped, each technical word in it marked with its explanation (shown on hover)."""
    out = escape(text)
    for term, explained in glossary():
        pattern = re.compile(rf"(?<![\w-])({re.escape(escape(term))})(?![\w-])", re.IGNORECASE)
        out = pattern.sub(lambda m, e=explained: f"<abbr title='{escape(e)}'>{m.group(1)}</abbr>", out, count=1)
    return out


def headline_html(workbook: Workbook) -> str:
    """The conclusions with their actions, first on the dashboard; a short line when there are none yet."""
    found = headline(workbook)
    title = f"<h2 style='font-size:18px;margin:0 0 6px'>{escape(t('headline.title'))}</h2>"
    if not found:
        return f"<section class='klantlab-headline'>{title}<p>{escape(t('headline.empty'))}</p></section>"
    items = "".join(
        f"<li style='margin:4px 0'><b>{with_terms(c.finding)}</b>: {with_terms(c.action)}</li>" for c in found
    )
    return (
        "<section class='klantlab-headline' style='border-left:4px solid #1d4ed8;background:#eff6ff;"
        f"padding:10px 14px;margin:10px 0;{WRAP}'>{title}<ul style='margin:0;padding-left:20px'>{items}</ul></section>"
    )


def glossary_html() -> str:
    """The explained terms as a list, on screen and in print."""
    items = "".join(f"<dt style='font-weight:600'>{escape(term)}</dt><dd style='margin:0 0 6px 0'>{escape(text)}</dd>"
                    for term, text in glossary())  # fmt: skip
    return (
        f"<section class='klantlab-glossary' style='margin-top:18px;{WRAP}'>"
        f"<h3 style='margin:0 0 4px'>{escape(t('headline.terms'))}</h3><dl style='margin:0'>{items}</dl></section>"
    )
