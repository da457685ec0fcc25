"""Layer catalogue: descriptors, ID=PATH arguments, reading layer files of many shapes."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
import shapely
from affine import Affine

from landscape.catalogue import (
    GROUP_PREFIX,
    LayerFile,
    LayerSource,
    class_code,
    load_catalogue,
)
from landscape.cli.options import OptionError, parse_layer_values
from landscape.errors import LandscapeError, LayerError
from landscape.read.layers import layer_sources, read_layer


def parse_layer_args(values, catalogue):
    """``ID=PATH`` values as the command line turns them into layer sources.

    The command line's errors (click's BadParameter) are raised as the LayerError a
    library caller gets, so one set of tests covers both sides of the edge.
    """
    try:
        files = parse_layer_values(list(values))
    except OptionError as exc:
        raise LayerError(exc.message) from exc
    return layer_sources(files, catalogue)

IDS = {"tutupan_lahan", "kawasan_hutan", "gambut", "rtrw", "konsesi", "perhutanan_sosial",
       "hotspot", "kehilangan_tutupan_pohon"}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def _write_toml(folder: Path, name: str, text: str) -> None:
    (folder / f"{name}.toml").write_text(text, encoding="utf-8")


# --- the shipped descriptors -----------------------------------------------------------


def test_shipped_catalogue_has_the_standard_layers(catalogue):
    assert set(catalogue) == IDS
    assert catalogue["hotspot"].kind == "points"
    assert catalogue["kehilangan_tutupan_pohon"].kind == "loss_year"
    natural = catalogue["tutupan_lahan"].groups["hutan_alam"].codes
    assert set(natural) == {"2001", "2002", "2004", "20041", "2005", "20051"}
    for layer in catalogue.values():
        for cls in layer.classes.values():
            assert cls.label
            assert cls.label_en
            assert cls.colour.startswith("#")


def test_class_values_become_catalogue_codes(catalogue):
    cover, estate = catalogue["tutupan_lahan"], catalogue["kawasan_hutan"]
    assert cover.code_for(2001.0) == "2001"
    assert cover.code_for("20051.0") == "20051"
    assert cover.code_for(np.int32(2007)) == "2007"
    assert cover.code_for("Hp") == "2001"
    assert cover.code_for("  hutan rawa SEKUNDER ") == "20051"
    assert cover.code_for(None) is None
    assert cover.code_for(float("nan")) is None
    assert cover.code_for("9999") == "9999"
    assert cover.label("9999") == "kelas 9999 (tidak dikenal)"
    assert cover.label(GROUP_PREFIX + "hutan_alam") == "Hutan alam"
    for text, code in {"APL": "1007", "HL": "1001", "KSA/KPA": "1002", "ksa-kpa": "1002",
                       "HPT": "1004", "HPK": "1005", "HP": "1003", "Taman Nasional": "1002",
                       "1007": "1007"}.items():
        assert estate.code_for(text) == code, text
    assert catalogue["perhutanan_sosial"].code_for("hkm") == "HKm"
    assert catalogue["konsesi"].code_for("IUPHHK-HA") == "PBPH-HA"


def test_class_code_of_odd_values():
    assert class_code(np.int64(7)) == "7"
    assert class_code(12.5) == "12.5"
    assert class_code("  ") is None
    assert class_code("+3.00") == "3"


# --- catalogue errors ----------------------------------------------------------------------


def test_unknown_layer_id_lists_the_known_ones(catalogue, tmp_path):
    path = tmp_path / "x.gpkg"
    path.write_bytes(b"")
    with pytest.raises(LayerError) as caught:
        parse_layer_args([f"tutupan={path}"], catalogue)
    message = str(caught.value)
    assert "tutupan" in message
    assert all(layer_id in message for layer_id in IDS)
    assert "did you mean tutupan_lahan" in message


@pytest.mark.parametrize("value", ["tutupan_lahan", "=x.shp", "tutupan_lahan=", "  "])
def test_malformed_layer_argument(catalogue, value):
    with pytest.raises(LayerError, match="is not ID=PATH"):
        parse_layer_args([value], catalogue)


def test_missing_file_and_repeated_id(catalogue, tmp_path):
    with pytest.raises(LayerError, match="does not exist"):
        parse_layer_args([f"gambut={tmp_path / 'nope.shp'}"], catalogue)
    path = tmp_path / "a.gpkg"
    path.write_bytes(b"")
    with pytest.raises(LayerError, match="given twice"):
        parse_layer_args([f"gambut={path}", f"gambut={path}"], catalogue)


def test_library_takes_a_mapping_of_layer_files(catalogue, tmp_path):
    path = tmp_path / "peta.gpkg"
    path.write_bytes(b"")
    sources = layer_sources({"rtrw": LayerFile(path, "pola_ruang"), "gambut": str(path)},
                            catalogue)
    assert [(s.layer.id, s.path, s.sublayer) for s in sources] == [
        ("rtrw", path, "pola_ruang"), ("gambut", path, None)]
    with pytest.raises(LayerError, match="did you mean gambut"):
        layer_sources({"gambutt": path}, catalogue)


def test_layer_argument_with_sublayer(catalogue, tmp_path):
    path = tmp_path / "peta.gpkg"
    path.write_bytes(b"")
    [source] = parse_layer_args([f"rtrw = {path}#pola_ruang"], catalogue)
    assert source.layer.id == "rtrw"
    assert source.path == path
    assert source.sublayer == "pola_ruang"


def test_descriptor_errors(tmp_path):
    with pytest.raises(LayerError, match="no layer descriptors"):
        load_catalogue(tmp_path)
    _write_toml(tmp_path, "a", 'id = "a"\ntitle = "A"\nkind = "classes"\nfields = [\n')
    with pytest.raises(LayerError, match=r"a\.toml is not valid TOML"):
        load_catalogue(tmp_path)
    _write_toml(tmp_path, "a", 'id = "a"\ntitle = "A"\nkind = "lines"\n')
    with pytest.raises(LayerError, match="kind 'lines'"):
        load_catalogue(tmp_path)
    _write_toml(tmp_path, "a", 'id = "b"\ntitle = "A"\nkind = "classes"\n')
    with pytest.raises(LayerError, match="differs from the file name"):
        load_catalogue(tmp_path)
    base = 'id = "a"\ntitle = "A"\nkind = "classes"\n[classes.1]\nlabel = "Satu"\n'
    _write_toml(tmp_path, "a", base + '[groups.g]\ncodes = ["1", "2"]\n')
    with pytest.raises(LayerError, match="unknown: 2"):
        load_catalogue(tmp_path)
    _write_toml(tmp_path, "a", base + 'aliases = ["X"]\n[classes.2]\nlabel = "Dua"\n'
                'aliases = ["x"]\n')
    with pytest.raises(LayerError, match="would mean both class 1 and class 2"):
        load_catalogue(tmp_path)


def test_catalogue_folder_from_environment(tmp_path, monkeypatch):
    _write_toml(tmp_path, "a", 'id = "a"\ntitle = "A"\nkind = "points"\n')
    monkeypatch.setenv("LANDSCAPE_LAYERS", str(tmp_path))
    assert list(load_catalogue()) == ["a"]


# --- reading vector layers -------------------------------------------------------------


def _utm_squares(classes: list[object], *, field: str = "PL") -> gpd.GeoDataFrame:
    boxes = [shapely.box(500_000 + 1000 * i, 10_000, 501_000 + 1000 * i, 11_000)
             for i in range(len(classes))]
    return gpd.GeoDataFrame({field: classes}, geometry=boxes, crs="EPSG:32649")


def test_read_vector_layer_reprojects_and_normalises_codes(catalogue, tmp_path):
    path = tmp_path / "pl.gpkg"
    _utm_squares([2001.0, 20051.0, 9999.0]).to_file(path, layer="pl")
    loaded = read_layer(LayerSource(catalogue["tutupan_lahan"], path))
    assert loaded.frame is not None
    assert loaded.frame.crs.to_epsg() == 4326
    assert loaded.class_field == "PL"
    assert loaded.frame["class_code"].tolist() == ["2001", "20051", "9999"]
    [problem] = loaded.problems
    assert problem.value == "9999"
    assert problem.row == 3
    assert "kelas 9999 (tidak dikenal)" in problem.problem
    expected = _utm_squares([1, 2, 3]).to_crs("EPSG:4326").geometry
    assert shapely.equals_exact(loaded.frame.geometry.to_numpy(), expected.to_numpy(),
                                tolerance=1e-9).all()


def test_text_classes_are_matched_by_alias(catalogue, tmp_path):
    path = tmp_path / "kawasan.geojson"
    _utm_squares(["APL", "Hutan Lindung", "HPT"], field="Fungsi").to_crs(4326).to_file(path)
    loaded = read_layer(LayerSource(catalogue["kawasan_hutan"], path))
    assert loaded.frame is not None
    assert loaded.frame["class_code"].tolist() == ["1007", "1001", "1004"]
    assert loaded.problems == []


@pytest.mark.parametrize("field", ["PL22_ID", "pl_2020", "PL2019", "Kelas"])
def test_class_field_found_by_name_pattern(catalogue, tmp_path, field):
    path = tmp_path / "pl.gpkg"
    frame = _utm_squares([2001, 2005], field=field).assign(ID=[7, 8], Luas=[1.5, 2.5])
    frame.to_file(path)
    loaded = read_layer(LayerSource(catalogue["tutupan_lahan"], path))
    assert loaded.class_field == field
    assert loaded.frame is not None
    assert loaded.frame["class_code"].tolist() == ["2001", "2005"]


def test_no_class_field_names_the_file_and_its_fields(catalogue, tmp_path):
    path = tmp_path / "tutupan.gpkg"
    _utm_squares([1, 2], field="warna").to_file(path)
    with pytest.raises(LayerError) as caught:
        read_layer(LayerSource(catalogue["tutupan_lahan"], path))
    assert "tutupan.gpkg" in str(caught.value)
    assert "warna" in str(caught.value)


def test_default_class_when_the_file_has_no_class_field(catalogue, tmp_path):
    path = tmp_path / "khg.gpkg"
    _utm_squares([1, 2], field="nama_khg").to_file(path)
    loaded = read_layer(LayerSource(catalogue["gambut"], path))
    assert loaded.frame is not None
    assert loaded.frame["class_code"].tolist() == ["KHG", "KHG"]
    assert len(loaded.problems) == 1
    assert "KHG" in loaded.problems[0].problem


def test_broken_geometry_is_repaired_and_unusable_features_reported(catalogue, tmp_path):
    bowtie = shapely.Polygon([(0, 0), (1, 1), (1, 0), (0, 1), (0, 0)])
    frame = gpd.GeoDataFrame(
        {"kelas": ["2001", None, "2002", "2007"]},
        geometry=[bowtie, shapely.box(2, 0, 3, 1), shapely.Point(5, 0.5),
                  shapely.box(4, 0, 5, 1)],
        crs="EPSG:4326")
    path = tmp_path / "rusak.gpkg"
    frame.to_file(path)
    loaded = read_layer(LayerSource(catalogue["tutupan_lahan"], path))
    assert loaded.frame is not None
    assert loaded.frame["class_code"].tolist() == ["2001", "2007"]
    assert loaded.frame["row"].tolist() == [1, 4]
    assert loaded.frame.geometry.is_valid.all()
    assert loaded.frame.geometry.iloc[0].area == pytest.approx(0.5)  # both triangles kept
    [repaired] = [p for p in loaded.problems if p.severity == "warning"]
    assert repaired.row == 1
    assert "repaired" in repaired.problem
    rows_out = sorted(p.row for p in loaded.problems if p.severity == "error")
    assert rows_out == [2, 3]


def test_multi_layer_file_needs_a_layer_name(catalogue, tmp_path):
    path = tmp_path / "peta.gpkg"
    _utm_squares([2001]).to_file(path, layer="satu")
    _utm_squares([2002]).to_file(path, layer="dua")
    with pytest.raises(LayerError, match="#LAYER"):
        read_layer(LayerSource(catalogue["tutupan_lahan"], path))
    loaded = read_layer(LayerSource(catalogue["tutupan_lahan"], path, "dua"))
    assert loaded.frame is not None
    assert loaded.frame["class_code"].tolist() == ["2002"]
    with pytest.raises(LayerError, match="has no layer 'tiga'"):
        read_layer(LayerSource(catalogue["tutupan_lahan"], path, "tiga"))


def test_hotspot_csv_points_with_years(catalogue, tmp_path):
    path = tmp_path / "fire_archive.csv"
    path.write_text(
        "latitude,longitude,acq_date,confidence\n"
        "0.05,111.05,2019-08-15,80\n"
        "0.06,111.06,15/09/2020,n\n"
        "0.07,111.07,kemarin,l\n"
        "0.08,111.08,2021,h\n", encoding="utf-8")
    loaded = read_layer(LayerSource(catalogue["hotspot"], path))
    assert loaded.frame is not None
    assert loaded.frame["year"].tolist()[:2] == [2019, 2020]
    assert loaded.frame["year"].isna().tolist() == [False, False, True, False]
    assert loaded.frame["year"].tolist()[3] == 2021
    assert loaded.frame["row"].tolist() == [2, 3, 4, 5]
    assert loaded.frame["confidence"].tolist() == ["80", "n", "l", "h"]
    [problem] = loaded.problems
    assert problem.row == 4
    assert problem.column == "acq_date"


# --- rasters ------------------------------------------------------------------------------


def _raster(path: Path, *, crs: str | None = "EPSG:6933") -> None:
    with rasterio.open(path, "w", driver="GTiff", width=2, height=2, count=1, dtype="uint8",
                       crs=crs, transform=Affine(100, 0, 0, 0, -100, 200)) as dst:
        dst.write(np.ones((1, 2, 2), dtype="uint8"))


def test_raster_layers(catalogue, tmp_path):
    path = tmp_path / "lossyear.tif"
    _raster(path)
    loaded = read_layer(LayerSource(catalogue["kehilangan_tutupan_pohon"], path))
    assert loaded.is_raster
    assert loaded.raster == path
    bare = tmp_path / "bare.tif"
    _raster(bare, crs=None)
    with pytest.raises(LayerError, match="no coordinate reference system"):
        read_layer(LayerSource(catalogue["tutupan_lahan"], bare))
    with pytest.raises(LayerError, match="holds points"):
        read_layer(LayerSource(catalogue["hotspot"], path))


def test_loss_year_needs_a_raster(catalogue, tmp_path):
    path = tmp_path / "loss.gpkg"
    _utm_squares([1]).to_file(path)
    with pytest.raises(LandscapeError, match="must be a raster"):
        read_layer(LayerSource(catalogue["kehilangan_tutupan_pohon"], path))
