"""Analyse: the action plan against what partners actually do.

The forum's plan (*Rencana Aksi*) names, per action item, where work should
happen, who leads and who supports, the money and the period. Partner
activities (*Kegiatan Mitra*) say which item they serve. This module sets the
two side by side; it reads no file and changes no input frame. Roles are in
:mod:`landscape.analyse.roles`, money and status over time in
:mod:`landscape.analyse.budgets`; :func:`plan_tables` gathers every table.

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
from typing import Any

import pandas as pd

from landscape._cells import cell_text
from landscape.analyse._planrows import (
    ALL,
    activity_places,
    as_tuple,
    budget_of,
    codes_text,
    item_key,
    item_links,
    joined,
    reach,
)
from landscape.analyse.budgets import budget_by_source_year, status_by_year
from landscape.analyse.roles import role_summary, roles
from landscape.model import Linked, PlanTables

PLAN_COLUMNS = ["item_no", "issue", "activity", "lead", "status", "planned_kecamatan_codes",
                "actual_kecamatan_codes", "planned_not_reached", "reached_not_planned",
                "planned_desa_codes", "actual_desa_codes", "desa_not_reached", "n_activities",
                "activity_ids", "orgs", "budget_planned_idr", "budget_activities_idr",
                "n_activities_without_budget", "has_activity"]
UNLINKED_COLUMNS = ["activity_id", "org", "title", "action_items", "reason", "source_row"]


def _differences(planned: set[str], actual: set[str], *, planned_all: bool, actual_all: bool,
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
        beyond = joined(universe - planned) if universe is not None else ALL
    else:
        beyond = joined(actual - planned)
    return joined(not_reached), beyond


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
    links = item_links(activities)
    places = activity_places(placements)
    universe = None if kecamatan is None else {cell_text(c) for c in kecamatan["code"]} - {""}
    rows = [_plan_row(item, links[links["item_no"] == item_key(item.item_no)], places, universe)
            for item in items.itertuples()]
    return pd.DataFrame.from_records(rows, columns=PLAN_COLUMNS)


def _plan_row(item: Any, linked: pd.DataFrame,
              places: dict[str, tuple[set[str], set[str], bool]],
              universe: set[str] | None) -> dict[str, object]:
    ids = sorted(set(linked["activity_id"]))
    planned_kec, planned_desa = set(as_tuple(item.kecamatan_codes)), set(as_tuple(item.desa_codes))
    planned_all = bool(item.whole_district)
    kec, desa, whole = reach(ids, places)
    not_reached, beyond = _differences(planned_kec, kec, planned_all=planned_all, actual_all=whole,
                                     universe=universe)
    shares = linked.drop_duplicates("activity_id")["share_idr"]
    return {
        "item_no": item_key(item.item_no), "issue": cell_text(item.issue),
        "activity": cell_text(item.activity), "lead": cell_text(item.lead),
        "status": cell_text(item.status),
        "planned_kecamatan_codes": codes_text(planned_kec, whole=planned_all),
        "actual_kecamatan_codes": codes_text(kec, whole=whole),
        "planned_not_reached": not_reached, "reached_not_planned": beyond,
        "planned_desa_codes": joined(planned_desa), "actual_desa_codes": joined(desa),
        "desa_not_reached": "" if whole else joined(planned_desa - desa),
        "n_activities": len(ids), "activity_ids": ";".join(ids),
        "orgs": joined(linked["org"], "; "), "budget_planned_idr": budget_of(item.budget_idr),
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
    known = {item_key(n) for n in items["item_no"]}
    rows = []
    for act in activities.itertuples():
        named = [n for n in dict.fromkeys(item_key(i) for i in as_tuple(act.action_items)) if n]
        missing = [n for n in named if n not in known]
        if named and not missing:
            continue
        if not named:
            reason = "no action item"
        elif len(missing) == 1:
            reason = f"action item {missing[0]} does not exist"
        else:
            reason = f"action items {', '.join(missing)} do not exist"
        rows.append({"activity_id": cell_text(act.activity_id), "org": cell_text(act.org),
                     "title": cell_text(act.title), "action_items": ";".join(named),
                     "reason": reason, "source_row": act.source_row})
    return pd.DataFrame.from_records(rows, columns=UNLINKED_COLUMNS)


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
