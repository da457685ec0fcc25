"""A corpus of broken inputs: each case asserts the exact sentence and exit code the user gets.

Every case runs ``landscape build`` on the demo sample's boundaries (Kabupaten Sintang,
written by ``write_sample``; no shared data) with small files written by the builders
of ``tests/_corpus.py``. A file that cannot be used at all is one sentence after
``error:`` and exit code 1; a value or feature that cannot be used as written builds
(exit code 0) with its problem in ``validation.json``, naming the file, row or feature
and the fix. Every case also checks that its inputs are byte for byte as they were.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import _corpus as corpus
import geopandas as gpd
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from landscape.cli import main
from landscape.sample.generate import SamplePaths, write_sample

SQUARE = [(111.20, -0.10), (111.22, -0.10), (111.22, -0.08), (111.20, -0.08), (111.20, -0.10)]
QGIS_FIX = "check the shape in QGIS (Vector > Geometry Tools > Check Validity)"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SamplePaths:
    return write_sample(tmp_path_factory.mktemp("sample"))


@dataclass
class Outcome:
    """What the user gets: the exit code, the terminal's text and ``validation.json``."""

    code: int
    output: str
    problems: list[dict[str, Any]]
    out: Path

    def error(self) -> str:
        """The one ``error:`` line of a refused build (no traceback, no build folder)."""
        assert self.code == 1, self.output
        assert "Traceback" not in self.output
        lines = self.output.strip().splitlines()
        assert len(lines) == 1, self.output
        assert not self.out.exists()
        return lines[0]

    def said(self, severity: str | None = None) -> list[tuple[Any, ...]]:
        """(file, row, problem, suggestion, severity, dropped) of the problems, in order."""
        assert self.code == 0, self.output
        return [(p["file"], p["row"], p["problem"], p["suggestion"], p["severity"],
                 p["dropped"]) for p in self.problems
                if severity is None or p["severity"] == severity]

    def who(self) -> pd.DataFrame:
        return pd.read_csv(self.out / "who-does-what-where.csv", dtype=str)


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "out" not in p.parts}


def build(sample: SamplePaths, folder: Path, *, plan: Path | None = None,
          areas: tuple[Path, ...] = ()) -> Outcome:
    """Run ``landscape build``; the inputs in ``folder`` must come out unchanged."""
    plan = plan or corpus.forum_workbook(folder / "plan.xlsx")
    before = _hashes(folder)
    out = folder / "out"
    args = ["build", "--boundaries", str(sample.boundaries), "--plan", str(plan),
            "--kabupaten", "61.05", "--out", str(out)]
    args += [x for area in areas for x in ("--areas", str(area))]
    run = CliRunner().invoke(main, args)
    assert _hashes(folder) == before  # inputs are never modified
    problems = (json.loads((out / "validation.json").read_text(encoding="utf-8"))
                if run.exit_code == 0 else [])
    return Outcome(run.exit_code, run.output, problems, out)


def _activities(*rows: list[Any]) -> list[list[Any]]:
    return [*corpus.ACTIVITY_ROWS, *rows]


# --- the files a build is given -----------------------------------------------------------


def test_a_correct_workbook_builds_without_a_problem(sample: SamplePaths, tmp_path: Path) -> None:
    done = build(sample, tmp_path)
    assert done.said() == []
    assert "3 rows: 2 placed, 1 district-wide, 0 left off the map" in done.output


def test_a_shapefile_without_prj_in_lon_lat_is_taken_as_wgs84(sample: SamplePaths,
                                                              tmp_path: Path) -> None:
    shp = corpus.shapefile(tmp_path / "areal.shp", [corpus.feature("A-1", corpus.polygon(SQUARE))],
                           prj=False)
    done = build(sample, tmp_path, areas=(shp,))
    assert done.said("warning")[0] == (
        "areal.shp", None, ("the file has no coordinate reference system (no .prj); its "
        "coordinates look like longitude/latitude, so WGS 84 (EPSG:4326) was assumed"),
        "check the positions on a map; add the .prj that came with the data", "warning", False)
    assert "1 features: 1 linked, 0 left off the map" in done.output


def test_a_shapefile_without_prj_in_metres_is_refused(sample: SamplePaths, tmp_path: Path) -> None:
    utm = gpd.GeoSeries([shapely.Polygon(SQUARE)], crs="EPSG:4326").to_crs("EPSG:32749")
    feature = corpus.feature("A-1", shapely.geometry.mapping(utm.iloc[0]))
    shp = corpus.shapefile(tmp_path / "areal.shp", [feature], prj=False, crs="EPSG:32749")
    assert build(sample, tmp_path, areas=(shp,)).error() == (
        "error: areal.shp (layer areal) has no coordinate reference system (no .prj) and its "
        "coordinates are not longitude/latitude; add the .prj that came with the data, or "
        "assign the CRS in QGIS and export again")


