"""Blank canvases to print: the right paper, the right names, in both formats, from the code, the CLI and the widget."""

from __future__ import annotations

import errno
import io
from pathlib import Path

import pypdf
import pytest
from pptx import Presentation

from klantlab.cli import main
from klantlab.errors import ExportError
from klantlab.i18n import language
from klantlab.io import WORKBOOK_ENV, safe_files
from klantlab.report.canvas_layout import CANVAS_MODELS, CANVAS_SIZES, canvas_layout
from klantlab.report.canvas_shapes import LEADING, PT_MM, text_width
from klantlab.report.canvases import canvas_bytes, canvas_file_name, write_canvas
from klantlab.widgets import canvas_panel
from tests.helpers import shown_text

MM_PER_PT = 25.4 / 72
MM_PER_EMU = 1 / 36000
#: Width × height in mm: landscape for the pyramid and the journey, portrait for the persona.
LANDSCAPE = {"A4": (297, 210), "A1": (841, 594), "A0": (1189, 841)}
PORTRAIT = {"A4": (210, 297), "A1": (594, 841), "A0": (841, 1189)}
PAPER = {"stakeholders": LANDSCAPE, "journey": LANDSCAPE, "persona": PORTRAIT}

NAMES_NL = {
    "stakeholders": [
        "Beslisser", "Economische koper", "Aanbeveler", "Beïnvloeder", "Eindgebruiker", "Saboteur",
        "Binnen de organisatie van de klant", "Buiten de organisatie van de klant",
    ],
    "journey": [
        "Bewustwording", "Oriëntatie", "Keuze", "Gebruik", "Heroriëntatie",
        "Kanaal en middel", "Verwachting (1–5)", "Prestatie (1–5)", "Emotie (−2 … +2)", "Moment van de waarheid",
    ],
    "persona": [
        "1 · Wie is het?", "2 · Doelen", "3 · Uitdagingen en frustraties", "4 · Hoe beslist en zoekt hij/zij?",
        "5 · Waar wordt hij/zij enthousiast van?", "foto of tekening", "Naam:",
    ],
}  # fmt: skip
NAMES_EN = {
    "stakeholders": [
        "Decision maker", "Economic buyer", "Recommender", "Influencer", "End user", "Saboteur",
        "Inside the customer's organisation", "Outside the customer's organisation",
    ],
    "journey": [
        "Awareness", "Orientation", "Choice", "Use", "Reorientation",
        "Channel and means", "Expectation (1–5)", "Performance (1–5)", "Emotion (−2 … +2)", "Moment of truth",
    ],
    "persona": [
        "1 · Who is it?", "2 · Goals", "3 · Challenges and frustrations", "4 · How do they decide and search?",
        "5 · What makes them enthusiastic?", "photo or drawing", "Name:",
    ],
}  # fmt: skip


def _pdf(data: bytes) -> tuple[tuple[float, float], str]:
    """The one page's width and height in mm, and its text."""
    (page,) = pypdf.PdfReader(io.BytesIO(data)).pages
    box = page.mediabox
    return (float(box.width) * MM_PER_PT, float(box.height) * MM_PER_PT), page.extract_text()


def _pptx(data: bytes) -> tuple[tuple[float, float], list[str]]:
    """The slide's width and height in mm, and the text of every shape on its one slide."""
    deck = Presentation(io.BytesIO(data))
    (slide,) = deck.slides
    texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text]
    return (deck.slide_width * MM_PER_EMU, deck.slide_height * MM_PER_EMU), texts


@pytest.mark.parametrize("size", ["A4", "A1", "A0"])
@pytest.mark.parametrize("model", CANVAS_MODELS)
def test_the_pdf_has_the_paper_size_and_names_every_part(model: str, size: str) -> None:
    (width, height), text = _pdf(canvas_bytes(model, size, "pdf"))
    assert width == pytest.approx(PAPER[model][size][0], abs=1)
    assert height == pytest.approx(PAPER[model][size][1], abs=1)
    assert [name for name in NAMES_NL[model] if name not in text] == []


@pytest.mark.parametrize("model", CANVAS_MODELS)
def test_the_pdf_in_english(model: str) -> None:
    with language("en"):
        _, text = _pdf(canvas_bytes(model, "A1", "pdf"))
    assert [name for name in NAMES_EN[model] if name not in text] == []
    assert "Beslisser" not in text and "Bewustwording" not in text and "Doelen" not in text


def test_the_pyramid_explains_every_layer() -> None:
    _, text = _pdf(canvas_bytes("stakeholders", "A1", "pdf"))
    flat = " ".join(text.split())
    assert "Zegt uiteindelijk ja of nee." in flat
    assert "Benoem ze en bedenk een aanpak." in flat


