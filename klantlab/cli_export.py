"""``klantlab export WORKBOOK [--pptx] [--pdf] [--xlsx] [--out DIR] [--poster A1|A0] [--overwrite]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from klantlab.i18n import t
from klantlab.io import WorkbookFile
from klantlab.report.kinds import KINDS, POSTER_SIZES

__all__ = ["add_export_command", "run_export_command"]


def add_export_command(commands: argparse._SubParsersAction) -> None:
    """Add ``export`` to the command line's subcommands (no kind given: all three)."""
    sub = commands.add_parser("export", help=t("cli.export.help"), description=t("cli.export.help"))
    sub.add_argument("workbook", type=Path, metavar="WORKBOOK", help=t("cli.export.workbook"))
    for kind in KINDS:
        sub.add_argument(f"--{kind}", action="store_true", help=t(f"cli.export.{kind}"))
    sub.add_argument("--out", type=Path, metavar="DIR", help=t("cli.export.out"))
    sub.add_argument("--poster", choices=POSTER_SIZES, default="A1", help=t("cli.export.poster"))
    sub.add_argument("--overwrite", action="store_true", help=t("cli.export.overwrite"))


def run_export_command(args: argparse.Namespace) -> int:
    """Write the asked deliverables and print their paths; raises KlantlabError for the user's mistakes."""
    from klantlab.report.export import export_deliverables  # the writers load only for this command

    kinds = [kind for kind in KINDS if getattr(args, kind)] or list(KINDS)
    handle = WorkbookFile.open(args.workbook)
    result = export_deliverables(
        handle,
        kinds,
        args.out,
        poster_size=args.poster,
        overwrite=args.overwrite,
        progress=lambda text: print(text, file=sys.stderr),
    )
    for remark in result.remarks:
        print(t("cli.export.remark", remark=remark), file=sys.stderr)
    for path in result.written:
        print(t("cli.export.written", path=path))
    for problem in result.problems:
        print(problem, file=sys.stderr)
    return 2 if result.problems else 0
