"""Small readers of spreadsheet cells shared by the normalise and analyse stages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import SupportsInt, cast

import pandas as pd


def is_blank(value: object) -> bool:
    """Tell whether a cell is empty: None, NaN/NA/NaT, or only white space.

    Examples
    --------
    >>> [is_blank(v) for v in (None, float("nan"), "  ", "0", 0)]
    [True, True, True, False, False]
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Decimal):  # pandas cannot test a signalling NaN
        return value.is_nan()
    try:
        return bool(pd.isna(cast("float", value)))
    except (TypeError, ValueError):  # list-likes are not blank cells
        return False


def cell_text(value: object) -> str:
    """Return a cell as stripped text, ``""`` when blank."""
    return "" if is_blank(value) else str(value).strip()


def as_int(value: object) -> int:
    """Return a whole-number cell of a frame (a row number, a count) as :class:`int`.

    Examples
    --------
    >>> as_int(12.0), as_int("7")
    (12, 7)
    """
    return int(cast("SupportsInt", value))


def as_texts(value: object) -> tuple[str, ...]:
    """Return a cell holding several texts (codes, references) as a tuple of str.

    The normalise stage stores such cells as tuples; anything else is no texts.

    Examples
    --------
    >>> as_texts(("61.05.01", "61.05.02")), as_texts(float("nan"))
    (('61.05.01', '61.05.02'), ())
    """
    if isinstance(value, (tuple, list)):
        return tuple(str(v) for v in value)
    return ()


def as_date(value: object) -> date | None:
    """Return a date cell as a :class:`datetime.date`, or ``None`` for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None
