"""Computing formulas a workbook was saved without the results of.

Spreadsheets written by software (exports, scripts, web forms) often hold formulas and
no saved result; openpyxl then reads the cell as empty. Each such cell is computed with
the :mod:`formulas` library from the values of the cells it refers to (themselves
computed first when they are formulas without a result), never the whole book. A formula
it cannot compute (a function it does not know, a reference to another workbook or to
a name, an Excel error as result) is reported on its cell and the cell stays empty.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from landscape.problems import Problem

if TYPE_CHECKING:
    from collections.abc import Iterator

_DATE_FUNCTIONS = re.compile(r"\b(?:EDATE|EOMONTH|DATE|DATEVALUE|TODAY|NOW|WORKDAY(?:\.INTL)?)\(",
                             re.IGNORECASE)
_NUMBER_FROM_DATE = re.compile(
    r"\b(?:YEAR|MONTH|DAY|DAYS|DAYS360|DATEDIF|NETWORKDAYS(?:\.INTL)?|WEEKDAY|WEEKNUM|YEARFRAC)\(",
    re.IGNORECASE)
_SHIFT = re.compile(r"=[^()*/^&<>=]*")  # only + and -: "=G2+365", "=G2-1"
_EPOCH = datetime(1899, 12, 30)  # noqa: DTZ001 - day 0 of Excel's dates (1900 system)
_SUGGESTION = "open and save the workbook in Excel or LibreOffice, which stores the results"


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell saved without its result.

    Attributes
    ----------
    sheet : str
        The sheet's name.
    row, column : int
        The cell, 1-based.
    text : str
        The formula as written (``"=SUM(L3:N3)"``).
    is_date : bool
        Whether the cell's number format shows a date.
    general : bool
        Whether the cell has no number format of its own ("General").
    """

    sheet: str
    row: int
    column: int
    text: str
    is_date: bool = False
    general: bool = True


class _UncomputableError(Exception):
    """A formula that cannot be computed here; the message says why."""


def compute_formulas(grids: dict[str, list[list[Any]]], pending: list[Formula], *,
                     file: str) -> list[Problem]:
    """Put the results of ``pending`` formulas in their cells of ``grids``, in place.

    Parameters
    ----------
    grids : dict of str to list of list
        Sheet name -> rows of cell values (formula cells without a result are ``None``).
    pending : list of Formula
        The formulas saved without a result.
    file : str
        The workbook's name, for problems.

    Returns
    -------
    list of Problem
        One error per formula that could not be computed (its cell stays empty).
    """
    if not pending:
        return []
    calc = _Calculator(grids, {(f.sheet, f.row, f.column): f for f in pending})
    problems = []
    with _quiet_library():
        for formula in pending:
            try:
                value = calc.value(formula.sheet, formula.row, formula.column)
            except _UncomputableError as exc:
                problems.append(_problem(file, formula, str(exc)))
                continue
            row = grids[formula.sheet][formula.row - 1]
            row.extend([None] * (formula.column - len(row)))
            row[formula.column - 1] = value
    return problems


def _problem(file: str, formula: Formula, why: str) -> Problem:
    from openpyxl.utils.cell import get_column_letter  # noqa: PLC0415

    letter = get_column_letter(formula.column)
    return Problem(file, formula.sheet or None, formula.row, letter, formula.text,
                   f"the formula in {letter}{formula.row} was saved without its result and "
                   f"could not be computed ({why}); the cell is read as empty",
                   _SUGGESTION, "error")


@contextmanager
def _quiet_library() -> Iterator[None]:
    """Keep the library's own logging of failed functions off the terminal."""
    logger = logging.getLogger("schedula")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        logger.setLevel(level)


