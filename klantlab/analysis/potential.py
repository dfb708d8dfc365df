"""Potential and attention per level: where the room to grow is, and whether the best customers get the time.

Both take a pyramid result and the per-customer attributes
(:func:`~klantlab.analysis.customer_attributes.customer_attributes`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from klantlab.analysis.customer_pyramid import ACTIVE_LEVELS, PyramidResult
from klantlab.model import CustomerLevel

__all__ = ["PotentialResult", "attention_per_level", "potential_matrix"]

_ROWS = [level.value for level in (*ACTIVE_LEVELS, CustomerLevel.inactive)]
_ACTIVE = [level.value for level in ACTIVE_LEVELS]


@dataclass(frozen=True)
class PotentialResult:
    """Current value against potential, both read on the pyramid's levels."""

    customers: pd.DataFrame
    """Per customer with a potential: ``customer_id``, ``level`` (now), ``value``, ``potential``,
    ``share_of_wallet``, ``headroom`` (potential − value), ``potential_level`` (the level their potential would
    reach) and ``highlight``."""
    matrix: pd.DataFrame
    """Customer counts: level now (rows: top … small, inactive) × potential level (columns: top … small)."""
    highlighted: pd.DataFrame
    """Customers outside the top whose potential would put them in a higher level, largest headroom first."""
    potential_is_share: bool
    """Whether the column held shares of wallet (all values ≤ 1) rather than amounts."""


def potential_matrix(result: PyramidResult, attributes: pd.DataFrame) -> PotentialResult:
    """Where each customer is now against where their potential would put them.

    ``attributes`` has ``customer_id`` and ``potential``: either the yearly
    amount the customer could spend with us, or, when every value is at most
    1, our share of the customer's wallet (then potential = value / share).
    A potential reaches a level when it is at least the smallest current
    value in that level; customers outside the top whose potential reaches a
    higher level than they are in now, and at least medium, are highlighted.
    """
    active = result.active
    basis = result.basis.value
    floors = [
        float(active.loc[active["level"] == level, basis].min()) if (active["level"] == level).any() else np.inf
        for level in _ACTIVE[:-1]
    ]
    customers = result.customers[result.customers["level"].isin(_ROWS)]
    frame = customers[["customer_id", "level"]].assign(value=customers[basis].to_numpy())
    frame = frame.merge(attributes[["customer_id", "potential"]], on="customer_id", how="inner")
    frame = frame[frame["potential"].notna() & (frame["potential"] > 0)].reset_index(drop=True)
    is_share = bool(len(frame)) and bool((frame["potential"] <= 1).all())
    if is_share:
        frame["share_of_wallet"] = frame["potential"]
        frame["potential"] = frame["value"].clip(lower=0) / frame["potential"]
    else:
        frame["share_of_wallet"] = (frame["value"].clip(lower=0) / frame["potential"]).clip(upper=1)
    frame["headroom"] = (frame["potential"] - frame["value"].clip(lower=0)).clip(lower=0)
    reached = np.full(len(frame), len(_ACTIVE) - 1)
    for rank in reversed(range(len(floors))):
        reached = np.where(frame["potential"].to_numpy() >= floors[rank], rank, reached)
    frame["level"] = frame["level"].astype(str)
    frame["potential_level"] = pd.Categorical(np.asarray(_ACTIVE)[reached], categories=_ACTIVE)
    current_rank = frame["level"].map({level: rank for rank, level in enumerate(_ROWS)}).to_numpy()
    # Reaching only "small" is no growth story (an inactive customer could always buy a little again).
    frame["highlight"] = (frame["level"] != CustomerLevel.top.value) & (reached < current_rank) & (reached < 3)
    matrix = (
        pd.crosstab(frame["level"], frame["potential_level"], dropna=False)
        .reindex(index=_ROWS, columns=_ACTIVE, fill_value=0)
        .astype(int)
    )
    matrix.index.name, matrix.columns.name = "level", "potential_level"
    highlighted = frame[frame["highlight"]].sort_values(["headroom", "customer_id"], ascending=[False, True])
    return PotentialResult(frame, matrix, highlighted.reset_index(drop=True), is_share)


def attention_per_level(result: PyramidResult, attributes: pd.DataFrame) -> pd.DataFrame:
    """Contacts and account managers per level beside the level's share of value.

    Columns: ``level``, ``customers``, ``value_share``, ``contacts``,
    ``contact_share``, ``contacts_per_customer``, ``attention_ratio``
    (contact share ÷ value share: below 1 means less attention than the
    value would ask), ``account_managers`` (distinct) and
    ``without_account_manager``. Rows: the active levels and inactive.
    """
    customers = result.customers[result.customers["level"].isin(_ROWS)]
    frame = customers[["customer_id", "level"]].assign(value=customers[result.basis.value].to_numpy())
    frame = frame.merge(attributes, on="customer_id", how="left")
    frame["level"] = pd.Categorical(frame["level"].astype(str), categories=_ROWS)
    contacts = frame["contacts"] if "contacts" in frame else pd.Series(np.nan, index=frame.index)
    manager = frame["account_manager"] if "account_manager" in frame else pd.Series(None, index=frame.index)
    frame = frame.assign(contacts=contacts.fillna(0.0), account_manager=manager)
    grouped = frame.groupby("level", observed=False)
    table = pd.DataFrame(
        {
            "customers": grouped.size(),
            "value": grouped["value"].sum(),
            "contacts": grouped["contacts"].sum(),
            "account_managers": grouped["account_manager"].nunique(),
            "without_account_manager": grouped["account_manager"].apply(lambda s: int(s.isna().sum())),
        }
    ).reindex(_ROWS)
    total_value, total_contacts = table["value"].clip(lower=0).sum(), table["contacts"].sum()
    table["value_share"] = table["value"].clip(lower=0) / total_value if total_value else 0.0
    table["contact_share"] = table["contacts"] / total_contacts if total_contacts else 0.0
    table["contacts_per_customer"] = (table["contacts"] / table["customers"]).where(table["customers"] > 0)
    table["attention_ratio"] = (table["contact_share"] / table["value_share"]).where(table["value_share"] > 0)
    table = table.reset_index().rename(columns={"index": "level"})
    return table[["level", "customers", "value_share", "contacts", "contact_share", "contacts_per_customer",
                  "attention_ratio", "account_managers", "without_account_manager"]]  # fmt: skip
