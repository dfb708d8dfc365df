"""Figures that say what they rest on: the two real-data situations rebuilt as small files, and customers without value.

1. A file that starts on 1 December of the year before the analysed one: the
   previous year is barely in it, so its churn is incomplete and nobody who
   came in may be called "nieuw".
2. One transaction dated the day after the year: it must not move the
   default period (and make the previous period a single day).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from klantlab.analysis import analyse_pyramid, period_values
from klantlab.analysis.pyramid_warnings import warning_texts
from klantlab.cli import main
from klantlab.io.client_files import read_client_file
from klantlab.io.transactions_import import import_table, left_out_rows

NOW = dt.datetime(2026, 12, 2, tzinfo=dt.UTC)


def _analyse(path: Path):
    table = import_table(read_client_file(path))
    current, previous = period_values(table)
    analysis = analyse_pyramid(current, previous)
    return analysis, analysis.summary(NOW)


@pytest.fixture
def december_start(tmp_path: Path) -> Path:
    """Data from 2010-12-01 to 2011-12-31: the analysis takes 2011, the previous year 2010 is 31 days of it."""
    path = tmp_path / "vanaf-december.csv"
    path.write_text(
        "klant;datum;omzet\n"
        "A;01-12-2010;100\n"  # A bought in both years: 100 in 2010, 200 in 2011
        "B;10-12-2010;50\n"  # B only in December 2010: lost
        "A;01-03-2011;200\n"
        "C;01-05-2011;300\n"  # C and D first appear in 2011: new, or back after years? The file cannot tell
        "D;01-06-2011;400\n"
        "D;31-12-2011;0\n",
        encoding="utf-8",
    )
    return path


def test_a_previous_period_the_file_barely_covers_is_said_and_nobody_is_called_new(december_start: Path) -> None:
    analysis, summary = _analyse(december_start)
    assert (analysis.result.period_start, analysis.result.period_end) == (dt.date(2011, 1, 1), dt.date(2011, 12, 31))
    churn = analysis.migration.churn
    # 2010: A top (100), B small (50). 2011: D top (400), C and A small. B lost; A went down from top to small.
    assert (churn.previous_active, churn.current_active, churn.lost, churn.down) == (2, 3, 1, 1)
    assert (churn.new, churn.reactivated, churn.unknown, churn.unknown_value) == (0, 0, 2, 700.0)
    assert churn.previous_coverage == pytest.approx(31 / 365)
    assert [w.key for w in summary.warnings] == ["previous_partial"]
    assert summary.warnings[0].values == {"start": "2010-01-01", "end": "2010-12-31", "data_start": "2010-12-01",
                                          "coverage": pytest.approx(31 / 365)}  # fmt: skip
    assert summary.churn.unknown == 2 and summary.churn.new == 0
    from klantlab.report.content import pyramid_sentences

    assert pyramid_sentences(summary)[1] == (  # the overview, the dashboard and the deliverables say it so
        "Ten opzichte van 2010-01-01 tot en met 2010-12-31: 1 klanten verloren, 2 erbij gekomen (nieuw of terug is"
        " niet te zeggen), 0 een niveau gestegen, 1 gedaald."
    )
    (text,) = warning_texts(summary.warnings)  # Dutch, as every test starts
    assert text.startswith("De vorige periode (2010-01-01 t/m 2010-12-31) staat maar voor 8 % in het bestand")
    assert "heet niet 'nieuw'" in text


def _one_stray_invoice(tmp_path: Path) -> Path:
    """50 customers buying 10 on the 1st and 15th of each month of 2017 (100 rows a month), and one stray invoice
    of customer X dated 2018-01-01."""
    lines = ["klantnummer,factuurdatum,omzet"]
    lines += [f"K{c:02d},2017-{m:02d}-{d:02d},10.00" for m in range(1, 13) for d in (1, 15) for c in range(1, 51)]
    lines.append("X,2018-01-01,999.00")
    path = tmp_path / "een-verdwaalde-factuur.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_invoice_after_the_year_does_not_move_the_period_and_is_left_out_by_name(tmp_path: Path) -> None:
    analysis, summary = _analyse(_one_stray_invoice(tmp_path))
    result = analysis.result
    # Without the rule the latest date would be 2018-01-01 and the period 2017-01-02 … 2018-01-01.
    assert (result.period_start, result.period_end) == (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    assert result.rows_total == 1201 and result.rows_left_out == {"outlying_date": 1}
    assert "X" not in set(result.customers["customer_id"])
    listed = left_out_rows(import_table(read_client_file(tmp_path / "een-verdwaalde-factuur.csv")),
                           result.values.reason_sql)  # fmt: skip
    assert listed[["regel", "reden"]].values.tolist() == [[1202, "datum buiten het bereik van de rest"]]
    assert result.levels["customers"].tolist()[:5] == [1, 2, 7, 40, 0]  # 50 active: ceil(0.5), ceil(2.5), ceil(10)
    assert analysis.migration is None  # 2016 is not in the file: no "nieuw" for anybody
    assert [(w.key, w.values) for w in summary.warnings] == [
        ("outlying_dates", {"rows": 1, "dates": "2018-01-01", "end": "2017-12-31"}),
        ("previous_missing", {"start": "2016-01-01", "end": "2016-12-31", "data_start": "2017-01-01",
                              "coverage": 0.0}),
    ]  # fmt: skip
    texts = warning_texts(summary.warnings)
    assert texts[0] == (
        "1 regel(s) met een datum na de rest van het bestand (2018-01-01) tellen niet mee (datum buiten het bereik"
        " van de rest) en verschuiven de periode niet: die eindigt op 2017-12-31."
    )


def test_a_period_the_user_chose_keeps_every_date_of_theirs(tmp_path: Path) -> None:
    table = import_table(read_client_file(_one_stray_invoice(tmp_path)))
    current, _ = period_values(table, dt.date(2017, 1, 2), dt.date(2018, 1, 1))
    assert current.outlying_dates == () and current.rows_left_out == {}  # 1 January 2017 is in the look-back window
    assert int(current.customers.set_index("customer_id").loc["X", "revenue"]) == 999


def test_customers_whose_credit_notes_cancel_their_purchases_are_counted_in_a_line_of_their_own(
    tmp_path: Path,
) -> None:
    path = tmp_path / "creditnotas.csv"
    path.write_text(
        "klant,datum,omzet\nA,2025-02-01,100\nB,2025-03-01,80\nB,2025-03-05,-80\nC,2025-04-01,50\nC,2025-04-02,-60\n"
        "D,2024-05-01,30\nD,2025-05-01,-30\n",
        encoding="utf-8",
    )
    analysis, summary = _analyse(path)
    # B nets to 0 and C to -10 in 2025, neither bought before: in no level. D bought in 2024: inactive.
    assert analysis.result.levels.set_index("level")["customers"][["top", "small", "inactive"]].tolist() == [1, 0, 1]
    assert summary.no_value_customers == 2
    assert [(w.key, w.values) for w in summary.warnings if w.key == "no_value_customers"] == [
        ("no_value_customers", {"count": 2})
    ]


def test_the_command_line_lists_the_warnings_with_their_keys(december_start: Path, capsys) -> None:
    assert main(["--language", "en", "pyramid", str(december_start), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [w["key"] for w in data["warnings"]] == ["previous_partial"]
    assert data["warnings"][0]["text"].startswith(
        "Only 8% of the previous period (2010-01-01 to 2010-12-31) is in the file"
    )
    assert (data["churn"]["new"], data["churn"]["unknown"]) == (0, 2)


def test_a_file_in_pounds_is_written_in_pounds_in_every_view_and_a_chosen_currency_is_kept(tmp_path: Path) -> None:
    from helpers import shown_text

    from klantlab.io import WorkbookFile
    from klantlab.report import build_report
    from klantlab.state import live_state
    from klantlab.widgets import pyramid_explorer, workbook_overview

    (tmp_path / "uk.csv").write_text(
        "Customer;Date;Amount\nA;05-03-2025;£ 1.000,00\nB;06-03-2025;£ 250,00\nB;07-03-2025;£ -250,00\n",
        encoding="utf-8",
    )
    path = tmp_path / "klant.klantlab.json"
    WorkbookFile.create(path, "UK Ltd")
    state = live_state(path)
    explorer = pyramid_explorer(state)
    overview = workbook_overview(state)
    explorer.file.value = "uk.csv"  # a new, empty workbook: the first file read
    assert explorer.table.currency == "GBP" and explorer.currency.value == ""  # recognised, not chosen
    assert "£ 1.000" in shown_text(explorer.tables["pyramid"]) and "€" not in shown_text(explorer.tables["pyramid"])
    saved = json.loads(path.read_text(encoding="utf-8"))["customer_pyramid"]
    assert (saved["settings"]["currency"], saved["summary"]["currency"]) == (None, "GBP")
    assert saved["summary"]["no_value_customers"] == 1  # B: 250 and a credit note of 250
    assert "1 klant(en) kochten in de periode maar komen netto op nul" in shown_text(explorer.warnings)
    assert "1 klant(en) kochten in de periode" in shown_text(overview)  # the dashboard's overview says it too
    explorer.currency.value = "USD"  # the consultant knows better
    saved = json.loads(path.read_text(encoding="utf-8"))["customer_pyramid"]
    assert (saved["settings"]["currency"], saved["summary"]["currency"]) == ("USD", "USD")
    assert "$ 1.000" in shown_text(explorer.tables["pyramid"])
    reopened = WorkbookFile.open(path).workbook
    assert reopened.currency == "USD"
    (_, section) = [s for s in build_report(reopened).sections if s.model == "customer_pyramid"]
    assert "$ 1.000" in " ".join(" ".join(row) for row in section.table.rows)
