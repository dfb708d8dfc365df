"""The manager's dashboard as one self-contained HTML file: opens from an e-mail or a shared drive, offline.

The file shows the same parts as the live dashboard (``widgets.dashboard_parts``), in the same order, with
the same style sheet. Everything it needs is inside it: plotly.js once, each chart's figure as JSON, the
post-it walls drawn by the same ES module as the live page (``widgets/static/wall.js``) with a read-only
stand-in for the widget model. It asks nothing of any server, not even a font or an icon, and it cannot
change anything: there is no kernel behind it.

User text is escaped twice over: the parts carry it escaped as HTML, and the JSON inside ``<script>``
elements has ``<``, ``>`` and ``&`` written as ``\\u003c`` and so on, so no name can end a script.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from functools import cache
from typing import Any

from klantlab.i18n import get_language, t
from klantlab.io import SUFFIX, slug
from klantlab.model import Workbook
from klantlab.widgets.dashboard_parts import DASHBOARD_CSS, Chart, Part, WallSlot, chart_html, dashboard_parts
from klantlab.widgets.html import escape
from klantlab.widgets.wall import journey_board, stakeholder_board, wall_texts

__all__ = ["MADE_AT_CLASS", "json_for_script", "snapshot_html", "snapshot_name"]

_STATIC = DASHBOARD_CSS.parent
#: The class of the line that says when the snapshot was made (the one line two snapshots of a workbook differ in).
MADE_AT_CLASS = "kl-made-at"  # i18n: not user text
#: How plotly draws a chart in the snapshot: a picture, no drag, zoom, hover or tool bar.
_PLOT_CONFIG = {"staticPlot": True, "displayModeBar": False, "displaylogo": False, "showSendToCloud": False}
#: The page around the dashboard; only fonts already on the reader's computer (no font is fetched).
_PAGE_CSS = (
    "body{margin:0;padding:16px;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,"  # i18n: not user text
    "sans-serif;font-size:14px;line-height:1.4;color:#111827;background:#fff}"
    "main.kl-dashboard{margin:0 auto;width:100%}"
    ".kl-made-at{color:#4b5563;font-size:12px;margin:2px 0 8px}"
    "@media print{body{padding:0}}"
)
#: Draws each chart from its JSON and each wall with wall.js's own render (appended to the inlined module).
_DRAW_JS = """// i18n: not user text
const klData = (id) => JSON.parse(document.getElementById(id).textContent);
for (const slot of document.querySelectorAll("[data-kl-wall]")) {
  const values = klData(slot.dataset.klWall);
  const model = {
    get: (name) => values[name],
    set: () => {}, on: () => {}, off: () => {}, send: () => {}, save_changes: () => {},
  };
  klantlabWall.render({ model, el: slot });
}
for (const plot of document.querySelectorAll("[data-kl-chart]")) {
  const spec = klData(plot.dataset.klChart);
  window.Plotly.newPlot(plot, spec.data, spec.layout, spec.config);
}
"""
_EXPORT_DEFAULT = re.compile(r"^export default\b", re.MULTILINE)


def json_for_script(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` in it at all."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def snapshot_name(workbook: Workbook, file_name: str, extension: str) -> str:
    """The file name of a snapshot, as the other deliverables are named: ``<workbook name>-dashboard.html``."""
    base = file_name.removesuffix(SUFFIX)[:100].rstrip("-. ") or slug(workbook.client.name)[:100]
    return f"{base}-{t('snapshot.file')}.{extension}"


@cache
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs()


def _wall_module() -> str:
    """wall.js as it is on disk now, its default export bound to ``klantlabWall`` so the drawing code can use it."""
    source = (_STATIC / "wall.js").read_text(encoding="utf-8")
    if len(_EXPORT_DEFAULT.findall(source)) != 1 or re.search(r"^\s*(import|export)\b", source.replace(
            "export default", "", 1), re.MULTILINE):  # fmt: skip
        raise ValueError("wall.js: one 'export default' and no other import or export")  # i18n: not user text
    return _EXPORT_DEFAULT.sub("const klantlabWall =", source, count=1)


def _inside(tag: str, text: str) -> str:
    """Code to put inside a ``<script>`` or ``<style>`` element; it must not close the element itself."""
    if f"</{tag}" in text.lower():
        raise ValueError(f"<{tag}> text holds '</{tag}'")  # i18n: not user text
    return text


def _wall_values(workbook: Workbook, kind: str, texts: dict[str, str]) -> dict[str, Any]:
    board = stakeholder_board(workbook, workbook.focus_segment_id()) if kind == "stakeholders" else journey_board(
        workbook)  # fmt: skip
    return {"kind": kind, "board": board, "texts": texts, "read_only": True, "selected": ""}


def _chart_spec(chart: Chart) -> dict[str, Any]:
    from klantlab.widgets.figures import figure_bundle

    (spec,) = figure_bundle(chart.figure).values()
    return {"data": spec.get("data", []), "layout": spec.get("layout", {}), "config": _PLOT_CONFIG}


def _data_script(element_id: str, value: Any) -> str:
    return f'<script type="application/json" id="{element_id}">{json_for_script(value)}</script>'


def _body(workbook: Workbook, parts: list[Part]) -> tuple[list[str], bool]:
    """The dashboard's parts as HTML, one string each, and whether a wall is among them."""
    texts: dict[str, str] | None = None
    html: list[str] = []
    for number, part in enumerate(parts):
        if isinstance(part, Chart):
            before, after = chart_html(part)
            chart_id = f"kl-chart-{number}"
            html.append(
                f"<div class='kl-chart'>{before}<div class='kl-chart-figure'>"
                f"<div class='kl-plot' data-kl-chart='{chart_id}'></div>{_data_script(chart_id, _chart_spec(part))}"
                f"</div>{after}</div>"
            )
        elif isinstance(part, WallSlot):
            texts = texts if texts is not None else wall_texts()
            wall_id = f"kl-wall-{number}"
            values = _wall_values(workbook, part.kind, texts)
            html.append(f"<div class='kl-wall-slot' data-kl-wall='{wall_id}'></div>{_data_script(wall_id, values)}")
        else:
            html.append(f"<div class='kl-part'>{part}</div>")
    return html, texts is not None


