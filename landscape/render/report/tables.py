"""The meeting workbook's tables from a build result: names beside codes, shares that add up.

Every function returns a plain frame with the internal column names of
:data:`landscape.render.report.labels.COLUMNS`; the workbook writer gives them
their headers and number formats in the chosen language.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from landscape.model import Result
from landscape.problems import Problem
from landscape.render.report.labels import (
    CHANGE_WORDS_ID,
    SEVERITY_ORDER,
    SEVERITY_WORDS,
    WORDS,
    pick,
)

ACTIVITY_SHEET_COLUMNS = ["activity_id", "org", "org_type", "title", "theme", "kecamatan_code",
                          "kecamatan", "desa_code", "desa", "precision", "area_ha", "start",
                          "end", "budget_share_idr", "n_places", "funding",
                          "action_item"]
PLAN_SHEET_COLUMNS = ["item_no", "issue", "activity", "lead", "status", "planned_kecamatan",
                      "actual_kecamatan", "planned_not_reached", "reached_not_planned",
                      "n_desa_planned", "n_desa_reached", "n_activities", "orgs",
                      "budget_planned_idr", "budget_activities_idr", "has_activity"]
PROBLEM_SHEET_COLUMNS = ["severity", "file", "sheet", "row", "record_id", "column", "value",
                         "problem", "suggestion"]
_ALL = "ALL"


def unit_names(result: Result) -> dict[str, str]:
    """Return the name of every kecamatan and desa of the build, by Kemendagri code."""
    bounds = result.bounds
    return {**dict(zip(bounds.kecamatan["code"], bounds.kecamatan["name"], strict=True)),
            **dict(zip(bounds.desa["code"], bounds.desa["name"], strict=True))}


def named_codes(text: object, names: Mapping[str, str], lang: str) -> str:
    """Turn ``"61.05.01;61.05.02"`` (or ``"ALL"``) into names with their codes.

    >>> named_codes("61.05.01;61.05.09", {"61.05.01": "Serawai"}, "id")
    'Serawai (61.05.01); 61.05.09'
    >>> named_codes("ALL", {}, "en")
    'Whole district'
    """
    codes = [c.strip() for c in str(text or "").split(";") if c.strip()]
    if codes == [_ALL]:
        return pick(WORDS["whole_district"], lang)
    return "; ".join(f"{names[c]} ({c})" if c in names else c for c in codes)


def activity_rows(result: Result) -> pd.DataFrame:
    """Return who does what where with each row's whole-rupiah share of its activity's budget.

    The shares of an activity add up to its budget (the whole budget is never
    repeated on each row); ``n_places`` says over how many rows it is spread.
    """
    rows = result.who.copy()
    rows["n_places"] = rows.groupby("activity_id")["activity_id"].transform("size")
    return rows[ACTIVITY_SHEET_COLUMNS]


def matrix(result: Result, *, value: str, lang: str) -> pd.DataFrame:
    """Organisations by kecamatan: activities counted, or budget shares summed (``value``).

    ``value="count"``: the number of distinct activities of each organisation in each
    kecamatan. ``value="budget"``: the sum of the budget shares of its rows in each
    kecamatan, so an organisation's total is the sum of its activities' budgets.
    District-wide activities have a column of their own. A total row and column close it.
    """
    whole = pick(WORDS["whole_district"], lang)
    rows = result.who.assign(place=result.who["kecamatan"].where(
        result.who["kecamatan_code"].astype(str) != "", whole))
    order = [*result.bounds.kecamatan.sort_values("name")["name"], whole]
    if value == "count":
        table = rows.pivot_table(index="org", columns="place", values="activity_id",
                                 aggfunc="nunique", fill_value=0)
        totals = rows.groupby("org")["activity_id"].nunique()
    else:
        table = rows.pivot_table(index="org", columns="place", values="budget_share_idr",
                                 aggfunc="sum", fill_value=0)
        totals = table.sum(axis=1)
    table = table.reindex(columns=[c for c in order if c in table.columns])
    total = pick(WORDS["total"], lang)
    table[total] = totals
    table = table.sort_index()
    table.loc[total] = table.sum()  # an activity has one organisation: counts add up too
    table.index.name = pick(("Lembaga", "Organisation"), lang)
    return table.reset_index()


def plan_rows(result: Result, lang: str) -> pd.DataFrame:
    """Return the action plan against what was reached, kecamatan by name, desa counted."""
    names = unit_names(result)
    plan = result.plan.plan_vs_reality.copy()
    for column, source in (("planned_kecamatan", "planned_kecamatan_codes"),
                           ("actual_kecamatan", "actual_kecamatan_codes"),
                           ("planned_not_reached", "planned_not_reached"),
                           ("reached_not_planned", "reached_not_planned")):
        plan[column] = plan[source].map(lambda t: named_codes(t, names, lang))

    def count(text: object) -> int:
        return len([c for c in str(text or "").split(";") if c.strip()])

    plan["n_desa_planned"] = plan["planned_desa_codes"].map(count)
    plan["n_desa_reached"] = plan["n_desa_planned"] - plan["desa_not_reached"].map(count)
    plan["has_activity"] = plan["has_activity"].map(
        lambda v: pick(WORDS["yes" if bool(v) else "no"], lang))
    return plan[PLAN_SHEET_COLUMNS]


def role_rows(result: Result, lang: str) -> pd.DataFrame:
    """One row per organisation, action item and role (lead, support, implementing)."""
    names = unit_names(result)
    roles = result.plan.roles.copy()
    roles["kecamatan_names"] = roles["kecamatan_codes"].map(lambda t: named_codes(t, names, lang))
    roles["has_activity"] = roles["has_activity"].map(
        lambda v: pick(WORDS["yes" if bool(v) else "no"], lang))
    return roles[["org", "item_no", "issue", "role", "kecamatan_names", "n_activities",
                  "has_activity"]]


def overlap_rows(result: Result, lang: str) -> pd.DataFrame:
    """Pairs of organisations whose areas overlap, with the kecamatan by name."""
    names = unit_names(result)
    frame = pd.DataFrame(result.overlaps.drop(columns="geometry", errors="ignore"))
    frame["kecamatan_names"] = frame["kecamatan_codes"].map(lambda t: named_codes(t, names, lang))
    return frame[["org_a", "org_b", "area_ha", "kecamatan_names"]]


def gap_rows(result: Result) -> pd.DataFrame | None:
    """Return the ranked gaps (None when no landscape layer was given)."""
    if result.land is None:
        return None
    return result.land.gaps[["level", "code", "name", "priority", "value", "unit", "years",
                             "share_of_unit", "n_activities", "rank"]]


def problem_rows(problems: list[Problem], lang: str) -> pd.DataFrame:
    """Return the data problems, errors first, then warnings, then notes, each with its fix."""
    frame = pd.DataFrame([p.to_dict() for p in problems],
                         columns=["file", "sheet", "row", "column", "value", "problem",
                                  "suggestion", "severity", "record_id"])
    rank = {s: i for i, s in enumerate(SEVERITY_ORDER)}
    frame = frame.assign(_rank=frame["severity"].map(rank).fillna(len(rank)))
    frame = frame.sort_values(["_rank", "file", "sheet", "row"], kind="stable",
                              na_position="first")
    frame["severity"] = frame["severity"].map(
        lambda s: pick(SEVERITY_WORDS[s], lang) if s in SEVERITY_WORDS else s)
    frame["row"] = frame["row"].astype("Int64")
    return frame[PROBLEM_SHEET_COLUMNS].reset_index(drop=True)


def change_rows(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Return the changes with their kind, change and field in ``lang`` (values as they are)."""
    if lang == "en":
        return changes
    out = changes.copy()
    for column in ("kind", "change", "field"):
        out[column] = out[column].map(lambda w: CHANGE_WORDS_ID.get(str(w), w))
    return out


