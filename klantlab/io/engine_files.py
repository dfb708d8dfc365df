"""Opening a (large) export with Spark or Dask, as a lazy frame in klantlab's columns.

``klantlab pyramid --engine spark|dask PATH`` reads PATH where the engine
runs: one Parquet or CSV file, a folder of them, or a pattern such as
``facturen/*.parquet``. Nothing is read into this process: the columns are
renamed to klantlab's (:func:`~klantlab.io.column_mapping.guess_mapping`, and
``--map TARGET=COLUMN``), text amounts are read in their number format and
text fields trimmed, all as narwhals expressions on the engine's frame
(:mod:`klantlab.io.engine_values`). Only the first 5,000 values of the
mapped columns come here, to recognise their formats.

Where the engine runs: Spark on ``KLANTLAB_SPARK_MASTER`` (default
``local[2]``, on this computer), Dask on the scheduler at
``KLANTLAB_DASK_SCHEDULER`` (default: Dask's own threads on this computer).
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import os
import re
import shutil
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import narwhals.stable.v2 as nw

from klantlab.errors import ImportFileError, KlantlabError
from klantlab.i18n import label
from klantlab.io.client_files import sniff_separator, unique_names
from klantlab.io.column_mapping import ColumnTarget, mapping_with, missing_targets
from klantlab.io.engine_values import as_narwhals, marked_text, number_value, plain_float, with_date_text
from klantlab.io.value_formats import (
    DATE_ORDERS,
    DateFormat,
    detect_currency,
    detect_date_format,
    detect_number_format,
)

__all__ = [
    "DASK_SCHEDULER_ENV",
    "ENGINES",
    "SPARK_MASTER_ENV",
    "EngineSource",
    "EngineTable",
    "is_url",
    "open_engine_table",
]

ENGINES = ("duckdb", "spark", "dask")
"""Where ``klantlab pyramid`` sums the transactions: DuckDB on this computer, or Spark or Dask."""
SPARK_MASTER_ENV = "KLANTLAB_SPARK_MASTER"
DASK_SCHEDULER_ENV = "KLANTLAB_DASK_SCHEDULER"
_PACKAGES = {"spark": ("pyspark", "pyspark"), "dask": ("dask.dataframe", "dask[dataframe]")}
_TEXT_TARGETS = (ColumnTarget.customer_id, ColumnTarget.status, ColumnTarget.account_manager, ColumnTarget.name,
                 ColumnTarget.invoice_number)  # fmt: skip
_AMOUNT_TARGETS = (ColumnTarget.revenue, ColumnTarget.margin, ColumnTarget.quantity, ColumnTarget.unit_price,
                   ColumnTarget.potential, ColumnTarget.contacts)  # fmt: skip
_SAMPLE_ROWS = 5000
_HEAD_BYTES = 1 << 16


@dataclass(frozen=True)
class EngineSource:
    """What a report says about where the data came from (as :class:`~klantlab.io.client_files.SourceTable`)."""

    name: str
    path: Path | None = None


@dataclass(eq=False)
class EngineTable:
    """An export opened in Spark or Dask: the lazy frame in klantlab's columns, where it came from, the mapping.

    Use it in a ``with`` block: on leaving, a Spark session or Dask client
    this module started is closed again, and an engine's own error becomes an
    :class:`~klantlab.errors.ImportFileError` that says what failed.
    """

    frame: Any
    """The engine's own lazy frame (a PySpark or Dask DataFrame)."""
    source: EngineSource
    mapping: dict[str, str]
    engine: str
    currency: str | None = None
    """The currency the amounts or their column names show (ISO code), None when they show none."""
    _close: list[Any] = field(default_factory=list, repr=False)

    def close(self) -> None:
        while self._close:
            with contextlib.suppress(Exception):  # closing is best effort; the result is already out
                self._close.pop()()

    def __enter__(self) -> EngineTable:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, traceback: Any) -> None:
        self.close()
        if error is not None and isinstance(error, Exception) and not isinstance(error, KlantlabError):
            raise ImportFileError(
                "error.engine.failed", self.source.path or self.source.name, engine=self.engine, reason=_reason(error)
            ) from error


def _reason(error: BaseException) -> str:
    """The first line of an engine's error (a Java stack trace is of no use to the person at the screen)."""
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:300]


def is_url(location: str) -> bool:
    """Whether ``location`` names data the engine reads itself (``hdfs://``, ``s3://``…), not a local path."""
    return re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", location) is not None


