"""One pass over the rows: both periods from one scan, DuckDB's typed reading with its rejects, codes shared by periods.

Every figure must equal what the slower ways give: the text reading of the
same file, and two separate scans of one period each.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from klantlab.analysis import analyse_pyramid, classify, customer_values, migration, period_values
from klantlab.analysis.period_scan import ScanWindow, scan_relation
from klantlab.i18n import money, set_currency
from klantlab.io.client_files import read_client_file
from klantlab.io.transactions_import import import_table, left_out_rows

PERIODS = [ScanWindow(dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2024, 1, 1)),
           ScanWindow(dt.date(2024, 1, 1), dt.date(2024, 12, 31), dt.date(2023, 1, 1))]  # fmt: skip

PLAIN = (
    "klant,datum,omzet,marge\n"
    "A,2025-02-01,100.50,30\n"
    " A ,2025-03-01,-20.50,-6\n"  # the same customer with spaces: one customer after cleaning
    "B,2024-06-01,80,8\n"
    "B,2025-06-01,40,4\n"
    "C,2024-02-01,70,7\n"  # bought in 2024 only: inactive in 2025, lost since 2024
    "D,2022-05-01,10,1\n"  # outside both windows
    "(blank),2025-01-05,5,1\n"  # no customer
    ",2025-01-06,6,1\n"
    "E,2025-04-01,,\n"  # no amount
    "F,,9,1\n"  # no date
)


def _table(tmp_path: Path, text: str):
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    return import_table(read_client_file(path))


def test_a_plain_file_is_read_typed_and_gives_exactly_what_the_text_reading_gives(tmp_path: Path) -> None:
    table = _table(tmp_path, PLAIN)
    typed, text = table.typed_input(), table.text_input()
    assert typed.rejects is not None and text.rejects is None
    fast = scan_relation(typed.relation, "revenue", PERIODS, typed.customer_sql)
    slow = scan_relation(text.relation, "revenue", PERIODS, text.customer_sql)
    assert table.source.rejected_rows(typed.rejects) == 0
    pd.testing.assert_frame_equal(fast.customers, slow.customers)
    assert fast.rows_total == slow.rows_total == 10
    assert (
        fast.rows_left_out
        == slow.rows_left_out
        == (
            {"no_customer": 2, "bad_amount": 1, "bad_date": 1, "outside_period": 1},  # 2025 from 2024: D's 2022 row
            {"no_customer": 2, "bad_amount": 1, "bad_date": 1, "outside_period": 4},  # 2024 from 2023: D, A, A, B 2025
        )
    )
    customers = fast.customers.set_index("customer_id")
    assert customers.index.tolist() == ["A", "B", "C", "D"]  # in id order: the position is the code
    assert customers[["revenue_0", "revenue_1"]].to_dict("index") == {
        "A": {"revenue_0": 80.0, "revenue_1": 0.0},
        "B": {"revenue_0": 40.0, "revenue_1": 80.0},
        "C": {"revenue_0": 0.0, "revenue_1": 70.0},
        "D": {"revenue_0": 0.0, "revenue_1": 0.0},
    }
    assert customers["before_0"].tolist() == [False, True, True, False]


def test_one_unreadable_amount_sends_the_scan_to_the_text_reading_and_its_row_is_listed(tmp_path: Path) -> None:
    table = _table(tmp_path, PLAIN + "G,2025-05-01,n.v.t.,1\n")
    typed = table.typed_input()
    scan_relation(typed.relation, "revenue", PERIODS, typed.customer_sql)
    assert table.source.rejected_rows(typed.rejects) == 1  # DuckDB could not parse 'n.v.t.' as a number
    current, _ = period_values(table, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert current.rows_total == 11
    assert current.rows_left_out == {"no_customer": 2, "bad_amount": 2, "bad_date": 1, "outside_period": 1}
    listed = left_out_rows(table, current.reason_sql)
    assert listed.loc[listed["omzet"] == "n.v.t.", "regel"].tolist() == [12]  # the line in the file


def test_both_periods_from_one_scan_equal_two_scans_of_one_period_each(tmp_path: Path) -> None:
    table = _table(tmp_path, PLAIN)
    current, previous = period_values(table, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert previous.totals is current.totals  # one scan
    alone_now = customer_values(table, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    alone_then = customer_values(table, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    columns = ["customer_id", "revenue", "margin", "first_date", "bought_before", "active"]
    pd.testing.assert_frame_equal(current.customers[columns], alone_now.customers[columns])
    pd.testing.assert_frame_equal(previous.customers[columns], alone_then.customers[columns])
    assert (current.rows_left_out, previous.rows_left_out) == (alone_now.rows_left_out, alone_then.rows_left_out)
    # The migration on shared codes equals the one that matches the ids of two separate scans.
    shared = migration(classify(previous), classify(current))
    matched = migration(classify(alone_then), classify(alone_now))
    assert shared.churn == matched.churn
    pd.testing.assert_frame_equal(shared.customers, matched.customers)
    pd.testing.assert_frame_equal(shared.value, matched.value)
    # 2024: B 80 top… C 70; 2025: A 80, B 40. C lost (70); A came in, first bought in 2025: new.
    assert (shared.churn.lost, shared.churn.lost_value, shared.churn.new, shared.churn.new_value) == (1, 70.0, 1, 80.0)
    analysis = analyse_pyramid(current, previous)
    assert analysis.summary(dt.datetime(2026, 1, 1)).churn.lost == 1


@pytest.mark.parametrize(
    ("text", "currency", "shown"),
    [
        ("klant;datum;bedrag\nA;01-02-2025;£ 1.250,00\nB;02-02-2025;£ 80,00\n", "GBP", "£ 1.250"),
        ("klant,datum,bedrag (USD)\nA,2025-02-01,1250\nB,2025-02-02,80\n", "USD", "$ 1.250"),
        ("klant,datum,bedrag\nA,2025-02-01,1250\nB,2025-02-02,80\n", None, "€ 1.250"),
    ],
)
def test_the_currency_is_recognised_from_the_amounts_or_their_column_name(
    tmp_path: Path, text: str, currency: str | None, shown: str
) -> None:
    table = _table(tmp_path, text)
    assert table.currency == currency
    set_currency(table.currency)
    assert money(1250) == shown


def test_a_dutch_file_reads_its_dates_typed_and_its_grouped_amounts_as_text_with_the_same_result(
    tmp_path: Path,
) -> None:
    table = _table(
        tmp_path,
        "Klantnr;Factuurdatum;Bedrag\nA;05-03-2025;1.000,50\nA;06-03-2025;-400,00\nB;07-03-2024;2.500,00\n"
        "B;07-03-2025;10,00\nC;;5,00\n",
    )
    typed, text = table.typed_input(), table.text_input()
    assert dict(zip(typed.relation.columns, map(str, typed.relation.types), strict=True)) == {
        "customer_id": "VARCHAR", "revenue": "DOUBLE", "date": "DATE"}  # fmt: skip
    fast = scan_relation(typed.relation, "revenue", PERIODS, typed.customer_sql)
    assert table.source.rejected_rows(typed.rejects) == 0
    slow = scan_relation(text.relation, "revenue", PERIODS, text.customer_sql)
    pd.testing.assert_frame_equal(fast.customers, slow.customers)
    assert fast.rows_left_out == slow.rows_left_out == ({"bad_date": 1}, {"bad_date": 1, "outside_period": 3})
    assert fast.customers.set_index("customer_id")["revenue_0"].to_dict() == {"A": 600.5, "B": 10.0}
