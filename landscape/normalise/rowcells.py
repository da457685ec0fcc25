"""One row's cells read as values: the problem reporter, dates and budgets.

Shared by the normalisers of action items and activities
(:mod:`landscape.normalise.records`): each reads a row's dates and budget the
same way and reports what it could not use as written through :class:`Reporter`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from landscape._cells import is_blank
from landscape.normalise.dates import decide_orders, parse_period
from landscape.normalise.money import Amount, parse_amount
from landscape.problems import Problem
from landscape.read.tables import Table


@dataclass(slots=True)
class Reporter:
    """Collects problems found in one table, naming file and sheet once."""

    table: Table
    problems: list[Problem] = field(default_factory=list)

    def add(self, row: int, field_name: str, value: object, problem: str,  # noqa: PLR0917
            suggestion: str = "", severity: str = "warning", *, dropped: bool = False) -> None:
        """Record one problem for a cell of the table (``dropped``: the row is left out)."""
        column = self.table.columns.get(field_name, field_name)
        self.problems.append(Problem(self.table.file, self.table.sheet or None, row, column,
                                     text(value), problem, suggestion, severity,
                                     dropped=dropped))


def text(value: object) -> str:
    """Return a cell as text for a message: blank as ``""``, ``12.0`` as ``12``."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def cell(row: pd.Series, name: str) -> Any:
    """Return a row's cell of a field, or ``None`` when the table has no such column."""
    return row[name] if name in row.index else None


_DATE_FIELDS = ("period", "start", "end")


def date_orders(table: Table, report: Reporter) -> dict[str, str]:
    """Decide each date column's day/month order from its cells, reporting it once."""
    decided = decide_orders({n: table.rows[n] for n in _DATE_FIELDS if n in table.rows},
                            table.others)
    for name, decision in decided.items():
        for cell, *note in decision.notes(table.columns):
            report.add(table.header_row, name, cell, *note)
    return {name: decision.order for name, decision in decided.items()}


def parse_dates(row: pd.Series, report: Reporter, line: int,
                orders: dict[str, str] | None = None) -> tuple[date | None, date | None]:
    """Read the start and end of a row (from start/end columns, or one period column)."""
    start: date | None = None
    end: date | None = None
    for name in _DATE_FIELDS:
        value = cell(row, name)
        try:
            period = parse_period(value, order=(orders or {}).get(name, "day-first"))
        except ValueError as exc:
            report.add(line, name, value, str(exc),
                       "write e.g. 01/07/2023, Juni 2023, Triwulan III 2023 or 2023", "error")
            continue
        if period is None:
            continue
        if name in {"period", "start"}:
            start = period.start if name == "start" or start is None else start
        if name in {"period", "end"}:
            end = period.end if name == "end" or end is None else end
    if start and end and end < start:
        report.add(line, "end", cell(row, "end"),
                   f"ends ({end.isoformat()}) before it starts ({start.isoformat()})",
                   "check the start and end", "warning")
    return start, end


def parse_budget(row: pd.Series, report: Reporter, line: int,
                 period: tuple[date | None, date | None],
                 *, scale: int = 1, currency: str = "IDR") -> tuple[int | None, Amount | None]:
    """Read a budget cell: whole rupiah, or ``None`` with the amount kept and reported.

    ``scale`` and ``currency`` are the unit and currency the column's header gives
    plain numbers ("Rp juta", "USD").
    """
    value = cell(row, "budget")
    try:
        amount = parse_amount(value, scale=scale, currency=currency)
    except ValueError as exc:
        report.add(line, "budget", value, str(exc),
                   "write e.g. Rp 150.000.000, 250 juta or 1,2 M", "error")
        return None, None
    if amount is None:
        return None, None
    if amount.currency != "IDR":
        report.add(line, "budget", value, f"amount in {amount.currency}, not rupiah",
                   "kept in its currency and left out of rupiah totals; convert it to IDR")
        return None, amount
    if amount.per is None:
        return amount.value, amount
    return _scale_per(amount, report, line, value, period), amount


def _scale_per(amount: Amount, report: Reporter, line: int, value: object,
               period: tuple[date | None, date | None]) -> int:
    start, end = period
    if start is None or end is None:
        report.add(line, "budget", value, f"budget is per {amount.per} and the period is unknown",
                   "counted once; give the total or the start and end")
        return amount.value
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    units = max(1, math.ceil(months / (12 if amount.per == "year" else 1)))
    report.add(line, "budget", value, f"budget is per {amount.per}",
               f"multiplied by {units} ({start:%m/%Y}-{end:%m/%Y}); give the total to be exact")
    return amount.value * units


def money_fields(row: pd.Series, report: Reporter, line: int,
                  period: tuple[date | None, date | None]) -> dict[str, Any]:
    """Return a row's ``budget_idr``, ``budget_amount`` and ``budget_currency``."""
    table = report.table
    idr, amount = parse_budget(row, report, line, period, scale=table.scale.get("budget", 1),
                               currency=table.currency.get("budget", "IDR"))
    return {"budget_idr": idr,
            "budget_amount": amount.value if amount else None,
            "budget_currency": amount.currency if amount else ""}


def report_scale(table: Table, report: Reporter) -> None:
    """Say once per table which columns are not read, and what units and currencies headers give."""
    if table.unread:
        listed = ", ".join(repr(t) for t in table.unread)
        report.problems.append(Problem(
            table.file, table.sheet or None, table.header_row, None, listed,
            f"{len(table.unread)} column(s) not read: no field has these headers",
            "rename a column the build should use (e.g. 'Anggaran (Rp)' for the budget, "
            "'Mitra' for the organisation); the README lists the header texts", "info"))
    for name, code in table.currency.items():
        if code != "IDR":
            report.add(table.header_row, name, table.columns[name],
                       f"the header gives a currency: plain numbers are read as {code}",
                       f"amounts in {code} are kept and reported, never read as rupiah; "
                       "convert them to IDR to count them in rupiah totals")
    for name, factor in table.scale.items():
        report.add(table.header_row, name, table.columns[name],
                   f"the header gives a unit: plain numbers are read as multiples of {factor:,}",
                   'amounts written with their own unit ("1,2 M") are read as written')


