"""Gaps: priority values against independent overlays and hand counts; ranking by hand."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from _pixels import ORIGIN, pixel_box, write_raster

from landscape.analyse import gaps as gaps_module
from landscape.analyse import land, landstatus
from landscape.analyse.gaps import GAP_COLUMNS, PRIORITIES, PRIORITY_COLUMNS, gaps, priority_values
from landscape.catalogue import LayerSource, load_catalogue
from landscape.errors import InputError, LayerError
from landscape.model import equal_area
from landscape.read.layers import read_layer

EA = "EPSG:6933"


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def write_vector(path: Path, field: str, values: list[str], boxes: list[shapely.Polygon]) -> Path:
    gpd.GeoDataFrame({field: values}, geometry=boxes, crs=EA).to_crs("EPSG:4326").to_file(path)
    return path


def units() -> gpd.GeoDataFrame:
    """Desa A (columns 0-2) and B (columns 3-5) of a 6 x 4 pixel grid, in EPSG:4326."""
    return gpd.GeoDataFrame({"code": ["A", "B"], "name": ["Alpha", "Beta"]},
                            geometry=[pixel_box(0, 0, 3, 4), pixel_box(3, 0, 6, 4)],
                            crs=EA).to_crs("EPSG:4326")


def load(catalogue, layer_id: str, path: Path):
    return read_layer(LayerSource(catalogue[layer_id], path))


def values_of(table: pd.DataFrame, priority: str) -> dict[str, float]:
    rows = table[table["priority"] == priority]
    return dict(zip(rows["code"], rows["value"], strict=True))


# --- natural forest in APL ------------------------------------------------------------------


def test_natural_forest_in_apl_from_vectors_matches_an_overlay(catalogue, tmp_path):
    cover_boxes = [pixel_box(0, 0, 4, 4), pixel_box(4, 0, 6, 2), pixel_box(4, 2, 6, 4),
                   pixel_box(1, 1, 2, 3)]
    cover_codes = ["2001", "20051", "2010", "2002"]  # the last overlaps the first
    estate_boxes = [shapely.box(ORIGIN[0] + 50, ORIGIN[1] - 170, ORIGIN[0] + 520,
                                ORIGIN[1] - 20),
                    pixel_box(0, 3, 6, 4)]
    cover = write_vector(tmp_path / "pl.geojson", "kelas", cover_codes, cover_boxes)
    estate = write_vector(tmp_path / "kh.geojson", "fungsi", ["APL", "HL"], estate_boxes)
    layers = [load(catalogue, "tutupan_lahan", cover), load(catalogue, "kawasan_hutan", estate)]
    table = priority_values(units(), layers)
    assert list(table.columns) == PRIORITY_COLUMNS
    assert set(table["priority"]) == {"hutan_alam_apl"}
    natural = gpd.read_file(cover).to_crs(EA)
    natural = natural[natural["kelas"].isin(["2001", "2002", "20051"])].dissolve()
    apl = gpd.read_file(estate).to_crs(EA)
    apl = apl[apl["fungsi"] == "APL"]
    land = gpd.overlay(natural[["geometry"]], apl[["geometry"]], how="intersection",
                       keep_geom_type=True)
    pieces = gpd.overlay(units().to_crs(EA), land, how="intersection", keep_geom_type=True)
    expected = (pieces.area / 10_000).groupby(pieces["code"]).sum()
    found = values_of(table, "hutan_alam_apl")
    assert found == pytest.approx(expected.to_dict(), rel=1e-6)
    unit_ha = units().to_crs(EA).set_index("code").area / 10_000
    share = table.set_index("code")["share_of_unit"]
    assert share["A"] == pytest.approx(expected["A"] / unit_ha["A"], rel=1e-6)
    assert table.set_index("code")["name"].to_dict() == {"A": "Alpha", "B": "Beta"}


COVER = np.array([
    [2001, 2001, 2002, 2002, 2007, 0],
    [2001, 2001, 2002, 2002, 2007, 0],
    [2010, 2010, 2001, 2001, 2001, 2001],
    [2010, 2010, 2001, 2001, 2001, 2001],
], dtype="uint16")


def test_natural_forest_in_apl_with_a_land_cover_raster(catalogue, tmp_path):
    cover = write_raster(tmp_path / "pl.tif", COVER, nodata=0)
    estate = write_vector(tmp_path / "kh.gpkg", "FUNGSIKWS", ["1007", "1001"],
                          [pixel_box(0, 0, 6, 2), pixel_box(0, 2, 6, 4)])
    layers = {"tutupan_lahan": load(catalogue, "tutupan_lahan", cover),
              "kawasan_hutan": load(catalogue, "kawasan_hutan", estate)}
    table = priority_values(units(), layers)
    # top two rows are APL: A holds 2001 x4 and 2002 x2, B holds 2002 x2
    assert values_of(table, "hutan_alam_apl") == pytest.approx({"A": 6.0, "B": 2.0})


def test_natural_forest_in_apl_with_a_forest_estate_raster(catalogue, tmp_path):
    estate_px = np.full((4, 6), 1001, dtype="uint16")
    estate_px[:2] = 1007
    estate = write_raster(tmp_path / "kh.tif", estate_px)
    cover = write_vector(tmp_path / "pl.gpkg", "PL", ["2001", "2010"],
                         [pixel_box(0, 0, 4, 4), pixel_box(4, 0, 6, 4)])
    layers = [load(catalogue, "tutupan_lahan", cover), load(catalogue, "kawasan_hutan", estate)]
    table = priority_values(units(), layers)
    assert values_of(table, "hutan_alam_apl") == pytest.approx({"A": 6.0, "B": 2.0})
    both = [load(catalogue, "tutupan_lahan", write_raster(tmp_path / "pl.tif", COVER)),
            load(catalogue, "kawasan_hutan", estate)]
    with pytest.raises(LayerError, match="both rasters"):
        priority_values(units(), both)


# --- peat, loss, hotspots -------------------------------------------------------------------


def test_peat_area(catalogue, tmp_path):
    boxes = [pixel_box(1, 0, 5, 2), pixel_box(2, 1, 3, 4)]
    peat = write_vector(tmp_path / "khg.shp", "nama", ["KHG Kapuas", "KHG Melawi"], boxes)
    table = priority_values(units(), [load(catalogue, "gambut", peat)])
    union = gpd.GeoDataFrame(geometry=[shapely.union_all(boxes)], crs=EA)
    pieces = gpd.overlay(units().to_crs(EA), union, how="intersection", keep_geom_type=True)
    expected = (pieces.area / 10_000).groupby(pieces["code"]).sum()
    assert values_of(table, "gambut") == pytest.approx(expected.to_dict(), rel=1e-6)
    assert set(table["unit"]) == {"ha"}


def test_peat_raster_counts_every_pixel_but_zero(catalogue, tmp_path):
    peat = np.zeros((4, 6), dtype="uint8")
    peat[0, :4] = 1  # A: 3 pixels, B: 1
    peat[3, 5] = 2  # B: 1 more
    loaded = load(catalogue, "gambut", write_raster(tmp_path / "gambut.tif", peat))
    table = priority_values(units(), [loaded])
    assert values_of(table, "gambut") == pytest.approx({"A": 3.0, "B": 2.0})


LOSS = np.array([
    [0, 1, 1, 5, 5, 24],
    [0, 0, 1, 5, 0, 24],
    [0, 19, 19, 0, 0, 0],
    [0, 0, 0, 0, 0, 23],
], dtype="uint8")


def test_recent_loss_by_hand(catalogue, tmp_path):
    loss = [load(catalogue, "kehilangan_tutupan_pohon", write_raster(tmp_path / "ly.tif", LOSS))]
    latest = priority_values(units(), loss, loss_years=2)
    assert values_of(latest, "kehilangan_tutupan_pohon") == pytest.approx({"A": 0.0, "B": 3.0})
    assert set(latest["years"]) == {"2023-2024"}
    early = priority_values(units(), loss, loss_years=5, reference_year=2005)
    assert values_of(early, "kehilangan_tutupan_pohon") == pytest.approx({"A": 3.0, "B": 3.0})
    assert early["share_of_unit"].tolist() == pytest.approx([3 / 12, 3 / 12], rel=1e-6)
    with pytest.raises(InputError, match="loss_years"):
        priority_values(units(), loss, loss_years=0)


def test_recent_hotspots_by_hand(catalogue, tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text("latitude,longitude,acq_date\n"
                    "0.01,111.01,2019-08-01\n0.02,111.02,2019-09-11\n0.03,111.03,2023-08-20\n"
                    "0.05,111.15,2023-09-02\n0.50,111.50,2024-09-02\n", encoding="utf-8")
    fire = [load(catalogue, "hotspot", path)]
    squares = gpd.GeoDataFrame({"code": ["A", "B"], "name": ["Alpha", "Beta"]},
                               geometry=[shapely.box(111.0, 0.0, 111.1, 0.1),
                                         shapely.box(111.1, 0.0, 111.2, 0.1)], crs="EPSG:4326")
    recent = priority_values(squares, fire, loss_years=2)  # 2023-2024: the latest year is 2024
    assert values_of(recent, "hotspot") == {"A": 1.0, "B": 1.0}
    longer = priority_values(squares, fire, loss_years=5)  # 2020-2024
    assert values_of(longer, "hotspot") == {"A": 1.0, "B": 1.0}
    older = priority_values(squares, fire, loss_years=5, reference_year=2023)  # 2019-2023
    assert values_of(older, "hotspot") == {"A": 3.0, "B": 1.0}
    hectares = squares.to_crs(EA).set_index("code").area / 10_000
    density = values_of(older, "hotspot_density")
    assert density["A"] == pytest.approx(3 / hectares["A"] * 1000)
    assert older["share_of_unit"].isna().all()
    assert set(older["years"]) == {"2019-2023"}


# --- ranking --------------------------------------------------------------------------------


def test_gaps_are_ranked_within_each_priority():
    priorities = pd.DataFrame({
        "code": ["d1", "d2", "d3", "d4", "d1", "d2", "d3"],
        "name": ["Satu", "Dua", "Tiga", "Empat", "Satu", "Dua", "Tiga"],
        "priority": ["gambut"] * 4 + ["hutan_alam_apl"] * 3,
        "value": [50.0, 0.0, 80.0, 80.0, 10.0, 30.0, 20.0],
        "unit": "ha", "years": "", "share_of_unit": [0.5, 0.0, 0.8, 0.4, 0.1, 0.3, 0.2],
    })
    coverage = pd.DataFrame({"desa_code": ["d1", "d2", "d4"], "n_activities": [0, 0, 2]})
    found = gaps(priorities, coverage, level="desa")
    assert list(found.columns) == GAP_COLUMNS
    # natural forest in APL comes first (PRIORITIES order); d4 has activities, d2 no peat
    assert found[["priority", "code", "rank"]].to_numpy().tolist() == [
        ["hutan_alam_apl", "d2", 1], ["hutan_alam_apl", "d3", 2], ["hutan_alam_apl", "d1", 3],
        ["gambut", "d3", 1], ["gambut", "d1", 2],
    ]
    assert (found["n_activities"] == 0).all()
    assert set(found["level"]) == {"desa"}
    assert found.loc[found["code"] == "d3", "name"].tolist() == ["Tiga", "Tiga"]
    top = gaps(priorities, coverage, level="desa", top=1)
    assert top[["priority", "code"]].to_numpy().tolist() == [["hutan_alam_apl", "d2"],
                                                         ["gambut", "d3"]]
    assert list(PRIORITIES)[:2] == ["hutan_alam_apl", "gambut"]


def test_ties_are_ranked_by_code_and_coverage_needs_its_columns():
    priorities = pd.DataFrame({"code": ["k2", "k1"], "name": ["B", "A"],
                               "priority": ["hotspot", "hotspot"], "value": [4.0, 4.0],
                               "unit": "hotspots", "years": "2020-2024",
                               "share_of_unit": np.nan})
    found = gaps(priorities, pd.DataFrame({"code": [], "n_activities": []}), level="kecamatan")
    assert found["code"].tolist() == ["k1", "k2"]
    assert found["rank"].tolist() == [1, 2]
    with pytest.raises(InputError, match="n_activities"):
        gaps(priorities, pd.DataFrame({"code": ["k1"]}), level="kecamatan")


# --- measured once ---------------------------------------------------------------------------


def test_land_tables_measure_each_unit_set_and_layer_once(catalogue, tmp_path, monkeypatch):
    peat = write_vector(tmp_path / "khg.geojson", "fungsi", ["FLEG", "FBEG"],
                        [pixel_box(0, 0, 4, 2), pixel_box(2, 1, 6, 4)])
    layers = [load(catalogue, "gambut", peat)]
    calls: list[tuple[tuple[str, ...], str]] = []
    original = landstatus.measure

    def counted(units_ea, layer, **options):
        calls.append((tuple(units_ea.index), layer.id))
        return original(units_ea, layer, **options)

    for module in (land, landstatus, gaps_module):
        monkeypatch.setattr(module, "measure", counted)
    desa = equal_area(units())
    kecamatan = gpd.GeoDataFrame({"code": ["K"], "name": ["Kappa"]},
                                 geometry=[desa.union_all()], crs=desa.crs)
    none = gpd.GeoDataFrame({"code": [], "name": []}, geometry=[], crs="EPSG:4326")
    cover = pd.DataFrame({"code": ["A", "B", "K"], "n_activities": [0, 1, 0]})
    tables = land.land_tables(layers, land.Units(desa, kecamatan, none, none),
                              activities=pd.DataFrame({"activity_id": [], "org": []}),
                              coverage_desa=cover, coverage_kecamatan=cover, kabupaten="X")
    assert tables is not None
    assert sorted(calls) == [(("A", "B"), "gambut"), (("K",), "gambut"), (("X",), "gambut")]
    # Read from the one measure, the peat priority is the hectares of the union of its
    # polygons in each desa (an independent overlay in EPSG:6933).
    united = gpd.read_file(peat).to_crs(EA).dissolve()
    inside = gpd.overlay(units().to_crs(EA), united[["geometry"]], how="intersection")
    expected = (inside.area / 10_000).groupby(inside["code"]).sum().to_dict()
    assert values_of(tables.priorities_desa, "gambut") == pytest.approx(expected, rel=1e-6)
    assert list(tables.gaps["code"]) == ["A", "K"]
