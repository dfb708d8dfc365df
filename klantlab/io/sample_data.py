"""Reading the sample client's files (data/samples), as Dutch Excel wrote them.

The files use ``;`` as separator, a decimal comma, UTF-8 with BOM and
day-month-year dates. The frames come back in klantlab's own column names, so
the analysis code does not depend on the client's headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["SAMPLE_FILES", "SampleData", "read_sample_data"]

SAMPLE_FILES = {
    "transactions": "verpakkingsmachines_facturen.csv",
    "customers": "verpakkingsmachines_klanten.csv",
    "crm": "verpakkingsmachines_crm.csv",
}

_TRANSACTIONS = {
    "factuurnummer": "invoice_number",
    "factuurdatum": "date",
    "klantnummer": "customer_id",
    "productgroep": "product_group",
    "omzet": "revenue",
    "marge": "margin",
}
_CUSTOMERS = {
    "klantnummer": "customer_id",
    "naam": "name",
    "provincie": "province",
    "sector": "sector",
    "grootteklasse": "size_class",
    "accountmanager": "account_manager",
    "aantal_contactpersonen": "contacts",
    "aantal_contactmomenten_2025": "contact_moments",
    "potentieel": "potential",
}
_CRM = {
    "relatienummer": "customer_id",
    "naam": "name",
    "provincie": "province",
    "sector": "sector",
    "grootteklasse": "size_class",
    "status": "status",
    "laatste_contact": "last_contact",
    "accountmanager": "account_manager",
}


@dataclass(frozen=True)
class SampleData:
    """The sample client's invoices, customer attributes and CRM leads."""

    transactions: pd.DataFrame
    customers: pd.DataFrame
    crm: pd.DataFrame
    files: dict[str, str] = field(default_factory=lambda: dict(SAMPLE_FILES))
    #: klantlab column -> the client's column, for the transactions file.
    column_map: dict[str, str] = field(
        default_factory=lambda: {ours: theirs for theirs, ours in _TRANSACTIONS.items() if ours != "product_group"}
    )


def _read(path: Path, columns: dict[str, str], dates: list[str]) -> pd.DataFrame:
    frame = pd.read_csv(
        path,
        sep=";",
        decimal=",",
        encoding="utf-8-sig",
        dtype={"klantnummer": str, "relatienummer": str, "factuurnummer": str},
        usecols=list(columns),
    ).rename(columns=columns)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="%d-%m-%Y")
    return frame


def read_sample_data(folder: Path) -> SampleData:
    """The three sample files in ``folder`` as frames with klantlab's column names."""
    return SampleData(
        transactions=_read(folder / SAMPLE_FILES["transactions"], _TRANSACTIONS, ["date"]),
        customers=_read(folder / SAMPLE_FILES["customers"], _CUSTOMERS, []),
        crm=_read(folder / SAMPLE_FILES["crm"], _CRM, ["last_contact"]),
    )
