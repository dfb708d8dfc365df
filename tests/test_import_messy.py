"""Messy client exports: every file is written byte for byte into tmp_path, read, imported and checked by hand.

Each test states the exact handling: the parsed values, the rows left out per reason (with their file line and
original text), or the error key and that the Dutch message names the file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import polars as pl
import pytest

from klantlab.analysis import classify, customer_values, level_sizes
from klantlab.errors import ImportFileError
from klantlab.io.client_files import SourceTable, read_client_file, table_from_frame
from klantlab.io.column_mapping import guess_mapping
from klantlab.io.transactions_import import ImportedTable, import_table, left_out_rows
from klantlab.io.value_formats import NumberFormat

YEAR_2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
BAD_AMOUNT = "bedrag onleesbaar of leeg"
BAD_DATE = "datum onleesbaar of onmogelijk"
NO_CUSTOMER = "geen klantnummer"
OUTSIDE = "buiten de periode"


# --- helpers ----------------------------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _source(tmp_path: Path, name: str, data: bytes, sheet: str | None = None) -> SourceTable:
    return read_client_file(_write(tmp_path, name, data), sheet=sheet)


def _import(tmp_path: Path, name: str, data: bytes) -> ImportedTable:
    return import_table(_source(tmp_path, name, data))


def _rows(table: ImportedTable, columns: str = "customer_id, date, revenue") -> list[tuple]:
    return table.relation.project(columns).fetchall()


def _read_error(path: Path, sheet: str | None = None) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        import_table(read_client_file(path, sheet=sheet))
    return caught.value


def _assert_names_file(error: ImportFileError, path: Path) -> None:
    assert error.path == path
    assert f"'{path}'" in error.message


def _left_out(table: ImportedTable, reason_sql: str | None = None) -> list[tuple]:
    """(line, reason, the file's own columns…) of each row left out, NaN/None as None."""
    frame = left_out_rows(table, reason_sql)
    return [tuple(None if pd.isna(value) else value for value in row) for row in frame.itertuples(index=False)]


def _customers(values) -> list[tuple[str, float, bool]]:
    return list(values.customers[["customer_id", "revenue", "active"]].itertuples(index=False, name=None))


def _levels(result) -> list[tuple[str, str]]:
    return [(row.customer_id, str(row.level)) for row in result.customers.itertuples()]


# --- separators and number formats ------------------------------------------------------------------------------


def test_comma_file_reads_quoted_thousands_and_iso_dates(tmp_path: Path) -> None:
    table = _import(
        tmp_path,
        "export.csv",
        b'klantnummer,datum,omzet\nK1,2024-01-05,100.50\nK2,2024-02-10,"1,234.56"\n',
    )
    assert table.source.separator == ","
    assert table.number_formats == {"revenue": NumberFormat(".", False, signs=False)}
    assert table.date_format.order == "iso"
    assert _rows(table) == [("K1", dt.date(2024, 1, 5), 100.5), ("K2", dt.date(2024, 2, 10), 1234.56)]


def test_semicolon_file_with_decimal_comma_reads_amounts(tmp_path: Path) -> None:
    table = _import(
        tmp_path,
        "export.csv",
        b"klantnummer;datum;omzet\nK1;05-01-2024;1.234,56\nK2;10-02-2024;12,5\nK1;11-02-2024;1.000\n",
    )
    assert table.source.separator == ";"
    assert table.number_formats == {"revenue": NumberFormat(",", False, signs=False)}
    assert table.date_format.order == "day_first"
    assert _rows(table) == [
        ("K1", dt.date(2024, 1, 5), 1234.56),
        ("K2", dt.date(2024, 2, 10), 12.5),
        ("K1", dt.date(2024, 2, 11), 1000.0),  # "1.000" in a ;-file: a thousands dot
    ]
    values = customer_values(table, *YEAR_2024)
    assert _customers(values) == [("K1", 2234.56, True), ("K2", 12.5, True)]  # 1234.56 + 1000


def test_tab_separated_file_reads_decimal_comma(tmp_path: Path) -> None:
    table = _import(
        tmp_path, "export.txt", b"klantnummer\tdatum\tomzet\nK1\t05-01-2024\t1234,56\nK2\t06-01-2024\t7,5\n"
    )
    assert table.source.separator == "\t"
    assert _rows(table) == [("K1", dt.date(2024, 1, 5), 1234.56), ("K2", dt.date(2024, 1, 6), 7.5)]


def test_pipe_separated_file_reads_decimal_point(tmp_path: Path) -> None:
    table = _import(tmp_path, "export.txt", b"klantnummer|datum|omzet\nK1|05-01-2024|99.95\nK2|06-01-2024|0.5\n")
    assert table.source.separator == "|"
    assert _rows(table) == [("K1", dt.date(2024, 1, 5), 99.95), ("K2", dt.date(2024, 1, 6), 0.5)]


def test_currency_signs_spaces_brackets_and_trailing_minus_are_read(tmp_path: Path) -> None:
    data = "klantnummer;datum;omzet\nK1;05-01-2024;€ 1.234,50\nK1;06-01-2024;(12,50)\nK1;07-01-2024;12,50-\n"
    data += "K2;08-01-2024;EUR 2.000,00\nK2;09-01-2024;€-100\n"
    table = _import(tmp_path, "export.csv", data.encode("utf-8"))
    assert table.number_formats == {"revenue": NumberFormat(",", True)}
    assert [row[2] for row in _rows(table)] == [1234.5, -12.5, -12.5, 2000.0, -100.0]
    values = customer_values(table, *YEAR_2024)
    assert values.rows_left_out == {}
    assert _customers(values) == [("K2", 1900.0, True), ("K1", 1209.5, True)]  # 1234.50 - 12.50 - 12.50


def test_crlf_line_endings_read_like_lf(tmp_path: Path) -> None:
    table = _import(tmp_path, "export.csv", b"klantnummer;datum;omzet\r\nK1;05-01-2024;10\r\nK2;06-01-2024;abc\r\n")
    assert _rows(table) == [("K1", dt.date(2024, 1, 5), 10.0), ("K2", dt.date(2024, 1, 6), None)]
    assert _left_out(table) == [(3, BAD_AMOUNT, "K2", "06-01-2024", "abc")]


# --- encodings --------------------------------------------------------------------------------------------------


def test_utf8_bom_is_not_part_of_the_first_column_name(tmp_path: Path) -> None:
    table = _import(tmp_path, "export.csv", "\ufeffklantnummer;datum;omzet\nK1;05-01-2024;10\n".encode())
    assert table.source.encoding == "utf-8"
    assert table.source.columns == ["klantnummer", "datum", "omzet"]
    assert table.mapping == {"customer_id": "klantnummer", "date": "datum", "revenue": "omzet"}
    assert _rows(table) == [("K1", dt.date(2024, 1, 5), 10.0)]


def test_utf8_without_bom_keeps_accented_names(tmp_path: Path) -> None:
    data = "klantnummer;klantnaam;datum;omzet\nK1;Café Zoë;05-01-2024;10\nKÉ2;Noël & Zn.;06-01-2024;20\n"
    table = _import(tmp_path, "export.csv", data.encode("utf-8"))
    assert table.source.encoding == "utf-8"
    assert _rows(table, "customer_id, name, revenue") == [("K1", "Café Zoë", 10.0), ("KÉ2", "Noël & Zn.", 20.0)]


def test_cp1252_file_reads_euro_sign_and_diaeresis(tmp_path: Path) -> None:
    data = "klantnummer;klantnaam;datum;omzet\nK1;Café Noël;05-01-2024;€ 1.234,50\n"
    raw = data.encode("cp1252")
    assert b"\x80" in raw and b"\xeb" in raw  # the euro sign and ë as Windows writes them
    table = _import(tmp_path, "export.csv", raw)
    assert table.source.encoding == "cp1252"
    assert _rows(table, "customer_id, name, revenue") == [("K1", "Café Noël", 1234.5)]


@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_file_with_bom_is_read(tmp_path: Path, bom: bytes, codec: str) -> None:
    data = "klantnummer\tklantnaam\tdatum\tomzet\nK1\tZoë\t05-01-2024\t10,5\n"  # Excel's "Unicode text"
    table = _import(tmp_path, "export.txt", bom + data.encode(codec))
    assert table.source.encoding == "utf-16"
    assert table.source.columns == ["klantnummer", "klantnaam", "datum", "omzet"]
    assert _rows(table, "customer_id, name, date, revenue") == [("K1", "Zoë", dt.date(2024, 1, 5), 10.5)]


# --- files that cannot be used ----------------------------------------------------------------------------------


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "leeg.csv", b"")
    error = _read_error(path)
    assert error.key == "error.import.empty"
    _assert_names_file(error, path)
    assert "is leeg" in error.message


