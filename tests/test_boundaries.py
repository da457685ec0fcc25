"""Boundaries in other forms: other layer and field names, other CRSs, missing pieces."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from landscape.errors import InputError, InputFileError
from landscape.read.boundaries import normalise_code, read_boundaries


def _write(path: Path, *, kec_layer: str = "Kecamatan", desa_layer: str = "desa_kelurahan",
           fields: tuple[str, str] = ("KODE", "NAMA"), crs: str = "EPSG:32749") -> None:
    code, name = fields
    kec = gpd.GeoDataFrame({code: ["99.01.01", "99.02.01"], name: ["Satu", "Dua"]},
                           geometry=[box(500_000, 9_990_000, 510_000, 10_000_000),
                                     box(520_000, 9_990_000, 530_000, 10_000_000)], crs=crs)
    desa = gpd.GeoDataFrame({code: ["99.01.01.2001", "99.01.01.2002", "99.02.01.2001"],
                             name: ["Alpha", "Beta", "Gamma"]},
                            geometry=[box(500_000, 9_990_000, 505_000, 10_000_000),
                                      box(505_000, 9_990_000, 510_000, 10_000_000),
                                      box(520_000, 9_990_000, 530_000, 10_000_000)], crs=crs)
    kec.to_file(path, layer=kec_layer, driver="GPKG")
    desa.to_file(path, layer=desa_layer, driver="GPKG")


def test_other_names_and_crs_are_understood(tmp_path: Path) -> None:
    path = tmp_path / "adm.gpkg"
    _write(path)
    bounds = read_boundaries(path, kabupaten="9901")
    assert list(bounds.desa["code"]) == ["99.01.01.2001", "99.01.01.2002"]
    assert list(bounds.desa["kecamatan_code"]) == ["99.01.01", "99.01.01"]
    assert bounds.desa.crs.to_epsg() == 4326
    assert len(bounds.all_desa) == 3
    # 5 km x 10 km just south of the equator on the central meridian: 5,000 ha, less
    # UTM's scale factor 0.9996 squared; measured in EPSG:6933 after the trip to lon/lat.
    hectares = bounds.desa.to_crs("EPSG:6933").area.iloc[0] / 10_000
    assert hectares == pytest.approx(5_000 / 0.9996**2, rel=1e-4)


def test_missing_layer_field_or_kabupaten_is_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / "adm.gpkg"
    _write(path, desa_layer="dusun")
    with pytest.raises(InputError, match=r"adm\.gpkg has no desa layer \(layers: "):
        read_boundaries(path)
    other = tmp_path / "fields.gpkg"
    _write(other, fields=("ID_X", "LABEL_Y"))
    with pytest.raises(InputError, match="needs a code field"):
        read_boundaries(other)
    good = tmp_path / "good.gpkg"
    _write(good)
    with pytest.raises(InputError, match=r"kabupaten '61\.05' has no kecamatan"):
        read_boundaries(good, kabupaten="61.05")
    with pytest.raises(InputFileError, match="does not exist"):
        read_boundaries(tmp_path / "none.gpkg")


@pytest.mark.parametrize(("written", "expected"), [
    ("6105", "61.05"), ("610503", "61.05.03"), ("6105032001", "61.05.03.2001"),
    ("61.05.03", "61.05.03"), (" 61.05 ", "61.05"),
])
def test_codes_with_or_without_dots(written: str, expected: str) -> None:
    assert normalise_code(written) == expected
