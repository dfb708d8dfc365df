"""Pareto, migration, potential and attention on small data a reader can check by hand."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from klantlab.analysis import (
    attention_per_level,
    classify,
    customer_pyramid,
    customer_values,
    migration,
    pareto,
    pareto_count,
    potential_matrix,
    summarise,
)
from klantlab.analysis.pareto import gini

Y2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
Y2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _tx(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "revenue"])
    return frame.assign(date=pd.to_datetime(frame["date"]), margin=frame["revenue"] / 10)


def test_pareto_and_gini_by_hand() -> None:
    values = pd.Series([5.0, 50.0, 10.0, 30.0, 5.0], index=["e", "a", "c", "b", "d"])
    result = pareto(values)
    assert (result.customers, result.customer_share, result.customer_ids) == (2, 0.4, ["a", "b"])  # 50 + 30 = 80
    # sorted 5, 5, 10, 30, 50 (total 100): 2 * (5 + 10 + 30 + 120 + 250) / 500 - 6 / 5 = 0.46
    assert result.gini == pytest.approx(0.46)
    assert result.curve_customer_share.tolist() == [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    assert result.curve_value_share.round(2).tolist() == [0.0, 0.5, 0.8, 0.9, 0.95, 1.0]
    assert pareto_count(values, 0.81) == 3
    assert pareto_count(pd.Series([0.0, -3.0])) == 0
    assert gini(pd.Series([1.0, 1.0, 1.0, 1.0])) == 0.0
    assert gini(pd.Series([0.0, 0.0, 0.0, 10.0])) == pytest.approx(0.75)  # (n - 1) / n for one holder


def test_the_curve_of_a_million_customers_has_a_few_hundred_points_and_the_exact_pareto_point() -> None:
    values = pd.Series(np.random.default_rng(1).lognormal(8, 1.5, 1_000_000))
    result = pareto(values, max_points=400)
    assert len(result.curve_customer_share) <= 400
    position = np.flatnonzero(result.curve_customer_share == result.customers / 1_000_000)
    assert len(position) == 1
    assert result.curve_value_share[position[0]] >= 0.8 > result.curve_value_share[position[0] - 1]
    assert (result.curve_customer_share[0], result.curve_customer_share[-1]) == (0.0, 1.0)


MOVES = _tx(
    [
        ("A", "2024-03-01", 1000.0), ("A", "2025-03-01", 1000.0),  # top -> top
        ("B", "2024-03-01", 800.0), ("B", "2025-03-01", 100.0),  # top -> small: down
        ("C", "2024-03-01", 100.0), ("C", "2025-03-01", 900.0),  # top (3 of 5) -> top
        ("D", "2024-03-01", 50.0),  # small -> lost
        ("E", "2025-03-01", 200.0),  # new
        ("F", "2023-06-01", 300.0), ("F", "2025-03-01", 50.0),  # bought before 2024: reactivated
        ("G", "2024-03-01", 60.0), ("G", "2025-03-01", 60.0),  # small -> small
    ]
)  # fmt: skip


def test_migration_matrix_and_churn_by_hand() -> None:
    # 2024: A 1000, B 800, C 100, G 60, D 50 -> top half rounded up = 3: A, B, C; small: G, D.
    # 2025: A 1000, C 900, E 200, B 100, G 60, F 50 -> top: A, C, E; small: B, G, F.
    before = customer_pyramid(MOVES, *Y2024, thresholds=[0.5])
    after = customer_pyramid(MOVES, *Y2025, thresholds=[0.5])
    result = migration(before, after)
    counts = result.customers
    assert counts.loc["top"].tolist() == [2, 0, 0, 1, 0]
    assert counts.loc["small"].tolist() == [0, 0, 0, 1, 1]
    assert counts.loc["not_active"].tolist() == [1, 0, 0, 1, 0]
    assert counts.to_numpy().sum() == 7
    assert result.value.loc["top"].tolist() == [1900.0, 0.0, 0.0, 100.0, 0.0]
    assert result.value.loc["small", "lost"] == 50.0  # what D brought in 2024
    churn = result.churn
    assert (churn.previous_active, churn.current_active) == (5, 6)
    assert (churn.lost, churn.lost_value, churn.new, churn.new_value) == (1, 50.0, 1, 200.0)
    assert (churn.reactivated, churn.reactivated_value) == (1, 50.0)
    assert (churn.up, churn.down, churn.same) == (0, 1, 3)
    assert churn.churn_rate == 0.2
    moves = result.moves.set_index("customer_id")["move"].to_dict()
    assert moves == {"A": "same", "B": "down", "C": "same", "D": "lost", "E": "new", "F": "reactivated", "G": "same"}


def test_the_summary_keeps_the_churn_figures() -> None:
    before = customer_pyramid(MOVES, *Y2024, thresholds=[0.5])
    after = customer_pyramid(MOVES, *Y2025, thresholds=[0.5])
    summary = summarise(after, dt.datetime(2026, 1, 1), churn=migration(before, after).churn, previous_period=Y2024)
    assert summary.churn is not None
    assert (summary.churn.lost, summary.churn.new, summary.churn.reactivated, summary.churn.down) == (1, 1, 1, 1)
    assert summary.churn.previous_period_start == dt.date(2024, 1, 1)


def _four_levels() -> tuple:
    tx = _tx(
        [
            ("A", "2025-02-01", 1000.0),
            ("B", "2025-02-01", 500.0),
            ("C", "2025-02-01", 200.0),
            ("D", "2025-02-01", 100.0),
            ("E", "2024-06-01", 400.0),  # inactive
        ]
    )
    return classify(customer_values(tx, *Y2025), [0.25, 0.5, 0.75])


def test_potential_matrix_highlights_who_could_move_up() -> None:
    result = _four_levels()
    attributes = pd.DataFrame({"customer_id": list("ABCDE"), "potential": [1200.0, 600.0, 1500.0, 150.0, 700.0]})
    potential = potential_matrix(result, attributes)
    # Floors: top 1000, large 500, medium 200. C's 1500 reaches top, E's 700 reaches large, D's 150 stays small.
    assert potential.matrix.to_dict("index") == {
        "top": {"top": 1, "large": 0, "medium": 0, "small": 0},
        "large": {"top": 0, "large": 1, "medium": 0, "small": 0},
        "medium": {"top": 1, "large": 0, "medium": 0, "small": 0},
        "small": {"top": 0, "large": 0, "medium": 0, "small": 1},
        "inactive": {"top": 0, "large": 1, "medium": 0, "small": 0},
    }
    assert potential.highlighted[["customer_id", "headroom"]].values.tolist() == [["C", 1300.0], ["E", 700.0]]
    assert potential.potential_is_share is False


def test_a_share_of_wallet_column_becomes_potential() -> None:
    result = _four_levels()
    attributes = pd.DataFrame({"customer_id": ["A", "B", "C", "D"], "potential": [0.5, 1.0, 0.1, 0.8]})
    potential = potential_matrix(result, attributes)
    assert potential.potential_is_share is True
    # 1000 / 0.5 = 2000, 500 / 1 = 500, 200 / 0.1 = 2000, 100 / 0.8 = 125
    assert potential.customers.set_index("customer_id")["potential"].to_dict() == {
        "A": 2000.0,
        "B": 500.0,
        "C": 2000.0,
        "D": 125.0,
    }
    assert potential.highlighted["customer_id"].tolist() == ["C"]


def test_attention_per_level_sets_contacts_beside_value() -> None:
    result = _four_levels()
    attributes = pd.DataFrame(
        {
            "customer_id": ["A", "B", "C", "D"],
            "contacts": [2.0, 4.0, 6.0, 8.0],
            "account_manager": ["Jan", "Jan", "Piet", None],
        }
    )
    table = attention_per_level(result, attributes).set_index("level")
    assert table["customers"].tolist() == [1, 1, 1, 1, 1]
    assert table["value_share"].round(4).tolist() == [0.5556, 0.2778, 0.1111, 0.0556, 0.0]  # of 1800
    assert table["contact_share"].tolist() == [0.1, 0.2, 0.3, 0.4, 0.0]  # of 20
    assert table.loc["top", "attention_ratio"] == pytest.approx(0.1 / (1000 / 1800))
    assert table["account_managers"].tolist() == [1, 1, 1, 0, 0]
    assert table["without_account_manager"].tolist() == [0, 0, 0, 1, 1]
