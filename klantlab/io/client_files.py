"""Opening a client's export as a table: CSV in any dialect, Excel, Parquet, or a frame in memory.

Nothing is converted here: every file column arrives as text (or with its own
type for Parquet and frames), under a unique name, as a lazy DuckDB relation.
Reading the values happens in :mod:`klantlab.io.transactions_import`, which
knows what each column means.

The content decides what a file is, not its name: an .xlsx named ``.csv`` is
read as Excel, a CSV named ``.xlsx`` as CSV, and a PDF or an image under any
name is refused as no text.

Encodings: UTF-8 with or without BOM, UTF-16 with BOM or without (told by the
NUL bytes every other byte of mostly Latin text), and otherwise cp1252 (what
Windows Excel writes for "CSV"); a cp1252 or UTF-16 file is re-encoded once
to a temporary UTF-8 copy that lives as long as the table. A file that holds
many control characters (or NUL bytes in no UTF-16 pattern) is no text.

The table starts at its header row, which need not be the first: title lines
above it (``Verkoopboek``, ``Periode: maart 2025``, as Exact Online writes
them) are skipped, in a CSV file and in a sheet alike (see
:func:`_table_start`). Rows without any value (``;;;`` in a CSV, an empty
row in a sheet) are no rows.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import dataclasses
import datetime as dt
import functools
import mmap
import re
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import narwhals.stable.v2 as nw
import numpy as np
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
PARQUET_SUFFIXES = (".parquet",)
SEPARATORS = (";", ",", "\t", "|")
_HEAD_BYTES = 1 << 20
_HEAD_LINES = 8
"""The head is read on (up to :data:`_HEAD_MAX_BYTES`) until it holds this many line breaks: a 1 MB header is whole."""
_HEAD_MAX_BYTES = 64 << 20
_SAMPLE_ROWS = 200
_VALIDATE_WHOLE_FILE_BYTES = 64 << 20
_CHUNK = 16 << 20
_SCAN_CHUNK = 1 << 20
"""NumPy looks at the file in pieces of this size (a few GB/s; larger pieces are slower)."""
_TEXT_TYPES = ("VARCHAR",)
_NAME_CHARS = 100
"""Longer column names are cut (a 1 MB "name" is a broken export, not a name anyone types)."""
_DUCKDB_LINE_BYTES = 2_097_152
"""DuckDB's default ``max_line_size``; a file with a longer line is read with a larger one."""
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"
_PARQUET_MAGIC = b"PAR1"
#: The first bytes of files people save under a .csv name that are no table: PDF, PNG, GIF, JPEG, gzip, 7-Zip,
#: RAR, an executable.
_BINARY_MAGIC = (b"%PDF-", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"\x1f\x8b", b"7z\xbc\xaf\x27\x1c",
                 b"Rar!\x1a\x07", b"\x7fELF")  # fmt: skip
