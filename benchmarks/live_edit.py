"""What one edit costs the way a team makes it: a name typed in a form, until every view has redrawn.

The path measured is the user's: the control's value is set (as the browser
does), the live state validates the whole workbook, saves it with its undo
history, and the form redraws its lists and charts. Named baselines in the
same run, same workbook:

- ``save``: ``WorkbookFile.save`` alone (validate, lock, backup, write), what
  an edit cost before there was a live state, before any redraw;
- ``redraw``: the form's own redraw from the state, without any change.

Also timed: undo of that edit (patch, validate, save, redraw), and the same
on the wall: a post-it's influence dot or emotion clicked, and a post-it
dragged to another layer or phase (the wall's message handled, saved, the
wall and the form beside it redrawn). Target: an edit or undo answers within
100 ms on the sample and within 250 ms on a workbook ten times its size, so
typing and dragging feel instant. Prints two tables; never fails.

    python benchmarks/live_edit.py
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from workbook_save import median_time  # the same clock as the save benchmark (run from this folder)

from klantlab.io import WorkbookFile, sample_workbook_path
from klantlab.model import Segment, Stakeholder, StakeholderRole, Touchpoint
from klantlab.widgets import journey_form, stakeholder_form


def _large(path: Path) -> Path:
    """The sample grown to 20 segments, 600 stakeholders and 800 touchpoints."""
    handle = WorkbookFile.open(path)
    wb = handle.workbook
    wb.segmentation.segments.extend(Segment(id=f"x{i}", name=f"Segment {i}") for i in range(17))
    roles = list(StakeholderRole)
    wb.stakeholder_pyramid.stakeholders.extend(
        Stakeholder(segment_id="food", name=f"Persoon {i}", organisation=f"Organisatie {i}", role=roles[i % 6],
                    motives="m" * 200)
        for i in range(586)
    )  # fmt: skip
    wb.journey.touchpoints.extend(
        Touchpoint(phase_id=wb.journey.phases[i % 5].id, description=f"Ik doe stap {i}") for i in range(782)
    )
    handle.save()
    return path


def main() -> None:
    header = f"{'workbook':<24}{'form':<16}{'save':>9}{'redraw':>9}{'edit':>9}{'undo':>9}{'edit/save':>11}"
    print(header)
    walls = []
    with tempfile.TemporaryDirectory() as folder:
        for label in ("sample", "large (20/600/800)"):
            path = Path(folder) / f"{label.split()[0]}.klantlab.json"
            shutil.copyfile(sample_workbook_path(), path)
            if label != "sample":
                _large(path)
            for name, make, control in (
                ("stakeholders", stakeholder_form, lambda f: f.fields["name"]),
                ("journey", journey_form, lambda f: f.fields["description"]),
            ):
                handle = WorkbookFile.open(path)
                form = make(handle)
                if name == "journey":
                    form.touchpoint_list.value = form.touchpoint_list.options[0][1]
                box = control(form)
                original = box.value
                turn = iter(range(10_000))

                def edit(box=box, original=original, turn=turn) -> None:
                    box.value = f"{original} {next(turn)}"

                save = median_time(handle.save)
                redraw = median_time(form.refresh)
                typed = median_time(edit)
                undo = median_time(lambda form=form: form.undo_bar.undo_button.click())
                print(f"{label:<24}{name:<16}{save * 1000:>7.0f}ms{redraw * 1000:>7.0f}ms{typed * 1000:>7.0f}ms"
                      f"{undo * 1000:>7.0f}ms{typed / save:>10.1f}x")  # fmt: skip
                walls.append((label, name, save, *_wall_times(form)))
    print()
    print(f"{'workbook':<24}{'wall':<16}{'save':>9}{'set':>9}{'drag':>9}{'set/save':>10}{'drag/save':>11}")
    for label, name, save, set_time, drag_time in walls:
        print(f"{label:<24}{name:<16}{save * 1000:>7.0f}ms{set_time * 1000:>7.0f}ms{drag_time * 1000:>7.0f}ms"
              f"{set_time / save:>9.1f}x{drag_time / save:>10.1f}x")  # fmt: skip


def _wall_times(form) -> tuple[float, float]:
    """A click on a post-it (influence or emotion) and a drag to another layer or phase, as the wall sends them."""
    wall = form.wall
    note = wall.board["notes"][0]
    field, values = ("influence", (2, 4)) if wall.kind == "stakeholders" else ("emotion", (-1, 1))
    lanes = [lane["id"] for lane in wall.board["lanes"]]
    turn = iter(range(10_000))

    def click() -> None:
        wall.act({"action": "set", "id": note["id"], "field": field, "value": values[next(turn) % 2]})

    def drag() -> None:
        lane = lanes[next(turn) % 2]
        wall.act({"action": "move", "id": note["id"], "lane": lane, "side": note.get("side"), "index": 0})

    return median_time(click), median_time(drag)


if __name__ == "__main__":
    main()
