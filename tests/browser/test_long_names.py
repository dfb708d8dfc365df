"""The dashboard of a workbook with hostile names, in a real browser on a laptop and on a phone.

Unbroken 120-character names used to push the header, the cards, the persona
card, the follow-up lists and the walls' titles past the screen. Now nothing on
the page is wider than its box or than the window.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from long_names import LETTERS, LONG_WORD, OVERRIDE_SHOWN, hostile_workbook

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LOAD_MS = 120_000

#: Every element of the page (not the insides of a chart's SVG, which plotly clips itself) whose content is wider
#: than its box, or that reaches past the window: tag, class, start of its text and how wide against what.
OVERFLOWING = """() => {
  const window_width = document.documentElement.clientWidth;
  const found = [];
  for (const element of document.querySelectorAll('body *')) {
    if (element.closest('svg')) continue;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if ((box.width === 0 && box.height === 0) || style.display === 'none' || style.visibility === 'hidden') continue;
    const spills = element.clientWidth > 0 && element.scrollWidth > element.clientWidth + 1;
    if (spills || box.right > window_width + 1) {
      found.push(`${element.tagName.toLowerCase()}.${element.className} "${(element.textContent || '').slice(0, 30)}"`
                 + ` ${element.scrollWidth}/${element.clientWidth} px, right ${Math.round(box.right)}/${window_width}`);
    }
  }
  return found;
}"""


def _loaded(page) -> None:
    page.wait_for_selector(".klantlab-client", timeout=LOAD_MS)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4", timeout=LOAD_MS)
    page.wait_for_selector(".kl-wall .kl-note", timeout=LOAD_MS)
    page.wait_for_timeout(500)  # the walls lay out after their first draw


def test_long_names_wrap_and_nothing_overflows_on_a_laptop_or_a_phone(serve, page, screenshot, tmp_path: Path) -> None:
    dashboard = serve(hostile_workbook(tmp_path))
    for width, name in ((1280, "dashboard-long-names-1280"), (390, "dashboard-long-names-390")):
        page.set_viewport_size({"width": width, "height": 1300})
        page.goto(dashboard.url, timeout=LOAD_MS)
        _loaded(page)
        assert page.evaluate(OVERFLOWING) == [], width
        assert page.locator(".klantlab-client").inner_text() == LONG_WORD  # wrapped, not cut
        body = page.inner_text("body")
        for text in (LETTERS, f"persona: {LONG_WORD}", f"Klanttype-piramide · {LETTERS}"):
            assert text in body.replace("\n", ""), (width, text)
        # The whole page in the picture: Voilà scrolls inside its own box, so make the window as tall as the page.
        height = page.evaluate("Math.max(...[...document.querySelectorAll('body *')].map(e => e.scrollHeight))")
        page.set_viewport_size({"width": width, "height": height + 40})
        page.wait_for_timeout(500)
        assert page.evaluate(OVERFLOWING) == [], width
        screenshot(name)


def test_a_name_with_a_direction_override_is_shown_as_typed(serve, page, tmp_path: Path) -> None:
    page.goto(serve(hostile_workbook(tmp_path)).url, timeout=LOAD_MS)
    _loaded(page)
    text = page.evaluate("document.body.textContent")
    assert "\u202e" not in text and "\u202c" not in text and "\x0b" not in text
    assert OVERRIDE_SHOWN in page.inner_text("body")  # in the follow-up list and the focus list, not reversed
    assert page.locator(".kl-wall .kl-note-text", has_text="Hoofd inkoop koopt niets").count() == 2  # both walls
    assert "Henk Bosman, directeur-eigenaar" in page.inner_text("body")  # the pasted vertical tab became a space
