"""Small HTML pieces for widgets; every text passes through ``html.escape`` here."""

from __future__ import annotations

import html

import ipywidgets as w

from klantlab.errors import KlantlabError
from klantlab.i18n import t

__all__ = ["WRAP", "alert", "card", "escape", "html_table", "problem_alert", "warnings_html"]

# Inline styles: Voilà and JupyterLab both show them without extra CSS files.
#: For a block that shows user text: a long unbroken word (a 120-letter name, a path) wraps inside the block
#: instead of widening it past the card or the screen. Inherited by everything inside; ``anywhere`` (unlike
#: ``break-word``) also lets a flex item or a table column shrink to the width it is given.
WRAP = "overflow-wrap:anywhere"  # i18n: not user text
_ALERT = {
    "error": "background:#fef2f2;border-left:4px solid #b91c1c;color:#7f1d1d",
    "info": "background:#eff6ff;border-left:4px solid #1d4ed8;color:#1e3a8a",
    "ok": "background:#f0fdf4;border-left:4px solid #15803d;color:#14532d",
    "warning": "background:#fffbeb;border-left:4px solid #b45309;color:#78350f",
}


def escape(text: object) -> str:
    """Text made safe to put into HTML (a name like ``<img ...>`` shows as text)."""
    return html.escape(str(text), quote=True)


def field_label(name: str) -> str:
    """The label of a model field for a form: ``goal`` → "Doel"."""
    return t(f"field.{name}").capitalize()


def alert(message: str, details: list[str] | None = None, kind: str = "error") -> w.HTML:
    """A coloured message box; ``message`` and ``details`` are plain text."""
    items = "".join(f"<li>{escape(line)}</li>" for line in details or [])
    body = f"<p style='margin:0'>{escape(message)}</p>" + (f"<ul style='margin:6px 0 0'>{items}</ul>" if items else "")
    style = f"{_ALERT[kind]};padding:10px 14px;border-radius:4px;{WRAP}"
    return w.HTML(f"<div class='klantlab-alert' style='{style}'>{body}</div>")


def problem_alert(error: KlantlabError) -> w.HTML:
    """The message of a klantlab error, in the active language, as an alert."""
    return alert(error.message, error.details, "error")


#: At most three lines of a card's value or note: one 120-letter segment name would make every card in the row
#: ten lines high. The full text is in the tooltip and in the model's own section further down.
_CLAMP = "display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden"  # i18n: not user text


def card(title: str, value: str, note: str = "") -> str:
    """One key figure as an HTML card (all three texts escaped); a long value or note is cut after three lines."""
    return (
        "<div class='klantlab-card' style='flex:1 1 150px;border:1px solid #e5e7eb;border-radius:6px;"
        f"padding:10px 14px;background:#fafafa;{WRAP}'>"
        f"<div style='font-size:12px;line-height:1.35;color:#6b7280'>{escape(title)}</div>"
        f"<div style='font-size:20px;font-weight:600;line-height:1.25;color:#111827;{_CLAMP}' title='{escape(value)}'>"
        f"{escape(value)}</div>"
        f"<div style='font-size:12px;line-height:1.35;color:#6b7280;{_CLAMP}' title='{escape(note)}'>"
        f"{escape(note)}</div></div>"
    )


def html_table(header: list[str], rows: list[list[str]], align_right_from: int = 1) -> str:
    """A small table of texts already formatted for the reader; columns from ``align_right_from`` on align right.

    Every cell is escaped.
    """

    def align(i: int) -> str:
        return "right" if i >= align_right_from else "left"

    head = "".join(f"<th style='text-align:{align(i)};padding:4px 10px'>{escape(h)}</th>" for i, h in enumerate(header))
    body = "".join(
        "<tr>"
        + "".join(f"<td style='text-align:{align(i)};padding:3px 10px'>{escape(c)}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return (
        f"<table class='klantlab-table' style='border-collapse:collapse;font-size:13px;{WRAP}'>"
        f"<thead style='border-bottom:1px solid #d1d5db'><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def warnings_html(items) -> str:
    """Warnings (anything with a ``text()``) as lines to show beside a field; empty when there are none."""
    return "".join(f"<div class='klantlab-warning'>⚠ {escape(item.text())}</div>" for item in items)
