"""The two read-only walls of the manager's dashboard on a phone, a tablet, a desktop and paper (issue 17).

The wall picks its layout by its own width (a CSS container query): narrow, the
klanttype-piramide is a list per layer and the journey runs from top to bottom;
wide, the pyramid and the columns stay. At every width each text lies inside
its post-it or box and inside the window, nothing is cut off, no two labels of
a kind overlap, and attitude and emotion are told by a sign as well as a colour.
"""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path

import pytest

from conftest import ARTIFACTS
from klantlab.io import sample_workbook_path

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

LOAD_MS = 180_000
#: The sample workbook's post-its: stakeholders of the chosen segment, touchpoints of the journey.
STAKEHOLDERS, TOUCHPOINTS = 14, 18
LAYERS = ["Beslisser", "Economische koper", "Aanbeveler", "Beïnvloeder", "Eindgebruiker", "Saboteur"]
PHASES = ["Bewustwording", "Oriëntatie", "Keuze", "Gebruik", "Heroriëntatie"]

#: Each wall's texts and boxes, and what is wrong with them: a text outside its post-it or box, outside the
#: window, cut off (content wider or taller than a box that hides it), two labels of a kind overlapping.
GEOMETRY = """() => {
  const view = document.documentElement.clientWidth;
  const shown = (e) => { const s = getComputedStyle(e); const b = e.getBoundingClientRect();
    return s.display !== 'none' && s.visibility !== 'hidden' && b.width > 0 && b.height > 0; };
  const box = (e) => { const b = e.getBoundingClientRect();
    return {left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width, height: b.height}; };
  const textBox = (e) => { const r = document.createRange(); r.selectNodeContents(e); return box(r); };
  const name = (e) => `${e.className} "${e.textContent.trim().slice(0, 40)}"`;
  const inside = (a, b) => a.left >= b.left - 1 && a.right <= b.right + 1
    && a.top >= b.top - 1 && a.bottom <= b.bottom + 1;
  const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  // the text element, and the box it belongs in
  const TEXTS = [['.kl-note-text', '.kl-note'], ['.kl-note-sub', '.kl-note'], ['.kl-chip', '.kl-note'],
    ['.kl-layer-title', '.kl-layer'], ['.kl-side-head', '.kl-pyramid'], ['.kl-side-label', '.kl-row'],
    ['.kl-phase-name', '.kl-phase-head'], ['.kl-phase-sentence', '.kl-phase-head'], ['.kl-title', '.kl-toolbar']];
  const LABELS = ['.kl-layer-title', '.kl-side-head', '.kl-side-label', '.kl-phase-head', '.kl-note'];
  return [...document.querySelectorAll('.kl-wall')].map((wall) => {
    const problems = [];
    const frame = box(wall);
    if (frame.left < -1 || frame.right > view + 1) {
      problems.push(`wall ${Math.round(frame.left)}..${Math.round(frame.right)} / ${view}`);
    }
    for (const [selector, within] of TEXTS) {
      for (const element of wall.querySelectorAll(selector)) {
        if (!shown(element)) continue;
        const text = textBox(element);
        const holder = box(element.closest(within));
        if (!inside(box(element), holder) || !inside(text, holder)) {
          problems.push(`outside its ${within}: ${name(element)}`);
        }
        if (text.left < -1 || text.right > view + 1) problems.push(`outside the window: ${name(element)}`);
        if (element.scrollWidth > element.clientWidth + 1) problems.push(`wider than its box: ${name(element)}`);
      }
    }
    for (const element of wall.querySelectorAll('*')) {
      const style = getComputedStyle(element);
      if (!shown(element) || (style.overflowX === 'visible' && style.overflowY === 'visible')) continue;
      if (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1) {
        problems.push(`cut off: ${name(element)} ${element.scrollWidth}x${element.scrollHeight}`
                      + ` in ${element.clientWidth}x${element.clientHeight}`);
      }
    }
    for (const selector of LABELS) {
      const boxes = [...wall.querySelectorAll(selector)].filter(shown).map((e) => [e, box(e)]);
      boxes.forEach(([a, boxA], i) => boxes.slice(i + 1).forEach(([b, boxB]) => {
        if (overlap(boxA, boxB)) problems.push(`overlap: ${name(a)} / ${name(b)}`);
      }));
    }
    const all = (selector) => [...wall.querySelectorAll(selector)].filter(shown).map(box);
    return {
      kind: wall.classList.contains('kl-journey') ? 'journey' : 'stakeholders',
      width: Math.round(frame.width), problems,
      layers: all('.kl-layer-title'), sideHeads: all('.kl-side-head'), sideLabels: all('.kl-side-label'),
      cells: all('.kl-cell'), phases: all('.kl-phase-head'), curve: all('.kl-curve').length,
      tools: all('.kl-tools').length,
    };
  });
}"""

