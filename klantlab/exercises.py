"""Exercises for students on a workbook (the sample case), with feedback that says why.

Every exercise is computed from the workbook it is given, so the right
answer always matches what the notebooks show. ``check(answer)`` returns
:class:`Feedback`: right or wrong, and an explanation in the user's
language; a malformed answer (empty, not a number, not one of the options)
gets a message saying what to enter instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from klantlab.analysis.journey import gaps, outside_in_minimum, overlap
from klantlab.analysis.segments import attractiveness
from klantlab.i18n import NumberTextError, label, number, read_number, t
from klantlab.model import CriterionFamily, CustomerLevel, StakeholderRole, Workbook

__all__ = ["Exercise", "Feedback", "exercises"]


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str
    malformed: bool = False


@dataclass(frozen=True)
class Exercise:
    """One question: ``kind`` is ``choice`` (answer one of ``options``' values) or ``number``."""

    key: str
    model: str
    question: str
    hint: str
    answer: str
    """The right answer, explained (shown when the student asks for it)."""
    kind: str
    check: Callable[[object], Feedback] = field(repr=False)
    options: list[tuple[str, str]] = field(default_factory=list)


def _exercise(
    key: str,
    model: str,
    kind: str,
    check: Callable[[object], Feedback],
    options: list[tuple[str, str]] | None = None,
    **params: object,
) -> Exercise:
    """An exercise whose question, hint and answer are ``exercise.<key>.*`` in the catalog."""
    question, hint, answer = (t(f"exercise.{key}.{part}", **params) for part in ("question", "hint", "answer"))
    return Exercise(key, model, question, hint, answer, kind, check, options or [])


def _choice(
    key: str, model: str, options: list[tuple[str, str]], right: set[str], why: dict[str, str], **params: object
) -> Exercise:
    values = {value for _, value in options}

    def check(answer: object) -> Feedback:
        if answer in (None, ""):
            return Feedback(False, t("exercise.empty"), malformed=True)
        if answer not in values:
            return Feedback(False, t("exercise.not_an_option"), malformed=True)
        if answer in right:
            return Feedback(True, t(f"exercise.{key}.right", **params))
        return Feedback(False, why.get(str(answer)) or t(f"exercise.{key}.wrong", **params))

    return _exercise(key, model, "choice", check, options, **params)


def _number(key: str, model: str, right: float, tolerance: float, decimals: int, **params: object) -> Exercise:
    def check(answer: object) -> Feedback:
        if answer in (None, "") or not str(answer).strip():
            return Feedback(False, t("exercise.empty"), malformed=True)
        try:
            value = read_number(answer)
        except NumberTextError:
            return Feedback(False, t("exercise.not_a_number", answer=str(answer)), malformed=True)
        if abs(value - right) <= tolerance:
            return Feedback(True, t(f"exercise.{key}.right", **params))
        direction = t("exercise.too_high") if value > right else t("exercise.too_low")
        return Feedback(False, t(f"exercise.{key}.wrong", given=number(value, decimals), direction=direction, **params))

    return _exercise(key, model, "number", check, **params)


def _segmentation(workbook: Workbook) -> list[Exercise]:
    section = workbook.segmentation
    table = attractiveness(section.segments, section.factors)
    if table.empty or table["score"].isna().all():
        return []
    options = [(name, segment_id) for name, segment_id in zip(table["name"], table["segment_id"], strict=True)]
    best = table.iloc[0]
    second = table.iloc[min(1, len(table) - 1)]
    weights = " + ".join(
        f"{number(f.weight, 1)} × {label_score(second.segment_id, f.id, section)}" for f in section.factors
    )
    total = number(sum(f.weight for f in section.factors), 1)
    family = CriterionFamily.technographic
    example = next((s.criteria[family] for s in section.segments if family in s.criteria), None)
    exercises = [
        _choice(
            "best_segment",
            "segmentation",
            options,
            {best.segment_id},
            {},
            best=best["name"],
            score=number(best.score, 2),
        ),
        _number(
            "segment_score",
            "segmentation",
            round(second.score, 2),
            0.011,
            2,
            segment=second["name"],
            score=number(second.score, 2),
            weights=weights,
            total=total,
        ),
    ]
    if example:
        families = [(label(f), f.value) for f in CriterionFamily]
        exercises.append(_choice("criterion_family", "segmentation", families, {family.value}, {}, example=example))
    return exercises


def label_score(segment_id: str, factor_id: str, section) -> str:
    score = section.segment(segment_id).scores.get(factor_id)
    return "—" if score is None else str(score)


def _stakeholders(workbook: Workbook) -> list[Exercise]:
    options = [(label(role), role.value) for role in StakeholderRole]
    found = []
    for key, role in (
        ("role_economic", StakeholderRole.economic_buyer),
        ("role_recommender", StakeholderRole.recommender),
        ("role_saboteur", StakeholderRole.saboteur),
    ):
        entry = next((e for e in workbook.stakeholder_pyramid.stakeholders if e.role == role), None)
        if entry is None:
            continue
        why = {
            r.value: t("exercise.role.why", given=label(r), explain=t(f"stakeholders.explain.{r.value}"))
            for r in StakeholderRole
            if r != role
        }
        found.append(
            _choice(
                key,
                "stakeholder_pyramid",
                options,
                {role.value},
                why,
                name=entry.name,
                motives=entry.motives or "—",
                role=label(role),
            )
        )
    return found


def _customer_pyramid(workbook: Workbook) -> list[Exercise]:
    summary = workbook.customer_pyramid.summary
    if summary is None or summary.pareto_customer_share is None:
        return []
    top = next(level for level in summary.levels if level.level == CustomerLevel.top)
    share = round(100 * summary.pareto_customer_share, 1)
    exercises = [
        _number(
            "pareto_share",
            "customer_pyramid",
            share,
            0.15,
            1,
            customers=number(summary.pareto_customers),
            share=number(share, 1),
            threshold=number(100 * summary.pareto_threshold),
        ),
        _number(
            "top_share",
            "customer_pyramid",
            round(100 * top.revenue_share, 1),
            0.15,
            1,
            customers=number(top.customers),
            share=number(100 * top.revenue_share, 1),
        ),
    ]
    if summary.churn is not None:
        churn = summary.churn
        exercises.append(
            _number(
                "lost",
                "customer_pyramid",
                churn.lost,
                0.5,
                0,
                lost=number(churn.lost),
                before=number(churn.previous_active),
                new=number(churn.new),
            )
        )
    return exercises


def _journey(workbook: Workbook) -> list[Exercise]:
    journey = workbook.journey
    table = gaps(journey)
    if table.empty:
        return []
    options = [(text, tp) for text, tp in zip(table["description"], table["touchpoint_id"], strict=True)]
    worst = table.iloc[0]
    minimum = outside_in_minimum(journey)
    groups = overlap(journey, minimum)
    exercises = [
        _choice(
            "largest_gap",
            "journey",
            options,
            {worst.touchpoint_id},
            {},
            touchpoint=worst.description,
            expectation=int(worst.expectation),
            performance=int(worst.performance),
        ),
        _number(
            "moments_both",
            "journey",
            len(groups.both),
            0.5,
            0,
            count=len(groups.both),
            minimum=minimum,
            interviews=journey.outside_in_interviews,
        ),
    ]
    if groups.inside_only:
        every = [
            (tp.description, tp.id)
            for phase in journey.phases
            for tp in journey.in_phase(phase.id)
            if tp.moment_of_truth_inside_out
        ]
        names = "; ".join(tp.description for tp in groups.inside_only)
        exercises.append(
            _choice(
                "inside_only", "journey", every, {tp.id for tp in groups.inside_only}, {}, names=names, minimum=minimum
            )
        )
    return exercises


def exercises(workbook: Workbook) -> list[Exercise]:
    """The exercises this workbook supports, per model in the order of the method (at least three each on the
    sample case)."""
    return [*_segmentation(workbook), *_stakeholders(workbook), *_customer_pyramid(workbook), *_journey(workbook)]
