"""Exercises for students on a workbook (the sample case, or their own), with feedback that teaches.

Every exercise is computed from the workbook it is given, so the right answer and every sentence of feedback
match what the notebooks show for that workbook. ``check(answer)`` returns :class:`Feedback`: right or wrong,
and why, in the user's language. A wrong answer gets the rule of the model and what was probably done wrong,
never the right answer or option; the answer itself (:attr:`Exercise.answer`) is for after a real attempt. A
malformed answer (empty, not a number, not one of the options) says what to enter instead, with an example
that is never the answer. Each exercise has a hint that says how to find the answer on the page, a stronger
one for a second try, and the table to find it in (:attr:`Exercise.material`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from klantlab.analysis import TEXTBOOK_SHARES
from klantlab.analysis.journey import gaps, journey_table, outside_in_minimum, overlap
from klantlab.analysis.segments import attractiveness
from klantlab.charts.style import level_name
from klantlab.i18n import NumberTextError, label, money, number, read_number, set_currency, t
from klantlab.model import CriterionFamily, CustomerLevel, StakeholderRole, Workbook
from klantlab.report.content_table import Table

__all__ = ["EXERCISE_MODELS", "Exercise", "Feedback", "Material", "exercises", "missing_data"]

#: The models in the order of the method: exercise 2.3 is the third of the klanttype-piramide.
EXERCISE_MODELS = ("segmentation", "stakeholder_pyramid", "customer_pyramid", "journey")
#: Examples of how to write a number; the one shown is never the answer.
_EXAMPLES = (12.5, 7.25, 48.0, 3.75)


@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str
    malformed: bool = False


@dataclass(frozen=True)
class Material:
    """What a student needs to find the answer, shown read-only beside the exercise with the hint."""

    caption: str
    table: Table


@dataclass(frozen=True)
class Exercise:
    """One question: ``kind`` is ``choice`` (answer one of ``options``' values) or ``number``."""

    key: str
    model: str
    question: str
    hint: str
    """How to find the answer on this page (with :attr:`material`)."""
    stronger_hint: str
    """A further step, for a second wrong answer or a second hint."""
    answer: str
    """The right answer, explained (shown when the student asks for it after a real attempt)."""
    kind: str
    check: Callable[[object], Feedback] = field(repr=False)
    options: list[tuple[str, str]] = field(default_factory=list)
    material: Material | None = None


def _texts(key: str, **params: object) -> dict[str, str]:
    parts = ("question", "hint", "stronger_hint", "answer")
    return {part: t(f"exercise.{key}.{part}", **params) for part in parts}


def _choice(
    key: str,
    model: str,
    options: list[tuple[str, str]],
    right: set[str],
    why: dict[str, str],
    material: Material | None,
    **params: object,
) -> Exercise:
    """``why`` holds, per wrong option, why it is wrong (about that option only: it never names the right one)."""
    values = {value for _, value in options}

    def check(answer: object) -> Feedback:
        if answer in (None, ""):
            return Feedback(False, t("exercise.empty"), malformed=True)
        if answer not in values:
            return Feedback(False, t("exercise.not_an_option"), malformed=True)
        if answer in right:
            return Feedback(True, t(f"exercise.{key}.right", **params))
        return Feedback(False, why[str(answer)])

    return Exercise(key, model, kind="choice", check=check, options=options, material=material, **_texts(key, **params))


def _example(right: float) -> str:
    """A number written the user's way that is not ``right`` (a text example never gives the answer away)."""
    example = next(v for v in _EXAMPLES if abs(v - right) > 0.5)
    return number(example, 0 if example == int(example) else len(repr(example).split(".")[1]))


def _number(
    key: str,
    model: str,
    right: float,
    tolerance: float,
    decimals: int,
    material: Material | None,
    wrong: dict[str, object] | None = None,
    **params: object,
) -> Exercise:
    """``wrong`` holds the values only the feedback on a wrong answer uses (never the answer)."""

    def check(answer: object) -> Feedback:
        if answer in (None, "") or not str(answer).strip():
            return Feedback(False, t("exercise.empty"), malformed=True)
        try:
            value = read_number(answer)
        except NumberTextError:
            return Feedback(False, t("exercise.not_a_number", answer=str(answer), example=_example(right)), True)
        if abs(value - right) <= tolerance:
            return Feedback(True, t(f"exercise.{key}.right", **params))
        direction = t("exercise.too_high") if value > right else t("exercise.too_low")
        return Feedback(
            False, t(f"exercise.{key}.wrong", given=number(value, decimals), direction=direction, **(wrong or {}))
        )

    return Exercise(key, model, kind="number", check=check, material=material, **_texts(key, **params))


def _table(columns: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]) -> Table:
    return Table(list(columns), [list(row) for row in rows], list(numeric))


