"""The atlas's honest numbers and search words, added to the payload.

:func:`extend_payload` adds to the payload :func:`landscape.render.atlas.payload.build_payload`
made:

* per activity ``yb``, its budget per year as ``[[year, rupiah], ...]`` shared over the months
  it runs (:func:`landscape.analyse.apportion.year_shares`), so the yearly budgets the page
  shows add up to the total; and ``plan`` (1) when its status is planned or proposed
  (:func:`landscape.normalise.status.status_kind`);
* per partner area ``plan`` (1) when its activity, or its own ``status``, is planned;
* ``aliases``: per organisation the other names it goes by (acronyms of the organisation
  sheet, the spellings of the activity sheet), and ``itemTitles``: action item number to
  title, both for the search;
* ``counts``: what the header counts (activity rows of the workbook, activities per
  organisation, planned ones, areas referenced by no activity row).
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from landscape.analyse.apportion import year_shares
from landscape.normalise.status import PLANNED, status_kind
from landscape.render.atlas.changes import changes_payload
from landscape.render.atlas.i18n import format_number

if TYPE_CHECKING:
    from landscape.render.atlas.model import AtlasInput

__all__ = ["extend_payload", "header_counts"]


def _date(text: object) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def _amount(value: object) -> float | None:
    try:
        number = float(str(value))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _by_id(frame: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """Per activity id: its yearly shares, whether planned, whether from a workbook row."""
    found: dict[str, dict[str, Any]] = {}
    for row in frame.to_dict("records"):
        shares = year_shares(_date(row.get("start")), _date(row.get("end")),
                             _amount(row.get("budget_idr")))
        source = row.get("source_row", "")
        found[str(row["activity_id"]).strip()] = {
            "yb": [[year, amount] for year, amount in sorted(shares.items())],
            "plan": status_kind(row.get("status")) == PLANNED,
            # No row: an area file's feature taken as its organisation's activity.
            "row": None if source is None or pd.isna(source) else str(source),
        }
    return found


def extend_payload(payload: dict[str, Any], atlas: AtlasInput) -> None:
    """Add yearly shares, planned flags, search aliases, counts and changes to ``payload``."""
    by_id = _by_id(atlas.activities) if len(atlas.activities) else {}
    for act in payload["activities"]:
        found = by_id.get(act["id"], {"yb": [], "plan": False})
        act["yb"] = found["yb"]
        if found["plan"]:
            act["plan"] = 1
    own_status = (list(atlas.areas["status"]) if "status" in atlas.areas.columns
                  else [""] * len(atlas.areas))
    planned_areas = {str(name) for name, status in zip(atlas.areas.get(
        "name", [""] * len(atlas.areas)), own_status, strict=True)
        if status_kind(status) == PLANNED}
    known_rows = {key for key, value in by_id.items() if value["row"] is not None}
    unreferenced = 0
    for area in payload["areas"]:
        act = by_id.get(area["act"])
        if (act and act["plan"]) or area["name"] in planned_areas:
            area["plan"] = 1
        if area["act"] not in known_rows:
            unreferenced += 1
    has_rows = "source_row" in atlas.activities.columns
    rows = len({by_id[key]["row"] for key in known_rows}) if has_rows else len(known_rows)
    payload["aliases"] = {org: list(names) for org, names in sorted(atlas.aliases.items())}
    payload["itemTitles"] = dict(sorted(atlas.item_titles.items()))
    payload["counts"] = {
        "rows": atlas.workbook_rows if atlas.workbook_rows is not None else rows,
        "activities": sum(a["id"] in known_rows for a in payload["activities"]),
        "planned": sum(1 for a in payload["activities"] if a.get("plan")),
        "unreferenced": unreferenced,
    }
    payload.update(changes_payload(atlas.changes, lang=payload["lang"],
                                   activity_ids={a["id"] for a in payload["activities"]}))


def header_counts(payload: dict[str, Any]) -> str:
    """Return the header line: what the atlas holds, each count saying what it counts."""
    strings, lang = payload["t"], payload["lang"]
    counts = payload.get("counts") or {"rows": len(payload["activities"]),
                                       "activities": len(payload["activities"]),
                                       "planned": 0, "unreferenced": 0}
    parts = [strings["counts"].format(
        desa=format_number(len(payload["desa"]), lang),
        kecamatan=format_number(len(payload["kecamatan"]), lang),
        activities=format_number(counts["rows"], lang))]
    if counts["activities"] != counts["rows"]:
        parts.append(strings["counts_split"].format(n=format_number(counts["activities"], lang)))
    if counts["planned"]:
        parts.append(strings["counts_planned"].format(n=format_number(counts["planned"], lang)))
    if counts["unreferenced"]:
        parts.append(strings["counts_unreferenced"].format(
            n=format_number(counts["unreferenced"], lang)))
    return "; ".join(parts) + "."