def _files(location: str) -> tuple[list[str], str]:
    """The files PATH names and their kind (``parquet`` or ``csv``); raises when there are none.

    A URL is handed to the engine as it is (a name ending in ``.csv`` is CSV,
    anything else Parquet): only the engine can see what lies there.
    """
    if is_url(location):
        return [location], "csv" if location.lower().endswith((".csv", ".txt", ".tsv")) else "parquet"
    path, text = Path(location), location
    if path.is_dir():
        found = sorted(str(p) for p in path.rglob("*") if p.is_file() and not p.name.startswith((".", "_")))
    elif path.is_file():
        found = [text]
    elif glob.has_magic(text):
        found = sorted(p for p in glob.glob(text, recursive=True) if Path(p).is_file())
    else:
        raise ImportFileError("error.import.not_found", path)
    parquet = [p for p in found if p.lower().endswith(".parquet") or _starts_with(p, b"PAR1")]
    if parquet:  # a folder goes to the engine as it is: it reads partitioned folders (year=2025/…) too
        return ([text] if path.is_dir() else parquet), "parquet"
    csv = [p for p in found if p.lower().endswith((".csv", ".txt", ".tsv"))]
    if csv:
        return csv, "csv"
    raise ImportFileError("error.engine.no_files", path)


def _starts_with(path: str, magic: bytes) -> bool:
    with open(path, "rb") as handle:
        return handle.read(len(magic)) == magic


def _csv_dialect(first: str) -> tuple[str, str]:
    """Separator and encoding (``utf-8`` or ``cp1252``) of a CSV file, from its first lines (a URL: ``,``, UTF-8)."""
    if is_url(first):
        return ",", "utf-8"
    with open(first, "rb") as handle:
        head = handle.read(_HEAD_BYTES)
    try:
        text, encoding = head.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        encoding = "utf-8" if error.start >= len(head) - 3 else "cp1252"
        text = head.decode(encoding, errors="ignore")
    lines = [line for line in text.splitlines()[:200] if line.strip()]
    return sniff_separator(lines) or ",", encoding


def _needs(engine: str) -> None:
    module, package = _PACKAGES[engine]
    try:
        found = importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        found = False
    if not found:
        raise ImportFileError("error.engine.missing", None, engine=engine, package=package)
    if engine == "spark":
        java_home = os.environ.get("JAVA_HOME")
        if not shutil.which("java") and not (java_home and (Path(java_home) / "bin" / "java").exists()):
            raise ImportFileError("error.engine.no_java", None)


