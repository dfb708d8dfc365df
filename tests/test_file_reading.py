"""Reading a file into a table: where the table starts, which rows are rows, what a file is by its content.

Small files written byte for byte; each test states the columns, rows and file lines read, or the error key.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from klantlab.analysis import customer_values
from klantlab.errors import ImportFileError
from klantlab.io.client_files import read_client_file, sniff_separator, unique_names
from klantlab.io.column_mapping import guess_mapping
from klantlab.io.transactions_import import import_table, left_out_rows

YEAR_2025 = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _left_out_lines(table) -> list[int]:
    return left_out_rows(table).iloc[:, 0].astype(int).tolist()


# --- where the table starts -------------------------------------------------------------------------------------


def test_title_lines_of_two_cells_above_a_wider_table_are_skipped(tmp_path: Path) -> None:
    data = (
        b"Administratie;001 Voorbeeld B.V.\nPeriode;maart 2025\n\n"
        b"Relatiecode;Relatienaam;Factuurdatum;Omzet\n"
        b"1001;Bakkerij Jansen;03-03-2025;10,00\n1002;Slagerij;04-03-2025;abc\n"
    )
    source = read_client_file(_write(tmp_path, "Verkoopboek.csv", data))
    assert (source.separator, source.header_line) == (";", 4)
    assert source.columns == ["Relatiecode", "Relatienaam", "Factuurdatum", "Omzet"]
    table = import_table(source)
    assert _left_out_lines(table) == [6]  # the line an editor shows, title lines counted


def test_a_one_column_list_keeps_its_first_line_as_header(tmp_path: Path) -> None:
    source = read_client_file(_write(tmp_path, "klanten.csv", b"klantnummer\nK1\nK2\n"))
    assert source.columns == ["klantnummer"]
    assert source.query("SELECT count(*) FROM source").fetchall() == [(2,)]


def test_the_separator_is_the_one_of_the_table_not_of_the_title() -> None:
    lines = ["Verkoopboek, maart 2025", "", "Relatiecode;Factuurdatum;Bedrag",
             "1001;03-03-2025;1.000,00", "1002;04-03-2025;500,00", "1003;05-03-2025;7,50"]  # fmt: skip
    assert sniff_separator(lines) == ";"


def test_a_sheet_table_under_titles_and_right_of_empty_columns_has_only_its_own_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (
        ["Verkoopboek"],
        [],
        [None, "Klantnummer", "Factuurdatum", "Omzet", None, "Opmerking"],
        [None, "K1", dt.datetime(2025, 3, 1), 1, None, None],
        [],
        [None, "K2", dt.datetime(2025, 3, 2), 2],
    ):
        sheet.append(row)  # fmt: skip
    path = tmp_path / "export.xlsx"
    book.save(path)
    source = read_client_file(path)
    assert source.columns == ["Klantnummer", "Factuurdatum", "Omzet", "Opmerking"]
    assert source.row_lines == (4, 6)


def test_an_empty_first_sheet_names_the_sheets_with_data(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "Blad1"
    book.create_sheet("Leeg")
    book.create_sheet("Omzet 2025").append(["Klantnummer", "Omzet"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    with pytest.raises(ImportFileError) as caught:
        read_client_file(path)
    assert caught.value.key == "error.import.sheet_empty"
    assert caught.value.params["sheets_with_data"] == ("Omzet 2025",)
    assert "Het blad 'Blad1'" in caught.value.message and '--sheet "Omzet 2025"' in caught.value.message


# --- which rows are rows ----------------------------------------------------------------------------------------


def test_rows_of_only_separators_are_no_rows_and_file_lines_stay_right(tmp_path: Path) -> None:
    data = b"klantnummer;datum;omzet\nK1;05-01-2025;10\n;;\n \t; ;\nK2;06-01-2025;abc\n;;\n"
    table = import_table(read_client_file(_write(tmp_path, "export.csv", data)))
    values = customer_values(table, *YEAR_2025)
    assert values.rows_total == 2
    assert values.rows_left_out == {"bad_amount": 1}
    assert _left_out_lines(table) == [5]


def test_a_row_with_only_a_note_is_a_row_without_customer(tmp_path: Path) -> None:
    data = b"klantnummer;datum;omzet;notitie\nK1;05-01-2025;10;\n;;;zie boven\n;;;\n"
    values = customer_values(import_table(read_client_file(_write(tmp_path, "export.csv", data))), *YEAR_2025)
    assert (values.rows_total, values.rows_left_out) == (2, {"no_customer": 1})


# --- quotes, long lines, long names -----------------------------------------------------------------------------


def test_an_unclosed_quote_names_the_line_it_opens_on(tmp_path: Path) -> None:
    data = b'Verkoopboek\n\nklant;adres;datum;omzet\nK1;Laan 1;01-03-2025;1\nK2;"Dorpsstraat 1;01-03-2025;1\nK3;x;y;z\n'
    with pytest.raises(ImportFileError) as caught:
        read_client_file(_write(tmp_path, "export.csv", data))
    assert caught.value.key == "error.import.unclosed_quote"
    assert caught.value.params["line"] == 5
    assert "regel 5" in caught.value.message


@pytest.mark.parametrize(
    "data",
    [
        b'klant;omschrijving;omzet\nK1;Monitor 27" breed;1\nK2;kabel;2\n',
        b'klant;omschrijving;omzet\nK1;a;1\nK2;"kabel;2\n',
    ],
    ids=["inch_mark", "quote_open_on_the_last_line"],
)
def test_a_quote_that_swallows_no_other_line_is_read(tmp_path: Path, data: bytes) -> None:
    source = read_client_file(_write(tmp_path, "export.csv", data))
    assert source.query("SELECT count(*) FROM source").fetchall() == [(2,)]


def test_a_line_longer_than_duckdb_reads_by_default_is_read(tmp_path: Path) -> None:
    data = b"klant;notitie;omzet\nK1;" + b"x" * (3 << 20) + b";1\r\nK2;kort;2\r\n"
    source = read_client_file(_write(tmp_path, "export.csv", data))
    assert "max_line_size" in source.csv_options
    assert source.query("SELECT klant, length(notitie) FROM source").fetchall() == [("K1", 3 << 20), ("K2", 4)]


def test_a_very_long_column_name_is_cut() -> None:
    names, _ = unique_names(["klant", "z" * 500, "z" * 500])
    assert names == ["klant", "z" * 99 + "…", "z" * 99 + "… (2)"]


# --- what a file is ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path: Path, codec: str) -> None:
    data = "klant\tnaam\tomzet\nK1\tZoë\t1,5\n".encode(codec)
    source = read_client_file(_write(tmp_path, "export.txt", data))
    assert source.encoding == codec
    assert source.query("SELECT * FROM source").fetchall() == [("K1", "Zoë", "1,5")]


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        bytes(range(1, 256)) * 20,
        "klant\tomzet\nK1\t1\n".encode("utf-32") * 4,
    ],
    ids=["pdf", "control_bytes", "utf32"],
)
def test_a_file_that_is_no_text_is_refused_as_binary(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(ImportFileError) as caught:
        read_client_file(_write(tmp_path, "export.csv", data))
    assert caught.value.key == "error.import.binary"


def test_a_csv_named_parquet_is_read_and_garbage_named_parquet_is_a_damaged_parquet(tmp_path: Path) -> None:
    source = read_client_file(_write(tmp_path, "export.parquet", b"klant;omzet\nK1;1\n"))
    assert source.columns == ["klant", "omzet"]
    with pytest.raises(ImportFileError) as caught:
        read_client_file(_write(tmp_path, "kapot.parquet", b"niets bruikbaars"))
    assert caught.value.key == "error.import.parquet_unreadable"


def test_an_xlsx_under_any_name_is_read_as_excel(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    pd.DataFrame({"Klant": ["K1"], "Omzet": [1]}).to_excel(path, index=False)
    renamed = path.rename(tmp_path / "export.txt")
    source = read_client_file(renamed)
    assert (source.kind, source.columns) == ("excel", ["Klant", "Omzet"])


# --- which column is which --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "revenue"),
    [
        (["Relatiecode", "Bedrag incl. BTW", "Bedrag excl. BTW"], "Bedrag excl. BTW"),
        (["Relatiecode", "Omzet inclusief btw", "Omzet ex BTW"], "Omzet ex BTW"),
        (["Relatiecode", "Bedrag incl. BTW"], "Bedrag incl. BTW"),  # better than nothing, and shown to the user
        (["Klantnummer", "Omzet incl.", "Omzet"], "Omzet"),
    ],
)
def test_revenue_without_vat_is_preferred_over_revenue_with_vat(headers: list[str], revenue: str) -> None:
    mapping = guess_mapping(headers)
    assert (mapping["customer_id"], mapping["revenue"]) == (headers[0], revenue)


def test_a_file_truncated_removed_or_replaced_after_opening_is_never_half_analysed(tmp_path: Path) -> None:
    from klantlab.analysis import period_values
    from klantlab.errors import ImportFileError
    from klantlab.io.client_files import read_client_file
    from klantlab.io.transactions_import import import_table

    rows = "".join(f"K{n};0{1 + n % 9}-03-2025;{n},00\n" for n in range(1, 2001))
    for change in ("truncate", "remove", "replace"):
        path = tmp_path / f"{change}.csv"
        path.write_text("klant;datum;omzet\n" + rows, encoding="utf-8")
        table = import_table(read_client_file(path), {"customer_id": "klant", "date": "datum", "revenue": "omzet"})
        if change == "truncate":
            path.write_bytes(path.read_bytes()[: len(rows) // 2])  # half written by an export still busy
        elif change == "remove":
            path.unlink()
        else:
            path.write_text("klant;datum;omzet\nX;01-03-2025;1,00\n", encoding="utf-8")
        with pytest.raises(ImportFileError) as changed:
            period_values(table)
        assert changed.value.key == "error.import.changed_during_read", change
        assert changed.value.message.startswith(f"Het bestand '{path}' is veranderd, verplaatst of ingekort")
