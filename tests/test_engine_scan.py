"""Spark, Dask and Polars lazy frames are summed per customer in their own engine, to exactly DuckDB's figures.

One Spark session (``local[2]``) and one Dask cluster (two worker processes)
serve every test of the file. Spark needs Java: without it the Spark tests
are skipped on a developer's machine, and fail in CI, which installs it
(scripts/install-system-packages.sh).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import shutil
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from klantlab.analysis import analyse_pyramid, customer_attributes, period_values
from klantlab.analysis.customer_values import date_counts
from klantlab.analysis.engine_scan import engine_columns, is_engine_frame
from klantlab.cli import main
from klantlab.io import samples_dir
from klantlab.io.client_files import read_client_file
from klantlab.io.engine_values import key_of_day, number_value, with_date_key
from klantlab.io.transactions_import import import_table
from klantlab.io.value_formats import DATE_ORDERS, DateFormat, date_sql, detect_number_format, number_sql

ENGINES = ("spark", "dask", "polars")
# PySpark 4 and narwhals warn about their own futures (pandas 3, a separate narwhals-dask package).
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning",
    "ignore:The copy keyword is deprecated:DeprecationWarning",
    "ignore:Dask support is moving:FutureWarning",
)
WHEN = dt.datetime(2026, 1, 1, 12, 0)


# --- engines ------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def spark():
    """A local Spark session for the whole test run, stopped at its end."""
    if shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("java is missing in CI: scripts/install-system-packages.sh should have installed it")
        pytest.skip("Java is not installed (Spark needs it); run scripts/install-system-packages.sh")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("klantlab-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def dask_client():
    """A Dask cluster of two single-threaded worker processes, with its client (the default one while it lives)."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    """Each engine in turn; starts only what that engine needs."""
    if request.param == "spark":
        request.getfixturevalue("spark")
    if request.param == "dask":
        request.getfixturevalue("dask_client")
    return request.param


def _in_engine(name: str, frame: pd.DataFrame, *, dates: bool = True):
    """``frame`` as a lazy frame of engine ``name``; Spark and Polars get the dates as Date, Dask as datetime."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if dates and "date" in frame and pd.api.types.is_datetime64_any_dtype(frame["date"]):
        table = table.set_column(table.schema.get_field_index("date"), "date", table["date"].cast(pa.date32()))
    if name == "polars":
        return pl.from_arrow(table).lazy()
    if name == "dask":
        import dask.dataframe as dd

        return dd.from_pandas(frame, npartitions=3)
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession().createDataFrame(table)


@contextlib.contextmanager
def dask_local(engine: str):
    """Dask's own threads instead of the cluster, for a query whose graph costs more to ship than to run."""
    if engine != "dask":
        yield
        return
    import dask

    with dask.config.set(scheduler="threads"):
        yield


