"""A layer file given under the wrong catalogue id is refused; a few stray values are reported.

Rasters are hand-countable (:mod:`_pixels`: 100 m pixels in EPSG:6933, one pixel = 1 ha);
expected hectares and shares are counted by hand, never read from the code's output.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from _pixels import EA, pixel_box, write_raster

from landscape.analyse.gaps import priority_values
from landscape.analyse.landstatus import land_status
from landscape.catalogue import LayerSource, load_catalogue
from landscape.errors import LayerError
from landscape.read.layers import read_layer

YEAR = dt.datetime.now(tz=dt.UTC).year


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def load(catalogue, layer_id: str, path: Path):
    return read_layer(LayerSource(catalogue[layer_id], path), catalogue=catalogue)


def write_vector(path: Path, columns: dict[str, list[object]],
                 geometry: list[shapely.Geometry]) -> Path:
    gpd.GeoDataFrame(columns, geometry=geometry, crs=EA).to_crs("EPSG:4326").to_file(path)
    return path


def one_unit(col0: int, row0: int, col1: int, row1: int) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"code": ["A"], "name": ["Alpha"]},
                            geometry=[pixel_box(col0, row0, col1, row1)], crs=EA)


# --- loss-year rasters ----------------------------------------------------------------------


def test_land_cover_given_as_loss_years_is_refused_naming_the_right_layer(catalogue, tmp_path):
    cover = np.array([[2001, 2001, 2002, 20091, 20091],
                      [2001, 2007, 5001, 20091, 0]], dtype="int32")  # 0 is nodata
    path = write_raster(tmp_path / "pl.tif", cover, nodata=0)
    with pytest.raises(LayerError) as error:
        load(catalogue, "kehilangan_tutupan_pohon", path)
    # 9 pixels counted; 20091 (3) and 5001 (1) are no year from 2001 to now: 4/9 = 44 %
    assert str(error.value) == (
        "pl.tif does not look like a raster of loss years for layer kehilangan_tutupan_pohon: "
        f"44% of the pixels hold values that are not loss years 2001-{YEAR} (e.g. 20091, 5001); "
        "its values look like tutupan_lahan codes (Land cover (KLHK)): give it as layer "
        "tutupan_lahan")


def test_a_few_stray_loss_values_are_reported_and_left_out(catalogue, tmp_path):
    loss = np.zeros((10, 20), dtype="int16")
    loss[0, :3] = 24  # 3 ha lost in 2024
    loss[1, :2] = 2019  # 2 ha written as a year
    loss[5, 5] = 3000  # 1 stray pixel of 200: 0.5 %, under the 1 % refused
    layer = load(catalogue, "kehilangan_tutupan_pohon", write_raster(tmp_path / "ly.tif", loss))
    [problem] = layer.problems
    assert problem.file == "ly.tif"
    assert problem.value == "3000"
    assert problem.problem == (f"0.50% of the pixels hold values that are not loss years "
                               f"2001-{YEAR} (e.g. 3000); they were left out of the loss figures")
    assert problem.severity == "warning"
    table = land_status(one_unit(0, 0, 20, 10), layer)
    assert dict(zip(table["class_code"], table["area_ha"], strict=True)) == pytest.approx(
        {"2019": 2.0, "2024": 3.0})
    values = priority_values(one_unit(0, 0, 20, 10), [layer], loss_years=10,
                             reference_year=2024)
    assert values["value"].tolist() == pytest.approx([5.0])
    assert values["share_of_unit"].tolist() == pytest.approx([5 / 200])


# --- classes rasters ------------------------------------------------------------------------


def test_land_cover_given_as_peat_is_refused(catalogue, tmp_path):
    cover = np.array([[2001, 2001, 2001], [2002, 2007, 0]], dtype="int32")
    path = write_raster(tmp_path / "pl.tif", cover, nodata=0)
    with pytest.raises(LayerError) as error:
        load(catalogue, "gambut", path)
    assert str(error.value) == (
        "pl.tif does not fit layer gambut: classes not in the gambut code list cover 100% of "
        "its pixels (e.g. 2001, 2002, 2007); its values look like tutupan_lahan codes "
        "(Land cover (KLHK)): give it as layer tutupan_lahan")


def test_a_raster_of_unknown_classes_is_refused_without_a_guess(catalogue, tmp_path):
    estate = np.array([[7, 7, 7], [8, 8, 1007]], dtype="int16")
    with pytest.raises(LayerError) as error:
        load(catalogue, "kawasan_hutan", write_raster(tmp_path / "kh.tif", estate))
    assert str(error.value) == (
        "kh.tif does not fit layer kawasan_hutan: classes not in the kawasan_hutan code list "
        "cover 83% of its pixels (e.g. 7, 8); check that it is the Forest-estate function "
        "layer")


def test_a_few_unknown_raster_classes_are_reported_and_in_no_group(catalogue, tmp_path):
    cover = np.array([[2001, 2001, 2002, 2002], [2001, 2002, 2001, 9999]], dtype="int32")
    layer = load(catalogue, "tutupan_lahan", write_raster(tmp_path / "pl.tif", cover))
    [problem] = layer.problems
    assert problem.value == "9999"
    assert problem.problem == ("pixel value 9999 is not in the tutupan_lahan catalogue; "
                               "counted as 'kelas 9999 (tidak dikenal)', in no group or priority")
    table = land_status(one_unit(0, 0, 4, 2), layer).set_index("class_code")
    assert table.loc["9999", "area_ha"] == pytest.approx(1.0)
    assert table.loc["group:hutan_alam", "area_ha"] == pytest.approx(7.0)  # 2001 x4, 2002 x3
    assert table.loc["group:berhutan", "area_ha"] == pytest.approx(7.0)


# --- vector layers --------------------------------------------------------------------------


def test_peat_outlines_given_as_forest_estate_are_refused_naming_peat(catalogue, tmp_path):
    path = write_vector(tmp_path / "khg.gpkg",
                        {"kode": ["KHG-01-L", "KHG-01-B"], "fungsi_eg": ["FLEG", "FBEG"]},
                        [pixel_box(0, 0, 3, 2), pixel_box(3, 0, 4, 2)])
    with pytest.raises(LayerError) as error:
        load(catalogue, "kawasan_hutan", path)
    assert str(error.value) == (
        "khg.gpkg does not fit layer kawasan_hutan: classes not in the kawasan_hutan code list "
        "cover 100% of its area (e.g. KHG-01-L, KHG-01-B); its values look like gambut codes "
        "(Peat ecosystem (KHG)): give it as layer gambut")


def test_lines_given_as_peat_are_refused(catalogue, tmp_path):
    lines = [shapely.LineString([(10_000_000 + 100 * i, 49_000), (10_000_900, 49_500)])
             for i in range(3)]
    path = write_vector(tmp_path / "sungai.gpkg", {"nama": ["Kapuas", "Melawi", "Ketungau"]},
                        lines)
    with pytest.raises(LayerError) as error:
        load(catalogue, "gambut", path)
    assert str(error.value) == ("sungai.gpkg does not fit layer gambut: 3 of its 3 features "
                                "have no area (lines or points); give the gambut layer as "
                                "polygons")


def test_unknown_peat_classes_are_reported_and_never_peat(catalogue, tmp_path):
    path = write_vector(tmp_path / "khg.gpkg", {"fungsi_eg": ["FLEG", "FBEG", "Sawah"]},
                        [pixel_box(0, 0, 2, 2), pixel_box(2, 0, 4, 1), pixel_box(4, 0, 5, 2)])
    layer = load(catalogue, "gambut", path)
    [problem] = layer.problems
    assert problem.value == "Sawah"
    assert "class 'Sawah' is not in the gambut catalogue" in problem.problem
    values = priority_values(one_unit(0, 0, 6, 2), [layer])
    # FLEG 4 ha + FBEG 2 ha are peat; the 2 ha of "Sawah" are not, of the unit's 12 ha
    assert values["value"].tolist() == pytest.approx([6.0])
    assert values["share_of_unit"].tolist() == pytest.approx([6 / 12])


def test_a_peat_mask_raster_is_read_as_peat(catalogue, tmp_path):
    mask = np.array([[1, 1, 0], [0, 1, 0]], dtype="uint8")
    layer = load(catalogue, "gambut", write_raster(tmp_path / "mask.tif", mask))
    assert layer.mask_class == "KHG"
    [problem] = layer.problems
    assert problem.problem.startswith("the raster holds none of the gambut codes; every pixel "
                                      "but 0 and nodata was taken as KHG")
    values = priority_values(one_unit(0, 0, 3, 2), [layer])
    assert values["value"].tolist() == pytest.approx([3.0])


# --- shares ---------------------------------------------------------------------------------


def test_raster_shares_divide_by_the_pixels_of_the_unit(catalogue, tmp_path):
    """A unit thinner than its pixels: 3 pixel centres in 2.2 ha; shares by the 3 pixels."""
    cover = np.array([[2001, 2001, 2007, 2007]], dtype="int32")
    layer = load(catalogue, "tutupan_lahan", write_raster(tmp_path / "pl.tif", cover))
    x0, y0 = pixel_box(0, 0, 1, 1).bounds[:2]
    unit = gpd.GeoDataFrame({"code": ["A"], "name": ["Alpha"]},
                            geometry=[shapely.box(x0 + 40, y0, x0 + 260, y0 + 100)], crs=EA)
    assert unit.area.iloc[0] / 10_000 == pytest.approx(2.2)
    table = land_status(unit, layer).set_index("class_code")
    assert table.loc["2001", "area_ha"] == pytest.approx(2.0)  # centres of columns 0 and 1
    assert table.loc["2001", "share"] == pytest.approx(2 / 3)
    assert table.loc["2007", "share"] == pytest.approx(1 / 3)
    assert table.loc["group:hutan_alam", "share"] == pytest.approx(2 / 3)
    estate = write_vector(tmp_path / "kh.gpkg", {"fungsikws": ["APL"]}, [pixel_box(0, 0, 4, 1)])
    values = priority_values(unit, [layer, load(catalogue, "kawasan_hutan", estate)])
    assert values["value"].tolist() == pytest.approx([2.0])
    assert values["share_of_unit"].tolist() == pytest.approx([2 / 3])