@pytest.mark.parametrize("size", ["A4", "A1", "A0"])
@pytest.mark.parametrize("model", CANVAS_MODELS)
def test_the_powerpoint_is_one_slide_of_the_paper_size_with_the_names(model: str, size: str) -> None:
    (width, height), texts = _pptx(canvas_bytes(model, size, "pptx"))
    assert width == pytest.approx(PAPER[model][size][0], abs=1)
    assert height == pytest.approx(PAPER[model][size][1], abs=1)
    assert [name for name in NAMES_NL[model] if name not in texts] == []
    assert max(width, height) <= 1422.4  # PowerPoint's largest slide: 56 inches


def test_the_powerpoint_in_english() -> None:
    with language("en"):
        _, texts = _pptx(canvas_bytes("journey", "A1", "pptx"))
    assert [name for name in NAMES_EN["journey"] if name not in texts] == []


def test_the_places_to_write_in() -> None:
    """Segment and date on every canvas; then 6 layers × inside and outside; 5 phases × 5 rows; name and 5 steps."""
    counts = {model: len([a for a in canvas_layout(model, "A1").areas if a.write_in]) for model in CANVAS_MODELS}
    assert counts == {"stakeholders": 2 + 12, "journey": 2 + 25, "persona": 2 + 1 + 5}


def test_text_grows_with_the_paper() -> None:
    """The title is 22 pt on A4 (short side 210 mm), 22 × 594 / 210 on A1 and 22 × 841 / 210 on A0."""
    titles = {
        size: next(label for label in canvas_layout("journey", size).labels if label.text == "Customer journey")
        for size in ("A4", "A1", "A0")
    }
    assert titles["A4"].size == pytest.approx(22)
    assert titles["A1"].size == pytest.approx(22 * 594 / 210)
    assert titles["A0"].size == pytest.approx(22 * 841 / 210)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("model", CANVAS_MODELS)
def test_no_text_runs_out_of_its_box(model: str, lang: str) -> None:
    with language(lang):
        for size in CANVAS_SIZES:
            for label in canvas_layout(model, size).labels:
                height = len(label.lines) * label.size * LEADING * PT_MM
                widest = max(text_width(line, label.size, label.bold) for line in label.lines)
                assert (height <= label.height + 1e-9, widest <= label.width + 1e-9) == (True, True), label.text


def test_an_existing_canvas_is_kept_and_the_new_one_numbered(tmp_path: Path) -> None:
    first = write_canvas("persona", tmp_path, "A4")
    before = first.read_bytes()
    second = write_canvas("persona", tmp_path, "A4")
    assert (first.name, second.name) == ("persona-invulformat-A4.pdf", "persona-invulformat-A4 (2).pdf")
    assert first.read_bytes() == before


def test_a_file_name_decides_the_format(tmp_path: Path) -> None:
    path = write_canvas("journey", tmp_path / "wand.pptx", "A3")
    assert path == tmp_path / "wand.pptx"
    (width, height), _ = _pptx(path.read_bytes())
    assert (round(width), round(height)) == (420, 297)


def test_file_names_in_both_languages() -> None:
    assert canvas_file_name("stakeholders", "A1") == "klanttype-piramide-invulformat-A1.pdf"
    assert canvas_file_name("journey", "a0", "pptx") == "customer-journey-invulformat-A0.pptx"
    with language("en"):
        assert canvas_file_name("stakeholders", "A1") == "stakeholder-pyramid-template-A1.pdf"
        assert canvas_file_name("persona", "A4") == "persona-template-A4.pdf"


def test_unknown_model_size_or_format_is_refused_in_dutch(tmp_path: Path) -> None:
    with pytest.raises(ExportError) as error:
        write_canvas("piramide", tmp_path)
    assert str(error.value) == "Een invulformat 'piramide' kent klantlab niet; kies uit stakeholders, journey, persona."
    with pytest.raises(ExportError) as error:
        write_canvas("journey", tmp_path, "A5")
    assert str(error.value) == "Papierformaat 'A5' kent klantlab niet; kies uit A4, A3, A1, A0."
    with pytest.raises(ExportError) as error:
        write_canvas("journey", tmp_path / "wand.png")
    assert str(error.value).startswith(f"'{tmp_path / 'wand.png'}' heeft geen bekende bestandsextensie")
    assert list(tmp_path.iterdir()) == []


# --- the command line ---------------------------------------------------------------------------------------------


