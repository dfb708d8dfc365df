"""Opening a client's export as a table: CSV in any dialect, Excel, Parquet, or a frame in memory.

Nothing is converted here: every file column arrives as text (or with its own
type for Parquet and frames), under a unique name, as a lazy DuckDB relation.
Reading the values happens in :mod:`klantlab.io.transactions_import`, which
knows what each column means.

Encodings: UTF-8 with or without BOM, UTF-16 with BOM, and otherwise cp1252
(what Windows Excel writes for "CSV"); a cp1252 or UTF-16 file is re-encoded
once to a temporary UTF-8 copy that lives as long as the table.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import mmap
import re
import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import narwhals.stable.v2 as nw
import pyarrow as pa

from klantlab.errors import ImportFileError
from klantlab.i18n import t
from klantlab.io.value_formats import quote_identifier

__all__ = [
    "EXCEL_SUFFIXES",
    "Progress",
    "SourceTable",
    "read_client_file",
    "sniff_separator",
    "table_from_frame",
    "unique_names",
]

Progress = Callable[[float], None]
"""Called with the share done (0 to 1) during long reads."""

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
SEPARATORS = (";", ",", "\t", "|")
_HEAD_BYTES = 1 << 20
_VALIDATE_WHOLE_FILE_BYTES = 64 << 20
_CHUNK = 16 << 20
_TEXT_TYPES = ("VARCHAR",)


@dataclass(frozen=True, eq=False)
class SourceTable:
    """A client's table as a lazy DuckDB relation, with how it was read."""

    relation: duckdb.DuckDBPyRelation
    name: str
    """The file name (or ``frame``) for messages."""
    path: Path | None = None
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    renamed_duplicates: tuple[str, ...] = ()
    """Column names that occurred more than once; the later ones got `` (2)``, `` (3)``…"""
    header_line: int = 1
    """The file line (1-based) of the header; data follow it."""
    text_file: Path | None = None
    """The (UTF-8) text file DuckDB reads, for finding file lines of rows; None for Excel, Parquet and frames."""
    row_lines: tuple[int, ...] = ()
    """For Excel: the sheet row of each data row (empty rows are not data)."""
    csv_options: str = ""
    """For CSV: the ``read_csv`` options that read every column as text, without the column names."""
    keep_alive: tuple[Any, ...] = field(default=(), repr=False)

    def typed_csv(self, types: dict[str, str], options: str = "") -> tuple[duckdb.DuckDBPyRelation, str] | None:
        """The CSV read again with ``types`` (column → DuckDB type, the rest text) and DuckDB's own parsing.

        Values that do not parse are not turned into NULL: their rows go to a
        rejects table, whose name is returned with the relation, so the caller
        can tell whether the typed reading saw every row. None for a source
        that is not a CSV file.
        """
        if not self.csv_options or self.text_file is None:
            return None
        rejects = f"klantlab_rejects_{uuid.uuid4().hex}"
        columns = ", ".join(f"{_sql_string(name)}: {_sql_string(types.get(name, 'VARCHAR'))}" for name in self.columns)
        extra = f", {options}" if options else ""
        sql = (
            f"SELECT * FROM read_csv({_sql_string(str(self.text_file))}, {self.csv_options}{extra}, auto_detect=false,"
            f" columns={{{columns}}}, store_rejects=true, rejects_table={_sql_string(rejects)},"
            f" rejects_scan={_sql_string(rejects + '_scan')})"
        )
        return self.keep_alive[0].sql(sql), rejects

    def rejected_rows(self, rejects: str) -> int:
        """How many rows the typed reading that used the table ``rejects`` could not parse (the tables are dropped)."""
        connection = self.keep_alive[0]
        try:
            return int(connection.sql(f"SELECT count(DISTINCT line) FROM {rejects}").fetchall()[0][0])
        finally:
            for table in (rejects, f"{rejects}_scan"):
                connection.execute(f"DROP TABLE IF EXISTS {table}")  # i18n: not user text

    def file_lines(self, rows: Sequence[int]) -> list[int]:
        """The file line (or sheet row) of each data row number (1 = first row after the header).

        DuckDB skips blank lines in a CSV file; they are counted here, in one
        pass over the file, so that a reported line is the line a user sees
        in an editor.
        """
        if self.row_lines:
            return [self.row_lines[row - 1] for row in rows]
        if self.text_file is None:
            return [row + self.header_line for row in rows]
        wanted = sorted(set(rows))
        found: dict[int, int] = {}
        data_row = 0
        with self.text_file.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if number <= self.header_line or not line.strip():
                    continue
                data_row += 1
                if data_row == wanted[len(found)]:
                    found[data_row] = number
                    if len(found) == len(wanted):
                        break
        return [found.get(row, row + self.header_line) for row in rows]

    @property
    def columns(self) -> list[str]:
        return list(self.relation.columns)

    def is_text(self, column: str) -> bool:
        return str(self.relation.types[self.columns.index(column)]) in _TEXT_TYPES

    def query(self, sql: str) -> duckdb.DuckDBPyRelation:
        """Run ``sql`` in which the table is called ``source``."""
        return self.relation.query("source", sql)

    @functools.cached_property
    def _head_rows(self) -> list[tuple]:
        columns = [quote_identifier(column) for column in self.columns]
        texts = ", ".join(f"CAST({name} AS VARCHAR)" for name in columns)
        return self.query(f"SELECT {texts} FROM source LIMIT 5000").fetchall()

    @functools.cached_property
    def head(self) -> dict[str, list[str]]:
        """The filled-in values of every column in the first 5,000 rows, as text (read once)."""
        rows = self._head_rows
        return {
            column: [row[i] for row in rows if row[i] is not None and str(row[i]).strip()]
            for i, column in enumerate(self.columns)
        }

    def samples(self, column: str) -> list[str]:
        """The filled-in values of ``column`` among the first 5,000 rows, as text."""
        return self.head[column]

    def has_rows(self) -> bool:
        return bool(self._head_rows)


