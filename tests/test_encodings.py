"""Text encodings decided from the bytes, reported, never a traceback.

The declared encoding (a shapefile's ``.cpg``) is believed only while the bytes
agree; text encoded twice (``Â±``, ``â€™``) is repaired. Every file here is written
with its bytes chosen by the test, so the right names are known independently.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from landscape.pipeline import build
from landscape.read._decode import choose_encoding, decode_text, undo_double_encoding
from landscape.read.areas import read_area_file
from landscape.read.boundaries import read_boundaries

NAMES = ["Kelompok Tani Jama\u2019ah Sepauk", "Kebun swadaya blok A \u00b1 40 ha"]


def _shapefile(folder: Path, *, encoding: str, cpg: str | None) -> Path:
    """A shapefile whose .dbf holds NAMES in ``encoding`` and whose .cpg says ``cpg``."""
    frame = gpd.GeoDataFrame({"id_kebun": ["K-1", "K-2"], "pengelola": NAMES},
                             geometry=[shapely.box(111.1, 0.1, 111.2, 0.2),
                                       shapely.box(111.3, 0.1, 111.4, 0.2)], crs=4326)
    path = folder / "kebun.shp"
    pyogrio.write_dataframe(frame, path, encoding=encoding)
    path.with_suffix(".cpg").unlink(missing_ok=True)
    if cpg is not None:
        path.with_suffix(".cpg").write_text(cpg, encoding="ascii")
    return path


def _zip(shp: Path) -> Path:
    archive = shp.parent / "kiriman.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for part in shp.parent.glob("kebun.*"):
            handle.write(part, part.name)
    return archive


@pytest.mark.parametrize(("encoding", "cpg", "zipped"), [
    ("cp1252", "UTF-8", True),   # the .cpg says UTF-8, the bytes are Windows-1252
    ("cp1252", "UTF-8", False),
    ("UTF-8", "1252", False),    # the .cpg says 1252, the bytes are UTF-8
    ("UTF-8", "ANSI 1252", True),
])
def test_a_cpg_the_bytes_contradict(tmp_path: Path, encoding: str, cpg: str,
                                    zipped: bool) -> None:  # noqa: FBT001
    shp = _shapefile(tmp_path, encoding=encoding, cpg=cpg)
    area = read_area_file(_zip(shp) if zipped else shp)
    assert area.features["org"].tolist() == NAMES
    (problem,) = area.problems
    used = "cp1252" if encoding == "cp1252" else "utf-8"
    assert (problem.file, problem.value, problem.severity) == (
        "kiriman.zip" if zipped else "kebun.shp", used, "warning")
    assert problem.problem == (f"kebun.cpg says the text is {cpg}, but its bytes are {used}; "
                               f"read it as {used}")


def test_a_cpg_the_bytes_agree_with_is_silent(tmp_path: Path) -> None:
    area = read_area_file(_shapefile(tmp_path, encoding="UTF-8", cpg="UTF-8"))
    assert area.features["org"].tolist() == NAMES
    assert area.problems == []


def test_text_encoded_twice_is_repaired_and_reported(tmp_path: Path) -> None:
    twice = [name.encode("utf-8").decode("cp1252") for name in NAMES]
    assert twice[1] == "Kebun swadaya blok A \u00c2\u00b1 40 ha"
    frame = gpd.GeoDataFrame({"id": ["K-1", "K-2"], "pengelola": twice},
                             geometry=[shapely.Point(111.1, 0.1), shapely.Point(111.2, 0.1)],
                             crs=4326)
    path = tmp_path / "kebun.geojson"
    frame.to_file(path)
    area = read_area_file(path)
    assert area.features["org"].tolist() == NAMES
    (problem,) = area.problems
    assert (problem.file, problem.column) == ("kebun.geojson", "pengelola")
    assert "encoded twice" in problem.problem


@pytest.mark.parametrize(("data", "expected"), [
    ("\ufeffnama\tlintang\tbujur\nPersemaian Jama\u2019ah\t-0.06\t111.65\n".encode("utf-16-le"),
     []),
    ("nama,lintang,bujur\nPersemaian Jama\u2019ah,-0.06,111.65\n".encode().decode("cp1252")
     .encode(), ["utf-8"]),
    ("nama;lintang;bujur\nPersemaian Jama\u2019ah;-0.06;111.65\n".encode("cp1252"), ["cp1252"]),
])
def test_csv_text_in_the_encoding_of_its_bytes(tmp_path: Path, data: bytes,
                                                expected: list[str]) -> None:
    path = tmp_path / "persemaian.csv"
    path.write_bytes(data)
    area = read_area_file(path)
    assert area.features["name"].tolist() == ["Persemaian Jama\u2019ah"]
    assert area.features.geometry.iloc[0].equals(shapely.Point(111.65, -0.06))
    assert [p.value for p in area.problems] == expected


def test_decisions_from_the_bytes() -> None:
    assert choose_encoding([b"plain"], "UTF-8") == "utf-8"
    assert choose_encoding(["Ñanga".encode("cp1252")], None) == "cp1252"
    assert choose_encoding([bytes([0x81, 0xC0])], "UTF-8") == "latin-1"
    assert undo_double_encoding("D\u00e9sa \u00d1anga") is None  # real Latin text, left alone
    assert undo_double_encoding("D\u00c3\u00a9sa") == "D\u00e9sa"


def test_a_utf16_text_file_without_bom_is_not_guessed_as_utf16(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"id,nama\nA,B\n")
    assert decode_text(path) == ("id,nama\nA,B\n", [])


def test_boundaries_whose_cpg_is_wrong(tmp_path: Path) -> None:
    kec = gpd.GeoDataFrame({"kode": ["99.01.01"], "nama": ["Tanjung"]},
                           geometry=[shapely.box(111.0, 0.0, 111.5, 0.5)], crs=4326)
    desa = gpd.GeoDataFrame({"kode": ["99.01.01.2001", "99.01.01.2002"],
                             "nama": ["Jama\u2019ah", "Ñanga"]},
                            geometry=[shapely.box(111.0, 0.0, 111.2, 0.5),
                                      shapely.box(111.2, 0.0, 111.5, 0.5)], crs=4326)
    kec.to_file(tmp_path / "kecamatan.shp")
    pyogrio.write_dataframe(desa, tmp_path / "desa.shp", encoding="cp1252")
    (tmp_path / "desa.cpg").write_text("UTF-8", encoding="ascii")
    bounds = read_boundaries(tmp_path)
    assert bounds.desa["name"].tolist() == ["Jama\u2019ah", "Ñanga"]
    assert [(p.file, p.value) for p in bounds.problems] == [("desa.shp", "cp1252")]


def test_intake_case_cpg_says_utf8_but_cp1252(intake_dir: Path, admin_gpkg: Path) -> None:
    shapefile = intake_dir / "05b-cpg-says-utf8-but-cp1252.zip"
    result = build(boundaries=admin_gpkg, plan=intake_dir / "05-plan.xlsx", areas=[shapefile],
                   kabupaten="61.05")
    areas = result.linked.areas.set_index("feature_id")
    assert set(areas["org"]) == {"Kelompok Tani Jama\u2019ah Sepauk"}
    assert areas.loc["KBN-01", "name"] == "Kebun swadaya blok A \u00b1 40 ha"
    assert areas.loc["KBN-02", "name"] == "Kebun swadaya blok B \u00b1 30 ha"
    (used,) = [p for p in result.problems if p.value == "cp1252"]
    assert used.file == shapefile.name
    assert "UTF-8" in used.problem
    # Hectares measured independently: the polygons (geometry alone, no text) against the desa.
    shapes = gpd.read_file(f"zip://{shapefile}", columns=[]).to_crs("EPSG:6933")
    desa = gpd.read_file(admin_gpkg, layer="desa").set_index("kode").to_crs("EPSG:6933")
    expected = {("KBN-01", "61.05.03.2011"): 0, ("KBN-02", "61.05.03.2010"): 1}
    who = result.who
    for (feature, code), position in expected.items():
        hectares = shapes.geometry.iloc[position].intersection(desa.geometry[code]).area / 1e4
        assert hectares == pytest.approx(38.45, abs=0.01)
        placed = who[(who["desa_code"] == code) & (who["precision"] == "polygon")]
        assert placed["area_ha"].tolist() == pytest.approx([hectares], rel=1e-6)
        assert areas.loc[feature, "area_ha"] == pytest.approx(
            shapes.geometry.iloc[position].area / 1e4, rel=1e-6)