def test_file_with_only_blank_lines_is_refused_as_empty(tmp_path: Path) -> None:
    path = _write(tmp_path, "witregels.csv", b"\n\r\n   \n\t\n")
    error = _read_error(path)
    assert error.key == "error.import.empty"
    _assert_names_file(error, path)


@pytest.mark.parametrize("data", [b"klantnummer;datum;omzet\n", b"klantnummer;datum;omzet"])
def test_header_only_file_is_refused_on_import(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "kop.csv", data)
    assert read_client_file(path).columns == ["klantnummer", "datum", "omzet"]  # the columns can still be mapped
    error = _read_error(path)
    assert error.key == "error.import.header_only"
    _assert_names_file(error, path)
    assert "alleen een kopregel" in error.message


def test_missing_revenue_column_lists_the_file_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "geen_omzet.csv", b"klantnummer;datum;omschrijving\nK1;05-01-2024;iets\n")
    error = _read_error(path)
    assert error.key == "error.import.missing_columns"
    _assert_names_file(error, path)
    assert "niet gevonden: omzet." in error.message
    assert "(de kolommen zijn: 'klantnummer', 'datum', 'omschrijving')" in error.message


def test_old_xls_is_refused(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # the start of every .xls (OLE2) file
    for name in ("export.xls", "export_met_verkeerde_naam.csv"):
        path = _write(tmp_path, name, ole)
        error = _read_error(path)
        assert error.key == "error.import.old_excel"
        _assert_names_file(error, path)
        assert "oud Excel-bestand (.xls)" in error.message


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "export.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    error = _read_error(path)
    assert error.key == "error.import.binary"
    _assert_names_file(error, path)
    assert "geen tekstbestand" in error.message


def test_damaged_xlsx_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = _write(tmp_path, "kapot.xlsx", b"dit is geen zip")
    error = _read_error(path)
    assert error.key == "error.import.excel_unreadable"
    _assert_names_file(error, path)


# --- columns ----------------------------------------------------------------------------------------------------


def test_duplicate_column_names_are_numbered_and_the_first_is_used(tmp_path: Path) -> None:
    table = _import(tmp_path, "export.csv", b"klantnummer;datum;omzet;omzet\nK1;05-01-2024;10;99\n")
    assert table.source.columns == ["klantnummer", "datum", "omzet", "omzet (2)"]
    assert table.source.renamed_duplicates == ("omzet",)
    assert table.mapping == {"customer_id": "klantnummer", "date": "datum", "revenue": "omzet"}
    assert _rows(table) == [("K1", dt.date(2024, 1, 5), 10.0)]


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Klantnummer", "Klantnaam", "Factuurdatum", "Factuurnummer", "Omzet excl. BTW", "Marge", "Accountmanager"],
            {
                "customer_id": "Klantnummer",
                "date": "Factuurdatum",
                "revenue": "Omzet excl. BTW",
                "margin": "Marge",
                "invoice_number": "Factuurnummer",
                "account_manager": "Accountmanager",
                "name": "Klantnaam",
            },
        ),
        (
            ["Debiteurnr.", "Datum", "Bedrag", "Aantal contactpersonen", "Status"],
            # "aantalcontactpersonen" is 16 letters more than "aantal": not a quantity
            {"customer_id": "Debiteurnr.", "date": "Datum", "revenue": "Bedrag", "status": "Status"},
        ),
        (
            [
                "Customer ID",
                "Customer Name",
                "Invoice Date",
                "Invoice No",
                "Net Sales",
                "Gross Margin",
                "Qty",
                "Unit Price",
                "Sales Rep",
            ],
            {
                "customer_id": "Customer ID",
                "date": "Invoice Date",
                "revenue": "Net Sales",
                "margin": "Gross Margin",
                "quantity": "Qty",
                "unit_price": "Unit Price",
                "invoice_number": "Invoice No",
                "account_manager": "Sales Rep",  # an exact fit, although it contains "sales"
                "name": "Customer Name",
            },
        ),
        (
            ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"],
            {
                "customer_id": "CustomerID",
                "date": "InvoiceDate",
                "quantity": "Quantity",
                "unit_price": "UnitPrice",
                "invoice_number": "InvoiceNo",
            },
        ),
    ],
    ids=["dutch", "dutch_short", "english", "uci_online_retail"],
)
def test_guess_mapping_recognises_dutch_and_english_headers(headers: list[str], expected: dict[str, str]) -> None:
    assert guess_mapping(headers) == expected