#: Characters no text export holds (tab, line ends, form feed, vertical tab and Ctrl+Z do occur), and U+FFFD for a
#: byte that is no character in the encoding.
_CONTROL = re.compile("[\x00-\x08\x0e-\x19\x1b-\x1f\x7f-\x9f\ufffd]")
_CONTROL_SHARE = 0.02
_CONTROL_MINIMUM = 8
_UTF16_SAMPLE = 4096
_BLANK_CHARS = " \t\r\n\u00a0"


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
    empty_rows: bool = False
    """For CSV: the file holds rows without any value (``;;;``); the relation, and :meth:`typed_csv`, leave them out."""
    kind: str = ""
    """``csv``, ``excel``, ``parquet``, or empty for a frame: which message a reading error gets."""
    keep_alive: tuple[Any, ...] = field(default=(), repr=False)
    stamp: tuple[int, int] | None = None
    """The file's size and modification time (ns) when it was opened."""

    def check_unchanged(self) -> None:
        """Raise :class:`ImportFileError` when the file was removed, truncated or replaced since it was opened."""
        if self.path is not None and self.stamp is not None and _stamp(self.path) != self.stamp:
            raise ImportFileError("error.import.changed_during_read", self.path)

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
        column_types = {name: types.get(name, "VARCHAR") for name in self.columns}
        columns = ", ".join(f"{_sql_string(name)}: {_sql_string(kind)}" for name, kind in column_types.items())
        extra = f", {options}" if options else ""
        sql = (
            f"SELECT * FROM read_csv({_sql_string(str(self.text_file))}, {self.csv_options}{extra}, auto_detect=false,"
            f" columns={{{columns}}}, store_rejects=true, rejects_table={_sql_string(rejects)},"
            f" rejects_scan={_sql_string(rejects + '_scan')})"
        )
        if self.empty_rows:
            sql += f" WHERE {_filled_row_sql(column_types)}"
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

        DuckDB skips blank lines in a CSV file (and klantlab rows without any
        value); they are counted here, in one pass over the file, so that a
        reported line is the line a user sees in an editor.
        """
        if self.row_lines:
            return [self.row_lines[row - 1] for row in rows]
        if self.text_file is None:
            return [row + self.header_line for row in rows]
        wanted = sorted(set(rows))
        found: dict[int, int] = {}
        data_row = 0
        no_value = (b' \t\r\n"' + (self.separator or "").encode()) if self.empty_rows else b" \t\r\n"
        with self.text_file.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if number <= self.header_line or not line.strip(no_value):
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
        try:
            return self.query(f"SELECT {texts} FROM source LIMIT 5000").fetchall()
        except (
            duckdb.Error
        ) as error:  # what the reader meets in the rows: a damaged Parquet page, a CSV it cannot parse
            key = {"parquet": "error.import.parquet_unreadable", "csv": "error.import.csv_unreadable"}.get(self.kind)
            if key is None:
                raise
            raise ImportFileError(key, self.path or self.name, reason=_reason(error)) from error

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
    """Header names made usable: trimmed, cut at 100 characters, empty ones named by position, repeats numbered.

    Returns the names and the names that were repeated: ``["omzet", "omzet"]`` →
    ``["omzet", "omzet (2)"]``, ``["omzet"]``.
    """
    result: list[str] = []
    repeated: list[str] = []
    seen: dict[str, int] = {}
    for position, raw in enumerate(names, start=1):
        name = str(raw).strip().lstrip("\ufeff").strip() if raw is not None else ""
        if len(name) > _NAME_CHARS:
            name = name[: _NAME_CHARS - 1] + "…"
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


def _filled(cell: object) -> bool:
    return cell is not None and bool(str(cell).strip(_BLANK_CHARS))


def _width(row: Sequence[object]) -> int:
    """The number of cells up to the last filled one (trailing empty cells do not count)."""
    for index in range(len(row) - 1, -1, -1):
        if _filled(row[index]):
            return index + 1
    return 0


def _table_start(rows: Sequence[Sequence[object]]) -> int | None:
    """Which of ``rows`` (none of them empty) is the header; None when there are none.

    The header is the first row with at least two filled cells and no fewer
    than the rows after it usually have (the most common number of filled
    cells among them, the smaller one on a tie). Rows above it are titles:
    ``Verkoopboek``, ``Administratie: 001``, or ``Periode | maart 2025``
    above a table of more columns. When no row qualifies (a list of one
    column), the first row is the header.
    """
    filled = [sum(_filled(cell) for cell in row) for row in rows]
    for index, count in enumerate(filled):
        if count < 2:
            continue
        after = Counter(filled[index + 1 :])
        usual = max(after.items(), key=lambda item: (item[1], -item[0]))[0] if after else 0
        if count >= usual:
            return index
    return 0 if rows else None


@contextlib.contextmanager
def _field_limit(lines: Sequence[str]) -> Iterator[None]:
    """Python's csv module refuses fields over 128 KiB: allow fields as long as ``lines`` together, for a while."""
    needed = sum(len(line) + 1 for line in lines)
    old = csv.field_size_limit()
    if needed <= old:
        yield
        return
    csv.field_size_limit(needed)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _parse(lines: Sequence[str], separator: str) -> list[tuple[int, list[str]]]:
    """The rows of ``lines`` split on ``separator`` with the index of the line each starts on; empty rows left out."""
    rows = []
    with _field_limit(lines):
        reader = csv.reader(lines, delimiter=separator)
        start = 0
        for row in reader:
            if any(_filled(cell) for cell in row):
                rows.append((start, row))
            start = reader.line_num
    return rows


