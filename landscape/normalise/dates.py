"""Read the start and end dates people type into plan and activity sheets.

A cell may hold a real date, an Excel serial number, a year, a month name in
Indonesian or English, a quarter (*triwulan*), a half year (*semester*) or a
range of those in one cell. :func:`parse_period` turns any of them into a
:class:`Period` that keeps how precise the cell was. Nothing here reads files;
callers turn the :class:`ValueError` into a reported problem for the row.

A numeric date such as ``08/01/2023`` may be day first (Indonesian) or month first
(US exports). The order is a property of the column, not of one cell:
:func:`~landscape.normalise.dateorder.decide_orders` reads the evidence of every
column of a table (``11/30/2023`` can only be month first) and says which order
each column is read in.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import numbers
import re
from collections.abc import Callable
from dataclasses import dataclass

from landscape._cells import is_blank
from landscape.normalise.dateorder import (
    EXCEL_ORIGIN,
    ORDERS,
    YEAR_SPAN,
    DateOrder,
    decide_orders,
    full_year,
    serial_date,
    year_span,
)

__all__ = ["ORDERS", "PRECISIONS", "DateOrder", "Period", "decide_orders", "parse_period",
           "start_end"]

PRECISIONS = ("day", "month", "quarter", "half", "year")
"""Allowed :attr:`Period.precision` values, finest first."""

MIN_YEAR, MAX_YEAR = 1900, 2100
_SERIAL_MIN, _SERIAL_MAX = 20000, 80000  # Excel serials of 1954-10-04 .. 2119-01-10

_MONTH_WORDS = (
    "januari january jan", "februari pebruari february feb peb pebr febr", "maret march mar mrt",
    "april apr", "mei may", "juni june jun", "juli july jul",
    "agustus august agt agu ags agst agus aug", "september sept sep", "oktober october okt oct",
    "november nopember nov nop", "desember december des dec",
)  # fmt: skip
_MONTHS = {word: n for n, words in enumerate(_MONTH_WORDS, start=1) for word in words.split()}
_ORDINALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_S = r"[\s\-/.,]*"
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_YWORD = r"(?:(?:tahun anggaran|tahun|thn|t\.?a\.?|fy)\s*)?"
_QWORD = r"(?:triwulan|tw|kuartal|kwartal|quarter|q)\.?"
_HWORD = r"(?:semester|smt|sem|s|h)\.?"
_Q = r"(iv|iii|ii|i|[1-4])"
_H = r"(ii|i|[12])"
_RANGE_SEP = re.compile(
    r"\s*(?:[-\u2013\u2014~]|s/d|s\.d\.?)\s*|\s+(?:sampai(?:\s+dengan)?|hingga|until|to|sd)\s+"
)
_YEAR_IN = re.compile(r"\d{4}")
_NUMERIC_DAY = re.compile(rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}|\d{{2}}){_TIME}")


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of calendar days, with the precision the source gave it.

    Parameters
    ----------
    start : datetime.date
        First day of the period.
    end : datetime.date
        Last day of the period (month end, quarter end, 31 December...).
    precision : str
        One of :data:`PRECISIONS`: ``"day"``, ``"month"``, ``"quarter"``,
        ``"half"`` or ``"year"``. A range has the coarser precision of its ends.
    """

    start: dt.date
    end: dt.date
    precision: str

    def __post_init__(self) -> None:
        """Check the precision and the order of the two days."""
        if self.precision not in PRECISIONS:
            msg = f"precision must be one of {PRECISIONS}, not {self.precision!r}"
            raise ValueError(msg)
        if self.end < self.start:
            msg = f"period ends ({self.end}) before it starts ({self.start})"
            raise ValueError(msg)


def _year(text: str | int) -> int:
    if not MIN_YEAR <= int(text) <= MAX_YEAR:
        msg = f"year {text} is outside {MIN_YEAR}-{MAX_YEAR}"
        raise ValueError(msg)
    return int(text)


def _months(year: str | int, first: int, last: int, precision: str) -> Period:
    y = _year(year)
    return Period(
        dt.date(y, first, 1), dt.date(y, last, calendar.monthrange(y, last)[1]), precision
    )


def _day(year: str | int, month: str | int, day: str | int) -> Period:
    y = _year(year)
    try:
        date = dt.date(y, int(month), int(day))
    except ValueError as exc:
        msg = f"no such day: {exc}"
        raise ValueError(msg) from exc
    return Period(date, date, "day")


def _month(year: str, month: str | int) -> Period:
    if not 1 <= int(month) <= 12:
        msg = f"there is no month {month}"
        raise ValueError(msg)
    return _months(year, int(month), int(month), "month")