#: What each post-it says besides its colour, and how well its text and its sign stand out (WCAG contrast).
SIGNS = """() => {
  const rgba = (text) => (text.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number).concat([1]).slice(0, 4);
  const background = (element) => { // the colour under an element: its own and its ancestors', blended
    let colour = [255, 255, 255];
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const [r, g, b, a] = rgba(getComputedStyle(e).backgroundColor);
      if (a > 0) layers.push([r, g, b, a]);
      if (a === 1) break;
    }
    for (const [r, g, b, a] of layers.reverse()) colour = [r, g, b].map((v, i) => v * a + colour[i] * (1 - a));
    return colour;
  };
  const luminance = (c) => { const [r, g, b] = c.map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const contrast = (e) => { const a = luminance(rgba(getComputedStyle(e).color).slice(0, 3));
    const b = luminance(background(e)); return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
  const texts = `.kl-note-text, .kl-note-sub, .kl-chip, .kl-layer-title, .kl-side-head, .kl-side-label,
    .kl-phase-name, .kl-phase-sentence`;
  return {
    attitudes: [...document.querySelectorAll('.kl-stakeholders .kl-note')].map((n) => {
      const chip = n.querySelector('.kl-att');
      const edge = getComputedStyle(n).backgroundImage;
      return [n.className.match(/kl-att-(\\w+)/)[1], chip.textContent, getComputedStyle(chip).fontWeight,
        edge.startsWith('repeating-linear-gradient') ? 'hatched' : edge.startsWith('linear-gradient') ? 'bar' : 'none'];
    }),
    emotions: [...document.querySelectorAll('.kl-journey .kl-note')].map((n) =>
      [Number(n.className.match(/kl-emotion-(-?\\d)/)[1]), n.querySelector('.kl-emo').textContent]),
    lowest: Math.min(...[...document.querySelectorAll('.kl-wall')].flatMap((w) => [...w.querySelectorAll(texts)])
      .filter((e) => e.textContent.trim()).map(contrast)),
  };
}"""


def _sample(tmp_path: Path) -> Path:
    copy = tmp_path / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), copy)
    return copy


def _walls_drawn(page) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('.kl-stakeholders .kl-note').length === {STAKEHOLDERS}"
        f" && document.querySelectorAll('.kl-journey .kl-note').length === {TOUCHPOINTS}",
        timeout=LOAD_MS,
    )
    page.wait_for_timeout(500)  # the walls lay out after their first draw


def _full_page_shot(page, name: str, width: int) -> Path:
    """A picture of the whole page: Voilà scrolls inside its own box, so the window is made as tall as the page."""
    height = page.evaluate("Math.max(...[...document.querySelectorAll('body *')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": width, "height": height + 40})
    page.wait_for_timeout(400)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    for kind in ("stakeholders", "journey"):  # and each wall on its own, to look at closely
        page.locator(f".kl-wall.kl-{kind}").screenshot(path=str(ARTIFACTS / f"{name}-{kind}.png"))
    return path


def _stacked(boxes: list[dict]) -> bool:
    """Each box below the one before it, all starting at the same left edge."""
    return all(b["top"] >= a["bottom"] - 1 and abs(b["left"] - a["left"]) <= 1 for a, b in pairwise(boxes))


def _side_by_side(boxes: list[dict]) -> bool:
    """Each box right of the one before it, all on the same line."""
    return all(b["left"] >= a["right"] - 1 and abs(b["top"] - a["top"]) <= 1 for a, b in pairwise(boxes))


