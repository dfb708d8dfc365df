"""What else a client's files tell about each customer: potential, contacts, account manager, status.

Works on a per-customer list (one row per customer) or on transactions that
repeat the attribute on every row: numbers take the largest value per
customer, text the most frequent. An engine frame (Spark, Dask, Polars lazy)
is grouped in its engine (:func:`~klantlab.analysis.engine_scan.engine_attributes`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from klantlab.analysis.customer_values import as_relation, columns_of
from klantlab.analysis.engine_scan import engine_attributes, is_engine_frame

__all__ = ["ATTRIBUTES", "customer_attributes", "pyramid_extras"]

ATTRIBUTES = {"potential": "number", "contacts": "number", "account_manager": "text", "status": "text",
              "name": "text"}  # fmt: skip


def customer_attributes(data: Any) -> pd.DataFrame:
    """One row per customer with the attribute columns ``data`` has (see :data:`ATTRIBUTES`); ``customer_id`` first.

    An engine frame is grouped in its engine; there the most frequent text is
    found with counts and a join (narwhals has no lazy ``mode``), ties going
    to the first value in text order, where DuckDB's ``mode`` takes any of them.
    """
    if is_engine_frame(data):
        return engine_attributes(data, ATTRIBUTES)
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


def pyramid_extras(
    transactions: Any, customers: Any = None, crm: Any = None
) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The CRM leads (``status``) and the attributes (potential, contacts, account manager) for the pyramid.

    Each comes from its own list when there is one, else from the transactions
    when they carry those columns, else it is None.
    """
    columns = set(columns_of(transactions))
    leads = customer_attributes(crm) if crm is not None else None
    if leads is None and "status" in columns:
        leads = customer_attributes(transactions)
    attributes = customer_attributes(customers) if customers is not None else None
    if attributes is None and {"potential", "contacts", "account_manager"} & columns:
        attributes = customer_attributes(transactions)
    return leads, attributes