def _span(first: str, second: str) -> Period | None:
    """Years ``first`` to ``second`` (``2023/24``), None when not a span of years."""
    years = year_span(first, second)
    if years is None:
        return None
    return Period(dt.date(_year(years[0]), 1, 1), dt.date(_year(years[1]), 12, 31), "year")


def _part(year: str, ordinal: str, size: int) -> Period:
    """Quarter (``size`` 3 months) or half year (6) number ``ordinal`` of ``year``."""
    last = size * _ORDINALS[ordinal]
    return _months(year, last - size + 1, last, "quarter" if size == 3 else "half")


def _named(day: str | None, word: str, year: str) -> Period | None:
    month = _MONTHS.get(word)
    if month is None:
        return None
    return _month(year, month) if day is None else _day(year, month, day)


_Builder = Callable[[re.Match[str]], Period | None]
_FORMS: tuple[tuple[re.Pattern[str], _Builder], ...] = (
    (re.compile(rf"{_YWORD}(\d{{4}})(?:\.0+)?"), lambda m: _months(m[1], 1, 12, "year")),
    (YEAR_SPAN, lambda m: _span(m[1], m[2])),
    (re.compile(rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}"), lambda m: _day(*m.groups())),
    (re.compile(r"(\d{4})[-/.](\d{1,2})"), lambda m: _month(m[1], m[2])),
    (re.compile(r"(\d{1,2})[-/.](\d{4})"), lambda m: _month(m[2], m[1])),
    (re.compile(rf"{_QWORD}\s*{_Q}{_S}(\d{{4}})"), lambda m: _part(m[2], m[1], 3)),
    (re.compile(rf"(\d{{4}}){_S}{_QWORD}\s*{_Q}"), lambda m: _part(m[1], m[2], 3)),
    (re.compile(rf"{_HWORD}\s*{_H}{_S}(\d{{4}})"), lambda m: _part(m[2], m[1], 6)),
    (re.compile(rf"(\d{{4}}){_S}{_HWORD}\s*{_H}"), lambda m: _part(m[1], m[2], 6)),
    (re.compile(rf"(?:(\d{{1,2}}){_S})?([a-z]+){_S}(\d{{4}})"), lambda m: _named(*m.groups())),
    (re.compile(r"([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})"), lambda m: _named(m[2], m[1], m[3])),
    (  # "Jan-23", "Agu/23", "Des '24", "Juli 23", "01-Jan-23": Excel's mmm-yy and d-mmm-yy
        re.compile(r"(?:(\d{1,2})[-\s/.]+)?([a-z]+)\.?(?:\s*['\u2019]|[-/.]'?|\s+)(\d{2})"),
        lambda m: _named(m[1], m[2], str(full_year(m[3]))),
    ),
)


def _numeric_day(first: str, second: str, year: str, order: str) -> Period:
    """Read ``first/second/year``: a number above 12 settles the order, else ``order`` does."""
    a, b, year = int(first), int(second), str(full_year(year))
    if b > 12 >= a:  # "11/30/2023" can only be month first
        return _day(year, a, b)
    if a <= 12 and a != b and order == "month-first":
        return _day(year, a, b)
    if a <= 12 and a != b and order == "unknown":
        msg = ("day and month could be either way round, and the column holds dates in both "
               "orders")
        raise ValueError(msg)
    return _day(year, b, a)


def _parse_single(text: str, order: str = "day-first") -> Period | None:
    """Return the period one form describes, None if no form matches."""
    numeric = _NUMERIC_DAY.fullmatch(text)
    if numeric:
        return _numeric_day(numeric[1], numeric[2], numeric[3], order)
    for pattern, build in _FORMS:
        match = pattern.fullmatch(text)
        if match:
            period = build(match)
            if period is not None:
                return period
    return None


def _parse_range(text: str, order: str) -> Period | None:
    """Return the span of ``<period> <separator> <period>``, None if not a range.

    An end whose day and month cannot be told apart is said as such.
    """
    unknown: ValueError | None = None
    for sep in _RANGE_SEP.finditer(text):
        left, right = text[: sep.start()].strip(), text[sep.end() :].strip()
        years = _YEAR_IN.findall(right)
        if years and not _YEAR_IN.search(left):
            left = f"{left} {years[-1]}"  # "Jan - Mar 2024": the first end shares the year
        try:
            first, last = _parse_single(left, order), _parse_single(right, order)
        except ValueError as exc:
            unknown = exc if "either way" in str(exc) else unknown
            continue
        if first is not None and last is not None:
            precision = max(first.precision, last.precision, key=PRECISIONS.index)
            return Period(first.start, last.end, precision)
    if unknown is not None:
        raise unknown
    return None


def _from_number(value: float) -> Period:
    if not math.isfinite(value):
        msg = "not a finite number"
        raise ValueError(msg)
    if value == int(value) and MIN_YEAR <= value <= MAX_YEAR:
        return _months(int(value), 1, 12, "year")
    if (day := serial_date(value)) is not None:
        return Period(day, day, "day")
    if _SERIAL_MIN < value < _SERIAL_MAX:
        date = EXCEL_ORIGIN + dt.timedelta(days=int(value))
        return Period(date, date, "day")
    msg = f"a number must be a year {MIN_YEAR}-{MAX_YEAR} or an Excel date serial"
    raise ValueError(msg)


def _parse(value: object, order: str) -> Period:
    if isinstance(value, dt.datetime):
        return Period(value.date(), value.date(), "day")
    if isinstance(value, dt.date):
        return Period(value, value, "day")
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return _from_number(float(value))
    text = " ".join(str(value).split()).lower()  # other objects (numpy datetime64...) as text
    if (day := serial_date(text)) is not None:  # '44927 typed as text
        return Period(day, day, "day")
    if text.rstrip(".") in _MONTHS:
        msg = "a month needs a year"
        raise ValueError(msg)
    period = _parse_single(text, order) or _parse_range(text, order)
    if period is None:
        msg = "not a recognised date form"
        raise ValueError(msg)
    return period


def _is_missing(value: object) -> bool:
    if isinstance(value, str):
        return value.strip() in {"", "-", "\u2013", "\u2014"}
    return is_blank(value)


def parse_period(value: object, *, order: str = "day-first") -> Period | None:
    """Read one start/end cell as a :class:`Period`.

    Parameters
    ----------
    value : object
        The cell: a date, datetime or pandas Timestamp; an Excel serial number
        (20000-80000, or 36526-55153 typed as text: 2000-2050); a year 1900-2100 as a
        number or text; a span of years (``"2023/24"``, ``"TA 2023/2024"``: 1 January
        of the first to 31 December of the second); two-digit years (``"31/12/23"``,
        ``"Juli 23"``: 00-69 are 20yy, 70-99 19yy); or text such as
        ``"01/07/2023"``, ``"2023-07-01"``, ``"Juni 2022"``, ``"Jan-23"``
        (Excel's month-year: 2000 + the two digits), ``"17 Agustus 2023"``,
        ``"Triwulan III 2023"``, ``"Q3 2023"``, ``"Semester I 2024"``, or a
        range ``"Juni 2022 - Des 2023"``, ``"2023 s/d 2025"``.
    order : str
        One of :data:`ORDERS`: how a numeric date whose two numbers are both 12
        or less is read (the column's order, see :func:`decide_orders`).
        ``"unknown"`` refuses such a cell. A number above 12 settles a cell
        whatever the order: ``"11/30/2023"`` is 30 November.

    Returns
    -------
    Period or None
        None for an empty cell (None, NaN, NaT, blank text or a lone dash).

    Raises
    ------
    ValueError
        ``"not a date: <value> (<reason>)"`` when the cell cannot be read.

    Examples
    --------
    >>> parse_period("Triwulan III 2023")
    Period(start=datetime.date(2023, 7, 1), end=datetime.date(2023, 9, 30), precision='quarter')
    >>> parse_period("Februari 2024").end
    datetime.date(2024, 2, 29)
    >>> parse_period(45108).start
    datetime.date(2023, 7, 1)
    >>> parse_period("8/1/2023", order="month-first").start
    datetime.date(2023, 8, 1)
    """
    if order not in ORDERS:
        msg = f"order must be one of {ORDERS}, not {order!r}"
        raise ValueError(msg)
    if _is_missing(value):
        return None
    try:
        return _parse(value, order)
    except ValueError as exc:
        msg = f"not a date: {value!r} ({exc})"
        raise ValueError(msg) from exc


def start_end(start_value: object, end_value: object) -> tuple[dt.date | None, dt.date | None]:
    """Return the first day of a start cell and the last day of an end cell.

    Parameters
    ----------
    start_value, end_value : object
        Two cells in any form :func:`parse_period` reads.

    Returns
    -------
    tuple of (datetime.date or None, datetime.date or None)
        ``parse_period(start_value).start`` and ``parse_period(end_value).end``;
        None on a side whose cell is empty. The order of the two is not checked.

    Raises
    ------
    ValueError
        Prefixed ``"start: "`` or ``"end: "`` to name the side that failed.

    Examples
    --------
    >>> start_end("Juni 2022", "Triwulan IV 2023")
    (datetime.date(2022, 6, 1), datetime.date(2023, 12, 31))
    >>> start_end(2023, None)
    (datetime.date(2023, 1, 1), None)
    """
    start, end = _side("start", start_value), _side("end", end_value)
    return (start.start if start else None, end.end if end else None)


def _side(name: str, value: object) -> Period | None:
    try:
        return parse_period(value)
    except ValueError as exc:
        msg = f"{name}: {exc}"
        raise ValueError(msg) from exc
