"""Money and status over time: the plan's budget by funding source and year, status by year.

Rules in :mod:`landscape.analyse.plan` (an item's budget split equally among its
sources, then over the calendar years its period touches).
"""

from __future__ import annotations

import pandas as pd

from landscape.analyse._planrows import (
    UNSPECIFIED,
    as_tuple,
    budget_of,
    fold_labels,
    years_of,
)

STATUS_ORDER = ("Rencana", "Berjalan", "Selesai", "Tertunda")
_NO_YEAR = -1


def _item_years(items: pd.DataFrame) -> pd.DataFrame:
    """One row per (item position, year its period touches); ``year`` missing when no date."""
    rows: list[dict[str, object]] = []
    for pos, (start, end) in enumerate(zip(items["start"], items["end"], strict=True)):
        years = years_of(start, end)
        rows.extend({"pos": pos, "year": year, "n_years": len(years)} for year in years)
    frame = pd.DataFrame.from_records(rows, columns=["pos", "year", "n_years"])
    frame["year"] = frame["year"].astype("Int64")
    return frame


def budget_by_source_year(items: pd.DataFrame) -> pd.DataFrame:
    """Sum the plan's budget by funding source and year.

    Rule: an item's ``budget_idr`` is split equally among its funding sources
    (``funding``), and each share equally over the calendar years its period
    touches (a 2022-06 to 2023-12 item counts half in 2022 and half in 2023).
    An item with no source counts under ``"(tidak disebut)"``; an item with no
    known date under a missing ``year``; an item with no budget adds to
    ``n_items`` and ``n_items_without_budget`` but to no money.

    Parameters
    ----------
    items : pandas.DataFrame
        The action plan (``funding``, ``budget_idr``, ``start``, ``end``).

    Returns
    -------
    pandas.DataFrame
        ``source``, ``year`` (nullable integer), ``budget_idr`` (whole rupiah,
        missing when no item of the cell has a budget), ``n_items``,
        ``n_items_without_budget``; sorted by source and year.
    """
    columns = ["source", "year", "budget_idr", "n_items", "n_items_without_budget"]
    years = _item_years(items)
    rows: list[dict[str, object]] = []
    for pos, (funding, budget) in enumerate(zip(items["funding"], items["budget_idr"],
                                                strict=True)):
        sources = list(dict.fromkeys(as_tuple(funding))) or [UNSPECIFIED]
        rows.extend({"pos": pos, "source": s, "share": budget_of(budget) / len(sources)}
                    for s in sources)
    if not rows:
        return pd.DataFrame(columns=columns)
    shares = pd.DataFrame.from_records(rows).merge(years, on="pos")
    shares["source"] = fold_labels(shares["source"])
    shares["share"] = shares["share"] / shares["n_years"]
    grouped = shares.groupby(["source", "year"], dropna=False, sort=True)
    table = pd.DataFrame({
        "budget_idr": grouped["share"].sum(min_count=1).round(),
        "n_items": grouped["pos"].nunique(),
        "n_items_without_budget": grouped["share"].agg(lambda s: int(s.isna().sum())),
    }).reset_index()
    return table[columns]


def status_by_year(items: pd.DataFrame) -> pd.DataFrame:
    """How many action items of each status are in each year.

    An item counts in every calendar year its period touches; an item with no
    known date counts under a missing ``year``. Statuses are kept as written
    (case variants folded); an empty status counts as ``"(tidak disebut)"``.

    Parameters
    ----------
    items : pandas.DataFrame
        The action plan (``status``, ``start``, ``end``).

    Returns
    -------
    pandas.DataFrame
        ``year`` (nullable integer), one column per status (Rencana, Berjalan,
        Selesai, Tertunda first, then others alphabetically) and ``n_items``.
    """
    years = _item_years(items)
    years["status"] = years["pos"].map(dict(enumerate(fold_labels(items["status"], STATUS_ORDER))))
    years["year"] = years["year"].fillna(_NO_YEAR)
    counts = years.pivot_table(index="year", columns="status", values="pos", aggfunc="count",
                               fill_value=0)
    order = [s for s in STATUS_ORDER if s in counts.columns]
    order += sorted(c for c in counts.columns if c not in STATUS_ORDER)
    table = counts[order].astype("int64")
    table["n_items"] = table.sum(axis=1)
    table = table.reset_index()
    table.columns.name = None
    table = pd.concat([table[table["year"] != _NO_YEAR], table[table["year"] == _NO_YEAR]],
                      ignore_index=True)
    year_numbers = table["year"].astype("Int64")
    table["year"] = year_numbers.where(year_numbers != _NO_YEAR)
    return table
