"""Roles: who leads, supports and implements each action item, and where.

Rules in :mod:`landscape.analyse.plan`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from landscape._cells import cell_text
from landscape.analyse._planrows import (
    ALL,
    activity_places,
    as_tuple,
    codes_text,
    item_key,
    item_links,
    joined,
    reach,
)

ROLE_COLUMNS = ["org", "item_no", "issue", "role", "kecamatan_codes", "n_activities",
                "activity_ids", "has_activity"]
SUMMARY_COLUMNS = ["org", "n_lead", "n_support", "n_implements", "items_lead", "items_support",
                   "items_implements", "kecamatan_lead", "kecamatan_support",
                   "kecamatan_implements", "n_planned_without_activity"]


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
    links = item_links(activities)
    places = activity_places(placements)
    rows: list[dict[str, object]] = []
    for item in items.itertuples():
        number = item_key(item.item_no)
        mine = links[links["item_no"] == number]
        planned = codes_text(as_tuple(item.kecamatan_codes), whole=bool(item.whole_district))
        planned_roles = [("lead", cell_text(item.lead))] + [("support", s)
                                                        for s in as_tuple(item.supports)]
        for role, org in planned_roles:
            if org:
                ids = sorted(set(mine.loc[mine["org"] == org, "activity_id"]))
                rows.append(_role_row(org, item, role, planned, ids))
        for org_name, group in mine.groupby("org", sort=True):
            ids = sorted(set(group["activity_id"]))
            kec, _, whole = reach(ids, places)
            reached = codes_text(kec, whole=whole)
            rows.append(_role_row(str(org_name), item, "implements", reached, ids))
    return pd.DataFrame.from_records(rows, columns=ROLE_COLUMNS)


def _role_row(org: str, item: Any, role: str, codes: str, ids: list[str]) -> dict[str, object]:
    return {"org": org, "item_no": item_key(item.item_no), "issue": cell_text(item.issue),
            "role": role, "kecamatan_codes": codes, "n_activities": len(ids),
            "activity_ids": ";".join(ids), "has_activity": bool(ids)}


def _union_codes(values: Iterable[str]) -> str:
    codes = {c for v in values for c in str(v).split(";") if c}
    return ALL if ALL in codes else joined(codes)


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
