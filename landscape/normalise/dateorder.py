"""Decide, column by column, whether numeric dates are day first or month first.

``08/01/2023`` is 8 January to an Indonesian and 1 August to a US export; the
cell alone cannot say. A column is written by one person or one program, so its
order is decided from the evidence of the whole column: a cell whose first number
is above 12 (``30/11/2023``) proves day first, one whose second number is above 12
(``11/30/2023``) proves month first. A column with no proof of its own takes the
order the table's other date columns prove (start and end come from the same
export); a column with no evidence anywhere is read day first, the Indonesian
order, and said so. A column that proves both orders reads only its cells that
have one reading. Every column of the table whose cells are mostly numeric dates
counts as evidence, also one the table does not read (a ``Tanggal laporan`` column).
Nothing here reads files; callers report :meth:`DateOrder.notes`.

Two-digit years are read with a pivot: ``00``-``69`` are 2000-2069, ``70``-``99``
are 1970-1999 (:func:`full_year`). Whole numbers in :data:`SERIAL_RANGE` are Excel
serial dates, and a cell such as ``2023/24`` is a span of years; a column holding
either is told once, so the reading can be checked.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from landscape._cells import is_blank

ORDERS = ("day-first", "month-first", "unknown")
"""Orders of day and month in a numeric date; ``"unknown"`` reads only unambiguous cells."""

_NUMERIC_DAY_IN = re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?!\d)")
PIVOT = 70
"""Two-digit years below this are 20yy, the others 19yy (``23`` is 2023, ``99`` is 1999)."""
SERIAL_RANGE = (36526, 55153)
"""Whole numbers read as Excel serial dates: 2000-01-01 .. 2050-12-31 (1900 date system)."""
EXCEL_ORIGIN = dt.date(1899, 12, 30)
"""Day 0 of Excel's 1900 date system (serials after 60 count from it)."""
YEAR_SPAN = re.compile(
    r"(?:(?:tahun anggaran|tahun|thn|t\.?a\.?|fy)\s*)?(\d{4})\s*[-/]\s*(\d{4}|\d{2})")
