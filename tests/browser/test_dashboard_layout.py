"""The manager's dashboard on a phone, a tablet and a desktop, and on paper (issue 17): nothing cut off, nothing
overlapping, charts at a width their text was laid out for, and their figures as a list where a chart would not
fit. Bounding boxes, measured in chromium; a screenshot of every width in test-artifacts/."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pypdf
import pytest

from klantlab.io import sample_workbook_path

pytestmark = [pytest.mark.browser, pytest.mark.timeout(420)]
LOAD_MS = 120_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTHS = {"phone": (390, 844), "tablet": (820, 1180), "desktop": (1440, 900)}
#: A4 portrait less the print style's 12 mm margins, in CSS pixels (210 mm − 24 mm at 96 dpi).
A4_CONTENT_PX = 703

#: Every chart text (plotly's <text> elements that show something): its box, and the box of its chart.
_CHART_TEXTS = """() => [...document.querySelectorAll('.kl-chart .js-plotly-plot')].map(plot => {
  const own = plot.querySelector('svg.main-svg').getBoundingClientRect();
  const texts = [...plot.querySelectorAll('svg text')].filter(t => t.textContent.trim() !== ''
      && getComputedStyle(t).visibility !== 'hidden' && t.getBoundingClientRect().width > 0)
    .map(t => { const r = t.getBoundingClientRect();
                return {text: t.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom}; });
  return {left: own.left, right: own.right, top: own.top, bottom: own.bottom, texts};
})"""

#: Elements of the dashboard whose right edge passes the given width (a text cut off or a page scrolling sideways).
_TOO_WIDE = """(width) => [...document.querySelectorAll('.kl-dashboard *')].filter(e => {
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.right > width + 1 && getComputedStyle(e).position !== 'fixed';
}).map(e => `${e.tagName}.${String(e.className).slice(0, 40)}: ${e.textContent.trim().slice(0, 40)}`)"""


def _overlapping(texts: list[dict]) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap by more than a pixel each way."""
    pairs = []
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            wide = min(a["right"], b["right"]) - max(a["left"], b["left"])
            high = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if wide > 1 and high > 1:
                pairs.append((a["text"], b["text"]))
    return pairs


@pytest.fixture(scope="module")
def sample_dashboard(tmp_path_factory, module_serve):
    workbook = tmp_path_factory.mktemp("layout") / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), workbook)
    return module_serve(workbook, "nl")


def _open(browser, url: str, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url, timeout=LOAD_MS)
    page.wait_for_selector(".kl-wall .kl-note", timeout=LOAD_MS)
    page.wait_for_function(
        "document.querySelectorAll('.kl-chart .js-plotly-plot .main-svg').length >= 4", timeout=LOAD_MS
    )
    page.wait_for_timeout(300)
    return context, page


