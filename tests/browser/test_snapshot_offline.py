"""The dashboard's HTML snapshot opened from file:// with no network, printed to A4, and the live page's
"Download PDF" and "Download HTML" buttons (issue 17, "print and save" and "without a server")."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pypdf
import pytest
from helpers import SAMPLE, sample_copy

from klantlab.cli import main
from klantlab.io import WorkbookFile
from klantlab.model import Attitude, Side, Stakeholder, StakeholderRole
from klantlab.report.snapshot import MADE_AT_CLASS, snapshot_html
from klantlab.report.snapshot_pdf import snapshot_pdf

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
CLIENT = "Verpakkingstechniek Nederland B.V."
XSS = "<img src=x onerror=alert(1)>"
CHART_TITLES = ("Aantrekkelijkheid van de segmenten", "Klantenpiramide: klanten en hun aandeel in de omzet")
MODELS = 4
A4_PT = (595, 842)
LOAD_MS = 120_000


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> Path:
    """The sample with a stakeholder named like an attack, written by ``klantlab export --html``."""
    folder = tmp_path_factory.mktemp("snapshot")
    handle = WorkbookFile.open(sample_copy(folder))
    handle.workbook.stakeholder_pyramid.stakeholders.append(
        Stakeholder(segment_id=handle.workbook.focus_segment_id(), name=XSS, organisation=XSS, side=Side.outside,
                    role=StakeholderRole.influencer, attitude=Attitude.opponent)
    )  # fmt: skip
    handle.save()
    assert main(["--language", "nl", "export", str(handle.path), "--html"]) == 0
    return folder / f"{SAMPLE}-dashboard.html"


def _offline_page(browser, width: int):
    """A page that cannot reach anything but files, recording every request and every dialog."""
    context = browser.new_context(viewport={"width": width, "height": 900}, offline=True)
    page = context.new_page()
    page.requests, page.dialogs, page.errors = [], [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    return context, page


def _pdf_text(data: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("width", [1440, 390])
def test_the_snapshot_opens_offline_draws_everything_and_runs_no_user_text(browser, snapshot: Path, width) -> None:
    context, page = _offline_page(browser, width)
    try:
        page.goto(snapshot.as_uri())
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2", timeout=30_000)
        page.wait_for_timeout(500)  # a late onerror would fire now
        assert page.requests == [snapshot.as_uri()]  # the file itself, nothing else
        assert page.dialogs == [] and page.errors == []
        assert page.evaluate("document.querySelectorAll('img').length") == 0
        plots = page.evaluate(
            "[...document.querySelectorAll('.js-plotly-plot')].map(p => p.querySelectorAll('.trace').length)"
        )
        assert len(plots) == 2 and all(traces >= 1 for traces in plots)
        walls = page.evaluate(
            "[...document.querySelectorAll('.kl-wall')].map(w => [...w.querySelectorAll('.kl-note[data-id]')]"
            ".map(n => n.innerText))"
        )
        assert [len(notes) for notes in walls] == [15, 18]  # 14 stakeholders and the added one; 18 touchpoints
        assert any(note.startswith("Henk Bosman") for note in walls[0])
        assert sum(XSS in note for note in walls[0]) == 1  # shown as text
        assert page.evaluate("document.documentElement.lang") == "nl" and page.locator("main").count() == 1
        assert page.locator("h1").all_inner_texts() == [CLIENT]
        if width == 390:  # narrow: the figures as tables, not shrunk charts; nothing wider than the screen
            assert page.locator(".kl-chart-figure").first.is_hidden()
            narrow = page.locator(".kl-chart .kl-narrow-only")
            assert narrow.count() == 2 and narrow.first.is_visible() and narrow.last.is_visible()
        assert _too_wide(page) == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"snapshot-{width}.png"), full_page=True)
    finally:
        context.close()


def _too_wide(page, limit: float | None = None) -> list[str]:
    """The elements that reach past ``limit`` (default: the page's width), with their right edge.

    A chart counts by its own box (its figure clips what is drawn inside it); whether a chart's text fits
    its chart is the chart layout tests' business.
    """
    return page.evaluate(
        """(limit) => {
          const edge = (limit ?? document.documentElement.clientWidth) + 1;
          return [...document.querySelectorAll('main *')].filter(e => {
            const box = e.getBoundingClientRect();
            return box.width > 0 && box.right > edge && e.closest('.kl-wide-only, details:not([open])') === null
              && (e.ownerSVGElement ?? null) === null;
          }).slice(0, 8).map(e => `${e.tagName}.${e.getAttribute('class')} ${e.textContent.slice(0, 40)}`
            + ` ${Math.round(e.getBoundingClientRect().right)}`);
        }""",
        limit,
    )


def test_the_snapshot_prints_to_a4_one_page_per_model_nothing_cut_off(browser, snapshot: Path) -> None:
    # 794 px: an A4 page at 96 px per inch; 703 px: its width inside the print style's 12 mm margins
    for width in (794, 703):
        context, page = _offline_page(browser, width)
        try:
            page.goto(snapshot.as_uri())
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2")
            page.emulate_media(media="print")
            assert _too_wide(page) == []
            assert page.locator(".kl-chart-figure").first.is_visible()  # A4 is wide enough for the charts
            if width == 794:
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / "snapshot-print.png"), full_page=True)
                page.screenshot(path=str(ARTIFACTS / "snapshot-print-page1.png"),
                                clip={"x": 0, "y": 0, "width": 794, "height": 1123})  # fmt: skip
                reader, text = _pdf_text(page.pdf(format="A4"))
                assert len(reader.pages) >= MODELS == page.locator("h2.klantlab-model").count()
                assert CLIENT in text and "Henk Bosman" in text and all(title in text for title in CHART_TITLES)
        finally:
            context.close()


def test_snapshot_pdf_prints_the_charts_and_the_walls(tmp_path: Path) -> None:
    handle = WorkbookFile.open(sample_copy(tmp_path))
    data = snapshot_pdf(handle.workbook, handle.path.name)
    reader, text = _pdf_text(data)
    assert len(reader.pages) >= MODELS
    assert {tuple(round(float(v)) for v in page.mediabox[2:]) for page in reader.pages} == {A4_PT}
    assert CLIENT in text and "Henk Bosman" in text and all(title in text for title in CHART_TITLES)
    assert "Bewustwording" in text  # the journey wall's first phase
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "snapshot.pdf").write_bytes(data)


def test_the_live_dashboards_buttons_download_the_pdf_and_the_html(serve, page, screenshot, tmp_path: Path) -> None:
    workbook = sample_copy(tmp_path)
    dashboard = serve(workbook)
    page.goto(dashboard.url, timeout=LOAD_MS)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2", timeout=LOAD_MS)
    bar = page.locator(".kl-download-bar")
    assert bar.get_attribute("aria-label") == "Het dashboard bewaren"
    # the buttons come right after the client's name, before the headline
    assert page.evaluate(
        "document.querySelector('h1').compareDocumentPosition(document.querySelector('.kl-download-bar'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    assert page.evaluate(
        "document.querySelector('.kl-download-bar').compareDocumentPosition("
        "document.querySelector('.klantlab-headline')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    screenshot("dashboard-download-buttons")

    with page.expect_download(timeout=90_000) as pdf_download:
        page.get_by_role("button", name="Download PDF").click()
        assert page.locator(".kl-download-status").inner_text() == "Bezig… het bestand wordt gemaakt."
    pdf = pdf_download.value
    assert pdf.suggested_filename == f"{SAMPLE}-dashboard.pdf"
    reader, text = _pdf_text(Path(pdf.path()).read_bytes())
    assert len(reader.pages) >= MODELS and CLIENT in text and "Henk Bosman" in text
    page.wait_for_function("document.querySelector('.kl-download-status').innerText.startsWith('Gedownload')")
    assert page.locator(".kl-download-status").inner_text() == f"Gedownload: {SAMPLE}-dashboard.pdf"

    with page.expect_download(timeout=90_000) as html_download:
        page.get_by_role("button", name="Download HTML").click()
    html = html_download.value
    assert html.suggested_filename == f"{SAMPLE}-dashboard.html"
    made_at = re.compile(rf"<p class='{MADE_AT_CLASS}'>.*?</p>")
    handle = WorkbookFile.open(workbook)
    fresh = snapshot_html(handle.workbook, handle.path.name)
    downloaded = Path(html.path()).read_text(encoding="utf-8")
    assert made_at.sub("", downloaded) == made_at.sub("", fresh) and made_at.search(downloaded)


def test_without_chromium_the_pdf_button_says_what_to_do(serve, page, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium-here"))  # the served kernel inherits it
    dashboard = serve(sample_copy(tmp_path))
    page.goto(dashboard.url, timeout=LOAD_MS)
    page.wait_for_selector(".kl-download-bar", timeout=LOAD_MS)
    page.get_by_role("button", name="Download PDF").click()
    status = page.locator(".kl-download-status.kl-failed")
    status.wait_for(timeout=60_000)
    assert status.inner_text().startswith(
        f"Voor de PDF van het dashboard is de browser Chromium nodig, en die is op deze computer niet gevonden "
        f"(BROWSER_PATH={tmp_path / 'no-chromium-here'})."
    )
    assert "Traceback" not in status.inner_text()
    assert page.get_by_role("button", name="Download PDF").is_enabled()
