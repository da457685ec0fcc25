"""Analyse: the action plan against what partners actually do.

The forum's plan (*Rencana Aksi*) names, per action item, where work should
happen, who leads and who supports, the money and the period. Partner
activities (*Kegiatan Mitra*) say which item they serve. This module sets the
two side by side; it reads no file and changes no input frame.

Rules, stated once here:

* An activity serves the items it names in ``action_items``; an item number
  that is not in the plan is reported by :func:`unlinked_activities` and serves
  nothing.
* An activity's budget counts for each item it names in equal shares (an
  activity naming items 13 and 14 counts half its budget for each).
* A whole-district plan (``"ALL"``) includes every kecamatan, so nothing
  reached lies outside it; a district-wide activity reaches every kecamatan.
* Money over time: an item's budget is split equally among its funding sources,
  then equally over the calendar years its period touches (2022-06 to 2023-12
  is half in 2022, half in 2023), whatever the number of months in each year.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from landscape._cells import as_date, cell_text, is_blank
from landscape.model import Linked, PlanTables

ALL = "ALL"
UNSPECIFIED = "(tidak disebut)"
STATUS_ORDER = ("Rencana", "Berjalan", "Selesai", "Tertunda")
_NO_YEAR = -1

PLAN_COLUMNS = ["item_no", "issue", "activity", "lead", "status", "planned_kecamatan_codes",
                "actual_kecamatan_codes", "planned_not_reached", "reached_not_planned",
                "planned_desa_codes", "actual_desa_codes", "desa_not_reached", "n_activities",
                "activity_ids", "orgs", "budget_planned_idr", "budget_activities_idr",
                "n_activities_without_budget", "has_activity"]
UNLINKED_COLUMNS = ["activity_id", "org", "title", "action_items", "reason", "source_row"]
ROLE_COLUMNS = ["org", "item_no", "issue", "role", "kecamatan_codes", "n_activities",
                "activity_ids", "has_activity"]
SUMMARY_COLUMNS = ["org", "n_lead", "n_support", "n_implements", "items_lead", "items_support",
                   "items_implements", "kecamatan_lead", "kecamatan_support",
                   "kecamatan_implements", "n_planned_without_activity"]


# --- small value helpers -------------------------------------------------------------------


_blank = is_blank
_text = cell_text


def _item_key(value: object) -> str:
    """Write an item number as text: ``13``, ``13.0`` and ``" 13 "`` are all ``"13"``."""
    text = _text(value)
    return text[:-2] if text.endswith(".0") and text[:-2].isdigit() else text


def _tuple(value: object) -> tuple[str, ...]:
    """Read a tuple cell (or a missing one) as a tuple of non-blank strings."""
    if isinstance(value, (tuple, list)):
        return tuple(_text(v) for v in value if not _blank(v))
    return ()


_date = as_date


def _budget(value: object) -> float:
    if _blank(value):
        return math.nan
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan


def _joined(values: Iterable[str], sep: str = ";") -> str:
    return sep.join(sorted({v for v in values if v}))


def _years(start: object, end: object) -> list[int | None]:
    """Calendar years a period touches; ``[None]`` when neither end is known."""
    first, last = _date(start), _date(end)
    if first is None and last is None:
        return [None]
    low = (first or last).year  # type: ignore[union-attr]
    high = (last or first).year  # type: ignore[union-attr]
    return list(range(min(low, high), max(low, high) + 1))


def _fold_labels(values: pd.Series, preferred: Iterable[str] = ()) -> pd.Series:
    """Strip labels and spell case variants (``berjalan``) as preferred, else as first seen."""
    texts = values.map(_text).replace("", UNSPECIFIED)
    first: dict[str, str] = {p.casefold(): p for p in preferred}
    for text in texts:
        first.setdefault(text.casefold(), text)
    return texts.map(lambda t: first[t.casefold()])


# --- links between activities and items ----------------------------------------------------


def _links(activities: pd.DataFrame) -> pd.DataFrame:
    """One row per (activity, item it names), with the activity's budget share."""
    rows: list[dict[str, object]] = []
    for act in activities.itertuples():
        named = list(dict.fromkeys(_item_key(i) for i in _tuple(act.action_items)))
        named = [n for n in named if n]
        rows.extend({"activity_id": _text(act.activity_id), "org": _text(act.org),
                     "item_no": number, "share_idr": _budget(act.budget_idr) / len(named)}
                    for number in named)
    return pd.DataFrame.from_records(rows, columns=["activity_id", "org", "item_no", "share_idr"])