def unique_names(names: Sequence[object]) -> tuple[list[str], list[str]]:
    """Header names made usable: trimmed, empty ones named by position, repeats numbered.

    Returns the names and the names that were repeated: ``["omzet", "omzet"]`` →
    ``["omzet", "omzet (2)"]``, ``["omzet"]``.
    """
    result: list[str] = []
    repeated: list[str] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(names, start=1):
        name = str(raw).strip().lstrip("\ufeff").strip() if raw is not None else ""
        name = name or t("import.unnamed_column", number=position)
        key = name.casefold()
        if key in seen:
            seen[key] += 1
            if name not in repeated:
                repeated.append(name)
            name = f"{name} ({seen[key]})"
        else:
            seen[key] = 1
        result.append(name)
    return result, repeated


def sniff_separator(lines: Sequence[str]) -> str | None:
    """The separator that splits ``lines`` into the same number (> 1) of fields most consistently; ``;`` wins ties."""
    best: tuple[float, int] = (0.0, 1)
    chosen = None
    for separator in SEPARATORS:
        counts = [len(row) for row in csv.reader(lines, delimiter=separator) if row]
        if not counts or counts[0] < 2:
            continue
        score = (sum(count == counts[0] for count in counts) / len(counts), counts[0])
        if score > best:
            best, chosen = score, separator
    return chosen


