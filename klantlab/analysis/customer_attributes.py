"""What else a client's files tell about each customer: potential, contacts, account manager, status.

Works on a per-customer list (one row per customer) or on transactions that
repeat the attribute on every row: numbers take the largest value per
customer, text the most frequent.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from klantlab.analysis.customer_values import as_relation

__all__ = ["ATTRIBUTES", "customer_attributes"]

ATTRIBUTES = {"potential": "number", "contacts": "number", "account_manager": "text", "status": "text",
              "name": "text"}  # fmt: skip


def customer_attributes(data: Any) -> pd.DataFrame:
    """One row per customer with the attribute columns ``data`` has (see :data:`ATTRIBUTES`); ``customer_id`` first."""
    relation = as_relation(data)
    present = [column for column in ATTRIBUTES if column in relation.columns]
    parts = ["CAST(customer_id AS VARCHAR) AS customer_id"]
    for column in present:
        if ATTRIBUTES[column] == "number":
            parts.append(f"max(TRY_CAST({column} AS DOUBLE)) AS {column}")
        else:
            parts.append(f"mode(CAST({column} AS VARCHAR)) AS {column}")
    frame = relation.query(
        "t", f"SELECT {', '.join(parts)} FROM t WHERE customer_id IS NOT NULL GROUP BY 1 ORDER BY 1"
    ).df()
    frame["customer_id"] = frame["customer_id"].astype(str)
    return frame
