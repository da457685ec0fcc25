"""Rows that cannot be placed are left off the map, never spread over the district.

A row is district-wide only when it says so (a district-wide phrase, the kabupaten
alone, or no place at all); a row whose given places all failed is "unplaced": an
error naming the row, off the map in the summary. Expected codes are read from the
real boundaries with plain geopandas; counts are made by hand from the rows below.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from landscape.model import Result
from landscape.pipeline import build

GPKG_DESA = "desa"


def _csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _desa(admin_gpkg: Path, name: str, kabupaten: str) -> pd.Series:
    desa = gpd.read_file(admin_gpkg, layer=GPKG_DESA)
    found = desa[(desa["nama"] == name) & desa["kode"].str.startswith(kabupaten + ".")]
    assert len(found) == 1
    row: pd.Series = found.iloc[0]
    return row


def _by_id(result: Result) -> pd.DataFrame:
    return result.linked.activities.set_index("activity_id")


HEADER = ["ID", "Mitra", "Kegiatan", "Kecamatan", "Desa", "Kode desa"]


@pytest.fixture
def mixed(admin_gpkg: Path, tmp_path: Path) -> Result:
    plan = _csv(tmp_path / "3w.csv", [
        HEADER,
        ["U-1", "Yayasan A", "Nama asing", "", "Xyzabc Raya", ""],      # matches nothing
        ["U-2", "Yayasan A", "Kec lain", "Samalantan", "", ""],         # a kecamatan of 61.07
        ["U-3", "Yayasan A", "Kode asing", "", "", "6105191005"],       # no unit has it
        ["U-4", "Yayasan A", "Seluruh", "Seluruh kabupaten", "", ""],   # says district-wide
        ["U-5", "Yayasan A", "Tanpa tempat", "", "", ""],               # no place: district-wide
        ["U-6", "Yayasan A", "Desa", "Sepauk", "Nanga Pari", ""],       # placed
    ])
    return build(boundaries=admin_gpkg, plan=plan, kabupaten="61.05")


def test_failed_places_are_left_off_the_map(mixed: Result, admin_gpkg: Path) -> None:
    acts = _by_id(mixed)
    assert acts.loc[["U-1", "U-2", "U-3"], "precision"].tolist() == ["unplaced"] * 3
    assert acts.loc[["U-4", "U-5"], "precision"].tolist() == ["kabupaten"] * 2
    nanga_pari = _desa(admin_gpkg, "Nanga Pari", "61.05")["kode"]
    assert acts.loc["U-6", "desa_codes"] == (nanga_pari,)
    placements = mixed.linked.placements
    assert not placements["activity_id"].isin(["U-1", "U-2", "U-3"]).any()
    assert set(placements.loc[placements["precision"] == "kabupaten", "activity_id"]) == {
        "U-4", "U-5"}


def test_the_tally_counts_unplaced_rows_off_the_map(mixed: Result) -> None:
    tally = mixed.tally
    assert (tally.rows, tally.placed, tally.district_wide, tally.rows_off_map) == (6, 1, 2, 3)
    assert tally.rows_with_errors == 3


def test_each_unplaced_row_is_an_error_naming_it(mixed: Result) -> None:
    left = [p for p in mixed.problems if "left off the map" in p.problem]
    assert sorted((p.row, p.severity) for p in left) == [(2, "error"), (3, "error"),
                                                        (4, "error")]
    assert all(f"row U-{p.row - 1} " in p.problem for p in left if p.row is not None)
    # Each cell keeps its own problem too.
    cells = {(p.row, p.value) for p in mixed.problems if "left off the map" not in p.problem}
    assert {(2, "Xyzabc Raya"), (3, "Samalantan"), (4, "6105191005")} <= cells


def test_a_kecamatan_code_in_the_desa_code_column_places_the_kecamatan(
        admin_gpkg: Path, tmp_path: Path) -> None:
    kec = gpd.read_file(admin_gpkg, layer="kecamatan")
    sepauk = kec.loc[kec["nama"] == "Sepauk", "kode"].item()
    plan = _csv(tmp_path / "3w.csv", [
        ["Implementing Partner", "Activity", "Village P-code"],
        ["Yayasan A", "A4", "ID" + sepauk.replace(".", "")]])
    result = build(boundaries=admin_gpkg, plan=plan, kabupaten="61.05")
    (act,) = result.linked.activities.itertuples()
    assert (act.precision, act.kecamatan_codes, act.desa_codes) == ("kecamatan", (sepauk,), ())
    (warning,) = [p for p in result.problems if p.row == 2]
    assert warning.severity == "warning"
    assert f"the kecamatan Sepauk ({sepauk})" in warning.problem
    assert result.tally.placed == 1


def test_an_activity_whose_areas_were_all_dropped_is_unplaced(admin_gpkg: Path,
                                                             tmp_path: Path) -> None:
    areas = tmp_path / "titik.csv"  # at 0,0: a device without a GPS fix (swapped lat/lon
    areas.write_text("id,lat,lon\nPT-1,0,0\n", encoding="utf-8")  # are read: test_corpus)
    track = tmp_path / "kosong.gpx"  # a track with no points
    track.write_text('<?xml version="1.0"?><gpx version="1.1" '
                     'xmlns="http://www.topografix.com/GPX/1/1"><trk><name>T1</name>'
                     "<trkseg></trkseg></trk></gpx>", encoding="utf-8")
    plan = _csv(tmp_path / "3w.csv", [["ID", "Mitra", "Kegiatan", "Sumber Area"],
                                      ["A-1", "Yayasan A", "Persemaian", "PT-1"],
                                      ["A-2", "Yayasan A", "Patroli", "kosong.gpx#1"],
                                      ["A-3", "Yayasan A", "Rapat", ""]])
    result = build(boundaries=admin_gpkg, plan=plan, areas=[areas, track], kabupaten="61.05")
    acts = _by_id(result)
    assert acts["precision"].to_dict() == {"A-1": "unplaced", "A-2": "unplaced",
                                           "A-3": "kabupaten"}
    assert (result.tally.placed, result.tally.district_wide, result.tally.rows_off_map) == (
        0, 1, 2)
    left = sorted(p.row for p in result.problems if "left off the map" in p.problem
                  and p.file == "3w.csv")
    assert left == [2, 3]


def test_a_plan_of_another_kabupaten_is_warned(admin_gpkg: Path, tmp_path: Path) -> None:
    names = [("Sepauk", "Nanga Pari"), ("Sepauk", "Semuntai"), ("Dedai", ""),
             ("Kelam Permai", "Ensaid Panjang")]
    plan = _csv(tmp_path / "3w.csv", [["ID", "Mitra", "Kegiatan", "Kecamatan", "Desa"]] + [
        [f"S-{i}", "Yayasan A", "x", kec, desa] for i, (kec, desa) in enumerate(names, 1)
    ] + [["B-1", "Yayasan A", "x", "Samalantan", ""]])
    result = build(boundaries=admin_gpkg, plan=plan, kabupaten="61.07")
    loud = [p for p in result.problems if "rows name places of" in p.problem]
    assert [p.severity for p in loud] == ["warning"]
    assert "4 of 5 rows name places of Kabupaten Sintang (61.05), not of the chosen 61.07" in (
        loud[0].problem)


def test_a_plan_mostly_in_scope_is_not_warned(mixed: Result) -> None:
    assert not [p for p in mixed.problems if "rows name places of" in p.problem]