def _places(placements: pd.DataFrame) -> dict[str, tuple[set[str], set[str], bool]]:
    """Per activity: kecamatan codes, desa codes, and whether it is district-wide."""
    places: dict[str, tuple[set[str], set[str], bool]] = {}
    for row in placements.itertuples():
        key = _text(row.activity_id)
        kec, desa, whole = places.setdefault(key, (set(), set(), False))
        kec.update({_text(row.kecamatan_code)} - {""})
        desa.update({_text(row.desa_code)} - {""})
        places[key] = (kec, desa, whole or _text(row.precision) == "kabupaten")
    return places


def _reach(ids: list[str], places: dict[str, tuple[set[str], set[str], bool]]
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


def _codes(codes: Iterable[str], whole: bool) -> str:
    return ALL if whole else _joined(codes)


def _differences(planned: set[str], planned_all: bool, actual: set[str], actual_all: bool,
                 universe: set[str] | None) -> tuple[str, str]:
    """(planned not reached, reached not planned) as ``;``-joined kecamatan codes."""
    if not planned and not planned_all:
        return "", ""
    if actual_all:
        not_reached: set[str] = set()
    elif planned_all:
        not_reached = (universe or set()) - actual
    else:
        not_reached = planned - actual
    if planned_all:
        beyond = ""
    elif actual_all:
        beyond = _joined(universe - planned) if universe is not None else ALL
    else:
        beyond = _joined(actual - planned)
    return _joined(not_reached), beyond


def plan_vs_reality(items: pd.DataFrame, activities: pd.DataFrame, placements: pd.DataFrame,
                    *, kecamatan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each action item with the partner activities that serve it, and where they are.

    Parameters
    ----------
    items : pandas.DataFrame
        The action plan (``item_no``, ``issue``, ``activity``, ``lead``, ``status``,
        ``budget_idr``, planned ``kecamatan_codes``, ``desa_codes``, ``whole_district``).
    activities : pandas.DataFrame
        Partner activities with ``action_items`` (tuples of item numbers),
        ``org`` and ``budget_idr``.
    placements : pandas.DataFrame
        Where each activity is (:func:`landscape.link.link`).
    kecamatan : pandas.DataFrame, optional
        Every kecamatan of the district (column ``code``). With it, a
        whole-district plan lists the kecamatan no activity reached, and a
        district-wide activity under a local plan lists the kecamatan beyond the
        plan; without it these are left empty and written ``"ALL"``.

    Returns
    -------
    pandas.DataFrame
        One row per item, :data:`PLAN_COLUMNS`. Kecamatan and desa codes are
        ``;``-joined, ``"ALL"`` for the whole district. ``budget_activities_idr``
        sums the activities' shares (see the module rules); activities with no
        budget are counted in ``n_activities_without_budget``. An item whose
        location could not be resolved has empty ``planned_not_reached`` and
        ``reached_not_planned`` (there is nothing to compare).

    Examples
    --------
    >>> items = pd.DataFrame({"item_no": ["1"], "issue": ["A"], "activity": ["x"],
    ...     "lead": ["Bappeda"], "status": ["Berjalan"], "budget_idr": [100.0],
    ...     "kecamatan_codes": [("61.05.03",)], "desa_codes": [()],
    ...     "whole_district": [False]})
    >>> acts = pd.DataFrame({"activity_id": ["KM-1"], "org": ["YRK"],
    ...     "action_items": [("1",)], "budget_idr": [40.0]})
    >>> places = pd.DataFrame({"activity_id": ["KM-1"], "kecamatan_code": ["61.05.02"],
    ...     "desa_code": [""], "precision": ["kecamatan"]})
    >>> plan_vs_reality(items, acts, places)[["planned_not_reached", "reached_not_planned"]]
      planned_not_reached reached_not_planned
    0            61.05.03            61.05.02
    """
    links = _links(activities)
    places = _places(placements)
    universe = None if kecamatan is None else {_text(c) for c in kecamatan["code"]} - {""}
    rows = [_plan_row(item, links[links["item_no"] == _item_key(item.item_no)], places, universe)
            for item in items.itertuples()]
    return pd.DataFrame.from_records(rows, columns=PLAN_COLUMNS)


def _plan_row(item: Any, linked: pd.DataFrame,
              places: dict[str, tuple[set[str], set[str], bool]],
              universe: set[str] | None) -> dict[str, object]:
    ids = sorted(set(linked["activity_id"]))
    planned_kec, planned_desa = set(_tuple(item.kecamatan_codes)), set(_tuple(item.desa_codes))
    planned_all = bool(item.whole_district)
    kec, desa, whole = _reach(ids, places)
    not_reached, beyond = _differences(planned_kec, planned_all, kec, whole, universe)
    shares = linked.drop_duplicates("activity_id")["share_idr"]
    return {
        "item_no": _item_key(item.item_no), "issue": _text(item.issue),
        "activity": _text(item.activity), "lead": _text(item.lead), "status": _text(item.status),
        "planned_kecamatan_codes": _codes(planned_kec, planned_all),
        "actual_kecamatan_codes": _codes(kec, whole),
        "planned_not_reached": not_reached, "reached_not_planned": beyond,
        "planned_desa_codes": _joined(planned_desa), "actual_desa_codes": _joined(desa),
        "desa_not_reached": "" if whole else _joined(planned_desa - desa),
        "n_activities": len(ids), "activity_ids": ";".join(ids),
        "orgs": _joined(linked["org"], "; "), "budget_planned_idr": _budget(item.budget_idr),
        "budget_activities_idr": float(shares.sum()) if shares.notna().any() else math.nan,
        "n_activities_without_budget": int(shares.isna().sum()), "has_activity": bool(ids),
    }


def unlinked_activities(items: pd.DataFrame, activities: pd.DataFrame) -> pd.DataFrame:
    """Activities tied to no action item, or to an item the plan does not have.

    Parameters
    ----------
    items : pandas.DataFrame
        The action plan (``item_no``).
    activities : pandas.DataFrame
        Partner activities (``activity_id``, ``org``, ``title``, ``action_items``,
        ``source_row``).

    Returns
    -------
    pandas.DataFrame
        :data:`UNLINKED_COLUMNS`; ``action_items`` as written (``;``-joined),
        ``reason`` either ``"no action item"`` or ``"action item 45 does not
        exist"`` (several missing items are named together). An activity that
        also names a real item is listed too: part of it points nowhere.
    """
    known = {_item_key(n) for n in items["item_no"]}
    rows = []
    for act in activities.itertuples():
        named = [n for n in dict.fromkeys(_item_key(i) for i in _tuple(act.action_items)) if n]
        missing = [n for n in named if n not in known]
        if named and not missing:
            continue
        if not named:
            reason = "no action item"
        elif len(missing) == 1:
            reason = f"action item {missing[0]} does not exist"
        else:
            reason = f"action items {', '.join(missing)} do not exist"
        rows.append({"activity_id": _text(act.activity_id), "org": _text(act.org),
                     "title": _text(act.title), "action_items": ";".join(named),
                     "reason": reason, "source_row": act.source_row})
    return pd.DataFrame.from_records(rows, columns=UNLINKED_COLUMNS)


# --- roles -----------------------------------------------------------------------------------


def roles(items: pd.DataFrame, activities: pd.DataFrame,
          placements: pd.DataFrame) -> pd.DataFrame:
    """Who leads, who supports and who implements each action item, and where.

    Parameters
    ----------
    items : pandas.DataFrame
        The action plan (``item_no``, ``issue``, ``lead``, ``supports``,
        planned ``kecamatan_codes``, ``whole_district``).
    activities : pandas.DataFrame
        Partner activities (``activity_id``, ``org``, ``action_items``).
    placements : pandas.DataFrame
        Where each activity is.

    Returns
    -------
    pandas.DataFrame
        :data:`ROLE_COLUMNS`, one row per (organisation, item, role). ``role``
        is ``"lead"`` or ``"support"`` (from the plan; supporting groups not on
        the organisation sheet, such as "Pemerintah Desa", are kept as written)
        or ``"implements"`` (the organisation carries an activity serving the
        item). ``kecamatan_codes`` is the item's planned location for lead and
        support, and where the organisation's activities are for implements.
        ``n_activities``, ``activity_ids`` and ``has_activity`` say whether the
        organisation carries any activity serving the item.
    """
    links = _links(activities)
    places = _places(placements)
    rows: list[dict[str, object]] = []
    for item in items.itertuples():
        number = _item_key(item.item_no)
        mine = links[links["item_no"] == number]
        planned = _codes(_tuple(item.kecamatan_codes), bool(item.whole_district))
        planned_roles = [("lead", _text(item.lead))] + [("support", s)
                                                        for s in _tuple(item.supports)]
        for role, org in planned_roles:
            if org:
                ids = sorted(set(mine.loc[mine["org"] == org, "activity_id"]))
                rows.append(_role_row(org, item, role, planned, ids))
        for org, group in mine.groupby("org", sort=True):
            ids = sorted(set(group["activity_id"]))
            kec, _, whole = _reach(ids, places)
            rows.append(_role_row(str(org), item, "implements", _codes(kec, whole), ids))
    return pd.DataFrame.from_records(rows, columns=ROLE_COLUMNS)


def _role_row(org: str, item: Any, role: str, codes: str, ids: list[str]) -> dict[str, object]:
    return {"org": org, "item_no": _item_key(item.item_no), "issue": _text(item.issue),
            "role": role, "kecamatan_codes": codes, "n_activities": len(ids),
            "activity_ids": ";".join(ids), "has_activity": bool(ids)}


def _union_codes(values: Iterable[str]) -> str:
    codes = {c for v in values for c in str(v).split(";") if c}
    return ALL if ALL in codes else _joined(codes)


def role_summary(role_rows: pd.DataFrame) -> pd.DataFrame:
    """Per organisation: how many items it leads, supports and implements, and where.

    Parameters
    ----------
    role_rows : pandas.DataFrame
        From :func:`roles`.

    Returns
    -------
    pandas.DataFrame
        :data:`SUMMARY_COLUMNS`, one row per organisation, sorted by name.
        Counts are distinct items; ``items_*`` list them; ``kecamatan_*`` unite
        the kecamatan codes (``"ALL"`` when one of them is district-wide);
        ``n_planned_without_activity`` counts lead or support roles for which
        the organisation carries no activity serving the item.
    """
    rows = []
    for org, group in role_rows.groupby("org", sort=True):
        row: dict[str, object] = {"org": org}
        for role, label in (("lead", "lead"), ("support", "support"),
                            ("implements", "implements")):
            mine = group[group["role"] == role]
            numbers = sorted(set(mine["item_no"]), key=lambda n: (len(n), n))
            row[f"n_{label}"] = len(numbers)
            row[f"items_{label}"] = ";".join(numbers)
            row[f"kecamatan_{label}"] = _union_codes(mine["kecamatan_codes"])
        planned = group[group["role"].isin(["lead", "support"])]
        row["n_planned_without_activity"] = int((~planned["has_activity"].astype(bool)).sum())
        rows.append(row)
    return pd.DataFrame.from_records(rows, columns=SUMMARY_COLUMNS)


# --- money and status over time --------------------------------------------------------------


def _item_years(items: pd.DataFrame) -> pd.DataFrame:
    """One row per (item position, year its period touches); ``year`` missing when no date."""
    rows: list[dict[str, object]] = []
    for pos, (start, end) in enumerate(zip(items["start"], items["end"], strict=True)):
        years = _years(start, end)
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
        sources = list(dict.fromkeys(_tuple(funding))) or [UNSPECIFIED]
        rows.extend({"pos": pos, "source": s, "share": _budget(budget) / len(sources)}
                    for s in sources)
    if not rows:
        return pd.DataFrame(columns=columns)
    shares = pd.DataFrame.from_records(rows).merge(years, on="pos")
    shares["source"] = _fold_labels(shares["source"])
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
    years["status"] = years["pos"].map(dict(enumerate(_fold_labels(items["status"], STATUS_ORDER))))
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
    table["year"] = table["year"].astype("Int64").replace(_NO_YEAR, pd.NA)
    return table


def plan_tables(items: pd.DataFrame, linked: Linked, *, kecamatan: pd.DataFrame) -> PlanTables:
    """Every plan-against-reality table of a build.

    Parameters
    ----------
    items : pandas.DataFrame
        The plan's action items, places resolved.
    linked : Linked
        From :func:`landscape.link.link`.
    kecamatan : pandas.DataFrame
        The kecamatan in scope (``code``), for whole-district plans.
    """
    acts, places = linked.activities, linked.placements
    role_rows = roles(items, acts, places)
    return PlanTables(
        plan_vs_reality=plan_vs_reality(items, acts, places, kecamatan=kecamatan),
        activities_without_item=unlinked_activities(items, acts),
        roles=role_rows, roles_summary=role_summary(role_rows),
        budget_by_source_year=budget_by_source_year(items), status_by_year=status_by_year(items))
