"""The workshop wall in a real browser: JupyterLab and Voilà, by mouse and by keys, read-only, on the projector.

Every scenario starts from a NEW workbook and reads the saved file back after
each action (see ``wall_driver``). The workshop script counts what the team
does to put 10 stakeholders and 12 touchpoints on the walls.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lab_session import ARTIFACTS, LabServer, open_notebook, saved, wait_until
from wall_driver import (
    SCORED,
    WallDriver,
    add_segment,
    entries,
    fields,
    journey_by_keys,
    journey_by_mouse,
    journey_reorder_by_mouse,
    stakeholders_by_keys,
    stakeholders_by_mouse,
    touchpoint,
)

from klantlab.io import WorkbookFile, notebooks_dir, sample_workbook_path
from klantlab.model import Phase, Stakeholder, StakeholderRole, Touchpoint

pytestmark = [pytest.mark.browser, pytest.mark.timeout(900)]

LOAD_MS = 120_000


@pytest.fixture
def lab(tmp_path: Path):
    """``klantlab new`` in an empty folder, then ``klantlab lab`` on it."""
    folder = tmp_path / "kaasmakerij"
    folder.mkdir()
    subprocess.run([sys.executable, "-m", "klantlab.cli", "new", "Kaasmakerij De Graaf"], cwd=folder, check=True,
                   capture_output=True)  # fmt: skip
    server = LabServer(folder / "kaasmakerij-de-graaf.klantlab.json", tmp_path / "lab.log")
    yield server
    server.stop()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def _lab_page(browser, lab: LabServer):
    """A browser tab on the client's notebooks in JupyterLab, the file browser listing them."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(lab.url("kaasmakerij-de-graaf-notebooks/00_start.ipynb"), timeout=LOAD_MS)
    page.locator(".jp-DirListing-item", has_text="02_klanttype").wait_for(timeout=LOAD_MS)
    return context, page


def test_the_wall_in_jupyterlab_by_mouse_and_by_keys(browser, lab: LabServer) -> None:
    workbook = lab.workbook
    context, page = _lab_page(browser, lab)
    try:
        pyramid = open_notebook(page, "02_klanttype_piramide.ipynb")
        form, follow_up = pyramid.output(1), pyramid.output(2)
        add_segment(page, form, "Kaasmakers")
        wall = WallDriver(page, form.locator(".kl-wall"))
        stakeholders_by_mouse(wall, workbook, form)
        wait_until(lambda: "Mogelijke strategische partners (0)" in follow_up.inner_text(), 20, "follow-up view")
        stakeholders_by_keys(wall, workbook)
        assert entries(workbook) == [
            ("Redactie Vakblad Zuivelzicht", "Uitgeverij Agrimedia", "recommender", "outside"),
            ("Adviseur", "Ingenieursbureau Van Dijk", "recommender", "outside"),
        ]
        # JupyterLab's own keys did not act on the cell while the wall had the focus ("d d" deletes a cell)
        assert pyramid.panel.locator(".jp-CodeCell").count() == 4
        _shot(page, "wall-jupyterlab-stakeholders")

        journey = open_notebook(page, "04_customer_journey.ipynb")
        form, gaps = journey.output(1), journey.output(2)
        wall = WallDriver(page, form.locator(".kl-wall"))
        journey_by_mouse(wall, workbook)
        wait_until(lambda: "Ik google naar kaasmachines" in gaps.inner_text(), 20, "the gap table follows the wall")
        journey_by_keys(wall, workbook)
        journey_reorder_by_mouse(wall, workbook)
        points = saved(workbook)["journey"]["touchpoints"]
        assert [(tp["description"], tp["phase_id"], tp["channel"]) for tp in points] == [
            ("Ik vraag een offerte aan", "choice", "e-mail"),
            ("Ik google naar kaasmachines", "choice", "Google"),
        ]
        # the form's list beside the wall knows both, in the wall's order
        listing = form.locator(".widget-select select").nth(1).locator("option").all_inner_texts()
        assert [text.replace("\xa0", " ") for text in listing] == [
            "Keuze · Ik vraag een offerte aan",
            "Keuze · Ik google naar kaasmachines",
        ]
        _shot(page, "wall-jupyterlab-journey")
        assert journey.tracebacks() == []
    except Exception:
        _shot(page, "wall-jupyterlab-failed")
        raise
    finally:
        context.close()


