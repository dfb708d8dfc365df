"""Build the filled-in sample workbooks from the sample client's data, in Dutch and in English.

The workshop answers (segments, scores, persona, stakeholders, journey) are
written here as a team would have entered them, once as a Dutch team and once
as an English team would have typed them: every typed text below is a
:class:`Text` holding both. The figures (segment sizes, the customer pyramid
summary) are computed from the generated CSV files and are the same in both
workbooks; values from the client's files (sectors, file and column names)
stay as they are in the data. Run after ``generate_sample_data.py``:

    python data/samples/build_sample_workbook.py [--language {nl,en}] [--data DIR] [--out DIR]

Without ``--language`` both workbooks are built. Rebuilding gives
byte-identical files and leaves nothing else behind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import NamedTuple

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
#: The workbook file per language (the same client, figures and data files).
NAMES = {"nl": "verpakkingsmachines.klantlab.json", "en": "packaging_machines.klantlab.json"}
LANGUAGES = tuple(NAMES)
PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
PREVIOUS_PERIOD = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
# The day of the (fictional) workshop; fixed so that rebuilding gives the same figures.
STAMP = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)


class Text(NamedTuple):
    """A text the team typed, as a Dutch and as an English team wrote it."""

    nl: str
    en: str

    def in_(self, lang: str) -> str:
        """The text in language ``lang``."""
        return getattr(self, lang)


CLIENT = {
    "name": "Verpakkingstechniek Nederland B.V.",  # a company's name: the same in both languages
    "consultant": "Anna de Vries",
    "description": Text(
        "Voorbeeldklant (verzonnen): leverancier van verpakkingsmachines, onderdelen en service "
        "aan de Nederlandse industrie.",
        "Sample client (fictional): supplier of packaging machines, spare parts and service to Dutch industry.",
    ),
}

GOAL = Text(
    "We willen weten in welke branche onze machines het meeste opleveren, zodat verkoop en "
    "marketing hun tijd daar besteden in plaats van overal een beetje.",
    "We want to know in which industry our machines earn us the most, so that sales and marketing "
    "spend their time there instead of a little bit everywhere.",
)
CHOICE_REASON = Text(
    "Grootste groep met een goede marge, en het best passend bij onze sterke punten: "
    "hygiënisch ontwerp en een eigen servicedienst in de regio.",
    "The largest group with a good margin, and the best fit with our strengths: "
    "hygienic design and our own service team in the region.",
)
# How the team noted where a segment's figures come from; {} is the list of sectors as they are in the data.
SEGMENT_NOTES = Text("Sectoren in het klantenbestand: {}", "Sectors in the customer file: {}")

# The segments the team defined, by the sectors in the customer file (values as in the data):
# id, name, description, sectors, criteria, scores per attractiveness factor (1-5).
SEGMENTS = [
    (
        "food",
        Text("Zuivel- en voedingsproducenten", "Dairy and food producers"),
        Text(
            "Middelgrote producenten van zuivel, vlees en gemaksvoeding die nog deels met de hand verpakken.",
            "Medium-sized producers of dairy, meat and ready meals who still pack partly by hand.",
        ),
        ["Zuivel", "Voedingsmiddelen"],
        {
            CriterionFamily.demographic: Text("50–500 medewerkers", "50–500 employees"),
            CriterionFamily.geographic: Text(
                "heel Nederland, veel in Gelderland, Noord-Brabant en Friesland",
                "all over the Netherlands, many in Gelderland, Noord-Brabant and Friesland",
            ),
            CriterionFamily.needs: Text(
                "hygiënisch ontwerp, snel omstellen, weinig stilstand",
                "hygienic design, quick changeovers, little downtime",
            ),
            CriterionFamily.behaviour: Text(
                "vervangt een lijn na 8–10 jaar, koopt onderdelen en service bij",
                "replaces a line after 8–10 years, buys parts and service on top",
            ),
            CriterionFamily.value: Text("meer dan € 25.000 per jaar", "more than €25,000 a year"),
        },
        {"size": 5, "growth": 3, "margin": 4, "fit": 5, "reachability": 4, "competition": 2},
    ),
    (
        "pharma",
        Text("Farmacie en cosmetica", "Pharmaceuticals and cosmetics"),
        Text(
            "Producenten die valideren volgens GMP en elke verpakking traceerbaar moeten maken.",
            "Manufacturers who validate to GMP and have to make every pack traceable.",
        ),
        ["Farmacie", "Cosmetica"],
        {
            CriterionFamily.demographic: Text(
                "100+ medewerkers, eigen kwaliteitsafdeling", "100+ employees, their own quality department"
            ),
            CriterionFamily.technographic: Text(
                "serialisatie en MES-koppeling verplicht", "serialisation and MES integration required"
            ),
            CriterionFamily.needs: Text(
                "validatiedocumentatie, traceerbaarheid, cleanroom-geschikt",
                "validation documents, traceability, suitable for cleanrooms",
            ),
            CriterionFamily.value: Text("hoge marge op service en validatie", "high margin on service and validation"),
        },
        {"size": 2, "growth": 4, "margin": 5, "fit": 3, "reachability": 3, "competition": 2},
    ),
    (
        "ecommerce",
        Text("E-commerce en fulfilment", "E-commerce and fulfilment"),
        Text(
            "Webwinkels en logistieke dienstverleners met wisselende dooslengtes en grote pieken.",
            "Online shops and logistics providers with boxes of varying lengths and big peaks.",
        ),
        ["E-commerce en logistiek"],
        {
            CriterionFamily.psychographic: Text(
                "snel beslissen, prijsbewust, groei boven alles", "decide fast, price-conscious, growth above all"
            ),
            CriterionFamily.technographic: Text(
                "koppeling met WMS en vervoerders", "integration with their WMS and carriers"
            ),
            CriterionFamily.needs: Text(
                "doos op maat, piekcapaciteit rond de feestdagen",
                "made-to-measure boxes, peak capacity around the holidays",
            ),
            CriterionFamily.behaviour: Text(
                "huurt of leaset liever dan te kopen", "would rather rent or lease than buy"
            ),
        },
        {"size": 3, "growth": 5, "margin": 2, "fit": 2, "reachability": 5, "competition": 1},
    ),
]

PERSONA = {
    "name": Text("Martin Visser, productiemanager", "Martin Visser, production manager"),
    "who": Text(
        "46 jaar, productiemanager bij een zuivelproducent met 180 medewerkers in Gelderland. "
        "Twintig jaar in de fabriek, begonnen als monteur.",
        "46, production manager at a dairy producer with 180 employees in Gelderland. "
        "Twenty years in the plant, started out as a mechanic.",
    ),
    "goals": Text(
        "Een lijn die draait: minder stilstand, minder handwerk aan het eind van de lijn en een "
        "audit zonder bevindingen.",
        "A line that keeps running: less downtime, less manual work at the end of the line and an "
        "audit without findings.",
    ),
    "frustrations": Text(
        "Operators die uitvallen met rugklachten, leveranciers die na de verkoop onbereikbaar "
        "zijn, offertes vol vakjargon die de directeur niet begrijpt.",
        "Operators off sick with back problems, suppliers who can't be reached once the sale is made, "
        "quotes full of jargon the managing director doesn't understand.",
    ),
    "decision_making": Text(
        "Vraagt collega's in de branche, bezoekt de vakbeurs, laat de technische dienst "
        "meekijken en wil een referentiebezoek voordat hij een investering voorstelt aan de directie.",
        "Asks peers in the industry, visits the trade fair, gets the maintenance department "
        "involved and wants a reference visit before he proposes an investment to the board.",
    ),
    "enthusiasm": Text(
        "Een machine die hij in een middag kan omstellen, een monteur die hij bij naam kent en "
        "cijfers over terugverdientijd die hij zo kan doorsturen.",
        "A machine he can change over in an afternoon, a service engineer he knows by name and "
        "payback figures he can forward as they are.",
    ),
}

# The organisations the stakeholders belong to, and how the team checked a stakeholder with customers.
ORGANISATIONS = {
    "client": Text("Zuivelfabriek (klant)", "Dairy plant (customer)"),
    "bank": Text("Bank", "Lender"),
    "consultancy": Text("Adviesbureau", "Consultancy"),
    "press": Text("Vakblad", "Trade press"),
    "association": Text("Branchevereniging", "Industry association"),
    "supplier": Text("Leverancier", "Supplier"),
}
METHODS = {
    "": Text("", ""),
    "interview": Text("klantinterview", "customer interview"),
    "visit": Text("bedrijfsbezoek", "site visit"),
    "shop_floor": Text("gesprek op de werkvloer", "talk on the shop floor"),
}

# name, organisation, side, role, influence, attitude, motives, notes, verified, method, strategic partner
STAKEHOLDERS = [
    (
        Text("Henk Bosman, directeur-eigenaar", "Henk Bosman, owner and managing director"),
        "client",
        Side.inside,
        StakeholderRole.decision_maker,
        5,
        Attitude.neutral,
        Text("Continuïteit, groei zonder extra personeel", "Continuity, growth without extra staff"),
        Text("Tekent boven € 100.000", "Signs off anything over €100,000"),
        True,
        "interview",
        False,
    ),
    (
        Text("Financieel manager", "Finance manager"),
        "client",
        Side.inside,
        StakeholderRole.economic_buyer,
        4,
        Attitude.neutral,
        Text(
            "Terugverdientijd onder 3 jaar, voorspelbare servicekosten",
            "Payback within 3 years, predictable service costs",
        ),
        Text("", ""),
        True,
        "visit",
        False,
    ),
    (
        Text(
            "Accountmanager zakelijk, Rabobank Vallei en Rijn",
            "Business account manager, Rabobank Vallei en Rijn",
        ),
        "bank",
        Side.outside,
        StakeholderRole.economic_buyer,
        3,
        Attitude.supporter,
        Text("Financiert de lease", "Finances the lease"),
        Text("Alleen bij lease", "Only when leasing"),
        False,
        "",
        True,
    ),
    (
        Text("Martin Visser, productiemanager", "Martin Visser, production manager"),
        "client",
        Side.inside,
        StakeholderRole.recommender,
        4,
        Attitude.supporter,
        Text("Minder stilstand en handwerk", "Less downtime and manual work"),
        Text("Onze persona", "Our persona"),
        True,
        "interview",
        False,
    ),
    (
        Text("Hoofd technische dienst", "Head of maintenance"),
        "client",
        Side.inside,
        StakeholderRole.recommender,
        4,
        Attitude.neutral,
        Text("Onderhoudbaarheid, onderdelen op voorraad", "Ease of maintenance, parts in stock"),
        Text("Wil zelf kunnen repareren", "Wants to be able to do repairs in-house"),
        True,
        "visit",
        False,
    ),
    (
        Text("Ingenieursbureau Van Dijk Procestechniek", "Van Dijk Procestechniek, engineering consultants"),
        "consultancy",
        Side.outside,
        StakeholderRole.recommender,
        3,
        Attitude.neutral,
        Text("Onafhankelijk advies bij lijnontwerp", "Independent advice on line design"),
        Text("Adviseert bij 1 op 3 projecten", "Advises on 1 in 3 projects"),
        False,
        "",
        True,
    ),
    (
        Text("Kwaliteitsmanager (BRC/IFS)", "Quality manager (BRC/IFS)"),
        "client",
        Side.inside,
        StakeholderRole.influencer,
        3,
        Attitude.supporter,
        Text("Voedselveiligheid, schoonmaakbaarheid", "Food safety, ease of cleaning"),
        Text("", ""),
        False,
        "",
        False,
    ),
    (
        Text("Redactie vakblad Zuivelzicht", "Editors of the trade magazine Zuivelzicht"),
        "press",
        Side.outside,
        StakeholderRole.influencer,
        2,
        Attitude.neutral,
        Text("Praktijkverhalen uit de branche", "Real-life stories from the industry"),
        Text("Referentieverhaal aanbieden", "Offer them a customer story"),
        False,
        "",
        True,
    ),
    (
        Text(
            "Branchevereniging Nederlandse Zuivelverwerkers",
            "Nederlandse Zuivelverwerkers (dairy processors' association)",
        ),
        "association",
        Side.outside,
        StakeholderRole.influencer,
        2,
        Attitude.supporter,
        Text("Arbeidsomstandigheden in de sector", "Working conditions in the sector"),
        Text("Arbo-convenant tilwerk", "Industry agreement on heavy lifting"),
        False,
        "",
        True,
    ),
    (
        Text("Operators verpakkingslijn (ploegendienst)", "Packaging line operators (shift work)"),
        "client",
        Side.inside,
        StakeholderRole.end_user,
        3,
        Attitude.neutral,
        Text("Makkelijk bedienen, weinig storingen", "Easy to operate, few breakdowns"),
        Text("", ""),
        True,
        "visit",
        False,
    ),
    (
        Text("Monteurs technische dienst", "Maintenance technicians"),
        "client",
        Side.inside,
        StakeholderRole.end_user,
        2,
        Attitude.neutral,
        Text("Goede documentatie, training", "Good documentation and training"),
        Text("", ""),
        False,
        "",
        False,
    ),
    (
        Text("Inpakkers die nu met de hand verpakken", "Packers who now pack by hand"),
        "client",
        Side.inside,
        StakeholderRole.saboteur,
        3,
        Attitude.opponent,
        Text("Angst hun werk kwijt te raken", "Afraid of losing their jobs"),
        Text(
            "Betrekken bij de proefopstelling; omscholing tot lijnoperator aanbieden",
            "Involve them in the trial set-up; offer retraining as line operators",
        ),
        True,
        "shop_floor",
        False,
    ),
    (
        Text("Ondernemingsraad", "Works council"),
        "client",
        Side.inside,
        StakeholderRole.saboteur,
        2,
        Attitude.neutral,
        Text("Werkgelegenheid en werkdruk", "Jobs and workload"),
        Text("Vroeg informeren over omscholing", "Tell them about retraining early on"),
        False,
        "",
        False,
    ),
    (
        Text(
            "Huidige leverancier van handverpakkingsmateriaal",
            "Current supplier of materials for packing by hand",
        ),
        "supplier",
        Side.outside,
        StakeholderRole.saboteur,
        1,
        Attitude.opponent,
        Text("Behoud van omzet", "Keeping its revenue"),
        Text("", ""),
        False,
        "",
        False,
    ),
]

# The channels and means the team listed; the touchpoints name them by key.
CHANNELS = {
    "email": Text("e-mail", "email"),
    "event": Text("evenement", "event"),
    "online": Text("online", "web"),
    "in_person": Text("persoonlijk gesprek", "face to face"),
    "print": Text("print", "print media"),
    "product": Text("product", "product in use"),
    "phone": Text("telefoon", "phone"),
}
MEANS = {
    "offer": Text("aanbieding", "offer"),
    "consultation": Text("adviesgesprek", "consultation"),
    "article": Text("artikel", "article"),
    "site_visit": Text("bedrijfsbezoek", "site visit"),
    "stand": Text("beursstand", "trade fair stand"),
    "inside_sales": Text("binnendienst", "inside sales"),
    "contract": Text("contract", "agreement"),
    "invoice": Text("factuur", "invoice"),
    "installation": Text("installatie", "installation"),
    "landing_page": Text("landingspagina", "landing page"),
    "machine": Text("machine", "packaging line"),
    "quote": Text("offerte", "quote"),
    "reference_visit": Text("referentiebezoek", "reference visit"),
    "service_desk": Text("servicedesk", "service desk"),
    "invitation": Text("uitnodiging", "invitation"),
    "absence": Text("verzuimcijfers", "absence figures"),
    "webshop": Text("webshop", "online shop"),
    "search_engine": Text("zoekmachine", "search engine"),
}

# phase, description, channel, means, fixed, expectation, performance, emotion, intensity,
# moment of truth inside-out, customers who named it (of 12 interviews)
TOUCHPOINTS = [
    (
        "awareness",
        Text(
            "Ik zie dat mijn inpakkers steeds vaker uitvallen met rugklachten",
            "I see my packers calling in sick with back problems more and more often",
        ),
        "in_person",
        "absence",
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
        Text(
            "Ik lees een praktijkverhaal over een collega-zuivelfabriek in het vakblad",
            "I read a story in the trade magazine about another dairy plant like ours",
        ),
        "print",
        "article",
        False,
        3,
        2,
        1,
        2,
        True,
        0,
    ),
    (
        "awareness",
        Text("Ik zie jullie lijn draaien op de vakbeurs", "I see your line running at the trade fair"),
        "event",
        "stand",
        False,
        4,
        4,
        1,
        3,
        True,
        5,
    ),
    (
        "orientation",
        Text("Ik google naar 'automatisch verpakken zuivel'", "I google 'automated packaging dairy'"),
        "online",
        "search_engine",
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
        Text(
            "Ik lees op jullie website welke machines bij mijn producten passen",
            "I read on your website which machines suit my products",
        ),
        "online",
        "landing_page",
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
        Text("Ik bel om te vragen of iemand langs kan komen", "I call to ask if someone can come and see us"),
        "phone",
        "inside_sales",
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
        Text(
            "De accountmanager kijkt bij ons mee op de werkvloer",
            "The account manager comes and looks at our shop floor with us",
        ),
        "in_person",
        "site_visit",
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
        Text(
            "Ik ontvang een offerte die mijn directeur niet begrijpt",
            "I get a quote my managing director doesn't understand",
        ),
        "email",
        "quote",
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
        Text(
            "Ik bezoek een referentieklant met dezelfde machine",
            "I visit a reference customer who has the same machine",
        ),
        "in_person",
        "reference_visit",
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
        Text("Ik onderhandel over prijs en leasevorm", "I negotiate the price and the kind of lease"),
        "in_person",
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
        Text(
            "De machine wordt geïnstalleerd en mijn operators worden opgeleid",
            "The machine gets installed and my operators get trained",
        ),
        "in_person",
        "installation",
        False,
        5,
        3,
        -1,
        5,
        True,
        11,
    ),
    ("use", Text("Ik ontvang de factuur", "I get the invoice"), "email", "invoice", True, 3, 3, 0, 1, False, 0),
    (
        "use",
        Text(
            "De machine staat stil en ik bel de storingsdienst",
            "The machine has stopped and I call the breakdown service",
        ),
        "phone",
        "service_desk",
        True,
        5,
        2,
        -2,
        5,
        True,
        12,
    ),
    (
        "use",
        Text("Ik bestel onderdelen in de webshop", "I order parts in your online shop"),
        "online",
        "webshop",
        False,
        4,
        4,
        1,
        2,
        False,
        3,
    ),
    (
        "use",
        Text(
            "Het product zelf: de lijn draait dag en nacht",
            "The product itself: the line runs day and night",
        ),
        "product",
        "machine",
        True,
        5,
        4,
        1,
        3,
        True,
        9,
    ),
    (
        "reorientation",
        Text(
            "Ik krijg een uitnodiging voor de jaarlijkse onderhoudsevaluatie",
            "I get an invitation to the yearly maintenance review",
        ),
        "email",
        "invitation",
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
        Text(
            "Ik vraag me af of een nieuwe lijn sneller is dan ombouwen",
            "I wonder whether a new line would be quicker than converting the old one",
        ),
        "in_person",
        "consultation",
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
        Text(
            "Ik ontvang een aanbod voor een upgrade van de besturing",
            "I get an offer to upgrade the controls",
        ),
        "email",
        "offer",
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


def _segments(data: SampleData, lang: str) -> list[Segment]:
    segments = []
    for seg_id, name, description, sectors, criteria, scores in SEGMENTS:
        customers, revenue, margin = segment_figures(data, sectors)
        segments.append(
            Segment(
                id=seg_id,
                name=name.in_(lang),
                description=description.in_(lang),
                criteria={family: text.in_(lang) for family, text in criteria.items()},
                source_column="sector",
                source_values=sectors,
                customers=customers,
                revenue=revenue,
                margin=margin,
                scores=scores,
                notes=SEGMENT_NOTES.in_(lang).format(", ".join(sectors)),
            )
        )
    return segments


def _journey(segment_id: str, lang: str) -> Journey:
    return Journey(
        segment_id=segment_id,
        phases=default_phases(),
        channels=sorted({CHANNELS[tp[2]].in_(lang) for tp in TOUCHPOINTS}),
        means=sorted({MEANS[tp[3]].in_(lang) for tp in TOUCHPOINTS}),
        outside_in_interviews=12,
        touchpoints=[
            Touchpoint(
                id=f"tp{i:02d}",
                phase_id=phase,
                description=text.in_(lang),
                channel=CHANNELS[channel].in_(lang),
                means=MEANS[means].in_(lang),
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


def _stakeholders(segment_id: str, lang: str) -> StakeholderPyramid:
    return StakeholderPyramid(
        stakeholders=[
            Stakeholder(
                id=f"st{i:02d}",
                segment_id=segment_id,
                name=name.in_(lang),
                organisation=ORGANISATIONS[organisation].in_(lang),
                side=side,
                role=role,
                influence=influence,
                attitude=attitude,
                motives=motives.in_(lang),
                # For saboteurs the team wrote down how to address them.
                approach=notes.in_(lang) if role == StakeholderRole.saboteur else "",
                notes="" if role == StakeholderRole.saboteur else notes.in_(lang),
                verified=verified,
                verification_method=METHODS[method].in_(lang),
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


def build(folder: Path | SampleData, lang: str = "nl") -> Workbook:
    """The sample workbook as a team in ``lang`` typed it, its figures computed from the CSV files in ``folder``.

    ``folder`` may also be the data already read. Defaults made from klantlab's
    catalog (phases, attractiveness factors) come in ``lang`` too.
    """
    data = folder if isinstance(folder, SampleData) else read_sample_data(folder)
    with language(lang):
        segments = _segments(data, lang)
        chosen = segments[0].id
        return Workbook(
            client=ClientInfo(
                name=CLIENT["name"],
                consultant=CLIENT["consultant"],
                description=CLIENT["description"].in_(lang),
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
                goal=GOAL.in_(lang),
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
                choice_reason=CHOICE_REASON.in_(lang),
                persona=Persona(segment_id=chosen, **{field: text.in_(lang) for field, text in PERSONA.items()}),
            ),
            stakeholder_pyramid=_stakeholders(chosen, lang),
            customer_pyramid=_customer_pyramid(data),
            journey=_journey(chosen, lang),
        )


def write(workbook: Workbook, path: Path) -> Path:
    """Save ``workbook`` at ``path`` exactly as klantlab saves it, stamped ``STAMP``, leaving nothing else behind.

    ``WorkbookFile.save`` keeps the file it replaces as ``<name>.bak`` and
    leaves its lock file ``.<name>.lock`` in the folder (filelock does not
    delete it on release). So the file is saved into a new, empty temporary
    folder beside ``path``, moved into place in one step and the folder,
    with the lock file in it, is removed.
    """
    path = path.absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".build-") as tmp:
        handle = WorkbookFile(Path(tmp) / path.name, workbook, None)
        handle.save(modified=STAMP)
        os.replace(handle.path, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--language", choices=LANGUAGES, help="build only the workbook in this language (default: all of them)"
    )
    parser.add_argument("--data", type=Path, default=HERE, help="folder with the generated CSV files")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the workbooks to")
    args = parser.parse_args()
    data = read_sample_data(args.data)
    for lang in [args.language] if args.language else LANGUAGES:
        print(write(build(data, lang), args.out / NAMES[lang]))


if __name__ == "__main__":
    main()
