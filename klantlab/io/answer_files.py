"""A student's answer file beside the workbook, written as safely as the workbook itself; a class's files read.

``<student>.klantlab-answers.json`` in the workbook's folder. A save replaces the file in one step (the
previous version stays whole if the disk fills). A file that is not an answer file, or is damaged, is refused
with a message saying which file and why: a folder of a whole class is read without stopping at one.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pydantic import ValidationError

from klantlab.errors import AnswerFileError
from klantlab.io.safe_files import atomic_write
from klantlab.io.workbook_file import slug
from klantlab.model.answers import ANSWERS_FORMAT, AnswerSheet

__all__ = ["ANSWERS_SUFFIX", "AnswerFileError", "answer_path", "answer_sheets_in", "load_answers", "save_answers"]

ANSWERS_SUFFIX = ".klantlab-answers.json"  # i18n: not user text


def answer_path(workbook: Path, student: str) -> Path:
    """Where ``student``'s answers on ``workbook`` are kept: beside it, named after the student."""
    return Path(workbook).parent / f"{slug(student) or 'student'}{ANSWERS_SUFFIX}"


def load_answers(path: Path) -> AnswerSheet:
    """The answers in ``path``; AnswerFileError (in the user's language) for a file that is none or is damaged."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        reason = error.strerror or str(error)
        raise AnswerFileError("error.answers.unreadable", file=Path(path).name, reason=reason) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise AnswerFileError("error.answers.broken", file=Path(path).name) from None
    if not isinstance(data, dict) or data.get("format") != ANSWERS_FORMAT:
        raise AnswerFileError("error.answers.foreign", file=Path(path).name)
    try:
        return AnswerSheet.model_validate(data)
    except ValidationError:
        raise AnswerFileError("error.answers.broken", file=Path(path).name) from None


def save_answers(path: Path, sheet: AnswerSheet) -> None:
    """Write ``sheet`` to ``path`` in one step (the previous file stays whole if the write fails)."""
    sheet.saved_at = dt.datetime.now(dt.UTC)
    atomic_write(Path(path), (sheet.model_dump_json(indent=2) + "\n").encode("utf-8"))


def answer_sheets_in(folder: Path) -> tuple[list[tuple[Path, AnswerSheet]], list[AnswerFileError]]:
    """Every answer file in ``folder`` (sorted by name), and a message for each that could not be read."""
    sheets, problems = [], []
    for path in sorted(Path(folder).glob(f"*{ANSWERS_SUFFIX}")):
        try:
            sheets.append((path, load_answers(path)))
        except AnswerFileError as problem:
            problems.append(problem)
    return sheets, problems