def test_quantity_times_unit_price_when_there_is_no_revenue_column(tmp_path: Path) -> None:
    data = (
        b"InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
        b"536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.50,17850.0,United Kingdom\n"
        b'536366,22633,"SET OF 3 CAKE TINS, PANTRY",4,12/13/2010 8:28,3.75,17850.0,United Kingdom\n'
        b"C536379,D,Discount,-1,12/14/2010 9:41,27.50,14527.0,United Kingdom\n"
        b"536380,22423,REGENCY CAKESTAND 3 TIER,2,12/14/2010 9:41,27.50,14527.0,United Kingdom\n"
        b"536381,22727,ALARM CLOCK BAKELIKE RED,12,12/15/2010 10:00,3.75,,United Kingdom\n"
    )
    table = _import(tmp_path, "Online Retail.csv", data)
    assert "revenue" not in table.mapping
    assert table.date_format.order == "month_first"  # 12/13/2010: the 13 cannot be a month
    assert _rows(table, "customer_id, date, quantity, unit_price, revenue") == [
        ("17850", dt.date(2010, 12, 1), 6.0, 2.5, 15.0),
        ("17850", dt.date(2010, 12, 13), 4.0, 3.75, 15.0),
        ("14527", dt.date(2010, 12, 14), -1.0, 27.5, -27.5),  # a cancelled invoice: a credit
        ("14527", dt.date(2010, 12, 14), 2.0, 27.5, 55.0),
        (None, dt.date(2010, 12, 15), 12.0, 3.75, 45.0),
    ]
    values = customer_values(table)
    assert (values.period_start, values.period_end) == (dt.date(2010, 1, 1), dt.date(2010, 12, 31))  # December
    assert values.rows_left_out == {"no_customer": 1}
    assert _customers(values) == [("17850", 30.0, True), ("14527", 27.5, True)]  # 15 + 15; 55 - 27.50