class _Calculator:
    """Computes formula cells on demand, each once, referring cells first."""

    def __init__(self, grids: dict[str, list[list[Any]]],
                 pending: dict[tuple[str, int, int], Formula]) -> None:
        self.grids = grids
        self.pending = pending
        self.sheets = {title.casefold(): title for title in grids}
        self.done: dict[tuple[str, int, int], Any] = {}
        self.failed: dict[tuple[str, int, int], str] = {}
        self.active: set[tuple[str, int, int]] = set()
        self.compiled: dict[str, tuple[Any, int]] = {}  # formulas filled down, compiled once

    def value(self, sheet: str, row: int, column: int) -> Any:
        """Return a cell's value, computing it first when it is a pending formula."""
        key = (sheet, row, column)
        if key not in self.pending:
            grid = self.grids[sheet]
            cells = grid[row - 1] if row <= len(grid) else []
            return cells[column - 1] if column <= len(cells) else None
        if key in self.done:
            return self.done[key]
        if key in self.failed:
            raise _UncomputableError(self.failed[key])
        if key in self.active:
            msg = "it refers to itself"
            raise _UncomputableError(msg)
        self.active.add(key)
        try:
            self.done[key] = self._compute(self.pending[key])
        except _UncomputableError as exc:
            self.failed[key] = str(exc)
            raise
        finally:
            self.active.discard(key)
        return self.done[key]

    def _compute(self, formula: Formula) -> Any:
        import formulas  # noqa: PLC0415 - heavy import, only for formulas without results

        shape = _shape(formula)
        if shape in self.compiled:
            function, origin = self.compiled[shape]
            refs = [_shift(ref, formula.row - origin) for ref in function.inputs]
        else:
            try:
                function = formulas.Parser().ast(formula.text)[1].compile()
            except Exception as exc:
                msg = f"not understood: {type(exc).__name__}"
                raise _UncomputableError(msg) from exc
            if shape:
                self.compiled[shape] = (function, formula.row)
            refs = list(function.inputs)
        read = [self._reference(formula.sheet, ref) for ref in refs]
        inputs = [value for value, _ in read]
        try:
            result = function(*inputs)
        except Exception as exc:
            msg = _failure(exc)
            raise _UncomputableError(msg) from exc
        return _result(result, formula, sum(is_date for _, is_date in read))

    def _reference(self, sheet: str, ref: str) -> tuple[Any, bool]:
        """Return the value(s) a reference names, and whether it is one cell holding a date.

        One cell gives its value, a range a 2-D array; dates become Excel serial numbers.
        """
        import numpy as np  # noqa: PLC0415
        import schedula  # noqa: PLC0415
        from openpyxl.utils.cell import range_boundaries  # noqa: PLC0415

        where, _, cells = ref.rpartition("!")
        if where:
            name = where.strip("'").replace("''", "'").casefold()
            if name not in self.sheets:
                msg = f"it refers to {where}, which is not a sheet of this workbook"
                raise _UncomputableError(msg)
            sheet = self.sheets[name]
        try:
            first_col, first_row, last_col, last_row = range_boundaries(cells)
        except (TypeError, ValueError) as exc:
            msg = f"it refers to the name {ref}, which cannot be read here"
            raise _UncomputableError(msg) from exc
        grid = self.grids[sheet]
        last_row = len(grid) if last_row is None else last_row
        last_col = last_col or max((len(r) for r in grid), default=1)
        if ":" not in cells:
            value = self.value(sheet, first_row or 1, first_col or 1)
            return _excel(value, schedula.EMPTY), isinstance(value, date)
        rows = [[_excel(self.value(sheet, r, c), schedula.EMPTY)
                 for c in range(first_col or 1, last_col + 1)]
                for r in range(first_row or 1, last_row + 1)]
        return np.array(rows, dtype=object), False


_CELL = re.compile(r"(?<![A-Za-z0-9_.])([A-Z]{1,3})([0-9]+)(?![0-9A-Za-z_(])")
_CELL_OF_NAME = re.compile(r"([A-Z]{1,3})([0-9]+)")


def _shape(formula: Formula) -> str:
    """Return a formula with its row numbers relative to its own row, or ``""``.

    Formulas filled down a column (``=SUM(K2:M2)``, ``=SUM(K3:M3)``...) have one shape
    and are compiled once. Formulas with absolute (``$``) references or references to
    other sheets are compiled each on its own.

    Examples
    --------
    >>> _shape(Formula("S", 3, 9, "=SUM(K3:M3)+G2"))
    '=SUM(K[0]:M[0])+G[-1]'
    """
    if "$" in formula.text or "!" in formula.text:
        return ""
    parts = formula.text.split('"')
    parts[::2] = [_CELL.sub(lambda m: f"{m[1]}[{int(m[2]) - formula.row}]", code)
                  for code in parts[::2]]  # text in quotes is left as written
    return '"'.join(parts)


def _shift(ref: str, rows: int) -> str:
    """Move a reference of the library's (``"L3:N3"``, ``"'S'!B2"``) down by ``rows``."""
    where, bang, cells = ref.rpartition("!")
    return where + bang + _CELL_OF_NAME.sub(lambda m: f"{m[1]}{int(m[2]) + rows}", cells)


def _failure(exc: Exception) -> str:
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, NotImplementedError):
            return "it uses a function this toolkit cannot compute"
        cause = cause.__cause__ or cause.__context__
    return f"{type(exc).__name__}"


def _excel(value: Any, empty: Any) -> Any:
    """Return a cell value as the library takes it: dates as Excel serial numbers."""
    if value is None or (isinstance(value, str) and not value):
        return empty
    if isinstance(value, datetime):
        return (value - _EPOCH).total_seconds() / 86_400
    if isinstance(value, date):
        return (value - _EPOCH.date()).days
    return value


def _result(result: Any, formula: Formula, date_inputs: int) -> Any:
    """Turn the library's result into a cell value: a number, a text, a date."""
    import numpy as np  # noqa: PLC0415
    from formulas.tokens.operand import XlError  # noqa: PLC0415
    from openpyxl.utils.datetime import from_excel  # noqa: PLC0415

    values = np.asarray(result, dtype=object).ravel()
    if values.size != 1:
        msg = "it gives several values"
        raise _UncomputableError(msg)
    value = values[0]
    if isinstance(value, XlError):
        msg = f"it gives the error {value}"
        raise _UncomputableError(msg)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if _is_date(formula, date_inputs):
        return from_excel(value)
    return int(value) if float(value).is_integer() else value


def _is_date(formula: Formula, date_inputs: int) -> bool:
    """Tell whether a formula's number is a date: by the cell's format, else by the formula.

    A cell with no format of its own holds a date when the formula calls a function
    that returns one (``EDATE``), or only adds to or subtracts from one date (``=G2+365``;
    ``=H2-G2``, two dates, is a number of days).
    """
    if formula.is_date:
        return True
    if not formula.general or _NUMBER_FROM_DATE.search(formula.text):
        return False
    if _DATE_FUNCTIONS.search(formula.text):
        return True
    return date_inputs == 1 and _SHIFT.fullmatch(formula.text) is not None
