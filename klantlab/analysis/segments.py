"""Klantsegment kiezen: weighted attractiveness, figures per segment from the data, and shifts between periods.

Pure functions on model objects and frames; the charts and the form use them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from klantlab.analysis.customer_pyramid import PyramidResult
from klantlab.model import AttractivenessFactor, CustomerLevel, Segment

__all__ = ["FIT_FACTOR", "attractiveness", "compare_periods", "segment_figures"]

FIT_FACTOR = "fit"
"""The factor that says how well a segment fits our strengths: the vertical axis of the matrix."""


def _weighted(scores: dict[str, int], factors: Sequence[AttractivenessFactor]) -> float | None:
    """Σ weight × score / Σ weight over the factors that have a score; None when none has one."""
    scored = [(f.weight, scores[f.id]) for f in factors if f.id in scores and f.weight > 0]
    total = sum(weight for weight, _ in scored)
    return sum(weight * score for weight, score in scored) / total if total else None


def attractiveness(
    segments: Sequence[Segment], factors: Sequence[AttractivenessFactor], chosen: Sequence[str] = ()
) -> pd.DataFrame:
    """Per segment, best first: ``segment_id``, ``name``, ``score`` (weighted 1–5 over all factors),
    ``attractiveness`` (the same without the fit factor), ``fit``, ``scored`` (factors with a score),
    ``complete``, ``chosen`` and ``rank``. Unscored segments come last."""
    others = [f for f in factors if f.id != FIT_FACTOR]
    rows = [
        {
            "segment_id": segment.id,
            "name": segment.name,
            "score": _weighted(segment.scores, factors),
            "attractiveness": _weighted(segment.scores, others),
            "fit": segment.scores.get(FIT_FACTOR),
            "scored": sum(f.id in segment.scores for f in factors),
            "complete": all(f.id in segment.scores for f in factors),
            "chosen": segment.id in chosen,
            "revenue": segment.revenue,
            "customers": segment.customers,
        }
        for segment in segments
    ]
    columns = ["segment_id", "name", "score", "attractiveness", "fit", "scored", "complete", "chosen", "revenue",
               "customers"]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    table = table.sort_values("score", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
    table["rank"] = np.arange(1, len(table) + 1)
    return table


def segment_figures(result: PyramidResult, attributes: pd.DataFrame, segments: Sequence[Segment]) -> pd.DataFrame:
    """Customers, revenue and margin per segment in the pyramid's period, from the client's own data.

    ``attributes`` has ``customer_id`` and the columns the segments name in
    ``source_column``; a customer belongs to a segment when that column holds
    one of its ``source_values`` (compared without case and surrounding
    spaces). Columns: ``segment_id``, ``name``, ``customers`` (active),
    ``revenue``, ``margin``, ``top_customers`` (in the top level),
    ``top_share`` (of all top customers) and ``revenue_share``.
    """
    active = result.active
    frame = active[["customer_id", "revenue", "margin", "level"]].merge(attributes, on="customer_id", how="left")
    total_top = int((active["level"] == CustomerLevel.top.value).sum())
    total_revenue = float(active["revenue"].sum())
    rows = []
    for segment in segments:
        if segment.source_column and segment.source_column in frame:
            wanted = {value.strip().casefold() for value in segment.source_values}
            member = frame[segment.source_column].astype("string").str.strip().str.casefold().isin(wanted)
            member = member.fillna(False).astype(bool)
        else:
            member = pd.Series(False, index=frame.index)
        part = frame[member]
        top = int((part["level"] == CustomerLevel.top.value).sum())
        rows.append(
            {
                "segment_id": segment.id,
                "name": segment.name,
                "customers": len(part),
                "revenue": round(float(part["revenue"].sum()), 2),
                "margin": round(float(part["margin"].sum()), 2),
                "top_customers": top,
                "top_share": top / total_top if total_top else 0.0,
                "revenue_share": float(part["revenue"].sum()) / total_revenue if total_revenue else 0.0,
            }
        )
    return pd.DataFrame(rows)


def compare_periods(previous: pd.DataFrame, current: pd.DataFrame, threshold: float = 0.10) -> pd.DataFrame:
    """Customers and revenue per segment in two periods (two :func:`segment_figures` tables).

    ``customers_change`` and ``revenue_change`` are relative (0.25 = +25 %;
    None when the earlier figure is 0); ``flag`` is true when either moved
    more than ``threshold`` up or down.
    """
    both = previous[["segment_id", "name", "customers", "revenue"]].merge(
        current[["segment_id", "customers", "revenue"]], on="segment_id", suffixes=("_before", "_now")
    )
    for column in ("customers", "revenue"):
        before = both[f"{column}_before"].astype(float)
        both[f"{column}_change"] = ((both[f"{column}_now"] - before) / before).where(before != 0)
    moved = both[["customers_change", "revenue_change"]].abs() > threshold
    both["flag"] = moved.any(axis=1)
    return both
