"""Build the filled-in sample workbook from the sample client's data.

The workshop answers (segments, scores, persona, stakeholders, journey) are
written here as a team would have entered them; the figures (segment sizes,
the customer pyramid summary) are computed from the generated CSV files.
Run after ``generate_sample_data.py``:

    python data/samples/build_sample_workbook.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pandas as pd

from klantlab.analysis import CURRY_THRESHOLDS, customer_pyramid, migration, summarise
from klantlab.i18n import language
from klantlab.io import WorkbookFile
from klantlab.io.sample_data import SampleData, read_sample_data
from klantlab.model import (
    Attitude,
    Basis,
    ClientInfo,
    CriterionFamily,
    CustomerPyramidSection,
    Journey,
    Persona,
    PyramidSettings,
    Segment,
    SegmentationReason,
    SegmentationSection,
    Side,
    Stakeholder,
    StakeholderPyramid,
    StakeholderRole,
    ThresholdPreset,
    Touchpoint,
    Workbook,
)
from klantlab.model.journey import default_phases
from klantlab.model.segmentation import default_factors

HERE = Path(__file__).resolve().parent
NAME = "verpakkingsmachines.klantlab.json"
PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
PREVIOUS_PERIOD = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
# The day of the (fictional) workshop; fixed so that rebuilding gives the same figures.
STAMP = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)

# The segments the team defined, by the sectors in the customer file:
# id, name, description, sectors, criteria, scores per attractiveness factor (1-5).
SEGMENTS = [
    (
        "food",
        "Zuivel- en voedingsproducenten",
        "Middelgrote producenten van zuivel, vlees en gemaksvoeding die nog deels met de hand verpakken.",
        ["Zuivel", "Voedingsmiddelen"],
        {
            CriterionFamily.demographic: "50–500 medewerkers",
            CriterionFamily.geographic: "heel Nederland, veel in Gelderland, Noord-Brabant en Friesland",
            CriterionFamily.needs: "hygiënisch ontwerp, snel omstellen, weinig stilstand",
            CriterionFamily.behaviour: "vervangt een lijn na 8–10 jaar, koopt onderdelen en service bij",
            CriterionFamily.value: "meer dan € 25.000 per jaar",
        },
        {"size": 5, "growth": 3, "margin": 4, "fit": 5, "reachability": 4, "competition": 2},
    ),
    (
        "pharma",
        "Farmacie en cosmetica",
        "Producenten die valideren volgens GMP en elke verpakking traceerbaar moeten maken.",
        ["Farmacie", "Cosmetica"],
        {
            CriterionFamily.demographic: "100+ medewerkers, eigen kwaliteitsafdeling",
            CriterionFamily.technographic: "serialisatie en MES-koppeling verplicht",
            CriterionFamily.needs: "validatiedocumentatie, traceerbaarheid, cleanroom-geschikt",
            CriterionFamily.value: "hoge marge op service en validatie",
        },
        {"size": 2, "growth": 4, "margin": 5, "fit": 3, "reachability": 3, "competition": 2},
    ),
    (
        "ecommerce",
        "E-commerce en fulfilment",
        "Webwinkels en logistieke dienstverleners met wisselende dooslengtes en grote pieken.",
        ["E-commerce en logistiek"],
        {
            CriterionFamily.psychographic: "snel beslissen, prijsbewust, groei boven alles",
            CriterionFamily.technographic: "koppeling met WMS en vervoerders",
            CriterionFamily.needs: "doos op maat, piekcapaciteit rond de feestdagen",
            CriterionFamily.behaviour: "huurt of leaset liever dan te kopen",
        },
        {"size": 3, "growth": 5, "margin": 2, "fit": 2, "reachability": 5, "competition": 1},
    ),
]

PERSONA = {
    "name": "Martin Visser, productiemanager",
    "who": "46 jaar, productiemanager bij een zuivelproducent met 180 medewerkers in Gelderland. "
    "Twintig jaar in de fabriek, begonnen als monteur.",
    "goals": "Een lijn die draait: minder stilstand, minder handwerk aan het eind van de lijn en een "
    "audit zonder bevindingen.",
    "frustrations": "Operators die uitvallen met rugklachten, leveranciers die na de verkoop onbereikbaar "
    "zijn, offertes vol vakjargon die de directeur niet begrijpt.",
    "decision_making": "Vraagt collega's in de branche, bezoekt de vakbeurs, laat de technische dienst "
    "meekijken en wil een referentiebezoek voordat hij een investering voorstelt aan de directie.",
    "enthusiasm": "Een machine die hij in een middag kan omstellen, een monteur die hij bij naam kent en "
    "cijfers over terugverdientijd die hij zo kan doorsturen.",
}

_CLIENT = "Zuivelfabriek (klant)"
# name, organisation, side, role, influence, attitude, motives, notes, verified, method, strategic partner
STAKEHOLDERS = [
    (
        "Henk Bosman, directeur-eigenaar",
        _CLIENT,
        Side.inside,
        StakeholderRole.decision_maker,
        5,
        Attitude.neutral,
        "Continuïteit, groei zonder extra personeel",
        "Tekent boven € 100.000",
        True,
        "klantinterview",
        False,
    ),
    (
        "Financieel manager",
        _CLIENT,
        Side.inside,
        StakeholderRole.economic_buyer,
        4,
        Attitude.neutral,
        "Terugverdientijd onder 3 jaar, voorspelbare servicekosten",
        "",
        True,
        "bedrijfsbezoek",
        False,
    ),
    (
        "Accountmanager zakelijk, Rabobank Vallei en Rijn",
        "Bank",
        Side.outside,
        StakeholderRole.economic_buyer,
        3,
        Attitude.supporter,
        "Financiert de lease",
        "Alleen bij lease",
        False,
        "",
        True,
    ),
    (
        "Martin Visser, productiemanager",
        _CLIENT,
        Side.inside,
        StakeholderRole.recommender,
        4,
        Attitude.supporter,
        "Minder stilstand en handwerk",
        "Onze persona",
        True,
        "klantinterview",
        False,
    ),
    (
        "Hoofd technische dienst",
        _CLIENT,
        Side.inside,
        StakeholderRole.recommender,
        4,
        Attitude.neutral,
        "Onderhoudbaarheid, onderdelen op voorraad",
        "Wil zelf kunnen repareren",
        True,
        "bedrijfsbezoek",
        False,
    ),
    (
        "Ingenieursbureau Van Dijk Procestechniek",
        "Adviesbureau",
        Side.outside,
        StakeholderRole.recommender,
        3,
        Attitude.neutral,
        "Onafhankelijk advies bij lijnontwerp",
        "Adviseert bij 1 op 3 projecten",
        False,
        "",
        True,
    ),
    (
        "Kwaliteitsmanager (BRC/IFS)",
        _CLIENT,
        Side.inside,
        StakeholderRole.influencer,
        3,
        Attitude.supporter,
        "Voedselveiligheid, schoonmaakbaarheid",
        "",
        False,
        "",
        False,
    ),
    (
        "Redactie vakblad Zuivelzicht",
        "Vakblad",
        Side.outside,
        StakeholderRole.influencer,
        2,
        Attitude.neutral,
        "Praktijkverhalen uit de branche",
        "Referentieverhaal aanbieden",
        False,
        "",
        True,
    ),
    (
        "Branchevereniging Nederlandse Zuivelverwerkers",
        "Branchevereniging",
        Side.outside,
        StakeholderRole.influencer,
        2,
        Attitude.supporter,
        "Arbeidsomstandigheden in de sector",
        "Arbo-convenant tilwerk",
        False,
        "",
        True,
    ),
    (
        "Operators verpakkingslijn (ploegendienst)",
        _CLIENT,
        Side.inside,
        StakeholderRole.end_user,
        3,
        Attitude.neutral,
        "Makkelijk bedienen, weinig storingen",
        "",
        True,
        "bedrijfsbezoek",
        False,
    ),
    (
        "Monteurs technische dienst",
        _CLIENT,
        Side.inside,
        StakeholderRole.end_user,
        2,
        Attitude.neutral,
        "Goede documentatie, training",
        "",
        False,
        "",
        False,
    ),
    (
        "Inpakkers die nu met de hand verpakken",
        _CLIENT,
        Side.inside,
        StakeholderRole.saboteur,
        3,
        Attitude.opponent,
        "Angst hun werk kwijt te raken",
        "Betrekken bij de proefopstelling; omscholing tot lijnoperator aanbieden",
        True,
        "gesprek op de werkvloer",
        False,
    ),
    (
        "Ondernemingsraad",
        _CLIENT,
        Side.inside,
        StakeholderRole.saboteur,
        2,
        Attitude.neutral,
        "Werkgelegenheid en werkdruk",
        "Vroeg informeren over omscholing",
        False,
        "",
        False,
    ),
    (
        "Huidige leverancier van handverpakkingsmateriaal",
        "Leverancier",
        Side.outside,
        StakeholderRole.saboteur,
        1,
        Attitude.opponent,
        "Behoud van omzet",
        "",
        False,
        "",
        False,
    ),
]

# phase, description, channel, means, fixed, expectation, performance, emotion, intensity,
# moment of truth inside-out, customers who named it (of 12 interviews)
TOUCHPOINTS = [
    (
        "awareness",
        "Ik zie dat mijn inpakkers steeds vaker uitvallen met rugklachten",
        "persoonlijk gesprek",
        "verzuimcijfers",
        False,
        3,
        3,
        -2,
        4,
        False,
        7,
    ),
    (
        "awareness",
        "Ik lees een praktijkverhaal over een collega-zuivelfabriek in het vakblad",
        "print",
        "artikel",
        False,
        3,
        2,
        1,
        2,
        True,
        0,
    ),
    ("awareness", "Ik zie jullie lijn draaien op de vakbeurs", "evenement", "beursstand", False, 4, 4, 1, 3, True, 5),
    (
        "orientation",
        "Ik google naar 'automatisch verpakken zuivel'",
        "online",
        "zoekmachine",
        False,
        3,
        2,
        0,
        2,
        False,
        3,
    ),
    (
        "orientation",
        "Ik lees op jullie website welke machines bij mijn producten passen",
        "online",
        "landingspagina",
        False,
        4,
        3,
        0,
        2,
        True,
        2,
    ),
    (
        "orientation",
        "Ik bel om te vragen of iemand langs kan komen",
        "telefoon",
        "binnendienst",
        False,
        4,
        3,
        0,
        3,
        False,
        6,
    ),
    (
        "orientation",
        "De accountmanager kijkt bij ons mee op de werkvloer",
        "persoonlijk gesprek",
        "bedrijfsbezoek",
        False,
        4,
        5,
        2,
        4,
        True,
        9,
    ),
    (
        "choice",
        "Ik ontvang een offerte die mijn directeur niet begrijpt",
        "e-mail",
        "offerte",
        False,
        4,
        2,
        -1,
        4,
        True,
        8,
    ),
    (
        "choice",
        "Ik bezoek een referentieklant met dezelfde machine",
        "persoonlijk gesprek",
        "referentiebezoek",
        False,
        4,
        5,
        2,
        5,
        True,
        10,
    ),
    (
        "choice",
        "Ik onderhandel over prijs en leasevorm",
        "persoonlijk gesprek",
        "contract",
        False,
        3,
        3,
        0,
        3,
        False,
        2,
    ),
    (
        "use",
        "De machine wordt geïnstalleerd en mijn operators worden opgeleid",
        "persoonlijk gesprek",
        "installatie",
        False,
        5,
        3,
        -1,
        5,
        True,
        11,
    ),
    ("use", "Ik ontvang de factuur", "e-mail", "factuur", True, 3, 3, 0, 1, False, 0),
    (
        "use",
        "De machine staat stil en ik bel de storingsdienst",
        "telefoon",
        "servicedesk",
        True,
        5,
        2,
        -2,
        5,
        True,
        12,
    ),
    ("use", "Ik bestel onderdelen in de webshop", "online", "webshop", False, 4, 4, 1, 2, False, 3),
    ("use", "Het product zelf: de lijn draait dag en nacht", "product", "machine", True, 5, 4, 1, 3, True, 9),
    (
        "reorientation",
        "Ik krijg een uitnodiging voor de jaarlijkse onderhoudsevaluatie",
        "e-mail",
        "uitnodiging",
        False,
        3,
        3,
        0,
        2,
        False,
        1,
    ),
    (
        "reorientation",
        "Ik vraag me af of een nieuwe lijn sneller is dan ombouwen",
        "persoonlijk gesprek",
        "adviesgesprek",
        False,
        4,
        3,
        0,
        3,
        True,
        4,
    ),
    (
        "reorientation",
        "Ik ontvang een aanbod voor een upgrade van de besturing",
        "e-mail",
        "aanbieding",
        False,
        3,
        2,
        -1,
        2,
        False,
        1,
    ),
]


def segment_figures(data: SampleData, sectors: list[str]) -> tuple[int, float, float]:
    """Customers, net revenue and net margin in the period of the customers in these sectors."""
    ids = data.customers.loc[data.customers["sector"].isin(sectors), "customer_id"]
    tx = data.transactions
    rows = tx[tx["customer_id"].isin(ids) & tx["date"].between(pd.Timestamp(PERIOD[0]), pd.Timestamp(PERIOD[1]))]
    return (
        int(rows["customer_id"].nunique()),
        round(float(rows["revenue"].sum()), 2),
        round(float(rows["margin"].sum()), 2),
    )


def _segments(data: SampleData) -> list[Segment]:
    segments = []
    for seg_id, name, description, sectors, criteria, scores in SEGMENTS:
        customers, revenue, margin = segment_figures(data, sectors)
        segments.append(
            Segment(
                id=seg_id,
                name=name,
                description=description,
                criteria=criteria,
                source_column="sector",
                source_values=sectors,
                customers=customers,
                revenue=revenue,
                margin=margin,
                scores=scores,
                notes="Sectoren in het klantenbestand: " + ", ".join(sectors),
            )
        )
    return segments


def _journey(segment_id: str) -> Journey:
    return Journey(
        segment_id=segment_id,
        phases=default_phases(),
        channels=sorted({tp[2] for tp in TOUCHPOINTS}),
        means=sorted({tp[3] for tp in TOUCHPOINTS}),
        outside_in_interviews=12,
        touchpoints=[
            Touchpoint(
                id=f"tp{i:02d}",
                phase_id=phase,
                description=text,
                channel=channel,
                means=means,
                fixed=fixed,
                expectation=expectation,
                performance=performance,
                emotion=emotion,
                intensity=intensity,
                moment_of_truth_inside_out=inside_out,
                outside_in_mentions=mentions,
            )
            for i, (
                phase,
                text,
                channel,
                means,
                fixed,
                expectation,
                performance,
                emotion,
                intensity,
                inside_out,
                mentions,
            ) in enumerate(TOUCHPOINTS, start=1)
        ],
    )


def _stakeholders(segment_id: str) -> StakeholderPyramid:
    return StakeholderPyramid(
        stakeholders=[
            Stakeholder(
                id=f"st{i:02d}",
                segment_id=segment_id,
                name=name,
                organisation=organisation,
                side=side,
                role=role,
                influence=influence,
                attitude=attitude,
                motives=motives,
                # For saboteurs the team wrote down how to address them.
                approach=notes if role == StakeholderRole.saboteur else "",
                notes="" if role == StakeholderRole.saboteur else notes,
                verified=verified,
                verification_method=method,
                strategic_partner=partner,
            )
            for i, (
                name,
                organisation,
                side,
                role,
                influence,
                attitude,
                motives,
                notes,
                verified,
                method,
                partner,
            ) in enumerate(STAKEHOLDERS, start=1)
        ]
    )


def _customer_pyramid(data: SampleData) -> CustomerPyramidSection:
    result = customer_pyramid(data.transactions, *PERIOD, thresholds=CURRY_THRESHOLDS, crm=data.crm)
    previous = customer_pyramid(data.transactions, *PREVIOUS_PERIOD, thresholds=CURRY_THRESHOLDS)
    return CustomerPyramidSection(
        settings=PyramidSettings(
            source_file=data.files["transactions"],
            customers_file=data.files["customers"],
            crm_file=data.files["crm"],
            column_map=data.column_map,
            basis=Basis.revenue,
            period_start=PERIOD[0],
            period_end=PERIOD[1],
            inactive_window_months=12,
            preset=ThresholdPreset.curry,
            thresholds=list(CURRY_THRESHOLDS),
        ),
        summary=summarise(result, STAMP, churn=migration(previous, result).churn, previous_period=PREVIOUS_PERIOD),
    )


def build(folder: Path) -> Workbook:
    """The sample workbook, its figures computed from the CSV files in ``folder``."""
    data = read_sample_data(folder)
    segments = _segments(data)
    chosen = segments[0].id
    return Workbook(
        client=ClientInfo(
            name="Verpakkingstechniek Nederland B.V.",
            consultant="Anna de Vries",
            description="Voorbeeldklant (verzonnen): leverancier van verpakkingsmachines, onderdelen en service "
            "aan de Nederlandse industrie.",
            workshop_date=STAMP.date(),
        ),
        created=STAMP,
        modified=STAMP,
        segmentation=SegmentationSection(
            reasons=[
                SegmentationReason.best_customers,
                SegmentationReason.targeted_campaigns,
                SegmentationReason.reach_segment,
            ],
            goal="We willen weten in welke branche onze machines het meeste opleveren, zodat verkoop en "
            "marketing hun tijd daar besteden in plaats van overal een beetje.",
            criteria=[
                CriterionFamily.demographic,
                CriterionFamily.geographic,
                CriterionFamily.needs,
                CriterionFamily.behaviour,
                CriterionFamily.value,
            ],
            segments=segments,
            factors=default_factors(),
            chosen_segment_ids=[chosen],
            choice_reason="Grootste groep met een goede marge, en het best passend bij onze sterke punten: "
            "hygiënisch ontwerp en een eigen servicedienst in de regio.",
            persona=Persona(segment_id=chosen, **PERSONA),
        ),
        stakeholder_pyramid=_stakeholders(chosen),
        customer_pyramid=_customer_pyramid(data),
        journey=_journey(chosen),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE, help="folder with the generated CSV files")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the workbook to")
    args = parser.parse_args()
    with language("nl"):
        workbook = build(args.data)
    handle = WorkbookFile((args.out / NAME).absolute(), workbook, None)
    handle.save(force=True, modified=STAMP)  # replaces an earlier build; that one is kept as the backup
    print(handle.path)


if __name__ == "__main__":
    main()
