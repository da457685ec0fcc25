"""Boundaries in other forms: other layer and field names, other CRSs, missing pieces."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from landscape.cli.options import OptionError, parse_boundaries
from landscape.errors import InputError, InputFileError
from landscape.read.boundaries import BoundarySource, normalise_code, read_boundaries


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
    bounds = read_boundaries(path, kabupaten="99.01")
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


def _desa_with(tmp_path: Path, columns: dict[str, list[str]]) -> Path:
    """A kecamatan layer (dotted kode/nama) and a desa layer with the given fields."""
    kec = tmp_path / "kec.gpkg"
    _write(kec)
    desa = tmp_path / "desa.shp"
    gpd.GeoDataFrame(columns, geometry=[box(500_000, 9_990_000, 505_000, 10_000_000),
                                        box(520_000, 9_990_000, 530_000, 10_000_000)],
                     crs="EPSG:32749").to_file(desa)
    return kec


@pytest.mark.parametrize(("columns", "expected"), [
    ({"KODE_BPS": ["6107010001", "6107020001"], "nama": ["Alpha", "Gamma"]},
     "desa.shp: field KODE_BPS holds BPS codes (e.g. 6107010001), which are not Kemendagri"),
    ({"ADM4_PCODE": ["ID6107010001", "ID6107020001"], "ADM4_EN": ["Alpha", "Gamma"]},
     "field ADM4_PCODE holds BPS codes"),
    ({"kode": ["9901012001", "9902012001"], "nama": ["Alpha", "Gamma"]},
     ("desa.shp: field kode holds codes without dots (e.g. 9901012001), which may be BPS or "
     "Kemendagri codes")),
    ({"kode": ["99.01.01", "99.02.01"], "nama": ["Alpha", "Gamma"]},
     "field kode does not hold desa codes (e.g. 99.01.01; a desa code has 4 parts"),
])
def test_codes_in_another_scheme_are_refused(tmp_path: Path, columns: dict[str, list[str]],
                                             expected: str) -> None:
    kec = _desa_with(tmp_path, columns)
    with pytest.raises(InputError) as error:
        read_boundaries({"kecamatan": kec, "desa": tmp_path / "desa.shp"})
    assert str(error.value).startswith(expected) or expected in str(error.value)
    assert "\n" not in str(error.value)


def test_undotted_codes_in_a_kemendagri_field_are_read(tmp_path: Path) -> None:
    kec = _desa_with(tmp_path, {"KDEPUM": ["9901012001", "9902012001"],
                                "NAMOBJ": ["Alpha", "Gamma"], "WADMKC": ["Satu", "Dua"]})
    bounds = read_boundaries({"kecamatan": kec, "desa": tmp_path / "desa.shp"})
    assert bounds.desa[["code", "name", "kecamatan_code"]].values.tolist() == [
        ["99.01.01.2001", "Alpha", "99.01.01"], ["99.02.01.2001", "Gamma", "99.02.01"]]


def _kalbar_like(tmp_path: Path) -> Path:
    path = tmp_path / "adm.gpkg"
    _write(path)
    kab = gpd.GeoDataFrame({"kode": ["99.01", "99.02"],
                            "nama": ["Kabupaten Sintang", "Kota Sintang Baru"]},
                           geometry=[box(500_000, 9_990_000, 510_000, 10_000_000),
                                     box(520_000, 9_990_000, 530_000, 10_000_000)],
                           crs="EPSG:32749")
    kab.to_file(path, layer="kabupaten", driver="GPKG")
    return path


@pytest.mark.parametrize("given", ["Sintang", "Kabupaten Sintang", "Kab. Sintang", "KAB SINTANG",
                                   "99.01"])
def test_kabupaten_by_code_or_name(tmp_path: Path, given: str) -> None:
    bounds = read_boundaries(_kalbar_like(tmp_path), kabupaten=given)
    assert bounds.scope == "99.01"
    assert list(bounds.desa["code"]) == ["99.01.01.2001", "99.01.01.2002"]
    assert bounds.problems == ()


def test_kabupaten_without_dots_is_refused(tmp_path: Path) -> None:
    # Undotted, 9902 may be the Kemendagri 99.02 or a BPS code of another place.
    with pytest.raises(InputError) as error:
        read_boundaries(_kalbar_like(tmp_path), kabupaten="9902")
    message = str(error.value)
    assert len(message.splitlines()) == 1
    assert "as a Kemendagri code it is Kota Sintang Baru (99.02)" in message
    assert "give the dotted Kemendagri code (99.02) or the kabupaten's name" in message


@pytest.mark.parametrize(("given", "kemendagri", "bps"), [
    ("6107", "Kabupaten Bengkayang (61.07)", "BPS 6107 is Sintang, Kemendagri 61.05"),
    ("6105", "Kabupaten Sintang (61.05)", "BPS 6105 is Sanggau, Kemendagri 61.03"),
])
def test_an_undotted_kalbar_code_names_both_readings(admin_gpkg: Path, given: str,
                                                      kemendagri: str, bps: str) -> None:
    with pytest.raises(InputError) as error:
        read_boundaries(admin_gpkg, kabupaten=given)
    message = str(error.value)
    assert f"as a Kemendagri code it is {kemendagri}" in message
    assert bps in message
    assert len(message.splitlines()) == 1


@pytest.mark.parametrize(("given", "expected"), [
    ("Sintag", "kabupaten 'Sintag' is not in adm.gpkg; did you mean Kabupaten Sintang (99.01)"),
    ("99.1", "kabupaten '99.1' has no kecamatan in adm.gpkg; did you mean "),
    ("Pontianak", ("kabupaten 'Pontianak' is not in adm.gpkg; the kabupaten there are "
     "Kabupaten Sintang (99.01), Kota Sintang Baru (99.02)")),
])
def test_unknown_kabupaten_names_the_nearest(tmp_path: Path, given: str, expected: str) -> None:
    with pytest.raises(InputError) as error:
        read_boundaries(_kalbar_like(tmp_path), kabupaten=given)
    assert str(error.value).startswith(expected)
    assert "\n" not in str(error.value)


def test_boundaries_option_values(tmp_path: Path) -> None:
    kec, desa = tmp_path / "kec.shp", tmp_path / "desa.shp"
    kec.touch()
    desa.touch()
    assert parse_boundaries(()) is None
    assert parse_boundaries((str(tmp_path),)) == BoundarySource(tmp_path)
    assert parse_boundaries((f"Kecamatan={kec}", f"desa={desa}")) == BoundarySource(
        None, {"kecamatan": kec, "desa": desa})
    mistakes = {
        (f"kecamatn={kec}", f"desa={desa}"): "'kecamatn' is not a level; did you mean kecamatan?",
        (f"kecamatan={kec}",): "no file for desa; give one file per level",
        (f"desa={desa}", f"desa={kec}"): "--boundaries desa= is given twice",
        (f"kecamatan={kec}", f"desa={tmp_path / 'no.shp'}"): "no.shp does not exist",
        (str(kec), str(desa)): "give one GeoPackage or folder, or one file per level",
    }
    for values, expected in mistakes.items():
        with pytest.raises(OptionError) as error:
            parse_boundaries(values)
        assert expected in error.value.message
