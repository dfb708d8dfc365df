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
import tornado.web
from jupyter_client.multikernelmanager import MultiKernelManager
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets.utils.importstring import import_item

from klantlab import cli, dashboard_server
from klantlab.cli import DEFAULT_MAX_KERNELS, dashboard_command, main, server_env
from klantlab.dashboard_server import DashboardBusyError, DashboardKernelManager, KernelLimit, busy_page
from klantlab.i18n import language
from klantlab.io import dashboard_notebook, notebooks_dir, sample_workbook_path

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


def test_the_warm_kernel_holds_no_place_until_a_page_takes_it(
    fake_start: list[str], tmp_path: Path, monkeypatch
) -> None:
    """Voilà's pool keeps one kernel ready for the next visitor: it is nobody's page until one takes it."""
    monkeypatch.setattr(dashboard_server, "WARM_QUIET_S", 0.0)  # no page is being drawn: start at once
    manager = DashboardKernelManager(max_kernels=2, root_dir=str(tmp_path))

    async def a_page_and_the_warm_kernel() -> list[int]:
        async def keep_warm() -> dict:  # what Voilà's pool task gives once its kernel runs the notebook
            return {"kernel_id": await manager.start_kernel(kernel_name="python3", env={"VOILA_PREHEAT": "True"})}

        await manager.start_kernel(kernel_name="python3")  # a page of its own (the pool was not ready yet)
        warm = asyncio.ensure_future(keep_warm())
        manager._pools = {"overzicht.ipynb": [warm]}
        await asyncio.sleep(0.01)  # the warm kernel is starting
        seen = [manager.occupied(), len(manager.warm_kernel_ids())]
        await warm
        seen += [len(manager.list_kernel_ids()), manager.occupied()]
        manager.promise_warm_kernel("overzicht.ipynb")  # the next page takes it
        seen.append(manager.occupied())
        return seen

    assert _run(a_page_and_the_warm_kernel()) == [1, 1, 2, 1, 2]


def test_a_page_that_takes_a_warm_kernel_still_to_be_started_counts_at_once(tmp_path: Path) -> None:
    manager = DashboardKernelManager(max_kernels=1, root_dir=str(tmp_path))

    async def taken_before_it_started() -> list[int]:
        later = asyncio.get_running_loop().create_future()  # Voilà waits a moment before it refills the pool
        manager._pools = {"overzicht.ipynb": [later]}
        seen = [manager.occupied()]
        manager.promise_warm_kernel("overzicht.ipynb")
        seen.append(manager.occupied())
        later.cancel()
        return seen

    assert _run(taken_before_it_started()) == [0, 1]


def test_a_kernel_kept_warm_is_started_even_when_every_page_place_is_taken(
    fake_start: list[str], tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(dashboard_server, "WARM_QUIET_S", 0.0)
    manager = DashboardKernelManager(max_kernels=1, root_dir=str(tmp_path))

    async def full_then_warm() -> None:
        await manager.start_kernel(kernel_name="python3")
        with pytest.raises(DashboardBusyError):
            await manager.start_kernel(kernel_name="python3")
        await manager.start_kernel(kernel_name="python3", env={"VOILA_PREHEAT": "True"})

    _run(full_then_warm())
    assert len(fake_start) == 2  # the page's and the warm one: at most max_kernels + 1 kernels


def test_a_warm_kernel_waits_while_a_page_is_drawn_unless_a_page_takes_it(
    fake_start: list[str], tmp_path: Path, monkeypatch
) -> None:
    """On two cores a warm kernel importing beside a page's own made that page wait twice as long."""
    monkeypatch.setattr(dashboard_server, "WARM_QUIET_S", 0.3)
    manager = DashboardKernelManager(max_kernels=3, root_dir=str(tmp_path))

    async def warm_after_a_busy_page() -> list[str]:
        events: list[str] = []
        page = await manager.start_kernel(kernel_name="python3")
        manager._kernels[page].execution_state = "busy"  # its notebook runs for the page

        async def keep_warm(name: str) -> dict:
            kernel = await manager.start_kernel(kernel_name="python3", env={"VOILA_PREHEAT": "True"})
            events.append(name)
            return {"kernel_id": kernel}

        waiting = asyncio.ensure_future(keep_warm("warm"))
        manager._pools = {"overzicht.ipynb": [waiting]}
        await asyncio.sleep(0.6)
        events.append("page drawn")
        manager._kernels[page].execution_state = "idle"
        await waiting  # starts once the page has been quiet for WARM_QUIET_S

        taken = asyncio.ensure_future(keep_warm("taken"))
        manager._pools = {"overzicht.ipynb": [taken]}
        manager._kernels[page].execution_state = "busy"
        await asyncio.sleep(0.05)
        manager.promise_warm_kernel("overzicht.ipynb")  # a visitor takes it: no more waiting
        await asyncio.wait_for(taken, timeout=1)
        return events

    assert _run(warm_after_a_busy_page()) == ["page drawn", "warm", "taken"]


def test_klantlabs_page_handler_takes_over_voilas_page_routes_once() -> None:
    from tornado.web import Application
    from voila.tornado.handler import TornadoVoilaHandler

    from klantlab.dashboard_server import DashboardPageHandler, serve_pages_with

    app = Application([(r"/voila/static/(.*)", RequestHandlerForTest), (r"/(.*)", TornadoVoilaHandler, {})])
    assert serve_pages_with(app, DashboardPageHandler) == 1
    targets = [rule.target for host in app.default_router.rules for rule in host.target.rules]
    assert targets[0] is RequestHandlerForTest
    assert issubclass(targets[1], DashboardPageHandler) and issubclass(targets[1], TornadoVoilaHandler)
    assert serve_pages_with(app, DashboardPageHandler) == 0


class RequestHandlerForTest(tornado.web.RequestHandler):
    """A route that is not Voilà's page (it stays as it is)."""


def test_the_dashboard_command_keeps_a_kernel_warm_for_the_dashboard_only() -> None:
    command = dashboard_command(dashboard_notebook(), 9001, open_browser=False)
    assert "--VoilaConfiguration.preheat_kernel=True" in command
    assert f"--VoilaConfiguration.default_pool_size={cli.WARM_KERNELS}" in command
    assert cli.WARM_KERNELS == 1
    assert "--VoilaExecutor.iopub_timeout=60" in command  # 10 pages at once lost outputs after Voilà's 4 s
    guided = dashboard_command(notebooks_dir() / "01_klantsegment_kiezen.ipynb", 9001, open_browser=False)
    assert not [option for option in guided if "preheat" in option or "pool_size" in option]
    assert "--VoilaExecutor.iopub_timeout=60" in guided


# --- the page's goodbye, against a real Voilà (no browser) -------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("w", encoding="utf-8") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def _stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def _first_page(browser, base: str, server: subprocess.Popen, log: Path) -> str:
    deadline = time.monotonic() + 60
    while True:
        try:
            return browser.open(base, timeout=60).read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            assert server.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.3)