@pytest.mark.parametrize("name", ["kosong.geojson", "kosong.csv"])
def test_an_area_file_with_no_features_is_said(name: str, sample: SamplePaths,
                                               tmp_path: Path) -> None:
    path = tmp_path / name
    if name.endswith(".csv"):
        path.write_text("id,lat,lon,mitra\n", encoding="utf-8")
    else:
        corpus.geojson(path, [])
    done = build(sample, tmp_path, areas=(path,))
    assert done.said() == [(
        name, None, f"{name} contains no features, so nothing from it is on the map",
        "check that this is the file meant; export the layer again with its features",
        "warning", False)]


def test_a_csv_plan_with_a_header_only_builds_nothing_and_says_so(sample: SamplePaths,
                                                                  tmp_path: Path) -> None:
    done = build(sample, tmp_path, plan=corpus.csv_plan(tmp_path / "3w.csv", []))
    assert done.said() == [(
        "3w.csv", None, "the plan has a header but no rows: nothing can be mapped",
        "fill in one row per activity (or action item) under the header", "error", False)]
    assert "the plan has no rows: nothing was mapped (see validation.json)" in done.output


def test_a_workbook_without_the_expected_sheets_is_refused(sample: SamplePaths,
                                                           tmp_path: Path) -> None:
    plan = corpus.workbook(tmp_path / "plan.xlsx", {"Sheet1": [["Tanggal", "Catatan"],
                                                               ["2024-01-01", "rapat"]]})
    assert build(sample, tmp_path, plan=plan).error() == (
        "error: plan.xlsx has no sheet with a header naming partner activities (e.g. Mitra, "
        "Judul Kegiatan, Kecamatan, Desa) or action items (e.g. No, Kegiatan, Lokasi) (sheets "
        "read: 'Sheet1'); add such a header row")


def test_a_header_under_a_title_block_is_found(sample: SamplePaths, tmp_path: Path) -> None:
    done = build(sample, tmp_path, plan=corpus.forum_workbook(tmp_path / "plan.xlsx",
                                                              title_rows=7))
    assert done.said() == []  # headers in row 8 of every sheet
    assert "3 rows: 2 placed, 1 district-wide, 0 left off the map" in done.output


def test_a_header_below_the_rows_searched_is_named(sample: SamplePaths, tmp_path: Path) -> None:
    plan = corpus.forum_workbook(tmp_path / "plan.xlsx", title_rows=40)
    assert build(sample, tmp_path, plan=plan).error() == (
        "error: plan.xlsx: sheet 'Rencana Aksi' has its header in row 41, below the first 30 "
        "rows where a header is looked for; delete the empty or title rows above the header")


