"""Normalise: the forum's tables into clean records of organisations, plan and activities.

Each function takes a :class:`landscape.read.tables.Table` (raw cells) and returns a
frame of clean values plus the :class:`~landscape.problems.Problem` list of
everything it could not use as written. Rows are never dropped silently: a row
that is not data (a note under the table) is reported as skipped.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from landscape._cells import is_blank
from landscape.model import Organisation
from landscape.normalise.implementers import implementers, share_among
from landscape.normalise.orgs import (
    OrgIndex,
    clean_name,
    guess_org_type,
    normalise_org_type,
)
from landscape.normalise.rowcells import (
    Reporter,
    date_orders,
    money_fields,
    parse_dates,
    report_scale,
)
from landscape.normalise.rowcells import cell as _cell
from landscape.normalise.rowcells import text as _text
from landscape.problems import Problem
from landscape.read.tables import Table

__all__ = ["ACTIVITY_COLUMNS", "ITEM_COLUMNS", "Reporter", "normalise_action_items",
           "normalise_activities", "normalise_organisations", "resolve_org", "split_list",
           "split_numbers"]

_LIST_SPLIT = re.compile(r"\s*[;\n]\s*")
_NUMBER_SPLIT = re.compile(r"\s*(?:[;,/&\n]|\bdan\b|\band\b)\s*")


def split_list(value: object) -> tuple[str, ...]:
    """Split a cell listing several names on ``;`` or new lines (commas stay in names)."""
    if is_blank(value):
        return ()
    return tuple(clean_name(p) for p in _LIST_SPLIT.split(_text(value)) if p.strip())


def split_numbers(value: object) -> tuple[str, ...]:
    """Split a cell of item numbers ("13, 14", 13.0, "13 dan 14") into strings."""
    if is_blank(value):
        return ()
    parts = [p.strip() for p in _NUMBER_SPLIT.split(_text(value)) if p.strip()]
    return tuple(p[:-2] if p.endswith(".0") and p[:-2].isdigit() else p for p in parts)


# --- organisations -----------------------------------------------------------------------


def normalise_organisations(table: Table) -> tuple[list[Organisation], list[Problem]]:
    """Turn the organisation sheet into :class:`Organisation` records.

    Parameters
    ----------
    table : Table
        The organisation table.

    Returns
    -------
    list of Organisation, list of Problem
    """
    report = Reporter(table)
    report_scale(table, report)
    orgs: list[Organisation] = []
    for _, row in table.rows.iterrows():
        line = int(row["source_row"])
        name = _cell(row, "name")
        if is_blank(name):
            report.add(line, "name", name, "row has no organisation name; skipped",
                       "fill in the full name", "error")
            continue
        written_type = _cell(row, "org_type")
        org_type = normalise_org_type(written_type) or guess_org_type(_text(name))
        if org_type is None or (is_blank(written_type) and org_type):
            report.add(line, "org_type", written_type, "organisation type missing or unknown",
                       f"taken as {org_type or 'Lainnya'}; use one of Pemerintah, LSM, "
                       "Masyarakat/CSO, Mitra Pembangunan, Swasta, Akademisi")
        roles = split_list(_cell(row, "role"))
        orgs.append(Organisation(clean_name(name), clean_name(_text(_cell(row, "acronym"))),
                                 org_type or "Lainnya", roles, _text(_cell(row, "contact"))))
    return orgs, report.problems


def resolve_org(index: OrgIndex, written: object, report: Reporter, row: int,  # noqa: PLR0917
                field_name: str, written_type: object = None) -> tuple[str, str]:
    """Resolve a written organisation to ``(name, type)``, reporting guesses and unknowns.

    With no organisation sheet at all, names are kept as written without a
    warning per row; the type comes from the row (``written_type``) or the name.
    """
    match = index.resolve(written)
    if match.org is not None:
        if match.method in {"fuzzy", "abbreviation"}:
            report.add(row, field_name, written, "organisation written differently from the "
                       "organisation sheet", f"taken as {match.org.name!r} "
                       f"(confidence {match.confidence:.2f})")
        return match.org.name, match.org.org_type
    org_type = (normalise_org_type(written_type) or guess_org_type(match.written)
                or "Lainnya")
    if not index.orgs:
        return match.written, org_type
    hint = index.suggest(written)
    report.add(row, field_name, written,
               f"organisation {match.written!r} is not on the organisation sheet",
               f"kept as written with type {org_type}; add it to the sheet"
               + (f" or correct it (closest: {hint!r})" if hint else ""))
    return match.written, org_type


# --- action items and activities ---------------------------------------------------------

ITEM_COLUMNS = ["item_no", "issue", "program", "activity", "output", "indicator", "target",
                "location", "start", "end", "lead", "lead_type", "supports", "funding",
                "budget_idr", "budget_amount", "budget_currency", "status", "source_row"]
ACTIVITY_COLUMNS = ["activity_id", "org", "org_type", "org_written", "title", "theme",
                    "kabupaten_text", "kecamatan_text", "desa_text", "location_text", "start",
                    "end", "budget_idr",
                    "budget_amount", "budget_currency", "funding", "action_items", "area_refs",
                    "status", "source_row", "reporting_org", "programme_org", "role",
                    "item_title", "kabupaten_code_text", "kecamatan_code_text", "desa_code_text"]
_KEPT_TEXT = {"reporting_org": "reporting_org", "programme_org": "programme_org", "role": "role",
              "item_title": "item_title", "kabupaten_code_text": "kabupaten_code",
              "kecamatan_code_text": "kecamatan_code", "desa_code_text": "desa_code"}


def _text_or_empty(row: pd.Series, name: str) -> str:
    value = _cell(row, name)
    return "" if is_blank(value) else clean_name(_text(value))


def _is_note_row(row: pd.Series, key: str) -> bool:
    """Tell whether a row has text only in its key cell, like a note under a table."""
    filled = [n for n in row.index if n != "source_row" and not is_blank(row[n])]
    return filled == [key] or not filled


def normalise_action_items(table: Table, orgs: OrgIndex) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn the action-plan sheet into clean action items.

    Parameters
    ----------
    table : Table
        The action-item table.
    orgs : OrgIndex
        Resolves lead and supporting organisations.

    Returns
    -------
    pandas.DataFrame, list of Problem
        One row per action item with :data:`ITEM_COLUMNS`; ``location`` stays
        as written (places are resolved by :mod:`landscape.normalise.places`).
    """
    report = Reporter(table)
    report_scale(table, report)
    orders = date_orders(table, report)
    records: list[dict[str, Any]] = []
    for _, row in table.rows.iterrows():
        line = int(row["source_row"])
        numbers = split_numbers(_cell(row, "item_no"))
        if _is_note_row(row, "item_no") and not (numbers and numbers[0][:1].isdigit()):
            report.add(line, "item_no", _cell(row, "item_no"), "row is a note, not an action item",
                       "skipped; move notes off the table if they are data", "warning",
                       dropped=True)
            continue
        if not numbers:
            report.add(line, "item_no", "", "action item has no number",
                       f"numbered R{line} from its row; give it a number", "warning")
            numbers = (f"R{line}",)
        period = parse_dates(row, report, line, orders)
        lead, lead_type = ("", "")
        if not is_blank(_cell(row, "lead")):
            lead, lead_type = resolve_org(orgs, _cell(row, "lead"), report, line, "lead")
        supports = tuple(_support_names(orgs, _cell(row, "supports")))
        records.append({
            "item_no": numbers[0], **{k: _text_or_empty(row, k) for k in (
                "issue", "program", "activity", "output", "indicator", "target", "location",
                "status")},
            "start": period[0], "end": period[1], "lead": lead, "lead_type": lead_type,
            "supports": supports, "funding": split_list(_cell(row, "funding")),
            **money_fields(row, report, line, period), "source_row": line,
        })
    frame = pd.DataFrame.from_records(records, columns=ITEM_COLUMNS)
    _report_duplicates(frame, "item_no", report)
    return frame, report.problems


