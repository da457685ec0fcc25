"""Reading partners' area files: the real Sintang sample and small generated files."""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
import zipfile
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from landscape.errors import InputError, InputFileError
from landscape.read.areas import COLUMNS, read_area_file, read_area_files

if TYPE_CHECKING:
    from pathlib import Path

KML_NS = {"k": "http://www.opengis.net/kml/2.2"}
GPX_NS = {"g": "http://www.topografix.com/GPX/1/1"}
SAMPLE_FILES = (
    "yayasan-rimba-kapuas.kml",
    "hutan-desa-sepauk.geojson",
    "sawit-plasma-utm49n.zip",
    "patroli-karhutla.gpx",
    "persemaian.csv",
)


@pytest.fixture
def areas_dir(sample_dir: Path) -> Path:
    return sample_dir / "areas"


def _kml_placemarks(path: Path) -> dict[str, tuple[str, str]]:
    """Map ExtendedData id -> (name, description), parsed with plain XML."""
    placemarks = ET.parse(path).getroot().iterfind(".//k:Placemark", KML_NS)  # noqa: S314
    out = {}
    for placemark in placemarks:
        feature_id = placemark.findtext("k:ExtendedData/k:Data[@name='id']/k:value", "", KML_NS)
        name = placemark.findtext("k:name", "", KML_NS)
        out[feature_id] = (name, placemark.findtext("k:description", "", KML_NS))
    return out


def _errors(problems: list) -> list:
    return [p for p in problems if p.severity == "error"]


