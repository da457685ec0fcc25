"""Nothing lost without a count: every row and every feature accounted for in the summary.

Expected counts are made by hand: for the small fixture from the rows and features
written below, for the Sintang sample from its workbook and area files read with
plain pandas and pyogrio (see the sample README).
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pyogrio
import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.model import Tally
from landscape.pipeline import build

PLAN = """ID,Mitra,Judul Kegiatan,Kabupaten,Kecamatan,Desa,Sumber Area
A-1,Yayasan A,Satu,,Sepauk,Nanga Pari,
A-2,Yayasan A,Dua,,Kelam Permai,Ensaid Panjang,area.geojson#F-1
A-3,Yayasan B,Tiga,,Dedai,,
A-4,Yayasan B,Empat,,,,
A-5,Yayasan B,Lima,Melawi,,Merpak,
A-6,,Enam,,Sepauk,Nanga Pari,area.geojson#F-2
"""
# A-1, A-2 (area F-1), A-3 (kecamatan), A-6 (area F-2) placed; A-4 district-wide;
# A-5 in another kabupaten: off the map. A-6 names no organisation: an error.


def _feature(fid: str, org: str | None, lon: float | None) -> dict[str, object]:
    geometry = None if lon is None else {"type": "Point", "coordinates": [lon, -0.05]}
    return {"type": "Feature", "properties": {"id": fid, "mitra": org}, "geometry": geometry}


AREA = {"type": "FeatureCollection", "features": [
    _feature("F-1", None, 111.72),      # referenced by A-2: linked
    _feature("F-2", None, 111.20),      # referenced by A-6: linked
    _feature("F-3", "Yayasan C", 111.50),  # names its organisation: linked as its area
    _feature("F-4", None, 111.60),      # referenced by nothing, no organisation: left off
    _feature("F-5", None, None),        # no geometry: left off by the reader
]}


@pytest.fixture
def small(tmp_path: Path) -> tuple[Path, Path]:
    plan = tmp_path / "3w.csv"
    plan.write_text(PLAN, encoding="utf-8")
    area = tmp_path / "area.geojson"
    area.write_text(json.dumps(AREA), encoding="utf-8")
    return plan, area


def test_small_fixture_counts(small: tuple[Path, Path], admin_gpkg: Path) -> None:
    plan, area = small
    result = build(boundaries=admin_gpkg, plan=plan, areas=[area], kabupaten="61.05")
    assert result.tally == Tally(items=0, rows=6, placed=4, district_wide=1, rows_off_map=1,
                                 rows_with_errors=1, features=5, linked=3, left_off=2)


def test_a_feature_left_off_the_map_is_an_error(small: tuple[Path, Path],
                                                admin_gpkg: Path) -> None:
    plan, area = small
    result = build(boundaries=admin_gpkg, plan=plan, areas=[area], kabupaten="61.05")
    on_area = [p for p in result.problems if p.file == "area.geojson"]
    assert sorted((p.row, p.severity) for p in on_area if p.severity == "error") == [
        (4, "error"), (5, "error")]
    assert all(p.severity != "warning" or p.row == 3 for p in on_area)  # F-3 taken as C's area


def test_the_summary_printed_by_build(small: tuple[Path, Path], admin_gpkg: Path,
                                      tmp_path: Path) -> None:
    plan, area = small
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["build", "--boundaries", str(admin_gpkg), "--plan", str(plan),
                                    "--areas", str(area), "--kabupaten", "61.05",
                                    "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "6 rows: 4 placed, 1 district-wide, 1 left off the map (1 with errors)" in run.output
    assert "5 features: 3 linked, 2 left off the map" in run.output


# --- an empty plan ----------------------------------------------------------------------


def _header_only_workbook(path: Path) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kegiatan Mitra"
    sheet.append(["ID", "Mitra", "Judul Kegiatan", "Kecamatan", "Desa"])
    book.save(path)
    return path


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_empty_plan_is_reported(tmp_path: Path, admin_gpkg: Path, kind: str) -> None:
    if kind == "csv":
        plan = tmp_path / "kosong.csv"
        plan.write_text("ID,Mitra,Judul Kegiatan,Kecamatan,Desa\n", encoding="utf-8")
    else:
        plan = _header_only_workbook(tmp_path / "kosong.xlsx")
    result = build(boundaries=admin_gpkg, plan=plan, kabupaten="61.05")
    errors = [p for p in result.problems if p.severity == "error"]
    assert [(p.file, p.problem) for p in errors] == [
        (plan.name, "the plan has a header but no rows: nothing can be mapped")]
    assert result.tally is not None
    said = "the plan has no rows: nothing was mapped (see validation.json)"
    assert result.tally.lines() == [said]


def test_an_empty_plan_is_said_by_build(tmp_path: Path, admin_gpkg: Path) -> None:
    plan = tmp_path / "kosong.csv"
    plan.write_text("ID,Mitra,Judul Kegiatan,Kecamatan,Desa\n", encoding="utf-8")
    run = CliRunner().invoke(main, ["build", "--boundaries", str(admin_gpkg), "--plan", str(plan),
                                    "--kabupaten", "61.05", "--out", str(tmp_path / "out")])
    assert "the plan has no rows" in run.output
    assert "0 problems" not in run.output
    assert "(1 error)" in run.output


# --- the Sintang sample -------------------------------------------------------------------


def _sample_counts(sample_dir: Path) -> dict[str, int]:
    """Rows, district-wide rows and features of the sample, counted with pandas and pyogrio."""
    acts = pd.read_excel(sample_dir / "rencana-aksi.xlsx", "Kegiatan Mitra")
    whole = {"seluruh kabupaten", "kab. sintang"}
    kec = acts["Kecamatan"].fillna("").str.strip().str.lower()
    district_wide = acts["Desa"].isna() & acts["Sumber Area"].isna() & (kec.isin(whole)
                                                                        | (kec == ""))
    refs = {ref.strip() for cell in acts["Sumber Area"].dropna() for ref in cell.split(";")}
    features = left_off = 0
    for path in sorted((sample_dir / "areas").iterdir()):
        for layer, _ in pyogrio.list_layers(path):
            if layer.endswith("_points"):  # the vertices of GPX tracks, not features
                continue
            frame = pyogrio.read_dataframe(path, layer=layer, read_geometry=False)
            for _, row in frame.iterrows():
                features += 1
                ids = {str(row[c]) for c in ("id", "id_kebun", "name", "Name") if c in row}
                referenced = any(f"{path.name}#{i}" in refs for i in ids)
                has_org = any(isinstance(row.get(c), str) and row[c].strip()
                              for c in ("mitra", "org"))
                left_off += not (referenced or has_org)
    return {"rows": len(acts), "district_wide": int(district_wide.sum()),
            "features": features, "left_off": left_off}


def test_sample_counts(sample_dir: Path, admin_gpkg: Path) -> None:
    hand = _sample_counts(sample_dir)
    assert hand == {"rows": 61, "district_wide": 6, "features": 38, "left_off": 6}
    result = build(boundaries=admin_gpkg, plan=sample_dir / "rencana-aksi.xlsx",
                   areas=sorted((sample_dir / "areas").iterdir()), kabupaten="61.05")
    tally = result.tally
    assert tally is not None
    assert (tally.rows, tally.district_wide, tally.features, tally.left_off) == (
        hand["rows"], hand["district_wide"], hand["features"], hand["left_off"])
    assert (tally.placed, tally.rows_off_map) == (hand["rows"] - hand["district_wide"], 0)
    assert tally.linked == hand["features"] - hand["left_off"]
    assert tally.items == 31  # the sample README: rows 5-35 hold the 31 action items
    # KM-033 names a desa that does not exist, KM-059 an action item that does not exist
    assert tally.rows_with_errors == 2
