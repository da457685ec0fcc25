"""The bundled illustrative sample: boundaries, workbook, area files, layers, determinism.

Numbers are computed here with plain geopandas/rasterio (areas in EPSG:6933); the
kecamatan table is typed again from the design notes rather than read from the
project's CSV, so a typo in either shows up.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import rasterio
import shapely

from landscape.sample import generate as sample

EQUAL_AREA = "EPSG:6933"

# From the design notes: code, name, lat, lon, km2
DESIGN_KECAMATAN = [
    ("61.05.01", "Sintang", 0.06, 111.50, 357),
    ("61.05.02", "Tempunak", -0.14, 111.36, 870),
    ("61.05.03", "Sepauk", -0.13, 111.21, 1457),
    ("61.05.04", "Ketungau Hilir", 0.45, 111.52, 1676),
    ("61.05.05", "Ketungau Tengah", 0.74, 111.52, 2003),
    ("61.05.06", "Ketungau Hulu", 0.87, 111.06, 2003),
    ("61.05.07", "Dedai", -0.04, 111.68, 593),
    ("61.05.08", "Kayan Hilir", -0.01, 111.94, 1070),
    ("61.05.09", "Kayan Hulu", -0.09, 112.23, 1789),
    ("61.05.14", "Serawai", -0.36, 112.59, 2539),
    ("61.05.15", "Ambalau", -0.14, 112.99, 5995),
    ("61.05.19", "Kelam Permai", 0.18, 111.74, 644),
    ("61.05.20", "Sungai Tebelian", -0.16, 111.51, 594),
    ("61.05.21", "Binjai Hulu", 0.20, 111.47, 389),
]
EXTENT = (110.76, -0.70, 113.44, 1.09)
LAND_COVER = {2001, 2002, 2005, 20051, 2007, 2010, 20091, 20092, 2012, 2014, 5001}
DISTRICT_WIDE = {"seluruh kabupaten", "kab. sintang"}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> sample.SamplePaths:
    return sample.write_sample(tmp_path_factory.mktemp("sample") / "out")


@pytest.fixture(scope="module")
def layers(written: sample.SamplePaths) -> dict[str, gpd.GeoDataFrame]:
    return {name: gpd.read_file(written.boundaries, layer=name)
            for name in ("kabupaten", "kecamatan", "desa")}


# --- boundaries --------------------------------------------------------------------------


def test_boundary_layers_fields_crs_and_validity(layers: dict[str, gpd.GeoDataFrame]) -> None:
    assert len(layers["kabupaten"]) == 1
    assert layers["kabupaten"].loc[0, "kode"] == "61.05"
    assert layers["kabupaten"].loc[0, "nama"] == "Sintang"
    assert sorted(layers["kecamatan"]["kode"]) == sorted(k[0] for k in DESIGN_KECAMATAN)
    for frame in layers.values():
        assert frame.crs.to_epsg() == 4326
        assert {"kode", "nama"} <= set(frame.columns)
        assert frame.is_valid.all()
        assert frame.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    counts = layers["desa"]["kode"].str[:8].value_counts()
    assert counts.between(4, 8).all()
    assert set(counts.index) == {k[0] for k in DESIGN_KECAMATAN}


def test_desa_tile_their_kecamatan(layers: dict[str, gpd.GeoDataFrame]) -> None:
    kec = layers["kecamatan"].to_crs(EQUAL_AREA).set_index("kode")
    desa = layers["desa"].to_crs(EQUAL_AREA)
    desa["kec"] = desa["kode"].str[:8]
    for code, group in desa.groupby("kec"):
        kec_area = kec.geometry[code].area
        union = shapely.union_all(group.geometry.to_numpy())
        assert abs(union.area - kec_area) / kec_area < 0.001, code
        assert abs(group.area.sum() - kec_area) / kec_area < 0.001, code
        assert kec.geometry[code].symmetric_difference(union).area / kec_area < 0.001, code
    pairs = gpd.sjoin(desa, desa, predicate="intersects")
    pairs = pairs[pairs.index < pairs["index_right"]]
    overlap = sum(desa.geometry[i].intersection(desa.geometry[j]).area
                  for i, j in zip(pairs.index, pairs["index_right"], strict=True))
    assert overlap / desa.area.sum() < 1e-9


def test_kecamatan_tile_the_kabupaten(layers: dict[str, gpd.GeoDataFrame]) -> None:
    kec = layers["kecamatan"].to_crs(EQUAL_AREA)
    kab = layers["kabupaten"].to_crs(EQUAL_AREA).geometry.iloc[0]
    assert abs(kec.area.sum() - kab.area) / kab.area < 0.001
    west, south, east, north = layers["kabupaten"].total_bounds
    assert west >= EXTENT[0]
    assert south >= EXTENT[1]
    assert east <= EXTENT[2]
    assert north <= EXTENT[3]
    assert 18_000 < kab.area / 1e6 < 25_000  # Sintang is about 21,600 km2


def test_interior_points_inside_their_kecamatan(layers: dict[str, gpd.GeoDataFrame]) -> None:
    kec = layers["kecamatan"].set_index("kode")
    for code, name, lat, lon, _ in DESIGN_KECAMATAN:
        assert kec.loc[code, "nama"] == name
        assert kec.geometry[code].contains(shapely.Point(lon, lat)), name


def test_kecamatan_areas_roughly_proportional(layers: dict[str, gpd.GeoDataFrame]) -> None:
    area = layers["kecamatan"].to_crs(EQUAL_AREA).set_index("kode").area / 1e6
    total = sum(k[4] for k in DESIGN_KECAMATAN)
    for code, name, _, _, km2 in DESIGN_KECAMATAN:
        share = area[code] / area.sum()
        assert 0.75 < share / (km2 / total) < 1.3, name


def test_kecamatan_csv_is_the_design_table() -> None:
    table = pd.read_csv(sample.SAMPLE_SOURCE / "kecamatan.csv", dtype={"code": str})
    typed = [(c, n, la, lo, a) for c, n, la, lo, a in table.itertuples(index=False)]
    assert typed == DESIGN_KECAMATAN


@pytest.mark.shared
def test_desa_names_and_codes_are_real(admin_gpkg: Path) -> None:
    real = gpd.read_file(admin_gpkg, layer="desa", ignore_geometry=True).set_index("kode")
    ours = pd.read_csv(sample.SAMPLE_SOURCE / "desa.csv", dtype=str)
    assert ours["code"].is_unique
    for code, name, kec in ours.itertuples(index=False):
        assert real.loc[code, "nama"] == name
        assert code.startswith(kec + ".")


# --- workbook ----------------------------------------------------------------------------


def _norm(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"^(kec\.?|kecamatan|desa|ds\.)\s*", "", text, flags=re.IGNORECASE)
    text = re.sub(r"^sei\s", "sungai ", text, flags=re.IGNORECASE)
    return text.casefold()


def _readme_variants() -> dict[str, str]:
    """Return 'as written' -> 'intended' from the place table of layers/sample/README.md."""
    text = (sample.SAMPLE_SOURCE / "README.md").read_text(encoding="utf-8")
    table = text.split("| where | column | as written | intended |", 1)[1].split("\n\n", 1)[0]
    variants = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        written = re.sub(r'"|\(extra spaces\)|␣', "", cells[2])
        variants[_norm(written)] = _norm(cells[3].split(" (")[0])
    return variants


def _split(cell: object) -> list[str]:
    if not isinstance(cell, str) or not cell.strip():
        return []
    return [p for p in re.split(r";|,| dan ", cell) if p.strip()]


def _resolve(name: str, known: set[str], variants: dict[str, str]) -> str:
    key = _norm(name)
    if key in known:
        return key
    assert key in variants, f"{name!r} is neither a generated name nor listed in the README"
    assert variants[key] in known, f"README maps {name!r} to unknown {variants[key]!r}"
    return variants[key]


def test_workbook_places_exist_in_generated_boundaries(
    written: sample.SamplePaths, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    variants = _readme_variants()
    kec_names = {_norm(n): c for c, n in layers["kecamatan"][["kode", "nama"]].to_numpy()}
    desa = layers["desa"]
    desa_in = {c: {_norm(n) for n in desa.loc[desa["kode"].str[:8] == c, "nama"]}
               for c in kec_names.values()}
    activities = pd.read_excel(written.workbook, "Kegiatan Mitra", dtype=str)
    checked = 0
    for row in activities.itertuples(index=False):
        kec_cells = [k for k in _split(row.Kecamatan) if _norm(k) not in DISTRICT_WIDE]
        codes = {kec_names[_resolve(k, set(kec_names), variants)] for k in kec_cells}
        allowed = set().union(*(desa_in[c] for c in codes)) if codes else set()
        for name in _split(row.Desa):
            assert _resolve(name, allowed, variants) in allowed, (row.ID, name)
            checked += 1
    assert checked >= 30


def test_workbook_lokasi_names_exist(
    written: sample.SamplePaths, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    variants = _readme_variants()
    known = {_norm(n) for n in pd.concat([layers["kecamatan"]["nama"], layers["desa"]["nama"]])}
    plan = pd.read_excel(written.workbook, "Rencana Aksi", header=3, dtype=str)
    plan = plan[plan["No"].str.fullmatch(r"\d+", na=False)]
    assert len(plan) == 12
    for lokasi in plan["Lokasi"]:
        for part in _split(re.sub(r"[()]", ";", lokasi)):
            if _norm(part) not in DISTRICT_WIDE:
                _resolve(part, known, variants)


def test_workbook_layout(written: sample.SamplePaths) -> None:
    raw = pd.read_excel(written.workbook, "Rencana Aksi", header=None, dtype=str)
    assert raw.iloc[0, 0].startswith("MATRIKS RENCANA AKSI")
    assert raw.iloc[2].isna().all()
    assert list(raw.iloc[3]) == [
        "No", "Isu Strategis", "Program", "Kegiatan", "Output", "Indikator", "Target", "Lokasi",
        "Mulai", "Selesai", "Penanggung Jawab", "Pihak Terkait", "Sumber Dana",
        "Anggaran (Rp)", "Status",
    ]
    mitra = pd.read_excel(written.workbook, "Mitra")
    assert list(mitra.columns) == ["Nama", "Singkatan", "Jenis", "Peran di Sekber", "Kontak"]
    assert len(mitra) == 10
    activities = pd.read_excel(written.workbook, "Kegiatan Mitra")
    assert 20 <= len(activities) <= 30
    assert activities["ID"].is_unique


def test_committed_workbook_matches_its_csv_sources(tmp_path: Path) -> None:
    rebuilt = sample.build_workbook(tmp_path / "wb.xlsx")
    committed = sample.SAMPLE_SOURCE / sample.WORKBOOK_NAME
    hint = "rebuild it: python -m landscape.sample workbook"
    assert rebuilt.read_bytes() == committed.read_bytes(), hint
    assert committed.stat().st_size < 60_000
    assert sample.build_workbook(tmp_path / "again.xlsx").read_bytes() == rebuilt.read_bytes()


def test_cell_value_typing() -> None:
    assert sample.cell_value("2024-03-01") == dt.datetime(2024, 3, 1)  # noqa: DTZ001
    assert sample.cell_value("150000000") == 150_000_000
    assert sample.cell_value("'2024") == "2024"
    assert sample.cell_value("1,2 M") == "1,2 M"
    assert sample.cell_value(" Dedai ") == " Dedai "
    assert sample.cell_value("") is None


# --- area files --------------------------------------------------------------------------


def _features(path: Path) -> dict[str, shapely.Geometry]:
    """Read an area file with plain geopandas/pandas: feature id -> geometry."""
    if path.suffix == ".csv":
        table = pd.read_csv(path)
        return {i: shapely.Point(x, y) for i, x, y in table[["id", "lon", "lat"]].to_numpy()}
    if path.suffix == ".gpx":
        found = {}
        for layer in ("tracks", "waypoints"):
            frame = gpd.read_file(path, layer=layer)
            found.update(dict(zip(frame["name"], frame.geometry, strict=True)))
        return found
    frame = gpd.read_file(path).to_crs("EPSG:4326")
    key = "id_kebun" if "id_kebun" in frame.columns else "id"
    return dict(zip(frame[key], frame.geometry, strict=True))


def test_area_file_formats(written: sample.SamplePaths) -> None:
    by_suffix = {p.suffix: p for p in written.areas}
    assert set(by_suffix) == {".geojson", ".zip", ".kml", ".csv", ".gpx"}
    with zipfile.ZipFile(by_suffix[".zip"]) as archive:
        names = archive.namelist()
        assert {Path(n).suffix for n in names} == {".shp", ".shx", ".dbf", ".prj", ".cpg"}
        assert archive.read(next(n for n in names if n.endswith(".cpg"))) == b"UTF-8"
    assert gpd.read_file(by_suffix[".zip"]).crs.to_epsg() == 32649
    assert gpd.read_file(by_suffix[".geojson"]).crs.to_epsg() == 4326
    kml = by_suffix[".kml"].read_text(encoding="utf-8")
    assert "<Folder>" in kml
    assert '<Data name="id">' in kml
    assert len(gpd.read_file(by_suffix[".gpx"], layer="tracks")) == 2


def test_sumber_area_references_exist_and_lie_in_the_row(
    written: sample.SamplePaths, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    features = {p.name: _features(p) for p in written.areas}
    activities = pd.read_excel(written.workbook, "Kegiatan Mitra", dtype=str)
    kec = layers["kecamatan"].assign(key=layers["kecamatan"]["nama"].map(_norm)).set_index("key")
    variants = _readme_variants()
    refs = 0
    for _, row in activities.dropna(subset=["Sumber Area"]).iterrows():
        names = [_resolve(k, set(kec.index), variants) for k in _split(row["Kecamatan"])]
        where = shapely.union_all(kec.geometry[names].to_numpy())
        for ref in row["Sumber Area"].split(";"):
            file, _, fid = ref.strip().partition("#")
            assert fid in features[file], (row["ID"], ref)
            assert features[file][fid].intersects(where), (row["ID"], ref)
            refs += 1
    assert refs >= 25


def test_deliberate_overlap_and_border_crossings(
    written: sample.SamplePaths, layers: dict[str, gpd.GeoDataFrame]
) -> None:
    areas = {p.name: _features(p) for p in written.areas}
    both = gpd.GeoSeries([areas["perhutanan-sosial.geojson"]["PS-04"],
                          areas["yayasan-hulu-melawi-lestari.kml"]["YHML-05"]], crs=4326)
    hutan_adat, restorasi = both.to_crs(EQUAL_AREA)
    overlap_ha = hutan_adat.intersection(restorasi).area / 1e4
    assert 100 < overlap_ha < 1500
    kec = layers["kecamatan"]
    for file, fid in (("perhutanan-sosial.geojson", "PS-03"),
                      ("kebun-plasma-utm49n.zip", "KBN-03"),
                      ("yayasan-hulu-melawi-lestari.kml", "YHML-02")):
        assert kec.intersects(areas[file][fid]).sum() == 2, fid


# --- landscape layers --------------------------------------------------------------------


def test_rasters_cover_the_extent_with_the_classes(written: sample.SamplePaths) -> None:
    with rasterio.open(written.layers["tutupan_lahan"]) as cover_file:
        cover = cover_file.read(1)
        bounds, transform = cover_file.bounds, cover_file.transform
        assert cover_file.crs.to_epsg() == 4326
        assert cover_file.nodata == 0
        assert cover.dtype == np.int32
        assert 230 < abs(transform.a) * 111_320 < 280  # about 250 m pixels
        outside = cover_file.index(112.5, 0.9)  # the empty north-east of the extent
    assert bounds.left <= EXTENT[0]
    assert bounds.bottom <= EXTENT[1]
    assert bounds.right >= EXTENT[2]
    assert bounds.top >= EXTENT[3]
    assert set(np.unique(cover)) == LAND_COVER | {0}
    assert cover[outside] == 0
    with rasterio.open(written.layers["kehilangan_tutupan_pohon"]) as loss_file:
        loss = loss_file.read(1)
        assert loss_file.transform == transform
        assert loss_file.bounds == bounds
    assert loss.min() == 0
    assert loss.max() <= 24
    assert set(np.unique(loss[loss > 0])) == set(range(1, 25))
    inside = cover > 0
    assert 0.002 < (loss[inside] > 0).mean() < 0.08
    assert not (loss[~inside] > 0).any()


def test_forest_estate_peat_and_hotspots(written: sample.SamplePaths,
                                         layers: dict[str, gpd.GeoDataFrame]) -> None:
    kab = layers["kabupaten"].to_crs(EQUAL_AREA).geometry.iloc[0]
    estate = gpd.read_file(written.layers["kawasan_hutan"]).to_crs(EQUAL_AREA)
    assert set(estate["fungsi"]) == {1001, 1002, 1003, 1004, 1005, 1007}
    assert estate.is_valid.all()
    assert abs(estate.area.sum() - kab.area) / kab.area < 0.01
    park = estate.loc[estate["fungsi"] == 1002].geometry.iloc[0]
    kec = layers["kecamatan"].to_crs(EQUAL_AREA).set_index("nama")
    in_park = {n for n, g in kec.geometry.items() if g.intersection(park).area > 1e6}
    assert in_park == {"Serawai", "Ambalau"}
    peat = gpd.read_file(written.layers["gambut"])
    assert set(peat["fungsi_eg"]) == {"FLEG", "FBEG"}
    assert peat.is_valid.all()
    assert len(peat) >= 4
    hot = pd.read_csv(written.layers["hotspot"])
    assert {"latitude", "longitude", "acq_date", "confidence"} <= set(hot.columns)
    assert 120 <= len(hot) <= 200
    years = pd.to_datetime(hot["acq_date"]).dt.year
    assert years.min() == 2019
    assert years.max() == 2024
    points = gpd.GeoSeries(gpd.points_from_xy(hot["longitude"], hot["latitude"]), crs=4326)
    assert points.to_crs(EQUAL_AREA).within(kab).all()


def test_folder_readme_says_illustrative(written: sample.SamplePaths) -> None:
    assert "ILLUSTRATIVE" in written.readme.read_text(encoding="utf-8")


# --- determinism -------------------------------------------------------------------------


def _gpkg_contents(path: Path) -> dict[str, pd.DataFrame]:
    contents = {}
    for name, _ in pyogrio.list_layers(path):
        frame = gpd.read_file(path, layer=name)
        table = pd.DataFrame(frame.drop(columns="geometry"))
        table["wkb"] = shapely.to_wkb(frame.geometry.to_numpy())
        contents[name] = table
    return contents


@pytest.mark.slow
def test_two_runs_are_identical(written: sample.SamplePaths, tmp_path: Path) -> None:
    again = sample.write_sample(tmp_path / "again")
    first_files = sorted(p.relative_to(written.folder) for p in written.folder.rglob("*"))
    assert first_files == sorted(p.relative_to(again.folder) for p in again.folder.rglob("*"))
    for relative in first_files:
        a, b = written.folder / relative, again.folder / relative
        if a.is_dir():
            continue
        if a.suffix == ".gpkg":
            left, right = _gpkg_contents(a), _gpkg_contents(b)
            assert left.keys() == right.keys()
            for name, table in left.items():
                pd.testing.assert_frame_equal(table, right[name])
        else:
            assert a.read_bytes() == b.read_bytes(), relative