def _support_names(orgs: OrgIndex, value: object) -> list[str]:
    """Supporting organisations: known ones by their full name, groups as written."""
    names = []
    for written in split_list(value):
        match = orgs.resolve(written)
        names.append(match.org.name if match.org is not None else written)
    return names


def _report_duplicates(frame: pd.DataFrame, key: str, report: Reporter) -> None:
    """Report each repeated value of ``key``; a repeat keeps its row as its own key.

    Every later stage tells rows apart by ``key``, so a repeat is kept as
    ``"KM-1 (row 6)"``: both rows are built, and the second is named by its row.
    """
    seen: dict[str, int] = {}
    label = "ID" if key == "activity_id" else "number"
    keys = list(frame[key])
    for pos, (value, line) in enumerate(zip(keys, frame["source_row"], strict=True)):
        if value not in seen:
            seen[value] = int(line)
            continue
        keys[pos] = own = f"{value} (row {int(line)})"
        report.add(int(line), key, value, f"the {label} {value!r} is also on row {seen[value]}",
                   f"both rows are kept, this one as {own!r}; give each row its own {label}",
                   "warning")
    frame[key] = pd.Series(keys, index=frame.index, dtype=object)


def _split_implementers(record: dict[str, Any], names: tuple[str, ...],  # noqa: PLR0917
                        orgs: OrgIndex, report: Reporter, where: tuple[int, str],
                        written_type: object) -> list[dict[str, Any]]:
    """One activity per organisation of a cell naming several (:mod:`.implementers`)."""
    line, org_field = where
    resolved = [(*resolve_org(orgs, name, report, line, org_field, written_type), name)
                for name in names]
    report.add(line, org_field, record["org_written"],
               f"the cell names {len(names)} implementing organisations",
               f"read as {len(names)} activities ({record['activity_id']}/1 ...), one per "
               "organisation, the budget divided equally; give each organisation its own row "
               "to give each its own budget", "info")
    return share_among(record, resolved)