"""A span of years: ``2023/24``, ``2023/2024``, ``2023-24``, ``TA 2023/2024``."""
_SERIAL_TEXT = re.compile(r"(\d{5})(?:\.0+)?")
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
    serial : str
        The first cell read as an Excel serial date, ``""`` if none.
    span : str
        The first cell read as a span of years (``2023/24``), ``""`` if none.
    """

    order: str
    evidence: str
    proof: str = ""
    source: str = ""
    ambiguous: str = ""
    serial: str = ""
    span: str = ""

    def notes(self, headers: Mapping[str, str] | None = None) -> list[tuple[str, str, str, str]]:
        """Return ``(cell, problem, suggestion, severity)`` for each thing worth telling.

        The order taken (see :meth:`note`), the serial numbers read as dates and the
        spans of years, each once for the column.
        """
        found = []
        note = self.note(headers)
        if note is not None:
            found.append((self.ambiguous, *note))
        if self.serial:
            day = serial_date(self.serial)
            found.append((self.serial, (f"numbers such as {self.serial} were read as Excel "
                                        f"serial dates ({self.serial} is {day})"),
                          "check a few; format the cells as dates or write 2023-01-01", "info"))
        if self.span:
            found.append((self.span, (f"{self.span} was read as a span of years, from 1 "
                                      "January of the first to 31 December of the second (the "
                                      "Indonesian fiscal year is the calendar year)"),
                          "write the months (Jan 2023 - Des 2024) if the span is shorter",
                          "info"))
        return found

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
    return f"{full_year(year)}-{int(first):02d}-{int(second):02d}"


def full_year(text: str) -> int:
    """Return the year a cell's year digits name: four as written, two by :data:`PIVOT`.

    Examples
    --------
    >>> full_year("2023"), full_year("23"), full_year("69"), full_year("70")
    (2023, 2023, 2069, 1970)
    """
    year = int(text)
    if len(text) > 2:
        return year
    return year + (2000 if year < PIVOT else 1900)


def year_span(first: str, second: str) -> tuple[int, int] | None:
    """Return the two years of ``first/second`` when it is a span of years, else None.

    The second year must come after the first; two digits complete the first's
    century and must be above 12 (``2011/12`` stays December 2011).

    Examples
    --------
    >>> year_span("2023", "24"), year_span("2023", "2024"), year_span("2023", "12")
    ((2023, 2024), (2023, 2024), None)
    """
    a = int(first)
    if len(second) == 4:
        b = int(second)
    elif int(second) > 12:
        b = a // 100 * 100 + int(second)
    else:
        return None
    return (a, b) if b > a else None


def serial_date(value: object) -> dt.date | None:
    """Return the day a whole number (or its text) in :data:`SERIAL_RANGE` stands for.

    Examples
    --------
    >>> serial_date("44927"), serial_date(45291), serial_date("12345")
    (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), None)
    """
    if isinstance(value, str):
        match = _SERIAL_TEXT.fullmatch(value.strip())
        number = int(match[1]) if match else 0
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and (
            float(value).is_integer()):
        number = int(value)
    else:
        return None
    if not SERIAL_RANGE[0] <= number <= SERIAL_RANGE[1]:
        return None
    return EXCEL_ORIGIN + dt.timedelta(days=number)


@dataclass(slots=True)
class _Evidence:
    day: str = ""
    month: str = ""
    ambiguous: str = ""
    serial: str = ""
    span: str = ""
    cells: int = 0
    dates: int = 0

    def add(self, cell: object) -> None:
        if is_blank(cell) or (isinstance(cell, str) and not cell.strip()):
            return
        self.cells += 1
        if isinstance(cell, dt.date):
            self.dates += 1
            return
        if serial_date(cell) is not None:
            self.serial = self.serial or str(cell).strip().removesuffix(".0")
            return
        if not isinstance(cell, str):
            return
        span = YEAR_SPAN.fullmatch(" ".join(cell.lower().split()))
        if span and year_span(span[1], span[2]):
            self.span = self.span or cell.strip()
        days = _NUMERIC_DAY_IN.findall(cell)
        self.dates += bool(days)
        for first, second, _ in days:
            a, b = int(first), int(second)
            if a > 12 >= b and not self.day:
                self.day = cell
            elif b > 12 >= a and not self.month:
                self.month = cell
            elif a <= 12 and b <= 12 and a != b and not self.ambiguous:
                self.ambiguous = cell


def decide_orders(columns: Mapping[str, Iterable[object]],
                  others: Mapping[str, Iterable[object]] | None = None) -> dict[str, DateOrder]:
    """Decide the day/month order of every date column of one table.

    Parameters
    ----------
    columns : mapping of str to iterable
        The cells of each date column (start, end, period...) of one table, by
        column name. Only text cells are evidence; real dates need no order.
    others : mapping of str to iterable, optional
        The table's other columns, by header text. Those whose cells are mostly
        dates (``Tanggal laporan``) are evidence too; they get no decision.

    Returns
    -------
    dict of str to DateOrder
        One decision per column, in the order given.

    Examples
    --------
    >>> orders = decide_orders({"start": ["2/1/2023", "8/1/2023"], "end": ["11/30/2023"]})
    >>> orders["start"].order, orders["start"].evidence, orders["end"].evidence
    ('month-first', 'table', 'column')
    >>> one = decide_orders({"start": ["01/07/2023"]})["start"]
    >>> one.order, one.evidence, one.ambiguous
    ('day-first', 'none', '01/07/2023')
    """
    found: dict[str, _Evidence] = {}
    for name, cells in columns.items():
        found[name] = evidence = _Evidence()
        for cell in cells:
            evidence.add(cell)
    table = dict(found)
    for name, cells in (others or {}).items():
        evidence = _Evidence()
        for cell in cells:
            evidence.add(cell)
        if name not in table and 2 * evidence.dates > evidence.cells:
            table[name] = evidence
    return {name: _decide(name, evidence, table) for name, evidence in found.items()}


def _decide(name: str, own: _Evidence, table: Mapping[str, _Evidence]) -> DateOrder:
    seen = {"ambiguous": own.ambiguous, "serial": own.serial, "span": own.span}
    if own.day and own.month:
        return DateOrder("unknown", "both", f"{own.day} is day first, {own.month} month first",
                         name, **seen)
    if own.day or own.month:
        order = "day-first" if own.day else "month-first"
        return DateOrder(order, "column", own.day or own.month, name, **seen)
    days = [(n, e.day) for n, e in table.items() if e.day]
    months = [(n, e.month) for n, e in table.items() if e.month]
    if bool(days) != bool(months):
        source, proof = (days or months)[0]
        order = "day-first" if days else "month-first"
        return DateOrder(order, "table", proof, source, **seen)
    return DateOrder("day-first", "none", **seen)