def test_excel_style_customer_ids_lose_trailing_zero_decimals(tmp_path: Path) -> None:
    table = _import(
        tmp_path,
        "export.csv",
        b"klantnummer;datum;omzet\n17850.0;05-01-2024;10\n17850;06-01-2024;5\n00123;07-01-2024;1\n",
    )
    assert [row[0] for row in _rows(table)] == ["17850", "17850", "00123"]  # leading zeros are part of the id
    assert _customers(customer_values(table, *YEAR_2024)) == [("17850", 15.0, True), ("00123", 1.0, True)]


# --- rows left out ----------------------------------------------------------------------------------------------


def test_text_in_amounts_is_counted_and_listed_as_bad_amount(tmp_path: Path) -> None:
    table = _import(
        tmp_path,
        "export.csv",
        b"klantnummer;datum;omzet\nK1;05-01-2024;100\nK2;06-01-2024;abc\nK3;07-01-2024;n.v.t.\nK4;08-01-2024;\n"
        b"K5;09-01-2024;250,50\n",
    )
    values = customer_values(table, *YEAR_2024)
    assert values.rows_total == 5
    assert values.rows_left_out == {"bad_amount": 3}
    assert values.rows_used == 2
    assert _customers(values) == [("K5", 250.5, True), ("K1", 100.0, True)]
    assert list(left_out_rows(table).columns) == ["regel", "reden", "klantnummer", "datum", "omzet"]
    assert _left_out(table) == [
        (3, BAD_AMOUNT, "K2", "06-01-2024", "abc"),
        (4, BAD_AMOUNT, "K3", "07-01-2024", "n.v.t."),
        (5, BAD_AMOUNT, "K4", "08-01-2024", None),
    ]


def test_impossible_date_is_counted_as_bad_date(tmp_path: Path) -> None:
    table = _import(
        tmp_path, "export.csv", b"klantnummer;datum;omzet\nK1;05-01-2024;10\nK2;31-02-2024;20\nK3;15-03-2024;30\n"
    )
    assert _rows(table) == [("K1", dt.date(2024, 1, 5), 10.0), ("K2", None, 20.0), ("K3", dt.date(2024, 3, 15), 30.0)]
    values = customer_values(table, *YEAR_2024)
    assert values.rows_left_out == {"bad_date": 1}
    assert _customers(values) == [("K3", 30.0, True), ("K1", 10.0, True)]
    assert _left_out(table) == [(3, BAD_DATE, "K2", "31-02-2024", "20")]


