"""The dashboard server's kernels: freed when their page goes, and at most ``--max-kernels`` of them (no browser)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest
from jupyter_client.multikernelmanager import MultiKernelManager
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets.utils.importstring import import_item

from klantlab import cli
from klantlab.cli import DEFAULT_MAX_KERNELS, dashboard_command, main, server_env
from klantlab.dashboard_server import DashboardBusyError, DashboardKernelManager, KernelLimit, busy_page
from klantlab.i18n import language
from klantlab.io import dashboard_notebook

# --- the command line -----------------------------------------------------------------------------------------


def _run(coroutine):
    """Run ``coroutine`` in a loop of its own thread (an earlier test may leave a loop running in this one)."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def test_the_dashboard_command_frees_idle_kernels_and_limits_them() -> None:
    command = dashboard_command(dashboard_notebook(), 9001, open_browser=False)
    assert command[:3] == [sys.executable, "-m", "voila"]
    for option in (
        "--VoilaConfiguration.multi_kernel_manager_class=klantlab.dashboard_server.DashboardKernelManager",
        "--DashboardKernelManager.max_kernels=12",
        "--MappingKernelManager.cull_idle_timeout=40",
        "--MappingKernelManager.cull_interval=10",
        "--MappingKernelManager.cull_connected=False",  # a page being looked at is never culled
    ):
        assert option in command
    assert command[-1] == "--no-browser"
    assert "--DashboardKernelManager.max_kernels=3" in dashboard_command(dashboard_notebook(), 9001, False, 3)
    # Within a minute for a page that went without a goodbye: idle timeout + one culler interval.
    assert cli.KERNEL_IDLE_TIMEOUT_S + cli.KERNEL_CULL_INTERVAL_S <= 50


def test_the_kernel_manager_named_on_the_command_line_is_this_one() -> None:
    manager = import_item(cli.DASHBOARD_KERNEL_MANAGER)
    assert manager is DashboardKernelManager
    assert issubclass(manager, AsyncMappingKernelManager)
    assert issubclass(manager, MultiKernelManager)  # what Voilà's multi_kernel_manager_class accepts
    assert DashboardKernelManager.max_kernels.default_value == DEFAULT_MAX_KERNELS == 12


@pytest.mark.parametrize("value", ["0", "abc", "101", "-3", "2.5"])
def test_a_wrong_max_kernels_is_refused_in_dutch(value: str, capsys) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["dashboard", "--max-kernels", value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"klantlab dashboard: fout: argument --max-kernels: '{value}' is geen geldig aantal pagina's; "
        "kies een heel getal van 1 tot en met 100"
    )
    assert "Traceback" not in err


def test_a_wrong_max_kernels_is_refused_in_english_by_the_real_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "klantlab.cli", "--language", "en", "dashboard", "--max-kernels", "abc"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "klantlab dashboard: error: argument --max-kernels: 'abc' is not a valid number of pages; "
        "choose a whole number from 1 to 100"
    )
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_max_kernels_is_in_the_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "klantlab.cli", "dashboard", "--help"], capture_output=True, text=True, timeout=60
    )
    assert "--max-kernels N" in result.stdout
    assert "(standaard 12)" in " ".join(result.stdout.split())


# --- the limit --------------------------------------------------------------------------------------------------


def test_the_limit_admits_up_to_its_maximum_and_refuses_beyond_with_the_busy_key() -> None:
    limit = KernelLimit(2)
    assert [limit.admits(running) for running in range(4)] == [True, True, False, False]
    limit.check(0)
    limit.check(1)
    with pytest.raises(DashboardBusyError) as refused:
        limit.check(2)
    error = refused.value
    assert (error.status_code, error.key, error.limit) == (503, "cli.dashboard.busy", 2)
    assert error.message == "Het dashboard is nu druk. Probeer het zo opnieuw."
    assert error.get_message() == (
        "Een pagina is geweigerd: er draaien al 2 kernels, het maximum. Sluit pagina's die niemand meer bekijkt, "
        "of start het dashboard met een hogere --max-kernels."
    )
    with language("en"):
        assert error.message == "The dashboard is busy right now. Please try again in a moment."


def test_the_busy_page_speaks_the_dashboards_language() -> None:
    page = busy_page(12)
    assert '<html lang="nl">' in page
    assert "<title>Dashboard druk</title>" in page
    assert "<h1>Het dashboard is nu druk. Probeer het zo opnieuw.</h1>" in page
    assert "<p>Er staan al 12 pagina's met dit dashboard open." in page
    with language("en"):
        page = busy_page(3)
    assert '<html lang="en">' in page
    assert "<title>Dashboard busy</title>" in page
    assert "<h1>The dashboard is busy right now. Please try again in a moment.</h1>" in page
    assert "<p>3 pages with this dashboard are open already." in page
    assert "<script" not in page


class _Started:
    """Stands in for a started kernel (the manager only counts them here)."""