def _rounded(value):
    """Floats to 6 decimals (a sum added in another order differs in its last bits), enums as their values."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {str(key): _rounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    return getattr(value, "value", value)


def _figures(data, *args, **kwargs) -> dict:
    """Everything the pyramid shows of ``data``: levels (to the cent), Pareto, churn, the summary, rows left out."""
    current, previous = period_values(data, *args, **kwargs)
    analysis = analyse_pyramid(current, previous)
    levels = analysis.result.levels
    figures = {
        "period": [current.period_start, current.period_end],
        "levels": [(r.level, int(r.customers), round(r.revenue, 2), round(r.margin, 2)) for r in levels.itertuples()],
        "pareto": analysis.pareto.customers,
        "summary": analysis.summary(WHEN).model_dump(exclude={"computed_at"}),
        "churn": dataclasses.asdict(analysis.migration.churn) if analysis.migration else None,
        "rows_total": current.rows_total,
        "rows_left_out": [current.rows_left_out, previous.rows_left_out if previous else None],
        # Per customer, in no order: customers whose sums are equal to the cent may swap places, as the engines
        # (and DuckDB's threads) add in different orders and the last bits of equal sums differ.
        "customers": {
            row.customer_id: (row.active, row.bought_before, round(row.revenue, 2), round(row.margin, 2))
            for row in current.customers.itertuples()
        },
    }
    return _rounded(figures)


# --- the sample client's invoices -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    """The sample invoices as imported (klantlab's columns), amounts as text, with a few rows that are left out."""
    table = import_table(read_client_file(samples_dir() / "verpakkingsmachines_facturen.csv"))
    frame = table.relation.df()[["customer_id", "date", "revenue", "margin"]]
    hostile = pd.DataFrame(
        {
            "customer_id": [None, "K10041", "K10041", "K10051"],
            "date": pd.to_datetime(["2025-03-01", "2025-03-02", None, "2025-03-04"]).astype(frame["date"].dtype),
            "revenue": [99.5, None, 10.0, 12.25],
            "margin": [9.0, 1.0, 1.0, 2.0],
        }
    )
    frame = pd.concat([frame, hostile], ignore_index=True)
    revenue = [None if pd.isna(value) else repr(float(value)) for value in frame["revenue"]]
    revenue[len(frame) - 3] = "abc"  # unreadable amount, as text
    return frame.assign(revenue=pd.array(revenue, dtype="str"))


def test_the_sample_gives_duckdbs_figures_in_every_engine(engine: str, sample: pd.DataFrame) -> None:
    truth = _figures(sample)
    assert truth["rows_left_out"][0] == {"no_customer": 1, "bad_amount": 1, "bad_date": 1}
    assert _figures(_in_engine(engine, sample)) == truth


def test_date_counts_and_columns_come_from_the_engine(engine: str, sample: pd.DataFrame) -> None:
    frame = _in_engine(engine, sample)
    assert is_engine_frame(frame)
    assert engine_columns(frame) == ["customer_id", "date", "revenue", "margin"]
    counts, truth = date_counts(frame), date_counts(sample)
    assert counts.dtypes.to_dict() == {"date": np.dtype("datetime64[ns]"), "rows": np.dtype("int64")}
    pd.testing.assert_frame_equal(counts, truth.astype({"date": "datetime64[ns]"}))


def test_frames_in_memory_and_duckdb_stay_on_the_sql_path(sample: pd.DataFrame) -> None:
    table = import_table(read_client_file(samples_dir() / "verpakkingsmachines_facturen.csv"))
    arrow = pa.Table.from_pandas(sample, preserve_index=False)
    for data in (sample, pl.from_pandas(sample), arrow, duckdb.from_arrow(arrow), table):
        assert not is_engine_frame(data)
    assert is_engine_frame(pl.from_pandas(sample).lazy())


# --- a million rows -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def million(tmp_path_factory) -> tuple[pd.DataFrame, Path]:
    """1,000,000 invoice rows of about 50,000 customers over two years (fixed seed), and the same as Parquet files.

    A few have no customer or no amount, and three stray rows in March 2026
    are dates apart from the rest (outlying).
    """
    rng = np.random.default_rng(20260101)
    n = 1_000_000
    ids = np.char.add("K", np.char.zfill(rng.integers(0, 52_000, n).astype(str), 5)).astype(object)
    ids[rng.random(n) < 0.001] = None
    days = rng.integers(0, 731, n)
    days[:3] = 805  # 2026-03-16
    revenue = np.round(rng.lognormal(5, 1.3, n) * np.where(rng.random(n) < 0.03, -1, 1), 2)
    revenue[rng.random(n) < 0.001] = np.nan
    frame = pd.DataFrame(
        {
            "customer_id": pd.array(ids, dtype="str"),
            "date": (np.datetime64("2024-01-01") + days.astype("timedelta64[D]")).astype("datetime64[us]"),
            "revenue": revenue,
            "margin": np.round(revenue * rng.uniform(0.1, 0.5, n), 2),
        }
    )
    folder = tmp_path_factory.mktemp("million")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    for part in range(4):
        pq.write_table(table.slice(part * n // 4, n // 4), folder / f"part-{part}.parquet")
    return frame, folder


def _read_parquet(name: str, folder: Path):
    if name == "polars":
        return pl.scan_parquet(folder / "*.parquet")
    if name == "dask":
        import dask.dataframe as dd

        return dd.read_parquet(str(folder))
    from pyspark.sql import SparkSession

    return SparkSession.getActiveSession().read.parquet(str(folder))


def test_a_million_rows_give_duckdbs_figures_in_every_engine(engine: str, million) -> None:
    frame, folder = million
    truth = _figures(frame)
    assert truth["rows_left_out"][0]["outlying_date"] == 3
    assert truth["period"] == [dt.date(2025, 1, 1), dt.date(2025, 12, 31)]
    assert len(truth["customers"]) > 45_000
    assert _figures(_read_parquet(engine, folder)) == truth


# --- by hand ------------------------------------------------------------------------------------------------------

HAND = pd.DataFrame(
    {
        "customer_id": ["A", "A", "B", "C", "D", "E", None, "F", "G"],
        "date": [
            "2025-02-01",
            "2025-03-01",
            "2025-04-01",
            "2025-05-01",
            "2024-06-01",
            "2022-05-01",
            "2025-06-01",
            "2025-06-02",
            "2025-02-30",
        ],
        "revenue": ["1000", "-200", "500", "100", "300", "50", "70", "abc", "40"],
    }
)


@pytest.mark.parametrize("name", ["duckdb", *ENGINES])
def test_six_customers_by_hand(name: str, request) -> None:
    if name in ("spark", "dask"):
        request.getfixturevalue({"spark": "spark", "dask": "dask_client"}[name])
    data = HAND if name == "duckdb" else _in_engine(name, HAND)
    current, previous = period_values(data, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    analysis = analyse_pyramid(current, previous, preset="custom", thresholds=[0.34, 0.67])
    levels = analysis.result.levels.set_index("level")
    # Active in 2025: A 800 (a credit note netted), B 500, C 100. 34 % of 3 -> 2 in top, 67 % -> 3: C is large.
    assert levels.loc["top", ["customers", "revenue"]].tolist() == [2, 1300.0]
    assert levels.loc["large", ["customers", "revenue"]].tolist() == [1, 100.0]
    assert levels.loc["inactive", "customers"] == 1  # D bought in June 2024, inside the twelve months before
    assert analysis.pareto.customers == 2  # 80 % of 1400 = 1120: A + B = 1300
    # No customer, "abc", 30 February; E (May 2022) is before the look-back window of either period.
    assert current.rows_left_out == {"no_customer": 1, "bad_amount": 1, "bad_date": 1, "outside_period": 1}
    assert previous.rows_left_out == {"no_customer": 1, "bad_amount": 1, "bad_date": 1, "outside_period": 5}
    churn = analysis.migration.churn
    assert (churn.previous_active, churn.lost, churn.lost_value, churn.new, churn.new_value) == (1, 1, 300.0, 3, 1400.0)
    assert current.customers["customer_id"].tolist() == ["A", "B", "C", "D", "E"]


def test_the_engine_trims_customers_and_reads_text_dates_in_their_format() -> None:
    frame = pl.LazyFrame(
        {
            "customer_id": [" A ", "A", "", "  ", "B", "B", "C"],
            "date": ["5-1-2025", "29-02-2024", "6-1-2025", "7-1-2025", "29-02-2025", "31-4-2025", "1-2-2025"],
            "revenue": [10.0, 5.0, 3.0, 4.0, 8.0, 9.0, 7.0],
        }
    )
    current, _ = period_values(frame, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert current.customers[["customer_id", "revenue"]].values.tolist() == [["A", 10.0], ["C", 7.0]]
    assert current.customers["bought_before"].tolist() == [True, False]  # A: 29 February 2024 reads
    # "" and "  " have no customer; 29-02-2025 and 31-4-2025 are no dates.
    assert current.rows_left_out == {"no_customer": 2, "bad_date": 2}


def test_a_list_without_dates_counts_every_row(engine: str) -> None:
    frame = pd.DataFrame({"customer_id": ["A", "B", "B", "C", None], "revenue": [5.0, 2.0, 2.5, -1.0, 3.0]})
    truth = _figures(frame)
    assert truth["customers"] == {"A": [True, False, 5.0, 0.0], "B": [True, False, 4.5, 0.0],
                                  "C": [False, False, -1.0, 0.0]}  # fmt: skip
    assert truth["rows_left_out"] == [{"no_customer": 1}, None]
    assert _figures(_in_engine(engine, frame)) == truth


def test_dates_and_amounts_read_as_duckdb_reads_them(engine: str) -> None:
    texts = {
        "iso": ["2024-01-05", "2024-1-5", "2024/01/05", "2024-01-05 10:00", "2024-01-05T10:00:00", "2024-02-30",
                "2024-02-29", "2023-02-29", "2000-02-29", "1900-02-29", "2024-13-01", "xx", "", None],
        "day_first": ["5-1-2024", "05-01-2024", "31-12-2024", "31-04-2024", "29-02-2024", "5.1.2024",
                      "5/1/2024", "05-01-24", "05-01-69", "05-01-68", "05-01-2024 9:05", "05-01-2024 25:00",
                      "005-01-2024", None],
        "month_first": ["1/5/2024", "12/31/2024", "13/01/2024", "2/29/2023", "1/5/24", "1-5-2024", "x", "",
                        "1/5/2024 10:00", "02/30/2024", "2/2/2022", "12/1/99", "1/5/2024 1:2", None],
    }  # fmt: skip
    frame = pd.DataFrame(texts)
    native = _in_engine(engine, frame)
    import narwhals.stable.v2 as nw

    lazy = nw.from_native(native)
    formats = {order: DateFormat(order, DATE_ORDERS[order]) for order in texts}
    formats["iso"] = DateFormat("iso", ("%Y-%m-%d",))  # read with DuckDB's own cast
    for order, date_format in formats.items():
        lazy = with_date_key(lazy, order, nw.String, date_format, f"key_{order}")
    amounts = [
        "1.234,56",
        "-12,50",
        "(12,50)",
        "12,50-",
        "€ 1.000",
        "1000",
        "abc",
        "",
        "1.2.3",
        None,
        "0,5",
        "7",
        "€ 12,-",
        "1.250,–",
    ]  # the Dutch "no cents": 12 and 1250, not credit notes
    number_format = detect_number_format([a for a in amounts if a], prefer_decimal_comma=True)
    # Eleven date parts in one query make a large Dask graph: it runs here, not on the cluster (nothing to spread).
    with dask_local(engine):
        got = lazy.select(*(f"key_{order}" for order in texts)).collect(backend="pandas").to_native()
    connection = duckdb.connect()
    for order, date_format in formats.items():
        expected = connection.sql(f"SELECT {date_sql(order, date_format)} AS d FROM frame").df()["d"]
        keys = [None if pd.isna(day) else key_of_day(pd.Timestamp(day).date()) for day in expected]
        assert [None if pd.isna(key) else key for key in got[f"key_{order}"]] == keys, order
    amounts_frame = pd.DataFrame({"amount": amounts})
    native = nw.from_native(_in_engine(engine, amounts_frame, dates=False))
    read = native.select(number_value(nw.col("amount"), nw.String, number_format).alias("amount"))
    read = read.collect(backend="pandas").to_native()["amount"]
    expected = connection.sql(f"SELECT {number_sql('amount', number_format)} AS a FROM amounts_frame").df()["a"]
    assert [None if pd.isna(v) else v for v in read] == [None if pd.isna(v) else v for v in expected]
    assert list(expected)[-2:] == [12.0, 1250.0]


def test_attributes_are_grouped_in_the_engine(engine: str) -> None:
    frame = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "B", "B", None],
            "potential": ["100", "250", "x", None, "40", "999"],
            "account_manager": ["Ans", "Bert", "Bert", "Cor", "Ans", "Dirk"],
            "status": [None, None, None, "lead", "lead", None],
        }
    )
    got = customer_attributes(_in_engine(engine, frame, dates=False))
    assert got.astype(object).where(got.notna(), None).to_dict("list") == {
        "customer_id": ["A", "B"],
        "potential": [250.0, 40.0],
        "account_manager": ["Bert", "Ans"],  # A: Bert twice; B: a tie, the first in text order
        "status": [None, "lead"],
    }
    customers = import_table(read_client_file(samples_dir() / "verpakkingsmachines_klanten.csv"), needs_revenue=False)
    listed = customers.relation.df()
    pd.testing.assert_frame_equal(
        customer_attributes(_in_engine(engine, listed, dates=False)), customer_attributes(customers), check_dtype=False
    )


# --- klantlab pyramid --engine ----------------------------------------------------------------------------------


@pytest.fixture
def parquet_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A client's export as a folder of two Parquet files (client column names), and the same as one file."""
    rng = np.random.default_rng(5)
    n = 600
    frame = pd.DataFrame(
        {
            "Klantnr": pd.array(np.char.add("K", rng.integers(100, 180, n).astype(str)), dtype="str"),
            "Factuurdatum": (np.datetime64("2024-01-01") + rng.integers(0, 700, n).astype("timedelta64[D]")).astype(
                "datetime64[us]"
            ),
            "Bedrag": np.round(rng.lognormal(6, 1, n), 2),
            "Marge": np.round(rng.lognormal(4, 1, n), 2),
        }
    )
    frame.loc[3, "Klantnr"] = None
    frame.loc[4, "Bedrag"] = np.nan
    folder = tmp_path / "facturen"
    folder.mkdir()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    pq.write_table(table.slice(0, 300), folder / "deel-1.parquet")
    pq.write_table(table.slice(300), folder / "deel-2.parquet")
    single = tmp_path / "facturen.parquet"
    pq.write_table(table, single)
    return folder, single


def _json(capsys, *args: str) -> dict:
    assert main(["pyramid", *args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    data.pop("file")
    return data


@pytest.mark.parametrize("name", ["spark", "dask"])
def test_the_command_gives_the_same_pyramid_in_spark_and_dask(name, request, capsys, monkeypatch, parquet_folder):
    client = request.getfixturevalue({"spark": "spark", "dask": "dask_client"}[name])
    if name == "dask":  # through the scheduler's address, as on a cluster
        monkeypatch.setenv("KLANTLAB_DASK_SCHEDULER", client.scheduler.address)
    folder, single = parquet_folder
    truth = _json(capsys, str(single))
    assert truth["rows_left_out"]["no_customer"] == 1 and truth["rows_left_out"]["bad_amount"] == 1
    assert _json(capsys, str(folder), "--engine", name) == truth
    assert _json(capsys, str(folder / "*.parquet"), "--engine", name, "--basis", "margin") == _json(
        capsys, str(single), "--basis", "margin"
    )


def test_the_command_explains_what_is_missing(capsys, monkeypatch, tmp_path: Path) -> None:
    empty = tmp_path / "leeg"
    empty.mkdir()
    assert main(["pyramid", str(empty), "--engine", "dask"]) == 2
    assert "staan geen bestanden die klantlab met Spark of Dask kan lezen" in capsys.readouterr().err
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("JAVA_HOME", raising=False)
    assert main(["pyramid", str(empty), "--engine", "spark"]) == 2
    assert "Spark heeft Java nodig" in capsys.readouterr().err
    import importlib.util

    found = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "dask.dataframe" else found(name))
    assert main(["--language", "en", "pyramid", str(empty), "--engine", "dask"]) == 2
    error = capsys.readouterr().err
    assert "needs the Python package 'dask[dataframe]'" in error and "Traceback" not in error
