"""What safe saving costs: WorkbookFile.save against a plain json write, same data, same run.

Safe saving validates the whole workbook, takes a lock, keeps a backup and
fsyncs two files and the folder. Baseline: ``Path.write_text(model_dump_json())``,
which does none of that. Prints a table; never fails.

    python benchmarks/workbook_save.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from klantlab.io import WorkbookFile
from klantlab.model import Segment, Stakeholder, StakeholderRole, Touchpoint, new_workbook


def _workbook(segments: int, stakeholders: int, touchpoints: int):
    wb = new_workbook("Benchmark B.V.")
    wb.segmentation.segments.extend(Segment(id=f"s{i}", name=f"Segment {i}") for i in range(segments))
    roles = list(StakeholderRole)
    wb.stakeholder_pyramid.stakeholders.extend(
        Stakeholder(segment_id=f"s{i % segments}", name=f"Persoon {i}", role=roles[i % 6], motives="m" * 200)
        for i in range(stakeholders)
    )
    wb.journey.touchpoints.extend(
        Touchpoint(phase_id=wb.journey.phases[i % 5].id, description=f"Ik doe stap {i}") for i in range(touchpoints)
    )
    return wb


def median_time(fn, repeat: int = 15) -> float:
    """The median of ``repeat`` runs of ``fn``, in seconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    print(f"{'workbook':<28}{'size':>10}{'plain write':>14}{'safe save':>12}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for label, shape in [("small (3/20/25)", (3, 20, 25)), ("large (20/600/800)", (20, 600, 800))]:
            wb = _workbook(*shape)
            plain = Path(folder) / f"plain-{shape[1]}.json"
            safe = WorkbookFile(Path(folder) / f"safe-{shape[1]}.klantlab.json", wb, None)
            safe.save()
            base = median_time(lambda wb=wb, plain=plain: plain.write_text(wb.model_dump_json(indent=2), "utf-8"))
            ours = median_time(safe.save)
            size = safe.path.stat().st_size
            print(f"{label:<28}{size / 1024:>8.0f}KB{base * 1000:>12.2f}ms{ours * 1000:>10.2f}ms{ours / base:>7.1f}x")


if __name__ == "__main__":
    main()