def _spark(files: list[str], kind: str, where: Path | str, closers: list[Any]) -> tuple[Any, str | None]:
    from pyspark.sql import SparkSession

    running = SparkSession.getActiveSession()
    try:
        session = (
            SparkSession.builder.master(os.environ.get(SPARK_MASTER_ENV, "local[2]"))
            .appName("klantlab")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
    except Exception as error:  # Spark raises many kinds (Java gateway, connection) when it cannot start
        raise ImportFileError("error.engine.failed", where, engine="spark", reason=_reason(error)) from error
    if running is None:
        session.sparkContext.setLogLevel("ERROR")
        closers.append(session.stop)
    if kind == "parquet":
        return session.read.parquet(*files), None
    separator, encoding = _csv_dialect(files[0])
    reader = session.read.options(header="true", sep=separator, encoding=encoding, inferSchema="false")
    return reader.csv(files), separator


def _dask(files: list[str], kind: str, where: Path | str, closers: list[Any]) -> tuple[Any, str | None]:
    import dask.dataframe as dd

    address = os.environ.get(DASK_SCHEDULER_ENV)
    if address:
        try:
            from distributed import Client

            client = Client(address, timeout="30s")
        except Exception as error:  # no distributed, or no scheduler at that address
            raise ImportFileError("error.engine.failed", where, engine="dask", reason=_reason(error)) from error
        closers.append(client.close)
    if kind == "parquet":
        return dd.read_parquet(files), None
    separator, encoding = _csv_dialect(files[0])
    return dd.read_csv(files, sep=separator, dtype=str, encoding="utf-8-sig" if encoding == "utf-8" else encoding,
                       blocksize="64MB"), separator  # fmt: skip


def _mapping(columns: list[str], pairs: Sequence[str], where: Path | str) -> dict[str, str]:
    mapping = {target: column for target, column in mapping_with(columns, pairs).items() if column}
    unknown = sorted(set(mapping) - {target.value for target in ColumnTarget})
    if unknown:
        raise ImportFileError("error.import.unknown_target", where, target=unknown[0],
                              targets=", ".join(target.value for target in ColumnTarget))  # fmt: skip
    listing = ", ".join(f"'{column}'" for column in columns)
    absent = [column for column in mapping.values() if column not in columns]
    if absent:
        raise ImportFileError("error.import.unknown_column", where, column=absent[0], columns=listing)
    missing = missing_targets(mapping)
    if missing:
        raise ImportFileError("error.import.missing_columns", where,
                              needed=", ".join(label(target) for target in missing), columns=listing)  # fmt: skip
    return mapping


def _in_klantlab_columns(
    frame: nw.LazyFrame, mapping: Mapping[str, str], separator: str | None, date_order: str | None, where: Path | str
) -> tuple[nw.LazyFrame, str | None]:
    """``frame`` with only the mapped columns, under klantlab's names, read as :mod:`transactions_import` reads
    them, and the currency the amounts show."""
    schema = frame.collect_schema()
    texts = [column for column in dict.fromkeys(mapping.values()) if schema[column] == nw.String]
    head = frame.select(*texts).head(_SAMPLE_ROWS).collect() if texts else None

    def samples(column: str) -> list[str]:
        if head is None or column not in texts:
            return []
        return [value.strip() for value in head[column].to_list() if isinstance(value, str) and value.strip()]

    selects = []
    for target in _TEXT_TARGETS:
        if target in mapping:
            column = mapping[target]
            text = marked_text(nw.col(column), schema[column])
            if target == ColumnTarget.customer_id and any(re.fullmatch(r"\d+\.0+", v) for v in samples(column)):
                excel = text.str.contains(r"^[0-9]+[.]0+$")  # Excel writes numbers as 17850.0
                text = nw.when(excel).then(text.str.replace_all(r"[.]0+$", "")).otherwise(text)
            selects.append(text.alias(target.value))
    amounts: dict[str, nw.Expr] = {}
    for target in _AMOUNT_TARGETS:
        if target in mapping:
            column = mapping[target]
            if schema[column].is_numeric():
                amounts[target] = plain_float(nw.col(column), schema[column])
            else:
                number_format = detect_number_format(samples(column), prefer_decimal_comma=separator == ";")
                amounts[target] = number_value(nw.col(column), schema[column], number_format)
    if ColumnTarget.revenue not in amounts and ColumnTarget.quantity in amounts and ColumnTarget.unit_price in amounts:
        amounts[ColumnTarget.revenue] = amounts[ColumnTarget.quantity] * amounts[ColumnTarget.unit_price]
    selects += [expression.alias(target.value) for target, expression in amounts.items()]
    shown = [text for target in _AMOUNT_TARGETS[:4] if target in mapping
             for text in [mapping[target], *samples(mapping[target])[:1000]]]  # fmt: skip
    currency = detect_currency(shown)
    if ColumnTarget.date not in mapping:
        return frame.select(*selects), currency
    column = mapping[ColumnTarget.date]
    dtype = schema[column]
    if dtype == nw.Date or dtype == nw.Datetime:
        return frame.select(*selects, nw.col(column).alias("date")), currency
    found = samples(column)
    date_format = DateFormat(date_order, DATE_ORDERS[date_order]) if date_order else detect_date_format(found)
    if date_format is None:
        raise ImportFileError("error.import.no_dates", where, column=column, example=found[0] if found else "")
    if not date_order:
        return frame.select(*selects, nw.col(column).alias("date")), currency  # the scan recognises the format
    dated = frame.with_columns(nw.col(column).alias("klantlab_date_text"))
    dated = with_date_text(dated, "klantlab_date_text", dtype, date_format, "klantlab_date_text")
    return dated.select(*selects, nw.col("klantlab_date_text").alias("date")), currency


@contextlib.contextmanager
def _closing_on_error(closers: list[Any]) -> Iterator[None]:
    try:
        yield
    except BaseException:
        for close in reversed(closers):
            with contextlib.suppress(Exception):
                close()
        raise


def open_engine_table(
    path: Path | str, engine: str, pairs: Sequence[str] = (), *, date_order: str | None = None
) -> EngineTable:
    """Open PATH (a Parquet or CSV file, a folder of them, or a glob pattern) with ``engine`` (``spark``, ``dask``).

    A URL (``hdfs://``, ``s3://``…) is read by the engine as it is.
    ``pairs`` are ``TARGET=COLUMN`` overrides of the guessed mapping;
    ``date_order`` (``iso``, ``day_first``, ``month_first``) overrides the date
    format recognised from the values. Raises :class:`ImportFileError` when
    the engine is not installed (or Spark finds no Java), PATH holds no files,
    or the columns do not fit.
    """
    location = str(path)
    path = location if is_url(location) else Path(location)
    if engine not in _PACKAGES:
        raise ValueError(engine)
    _needs(engine)
    files, kind = _files(location)
    closers: list[Any] = []
    with _closing_on_error(closers):
        try:
            native, separator = (_spark if engine == "spark" else _dask)(files, kind, path, closers)
            frame = as_narwhals(native)
            names = list(frame.collect_schema().names())
            clean, _ = unique_names(names)
            if clean != names:
                frame = frame.rename(dict(zip(names, clean, strict=True)))
            mapping = _mapping(clean, pairs, path)
            typed, currency = _in_klantlab_columns(frame, mapping, separator, date_order, path)
        except KlantlabError:
            raise
        except Exception as error:  # a damaged file, a folder the engine cannot read
            raise ImportFileError("error.engine.failed", path, engine=engine, reason=_reason(error)) from error
    source = EngineSource(location) if isinstance(path, str) else EngineSource(path.name, path)
    return EngineTable(typed.to_native(), source, mapping, engine, currency, closers)