def normalise_activities(table: Table, orgs: OrgIndex) -> tuple[pd.DataFrame, list[Problem]]:
    """Turn the partner-activity sheet (or a 3W CSV) into clean activities.

    Parameters
    ----------
    table : Table
        The activity table.
    orgs : OrgIndex
        Resolves organisation names against the organisation sheet.

    Returns
    -------
    pandas.DataFrame, list of Problem
        One row per activity with :data:`ACTIVITY_COLUMNS`; place columns stay
        as written (resolved by :mod:`landscape.normalise.places`).
    """
    report = Reporter(table)
    report_scale(table, report)
    orders = date_orders(table, report)
    records: list[dict[str, Any]] = []
    has_ids = "activity_id" in table.columns
    if not has_ids:
        report.add(table.header_row, "activity_id", "", "the table has no ID column",
                   f"activities are identified as '{table.sheet or table.file}:<row>'")
    org_field = "org" if "org" in table.columns else "reporting_org"
    if org_field != "org":
        report.add(table.header_row, org_field, table.columns[org_field],
                   "the table has no implementing organisation column (#org+impl)",
                   "the reporting organisation is taken as the one carrying each activity out")
    for _, row in table.rows.iterrows():
        line = int(row["source_row"])
        activity_id = _text_or_empty(row, "activity_id")
        if not activity_id:
            activity_id = f"{table.sheet or table.file}:{line}"
            if has_ids:
                report.add(line, "activity_id", "", "activity has no ID",
                           f"identified as {activity_id!r}; give it an ID")
        org, org_type, written = "", "Lainnya", _cell(row, org_field)
        several = implementers(written, orgs)
        if is_blank(written):
            report.add(line, "org", "", "activity names no organisation",
                       "kept without an organisation; fill in who carries it out", "error")
        elif not several:
            org, org_type = resolve_org(orgs, written, report, line, org_field,
                                        _cell(row, "org_type"))
        period = parse_dates(row, report, line, orders)
        record = {
            "activity_id": activity_id, "org": org, "org_type": org_type,
            "org_written": "" if is_blank(written) else clean_name(written),
            "title": _text_or_empty(row, "title"), "theme": _text_or_empty(row, "theme"),
            "kabupaten_text": _text_or_empty(row, "kabupaten"),
            "kecamatan_text": _text_or_empty(row, "kecamatan"),
            "desa_text": _text_or_empty(row, "desa"),
            "location_text": _text_or_empty(row, "location"),
            "start": period[0], "end": period[1],
            **money_fields(row, report, line, period),
            "funding": split_list(_cell(row, "funding")),
            "action_items": split_numbers(_cell(row, "action_items")),
            "area_refs": split_list(_cell(row, "area_refs")),
            "status": _text_or_empty(row, "status"), "source_row": line,
            **{key: _text_or_empty(row, name) for key, name in _KEPT_TEXT.items()},
        }
        if several:
            records += _split_implementers(record, several, orgs, report, (line, org_field),
                                           _cell(row, "org_type"))
        else:
            records.append(record)
    frame = pd.DataFrame.from_records(records, columns=ACTIVITY_COLUMNS)
    _report_duplicates(frame, "activity_id", report)
    return frame, report.problems
