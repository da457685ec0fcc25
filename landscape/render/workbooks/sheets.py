"""The pieces every workbook the toolkit writes shares: columns, HXL row, lists, instructions.

Every header below is one the reader knows (:mod:`landscape.read.schema`) and every
hashtag one its HXL rules take, so a workbook written here is read back as written.
Drop-down lists are data validations over a hidden sheet ``Daftar``; those whose
cell may hold several values (desa, funding sources) only inform, never refuse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from landscape.normalise.orgs import ORG_TYPES

__all__ = ["ACTIVITY_COLUMNS", "ACTIVITY_SHEET", "FIRST_DATA_ROW", "FUNDING_SOURCES",
           "LISTS_SHEET", "ORG_COLUMNS", "ORG_SHEET", "PLAN_COLUMNS", "PLAN_SHEET",
           "PROBLEM_FILL", "STATUSES", "Column", "Lists", "add_lists", "put", "write_header",
           "write_instructions"]

ACTIVITY_SHEET = "Kegiatan Mitra"
ORG_SHEET = "Mitra"
PLAN_SHEET = "Rencana Aksi"
LISTS_SHEET = "Daftar"
INSTRUCTIONS_SHEET = "Petunjuk"
FIRST_DATA_ROW = 3  # row 1: the headers, row 2: the HXL hashtags
LAST_VALIDATED_ROW = 2000

STATUSES = ("Rencana", "Berjalan", "Selesai", "Tertunda", "Batal")
FUNDING_SOURCES = ("APBN", "APBD", "APBDes", "Hibah/Donor", "CSR", "Swadaya", "Lainnya")
PROBLEM_FILL = PatternFill("solid", fgColor="FFE699")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TAG_FONT = Font(italic=True, color="808080")


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the field it holds, its header, its hashtag, its list and its width."""

    field: str
    header: str
    tag: str
    width: int = 16
    choices: str | None = None  # a list of the ``Daftar`` sheet
    strict: bool = True  # refuse a value outside the list (False: inform only)


ACTIVITY_COLUMNS = (
    Column("activity_id", "ID", "#activity+id", 12),
    Column("org", "Mitra", "#org+impl", 34),
    Column("org_type", "Jenis Lembaga", "#org+impl+type", 18, "org_types"),
    Column("title", "Judul Kegiatan", "#activity+name", 44),
    Column("theme", "Tema", "#sector", 24),
    Column("kecamatan", "Kecamatan", "#adm3+name", 22, "kecamatan", strict=False),
    Column("kecamatan_code", "Kode Kecamatan", "#adm3+code", 14),
    Column("desa", "Desa", "#adm4+name", 28, "desa", strict=False),
    Column("desa_code", "Kode Desa", "#adm4+code", 18),
    Column("start", "Mulai", "#date+start", 12),
    Column("end", "Selesai", "#date+end", 12),
    Column("budget", "Anggaran (Rp)", "#value", 16),
    Column("funding", "Sumber Dana", "#org+funder", 18, "funding", strict=False),
    Column("action_items", "No Rencana Aksi", "#activity+plan+code", 14),
    Column("area_refs", "Sumber Area", "#geo+ref", 30),
    Column("status", "Status", "#status", 12, "status"),
)
ORG_COLUMNS = (
    Column("name", "Nama", "#org+name", 44),
    Column("acronym", "Singkatan", "#org+acronym", 14),
    Column("org_type", "Jenis", "#org+type", 18, "org_types"),
    Column("role", "Peran di Sekber", "#org+role", 30),
    Column("contact", "Kontak", "#contact", 30),
)
PLAN_COLUMNS = (
    Column("item_no", "No", "#meta+id", 6),
    Column("issue", "Isu Strategis", "#sector+issue", 28),
    Column("program", "Program", "#activity+programme", 28),
    Column("activity", "Kegiatan", "#activity+name", 40),
    Column("output", "Output", "", 24),
    Column("indicator", "Indikator", "#indicator", 24),
    Column("target", "Target", "#targeted", 14),
    Column("location", "Lokasi", "#loc+name", 24, "kecamatan", strict=False),
    Column("start", "Mulai", "#date+start", 12),
    Column("end", "Selesai", "#date+end", 12),
    Column("lead", "Penanggung Jawab", "#org+lead", 28),
    Column("supports", "Pihak Terkait", "#org+support", 28),
    Column("funding", "Sumber Dana", "#org+funder", 18, "funding", strict=False),
    Column("budget", "Anggaran (Rp)", "#value", 16),
    Column("status", "Status", "#status", 12, "status"),
)

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _safe_text(text: str) -> str:
    """Return ``text`` as a workbook cell may hold it (no control characters).

    The cell is written as text (never a formula) by :func:`put`.

    >>> _safe_text("Desa" + chr(7) + " Baru")
    'Desa Baru'
    """
    return _ILLEGAL.sub("", text)


