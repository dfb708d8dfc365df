"""``klantlab export WORKBOOK [--pptx] [--pdf] [--xlsx] [--html] [--out DIR] [--poster A1|A0] [--overwrite]``.

``--html`` writes the dashboard as one self-contained HTML file (``report.snapshot``), next to the other
deliverables and named as they are: ``<workbook name>-dashboard.html``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from klantlab.deliverable_kinds import KINDS, POSTER_SIZES
from klantlab.errors import ExportError
from klantlab.i18n import t
from klantlab.io import WorkbookFile

__all__ = ["add_export_command", "run_export_command"]


def add_export_command(commands: argparse._SubParsersAction) -> None:
    """Add ``export`` to the command line's subcommands (no kind given: the three deliverables, no HTML)."""
    sub = commands.add_parser("export", help=t("cli.export.help"), description=t("cli.export.help"))
    sub.add_argument("workbook", type=Path, metavar=t("cli.placeholder.workbook"), help=t("cli.export.workbook"))
    for kind in KINDS:
        sub.add_argument(f"--{kind}", action="store_true", help=t(f"cli.export.{kind}"))
    sub.add_argument("--html", action="store_true", help=t("snapshot.cli.html"))
    sub.add_argument("--out", type=Path, metavar=t("cli.placeholder.folder"), help=t("cli.export.out"))
    sub.add_argument("--poster", choices=POSTER_SIZES, default="A1", help=t("cli.export.poster"))
    sub.add_argument("--overwrite", action="store_true", help=t("cli.export.overwrite"))


def run_export_command(args: argparse.Namespace) -> int:
    """Write the asked deliverables and print their paths; raises KlantlabError for the user's mistakes."""
    from klantlab.report.export import export_deliverables  # the writers load only for this command

    kinds = [kind for kind in KINDS if getattr(args, kind)] or ([] if args.html else list(KINDS))
    handle = WorkbookFile.open(args.workbook)
    if args.html:
        print(t("cli.export.written", path=_write_snapshot(handle, args.out, args.overwrite)))
        if not kinds:
            return 0
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


def _write_snapshot(handle: WorkbookFile, out: Path | None, overwrite: bool) -> Path:
    """Write the dashboard's HTML snapshot into ``out`` (default: the workbook's folder); the path it got."""
    from klantlab.io.safe_files import write_new
    from klantlab.report.snapshot import snapshot_html, snapshot_name

    folder = out if out is not None else handle.path.parent
    if not folder.is_dir():
        raise ExportError("error.export.folder", folder=str(folder))
    path = folder / snapshot_name(handle.workbook, handle.path.name, "html")
    data = snapshot_html(handle.workbook, handle.path.name).encode("utf-8")
    try:
        return write_new(path, data, overwrite=overwrite)
    except OSError as error:
        raise ExportError("error.export.write", path=str(path), reason=error.strerror or str(error)) from error
