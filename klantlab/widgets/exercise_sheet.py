"""Exercises in a notebook: a question, an answer box, Check, Hint and Show answer, with feedback that teaches.

A wrong answer is told why (the rule, the likely slip), never the answer; a second wrong answer also gets the
stronger hint. A hint says how to find the answer and shows the table to find it in. The answer can be shown
once the student has really tried (it costs the point). With a :class:`~klantlab.widgets.student_panel.
StudentPanel` every step is kept in the student's answer file and comes back after a reload; the options of a
choice are in an order of the student's own (the same every time), so the right one is not always first.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

import ipywidgets as w

from klantlab.exercises import EXERCISE_MODELS, Exercise, Feedback, Material, exercises, missing_data
from klantlab.i18n import t
from klantlab.widgets.actions import built_or_message, named, on_click, shows_in
from klantlab.widgets.html import alert, escape, html_table
from klantlab.widgets.live import LiveView
from klantlab.widgets.student_panel import StudentPanel

__all__ = ["ExerciseBox", "ExerciseSheet", "exercise_sheet", "shuffled"]


def shuffled(options: list[tuple[str, str]], seed: str) -> list[tuple[str, str]]:
    """``options`` in an order fixed by ``seed`` (the student and the exercise): the same every time."""
    order = list(options)
    random.Random(hashlib.sha256(seed.encode("utf-8")).hexdigest()).shuffle(order)
    return order


def material_html(material: Material) -> str:
    """The table a hint points to, read-only, with its caption."""
    table = material.table
    first_number = next((c for c, numeric in enumerate(table.numeric) if numeric), len(table.columns))
    return (
        f"<div class='kl-material' style='margin:6px 0'><div style='font-weight:600;margin:2px 0'>"
        f"{escape(material.caption)}</div>{html_table(table.columns, table.rows, first_number)}</div>"
    )


class ExerciseBox(w.VBox):
    """One exercise; ``feedback`` shows what the student last asked for (a check, a hint, the answer)."""

    def __init__(self, exercise: Exercise, number: str, student: StudentPanel | None = None) -> None:
        self.exercise, self.student, self.number = exercise, student, number
        self.attempts, self.hints, self.revealed, self.correct = 0, 0, False, False
        if exercise.kind == "choice":
            self.answer = w.Dropdown(options=self._options(), layout=w.Layout(width="520px", max_width="100%"))
        else:
            self.answer = w.Text(layout=w.Layout(width="160px"), continuous_update=False)
        named(self.answer, t("accessibility.exercise.answer", number=number))
        self.feedback = w.VBox()
        self.check_button = self._button(t("exercise.check"), "check", "primary", self.check)
        self.hint_button = self._button(t("exercise.hint_button"), "lightbulb-o", "", self.hint)
        self.answer_button = self._button(t("exercise.answer_button"), "eye", "", self.reveal)
        question = w.HTML(f"<p style='margin:10px 0 4px'><b>{escape(number)}</b> {escape(exercise.question)}</p>")
        row = w.HBox([self.answer, self.check_button, self.hint_button, self.answer_button],
                     layout=w.Layout(flex_flow="row wrap"))  # fmt: skip
        super().__init__([question, row, self.feedback])
        self.restore()

    def _options(self) -> list[tuple[str, str]]:
        """The choices in the signed-in student's own order (the same every time), after an empty one."""
        who = self.student.student if self.student is not None else ""
        return [("—", ""), *shuffled(self.exercise.options, f"{who}:{self.exercise.key}")]

    def _button(self, text: str, icon: str, style: str, action) -> w.Button:
        button = w.Button(description=text, icon=icon, button_style=style, layout=w.Layout(width="auto"))
        on_click(button, "exercise", action, shows_in(self.feedback))
        return button

    def _record(self, **changes: object) -> None:
        if self.student is not None:
            self.student.record(self.exercise.key, self.number, self.exercise.question, **changes)

    def _buttons(self) -> None:
        self.answer_button.disabled = self.attempts == 0 or self.revealed
        self.answer_button.tooltip = t("exercise.answer_after_try") if self.attempts == 0 else ""
        self.hint_button.description = t("exercise.more_hint_button" if self.hints else "exercise.hint_button")
        self.hint_button.disabled = self.hints >= 2

    def _hints(self) -> list[w.Widget]:
        shown: list[w.Widget] = []
        if self.hints >= 1:
            shown.append(alert(f"{t('exercise.hint_label')}: {self.exercise.hint}", kind="info"))
        if self.hints >= 2:
            shown.append(alert(f"{t('exercise.stronger_hint_label')}: {self.exercise.stronger_hint}", kind="info"))
        if self.hints >= 1 and self.exercise.material is not None:
            shown.append(w.HTML(material_html(self.exercise.material)))
        return shown

    def _answer(self) -> list[w.Widget]:
        return [alert(f"{t('exercise.answer_label')}: {self.exercise.answer}", kind="info")] if self.revealed else []

    def _feedback(self, result: Feedback | None, stronger: bool = False) -> None:
        shown: list[w.Widget] = []
        if result is not None:
            kind = "ok" if result.correct else "info" if result.malformed else "error"
            shown.append(alert(result.message, kind=kind))
            if stronger:
                shown.append(alert(f"{t('exercise.stronger_hint_label')}: {self.exercise.stronger_hint}", kind="info"))
        self.feedback.children = [*shown, *self._hints(), *self._answer()]
        self._buttons()

    def check(self) -> bool:
        """Check the answer in the box and say why it is right or wrong (a wrong one: never the answer)."""
        result = self.exercise.check(self.answer.value)
        if not result.malformed:
            self.attempts += 1
            self.correct = result.correct
            self._record(answer=str(self.answer.value), attempts=self.attempts, correct=result.correct)
        wrong_again = not result.correct and not result.malformed and self.attempts >= 2 and self.hints < 2
        self._feedback(result, stronger=wrong_again)
        return result.correct

    def hint(self) -> None:
        """The hint (and the table to look in); a second click, the stronger hint. Each costs a quarter point."""
        if self.hints >= 2:
            return
        self.hints += 1
        self._record(hints=self.hints)
        self._feedback(None)

    def reveal(self) -> None:
        """The answer, once the student has tried: it costs the point."""
        if self.attempts == 0:
            self.feedback.children = [alert(t("exercise.answer_after_try"), kind="info"), *self._hints()]
            return
        self.revealed = True
        self._record(revealed=True)
        self._feedback(None)

    def restore(self) -> None:
        """Show the signed-in student's work on this exercise as they left it (or a fresh box), in place."""
        if self.exercise.kind == "choice" and list(self.answer.options) != self._options():
            self.answer.value = ""
            self.answer.options = self._options()
        work = self.student.work(self.exercise.key) if self.student is not None else None
        if work is None:
            self.attempts, self.hints, self.revealed, self.correct = 0, 0, False, False
            self.answer.value = ""
            self._feedback(None)
            return
        self.attempts, self.hints, self.revealed, self.correct = work.attempts, work.hints, work.revealed, work.correct
        values = {value for _, value in getattr(self.answer, "options", [])}
        if self.exercise.kind == "number" or work.answer in values:
            self.answer.value = work.answer
        result = self.exercise.check(work.answer) if work.attempts and work.answer else None
        self._feedback(result)