def test_us_dates_are_month_first_when_a_day_above_12_occurs(tmp_path: Path) -> None:
    table = _import(tmp_path, "sales.csv", b"customer,date,amount\nA,1/5/2024,10\nB,2/6/2024,20\nC,3/13/2024,30\n")
    assert table.mapping == {"customer_id": "customer", "date": "date", "revenue": "amount"}
    assert table.date_format.order == "month_first"
    assert _rows(table) == [
        ("A", dt.date(2024, 1, 5), 10.0),  # not 1 May
        ("B", dt.date(2024, 2, 6), 20.0),
        ("C", dt.date(2024, 3, 13), 30.0),
    ]


def test_ambiguous_slash_dates_without_a_day_above_12_are_day_first(tmp_path: Path) -> None:
    table = _import(tmp_path, "export.csv", b"klantnummer;datum;omzet\nK1;1/5/2024;10\nK2;2/6/2024;20\n")
    assert table.date_format.order == "day_first"
    assert [row[1] for row in _rows(table)] == [dt.date(2024, 5, 1), dt.date(2024, 6, 2)]


def test_blank_and_empty_customer_ids_are_counted_as_no_customer(tmp_path: Path) -> None:
    table = _import(
        tmp_path,
        "export.csv",
        b"klantnummer;datum;omzet\nK1;05-01-2024;100\n(blank);06-01-2024;50\n;07-01-2024;70\n   ;08-01-2024;80\n"
        b"(leeg);09-01-2024;90\n",
    )
    assert [row[0] for row in _rows(table)] == ["K1", None, None, None, None]
    values = customer_values(table, *YEAR_2024)
    assert values.rows_left_out == {"no_customer": 4}
    assert _customers(values) == [("K1", 100.0, True)]
    assert [(line, reason, customer) for line, reason, customer, *_ in _left_out(table)] == [
        (3, NO_CUSTOMER, "(blank)"),
        (4, NO_CUSTOMER, None),
        (5, NO_CUSTOMER, "   "),
        (6, NO_CUSTOMER, "(leeg)"),
    ]


def test_rows_outside_period_and_window_are_counted_as_outside_period(tmp_path: Path) -> None:
    # Period 2024; with a 12-month look-back the window starts on 2023-01-01.
    table = _import(
        tmp_path,
        "export.csv",
        b"klantnummer;datum;omzet\n"
        b"K1;15-06-2024;100\n"  # in the period
        b"K1;15-06-2022;50\n"  # before the window: outside
        b"K2;15-06-2023;70\n"  # in the look-back window only: inactive, not left out
        b"K3;01-02-2025;30\n"  # after the period: outside
        b"K4;31-12-2024;10\n"  # last day of the period
        b"K5;01-01-2024;5\n"  # first day of the period
        b"K6;31-12-2022;9\n"  # one day before the window: outside
        b"K6;01-01-2023;8\n",  # first day of the window
    )
    values = customer_values(table, *YEAR_2024)
    assert values.rows_total == 8
    assert values.rows_left_out == {"outside_period": 3}
    assert _customers(values) == [
        ("K1", 100.0, True),
        ("K4", 10.0, True),
        ("K5", 5.0, True),
        ("K2", 0.0, False),
        ("K3", 0.0, False),
        ("K6", 0.0, False),
    ]
    assert values.customers.set_index("customer_id")["bought_before"].to_dict() == {
        "K1": False,
        "K4": False,
        "K5": False,
        "K2": True,
        "K3": False,
        "K6": True,
    }
    assert _left_out(table, values.reason_sql) == [
        (3, OUTSIDE, "K1", "15-06-2022", "50"),
        (5, OUTSIDE, "K3", "01-02-2025", "30"),
        (8, OUTSIDE, "K6", "31-12-2022", "9"),
    ]
    assert _levels(classify(values)) == [  # 3 active: level_sizes(3) == [1, 0, 0, 2]
        ("K1", "top"),
        ("K4", "small"),
        ("K5", "small"),
        ("K2", "inactive"),
        ("K6", "inactive"),
    ]


# --- values and levels ------------------------------------------------------------------------------------------


def test_credit_notes_are_netted_and_a_credit_only_customer_is_not_active(tmp_path: Path) -> None:
    table = _import(
        tmp_path,
        "export.csv",
        b"klantnummer;datum;omzet\nK1;15-06-2024;1000\nK1;20-06-2024;-400\nK2;20-06-2024;-150\nK3;20-06-2024;200\n"
        b"K4;01-07-2024;300\nK4;02-07-2024;-300\n",
    )
    values = customer_values(table, *YEAR_2024)
    assert values.rows_left_out == {}
    assert _customers(values) == [
        ("K1", 600.0, True),  # 1000 - 400
        ("K3", 200.0, True),
        ("K4", 0.0, False),  # 300 - 300: nothing left
        ("K2", -150.0, False),  # only a credit note
    ]
    result = classify(values)
    assert _levels(result) == [("K1", "top"), ("K3", "small")]  # 2 active: level_sizes(2) == [1, 0, 0, 1]
    assert result.levels["customers"].tolist() == [1, 0, 0, 1, 0, 0, 0]


