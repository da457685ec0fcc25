"""One workbook per organisation, pre-filled with its own activities, to correct and return.

Each workbook holds the organisation's activities as the build understood them:
the place names resolved and their Kemendagri codes beside them, dates as dates,
budgets in whole rupiah. Every problem the build found in a row is shown beside
it: the cell is filled and carries a comment, and the row's ``Masalah Data`` column
lists them all. Drop-down lists offer the organisation types, status, funding
sources and the kecamatan and desa of the kabupaten. The returned workbooks are
read back and merged by activity id (:mod:`landscape.normalise.partners`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from landscape._cells import is_blank
from landscape._text import fold, fold_header
from landscape.model import Boundaries, Organisation
from landscape.problems import Problem
from landscape.read.schema import ACTIVITIES
from landscape.render.workbooks.sheets import (
    ACTIVITY_COLUMNS,
    ACTIVITY_SHEET,
    FIRST_DATA_ROW,
    ORG_COLUMNS,
    ORG_SHEET,
    PROBLEM_FILL,
    Column,
    add_lists,
    put,
    write_header,
    write_instructions,
)

__all__ = ["PARTNER_COLUMNS", "partner_file_name", "write_partner_workbooks"]

DISTRICT_WIDE = "Seluruh Kabupaten"
PARTNER_COLUMNS = (*ACTIVITY_COLUMNS,
                   Column("location", "Lokasi", "#loc+name", 24),
                   Column("problems", "Masalah Data", "#meta+problems", 60))
#: Fields a problem's column may name, to the partner sheet's column that holds them.
_FIELD_COLUMN = {"kabupaten": "kecamatan", "period": "start", "budget_idr": "budget",
                 "places": "desa", "location": "location"}

INSTRUCTIONS = (
    ("Buku kerja ini berisi kegiatan lembaga Anda seperti yang tercatat di Sekber. Mohon periksa "
    "setiap baris, perbaiki yang keliru, tambahkan kegiatan baru, lalu kirim kembali ke "
    "sekretariat."),
    ("Sel berwarna kuning memiliki catatan (arahkan kursor ke sel untuk membacanya); kolom "
    "'Masalah Data' merangkum semua catatan baris itu. Setelah diperbaiki, catatan boleh "
    "dibiarkan: sekretariat memeriksanya lagi saat membangun atlas."),
    ("Jangan ubah kolom ID: ID dipakai untuk mencocokkan kegiatan Anda dengan salinan Sekber. "
    "Kegiatan baru: beri ID baru yang belum dipakai (misalnya singkatan lembaga dan nomor)."),
    ("Kecamatan dan desa: pilih dari daftar; beberapa desa dipisah titik koma. Kode Kemendagri "
    "di kolom Kode Desa dipakai bila nama dan kode berbeda; hapus kodenya bila Anda mengubah "
    "nama desa. Kegiatan di seluruh kabupaten: 'Seluruh Kabupaten' di kolom Kecamatan."),
    ("Tanggal sebagai tanggal (31/12/2024) atau bulan dan tahun (Juni 2024); anggaran dalam "
    "rupiah (250000000). Jangan ubah baris judul dan baris tagar HXL (baris 1 dan 2)."),
)


def partner_file_name(name: str, taken: Iterable[str] = ()) -> str:
    """Return a file name for an organisation's workbook, unique among ``taken``.

    >>> partner_file_name("Yayasan Rimba Kapuas")
    'yayasan-rimba-kapuas.xlsx'
    >>> partner_file_name("PT. Sawit/Makmur", taken={"pt-sawit-makmur.xlsx"})
    'pt-sawit-makmur-2.xlsx'
    """
    stem = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:60] or "lembaga"
    used = set(taken)
    candidate, n = f"{stem}.xlsx", 1
    while candidate in used:
        n += 1
        candidate = f"{stem}-{n}.xlsx"
    return candidate


def _joined(values: object) -> str:
    if isinstance(values, (tuple, list)):
        return "; ".join(str(v) for v in values)
    return "" if is_blank(values) else str(values)


def _budget(row: pd.Series) -> object:
    currency = str(row.get("budget_currency") or "")
    amount = row.get("budget_amount")
    if currency not in {"", "IDR"} and not is_blank(amount):
        return f"{currency} {amount:g}" if isinstance(amount, float) else f"{currency} {amount}"
    value = row.get("budget_idr")
    return None if value is None or is_blank(value) else round(float(value))


def _date(value: object) -> object:
    return None if is_blank(value) else pd.Timestamp(value).to_pydatetime()  # type: ignore[arg-type]


def activity_values(row: pd.Series, names: Mapping[str, str]) -> dict[str, object]:
    """Return the cells of one activity row: places by resolved name and code."""
    kec, desa = tuple(row.get("kecamatan_codes") or ()), tuple(row.get("desa_codes") or ())
    coded = bool(kec or desa or row.get("whole_district"))
    return {
        "activity_id": str(row["activity_id"]),
        "org": str(row.get("org") or row.get("org_written") or ""),
        "org_type": str(row.get("org_type") or ""), "title": _joined(row.get("title")),
        "theme": _joined(row.get("theme")),
        "kecamatan": (DISTRICT_WIDE if row.get("whole_district") else
                      "; ".join(names.get(c, c) for c in kec)) if coded
        else _joined(row.get("kecamatan_text")),
        "kecamatan_code": "; ".join(kec),
        "desa": "; ".join(names.get(c, c) for c in desa) if coded
        else _joined(row.get("desa_text")),
        "desa_code": "; ".join(desa),
        "location": "" if coded else _joined(row.get("location_text")),
        "start": _date(row.get("start")), "end": _date(row.get("end")),
        "budget": _budget(row), "funding": _joined(row.get("funding")),
        "action_items": _joined(row.get("action_items")),
        "area_refs": _joined(row.get("area_refs")), "status": _joined(row.get("status")),
    }


def _problem_column(problem: Problem) -> str | None:
    """Return the partner sheet's field a problem names, or None."""
    column = str(problem.column or "")
    fields = {c.field for c in PARTNER_COLUMNS}
    if column in fields:
        return column
    if column in _FIELD_COLUMN:
        return _FIELD_COLUMN[column]
    folded = fold_header(column)
    for name, aliases in ACTIVITIES.aliases.items():
        if folded in {fold_header(a) for a in aliases}:
            field = _FIELD_COLUMN.get(name, name)
            return field if field in fields else None
    return None