def test_the_wall_in_voila_by_mouse_and_by_keys(serve, page, tmp_path: Path) -> None:
    workbook = WorkbookFile.create(tmp_path / "kaas.klantlab.json", "Kaasmakerij De Graaf").path
    server = serve(workbook, notebook=notebooks_dir() / "02_klanttype_piramide.ipynb")
    page.goto(server.url, timeout=LOAD_MS)
    page.locator(".kl-wall").wait_for(timeout=LOAD_MS)
    try:
        add_segment(page, page, "Kaasmakers")
        wall = WallDriver(page, page.locator(".kl-wall"))
        stakeholders_by_mouse(wall, workbook, page.locator("body"))
        stakeholders_by_keys(wall, workbook)
        assert [e[0] for e in entries(workbook)] == ["Redactie Vakblad Zuivelzicht", "Adviseur"]
        server.stop()
        server = serve(workbook, notebook=notebooks_dir() / "04_customer_journey.ipynb")
        page.goto(server.url, timeout=LOAD_MS)
        page.locator(".kl-wall .kl-cell").first.wait_for(timeout=LOAD_MS)
        wall = WallDriver(page, page.locator(".kl-wall"))
        journey_by_mouse(wall, workbook)
        journey_by_keys(wall, workbook)
        journey_reorder_by_mouse(wall, workbook)
        assert touchpoint(workbook, "Ik vraag een offerte aan")["emotion"] == -2
        assert "Traceback" not in page.inner_text("body")
    except Exception:
        _shot(page, "wall-voila-failed")
        raise


def test_the_dashboard_wall_is_read_only(serve, page, tmp_path: Path) -> None:
    workbook = tmp_path / sample_workbook_path().name
    workbook.write_bytes(sample_workbook_path().read_bytes())
    before = workbook.read_bytes()
    server = serve(workbook)
    page.goto(server.url, timeout=LOAD_MS)
    page.locator(".kl-wall .kl-note").first.wait_for(timeout=LOAD_MS)
    walls = page.locator(".kl-wall")
    assert walls.count() == 2 and page.locator(".kl-wall.kl-read-only").count() == 2
    assert page.locator(".kl-wall input, .kl-wall textarea, .kl-wall .kl-add, .kl-wall .kl-menu-button").count() == 0
    wall = WallDriver(page, walls.first)
    order = wall.notes_in("influencer", "outside")
    assert len(order) == 2
    moved = order[0]
    wall.drag(moved, "decision_maker", "inside")
    wall.click(wall.note(moved))
    wall.note(moved).focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Alt+ArrowUp")
    page.wait_for_timeout(1500)
    assert wall.notes_in("influencer", "outside") == order  # drag and keys did nothing
    assert page.locator(".kl-wall input, .kl-wall .kl-editing, .kl-wall .kl-menu").count() == 0
    assert workbook.read_bytes() == before


def _big_workbook(path: Path) -> Path:
    """A workbook with 6 layers × 9 post-its and 5 phases × 8 touchpoints (long, real-looking texts)."""
    handle = WorkbookFile.create(path, "Zuivelcoöperatie Noord")
    workbook = handle.workbook
    from klantlab.model import Segment

    segment = Segment(name="Kaasmakers")
    workbook.segmentation.segments.append(segment)
    workbook.segmentation.chosen_segment_ids = [segment.id]
    people = ["Directeur-eigenaar", "Financieel manager", "Hoofd technische dienst", "Productiemanager",
              "Kwaliteitsmanager", "Operator verpakkingslijn", "Inkoper", "Adviseur", "Accountmanager"]  # fmt: skip
    for layer, role in enumerate(StakeholderRole, start=1):
        for number, person in enumerate(people):
            workbook.stakeholder_pyramid.stakeholders.append(Stakeholder(
                segment_id=segment.id, name=f"{person} {layer}.{number + 1}", organisation="Kaasmakerij De Graaf",
                role=role, side="inside" if number < 5 else "outside"))  # fmt: skip
    workbook.journey.segment_id = segment.id
    sentences = ["Ik zoek uit welke machines er zijn", "Ik lees een praktijkverhaal van een collega",
                 "Ik vraag een offerte aan", "Ik bel de storingsdienst", "Ik ontvang de factuur",
                 "Ik bezoek een referentieklant", "Ik krijg een uitnodiging voor de beurs",
                 "Ik vergelijk de prijzen"]  # fmt: skip
    phases: list[Phase] = workbook.journey.phases
    for phase in phases:
        for number, sentence in enumerate(sentences):
            workbook.journey.touchpoints.append(Touchpoint(phase_id=phase.id, description=sentence,
                                                           channel="e-mail", emotion=(number % 5) - 2))  # fmt: skip
    handle.write(workbook)
    return path