@pytest.mark.parametrize(("kind", "expected"), [
    ("password", ("plan.xlsx is protected by a password, so it cannot be read; open it in "
                 "Excel, remove the password (File > Info > Protect Workbook) and save it again")),
    ("xls", ("plan.xlsx is an Excel 97-2003 workbook (.xls), not .xlsx; open it in Excel and "
            "save it as Excel Workbook (.xlsx)")),
    ("pdf", ("plan.xlsx is a PDF document, not a workbook; ask for the Excel file (.xlsx) the "
            "PDF was made from")),
    ("cut", ("plan.xlsx is damaged or incomplete (File is not a zip file); copy or download it "
            "again, or open it in Excel and save it again")),
])
def test_a_file_that_is_not_a_readable_workbook_is_named_for_what_it_is(
        kind: str, expected: str, sample: SamplePaths, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    if kind == "password":
        corpus.encrypted_workbook(path)
    elif kind == "xls":
        corpus.encrypted_workbook(path, streams=("Workbook", "SummaryInformation"))
    elif kind == "pdf":
        corpus.renamed_pdf(path)
    else:
        corpus.truncated(corpus.forum_workbook(path))
    assert build(sample, tmp_path, plan=path).error() == f"error: {expected}"


# --- geometry -------------------------------------------------------------------------------


def test_invalid_polygons_are_repaired_with_a_warning_naming_each(sample: SamplePaths,
                                                                  tmp_path: Path) -> None:
    bow_tie = [(111.20, -0.10), (111.22, -0.08), (111.22, -0.10), (111.20, -0.08),
               (111.20, -0.10)]
    unclosed = SQUARE[:-1]
    # a ring that passes through its corner (111.22, -0.10) twice: a self-touching ring
    twice = [(111.20, -0.10), (111.22, -0.10), (111.24, -0.12), (111.24, -0.10),
             (111.22, -0.10), (111.22, -0.08), (111.20, -0.08), (111.20, -0.10)]
    repeated = [SQUARE[0], SQUARE[1], SQUARE[1], SQUARE[1], *SQUARE[2:]]  # valid as it is
    area = corpus.geojson(tmp_path / "areal.geojson", [
        corpus.feature(fid, corpus.polygon(ring)) for fid, ring in
        (("BOW", bow_tie), ("OPEN", unclosed), ("TWICE", twice), ("REPEAT", repeated))])
    done = build(sample, tmp_path, areas=(area,))
    geometry = [p for p in done.said("warning") if "geometry" in p[2] or "ring" in p[2]]
    assert geometry == [
        ("areal.geojson", 1, ("feature 1 'BOW' had an invalid geometry "
         "(Self-intersection[111.21 -0.09]) and was repaired"), QGIS_FIX, "warning", False),
        ("areal.geojson", 2, "feature 2 'OPEN' had a ring that was not closed; it was closed",
         QGIS_FIX, "warning", False),
        ("areal.geojson", 3, ("feature 3 'TWICE' had an invalid geometry "
         "(Ring Self-intersection[111.22 -0.1]) and was repaired"), QGIS_FIX, "warning", False)]
    assert "4 features: 4 linked, 0 left off the map" in done.output
    # the bow-tie is kept as its two triangles: half the square's area, measured by hand
    square_ha = gpd.GeoSeries([shapely.Polygon(SQUARE)], crs=4326).to_crs(6933).area[0] / 1e4
    gpkg = gpd.read_file(done.out / "results.gpkg", layer="activities").set_index("activity_id")
    assert gpkg.loc["areal.geojson#BOW", "area_ha"] == pytest.approx(square_ha / 2, rel=1e-3)
    assert gpkg.loc["areal.geojson#REPEAT", "area_ha"] == pytest.approx(square_ha, rel=1e-3)


def _nanga_pari(sample: SamplePaths) -> shapely.Point:
    desa = gpd.read_file(sample.boundaries, layer="desa")
    return desa.loc[desa["nama"] == "Nanga Pari"].geometry.iloc[0].representative_point()


@pytest.mark.parametrize("form", ["geojson", "csv"])
def test_coordinates_in_lat_lon_order_are_swapped_and_said(form: str, sample: SamplePaths,
                                                           tmp_path: Path) -> None:
    here = _nanga_pari(sample)
    if form == "csv":  # the columns hold each other's values
        area = tmp_path / "titik.csv"
        area.write_text(f"id,lat,lon,mitra\nP-1,{here.x},{here.y},YHML\n", encoding="utf-8")
        label = "feature 1 (line 2) 'P-1'"
    else:
        area = corpus.geojson(tmp_path / "titik.geojson",
                              [corpus.feature("P-1", corpus.point(here.y, here.x))])
        label = "feature 1 'P-1'"
    plan = corpus.forum_workbook(tmp_path / "plan.xlsx", activities=_activities(
        corpus.activity("KM-4", Desa=None, Sumber_Area=f"{area.name}#P-1")))
    done = build(sample, tmp_path, plan=plan, areas=(area,))
    assert done.said() == [(
        area.name, 1, (f"{label} has its coordinates in [lat, lon] order; they were read as "
        "[lon, lat]"), ("write longitude first (x = lon, y = lat): swap the lat and lon columns, "
        "or export the layer again as longitude/latitude (EPSG:4326)"), "warning", False)]
    placed = done.who().set_index("activity_id")
    assert (placed.loc["KM-4", "desa"], placed.loc["KM-4", "precision"]) == ("Nanga Pari",
                                                                             "point")


def test_points_at_0_0_at_sea_or_in_another_province(sample: SamplePaths, tmp_path: Path) -> None:
    area = corpus.geojson(tmp_path / "titik.geojson", [
        corpus.feature("ZERO", corpus.point(0, 0)),
        corpus.feature("LAUT", corpus.point(109.0, -1.5)),       # the Karimata Strait
        corpus.feature("JAWA", corpus.point(110.42, -6.99)),     # Semarang, Central Java
    ])
    done = build(sample, tmp_path, areas=(area,))
    elsewhere = ("lies outside kabupaten 61.05 and outside every unit of the boundaries file: "
                 "at sea, or in a province or kabupaten it does not hold")
    fix = ("it is kept in results.gpkg but reaches no desa of this district; check its "
           "coordinates if it should")
    assert [p for p in done.said() if "org" not in p[2] and "referenced" not in p[2]] == [
        ("titik.geojson", 1, "feature 1 'ZERO' lies at 0,0 (no GPS fix), so it was dropped",
         "record the position again (the device had no GPS fix) or delete the feature",
         "error", True),
        ("titik.geojson", 2, f"feature 2 'LAUT' {elsewhere}", fix, "warning", False),
        ("titik.geojson", 3, f"feature 3 'JAWA' {elsewhere}", fix, "warning", False)]
    assert "3 features: 2 linked, 1 left off the map" in done.output


def test_a_point_in_another_kabupaten_is_named_by_it(admin_gpkg: Path, tmp_path: Path) -> None:
    area = corpus.geojson(tmp_path / "titik.geojson", [
        corpus.feature("PTK", corpus.point(109.335, -0.03)),   # Kota Pontianak (61.71)
        corpus.feature("JAWA", corpus.point(110.42, -6.99))])
    plan = corpus.csv_plan(tmp_path / "3w.csv", corpus.ACTIVITY_ROWS)
    run = CliRunner().invoke(main, ["build", "--boundaries", str(admin_gpkg), "--plan", str(plan),
                                    "--areas", str(area), "--kabupaten", "61.05",
                                    "--out", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    said = {p["row"]: p["problem"] for p in json.loads(
        (tmp_path / "out" / "validation.json").read_text()) if p["column"] == "geometry"}
    assert said == {1: "feature 1 'PTK' lies in kabupaten 61.71, outside kabupaten 61.05",
                    2: "feature 2 'JAWA' lies outside kabupaten 61.05 and outside every unit "
                       "of the boundaries file: at sea, or in a province or kabupaten it does "
                       "not hold"}


def test_nan_and_infinite_coordinates_drop_the_feature(sample: SamplePaths,
                                                       tmp_path: Path) -> None:
    csv = tmp_path / "titik.csv"
    csv.write_text("id,lat,lon,mitra\nP-1,nan,111.2,YHML\nP-2,-0.1,inf,YHML\n"
                   "P-3,-0.09,111.21,YHML\n", encoding="utf-8")
    gpkg = corpus.gpkg(tmp_path / "titik.gpkg", [
        corpus.feature("NAN", corpus.point(math.nan, -0.1)),
        corpus.feature("INF", corpus.point(111.2, math.inf)),
        corpus.feature("OK", corpus.point(111.21, -0.09))])
    done = build(sample, tmp_path, areas=(csv, gpkg))
    fix = "give decimal degrees (e.g. 0.1923 and 111.4312) or WKT (POINT (111.43 0.19))"
    nan = "has coordinates that are not numbers (NaN or infinite), so it was dropped"
    nan_fix = "correct its coordinates or delete the feature"
    assert done.said("error") == [
        ("titik.csv", 1, ("feature 1 (line 2): lat is 'nan', not a number, so the row was left "
         "out"), fix, "error", True),
        ("titik.csv", 2, ("feature 2 (line 3): lon is 'inf', not a number, so the row was left "
         "out"), fix, "error", True),
        ("titik.gpkg", 1, f"feature 1 'NAN' {nan}", nan_fix, "error", True),
        ("titik.gpkg", 2, f"feature 2 'INF' {nan}", nan_fix, "error", True)]
    assert "6 features: 2 linked, 4 left off the map" in done.output


def test_a_reference_to_a_row_left_out_is_not_reported_twice(sample: SamplePaths,
                                                             tmp_path: Path) -> None:
    csv = tmp_path / "titik.csv"
    csv.write_text("id,lat,lon\nP-1,,111.2\n", encoding="utf-8")
    plan = corpus.forum_workbook(tmp_path / "plan.xlsx", activities=_activities(
        corpus.activity("KM-4", Kecamatan=None, Desa=None, Sumber_Area="titik.csv#P-1")))
    done = build(sample, tmp_path, plan=plan, areas=(csv,))
    assert [p[:3] + p[4:] for p in done.said()] == [
        ("titik.csv", 1, "feature 1 (line 2): the geometry is missing, so the row was left out",
         "error", True),
        ("plan.xlsx", 5, ("row KM-4 is left off the map: none of the places or areas it gives "
         "could be placed"), "error", True)]
    assert "4 rows: 2 placed, 1 district-wide, 1 left off the map (1 with errors)" in done.output
    assert "1 features: 0 linked, 1 left off the map" in done.output


# --- cells of the plan ---------------------------------------------------------------------


@pytest.mark.parametrize(("cells", "expected"), [
    ({"Mulai": "2024-12-01", "Selesai": "2024-02-01"},
     ("Selesai", "ends (2024-02-01) before it starts (2024-12-01)", "check the start and end",
      "warning")),
    ({"Anggaran (Rp)": "lihat lampiran"},
     ("Anggaran (Rp)", ("not an amount: 'lihat lampiran' (expected a number with an optional "
      "currency and juta/M/ribu)"), "write e.g. Rp 150.000.000, 250 juta or 1,2 M", "error")),
    ({"Mitra": "Yayasan Tidak Ada"},
     ("Mitra", "organisation 'Yayasan Tidak Ada' is not on the organisation sheet",
      "kept as written with type LSM; add it to the sheet", "warning")),
    ({"No Rencana Aksi": 9},
     ("action_items", "action item 9 does not exist", "check the action item number",
      "error")),
])
def test_a_cell_that_cannot_be_used_is_named_and_the_row_built(
        cells: dict[str, Any], expected: tuple[str, ...], sample: SamplePaths,
        tmp_path: Path) -> None:
    row = corpus.activity("KM-4", **{k.replace(" ", "_"): v for k, v in cells.items()})
    done = build(sample, tmp_path, plan=corpus.forum_workbook(tmp_path / "plan.xlsx",
                                                              activities=_activities(row)))
    assert [(p["file"], p["row"], p["record_id"], p["column"], p["problem"], p["suggestion"],
             p["severity"]) for p in done.problems] == [("plan.xlsx", 5, "KM-4", *expected)]
    assert "KM-4" in set(done.who()["activity_id"])


def test_duplicate_activity_ids_keep_both_rows(sample: SamplePaths, tmp_path: Path) -> None:
    again = corpus.activity("KM-1", Desa="Lengkenat", Mitra="DLH")
    done = build(sample, tmp_path, plan=corpus.forum_workbook(tmp_path / "plan.xlsx",
                                                              activities=_activities(again)))
    assert done.said() == [(
        "plan.xlsx", 5, "the ID 'KM-1' is also on row 2",
        "both rows are kept, this one as 'KM-1 (row 5)'; give each row its own ID", "warning",
        False)]
    who = done.who().set_index("activity_id")
    assert who.loc["KM-1", "desa"] == "Nanga Pari"
    assert who.loc["KM-1 (row 5)", "desa"] == "Lengkenat"


def test_duplicate_action_item_numbers_keep_both_items(sample: SamplePaths,
                                                       tmp_path: Path) -> None:
    plan = corpus.workbook(tmp_path / "plan.xlsx", {
        "Rencana Aksi": [corpus.PLAN_HEADER, *corpus.PLAN_ROWS, [2, *corpus.PLAN_ROWS[1][1:]]],
        "Kegiatan Mitra": [corpus.ACTIVITY_HEADER, *corpus.ACTIVITY_ROWS]})
    done = build(sample, tmp_path, plan=plan)
    assert [p[1:] for p in done.said("warning")] == [(
        4, "the number '2' is also on row 3",
        "both rows are kept, this one as '2 (row 4)'; give each row its own number", "warning",
        False)]
    assert "3 action items" in done.output


# --- files cut short -------------------------------------------------------------------------


def test_a_csv_plan_cut_short_is_said(sample: SamplePaths, tmp_path: Path) -> None:
    plan = corpus.truncated(corpus.csv_plan(tmp_path / "3w.csv", corpus.ACTIVITY_ROWS))
    done = build(sample, tmp_path, plan=plan)
    assert done.said("warning") == [(
        "3w.csv", 2, ("the last row (row 2) has 8 of the 10 cells of the rows above and the file "
        "ends without a line break: the file looks cut short"),
        "check that the file is complete; copy or export it again", "warning", False)]


@pytest.mark.parametrize(("name", "reason"), [
    ("areal.geojson", "Failed to read GeoJSON data"),
    ("areal.gpkg", "database disk image is malformed"),
])
def test_an_area_file_cut_short_is_refused(name: str, reason: str, sample: SamplePaths,
                                           tmp_path: Path) -> None:
    features = [corpus.feature(f"A-{i}", corpus.polygon(SQUARE)) for i in range(40)]
    path = tmp_path / name
    (corpus.geojson if name.endswith(".geojson") else corpus.gpkg)(path, features)
    corpus.truncated(path)
    assert build(sample, tmp_path, areas=(path,)).error() == (
        f"error: {name} could not be read ({reason}); check that the file is complete and "
        "opens in QGIS, or export it again")
