"""Decide, column by column, whether numeric dates are day first or month first.

``08/01/2023`` is 8 January to an Indonesian and 1 August to a US export; the
cell alone cannot say. A column is written by one person or one program, so its
order is decided from the evidence of the whole column: a cell whose first number
is above 12 (``30/11/2023``) proves day first, one whose second number is above 12
(``11/30/2023``) proves month first. A column with no proof of its own takes the
order the table's other date columns prove (start and end come from the same
export); a column with no evidence anywhere is read day first, the Indonesian
order, and said so. A column that proves both orders reads only its cells that
have one reading. Nothing here reads files; callers report :meth:`DateOrder.note`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

ORDERS = ("day-first", "month-first", "unknown")
"""Orders of day and month in a numeric date; ``"unknown"`` reads only unambiguous cells."""

_NUMERIC_DAY_IN = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)")
_WRITE_PLAINLY = "write dates as 2023-08-01 or 1 Agustus 2023, which read one way only"


@dataclass(frozen=True, slots=True)
class DateOrder:
    """How the numeric dates of one column are read, and on what evidence.

    Parameters
    ----------
    order : str
        One of :data:`ORDERS`.
    evidence : str
        ``"column"`` (the column proves its order), ``"table"`` (another date
        column of the table does), ``"both"`` (the column proves both orders) or
        ``"none"`` (nothing proves either; day first is taken).
    proof : str
        The cell that proves the order taken (for ``"both"``: the two cells).
    source : str
        The column ``proof`` comes from.
    ambiguous : str
        The first cell that reads differently in the two orders, ``""`` if none.
    """

    order: str
    evidence: str
    proof: str = ""
    source: str = ""
    ambiguous: str = ""

    def note(self, headers: Mapping[str, str] | None = None) -> tuple[str, str, str] | None:
        """Return ``(problem, suggestion, severity)`` the user should see, or None.

        A column is worth a word when a cell of it could be read either way and
        the order taken is not proven day first by the column itself or the
        table. ``headers`` gives the column headers as written, by column name.
        """
        if self.evidence == "both":
            return self._both()
        if not self.ambiguous or (self.order == "day-first" and self.evidence != "none"):
            return None
        if self.evidence == "none":
            problem = (f"dates such as {self.ambiguous} could be day or month first, and no "
                       "date in the table settles it")
            return problem, f"read day first (Indonesian order); {_WRITE_PLAINLY}", "warning"
        source = (headers or {}).get(self.source, self.source)
        where = "this column" if self.evidence == "column" else f"column {source!r}"
        problem = f"dates are month first (US order), as {self.proof} in {where} shows"
        taken = (f"every date of the column read month first: {self.ambiguous} is "
                 f"{_month_first(self.ambiguous)}")
        return problem, f"{taken}; {_WRITE_PLAINLY}", "warning"

    def _both(self) -> tuple[str, str, str]:
        problem = f"the column holds dates in both orders: {self.proof}"
        if self.ambiguous:
            taken = f"dates that read both ways (such as {self.ambiguous}) are not read"
            return problem, f"{taken}; {_WRITE_PLAINLY}", "error"
        taken = "each date is read the only way it can be"
        return problem, f"{taken}; {_WRITE_PLAINLY}", "warning"


def _month_first(cell: str) -> str:
    first, second, year = _NUMERIC_DAY_IN.findall(cell)[0]
    return f"{year}-{int(first):02d}-{int(second):02d}"


@dataclass(slots=True)
class _Evidence:
    day: str = ""
    month: str = ""
    ambiguous: str = ""

    def add(self, cell: str) -> None:
        for first, second, _ in _NUMERIC_DAY_IN.findall(cell):
            a, b = int(first), int(second)
            if a > 12 >= b and not self.day:
                self.day = cell
            elif b > 12 >= a and not self.month:
                self.month = cell
            elif a <= 12 and b <= 12 and a != b and not self.ambiguous:
                self.ambiguous = cell


def decide_orders(columns: Mapping[str, Iterable[object]]) -> dict[str, DateOrder]:
    """Decide the day/month order of every date column of one table.

    Parameters
    ----------
    columns : mapping of str to iterable
        The cells of each date column (start, end, period...) of one table, by
        column name. Only text cells are evidence; real dates need no order.

    Returns
    -------
    dict of str to DateOrder
        One decision per column, in the order given.

    Examples
    --------
    >>> orders = decide_orders({"start": ["2/1/2023", "8/1/2023"], "end": ["11/30/2023"]})
    >>> orders["start"].order, orders["start"].evidence, orders["end"].evidence
    ('month-first', 'table', 'column')
    >>> decide_orders({"start": ["01/07/2023"]})["start"]
    DateOrder(order='day-first', evidence='none', proof='', source='', ambiguous='01/07/2023')
    """
    found: dict[str, _Evidence] = {}
    for name, cells in columns.items():
        found[name] = evidence = _Evidence()
        for cell in cells:
            if isinstance(cell, str):
                evidence.add(cell)
    return {name: _decide(name, evidence, found) for name, evidence in found.items()}


def _decide(name: str, own: _Evidence, table: Mapping[str, _Evidence]) -> DateOrder:
    if own.day and own.month:
        return DateOrder("unknown", "both", f"{own.day} is day first, {own.month} month first",
                         name, own.ambiguous)
    if own.day or own.month:
        order = "day-first" if own.day else "month-first"
        return DateOrder(order, "column", own.day or own.month, name, own.ambiguous)
    days = [(n, e.day) for n, e in table.items() if e.day]
    months = [(n, e.month) for n, e in table.items() if e.month]
    if bool(days) != bool(months):
        source, proof = (days or months)[0]
        order = "day-first" if days else "month-first"
        return DateOrder(order, "table", proof, source, own.ambiguous)
    return DateOrder("day-first", "none", ambiguous=own.ambiguous)
