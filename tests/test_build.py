"""The whole path on the real Sintang sample: `landscape build` and its outputs.

Expected numbers are computed here independently: the partner files are read
with plain geopandas, organisations are assigned from the sample README's own
description, and areas are measured in EPSG:6933.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.cli.messages import problem_text

EA = "EPSG:6933"

# Every irregular place name in the sample README and the code it means.
INTENDED_DESA = {
    "KM-024": "61.05.19.2005", "KM-025": "61.05.21.2004", "KM-036": "61.05.06.2013",
    "KM-056": "61.05.05.2020", "KM-059": "61.05.02.2003", "KM-031": "61.05.19.2008",
    "KM-053": "61.05.04.2007", "KM-029": "61.05.04.2007", "KM-026": "61.05.20.2003",
    "KM-027": "61.05.19.2003", "KM-041": "61.05.03.2016", "KM-013": "61.05.03.2011",
    "KM-014": "61.05.03.2011", "KM-022": "61.05.07.2004", "KM-048": "61.05.08.2009",
    "KM-021": "61.05.19.2002", "KM-019": "61.05.02.2004",
}
INTENDED_KECAMATAN = {
    "KM-004": "61.05.19", "KM-006": "61.05.06", "KM-011": "61.05.03", "KM-057": "61.05.03",
    "KM-019": "61.05.20", "KM-022": "61.05.07", "KM-023": "61.05.08", "KM-058": "61.05.21",
}
# Who holds which delineated polygons (sample README, "Feature ids used by Sumber Area").
POLYGON_ORGS = {
    "Yayasan Rimba Kapuas": ("kml", None),
    "Kesatuan Pengelolaan Hutan Sintang Utara": ("geojson", None),
    "Koperasi Tani Sepauk Jaya": ("shp", {"PLS-01", "PLS-02", "PLS-09"}),
    "PT Sawit Melawi Makmur": ("shp", {"PLS-03", "PLS-04", "PLS-05"}),
    "PT Tebelian Hijau Perkasa": ("shp", {"PLS-06"}),
    "Dinas Perkebunan dan Peternakan Kabupaten Sintang": ("shp", {"PLS-07", "PLS-08"}),
}


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(admin_gpkg: Path, sample_dir: Path,
          tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("build")
    areas = sorted(str(p) for p in (sample_dir / "areas").iterdir())
    before = _digest(sample_dir)
    result = CliRunner().invoke(main, [
        "build", "--boundaries", str(admin_gpkg), "--plan", str(sample_dir / "rencana-aksi.xlsx"),
        "--areas", *areas[:2], "--areas", *areas[2:], "--kabupaten", "61.05", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "atlas.html" in result.output
    assert _digest(sample_dir) == before, "inputs must never be modified"
    return out


def _kml_polygons(path: Path) -> gpd.GeoSeries:
    parts = [gpd.read_file(path, layer=str(name))
             for name, kind in pyogrio.list_layers(path) if kind]
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)
    return gpd.GeoSeries(frame.geometry.to_numpy(), crs="EPSG:4326")


def _org_polygons(sample_dir: Path) -> dict[str, gpd.GeoSeries]:
    areas = sample_dir / "areas"
    shp = next(n for n in zipfile.ZipFile(areas / "sawit-plasma-utm49n.zip").namelist()
               if n.endswith(".shp"))
    plots = gpd.read_file(f"zip://{areas / 'sawit-plasma-utm49n.zip'}!{shp}")
    sources = {
        "kml": _kml_polygons(areas / "yayasan-rimba-kapuas.kml"),
        "geojson": gpd.read_file(areas / "hutan-desa-sepauk.geojson").geometry,
    }
    result = {}
    for org, (kind, ids) in POLYGON_ORGS.items():
        geoms = plots[plots["id_kebun"].isin(ids)].geometry if kind == "shp" else sources[kind]
        result[org] = geoms.to_crs(EA).union_all()
    return result


def test_outputs_and_columns(built: Path) -> None:
    for name in ("atlas.html", "who-does-what-where.csv", "coverage-kecamatan.csv",
                 "coverage-desa.csv", "overlaps.csv", "results.gpkg", "validation.json"):
        assert (built / name).stat().st_size > 0, name
    who = pd.read_csv(built / "who-does-what-where.csv", dtype=str)
    assert {"activity_id", "org", "org_type", "theme", "kecamatan_code", "kecamatan",
            "desa_code", "desa", "precision", "area_ha", "start", "end", "budget_idr",
            "action_item"} <= set(who.columns)
    kec = pd.read_csv(built / "coverage-kecamatan.csv", dtype={"kecamatan_code": str})
    assert list(kec.columns[:7]) == ["kecamatan_code", "kecamatan", "n_orgs", "orgs",
                                     "n_activities", "area_ha", "budget_idr"]
    assert len(kec) == 14
    assert len(pd.read_csv(built / "coverage-desa.csv")) == 406
    layers = {name for name, _ in pyogrio.list_layers(built / "results.gpkg")}
    assert layers >= {"activities", "coverage_desa", "coverage_kecamatan", "overlaps"}


def test_the_build_folder_is_marked_and_alone(built: Path) -> None:
    # a build without --layer writes no land outputs; its marker lists what it wrote
    names = {p.name for p in built.iterdir()}
    listed = json.loads((built / ".landscape-build").read_text())["files"]
    assert set(listed) == names - {".landscape-build"}
    assert not {n for n in names if n.startswith(("land-status-", "gaps", "priorities-"))}
    assert not [p.name for p in built.parent.iterdir() if p.name.startswith(f".{built.name}.")]


def test_every_irregular_name_resolved(built: Path) -> None:
    who = pd.read_csv(built / "who-does-what-where.csv", dtype=str).fillna("")
    for activity, code in INTENDED_DESA.items():
        assert code in set(who.loc[who["activity_id"] == activity, "desa_code"]), activity
    for activity, code in INTENDED_KECAMATAN.items():
        assert code in set(who.loc[who["activity_id"] == activity, "kecamatan_code"]), activity
    # Semuntai of Ketungau Hilir for KM-053, not the Semuntai of Sepauk.
    km053 = set(who.loc[who["activity_id"] == "KM-053", "desa_code"])
    assert "61.05.04.2009" in km053
    assert "61.05.03.2011" not in km053
    # No place outside Sintang ever appears.
    assert who["kecamatan_code"].map(lambda c: c == "" or c.startswith("61.05.")).all()


def test_missing_desa_and_bad_links_reported(built: Path) -> None:
    problems = json.loads((built / "validation.json").read_text())
    assert all(set(p) >= {"file", "sheet", "row", "column", "value", "problem", "suggestion"}
               for p in problems)
    harapan = [p for p in problems if p["value"] == "Sungai Harapan Baru"]
    assert len(harapan) == 1
    assert harapan[0]["row"] == 34  # KM-033 is on row 34 of 'Kegiatan Mitra'
    assert harapan[0]["sheet"] == "Kegiatan Mitra"
    assert any(p["value"] == "Rp 60.000.000 / tahun" for p in problems)
    psm08 = [p for p in problems if p["file"] == "persemaian.csv"]
    # PSM-08 is the 8th feature of the CSV (line 9, after its header): a feature's number
    # is its position among the file's features, as for GeoJSON and GPX (file#8).
    assert [(p["row"], p["value"]) for p in psm08] == [(8, "Yayasan Rimba Kapuas")]
    item45 = [p for p in problems if p["value"] == "45"]
    assert len(item45) == 1
    assert item45[0]["row"] == 60  # KM-059
    orgs = {p["value"].strip() for p in problems if p["column"] == "Mitra"}
    assert {"Yayasan Rimba Kapus", "Disbunak", "Pelita Gambut", "Dinas LH",
            "KPH Stg. Timur", "MPA Desa Ensaid Panjang",
            "Kelompok Tani Hutan Bukit Entaban"} <= orgs


def test_overlaps_match_independent_overlay(built: Path, sample_dir: Path) -> None:
    polys = _org_polygons(sample_dir)
    names = sorted(polys)
    expected = {}
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            hectares = polys[a].intersection(polys[b]).area / 10_000
            if hectares > 1:
                expected[(a, b)] = hectares
    got = pd.read_csv(built / "overlaps.csv")
    assert {(r.org_a, r.org_b) for r in got.itertuples()} == set(expected)
    for row in got.itertuples():
        assert row.area_ha == pytest.approx(expected[(row.org_a, row.org_b)], rel=1e-6)
        assert row.kecamatan_codes == "61.05.03"


def test_kecamatan_area_matches_independent_overlay(built: Path, sample_dir: Path,
                                                    admin_gpkg: Path) -> None:
    polys = _org_polygons(sample_dir)
    kec = gpd.read_file(admin_gpkg, layer="kecamatan")
    kec = kec[kec["kode"].str.startswith("61.05.")].to_crs(EA)
    expected = {row.kode: sum(row.geometry.intersection(g).area for g in polys.values()) / 1e4
                for row in kec.itertuples()}
    got = pd.read_csv(built / "coverage-kecamatan.csv", dtype={"kecamatan_code": str})
    for row in got.itertuples():
        assert row.area_ha == pytest.approx(expected[row.kecamatan_code], abs=1e-3)


def test_kecamatan_counts_by_hand(built: Path, sample_dir: Path, admin_gpkg: Path) -> None:
    got = pd.read_csv(built / "coverage-kecamatan.csv", dtype={"kecamatan_code": str})
    got = got.set_index("kecamatan_code")
    # Kayan Hulu: checked here that no row names it or one of its desa, and that no
    # partner polygon reaches it; so it must have no activity.
    rows = pd.read_excel(sample_dir / "rencana-aksi.xlsx", sheet_name="Kegiatan Mitra")
    desa = gpd.read_file(admin_gpkg, layer="desa")
    kayan_hulu = desa[desa["kode"].str.startswith("61.05.09.")]
    named = " ".join(rows["Kecamatan"].fillna("").astype(str) + " "
                     + rows["Desa"].fillna("").astype(str)).lower()
    assert "kayan hulu" not in named
    assert not any(name.lower() in named for name in kayan_hulu["nama"] if len(name) > 4)
    outline = kayan_hulu.to_crs(EA).union_all()
    assert not any(g.intersects(outline) for g in _org_polygons(sample_dir).values())
    assert got.loc["61.05.09", "n_activities"] == 0
    assert got.loc["61.05.09", "n_orgs"] == 0
    # Ambalau: YRK's Hutan Desa Nanga Kemangai polygon is there.
    assert "Yayasan Rimba Kapuas" in got.loc["61.05.15", "orgs"].split(";")


def test_budgets_as_written_in_the_workbook(built: Path) -> None:
    # KM-001 320000000, KM-002 "Rp 85.000.000", KM-003 "450 juta" (cells read by hand).
    who = pd.read_csv(built / "who-does-what-where.csv", dtype={"activity_id": str})
    first = who.drop_duplicates("activity_id").set_index("activity_id")
    assert first.loc["KM-001", "budget_idr"] == 320_000_000
    assert first.loc["KM-002", "budget_idr"] == 85_000_000
    assert first.loc["KM-003", "budget_idr"] == 450_000_000


def test_areas_option_forms_are_equivalent(admin_gpkg: Path, sample_dir: Path,
                                           tmp_path: Path) -> None:
    areas = sorted(str(p) for p in (sample_dir / "areas").iterdir())
    runner = CliRunner()
    outs = []
    for i, form in enumerate((["--areas", *areas], [x for a in areas for x in ("--areas", a)])):
        out = tmp_path / str(i)
        result = runner.invoke(main, ["build", "--boundaries", str(admin_gpkg), "--plan",
                                      str(sample_dir / "rencana-aksi.xlsx"), *form,
                                      "--kabupaten", "61.05", "--out", str(out)])
        assert result.exit_code == 0, result.output
        outs.append((out / "overlaps.csv").read_text())
    assert outs[0] == outs[1]


@pytest.mark.parametrize("case", ["missing-plan", "no-header", "bad-kabupaten", "bad-areas"])
def test_user_mistakes_give_one_sentence(case: str, admin_gpkg: Path, sample_dir: Path,
                                         tmp_path: Path) -> None:
    plan = sample_dir / "rencana-aksi.xlsx"
    args = {"kabupaten": "61.05", "plan": str(plan), "areas": []}
    if case == "missing-plan":
        args["plan"] = str(tmp_path / "nope.xlsx")
    elif case == "no-header":
        bad = tmp_path / "notes.csv"
        bad.write_text("just,some\nnumbers,here\n")
        args["plan"] = str(bad)
    elif case == "bad-kabupaten":
        args["kabupaten"] = "99.99"
    else:
        broken = tmp_path / "areas.zip"
        broken.write_bytes(b"not a zip")
        args["areas"] = ["--areas", str(broken)]
    result = CliRunner().invoke(main, ["build", "--boundaries", str(admin_gpkg), "--plan",
                                       args["plan"], *args["areas"], "--kabupaten",
                                       args["kabupaten"], "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.startswith("error: ")
    assert "Traceback" not in message
    assert len(message.splitlines()) == 1
    assert not (tmp_path / "o" / "atlas.html").exists()


def test_a_3w_csv_in_english_with_hxl_and_no_organisation_sheet(admin_gpkg: Path,
                                                                tmp_path: Path) -> None:
    plan = tmp_path / "3w.csv"
    plan.write_text(
        "Organisation,Org type,Activity,Sector,District,Sub-district,Village,Start,End,Budget\n"
        "#org,#org+type,#activity,#sector,#adm2,#adm3,#adm4,#date+start,#date+end,#value\n"
        'WWF,NGO,Patrol,Forest,Sintang,Sepauk,Nanga Pari,Q1 2024,Q4 2024,"USD 25,000"\n'
        "WWF,NGO,Nursery,Forest,Melawi,Nanga Pinoh,Merpak,2024,2025,250 juta\n"
        'CIFOR,Academia,Study,Research,,Kec. Dedai,"Sungai Mali",Jan 2024,,"1,5 M"\n',
        encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--boundaries", str(admin_gpkg), "--plan",
                                       str(plan), "--kabupaten", "61.05", "--out", str(out)])
    assert result.exit_code == 0, result.output
    who = pd.read_csv(out / "who-does-what-where.csv", dtype=str).fillna("")
    rows = sorted(zip(who["org"], who["org_type"], who["desa_code"], who["budget_idr"],
                      strict=True))
    # Nanga Pari of Sepauk; Sungai Mali of Dedai (not of Ketungau Hilir); the Melawi row
    # (Merpak also exists in Kelam Permai) adds nothing to Sintang; USD is not rupiah.
    assert rows == [("CIFOR", "Akademisi", "61.05.07.2004", "1500000000"),
                    ("WWF", "LSM", "61.05.03.2016", "")]
    problems = json.loads((out / "validation.json").read_text())
    assert any("61.10" in p["problem"] for p in problems)
    assert any(p["value"] == "USD 25,000" for p in problems)


def test_a_single_location_column_is_resolved(admin_gpkg: Path, tmp_path: Path) -> None:
    plan = tmp_path / "kegiatan.csv"
    plan.write_text("Lembaga;Kegiatan;Lokasi\n"
                    'YAJ;Patroli;"Desa Ensaid Panjang (Kelam Permai); Kec. Dedai"\n'
                    "YAJ;Rapat;Seluruh Kabupaten\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--boundaries", str(admin_gpkg), "--plan",
                                       str(plan), "--kabupaten", "61.05", "--out", str(out)])
    assert result.exit_code == 0, result.output
    who = pd.read_csv(out / "who-does-what-where.csv", dtype=str).fillna("")
    rows = sorted(zip(who["title"], who["kecamatan_code"], who["desa_code"], who["precision"],
                      strict=True))
    assert rows == [("Patroli", "61.05.07", "", "kecamatan"),
                    ("Patroli", "61.05.19", "61.05.19.2005", "desa"),
                    ("Rapat", "", "", "kabupaten")]


def test_every_problem_of_the_sample_has_an_indonesian_rendering(built: Path) -> None:
    problems = json.loads((built / "validation.json").read_text())
    texts = {t for p in problems for t in (p["problem"], p["suggestion"]) if t}
    assert len(problems) > 20
    assert [t for t in sorted(texts) if problem_text(t, "id") == t] == []
