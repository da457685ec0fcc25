"""Render: the forum's action plan in the atlas, item by item, against what partners did.

Nothing is recomputed here: the plan's items come from the build
(:attr:`landscape.model.Result.items`, the *Rencana Aksi* sheet with places resolved) and the
comparison with partner activities from :mod:`landscape.analyse.plan`
(:attr:`landscape.model.PlanTables.plan_vs_reality`), row for row. :func:`plan_table` joins
the two for :class:`~landscape.render.atlas.model.AtlasInput`; :func:`plan_records` turns
that table into the page's ``plan`` entry. A code list written ``"ALL"`` (the whole
district) is spelled out as every kecamatan of the atlas, so the page compares sets only.

On the page (``atlas-plan.js``) a chosen item colours the kecamatan three ways: reached
as planned (planned and reached), planned but not reached (``planned_not_reached`` of the
analysis) and reached without being planned (``reached_not_planned``).

Planned or proposed activities (status *rencana*, *usulan*, *planned*...;
:func:`landscape.normalise.status.status_kind`) are not work under way: the same analysis is
run a second time without them, and the page shows that comparison unless the user
includes planned work. The first, with every activity, travels only for the items where
the two differ (``withPlanned``).
"""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from landscape.analyse.plan import plan_vs_reality
from landscape.normalise.status import PLANNED, status_kind

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Mapping

    from landscape.model import Result

ALL: Final = "ALL"
#: Columns of :func:`plan_table` (lists are Python lists of strings).
PLAN_TABLE_COLUMNS: Final = (
    "item_no", "issue", "program", "title", "location", "start", "end", "lead", "lead_type",
    "supports", "funding", "budget_idr", "status", "planned_kecamatan", "planned_desa",
    "whole_district", "actual_kecamatan", "not_reached", "beyond", "activity_ids",
    "budget_activities_idr", "work_actual_kecamatan", "work_not_reached", "work_beyond")
#: The comparison columns of the analysis, and their names in :func:`plan_table`.
_COMPARED: Final = (("actual_kecamatan_codes", "actual_kecamatan"),
                    ("planned_not_reached", "not_reached"), ("reached_not_planned", "beyond"))


def _text(value: object) -> str:
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip()


def _iso(value: object) -> str:
    return value.isoformat()[:10] if isinstance(value, date) else _text(value)[:10]


def _list(value: object) -> list[str]:
    """Return a tuple cell or a ``;``-joined text as non-blank strings, order kept."""
    items: Iterable[object] = value if isinstance(value, (tuple, list)) else _text(
        value).split(";")
    return list(dict.fromkeys(t for t in (_text(v) for v in items) if t))


def _money(value: object) -> float | int | None:
    """Return a finite amount (whole rupiah as int), else None."""
    try:
        number = float(str(value))
    except (TypeError, ValueError):
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


def _work_under_way(result: Result) -> pd.DataFrame:
    """Return the plan-against-reality analysis without planned and proposed activities."""
    acts, places = result.linked.activities, result.linked.placements
    if "status" not in acts.columns or not len(acts):
        return result.plan.plan_vs_reality
    planned = [status_kind(status) == PLANNED for status in acts["status"]]
    if not any(planned):
        return result.plan.plan_vs_reality
    keep = acts[[not p for p in planned]]
    ids = set(keep["activity_id"])
    return plan_vs_reality(result.items, keep, places[places["activity_id"].isin(ids)],
                           kecamatan=result.bounds.kecamatan)