class ExerciseSheet(LiveView):
    """The exercises of one model (or all) on the workbook's own figures, following the workbook.

    When a change of the workbook changes a question (its figures, its options), the sheet shows the new
    question; an exercise whose question stayed the same keeps what the student did. A model the workbook
    cannot ask about yet says what to fill in first.
    """

    def __init__(self, source: Any, model: str | None = None, student: StudentPanel | None = None) -> None:
        self.model, self.student = model, student
        self._shown: list[tuple] = []
        self._boxes: dict[str, ExerciseBox] = {}
        super().__init__(source, layout=w.Layout(max_width="1000px"))
        if student is not None:
            student.listen(self._new_student)

    def _new_student(self) -> None:
        """Another student signed in: every box shows that student's work, in place (nothing is rebuilt)."""
        for box in self._boxes.values():
            box.restore()

    def redraw(self) -> None:
        models = [m for m in EXERCISE_MODELS if self.model in (None, m)]
        chosen = exercises(self.state.workbook, self.model)
        shown = [(e.key, e.question, tuple(e.options)) for e in chosen] + [("models", tuple(models))]
        if shown == self._shown:
            return
        keep = {key for key, question, options in shown[:-1] if (key, question, options) in self._shown}
        self._shown = shown
        boxes: list[w.Widget] = []
        for model in models:
            title = t("exercise.model_title", number=EXERCISE_MODELS.index(model) + 1, model=t(f"app.model.{model}"))
            boxes.append(w.HTML(f"<h2 style='margin:20px 0 6px'>{escape(title)}</h2>"))
            asked = [e for e in chosen if e.model == model]
            if not asked:
                boxes.append(alert(missing_data(model), kind="info"))
            for n, exercise in enumerate(asked, start=1):
                number = f"{EXERCISE_MODELS.index(model) + 1}.{n}"
                box = self._boxes.get(exercise.key) if exercise.key in keep else None
                if box is None:
                    box = self._boxes[exercise.key] = ExerciseBox(exercise, number, self.student)
                boxes.append(box)
        self.children = boxes


@built_or_message
def exercise_sheet(source: Any, model: str | None = None, student: StudentPanel | None = None) -> ExerciseSheet:
    """The exercises of one model (``segmentation``, ``stakeholder_pyramid``, ``customer_pyramid``,
    ``journey``) or of all four, on the workbook's own data (its live state, open file or path); with a
    ``student`` panel the student's work is kept and restored."""
    return ExerciseSheet(source, model, student)
