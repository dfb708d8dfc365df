"""axe-core on every page klantlab serves with Voilà (issue 17): no critical or serious violation.

The manager's dashboard (``klantlab dashboard WORKBOOK``, Dutch and English), the folder dashboard
(``klantlab dashboard --folder DIR``), the exercises and every guided notebook served the product's way
(:func:`klantlab.cli.dashboard_command`, with klantlab's page template), each opened at 1440 × 900 in Debian's
chromium once it is fully drawn. Each page's server is started once for this module and stopped after its
audit; every test reads the audits.

The post-it wall (``.kl-wall``) is another engineer's: its violations are kept apart and expected to fail
(strict) until the wall is fixed.
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from klantlab.io import notebooks_dir, sample_workbook_path

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]
LOAD_MS = 120_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WALL = ".kl-wall"
BLOCKING = ("critical", "serious")
#: page id -> (what is served, how many plotly traces at least once drawn; some charts are empty on the sample)
PAGES = {
    "dashboard": ("dashboard", 1),
    "folder": ("folder", 0),
    "oefeningen": ("oefeningen/oefeningen.ipynb", 0),
    "00_start": ("00_start.ipynb", 1),
    "01_klantsegment_kiezen": ("01_klantsegment_kiezen.ipynb", 1),
    "02_klanttype_piramide": ("02_klanttype_piramide.ipynb", 0),
    "03_klantenpiramide": ("03_klantenpiramide.ipynb", 0),
    "04_customer_journey": ("04_customer_journey.ipynb", 1),
    "05_opleveren": ("05_opleveren.ipynb", 0),
}
AUDITED = [
    ("dashboard", "nl"),
    ("dashboard", "en"),
    ("folder", "nl"),
    ("oefeningen", "nl"),
    *((name, "nl") for name in PAGES if name[:2].isdigit()),
    ("03_klantenpiramide", "en"),
]
TITLES = {
    ("dashboard", "nl"): "klantlab · dashboard",
    ("dashboard", "en"): "klantlab · dashboard",
    ("folder", "nl"): "klantlab · dashboard",
    ("oefeningen", "nl"): "klantlab · Oefeningen",
    ("00_start", "nl"): "klantlab · Start",
    ("01_klantsegment_kiezen", "nl"): "klantlab · Klantsegment kiezen",
    ("02_klanttype_piramide", "nl"): "klantlab · Klanttype-piramide",
    ("03_klantenpiramide", "nl"): "klantlab · Klantenpiramide",
    ("04_customer_journey", "nl"): "klantlab · Customer journey",
    ("05_opleveren", "nl"): "klantlab · Opleveren",
    ("03_klantenpiramide", "en"): "klantlab · Customer pyramid",
}
#: Pages whose wall still has critical or serious violations (aria-required-children: buttons directly inside
#: the lanes' role="list"); the wall's owner removes an entry when fixing it.
WITH_WALL = [("dashboard", "nl"), ("dashboard", "en"), ("02_klanttype_piramide", "nl"), ("04_customer_journey", "nl")]

DRAWN = """min => !document.getElementById('loading')
  && document.querySelectorAll('#rendered_cells .jp-OutputArea-output').length > 0
  && document.querySelectorAll('.js-plotly-plot .trace').length >= min"""
IN_WALL = """([selectors, wall]) => selectors.map(s => {
  const e = document.querySelector(s);
  return !!(e && e.closest(wall));
})"""


@dataclass
class Audit:
    lang: str
    title: str
    h1: list[str]
    walls: int
    violations: list[dict]  # axe's, blocking or not; each node with "in_wall"

    def blocking(self, in_wall: bool) -> list[tuple[str, str, int, list[str]]]:
        """(rule, impact, count, first three targets) of the critical and serious violations in or outside the wall."""
        found = []
        for violation in self.violations:
            nodes = [n for n in violation["nodes"] if n["in_wall"] == in_wall]
            if violation["impact"] in BLOCKING and nodes:
                targets = [" ".join(map(str, n["target"])) for n in nodes[:3]]
                found.append((violation["id"], violation["impact"], len(nodes), targets))
        return found


def readable(found: list[tuple[str, str, int, list[str]]]) -> str:
    return "\n".join(f"{rule} ({impact}) × {count}: {', '.join(targets)}" for rule, impact, count, targets in found)


def _settled(page) -> None:
    """Wait until the page has stopped changing for a second (widgets drawn, names given)."""
    last, stable_since = -1, time.monotonic()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        size = page.evaluate("document.getElementsByTagName('*').length")
        if size != last:
            last, stable_since = size, time.monotonic()
        elif time.monotonic() - stable_since >= 1.0:
            return
        time.sleep(0.2)


@pytest.fixture(scope="module")
def audits(browser, tmp_path_factory, module_serve):
    """``audit(name, language)``: the page's axe result, its server started once and stopped after it."""
    folder = tmp_path_factory.mktemp("accessibility")
    shutil.copyfile(sample_workbook_path(), folder / sample_workbook_path().name)
    (folder / "klanten").mkdir()
    shutil.copyfile(sample_workbook_path(), folder / "klanten" / sample_workbook_path().name)
    done: dict[tuple[str, str], Audit] = {}
    axe = Axe()

    def audit(name: str, language: str) -> Audit:
        if (name, language) in done:
            return done[name, language]
        workbook, served = folder / sample_workbook_path().name, PAGES[name][0]
        if served == "folder":
            server = module_serve(workbook, language, folder=folder / "klanten")
        elif served == "dashboard":
            server = module_serve(workbook, language)
        else:  # what `dashboard_command` serves for this notebook, in this language, on the sample
            server = module_serve(workbook, language, notebook=notebooks_dir() / served, templated=True)
        url = server.url
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        try:
            page = context.new_page()
            page.goto(url, timeout=LOAD_MS)
            page.wait_for_function(DRAWN, arg=PAGES[name][1], timeout=LOAD_MS)
            _settled(page)
            violations = axe.run(page).response["violations"]
            for violation in violations:
                selectors = [str(n["target"][0]) for n in violation["nodes"]]
                for node, in_wall in zip(violation["nodes"], page.evaluate(IN_WALL, [selectors, WALL]), strict=True):
                    node["in_wall"] = in_wall
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"accessibility-{name}-{language}.png"), full_page=True)
            done[name, language] = Audit(
                page.evaluate("document.documentElement.getAttribute('lang')"),
                page.title(),
                page.locator("h1").all_inner_texts(),
                page.locator(WALL).count(),
                violations,
            )
        finally:
            context.close()
            server.stop()
        return done[name, language]

    return audit