# --- klantsegment kiezen -------------------------------------------------------------------------------------


def _scores_grid(workbook: Workbook) -> Material:
    """The factors' weights and every segment's score on them: what a weighted score is computed from."""
    section = workbook.segmentation
    columns = [t("exercise.material.segment")] + [
        t("exercise.material.factor", factor=f.name, weight=number(f.weight, 1)) for f in section.factors
    ]
    rows = [[s.name] + [_score(s.scores.get(f.id)) for f in section.factors] for s in section.segments]
    return Material(t("exercise.material.scores"), _table(columns, rows, [False] + [True] * len(section.factors)))


def _score(value: int | None) -> str:
    return "—" if value is None else str(value)


def _segmentation(workbook: Workbook) -> list[Exercise]:
    section = workbook.segmentation
    table = attractiveness(section.segments, section.factors)
    if table.empty or table["score"].isna().all() or not section.factors:
        return []
    scored = table[table["score"].notna()]
    grid = _scores_grid(workbook)
    by_id = {row.segment_id: row for row in scored.itertuples()}
    options = [(s.name, s.id) for s in section.segments if s.id in by_id]  # the team's order, not the ranking
    best = scored.iloc[0]
    heaviest = max(f.weight for f in section.factors)
    why = {
        row.segment_id: t("exercise.best_segment.wrong", given=row.name, given_score=number(row.score, 2))
        for row in scored.itertuples()
        if row.segment_id != best.segment_id
    }
    exercises = [
        _choice(
            "best_segment",
            "segmentation",
            options,
            {best.segment_id},
            why,
            grid,
            best=best["name"],
            score=number(best.score, 2),
            count=number(len(scored)),
            heaviest=", ".join(f.name for f in section.factors if f.weight == heaviest),
        ),
    ]
    second = scored.iloc[min(1, len(scored) - 1)]
    segment = section.segment(second.segment_id)
    counted = [f for f in section.factors if segment.scores.get(f.id) is not None]
    if counted:
        first = counted[0]
        weights = " + ".join(f"{number(f.weight, 1)} × {segment.scores[f.id]}" for f in counted)
        total = number(sum(f.weight for f in counted), 1)
        exercises.append(
            _number(
                "segment_score",
                "segmentation",
                round(second.score, 2),
                0.011,
                2,
                grid,
                segment=second["name"],
                score=number(second.score, 2),
                weights=weights,
                total=total,
                first_factor=first.name,
                first_weight=number(first.weight, 1),
                first_score=segment.scores[first.id],
                first_product=number(first.weight * segment.scores[first.id], 1),
            )
        )
    example = next(
        (
            (family, s.criteria[family])
            for family in (CriterionFamily.technographic, *CriterionFamily)
            for s in section.segments
            if s.criteria.get(family)
        ),
        None,
    )
    if example:
        family, text = example
        families = [(label(f), f.value) for f in CriterionFamily]
        material = Material(
            t("exercise.material.families"),
            _table(
                [t("exercise.material.family"), t("exercise.material.asks")],
                [[label(f), t(f"exercise.family.{f.value}")] for f in CriterionFamily],
                [False, False],
            ),
        )
        why = {
            f.value: t(
                "exercise.criterion_family.wrong",
                given=label(f).lower(),
                given_asks=t(f"exercise.family.{f.value}"),
                example=text,
            )
            for f in CriterionFamily
            if f != family
        }
        exercises.append(
            _choice(
                "criterion_family",
                "segmentation",
                families,
                {family.value},
                why,
                material,
                example=text,
                family=label(family),
                family_asks=t(f"exercise.family.{family.value}"),
            )
        )
    return exercises