def _geojson(path: Path, features: list[dict], crs: str | None = None) -> Path:
    collection: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        collection["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def _feature(feature_id: str, geometry: dict | None) -> dict:
    return {"type": "Feature", "properties": {"id": feature_id}, "geometry": geometry}


# --- the real sample ----------------------------------------------------------------------


def test_kml_reads_every_placemark_across_folders(areas_dir: Path) -> None:
    path = areas_dir / "yayasan-rimba-kapuas.kml"
    expected = _kml_placemarks(path)
    area = read_area_file(path)
    features = area.features
    assert list(features.columns) == list(COLUMNS)
    assert features.crs.to_epsg() == 4326
    assert len(features) == len(expected) == 7
    assert sorted(features["feature_id"]) == sorted(expected)
    for row in features.itertuples():
        assert (row.name, row.description) == expected[row.feature_id]
    assert set(features["layer"]) == {
        "Perhutanan Sosial dan Hutan Adat",
        "Restorasi dan Agroforestri",
    }
    assert set(features["kind"]) == {"polygon"}
    assert not features.has_z.any()
    assert _errors(area.problems) == []


def test_kml_keeps_hole_and_multipolygon(areas_dir: Path) -> None:
    features = read_area_file(areas_dir / "yayasan-rimba-kapuas.kml").features.set_index(
        "feature_id"
    )
    enclave = features.loc["YRK-HA-04", "geometry"]
    assert enclave.geom_type == "Polygon"
    assert len(enclave.interiors) == 1
    blocks = features.loc["YRK-HD-06", "geometry"]
    assert blocks.geom_type == "MultiPolygon"
    assert len(blocks.geoms) == 2
    attributes = json.loads(features.loc["YRK-HD-06", "attributes"])
    assert attributes["skema"] == "Hutan Desa"
    assert "tessellate" not in attributes
    assert list(attributes) == sorted(attributes)


def test_kmz_zipped_from_the_kml(areas_dir: Path, tmp_path: Path) -> None:
    kml = areas_dir / "yayasan-rimba-kapuas.kml"
    kmz = tmp_path / "yrk.kmz"
    with zipfile.ZipFile(kmz, "w") as archive:
        archive.write(kml, "doc.kml")
    area = read_area_file(kmz)
    assert sorted(area.features["feature_id"]) == sorted(_kml_placemarks(kml))
    assert set(area.features["file"]) == {"yrk.kmz"}


def test_geojson_ids_and_orgs(areas_dir: Path) -> None:
    path = areas_dir / "hutan-desa-sepauk.geojson"
    raw = json.loads(path.read_text(encoding="utf-8"))["features"]
    area = read_area_file(path)
    features = area.features
    assert len(features) == 5
    assert features["feature_id"].tolist() == [f["properties"]["id"] for f in raw]
    assert features["org"].tolist() == [f["properties"]["lembaga"] for f in raw]
    assert features["name"].tolist() == [f["properties"]["nama"] for f in raw]
    assert set(features["kind"]) == {"polygon"}
    assert features.crs.to_epsg() == 4326
    assert area.problems == []


def test_zipped_utm_shapefile_is_reprojected(areas_dir: Path) -> None:
    path = areas_dir / "sawit-plasma-utm49n.zip"
    area = read_area_file(path)
    features = area.features
    assert len(features) == 9
    assert features["feature_id"].tolist() == [f"PLS-{i:02d}" for i in range(1, 10)]
    assert features.crs.to_epsg() == 4326
    assert set(features["kind"]) == {"polygon"}
    independent = gpd.read_file(f"zip://{path}!Kebun_Plasma_Swadaya_2023.shp")
    assert independent.crs.to_epsg() == 32649
    assert features["org"].tolist() == independent["pengelola"].tolist()
    expected_m2 = independent.to_crs(6933).area.iloc[0]
    ours_m2 = features.to_crs(6933).area.iloc[0]
    assert ours_m2 == pytest.approx(expected_m2, rel=1e-6)
    assert features.total_bounds[0] > 110  # lon, not easting
    assert area.problems == []


def test_gpx_tracks_and_waypoints(areas_dir: Path) -> None:
    path = areas_dir / "patroli-karhutla.gpx"
    root = ET.parse(path).getroot()  # noqa: S314
    track_names = [t.findtext("g:name", "", GPX_NS) for t in root.iterfind("g:trk", GPX_NS)]
    waypoint_count = len(root.findall("g:wpt", GPX_NS))
    features = read_area_file(path).features
    tracks = features[features["layer"] == "tracks"]
    assert tracks["feature_id"].tolist() == track_names == [f"PTR-2023-0{i}" for i in (1, 2, 3)]
    assert set(tracks["kind"]) == {"line"}
    waypoints = features[features["layer"] == "waypoints"]
    assert len(waypoints) == waypoint_count == 6
    assert set(waypoints["kind"]) == {"point"}
    assert len(features) == 9  # no track_points, no empty routes
    assert tracks["description"].str.startswith("Patroli").all()


def test_csv_points(areas_dir: Path) -> None:
    path = areas_dir / "persemaian.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    features = read_area_file(path).features
    assert len(features) == len(rows) == 8
    assert features["feature_id"].tolist() == [r["id"] for r in rows]
    assert features["org"].tolist() == [r["mitra"] for r in rows]
    assert set(features["kind"]) == {"point"}
    assert features.geometry.x.tolist() == [float(r["lon"]) for r in rows]
    assert features.geometry.y.tolist() == [float(r["lat"]) for r in rows]


def test_read_area_files_concatenates(areas_dir: Path) -> None:
    features, problems = read_area_files([areas_dir / name for name in SAMPLE_FILES])
    assert list(features.columns) == list(COLUMNS)
    assert len(features) == 7 + 5 + 9 + 9 + 8
    assert features["file"].value_counts().to_dict() == dict(
        zip(SAMPLE_FILES, (7, 5, 9, 9, 8), strict=True)
    )
    assert features.crs.to_epsg() == 4326
    assert _errors(problems) == []


def test_read_area_files_of_nothing_is_empty() -> None:
    features, problems = read_area_files([])
    assert list(features.columns) == list(COLUMNS)
    assert len(features) == 0
    assert problems == []


# --- generated fixtures -------------------------------------------------------------------


def test_geopackage_two_layers_in_utm_south(tmp_path: Path) -> None:
    blocks = gpd.GeoDataFrame(
        {"kode": ["B-1", "B-2"], "Mitra": ["KPH Sintang Timur", "YDHK"], "luas": [1.5, 2.0]},
        geometry=[shapely.box(111.40, -0.20, 111.45, -0.15), shapely.box(111.5, -0.1, 111.6, 0.0)],
        crs=4326,
    )
    points = gpd.GeoDataFrame(
        {"id_titik": ["T-1"]}, geometry=[shapely.Point(111.42, -0.17)], crs=4326
    )
    path = tmp_path / "mitra.gpkg"
    blocks.to_crs(32749).to_file(path, layer="blok", engine="pyogrio")
    points.to_crs(32749).to_file(path, layer="titik", engine="pyogrio")
    pyogrio.write_dataframe(pd.DataFrame({"catatan": ["no geometry"]}), path, layer="catatan")
    area = read_area_file(path)
    features = area.features
    assert features["layer"].tolist() == ["blok", "blok", "titik"]
    assert features["feature_id"].tolist() == ["B-1", "B-2", "T-1"]
    assert features["org"].tolist() == ["KPH Sintang Timur", "YDHK", None]
    assert features["kind"].tolist() == ["polygon", "polygon", "point"]
    for ours, original in zip(features.geometry, [*blocks.geometry, *points.geometry], strict=True):
        assert ours.equals_exact(original, tolerance=1e-7)
    assert json.loads(features["attributes"].iloc[0]) == {"luas": 1.5}


def _cp1252_shapefile(folder: Path, *, keep_cpg: bool) -> Path:
    frame = gpd.GeoDataFrame(
        {"id_kebun": ["K-1"], "pemilik": ["Koperasi Désa Ñanga"], "ket": ["kebun tua"]},
        geometry=[shapely.box(111.1, 0.1, 111.2, 0.2)],
        crs=4326,
    )
    path = folder / "kebun.shp"
    pyogrio.write_dataframe(frame, path, encoding="cp1252")
    if not keep_cpg:
        path.with_suffix(".cpg").unlink()
    return path


@pytest.mark.parametrize("keep_cpg", [True, False])
def test_shapefile_in_cp1252(tmp_path: Path, keep_cpg: bool) -> None:  # noqa: FBT001
    path = _cp1252_shapefile(tmp_path, keep_cpg=keep_cpg)
    area = read_area_file(path)
    row = area.features.iloc[0]
    assert (row["feature_id"], row["org"], row["description"]) == (
        "K-1",
        "Koperasi Désa Ñanga",
        "kebun tua",
    )
    warnings = [p for p in area.problems if p.severity == "warning"]
    if keep_cpg:
        assert warnings == []
    else:
        assert len(warnings) == 1
        assert "cpg" in warnings[0].problem
        assert warnings[0].value == "cp1252"


def test_zipped_shapefile_in_a_folder_without_cpg(tmp_path: Path) -> None:
    shp = _cp1252_shapefile(tmp_path, keep_cpg=False)
    archive = tmp_path / "kiriman-mitra.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for part in tmp_path.glob("kebun.*"):
            handle.write(part, f"data/v2/{part.name}")
        handle.writestr("__MACOSX/data/v2/._kebun.shp", b"junk")
    area = read_area_file(archive)
    assert area.features["org"].tolist() == ["Koperasi Désa Ñanga"]
    assert area.features["layer"].tolist() == [shp.stem]
    assert [p.value for p in area.problems] == ["cp1252"]


def test_shapefile_without_prj(tmp_path: Path) -> None:
    lonlat = gpd.GeoDataFrame({"id": ["A"]}, geometry=[shapely.Point(111.5, 0.05)], crs=4326)
    lonlat_path = tmp_path / "lonlat.shp"
    lonlat.to_file(lonlat_path, engine="pyogrio")
    lonlat_path.with_suffix(".prj").unlink()
    area = read_area_file(lonlat_path)
    assert area.features.geometry.iloc[0].equals(shapely.Point(111.5, 0.05))
    assert [p.severity for p in area.problems] == ["warning"]
    assert "no coordinate reference system" in area.problems[0].problem

    utm_path = tmp_path / "utm.shp"
    lonlat.to_crs(32649).to_file(utm_path, engine="pyogrio")
    utm_path.with_suffix(".prj").unlink()
    with pytest.raises(InputError, match=r"utm\.shp .*no coordinate reference system"):
        read_area_file(utm_path)


def test_csv_with_hxl_row_semicolons_and_indonesian_columns(tmp_path: Path) -> None:
    path = tmp_path / "titik-kegiatan.csv"
    path.write_text(
        "Kode Lokasi;Nama Titik;Koordinat U;Koordinat T;Pelaksana;Uraian\n"
        "#site+id;#site+name;#geo+lat;#geo+lon;#org+name;#description\n"
        "TK-1;Persemaian Sepauk;0,0687;111,1852;Pelita Gambut;bibit 5000\n"
        "TK-2;Demplot Kelam;0.1045;111.7245;YDHK;\n"
        "TK-3;Titik tanpa koordinat;;111.5;YDHK;\n",
        encoding="utf-8",
    )
    area = read_area_file(path)
    features = area.features
    assert features["feature_id"].tolist() == ["TK-1", "TK-2"]
    assert features["name"].tolist() == ["Persemaian Sepauk", "Demplot Kelam"]
    assert features["org"].tolist() == ["Pelita Gambut", "YDHK"]
    assert features["description"].tolist() == ["bibit 5000", None]
    assert features.geometry.iloc[0].equals(shapely.Point(111.1852, 0.0687))
    (problem,) = area.problems
    # TK-3 is the third feature (line 5, after the header and the hashtag row).
    assert (problem.severity, problem.row, problem.column) == ("error", 3, "Koordinat U")
    assert problem.problem.startswith("feature 3 (line 5): ")


def test_csv_by_column_names_tab_delimited_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "persemaian-desa.csv"
    path.write_bytes(
        "kode\tnama\tlintang\tbujur\tmitra\nP-1\tPersemaian Ñanga\t-0.06\t111.65\tKPH\n".encode(
            "cp1252"
        )
    )
    area = read_area_file(path)
    row = area.features.iloc[0]
    assert (row["feature_id"], row["name"], row["org"]) == ("P-1", "Persemaian Ñanga", "KPH")
    assert row["geometry"].equals(shapely.Point(111.65, -0.06))
    assert [p.value for p in area.problems] == ["cp1252"]


def test_csv_with_wkt(tmp_path: Path) -> None:
    path = tmp_path / "wkt.csv"
    path.write_text(
        "id,wkt,organisasi\n"
        'W-1,"POLYGON ((111 0, 111.1 0, 111.1 0.1, 111 0))",YRK\n'
        "W-2,POINT (111.2 0.2),YRK\n"
        "W-3,POLYGON ((oops)),YRK\n",
        encoding="utf-8",
    )
    area = read_area_file(path)
    assert area.features["feature_id"].tolist() == ["W-1", "W-2"]
    assert area.features["kind"].tolist() == ["polygon", "point"]
    assert area.features["org"].tolist() == ["YRK", "YRK"]
    (problem,) = area.problems
    assert (problem.severity, problem.row, problem.value) == ("error", 3, "POLYGON ((oops))")
    assert problem.problem.startswith("feature 3 (line 4): ")


def test_csv_without_coordinates(tmp_path: Path) -> None:
    path = tmp_path / "daftar.csv"
    path.write_text("id,nama\nA,B\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"daftar\.csv has no coordinate columns"):
        read_area_file(path)


def test_bow_tie_is_repaired_and_reported(tmp_path: Path) -> None:
    bow_tie = [[[111.0, 0.0], [111.2, 0.2], [111.2, 0.0], [111.0, 0.2], [111.0, 0.0]]]
    path = _geojson(
        tmp_path / "dasi.geojson", [_feature("BT-1", {"type": "Polygon", "coordinates": bow_tie})]
    )
    area = read_area_file(path)
    geometry = area.features.geometry.iloc[0]
    assert geometry.is_valid
    assert area.features["kind"].iloc[0] == "polygon"
    left = shapely.Polygon([(111.0, 0.0), (111.1, 0.1), (111.0, 0.2)])
    right = shapely.Polygon([(111.2, 0.0), (111.1, 0.1), (111.2, 0.2)])
    assert geometry.area == pytest.approx(left.area + right.area)
    (problem,) = area.problems
    assert problem.severity == "warning"
    assert "BT-1" in problem.problem
    assert "Self-intersection" in problem.problem


def test_empty_and_missing_geometry_are_reported(tmp_path: Path) -> None:
    square = {"type": "Polygon", "coordinates": [[[111, 0], [111.1, 0], [111.1, 0.1], [111, 0]]]}
    features = [
        _feature("OK-1", square),
        _feature("NULL-2", None),
        _feature("EMPTY-3", {"type": "Polygon", "coordinates": []}),
    ]
    area = read_area_file(_geojson(tmp_path / "kosong.geojson", features))
    assert area.features["feature_id"].tolist() == ["OK-1"]
    errors = _errors(area.problems)
    assert [(p.value, p.row, p.sheet) for p in errors] == [
        ("NULL-2", 2, "kosong"),
        ("EMPTY-3", 3, "kosong"),
    ]
    assert all(p.file == "kosong.geojson" for p in errors)


def test_geometry_collection_keeps_dominant_kind(tmp_path: Path) -> None:
    collection = {
        "type": "GeometryCollection",
        "geometries": [
            {"type": "Point", "coordinates": [111.05, 0.05]},
            {"type": "Polygon", "coordinates": [[[111, 0], [111.1, 0], [111.1, 0.1], [111, 0]]]},
        ],
    }
    area = read_area_file(_geojson(tmp_path / "campur.geojson", [_feature("GC-1", collection)]))
    assert area.features["kind"].tolist() == ["polygon"]
    assert area.features.geometry.iloc[0].geom_type == "Polygon"
    assert [p.severity for p in area.problems] == ["warning"]


def test_coordinates_outside_lon_lat_are_errors(tmp_path: Path) -> None:
    utm_as_degrees = {"type": "Point", "coordinates": [523592.8, -273.9]}
    features = [
        _feature("P-1", utm_as_degrees),
        _feature("P-2", {"type": "Point", "coordinates": [111, 0]}),
    ]
    area = read_area_file(_geojson(tmp_path / "salah-crs.geojson", features))
    assert area.features["feature_id"].tolist() == ["P-2"]
    (problem,) = area.problems
    assert (problem.severity, problem.value) == ("error", "P-1")
    assert "CRS" in problem.suggestion


def test_web_mercator_file(tmp_path: Path) -> None:
    original = gpd.GeoDataFrame(
        {"id": ["M-1"], "partner": ["Swandiri Inisiatif Sintang"]},
        geometry=[shapely.box(111.5, 0.0, 111.6, 0.1)],
        crs=4326,
    )
    path = tmp_path / "mercator.geojson"
    original.to_crs(3857).to_file(path, engine="pyogrio")
    assert pyogrio.read_info(path)["crs"] == "EPSG:3857"
    features = read_area_file(path).features
    assert features["org"].tolist() == ["Swandiri Inisiatif Sintang"]
    assert features.geometry.iloc[0].equals_exact(original.geometry.iloc[0], tolerance=1e-9)


def test_file_geodatabase(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"code": ["G-1"], "owner": ["Bappeda"]},
        geometry=[shapely.box(111.5, 0.0, 111.6, 0.1)],
        crs=4326,
    )
    path = tmp_path / "mitra.gdb"
    pyogrio.write_dataframe(frame.to_crs(32749), path, layer="areal", driver="OpenFileGDB")
    features = read_area_file(path).features
    assert features[["layer", "feature_id", "org", "kind"]].iloc[0].tolist() == [
        "areal",
        "G-1",
        "Bappeda",
        "polygon",
    ]
    assert shapely.equals_exact(
        shapely.normalize(features.geometry.iloc[0]),
        shapely.normalize(shapely.MultiPolygon([frame.geometry.iloc[0]])),
        tolerance=1e-7,
    )


def test_duplicate_ids_are_reported(tmp_path: Path) -> None:
    point = {"type": "Point", "coordinates": [111, 0]}
    area = read_area_file(_geojson(tmp_path / "ganda.geojson", [_feature("D-1", point)] * 2))
    assert len(area.features) == 2
    (problem,) = area.problems
    assert (problem.severity, problem.value) == ("warning", "D-1")


# --- errors ---------------------------------------------------------------------------------


def _assert_one_sentence(error: pytest.ExceptionInfo[Exception], file_name: str) -> None:
    message = str(error.value)
    assert file_name in message
    assert "\n" not in message
    assert "Traceback" not in message
    assert "/vsizip" not in message


def test_corrupt_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "rusak.gpkg"
    path.write_bytes(b"not a geopackage" * 50)
    with pytest.raises(InputFileError) as error:
        read_area_file(path)
    _assert_one_sentence(error, "rusak.gpkg")


def test_truncated_geojson(tmp_path: Path) -> None:
    path = tmp_path / "terpotong.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type":', encoding="utf-8")
    with pytest.raises(InputFileError) as error:
        read_area_file(path)
    _assert_one_sentence(error, "terpotong.geojson")


def test_zip_without_shapefile(tmp_path: Path) -> None:
    path = tmp_path / "partner-areas.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "peta menyusul")
    with pytest.raises(InputFileError, match=r"partner-areas\.zip contains no \.shp file") as error:
        read_area_file(path)
    _assert_one_sentence(error, "partner-areas.zip")


def test_zip_with_shp_but_no_dbf(tmp_path: Path) -> None:
    shp = _cp1252_shapefile(tmp_path, keep_cpg=True)
    path = tmp_path / "kurang.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(shp, shp.name)
        archive.write(shp.with_suffix(".shx"), "kebun.shx")
    with pytest.raises(InputFileError, match=r"kurang\.zip: kebun\.shp has no \.dbf") as error:
        read_area_file(path)
    _assert_one_sentence(error, "kurang.zip")


def test_damaged_zip(tmp_path: Path) -> None:
    path = tmp_path / "rusak.zip"
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(InputFileError) as error:
        read_area_file(path)
    _assert_one_sentence(error, "rusak.zip")


def test_missing_file_and_unknown_extension(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"tidak-ada\.kml was not found"):
        read_area_file(tmp_path / "tidak-ada.kml")
    drawing = tmp_path / "peta.dwg"
    drawing.write_bytes(b"AC1032")
    with pytest.raises(InputFileError, match=r"peta\.dwg is not an area file") as error:
        read_area_file(drawing)
    _assert_one_sentence(error, "peta.dwg")