def _whole_page_screenshot(page, name: str, width: int) -> None:
    """The whole dashboard in one PNG: Voilà scrolls inside the page, so the viewport is made as tall as it."""
    ARTIFACTS.mkdir(exist_ok=True)
    tall = page.evaluate("document.getElementById('rendered_cells').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(tall, 16000)})
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.mark.parametrize("device", ["tablet", "desktop"])
def test_on_a_tablet_and_a_desktop_the_charts_keep_their_text_inside_and_apart(browser, sample_dashboard, device):
    width, height = WIDTHS[device]
    context, page = _open(browser, sample_dashboard.url, width, height)
    try:
        charts = page.evaluate(_CHART_TEXTS)
        assert len(charts) == 2  # the segments' ranking and the customer pyramid
        for chart in charts:
            assert chart["right"] - chart["left"] == 640  # drawn at its design width, whatever the screen
            assert chart["right"] <= width
            outside = [
                t["text"]
                for t in chart["texts"]
                if t["left"] < chart["left"] - 1 or t["right"] > chart["right"] + 1 or t["right"] > width + 1
                or t["top"] < chart["top"] - 1 or t["bottom"] > chart["bottom"] + 1
            ]  # fmt: skip
            assert outside == []
            assert _overlapping(chart["texts"]) == []
        texts = [t["text"] for chart in charts for t in chart["texts"]]
        # a level's text in two lines (one <text>, two <tspan>s): one line did not fit right of the pyramid
        assert "Topklanten: 18 klanten46,4 % van de omzet (boek: 40 %)" in texts
        # the figures as a table stay one keyboard step away; the narrow list is not shown
        assert page.locator(".kl-chart-data summary").count() == 2
        assert page.locator(".kl-narrow-only").first.is_hidden()
        assert page.evaluate(_TOO_WIDE, width) == []
        _whole_page_screenshot(page, f"dashboard-layout-{device}-{width}", width)
    finally:
        context.close()


#: The words (under ``selector``) that a line break cuts in two: a word's text spans more than one line box.
_WORDS_BROKEN = """selector => {
    const broken = [];
    for (const element of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.data.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


def test_on_a_phone_the_charts_become_lists_of_their_figures(browser, sample_dashboard):
    width, height = WIDTHS["phone"]
    context, page = _open(browser, sample_dashboard.url, width, height)
    try:
        assert page.locator(".kl-chart-figure").first.is_hidden()
        lists = page.locator(".kl-narrow-only .kl-rows")
        assert lists.count() == 2
        assert lists.nth(0).locator("h3").inner_text() == "Aantrekkelijkheid van de segmenten (gewogen score, 1–5)"
        first = lists.nth(0).locator("li").first
        assert first.locator("h4").inner_text() == "Zuivel- en voedingsproducenten"
        assert first.locator("dt").all_inner_texts()[:2] == ["Rang", "Totaalscore"]
        levels = lists.nth(1).locator("li h4").all_inner_texts()
        assert levels[:4] == ["Topklanten", "Grote klanten", "Middelgrote klanten", "Kleine klanten"]
        top = lists.nth(1).locator("li").first.locator("dd").all_inner_texts()
        assert top[:2] == ["18", "1,0 %"]
        # the summary sentence stands for the chart on every screen
        summaries = page.locator(".kl-chart-summary").all_inner_texts()
        assert summaries[1].startswith("Klantenpiramide op omzet: 1.800 actieve klanten (Topklanten 18, Grote klanten")
        assert page.evaluate(_TOO_WIDE, width) == []
        assert page.evaluate("document.getElementById('rendered_cells').scrollWidth") <= width
        assert page.evaluate(_WORDS_BROKEN, ".kl-rows dt, .kl-rows dd, .kl-rows h4") == []  # "Totaalsc / ore"
        _whole_page_screenshot(page, f"dashboard-layout-phone-{width}", width)
    finally:
        context.close()


def test_printed_on_a4_every_model_starts_a_page_and_nothing_is_wider_than_the_paper(browser, sample_dashboard):
    context, page = _open(browser, sample_dashboard.url, 1440, 900)
    try:
        page.emulate_media(media="print")
        pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
        pages = [p.extract_text() for p in pdf.pages]
        assert [int(float(x)) for x in pdf.pages[0].mediabox[2:]] == [595, 842]  # A4 portrait (595.3 × 841.9 pt)
        starts = [next(i for i, text in enumerate(pages) if text.lstrip().startswith(model)) for model in (
            "Klantsegment kiezen", "Klanttype-piramide", "Klantenpiramide", "Customer journey")]  # fmt: skip
        assert starts == sorted(starts) and len(set(starts)) == 4 and starts[0] >= 1
        assert "Verpakkingstechniek Nederland B.V." in pages[0] and "Wat dit zegt, en wat te doen" in pages[0]
        assert "Download PDF" not in "".join(pages)  # the page's own buttons are not printed
        # laid out at the paper's width: no element passes it, the charts (640 px) included
        page.set_viewport_size({"width": A4_CONTENT_PX, "height": 1000})
        page.wait_for_timeout(300)
        assert page.evaluate(_TOO_WIDE, A4_CONTENT_PX) == []
        assert page.locator(".kl-chart-figure").first.is_visible()
    finally:
        context.close()
