"""Which column of a client's export holds what: guessed from common Dutch and English names.

The mapping is a plain ``{target: column}`` dict (targets are
:class:`ColumnTarget` values), so that it can be shown in a widget, changed
by the user, given on the command line as ``--map revenue=Bedrag`` and kept
in the workbook.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from enum import StrEnum

from klantlab.errors import ImportFileError

__all__ = ["ColumnTarget", "guess_mapping", "mapping_with", "missing_targets", "normalise_header"]


class ColumnTarget(StrEnum):
    """What klantlab needs or can use from a client's export."""

    customer_id = "customer_id"
    date = "date"
    revenue = "revenue"
    margin = "margin"
    quantity = "quantity"
    unit_price = "unit_price"
    invoice_number = "invoice_number"
    status = "status"
    potential = "potential"
    contacts = "contacts"
    account_manager = "account_manager"
    name = "name"


#: Normalised header names (see :func:`normalise_header`) per target, the most specific first.
SYNONYMS: dict[ColumnTarget, tuple[str, ...]] = {
    ColumnTarget.customer_id: (
        "klantnummer", "klantnr", "klantid", "klantcode", "debiteurnummer", "debiteurnr", "debiteur",
        "relatienummer", "relatienr", "relatiecode", "customerid", "customerno", "customernumber", "customercode",
        "clientid", "clientnumber", "accountid", "accountnumber", "klant", "customer", "relatie",
    ),
    ColumnTarget.date: (
        "factuurdatum", "orderdatum", "boekdatum", "transactiedatum", "datum", "invoicedate", "orderdate",
        "transactiondate", "bookingdate", "date",
    ),
    ColumnTarget.revenue: (
        "omzet", "nettoomzet", "omzetexbtw", "omzetexclbtw", "factuurbedrag", "bedrag", "bedragexbtw", "revenue",
        "netrevenue", "sales", "netsales", "turnover", "amount", "netamount", "invoiceamount", "total", "value",
    ),
    ColumnTarget.margin: ("marge", "brutomarge", "bruttomarge", "dekkingsbijdrage", "winst", "margin", "grossmargin",
                          "grossprofit", "profit"),
    ColumnTarget.quantity: ("aantal", "hoeveelheid", "stuks", "quantity", "qty", "units"),
    ColumnTarget.unit_price: ("stukprijs", "eenheidsprijs", "prijs", "verkoopprijs", "unitprice", "price"),
    ColumnTarget.invoice_number: ("factuurnummer", "factuurnr", "factuur", "ordernummer", "ordernr", "invoiceno",
                                  "invoicenumber", "invoice", "invoiceid", "orderid", "ordernumber"),
    ColumnTarget.status: ("status", "relatiestatus", "klantstatus", "fase", "leadstatus", "stage", "type",
                          "relatietype"),
    ColumnTarget.potential: ("potentieel", "potentie", "klantpotentieel", "potential", "walletsize",
                             "shareofwallet", "sow"),
    ColumnTarget.contacts: ("contactmomenten", "aantalcontactmomenten", "bezoeken", "aantalbezoeken",
                            "contactmoments", "contacts", "visits", "calls", "touches"),
    ColumnTarget.account_manager: ("accountmanager", "accountmanagers", "verkoper", "vertegenwoordiger",
                                   "accountowner", "owner", "salesrep", "salesperson"),
    ColumnTarget.name: ("klantnaam", "bedrijfsnaam", "relatienaam", "naam", "customername", "companyname",
                        "company", "name"),
}  # fmt: skip


def normalise_header(name: str) -> str:
    """Lower case, letters and digits only: ``"Klant-nr."`` → ``"klantnr"``."""
    return re.sub(r"[^0-9a-z]", "", name.casefold())


#: A VAT qualifier at the end of a normalised header: ``Bedrag excl. BTW`` → ``bedrag`` + ``exclbtw``.
_EXCLUDING_VAT = re.compile(r"(?:(?:exclusief|exclusive|excluding|excl|ex|zonder|without)(?:btw|vat)|exclusief|excl)$")
_INCLUDING_VAT = re.compile(r"(?:(?:inclusief|inclusive|including|incl|inc|met|with)(?:btw|vat)|inclusief|incl)$")


def _score(header: str, synonyms: Sequence[str]) -> int:
    """How well a normalised header fits: exact beats "contains", an earlier synonym beats a later one, 0 no fit.

    "Contains" allows at most six more letters (``totaalomzet``, ``omzet2025``),
    so that ``aantalcontactpersonen`` is not taken for ``aantal``. A VAT
    qualifier is read apart: ``Bedrag excl. BTW`` fits as ``Bedrag`` does,
    ``Bedrag incl. BTW`` fits too but below any header without VAT in it
    (revenue is what a customer pays without VAT).
    """
    if excluding := _EXCLUDING_VAT.search(header):
        return max(_name_score(header, synonyms), _name_score(header[: excluding.start()], synonyms))
    if including := _INCLUDING_VAT.search(header):
        return _name_score(header[: including.start()], synonyms) // 10
    return _name_score(header, synonyms)


def _name_score(header: str, synonyms: Sequence[str]) -> int:
    if not header:
        return 0
    for rank, synonym in enumerate(synonyms):
        if header == synonym:
            return 3000 - rank
    for rank, synonym in enumerate(synonyms):
        rest = header.replace(synonym, "", 1)
        if len(synonym) >= 5 and rest != header and sum(c.isalpha() for c in rest) <= 6:
            return 1000 - rank
    return 0


def guess_mapping(columns: Sequence[str]) -> dict[str, str]:
    """The best column for each target, each column used at most once; targets without a fit are left out.

    Exact name matches are assigned before "contains" matches, so that
    ``klantnaam`` goes to the name and ``klantnummer`` to the customer id.
    """
    candidates = sorted(
        (
            (_score(normalise_header(column), SYNONYMS[target]), -position, target, column)
            for target in ColumnTarget
            for position, column in enumerate(columns)
        ),
        key=lambda item: (item[0], item[1]),
        reverse=True,
    )
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for score, _, target, column in candidates:
        if score and target.value not in mapping and column not in used:
            mapping[target.value] = column
            used.add(column)
    return {target.value: mapping[target.value] for target in ColumnTarget if target.value in mapping}


def missing_targets(mapping: Mapping[str, str]) -> list[ColumnTarget]:
    """The targets an analysis of customer value needs and ``mapping`` lacks.

    A customer id, and revenue either directly or as quantity × unit price.
    """
    missing = [] if mapping.get(ColumnTarget.customer_id) else [ColumnTarget.customer_id]
    has_price = mapping.get(ColumnTarget.quantity) and mapping.get(ColumnTarget.unit_price)
    if not mapping.get(ColumnTarget.revenue) and not has_price:
        missing.append(ColumnTarget.revenue)
    return missing


def mapping_with(columns: Sequence[str], pairs: Sequence[str]) -> dict[str, str]:
    """The guessed mapping of ``columns`` with the user's ``TARGET=COLUMN`` pairs (``--map``) put over it."""
    mapping = guess_mapping(columns)
    for pair in pairs:
        target, sep, column = pair.partition("=")
        if not sep or not target.strip():
            raise ImportFileError("error.import.bad_map", None, value=pair)
        mapping[target.strip()] = column.strip()
    return mapping
