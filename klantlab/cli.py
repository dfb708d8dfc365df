"""The ``klantlab`` command: create a workbook, open the notebooks, serve the dashboard.

Thin on purpose: it parses arguments, calls ``klantlab.io`` and starts
JupyterLab or Voilà as a child process bound to 127.0.0.1. Every message comes
from the i18n catalog; a problem the user can fix (a missing, damaged or
foreign workbook, a busy port, a missing program) ends with exit code 2 and the
message, never a traceback.

The server runs in its own process group, so that this command alone decides
how it stops: Ctrl+C, SIGTERM or SIGHUP send it one SIGTERM (Voilà and
JupyterLab then shut their kernels down) and wait for it; a second Ctrl+C kills it.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

from klantlab import __version__
from klantlab.boundary import problem_of
from klantlab.cli_export import add_export_command, run_export_command
from klantlab.cli_grades import add_grades_command, run_grades_command
from klantlab.cli_pyramid import add_pyramid_command, run_pyramid_command
from klantlab.cli_template import add_template_command, run_template_command
from klantlab.i18n import LANGUAGE_ENV, LANGUAGES, get_language, language, set_language, t
from klantlab.io import (
    FOLDER_ENV,
    WORKBOOK_ENV,
    WorkbookFile,
    dashboard_notebook,
    default_workbook_path,
    file_name_for,
    notebooks_dir,
)
from klantlab.io.client_notebooks import SERIES, client_notebook_name, copy_sample, ensure_client_notebooks, is_sample

__all__ = [
    "DASHBOARD_KERNEL_MANAGER",
    "DEFAULT_DASHBOARD_PORT",
    "DEFAULT_LAB_PORT",
    "DEFAULT_MAX_KERNELS",
    "EXIT_PROBLEM",
    "HOST",
    "KERNEL_CULL_INTERVAL_S",
    "KERNEL_IDLE_TIMEOUT_S",
    "MAX_KERNELS_CEILING",
    "SERVER_MODULES",
    "WARM_KERNELS",
    "dashboard_command",
    "exit_code",
    "lab_command",
    "main",
    "missing_module",
    "new_workbook_path",
    "port_is_free",
    "server_env",
]

DEFAULT_DASHBOARD_PORT = 8866
DEFAULT_LAB_PORT = 8888
HOST = "127.0.0.1"
#: The dashboard's kernel manager (Voilà imports it in the server; importing it here would slow every command).
DASHBOARD_KERNEL_MANAGER = "klantlab.dashboard_server.DashboardKernelManager"
#: At most this many dashboard pages (one kernel of ≈ 210 MiB each) at once, unless ``--max-kernels`` says otherwise.
DEFAULT_MAX_KERNELS = 12
#: How long Voilà waits for a cell's output after the cell has run. Its 4 s lost the whole dashboard of some of
#: 10 pages opened at once on 2 cores (nbclient: "Timeout waiting for IOPub output"; the page stayed blank).
OUTPUT_WAIT_S = 60
#: Kernels the dashboard keeps warm for the next visitor (beside the pages' own).
WARM_KERNELS = 1
MAX_KERNELS_CEILING = 100
#: A kernel no page is connected to is shut down once idle this long, checked every interval: a page that went
#: without saying goodbye frees its kernel within a minute (40 + 10 s + the shutdown). A page still loading is not
#: connected yet either: 10 pages at once on 2 cores connected 13-16 s after their notebook ran, well inside 40 s.
KERNEL_IDLE_TIMEOUT_S = 40
KERNEL_CULL_INTERVAL_S = 10
#: JupyterLab settings klantlab starts with (no news or update questions in a workshop).
LAB_SETTINGS = Path(__file__).with_name("jupyter_settings")
#: Where Voilà finds klantlab's page template (``voila/templates/klantlab``), and its name.
VOILA_DATA = Path(__file__).with_name("voila_data")
VOILA_TEMPLATE = "klantlab"
#: Where ``klantlab lab`` puts its working copy of the sample client (in the folder it is started from).
SAMPLE_FOLDER = {"nl": "voorbeeld", "en": "sample"}
EXIT_PROBLEM = 2
EXIT_INTERRUPTED = 130
#: The Python modules each server command needs (``python -m jupyter lab`` runs jupyterlab).
SERVER_MODULES = {"lab": ("jupyter", "jupyterlab"), "dashboard": ("voila",)}
_STOP_GRACE_S = 30.0
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


# --- pure helpers -----------------------------------------------------------------------------------------------


def new_workbook_path(name: str, folder: Path, file: Path | None = None) -> Path:
    """Where ``klantlab new`` puts the workbook of client ``name``: ``file``, else ``folder/<slug>.klantlab.json``."""
    return file if file is not None else folder / file_name_for(name)


def dashboard_command(
    notebook: Path, port: int, open_browser: bool, max_kernels: int = DEFAULT_MAX_KERNELS
) -> list[str]:
    """The Voilà command line serving ``notebook`` read-only on 127.0.0.1, exactly on ``port``.

    Every page view gets a kernel: at most ``max_kernels`` at once (a page beyond gets a "busy" page), each
    shut down when its page closes, or, if the page could not say so, once no page is connected and it has
    been idle for ``KERNEL_IDLE_TIMEOUT_S`` (see :mod:`klantlab.dashboard_server`).
    A guided notebook or the exercises served this way get their own page title and loading text.
    The dashboard keeps one kernel warm for the next visitor (its notebook's imports done; its cell waits for
    the page before it reads the workbook), so a manager sees the key figures at once.
    """
    resources = page_resources(notebook)
    command = [
        sys.executable,
        "-m",
        "voila",
        str(notebook),
        f"--port={port}",
        f"--Voila.ip={HOST}",
        "--VoilaConfiguration.show_tracebacks=False",
        "--theme=light",
        "--Voila.port_retries=0",
        f"--VoilaConfiguration.multi_kernel_manager_class={DASHBOARD_KERNEL_MANAGER}",
        f"--DashboardKernelManager.max_kernels={max_kernels}",
        f"--MappingKernelManager.cull_idle_timeout={KERNEL_IDLE_TIMEOUT_S}",
        f"--MappingKernelManager.cull_interval={KERNEL_CULL_INTERVAL_S}",
        "--MappingKernelManager.cull_connected=False",
        f"--VoilaExecutor.iopub_timeout={OUTPUT_WAIT_S}",
        f"--template={VOILA_TEMPLATE}",
        # A dict as a Python literal, the form traitlets reads from one argument.
        f"--VoilaConfiguration.resources={resources!r}",
    ]
    if notebook.resolve() == dashboard_notebook().resolve():
        command += [
            "--VoilaConfiguration.preheat_kernel=True",
            f"--VoilaConfiguration.default_pool_size={WARM_KERNELS}",
            "--VoilaKernelManager.fill_delay=0",  # the next warm kernel starts as soon as a page took one
        ]
    return command if open_browser else [*command, "--no-browser"]


def lab_command(folder: Path, port: int, open_browser: bool, notebook: Path | None = None) -> list[str]:
    """The JupyterLab command line on ``folder``, on 127.0.0.1, exactly on ``port``, opening ``notebook``.

    JupyterLab asks nothing of the internet: no update check, no news feed.
    """
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        f"--notebook-dir={folder}",
        f"--ServerApp.ip={HOST}",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
        f"--LabApp.app_settings_dir={LAB_SETTINGS}",
    ]
    if notebook is not None:
        command.append(f"--ServerApp.file_to_run={notebook}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI machines run as root
        command.append("--ServerApp.allow_root=True")
    return command if open_browser else [*command, "--no-browser"]


def page_texts(notebook: Path | None = None) -> dict[str, str]:
    """The page title and loading text of a served notebook in the active language (the dashboard's by default).

    A guided notebook or the exercises get their own; any other notebook the dashboard's.
    """
    title = f"accessibility.page_title.{notebook.stem}" if notebook is not None else ""
    if title and t(title) != title:  # a notebook of the series (t gives back an unknown key as it is)
        return {"title": t(title), "loading": t("accessibility.page_loading")}
    return {"title": t("app.dashboard.page_title"), "loading": t("app.dashboard.loading")}


def page_resources(notebook: Path | None = None) -> dict:
    """What klantlab's Voilà template writes on the page: its language, title and loading text in the active
    language, and both in every language, for a page asked for in another one (``?lang=en``)."""
    languages = {}
    for lang in LANGUAGES:
        with language(lang):
            languages[lang] = page_texts(notebook)
    return {"klantlab": {"lang": get_language(), **page_texts(notebook), "languages": languages}}


def server_env(workbook: Path) -> dict[str, str]:
    """The environment for JupyterLab or Voilà: their kernels open ``workbook`` in the active language.

    Voilà finds klantlab's page template through ``JUPYTER_PATH``.
    """
    paths = os.pathsep.join(p for p in (str(VOILA_DATA), os.environ.get("JUPYTER_PATH", "")) if p)
    return {**os.environ, WORKBOOK_ENV: str(workbook), LANGUAGE_ENV: get_language(), "JUPYTER_PATH": paths}


def missing_module(names: Sequence[str]) -> str | None:
    """The first of the Python modules ``names`` that is not installed, or None."""
    return next((name for name in names if importlib.util.find_spec(name) is None), None)


def port_is_free(port: int) -> bool:
    """Whether a server can listen on 127.0.0.1:``port`` now (as the servers do, with SO_REUSEADDR)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


#: Set by the Makefile to the target the user typed (``make start``), so a message can say how to change the port.
LAUNCHER_ENV = "KLANTLAB_LAUNCHER"


def free_port_after(port: int) -> int:
    """The first port after ``port`` that is free now (``port`` + 1 … + 100), else ``port`` + 1."""
    return next((p for p in range(port + 1, min(port + 101, 65536)) if port_is_free(p)), port + 1)


def other_port_hint(command: str, port: int) -> str:
    """How to start on a free port, in the form the user started: ``make start PORT=8889`` or ``klantlab lab
    --port 8889``."""
    free = free_port_after(port)
    launcher = os.environ.get(LAUNCHER_ENV, "")
    return f"{launcher} PORT={free}" if launcher.startswith("make ") else f"klantlab {command} --port {free}"


def exit_code(returncode: int) -> int:
    """The exit code to pass on for a child's return code (killed by signal N -> 128 + N, as shells do)."""
    return returncode if returncode >= 0 else 128 - returncode


# --- arguments ----------------------------------------------------------------------------------------------------


class _HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, t("cli.usage") if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with headings and error line from the catalog (argparse's own error details stay English)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(formatter_class=_HelpFormatter, add_help=False, **kwargs)
        self._positionals.title = t("cli.heading.arguments")
        self._optionals.title = t("cli.heading.options")
        self.add_argument("-h", "--help", action="help", help=t("cli.option.help"))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_PROBLEM, t("cli.error", prog=self.prog, message=message) + "\n")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(t("cli.option.port_invalid", value=text))
    return port


def _max_kernels(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_KERNELS_CEILING:
        raise argparse.ArgumentTypeError(t("cli.option.max_kernels_invalid", value=text, maximum=MAX_KERNELS_CEILING))
    return count


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="klantlab", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"klantlab {__version__}", help=t("cli.option.version"))
    parser.add_argument("--language", choices=LANGUAGES, help=t("cli.option.language"))
    commands = parser.add_subparsers(dest="command", required=True, metavar=t("cli.placeholder.command"))

    new = commands.add_parser("new", help=t("cli.new.help"), description=t("cli.new.help"))
    new.add_argument("name", metavar=t("cli.placeholder.name"), help=t("cli.new.name"))
    new.add_argument("--consultant", default="", metavar=t("cli.placeholder.consultant"), help=t("cli.new.consultant"))
    where = new.add_mutually_exclusive_group()
    where.add_argument(
        "--dir", type=Path, default=Path("."), metavar=t("cli.placeholder.folder"), help=t("cli.new.dir")
    )
    where.add_argument("--file", type=Path, metavar=t("cli.placeholder.file"), help=t("cli.new.file"))

    for name, port in (("lab", DEFAULT_LAB_PORT), ("dashboard", DEFAULT_DASHBOARD_PORT)):
        sub = commands.add_parser(name, help=t(f"cli.{name}.help"), description=t(f"cli.{name}.help"))
        sub.add_argument(
            "workbook", nargs="?", type=Path, metavar=t("cli.placeholder.workbook"), help=t("cli.option.workbook")
        )
        sub.add_argument(
            "--port",
            type=_port,
            default=port,
            metavar=t("cli.placeholder.port"),
            help=t("cli.option.port", default=port),
        )
        sub.add_argument("--no-browser", action="store_true", help=t("cli.option.no_browser"))
        if name == "dashboard":
            sub.add_argument("--folder", type=Path, metavar=t("cli.placeholder.folder"), help=t("cli.option.folder"))
            sub.add_argument(
                "--max-kernels",
                type=_max_kernels,
                default=DEFAULT_MAX_KERNELS,
                metavar="N",
                help=t("cli.option.max_kernels", default=DEFAULT_MAX_KERNELS),
            )
    add_pyramid_command(commands)
    add_export_command(commands)
    add_template_command(commands)
    add_grades_command(commands)
    for sub in commands.choices.values():  # `klantlab lab --language en` as well as `klantlab --language en lab`
        sub.add_argument("--language", choices=LANGUAGES, default=argparse.SUPPRESS, help=t("cli.option.language"))
    return parser


# --- commands -----------------------------------------------------------------------------------------------------


def _new(args: argparse.Namespace) -> int:
    handle = WorkbookFile.create(new_workbook_path(args.name, args.dir, args.file), args.name, args.consultant)
    print(t("cli.new.created", path=handle.path))
    print(t("cli.new.next", path=handle.path))
    return 0


def _serve(args: argparse.Namespace) -> int:
    folder = getattr(args, "folder", None)
    if folder is not None:
        if not folder.is_dir():
            print(t("cli.folder_missing", folder=folder), file=sys.stderr)
            return EXIT_PROBLEM
        env = {**server_env(default_workbook_path()), FOLDER_ENV: str(folder.resolve())}
        problem = _cannot_start(args.command, dashboard_notebook(), args.port)
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_PROBLEM
        print(t("cli.dashboard.folder_starting", folder=folder.resolve(), url=f"http://{HOST}:{args.port}/"))
        print(t("cli.stop_hint"), flush=True)
        return _run_server(
            dashboard_command(dashboard_notebook(), args.port, not args.no_browser, args.max_kernels), env
        )
    workbook = args.workbook if args.workbook else default_workbook_path()
    if args.command == "lab" and is_sample(workbook):
        workbook = copy_sample(Path.cwd() / SAMPLE_FOLDER[get_language()], workbook)
        print(t("cli.lab.sample_copy", folder=workbook.parent))
    handle = WorkbookFile.open(workbook)
    target = notebooks_dir() if args.command == "lab" else dashboard_notebook()
    problem = _cannot_start(args.command, target, args.port)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_PROBLEM
    if args.command == "lab":
        own = ensure_client_notebooks(handle.path, get_language())
        first = own / client_notebook_name(SERIES[get_language()][0])
        command = lab_command(handle.path.parent, args.port, not args.no_browser, first)
        print(t("cli.lab.starting", path=handle.path, notebooks=own))
    else:
        command = dashboard_command(target, args.port, not args.no_browser, args.max_kernels)
        print(t("cli.dashboard.starting", path=handle.path, url=f"http://{HOST}:{args.port}/"))
    print(t("cli.stop_hint"), flush=True)
    return _run_server(command, server_env(handle.path))


def _cannot_start(command: str, target: Path, port: int) -> str | None:
    """The message saying why the server cannot start, or None."""
    module = missing_module(SERVER_MODULES[command])
    if module:
        return t("cli.server_missing", program=module)
    if not target.exists():
        return t("cli.notebooks_missing", path=target)
    if not port_is_free(port):
        return t("cli.port_in_use", port=port, how=other_port_hint(command, port))
    return None


class _StopRequested(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived while the server runs: handled like Ctrl+C."""


def _request_stop(signum: int, frame: object) -> None:
    raise _StopRequested


@contextlib.contextmanager
def _stop_signals_raise() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP raise :class:`_StopRequested` (signals reach the main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _request_stop) for signum in _STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _run_server(command: list[str], env: dict[str, str]) -> int:
    """Run the server until it ends (its exit code) or the user stops it (0)."""
    own_group = {"process_group": 0} if os.name == "posix" else {}
    with _stop_signals_raise():
        try:
            process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, **own_group)
        except OSError:
            print(t("cli.server_missing", program=command[0]), file=sys.stderr)
            return EXIT_PROBLEM
        try:
            return exit_code(process.wait())
        except KeyboardInterrupt:  # Ctrl+C, or SIGTERM/SIGHUP as _StopRequested
            _stop(process)
    print(t("cli.stopped"), file=sys.stderr)
    return 0


def _stop(process: subprocess.Popen) -> None:
    """Ask the server to shut down (it then ends its kernels); kill it on a second request or after a grace period."""
    try:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=_STOP_GRACE_S)
    except (KeyboardInterrupt, subprocess.TimeoutExpired):
        process.kill()
        process.wait()


#: What each subcommand does, for the message of an unexpected error (keys under ``action.``).
_ACTIONS = {"pyramid": "analyse", "export": "export", "template": "canvas", "new": "create_workbook",
            "grades": "grades"}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 2 a problem the user can fix)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # Set the language before building the parser, so that its help texts follow it too.
    language_only = argparse.ArgumentParser(add_help=False)
    language_only.add_argument("--language")
    known, _ = language_only.parse_known_args(argv)
    if known.language in LANGUAGES:
        set_language(known.language)
    action = "command"
    try:
        args = _parser().parse_args(argv)
        action = _ACTIONS.get(args.command, action)
        if args.command == "pyramid":
            return run_pyramid_command(args)
        if args.command == "export":
            return run_export_command(args)
        if args.command == "template":
            return run_template_command(args)
        if args.command == "grades":
            return run_grades_command(args)
        return _new(args) if args.command == "new" else _serve(args)
    except KeyboardInterrupt:
        print(t("cli.stopped"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # the boundary: a message in the user's language, the traceback only in the log
        print(str(problem_of(error, action)), file=sys.stderr)
        return EXIT_PROBLEM


if __name__ == "__main__":
    sys.exit(main())
