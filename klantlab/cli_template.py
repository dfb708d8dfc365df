"""``klantlab template stakeholders|journey|persona [--size A1] [--pptx] [--output PATH] [--overwrite]``.

Writes a blank canvas to print and fill in on the wall (see
:mod:`klantlab.report.canvases`) and prints where. The model and the size are
checked there, so that a wrong one gets the catalog's message and exit code 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from klantlab.deliverable_kinds import CANVAS_MODELS, CANVAS_SIZES
from klantlab.i18n import t

__all__ = ["add_template_command", "run_template_command"]


def add_template_command(commands: argparse._SubParsersAction) -> None:
    """Add ``template`` to the command line's subcommands."""
    sub = commands.add_parser("template", help=t("cli.template.help"), description=t("cli.template.help"))
    models = ", ".join(CANVAS_MODELS)
    sub.add_argument("model", metavar=t("cli.placeholder.model"), help=t("cli.template.model", models=models))
    sub.add_argument(
        "--size",
        default="A1",
        metavar=t("cli.placeholder.size"),
        help=t("cli.template.size", sizes=", ".join(CANVAS_SIZES)),
    )
    sub.add_argument("--pptx", action="store_true", help=t("cli.template.pptx"))
    sub.add_argument("--output", type=Path, metavar=t("cli.placeholder.path"), help=t("cli.template.output"))
    sub.add_argument("--overwrite", action="store_true", help=t("cli.template.overwrite"))


def run_template_command(args: argparse.Namespace) -> int:
    """Write the blank canvas and print its path; raises ExportError (a KlantlabError) for the user's mistakes."""
    from klantlab.report.canvases import write_canvas  # the PDF and PowerPoint writers load only for this command

    kind = "pptx" if args.pptx else None
    path = write_canvas(args.model, args.output, args.size, kind, overwrite=args.overwrite)
    print(t("cli.template.written", path=path))
    return 0
