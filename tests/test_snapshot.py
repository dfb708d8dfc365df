"""The dashboard as one HTML file (issue 17, "without a server"), its PDF's failures, and the download buttons."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs

from klantlab.cli import main
from klantlab.errors import ExportError
from klantlab.i18n import set_language
from klantlab.io import WorkbookFile, sample_workbook_path, samples_dir
from klantlab.model import Attitude, Side, Stakeholder, StakeholderRole
from klantlab.report.snapshot import MADE_AT_CLASS, json_for_script, snapshot_html, snapshot_name
from klantlab.report.snapshot_pdf import print_to_pdf, snapshot_pdf
from klantlab.state import open_state
from klantlab.widgets.dashboard_parts import Chart, dashboard_parts
from klantlab.widgets.download_buttons import DownloadButtons
from klantlab.widgets.overview import WorkbookOverview
from klantlab.widgets.wall import journey_board, stakeholder_board

SAMPLE = "verpakkingsmachines"
CLIENT = "Verpakkingstechniek Nederland B.V."
XSS = "</script><img src=x onerror=alert(1)>"
MADE = dt.datetime(2026, 12, 2, 10, 30).astimezone()
DATA_SCRIPT = re.compile(r'<script type="application/json" id="([\w-]+)">(.*?)</script>', re.DOTALL)
ANY_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)


def _sample_copy(folder: Path) -> Path:
    for path in samples_dir().iterdir():
        if path.name.startswith(SAMPLE) and not path.name.endswith(".bak"):
            shutil.copyfile(path, folder / path.name)
    return folder / f"{SAMPLE}.klantlab.json"


def _page(html: str) -> str:
    """The page without its scripts (plotly.js holds markup in its strings that is never on the page)."""
    return ANY_SCRIPT.sub("", html)


def _data(html: str) -> dict[str, object]:
    return {element_id: json.loads(text) for element_id, text in DATA_SCRIPT.findall(html)}


@pytest.fixture(scope="module")
def sample_html() -> str:
    set_language("nl")
    handle = WorkbookFile.open(sample_workbook_path())
    return snapshot_html(handle.workbook, handle.path.name, MADE)


def test_the_snapshot_is_a_whole_page_in_the_users_language(sample_html: str) -> None:
    assert sample_html.startswith('<!DOCTYPE html>\n<html lang="nl">\n')
    assert re.findall(r"<title>(.*?)</title>", _page(sample_html)) == [f"{CLIENT} · klantlab-dashboard"]
    assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", _page(sample_html)) == [CLIENT]
    assert sample_html.count("<main class='kl-dashboard'>") == 1 and sample_html.count("</main>") == 1
    assert '<link rel="icon" href="data:,">' in sample_html
    assert re.findall(rf"<p class='{MADE_AT_CLASS}'>(.*?)</p>", sample_html) == [
        "Momentopname van het dashboard, gemaakt op 02-12-2026 om 10:30. Alleen lezen: dit bestand verandert niet "
        "meer mee met het werkboek."
    ]
    headline = re.search(r"<section class='klantlab-headline'.*?</section>", sample_html, re.DOTALL).group(0)
    items = [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li\b[^>]*>(.*?)</li>", headline, re.DOTALL)]
    assert len(items) == 5
    assert items[0].startswith("Het gekozen segment Zuivel- en voedingsproducenten scoort het hoogst")
    # the parts in the live dashboard's order: headline before the cards, the models after, the glossary last
    order = ["klantlab-client", "kl-made-at", "klantlab-headline", "kl-cards", "kl-status", "klantlab-glossary"]
    assert [sample_html.index(f"class='{name}") for name in order] == sorted(
        sample_html.index(f"class='{name}") for name in order
    )
    assert re.findall(r"<h2 class='klantlab-model'[^>]*>(.*?)</h2>", sample_html) == [
        "Klantsegment kiezen", "Klanttype-piramide", "Klantenpiramide", "Customer journey",
    ]  # fmt: skip


def test_plotly_js_once_and_every_chart_as_json(sample_html: str) -> None:
    assert sample_html.count(get_plotlyjs()) == 1
    assert sample_html.count('<script type="text/javascript">') == 1
    handle = WorkbookFile.open(sample_workbook_path())
    charts = [p for p in dashboard_parts(handle.workbook, handle.path.name) if isinstance(p, Chart)]
    data = _data(sample_html)
    specs = [spec for element_id, spec in data.items() if element_id.startswith("kl-chart-")]
    assert (
        [spec["layout"]["title"]["text"] for spec in specs]
        == [c.figure.layout.title.text for c in charts]
        == [
            "Aantrekkelijkheid van de segmenten (gewogen score, 1–5)",
            "Klantenpiramide: klanten en hun aandeel in de omzet",
        ]
    )
    for spec in specs:
        assert spec["config"] == {"staticPlot": True, "displayModeBar": False, "displaylogo": False,
                                  "showSendToCloud": False}  # fmt: skip
        assert spec["layout"]["dragmode"] is False and spec["layout"]["xaxis"]["fixedrange"] is True
        assert len(spec["data"]) >= 1
    assert sample_html.count("data-kl-chart=") == len(charts) == 2


def test_the_walls_are_drawn_by_the_same_module_from_the_same_boards(sample_html: str) -> None:
    wall_js = (Path(__file__).parents[1] / "klantlab/widgets/static/wall.js").read_text(encoding="utf-8")
    body = wall_js.split("export default", 1)[0]
    assert sample_html.count(body) == 1  # the module as it is on disk, inlined once
    assert sample_html.count('<script type="module">') == 1 and sample_html.count("const klantlabWall =") == 1
    assert sample_html.count("klantlabWall.render({ model, el: slot })") == 1
    handle = WorkbookFile.open(sample_workbook_path())
    workbook = handle.workbook
    walls = [value for element_id, value in _data(sample_html).items() if element_id.startswith("kl-wall-")]
    assert [(w["kind"], w["read_only"], w["selected"]) for w in walls] == [
        ("stakeholders", True, ""), ("journey", True, ""),
    ]  # fmt: skip
    assert walls[0]["board"] == stakeholder_board(workbook, workbook.focus_segment_id())
    assert walls[1]["board"] == journey_board(workbook)
    assert len(walls[0]["board"]["notes"]) == 14 and walls[0]["texts"]["read_only_note"]


def test_nothing_points_outside_the_file(sample_html: str) -> None:
    outside_scripts = _page(sample_html)  # plotly.js holds link texts it never shows here
    assert re.findall(r"(?:src|href|action)\s*=\s*[\"']?\s*(?:[a-z]+:)?//", outside_scripts, re.IGNORECASE) == []
    assert re.findall(r"\b(?:src|href)\s*=", outside_scripts) == ["href="]  # the data: favicon only
    assert "@import" not in outside_scripts and "url(" not in outside_scripts
    assert "<button" not in outside_scripts and "<input" not in outside_scripts  # nothing to edit


def test_user_text_never_runs(tmp_path: Path) -> None:
    handle = WorkbookFile.open(_sample_copy(tmp_path))
    workbook = handle.workbook
    workbook.client.name = f"{XSS} B.V."
    workbook.stakeholder_pyramid.stakeholders.append(
        Stakeholder(segment_id=workbook.focus_segment_id(), name=XSS, organisation=f"&{XSS}", side=Side.outside,
                    role=StakeholderRole.influencer, attitude=Attitude.opponent)
    )  # fmt: skip
    html = snapshot_html(workbook, f"{XSS}.klantlab.json", MADE)
    assert "<img" not in html.replace(get_plotlyjs(), "") and "onerror=alert(1)>" not in html
    assert html.count("<script") == html.count("</script>") == 6  # no element was closed early
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html  # in the HTML parts, as text
    escaped = "\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"
    assert escaped in html  # in the JSON of the walls
    assert re.findall(r"<title>(.*?)</title>", _page(html)) == [
        "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; B.V. · klantlab-dashboard"
    ]
    stakeholders = next(v for k, v in _data(html).items() if v.get("kind") == "stakeholders" and k)
    assert [n["text"] for n in stakeholders["board"]["notes"]].count(XSS) == 1
    assert [n["sub"] for n in stakeholders["board"]["notes"]].count(f"&{XSS}") == 1


def test_json_for_script_leaves_no_markup() -> None:
    assert json_for_script({"a": "</script>&<!--"}) == '{"a":"\\u003c/script\\u003e\\u0026\\u003c!--"}'
    assert json.loads(json_for_script({"a": "</script>&<!--"})) == {"a": "</script>&<!--"}


def test_english_snapshot() -> None:
    set_language("en")
    handle = WorkbookFile.open(sample_workbook_path())
    html = snapshot_html(handle.workbook, handle.path.name, MADE)
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">\n')
    assert re.findall(r"<title>(.*?)</title>", _page(html)) == [f"{CLIENT} · klantlab dashboard"]
    assert "Snapshot of the dashboard, made on 02-12-2026 at 10:30." in html
    assert snapshot_name(handle.workbook, handle.path.name, "pdf") == f"{SAMPLE}-dashboard.pdf"


def test_export_html_command(tmp_path: Path, capsys) -> None:
    workbook = _sample_copy(tmp_path)
    out = tmp_path / "delen"
    out.mkdir()
    assert main(["export", str(workbook), "--html", "--out", str(out)]) == 0
    written = out / f"{SAMPLE}-dashboard.html"
    assert capsys.readouterr().out == f"Geschreven: {written}\n"
    text = written.read_text(encoding="utf-8")
    assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", _page(text)) == [CLIENT] and text.count(get_plotlyjs()) == 1
    assert sorted(p.name for p in out.iterdir()) == [f"{SAMPLE}-dashboard.html"]  # --html alone: nothing else
    assert main(["export", str(workbook), "--html", "--out", str(out)]) == 0  # never over an existing file
    assert capsys.readouterr().out == f"Geschreven: {out / (SAMPLE + '-dashboard (2).html')}\n"
    assert main(["--language", "en", "export", str(workbook), "--html", "--out", str(out), "--overwrite"]) == 0
    assert capsys.readouterr().out == f"Written: {written}\n"
    assert main(["--language", "nl", "export", str(workbook), "--html"]) == 0  # default: next to the workbook
    assert capsys.readouterr().out == f"Geschreven: {tmp_path / (SAMPLE + '-dashboard.html')}\n"


def test_export_html_command_with_bad_input(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "kapot.klantlab.json"
    broken.write_text("{kapot", encoding="utf-8")
    assert main(["export", str(broken), "--html"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert captured.err.startswith(f"Het werkboek '{broken}' is beschadigd of onvolledig")
    assert main(["export", str(tmp_path / "nope.klantlab.json"), "--html"]) == 2
    assert "bestaat niet" in capsys.readouterr().err
    assert main(["export", str(_sample_copy(tmp_path)), "--html", "--out", str(tmp_path / "nergens")]) == 2
    assert (
        capsys.readouterr().err
        == f"De map '{tmp_path / 'nergens'}' bestaat niet. Maak hem eerst aan of kies een andere map.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".html")) == []


def test_no_chromium_is_a_clear_message(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    handle = WorkbookFile.open(sample_workbook_path())
    with pytest.raises(ExportError) as raised:
        snapshot_pdf(handle.workbook, handle.path.name)
    assert str(raised.value) == (
        "Voor de PDF van het dashboard is de browser Chromium nodig, en die is op deze computer niet gevonden. "
        "Installeer hem met 'sudo apt-get install chromium' (of scripts/install-system-packages.sh), of wijs hem aan "
        "met de omgevingsvariabele BROWSER_PATH. De HTML-versie werkt zonder browser; die kunt u ook afdrukken."
    )
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "chrome"))
    with pytest.raises(ExportError, match=re.escape(f"niet gevonden (BROWSER_PATH={tmp_path / 'chrome'}).")):
        print_to_pdf("<p>x</p>")


def _fake_browser(tmp_path: Path, script: str) -> Path:
    path = tmp_path / "fake-chromium"
    path.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_a_browser_that_hangs_is_stopped_with_all_it_started(monkeypatch, tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    # the "browser" starts a helper of its own, then hangs: both must be gone after the timeout
    browser = _fake_browser(tmp_path, f"sleep 300 & echo $! > {pids}; echo $$ >> {pids}; sleep 300")
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    started = time.monotonic()
    with pytest.raises(ExportError) as raised:
        print_to_pdf("<p>x</p>", timeout=1.5)
    assert time.monotonic() - started < 10
    assert str(raised.value) == (
        "Het maken van de PDF duurde langer dan 2 seconden en is afgebroken. Probeer het opnieuw, of download de "
        "HTML-versie en druk die af vanuit uw browser."
    )
    for pid in map(int, pids.read_text().split()):
        # gone, or (the helper, an orphan once its browser is gone) a zombie that only init may still reap
        deadline = time.monotonic() + 5  # a killed process may take a moment to be gone
        while (status_parent := _process(pid))[0] not in ("", "Z") and time.monotonic() < deadline:
            time.sleep(0.1)
        status, parent = status_parent
        assert status in ("", "Z"), f"process {pid} still runs ({status})"
        assert parent != os.getpid(), f"process {pid} is a zombie of this process"


def _process(pid: int) -> tuple[str, int]:
    """A process's state letter and its parent's id; ("", 0) when there is no such process."""
    found = subprocess.run(["ps", "-o", "stat=,ppid=", "-p", str(pid)], capture_output=True, text=True).stdout.split()
    return (found[0][0], int(found[1])) if found else ("", 0)


def test_a_browser_that_fails_is_a_message(monkeypatch, tmp_path: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("BROWSER_PATH", str(_fake_browser(tmp_path, "echo 'cannot open display' >&2; exit 3")))
    with pytest.raises(ExportError) as raised:
        print_to_pdf("<p>x</p>")
    assert str(raised.value) == (
        "De PDF van het dashboard kon niet worden gemaakt: Chromium stopte met een fout (exit code 3: cannot open "
        "display). Probeer het opnieuw; blijft het misgaan, download dan de HTML-versie en druk die af vanuit uw "
        "browser."
    )
    assert list(temp.iterdir()) == []  # the page, the profile and the half PDF are gone


def _replies(widget: DownloadButtons) -> list[tuple[dict, list[bytes]]]:
    sent: list[tuple[dict, list[bytes]]] = []
    widget.send = lambda content, buffers=None: sent.append((content, list(buffers or [])))
    return sent


def test_download_buttons_build_from_the_current_workbook(tmp_path: Path, monkeypatch) -> None:
    state = open_state(_sample_copy(tmp_path))
    overview = WorkbookOverview(state)
    buttons = overview.downloads
    assert overview.children[2] is buttons and "kl-download" in buttons._dom_classes
    assert "klantlab-client" in overview.children[1].value  # right under the client's name
    assert buttons.texts["button.pdf"] == "Download PDF" and buttons.texts["button.html"] == "Download HTML"
    assert buttons.texts["busy"] == "Bezig… het bestand wordt gemaakt."
    sent = _replies(buttons)
    state.apply(lambda wb: setattr(wb.client, "name", "Nieuwe Naam B.V."), _change())
    buttons._received(buttons, {"action": "download", "kind": "html", "request": 7}, [])
    ((content, buffers),) = sent
    assert content == {"reply": 7, "ok": True, "name": f"{SAMPLE}-dashboard.html", "mime": "text/html",
                       "size": len(buffers[0])}  # fmt: skip
    html = buffers[0].decode("utf-8")
    assert re.findall(r"<h1\b[^>]*>(.*?)</h1>", _page(html)) == ["Nieuwe Naam B.V."]  # the workbook as it is now
    made_at = re.compile(rf"<p class='{MADE_AT_CLASS}'>.*?</p>")
    fresh = snapshot_html(state.workbook, state.path.name)
    assert made_at.sub("", html) == made_at.sub("", fresh)
    buttons._received(buttons, {"action": "download", "kind": "exe", "request": 8}, [])
    buttons._received(buttons, "nonsense", [])
    assert len(sent) == 1  # what the buttons never ask is not answered


def test_download_pdf_without_chromium_answers_with_the_message(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    buttons = DownloadButtons(open_state(_sample_copy(tmp_path)))
    sent = _replies(buttons)
    buttons._received(buttons, {"action": "download", "kind": "pdf", "request": 1}, [])
    ((content, buffers),) = sent
    assert buffers == [] and content["ok"] is False and content["reply"] == 1
    assert content["message"].startswith("Voor de PDF van het dashboard is de browser Chromium nodig")


def _change():
    from klantlab.state import Change

    return Change("change.client", {"field_key": "field.name"})
