"""What a 3W table says about the plan: the action items it declares and who leads them.

A 3W table may carry plan-item columns (``#activity+plan+code`` "Plan item code" /
"Kode RA", with ``#activity+plan+name`` "Plan item title"). Without an action-plan
sheet, those codes *are* the plan: :func:`declared_items` makes one action item
per code. A role column ("Lead"/"Support", "Penanggung jawab"/"Pendukung",
"Pelaksana") says how each row's organisation serves its items;
:func:`fill_roles` writes that into the items' ``lead`` and ``supports``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from landscape._cells import as_int, as_texts
from landscape._text import fold
from landscape.normalise.records import ITEM_COLUMNS, Reporter
from landscape.problems import Problem
from landscape.read.tables import Table

#: Folded role words -> ``lead``, ``support`` or ``implements`` (no plan role beyond the work).
ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(("lead", "leading", "lead agency", "lead organisation", "lead organization",
                     "coordinator", "koordinator", "penanggung jawab", "pj", "utama",
                     "pelaksana utama", "leading sector", "ketua"), "lead"),
    **dict.fromkeys(("support", "supporting", "supporter", "pendukung", "mitra pendukung",
                     "pihak pendukung", "pihak terkait", "anggota", "member", "partner"),
                    "support"),
    **dict.fromkeys(("pelaksana", "implementer", "implementing", "implements",
                     "implementing partner", "mitra pelaksana"), "implements"),
}


def role_of(text: object) -> str | None:
    """Return ``lead``, ``support``, ``implements``, ``""`` (blank) or None (unknown).

    Examples
    --------
    >>> role_of("Lead"), role_of("Penanggung Jawab"), role_of("Pendukung"), role_of("Ketua RT")
    ('lead', 'lead', 'support', None)
    """
    key = fold(text) if isinstance(text, str) else ""
    return ROLE_WORDS.get(key) if key else ""


def declared_items(activities: pd.DataFrame, table: Table) -> tuple[pd.DataFrame,
                                                                      list[Problem]]:
    """One action item per plan-item code the 3W table's rows carry, titled by the table.

    Parameters
    ----------
    activities : pandas.DataFrame
        From :func:`landscape.normalise.records.normalise_activities`.
    table : Table
        The 3W table (for problem locations).

    Returns
    -------
    pandas.DataFrame, list of Problem
        Items with :data:`~landscape.normalise.records.ITEM_COLUMNS` (``activity``
        is the title; no location, so planned district-wide) and one ``info``
        saying where the items come from; a code given two titles is reported.
    """
    report = Reporter(table)
    items: dict[str, dict[str, Any]] = {}
    for act in activities.itertuples():
        title = str(getattr(act, "item_title", "") or "")
        for number in as_texts(act.action_items):
            item = items.setdefault(number, _empty_item(number, as_int(act.source_row)))
            if title and not item["activity"]:
                item["activity"] = title
            elif title and fold(title) != fold(item["activity"]):
                report.add(as_int(act.source_row), "item_title", title,
                           f"action item {number} has another title on row "
                           f"{item['source_row']} ({item['activity']!r})",
                           "the first title is kept; give each code one title")
    if items:
        report.add(table.header_row, "action_items", table.columns.get("action_items", ""),
                   f"the table has no action-plan sheet: its {len(items)} plan-item codes "
                   "are taken as the action items", "add the plan's own sheet to check the "
                   "codes against it", "info")
    frame = pd.DataFrame.from_records(list(items.values()), columns=ITEM_COLUMNS)
    return frame, report.problems


def _empty_item(number: str, row: int) -> dict[str, Any]:
    item: dict[str, Any] = dict.fromkeys(ITEM_COLUMNS, "")
    item.update(item_no=number, start=None, end=None, supports=(), funding=(),
                budget_idr=None, budget_amount=None, source_row=row)
    return item


def fill_roles(items: pd.DataFrame, activities: pd.DataFrame,
               table: Table) -> tuple[pd.DataFrame, list[Problem]]:
    """Write the role column of a 3W table into the items' ``lead`` and ``supports``.

    A row whose role is lead makes its organisation the lead of its items when
    the plan names none (a different lead in the plan is kept and reported);
    a supporting row adds its organisation to the supporters. ``Pelaksana``
    (implements) adds nothing beyond the activity itself. Unknown role words and
    roles on rows without an item are reported.
    """
    report = Reporter(table)
    if "role" not in activities.columns or items.empty:
        return items, report.problems
    rows = [{str(k): v for k, v in row.items()} for row in items.to_dict("records")]
    where = {str(row["item_no"]): row for row in rows}
    for act in activities.itertuples():
        role, line = role_of(act.role), as_int(act.source_row)
        if role is None:
            report.add(line, "role", act.role, "role not understood",
                       "write Lead/Penanggung jawab, Support/Pendukung or Pelaksana")
        if role not in {"lead", "support"} or not act.org:
            continue
        if not as_texts(act.action_items):
            report.add(line, "role", act.role, f"the row gives a {role} role but no action "
                       "item", "name the plan item the organisation leads or supports")
        for number in as_texts(act.action_items):
            if number not in where:
                continue
            _give_role(where[number], role, act, report)
    return pd.DataFrame.from_records(rows, columns=list(items.columns)), report.problems


def _give_role(item: dict[str, Any], role: str, act: Any, report: Reporter) -> None:
    if role == "support":
        supports = tuple(item["supports"] or ())
        if act.org not in supports:
            item["supports"] = (*supports, act.org)
        return
    lead = str(item["lead"] or "")
    if not lead:
        item["lead"], item["lead_type"] = act.org, act.org_type
    elif lead != act.org:
        report.add(as_int(act.source_row), "role", act.role,
                   f"{act.org} is written as lead of action item {item['item_no']}, "
                   f"whose lead is {lead}", f"{lead} is kept as the lead; check the plan")