def _sniff(lines: Sequence[str], separators: Sequence[str] = SEPARATORS) -> tuple[str, int, list[str]] | None:
    """The separator, the index of the header's line and the header, for ``lines`` (the head of a file).

    Each separator splits the lines into rows; its table starts at the header
    :func:`_table_start` finds. The separator under which most of the lines
    are rows like the header (as many fields, or filled up to the same
    column) wins; titles above the header count against it. Then the one
    with the wider header, then the one whose header starts earlier; ``;``
    wins ties. None when no separator splits the header in two or more.
    """
    best: tuple[tuple[float, int, int], str, int, list[str]] | None = None
    for separator in separators:
        rows = _parse(_before_unclosed_quote(lines, separator), separator)
        start = _table_start([row for _, row in rows])
        if start is None:
            continue
        line, header = rows[start]
        width = _width(header)
        if width < 2 and len(separators) > 1:
            continue
        alike = sum(len(row) == len(header) or _width(row) == width for _, row in rows[start:])
        score = (alike / len(rows), width, -start)
        if best is None or score > best[0]:
            best = (score, separator, line, header)
    return None if best is None else best[1:]


def _before_unclosed_quote(lines: Sequence[str], separator: str) -> Sequence[str]:
    """The lines before the one where, split on ``separator``, a quoted field opens that the lines never close.

    Such a field swallows every line after it: under the right separator
    that is a broken file (said when it is read), under a wrong one the
    quote is a character; either way those lines tell nothing about the
    separator.
    """
    text = "\n".join(lines)
    match = _quoted_fields(separator).match(text)
    if match is None or match.end() >= len(text):
        return lines
    return lines[: text.count("\n", 0, match.end())]


def sniff_separator(lines: Sequence[str]) -> str | None:
    """The separator that splits ``lines`` (from the header on) into rows as wide as the header; ``;`` wins ties."""
    found = _sniff(lines)
    return found[0] if found else None


def read_client_file(path: Path | str, *, sheet: str | None = None, progress: Progress | None = None) -> SourceTable:
    """Open the export at ``path``; raises :class:`ImportFileError` with a message the user can act on.

    The table remembers the file's size and modification time: a file removed, truncated or replaced while it is
    read (or before it is summed) is reported by :meth:`SourceTable.check_unchanged`, never half analysed.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFileError("error.import.not_found", path)
    stamp = _stamp(path)
    table = dataclasses.replace(_read_client_file(path, sheet, progress), stamp=stamp)
    table.check_unchanged()
    return table


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns


def _read_client_file(path: Path, sheet: str | None, progress: Progress | None) -> SourceTable:
    size = path.stat().st_size
    if size == 0:
        raise ImportFileError("error.import.empty", path)
    head = _read_head(path, size)
    suffix = path.suffix.lower()
    if suffix == ".xls" or head.startswith(_OLE_MAGIC):
        raise ImportFileError("error.import.old_excel", path)
    if head.startswith(_ZIP_MAGIC):
        return _read_excel(path, sheet, progress)
    if head.startswith(_PARQUET_MAGIC):
        return _read_parquet(path)
    if head.startswith(_BINARY_MAGIC):
        raise ImportFileError("error.import.binary", path)
    # Named .xlsx or .parquet without being one: a CSV under the wrong name is read as CSV; anything else gets the
    # named format's own message (a damaged Excel or Parquet file).
    named: Callable[[], SourceTable] | None = None
    if suffix in EXCEL_SUFFIXES:
        named = functools.partial(_read_excel, path, sheet, progress)
    elif suffix in PARQUET_SUFFIXES:
        named = functools.partial(_read_parquet, path)
    return _read_csv(path, head, size, progress, named)


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _reason(error: BaseException) -> str:
    """The first line of a reader's error, at most 300 characters (DuckDB quotes the whole line it failed on)."""
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:300]