@pytest.fixture
def fake_start(monkeypatch) -> list[str]:
    """Starting a kernel takes a moment and starts nothing; returns the ids started."""
    started: list[str] = []

    async def start(self, *args, kernel_id=None, **kwargs) -> str:
        await asyncio.sleep(0.05)
        self._kernels[kernel_id] = _Started()
        started.append(kernel_id)
        return kernel_id

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", start)
    return started


def test_the_kernel_manager_refuses_a_kernel_beyond_its_maximum(fake_start: list[str], tmp_path: Path) -> None:
    manager = DashboardKernelManager(max_kernels=2, root_dir=str(tmp_path))

    async def three_pages_one_after_the_other() -> None:
        await manager.start_kernel(kernel_name="python3")
        await manager.start_kernel(kernel_name="python3")
        with pytest.raises(DashboardBusyError):
            await manager.start_kernel(kernel_name="python3")

    _run(three_pages_one_after_the_other())
    assert len(fake_start) == 2
    assert manager.occupied() == 2


def test_pages_arriving_together_cannot_start_more_kernels_than_the_maximum(
    fake_start: list[str], tmp_path: Path
) -> None:
    manager = DashboardKernelManager(max_kernels=3, root_dir=str(tmp_path))

    async def five_pages_at_once() -> list:
        return await asyncio.gather(
            *(manager.start_kernel(kernel_name="python3") for _ in range(5)), return_exceptions=True
        )

    results = _run(five_pages_at_once())
    assert sum(isinstance(result, DashboardBusyError) for result in results) == 2
    assert len(fake_start) == 3
    assert manager.occupied() == 3  # the places reserved while starting went over to the running kernels


def test_a_kernel_on_its_way_out_gives_its_place_to_the_next_page_at_once(
    fake_start: list[str], tmp_path: Path, monkeypatch
) -> None:
    """jupyter_client lists a kernel until its process has gone; the page that comes meanwhile is let in."""
    manager = DashboardKernelManager(max_kernels=1, root_dir=str(tmp_path))
    process_ending = asyncio.Event()

    async def slow_shutdown(self, kernel_id, now=False, restart=False) -> None:
        await process_ending.wait()
        del self._kernels[kernel_id]

    monkeypatch.setattr(AsyncMappingKernelManager, "shutdown_kernel", slow_shutdown)

    async def one_leaves_while_the_next_comes() -> list[int]:
        first = await manager.start_kernel(kernel_name="python3")
        leaving = asyncio.ensure_future(manager.shutdown_kernel(first))
        await asyncio.sleep(0)  # the shutdown has begun; the first kernel is still listed
        seen = [len(manager.list_kernel_ids()), manager.occupied()]
        await manager.start_kernel(kernel_name="python3")  # before the fix: DashboardBusyError
        process_ending.set()
        await leaving
        return [*seen, manager.occupied()]

    assert _run(one_leaves_while_the_next_comes()) == [1, 0, 1]
    assert len(fake_start) == 2


# --- the page's goodbye, against a real Voilà (no browser) -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.timeout(120)
def test_the_page_gets_the_xsrf_cookie_its_goodbye_needs_and_the_goodbye_stops_its_kernel(tmp_path: Path) -> None:
    """What the page's ``beforeunload`` beacon sends: ``_xsrf`` from the cookie, as a form (voila#1458)."""
    notebook = tmp_path / "klein.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('klaar')")]), notebook)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "voila.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            dashboard_command(notebook, port, open_browser=False, max_kernels=1),
            env=server_env(notebook),  # as `klantlab dashboard` starts it: Voilà finds klantlab's page template
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    cookies = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = browser.open(base, timeout=60).read().decode("utf-8")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.3)
        assert "klaar" in page
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1)
        xsrf = {cookie.name: cookie.value for cookie in cookies}["_xsrf"]  # before the fix: no such cookie

        with pytest.raises(urllib.error.HTTPError) as busy:  # the limit is 1, and that page holds it
            browser.open(base, timeout=60)
        assert busy.value.code == 503
        assert "Het dashboard is nu druk. Probeer het zo opnieuw." in busy.value.read().decode("utf-8")

        def goodbye(token: str) -> int:
            boundary = "klantlab-beacon"
            body = f'--{boundary}\r\nContent-Disposition: form-data; name="_xsrf"\r\n\r\n{token}\r\n--{boundary}--\r\n'
            request = urllib.request.Request(
                f"{base}voila/api/shutdown/{kernel_id}",
                data=body.encode(),
                headers={"Content-Type": f"multipart/form-data; boundary={boundary}", "Origin": base.rstrip("/")},
                method="POST",
            )
            try:
                return browser.open(request, timeout=30).status
            except urllib.error.HTTPError as error:
                return error.code

        assert goodbye("") == 403  # XSRF protection stays on: without the page's token nothing is stopped
        assert goodbye(xsrf) == 204
        assert f"Kernel shutdown: {kernel_id}" in log.read_text(encoding="utf-8")
        assert "klaar" in browser.open(base, timeout=60).read().decode("utf-8")  # its place is free again
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
