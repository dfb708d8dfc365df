"""The manager's "so what": three to five conclusions computed from the models, each with its action.

Pure: a workbook in, sentences in the active language out. Each conclusion names a
figure and what to do about it; a model with nothing to act on gives none. The
technical words a manager may not know are explained in :data:`TERMS`.
"""

from __future__ import annotations

from dataclasses import dataclass

from klantlab.analysis.journey import outside_in_minimum, overlap
from klantlab.analysis.segments import attractiveness
from klantlab.analysis.stakeholder_followup import follow_up
from klantlab.analysis.workbook_status import ACTIVE_LEVELS
from klantlab.i18n import label, money, number, percent, t
from klantlab.model import CustomerLevel, Workbook

__all__ = ["TERMS", "Conclusion", "glossary", "headline"]

#: The technical words a dashboard or report may use, each explained in one line (``term.<key>``).
TERMS = ("pareto", "gini", "textbook", "moment_of_truth", "inside_out", "outside_in", "saboteur")
_MAX = 5


@dataclass(frozen=True)
class Conclusion:
    """One finding and its action, both plain sentences; ``model`` says which model it comes from."""

    model: str
    finding: str
    action: str

    def text(self) -> str:
        return t("headline.joined", finding=self.finding, action=self.action)


def _segment(workbook: Workbook) -> list[Conclusion]:
    section = workbook.segmentation
    table = attractiveness(section.segments, section.factors, section.chosen_segment_ids)
    scored = table[table["score"].notna()]
    chosen = table[table["chosen"]]
    if chosen.empty or scored.empty:
        return []
    best = scored.iloc[0]
    name = chosen.iloc[0]["name"]
    if bool(best["chosen"]):
        finding = t("headline.segment.best", segment=name, count=number(len(scored)))
        return [Conclusion("segmentation", finding, t("headline.segment.best_action"))]
    finding = t("headline.segment.not_best", segment=name, better=best["name"])
    return [Conclusion("segmentation", finding, t("headline.segment.not_best_action"))]


def _stakeholders(workbook: Workbook) -> list[Conclusion]:
    segment_id = workbook.focus_segment_id()
    entries = workbook.stakeholder_pyramid.for_segment(segment_id) if segment_id else []
    if not entries:
        return []
    lists = follow_up(entries)
    if lists.without_approach:
        names = ", ".join(entry.name for entry in lists.without_approach[:2])
        count = len(lists.without_approach)
        finding = t("headline.saboteurs" if count > 1 else "headline.saboteur", count=number(count), names=names)
        return [Conclusion("stakeholder_pyramid", finding, t("headline.saboteurs_action"))]
    if lists.to_check:
        finding = t("headline.to_check", count=number(len(lists.to_check)), total=number(len(entries)))
        return [Conclusion("stakeholder_pyramid", finding, t("headline.to_check_action"))]
    return []


def _customer_pyramid(workbook: Workbook) -> list[Conclusion]:
    pyramid = workbook.customer_pyramid
    summary = pyramid.summary
    if summary is None:
        return []
    levels = {lv.level: lv for lv in summary.levels}
    active = sum(levels[lv].customers for lv in ACTIVE_LEVELS if lv in levels)
    top = levels.get(CustomerLevel.top)
    found = []
    if top is not None and top.customers and active:
        finding = t(
            "headline.top",
            customers=number(top.customers),
            share=percent(top.customers / active, 0),
            value=percent(top.revenue_share, 0),
            basis=label(pyramid.settings.basis).lower(),
        )
        found.append(Conclusion("customer_pyramid", finding, t("headline.top_action")))
    churn = summary.churn
    if churn is not None and churn.lost:
        finding = t(
            "headline.lost",
            lost=number(churn.lost),
            value=money(churn.lost_value),
            new=number(churn.new),
        )
        found.append(Conclusion("customer_pyramid", finding, t("headline.lost_action")))
    return found


def _journey(workbook: Workbook) -> list[Conclusion]:
    groups = overlap(workbook.journey, outside_in_minimum(workbook.journey))
    moments = [*groups.both, *groups.inside_only, *groups.outside_only]  # inside-out or outside-in
    rated = [tp for tp in moments if tp.expectation is not None and tp.performance is not None]
    below = sorted(
        (tp for tp in rated if tp.performance < tp.expectation), key=lambda tp: tp.performance - tp.expectation
    )
    if not below:
        return []
    finding = t("headline.moments", below=number(len(below)), moments=number(len(moments)))
    return [Conclusion("journey", finding, t("headline.moments_action", touchpoint=below[0].description))]


def headline(workbook: Workbook) -> list[Conclusion]:
    """At most five conclusions, in the order of the method; none for a model with nothing to act on."""
    found = [*_segment(workbook), *_stakeholders(workbook), *_customer_pyramid(workbook), *_journey(workbook)]
    return found[:_MAX]


def glossary() -> list[tuple[str, str]]:
    """Each technical word with its one-line explanation, in the active language."""
    return [(t(f"term.{key}"), t(f"term.{key}.explained")) for key in TERMS]