def _read_head(path: Path, size: int) -> bytes:
    """The first MB of the file, or more when that holds fewer than a few line breaks (a very long header)."""
    with path.open("rb") as handle:
        parts = [handle.read(_HEAD_BYTES)]
        breaks = parts[0].count(b"\n") + parts[0].count(b"\r")
        read = len(parts[0])
        while breaks < _HEAD_LINES and read < min(size, _HEAD_MAX_BYTES) and (more := handle.read(_HEAD_BYTES)):
            parts.append(more)
            breaks += more.count(b"\n") + more.count(b"\r")
            read += len(more)
    return b"".join(parts)


def _read_parquet(path: Path) -> SourceTable:
    connection = duckdb.connect()
    try:
        relation = connection.sql(f"SELECT * FROM read_parquet({_sql_string(str(path))})")
    except duckdb.Error as error:  # DuckDB reads the footer (the schema) here: a damaged file fails now
        raise ImportFileError("error.import.parquet_unreadable", path, reason=_reason(error)) from error
    return SourceTable(relation, path.name, path, kind="parquet", keep_alive=(connection,))


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when NUL bytes fill the high byte of mostly every character; else None.

    Text in Latin letters, digits and separators written as UTF-16 has a NUL
    in every other byte (``k\\x00l\\x00``): at odd positions for little
    endian, at even ones for big endian, and hardly any at the other
    positions. A binary file has NUL bytes anywhere.
    """
    sample = head[:_UTF16_SAMPLE]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0) / (len(sample) / 2), sample[1::2].count(0) / (len(sample) / 2)
    if odd >= 0.5 and even <= 0.05:
        codec = "utf-16-le"
    elif even >= 0.5 and odd <= 0.05:
        codec = "utf-16-be"
    else:
        return None
    try:
        codecs.getincrementaldecoder(codec)().decode(sample)  # a character cut at the end waits, it is no error
    except UnicodeDecodeError:
        return None
    return codec


def _encoding(path: Path, head: bytes, size: int) -> str:
    """The file's encoding; raises ``error.import.binary`` for a file that is no text in any of them."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in head:
        encoding = _utf16_without_bom(head) or ""
        if not encoding:
            raise ImportFileError("error.import.binary", path)
    else:
        encoding = _utf8_or_cp1252(path, head, size)
    text = codecs.getincrementaldecoder(_head_codec(encoding))(errors="replace").decode(head[:65536])
    controls = len(_CONTROL.findall(text))
    if controls >= _CONTROL_MINIMUM and controls > _CONTROL_SHARE * len(text):
        raise ImportFileError("error.import.binary", path)
    return encoding


def _utf8_or_cp1252(path: Path, head: bytes, size: int) -> str:
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


def _head_codec(encoding: str) -> str:
    return "utf-8-sig" if encoding == "utf-8" else encoding


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


@dataclass(frozen=True)
class _TextFacts:
    """What one look at the whole (UTF-8) text file tells, each by a byte search DuckDB's reading needs."""

    quoted: bool
    """It holds a double quote (then one thread reads it: DuckDB pads short rows only so)."""
    unclosed_quote: int | None
    """The byte where a quoted field starts that is never closed and runs over the following lines; else None."""
    longest_line: int
    """The length of the longest line when one is longer than DuckDB reads by default; else 0."""
    empty_rows: bool
    """A line holds only separators (and spaces or quotes): a row without any value."""


def _text_facts(path: Path, separator: str) -> _TextFacts:
    if path.stat().st_size == 0:
        return _TextFacts(False, None, 0, False)
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        quoted = data.find(b'"') != -1
        unclosed = _unclosed_quote(data, separator) if quoted and _odd_quotes(data) else None
        line_end = b"\n" if data.find(b"\n") != -1 else b"\r"
        return _TextFacts(quoted, unclosed, _longest_line(data), _has_empty_rows(data, separator, line_end))


def _odd_quotes(data: mmap.mmap) -> bool:
    """Whether the file holds an odd number of double quotes: only then can a quoted field be left open."""
    count = 0
    buffer = np.frombuffer(data, dtype=np.uint8)
    found = np.empty(_SCAN_CHUNK, dtype=bool)
    chunk = buffer[:0]
    try:
        for start in range(0, len(buffer), _SCAN_CHUNK):
            chunk = buffer[start : start + _SCAN_CHUNK]
            count += int(np.count_nonzero(np.equal(chunk, ord('"'), out=found[: len(chunk)])))
    finally:
        del buffer, chunk  # the memory map cannot close while NumPy still looks at it
    return count % 2 == 1