def _narrow_pyramid(wall: dict) -> None:
    assert wall["sideHeads"] == [] and len(wall["sideLabels"]) == 12
    assert _stacked(wall["layers"])
    # per layer: its title, "Binnen" and its post-its, then "Buiten" and its post-its, one under another
    order = sorted([*wall["layers"], *wall["sideLabels"], *wall["cells"]], key=lambda b: b["top"])
    assert all(b["top"] >= a["bottom"] - 1 for a, b in pairwise(order))
    assert len(order) == 6 * 5


def _wide_pyramid(wall: dict) -> None:
    assert wall["sideLabels"] == [] and _side_by_side(wall["sideHeads"]) and len(wall["sideHeads"]) == 2
    centres = {round((b["left"] + b["right"]) / 2) for b in wall["layers"]}
    assert max(centres) - min(centres) <= 1  # the layers' titles in one column, the pyramid's middle
    assert all(b["top"] > a["top"] for a, b in pairwise(wall["layers"]))


@pytest.mark.parametrize(
    ("width", "height", "pyramid", "journey"),
    [(390, 844, "narrow", "narrow"), (820, 1180, "wide", "wide"), (1440, 900, "wide", "wide")],
)
def test_the_walls_read_well_on_a_phone_a_tablet_and_a_desktop(
    serve, page, tmp_path: Path, width: int, height: int, pyramid: str, journey: str
) -> None:
    dashboard = serve(_sample(tmp_path))
    page.set_viewport_size({"width": width, "height": height})
    page.goto(dashboard.url, timeout=LOAD_MS)
    _walls_drawn(page)
    try:
        walls = page.evaluate(GEOMETRY)
        assert [w["kind"] for w in walls] == ["stakeholders", "journey"]
        assert [w["problems"] for w in walls] == [[], []], width
        stakeholders, phases = walls
        assert len(stakeholders["layers"]) == 6 and len(phases["phases"]) == 5
        assert page.locator(".kl-wall .kl-layer-title").all_inner_texts() == LAYERS  # whole, not cut off
        assert page.locator(".kl-wall .kl-phase-name").all_inner_texts() == PHASES
        (_narrow_pyramid if pyramid == "narrow" else _wide_pyramid)(stakeholders)
        if journey == "narrow":
            assert _stacked(phases["phases"]) and phases["curve"] == 0
        else:
            assert _side_by_side(phases["phases"]) and phases["curve"] == 1
        signs = page.evaluate(SIGNS)
        sign = {"supporter": "+", "neutral": "0", "opponent": "−"}
        edge = {"supporter": "bar", "neutral": "none", "opponent": "hatched"}
        assert sorted({tuple(a) for a in signs["attitudes"]}) == sorted(
            (attitude, sign[attitude], "700", edge[attitude]) for attitude in sign
        )
        assert len(signs["attitudes"]) == STAKEHOLDERS
        faces = {-2: "☹−2", -1: "☹−1", 0: "0", 1: "☺+1", 2: "☺+2"}
        assert all(text == faces[emotion] for emotion, text in signs["emotions"]) and len(signs["emotions"]) == 18
        assert signs["lowest"] >= 4.5
    finally:
        _full_page_shot(page, f"wall-layouts-{width}", width)


def test_the_walls_fit_an_a4_page_in_print(serve, page, tmp_path: Path) -> None:
    dashboard = serve(_sample(tmp_path))
    page.set_viewport_size({"width": 700, "height": 1000})  # the content width of an A4 page, portrait
    page.goto(dashboard.url, timeout=LOAD_MS)
    _walls_drawn(page)
    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    walls = page.evaluate(GEOMETRY)
    assert [w["problems"] for w in walls] == [[], []]
    assert all(w["width"] <= 700 for w in walls) and [w["tools"] for w in walls] == [0, 0]
    stakeholders, journey = walls
    (_wide_pyramid if stakeholders["sideHeads"] else _narrow_pyramid)(stakeholders)  # either fits the page
    assert _stacked(journey["phases"]) and journey["curve"] == 0  # the journey one phase under another
    breaks = page.evaluate(
        "[...document.querySelectorAll('.kl-wall .kl-note')].map(n => getComputedStyle(n).breakInside)"
    )
    assert set(breaks) == {"avoid"} and len(breaks) == STAKEHOLDERS + TOUCHPOINTS
    _full_page_shot(page, "wall-layouts-print", 700)
    page.pdf(path=str(ARTIFACTS / "wall-layouts-print.pdf"), format="A4", print_background=True)