def summary_rows(result: Result, *, lang: str, data_date: str, title: str,
                 n_changes: int | None) -> list[tuple[str, object, str]]:
    """Return the summary as (label, value, kind) rows."""
    acts = result.activities
    items = result.plan.plan_vs_reality
    counts = {s: sum(p.severity == s for p in result.problems) for s in SEVERITY_ORDER}
    rows: list[tuple[str, object, str]] = [
        (pick(WORDS["title"], lang), title, "text"),
        (pick(WORDS["data_date"], lang), data_date, "date"),
        (pick(WORDS["kabupaten"], lang),
         f"{result.bounds.kabupaten_name()} ({result.bounds.scope or ''})".strip(), "text"),
        (pick(WORDS["n_orgs"], lang), int(acts["org"].nunique()), "int"),
        (pick(WORDS["n_activities"], lang), len(acts), "int"),
        (pick(WORDS["rows"], lang), len(result.who), "int"),
        (pick(WORDS["budget"], lang), float(pd.to_numeric(acts["budget_idr"]).sum()), "idr"),
        (pick(WORDS["n_items"], lang), len(items), "int"),
        (pick(WORDS["n_items_reached"], lang), int(items["has_activity"].astype(bool).sum()),
         "int"),
        (pick(WORDS["n_overlaps"], lang), len(result.overlaps), "int"),
    ]
    if result.land is not None:
        rows.append((pick(WORDS["n_gaps"], lang), len(result.land.gaps), "int"))
    rows += [(pick(WORDS["n_errors"], lang), counts["error"], "int"),
             (pick(WORDS["n_warnings"], lang), counts["warning"], "int"),
             (pick(WORDS["n_info"], lang), counts["info"], "int")]
    if n_changes is not None:
        rows.append((pick(WORDS["n_changes"], lang), n_changes, "int"))
    rows.append((pick(WORDS["sources"], lang), "; ".join(result.sources), "text"))
    return rows
