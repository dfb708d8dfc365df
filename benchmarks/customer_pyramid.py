"""What the customer pyramid costs on big exports: klantlab against DuckDB alone and a plain pandas notebook.

Generated transactions (``--sizes`` rows, ~100k customers with a lognormal
spend, two years of dates, revenue and margin, ~2 % credit notes) are written
as a plain CSV and as Parquet. For each file, in the same run:

* klantlab: ``read_client_file`` → ``import_table`` → ``period_values`` (the
  last year and the year before, in one scan) → ``analyse_pyramid`` (both years
  classified, the migration between them, Pareto): more than the baseline does;
* baseline: one DuckDB query with DuckDB's own type detection, filtering the
  period and summing revenue and margin per customer, fetched as a pandas frame;
* pandas as a notebook writes it: read, ``to_datetime``, filter, group-by,
  sort, levels by cumulative rank, ``value_counts``, Pareto by ``cumsum``.

Then: the peak memory of the klantlab path per file (a process of its own
each), ``klantlab pyramid FILE --json`` as a whole process against a Python
process running the DuckDB group-by alone, re-classifying a million
customers, the notebook widget's whole redraw after a threshold change at a
million customers, and the same analysis on a pandas, Polars and DuckDB
frame. Medians of a few runs; prints tables with ratios and whether each
target is met; never fails.

    python benchmarks/customer_pyramid.py --sizes 1000000,10000000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import narwhals
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from klantlab.analysis import (
    CURRY_THRESHOLDS,
    CustomerValues,
    analyse_pyramid,
    classify,
    customer_values,
    period_values,
)
from klantlab.io.client_files import read_client_file
from klantlab.io.transactions_import import import_table

CUSTOMERS = 100_000
FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 731  # 2024 (a leap year) and 2025
PERIOD = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
LOOK_BACK_START = dt.date(2024, 1, 1)  # customer_values' default 12-month look-back window before the period
COLUMNS = {"customer_id": "klantnummer", "date": "factuurdatum", "revenue": "omzet", "margin": "marge"}
CHUNK = 1_000_000
ROW_GROUP = 122_880  # what DuckDB itself writes; lets both DuckDB readers use both cores
TARGET_VS_DUCKDB = 1.5
TARGET_VS_PANDAS = 3.0
TARGET_RECLASSIFY_MS = 150.0
TARGET_WHOLE_PROCESS = 2.0
RECLASSIFY_THRESHOLDS = [CURRY_THRESHOLDS, (0.02, 0.10, 0.30), (0.05, 0.15, 0.40), (0.20, 0.50)]


# --- data --------------------------------------------------------------------------------------------------------


def transactions(rows: int, customers: int = CUSTOMERS, seed: int = 2025) -> Iterator[pa.Table]:
    """``rows`` transactions in chunks of at most a million, in the client's (Dutch) column names."""
    rng = np.random.default_rng(seed)
    weights = np.cumsum(rng.lognormal(0.0, 1.3, customers))  # how often, hence how much, each customer buys
    weights /= weights[-1]
    width = max(6, len(str(customers - 1)))
    ids = pa.array([f"K{number:0{width}d}" for number in range(customers)])
    epoch = (FIRST_DAY - dt.date(1970, 1, 1)).days
    for start in range(0, rows, CHUNK):
        n = min(CHUNK, rows - start)
        customer = np.minimum(np.searchsorted(weights, rng.random(n), side="right"), customers - 1)
        days = rng.integers(0, DAYS, n).astype(np.int32) + epoch
        revenue = np.round(rng.lognormal(np.log(150.0), 1.0, n), 2)
        margin = np.round(revenue * rng.uniform(0.10, 0.45, n), 2)
        credit = rng.random(n) < 0.02
        revenue[credit] *= -1
        margin[credit] *= -1
        yield pa.table(
            {
                COLUMNS["customer_id"]: ids.take(pa.array(customer)),
                COLUMNS["date"]: pa.array(days, pa.int32()).cast(pa.date32()),
                COLUMNS["revenue"]: pa.array(revenue),
                COLUMNS["margin"]: pa.array(margin),
            }
        )


def write_files(rows: int, folder: Path) -> tuple[Path, Path]:
    """The transactions as a plain CSV (comma, dot decimals, ISO dates, no quotes) and as Parquet."""
    csv_path, parquet_path = folder / f"transactions-{rows}.csv", folder / f"transactions-{rows}.parquet"
    options = pa_csv.WriteOptions(quoting_style="none", quoting_header="none")
    csv_writer = parquet_writer = None
    try:
        for table in transactions(rows):
            if csv_writer is None:
                csv_writer = pa_csv.CSVWriter(csv_path, table.schema, write_options=options)
                parquet_writer = pq.ParquetWriter(parquet_path, table.schema)
            csv_writer.write_table(table)
            parquet_writer.write_table(table, row_group_size=ROW_GROUP)
    finally:
        for writer in (csv_writer, parquet_writer):
            if writer is not None:
                writer.close()
    return csv_path, parquet_path