def test_all_zero_revenue_gives_no_active_customers_and_empty_levels(tmp_path: Path) -> None:
    table = _import(tmp_path, "export.csv", b"klantnummer;datum;omzet\nK1;15-06-2024;0\nK2;16-06-2024;0,00\n")
    values = customer_values(table, *YEAR_2024)
    assert values.rows_left_out == {}
    assert _customers(values) == [("K1", 0.0, False), ("K2", 0.0, False)]
    result = classify(values)
    assert result.customers.empty
    assert result.levels["customers"].tolist() == [0, 0, 0, 0, 0, 0, 0]
    assert result.levels["revenue_share"].tolist() == [0.0] * 7
    assert result.levels["customer_share"].tolist()[:4] == [0.0] * 4


def test_a_single_customer_is_top_and_other_levels_are_empty(tmp_path: Path) -> None:
    table = _import(tmp_path, "export.csv", b"klantnummer;datum;omzet\nK1;15-06-2024;10\nK1;16-06-2024;2,5\n")
    # ceil(1% of 1) = 1, and 5 % and 20 % are capped at the one customer: [1, 0, 0, 0]
    assert level_sizes(1) == [1, 0, 0, 0]
    result = classify(customer_values(table, *YEAR_2024))
    assert _levels(result) == [("K1", "top")]
    assert result.levels["customers"].tolist() == [1, 0, 0, 0, 0, 0, 0]
    assert result.levels["revenue"].tolist() == [12.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert result.levels["revenue_share"].tolist() == [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]


def test_ties_at_a_level_boundary_rank_lower_customer_id_first(tmp_path: Path) -> None:
    # 10 active customers: level_sizes(10) == [1, 0, 1, 8] (ceil 0.1 = 1, ceil 0.5 = 1, 20 % = 2).
    # K02 and K03 tie on 300 at the medium/small boundary: K02 (the lower id) gets the medium place.
    lines = ["klantnummer;datum;omzet", "K03;15-06-2024;300", "K10;15-06-2024;50", "K01;15-06-2024;500"]
    lines += ["K02;15-06-2024;300", *(f"K0{n};15-06-2024;100" for n in (9, 4, 8, 5, 7, 6))]
    table = _import(tmp_path, "export.csv", ("\n".join(lines) + "\n").encode())
    values = customer_values(table, *YEAR_2024)
    assert level_sizes(10) == [1, 0, 1, 8]
    assert _levels(classify(values)) == [
        ("K01", "top"),
        ("K02", "medium"),
        ("K03", "small"),
        ("K04", "small"),  # K04…K09 tie on 100: in id order
        ("K05", "small"),
        ("K06", "small"),
        ("K07", "small"),
        ("K08", "small"),
        ("K09", "small"),
        ("K10", "small"),
    ]
    # Three customers tied on 100 with thresholds 1/3 and 2/3: one per level, in id order.
    tied = _import(
        tmp_path, "tied.csv", b"klantnummer;datum;omzet\nC;01-03-2024;100\nA;01-03-2024;100\nB;01-03-2024;100\n"
    )
    result = classify(customer_values(tied, *YEAR_2024), [1 / 3, 2 / 3])
    assert _levels(result) == [("A", "top"), ("B", "large"), ("C", "small")]


def test_customer_file_without_dates_counts_every_row(tmp_path: Path) -> None:
    table = _import(tmp_path, "klanten.csv", b"klantnummer;omzet\nK1;500\nK2;300\nK3;0\nK1;100\nK4;-20\n")
    assert not table.has_dates
    values = customer_values(table)
    assert (values.period_start, values.period_end) == (None, None)
    assert values.rows_total == 5
    assert values.rows_left_out == {}
    assert _customers(values) == [("K1", 600.0, True), ("K2", 300.0, True), ("K3", 0.0, False), ("K4", -20.0, False)]
    assert not values.customers["bought_before"].any()
    result = classify(values)
    assert _levels(result) == [("K1", "top"), ("K2", "small")]  # no inactive level without dates
    assert result.levels["customers"].tolist() == [1, 0, 0, 1, 0, 0, 0]


# --- Excel ------------------------------------------------------------------------------------------------------


def _workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "Blad1"
    first.append(["Klantnummer", "Factuurdatum", "Omzet"])
    first.append([17850, dt.datetime(2024, 3, 5), 1234.5])
    first.append([17850.0, dt.date(2024, 4, 6), 100])  # a float id, as Excel keeps numbers
    first.append(["K9", dt.datetime(2024, 5, 7, 13, 45), "abc"])
    first.append([14527, dt.datetime(2024, 5, 7), 0.25])
    second = book.create_sheet("Omzet 2023")
    second.append(["Klant", "Datum", "Bedrag"])
    second.append(["B1", dt.datetime(2023, 1, 2), -400.25])
    second.append(["B1", dt.datetime(2023, 1, 3), 1000])
    book.save(path)
    return path


def test_xlsx_first_sheet_reads_date_cells_and_numbers(tmp_path: Path) -> None:
    source = read_client_file(_workbook(tmp_path / "export.xlsx"))
    assert (source.sheet, source.sheets) == ("Blad1", ("Blad1", "Omzet 2023"))
    table = import_table(source)
    assert table.mapping == {"customer_id": "Klantnummer", "date": "Factuurdatum", "revenue": "Omzet"}
    assert _rows(table) == [
        ("17850", dt.date(2024, 3, 5), 1234.5),
        ("17850", dt.date(2024, 4, 6), 100.0),
        ("K9", dt.date(2024, 5, 7), None),
        ("14527", dt.date(2024, 5, 7), 0.25),
    ]
    values = customer_values(table, *YEAR_2024)
    assert values.rows_left_out == {"bad_amount": 1}
    assert _customers(values) == [("17850", 1334.5, True), ("14527", 0.25, True)]  # 1234.5 + 100
    assert _left_out(table) == [(4, BAD_AMOUNT, "K9", "2024-05-07 13:45:00", "abc")]


def test_xlsx_sheet_chosen_by_name(tmp_path: Path) -> None:
    source = read_client_file(_workbook(tmp_path / "export.xlsx"), sheet="Omzet 2023")
    assert source.sheet == "Omzet 2023"
    table = import_table(source)
    assert table.mapping == {"customer_id": "Klant", "date": "Datum", "revenue": "Bedrag"}
    assert _rows(table) == [("B1", dt.date(2023, 1, 2), -400.25), ("B1", dt.date(2023, 1, 3), 1000.0)]
    values = customer_values(table, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert _customers(values) == [("B1", 599.75, True)]  # 1000 - 400.25


def test_xlsx_missing_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "export.xlsx")
    error = _read_error(path, sheet="Blad3")
    assert error.key == "error.import.sheet_missing"
    _assert_names_file(error, path)
    assert "geen blad 'Blad3'. Kies een van: Blad1, Omzet 2023." in error.message


# --- frames -----------------------------------------------------------------------------------------------------


def test_pandas_and_polars_frames_give_the_same_numbers_as_the_file(tmp_path: Path) -> None:
    file_table = _import(
        tmp_path,
        "export.csv",
        b"Klantnummer;Datum;Omzet\nK1;05-01-2024;1000\nK1;05-02-2024;-400\nK2;01-03-2024;250,5\n;02-03-2024;5\n",
    )
    frame = pd.DataFrame(
        {
            "Klantnummer": ["K1", "K1", "K2", None],
            "Datum": pd.to_datetime(["2024-01-05", "2024-02-05", "2024-03-01", "2024-03-02"]),
            "Omzet": [1000.0, -400.0, 250.5, 5.0],
        }
    )
    expected = [("K1", 600.0, True), ("K2", 250.5, True)]
    for data in (
        file_table,
        import_table(table_from_frame(frame)),
        import_table(table_from_frame(pl.from_pandas(frame))),
    ):
        values = customer_values(data, *YEAR_2024)
        assert _customers(values) == expected
        assert values.rows_left_out == {"no_customer": 1}
        assert values.rows_total == 4
    canonical = frame.rename(columns={"Klantnummer": "customer_id", "Datum": "date", "Omzet": "revenue"})
    for data in (canonical, pl.from_pandas(canonical)):  # already in klantlab's columns: no import needed
        values = customer_values(data, *YEAR_2024)
        assert _customers(values) == expected
        assert values.rows_left_out == {"no_customer": 1}


def test_frame_with_float_customer_ids_reads_them_like_excel(tmp_path: Path) -> None:
    frame = pd.DataFrame({"klant": [17850.0, float("nan"), 14527.0, 17850.0], "omzet": [10.0, 20.0, 30.0, 2.5]})
    table = import_table(table_from_frame(frame))
    assert _rows(table, "customer_id, revenue") == [("17850", 10.0), (None, 20.0), ("14527", 30.0), ("17850", 2.5)]
    values = customer_values(table)
    assert values.rows_left_out == {"no_customer": 1}
    assert _customers(values) == [("14527", 30.0, True), ("17850", 12.5, True)]


# --- inputs that were read wrongly at first: blank lines, Excel's sep= line, two-digit years --------------------


def test_blank_line_between_rows_keeps_file_line_numbers(tmp_path: Path) -> None:
    table = _import(tmp_path, "export.csv", b"klantnummer;datum;omzet\nK1;05-01-2024;10\n\nK2;06-01-2024;abc\n")
    assert _rows(table) == [("K1", dt.date(2024, 1, 5), 10.0), ("K2", dt.date(2024, 1, 6), None)]
    assert _left_out(table) == [(4, BAD_AMOUNT, "K2", "06-01-2024", "abc")]  # line 3 is the blank one


def test_blank_lines_before_the_header_are_skipped(tmp_path: Path) -> None:
    table = _import(tmp_path, "export.csv", b"\n\nklantnummer;datum;omzet\nK1;05-01-2024;10\nK2;06-01-2024;abc\n")
    values = customer_values(table, *YEAR_2024)
    assert values.rows_total == 2
    assert values.rows_left_out == {"bad_amount": 1}
    assert _left_out(table) == [(5, BAD_AMOUNT, "K2", "06-01-2024", "abc")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"klantnummer;datum;omzet\nK1;05-01-24;10\nK2;31-12-24;20\n", [dt.date(2024, 1, 5), dt.date(2024, 12, 31)]),
        (b"customer,date,amount\nA,1/13/24,10\nB,2/5/24,20\n", [dt.date(2024, 1, 13), dt.date(2024, 2, 5)]),
    ],
    ids=["day_first", "month_first"],
)
def test_two_digit_years_are_read_as_this_century(tmp_path: Path, data: bytes, expected: list[dt.date]) -> None:
    table = _import(tmp_path, "export.csv", data)
    assert [row[1] for row in _rows(table)] == expected


