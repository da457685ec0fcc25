"""The real boundaries in the form BIG and the agencies hand them out.

The West Kalimantan GeoPackage is rewritten, in ``tmp_path``, as BIG/RBI shapefiles:
``ADMINISTRASIDESA_AR_25K.shp`` (``NAMOBJ, WADMKD, WADMKC, WADMKK, WADMPR, KDEPUM,
KDCPUM``), kecamatan and kabupaten likewise, in UTM zone 49 (EPSG:32749), one file
per level. Every form of ``--boundaries`` must give back the original layer's desa:
the same codes and names (read independently with geopandas) and the same areas in
EPSG:6933.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.errors import InputError
from landscape.read.boundaries import read_boundaries
from landscape.read.mapdef import load_map

UTM = "EPSG:32749"
DESA = "ADMINISTRASIDESA_AR_25K.shp"
KECAMATAN = "ADMINISTRASIKECAMATAN_AR_50K.shp"
KABUPATEN = "ADMINISTRASIKABUPATEN_AR_250K.shp"


@pytest.fixture(scope="module")
def original(admin_gpkg: Path) -> dict[str, gpd.GeoDataFrame]:
    return {level: gpd.read_file(admin_gpkg, layer=level)
            for level in ("kabupaten", "kecamatan", "desa")}


def _parent(code: str) -> str:
    return code.rsplit(".", 1)[0]


@pytest.fixture(scope="module")
def big(original: dict[str, gpd.GeoDataFrame], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of BIG/RBI shapefiles made from the real GeoPackage."""
    folder = tmp_path_factory.mktemp("big")
    kab, kec, desa = original["kabupaten"], original["kecamatan"], original["desa"]
    kab_name = dict(zip(kab["kode"], kab["nama"], strict=True))
    kec_name = dict(zip(kec["kode"], kec["nama"], strict=True))
    gpd.GeoDataFrame({
        "NAMOBJ": desa["nama"], "WADMKD": desa["nama"],
        "WADMKC": [kec_name[_parent(c)] for c in desa["kode"]],
        "WADMKK": [kab_name[_parent(_parent(c))] for c in desa["kode"]],
        "WADMPR": "Kalimantan Barat",
        "KDEPUM": desa["kode"].str.replace(".", "", regex=False),  # BIG's form without dots
        "KDCPUM": [_parent(c) for c in desa["kode"]],
    }, geometry=desa.geometry, crs=desa.crs).to_crs(UTM).to_file(folder / DESA)
    gpd.GeoDataFrame({
        "NAMOBJ": kec["nama"], "WADMKC": kec["nama"],
        "WADMKK": [kab_name[_parent(c)] for c in kec["kode"]], "WADMPR": "Kalimantan Barat",
        "KDCPUM": kec["kode"], "KDPKAB": [_parent(c) for c in kec["kode"]],
    }, geometry=kec.geometry, crs=kec.crs).to_crs(UTM).to_file(folder / KECAMATAN)
    gpd.GeoDataFrame({
        "NAMOBJ": kab["nama"], "WADMKK": kab["nama"], "WADMPR": "Kalimantan Barat",
        "KDPKAB": kab["kode"],
    }, geometry=kab.geometry, crs=kab.crs).to_crs(UTM).to_file(folder / KABUPATEN)
    return folder


def _same_desa(read: gpd.GeoDataFrame, original: gpd.GeoDataFrame) -> None:
    ours = read.set_index("code").sort_index()
    theirs = original.set_index("kode").sort_index()
    assert list(ours.index) == list(theirs.index)
    assert list(ours["name"]) == list(theirs["nama"])
    assert list(ours["kecamatan_code"]) == [_parent(c) for c in theirs.index]
    ours_ha = ours.to_crs("EPSG:6933").area / 10_000
    theirs_ha = theirs.to_crs("EPSG:6933").area / 10_000
    assert ours_ha.to_numpy() == pytest.approx(theirs_ha.to_numpy(), rel=1e-6, abs=1e-3)


def test_a_folder_of_big_shapefiles(big: Path, original: dict[str, gpd.GeoDataFrame]) -> None:
    bounds = read_boundaries(big)
    _same_desa(bounds.desa, original["desa"])
    assert list(bounds.kecamatan["code"]) == sorted(original["kecamatan"]["kode"])
    assert bounds.kabupaten is not None
    assert list(bounds.kabupaten["name"]) == list(original["kabupaten"].sort_values("kode")["nama"])


def test_one_file_per_level_limited_by_name(big: Path,
                                            original: dict[str, gpd.GeoDataFrame]) -> None:
    bounds = read_boundaries({"kecamatan": big / KECAMATAN, "desa": big / DESA},
                             kabupaten="Kabupaten Sintang")
    sintang = original["desa"][original["desa"]["kode"].str.startswith("61.05.")]
    assert bounds.scope == "61.05"
    _same_desa(bounds.desa, sintang)
    # Without a kabupaten file, the kabupaten are named by the kecamatan's WADMKK.
    assert bounds.kabupaten_name() == "Kabupaten Sintang"
    assert len(sintang) == 406


def test_desa_never_named_after_their_kecamatan(big: Path, tmp_path: Path,
                                                original: dict[str, gpd.GeoDataFrame]) -> None:
    desa = gpd.read_file(big / DESA)
    # A desa layer as it looks after renaming fields by hand: "nama" holds WADMKC.
    renamed = desa.rename(columns={"WADMKC": "nama", "NAMOBJ": "NM_OBJEK"}).drop(columns="WADMKD")
    renamed.to_file(tmp_path / "desa.shp")
    with pytest.raises(InputError) as error:
        read_boundaries({"kecamatan": big / KECAMATAN, "desa": tmp_path / "desa.shp"})
    message = str(error.value)
    assert "desa names in field nama repeat their kecamatan's" in message
    assert "use field NM_OBJEK, as desa_name_field under [boundaries]" in message
    assert "\n" not in message
    # Named in a map definition, the desa's own field is read.
    definition = tmp_path / "map.toml"
    definition.write_text(f'[boundaries]\nkecamatan = "{big / KECAMATAN}"\n'
                          'desa = "desa.shp"\ndesa_name_field = "NM_OBJEK"\n', encoding="utf-8")
    bounds = read_boundaries(load_map(definition)["boundaries"], kabupaten="61.05")
    _same_desa(bounds.desa, original["desa"][original["desa"]["kode"].str.startswith("61.05.")])


def test_the_cli_takes_one_file_per_level(big: Path, tmp_path: Path) -> None:
    plan = tmp_path / "3w.csv"
    plan.write_text("Organisasi,Kegiatan,Kecamatan,Desa\nYayasan Contoh,Patroli,Sepauk,"
                    "Semuntai\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "build", "--boundaries", f"kecamatan={big / KECAMATAN}", f"desa={big / DESA}",
        "--boundaries", f"kabupaten={big / KABUPATEN}", "--kabupaten", "Sintang",
        "--plan", str(plan), "--out", str(out)])
    assert result.exit_code == 0, result.output
    who = pd.read_csv(out / "who-does-what-where.csv", dtype=str)
    assert who[["desa_code", "desa"]].to_numpy().tolist() == [["61.05.03.2011", "Semuntai"]]