@pytest.mark.parametrize(("name", "language"), AUDITED, ids=[f"{n}-{lang}" for n, lang in AUDITED])
def test_no_critical_or_serious_violation_outside_the_wall(audits, name: str, language: str) -> None:
    found = audits(name, language).blocking(in_wall=False)
    assert found == [], f"axe-core on {name} ({language}):\n{readable(found)}"


@pytest.mark.parametrize(("name", "language"), AUDITED, ids=[f"{n}-{lang}" for n, lang in AUDITED])
def test_the_page_says_its_language_and_title(audits, name: str, language: str) -> None:
    audit = audits(name, language)
    assert (audit.lang, audit.title) == (language, TITLES[name, language])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_dashboard_has_exactly_one_h1(audits, language: str) -> None:
    assert audits("dashboard", language).h1 == ["Verpakkingstechniek Nederland B.V."]


@pytest.mark.parametrize(("name", "language"), WITH_WALL, ids=[f"{n}-{lang}" for n, lang in WITH_WALL])
def test_no_critical_or_serious_violation_in_the_wall(audits, name: str, language: str) -> None:
    audit = audits(name, language)
    assert audit.walls >= 1
    found = audit.blocking(in_wall=True)
    assert found == [], f"axe-core on the wall of {name} ({language}):\n{readable(found)}"
