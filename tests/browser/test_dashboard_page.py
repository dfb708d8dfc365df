"""The dashboard page itself (issue 17, first part): its language, title and heading, the headline first, a
loading message in the user's language, nothing asked of the internet, charts that a drag cannot zoom."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

import pytest

from conftest import ARTIFACTS
from klantlab.io import sample_workbook_path

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
LOAD_MS = 120_000


def _sample(tmp_path: Path) -> Path:
    copy = tmp_path / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), copy)
    return copy


@pytest.mark.parametrize(
    ("language", "loading", "first"),
    [
        ("nl", "Het dashboard wordt geladen. Een ogenblik…", "Het gekozen segment Zuivel- en voedingsproducenten"),
        ("en", "Loading the dashboard. One moment…", "The chosen segment Zuivel- en voedingsproducenten"),
    ],
)
def test_the_page_speaks_the_users_language_and_asks_nothing_of_the_internet(
    serve, page, screenshot, tmp_path: Path, language: str, loading: str, first: str
) -> None:
    dashboard = serve(_sample(tmp_path), language=language)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(dashboard.url, timeout=LOAD_MS)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4", timeout=LOAD_MS)
    assert page.evaluate("document.documentElement.lang") == language
    assert page.title() == "klantlab · dashboard"
    assert page.locator("h1").all_inner_texts() == ["Verpakkingstechniek Nederland B.V."]
    assert page.locator("main").count() == 1
    items = page.locator(".klantlab-headline li").all_inner_texts()
    assert len(items) == 5 and items[0].startswith(first)
    # every request goes to the dashboard's own server (blob: URLs are the page's own workers)
    assert [url for url in requests if not url.startswith((dashboard.url, "blob:", "data:"))] == []
    # a drag cannot zoom a chart into meaningless bars
    assert page.evaluate(
        "[...document.querySelectorAll('.js-plotly-plot')].every(p => p.layout.dragmode === false"
        " && p.layout.xaxis.fixedrange && p.layout.yaxis.fixedrange)"
    )
    screenshot(f"dashboard-headline-{language}")
    with urllib.request.urlopen(dashboard.url, timeout=60) as answer:  # the page as sent: no Voilà "Running …"
        source = answer.read().decode("utf-8")
    assert loading in source and "Running " not in source and "cdn.jsdelivr" not in source


def test_the_key_figures_show_before_any_script_has_run_and_give_way_to_the_live_dashboard(
    serve, browser, page, tmp_path: Path
) -> None:
    """The first look: the page as sent holds the client, the conclusions and the key figures as plain HTML.

    A browser with JavaScript off shows them (so does any browser while Voilà's 3 MB of scripts load); once the
    live dashboard is drawn the first look is gone, and the page holds one of each.
    """
    dashboard = serve(_sample(tmp_path))
    still = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        bare = still.new_page()
        bare.goto(dashboard.url, timeout=LOAD_MS)
        assert bare.locator(".kl-first-look h1").inner_text() == "Verpakkingstechniek Nederland B.V."
        assert bare.locator(".kl-first-look .klantlab-headline").is_visible()
        assert (
            bare.locator(".kl-first-look .klantlab-headline li")
            .first.inner_text()
            .startswith("Het gekozen segment Zuivel- en voedingsproducenten scoort het hoogst van 3 segmenten")
        )
        cards = bare.locator(".kl-first-look .klantlab-card").all_inner_texts()
        assert [card.split("\n")[0] for card in cards] == [
            "Gekozen doelsegment",
            "Klanttypen in de piramide",
            "Actieve klanten",
            "Klanten voor 80 % van de omzet",
            "Contactmomenten in de klantreis",
        ]
        assert "1.800" in cards[2]
        assert bare.locator("#loading").inner_text() == "Het dashboard wordt geladen. Een ogenblik…"
        ARTIFACTS.mkdir(exist_ok=True)
        bare.screenshot(path=str(ARTIFACTS / "dashboard-first-look.png"), full_page=True)
    finally:
        still.close()

    page.goto(dashboard.url, timeout=LOAD_MS)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4", timeout=LOAD_MS)
    assert page.locator(".kl-first-look").count() == 0
    assert page.locator("h1").count() == 1
    assert page.locator(".klantlab-headline").count() == 1
    assert page.locator("#loading").count() == 0