def million_customers(customers: int = 1_000_000) -> pl.DataFrame:
    """Two transactions per customer over the two years, in klantlab's column names: every customer occurs."""
    rng = np.random.default_rng(7)
    customer = np.concatenate([np.arange(customers), rng.permutation(customers)])
    n = customer.size
    revenue = np.round(rng.lognormal(np.log(1500.0), 1.3, n), 2) * np.where(rng.random(n) < 0.02, -1, 1)
    return pl.DataFrame(
        {
            "customer_id": [f"K{number:07d}" for number in customer],
            "date": pl.Series(rng.integers(0, DAYS, n) + (FIRST_DAY - dt.date(1970, 1, 1)).days).cast(pl.Date),
            "revenue": revenue,
            "margin": np.round(revenue * rng.uniform(0.10, 0.45, n), 2),
        }
    )


# --- the three ways ----------------------------------------------------------------------------------------------


def run_klantlab(path: Path, stages: dict[str, list[float]]) -> dict[str, Any]:
    """File to seven levels and Pareto, the way the app does it; the time of each step goes into ``stages``."""
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stages.setdefault(name, []).append(now - clock)
        clock = now

    source = read_client_file(path)
    lap("read_client_file")
    table = import_table(source, COLUMNS)
    lap("import_table")
    current, previous = period_values(table, *PERIOD)
    lap("period_values (one scan)")
    analysis = analyse_pyramid(current, previous)
    lap("classify+migration+pareto")
    result = analysis.result
    counts = dict(zip(result.levels["level"], result.levels["customers"].astype(int), strict=True))
    return {"active": len(result.active), "inactive": counts["inactive"], "pareto": analysis.pareto.customers}


def run_duckdb(path: Path) -> pd.DataFrame:
    """The baseline: one query, DuckDB's own type detection, period filter, sums per customer."""
    reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
    c, d, r, m = COLUMNS["customer_id"], COLUMNS["date"], COLUMNS["revenue"], COLUMNS["margin"]
    with duckdb.connect() as connection:
        return connection.sql(
            f"SELECT {c}, sum({r}) AS {r}, sum({m}) AS {m} FROM {reader}('{path}')"
            f" WHERE {d} BETWEEN DATE '{PERIOD[0]}' AND DATE '{PERIOD[1]}' GROUP BY {c}"
        ).df()


def run_duckdb_both_years(path: Path) -> pd.DataFrame:
    """Also a baseline: DuckDB's own scan summing both years per customer (what the migration needs too)."""
    reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
    c, d, r, m = COLUMNS["customer_id"], COLUMNS["date"], COLUMNS["revenue"], COLUMNS["margin"]
    years = ", ".join(f"sum({amount}) FILTER (WHERE year({d}) = {year})" for year in (2024, 2025)
                      for amount in (r, m))  # fmt: skip
    with duckdb.connect() as connection:
        return connection.sql(f"SELECT {c}, {years} FROM {reader}('{path}') GROUP BY {c}").df()


def run_pandas(path: Path) -> dict[str, Any]:
    """A typical notebook: read, parse dates, filter, group, sort, levels by cumulative rank, Pareto by cumsum."""
    c, d, r, m = COLUMNS["customer_id"], COLUMNS["date"], COLUMNS["revenue"], COLUMNS["margin"]
    df = pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)
    df[d] = pd.to_datetime(df[d])
    start, end = pd.Timestamp(PERIOD[0]), pd.Timestamp(PERIOD[1])
    in_period = df[(df[d] >= start) & (df[d] <= end)]
    per_customer = in_period.groupby(c)[[r, m]].sum().sort_values(r, ascending=False)
    active = per_customer[per_customer[r] > 0]
    rank = np.arange(1, len(active) + 1) / len(active)
    bounds = [0.0, *CURRY_THRESHOLDS, 1.0]
    active = active.assign(level=pd.cut(rank, bounds, labels=["top", "large", "medium", "small"]))
    counts = active["level"].value_counts(sort=False)
    before = df.loc[(df[d] < start) & (df[d] >= pd.Timestamp(LOOK_BACK_START)), c].unique()
    inactive = set(before) - set(active.index)
    cumulative = active[r].cumsum() / active[r].sum()
    pareto_count = int((cumulative < 0.8).sum()) + 1
    return {"active": len(active), "inactive": len(inactive), "pareto": pareto_count, "counts": counts}


