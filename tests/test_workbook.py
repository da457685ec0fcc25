"""Workbooks as people make them: merged cells, formulas, hidden sheets, far cells, text numbers.

Every workbook here is written with openpyxl, which saves formulas without their results
(as software does); a result is added to the XML by hand where a test needs one saved.
The intake cases (../shared/data/cases/intake, right values in its README) are built
with the real boundaries of Kabupaten Sintang.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from landscape import settings
from landscape.model import Organisation
from landscape.normalise.orgs import OrgIndex
from landscape.normalise.records import normalise_activities
from landscape.pipeline import build
from landscape.read.tables import read_tables
from landscape.read.workbook import read_workbook

HEADER = ["ID", "Mitra", "Judul Kegiatan", "Tema", "Kecamatan", "Desa", "Mulai", "Selesai",
          "Anggaran (Rp)", "No Rencana Aksi"]
ORGS = [Organisation("Yayasan Contoh Lestari", "YCL", "LSM"),
        Organisation("Perkumpulan Hutan Kita", "PHK", "LSM")]


def _day(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day)  # noqa: DTZ001 - Excel's dates are naive


def _activity(km: str, org: str | None, kec: str | None, desa: str | None,
              budget: object = 1_000_000) -> list[object]:
    return [km, org, f"Kegiatan {km}", "Gambut", kec, desa, _day(2023, 1, 1),
            _day(2023, 12, 31), budget, None]


def _save(book: Workbook, path: Path) -> Path:
    book.save(path)
    return path


def _cache(path: Path, formula: str, value: str) -> None:
    """Store a result for one formula, as Excel does when it saves."""
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    name = "xl/worksheets/sheet1.xml"
    old = f"<f>{formula}</f><v />".encode()
    assert old in parts[name]
    parts[name] = parts[name].replace(old, f"<f>{formula}</f><v>{value}</v>".encode())
    with zipfile.ZipFile(path, "w") as target:
        for part, data in parts.items():
            target.writestr(part, data)


# --- merged cells -------------------------------------------------------------------------

def test_merged_ranges_fill_every_cell_down_and_across(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["DAFTAR KEGIATAN MITRA 2023"])  # a title merged over the whole width
    sheet.merge_cells("A1:J1")
    sheet.append(HEADER)
    sheet.append(_activity("KM-01", "Yayasan Contoh Lestari", "Sepauk", "Nanga Pari"))
    sheet.append(_activity("KM-02", None, None, "Sekujam Timbai"))
    sheet.append(_activity("KM-03", None, None, "Semuntai"))
    sheet.merge_cells("B3:B5")
    sheet.merge_cells("E3:E5")
    sheet.append(_activity("KM-04", "Perkumpulan Hutan Kita", "Seluruh Kabupaten", None))
    sheet.merge_cells("E6:F6")  # one value across Kecamatan and Desa
    sheet.append(["Catatan: angka sementara"])  # a note merged over the whole width
    sheet.merge_cells("A7:J7")
    table = read_tables(_save(book, tmp_path / "merged.xlsx"))["activities"]
    assert table.header_row == 2
    rows = table.rows.set_index("activity_id")
    assert rows.loc[["KM-01", "KM-02", "KM-03"], "org"].tolist() == [
        "Yayasan Contoh Lestari"] * 3
    assert rows.loc[["KM-01", "KM-02", "KM-03"], "kecamatan"].tolist() == ["Sepauk"] * 3
    assert rows.loc["KM-04", ["kecamatan", "desa"]].tolist() == ["Seluruh Kabupaten"] * 2
    note = rows.loc["Catatan: angka sementara"]
    assert note.drop("source_row").dropna().tolist() == []  # title and note stay in one cell
    acts, problems = normalise_activities(table, OrgIndex(ORGS))
    assert acts["org"].tolist()[:4] == ["Yayasan Contoh Lestari"] * 3 + ["Perkumpulan Hutan Kita"]
    assert not [p for p in problems if "organisation" in p.problem and p.row != 7]


def test_merged_cells_case_builds_right(intake_dir: Path, admin_gpkg: Path) -> None:
    result = build(boundaries=admin_gpkg, plan=intake_dir / "01-merged-cells.xlsx",
                   kabupaten="61.05")
    who = result.who.set_index("activity_id")
    assert set(who.loc[["KM-01", "KM-02", "KM-03"], "org"]) == {"Yayasan Contoh Lestari"}
    assert who.loc["KM-02", "desa_code"] == "61.05.03.2010"
    assert who.loc["KM-03", "desa_code"] == "61.05.03.2011"
    sepauk = result.coverage_kecamatan.set_index("kecamatan").loc["Sepauk"]
    assert sepauk["n_orgs"] == 1
    assert not [p for p in result.problems if "no organisation" in p.problem]


# --- formulas ------------------------------------------------------------------------------

def _formula_book(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Kegiatan"
    sheet.append([*HEADER, "Honor", "Transport", "Bahan"])
    rows = [
        # arithmetic, a date function in a cell of no format, SUM over the row
        _activity("KM-01", "YCL", "Sepauk", "Nanga Pari", "=12*15000000"),
        _activity("KM-02", "YCL", "Sepauk", "Nanga Pari", "=SUM(K3:M3)"),
        _activity("KM-03", "YCL", "Sepauk", "Nanga Pari", "=ROUND(I2/3,0)+I3"),  # a chain
        _activity("KM-04", "YCL", "Sepauk", "Nanga Pari", "=Biaya!A1*2"),  # another sheet
        _activity("KM-05", "YCL", "Sepauk", "Nanga Pari", "=FOOBAR(1)"),  # unknown function
        _activity("KM-06", "YCL", "Sepauk", "Nanga Pari", "=1/0"),  # an Excel error
    ]
    for row in rows:
        row.extend([None] * 3)
    rows[0][7] = "=EDATE(G2,12)-1"
    rows[1][7] = "=G3+29"
    rows[2][7] = "=DATE(2024,6,30)"
    rows[1][10:13] = [20_000_000, 15_000_000, 5_000_000]
    rows[3][10] = "=H5-G5"  # two dates: a number of days, not a date
    for row in rows:
        sheet.append(row)
    sheet["J2"] = '="RA-"&"07"'  # text
    extra = book.create_sheet("Biaya")
    extra["A1"] = 7_500_000
    return _save(book, path)


def test_formulas_without_results_are_computed(tmp_path: Path) -> None:
    table = read_tables(_formula_book(tmp_path / "formulas.xlsx"))["activities"]
    rows = table.rows.set_index("activity_id")
    assert rows.loc["KM-01", "budget"] == 180_000_000
    assert rows.loc["KM-01", "end"] == _day(2023, 12, 31)
    assert rows.loc["KM-01", "action_items"] == "RA-07"
    assert rows.loc["KM-02", "budget"] == 40_000_000
    assert rows.loc["KM-02", "end"] == _day(2023, 1, 30)
    assert rows.loc["KM-03", "budget"] == 60_000_000 + 40_000_000
    assert rows.loc["KM-03", "end"] == _day(2024, 6, 30)
    assert rows.loc["KM-04", "budget"] == 15_000_000
    sheet = read_workbook(tmp_path / "formulas.xlsx")[0]
    assert sheet.grid[4][10] == 364  # =H5-G5: 2023-12-31 minus 2023-01-01


def test_a_formula_that_cannot_be_computed_is_reported_on_its_cell(tmp_path: Path) -> None:
    table = read_tables(_formula_book(tmp_path / "formulas.xlsx"))["activities"]
    reported = {(p.sheet, p.row, p.column, p.value, p.severity): p for p in table.problems}
    assert set(reported) == {("Kegiatan", 6, "I", "=FOOBAR(1)", "error"),
                             ("Kegiatan", 7, "I", "=1/0", "error")}
    assert "open and save the workbook in Excel or LibreOffice" in reported[
        ("Kegiatan", 6, "I", "=FOOBAR(1)", "error")].suggestion
    rows = table.rows.set_index("activity_id")
    assert rows.loc[["KM-05", "KM-06"], "budget"].isna().all()


def test_a_saved_result_is_used_as_saved(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(_activity("KM-01", "YCL", "Sepauk", "Nanga Pari", "=12*15000000"))
    sheet.append(_activity("KM-02", "YCL", "Sepauk", "Nanga Pari", "=2*1000"))
    path = _save(book, tmp_path / "cached.xlsx")
    _cache(path, "12*15000000", "999")  # Excel saved 999: that is what the user saw
    rows = read_tables(path)["activities"].rows
    assert rows["budget"].tolist() == [999, 2000]


def test_formulas_case_reads_right(intake_dir: Path) -> None:
    table = read_tables(intake_dir / "02-formulas-no-cache.xlsx")["activities"]
    rows = table.rows.set_index("activity_id")
    assert rows.loc["KM-01", "budget"] == 180_000_000
    assert rows.loc["KM-01", "end"] == _day(2023, 12, 31)
    assert rows.loc["KM-02", "budget"] == 40_000_000
    assert table.problems == []


# --- hidden and competing sheets -------------------------------------------------------------

def _sheet(book: Workbook, title: str, budget: int, *, hidden: bool = False) -> None:
    sheet = book.create_sheet(title)
    sheet.append(HEADER)
    sheet.append(_activity("KM-01", "YCL", "Sepauk", "Nanga Pari", budget))
    if hidden:
        sheet.sheet_state = "hidden"


def test_a_hidden_sheet_is_never_chosen_over_a_visible_one(tmp_path: Path) -> None:
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "Kegiatan lama", 1, hidden=True)
    _sheet(book, "Kegiatan", 2)
    table = read_tables(_save(book, tmp_path / "hidden.xlsx"))["activities"]
    assert (table.sheet, table.rows["budget"].tolist()) == ("Kegiatan", [2])
    [choice] = table.problems
    assert "'Kegiatan' and 'Kegiatan lama'" in choice.problem
    assert "hidden" in choice.problem


def test_two_visible_candidates_the_first_is_read_and_both_named(tmp_path: Path) -> None:
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "Kegiatan A", 1)
    _sheet(book, "Kegiatan B", 2)
    table = read_tables(_save(book, tmp_path / "two.xlsx"))["activities"]
    assert table.sheet == "Kegiatan A"
    assert [p.value for p in table.problems] == ["Kegiatan A; Kegiatan B"]
    assert "it comes first in the workbook" in table.problems[0].problem


@pytest.mark.parametrize(
    ("titles", "read", "why"),
    [
        (["Kegiatan Mitra 2022", "Kegiatan Mitra 2023"], "Kegiatan Mitra 2023", "later date"),
        (["Kegiatan 2023-05", "Kegiatan 2023-06"], "Kegiatan 2023-06", "later date"),
        (["Kegiatan Mitra", "Kegiatan Mitra 2022"], "Kegiatan Mitra 2022", "later date"),
        (["Kegiatan 2024", "Kegiatan 2023"], "Kegiatan 2024", "later date"),
        (["Kegiatan 2023", "Kegiatan 2023 (salinan)"], "Kegiatan 2023", "comes first"),
    ],
)
def test_of_equal_headers_the_sheet_named_for_the_latest_year_is_read(
        tmp_path: Path, titles: list[str], read: str, why: str) -> None:
    book = Workbook()
    book.remove(book.active)
    for n, title in enumerate(titles, start=1):
        _sheet(book, title, n)
    table = read_tables(_save(book, tmp_path / "years.xlsx"))["activities"]
    assert (table.sheet, table.rows["budget"].tolist()) == (read, [titles.index(read) + 1])
    [choice] = table.problems
    assert why in choice.problem
    other = next(t for t in titles if t != read)
    assert f"{read!r} was read" in choice.problem
    assert f"{other!r} was not" in choice.problem


def test_a_better_header_beats_a_later_year(tmp_path: Path) -> None:
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "Kegiatan 2022", 1)
    newer = book.create_sheet("Kegiatan 2023")
    newer.append(HEADER[:6])  # fewer columns understood
    newer.append(_activity("KM-01", "YCL", "Sepauk", "Nanga Pari")[:6])
    table = read_tables(_save(book, tmp_path / "better.xlsx"))["activities"]
    assert table.sheet == "Kegiatan 2022"
    assert "header matches more columns" in table.problems[0].problem


def test_a_table_only_on_a_hidden_sheet_is_read_and_reported(tmp_path: Path) -> None:
    book = Workbook()
    book.active.append(["Catatan"])
    _sheet(book, "Kegiatan", 3, hidden=True)
    table = read_tables(_save(book, tmp_path / "only-hidden.xlsx"))["activities"]
    assert table.rows["budget"].tolist() == [3]
    assert ["hidden sheet 'Kegiatan'" in p.problem for p in table.problems] == [True]


def test_sheets_of_different_kinds_are_no_choice(sample_dir: Path) -> None:
    tables = read_tables(sample_dir / "rencana-aksi.xlsx")
    assert [p for t in tables.values() for p in t.problems] == []


def test_hidden_old_sheet_case_reads_the_visible_one(intake_dir: Path, admin_gpkg: Path) -> None:
    result = build(boundaries=admin_gpkg, plan=intake_dir / "03-hidden-old-sheet.xlsx",
                   kabupaten="61.05")
    acts = result.linked.activities.set_index("activity_id")
    assert sorted(acts.index) == ["KM-01", "KM-02", "KM-03"]
    assert acts["budget_idr"].tolist() == [250_000_000, 50_000_000, 30_000_000]
    assert (str(acts.loc["KM-01", "start"]), str(acts.loc["KM-01", "end"])) == (
        "2023-01-01", "2024-12-31")
    who = result.who.set_index("activity_id")
    assert who.loc["KM-01", "desa"] == "Nanga Pari"
    assert who.loc["KM-02", "desa"] == "Ensaid Panjang"
    assert (who.loc["KM-03", "kecamatan"], who.loc["KM-03", "desa_code"]) == ("Dedai", "")
    assert not result.who["title"].str.contains("usulan awal").any()
    choices = [p for p in result.problems if "could both hold" in p.problem]
    assert [p.value for p in choices] == ["Kegiatan Mitra; Kegiatan Mitra 2022"]


# --- reading bounded by the data --------------------------------------------------------------

def test_a_formatted_cell_at_the_last_row_changes_nothing(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(_activity("KM-01", "YCL", "Sepauk", "Nanga Pari"))
    clean = read_tables(_save(book, tmp_path / "clean.xlsx"))["activities"]
    sheet.cell(1_048_576, 30).font = Font(bold=True)  # styled, empty
    sheet.cell(1, 16_384).font = Font(bold=True)  # and one in the last column
    path = _save(book, tmp_path / "far.xlsx")
    far = read_tables(path)["activities"]
    assert far.rows.equals(clean.rows)
    assert len(read_workbook(path)[0].grid) == 2


def test_reading_stops_after_a_long_run_of_empty_rows(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(_activity("KM-01", "YCL", "Sepauk", "Nanga Pari"))
    sheet.cell(6, 1, "KM-02")  # after 3 empty rows
    sheet.cell(17, 1, "KM-03")  # after 10 more
    path = _save(book, tmp_path / "gaps.xlsx")
    monkeypatch.setattr(settings, "EMPTY_ROW_RUN", 5)  # the setting is read at call time
    assert [r[0] for r in read_workbook(path)[0].grid if r] == ["ID", "KM-01", "KM-02"]
    assert len(read_workbook(path, empty_row_run=11)[0].grid) == 17


def test_styled_cell_case_gives_the_same_tables(intake_dir: Path) -> None:
    tables = read_tables(intake_dir / "04-styled-cell-last-row.xlsx")
    rows = tables["activities"].rows
    assert rows["activity_id"].tolist() == ["KM-01", "KM-02"]
    assert rows["source_row"].tolist() == [2, 3]
    assert len(tables["organisations"].rows) == 3


# --- numbers stored as text ---------------------------------------------------------------

def test_numbers_stored_as_text_are_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(_activity("KM-01", "YCL", "Sepauk", "Nanga Pari", "1.500.000"))
    sheet.append(_activity("KM-02", "YCL", "Sepauk", "Nanga Pari", "Rp 2.750.000,-"))
    sheet.append(_activity("KM-03", "YCL", "Sepauk", "Nanga Pari", "12.500.000,00"))
    sheet["J2"] = "3"
    table = read_tables(_save(book, tmp_path / "text.xlsx"))["activities"]
    acts, problems = normalise_activities(table, OrgIndex(ORGS))
    assert acts["budget_idr"].tolist() == [1_500_000, 2_750_000, 12_500_000]
    assert acts["action_items"].tolist()[0] == ("3",)
    assert not [p for p in problems if p.column == "budget"]
