"""Normalise places: the kecamatan and desa a row names, as Kemendagri codes.

Uses :class:`landscape.normalise.gazetteer.Gazetteer` on the row's place cells and keeps
every decision visible: fuzzy matches are reported with their confidence,
unknown names with a suggestion, and a row whose kabupaten is another one never
adds its organisation to a place of the scope by name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from landscape._cells import as_int, as_texts
from landscape.normalise.gazetteer import Gazetteer, PlaceList, PlaceMatch
from landscape.normalise.records import Reporter
from landscape.problems import Problem
from landscape.read.tables import Table


@dataclass(slots=True)
class RowPlaces:
    """The places one row names, resolved."""

    kecamatan: list[str] = field(default_factory=list)
    desa: list[str] = field(default_factory=list)
    whole_district: bool = False
    outside: str = ""  # the code of another kabupaten the row is in, if any
    named: bool = False  # the row writes a place (a name, code or location), resolved or not
    elsewhere: list[str] = field(default_factory=list)  # kabupaten of places out of scope


def _in_scope(gaz: Gazetteer, code: str) -> bool:
    return gaz.scope is None or code == gaz.scope or code.startswith(gaz.scope + ".")


def _kabupaten_of(code: str) -> str:
    return ".".join(code.split(".")[:2])


def _report_list(found: PlaceList, *, gaz: Gazetteer, report: Reporter, line: int,
                 column: str, elsewhere: list[str] | None = None) -> list[PlaceMatch]:
    """Report fuzzy, unknown and out-of-scope places; return the usable matches.

    The kabupaten of each out-of-scope place is added to ``elsewhere``.
    """
    usable = []
    for miss in found.unresolved:
        report.add(line, column, miss.written, miss.reason, miss.suggestion, "error")
    for match in found.matches:
        place = match.place
        if not _in_scope(gaz, place.code):
            if elsewhere is not None:
                elsewhere.append(_kabupaten_of(place.code))
            report.add(line, column, match.written,
                       f"{place.level} {place.name} ({place.code}) lies outside kabupaten "
                       f"{gaz.scope}", "not placed on this district's map", "warning")
            continue
        if match.method == "renamed":  # a code with another name: the code decides
            report.add(line, column, match.written, f"{place.level} {place.code} is named "
                       f"{place.name} in the boundaries, not as written",
                       f"taken by its code as {place.name}; the name may be from an older list",
                       "info")
        if match.method == "fuzzy":
            report.add(line, column, match.written, f"{place.level} name written differently",
                       f"taken as {place.name} ({place.code}), confidence "
                       f"{match.confidence:.2f}", "warning")
        usable.append(match)
    return usable


def _row_kabupaten(gaz: Gazetteer, text: str, report: Reporter, line: int) -> str:
    """Return the code of another kabupaten the row says it is in, or ``""``."""
    if not text or gaz.scope is None:
        return ""
    found = gaz.parse(text, level="any")
    if found.whole_district:
        return ""
    codes = {m.place.code for m in found.matches if m.place.level == "kabupaten"}
    others = sorted(c for c in codes if c != gaz.scope)
    if others and gaz.scope not in codes:
        report.add(line, "kabupaten", text, f"row is in kabupaten {others[0]}, outside "
                   f"{gaz.scope}", "its places are not added to this district by name")
        return others[0]
    return ""


def _from_location(gaz: Gazetteer, text: str, report: Reporter, line: int) -> RowPlaces:
    """Places from one free-text location cell naming kecamatan and desa together."""
    found = gaz.parse(text, level="any")
    elsewhere: list[str] = []
    usable = _report_list(found, gaz=gaz, report=report, line=line, column="location",
                          elsewhere=elsewhere)
    desa = sorted({m.place.code for m in usable if m.place.level == "desa"})
    kec = {m.place.code for m in usable if m.place.level == "kecamatan"}
    kec |= {m.place.parent_code or "" for m in usable if m.place.level == "desa"}
    return RowPlaces(sorted(kec - {""}), desa, found.whole_district and not usable,
                     named=True, elsewhere=elsewhere)


_PCODE = re.compile(r"^[A-Za-z]{2}(?=\d{4})")  # OCHA P-codes: "ID6105032011"


def _coded(gaz: Gazetteer, name: str, code: str, *, level: Literal["kecamatan", "desa"],
           within: list[str], report: Reporter, line: int,
           elsewhere: list[str]) -> tuple[list[PlaceMatch], bool]:
    """Resolve a place written by name, by Kemendagri code, or both; return matches, whole.

    A code that names a unit of this district places the row (a name that says
    otherwise is reported); a code that does not leaves the row to its name.
    """
    named = gaz.parse(name, level=level, within=within) if name else None
    coded = gaz.parse(_PCODE.sub("", code), level=level, within=within) if code else None
    column = f"{level}_code"
    if coded is None or named is None:
        found, where = (named, level) if coded is None else (coded, column)
        if found is None:
            return [], False
        return _report_list(found, gaz=gaz, report=report, line=line, column=where,
                            elsewhere=elsewhere), found.whole_district
    by_code = [m for m in coded.matches if _in_scope(gaz, m.place.code)]
    if not by_code or coded.unresolved:
        report.add(line, column, code, f"code {code!r} is no {level} of this district",
                   f"placed by the name {name!r}; write the Kemendagri code, e.g. "
                   f"{_EXAMPLE[level]} (codes of other systems such as BPS differ)", "warning")
        return _report_list(named, gaz=gaz, report=report, line=line, column=level,
                            elsewhere=elsewhere), named.whole_district
    by_name = {m.place.code for m in named.matches}
    if by_name != {m.place.code for m in by_code}:
        said = (f"names {', '.join(sorted(by_name))}" if by_name
                else "names no unit of the boundaries")
        report.add(line, level, name, f"the {level} name {said}, the code {code} is "
                   f"{by_code[0].place.name} ({by_code[0].place.code})",
                   "placed by the code; check the name or the code", "warning")
    return by_code, False


_EXAMPLE = {"kecamatan": "61.05.03", "desa": "61.05.03.2011"}


def resolve_row(gaz: Gazetteer, *, kabupaten: str, kecamatan: str, desa: str,
                report: Reporter, line: int, location: str = "",
                codes: tuple[str, str, str] = ("", "", "")) -> RowPlaces:
    """Resolve the place cells of one activity row.

    Parameters
    ----------
    gaz : Gazetteer
        The admin units.
    kabupaten, kecamatan, desa : str
        The row's cells as written (may be empty).
    location : str
        A free-text location cell, used when the row has no kecamatan or desa cell.
    codes : tuple of str
        The row's kabupaten, kecamatan and desa code cells (Kemendagri codes, with
        or without dots; an OCHA P-code's country prefix is dropped).
    report : Reporter
        Where problems go.
    line : int
        The row number in the file.

    Returns
    -------
    RowPlaces
    """
    kab_code, kec_code, desa_code = codes
    places = RowPlaces(outside=_row_kabupaten(gaz, kabupaten or _PCODE.sub("", kab_code),
                                              report, line))
    places.named = bool(kecamatan or desa or kec_code or desa_code or location)
    if places.outside:
        places.elsewhere = [places.outside]
        return places
    if location and not (kecamatan or desa or kec_code or desa_code):
        return _from_location(gaz, location, report, line)
    kec_code, desa_code = _kecamatan_in_desa_column(gaz, kec_code, desa_code, report, line)
    if kecamatan or kec_code:
        found, places.whole_district = _coded(gaz, kecamatan, kec_code, level="kecamatan",
                                              within=[], report=report, line=line,
                                              elsewhere=places.elsewhere)
        places.kecamatan = [m.place.code for m in found]
    elif not (desa or desa_code):
        places.whole_district = True
    if desa or desa_code:
        found, whole = _coded(gaz, desa, desa_code, level="desa", within=places.kecamatan,
                              report=report, line=line, elsewhere=places.elsewhere)
        places.whole_district = places.whole_district or (whole and not places.kecamatan)
        for match in found:
            parent = match.place.parent_code or ""
            if places.kecamatan and parent not in places.kecamatan:
                report.add(line, "desa", match.written, f"desa {match.place.name} lies in "
                           f"kecamatan {parent}, not in the kecamatan the row names",
                           "kept in its own kecamatan; check the row", "warning")
            places.desa.append(match.place.code)
            if parent and parent not in places.kecamatan:
                places.kecamatan.append(parent)
    places.kecamatan = sorted(dict.fromkeys(places.kecamatan))
    places.desa = sorted(dict.fromkeys(places.desa))
    return places


def _kecamatan_in_desa_column(gaz: Gazetteer, kec_code: str, desa_code: str, report: Reporter,
                              line: int) -> tuple[str, str]:
    """Move a kecamatan code written in the desa code column (``ID610503``) to its own.

    The row is placed in that kecamatan, with a warning; return the two code cells.
    """
    place = gaz.get(_PCODE.sub("", desa_code)) if desa_code else None
    if place is None or place.level != "kecamatan" or not _in_scope(gaz, place.code):
        return kec_code, desa_code
    other = gaz.get(_PCODE.sub("", kec_code)) if kec_code else None
    if other is not None and other.code != place.code:
        return kec_code, desa_code  # two kecamatan: left to the desa column's own report
    report.add(line, "desa_code", desa_code, f"code {desa_code} in the desa code column is the "
               f"kecamatan {place.name} ({place.code}), not a desa",
               f"placed in kecamatan {place.name}; write a desa code, e.g. "
               f"{_EXAMPLE['desa']}, or move the code to a kecamatan code column", "warning")
    return desa_code, ""


def resolve_activity_places(activities: pd.DataFrame, table: Table,
                            gaz: Gazetteer) -> tuple[pd.DataFrame, list[Problem]]:
    """Add ``kecamatan_codes``, ``desa_codes``, ``whole_district``, ``outside`` to activities.

    Parameters
    ----------
    activities : pandas.DataFrame
        From :func:`landscape.normalise.records.normalise_activities`.
    table : Table
        The table the activities came from (for problem locations).
    gaz : Gazetteer
        The admin units.

    Returns
    -------
    pandas.DataFrame, list of Problem
    """
    report = Reporter(table)
    codes = [activities.get(f"{level}_code_text", pd.Series("", index=activities.index))
             for level in ("kabupaten", "kecamatan", "desa")]
    rows = [resolve_row(gaz, kabupaten=str(r.kabupaten_text),
                        kecamatan=str(r.kecamatan_text), desa=str(r.desa_text),
                        location=str(r.location_text), report=report,
                        line=as_int(r.source_row), codes=(str(a), str(b), str(c)))
            for r, a, b, c in zip(activities.itertuples(), *codes, strict=True)]
    refs = activities.get("area_refs", pd.Series([()] * len(activities), index=activities.index,
                                                 dtype=object))
    out = activities.copy()
    out["kecamatan_codes"] = [tuple(p.kecamatan) for p in rows]
    out["desa_codes"] = [tuple(p.desa) for p in rows]
    # A row with area references and no place cell is placed by its areas, not district-wide.
    out["whole_district"] = [p.whole_district and (p.named or not as_texts(ref))
                             for p, ref in zip(rows, refs, strict=True)]
    out["outside"] = [p.outside for p in rows]
    return out, report.problems + _elsewhere(rows, gaz, table)


def _elsewhere(rows: list[RowPlaces], gaz: Gazetteer, table: Table) -> list[Problem]:
    """Warn when most rows name places of another kabupaten than the chosen one.

    Examples: a Sintang plan built with ``--kabupaten 61.07`` (Bengkayang).
    """
    if gaz.scope is None or not rows:
        return []
    counts = Counter(Counter(p.elsewhere).most_common(1)[0][0] for p in rows if p.elsewhere)
    if not counts:
        return []
    kabupaten, n = counts.most_common(1)[0]
    if n * 2 <= len(rows):
        return []
    place = gaz.get(kabupaten)
    label = f"{place.name if place else 'kabupaten'} ({kabupaten})"
    if place and not place.name.lower().startswith(("kabupaten", "kota")):
        label = f"Kabupaten {label}"
    chosen = gaz.get(gaz.scope)
    return [Problem(table.file, table.sheet or None, None, None, "",
                    f"{n} of {len(rows)} rows name places of {label}, not of the chosen "
                    f"{gaz.scope}" + (f" ({chosen.name})" if chosen else ""),
                    f"check --kabupaten: this plan looks like one of {kabupaten}", "warning")]


def resolve_item_places(items: pd.DataFrame, table: Table,
                        gaz: Gazetteer) -> tuple[pd.DataFrame, list[Problem]]:
    """Add ``kecamatan_codes``, ``desa_codes`` and ``whole_district`` to action items.

    The ``location`` text of an action item may name kecamatan, desa (with
    their kecamatan in brackets) or the whole district.
    """
    report = Reporter(table)
    kec_codes, desa_codes, whole = [], [], []
    for item in items.itertuples():
        found = gaz.parse(item.location, level="any") if item.location else None
        usable = _report_list(found, gaz=gaz, report=report, line=as_int(item.source_row),
                              column="location") if found else []
        kec = {m.place.code for m in usable if m.place.level == "kecamatan"}
        desa = {m.place.code for m in usable if m.place.level == "desa"}
        kec |= {m.place.parent_code or "" for m in usable if m.place.level == "desa"}
        kec_codes.append(tuple(sorted(kec - {""})))
        desa_codes.append(tuple(sorted(desa)))
        whole.append(bool(found is None or found.whole_district))
    out = items.copy()
    out["kecamatan_codes"], out["desa_codes"], out["whole_district"] = kec_codes, desa_codes, whole
    return out, report.problems
