"""The sample client's data: the figures stated in data/samples/README.md, and regeneration."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from klantlab.io import WorkbookFile, samples_dir

FILES = ["verpakkingsmachines_facturen.csv", "verpakkingsmachines_klanten.csv", "verpakkingsmachines_crm.csv"]
#: The sample workbook in Dutch and in English: the same client and figures, built from FILES.
WORKBOOKS = ["verpakkingsmachines.klantlab.json", "packaging_machines.klantlab.json"]


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(
        samples_dir() / name,
        sep=";",
        decimal=",",
        encoding="utf-8-sig",
        dtype={"klantnummer": str, "relatienummer": str, "factuurnummer": str},
    )


@pytest.fixture(scope="module")
def invoices() -> pd.DataFrame:
    frame = _read(FILES[0])
    frame["year"] = frame["factuurdatum"].str[-4:].astype(int)
    return frame


def test_invoice_figures(invoices: pd.DataFrame) -> None:
    credit = invoices[invoices["factuurnummer"].str.startswith("CN")]
    assert len(invoices) == 21_919
    assert invoices["klantnummer"].nunique() == 2_020
    assert len(credit) == 449
    assert (credit["omzet"] < 0).all() and (invoices.loc[~invoices.index.isin(credit.index), "omzet"] > 0).all()
    assert round(credit["omzet"].sum(), 2) == -1_197_563.82
    assert sorted(invoices["year"].unique()) == [2024, 2025]
    per_year = invoices.groupby("year")["omzet"].sum().round(2).to_dict()
    assert per_year == {2024: 60_598_685.58, 2025: 62_974_361.06}


def test_top_one_percent_holds_between_40_and_50_percent_of_2025_revenue(invoices: pd.DataFrame) -> None:
    net = invoices[invoices["year"] == 2025].groupby("klantnummer")["omzet"].sum()
    active = net[net > 0].sort_values(ascending=False)
    top = math.ceil(0.01 * len(active))
    share = active.iloc[:top].sum() / active.sum()
    assert (len(active), top, round(share, 4)) == (1_800, 18, 0.4641)
    assert 0.40 <= share <= 0.50
    # The denominator is the net 2025 revenue of the active customers (here no account nets to <= 0 in 2025).
    assert round(active.sum(), 2) == 62_974_361.06
    assert (net <= 0).sum() == 0


def test_no_single_customer_dominates(invoices: pd.DataFrame) -> None:
    net = invoices[invoices["year"] == 2025].groupby("klantnummer")["omzet"].sum().sort_values(ascending=False)
    assert (round(net.iloc[0], 2), round(net.iloc[0] / net.sum(), 4)) == (3_222_827.73, 0.0512)


def test_inactive_and_new_customers(invoices: pd.DataFrame) -> None:
    net = invoices.groupby(["klantnummer", "year"])["omzet"].sum().unstack(fill_value=0.0)
    assert ((net[2024] > 0) & (net[2025] <= 0)).sum() == 220
    assert ((net[2024] <= 0) & (net[2025] > 0)).sum() == 242


def test_customers_and_crm(invoices: pd.DataFrame) -> None:
    customers, crm = _read(FILES[1]), _read(FILES[2])
    assert len(customers) == 2_020 and customers["klantnummer"].is_unique
    assert set(invoices["klantnummer"]) == set(customers["klantnummer"])
    assert crm["status"].value_counts().to_dict() == {"suspect": 900, "prospect": 250}
    assert not set(crm["relatienummer"]) & set(customers["klantnummer"])
    assert customers["provincie"].nunique() == 12
    assert customers["naam"].is_unique and not set(customers["naam"]) & set(crm["naam"])


@pytest.mark.parametrize("name", WORKBOOKS)
def test_sample_workbook_summary_states_the_same_figures(name: str) -> None:
    summary = WorkbookFile.open(samples_dir() / name).workbook.customer_pyramid.summary
    # Shares are kept unrounded (every view rounds them once); to four decimals they read:
    assert [(lv.level.value, lv.customers, round(lv.revenue_share, 4)) for lv in summary.levels] == [
        ("top", 18, 0.4641),
        ("large", 72, 0.2509),
        ("medium", 270, 0.1863),
        ("small", 1_440, 0.0986),
        ("inactive", 220, 0.0),
        ("prospect", 250, 0.0),
        ("suspect", 900, 0.0),
    ]
    assert (summary.total_revenue, summary.pareto_customers, summary.pareto_customer_share, round(summary.gini, 4)) == (
        62_974_361.06,
        165,
        165 / 1_800,
        0.8705,
    )


def _run(script: str, *args: str) -> None:
    subprocess.run([sys.executable, str(samples_dir() / script), *args], check=True, capture_output=True)


def test_regenerating_everything_gives_the_committed_files_and_nothing_else(tmp_path: Path) -> None:
    """``make sample-data`` into an empty folder: the CSV files and both workbooks, byte for byte, nothing more."""
    _run("generate_sample_data.py", "--out", str(tmp_path))
    _run("build_sample_workbook.py", "--data", str(tmp_path), "--out", str(tmp_path))
    made = [*FILES, *WORKBOOKS]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(made)
    for name in made:
        assert (tmp_path / name).read_bytes() == (samples_dir() / name).read_bytes(), name