def medians(functions: dict[str, Callable[[], Any]], repeat: int) -> tuple[dict[str, float], dict[str, Any]]:
    """Median seconds per function, the functions taking turns so that drift hits all alike; and the last results."""
    samples: dict[str, list[float]] = {name: [] for name in functions}
    results: dict[str, Any] = {}
    for _ in range(repeat):
        for name, function in functions.items():
            start = time.perf_counter()
            results[name] = function()
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}, results


def _verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


# --- sections ----------------------------------------------------------------------------------------------------


def files_section(sizes: list[int], folder: Path, repeat: int) -> None:
    print("\n1-2. File to pyramid and Pareto (medians; DuckDB = scan + group-by alone; pandas = notebook)")
    header = (
        f"{'rows':>11} {'format':<8}{'file':>9}{'reps':>5}{'DuckDB':>9}{'klantlab':>10}{'pandas':>9}"
        f"{'kl/DuckDB':>11} {'≤1.5x':<8}{'pd/kl':>7} {'≥3x':<8}{'pd/DuckDB':>10}{'2 years':>9}{'kl/2y':>7}  check"
    )
    print(header)
    stage_rows = []
    memory_rows: list[tuple[int, str, float]] = []
    for rows in sizes:
        start = time.perf_counter()
        csv_path, parquet_path = write_files(rows, folder)
        generated = time.perf_counter() - start
        runs = repeat if rows <= 2_000_000 else min(repeat, 3)
        for path in (csv_path, parquet_path):
            stages: dict[str, list[float]] = {}
            times, results = medians(
                {
                    "duckdb": lambda path=path: run_duckdb(path),
                    "duckdb2": lambda path=path: run_duckdb_both_years(path),
                    "klantlab": lambda path=path, stages=stages: run_klantlab(path, stages),
                    "pandas": lambda path=path: run_pandas(path),
                },
                runs,
            )
            ours, theirs = results["klantlab"], results["pandas"]
            positive = int((results["duckdb"][COLUMNS["revenue"]] > 0).sum())
            same = all(ours[key] == theirs[key] for key in ("active", "inactive", "pareto"))
            check = "same counts" if same and positive == ours["active"] else "DIFFERENT counts"
            vs_duckdb, vs_pandas = times["klantlab"] / times["duckdb"], times["pandas"] / times["klantlab"]
            print(
                f"{rows:>11,} {path.suffix[1:]:<8}{path.stat().st_size / 2**20:>7.0f}MB{runs:>5}"
                f"{times['duckdb']:>8.2f}s{times['klantlab']:>9.2f}s{times['pandas']:>8.2f}s"
                f"{vs_duckdb:>10.2f}x {_verdict(vs_duckdb <= TARGET_VS_DUCKDB):<8}"
                f"{vs_pandas:>6.1f}x {_verdict(vs_pandas >= TARGET_VS_PANDAS):<8}"
                f"{times['pandas'] / times['duckdb']:>9.1f}x{times['duckdb2']:>8.2f}s"
                f"{times['klantlab'] / times['duckdb2']:>6.2f}x  {check}"
            )
            stage_rows.append((rows, path.suffix[1:], {name: statistics.median(v) for name, v in stages.items()}))
            memory_rows.append((rows, path.suffix[1:], peak_memory(path)))
        print(f"{'':>12}(generated and written in {generated:.1f}s; peak RSS so far {_peak_rss_mb():,.0f} MB)")
        csv_path.unlink()
        parquet_path.unlink()
    print(
        f"{'':>12}(2 years: DuckDB alone summing both years per customer, as klantlab does for the migration;)\n"
        f"{'':>12}(both targets together need pandas ≥ {TARGET_VS_DUCKDB * TARGET_VS_PANDAS:g}x DuckDB alone;"
        " check: active, inactive and Pareto counts of klantlab = pandas, active = DuckDB's customers > 0)"
    )
    print("\n    Peak memory of the klantlab path (a fresh process per file; the per-customer table of 100,000"
          " customers is a few MB)")  # fmt: skip
    for rows, kind, megabytes in memory_rows:
        print(f"{rows:>11,} {kind:<8}{megabytes:>8,.0f} MB peak RSS")
    names = list(stage_rows[0][2]) if stage_rows else []
    print("\n    Where klantlab's time goes (median seconds per step)")
    print(f"{'rows':>11} {'format':<8}" + "".join(f"{name:>18}" for name in names))
    for rows, kind, stage in stage_rows:
        print(f"{rows:>11,} {kind:<8}" + "".join(f"{stage[name]:>17.3f}s" for name in names))


