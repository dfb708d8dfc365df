"""The customer pyramid on small, hand-checkable data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from klantlab.analysis import customer_pyramid, gini, level_sizes, pareto_count, summarise
from klantlab.model import Basis, CustomerLevel

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def _tx(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["customer_id", "date", "revenue", "margin"])


def test_level_sizes_round_each_cumulative_share_up() -> None:
    assert level_sizes(100) == [1, 4, 15, 80]
    assert level_sizes(150) == [2, 6, 22, 120]  # 1.5 -> 2, 7.5 -> 8, 30 -> 30
    assert level_sizes(3) == [1, 0, 0, 2]
    assert level_sizes(0) == [0, 0, 0, 0]
    assert level_sizes(10, [0.2, 0.5]) == [2, 3, 5]


def test_credit_notes_are_netted_and_customers_ranked() -> None:
    tx = _tx(
        [
            ("A", "2025-02-01", 1000.0, 300.0),
            ("A", "2025-03-01", -400.0, -120.0),  # credit note
            ("B", "2025-05-01", 500.0, 50.0),
            ("C", "2025-06-01", 700.0, 100.0),
            ("D", "2024-06-01", 900.0, 90.0),  # bought last year only: inactive
            ("E", "2023-06-01", 900.0, 90.0),  # outside the 12-month window: gone
        ]
    )
    crm = pd.DataFrame(
        {"customer_id": ["P1", "S1", "S2", "A"], "status": ["prospect", "suspect", "suspect", "prospect"]}
    )
    result = customer_pyramid(tx, START, END, thresholds=[0.33, 0.66], crm=crm)
    assert_frame_equal(
        result.customers.assign(level=result.customers["level"].astype(str)),
        pd.DataFrame(
            {
                "customer_id": ["C", "A", "B", "D", "P1", "S1", "S2"],
                "revenue": [700.0, 600.0, 500.0, 0.0, 0.0, 0.0, 0.0],
                "margin": [100.0, 180.0, 50.0, 0.0, 0.0, 0.0, 0.0],
                "level": ["top", "large", "small", "inactive", "prospect", "suspect", "suspect"],
            }
        ),
    )
    assert result.levels["customers"].tolist() == [1, 1, 0, 1, 1, 1, 2]
    assert result.levels["revenue_share"].round(4).tolist() == [0.3889, 0.3333, 0.0, 0.2778, 0.0, 0.0, 0.0]


def test_a_credit_note_alone_does_not_make_a_customer_active() -> None:
    tx = _tx(
        [
            ("A", "2024-11-01", 500.0, 50.0),
            ("A", "2025-01-10", -500.0, -50.0),  # credits last year's invoice
            ("B", "2025-03-01", 300.0, 30.0),
        ]
    )
    result = customer_pyramid(tx, START, END, thresholds=[0.5])
    assert result.customers[["customer_id", "level"]].astype(str).values.tolist() == [
        ["B", "top"],
        ["A", "inactive"],
    ]


def test_margin_basis_ranks_on_margin() -> None:
    tx = _tx([("A", "2025-02-01", 1000.0, 100.0), ("B", "2025-02-01", 200.0, 150.0)])
    result = customer_pyramid(tx, START, END, basis=Basis.margin, thresholds=[0.5])
    assert result.customers["customer_id"].tolist() == ["B", "A"]
    assert result.levels.set_index("level")["revenue_share"]["top"] == pytest.approx(150 / 250)


def test_ties_are_broken_by_customer_number() -> None:
    tx = _tx([("B", "2025-02-01", 100.0, 1.0), ("A", "2025-02-01", 100.0, 1.0)])
    result = customer_pyramid(tx, START, END, thresholds=[0.5])
    assert result.customers[["customer_id", "level"]].astype(str).values.tolist() == [["A", "top"], ["B", "small"]]


def test_pareto_and_gini_by_hand() -> None:
    values = pd.Series([50.0, 30.0, 10.0, 5.0, 5.0])
    assert pareto_count(values, 0.8) == 2  # 50 + 30 = 80 of 100
    assert pareto_count(values, 0.81) == 3
    assert pareto_count(pd.Series([0.0, -3.0])) == 0
    assert gini(pd.Series([1.0, 1.0, 1.0, 1.0])) == 0.0
    assert gini(pd.Series([0.0, 0.0, 0.0, 10.0])) == pytest.approx(0.75)  # (n-1)/n for one holder


def test_summary_keeps_figures_not_rows() -> None:
    tx = _tx([("A", "2025-02-01", 800.0, 80.0), ("B", "2025-02-01", 150.0, 15.0), ("C", "2025-02-01", 50.0, 5.0)])
    summary = summarise(customer_pyramid(tx, START, END), dt.datetime(2026, 1, 1), {"no_customer": 2})
    assert [(lv.level, lv.customers, lv.revenue) for lv in summary.levels[:4]] == [
        (CustomerLevel.top, 1, 800.0),
        (CustomerLevel.large, 0, 0.0),
        (CustomerLevel.medium, 0, 0.0),
        (CustomerLevel.small, 2, 200.0),
    ]
    # 80 % of 1000 is 800: customer A alone reaches it.
    assert (summary.total_revenue, summary.pareto_customers, summary.pareto_customer_share) == (1000.0, 1, 0.3333)
    assert summary.gini == pytest.approx(0.5)  # sorted 50,150,800: 2*(50+300+2400)/(3*1000) - 4/3
    assert summary.rows_left_out == {"no_customer": 2}
