"""The overview dashboard in a real browser: served by ``klantlab dashboard``, read-only, no tracebacks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from klantlab.io import WorkbookFile, sample_workbook_path
from klantlab.model import Segment, Stakeholder

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

#: What could change something; a chart's toolbar and a wall's zoom and projector buttons only change the view.
#: The download buttons only save what is shown.
EDITABLE = (
    "input, textarea, select, button:not(.modebar-btn):not(.kl-tool):not(.kl-download button), [contenteditable=true]"
)
LOAD_MS = 120_000


def _copy_of_sample(tmp_path: Path) -> Path:
    copy = tmp_path / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), copy)
    return copy


def _no_errors_shown(page) -> None:
    body = page.inner_text("body")
    for word in ("Traceback", "Error", "Exception"):
        assert word not in body


def test_sample_dashboard_shows_figures_and_chart(serve, page, screenshot, tmp_path: Path) -> None:
    workbook = _copy_of_sample(tmp_path)
    before = workbook.read_bytes()
    dashboard = serve(workbook)
    assert dashboard.first_line == f"Dashboard van {workbook} start op {dashboard.url}"
    page.goto(dashboard.url, timeout=LOAD_MS)
    page.wait_for_selector(".js-plotly-plot .trace", timeout=LOAD_MS)
    body = page.inner_text("body")
    for text in (
        "Verpakkingstechniek Nederland B.V.",
        "Zuivel- en voedingsproducenten",
        "1.800",
        "topklanten: 46,4 % van de omzet",
        "Klanten voor 80 % van de omzet",
        "165",
        "berekend: 3.170 klanten en relaties ingedeeld",
    ):
        assert text in body
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4", timeout=LOAD_MS)
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert titles == [
        "Aantrekkelijkheid van de segmenten (gewogen score, 1–5)",
        "Klantenpiramide: klanten en hun aandeel in de omzet",
    ]
    heights = page.locator(".js-plotly-plot").evaluate_all(
        "ps => ps.map(p => Math.round(p.getBoundingClientRect().height))"
    )
    assert heights == [270, 520]  # drawn, not only present
    walls = page.locator(".kl-wall.kl-read-only")
    assert walls.locator(".kl-title").all_inner_texts() == [
        "Klanttype-piramide · Zuivel- en voedingsproducenten",
        "Customer journey · Zuivel- en voedingsproducenten",
    ]
    assert [walls.nth(i).locator(".kl-note[data-id]").count() for i in range(2)] == [14, 18]
    for text in ("Martin Visser, productiemanager", "Nog controleren bij klanten (8)",
                 "165 klanten (9,2 % van de actieve klanten) maken 80 % van de omzet; Gini 0,87.",
                 "220 klanten verloren, 242 nieuw", "Focuslijst: momenten van de waarheid"):  # fmt: skip
        assert text in body
    assert page.locator(EDITABLE).count() == 0
    # The charts' own toolbars only download a picture; nothing is uploaded anywhere.
    buttons = page.locator(".modebar-btn").evaluate_all("bs => bs.map(b => b.dataset.title)")
    assert set(buttons) == {"Download plot as a PNG"}
    _no_errors_shown(page)
    screenshot("dashboard-sample")
    assert workbook.read_bytes() == before  # viewing never writes the workbook


def test_markup_in_a_name_is_shown_as_text_and_never_run(serve, page, screenshot, tmp_path: Path) -> None:
    name = "<img src=x onerror=alert(1)>"
    handle = WorkbookFile.create(tmp_path / "xss.klantlab.json", name, consultant="<script>alert(2)</script>")
    handle.workbook.segmentation.segments.append(Segment(id="s1", name=name))
    handle.workbook.stakeholder_pyramid.stakeholders.append(
        Stakeholder(segment_id="s1", name=name, role="saboteur", approach=name)
    )
    handle.save()
    page.goto(serve(handle.path).url, timeout=LOAD_MS)
    page.wait_for_selector(".klantlab-client", timeout=LOAD_MS)
    assert page.locator(".klantlab-client").inner_text() == name
    assert "consultant <script>alert(2)</script>" in page.inner_text("body")
    page.wait_for_selector(".kl-wall .kl-note", timeout=LOAD_MS)
    assert "Saboteur · Klanttype-piramide" not in page.inner_text("body")
    assert f"{name} · Saboteur — {name}" in page.inner_text("body")  # the follow-up list shows it as text
    assert page.locator(".kl-wall .kl-note-text").first.inner_text() == name  # and the wall
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(500)
    assert page.dialogs == []
    screenshot("dashboard-markup-in-name")


def test_a_workbook_broken_after_start_shows_a_dutch_message(serve, page, screenshot, tmp_path: Path) -> None:
    workbook = _copy_of_sample(tmp_path)
    dashboard = serve(workbook)
    workbook.write_text('{"format": "klantlab-workbook", "schema', encoding="utf-8")
    page.goto(dashboard.url, timeout=LOAD_MS)
    page.wait_for_selector(".klantlab-alert", timeout=LOAD_MS)
    message = page.locator(".klantlab-alert").inner_text()
    assert message.startswith(
        "Het werkboek verpakkingsmachines.klantlab.json kan niet worden getoond: het bestand is beschadigd"
    )
    assert "Vraag de consultant die het bijhoudt om het te herstellen" in message
    assert str(tmp_path) not in message  # a manager gets no path on the server
    assert page.locator(EDITABLE).count() == 0
    _no_errors_shown(page)
    screenshot("dashboard-broken-workbook")


def test_dashboard_in_english(serve, page, screenshot, tmp_path: Path) -> None:
    dashboard = serve(_copy_of_sample(tmp_path), language="en")
    page.goto(dashboard.url, timeout=LOAD_MS)
    page.wait_for_selector(".js-plotly-plot .trace", timeout=LOAD_MS)
    body = page.inner_text("body")
    for text in ("Active customers", "1,800", "top customers: 46.4% of revenue", "The four models"):
        assert text in body
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .gtitle').length >= 2", timeout=LOAD_MS)
    titles = page.locator(".js-plotly-plot .gtitle").all_text_contents()
    assert "Customer pyramid: customers and their share of revenue" in titles
    assert page.locator(".kl-wall .kl-side-head").first.inner_text() == "Inside the customer's organisation"
    _no_errors_shown(page)
    screenshot("dashboard-sample-en")


def test_a_folder_dashboard_lets_a_viewer_choose_among_its_workbooks(serve, page, screenshot, tmp_path: Path) -> None:
    folder = tmp_path / "klanten"
    folder.mkdir()
    shutil.copyfile(sample_workbook_path(), folder / sample_workbook_path().name)
    WorkbookFile.create(folder / "bakkerij-jansen.klantlab.json", "Bakkerij Jansen")
    outside = WorkbookFile.create(tmp_path / "geheim.klantlab.json", "Geheim")
    (folder / "link.klantlab.json").symlink_to(outside.path)
    server = serve(tmp_path / "unused.klantlab.json", folder=folder)
    assert server.first_line == f"Dashboard van de werkboeken in {folder} start op {server.url}"
    page.goto(server.url, timeout=LOAD_MS)
    page.wait_for_selector("select", timeout=LOAD_MS)
    select = page.locator("select")
    assert [o.replace("\xa0", " ") for o in select.locator("option").all_text_contents()] == [
        "— kies een klant —",
        "Bakkerij Jansen (bakkerij-jansen.klantlab.json)",
        "Verpakkingstechniek Nederland B.V. (verpakkingsmachines.klantlab.json)",
    ]
    assert page.locator(".klantlab-client").count() == 0  # nothing opened until a client is chosen
    select.select_option(index=1)
    page.wait_for_selector(".klantlab-client", timeout=60_000)
    assert page.locator(".klantlab-client").inner_text() == "Bakkerij Jansen"
    select.select_option(index=2)
    page.wait_for_function("document.body.innerText.includes('Verpakkingstechniek Nederland B.V.')", timeout=60_000)
    assert "Geheim" not in page.inner_text("body")
    assert (
        page.locator("input, textarea, button:not(.modebar-btn):not(.kl-tool):not(.kl-download button)").count() == 0
    )  # only the list of workbooks (and the buttons that download what is shown)
    _no_errors_shown(page)
    screenshot("dashboard-folder")