def plan_table(result: Result) -> pd.DataFrame:
    """Every action item of a build with the analysis of where its activities went.

    Parameters
    ----------
    result : Result
        From :func:`landscape.pipeline.build`; ``items`` and ``plan.plan_vs_reality``
        hold one row per item in the same order.

    Returns
    -------
    pandas.DataFrame
        :data:`PLAN_TABLE_COLUMNS`, one row per item, in the plan's order; the ``work_``
        columns compare the plan with the activities under way (planned or proposed ones
        left out), the others with every activity.
    """
    items = result.items.reset_index(drop=True)
    versus = result.plan.plan_vs_reality.reset_index(drop=True)
    work = _work_under_way(result).reset_index(drop=True)
    if not len(items) == len(versus) == len(work):
        msg = "The plan analysis does not hold one row per action item; rebuild."
        raise ValueError(msg)
    rows = []
    for item, row, now in zip(items.to_dict("records"), versus.to_dict("records"),
                              work.to_dict("records"), strict=True):
        rows.append({
            "item_no": _text(row["item_no"]), "issue": _text(item.get("issue")),
            "program": _text(item.get("program")), "title": _text(item.get("activity")),
            "location": _text(item.get("location")), "start": _iso(item.get("start")),
            "end": _iso(item.get("end")), "lead": _text(row["lead"]),
            "lead_type": _text(item.get("lead_type")), "supports": _list(item.get("supports")),
            "funding": _list(item.get("funding")), "budget_idr": _money(item.get("budget_idr")),
            "status": _text(row["status"]),
            "planned_kecamatan": _list(row["planned_kecamatan_codes"]),
            "planned_desa": _list(row["planned_desa_codes"]),
            "whole_district": bool(item.get("whole_district")),
            "actual_kecamatan": _list(row["actual_kecamatan_codes"]),
            "not_reached": _list(row["planned_not_reached"]),
            "beyond": _list(row["reached_not_planned"]),
            "activity_ids": _list(row["activity_ids"]),
            "budget_activities_idr": _money(row["budget_activities_idr"]),
            **{f"work_{name}": _list(now[column]) for column, name in _COMPARED},
        })
    return pd.DataFrame.from_records(rows, columns=list(PLAN_TABLE_COLUMNS))


def _spelled(codes: list[str], every: list[str]) -> list[str]:
    """Spell ``["ALL"]`` out as every kecamatan; keep other codes sorted."""
    return list(every) if ALL in codes else sorted(codes)


def _year(text: str) -> int | None:
    return int(text[:4]) if text[:4].isdigit() else None


def plan_records(plan: pd.DataFrame | None, kecamatan_codes: Iterable[str]) -> list[dict[str, Any]]:
    """Return the page's action items, in the plan's order.

    Parameters
    ----------
    plan : pandas.DataFrame or None
        :func:`plan_table` (None or empty: the page has no plan view).
    kecamatan_codes : iterable of str
        Every kecamatan of the atlas, for ``"ALL"``.

    Returns
    -------
    list of dict
        ``no, issue, program, title, where, start, end, y0, y1, lead, leadType, supports,
        funding, budget, status, planned, plannedDesa, all, reached, notReached, beyond,
        acts, spent`` and, where planned work changes the comparison, ``withPlanned``
        (``reached, notReached, beyond`` with it). ``reached``, ``notReached`` and
        ``beyond`` count work under way only. Kecamatan code lists are spelled out.
    """
    if plan is None or plan.empty:
        return []
    every = sorted(set(kecamatan_codes))
    records = []
    for row in plan.to_dict("records"):
        start, end = _text(row["start"]), _text(row["end"])
        records.append({
            "no": _text(row["item_no"]), "issue": row["issue"], "program": row["program"],
            "title": row["title"], "where": row["location"], "start": start, "end": end,
            "y0": _year(start) or _year(end), "y1": _year(end) or _year(start),
            "lead": row["lead"], "leadType": row["lead_type"],
            "supports": list(row["supports"]), "funding": list(row["funding"]),
            "budget": _money(row["budget_idr"]), "status": row["status"],
            "planned": _spelled(list(row["planned_kecamatan"]), every),
            "plannedDesa": sorted(row["planned_desa"]), "all": bool(row["whole_district"]),
            **_compared(row, "work_", every),
            "acts": sorted(row["activity_ids"]), "spent": _money(row["budget_activities_idr"]),
        })
        with_planned = _compared(row, "", every)
        if with_planned != {key: records[-1][key] for key in with_planned}:
            records[-1]["withPlanned"] = with_planned
    return records


def _compared(row: Mapping[Hashable, Any], prefix: str, every: list[str]) -> dict[str, list[str]]:
    """Return the page's three comparison lists from a row of :func:`plan_table`."""
    return {key: _spelled(list(row[prefix + name]), every) for key, name in (
        ("reached", "actual_kecamatan"), ("notReached", "not_reached"), ("beyond", "beyond"))}
