"""The klanttype-piramide: model rules, the form, the charts and the poster."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from klantlab.analysis.stakeholder_followup import follow_up, influence_grid
from klantlab.charts.stakeholder_pyramid import influence_grid_figure, stakeholder_pyramid_figure
from klantlab.io import WorkbookFile
from klantlab.io.posters import ExportError, write_poster
from klantlab.model import Segment, Stakeholder, StakeholderPyramid, describe_validation_error
from klantlab.widgets import stakeholder_form

ROLES = ["Beslisser", "Economische koper", "Aanbeveler", "Beïnvloeder", "Eindgebruiker", "Saboteur"]


def _entry(name: str, role: str = "influencer", **fields) -> Stakeholder:
    return Stakeholder(segment_id="s1", name=name, role=role, **fields)


@pytest.fixture
def handle(workbook_path: Path) -> WorkbookFile:
    handle = WorkbookFile.open(workbook_path)
    handle.workbook.segmentation.segments.append(Segment(id="s1", name="Zuivel"))
    handle.save()
    return handle


def _saved(handle: WorkbookFile) -> list[dict]:
    return json.loads(handle.path.read_text(encoding="utf-8"))["stakeholder_pyramid"]["stakeholders"]


def test_names_must_be_filled_short_and_unique_per_segment() -> None:
    with pytest.raises(ValidationError) as empty:
        _entry("   ")
    assert describe_validation_error(empty.value) == ["naam: mag niet leeg zijn"]
    with pytest.raises(ValidationError) as long:
        _entry("x" * 121)
    assert describe_validation_error(long.value) == ["naam: is te lang (hoogstens 120 tekens)"]
    with pytest.raises(ValidationError) as twice:
        StakeholderPyramid(
            stakeholders=[_entry("Jan Smit", organisation="Bank"), _entry("jan smit", organisation="bank")]
        )
    assert describe_validation_error(twice.value) == [
        "werkboek: 'jan smit' staat al in dit segment met dezelfde organisatie; geef een andere naam of organisatie"
    ]
    # The same name at another organisation, or in another segment, is another party.
    StakeholderPyramid(stakeholders=[_entry("Jan Smit", organisation="Bank"), _entry("Jan Smit", organisation="OR")])


def test_follow_up_lists_by_influence() -> None:
    entries = [
        _entry("A", verified=True, strategic_partner=True, influence=2),
        _entry("B", influence=5),
        _entry("C", role="saboteur", influence=1, approach="Betrekken bij de proef"),
        _entry("D", attitude="opponent", influence=4),
        _entry("E", attitude="opponent", influence=3),
    ]
    lists = follow_up(entries)
    assert [e.name for e in lists.to_check] == ["B", "D", "E", "C"]  # influence 5, 4, 3, 1
    assert [e.name for e in lists.partners] == ["A"]
    assert [e.name for e in lists.saboteurs] == ["D", "C"]  # an opponent with influence 4 or 5 counts too
    assert [e.name for e in lists.without_approach] == ["D"]
    grid = influence_grid(entries)
    assert len(grid) == 15 and [e.name for e in grid[(4, "opponent")]] == ["D"]


def test_the_form_adds_edits_moves_and_deletes_in_the_file(handle: WorkbookFile) -> None:
    form = stakeholder_form(handle)
    form.add()
    form.add()
    assert [e["name"] for e in _saved(handle)] == ["Nieuwe partij 1", "Nieuwe partij 2"]
    form.fields["name"].value = "Henk Bosman"
    form.fields["role"].value = "decision_maker"
    form.fields["influence"].value = 5
    form.fields["verified"].value = True
    form.fields["verification_method"].value = "klantinterview"
    saved = _saved(handle)[1]
    assert (saved["name"], saved["role"], saved["influence"], saved["verified"]) == (
        "Henk Bosman",
        "decision_maker",
        5,
        True,
    )
    form.move(-1)
    assert [e["name"] for e in _saved(handle)] == ["Henk Bosman", "Nieuwe partij 1"]
    form.entries.value = form.entries.options[1][1]
    form.delete()
    assert [e["name"] for e in _saved(handle)] == ["Henk Bosman"]


def test_a_refused_change_is_told_and_the_file_keeps_the_old_value(handle: WorkbookFile) -> None:
    form = stakeholder_form(handle)
    form.add()
    form.fields["name"].value = ""
    assert "naam: mag niet leeg zijn" in form.messages.children[0].value
    assert form.fields["name"].value == ""  # what the user typed stays in the box
    assert _saved(handle)[0]["name"] == "Nieuwe partij 1"


def test_a_segment_can_be_typed_in(workbook_path: Path) -> None:
    handle = WorkbookFile.open(workbook_path)
    form = stakeholder_form(handle)
    assert form.segment.value is None
    form.create_segment("Farma")
    form.add()
    data = json.loads(handle.path.read_text(encoding="utf-8"))
    assert [s["name"] for s in data["segmentation"]["segments"]] == ["Farma"]
    assert data["stakeholder_pyramid"]["stakeholders"][0]["segment_id"] == data["segmentation"]["segments"][0]["id"]


def test_read_only_has_no_editable_control(handle: WorkbookFile, editable_controls) -> None:
    handle.workbook.stakeholder_pyramid.stakeholders.append(_entry("Henk"))
    form = stakeholder_form(handle, read_only=True)
    assert editable_controls(form) == ["Dropdown"]  # only choosing which segment to look at
    assert "Henk" in form.follow_up.value


def test_the_chart_has_a_trace_per_layer_with_the_names_escaped() -> None:
    entries = [_entry("<img src=x onerror=alert(1)>", role="decision_maker"), _entry("Vakblad Zuivelzicht")]
    fig = stakeholder_pyramid_figure(entries)
    layers = [trace for trace in fig.data if trace.mode == "markers" and trace.name in ROLES]
    assert [trace.name for trace in layers] == ROLES
    assert list(layers[0].text) == ["&lt;img src=x onerror=alert(1)&gt;"]
    assert list(layers[3].text) == ["Vakblad Zuivelzicht"]
    texts = " ".join(a.text for a in fig.layout.annotations)
    assert "<img" not in texts and "&lt;img src=x" in texts
    # Post-its: one rectangle per entry; an assumption has a dotted border.
    rectangles = [shape for shape in fig.layout.shapes if shape.type == "rect"]
    assert [shape.line.dash for shape in rectangles] == ["dot", "dot"]


def _post_it_boxes(fig) -> list[tuple[float, float, float, float]]:
    return [(s.x0, s.x1, s.y0, s.y1) for s in fig.layout.shapes if s.type == "rect"]


def test_a_full_layer_stays_readable() -> None:
    entries = [_entry(f"Operator {i}", role="end_user") for i in range(30)]
    fig = stakeholder_pyramid_figure(entries)
    boxes = _post_it_boxes(fig)
    assert len(boxes) == 8  # 3 x 3 places, the last one says how many more
    assert "+ 22 meer" in [a.text for a in fig.layout.annotations]
    for i, (ax0, ax1, ay0, ay1) in enumerate(boxes):
        for bx0, bx1, by0, by1 in boxes[i + 1 :]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0  # no two post-its overlap
    assert min(x1 - x0 for x0, x1, _, _ in boxes) > 0.6  # wide enough for 14 characters a line
    names = [a.text for a in fig.layout.annotations if a.text.startswith("? Operator")]
    assert len(names) == 8 and len(set((a.x, a.y) for a in fig.layout.annotations)) == len(fig.layout.annotations)


def test_one_entry_and_no_entries() -> None:
    assert len(_post_it_boxes(stakeholder_pyramid_figure([_entry("Henk")]))) == 1
    empty = stakeholder_pyramid_figure([])
    assert _post_it_boxes(empty) == []
    assert "Nog geen partijen in dit segment" in " ".join(a.text for a in empty.layout.annotations)


def test_the_grid_counts_per_cell_and_marks_whom_to_win_first() -> None:
    entries = [_entry("A", attitude="opponent", influence=5), _entry("B", attitude="supporter", influence=1)]
    fig = influence_grid_figure(entries)
    heatmap = fig.data[0]
    assert list(heatmap.y) == ["5", "4", "3", "2", "1"] and list(heatmap.x) == [
        "Tegenstander",
        "Neutraal",
        "Voorstander",
    ]
    assert heatmap.z[0] == [1, 0, 0] and heatmap.z[4] == [0, 0, 1]
    assert heatmap.text[0][0] == "A"


@pytest.mark.timeout(120)
def test_a_poster_has_the_paper_size(tmp_path: Path) -> None:
    fig = stakeholder_pyramid_figure([_entry("Henk", role="decision_maker")])
    pdf = write_poster(fig, tmp_path / "piramide.pdf", "A1").read_bytes()
    width, height = map(float, re.search(rb"/MediaBox\s*\[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
    # A1 landscape is 841 x 594 mm = 2383.9 x 1683.8 pt; allow 1 mm.
    assert abs(width - 841 / 25.4 * 72) < 72 / 25.4 and abs(height - 594 / 25.4 * 72) < 72 / 25.4
    with pytest.raises(ExportError) as wrong:
        write_poster(fig, tmp_path / "piramide.docx")
    assert "eindigt op pdf, svg, png" in str(wrong.value)
    with pytest.raises(ExportError) as paper:
        write_poster(fig, tmp_path / "piramide.pdf", "B2")
    assert "Papierformaat 'B2' kent klantlab niet" in str(paper.value)