def read_client_file(path: Path | str, *, sheet: str | None = None, progress: Progress | None = None) -> SourceTable:
    """Open the export at ``path``; raises :class:`ImportFileError` with a message the user can act on."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError("error.import.not_found", path)
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError("error.import.empty", path)
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    suffix = path.suffix.lower()
    if suffix == ".xls" or head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError("error.import.old_excel", path)
    if suffix in EXCEL_SUFFIXES or head.startswith(b"PK\x03\x04"):
        return _read_excel(path, sheet, progress)
    if suffix == ".parquet" or head.startswith(b"PAR1"):
        connection = duckdb.connect()
        relation = connection.sql(f"SELECT * FROM read_parquet({_sql_string(str(path))})")
        return SourceTable(relation, path.name, path, keep_alive=(connection,))
    return _read_csv(path, head, size, progress)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _encoding(path: Path, head: bytes, size: int) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in head:
        raise ImportFileError("error.import.binary", path)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3 or len(head) == size:  # not just a character cut at the end of the head
            return "cp1252"
    if size <= _VALIDATE_WHOLE_FILE_BYTES:
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def _transcode(path: Path, encoding: str, folder: Path, progress: Progress | None) -> Path:
    target = folder / "utf8.csv"
    size = max(path.stat().st_size, 1)
    done = 0
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    with path.open("rb") as source, target.open("w", encoding="utf-8", newline="") as out:
        while chunk := source.read(_CHUNK):
            out.write(decoder.decode(chunk))
            done += len(chunk)
            if progress:
                progress(min(done / size, 1.0))
        out.write(decoder.decode(b"", final=True))
    return target


def _has_quote(path: Path) -> bool:
    """Whether the file holds a double quote anywhere (a fast byte search, no parsing)."""
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b'"') != -1


def _read_csv(path: Path, head: bytes, size: int, progress: Progress | None) -> SourceTable:
    encoding = _encoding(path, head, size)
    text = head.decode(encoding if encoding != "utf-8" else "utf-8-sig", errors="ignore")
    raw_lines = text.splitlines()
    if len(head) < size and len(raw_lines) > 1:
        raw_lines = raw_lines[:-1]  # the last line of the head may be cut off
    # Lines before the header: blank lines, and the "sep=;" line Excel writes to name the separator.
    header_line = 0
    hinted = None
    while header_line < len(raw_lines) and not raw_lines[header_line].strip():
        header_line += 1
    if header_line < len(raw_lines) and (hint := re.fullmatch(r"\s*sep=(.)\s*", raw_lines[header_line])):
        hinted = hint.group(1)
        header_line += 1
        while header_line < len(raw_lines) and not raw_lines[header_line].strip():
            header_line += 1
    lines = [line for line in raw_lines[header_line : header_line + 200] if line.strip()]
    if not lines:
        raise ImportFileError("error.import.empty", path)
    separator = hinted or sniff_separator(lines) or ","
    header = next(csv.reader(lines[:1], delimiter=separator))
    names, repeated = unique_names(header)
    folder = None
    readable = path
    if encoding != "utf-8":
        folder = tempfile.TemporaryDirectory(prefix="klantlab-import-")
        readable = _transcode(path, encoding, Path(folder.name), progress)
    connection = duckdb.connect()
    options = ", ".join(
        [
            f"delim={_sql_string(separator)}",
            "quote='\"'",
            "escape='\"'",
            f"skip={header_line}",
            "header=true",
            "null_padding=true",
            "strict_mode=false",
            # DuckDB's parallel reader cannot pad short rows when a quoted field holds a line break (an address,
            # a note): a file with quotes is read by one thread, which can.
            *(["parallel=false"] if _has_quote(readable) else []),
        ]
    )
    # Every column as text, named as the header says: nothing for DuckDB to detect (no sniffing of the file).
    columns = ", ".join(f"{_sql_string(name)}: 'VARCHAR'" for name in names)
    relation = connection.sql(
        f"SELECT * FROM read_csv({_sql_string(str(readable))}, {options}, auto_detect=false, columns={{{columns}}})"
    )
    return SourceTable(
        relation,
        path.name,
        path,
        encoding=encoding,
        separator=separator,
        renamed_duplicates=tuple(repeated),
        header_line=header_line + 1,
        text_file=readable,
        csv_options=options,
        keep_alive=(connection, folder),
    )


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_excel(path: Path, sheet: str | None, progress: Progress | None) -> SourceTable:
    import openpyxl  # only needed for Excel files

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise ImportFileError("error.import.excel_unreadable", path, reason=str(error)) from error
    try:
        sheets = tuple(book.sheetnames)
        if sheet is not None and sheet not in sheets:
            raise ImportFileError("error.import.sheet_missing", path, sheet=sheet, sheets=", ".join(sheets))
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        total = worksheet.max_row or 0
        rows = worksheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None or all(cell is None for cell in header):
            raise ImportFileError("error.import.empty", path)
        names, repeated = unique_names(header)
        columns: list[list[str | None]] = [[] for _ in names]
        row_lines: list[int] = []  # the sheet row of each data row: empty rows are skipped, not data
        for number, row in enumerate(rows, start=2):
            cells = [_cell_text(row[index]) if index < len(row) else None for index in range(len(names))]
            if all(cell is None or not cell.strip() for cell in cells):
                continue
            for index, cell in enumerate(cells):
                columns[index].append(cell)
            row_lines.append(number)
            if progress and number % 20_000 == 0 and total:
                progress(min(number / total, 1.0))
    finally:
        book.close()
    table = pa.table({name: pa.array(values, type=pa.string()) for name, values in zip(names, columns, strict=True)})
    connection = duckdb.connect()
    relation = connection.from_arrow(table)
    return SourceTable(
        relation,
        path.name,
        path,
        sheet=worksheet.title,
        sheets=sheets,
        renamed_duplicates=tuple(repeated),
        row_lines=tuple(row_lines),
        keep_alive=(connection, table),
    )


def table_from_frame(data: Any, name: str = "frame") -> SourceTable:
    """A pandas, Polars or PyArrow frame, or a DuckDB relation, as a source table, without converting it to pandas.

    DuckDB reads pandas and Arrow data in place; a Polars frame goes through
    Arrow (no copy); a DuckDB relation is used as it is.
    """
    if isinstance(data, duckdb.DuckDBPyRelation):
        return SourceTable(data, name)
    frame = nw.from_native(data)
    if isinstance(frame, nw.LazyFrame):
        frame = frame.collect()
    connection = duckdb.connect()
    native = frame.to_native()
    if frame.implementation.is_pandas():
        relation = connection.from_df(native)
    else:
        native = frame.to_arrow()
        relation = connection.from_arrow(native)
    return SourceTable(relation, name, keep_alive=(connection, native))
