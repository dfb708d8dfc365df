"""The read-only overview and dashboard, checked on the widget tree (no browser)."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import ipywidgets as w
import pytest

from klantlab.charts import pyramid_figure
from klantlab.errors import WorkbookNotFoundError
from klantlab.i18n import get_language, language
from klantlab.io import WorkbookFile, file_name_for, sample_workbook_path, workbook_in_folder
from klantlab.model import CustomerLevel, LevelSummary, PyramidSummary, ThresholdPreset
from klantlab.widgets import dashboard, workbook_overview
from klantlab.widgets.wall import Wall
from klantlab.widgets.workbook_picker import WorkbookPicker

EDITABLE = (w.Text, w.Textarea, w.Dropdown, w.Button, w.Checkbox, w.IntText, w.FloatText, w.SelectMultiple)


def _walk(widget: w.Widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def _html(widget: w.Widget) -> str:
    return "\n".join(x.value for x in _walk(widget) if isinstance(x, w.HTML))


def _plotly_outputs(widget: w.Widget) -> list[dict]:
    return [
        out["data"]["application/vnd.plotly.v1+json"]
        for x in _walk(widget)
        if isinstance(x, w.Output)
        for out in x.outputs
        if "application/vnd.plotly.v1+json" in out.get("data", {})
    ]


def test_sample_dashboard_shows_the_key_figures() -> None:
    view = dashboard(sample_workbook_path())
    text = _html(view)
    assert "Verpakkingstechniek Nederland B.V." in text
    assert "Zuivel- en voedingsproducenten" in text
    assert ">14<" in text and "6 gecontroleerd bij klanten" in text  # stakeholders
    assert ">1.800<" in text and "topklanten: 46,4 % van de omzet" in text
    assert "Klanten voor 80 % van de omzet" in text and ">165<" in text and "9,2 % van de actieve klanten" in text
    assert ">18<" in text and "10 momenten van de waarheid, 8 ook door klanten genoemd" in text
    assert "ingevuld: 3 segmenten" in text and "berekend: 3.170 klanten en relaties ingedeeld" in text


def test_dashboard_has_nothing_editable_and_a_chart_per_model() -> None:
    view = dashboard(sample_workbook_path())
    assert [type(x).__name__ for x in _walk(view) if isinstance(x, EDITABLE)] == []
    figures = _plotly_outputs(view)
    assert [f["layout"]["title"]["text"] for f in figures] == [
        "Aantrekkelijkheid van de segmenten (gewogen score, 1–5)",
        "Klantenpiramide: klanten en hun aandeel in de omzet",
    ]
    walls = [(x.kind, x.read_only, x.board["title"]) for x in _walk(view) if isinstance(x, Wall)]
    assert walls == [  # the two walls, read-only: nothing on them can be changed
        ("stakeholders", True, "Klanttype-piramide · Zuivel- en voedingsproducenten"),
        ("journey", True, "Customer journey · Zuivel- en voedingsproducenten"),
    ]
    figure = figures[1]
    assert [trace["name"] for trace in figure["data"]] == [
        "Topklanten",
        "Grote klanten",
        "Middelgrote klanten",
        "Kleine klanten",
        "Inactieve klanten",
        "Prospecten",
        "Suspecten",
    ]
    assert figure["layout"]["separators"] == ",."
    assert figure["config"]["showSendToCloud"] is False
    assert figure["config"]["modeBarButtons"] == [["toImage"]]  # a viewer can only download a picture


def test_pyramid_chart_texts_give_customers_and_share() -> None:
    summary = PyramidSummary(
        computed_at="2026-01-01T00:00:00Z",
        levels=[
            LevelSummary(level=CustomerLevel.top, customers=2, revenue=500.0, revenue_share=0.5),
            LevelSummary(level=CustomerLevel.small, customers=1234, revenue=500.0, revenue_share=0.5),
            LevelSummary(level=CustomerLevel.suspect, customers=7),
        ],
    )
    fig = pyramid_figure(summary, preset=ThresholdPreset.custom)
    texts = [a.text for a in fig.layout.annotations]
    assert texts == [
        "<b>Topklanten</b>: 2 klanten<br>50,0 % van de omzet",
        "<b>Grote klanten</b>: 0 klanten<br>0,0 % van de omzet",
        "<b>Middelgrote klanten</b>: 0 klanten<br>0,0 % van de omzet",
        "<b>Kleine klanten</b>: 1.234 klanten<br>50,0 % van de omzet",
        "Inactieve klanten: 0",
        "Prospecten: 0",
        "Suspecten: 7",
    ]
    # Bands stack without overlap: top band above large above medium above small, non-buyers below zero.
    lows = [min(trace.y) for trace in fig.data]
    assert lows == sorted(lows, reverse=True) and lows[3] == 0 and max(fig.data[4].y) < 0
    with language("en"):
        assert pyramid_figure(summary, preset=ThresholdPreset.custom).layout.annotations[3].text == (
            "<b>Small customers</b>: 1,234 customers<br>50.0% of revenue"
        )
    # The presets add the share the textbooks quote; the ABC split calls the levels A to D.
    assert pyramid_figure(summary).layout.annotations[0].text == (
        "<b>Topklanten</b>: 2 klanten<br>50,0 % van de omzet (boek: 40 %)"
    )
    assert pyramid_figure(summary, preset=ThresholdPreset.abc).layout.annotations[3].text == (
        "<b>D</b>: 1.234 klanten<br>50,0 % van de omzet"
    )


def test_missing_and_broken_workbooks_show_a_friendly_message(tmp_path: Path) -> None:
    missing = tmp_path / "weg.klantlab.json"
    text = _html(dashboard(missing))
    assert "Het werkboek weg.klantlab.json is er niet (meer)." in text
    broken = tmp_path / "kapot.klantlab.json"
    broken.write_text('{"format": "klantlab-workbook", "schema_version": 1, "client": {', encoding="utf-8")
    text = _html(dashboard(broken))
    assert "Het werkboek kapot.klantlab.json kan niet worden getoond: het bestand is beschadigd" in text
    newer = tmp_path / "nieuw.klantlab.json"
    newer.write_text('{"format": "klantlab-workbook", "schema_version": 999, "client": {"name": "X"}}', "utf-8")
    text = _html(dashboard(newer))
    assert "Het werkboek nieuw.klantlab.json is gemaakt met een nieuwere versie van klantlab" in text
    assert "Traceback" not in text and str(tmp_path) not in text


def test_client_name_with_markup_is_shown_as_text(tmp_path: Path) -> None:
    handle = WorkbookFile.create(tmp_path / "x.klantlab.json", "<img src=x onerror=alert(1)>")
    text = _html(workbook_overview(handle))
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<img" not in text


def test_empty_workbook_says_where_to_start(workbook_path: Path) -> None:
    view = dashboard(workbook_path)
    text = _html(view)
    assert "nog leeg: begin met notebook 01_klantsegment_kiezen.ipynb" in text
    assert "nog leeg: begin met notebook 04_customer_journey.ipynb" in text
    assert _plotly_outputs(view) == []


def test_picker_creates_and_opens_workbooks(tmp_path: Path) -> None:
    opened = []
    picker = WorkbookPicker(tmp_path, on_open=opened.append)
    assert picker.choice.options == () and picker.open_button.disabled
    picker.create_button.click()
    assert "Vul de naam van de klant in" in _html(picker)
    picker.client.value = "Bakkerij Één"
    picker.consultant.value = "Anna"
    picker.create_button.click()
    assert picker.choice.options == ("bakkerij-een.klantlab.json",)
    assert picker.choice.value == "bakkerij-een.klantlab.json"
    assert json.loads((tmp_path / "bakkerij-een.klantlab.json").read_text())["client"]["consultant"] == "Anna"
    picker.create_button.click()  # the same name again: refused, file kept
    assert "Er staat al een bestand op" in _html(picker)
    picker.choice.value = "bakkerij-een.klantlab.json"
    picker.open_button.click()
    assert [h.workbook.client.name for h in opened] == ["Bakkerij Één", "Bakkerij Één"]
    assert picker.current is opened[-1]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dashboard_renders_in_both_languages(lang: str) -> None:
    with language(lang):
        text = _html(dashboard(sample_workbook_path()))
    assert ("Actieve klanten" in text) == (lang == "nl")
    assert ("Active customers" in text) == (lang == "en")


def test_a_folder_dashboard_offers_the_clients_by_name_and_opens_none_until_one_is_chosen(tmp_path: Path) -> None:
    folder = tmp_path / "klanten"
    folder.mkdir()
    for name in ("Zuivel Oost", "Bakkerij Jansen"):
        WorkbookFile.create(folder / file_name_for(name), name)
    (folder / "kapot.klantlab.json").write_text("{ niet af", encoding="utf-8")
    outside = WorkbookFile.create(tmp_path / "geheim.klantlab.json", "Geheim")
    (folder / "link.klantlab.json").symlink_to(outside.path)  # a link leading out of the folder
    view = dashboard(folder=folder)
    chooser = view.children[1]
    assert list(chooser.options) == [
        ("— kies een klant —", ""),
        ("Bakkerij Jansen (bakkerij-jansen.klantlab.json)", "bakkerij-jansen.klantlab.json"),
        ("kapot.klantlab.json (kan niet worden gelezen)", "kapot.klantlab.json"),
        ("Zuivel Oost (zuivel-oost.klantlab.json)", "zuivel-oost.klantlab.json"),
    ]
    assert chooser.description == "Klant"
    assert "Kies hierboven een van de 3 klanten" in _html(view)
    assert "klantlab-client" not in _html(view)  # nothing opened yet
    chooser.value = "zuivel-oost.klantlab.json"
    assert "Zuivel Oost" in _html(view) and "Bakkerij Jansen</h1>" not in _html(view)
    chooser.value = "kapot.klantlab.json"
    shown = _html(view.children[2])
    assert (
        "Het werkboek kapot.klantlab.json kan niet worden getoond: het bestand is beschadigd of geen "
        "klantlab-werkboek." in shown
    )
    assert "Vraag de consultant die het bijhoudt om het te herstellen" in shown
    assert str(tmp_path) not in shown and "teksteditor" not in shown
    for trick in ("../geheim.klantlab.json", "link.klantlab.json", "/etc/passwd", "..", "sub/x.klantlab.json"):
        with pytest.raises(WorkbookNotFoundError):
            workbook_in_folder(folder, trick)


def test_a_missing_workbook_tells_the_manager_who_to_ask(tmp_path: Path) -> None:
    with language("en"):
        shown = _html(dashboard(tmp_path / "gone.klantlab.json"))
    assert "The workbook gone.klantlab.json is not there (any more)." in shown
    assert "Ask the consultant who keeps it where it is now" in shown
    assert str(tmp_path) not in shown


def test_an_empty_folder_says_so(tmp_path: Path) -> None:
    view = dashboard(folder=tmp_path)
    assert f"In de map &#x27;{tmp_path.name}&#x27; staat geen werkboek" in _html(view)


def _copy_of_sample(tmp_path: Path) -> Path:
    copy = tmp_path / sample_workbook_path().name
    copy.write_bytes(sample_workbook_path().read_bytes())
    return copy


def test_in_a_kernel_kept_warm_the_dashboard_waits_for_the_page_once_then_reads_the_workbook(
    tmp_path: Path, monkeypatch
) -> None:
    """Voilà's protocol, with a stand-in server: the kernel asks ``voila/query/<kernel id>`` and waits for the page."""
    import threading

    from websockets.sync.server import serve

    from klantlab import voila_page

    path = _copy_of_sample(tmp_path)
    asked: list[str] = []

    def page_arrives(connection) -> None:  # meanwhile the consultant renamed the client: the page shows the new name
        asked.append(connection.request.path)
        data = json.loads(path.read_text(encoding="utf-8"))
        data["client"]["name"] = "Verpakkingstechniek Nederland B.V. (nieuw)"
        path.write_text(json.dumps(data), encoding="utf-8")
        connection.send(json.dumps({"QUERY_STRING": "lang=en", "SCRIPT_NAME": "/"}))

    with serve(page_arrives, "127.0.0.1", 0) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        monkeypatch.setattr(voila_page, "_arrived", False)
        for name, value in {
            "VOILA_PREHEAT": "True",
            "VOILA_KERNEL_ID": "k-1",
            "VOILA_APP_PORT": str(server.socket.getsockname()[1]),
            "VOILA_SERVER_URL": "/",
            "QUERY_STRING": "",
        }.items():
            monkeypatch.setenv(name, value)
        first = dashboard(path)
        assert "Verpakkingstechniek Nederland B.V. (nieuw)" in _html(first)
        assert asked == ["/voila/query/k-1"]
        assert os.environ["QUERY_STRING"] == "lang=en"  # the page's request, as for a kernel started for it
        assert get_language() == "en"  # the page asked for English: the dashboard speaks it, and offers Dutch
        assert (
            "klantlab · workbook overview (read-only) · <a class='kl-language' href='?lang=nl' hreflang='nl' lang='nl'"
            " style='color:#1d4ed8;text-decoration:underline'>Nederlands</a>"
        ) in _html(first)
        dashboard(path)  # a second call in the same kernel does not wait again
        assert asked == ["/voila/query/k-1"]
        server.shutdown()

    monkeypatch.setattr(voila_page, "_arrived", False)
    monkeypatch.setenv("VOILA_PREHEAT", "False")  # a kernel started for its page: nothing to wait for
    dashboard(path)
    assert asked == ["/voila/query/k-1"]