@functools.cache
def _quoted_fields(separator: str) -> re.Pattern[str]:
    """Text, quoted fields and stray quotes, as DuckDB reads them, up to a quoted field that is never closed.

    A quote opens a field only at its start (after the separator, a line
    break or at the start of the file); ``""`` inside is one quote; any
    other quote is a character (``27" breed``).
    """
    ends = re.escape(separator) + r"\r\n"
    return re.compile(r'(?:[^"]++|(?<![^' + ends + r'])"(?:[^"]++|"")*+"|(?<=[^' + ends + r'])")*+')


@functools.cache
def _quoted_fields_bytes(separator: str) -> re.Pattern[bytes]:
    return re.compile(_quoted_fields(separator).pattern.encode())


def _unclosed_quote(data: mmap.mmap, separator: str) -> int | None:
    """Where a quoted field opens that runs to the end of the file over at least one more line, else None."""
    match = _quoted_fields_bytes(separator).match(data)
    if match is None or match.end() >= len(data):
        return None
    opened = match.end()
    breaks = [data.find(end, opened) for end in (b"\n", b"\r")]
    following = min((found for found in breaks if found != -1), default=-1)
    if following == -1 or not data[following:].strip():
        return None  # the last line's field: nothing else is swallowed
    return opened


def _line_of(path: Path, offset: int) -> int:
    """The line (1-based) the byte ``offset`` of ``path`` is on."""
    with path.open("rb") as handle:
        return len(_LINE_BREAK_BYTES.findall(handle.read(offset))) + 1


def _longest_line(data: mmap.mmap) -> int:
    """The length of the longest line if one is longer than DuckDB's default line size allows, else 0.

    Every line of 2 MB or more spans a whole aligned window of 1 MB without a
    line break, so only those windows are looked at closer: one byte search
    per MB for an ordinary file.
    """
    size, step = len(data), _DUCKDB_LINE_BYTES // 2
    longest, position = 0, 0
    while position < size:
        end = min(position + step, size)
        if data.find(b"\n", position, end) != -1 or data.find(b"\r", position, end) != -1:
            position = end
            continue
        # The line starts after the last break of the window before (which has one, or was skipped with its line).
        low = max(0, position - step)
        start = max(data.rfind(b"\n", low, position), data.rfind(b"\r", low, position)) + 1 if position else 0
        stop = data.find(b"\n", end)
        stop = size if stop == -1 else stop
        carriage = data.find(b"\r", end, stop)
        stop = stop if carriage == -1 else carriage
        longest = max(longest, stop - start)
        position = stop + 1
    return longest


@functools.cache
def _empty_row(separator: str) -> re.Pattern[bytes]:
    """The rest of a line of only separators, spaces, tabs and quotes, with one separator at least (``;;;``)."""
    sign = re.escape(separator.encode())
    return re.compile(rb'[ \t"]*' + sign + rb"[" + sign + rb' \t"]*(?=[\r\n]|\Z)')