def _high_water_mb() -> float:
    """This process's peak resident memory since it started its program (VmHWM; getrusage's maximum would include
    the parent's memory at the fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return _peak_rss_mb()


def memory_child(path: Path) -> None:
    """Run the klantlab path once on ``path`` in this (fresh) process and print its peak RSS in MB."""
    run_klantlab(path, {})
    print(f"{_high_water_mb():.0f}")


def peak_memory(path: Path) -> float:
    """The peak RSS (MB) of a fresh process that runs the klantlab path on ``path``."""
    out = subprocess.run([sys.executable, __file__, "--memory-of", str(path)], capture_output=True, text=True,
                         check=True)  # fmt: skip
    return float(out.stdout.strip().splitlines()[-1])


def whole_process_section(rows: int, folder: Path, repeat: int) -> None:
    print(f"\n2b. Whole process on {rows:,} rows (CSV): `klantlab pyramid FILE --json` (default period, both years,"
          " migration) against `python -c` running DuckDB's group-by alone (target ≤ 2x)")  # fmt: skip
    csv_path, parquet_path = write_files(rows, folder)
    parquet_path.unlink()
    c, d, r, m = COLUMNS["customer_id"], COLUMNS["date"], COLUMNS["revenue"], COLUMNS["margin"]
    baseline = (
        f"import duckdb; duckdb.sql(\"SELECT {c}, sum({r}) AS {r}, sum({m}) AS {m} FROM read_csv('{csv_path}')"
        f" WHERE {d} BETWEEN DATE '{PERIOD[0]}' AND DATE '{PERIOD[1]}' GROUP BY {c}\").df()"
    )
    klantlab = str(Path(sys.executable).with_name("klantlab"))
    commands = {
        "duckdb": [sys.executable, "-c", baseline],
        "klantlab": [klantlab, "pyramid", str(csv_path), "--json"],
    }

    def run(command: list[str]) -> Callable[[], Any]:
        return lambda: subprocess.run(command, capture_output=True, check=True)

    times, results = medians({name: run(command) for name, command in commands.items()}, repeat)
    answer = json.loads(results["klantlab"].stdout)
    ratio = times["klantlab"] / times["duckdb"]
    print(f"    DuckDB process {times['duckdb']:.2f}s, klantlab process {times['klantlab']:.2f}s:"
          f" {ratio:.2f}x ({_verdict(ratio <= TARGET_WHOLE_PROCESS)});"
          f" klantlab's period {answer['period']}, {answer['levels'][0]['customers']} top customers")  # fmt: skip
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import klantlab.cli"], check=True)
    print(f"    (of which starting Python and importing klantlab's command line: {time.perf_counter() - started:.2f}s)")
    csv_path.unlink()


def reclassify_section(repeat: int) -> None:
    print(f"\n3. Re-classifying 1,000,000 customers after a threshold change (target ≤ {TARGET_RECLASSIFY_MS:.0f} ms)")
    frame = million_customers()
    start = time.perf_counter()
    values: CustomerValues = customer_values(frame, *PERIOD)
    built = time.perf_counter() - start
    print(f"    CustomerValues built once: {len(values.customers):,} customers, {len(values.active):,} active,"
          f" {built:.2f}s")  # fmt: skip
    print(f"{'thresholds':<26}{'median':>10}  {'target':<8}")
    for thresholds in RECLASSIFY_THRESHOLDS:
        times, _ = medians({"classify": lambda thresholds=thresholds: classify(values, thresholds)}, repeat)
        milliseconds = times["classify"] * 1000
        label = ", ".join(f"{share:g}" for share in thresholds)
        print(f"{label:<26}{milliseconds:>8.1f}ms  {_verdict(milliseconds <= TARGET_RECLASSIFY_MS):<8}")
    times, _ = medians({"computed": lambda: classify(values, preset="computed")}, max(1, repeat // 2))
    print(f"{'preset computed (info)':<26}{times['computed'] * 1000:>8.1f}ms")


def widget_section(repeat: int, folder: Path) -> None:
    """A threshold change in the notebook widget at a million customers, the user's whole path, end to end."""
    print(
        f"\n3b. The widget's redraw after a threshold change, 1,000,000 customers, two years"
        f" (target ≤ {TARGET_RECLASSIFY_MS:.0f} ms): classify both periods, migration, Pareto, tables,"
        " charts, left-out list, save"
    )
    from klantlab.io import WorkbookFile
    from klantlab.widgets import pyramid_explorer

    path = folder / "klant.klantlab.json"
    WorkbookFile.create(path, "Benchmark B.V.")
    million_customers().write_csv(folder / "klanten.csv")
    view = pyramid_explorer(path)
    start = time.perf_counter()
    view.file.value = "klanten.csv"
    opened = time.perf_counter() - start
    values = view.analysis.result.values
    print(f"    file read, imported, summed (one scan) and drawn once: {opened:.2f}s;"
          f" {len(values.customers):,} customers, {len(values.active):,} active;"
          f" migration: {'yes' if view.analysis.migration is not None else 'no'}")  # fmt: skip
    view.preset.value = "custom"
    settings = [("2", "10", "30"), ("5", "15", "40"), ("1", "5", "20"), ("3", "12", "35")]
    samples = []
    for index in range(max(repeat, len(settings))):
        boxes = settings[index % len(settings)]
        view.thresholds[1].value, view.thresholds[2].value = boxes[1], boxes[2]  # each box change redraws: 2 runs
        begin = time.perf_counter()
        view.thresholds[0].value = boxes[0]
        samples.append((time.perf_counter() - begin) * 1000)
    milliseconds = statistics.median(samples)
    shares = view.analysis.result.thresholds
    print(
        f"    one box changed → everything redrawn and saved: median {milliseconds:.0f} ms of {len(samples)}"
        f" ({_verdict(milliseconds <= TARGET_RECLASSIFY_MS)}); last thresholds {shares}"
    )


