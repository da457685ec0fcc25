"""Land status against independent computations: plain geopandas overlays in EPSG:6933,
hand counts on tiny rasters and point files."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from _pixels import pixel_box, write_raster

from landscape.analyse.landstatus import (
    LAND_STATUS_COLUMNS,
    district_total,
    group_areas,
    land_status,
    unknown_classes,
)
from landscape.catalogue import LayerSource, load_catalogue
from landscape.read.boundaries import read_boundaries
from landscape.read.layers import read_layer

EA = "EPSG:6933"
NATURAL = ["2001", "2002", "2004", "20041", "2005", "20051"]
GRID_CLASSES = [2001, 2002, 20051, 2007, 2010, 20092, 5001]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture(scope="module")
def desa(admin_gpkg):
    frame = read_boundaries(admin_gpkg, kabupaten="61.05").desa
    assert frame["code"].str.startswith("61.05.").all()
    return frame[["code", "name", "geometry"]]


@pytest.fixture(scope="module")
def grid(desa):
    """Random-class 6 km squares over the kabupaten, in UTM 49N."""
    x0, y0, x1, y1 = desa.to_crs("EPSG:32649").total_bounds
    rng = np.random.default_rng(6105)
    step = 6000.0
    boxes = [shapely.box(x, y, x + step, y + step)
             for x in np.arange(x0 - 100, x1, step) for y in np.arange(y0 - 100, y1, step)]
    classes = rng.choice(GRID_CLASSES, size=len(boxes)).astype(float)
    return gpd.GeoDataFrame({"PL": classes}, geometry=boxes, crs="EPSG:32649")


@pytest.fixture(scope="module")
def grid_layer(grid, catalogue, tmp_path_factory):
    path = tmp_path_factory.mktemp("grid") / "tutupan.gpkg"
    grid.to_file(path)
    return read_layer(LayerSource(catalogue["tutupan_lahan"], path))


def _overlay_areas(units: gpd.GeoDataFrame, layer: gpd.GeoDataFrame, field: str) -> pd.Series:
    """Hectares per (unit code, class) by a plain geopandas overlay in EPSG:6933."""
    pieces = gpd.overlay(units[["code", "geometry"]].to_crs(EA), layer[[field, "geometry"]]
                         .to_crs(EA), how="intersection", keep_geom_type=True)
    pieces["class_code"] = [str(int(v)) if isinstance(v, float) else str(v)
                            for v in pieces[field]]
    pieces["ha"] = pieces.area / 10_000
    found = pieces.groupby(["code", "class_code"])["ha"].sum()
    return found[found > 0]


def _assert_same(found: pd.Series, expected: pd.Series) -> None:
    keys = found.index.union(expected.index)
    a = found.reindex(keys, fill_value=0.0).to_numpy()
    b = expected.reindex(keys, fill_value=0.0).to_numpy()
    assert np.allclose(a, b, rtol=1e-6, atol=1e-6), np.abs(a - b).max()


# --- vector layers on the real desa --------------------------------------------------


def test_hectares_per_class_on_real_desa_match_a_plain_overlay(desa, grid, grid_layer):
    table = land_status(desa, grid_layer, key="desa_code")
    assert list(table.columns) == ["desa_code", *LAND_STATUS_COLUMNS]
    classes = table[~table["class_code"].str.startswith("group:")]
    found = classes.set_index(["desa_code", "class_code"])["area_ha"]
    found.index.names = ["code", "class_code"]
    expected = _overlay_areas(desa, grid, "PL")
    _assert_same(found, expected)
    desa_ha = desa.to_crs(EA).set_index("code").area / 10_000
    share = classes["area_ha"] / classes["desa_code"].map(desa_ha)
    assert np.allclose(classes["share"], share, rtol=1e-9)
    assert set(classes["class"]) >= {"Hutan lahan kering primer", "Tubuh air"}
    assert table["desa_code"].drop_duplicates().tolist() == [
        c for c in desa["code"] if c in set(table["desa_code"])]


def test_group_rows_are_the_union_of_their_classes(desa, grid, grid_layer):
    table = land_status(desa, grid_layer, key="desa_code")
    natural = table[table["class_code"] == "group:hutan_alam"].set_index("desa_code")["area_ha"]
    grid_natural = grid[grid["PL"].astype(int).astype(str).isin(NATURAL)].assign(g="all")
    expected = _overlay_areas(desa, grid_natural, "g").droplevel("class_code")
    _assert_same(natural, expected)
    assert (table.loc[table["class_code"] == "group:hutan_alam", "class"] == "Hutan alam").all()


def test_kabupaten_total_counts_overlapping_desa_once(desa, grid, grid_layer):
    total = district_total(desa, grid_layer, code="61.05", key="kabupaten_code")
    assert set(total["kabupaten_code"]) == {"61.05"}
    union = gpd.GeoDataFrame({"code": ["61.05"]},
                             geometry=[shapely.union_all(desa.to_crs(EA).geometry.to_numpy())],
                             crs=EA)
    expected = _overlay_areas(union, grid, "PL")
    classes = total[~total["class_code"].str.startswith("group:")]
    found = classes.set_index(["kabupaten_code", "class_code"])["area_ha"]
    found.index.names = ["code", "class_code"]
    _assert_same(found, expected)
    per_desa = land_status(desa, grid_layer)
    plain_sum = per_desa.loc[~per_desa["class_code"].str.startswith("group:"), "area_ha"].sum()
    overlap_ha = (desa.to_crs(EA).area.sum() - union.area.sum()) / 10_000
    assert overlap_ha > 10  # the real desa do overlap
    assert plain_sum - classes["area_ha"].sum() == pytest.approx(overlap_ha, rel=1e-3)


def test_a_layers_own_overlapping_polygons_count_once(desa, catalogue, tmp_path):
    some = desa.iloc[:12]
    x0, y0, x1, y1 = some.to_crs("EPSG:32649").total_bounds
    boxes = [shapely.box(x0, y0, (x0 + x1) / 2 + 2000, y1),
             shapely.box((x0 + x1) / 2 - 2000, y0, x1, y1),
             shapely.box(x0, y0, x1, (y0 + y1) / 2)]
    layer = gpd.GeoDataFrame({"kelas": ["Hp", "Hp", "Pk"]}, geometry=boxes, crs="EPSG:32649")
    path = tmp_path / "tumpang.gpkg"
    layer.to_file(path)
    loaded = read_layer(LayerSource(catalogue["tutupan_lahan"], path))
    table = land_status(some, loaded, groups=False)
    found = table.set_index(["code", "class_code"])["area_ha"]
    dissolved = layer.assign(kelas=layer["kelas"].map({"Hp": "2001", "Pk": "2010"}))
    expected = _overlay_areas(some, dissolved.dissolve(by="kelas").reset_index(), "kelas")
    _assert_same(found, expected)
    plain = _overlay_areas(some, dissolved, "kelas")  # no dissolve: overlaps count twice
    assert plain.sum() > found.sum() + 100


def test_units_sharing_a_code_are_united(catalogue, tmp_path):
    layer = gpd.GeoDataFrame({"kode": ["2001"]}, geometry=[shapely.box(111.0, 0.0, 111.2, 0.1)],
                             crs="EPSG:4326")
    path = tmp_path / "pl.geojson"
    layer.to_file(path)
    loaded = read_layer(LayerSource(catalogue["tutupan_lahan"], path))
    parts = [shapely.box(110.9, 0.0, 111.1, 0.1), shapely.box(111.05, 0.0, 111.15, 0.1)]
    units = gpd.GeoDataFrame({"code": ["A-1", "A-1"]}, geometry=parts, crs="EPSG:4326")
    table = land_status(units, loaded, key="activity_id", groups=False)
    union = gpd.GeoSeries([shapely.union_all(parts)], crs="EPSG:4326").to_crs(EA)
    inside = gpd.GeoSeries([shapely.box(111.0, 0.0, 111.15, 0.1)], crs="EPSG:4326").to_crs(EA)
    [row] = table.to_dict("records")
    assert row["activity_id"] == "A-1"
    assert row["area_ha"] == pytest.approx(inside.area.iloc[0] / 10_000, rel=1e-9)
    assert row["share"] == pytest.approx(inside.area.iloc[0] / union.area.iloc[0], rel=1e-9)


# --- rasters ---------------------------------------------------------------------------

# 100 m pixels in EPSG:6933: one pixel is exactly one hectare.
COVER = np.array([
    [2001, 2001, 2002, 2002, 2007, 0],
    [2001, 2001, 2002, 2002, 2007, 0],
    [2010, 2010, 7777, 2001, 2001, 2001],
    [2010, 2010, 7777, 2001, 2001, 2001],
], dtype="uint16")
LOSS = np.array([
    [0, 1, 1, 5, 5, 24],
    [0, 0, 1, 5, 0, 24],
    [0, 19, 19, 0, 0, 0],
    [0, 0, 0, 0, 0, 23],
], dtype="uint8")


def two_units() -> gpd.GeoDataFrame:
    """Units A (columns 0-2) and B (columns 3-5) of the tiny rasters, given in EPSG:4326."""
    return gpd.GeoDataFrame({"code": ["A", "B"], "name": ["Alpha", "Beta"]},
                            geometry=[pixel_box(0, 0, 3, 4), pixel_box(3, 0, 6, 4)],
                            crs=EA).to_crs("EPSG:4326")


def test_categorical_raster_counts_by_hand(catalogue, tmp_path):
    path = write_raster(tmp_path / "pl.tif", COVER, nodata=0)
    loaded = read_layer(LayerSource(catalogue["tutupan_lahan"], path))
    table = land_status(two_units(), loaded, key="desa_code")
    found = {(r.desa_code, r.class_code): r.area_ha for r in table.itertuples()}
    expected = {("A", "2001"): 4, ("A", "2002"): 2, ("A", "2010"): 4, ("A", "7777"): 2,
                ("B", "2001"): 6, ("B", "2002"): 2, ("B", "2007"): 2,
                ("A", "group:hutan_alam"): 6, ("B", "group:hutan_alam"): 8,
                ("A", "group:hutan_primer"): 4, ("B", "group:hutan_primer"): 6,
                ("A", "group:hutan_sekunder"): 2, ("B", "group:hutan_sekunder"): 2,
                ("A", "group:berhutan"): 6, ("B", "group:berhutan"): 8,
                ("A", "group:pertanian"): 4}
    assert found.keys() == expected.keys()
    for key, hectares in expected.items():
        assert found[key] == pytest.approx(hectares, rel=1e-9), key
    shares = {(r.desa_code, r.class_code): r.share for r in table.itertuples()}
    assert shares[("B", "2001")] == pytest.approx(6 / 12, rel=1e-6)
    labels = dict(zip(table["class_code"], table["class"], strict=True))
    assert labels["7777"] == "kelas 7777 (tidak dikenal)"
    [problem] = unknown_classes(table, loaded)
    assert problem.value == "7777"


def test_loss_year_raster_by_hand(catalogue, tmp_path):
    path = write_raster(tmp_path / "lossyear.tif", LOSS)
    loaded = read_layer(LayerSource(catalogue["kehilangan_tutupan_pohon"], path))
    table = land_status(two_units(), loaded)
    found = {(r.code, r.class_code): r.area_ha for r in table.itertuples()}
    assert found == pytest.approx({("A", "2001"): 3, ("A", "2019"): 2, ("B", "2005"): 3,
                                   ("B", "2023"): 1, ("B", "2024"): 2})
    assert table["class"].tolist() == table["class_code"].tolist()
    assert table.loc[table["code"] == "B", "class_code"].tolist() == ["2005", "2023", "2024"]


def test_group_areas_on_a_table(catalogue):
    layer = catalogue["tutupan_lahan"]
    table = pd.DataFrame({"code": ["X", "X", "X"], "layer": layer.id,
                          "class_code": ["2001", "2002", "2010"], "class": "",
                          "area_ha": [10.0, 5.0, 1.0], "share": [0.5, 0.25, 0.05],
                          "n_points": pd.array([pd.NA] * 3, dtype="Int64"),
                          "per_1000_ha": np.nan})
    out = group_areas(table, layer)
    natural = out[out["class_code"] == "group:hutan_alam"].iloc[0]
    assert natural["area_ha"] == 15.0
    assert natural["share"] == pytest.approx(0.75)
    assert out["class_code"].tolist()[:3] == ["2001", "2002", "2010"]


# --- points ----------------------------------------------------------------------------


HOTSPOTS = """latitude,longitude,acq_date,confidence
0.01,111.01,2019-08-01,80
0.02,111.02,2019-09-11,55
0.03,111.03,2023-08-20,90
0.04,111.04,tidak tahu,30
0.05,111.15,2023-09-02,70
0.50,111.50,2023-09-02,70
"""


def test_hotspots_counted_per_unit_and_year(catalogue, tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text(HOTSPOTS, encoding="utf-8")
    loaded = read_layer(LayerSource(catalogue["hotspot"], path))
    units = gpd.GeoDataFrame({"code": ["A", "B"]},
                             geometry=[shapely.box(111.0, 0.0, 111.1, 0.1),
                                       shapely.box(111.1, 0.0, 111.2, 0.1)], crs="EPSG:4326")
    table = land_status(units, loaded)
    counts = {(r.code, r.class_code): r.n_points for r in table.itertuples()}
    assert counts == {("A", "all"): 4, ("A", "2019"): 2, ("A", "2023"): 1,
                      ("B", "all"): 1, ("B", "2023"): 1}
    hectares = units.to_crs(EA).set_index("code").area / 10_000
    density = {(r.code, r.class_code): r.per_1000_ha for r in table.itertuples()}
    assert density[("A", "all")] == pytest.approx(4 / hectares["A"] * 1000)
    assert density[("B", "2023")] == pytest.approx(1 / hectares["B"] * 1000)
    assert table["area_ha"].isna().all()
    assert dict(zip(table["class_code"], table["class"], strict=False))["2019"] == "hotspot 2019"
    total = district_total(units, loaded, code="61.05")
    assert total.loc[total["class_code"] == "all", "n_points"].tolist() == [5]
