"""Driving ``klantlab lab`` in Debian's chromium the way a consultant does: open a notebook, Run All, type, click.

:class:`LabServer` runs the real command on a workbook; :class:`Notebook` is
one open notebook tab with small helpers that find a control by its label
(as a person does) inside one cell's output and wait for what follows.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

TOKEN = "klantlab-workshop"
LOAD_MS = 120_000
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check: Callable[[], object], seconds: float = 45, what: str = "") -> object:
    """Poll ``check`` until it returns something truthy; fail with ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    last: object = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (OSError, ValueError, KeyError, IndexError, StopIteration):
            last = None
        if last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"waited {seconds} s for {what or check}; last: {last!r}")


class LabServer:
    """``klantlab lab WORKBOOK`` on a free port, stopped by :meth:`stop` (with its kernels)."""

    def __init__(self, workbook: Path, log: Path) -> None:
        self.workbook = workbook
        self.port = _free_port()
        self.log = log
        own = log.parent / "jupyterlab-user"  # no tabs or settings of an earlier session
        env = {**os.environ, "JUPYTER_TOKEN": TOKEN, "JUPYTERLAB_WORKSPACES_DIR": str(own / "workspaces"),
               "JUPYTERLAB_SETTINGS_DIR": str(own / "settings")}  # fmt: skip
        env.pop("KLANTLAB_WORKBOOK", None)  # the client's notebooks know their workbook themselves
        with log.open("w", encoding="utf-8") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "klantlab.cli", "lab", str(workbook), f"--port={self.port}", "--no-browser"],
                cwd=workbook.parent,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, log.read_text(encoding="utf-8")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"klantlab lab did not listen on {self.port}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/lab/tree/{path}?token={TOKEN}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)  # klantlab stops JupyterLab and its kernels itself
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class Notebook:
    """The notebook tab shown in JupyterLab now (``page``), with helpers to work in its cells' outputs."""

    def __init__(self, page, name: str) -> None:
        self.page = page
        self.name = name

    @property
    def panel(self):
        return self.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")

    def run_all(self) -> None:
        """Run > Run All Cells, then wait until every code cell has run and the kernel is idle."""
        # A kernel that is still starting (slow on a busy 2-core machine) can miss the request: ask again, each
        # time once the notebook's kernel says it is idle, for up to four minutes.
        deadline = time.monotonic() + 240
        while True:
            wait_until(self._kernel_idle, max(1.0, deadline - time.monotonic()), f"{self.name}: kernel idle")
            self.page.click("li.lm-MenuBar-item:has-text('Run')")
            self.page.click("li[data-command='runmenu:run-all']")
            try:
                wait_until(self._started, 20, f"{self.name}: Run All starts")
                break
            except AssertionError:
                if time.monotonic() >= deadline:
                    raise
        try:
            wait_until(self._all_ran, 180, f"{self.name}: Run All")
        except AssertionError:
            self.page.screenshot(path=str(ARTIFACTS / "run-all-failed.png"))
            raise

    def _kernel_idle(self) -> bool:
        return self.panel.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count() > 0

    def _started(self) -> bool:
        prompts = self.panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        return any("[*]" in p or any(ch.isdigit() for ch in p) for p in prompts)

    def _all_ran(self) -> bool:
        prompts = self.panel.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        busy = self.panel.locator(".jp-Notebook-ExecutionIndicator[data-status='busy']").count()
        return bool(prompts) and all("[*]" not in p and p.strip() not in ("", "[ ]:") for p in prompts) and not busy

    def save(self) -> None:
        self.page.keyboard.press("Control+s")
        self.page.wait_for_timeout(800)

    def output(self, index: int):
        """The output area of the ``index``-th code cell (0 = the first code cell)."""
        return self.panel.locator(".jp-CodeCell").nth(index).locator(".jp-Cell-outputArea")

    def tracebacks(self) -> list[str]:
        errors = self.panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
        return errors.all_inner_texts()


def open_notebook(page, name: str) -> Notebook:
    """Open a notebook of the client's series from the file browser (as a consultant does) and run all cells."""
    page.locator(".jp-DirListing-item", has_text=name).first.dblclick(timeout=20_000)
    page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current", has_text=name).wait_for(timeout=LOAD_MS)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
        timeout=LOAD_MS
    )
    notebook = Notebook(page, name)
    notebook.run_all()
    assert notebook.tracebacks() == [], name
    return notebook


def control(scope, label: str):
    """The visible widget inside ``scope`` whose label reads exactly ``label`` (its description, as on screen)."""
    exact = re.compile(rf"^\s*{re.escape(label)}\s*$")
    labels = scope.locator("label.widget-label, label.widget-label-basic > span").filter(has_text=exact)
    return labels.locator("visible=true").first.locator("xpath=..")


def fill(scope, label: str, text: str) -> None:
    """Type ``text`` into the box labelled ``label`` and leave it (a text box saves on Enter or when left)."""
    box = control(scope, label).locator("input, textarea").first
    box.fill(text)
    box.press("Enter" if box.evaluate("e => e.tagName") == "INPUT" else "Tab")


def value_of(scope, label: str) -> str:
    """What the box labelled ``label`` shows now."""
    return control(scope, label).locator("input, textarea, select").first.input_value().replace("\xa0", " ")


def options(scope, label: str) -> list[str]:
    """The options the dropdown or list labelled ``label`` offers, as a person reads them."""
    texts = control(scope, label).locator("select option").all_inner_texts()
    return [text.replace("\xa0", " ") for text in texts]


def choose(scope, label: str, option: str | list[str]) -> None:
    """Choose ``option`` (its text) in the dropdown or list labelled ``label``."""
    control(scope, label).locator("select").select_option(label=option)


def click(scope, text: str, index: int = 0) -> None:
    """Click the visible button that says exactly ``text`` (its icon aside)."""
    scope.locator("button:visible").filter(has_text=re.compile(rf"^\s*{re.escape(text)}\s*$")).nth(index).click()


def toggle(scope, label: str, option: str) -> None:
    """Press the toggle button ``option`` of the row labelled ``label``."""
    control(scope, label).locator("button", has_text=option).click()


def tab(scope, title: str) -> None:
    scope.locator(".lm-TabBar-tab", has_text=title).first.click()


def saved(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
