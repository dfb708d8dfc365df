"""Making the deliverables of one workbook: deck, PDF report with posters, Excel.

One call does all that is asked: the customer pyramid is worked out again from
the client's files (for the per-customer sheet, the Pareto curve and the
migration), the charts and boards are drawn natively in each file (no browser
is needed), and each file is written whole under a name that does not exist
yet (``name (2).pptx``), unless the caller asks to overwrite.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from klantlab.analysis import PyramidAnalysis
from klantlab.boundary import problem_of
from klantlab.deliverable_kinds import KINDS, POSTER_SIZES
from klantlab.errors import ExportError, KlantlabError
from klantlab.i18n import t
from klantlab.io import SUFFIX, WorkbookFile, slug
from klantlab.io.posters import PAPER_MM, write_file
from klantlab.io.pyramid_inputs import resolve
from klantlab.report.board_posters import board_poster
from klantlab.report.content import Report, build_report
from klantlab.report.deck import deck_bytes
from klantlab.report.drawings import Board
from klantlab.report.excel import excel_bytes
from klantlab.report.pdf_report import report_bytes
from klantlab.workbook_pyramid import workbook_pyramid

__all__ = ["KINDS", "POSTER_SIZES", "ExportResult", "export_deliverables", "workbook_analysis"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ExportResult:
    written: list[Path]
    remarks: list[str]
    """What the deliverables leave out and why (shown to the user with the file names)."""
    problems: list[str] = field(default_factory=list)
    """The deliverables that could not be made, each with why (the others were written)."""


def workbook_analysis(handle: WorkbookFile) -> tuple[PyramidAnalysis | None, list[str]]:
    """The customer pyramid worked out from the client's files with the workbook's settings.

    Returns None and a remark (why) when the workbook names no file or the
    file cannot be read; the deliverables then show the saved summary.
    """
    try:
        worked_out = workbook_pyramid(handle)
    except KlantlabError as error:
        source = resolve(handle.workbook.customer_pyramid.settings.source_file, handle.path.parent)
        return None, [t("report.remark.no_data", file=str(source), reason=error.message)]
    return (worked_out.analysis if worked_out is not None else None), []


#: Characters of a name that go into a file name: a 120-letter client or segment name would make a poster's
#: name longer than the 255 bytes a file system allows ("File name too long").
_NAME_CHARS, _PART_CHARS = 100, 80


def _base_name(handle: WorkbookFile) -> str:
    name = handle.path.name.removesuffix(SUFFIX) or slug(handle.workbook.client.name)
    return name[:_NAME_CHARS].rstrip("-. ") or slug(handle.workbook.client.name)[:_NAME_CHARS]


def _posters(report: Report) -> list[int]:
    return [n for n, section in enumerate(report.sections) if section.poster and isinstance(section.drawing, Board)]


def export_deliverables(
    handle: WorkbookFile,
    kinds: Sequence[str] = KINDS,
    out_dir: Path | str | None = None,
    *,
    poster_size: str = "A1",
    overwrite: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the asked deliverables of ``handle`` into ``out_dir`` (default: the workbook's folder).

    Raises ExportError for what stops every file (an unknown kind, a missing
    folder, nothing could be written). A file that fails (a full disk, a
    read-only folder) is named in ``problems`` and the others are still
    written; no half-written file is left behind.
    """
    say = progress or (lambda _: None)
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise ExportError("error.export.kind", kinds=", ".join(unknown) or "—", known=", ".join(KINDS))
    if poster_size not in PAPER_MM:
        raise ExportError("error.export.paper", size=poster_size, sizes=", ".join(POSTER_SIZES))
    folder = Path(out_dir) if out_dir is not None else handle.path.parent
    if not folder.is_dir():
        raise ExportError("error.export.folder", folder=str(folder))
    today = today or dt.date.today()
    if handle.workbook.customer_pyramid.settings.source_file:
        say(t("export.progress.analysis"))
    analysis, remarks = workbook_analysis(handle)
    report = build_report(handle.workbook, analysis, remarks, today)
    base = _base_name(handle)
    written: list[Path] = []

    failures: list[tuple[str, KlantlabError]] = []

    def attempt(names: str, make: Callable[[], None]) -> bool:
        """Make one deliverable; when it fails, keep which and why, and go on with the others."""
        try:
            make()
        except Exception as error:  # a full disk, a read-only folder: these files only
            failures.append((names, problem_of(error, "export")))
            return False
        return True

    def deck() -> None:
        say(t("export.progress.file", kind="PowerPoint"))
        written.append(write_file(folder / f"{base}.pptx", deck_bytes(report), overwrite=overwrite))

    def pdf() -> None:
        say(t("export.progress.file", kind="PDF"))
        data = report_bytes(report)
        written.append(write_file(folder / f"{base}-{t('export.file.report')}.pdf", data, overwrite=overwrite))

    def posters() -> None:
        if not _posters(report):
            remarks.append(t("export.remark.no_posters"))
        for n in _posters(report):
            section = report.sections[n]
            say(t("export.progress.poster", name=section.poster, size=poster_size))
            part = slug(section.poster)[:_PART_CHARS].rstrip("-")
            name = f"{base}-{t('export.file.poster')}-{part}-{poster_size}.pdf"
            data = board_poster(section.drawing, section.title, f"{report.client} · {report.subtitle}", poster_size)
            written.append(write_file(folder / name, data, overwrite=overwrite))

    def excel() -> None:
        say(t("export.progress.file", kind="Excel"))
        data = excel_bytes(handle.workbook, analysis, today.strftime("%d-%m-%Y"), report.about)
        written.append(write_file(folder / f"{base}.xlsx", data, overwrite=overwrite))

    for kind, make in (("pptx", deck), ("pdf", pdf), ("pdf", posters), ("xlsx", excel)):
        if kind in kinds:
            names = {posters: "export.kind.poster", pdf: "export.kind.report"}.get(make, f"export.kind.{kind}")
            attempt(t(names), make)
    problems = [t("export.failed_kind", kind=names, reason=str(error)) for names, error in failures]
    if failures and not written:
        if len(failures) == 1:
            raise failures[0][1]  # the one reason nothing was made, as it is
        raise ExportError("error.export.nothing_written", problems)
    return ExportResult(written, remarks, problems)