def engines_section(rows: int, repeat: int) -> None:
    print(f"\n4. customer_values + classify on {rows:,} rows given as a frame (klantlab's column names)")
    table = pa.concat_tables(transactions(rows)).rename_columns(list(COLUMNS))
    connection = duckdb.connect()
    connection.register("arrow_table", table)
    connection.execute("CREATE TABLE transactions AS SELECT * FROM arrow_table")
    connection.unregister("arrow_table")
    frames = {
        "pandas DataFrame": table.to_pandas(date_as_object=False),  # dates as datetime64, as after to_datetime
        "polars DataFrame": pl.from_arrow(table),
        "DuckDB relation": connection.table("transactions"),
    }
    del table
    functions = {name: lambda data=data: classify(customer_values(data, *PERIOD)) for name, data in frames.items()}
    times, results = medians(functions, repeat)
    levels = [result.levels for result in results.values()]
    same = all(
        level["customers"].tolist() == levels[0]["customers"].tolist()
        and np.allclose(level["revenue"], levels[0]["revenue"], rtol=1e-9)
        for level in levels
    )
    fastest = min(times.values())
    print(f"{'input':<20}{'median':>9}{'vs fastest':>12}")
    for name, seconds in times.items():
        print(f"{name:<20}{seconds:>8.3f}s{seconds / fastest:>11.2f}x")
    counts = ", ".join(f"{level} {count:,}" for level, count in zip(levels[0]["level"], levels[0]["customers"],
                                                                    strict=True))  # fmt: skip
    print(f"    levels: {counts}")
    print(f"    same result: {'yes' if same else 'no'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="rows per generated file, comma separated")
    parser.add_argument("--folder", type=Path, default=None, help="where to write the files (default: temp)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (at most 3 above 2 M rows)")
    parser.add_argument("--whole-process-rows", type=int, default=1_500_000, help="rows of the whole-process file")
    parser.add_argument("--memory-of", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_of is not None:
        memory_child(args.memory_of)
        return
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size.strip()]
    threads = duckdb.sql("SELECT current_setting('threads')").fetchall()[0][0]
    print(
        f"machine: {os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), DuckDB threads {threads},"
        f" python {platform.python_version()}, duckdb {duckdb.__version__}, pandas {pd.__version__},"
        f" polars {pl.__version__}, narwhals {narwhals.__version__}, pyarrow {pa.__version__}, numpy {np.__version__};"
        f" load average {os.getloadavg()[0]:.1f}"
    )
    if args.folder is not None:
        args.folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="klantlab-bench-", dir=args.folder) as folder:
        files_section(sizes, Path(folder), args.repeat)
        whole_process_section(args.whole_process_rows, Path(folder), min(args.repeat, 3))
    reclassify_section(args.repeat + 2)
    with tempfile.TemporaryDirectory(prefix="klantlab-bench-widget-", dir=args.folder) as folder:
        widget_section(args.repeat, Path(folder))
    engines_section(min(sizes[0], 1_000_000) if sizes else 1_000_000, args.repeat)
    print(f"\npeak RSS: {_peak_rss_mb():,.0f} MB; load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