def test_excel_sep_hint_line_sets_the_separator(tmp_path: Path) -> None:
    table = _import(tmp_path, "export.csv", b"sep=;\nklantnummer;datum;omzet\nK1;05-01-2024;10\n")
    assert table.source.separator == ";"
    assert table.source.columns == ["klantnummer", "datum", "omzet"]
    assert _rows(table) == [("K1", dt.date(2024, 1, 5), 10.0)]


def test_an_address_with_a_line_break_in_quotes_and_dutch_no_cents_amounts_are_read(tmp_path: Path) -> None:
    path = tmp_path / "crm.csv"
    path.write_text(
        'klantnummer;adres;factuurdatum;omzet\nK1;"Dorpsstraat 1\n1234 AB";01-03-2025;1,00\n'
        'K2;Kerkweg 2;02-03-2025;€ 12,-\nK3;"Laan 3";03-03-2025;"€ 1.250,–"\n',
        encoding="utf-8",
    )
    table = import_table(read_client_file(path))
    values = customer_values(table, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    # "12,-" is twelve euros without cents, not a credit note of 12.
    assert values.customers.set_index("customer_id")["revenue"].to_dict() == {"K3": 1250.0, "K2": 12.0, "K1": 1.0}
    assert values.rows_total == 3 and values.rows_left_out == {}


def test_amounts_too_large_to_add_up_are_unreadable_not_infinite(tmp_path: Path) -> None:
    path = tmp_path / "groot.csv"
    path.write_text("klant,datum,omzet\nA,2025-01-02,1e308\nA,2025-01-03,1e308\nB,2025-02-01,10\nC,2025-02-01,inf\n")
    values = customer_values(import_table(read_client_file(path)), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert values.rows_left_out == {"bad_amount": 3}  # 1e308 twice would sum to infinity; "inf" is no amount
    assert values.customers[["customer_id", "revenue"]].values.tolist() == [["B", 10.0]]
    frame = pd.DataFrame({"customer_id": ["A", "B"], "revenue": [float("inf"), 5.0]})  # a frame the same
    assert customer_values(frame).rows_left_out == {"bad_amount": 1}
