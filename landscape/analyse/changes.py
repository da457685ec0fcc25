"""What changed since the last meeting: two builds compared, row by row.

Activities new, removed, ended or changed (dates, places, budget, organisation,
title), organisations new or gone, overlaps new or resolved, gaps opened or
closed, action items that gained or lost activity, and the plan's budget shifts
by source and year. Two builds of the same inputs give no change at all.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pandas as pd

from landscape.read.earlier import BuildTables

CHANGE_COLUMNS = ["kind", "change", "key", "label", "field", "old", "new"]
#: Order of the kinds in the table.
KINDS = ("activity", "organisation", "overlap", "gap", "item", "budget")
_ACTIVITY_FIELDS = ("org", "title", "start", "end", "budget_idr", "places")

Row = tuple[str, str, str, str, str, str, str]


def _text(value: object) -> str:
    """Return a cell as comparable text: whole numbers without decimals, blanks as ``""``.

    >>> _text(320000000.0), _text(float("nan")), _text(" a ")
    ('320000000', '', 'a')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _places(rows: pd.DataFrame) -> str:
    """Return the places of one activity's rows: desa (else kecamatan) by name and code, sorted."""
    found = set()
    for r in rows.itertuples(index=False):
        code, name = (r.desa_code, r.desa) if _text(r.desa_code) else (r.kecamatan_code,
                                                                        r.kecamatan)
        found.add(f"{_text(name)} ({_text(code)})" if _text(code) else "")
    return "; ".join(sorted(p for p in found if p)) or "-"


def activities_of(who: pd.DataFrame) -> dict[str, dict[str, str]]:
    """One record per activity of a who-does-what-where table, every field as text."""
    if who.empty:
        return {}
    found = {}
    for activity, rows in who.groupby("activity_id", sort=True):
        first = rows.iloc[0]
        record = {f: _text(first.get(f)) for f in _ACTIVITY_FIELDS if f != "places"}
        record["places"] = _places(rows)
        found[str(activity)] = record
    return found


def _activity_changes(old: BuildTables, new: BuildTables) -> Iterator[Row]:
    before, after = activities_of(old.who), activities_of(new.who)
    for key in sorted(after.keys() - before.keys()):
        a = after[key]
        yield ("activity", "new", key, f"{a['org']}: {a['title']}", "", "", a["places"])
    for key in sorted(before.keys() - after.keys()):
        b = before[key]
        yield ("activity", "removed", key, f"{b['org']}: {b['title']}", "", b["places"], "")
    for key in sorted(before.keys() & after.keys()):
        b, a = before[key], after[key]
        label = f"{a['org']}: {a['title']}"
        ended = old.data_date and new.data_date and a["end"] and (
            old.data_date[:10] < a["end"] <= new.data_date[:10])
        if ended:
            yield ("activity", "ended", key, label, "end", "", a["end"])
        for name in _ACTIVITY_FIELDS:
            if b[name] != a[name]:
                yield ("activity", "changed", key, label, name, b[name], a[name])


def _set_changes(kind: str, before: set[str], after: set[str], added: str,
                 dropped: str) -> Iterator[Row]:
    for key in sorted(after - before):
        yield (kind, added, key, key, "", "", "")
    for key in sorted(before - after):
        yield (kind, dropped, key, key, "", "", "")


def _pairs(frame: pd.DataFrame) -> set[str]:
    if frame.empty:
        return set()
    return {" / ".join(sorted((_text(a), _text(b)))) for a, b in
            zip(frame["org_a"], frame["org_b"], strict=True)}


def _gaps(frame: pd.DataFrame) -> dict[str, str]:
    if frame.empty:
        return {}
    return {f"{_text(r.level)} {_text(r.code)} {_text(r.priority)}": _text(r.name)
            for r in frame.itertuples(index=False)}


def _gap_changes(old: BuildTables, new: BuildTables) -> Iterator[Row]:
    before, after = _gaps(old.gaps), _gaps(new.gaps)
    for key in sorted(after.keys() - before.keys()):
        yield ("gap", "opened", key, after[key], "", "", "")
    for key in sorted(before.keys() - after.keys()):
        yield ("gap", "closed", key, before[key], "", "", "")


def _items(frame: pd.DataFrame) -> dict[str, tuple[bool, str]]:
    if frame.empty:
        return {}
    return {_text(r.item_no): (_text(r.has_activity).lower() == "true", _text(r.activity))
            for r in frame.itertuples(index=False)}


def _item_changes(old: BuildTables, new: BuildTables) -> Iterator[Row]:
    before, after = _items(old.plan), _items(new.plan)
    for key in sorted(before.keys() & after.keys(), key=_natural):
        (had, _), (has, title) = before[key], after[key]
        if had != has:
            yield ("item", "gained activity" if has else "lost activity", key, title,
                   "has_activity", str(had).lower(), str(has).lower())


def _natural(key: str) -> tuple[int, str]:
    return (int(key), "") if key.isdigit() else (10**9, key)


def _budget(frame: pd.DataFrame) -> dict[str, str]:
    if frame.empty:
        return {}
    return {f"{_text(r.source)} {_text(r.year)}": _text(r.budget_idr)
            for r in frame.itertuples(index=False)}


def _budget_changes(old: BuildTables, new: BuildTables) -> Iterator[Row]:
    before, after = _budget(old.budget), _budget(new.budget)
    for key in sorted(before.keys() | after.keys()):
        b, a = before.get(key, ""), after.get(key, "")
        if b != a:
            yield ("budget", "shifted", key, key, "budget_idr", b, a)


def changes(old: BuildTables, new: BuildTables) -> pd.DataFrame:
    """Return what changed from ``old`` to ``new``: :data:`CHANGE_COLUMNS`, one row a change.

    ``kind`` is one of :data:`KINDS`; ``change`` says what happened (``new``,
    ``removed``, ``ended``, ``changed``, ``gone``, ``resolved``, ``opened``,
    ``closed``, ``gained activity``, ``lost activity``, ``shifted``); ``key``
    identifies the thing (activity id, organisation, pair, gap, item number,
    source and year); for a changed field, ``field``, ``old`` and ``new`` give it
    (budgets in whole rupiah, dates ISO, places as ``name (code)`` sorted). The
    table is empty when nothing changed.
    """
    orgs_before = {_text(o) for o in old.who.get("org", pd.Series(dtype=str))} - {""}
    orgs_after = {_text(o) for o in new.who.get("org", pd.Series(dtype=str))} - {""}
    rows = [*_activity_changes(old, new),
            *_set_changes("organisation", orgs_before, orgs_after, "new", "gone"),
            *_set_changes("overlap", _pairs(old.overlaps), _pairs(new.overlaps), "new",
                          "resolved"),
            *_gap_changes(old, new), *_item_changes(old, new), *_budget_changes(old, new)]
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)
