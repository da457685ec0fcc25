"""The words of the meeting workbook in Bahasa Indonesia and English: sheets, headers, notes.

A column's kind decides its number format in the workbook: ``idr`` (whole rupiah),
``ha`` (hectares, one decimal), ``date``, ``int``, ``share`` (a fraction shown
as per cent) or ``text``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

#: Sheet key -> (Indonesian name, English name); Excel allows 31 characters.
SHEETS: Final = MappingProxyType({
    "summary": ("Ringkasan", "Summary"),
    "matrix_count": ("3W jumlah kegiatan", "3W activity counts"),
    "matrix_budget": ("3W anggaran", "3W budgets"),
    "activities": ("Kegiatan", "Activities"),
    "plan": ("Rencana vs capaian", "Plan vs reached"),
    "roles": ("Peran", "Roles"),
    "budget": ("Anggaran sumber-tahun", "Budget by source-year"),
    "overlaps": ("Tumpang tindih", "Overlaps"),
    "gaps": ("Celah", "Gaps"),
    "changes": ("Perubahan", "Changes"),
    "problems": ("Masalah data", "Data problems"),
})

#: Column -> (Indonesian header, English header, kind).
COLUMNS: Final = MappingProxyType({
    "activity_id": ("ID kegiatan", "Activity ID", "text"),
    "org": ("Lembaga", "Organisation", "text"),
    "org_type": ("Jenis lembaga", "Organisation type", "text"),
    "title": ("Kegiatan", "Activity", "text"),
    "theme": ("Tema", "Theme", "text"),
    "kecamatan_code": ("Kode kecamatan", "Kecamatan code", "text"),
    "kecamatan": ("Kecamatan", "Kecamatan", "text"),
    "desa_code": ("Kode desa", "Desa code", "text"),
    "desa": ("Desa", "Desa", "text"),
    "precision": ("Ketelitian lokasi", "Location precision", "text"),
    "area_ha": ("Luas (ha)", "Area (ha)", "ha"),
    "start": ("Mulai", "Start", "date"),
    "end": ("Selesai", "End", "date"),
    "budget_idr": ("Anggaran kegiatan (Rp)", "Activity budget (IDR)", "idr"),
    "budget_share_idr": ("Bagian anggaran (Rp)", "Budget share (IDR)", "idr"),
    "n_places": ("Jumlah tempat kegiatan", "Places of the activity", "int"),
    "funding": ("Sumber dana", "Funding", "text"),
    "action_item": ("Rencana aksi", "Action item", "text"),
    "item_no": ("No. rencana aksi", "Action item no.", "text"),
    "issue": ("Isu", "Issue", "text"),
    "activity": ("Rencana aksi", "Action item", "text"),
    "lead": ("Penanggung jawab", "Lead", "text"),
    "status": ("Status", "Status", "text"),
    "planned_kecamatan": ("Kecamatan direncanakan", "Kecamatan planned", "text"),
    "actual_kecamatan": ("Kecamatan tercapai", "Kecamatan reached", "text"),
    "planned_not_reached": ("Direncanakan, belum tercapai", "Planned, not reached", "text"),
    "reached_not_planned": ("Tercapai, tidak direncanakan", "Reached, not planned", "text"),
    "n_desa_planned": ("Desa direncanakan", "Desa planned", "int"),
    "n_desa_reached": ("Desa direncanakan tercapai", "Planned desa reached", "int"),
    "n_activities": ("Jumlah kegiatan", "Activities", "int"),
    "orgs": ("Lembaga", "Organisations", "text"),
    "budget_planned_idr": ("Anggaran rencana (Rp)", "Budget planned (IDR)", "idr"),
    "budget_activities_idr": ("Anggaran kegiatan mitra (Rp)", "Partner budgets (IDR)", "idr"),
    "has_activity": ("Ada kegiatan", "Has activity", "text"),
    "role": ("Peran", "Role", "text"),
    "kecamatan_names": ("Kecamatan", "Kecamatan", "text"),
    "source": ("Sumber dana", "Funding source", "text"),
    "year": ("Tahun", "Year", "int"),
    "n_items": ("Jumlah rencana aksi", "Action items", "int"),
    "n_items_without_budget": ("Tanpa anggaran", "Without budget", "int"),
    "org_a": ("Lembaga A", "Organisation A", "text"),
    "org_b": ("Lembaga B", "Organisation B", "text"),
    "level": ("Tingkat", "Level", "text"),
    "code": ("Kode", "Code", "text"),
    "name": ("Nama", "Name", "text"),
    "priority": ("Prioritas", "Priority", "text"),
    "value": ("Nilai", "Value", "num"),
    "unit": ("Satuan", "Unit", "text"),
    "years": ("Tahun", "Years", "text"),
    "share_of_unit": ("Bagian wilayah", "Share of unit", "share"),
    "rank": ("Peringkat", "Rank", "int"),
    "severity": ("Tingkat masalah", "Severity", "text"),
    "file": ("Berkas", "File", "text"),
    "sheet": ("Lembar", "Sheet", "text"),
    "row": ("Baris", "Row", "int"),
    "record_id": ("ID baris", "Row id", "text"),
    "column": ("Kolom", "Column", "text"),
    "problem": ("Masalah", "Problem", "text"),
    "suggestion": ("Perbaikan", "Fix", "text"),
    "kind": ("Jenis", "Kind", "text"),
    "change": ("Perubahan", "Change", "text"),
    "key": ("Kunci", "Key", "text"),
    "label": ("Keterangan", "Label", "text"),
    "field": ("Isian", "Field", "text"),
    "old": ("Sebelumnya", "Before", "text"),
    "new": ("Sekarang", "Now", "text"),
    "what": ("Hal", "What", "text"),
    "amount": ("Nilai", "Value", "text"),
    "total": ("Jumlah", "Total", "idr"),
})

#: Fixed words of the sheets.
WORDS: Final = MappingProxyType({
    "title": ("Laporan pertemuan", "Meeting report"),
    "data_date": ("Tanggal data", "Data date"),
    "kabupaten": ("Kabupaten", "Kabupaten"),
    "n_orgs": ("Lembaga dengan kegiatan", "Organisations with activities"),
    "n_activities": ("Kegiatan", "Activities"),
    "n_items": ("Rencana aksi", "Action items"),
    "n_items_reached": ("Rencana aksi dengan kegiatan", "Action items with activities"),
    "budget": ("Anggaran kegiatan mitra (Rp)", "Partner activity budgets (IDR)"),
    "n_overlaps": ("Tumpang tindih areal", "Overlapping areas"),
    "n_gaps": ("Celah prioritas", "Priority gaps"),
    "n_errors": ("Masalah data: galat", "Data problems: errors"),
    "n_warnings": ("Masalah data: peringatan", "Data problems: warnings"),
    "n_info": ("Masalah data: info", "Data problems: info"),
    "n_changes": ("Perubahan sejak pertemuan lalu", "Changes since the last meeting"),
    "sources": ("Sumber data", "Sources"),
    "rows": ("Baris kegiatan", "Activity rows"),
    "whole_district": ("Seluruh kabupaten", "Whole district"),
    "total": ("Jumlah", "Total"),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "note_shares": (
        ("Bagian anggaran: anggaran kegiatan dibagi rata ke tempat-tempatnya dalam rupiah "
        "utuh, sehingga jumlahnya sama dengan anggaran kegiatan."),
        ("Budget share: an activity's budget divided equally among its places in whole "
        "rupiah, so the shares add up to the activity's budget.")),
})

#: The words of changes.csv (kind, change, field) in Bahasa Indonesia, for the report's sheet.
CHANGE_WORDS_ID: Final = MappingProxyType({
    "activity": "kegiatan", "organisation": "lembaga", "overlap": "tumpang tindih",
    "gap": "celah", "item": "rencana aksi", "budget": "anggaran", "new": "baru",
    "removed": "dihapus", "ended": "berakhir", "changed": "berubah", "gone": "tidak ada lagi",
    "resolved": "teratasi", "opened": "terbuka", "closed": "tertutup",
    "gained activity": "mendapat kegiatan", "lost activity": "kehilangan kegiatan",
    "shifted": "bergeser", "places": "tempat", "budget_idr": "anggaran (Rp)", "start": "mulai",
    "end": "selesai", "org": "lembaga", "title": "judul", "has_activity": "ada kegiatan",
})
SEVERITY_ORDER: Final = ("error", "warning", "info")
SEVERITY_WORDS: Final = MappingProxyType({
    "error": ("galat", "error"), "warning": ("peringatan", "warning"), "info": ("info", "info"),
})


def pick(pair: tuple[str, str], lang: str) -> str:
    """Return the English of a pair for ``lang == "en"``, else the Indonesian.

    >>> pick(SHEETS["summary"], "en"), pick(SHEETS["summary"], "id")
    ('Summary', 'Ringkasan')
    """
    return pair[1] if lang == "en" else pair[0]


def header(column: str, lang: str) -> str:
    """Return the header of ``column`` in ``lang`` (the column's own name if unknown)."""
    found = COLUMNS.get(column)
    return column if found is None else (found[1] if lang == "en" else found[0])


def kind(column: str) -> str:
    """Return the kind of ``column`` (``idr``, ``ha``, ``date``, ``int``, ``share``, ``text``)."""
    found = COLUMNS.get(column)
    return "text" if found is None else found[2]
