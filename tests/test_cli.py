"""The klantlab command: messages in the user's language, exit code 2 on a problem, never a traceback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from klantlab.cli import dashboard_command, lab_command, main, server_env
from klantlab.i18n import language
from klantlab.io import WorkbookFile, dashboard_notebook, notebooks_dir, slug


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "klantlab.cli", *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_slug_of_a_client_name() -> None:
    assert slug("Bakkerij Één & Zonen") == "bakkerij-een-zonen"
    assert slug("  ") == "werkboek"


def test_new_creates_a_workbook(tmp_path: Path, capsys) -> None:
    assert main(["new", "Bakkerij Één & Zonen", "--consultant", "Anna", "--dir", str(tmp_path)]) == 0
    path = tmp_path / "bakkerij-een-zonen.klantlab.json"
    assert capsys.readouterr().out.splitlines() == [
        f"Nieuw werkboek gemaakt: {path}",
        f'Open het met: klantlab lab "{path}"',
    ]
    client = WorkbookFile.open(path).workbook.client
    assert (client.name, client.consultant) == ("Bakkerij Één & Zonen", "Anna")


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
    assert path.read_bytes() == before


@pytest.mark.parametrize("command", ["dashboard", "lab"])
@pytest.mark.parametrize(
    ("content", "dutch"),
    [
        (None, "bestaat niet of is niet te lezen"),
        ('{"format": "klantlab-workbook", "schema_ve', "is beschadigd of onvolledig"),
        (json.dumps({"name": "iets anders"}), "is geen klantlab-werkboek"),
    ],
    ids=["missing", "truncated", "foreign"],
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


def test_language_option_gives_english(tmp_path: Path) -> None:
    missing = tmp_path / "gone.klantlab.json"
    result = _run("--language", "en", "dashboard", str(missing))
    assert result.returncode == 2
    assert result.stderr.startswith(f"The workbook '{missing}' does not exist or cannot be read.")
    assert "new               create a new, empty workbook for a client" in _run("--language", "en", "--help").stdout


def test_server_command_lines_bind_to_localhost() -> None:
    assert dashboard_command(dashboard_notebook(), 9001, open_browser=False)[1:] == [
        "-m",
        "voila",
        str(dashboard_notebook()),
        "--port=9001",
        "--Voila.ip=127.0.0.1",
        "--VoilaConfiguration.show_tracebacks=False",
        "--theme=light",
        "--no-browser",
    ]
    assert lab_command(notebooks_dir(), 9002, open_browser=True)[1:7] == [
        "-m",
        "jupyter",
        "lab",
        f"--notebook-dir={notebooks_dir()}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=9002",
    ]
    assert dashboard_notebook().is_file() and notebooks_dir().is_dir()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.timeout(180)
def test_lab_serves_the_notebooks_on_localhost(tmp_path: Path) -> None:
    workbook = WorkbookFile.create(tmp_path / "klant.klantlab.json", "Klant").path
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "klantlab.cli", "lab", str(workbook), f"--port={port}", "--no-browser"],
        env={**os.environ, "JUPYTER_TOKEN": "klantlab-test"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout.readline().startswith(f"JupyterLab start met werkboek {workbook}.")
        url = f"http://127.0.0.1:{port}/api/contents?token=klantlab-test"
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stdout.read()
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    listing = json.load(response)
                break
            except OSError:
                assert time.monotonic() < deadline, "JupyterLab did not answer within 120 s"
                time.sleep(0.5)
        names = {item["name"] for item in listing["content"]}
        assert {"00_start.ipynb", "dashboards"} <= names
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_servers_get_the_workbook_and_the_language(tmp_path: Path) -> None:
    workbook = tmp_path / "klant.klantlab.json"
    env = server_env(workbook)
    assert (env["KLANTLAB_WORKBOOK"], env["KLANTLAB_LANGUAGE"]) == (str(workbook), "nl")
    with language("en"):
        assert server_env(workbook)["KLANTLAB_LANGUAGE"] == "en"
