"""Serving a dashboard with the real ``klantlab dashboard`` command and opening it in Debian's chromium."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from klantlab.cli import dashboard_command, server_env
from klantlab.i18n import LANGUAGE_ENV
from klantlab.i18n import language as language_set
from klantlab.io import WORKBOOK_ENV

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Dashboard:
    """A running ``klantlab dashboard`` process (or Voilà on one ``notebook``); ``url`` is where it serves."""

    def __init__(
        self,
        workbook: Path,
        language: str = "nl",
        notebook: Path | None = None,
        folder: Path | None = None,
        options: tuple[str, ...] = (),
        templated: bool = False,
    ) -> None:
        """``templated``: serve ``notebook`` the product's way (``dashboard_command``: klantlab's page template)."""
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        if folder is not None:
            command = [
                *(sys.executable, "-m", "klantlab.cli", f"--language={language}", "dashboard", "--folder", str(folder)),
                *(f"--port={self.port}", "--no-browser"),
            ]
        elif notebook is None:
            command = [
                *(sys.executable, "-m", "klantlab.cli", f"--language={language}", "dashboard", str(workbook)),
                *(f"--port={self.port}", "--no-browser", *options),
            ]
        elif templated:
            with language_set(language):
                command, served_env = dashboard_command(notebook, self.port, False), server_env(workbook)
        else:  # a guided notebook served as it would run in a workshop, on the given workbook
            command = [
                *(sys.executable, "-m", "voila", str(notebook), f"--port={self.port}", "--no-browser"),
                *("--Voila.ip=127.0.0.1", "--VoilaConfiguration.show_tracebacks=False", "--theme=light"),
            ]
        env = {**(served_env if templated else os.environ), WORKBOOK_ENV: str(workbook), LANGUAGE_ENV: language}
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
            env=env,
        )
        self.first_line = self.process.stdout.readline().strip()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"klantlab dashboard ended: {self.process.stdout.read()}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"no dashboard on port {self.port} after 60 s")

    def stop(self) -> None:
        """End Voilà and the kernels it started (they outlive the tab otherwise)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(
                "/usr/bin/chromium is missing in CI: scripts/install-system-packages.sh should have installed it"
            )
        pytest.skip("Debian chromium is not installed (/usr/bin/chromium); run scripts/install-system-packages.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def serve() -> Iterator:
    started: list[Dashboard] = []

    def start(
        workbook: Path,
        language: str = "nl",
        notebook: Path | None = None,
        folder: Path | None = None,
        options: tuple[str, ...] = (),
        templated: bool = False,
    ) -> Dashboard:
        dashboard = Dashboard(workbook, language, notebook, folder, options, templated)
        started.append(dashboard)
        return dashboard

    yield start
    for dashboard in started:
        dashboard.stop()


@pytest.fixture(scope="module")
def module_serve() -> Iterator:
    """Like ``serve``, for one dashboard that all tests of a module look at (started once, stopped at the end)."""
    started: list[Dashboard] = []

    def start(workbook: Path, language: str = "nl", **kwargs) -> Dashboard:
        dashboard = Dashboard(workbook, language, **kwargs)
        started.append(dashboard)
        return dashboard

    yield start
    for dashboard in started:
        dashboard.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1300})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot of ``page`` as a test artefact: ``screenshot("name")``."""

    def take(name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