def _made_at(made: dt.datetime) -> str:
    local = made.astimezone()
    line = t("snapshot.made_at", date=local.strftime("%d-%m-%Y"), time=local.strftime("%H:%M"))
    return f"<p class='{MADE_AT_CLASS}'>{escape(line)}</p>"


def snapshot_html(workbook: Workbook, file_name: str, made: dt.datetime | None = None) -> str:
    """The dashboard of ``workbook`` (saved as ``file_name``) as one HTML file that needs nothing else."""
    parts = dashboard_parts(workbook, file_name)
    body, walls = _body(workbook, parts)
    body.insert(1, _made_at(made or dt.datetime.now(dt.UTC)))  # under the client's name and the file's facts
    styles = [DASHBOARD_CSS.read_text(encoding="utf-8")]
    if walls:
        styles.append((_STATIC / "wall.css").read_text(encoding="utf-8"))
    module = f"{_wall_module()}\n{_DRAW_JS}" if walls else _DRAW_JS  # no wall: its loop has nothing to draw
    title = t("snapshot.title", client=workbook.client.name)
    return (
        "<!DOCTYPE html>\n"  # i18n: not user text
        f'<html lang="{get_language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{_PAGE_CSS}</style>\n"
        + "".join(f"<style>{_inside('style', css)}</style>\n" for css in styles)
        + f'<script type="text/javascript">{_inside("script", _plotly_js())}</script>\n'
        "</head>\n<body>\n"
        "<main class='kl-dashboard'>\n" + "\n".join(body) + "\n</main>\n"
        f'<script type="module">{_inside("script", module)}</script>\n'
        "</body>\n</html>\n"
    )
