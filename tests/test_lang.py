"""Messages in the chosen language: ``--lang id`` renders the user's sentences in Indonesian.

The English sentences below are those the broken-input corpus (``test_corpus.py``)
and the hostile-file corpus (``test_hostile_files.py``) assert; each must have an
Indonesian rendering that keeps its file names, quoted values and numbers as
they were. A handful are checked word for word, and through the command line:
the ``error:`` line of a refused build and the rows of ``validation.csv``.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import _corpus as corpus
import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.cli.messages import problem_text
from landscape.cli.translate import RULES, translate
from landscape.sample.generate import SamplePaths, write_sample

DTD = ("{where} declares a DTD or entities, which no map file or workbook needs and which can "
       "make a reader fetch other files or expand text without end; it is not read: export or "
       "save it again")
ELSEWHERE = ("lies outside kabupaten 61.05 and outside every unit of the boundaries file: at sea, "
             "or in a province or kabupaten it does not hold")

#: The refusals the corpora assert (the sentence after ``error:``).
REFUSALS = [
    ("areal.shp (layer areal) has no coordinate reference system (no .prj) and its coordinates "
     "are not longitude/latitude; add the .prj that came with the data, or assign the CRS in "
     "QGIS and export again"),
    ("plan.xlsx has no sheet with a header naming partner activities (e.g. Mitra, Judul "
     "Kegiatan, Kecamatan, Desa) or action items (e.g. No, Kegiatan, Lokasi) (sheets read: "
     "'Sheet1'); add such a header row"),
    ("plan.xlsx: sheet 'Rencana Aksi' has its header in row 41, below the first 30 rows where a "
     "header is looked for; delete the empty or title rows above the header"),
    ("plan.xlsx is protected by a password, so it cannot be read; open it in Excel, remove the "
     "password (File > Info > Protect Workbook) and save it again"),
    ("plan.xlsx is an Excel 97-2003 workbook (.xls), not .xlsx; open it in Excel and save it as "
     "Excel Workbook (.xlsx)"),
    ("plan.xlsx is a PDF document, not a workbook; ask for the Excel file (.xlsx) the PDF was "
     "made from"),
    ("plan.xlsx is damaged or incomplete (File is not a zip file); copy or download it again, or "
     "open it in Excel and save it again"),
    ("areal.geojson could not be read (Failed to read GeoJSON data); check that the file is "
     "complete and opens in QGIS, or export it again"),
    ("areal.gpkg could not be read (database disk image is malformed); check that the file is "
     "complete and opens in QGIS, or export it again"),
    ("dot-dot.zip holds an entry that would land outside its folder ('../evil.shp'); it is not "
     "opened: zip the files again from inside their folder"),
    ("drive.zip holds an entry that would land outside its folder ('C:/evil.shp'); it is not "
     "opened: zip the files again from inside their folder"),
    ("link.zip holds a symbolic link ('a.dbf'), which could point at any file of this machine; "
     "it is not opened: zip the files themselves again"),
    ("many.zip holds 4 entries, more than the 3 the toolkit opens (settings.ZIP_MAX_ENTRIES); "
     "zip only the files the map needs"),
    ("bomb.zip declares 2,147 MB once unzipped, more than the 1,074 MB the toolkit expands "
     "(settings.ZIP_MAX_BYTES); it is not opened: send the files unzipped or in parts"),
    ("liar.zip: entry 'a.shp' expands to more than the 1,000 bytes it declares (a zip bomb, or a "
     "damaged archive); it is not opened: zip the files again"),
    "plain.zip contains no .shp file; zip the .shp together with its .shx, .dbf and .prj",
    DTD.format(where="xxe.kml"),
    DTD.format(where="areas.kmz: files/doc.kml"),
    DTD.format(where="rencana.xlsx: xl/workbook.xml"),
    "track.gpx declares a DTD, which a GPX file never needs; export it again",
    ("titik.csv is 629 MB, larger than the 537 MB a CSV, GeoJSON, KML, GPX or GML file may be "
     "(settings.TEXT_INPUT_MAX_BYTES: these are read whole into memory); split it, or save it "
     "as a GeoPackage"),
]

#: The problems and suggestions the broken-input corpus asserts in ``validation.json``.
PROBLEMS = [
    ("the file has no coordinate reference system (no .prj); its coordinates look like "
     "longitude/latitude, so WGS 84 (EPSG:4326) was assumed"),
    "check the positions on a map; add the .prj that came with the data",
    "kosong.geojson contains no features, so nothing from it is on the map",
    "check that this is the file meant; export the layer again with its features",
    "the plan has a header but no rows: nothing can be mapped",
    "fill in one row per activity (or action item) under the header",
    ("feature 1 'BOW' had an invalid geometry (Self-intersection[111.21 -0.09]) and was "
     "repaired"),
    "feature 2 'OPEN' had a ring that was not closed; it was closed",
    "check the shape in QGIS (Vector > Geometry Tools > Check Validity)",
    ("feature 1 (line 2) 'P-1' has its coordinates in [lat, lon] order; they were read as "
     "[lon, lat]"),
    ("write longitude first (x = lon, y = lat): swap the lat and lon columns, or export the "
     "layer again as longitude/latitude (EPSG:4326)"),
    "feature 1 'ZERO' lies at 0,0 (no GPS fix), so it was dropped",
    "record the position again (the device had no GPS fix) or delete the feature",
    f"feature 2 'LAUT' {ELSEWHERE}",
    ("it is kept in results.gpkg but reaches no desa of this district; check its coordinates if "
     "it should"),
    "feature 1 'PTK' lies in kabupaten 61.71, outside kabupaten 61.05",
    "feature 1 (line 2): lat is 'nan', not a number, so the row was left out",
    "give decimal degrees (e.g. 0.1923 and 111.4312) or WKT (POINT (111.43 0.19))",
    "feature 1 'NAN' has coordinates that are not numbers (NaN or infinite), so it was dropped",
    "correct its coordinates or delete the feature",
    "feature 1 (line 2): the geometry is missing, so the row was left out",
    "row KM-4 is left off the map: none of the places or areas it gives could be placed",
    "ends (2024-02-01) before it starts (2024-12-01)",
    "check the start and end",
    ("not an amount: 'lihat lampiran' (expected a number with an optional currency and "
     "juta/M/ribu)"),
    "write e.g. Rp 150.000.000, 250 juta or 1,2 M",
    "organisation 'Yayasan Tidak Ada' is not on the organisation sheet",
    "kept as written with type LSM; add it to the sheet",
    "action item 9 does not exist",
    "check the action item number",
    "the ID 'KM-1' is also on row 2",
    "both rows are kept, this one as 'KM-1 (row 5)'; give each row its own ID",
    "the number '2' is also on row 3",
    "both rows are kept, this one as '2 (row 4)'; give each row its own number",
    ("the last row (row 2) has 8 of the 10 cells of the rows above and the file ends without a "
     "line break: the file looks cut short"),
    "check that the file is complete; copy or export it again",
]

#: What a rendering must carry over unchanged: quoted values, file names, numbers.
_KEPT = re.compile(r"'[^']*'|[\w.-]+\.(?:xlsx|xls|csv|shp|geojson|gpkg|zip|kmz|kml|gpx|gml|xml)\b"
                   r"|\d[\d.,:-]*\d|\d")


@pytest.mark.parametrize("english", REFUSALS + PROBLEMS)
def test_every_corpus_sentence_has_an_indonesian_rendering_keeping_its_values(
        english: str) -> None:
    indonesian = problem_text(english, "id")
    assert indonesian != english
    for kept in _KEPT.findall(english):
        assert kept in indonesian, (kept, indonesian)
    assert problem_text(english, "en") == english


@pytest.mark.parametrize(("english", "indonesian"), [
    (REFUSALS[5], ("plan.xlsx adalah dokumen PDF, bukan buku kerja; mintalah berkas Excel (.xlsx) "
                   "asal PDF tersebut")),
    (REFUSALS[2], ("plan.xlsx: baris judul kolom lembar 'Rencana Aksi' ada di baris 41, di bawah "
                   "30 baris pertama tempat baris judul kolom dicari; hapus baris kosong atau "
                   "baris judul di atasnya")),
    (REFUSALS[9], ("dot-dot.zip memuat entri yang akan tertulis di luar foldernya "
                   "('../evil.shp'); berkas tidak dibuka: buat ulang zip dari dalam folder "
                   "berkas-berkasnya")),
    (PROBLEMS[9], ("fitur 1 (baris 2) 'P-1' menuliskan koordinat dengan urutan [lat, lon]; "
                   "koordinat dibaca sebagai [lon, lat]")),
    (PROBLEMS[22], "tanggal selesai (2024-02-01) lebih awal dari tanggal mulai (2024-12-01)"),
    (PROBLEMS[26], "lembaga 'Yayasan Tidak Ada' tidak ada di lembar Mitra"),
    (PROBLEMS[30], "ID 'KM-1' juga ada di baris 2"),
])
def test_a_handful_word_for_word(english: str, indonesian: str) -> None:
    assert translate(english, "id") == indonesian


def test_a_sentence_no_rule_knows_stays_english_whole() -> None:
    unknown = "plan.xlsx is a PDF document, not a workbook; and something else entirely"
    assert translate(unknown, "id") == unknown
    assert translate(REFUSALS[5] + " (again)", "id") == REFUSALS[5] + " (again)"
    assert translate(REFUSALS[5], "en") == REFUSALS[5]


def test_every_rule_names_the_same_parts_in_both_languages() -> None:
    for english, indonesian in RULES:
        assert set(re.findall(r"\{(\w+)\}", english)) == set(re.findall(r"\{(\w+)\}",
                                                                         indonesian)), english


# --- through the command line ----------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SamplePaths:
    return write_sample(tmp_path_factory.mktemp("sample"))


def _build(sample: SamplePaths, plan: Path, out: Path, *lang: str) -> tuple[int, str]:
    run = CliRunner().invoke(main, ["build", "--boundaries", str(sample.boundaries), "--plan",
                                    str(plan), "--kabupaten", "61.05", "--out", str(out), *lang])
    return run.exit_code, run.output


def test_a_refused_build_speaks_the_chosen_language(sample: SamplePaths, tmp_path: Path) -> None:
    plan = corpus.renamed_pdf(tmp_path / "plan.xlsx")
    assert _build(sample, plan, tmp_path / "out", "--lang", "id") == (1, (
        "galat: plan.xlsx adalah dokumen PDF, bukan buku kerja; mintalah berkas Excel (.xlsx) "
        "asal PDF tersebut\n"))
    for lang in ((), ("--lang", "en")):  # English by default, and with --lang en
        assert _build(sample, plan, tmp_path / "out", *lang) == (1, f"error: {REFUSALS[5]}\n")
    assert not (tmp_path / "out").exists()


def test_validation_csv_in_indonesian_keeps_file_row_and_value(sample: SamplePaths,
                                                               tmp_path: Path) -> None:
    row = corpus.activity("KM-4", Mulai="2024-12-01", Selesai="2024-02-01")
    plan = corpus.forum_workbook(tmp_path / "plan.xlsx", activities=[*corpus.ACTIVITY_ROWS, row])
    rows = {}
    for lang in ("id", "en"):
        target = tmp_path / f"validation-{lang}.csv"
        run = CliRunner().invoke(main, ["validate", "--boundaries", str(sample.boundaries),
                                        "--plan", str(plan), "--kabupaten", "61.05", "--lang",
                                        lang, "--csv", str(target)])
        assert run.exit_code == 0, run.output
        rows[lang] = list(csv.reader(target.read_text(encoding="utf-8").splitlines()))
    assert rows["id"] == [
        ["tingkat", "berkas", "lembar", "baris", "id_baris", "kolom", "nilai", "masalah", "saran"],
        ["peringatan", "plan.xlsx", "Kegiatan Mitra", "5", "KM-4", "Selesai", "2024-02-01",
         "tanggal selesai (2024-02-01) lebih awal dari tanggal mulai (2024-12-01)",
         "periksa tanggal mulai dan selesai"]]
    assert rows["en"][1][7:] == ["ends (2024-02-01) before it starts (2024-12-01)",
                                 "check the start and end"]


def test_the_account_of_rows_and_features_speaks_the_chosen_language(sample: SamplePaths,
                                                                     tmp_path: Path) -> None:
    plan = corpus.forum_workbook(tmp_path / "plan.xlsx")
    code, output = _build(sample, plan, tmp_path / "out", "--lang", "id")
    assert code == 0, output
    # the correct workbook: 3 rows, 2 placed in a desa, 1 for the whole district
    assert "3 baris: 2 terpetakan, 1 tingkat kabupaten, 0 tidak dipetakan" in output.splitlines()
    assert f"{len(corpus.PLAN_ROWS)} butir rencana aksi" in output.splitlines()
    assert translate("3 action items", "id") == "3 butir rencana aksi"
    assert translate("many action items", "id") == "many action items"  # numbers only