def put(ws: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write ``value`` into a cell; text is always text (``=A1`` stays ``=A1``, not a formula)."""
    cell = cast("Cell", ws.cell(row=row, column=column))
    if isinstance(value, str):
        cell.value = _safe_text(value)
        cell.data_type = "s"
    else:
        cell.value = value  # type: ignore[assignment]
    return cell


@dataclass(frozen=True, slots=True)
class Lists:
    """The ranges of the ``Daftar`` sheet's lists, by name (``org_types``, ``desa``...)."""

    ranges: dict[str, str]


def add_lists(wb: Workbook, *, kecamatan: Sequence[str], desa: Sequence[str]) -> Lists:
    """Add the hidden ``Daftar`` sheet: organisation types, status, funding, kecamatan, desa."""
    ws = wb.create_sheet(LISTS_SHEET)
    columns = {"org_types": ("daftar jenis lembaga", ORG_TYPES),
               "status": ("daftar status", STATUSES),
               "funding": ("daftar sumber dana", FUNDING_SOURCES),
               "kecamatan": ("daftar kecamatan", tuple(kecamatan)),
               "desa": ("daftar desa", tuple(desa))}
    ranges = {}
    for pos, (name, (title, values)) in enumerate(columns.items(), start=1):
        put(ws, 1, pos, title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            put(ws, row, pos, value)
        letter = get_column_letter(pos)
        ranges[name] = f"{LISTS_SHEET}!${letter}$2:${letter}${max(len(values) + 1, 2)}"
        ws.column_dimensions[letter].width = 32
    ws.sheet_state = "hidden"
    return Lists(ranges)


def write_header(ws: Worksheet, columns: Sequence[Column], lists: Lists | None = None) -> None:
    """Write the header row, the HXL row, the widths and the drop-down lists of a sheet."""
    for pos, column in enumerate(columns, start=1):
        head = put(ws, 1, pos, column.header)
        head.font, head.fill = Font(bold=True), _HEADER_FILL
        put(ws, 2, pos, column.tag).font = _TAG_FONT
        letter = get_column_letter(pos)
        ws.column_dimensions[letter].width = column.width
        if lists is None or column.choices is None:
            continue
        check = DataValidation(type="list", formula1=lists.ranges[column.choices],
                               allow_blank=True, showErrorMessage=True,
                               errorStyle="stop" if column.strict else "information")
        check.error = ("Pilih dari daftar." if column.strict
                       else "Nilai ini tidak ada di daftar; periksa ejaannya.")
        check.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_VALIDATED_ROW}")
        ws.add_data_validation(check)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"


def write_instructions(wb: Workbook, title: str, lines: Sequence[str]) -> Worksheet:
    """Add the ``Petunjuk`` sheet (first): a title and one paragraph per row."""
    ws: Worksheet = wb.create_sheet(INSTRUCTIONS_SHEET, 0)
    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    for row, line in enumerate(lines, start=3):
        put(ws, row, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 110
    return ws