@pytest.mark.parametrize("notebook", ["02_klanttype_piramide.ipynb", "04_customer_journey.ipynb"])
def test_projector_mode_fills_a_16_9_screen_without_scrolling(browser, serve, tmp_path: Path, notebook: str) -> None:
    workbook = _big_workbook(tmp_path / "groot.klantlab.json")
    server = serve(workbook, notebook=notebooks_dir() / notebook)
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    try:
        page.goto(server.url, timeout=LOAD_MS)
        page.locator(".kl-wall .kl-note").first.wait_for(timeout=LOAD_MS)
        page.get_by_role("button", name="Presenteren").click()
        page.locator(".kl-wall.kl-projector").wait_for(timeout=10_000)
        page.wait_for_timeout(800)
        sizes = page.evaluate("""() => {
          const wall = document.querySelector('.kl-wall.kl-projector');
          const box = wall.getBoundingClientRect();
          const cells = [...wall.querySelectorAll('.kl-cell')];
          const texts = [...wall.querySelectorAll(`.kl-note-text, .kl-note-sub, .kl-layer span, .kl-side-head,
            .kl-phase-name, .kl-phase-sentence, .kl-title`)].filter(e => e.textContent.trim());
          return {width: Math.round(box.width), height: Math.round(box.height),
                  scrolling: cells.filter(c => c.scrollHeight > c.clientHeight + 1 || c.scrollWidth > c.clientWidth + 1)
                    .length + (wall.scrollHeight > wall.clientHeight + 1 ? 1 : 0),
                  notes: wall.querySelectorAll('.kl-note[data-id]').length,
                  smallest: Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize)))};
        }""")
        expected = 54 if notebook.startswith("02") else 40
        assert (sizes["width"], sizes["height"], sizes["notes"], sizes["scrolling"]) == (1920, 1080, expected, 0)
        assert sizes["smallest"] >= 24
        name = "stakeholders" if notebook.startswith("02") else "journey"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"wall-projector-{name}-1920x1080.png"))
        page.get_by_role("button", name="Stoppen met presenteren").click()
        page.locator(".kl-wall.kl-projector").wait_for(state="detached", timeout=10_000)
    finally:
        context.close()


PARTIES = [  # layer, side, name, organisation, attitude key ("" = neutral, as a new post-it is)
    ("decision_maker", "inside", "Directeur-eigenaar", "Kaasmakerij De Graaf", "+"),
    ("economic_buyer", "inside", "Financieel manager", "Kaasmakerij De Graaf", ""),
    ("economic_buyer", "outside", "Accountmanager zakelijk", "Rabobank", ""),
    ("recommender", "inside", "Hoofd technische dienst", "Kaasmakerij De Graaf", "+"),
    ("recommender", "outside", "Adviseur", "Ingenieursbureau Van Dijk", ""),
    ("influencer", "outside", "Redactie", "Vakblad Zuivelzicht", ""),
    ("influencer", "outside", "Bestuur", "Nederlandse Zuivel Organisatie", "+"),
    ("end_user", "inside", "Kaasmakers op de vloer", "Kaasmakerij De Graaf", "+"),
    ("saboteur", "inside", "Ondernemingsraad", "Kaasmakerij De Graaf", "-"),
    ("saboteur", "outside", "Huidige leverancier", "Handpak B.V.", "-"),
]
TOUCHPOINTS = [  # phase, description, expectation, performance, inside-out, outside-in mentions
    ("awareness", "Ik lees over storingen in het vakblad", 3, 3, False, 1),
    ("awareness", "Ik hoor van een collega-kaasmaker", 4, 3, True, 6),
    ("orientation", "Ik zoek leveranciers op internet", 3, 2, False, 2),
    ("orientation", "Ik bezoek de beurs Zuivel & Techniek", 4, 4, True, 2),
    ("orientation", "Ik vraag referenties op", 4, 3, False, 4),
    ("choice", "Ik wacht weken op de offerte", 4, 1, True, 7),
    ("choice", "Ik onderhandel over de prijs", 3, 3, False, 3),
    ("use", "Ik krijg de installatie", 5, 3, True, 5),
    ("use", "Ik bel de helpdesk bij een storing", 5, 2, True, 3),
    ("use", "Ik ontvang de factuur", 3, 4, False, 0),
    ("reorientation", "Ik krijg een evaluatiegesprek", 3, 2, False, 1),
    ("reorientation", "Ik vergelijk bij de verlenging", 4, 3, True, 4),
]


