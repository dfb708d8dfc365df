"""The dashboard under load, in a real browser: every page's kernel goes when its page goes, and a limit holds.

Voilà starts a kernel (≈ 210 MiB) for every page view, and ``klantlab dashboard`` keeps one more warm for the
next visitor. These tests open many pages, at once and one after the other, and count the kernels and the
memory of the server's process tree (``klantlab dashboard``, Voilà, and its kernels) through psutil. Run with
``-s`` to see the measured figures.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from pathlib import Path

import psutil
import pytest

from klantlab.cli import WARM_KERNELS
from klantlab.io import sample_workbook_path

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

LOAD_MS = 120_000
#: The promise: a page closed (or reloaded) frees its kernel within a minute.
FREED_WITHIN_S = 60
#: Every chart of the overview is on the page and drawn.
CHARTS_DRAWN = """() => {
    const plots = document.querySelectorAll('.js-plotly-plot');
    return plots.length >= 2 && [...plots].every(p => p.querySelector('.trace'));
}"""


def _copy_of_sample(tmp_path: Path) -> Path:
    copy = tmp_path / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), copy)
    return copy


def _tree(pid: int) -> list[psutil.Process]:
    """The ``klantlab dashboard`` process and everything it started (Voilà and the kernels)."""
    top = psutil.Process(pid)
    return [top, *top.children(recursive=True)]


def _kernels(pid: int) -> int:
    count = 0
    for process in _tree(pid)[1:]:
        with contextlib.suppress(psutil.NoSuchProcess):  # a kernel that ended while we looked
            count += "ipykernel_launcher" in " ".join(process.cmdline())
    return count


def _memory_mib(pid: int) -> float:
    """Resident memory of the server's process tree, summed, in MiB."""
    total = 0
    for process in _tree(pid):
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total / 2**20


def _seconds_until_kernels(pid: int, at_most: int, within: float) -> float:
    """How long until at most ``at_most`` kernels run; fails after ``within`` seconds."""
    start = time.monotonic()
    while (count := _kernels(pid)) > at_most:
        if time.monotonic() - start > within:
            pytest.fail(f"{count} kernels still run {within:.0f} s after their pages closed (expected ≤ {at_most})")
        time.sleep(0.5)
    return time.monotonic() - start


def _until_kernels_are(pid: int, expected: int, within: float) -> None:
    """Wait until exactly ``expected`` kernels run (a warm one is made anew once the pages are drawn)."""
    start = time.monotonic()
    while (count := _kernels(pid)) != expected:
        if time.monotonic() - start > within:
            pytest.fail(f"{count} kernels run after {within:.0f} s (expected {expected})")
        time.sleep(0.5)


def _wait_for_charts(page) -> None:
    page.wait_for_selector(".js-plotly-plot .trace", timeout=LOAD_MS)
    page.wait_for_function(CHARTS_DRAWN, timeout=LOAD_MS)


def test_ten_pages_at_once_draw_their_charts_and_free_their_kernels(serve, browser, tmp_path: Path) -> None:
    dashboard = serve(_copy_of_sample(tmp_path))
    pid = dashboard.process.pid
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(10)]
    pages = [context.new_page() for context in contexts]
    try:
        start = time.monotonic()
        for page in pages:  # all ten ask at once: the navigation runs while the next page is asked to go
            page.evaluate("url => { window.location.href = url; }", dashboard.url)
        for page in pages:
            _wait_for_charts(page)
        loaded_s = time.monotonic() - start
        # one per page, all alive while they are looked at, and the warm one made anew
        _until_kernels_are(pid, 10 + WARM_KERNELS, within=FREED_WITHIN_S)
        peak = _memory_mib(pid)
        # Half the visitors close their tab (the page says goodbye), half vanish (a killed browser, no goodbye).
        closed = time.monotonic()
        for page in pages[:5]:
            page.close(run_before_unload=True)
        said_goodbye_s = _seconds_until_kernels(pid, at_most=5 + WARM_KERNELS, within=FREED_WITHIN_S)
        for context in contexts[5:]:
            context.close()
        all_gone_s = _seconds_until_kernels(
            pid, at_most=WARM_KERNELS, within=FREED_WITHIN_S - (time.monotonic() - closed)
        )
    finally:
        for context in contexts:
            context.close()
    print(
        f"\n10 pages at once: charts drawn in all after {loaded_s:.1f} s, {peak:.0f} MiB with 10 kernels; "
        f"5 closed tabs freed in {said_goodbye_s:.1f} s, the 5 vanished ones culled "
        f"{all_gone_s:.1f} s later ({time.monotonic() - closed:.1f} s after the first close)"
    )


def test_twenty_page_views_one_after_the_other_leave_memory_as_after_the_first(serve, page, tmp_path: Path) -> None:
    dashboard = serve(_copy_of_sample(tmp_path))
    pid = dashboard.process.pid
    start = time.monotonic()
    page.goto(dashboard.url, timeout=LOAD_MS)
    _wait_for_charts(page)
    _until_kernels_are(pid, 1 + WARM_KERNELS, within=FREED_WITHIN_S)  # the page's own and the warm one
    after_first = _memory_mib(pid)
    for _ in range(19):
        page.reload(timeout=LOAD_MS)  # the old page says goodbye, the new one gets a kernel of its own
        _wait_for_charts(page)
    _until_kernels_are(pid, 1 + WARM_KERNELS, within=FREED_WITHIN_S)
    after_twenty = _memory_mib(pid)
    print(
        f"\n20 views one after the other in {time.monotonic() - start:.1f} s: "
        f"{after_first:.0f} MiB after view 1, {after_twenty:.0f} MiB after view 20 "
        f"({after_twenty / after_first - 1:+.1%})"
    )
    assert after_twenty <= 1.2 * after_first


def test_a_page_beyond_the_limit_gets_the_busy_page_and_a_later_try_gets_the_dashboard(
    serve, browser, page, screenshot, tmp_path: Path
) -> None:
    server = serve(_copy_of_sample(tmp_path), options=("--max-kernels=2",))
    pid = server.process.pid
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    first, second = (context.new_page() for context in contexts)
    try:
        for viewer in (first, second):
            viewer.evaluate("url => { window.location.href = url; }", server.url)
        for viewer in (first, second):
            _wait_for_charts(viewer)
        _until_kernels_are(pid, 2 + WARM_KERNELS, within=FREED_WITHIN_S)

        response = page.goto(server.url, timeout=LOAD_MS)  # the third viewer
        assert (response.status, response.headers["retry-after"]) == (503, "30")
        assert page.locator("html").get_attribute("lang") == "nl"
        assert page.title() == "Dashboard druk"
        assert page.locator("h1").inner_text() == "Het dashboard is nu druk. Probeer het zo opnieuw."
        assert page.locator("p").inner_text() == (
            "Er staan al 2 pagina's met dit dashboard open. Zodra er een gesloten wordt, is er weer plaats."
        )
        assert _kernels(pid) == 2 + WARM_KERNELS  # the busy page started nothing and took nothing
        screenshot("dashboard-busy")

        first.close(run_before_unload=True)  # one viewer leaves: there is room again
        _seconds_until_kernels(pid, at_most=1 + WARM_KERNELS, within=FREED_WITHIN_S)
        assert page.reload(timeout=LOAD_MS).status == 200
        _wait_for_charts(page)
        _until_kernels_are(pid, 2 + WARM_KERNELS, within=FREED_WITHIN_S)  # the warm one made anew
    finally:
        for context in contexts:
            context.close()
