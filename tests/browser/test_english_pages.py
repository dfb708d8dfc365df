"""English in the browser: a Voilà page asked for with ?lang=en speaks English from its first line, and links back."""

from __future__ import annotations

import shutil

import pytest
from helpers import dutch_in, dutch_only_fragments

from klantlab.io import notebooks_dir, sample_workbook_path, samples_dir
from klantlab.io.sample_data import SAMPLE_FILES

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
LOAD_MS = 120_000


@pytest.fixture
def english_sample(tmp_path):
    for name in [sample_workbook_path("en").name, *SAMPLE_FILES.values()]:
        shutil.copyfile(samples_dir() / name, tmp_path / name)
    return tmp_path / sample_workbook_path("en").name


def test_the_dashboard_asked_for_in_english_speaks_english_and_links_to_dutch(
    serve, page, screenshot, english_sample
) -> None:
    server = serve(english_sample)  # started in Dutch, as `klantlab dashboard` is by default
    page.goto(server.url + "?lang=en", timeout=LOAD_MS)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4", timeout=LOAD_MS)
    page.wait_for_selector(".kl-wall .kl-note", timeout=LOAD_MS)  # the live dashboard, walls and all
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.title() == "klantlab · dashboard"
    body = page.locator("body").inner_text()
    assert "klantlab · workbook overview (read-only) · Nederlands" in body
    assert "Dairy and food producers" in body
    assert dutch_in(body, dutch_only_fragments()) == []
    screenshot("english-dashboard")

    page.get_by_role("link", name="Nederlands").click()
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4", timeout=LOAD_MS)
    assert page.evaluate("document.documentElement.lang") == "nl"
    assert "klantlab · overzicht van het werkboek (alleen lezen) · English" in page.locator("body").inner_text()


def test_the_exercises_in_english_teach_in_english(serve, page, screenshot, english_sample) -> None:
    server = serve(english_sample, notebook=notebooks_dir() / "oefeningen" / "oefeningen.ipynb", templated=True)
    page.goto(server.url + "?lang=en", timeout=LOAD_MS)
    assert page.title() == "klantlab · Exercises"  # at once, before the kernel has drawn anything
    page.get_by_role("heading", name="klantlab · Exercises on the four models").wait_for(timeout=LOAD_MS)
    page.get_by_role("textbox", name="Your name or student number").fill("Jane Smith")
    page.get_by_role("button", name="Start").click()
    page.locator(".kl-student-progress").filter(has_text="0 of 12 right").wait_for(timeout=60_000)
    answer = page.locator("input[title='Your answer to exercise 3.1']")
    answer.fill("20")
    answer.press("Enter")
    row = page.locator(".widget-hbox", has=answer).last
    row.get_by_role("button", name="Check").click()
    page.get_by_text("20.0% is too high.").wait_for(timeout=60_000)
    assert page.get_by_role("heading", name="3 · Customer pyramid").is_visible()
    body = page.locator("body").inner_text()
    assert dutch_in(body, dutch_only_fragments()) == []
    screenshot("english-exercises")


def test_an_english_guided_notebook_reads_english_throughout(serve, page, screenshot, english_sample) -> None:
    notebook = notebooks_dir() / "en" / "01_choosing_the_segment.ipynb"
    server = serve(english_sample, language="en", notebook=notebook, templated=True)
    page.goto(server.url, timeout=LOAD_MS)
    assert page.title() == "klantlab · Choosing a customer segment"
    page.get_by_role("tab", name="1 · Goal").wait_for(timeout=LOAD_MS)
    page.locator("td", has_text="Dairy and food producers").first.wait_for(timeout=LOAD_MS)  # the ranking table
    body = page.locator("body").inner_text()
    assert "Dairy and food producers" in body
    assert dutch_in(body, dutch_only_fragments()) == []
    screenshot("english-notebook-01")