def test_a_workshop_on_the_walls_takes_half_the_clicks_of_the_forms(browser, lab: LabServer) -> None:
    """10 stakeholders and 12 touchpoints as a team enters them on the walls; the forms took 90 and 166 clicks."""
    workbook = lab.workbook
    context, page = _lab_page(browser, lab)
    try:
        form = open_notebook(page, "02_klanttype_piramide.ipynb").output(1)
        add_segment(page, form, "Kaasmakers")
        wall = WallDriver(page, form.locator(".kl-wall"))
        for lane, side, name, organisation, attitude in PARTIES:
            wall.stick(lane, side, name, organisation)
            if attitude:
                wall.press(attitude)  # the new post-it has the focus: + or − sets the attitude
                wanted = {"+": "supporter", "-": "opponent"}[attitude]
                wait_until(lambda n=name, a=wanted: next(e for e in saved(workbook)["stakeholder_pyramid"]
                                                         ["stakeholders"] if e["name"] == n)["attitude"] == a, 20,
                           f"{name}: attitude")  # fmt: skip
        stakeholders = (wall.clicks, wall.keys)
        assert entries(workbook) == [(name, org, lane, side) for lane, side, name, org, _ in PARTIES]
        attitudes = [e["attitude"] for e in saved(workbook)["stakeholder_pyramid"]["stakeholders"]]
        assert attitudes == [{"+": "supporter", "-": "opponent", "": "neutral"}[p[4]] for p in PARTIES]

        form = open_notebook(page, "04_customer_journey.ipynb").output(1)
        wall = WallDriver(page, form.locator(".kl-wall"))
        previous_phase = None
        for phase, description, expectation, performance, inside_out, mentions in TOUCHPOINTS:
            if phase == previous_phase:
                wall.press("n")  # the next one in the same phase, right after the one just written
                wall.root.locator(".kl-editing input").first.wait_for(timeout=10_000)
                wall.finish(description)
            else:
                wall.stick(phase, None, description)
            previous_phase = phase
            wall.press(str(expectation))
            wall.press(str(performance))
            if inside_out:
                wall.press("m")
            if mentions:
                wall.press("k")
                wall.type(str(mentions))
                wall.press("Enter")  # saved, the menu closed, back on the post-it
            wait_until(lambda d=description, e=(expectation, performance, inside_out, mentions):
                       fields(touchpoint(workbook, d), *SCORED) == e, 20, description)  # fmt: skip
        journey = (wall.clicks, wall.keys)
        points = saved(workbook)["journey"]["touchpoints"]
        assert [fields(tp, "phase_id", "description", *SCORED) for tp in points] == TOUCHPOINTS
    except Exception:
        _shot(page, "wall-workshop-failed")
        raise
    finally:
        context.close()
    counts = {
        "stakeholders": {"entries": 10, "clicks": stakeholders[0], "keys": stakeholders[1],
                         "actions": sum(stakeholders), "forms_clicks": 90},
        "touchpoints": {"entries": 12, "clicks": journey[0], "keys": journey[1], "actions": sum(journey),
                        "forms_clicks": 166},
    }  # fmt: skip
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "wall-workshop-counts.json").write_text(json.dumps(counts, indent=2), encoding="utf-8")
    print(json.dumps(counts))
    assert sum(stakeholders) <= 45 and sum(journey) <= 83, counts


def test_no_wall_text_is_english_in_a_dutch_session(serve, page, tmp_path: Path) -> None:
    workbook = tmp_path / sample_workbook_path().name
    workbook.write_bytes(sample_workbook_path().read_bytes())
    server = serve(workbook, notebook=notebooks_dir() / "04_customer_journey.ipynb")
    page.goto(server.url, timeout=LOAD_MS)
    page.locator(".kl-wall .kl-note").first.wait_for(timeout=LOAD_MS)
    names = page.locator(".kl-wall [aria-label]").evaluate_all("es => es.map(e => e.getAttribute('aria-label'))")
    assert names and not [name for name in names if re.search(r"\b(Settings|Emotion|Present|Delete)\b", name)]
    assert all(name.strip() for name in names)
