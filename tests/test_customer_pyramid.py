"""The customer pyramid on small, hand-checkable data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from klantlab.analysis import classify, customer_pyramid, customer_values, level_sizes, summarise
from klantlab.model import Basis, CustomerLevel, ThresholdPreset

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)


def _tx(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "revenue", "margin"])
    return frame.assign(date=pd.to_datetime(frame["date"]))


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
                "code": [2, 0, 1, 3, -1, -1, -1],  # the row in the scan's customers A…E; a CRM lead has none
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


def test_summary_keeps_figures_not_rows() -> None:
    tx = _tx([("A", "2025-02-01", 800.0, 80.0), ("B", "2025-02-01", 150.0, 15.0), ("C", "2025-02-01", 50.0, 5.0)])
    tx = pd.concat([tx, _tx([(None, "2025-03-01", 10.0, 1.0), (None, "2025-04-01", 20.0, 2.0)])])
    summary = summarise(customer_pyramid(tx, START, END), dt.datetime(2026, 1, 1))
    assert [(lv.level, lv.customers, lv.revenue) for lv in summary.levels[:4]] == [
        (CustomerLevel.top, 1, 800.0),
        (CustomerLevel.large, 0, 0.0),
        (CustomerLevel.medium, 0, 0.0),
        (CustomerLevel.small, 2, 200.0),
    ]
    # 80 % of 1000 is 800: customer A alone reaches it.
    assert (summary.total_revenue, summary.pareto_customers, summary.pareto_customer_share) == (1000.0, 1, 1 / 3)
    assert summary.gini == pytest.approx(0.5)  # sorted 50,150,800: 2*(50+300+2400)/(3*1000) - 4/3
    assert summary.rows_left_out == {"no_customer": 2}
    assert summary.rows_total == 5


def test_rows_left_out_are_counted_per_reason() -> None:
    tx = _tx(
        [
            ("A", "2025-02-01", 100.0, 10.0),
            (None, "2025-02-01", 50.0, 5.0),  # no customer
            ("B", "2025-02-01", None, 5.0),  # no amount
            ("C", None, 70.0, 7.0),  # no date
            ("D", "2026-01-01", 70.0, 7.0),  # after the period
            ("E", "2023-12-31", 70.0, 7.0),  # before the 12-month look-back window
            ("F", "2024-01-01", 70.0, 7.0),  # first day of the window: used, F is inactive
        ]
    )
    values = customer_values(tx, START, END)
    assert values.rows_left_out == {"no_customer": 1, "bad_amount": 1, "bad_date": 1, "outside_period": 2}
    assert (values.rows_total, values.rows_used) == (7, 2)
    result = classify(values, [0.5])
    assert result.customers[["customer_id", "level"]].astype(str).values.tolist() == [["A", "top"], ["F", "inactive"]]


def test_the_inactive_window_is_configurable() -> None:
    tx = _tx([("A", "2025-02-01", 100.0, 10.0), ("B", "2024-05-01", 70.0, 7.0)])
    assert customer_pyramid(tx, START, END, inactive_window_months=12).levels["customers"].tolist()[4] == 1
    # Six months back from 1 January 2025 is 1 July 2024: B's purchase in May is outside, B is no longer counted.
    assert customer_pyramid(tx, START, END, inactive_window_months=6).levels["customers"].tolist()[4] == 0


def test_reclassifying_uses_the_values_without_reading_the_rows_again() -> None:
    tx = _tx([(f"K{i:02d}", "2025-03-01", float(100 - i), 1.0) for i in range(20)])
    values = customer_values(tx, START, END)
    # 20 active customers: 1 % -> 1, 5 % -> 1, 20 % -> 4 (cumulative), the rest 16.
    assert classify(values).levels["customers"].tolist()[:4] == [1, 0, 3, 16]
    # 10 % / 30 % / 60 % -> 2, 4, 6, 8
    assert classify(values, [0.1, 0.3, 0.6]).levels["customers"].tolist()[:4] == [2, 4, 6, 8]
    assert classify(values, [0.5]).levels["customers"].tolist()[:4] == [10, 0, 0, 10]


def test_presets_show_the_textbook_share_beside_the_real_one() -> None:
    tx = _tx([(f"K{i:03d}", "2025-03-01", float(1000 - i), 1.0) for i in range(100)])
    curry = customer_pyramid(tx, START, END, preset=ThresholdPreset.curry)
    abc = customer_pyramid(tx, START, END, preset=ThresholdPreset.abc)
    assert curry.levels["customers"].tolist()[:4] == abc.levels["customers"].tolist()[:4] == [1, 4, 15, 80]
    assert curry.levels["textbook_share"].tolist()[:4] == [0.40, 0.25, 0.15, 0.20]
    assert abc.levels["textbook_share"].tolist()[:3] == [0.50, 0.30, 0.20]
    assert pd.isna(abc.levels["textbook_share"].tolist()[3])
    # Real shares: top 1000 of 95050 (sum 1000..901 = 95050).
    assert curry.levels["revenue_share"].round(5).tolist()[0] == round(1000 / 95050, 5)
    assert curry.levels["customer_share"].tolist()[:4] == [0.01, 0.04, 0.15, 0.80]


def test_status_words_make_prospects_and_suspects() -> None:
    tx = _tx([("A", "2025-02-01", 100.0, 10.0)])
    crm = pd.DataFrame(
        {
            "customer_id": ["P1", "P2", "S1", "S2", "X", "A"],
            "status": ["Prospect", " prospects ", "suspect", "Lead", "klant", "prospect"],
        }
    )
    result = customer_pyramid(tx, START, END, crm=crm)
    # A is a customer, so not also a prospect; "klant" is no lead status.
    assert result.levels.set_index("level")["customers"][["prospect", "suspect"]].tolist() == [2, 2]


def test_a_customer_list_without_dates_counts_every_row() -> None:
    frame = pd.DataFrame({"customer_id": ["A", "B", "C", "A"], "revenue": [500.0, 300.0, 0.0, 100.0]})
    values = customer_values(frame)
    assert values.customers[["customer_id", "revenue", "active"]].values.tolist() == [
        ["A", 600.0, True],
        ["B", 300.0, True],
        ["C", 0.0, False],
    ]
    assert (values.period_start, values.period_end, values.rows_left_out) == (None, None, {})


def test_polars_and_duckdb_inputs_give_the_same_result_as_pandas() -> None:
    import duckdb
    import polars as pl

    tx = _tx(
        [("A", "2025-02-01", 1000.0, 300.0), ("A", "2025-03-01", -400.0, -120.0), ("B", "2025-05-01", 500.0, 50.0)]
    )
    expected = customer_pyramid(tx, START, END, thresholds=[0.5]).levels
    as_polars = customer_pyramid(pl.from_pandas(tx), START, END, thresholds=[0.5]).levels
    connection = duckdb.connect()
    as_duckdb = customer_pyramid(connection.from_df(tx), START, END, thresholds=[0.5]).levels
    assert_frame_equal(as_polars, expected)
    assert_frame_equal(as_duckdb, expected)
    assert expected["revenue"].tolist()[:4] == [600.0, 0.0, 0.0, 500.0]
