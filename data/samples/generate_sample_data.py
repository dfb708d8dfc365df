"""Generate the sample client's data: a fictional Dutch supplier of packaging machines.

"Verpakkingstechniek Nederland B.V." sells packaging machines, spare parts,
service contracts and consumables (film, glue, cartons) to Dutch companies.
The model behind the numbers:

- About 2,000 customer accounts bought something in 2024 or 2025. Most buy in
  both years; some only in 2024 (inactive in 2025) and some are new in 2025.
- About 20 key accounts buy complete lines, € 0.6-2.2 million a year each;
  the yearly value of the other accounts is lognormal with a wide spread. So
  the top 1 % of the 2025 customers has about 40-50 % of 2025 revenue, as is
  common for capital goods, without one customer dominating.
- Each account-year is split into invoices; a large invoice is most likely a
  machine, a small one consumables or parts. Margin depends on the product
  group (machines ~22 %, parts ~40 %, service ~50 %, consumables ~30 %).
- About 2 % of invoices get a credit note later: the same customer, a
  negative amount that reverses part or all of the invoice.
- Customer attributes (provincie, sector, size class, account manager,
  contacts, contact moments, potential) and CRM rows for prospects and
  suspects who have not bought (yet).

The files are written as Dutch Excel writes them: ``;`` separator, decimal
comma, UTF-8 with BOM, dates as dd-mm-yyyy. The same seed gives byte-identical
files:

    python data/samples/generate_sample_data.py [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

SEED = 20_261_122
HERE = Path(__file__).resolve().parent
YEARS = (2024, 2025)

N_BOTH, N_ONLY_2024, N_ONLY_2025 = 1_560, 220, 240
N_KEY = 20
N_PROSPECTS, N_SUSPECTS = 250, 900

PROVINCES = {
    "Zuid-Holland": 0.19,
    "Noord-Brabant": 0.17,
    "Gelderland": 0.14,
    "Noord-Holland": 0.12,
    "Overijssel": 0.07,
    "Utrecht": 0.07,
    "Limburg": 0.06,
    "Friesland": 0.05,
    "Groningen": 0.03,
    "Drenthe": 0.03,
    "Flevoland": 0.03,
    "Zeeland": 0.04,
}
SECTORS = {
    "Voedingsmiddelen": 0.27,
    "Zuivel": 0.12,
    "Dranken": 0.08,
    "Farmacie": 0.07,
    "Cosmetica": 0.06,
    "E-commerce en logistiek": 0.20,
    "Agrarisch": 0.12,
    "Chemie": 0.08,
}
SECTOR_WORDS = {
    "Voedingsmiddelen": ["Foods", "Vleeswaren", "Bakkerij", "Maaltijden", "Snacks", "Conserven"],
    "Zuivel": ["Zuivel", "Kaasmakerij", "Melkunie", "Kaashandel"],
    "Dranken": ["Brouwerij", "Sappen", "Dranken", "Distilleerderij"],
    "Farmacie": ["Pharma", "Farmaceutica", "Laboratoria"],
    "Cosmetica": ["Cosmetics", "Verzorging", "Beauty"],
    "E-commerce en logistiek": ["Fulfilment", "Logistiek", "Webshop", "Distributie"],
    "Agrarisch": ["Kwekerij", "Agro", "Tuinbouw", "Eierhandel"],
    "Chemie": ["Chemie", "Coatings", "Reinigingsmiddelen"],
}
NAMES = [
    "Van Dijk",
    "De Boer",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "De Groot",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "De Wit",
    "Dijkstra",
    "Smits",
    "De Graaf",
    "Van der Meer",
    "Kok",
    "Jacobs",
    "Vermeulen",
    "Schouten",
    "Willems",
    "Hoekstra",
    "Koster",
    "Prins",
    "Huisman",
    "Kuipers",
]
PLACES = [
    "Veghel",
    "Leeuwarden",
    "Barneveld",
    "Zwolle",
    "Tilburg",
    "Ede",
    "Oss",
    "Venlo",
    "Drachten",
    "Meppel",
    "Gouda",
    "Alkmaar",
    "Emmen",
    "Goes",
    "Almere",
    "Helmond",
    "Deventer",
    "Heerenveen",
    "Roermond",
    "Woerden",
]
ACCOUNT_MANAGERS = ["Sanne Bakker", "Pieter de Jong", "Fatima El Amrani", "Joost Visser", "Linda Smit", "Ruud Peters"]
GROUPS = ["machine", "onderdelen", "service", "verbruiksmateriaal"]
MARGIN_RATE = {"machine": 0.22, "onderdelen": 0.40, "service": 0.50, "verbruiksmateriaal": 0.30}


def _pick(rng: np.random.Generator, weights: dict[str, float], n: int) -> np.ndarray:
    keys = list(weights)
    p = np.array([weights[k] for k in keys])
    return rng.choice(keys, size=n, p=p / p.sum())


def _unique_names(rng: np.random.Generator, sectors: np.ndarray, taken: set[str]) -> list[str]:
    names = []
    for sector in sectors:
        while True:
            word = rng.choice(SECTOR_WORDS[sector])
            name = f"{rng.choice(NAMES)} {word} {rng.choice(PLACES)} B.V."
            if name not in taken:
                taken.add(name)
                names.append(name)
                break
    return names


def _accounts(rng: np.random.Generator) -> pd.DataFrame:
    """One row per customer account: which years it buys in and its yearly value."""
    n = N_BOTH + N_ONLY_2024 + N_ONLY_2025
    years = ["both"] * N_BOTH + ["2024"] * N_ONLY_2024 + ["2025"] * N_ONLY_2025
    # A few key accounts buy complete lines every year; the rest spread widely.
    base = rng.lognormal(mean=8.3, sigma=1.8, size=n)  # euros per year
    base[:N_KEY] = rng.uniform(0.6e6, 2.2e6, size=N_KEY)
    growth = rng.lognormal(mean=0.03, sigma=0.35, size=n)  # 2025 against 2024
    order = rng.permutation(n)
    accounts = pd.DataFrame(
        {
            "klantnummer": [f"K{10_001 + i}" for i in range(n)],
            "years": np.array(years)[order],
            "value_2024": base,
            "value_2025": base * growth,
        }
    )
    return accounts


def _invoices(rng: np.random.Generator, accounts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for acc in accounts.itertuples():
        for year in YEARS:
            if acc.years not in ("both", str(year)):
                continue
            value = acc.value_2024 if year == 2024 else acc.value_2025
            k = 1 + rng.poisson(max(1.0, 3.0 * np.log10(value) - 6.0))
            shares = rng.dirichlet(np.full(k, 0.6))
            start = dt.date(year, 1, 2).toordinal()
            days = np.sort(rng.integers(0, 360, size=k))
            for share, day in zip(shares, days, strict=True):
                amount = round(float(value * share), 2)
                if amount < 25:
                    amount = round(25 + float(rng.uniform(0, 75)), 2)
                if amount > 60_000:
                    p = [0.70, 0.05, 0.20, 0.05]
                elif amount > 5_000:
                    p = [0.10, 0.30, 0.35, 0.25]
                else:
                    p = [0.0, 0.35, 0.20, 0.45]
                group = GROUPS[rng.choice(4, p=p)]
                rate = float(np.clip(rng.normal(MARGIN_RATE[group], 0.05), 0.05, 0.75))
                date = dt.date.fromordinal(start + int(day))
                rows.append((date, acc.klantnummer, group, amount, round(amount * rate, 2)))
    invoices = pd.DataFrame(rows, columns=["factuurdatum", "klantnummer", "productgroep", "omzet", "marge"])
    invoices = invoices.sort_values(["factuurdatum", "klantnummer"], kind="stable").reset_index(drop=True)
    invoices.insert(0, "factuurnummer", [f"F{d.year}-{i:06d}" for i, d in enumerate(invoices["factuurdatum"], 1)])
    return invoices


def _credit_notes(rng: np.random.Generator, invoices: pd.DataFrame) -> pd.DataFrame:
    picked = invoices[rng.random(len(invoices)) < 0.02]
    rows = []
    last = dt.date(YEARS[-1], 12, 31)
    for inv in picked.itertuples():
        date = min(inv.factuurdatum + dt.timedelta(days=int(rng.integers(5, 60))), last)
        part = 1.0 if rng.random() < 0.4 else round(float(rng.uniform(0.1, 0.8)), 2)
        rows.append((date, inv.klantnummer, inv.productgroep, -round(inv.omzet * part, 2), -round(inv.marge * part, 2)))
    notes = pd.DataFrame(rows, columns=["factuurdatum", "klantnummer", "productgroep", "omzet", "marge"])
    notes.insert(0, "factuurnummer", [f"CN{d.year}-{i:05d}" for i, d in enumerate(notes["factuurdatum"], 1)])
    return notes


def _customers(rng: np.random.Generator, accounts: pd.DataFrame) -> pd.DataFrame:
    n = len(accounts)
    value = accounts[["value_2024", "value_2025"]].max(axis=1).to_numpy()
    rank = pd.Series(value).rank(pct=True).to_numpy()
    sectors = _pick(rng, SECTORS, n)
    noisy = np.clip(rank + rng.normal(0, 0.15, n), 0, 1)
    size = np.where(noisy > 0.85, "groot", np.where(noisy > 0.45, "middel", "klein"))
    managers = np.array(ACCOUNT_MANAGERS)[rng.integers(0, len(ACCOUNT_MANAGERS), n)]
    # Key accounts mostly sit with the two senior account managers.
    key = rank > 0.98
    managers[key] = np.array(ACCOUNT_MANAGERS[:2])[rng.integers(0, 2, key.sum())]
    contacts = 1 + rng.poisson(0.5 + 4 * rank**3)
    # Contact moments follow habit more than value: some top accounts get few visits.
    moments = rng.poisson(2 + 6 * rng.random(n) + 3 * rank)
    moments = np.where(accounts["years"].to_numpy() == "2024", 0, moments)
    potential = value * rng.lognormal(0.4, 0.4, n)
    upside = (rank < 0.6) & (rng.random(n) < 0.06)
    potential[upside] = value[upside] * rng.uniform(8, 30, upside.sum())
    return pd.DataFrame(
        {
            "klantnummer": accounts["klantnummer"],
            "naam": _unique_names(rng, sectors, set()),
            "provincie": _pick(rng, PROVINCES, n),
            "sector": sectors,
            "grootteklasse": size,
            "accountmanager": managers,
            "aantal_contactpersonen": contacts,
            "aantal_contactmomenten_2025": moments,
            "potentieel": np.round(potential / 100) * 100,
        }
    )


def _crm(rng: np.random.Generator, taken_names: set[str]) -> pd.DataFrame:
    n = N_PROSPECTS + N_SUSPECTS
    sectors = _pick(rng, SECTORS, n)
    status = np.array(["prospect"] * N_PROSPECTS + ["suspect"] * N_SUSPECTS)
    last = [
        (dt.date(2025, 1, 1) + dt.timedelta(days=int(rng.integers(0, 365)))).strftime("%d-%m-%Y")
        if s == "prospect"
        else ""
        for s in status
    ]
    managers = np.where(
        status == "prospect",
        np.array(ACCOUNT_MANAGERS)[rng.integers(0, len(ACCOUNT_MANAGERS), n)],
        "",
    )
    return pd.DataFrame(
        {
            "relatienummer": [f"R{20_001 + i}" for i in range(n)],
            "naam": _unique_names(rng, sectors, taken_names),
            "provincie": _pick(rng, PROVINCES, n),
            "sector": sectors,
            "grootteklasse": rng.choice(["klein", "middel", "groot"], size=n, p=[0.5, 0.35, 0.15]),
            "status": status,
            "laatste_contact": last,
            "accountmanager": managers,
        }
    )


def _write(frame: pd.DataFrame, path: Path) -> None:
    out = frame.copy()
    for column in out.columns:
        if out[column].map(type).eq(dt.date).all():
            out[column] = [d.strftime("%d-%m-%Y") for d in out[column]]
    out.to_csv(path, sep=";", decimal=",", encoding="utf-8-sig", index=False, lineterminator="\n", float_format="%.2f")


def generate(out: Path) -> None:
    """Write the three CSV files of the sample client to ``out``."""
    rng = np.random.default_rng(SEED)
    accounts = _accounts(rng)
    invoices = _invoices(rng, accounts)
    notes = _credit_notes(rng, invoices)
    transactions = pd.concat([invoices, notes], ignore_index=True).sort_values(
        ["factuurdatum", "factuurnummer"], kind="stable"
    )
    customers = _customers(rng, accounts)
    crm = _crm(rng, set(customers["naam"]))
    out.mkdir(parents=True, exist_ok=True)
    _write(transactions, out / "verpakkingsmachines_facturen.csv")
    _write(customers, out / "verpakkingsmachines_klanten.csv")
    _write(crm, out / "verpakkingsmachines_crm.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write the CSV files to")
    generate(parser.parse_args().out)


if __name__ == "__main__":
    main()
