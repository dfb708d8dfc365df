"""Exercises in a notebook: a question, an answer box, Check, Hint and Show answer, with feedback that says why."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from klantlab.exercises import Exercise, exercises
from klantlab.i18n import t
from klantlab.widgets.actions import built_or_message, named, on_click, shows_in
from klantlab.widgets.html import alert, escape
from klantlab.widgets.live import LiveView

__all__ = ["ExerciseBox", "ExerciseSheet", "exercise_sheet"]


class ExerciseBox(w.VBox):
    """One exercise; ``feedback`` shows the last message (right, wrong, malformed, hint or the answer)."""

    def __init__(self, exercise: Exercise, number: int) -> None:
        self.exercise = exercise
        if exercise.kind == "choice":
            self.answer = w.Dropdown(options=[("—", ""), *exercise.options], layout=w.Layout(width="520px"))
        else:
            self.answer = w.Text(placeholder="0", layout=w.Layout(width="160px"), continuous_update=False)
        named(self.answer, t("accessibility.exercise.answer", number=number))
        self.feedback = w.VBox()
        buttons = [
            (t("exercise.check"), "check", "primary", self.check),
            (t("exercise.hint_button"), "lightbulb-o", "", self.hint),
            (t("exercise.answer_button"), "eye", "", self.reveal),
        ]
        row = []
        for text, icon, style, action in buttons:
            button = w.Button(description=text, icon=icon, button_style=style, layout=w.Layout(width="auto"))
            on_click(button, "exercise", action, shows_in(self.feedback))
            row.append(button)
        question = w.HTML(f"<p style='margin:10px 0 4px'><b>{number}.</b> {escape(exercise.question)}</p>")
        super().__init__([question, w.HBox([self.answer, *row]), self.feedback])

    def check(self) -> bool:
        """Check the answer in the box and show why it is right or wrong."""
        result = self.exercise.check(self.answer.value)
        prefix = t("exercise.right_prefix") if result.correct else t("exercise.wrong_prefix")
        kind = "ok" if result.correct else "info" if result.malformed else "error"
        self.feedback.children = [
            alert(f"{prefix} {result.message}" if not result.malformed else result.message, kind=kind)
        ]
        return result.correct

    def hint(self) -> None:
        self.feedback.children = [alert(self.exercise.hint, kind="info")]

    def reveal(self) -> None:
        self.feedback.children = [alert(f"{t('exercise.answer_label')}: {self.exercise.answer}", kind="info")]


class ExerciseSheet(LiveView):
    """The exercises of one model (or all) on the workbook's own figures, following the workbook.

    When a change of the workbook changes a question (its figures, its
    options), the sheet shows the new question; what a student typed in an
    exercise whose question stayed the same is kept.
    """

    def __init__(self, source: Any, model: str | None = None) -> None:
        self.model = model
        self._shown: list[tuple] = []
        self._boxes: dict[str, ExerciseBox] = {}
        super().__init__(source, layout=w.Layout(max_width="1000px"))

    def redraw(self) -> None:
        chosen = [e for e in exercises(self.state.workbook) if self.model is None or e.model == self.model]
        shown = [(e.key, e.question, tuple(e.options)) for e in chosen]
        if shown == self._shown:
            return
        keep = {key for key, question, options in shown if (key, question, options) in self._shown}
        self._shown = shown
        boxes: list[w.Widget] = []
        current = None
        for exercise in chosen:
            if exercise.model != current:
                current = exercise.model
                title = t("exercise.model_title", model=t(f"app.model.{current}"))
                boxes.append(w.HTML(f"<h3 style='margin:16px 0 4px'>{escape(title)}</h3>"))
            number = sum(isinstance(b, ExerciseBox) for b in boxes) + 1
            box = self._boxes.get(exercise.key) if exercise.key in keep else None
            if box is None:
                box = self._boxes[exercise.key] = ExerciseBox(exercise, number)
            boxes.append(box)
        self.children = boxes


@built_or_message
def exercise_sheet(source: Any, model: str | None = None) -> ExerciseSheet:
    """The exercises of one model (``segmentation``, ``stakeholder_pyramid``, ``customer_pyramid``,
    ``journey``) or of all four, on the workbook's own data (its live state, open file or path)."""
    return ExerciseSheet(source, model)