def _goodbye(browser, base: str, kernel_id: str, token: str) -> int:
    """What the page's ``beforeunload`` beacon sends: ``_xsrf`` from the cookie, as a form (voila#1458)."""
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


def _cookie_browser() -> tuple[object, http.cookiejar.CookieJar]:
    cookies = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies)), cookies


@pytest.mark.timeout(120)
def test_the_page_gets_the_xsrf_cookie_its_goodbye_needs_and_the_goodbye_stops_its_kernel(tmp_path: Path) -> None:
    notebook = tmp_path / "klein.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('klaar')")]), notebook)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "voila.log"
    # as `klantlab dashboard` starts it: Voilà finds klantlab's page template
    server = _start_server(
        dashboard_command(notebook, port, open_browser=False, max_kernels=1), server_env(notebook), log
    )
    browser, cookies = _cookie_browser()
    try:
        page = _first_page(browser, base, server, log)
        assert "klaar" in page
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1)
        xsrf = {cookie.name: cookie.value for cookie in cookies}["_xsrf"]  # before the fix: no such cookie

        with pytest.raises(urllib.error.HTTPError) as busy:  # the limit is 1, and that page holds it
            browser.open(base, timeout=60)
        assert busy.value.code == 503
        assert "Het dashboard is nu druk. Probeer het zo opnieuw." in busy.value.read().decode("utf-8")

        assert _goodbye(browser, base, kernel_id, "") == 403  # XSRF protection stays on
        assert _goodbye(browser, base, kernel_id, xsrf) == 204
        assert f"Kernel shutdown: {kernel_id}" in log.read_text(encoding="utf-8")
        assert "klaar" in browser.open(base, timeout=60).read().decode("utf-8")  # its place is free again
    finally:
        _stop_server(server)


@pytest.mark.timeout(180)
def test_the_dashboard_is_sent_from_a_warm_kernel_with_its_first_look_and_the_cookie_its_goodbye_needs(
    tmp_path: Path,
) -> None:
    """The manager's page comes from the kernel kept warm: the page as sent (before any script) already shows
    the client, the conclusions and the key figures; its goodbye is accepted; a new warm kernel follows."""
    workbook = tmp_path / sample_workbook_path().name
    workbook.write_bytes(sample_workbook_path().read_bytes())
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "voila.log"
    server = _start_server(dashboard_command(dashboard_notebook(), port, open_browser=False), server_env(workbook), log)
    browser, cookies = _cookie_browser()
    try:
        deadline = time.monotonic() + 90
        while "Kernel pool of overzicht.ipynb is filled" not in log.read_text(encoding="utf-8"):
            assert server.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.3)
        page = _first_page(browser, base, server, log)
        assert "Using pre-heated kernel" in log.read_text(encoding="utf-8")
        scripts = page.index('<script src="/voila/static/voila.js">')  # the app comes last, after the first look
        first_look = page.index("class='kl-dashboard kl-first-look'")
        assert first_look < scripts
        assert "<h1 class='klantlab-client'" in page[first_look:scripts]
        assert "<b>18 topklanten (1 % van de actieve klanten) brengen 46 % van de omzet</b>" in page[first_look:scripts]
        kernel_id = re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1)
        xsrf = {cookie.name: cookie.value for cookie in cookies}["_xsrf"]
        assert _goodbye(browser, base, kernel_id, xsrf) == 204
        deadline = time.monotonic() + 60
        while log.read_text(encoding="utf-8").count("Kernel pool of overzicht.ipynb is filled") < 2:
            assert time.monotonic() < deadline, log.read_text(encoding="utf-8")
            time.sleep(0.3)
    finally:
        _stop_server(server)
