"""The klantlab command: messages in the user's language, exit code 2 on a problem, never a traceback."""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from klantlab import __version__, cli
from klantlab.cli import (
    dashboard_command,
    exit_code,
    lab_command,
    main,
    missing_module,
    new_workbook_path,
    page_resources,
    port_is_free,
    server_env,
)
from klantlab.i18n import language
from klantlab.io import WorkbookFile, dashboard_notebook, notebooks_dir, slug

PROC = Path("/proc")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "klantlab.cli", *args], capture_output=True, text=True, timeout=60, check=False
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes_with_workbook(workbook: Path) -> dict[int, str]:
    """pid -> command line of every process of ours whose environment names ``workbook`` (server and kernels)."""
    marker = f"KLANTLAB_WORKBOOK={workbook}".encode()
    found = {}
    for entry in PROC.glob("[0-9]*"):
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
    return found


def _end_leftovers(workbook: Path) -> None:
    """Kill what a failed test left running, so no server or kernel outlives the test."""
    for pid in _processes_with_workbook(workbook):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _wait_until_gone(workbook: Path, seconds: float = 10) -> dict[int, str]:
    deadline = time.monotonic() + seconds
    while (left := _processes_with_workbook(workbook)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def _get(url: str, process: subprocess.Popen, log: Path, seconds: float) -> bytes:
    """The body of ``url`` once the server answers 200, polling while ``process`` runs."""
    deadline = time.monotonic() + seconds
    while True:
        assert process.poll() is None, log.read_text(encoding="utf-8")
        try:
            with urllib.request.urlopen(url, timeout=seconds) as response:
                assert response.status == 200
                return response.read()
        except OSError:
            assert time.monotonic() < deadline, f"no answer from {url} within {seconds} s"
            time.sleep(0.3)


# --- new ----------------------------------------------------------------------------------------------------------


def test_slug_of_a_client_name() -> None:
    assert slug("Bakkerij Één & Zonen") == "bakkerij-een-zonen"
    assert slug("  ") == "werkboek"


def test_new_workbook_path_is_the_slug_in_the_folder_or_the_given_file(tmp_path: Path) -> None:
    assert new_workbook_path("Bakkerij Één & Zonen", tmp_path) == tmp_path / "bakkerij-een-zonen.klantlab.json"
    assert new_workbook_path("Bakkerij", tmp_path, tmp_path / "x.json") == tmp_path / "x.json"


def test_new_creates_a_workbook(tmp_path: Path, capsys) -> None:
    assert main(["new", "Bakkerij Één & Zonen", "--consultant", "Anna", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "bakkerij-een-zonen.klantlab.json"
    assert capsys.readouterr().out.splitlines() == [
        f"Nieuw werkboek gemaakt: {path}",
        f'Open het met: klantlab lab "{path}"',
    ]
    client = WorkbookFile.open(path).workbook.client
    assert (client.name, client.consultant) == ("Bakkerij Één & Zonen", "Anna")


def test_new_in_the_current_folder_by_default(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "De Klant"]) == 0
    assert WorkbookFile.open(tmp_path / "de-klant.klantlab.json").workbook.client.name == "De Klant"


def test_new_refuses_an_existing_file_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "klant.klantlab.json"
    assert _run("new", "Klant", "--file", str(path)).returncode == 0
    before = path.read_bytes()
    again = _run("new", "Andere naam", "--file", str(path))
    assert again.returncode == 2
    assert again.stderr.strip() == (
        f"Er staat al een bestand op '{path}'. klantlab overschrijft het niet: "
        "kies een andere naam of open het bestaande werkboek."
    )
    assert "Traceback" not in again.stderr
    assert path.read_bytes() == before


def test_new_for_the_same_name_twice_keeps_the_first(tmp_path: Path) -> None:
    first = _run("new", "Bakkerij Één & Zonen", "--dir", str(tmp_path), "--consultant", "Anna")
    path = tmp_path / "bakkerij-een-zonen.klantlab.json"
    assert first.returncode == 0
    before = path.read_bytes()
    second = _run("new", "Bakkerij Één & Zonen", "--dir", str(tmp_path), "--consultant", "Bert")
    assert second.returncode == 2
    assert second.stderr.startswith(f"Er staat al een bestand op '{path}'.")
    assert path.read_bytes() == before


# --- refusing a bad workbook ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["dashboard", "lab"])
@pytest.mark.parametrize(
    ("content", "dutch"),
    [
        (None, "bestaat niet of is niet te lezen"),
        ('{"format": "klantlab-workbook", "schema_ve', "is beschadigd of onvolledig"),
        (json.dumps({"name": "iets anders"}), "is geen klantlab-werkboek"),
        (json.dumps({"format": "klantlab-workbook", "schema_version": 99}), "is gemaakt met een nieuwere klantlab"),
    ],
    ids=["missing", "truncated", "foreign", "too-new"],
)
def test_servers_refuse_a_bad_workbook_before_starting(tmp_path: Path, command: str, content, dutch: str) -> None:
    path = tmp_path / "klant.klantlab.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = _run(command, str(path), "--no-browser")
    assert result.returncode == 2
    assert f"'{path}' {dutch}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    assert (path.read_text(encoding="utf-8") if path.exists() else None) == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if content is None else ["klant.klantlab.json"])


def test_default_workbook_comes_from_the_environment(tmp_path: Path) -> None:
    missing = tmp_path / "uit-de-omgeving.klantlab.json"
    result = subprocess.run(
        [sys.executable, "-m", "klantlab.cli", "dashboard"],
        env={**os.environ, "KLANTLAB_WORKBOOK": str(missing)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"Het werkboek '{missing}' bestaat niet of is niet te lezen.")


def test_language_option_gives_english(tmp_path: Path) -> None:
    missing = tmp_path / "gone.klantlab.json"
    result = _run("--language", "en", "dashboard", str(missing))
    assert result.returncode == 2
    assert result.stderr.startswith(f"The workbook '{missing}' does not exist or cannot be read.")
    help_text = _run("--language", "en", "--help").stdout
    assert help_text.startswith("usage: klantlab ")
    assert "new               create a new, empty workbook for a client" in help_text


def test_help_is_dutch_by_default() -> None:
    help_text = _run("dashboard", "--help").stdout
    assert help_text.startswith("gebruik: klantlab dashboard ")
    assert re.search(r"--port POORT +poort op 127.0.0.1 \(standaard 8866\)", help_text)
    assert "opties:" in help_text


def test_version() -> None:
    assert _run("--version").stdout == f"klantlab {__version__}\n"


def test_a_wrong_port_is_refused_in_dutch(capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["dashboard", "--port", "70000"])
    assert stop.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "klantlab dashboard: fout: argument --port: '70000' is geen poortnummer; kies een getal van 1 tot en met 65535"
    )


# --- before the server starts ---------------------------------------------------------------------------------------


def test_a_busy_port_is_refused_before_starting_with_a_free_one_in_the_users_own_command(
    workbook_path: Path, capsys, monkeypatch
) -> None:
    with socket.socket() as taken, socket.socket() as next_taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert not port_is_free(port)
        assert main(["dashboard", str(workbook_path), f"--port={port}", "--no-browser"]) == 2
        told = capsys.readouterr().err
        free = int(re.search(r"--port (\d+)\.$", told).group(1))
        assert told == (
            f"Poort {port} op 127.0.0.1 is al in gebruik, misschien door een klantlab die nog draait. "
            f"Stop die, of kies een andere poort: klantlab dashboard --port {free}.\n"
        )
        assert free > port and port_is_free(free)
        with contextlib.suppress(OSError):  # the port it named taken too: the next free one is named instead
            next_taken.bind(("127.0.0.1", free))
            next_taken.listen()
            monkeypatch.setenv("KLANTLAB_LAUNCHER", "make dashboard")  # as `make dashboard` starts it
            assert main(["dashboard", str(workbook_path), f"--port={port}", "--no-browser"]) == 2
            told = capsys.readouterr().err
            other = int(re.search(r"PORT=(\d+)\.$", told).group(1))
            assert told.endswith(f"Stop die, of kies een andere poort: make dashboard PORT={other}.\n")
            assert other > free
    assert port_is_free(port)


def test_a_missing_server_program_is_named(workbook_path: Path, monkeypatch, capsys) -> None:
    assert missing_module(["voila", "jupyterlab", "klantlab_geen_module"]) == "klantlab_geen_module"
    assert missing_module(["voila", "jupyter", "jupyterlab"]) is None
    monkeypatch.setitem(cli.SERVER_MODULES, "dashboard", ("klantlab_geen_voila",))
    assert main(["dashboard", str(workbook_path), "--no-browser"]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        "Het programma 'klantlab_geen_voila' is niet gevonden. Installeer klantlab opnieuw (make start) "
        "of activeer de omgeving waarin klantlab staat.\n"
    )
    assert captured.out == ""


def test_a_missing_dashboard_notebook_is_named(workbook_path: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    gone = tmp_path / "weg.ipynb"
    monkeypatch.setattr(cli, "dashboard_notebook", lambda: gone)
    assert main(["dashboard", str(workbook_path), "--no-browser"]) == 2
    assert capsys.readouterr().err.startswith(f"De notebooks van klantlab ontbreken: '{gone}' bestaat niet.")


# --- the server command lines ---------------------------------------------------------------------------------------


def test_server_command_lines_bind_to_localhost() -> None:
    assert dashboard_command(dashboard_notebook(), 9001, open_browser=False)[1:] == [
        "-m",
        "voila",
        str(dashboard_notebook()),
        "--port=9001",
        "--Voila.ip=127.0.0.1",
        "--VoilaConfiguration.show_tracebacks=False",
        "--theme=light",
        "--Voila.port_retries=0",
        "--VoilaConfiguration.multi_kernel_manager_class=klantlab.dashboard_server.DashboardKernelManager",
        "--DashboardKernelManager.max_kernels=12",
        "--MappingKernelManager.cull_idle_timeout=40",
        "--MappingKernelManager.cull_interval=10",
        "--MappingKernelManager.cull_connected=False",
        "--VoilaExecutor.iopub_timeout=60",
        "--template=klantlab",
        "--VoilaConfiguration.resources={'klantlab': {'lang': 'nl', 'title': 'klantlab · dashboard', "
        "'loading': 'Het dashboard wordt geladen. Een ogenblik…', 'languages': {"
        "'nl': {'title': 'klantlab · dashboard', 'loading': 'Het dashboard wordt geladen. Een ogenblik…'}, "
        "'en': {'title': 'klantlab · dashboard', 'loading': 'Loading the dashboard. One moment…'}}}}",
        "--VoilaConfiguration.preheat_kernel=True",
        "--VoilaConfiguration.default_pool_size=1",
        "--VoilaKernelManager.fill_delay=0",
        "--no-browser",
    ]
    assert "--no-browser" not in dashboard_command(dashboard_notebook(), 9001, open_browser=True)
    assert lab_command(
        Path("/klanten"), 9002, open_browser=True, notebook=Path("/klanten/a-notebooks/00_start.ipynb")
    ) == [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--notebook-dir=/klanten",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=9002",
        "--ServerApp.port_retries=0",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",  # nothing asked of the internet
        "--LabApp.news_url=None",
        f"--LabApp.app_settings_dir={cli.LAB_SETTINGS}",
        "--ServerApp.file_to_run=/klanten/a-notebooks/00_start.ipynb",
        *(["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []),
    ]
    assert lab_command(notebooks_dir(), 9002, open_browser=False)[-1] == "--no-browser"
    assert page_resources(notebooks_dir() / "en" / "exercises" / "exercises.ipynb")["klantlab"]["languages"] == {
        "nl": {"title": "klantlab · Oefeningen", "loading": "De pagina wordt geladen. Een ogenblik…"},
        "en": {"title": "klantlab · Exercises", "loading": "Loading the page. One moment…"},
    }
    assert notebooks_dir().is_dir()


def test_servers_get_the_workbook_and_the_language(tmp_path: Path) -> None:
    workbook = tmp_path / "klant.klantlab.json"
    env = server_env(workbook)
    assert (env["KLANTLAB_WORKBOOK"], env["KLANTLAB_LANGUAGE"]) == (str(workbook), "nl")
    with language("en"):
        assert server_env(workbook)["KLANTLAB_LANGUAGE"] == "en"


def test_a_server_killed_by_a_signal_exits_like_a_shell_says() -> None:
    assert [exit_code(0), exit_code(1), exit_code(-signal.SIGTERM), exit_code(-signal.SIGKILL)] == [0, 1, 143, 137]


# --- real servers ---------------------------------------------------------------------------------------------------

needs_proc = pytest.mark.skipif(not PROC.is_dir(), reason="finds the server's kernels through /proc (Linux)")


@needs_proc
@pytest.mark.timeout(180)
def test_dashboard_serves_on_localhost_and_ctrl_c_ends_it_with_its_kernels(tmp_path: Path) -> None:
    workbook = WorkbookFile.create(tmp_path / "klant.klantlab.json", "Klant").path
    before = workbook.read_bytes()
    notebook = tmp_path / "proef.ipynb"
    nbformat.write(
        nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_markdown_cell("# Proefdashboard"),
                nbformat.v4.new_code_cell(
                    "import os\nprint('werkboek:', os.environ['KLANTLAB_WORKBOOK'], os.environ['KLANTLAB_LANGUAGE'])"
                ),
            ]
        ),
        notebook,
    )
    # The real command, with only the dashboard notebook swapped for the tiny one above.
    run_with_tiny_notebook = (
        "import sys; from pathlib import Path; import klantlab.cli as cli; "
        f"cli.dashboard_notebook = lambda: Path({str(notebook)!r}); sys.exit(cli.main())"
    )
    port = _free_port()
    log = tmp_path / "dashboard.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                run_with_tiny_notebook,
                "dashboard",
                str(workbook),
                f"--port={port}",
                "--no-browser",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        page = _get(f"http://127.0.0.1:{port}/", process, log, seconds=60).decode("utf-8")
        assert log.read_text(encoding="utf-8").splitlines()[:2] == [
            f"Dashboard van {workbook} start op http://127.0.0.1:{port}/",
            "Stoppen: Ctrl+C.",
        ]
        assert "Proefdashboard" in page
        assert f"werkboek: {workbook} nl" in page
        assert "Traceback" not in page
        running = _processes_with_workbook(workbook)
        assert any("voila" in command for command in running.values()), running
        assert any("ipykernel" in command for command in running.values()), running

        os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in the terminal does
        assert process.wait(timeout=60) == 0
        output = log.read_text(encoding="utf-8")
        assert output.splitlines()[-1] == "Gestopt."
        assert "Traceback" not in output
        assert _wait_until_gone(workbook) == {}
        assert workbook.read_bytes() == before
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        _end_leftovers(workbook)


@needs_proc
@pytest.mark.timeout(180)
def test_lab_serves_the_notebooks_on_localhost_and_stops_on_sigterm(tmp_path: Path) -> None:
    workbook = WorkbookFile.create(tmp_path / "klant.klantlab.json", "Klant").path
    port = _free_port()
    log = tmp_path / "lab.log"
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "klantlab.cli", "lab", str(workbook), f"--port={port}", "--no-browser"],
            env={**os.environ, "JUPYTER_TOKEN": "klantlab-test"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        body = _get(f"http://127.0.0.1:{port}/api/contents?token=klantlab-test", process, log, seconds=120)
        own = tmp_path / "klant-notebooks"
        assert log.read_text(encoding="utf-8").startswith(
            f"JupyterLab start met werkboek {workbook}; de notebooks van deze klant staan in {own}."
        )
        names = {item["name"] for item in json.loads(body)["content"]}
        assert names == {"klant.klantlab.json", "klant-notebooks", "lab.log"}  # the client's folder, not klantlab's
        listing = _get(f"http://127.0.0.1:{port}/api/contents/klant-notebooks?token=klantlab-test", process, log, 30)
        assert {"00_start.ipynb", "oefeningen"} <= {item["name"] for item in json.loads(listing)["content"]}
        assert _processes_with_workbook(workbook)

        os.kill(process.pid, signal.SIGTERM)  # only klantlab: it stops JupyterLab itself
        assert process.wait(timeout=60) == 0
        output = log.read_text(encoding="utf-8")
        assert output.splitlines()[-1] == "Gestopt."
        assert "Traceback" not in output
        assert _wait_until_gone(workbook) == {}
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        _end_leftovers(workbook)


PLACEHOLDERS = {
    "nl": {"OPDRACHT", "NAAM", "WERKBOEK", "MAP", "BESTAND", "POORT", "FORMAAT", "PAD", "INDELING", "VAN", "TOT",
           "MAANDEN", "DOEL=KOLOM", "BLAD"},
    "en": {"COMMAND", "NAME", "WORKBOOK", "FOLDER", "DIR", "FILE", "PORT", "SIZE", "PATH", "PRESET", "FROM", "TO",
           "MONTHS", "TARGET=COLUMN", "SHEET", "CONSULTANT", "INACTIVE_MONTHS"},
}  # fmt: skip
SUBCOMMANDS = ("new", "lab", "dashboard", "pyramid", "export", "template", "grades")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_help_speaks_one_language_placeholders_too(lang: str) -> None:
    other = PLACEHOLDERS["en" if lang == "nl" else "nl"]
    seen: set[str] = set()
    for command in ("", *SUBCOMMANDS):
        shown = subprocess.run(
            [sys.executable, "-m", "klantlab", f"--language={lang}", *([command] if command else []), "--help"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        words = set(re.findall(r"\b[A-Z][A-Z_=]*[A-Z]\b", shown))
        assert words & other == set(), (command, words & other)
        seen |= words
    assert seen >= PLACEHOLDERS[lang] - {"INACTIVE_MONTHS", "DIR", "CONSULTANT"}


def test_help_and_the_pyramid_load_no_export_stack() -> None:
    for args in (["--help"], ["pyramid", "--help"]):
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-X", "importtime", "-m", "klantlab", *args], capture_output=True,
                              text=True, check=True)  # fmt: skip
        took = time.monotonic() - started
        loaded = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
        heavy = {m for m in loaded if m.split(".")[0] in {"pptx", "reportlab", "kaleido", "openpyxl", "ipywidgets"}}
        assert heavy == set(), (args, heavy)
        assert {m for m in loaded if m.startswith("klantlab.report")} == set()
        assert took < 5  # typically 0.7 s; the bound only catches a heavy import creeping back in


def test_the_language_may_also_follow_the_command(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["lab", "--language", "en", "--help"])  # as the notebooks and the README write it too
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("usage: klantlab lab [-h] [--port PORT]")
