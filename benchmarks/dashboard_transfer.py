"""What opening the dashboard costs a manager's browser, against an empty Voilà notebook in the same run.

The dashboard is served as a manager gets it, by ``klantlab dashboard WORKBOOK`` (klantlab's Voilà template,
compressed responses, a kernel kept warm for the next visitor); the baseline is plain Voilà on a one-cell
notebook. Both on 127.0.0.1, opened in Debian's chromium (Playwright). Measured per page:
bytes transferred (every response, as the browser's network layer counts them), time to first
contentful paint, to the first key figure (the headline; the empty notebook's first output), and until the
last chart is drawn (dashboard) or the page is idle (empty). Visits come ``--gap`` seconds apart (the warm
kernel is made anew meanwhile); one more row is a second visitor right after a first one, who finds the warm
kernel taken and waits for the next. Targets: first paint at most 2x the empty notebook, key figures within
3 s, last chart at most 2x the empty notebook, at most 4 MB transferred (issue 17). Prints a table; never fails.

    python benchmarks/dashboard_transfer.py [--runs 3] [--gap 8]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from klantlab.io import sample_workbook_path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM, FLAGS, Dashboard

EMPTY_NOTEBOOK = {
    "cells": [{"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [], "source": "print('leeg')"}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


def _measure(browser, url: str, charts: int) -> tuple[float, float, float, float]:
    """(MB transferred, first contentful paint s, first key figure or first output s, last chart or idle s)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    sizes: list[float] = []
    client.on("Network.loadingFinished", lambda event: sizes.append(event["encodedDataLength"]))
    start = time.monotonic()
    page.goto(url, timeout=120_000, wait_until="commit")  # not the load event: that waits for every script
    page.wait_for_selector(".klantlab-headline" if charts else ".jp-OutputArea-output", timeout=120_000)
    first = time.monotonic() - start
    if charts:
        page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {2 * charts}", timeout=120_000
        )
    else:
        page.wait_for_selector(".jp-OutputArea-output", timeout=120_000)
    done = time.monotonic() - start
    page.wait_for_timeout(500)
    paint = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: 0}).startTime / 1000"
    )
    context.close()
    return sum(sizes) / 1e6, paint, first, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gap", type=float, default=8.0, help="seconds between two visits")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="klantlab-transfer-"))
    workbook = folder / sample_workbook_path().name
    shutil.copyfile(sample_workbook_path(), workbook)
    empty = folder / "leeg.ipynb"
    empty.write_text(json.dumps(EMPTY_NOTEBOOK), encoding="utf-8")
    at_once = "dashboard, 2nd visitor at once"
    results: dict[str, list[tuple[float, float, float, float]]] = {
        "empty Voilà notebook": [],
        "klantlab dashboard": [],
        at_once: [],
    }
    servers = {"empty Voilà notebook": Dashboard(workbook, notebook=empty), "klantlab dashboard": Dashboard(workbook)}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
            time.sleep(args.gap)  # the dashboard's warm kernel has run its imports
            for _ in range(args.runs):  # alternate, so load on the machine hits both alike
                for name, server in servers.items():
                    results[name].append(_measure(browser, server.url, 2 if name == "klantlab dashboard" else 0))
                    time.sleep(args.gap)
            dashboard = servers["klantlab dashboard"].url
            for _ in range(args.runs):  # the first visitor takes the warm kernel; the second comes at once
                first = browser.new_context()
                first.new_page().goto(dashboard, timeout=120_000)
                results[at_once].append(_measure(browser, dashboard, 2))
                first.close()
                time.sleep(args.gap)
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    print(f"{'page':<32}{'transfer':>12}{'first paint':>14}{'key figures':>14}{'last chart/idle':>18}")
    medians = {}
    for name, runs in results.items():
        mb, paint, first, done = (statistics.median(values) for values in zip(*runs, strict=True))
        medians[name] = (mb, paint, first, done)
        print(f"{name:<32}{mb:>10.2f}MB{paint:>13.2f}s{first:>13.2f}s{done:>17.2f}s")
    (mb_e, paint_e, _first_e, done_e), (mb_d, paint_d, first_d, done_d), (_, _, first_n, done_n) = medians.values()
    extra = mb_d - mb_e
    print(
        f"\nfirst paint: dashboard / empty = {paint_d / paint_e:.2f}x (target ≤ 2x: "
        f"{'met' if paint_d <= 2 * paint_e else 'NOT met'}); transfer {mb_d:.2f} MB (target ≤ 4 MB: "
        f"{'met' if mb_d <= 4 else 'NOT met'}; {extra:.2f} MB more than the empty notebook); "
        f"last chart {done_d:.2f}s vs empty idle {done_e:.2f}s ({done_d / done_e:.2f}x, target ≤ 2x: "
        f"{'met' if done_d <= 2 * done_e else 'NOT met'}); first key figure {first_d:.2f}s (target ≤ 3 s: "
        f"{'met' if first_d <= 3 else 'NOT met'}); a second visitor at once: key figures {first_n:.2f}s, "
        f"last chart {done_n:.2f}s ({done_n / done_e:.2f}x the empty notebook)"
    )


if __name__ == "__main__":
    main()
