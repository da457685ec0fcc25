"""Finding tables in messy workbooks and CSVs; organisations resolved to one name."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from landscape.errors import InputError, InputFileError
from landscape.model import Organisation
from landscape.normalise.orgs import OrgIndex, normalise_org_type
from landscape.normalise.records import normalise_action_items, normalise_activities
from landscape.read.tables import read_tables


def _workbook(path: Path) -> Path:
    book = Workbook()
    plan = book.active
    plan.title = "RA 2024"
    plan.append(["MATRIKS RENCANA AKSI FORUM"])
    plan.append([None])
    plan.append(["No.", "Isu Strategis", "Kegiatan", "Lokasi", "Tata Waktu", "PJ",
                 "Anggaran (Rp)"])
    plan.append([1, "Gambut", "Sekat kanal", "Kec. Dedai", "2023-2024", "DLH", "1,2 M"])
    plan.append([2, "Sawit", "ISPO", "Seluruh Kabupaten", "Q3 2024", "Dinas LH", "USD 25,000"])
    plan.append([None])
    plan.append(["Catatan: angka indikatif"])
    orgs = book.create_sheet("Members")
    orgs.append(["Organisation", "Acronym", "Type"])
    orgs.append(["Dinas Lingkungan Hidup Kabupaten Contoh", "DLH", "Government"])
    orgs.append(["Yayasan Air Jernih", "YAJ", "NGO"])
    acts = book.create_sheet("3W")
    acts.append(["Who", "What", "Sector", "Sub-district", "Village", "Start", "End", "Budget"])
    acts.append(["YAJ", "Patroli", "Karhutla", "Dedai", "", "Juni 2023", "Des 2023", "250 juta"])
    acts.append(["Yayasan Air Jernh", "Sekolah lapang", "Gambut", "Dedai", "", "2023", "", ""])
    book.save(path)
    return path


def test_workbook_sheets_found_by_header_not_by_name(tmp_path: Path) -> None:
    tables = read_tables(_workbook(tmp_path / "forum.xlsx"))
    assert tables["action_items"].sheet == "RA 2024"
    assert tables["action_items"].header_row == 3
    assert tables["organisations"].sheet == "Members"
    assert tables["activities"].sheet == "3W"
    assert list(tables["action_items"].rows["source_row"]) == [4, 5, 7]


def test_plan_rows_normalised_and_note_reported(tmp_path: Path) -> None:
    tables = read_tables(_workbook(tmp_path / "forum.xlsx"))
    index = OrgIndex([Organisation("Dinas Lingkungan Hidup Kabupaten Contoh", "DLH",
                                   "Pemerintah")], place_words={"contoh"})
    items, problems = normalise_action_items(tables["action_items"], index)
    assert list(items["item_no"]) == ["1", "2"]
    assert items["budget_idr"].iloc[0] == 1_200_000_000
    assert items["budget_idr"].iloc[1] is None or items["budget_idr"].isna().iloc[1]
    assert items["budget_currency"].iloc[1] == "USD"
    assert str(items["start"].iloc[0]) == "2023-01-01"
    assert str(items["end"].iloc[0]) == "2024-12-31"
    assert list(items["lead"]) == ["Dinas Lingkungan Hidup Kabupaten Contoh"] * 2
    rows = {p.row: p for p in problems}
    assert "note" in rows[7].problem
    assert "USD" in rows[5].problem


def test_csv_with_hxl_row_and_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "3w.csv"
    path.write_text("Lembaga;Kegiatan;Kecamatan;Desa;Dana\n#org;#activity;#adm3;#adm4;#value\n"
                    "YAJ;Patroli Café;Dedai;Sungai Mali;Rp 5.000.000\n", encoding="cp1252")
    tables = read_tables(path)
    table = tables["activities"]
    assert table.rows["source_row"].tolist() == [3]
    assert [p.value for p in table.problems] == ["cp1252"]
    acts, _ = normalise_activities(table, OrgIndex([Organisation("Yayasan Air Jernih", "YAJ",
                                                                 "LSM")]))
    assert acts["org"].tolist() == ["Yayasan Air Jernih"]
    assert acts["budget_idr"].tolist() == [5_000_000]
    assert acts["desa_text"].tolist() == ["Sungai Mali"]
    assert acts["title"].tolist() == ["Patroli Café"]


def test_csv_with_only_hxl_tags_understood(tmp_path: Path) -> None:
    path = tmp_path / "hxl.csv"
    path.write_text("A,B,C\n#org+name,#adm3+name,#sector\nYAJ,Dedai,Gambut\n")
    table = read_tables(path)["activities"]
    assert table.columns == {"org": "A", "kecamatan": "B", "theme": "C"}


def test_table_without_header_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "numbers.csv"
    path.write_text("1,2,3\n4,5,6\n")
    with pytest.raises(InputError, match=r"numbers\.csv has no sheet"):
        read_tables(path)
    with pytest.raises(InputFileError, match="does not exist"):
        read_tables(tmp_path / "missing.xlsx")
    odd = tmp_path / "plan.pdf"
    odd.write_bytes(b"%PDF")
    with pytest.raises(InputFileError, match=r"plan\.pdf is not a workbook"):
        read_tables(odd)


@pytest.mark.parametrize(("written", "expected"), [
    ("YRK", "Yayasan Rimba Kapuas"),
    ("Yayasan Rimba Kapus", "Yayasan Rimba Kapuas"),
    ("PT. Sawit Melawi Makmur", "PT Sawit Melawi Makmur"),
    ("BPBD Kab. Sintang", "Badan Penanggulangan Bencana Daerah Kabupaten Sintang"),
    ("Dinas LH", "Dinas Lingkungan Hidup Kabupaten Sintang"),
    ("KPH Stg. Timur", "KPH Sintang Timur"),
    ("Pelita Gambut", "Perkumpulan Pelita Gambut Sintang"),
    ("  Koperasi Tani Sepauk  Jaya", "Koperasi Tani Sepauk Jaya"),
    ("Kelompok Tani Hutan Bukit Entaban", None),
    ("Dinas", None),
    ("YAYASAN RÍMBA KAPUAS", "Yayasan Rimba Kapuas"),  # accents and case fold away
])
def test_org_forms(written: str, expected: str | None) -> None:
    orgs = [Organisation("Yayasan Rimba Kapuas", "YRK", "LSM"),
            Organisation("PT Sawit Melawi Makmur", "PT SMM", "Swasta"),
            Organisation("Badan Penanggulangan Bencana Daerah Kabupaten Sintang", "BPBD",
                         "Pemerintah"),
            Organisation("Dinas Lingkungan Hidup Kabupaten Sintang", "DLH", "Pemerintah"),
            Organisation("Dinas Perkebunan dan Peternakan Kabupaten Sintang", "Disbunnak",
                         "Pemerintah"),
            Organisation("KPH Sintang Timur", "KPHST", "Pemerintah"),
            Organisation("KPH Sintang Utara", "KPHSU", "Pemerintah"),
            Organisation("Perkumpulan Pelita Gambut Sintang", "PPGS", "LSM"),
            Organisation("Koperasi Tani Sepauk Jaya", "KTSJ", "Masyarakat/CSO")]
    match = OrgIndex(orgs, place_words={"Sintang"}).resolve(written)
    assert (match.org.name if match.org else None) == expected


@pytest.mark.parametrize(("written", "expected"), [
    ("NGO", "LSM"), ("Masyarakat", "Masyarakat/CSO"), ("Government", "Pemerintah"),
    ("Mitra Pembangunan", "Mitra Pembangunan"), ("Private sector", "Swasta"),
    ("Universitas", "Akademisi"), ("", None), ("zzz", None),
])
def test_org_types(written: str, expected: str | None) -> None:
    assert normalise_org_type(written) == expected


def test_two_row_header_with_merged_group_and_column_numbers(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Matriks"
    sheet.append(["MATRIKS RENCANA AKSI"])
    sheet.append(["No", "Kegiatan", "Lokasi", "Tata Waktu", None, "Anggaran"])
    sheet.merge_cells("D2:E2")
    sheet.append([None, None, None, "Mulai", "Selesai", None])
    sheet.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])
    sheet.append([1, "Sekat kanal", "Dedai", "Juni 2023", "Des 2024", "250 juta"])
    path = tmp_path / "matriks.xlsx"
    book.save(path)
    table = read_tables(path)["action_items"]
    assert table.header_row == 2
    assert set(table.columns) == {"item_no", "activity", "location", "start", "end", "budget"}
    assert table.rows["source_row"].tolist() == [5]
    items, problems = normalise_action_items(table, OrgIndex([]))
    assert (str(items["start"].iloc[0]), str(items["end"].iloc[0])) == ("2023-06-01",
                                                                        "2024-12-31")
    assert items["budget_idr"].tolist() == [250_000_000]
    assert problems == []


def test_budget_header_in_millions_scales_plain_numbers(tmp_path: Path) -> None:
    path = tmp_path / "3w.csv"
    path.write_text("Pelaksana;Nama Kegiatan;Kecamatan;Total Anggaran (Rp juta)\n"
                    "YAJ;Patroli;Dedai;150\nYAJ;Sekolah;Dedai;1,2 M\nYAJ;Bibit;Dedai;\n")
    table = read_tables(path)["activities"]
    assert table.columns["budget"] == "Total Anggaran (Rp juta)"
    acts, problems = normalise_activities(table, OrgIndex([]))
    assert acts["budget_idr"].tolist()[:2] == [150_000_000, 1_200_000_000]
    assert acts["budget_idr"].isna().tolist()[2]
    assert [p.row for p in problems if "multiples of 1,000,000" in p.problem] == [1]


def test_org_suggestion_is_the_closest_name_above_the_cutoff() -> None:
    index = OrgIndex([Organisation("Yayasan Rimba Kapuas", "YRK", "LSM"),
                      Organisation("WWF Indonesia", "WWF", "LSM")])
    # "yayasan rimba" is 2 * 13 / 33 = 0.79 from "yayasan rimba kapuas": above the
    # suggestion cut-off (0.6), below the match cut-off (0.84)
    assert index.suggest("Yayasan Rimba") == "Yayasan Rimba Kapuas"
    assert index.suggest("Dinas Pertanian") == ""


def test_org_apostrophes_fold_away() -> None:
    forum = Organisation("Forum Jum\u2019at Hijau", "FJH", "Masyarakat/CSO")
    match = OrgIndex([forum]).resolve("Forum Jumat Hijau")
    assert (match.org, match.method, match.confidence) == (forum, "exact", 1.0)
