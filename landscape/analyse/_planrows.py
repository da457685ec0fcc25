"""Shared cells of the plan analyses: item keys, budgets, years, labels, who reaches what.

Used by :mod:`landscape.analyse.plan`, :mod:`landscape.analyse.roles` and
:mod:`landscape.analyse.budgets`; the rules are stated in :mod:`landscape.analyse.plan`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from landscape._cells import as_date, cell_text, is_blank
from landscape._text import fold

ALL = "ALL"
UNSPECIFIED = "(tidak disebut)"


def item_key(value: object) -> str:
    """Write an item number as text: ``13``, ``13.0`` and ``" 13 "`` are all ``"13"``."""
    text = cell_text(value)
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def as_tuple(value: object) -> tuple[str, ...]:
    """Read a tuple cell (or a missing one) as a tuple of non-blank strings."""
    if isinstance(value, (tuple, list)):
        return tuple(cell_text(v) for v in value if not is_blank(v))
    return ()


_date = as_date


def budget_of(value: object) -> float:
    if is_blank(value):
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def joined(values: Iterable[str], sep: str = ";") -> str:
    return sep.join(sorted({v for v in values if v}))


def years_of(start: object, end: object) -> list[int | None]:
    """Calendar years a period touches; ``[None]`` when neither end is known."""
    first, last = _date(start), _date(end)
    if first is None and last is None:
        return [None]
    low = (first or last).year  # type: ignore[union-attr]
    high = (last or first).year  # type: ignore[union-attr]
    return list(range(min(low, high), max(low, high) + 1))


def fold_labels(values: pd.Series, preferred: Iterable[str] = ()) -> pd.Series:
    """Strip labels and spell variants (``berjalan``, ``Berjalan.``) as preferred or first seen.

    Variants are labels with the same :func:`landscape._text.fold` key.
    """
    texts = values.map(cell_text).replace("", UNSPECIFIED)
    first: dict[str, str] = {fold(p): p for p in preferred}
    for text in texts:
        first.setdefault(fold(text), text)
    return texts.map(lambda t: first[fold(t)])


# --- links between activities and items ----------------------------------------------------


def item_links(activities: pd.DataFrame) -> pd.DataFrame:
    """One row per (activity, item it names), with the activity's budget share."""
    rows: list[dict[str, object]] = []
    for act in activities.itertuples():
        named = list(dict.fromkeys(item_key(i) for i in as_tuple(act.action_items)))
        named = [n for n in named if n]
        rows.extend({"activity_id": cell_text(act.activity_id), "org": cell_text(act.org),
                     "item_no": number, "share_idr": budget_of(act.budget_idr) / len(named)}
                    for number in named)
    return pd.DataFrame.from_records(rows, columns=["activity_id", "org", "item_no", "share_idr"])


def activity_places(placements: pd.DataFrame) -> dict[str, tuple[set[str], set[str], bool]]:
    """Per activity: kecamatan codes, desa codes, and whether it is district-wide."""
    places: dict[str, tuple[set[str], set[str], bool]] = {}
    for row in placements.itertuples():
        key = cell_text(row.activity_id)
        kec, desa, whole = places.setdefault(key, (set(), set(), False))
        kec.update({cell_text(row.kecamatan_code)} - {""})
        desa.update({cell_text(row.desa_code)} - {""})
        places[key] = (kec, desa, whole or cell_text(row.precision) == "kabupaten")
    return places


def reach(ids: list[str], places: dict[str, tuple[set[str], set[str], bool]]
           ) -> tuple[set[str], set[str], bool]:
    kec: set[str] = set()
    desa: set[str] = set()
    whole = False
    for activity_id in ids:
        k, d, w = places.get(activity_id, (set(), set(), False))
        kec |= k
        desa |= d
        whole = whole or w
    return kec, desa, whole


def codes_text(codes: Iterable[str], *, whole: bool) -> str:
    return ALL if whole else joined(codes)