# --- klanttype-piramide ---------------------------------------------------------------------------------------


def _lowered(text: str) -> str:
    return text[:1].lower() + text[1:]


def _stakeholders(workbook: Workbook) -> list[Exercise]:
    options = [(label(role), role.value) for role in StakeholderRole]
    material = Material(
        t("exercise.material.roles"),
        _table(
            [t("exercise.material.role"), t("exercise.material.mark")],
            [[label(r), t(f"stakeholders.explain.{r.value}")] for r in StakeholderRole],
            [False, False],
        ),
    )
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
            r.value: t(
                "exercise.role.why",
                given=label(r).lower(),
                name=entry.name,
                explain=_lowered(t(f"stakeholders.explain.{r.value}")),
            )
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
                material,
                name=entry.name,
                motives=entry.motives or "—",
                role=label(role),
                role_lower=label(role).lower(),
            )
        )
    return found


# --- klantenpiramide -------------------------------------------------------------------------------------------


def _compare(key: str, value: float, benchmark: float) -> str:
    """Whether ``value`` is more, less or as much as ``benchmark`` (both in %, one decimal), in words."""
    more = round(value, 1) - round(benchmark, 1)
    return t(f"{key}.{'more' if more > 0 else 'less' if more < 0 else 'same'}", benchmark=number(benchmark))


def _customer_pyramid(workbook: Workbook) -> list[Exercise]:
    pyramid = workbook.customer_pyramid
    summary, settings = pyramid.summary, pyramid.settings
    if summary is None or summary.pareto_customer_share is None:
        return []
    set_currency(workbook.currency)
    active = [level for level in summary.levels if level.level.value in ("top", "large", "medium", "small")]
    customers = sum(level.customers for level in active)
    top = next(level for level in summary.levels if level.level == CustomerLevel.top)
    share = round(100 * summary.pareto_customer_share, 1)
    threshold = number(100 * summary.pareto_threshold)
    counts = Material(
        t("exercise.material.active"),
        _table(
            [t("exercise.material.what"), t("exercise.material.count")],
            [
                [t("exercise.material.active_customers"), number(customers)],
                [t("exercise.material.pareto_customers", threshold=threshold), number(summary.pareto_customers)],
            ],
            [False, True],
        ),
    )
    exercises = [
        _number(
            "pareto_share",
            "customer_pyramid",
            share,
            0.15,
            1,
            counts,
            {"threshold": threshold},
            customers=number(summary.pareto_customers),
            share=number(share, 1),
            threshold=threshold,
            active=number(customers),
            compare=_compare("exercise.pareto_share.rule", share, 20),
        )
    ]
    basis = label(settings.basis).lower()
    value = [level.margin if settings.basis.value == "margin" else level.revenue for level in active]
    revenue = Material(
        t("exercise.material.levels", basis=basis),
        _table(
            [t("exercise.material.level"), t("exercise.material.customers"), label(settings.basis)],
            [
                [level_name(level.level, settings.preset), number(level.customers), money(v)]
                for level, v in zip(active, value, strict=True)
            ]
            + [[t("exercise.material.total"), number(customers), money(sum(value))]],
            [False, True, True],
        ),
    )
    top_share = round(100 * top.revenue_share, 1)
    book = TEXTBOOK_SHARES.get(settings.preset, (None,))[0]
    compare = _compare("exercise.top_share.book", top_share, 100 * book) if book is not None else ""
    exercises.append(
        _number(
            "top_share",
            "customer_pyramid",
            top_share,
            0.15,
            1,
            revenue,
            {"customer_share": number(100 * top.customers / (customers or 1), 1), "basis": basis},
            customers=number(top.customers),
            share=number(top_share, 1),
            basis=basis,
            compare=compare,
            total=money(sum(value)),
        )
    )
    churn = summary.churn
    if churn is not None:
        stayed = churn.up + churn.down + churn.same
        moves = Material(
            t("exercise.material.moves"),
            _table(
                [t("exercise.material.what"), t("exercise.material.count")],
                [
                    [t("exercise.material.before_active"), number(churn.previous_active)],
                    [t("exercise.material.still_active"), number(stayed)],
                    [t("exercise.material.new"), number(churn.new + churn.unknown)],
                    [t("exercise.material.back"), number(churn.reactivated)],
                ],
                [False, True],
            ),
        )
        exercises.append(
            _number(
                "lost",
                "customer_pyramid",
                churn.lost,
                0.5,
                0,
                moves,
                {"new": number(churn.new + churn.unknown)},
                lost=number(churn.lost),
                before=number(churn.previous_active),
                stayed=number(stayed),
                new=number(churn.new + churn.unknown),
            )
        )
    return exercises


