"""What making the deliverables of the sample costs, against working out its customer pyramid alone, same run.

The whole command as a consultant runs it (``klantlab export WORKBOOK`` in a fresh process: deck, PDF report,
two A1 posters, Excel), against the named baseline ``klantlab pyramid`` on the same workbook's invoices (the
analysis every export starts with). Then the split of one export in this process: the analysis, and each file.
Target (issue 18): the whole export of the sample at most 8 s on this machine. Prints a table; never fails.

    python benchmarks/export.py [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from klantlab.io import WorkbookFile, sample_workbook_path, samples_dir
from klantlab.report import build_report
from klantlab.report.board_posters import board_poster
from klantlab.report.deck import deck_bytes
from klantlab.report.drawings import Board
from klantlab.report.excel import excel_bytes
from klantlab.report.export import workbook_analysis
from klantlab.report.pdf_report import report_bytes


def _command(arguments: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "klantlab.cli", *arguments], check=True, capture_output=True)
    return time.perf_counter() - start


def _split(workbook: Path) -> dict[str, float]:
    handle = WorkbookFile.open(workbook)
    times: dict[str, float] = {}

    def timed(name: str, make):
        start = time.perf_counter()
        value = make()
        times[name] = time.perf_counter() - start
        return value

    analysis, remarks = timed("analysis", lambda: workbook_analysis(handle))
    report = timed("report content", lambda: build_report(handle.workbook, analysis, remarks))
    timed("deck (.pptx)", lambda: deck_bytes(report))
    timed("report (.pdf)", lambda: report_bytes(report))
    boards = [s for s in report.sections if s.poster and isinstance(s.drawing, Board)]
    timed("posters (2 × A1)", lambda: [board_poster(s.drawing, s.title, report.client, "A1") for s in boards])
    timed("excel (.xlsx)", lambda: excel_bytes(handle.workbook, analysis, "01-01-2026", report.about))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="klantlab-export-"))
    try:
        for path in samples_dir().glob(f"{sample_workbook_path().name.split('.')[0]}*"):
            if path.suffix in (".json", ".csv"):
                shutil.copyfile(path, folder / path.name)
        workbook = folder / sample_workbook_path().name
        invoices = next(folder.glob("*_facturen.csv"))
        pyramid, export = [], []
        for run in range(args.runs):  # alternate, so load on the machine hits both alike
            pyramid.append(_command(["pyramid", str(invoices)]))
            out = folder / f"out-{run}"
            out.mkdir()
            export.append(_command(["export", str(workbook), "--out", str(out)]))
        splits = [_split(workbook) for _ in range(args.runs)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    base, whole = statistics.median(pyramid), statistics.median(export)
    print(f"{'command (fresh process)':<34}{'median':>10}{'ratio':>10}")
    print(f"{'klantlab pyramid (baseline)':<34}{base:>9.2f}s{1:>9.2f}x")
    print(f"{'klantlab export (all files)':<34}{whole:>9.2f}s{whole / base:>9.2f}x")
    print(f"\nsplit of one export, in process (median of {args.runs}):")
    for name in splits[0]:
        print(f"  {name:<32}{statistics.median(split[name] for split in splits):>9.2f}s")
    print(f"\nwhole export {whole:.2f} s (target ≤ 8 s: {'met' if whole <= 8 else 'NOT met'})")


if __name__ == "__main__":
    main()
