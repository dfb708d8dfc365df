"""Opening the files a Klantenpiramide works on, as its settings in the workbook name them.

The transactions file is required; a customers file (potential, contact
moments, account manager) and a CRM list (prospects and suspects) are
optional. Relative file names are looked up next to the workbook.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from klantlab.errors import ImportFileError
from klantlab.i18n import label
from klantlab.io.client_files import Progress, read_client_file
from klantlab.io.column_mapping import ColumnTarget, guess_mapping
from klantlab.io.transactions_import import ImportedTable, import_table
from klantlab.model import PyramidSettings

__all__ = ["PyramidInputs", "customer_table", "load_pyramid_inputs", "resolve"]


@dataclass(frozen=True, eq=False)
class PyramidInputs:
    transactions: ImportedTable
    customers: ImportedTable | None = None
    crm: ImportedTable | None = None


def resolve(name: str, folder: Path) -> Path:
    """``name`` as a path: as given when absolute, else inside ``folder`` (the workbook's folder)."""
    path = Path(name).expanduser()
    return path if path.is_absolute() else folder / path


def load_pyramid_inputs(settings: PyramidSettings, folder: Path, progress: Progress | None = None) -> PyramidInputs:
    """Open the files of ``settings`` (raises :class:`~klantlab.errors.ImportFileError` with the reason)."""
    decimal = None if settings.decimal_comma is None else ("," if settings.decimal_comma else ".")
    order = settings.date_order.value if settings.date_order else None
    source = read_client_file(resolve(settings.source_file, folder), sheet=settings.sheet or None, progress=progress)
    transactions = import_table(source, settings.column_map or None, date_order=order, decimal=decimal)
    customers = crm = None
    if settings.customers_file:
        customers = import_table(read_client_file(resolve(settings.customers_file, folder)), needs_revenue=False)
    if settings.crm_file:
        crm = import_table(read_client_file(resolve(settings.crm_file, folder)), needs_revenue=False)
    return PyramidInputs(transactions, customers, crm)


def customer_table(path: Path) -> pd.DataFrame:
    """A client's customer list with every column as text and the customer number as ``customer_id``.

    For segment figures: the segments name any column (sector, province, size
    class…), so the columns keep their own names.
    """
    source = read_client_file(path)
    id_column = guess_mapping(source.columns).get(ColumnTarget.customer_id.value)
    if id_column is None:
        raise ImportFileError(
            "error.import.missing_columns", path, needed=label(ColumnTarget.customer_id),
            columns=", ".join(f"'{c}'" for c in source.columns),
        )  # fmt: skip
    frame = source.relation.df().rename(columns={id_column: "customer_id"})
    frame["customer_id"] = frame["customer_id"].astype("string").str.strip()
    return frame[frame["customer_id"].notna()]
