"""Small readers of spreadsheet cells shared by the normalise and analyse stages."""

from __future__ import annotations

from datetime import date, datetime

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
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # list-likes are not blank cells
        return False


def cell_text(value: object) -> str:
    """Return a cell as stripped text, ``""`` when blank."""
    return "" if is_blank(value) else str(value).strip()


def as_date(value: object) -> date | None:
    """Return a date cell as a :class:`datetime.date`, or ``None`` for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None
