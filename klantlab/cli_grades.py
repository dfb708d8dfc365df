"""``klantlab grades FOLDER [--out DIR] [--overwrite]``: a class's answer files gathered into Excel and CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from klantlab.errors import ExportError
from klantlab.i18n import number, t

__all__ = ["add_grades_command", "run_grades_command", "write_grades"]


def add_grades_command(commands: argparse._SubParsersAction) -> None:
    sub = commands.add_parser("grades", help=t("cli.grades.help"), description=t("cli.grades.help"))
    sub.add_argument("folder", type=Path, metavar=t("cli.placeholder.folder"), help=t("cli.grades.folder"))
    sub.add_argument("--out", type=Path, metavar=t("cli.placeholder.folder"), help=t("cli.grades.out"))
    sub.add_argument("--overwrite", action="store_true", help=t("cli.export.overwrite"))


def write_grades(folder: Path, out: Path | None = None, overwrite: bool = False):
    """Gather the answer files in ``folder`` and write the Excel and CSV files (into ``out``, default ``folder``).

    Returns the results and the paths written; ExportError when the folder is missing or holds no readable file.
    """
    from klantlab.io.posters import write_file
    from klantlab.report.grades import class_results, grades_csv, grades_xlsx

    folder = Path(folder)
    if not folder.is_dir():
        raise ExportError("error.export.folder", folder=str(folder))
    target = Path(out) if out is not None else folder
    if not target.is_dir():
        raise ExportError("error.export.folder", folder=str(target))
    results = class_results(folder)
    if not results.students:
        raise ExportError("error.grades.none", [str(problem) for problem in results.problems], folder=str(folder))
    name = t("grades.file")
    written = [
        write_file(target / f"{name}.xlsx", grades_xlsx(results), overwrite=overwrite),
        write_file(target / f"{name}.csv", grades_csv(results), overwrite=overwrite),
    ]
    return results, written


def run_grades_command(args: argparse.Namespace) -> int:
    results, written = write_grades(args.folder, args.out, args.overwrite)
    print(t("cli.grades.gathered", students=number(len(results.students))))
    for path in written:
        print(t("cli.export.written", path=path))
    for problem in results.problems:
        print(t("cli.grades.skipped", problem=str(problem)), file=sys.stderr)
    return 0