def _has_empty_rows(data: mmap.mmap, separator: str, line_end: bytes) -> bool:
    """Whether a line holds only separators, spaces, tabs and quotes, with one separator at least (``;;;``).

    NumPy marks the lines that start with the separator or with a character
    before ``0`` (space, tab, some punctuation; a quote only when another
    follows it: ``"K1"`` starts a filled row), at a few GB/s; only those
    few lines are matched against :func:`_empty_row`.
    """
    if len(data) < 2:
        return False
    pattern = _empty_row(separator)
    buffer = np.frombuffer(data, dtype=np.uint8)
    after_end, low, other = (np.empty(_SCAN_CHUNK, dtype=bool) for _ in range(3))
    quote = ord('"')
    chunk = first = second = buffer[:0]
    try:
        for start in range(0, len(buffer) - 1, _SCAN_CHUNK):
            chunk = buffer[start : start + _SCAN_CHUNK + 2]
            n = min(len(chunk) - 1, _SCAN_CHUNK)
            first, second = chunk[1 : n + 1], chunk[2 : n + 2]
            np.equal(chunk[:n], line_end[0], out=after_end[:n])
            np.less(first, ord("0"), out=low[:n])
            if ord(separator) >= ord("0"):  # ";" and "|"; a comma and a tab are before "0"
                np.logical_or(low[:n], np.equal(first, ord(separator), out=other[:n]), out=low[:n])
            np.logical_and(after_end[:n], low[:n], out=after_end[:n])
            if not after_end[:n].any():
                continue
            # A quote followed by anything but a quote opens a filled field: most lines of a file that quotes all.
            np.equal(first, quote, out=low[:n])
            np.not_equal(second, quote, out=other[: len(second)])
            other[len(second) : n] = True
            np.logical_and(low[:n], other[:n], out=low[:n])
            np.logical_and(after_end[:n], np.logical_not(low[:n], out=low[:n]), out=after_end[:n])
            if any(pattern.match(data, start + int(offset) + 1) for offset in np.flatnonzero(after_end[:n])):
                return True
        return False
    finally:
        del buffer, chunk, first, second  # the memory map cannot close while NumPy still looks at it


def _filled_row_sql(column_types: dict[str, str]) -> str:
    """SQL that is true for a row with at least one value (text that is more than spaces)."""
    blank = "' \t\r\n\u00a0'"
    tests = [
        f"nullif(trim({quote_identifier(name)}, {blank}), '') IS NOT NULL"
        if kind == "VARCHAR"
        else f"{quote_identifier(name)} IS NOT NULL"
        for name, kind in column_types.items()
    ]
    return "(" + " OR ".join(tests) + ")"


def _read_csv(
    path: Path, head: bytes, size: int, progress: Progress | None, named: Callable[[], SourceTable] | None
) -> SourceTable:
    """Read a text table; ``named`` reads the file as the format its name says, for when it is no table."""
    try:
        encoding = _encoding(path, head, size)
    except ImportFileError:
        if named is not None:
            return named()
        raise
    text = codecs.getincrementaldecoder(_head_codec(encoding))(errors="replace").decode(head)
    raw_lines = _LINE_BREAK.split(text)
    if len(head) < size and len(raw_lines) > 1:
        raw_lines = raw_lines[:-1]  # the last line of the head may be cut off
    # Lines before the header: blank lines, and the "sep=;" line Excel writes to name the separator.
    first = 0
    hinted = None
    while first < len(raw_lines) and not raw_lines[first].strip():
        first += 1
    if first < len(raw_lines) and (hint := re.fullmatch(r"\s*sep=(.)\s*", raw_lines[first])):
        hinted = hint.group(1)
        first += 1
    sample = _sample(raw_lines, first)
    if not sample:
        raise ImportFileError("error.import.empty", path)
    found = _sniff(sample, (hinted,) if hinted else SEPARATORS)
    if found is None:
        if named is not None:
            return named()
        found = _sniff(sample, (",",))
    if found is None:
        raise ImportFileError("error.import.empty", path)
    separator, header_offset, header = found
    header_line = first + header_offset
    names, repeated = unique_names(header)
    folder = None
    readable = path
    if encoding != "utf-8":
        folder = tempfile.TemporaryDirectory(prefix="klantlab-import-")
        readable = _transcode(path, encoding, Path(folder.name), progress)
    facts = _text_facts(readable, separator)
    if facts.unclosed_quote is not None:
        raise ImportFileError("error.import.unclosed_quote", path, line=_line_of(readable, facts.unclosed_quote))
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
            *(["parallel=false"] if facts.quoted else []),
            *(
                [f"max_line_size={facts.longest_line + 65536}"]
                if facts.longest_line >= _DUCKDB_LINE_BYTES - 65536
                else []
            ),
        ]
    )
    # Every column as text, named as the header says: nothing for DuckDB to detect (no sniffing of the file).
    columns = ", ".join(f"{_sql_string(name)}: 'VARCHAR'" for name in names)
    sql = f"SELECT * FROM read_csv({_sql_string(str(readable))}, {options}, auto_detect=false, columns={{{columns}}})"
    if facts.empty_rows:
        sql += f" WHERE {_filled_row_sql(dict.fromkeys(names, 'VARCHAR'))}"
    return SourceTable(
        connection.sql(sql),
        path.name,
        path,
        encoding=encoding,
        separator=separator,
        renamed_duplicates=tuple(repeated),
        header_line=header_line + 1,
        text_file=readable,
        csv_options=options,
        empty_rows=facts.empty_rows,
        kind="csv",
        keep_alive=(connection, folder),
    )


