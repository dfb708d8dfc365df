"""The ``klantlab`` command: create a workbook, open the notebooks, serve the dashboard.

Thin on purpose: it parses arguments, calls ``klantlab.io`` and starts
JupyterLab or Voilà as a child process bound to 127.0.0.1. Every message comes
from the i18n catalog; a problem with a workbook ends with exit code 2 and the
message, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from klantlab import __version__
from klantlab.errors import KlantlabError
from klantlab.i18n import LANGUAGE_ENV, LANGUAGES, get_language, set_language, t
from klantlab.io import (
    WORKBOOK_ENV,
    WorkbookFile,
    dashboard_notebook,
    default_workbook_path,
    file_name_for,
    notebooks_dir,
)

__all__ = ["DEFAULT_DASHBOARD_PORT", "DEFAULT_LAB_PORT", "dashboard_command", "lab_command", "main", "server_env"]

DEFAULT_DASHBOARD_PORT = 8866
DEFAULT_LAB_PORT = 8888
HOST = "127.0.0.1"
EXIT_PROBLEM = 2


def dashboard_command(notebook: Path, port: int, open_browser: bool) -> list[str]:
    """The Voilà command line serving ``notebook`` read-only on 127.0.0.1."""
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--theme=light",
    ]
    return command if open_browser else [*command, "--no-browser"]


def lab_command(folder: Path, port: int, open_browser: bool) -> list[str]:
    """The JupyterLab command line on the notebooks folder, on 127.0.0.1."""
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--notebook-dir={folder}",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI machines run as root
        command.append("--ServerApp.allow_root=True")
    return command if open_browser else [*command, "--no-browser"]


def server_env(workbook: Path) -> dict[str, str]:
    """The environment for JupyterLab or Voilà: their kernels open ``workbook`` in the active language."""
    return {**os.environ, WORKBOOK_ENV: str(workbook), LANGUAGE_ENV: get_language()}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="klantlab", description=t("cli.description"), add_help=False)
    parser.add_argument("-h", "--help", action="help", help=t("cli.option.help"))
    parser.add_argument("--version", action="version", version=f"klantlab {__version__}", help=t("cli.option.version"))
    parser.add_argument("--language", choices=LANGUAGES, help=t("cli.option.language"))
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    new = commands.add_parser("new", help=t("cli.new.help"), description=t("cli.new.help"), add_help=False)
    new.add_argument("-h", "--help", action="help", help=t("cli.option.help"))
    new.add_argument("name", metavar="NAME", help=t("cli.new.name"))
    new.add_argument("--consultant", default="", help=t("cli.new.consultant"))
    where = new.add_mutually_exclusive_group()
    where.add_argument("--dir", type=Path, default=Path("."), help=t("cli.new.dir"))
    where.add_argument("--file", type=Path, help=t("cli.new.file"))

    for name, port in (("lab", DEFAULT_LAB_PORT), ("dashboard", DEFAULT_DASHBOARD_PORT)):
        sub = commands.add_parser(
            name, help=t(f"cli.{name}.help"), description=t(f"cli.{name}.help"), add_help=False
        )
        sub.add_argument("-h", "--help", action="help", help=t("cli.option.help"))
        sub.add_argument("workbook", nargs="?", type=Path, metavar="WORKBOOK", help=t("cli.option.workbook"))
        sub.add_argument("--port", type=int, default=port, help=t("cli.option.port"))
        sub.add_argument("--no-browser", action="store_true", help=t("cli.option.no_browser"))
    return parser


def _new(args: argparse.Namespace) -> int:
    path = args.file if args.file else args.dir / file_name_for(args.name)
    handle = WorkbookFile.create(path, args.name, args.consultant)
    print(t("cli.new.created", path=handle.path))
    print(t("cli.new.next", path=handle.path))
    return 0


def _serve(args: argparse.Namespace) -> int:
    handle = WorkbookFile.open(args.workbook if args.workbook else default_workbook_path())
    if args.command == "lab":
        command = lab_command(notebooks_dir(), args.port, not args.no_browser)
        print(t("cli.lab.starting", path=handle.path))
    else:
        command = dashboard_command(dashboard_notebook(), args.port, not args.no_browser)
        print(t("cli.dashboard.starting", path=handle.path, url=f"http://{HOST}:{args.port}/"))
    print(t("cli.stop_hint"), flush=True)
    try:
        return subprocess.run(command, env=server_env(handle.path), check=False).returncode
    except FileNotFoundError:
        print(t("cli.server_missing", program=command[0]), file=sys.stderr)
        return EXIT_PROBLEM


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 a problem the user can fix)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Set the language before building the parser, so that its help texts follow it too.
    language_only = argparse.ArgumentParser(add_help=False)
    language_only.add_argument("--language")
    known, _ = language_only.parse_known_args(argv)
    if known.language in LANGUAGES:
        set_language(known.language)
    args = _parser().parse_args(argv)
    try:
        return _new(args) if args.command == "new" else _serve(args)
    except KlantlabError as error:
        print(str(error), file=sys.stderr)
        return EXIT_PROBLEM
    except KeyboardInterrupt:
        print(t("cli.stopped"), file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main())