def test_cli_writes_the_pyramid_at_a1(tmp_path: Path, capsys) -> None:
    assert main(["template", "stakeholders", "--output", str(tmp_path)]) == 0
    path = tmp_path / "klanttype-piramide-invulformat-A1.pdf"
    assert capsys.readouterr().out == f"Geschreven: {path}\n"
    (width, height), _ = _pdf(path.read_bytes())
    assert (round(width), round(height)) == (841, 594)


def test_cli_powerpoint_a0_in_the_current_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["template", "journey", "--size", "A0", "--pptx"]) == 0
    path = tmp_path / "customer-journey-invulformat-A0.pptx"
    assert capsys.readouterr().out == f"Geschreven: {path}\n"
    (width, height), _ = _pptx(path.read_bytes())
    assert (round(width), round(height)) == (1189, 841)


def test_cli_in_english(tmp_path: Path, capsys) -> None:
    assert main(["--language", "en", "template", "persona", "--size", "A4", "--output", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"Written: {tmp_path / 'persona-template-A4.pdf'}\n"


def test_cli_unknown_size_exits_2_with_a_dutch_message(tmp_path: Path, capsys) -> None:
    assert main(["template", "journey", "--size", "A5", "--output", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == "Papierformaat 'A5' kent klantlab niet; kies uit A4, A3, A1, A0.\n"
    assert "Traceback" not in captured.err + captured.out
    assert list(tmp_path.iterdir()) == []


def test_cli_missing_folder_exits_2(tmp_path: Path, capsys) -> None:
    target = tmp_path / "bestaat-niet" / "muur.pdf"
    assert main(["template", "persona", "--output", str(target)]) == 2
    assert capsys.readouterr().err == (
        f"De map '{tmp_path / 'bestaat-niet'}' bestaat niet. Maak hem eerst aan of kies een andere map.\n"
    )


def test_cli_a_folder_that_cannot_be_written_exits_2_and_leaves_nothing(tmp_path: Path, monkeypatch, capsys) -> None:
    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safe_files.tempfile, "mkstemp", read_only)
    assert main(["template", "journey", "--output", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"'{tmp_path / 'customer-journey-invulformat-A1.pdf'}' kon niet worden geschreven (Permission denied). "
        "Controleer of de map bestaat en beschrijfbaar is; er is geen half bestand achtergebleven.\n"
    )
    assert "Traceback" not in captured.err
    assert list(tmp_path.iterdir()) == []


def test_cli_pptx_with_a_pdf_name_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["template", "persona", "--pptx", "--output", str(tmp_path / "muur.pdf")]) == 2
    assert capsys.readouterr().err == (
        f"De naam '{tmp_path / 'muur.pdf'}' past niet bij het gevraagde soort bestand (.pptx). "
        "Kies een naam die eindigt op .pptx, of geef alleen een map op.\n"
    )


def test_cli_unknown_model_exits_2(tmp_path: Path, capsys) -> None:
    assert main(["template", "reis", "--output", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "Een invulformat 'reis' kent klantlab niet; kies uit stakeholders, journey, persona.\n"
    )


# --- the widget ---------------------------------------------------------------------------------------------------


def test_the_button_writes_the_canvas_and_names_it(tmp_path: Path) -> None:
    panel = canvas_panel("persona", folder=tmp_path)
    assert panel.button.description == "Download leeg invulformat"
    panel.size.value = "A4"
    panel.button.click()
    path = tmp_path / "persona-invulformat-A4.pdf"
    assert path.is_file()
    assert f"Leeg invulformat opgeslagen: {path}" in shown_text(panel)


def test_the_button_makes_a_powerpoint(tmp_path: Path) -> None:
    panel = canvas_panel("stakeholders", folder=tmp_path)
    panel.kind.value = "pptx"
    panel.button.click()
    path = tmp_path / "klanttype-piramide-invulformat-A1.pptx"
    (width, height), texts = _pptx(path.read_bytes())
    assert (round(width), round(height)) == (841, 594)
    assert "Beslisser" in texts
    assert str(path) in shown_text(panel)


def test_a_missing_folder_shows_a_message(tmp_path: Path) -> None:
    panel = canvas_panel("journey", folder=tmp_path / "weg")
    panel.button.click()
    assert shown_text(panel).endswith(
        f"De map '{tmp_path / 'weg'}' bestaat niet. Maak hem eerst aan of kies een andere map."
    )
    assert not panel.button.disabled


def test_the_panel_writes_next_to_the_workbook_by_default(tmp_path: Path, monkeypatch) -> None:
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv(WORKBOOK_ENV, str(tmp_path / "klant.klantlab.json"))
    assert canvas_panel("journey").folder == tmp_path