def _sample(lines: Sequence[str], first: int) -> list[str]:
    """The lines from ``first`` on, up to the 200th that is not blank (blank ones kept: they count as lines)."""
    sample: list[str] = []
    filled = 0
    for line in lines[first:]:
        sample.append(line)
        filled += bool(line.strip())
        if filled == _SAMPLE_ROWS:
            break
    while sample and not sample[-1].strip():
        sample.pop()
    return sample


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


def _filled_rows(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows of a sheet that hold a value, with their sheet row number."""
    for number, row in enumerate(rows, start=1):
        if any(_filled(cell) for cell in row):
            yield number, row


def _read_excel(path: Path, sheet: str | None, progress: Progress | None) -> SourceTable:
    import openpyxl  # only needed for Excel files

    # openpyxl refuses a file by its name (an .xlsx named .csv); given the open file it reads what is in it.
    with path.open("rb") as handle:
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many types for damaged files
            raise ImportFileError("error.import.excel_unreadable", path, reason=_reason(error)) from error
        try:
            return _read_sheet(path, book, sheet, progress)
        finally:
            book.close()


def _read_sheet(path: Path, book: Any, sheet: str | None, progress: Progress | None) -> SourceTable:
    sheets = tuple(book.sheetnames)
    if sheet is not None and sheet not in sheets:
        raise ImportFileError("error.import.sheet_missing", path, sheet=sheet, sheets=", ".join(sheets))
    worksheet = book[sheet] if sheet is not None else book.worksheets[0]
    total = worksheet.max_row or 0
    rows = _filled_rows(worksheet.iter_rows(values_only=True))
    head = [row for _, row in zip(range(_SAMPLE_ROWS), rows, strict=False)]
    if not head:
        with_data = [other.title for other in book.worksheets if other is not worksheet and next(
            _filled_rows(other.iter_rows(values_only=True)), None)]  # fmt: skip
        if not with_data:
            raise ImportFileError("error.import.empty", path)
        raise ImportFileError("error.import.sheet_empty", path, sheet=worksheet.title,
                              sheets=", ".join(f"'{name}'" for name in with_data), example=with_data[0],
                              sheets_with_data=tuple(with_data))  # fmt: skip
    start = _table_start([row for _, row in head]) or 0
    header_number, header = head[start]
    width = len(header)  # the sheet's used width: a column of values without a name is kept (as "kolom 5")
    columns: list[list[str | None]] = [[] for _ in range(width)]
    row_lines: list[int] = []  # the sheet row of each data row: empty rows are skipped, not data
    for number, row in [*head[start + 1 :], *rows]:
        cells = [_cell_text(row[index]) if index < len(row) else None for index in range(width)]
        if not any(_filled(cell) for cell in cells):
            continue  # values only right of the table's columns
        for index, cell in enumerate(cells):
            columns[index].append(cell)
        row_lines.append(number)
        if progress and number % 20_000 == 0 and total:
            progress(min(number / total, 1.0))
    # Columns without a name and without a value are the empty ones left of a table that starts at C3.
    kept = [index for index in range(width) if _filled(header[index]) or any(_filled(cell) for cell in columns[index])]
    names, repeated = unique_names([header[index] for index in kept])
    table = pa.table(
        {name: pa.array(columns[index], type=pa.string()) for name, index in zip(names, kept, strict=True)}
    )
    connection = duckdb.connect()
    relation = connection.from_arrow(table)
    return SourceTable(
        relation,
        path.name,
        path,
        sheet=worksheet.title,
        sheets=sheets,
        renamed_duplicates=tuple(repeated),
        header_line=header_number,
        row_lines=tuple(row_lines),
        kind="excel",
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