def _mark(ws: Worksheet, line: int, found: Sequence[Problem]) -> None:
    positions = {c.field: pos for pos, c in enumerate(PARTNER_COLUMNS, start=1)}
    notes: dict[int, list[str]] = {}
    for problem in found:
        field = _problem_column(problem)
        if field is not None:
            notes.setdefault(positions[field], []).append(problem.problem)
    for pos, texts in notes.items():
        cell = ws.cell(row=line, column=pos)
        cell.fill = PROBLEM_FILL
        cell.comment = Comment("\n".join(texts), "Sekber")
    summary = "\n".join(f"{p.severity}: {p.problem}" + (f" ({p.suggestion})" if p.suggestion
                                                         else "") for p in found)
    put(ws, line, positions["problems"], summary).alignment = Alignment(wrap_text=True)
    if found:
        ws.cell(row=line, column=positions["problems"]).fill = PROBLEM_FILL


def _org_row(name: str, rows: pd.DataFrame,
             organisations: Sequence[Organisation]) -> dict[str, object]:
    known = next((o for o in organisations if o.name == name), None)
    if known is not None:
        return {"name": known.name, "acronym": known.acronym, "org_type": known.org_type,
                "role": "; ".join(known.roles)}
    types = [t for t in rows["org_type"] if t]
    return {"name": name, "org_type": types[0] if types else ""}


def write_partner_workbooks(folder: str | Path, *, activities: pd.DataFrame,
                            organisations: Sequence[Organisation],
                            problems: Sequence[Problem], bounds: Boundaries) -> list[Path]:
    """Write one workbook per organisation of ``activities`` into ``folder``.

    Returns
    -------
    list of Path
        The workbooks written, in the order of the organisations' names.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    names = {str(c): str(n) for c, n in zip(bounds.kecamatan["code"], bounds.kecamatan["name"],
                                            strict=True)}
    names |= {str(c): str(n) for c, n in zip(bounds.desa["code"], bounds.desa["name"],
                                             strict=True)}
    by_id: dict[str, list[Problem]] = {}
    for problem in problems:
        if problem.record_id:
            by_id.setdefault(problem.record_id, []).append(problem)
    owner = activities["org"].where(activities["org"].astype(bool), activities["org_written"])
    written: list[Path] = []
    for name in sorted({str(o) for o in owner}):
        rows = activities[owner == name]
        wb = Workbook()
        wb.remove(wb.active)  # type: ignore[arg-type]
        lists = add_lists(wb, kecamatan=sorted(set(bounds.kecamatan["name"])),
                          desa=sorted(set(bounds.desa["name"])))
        orgs = wb.create_sheet(ORG_SHEET, 0)
        write_header(orgs, ORG_COLUMNS, lists)
        org = _org_row(name, rows, organisations)
        for pos, column in enumerate(ORG_COLUMNS, start=1):
            put(orgs, FIRST_DATA_ROW, pos, org.get(column.field) or None)
        ws = wb.create_sheet(ACTIVITY_SHEET, 0)
        write_header(ws, PARTNER_COLUMNS, lists)
        for line, (_, row) in enumerate(rows.iterrows(), start=FIRST_DATA_ROW):
            values = activity_values(row, names)
            for pos, column in enumerate(PARTNER_COLUMNS[:-1], start=1):
                cell = put(ws, line, pos, values.get(column.field) or None)
                if column.field in {"start", "end"}:
                    cell.number_format = "yyyy-mm-dd"
            _mark(ws, line, by_id.get(str(values["activity_id"]), []))
        write_instructions(wb, f"Kegiatan {name}: periksa dan kirim kembali", INSTRUCTIONS)
        wb.active = 1
        path = target / partner_file_name(name, {p.name for p in written})
        wb.save(path)
        written.append(path)
    return written
