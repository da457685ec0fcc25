"""Partner workbooks returned to the forum, merged with the forum's copy by activity id.

``landscape partner-sheets`` writes each organisation a workbook of its own
activities; the partner corrects it and sends it back. The build reads the
returned workbooks (``plan_partners`` in the project file, or a folder of them as
``--plan``) and merges their activities with the forum's workbook, after both are
normalised, so that ``Rp 85.000.000`` in one and ``85000000`` in the other are the
same budget:

* an id the forum's workbook has, with the same values: one activity (the round trip);
* an id the forum's workbook has, with other values: the forum's copy is kept and
  every differing value is reported (a warning naming the partner's file, row and
  column, and the forum's value), so the secretariat decides;
* an id the forum's workbook does not have: a new activity, added.

Added rows are numbered after the forum's rows (``origins`` maps each such number
back to the partner's file and row), and :func:`relocate` puts every problem of an
added row back where the partner wrote it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from landscape._cells import as_int, is_blank
from landscape.model import Organisation
from landscape.problems import Problem

__all__ = ["COMPARED", "ORIGIN_BASE", "Merged", "merge_activities", "merge_organisations",
           "relocate"]

#: The normalised values compared between the forum's copy and a partner's.
COMPARED = ("org", "title", "theme", "start", "end", "budget_idr", "budget_amount",
            "budget_currency", "funding", "action_items", "area_refs", "status",
            "kecamatan_codes", "desa_codes", "whole_district")
#: Rows added from partner workbooks are numbered from here (far past any real sheet's rows).
ORIGIN_BASE = 1_000_001

Source = tuple[str, str | None]


@dataclass(frozen=True, slots=True)
class Merged:
    """The merged activities, the conflicts found, and where every added row came from."""

    activities: pd.DataFrame
    problems: list[Problem]
    origins: dict[int, tuple[str, str | None, int]]


def _shown(value: object) -> str:
    """Return a normalised value as compared and shown (``75000000.0`` as ``75000000``).

    >>> _shown(75000000.0), _shown(("61.05.03", "61.05.06")), _shown(float("nan"))
    ('75000000', '61.05.03; 61.05.06', '')
    """
    if isinstance(value, tuple):
        return "; ".join(_shown(v) for v in value)
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None or is_blank(value) else str(value)


def _same(a: object, b: object) -> bool:
    return _shown(a) == _shown(b)


def _conflicts(forum: pd.Series, partner: pd.Series, forum_source: Source,
               source: Source) -> list[Problem]:
    activity_id = str(partner["activity_id"])
    found = []
    rupiah = _shown(partner.get("budget_currency")) in {"", "IDR"}
    for name in COMPARED:
        if name not in forum.index or _same(forum[name], partner[name]) or (
                rupiah and name == "budget_amount"):  # a per-year amount comes back as total
            continue
        where = f"{forum_source[0]} row {as_int(forum['source_row'])}"
        found.append(Problem(
            source[0], source[1], as_int(partner["source_row"]), name, _shown(partner[name]),
            f"activity {activity_id} differs from the forum's copy ({where}: "
            f"{_shown(forum[name]) or 'empty'})",
            "the forum's copy is kept; if the partner's value is right, write it into the "
            "forum's workbook", "warning", activity_id))
    return found


def merge_activities(forum: pd.DataFrame, forum_source: Source,
                     partners: Sequence[tuple[pd.DataFrame, Source]]) -> Merged:
    """Merge partner activities into the forum's by ``activity_id``.

    Parameters
    ----------
    forum : pandas.DataFrame
        The forum's normalised activities (places resolved), with ``source_row``.
    forum_source : tuple of (str, str or None)
        The forum's file and sheet.
    partners : sequence of (DataFrame, source)
        Each returned workbook's normalised activities and its file and sheet.

    Returns
    -------
    Merged
    """
    seen: dict[str, tuple[pd.Series, Source]] = {
        str(row["activity_id"]): (row, forum_source) for _, row in forum.iterrows()}
    problems: list[Problem] = []
    origins: dict[int, tuple[str, str | None, int]] = {}
    added: list[pd.Series] = []
    for frame, source in partners:
        for _, row in frame.iterrows():
            activity_id = str(row["activity_id"])
            if activity_id in seen:
                first, first_source = seen[activity_id]
                problems += _conflicts(first, row, first_source, source)
                continue
            number = ORIGIN_BASE + len(origins)
            origins[number] = (source[0], source[1], as_int(row["source_row"]) or 0)
            new = row.copy()
            new["source_row"] = number
            added.append(new)
            seen[activity_id] = (row, source)
    if not added:
        return Merged(forum, problems, origins)
    extra = pd.DataFrame(added).reindex(columns=forum.columns)
    frames = [f for f in (forum, extra) if not f.empty]
    merged = pd.concat(frames, ignore_index=True) if len(frames) > 1 else extra
    return Merged(merged.reset_index(drop=True), problems, origins)


def merge_organisations(orgs: Sequence[Organisation],
                        partners: Iterable[Sequence[Organisation]]) -> list[Organisation]:
    """Return the forum's organisations and, after them, the partners' it does not list."""
    merged = list(orgs)
    names = {o.name.casefold() for o in merged} | {o.acronym.casefold() for o in merged
                                                    if o.acronym}
    for found in partners:
        for org in found:
            if org.name.casefold() not in names:
                merged.append(org)
                names.add(org.name.casefold())
    return merged


def relocate(problems: Iterable[Problem], source: Source,
             origins: Mapping[int, tuple[str, str | None, int]]) -> list[Problem]:
    """Give the problems of rows added from partner workbooks their own file and row."""
    moved = []
    for problem in problems:
        row = problem.row
        if row is not None and row in origins and (problem.file, problem.sheet or None) == source:
            file, sheet, line = origins[row]
            problem = replace(problem, file=file, sheet=sheet, row=line)  # noqa: PLW2901
        moved.append(problem)
    return moved

