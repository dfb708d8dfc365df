"""The dashboard's headline: conclusions with their actions, computed from the models, exact in both languages."""

from __future__ import annotations

import ipywidgets as w

from klantlab.i18n import language
from klantlab.io import WorkbookFile, sample_workbook_path
from klantlab.io.workbook_history import Change
from klantlab.model import Attitude, Segment, Side, Stakeholder, StakeholderRole
from klantlab.report.headline import TERMS, glossary, headline
from klantlab.state import live_state
from klantlab.widgets import dashboard
from klantlab.widgets.headline_html import with_terms

ADDED = Change("change.segment.added", {"name": "Horeca"})
CHOSEN = Change("change.segmentation.chosen", {})
SAMPLE_NL = [
    "Het gekozen segment Zuivel- en voedingsproducenten scoort het hoogst van 3 segmenten: richt marketing en "
    "verkoop er eerst op en meet het elk kwartaal opnieuw.",
    "1 saboteur zonder aanpak (Huidige leverancier van handverpakkingsmateriaal): spreek deze week af wie hen "
    "benadert en hoe het bezwaar wordt weggenomen.",
    "18 topklanten (1 % van de actieve klanten) brengen 46 % van de omzet: geef elk een vaste accountmanager en "
    "bespreek hun plannen ieder kwartaal.",
    "220 klanten van de vorige periode kochten niet meer (€ 7.131.361); 242 nieuwe kwamen erbij: bel de grootste "
    "verloren klanten deze maand en vraag waarom.",
    "9 van de 14 momenten van de waarheid scoren onder de verwachting: begin bij 'De machine staat stil en ik bel "
    "de storingsdienst', daar is het verschil het grootst.",
]
SAMPLE_EN = [
    "The chosen segment Zuivel- en voedingsproducenten scores highest of 3 segments: aim marketing and sales at it "
    "first and measure it again every quarter.",
    "1 saboteur without an approach (Huidige leverancier van handverpakkingsmateriaal): agree this week who "
    "approaches them and how the objection is removed.",
    "18 top customers (1% of the active customers) bring 46% of the revenue: give each a dedicated account "
    "manager and discuss their plans every quarter.",
    "220 customers of the previous period stopped buying (€7,131,361); 242 new ones came in: call the largest lost "
    "customers this month and ask why.",
    "9 of the 14 moments of truth score below expectation: start with 'De machine staat stil en ik bel de "
    "storingsdienst', where the gap is largest.",
]


def _sample():
    return WorkbookFile.open(sample_workbook_path()).workbook


def test_the_sample_headline_in_dutch() -> None:
    assert [c.text() for c in headline(_sample())] == SAMPLE_NL


def test_the_sample_headline_in_english() -> None:
    with language("en"):
        assert [c.text() for c in headline(_sample())] == SAMPLE_EN


def test_a_new_workbook_has_no_conclusions_and_the_dashboard_follows_the_first_edit(tmp_path) -> None:
    handle = WorkbookFile.create(tmp_path / "jansen.klantlab.json", "Bakkerij Jansen")
    assert headline(handle.workbook) == []
    view = dashboard(handle.path)
    assert "Nog geen conclusies: vul eerst een van de vier modellen in." in _html(view)
    state = live_state(handle.path)
    state.apply(lambda wb: wb.segmentation.segments.append(Segment(id="s1", name="Horeca")), ADDED)
    state.apply(lambda wb: wb.segmentation.chosen_segment_ids.append("s1"), CHOSEN)
    sabotage = Stakeholder(id="x1", segment_id="s1", name="Huidige bakker", side=Side.outside,
                           role=StakeholderRole.saboteur, influence=4, attitude=Attitude.opponent)  # fmt: skip
    state.apply(lambda wb: wb.stakeholder_pyramid.stakeholders.append(sabotage), ADDED)
    saved = WorkbookFile.open(handle.path).workbook  # read back from the file
    assert [c.finding for c in headline(saved)] == ["1 saboteur zonder aanpak (Huidige bakker)"]
    assert "1 <abbr" in _html(view) and "Huidige bakker" in _html(view)  # no cell run again


def _html(view) -> str:
    return "".join(x.value for x in _walk(view) if isinstance(x, w.HTML))


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_saboteurs_without_approach_are_counted_and_named_and_an_approach_removes_them() -> None:
    workbook = _sample()
    entries = workbook.stakeholder_pyramid.stakeholders
    workbook.stakeholder_pyramid.stakeholders = [
        *entries,
        Stakeholder(id="st99", segment_id="food", name="Inkoper <b>concurrent</b>", side=Side.outside,
                    role=StakeholderRole.saboteur, influence=2, attitude=Attitude.opponent),
    ]  # fmt: skip
    found = [c for c in headline(workbook) if c.model == "stakeholder_pyramid"]
    # most influential first: the new one has influence 2, the supplier 1
    assert found[0].finding == (
        "2 saboteurs zonder aanpak (Inkoper <b>concurrent</b>, Huidige leverancier van handverpakkingsmateriaal)"
    )
    for entry in workbook.stakeholder_pyramid.stakeholders:
        if entry.role == StakeholderRole.saboteur:
            entry.approach = "Gesprek met de directeur"
    found = [c for c in headline(workbook) if c.model == "stakeholder_pyramid"]
    # no saboteur left without an approach: the next thing to act on is the 9 parties still unchecked
    assert found[0].text() == (
        "9 van de 15 partijen in de klanttype-piramide zijn nog aannames: toets ze in gesprekken met echte klanten."
    )


def test_a_chosen_segment_that_does_not_score_highest_asks_for_the_reason() -> None:
    workbook = _sample()
    workbook.segmentation.chosen_segment_ids = [workbook.segmentation.segments[2].id]
    assert headline(workbook)[0].text() == (
        "Het gekozen segment E-commerce en fulfilment scoort lager dan Zuivel- en voedingsproducenten: leg vast "
        "waarom dit segment toch de keuze is, of kies opnieuw."
    )


def test_technical_words_are_explained_on_hover_and_listed() -> None:
    assert len(glossary()) == len(TERMS) == 7
    marked = with_terms("165 klanten maken 80 % van de omzet; Gini 0,87 <script>")
    assert marked == (
        "165 klanten maken 80 % van de omzet; <abbr title='Maat voor concentratie tussen 0 en 1: 0 is elke klant "
        "even groot, bij 1 brengt één klant alles.'>Gini</abbr> 0,87 &lt;script&gt;"
    )


def test_the_dashboard_shows_the_headline_first_and_the_terms_last() -> None:
    view = dashboard(sample_workbook_path())
    htmls = [x.value for x in _walk(view) if isinstance(x, w.HTML) and not x.value.startswith("<style>")]
    first = next(i for i, h in enumerate(htmls) if "class='klantlab-headline'" in h)
    cards = next(i for i, h in enumerate(htmls) if "class='klantlab-card'" in h)
    assert first < cards
    assert "klantlab-glossary" in htmls[-1]
    assert "<h1 class='klantlab-client'" in "".join(htmls)
    assert "Inkoper" not in "".join(htmls)
    assert "saboteur</abbr> zonder aanpak" in htmls[first]