# --- customer journey ------------------------------------------------------------------------------------------


def _journey(workbook: Workbook) -> list[Exercise]:
    journey = workbook.journey
    scored = gaps(journey)
    if scored.empty:
        return []
    order = journey_table(journey)
    scored_ids = set(scored["touchpoint_id"])
    in_order = order[order["touchpoint_id"].isin(scored_ids)]
    options = [(d, tp) for d, tp in zip(in_order["description"], in_order["touchpoint_id"], strict=True)]
    scores = Material(
        t("exercise.material.scored"),
        _table(
            [
                t("exercise.material.phase"),
                t("exercise.material.touchpoint"),
                t("field.expectation").capitalize(),
                t("field.performance").capitalize(),
            ],
            [
                [row.phase, row.description, str(int(row.expectation)), str(int(row.performance))]
                for row in in_order.itertuples()
            ],
            [False, False, True, True],
        ),
    )
    worst = scored.iloc[0]
    why = {
        row.touchpoint_id: t(
            "exercise.largest_gap.wrong",
            given=row.description,
            gap=number(row.gap),
            expectation=int(row.expectation),
            performance=int(row.performance),
        )
        for row in scored.itertuples()
        if row.touchpoint_id != worst.touchpoint_id
    }
    minimum = outside_in_minimum(journey)
    groups = overlap(journey, minimum)
    moments = Material(
        t("exercise.material.moments"),
        _table(
            [t("exercise.material.touchpoint"), t("exercise.material.team"), t("exercise.material.mentions")],
            [
                [
                    row.description,
                    t("report.yes") if row.inside_out else t("exercise.material.no"),
                    number(row.mentions),
                ]
                for row in order.itertuples()
            ],
            [False, False, True],
        ),
    )
    exercises = [
        _choice(
            "largest_gap",
            "journey",
            options,
            {worst.touchpoint_id},
            why,
            scores,
            touchpoint=worst.description,
            expectation=int(worst.expectation),
            performance=int(worst.performance),
        )
    ]
    exercises.append(
        _number(
            "moments_both",
            "journey",
            len(groups.both),
            0.5,
            0,
            moments,
            {"minimum": minimum},
            count=len(groups.both),
            minimum=minimum,
            interviews=journey.outside_in_interviews,
        )
    )
    if groups.inside_only:
        marked = [row for row in order.itertuples() if row.inside_out]
        right = {tp.id for tp in groups.inside_only}
        why = {
            row.touchpoint_id: t(
                "exercise.inside_only.wrong", given=row.description, mentions=row.mentions, minimum=minimum
            )
            for row in marked
            if row.touchpoint_id not in right
        }
        exercises.append(
            _choice(
                "inside_only",
                "journey",
                [(row.description, row.touchpoint_id) for row in marked],
                right,
                why,
                moments,
                names="; ".join(tp.description for tp in groups.inside_only),
                minimum=minimum,
            )
        )
    return exercises


_BUILDERS = {
    "segmentation": _segmentation,
    "stakeholder_pyramid": _stakeholders,
    "customer_pyramid": _customer_pyramid,
    "journey": _journey,
}


def exercises(workbook: Workbook, model: str | None = None) -> list[Exercise]:
    """The exercises this workbook supports (of one ``model``, or all in the order of the method; at least three
    per model on the sample case)."""
    return [e for m in EXERCISE_MODELS if model in (None, m) for e in _BUILDERS[m](workbook)]


def missing_data(model: str) -> str:
    """What a workbook needs before the exercises of ``model`` can be asked, and where to fill it in."""
    return t(f"exercise.missing.{model}")
