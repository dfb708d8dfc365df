"""The blank canvases as a person sees them: each PDF opened in chromium's own viewer, page 1 saved as a PNG.

The PNGs in ``test-artifacts/`` are there to be looked at; the test checks
that the viewer showed one A-series page (sides in the ratio 1 : √2).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lab_session import ARTIFACTS
from PIL import Image

from klantlab.i18n import language
from klantlab.report.canvases import write_canvas

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LONG_SIDE_PX = 2400


def _page_png(browser, pdf: Path, png: Path, portrait: bool) -> tuple[int, int]:
    """Page 1 of ``pdf`` as ``png`` (the white page cut out of the viewer); its width and height in pixels."""
    short = round(LONG_SIDE_PX / 2**0.5)
    width, height = (short, LONG_SIDE_PX) if portrait else (LONG_SIDE_PX, short)
    page = browser.new_page(viewport={"width": width + 40, "height": height + 40})
    page.goto(pdf.resolve().as_uri() + "#toolbar=0&navpanes=0&view=Fit")
    page.wait_for_timeout(2500)
    page.screenshot(path=str(png))
    page.close()
    image = Image.open(png).convert("RGB")
    box = image.convert("L").point(lambda value: 255 if value > 200 else 0).getbbox()  # the white page
    image = image.crop(box) if box else image
    image.save(png)
    return image.size


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize(("model", "size"), [("stakeholders", "A1"), ("journey", "A1"), ("persona", "A4")])
def test_each_canvas_shows_one_page_of_its_paper(browser, tmp_path: Path, model: str, size: str, lang: str) -> None:
    with language(lang):
        pdf = write_canvas(model, tmp_path, size)
    ARTIFACTS.mkdir(exist_ok=True)
    suffix = "" if lang == "nl" else f"-{lang}"
    width, height = _page_png(browser, pdf, ARTIFACTS / f"canvas-{model}-{size}{suffix}.png", model == "persona")
    long_side, short_side = max(width, height), min(width, height)
    assert abs(long_side / short_side - 2**0.5) < 0.02
    assert (height > width) == (model == "persona")