def test_the_page_language_is_read_from_the_address_and_only_a_language_klantlab_speaks() -> None:
    from klantlab.voila_page import page_language

    assert page_language("lang=en") == "en"
    assert page_language("client=a&lang=EN%20") == "en"
    assert page_language("lang=nl&lang=en") == "en"  # the last one, as a browser's form would send it
    assert page_language("lang=fr") is None
    assert page_language("") is None


def test_outside_voila_the_language_stays_as_chosen(tmp_path: Path, monkeypatch) -> None:
    from klantlab.voila_page import follow_the_page_language

    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    monkeypatch.setenv("QUERY_STRING", "lang=en")
    follow_the_page_language()
    assert get_language() == "nl"
    assert "kl-language" not in _html(dashboard(_copy_of_sample(tmp_path)))  # no switch in JupyterLab


def test_a_warm_kernel_that_cannot_reach_its_server_draws_the_page_anyway(tmp_path: Path, monkeypatch) -> None:
    from klantlab import voila_page

    with socket.socket() as closed:  # a port nobody listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setattr(voila_page, "_arrived", False)
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    assert "Verpakkingstechniek Nederland B.V." in _html(dashboard(_copy_of_sample(tmp_path)))


def test_on_a_voila_page_the_first_look_comes_before_the_live_dashboard_and_nowhere_else(
    tmp_path: Path, monkeypatch
) -> None:
    import IPython.display

    shown: list[tuple[str, dict]] = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, metadata=None: shown.append((obj.data, metadata)))
    path = _copy_of_sample(tmp_path)
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    dashboard(path)  # JupyterLab, a test: the live dashboard only
    assert shown == []

    monkeypatch.setenv("VOILA_KERNEL_ID", "0000")
    live = dashboard(path)
    [(html, metadata)] = shown
    assert metadata == {"klantlab": "first-look"}  # klantlab's page template writes this output into the page
    assert "<div class='kl-dashboard kl-first-look'>" in html
    assert "<h1 class='klantlab-client'" in html and "Verpakkingstechniek Nederland B.V.</h1>" in html
    assert "<b>18 topklanten (1 % van de actieve klanten) brengen 46 % van de omzet</b>" in html
    assert html.count("class='klantlab-card'") == 5
    # the first look is the live dashboard's own header, conclusions and key figures, as they are drawn
    live_html = _html(live)
    for part in ("Verpakkingstechniek Nederland B.V.</h1>", "brengen 46 % van de omzet</b>", ">1.800<"):
        assert part in html and part in live_html

    shown.clear()
    folder = tmp_path / "klanten"
    folder.mkdir()
    dashboard(folder=folder)  # a folder of clients: nothing chosen, nothing to show first
    assert shown == []


def test_the_first_look_escapes_what_the_user_typed(tmp_path: Path) -> None:
    from klantlab.widgets.dashboard_parts import first_look_html

    handle = WorkbookFile.create(tmp_path / "x.klantlab.json", "<img src=x onerror=alert(1)>")
    html = first_look_html(handle.workbook, handle.path.name)
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;</h1>" in html


def test_without_a_browser_the_pdf_button_says_so_before_it_is_clicked(tmp_path: Path, monkeypatch) -> None:
    from klantlab.widgets.download_buttons import DownloadButtons

    monkeypatch.setenv("PATH", str(tmp_path))  # no chromium, no chrome
    monkeypatch.setattr("klantlab.report.snapshot_pdf.MACOS_BROWSERS", ())
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    buttons = DownloadButtons(_copy_of_sample(tmp_path))
    assert [item["id"] for item in buttons.items] == ["pdf", "html"]
    assert buttons.items[0]["hint"].startswith("Voor de PDF van het dashboard is de browser Chromium nodig, en die is")
    assert buttons.items[1]["hint"] == (
        "Het dashboard als één HTML-bestand dat zonder server en zonder internet opent, bijvoorbeeld als bijlage bij "
        "een e-mail"
    )
