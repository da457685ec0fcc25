"""Area files from field tools: phone GPX logs, ArcGIS KML/KMZ, field-app GeoJSON.

The intake cases (``13-``, ``14-``) are built with the real boundaries; the other
files are written here, one for every kind: unnamed tracks referenced by their
position, ArcGIS "Layer to KML" description tables, null geometry, 0,0 and 3-D
coordinates. Expected values are computed with plain geopandas/pyproj.
"""

from __future__ import annotations

import json
import zipfile
from typing import TYPE_CHECKING

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
import pyproj
import pytest
import shapely

from landscape.errors import InputFileError
from landscape.pipeline import build
from landscape.read.areas import DROPPED_COLUMNS, read_area_file, read_areas
from landscape.read.refs import FeatureIndex

if TYPE_CHECKING:
    from pathlib import Path

    from landscape.model import Result

KABUPATEN = "61.05"
KEBONG, SAMAK, ENSAID = "61.05.19.2003", "61.05.07.2030", "61.05.19.2005"
GPX_CASE = "13-gpx-unnamed-track-and-route.gpx"
MAPEO_CASE = "14-mapeo-null-geometry.geojson"


# --- helpers ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def desa(admin_gpkg: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(admin_gpkg, layer="desa", engine="pyogrio")
    return frame[frame["kode"].str.startswith(KABUPATEN + ".")].to_crs(4326)


def _utm_km(lines: gpd.GeoDataFrame, desa: gpd.GeoDataFrame) -> dict[str, float]:
    """Km of ``lines`` in each desa, measured in the local UTM zone (plain geopandas)."""
    utm = lines.estimate_utm_crs()
    pieces = gpd.overlay(lines.to_crs(utm)[["geometry"]], desa.to_crs(utm)[["kode", "geometry"]],
                         how="intersection", keep_geom_type=True)
    return (pieces.assign(km=pieces.length / 1000).groupby("kode")["km"].sum()).to_dict()


def _plan(intake_dir: Path, tmp_path: Path, refs: dict[str, str]) -> Path:
    """The 13-plan workbook with its 'Sumber Area' cells set per activity id."""
    book = openpyxl.load_workbook(intake_dir / "13-plan.xlsx")
    sheet = book["Kegiatan Mitra"]
    header = [c.value for c in sheet[1]]
    ref_col, id_col = header.index("Sumber Area") + 1, header.index("ID") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, ref_col).value = refs.get(str(sheet.cell(row, id_col).value))
    path = tmp_path / "rencana.xlsx"
    book.save(path)
    return path


def _build(admin_gpkg: Path, plan: Path, *areas: Path) -> Result:
    return build(boundaries=admin_gpkg, plan=plan, areas=list(areas), kabupaten=KABUPATEN)


def _line_km(result: Result, activity: str) -> dict[str, float]:
    rows = result.linked.placements
    rows = rows[(rows["activity_id"] == activity) & (rows["precision"] == "line")]
    return dict(zip(rows["desa_code"], rows["length_km"], strict=True))


def _about(problems: list, file_name: str) -> list:
    return [p for p in problems if p.file == file_name or file_name in p.value]


def _why(index: FeatureIndex, ref: str) -> tuple[str, str]:
    """The (problem, fix) a reference that names no feature is reported with."""
    found = index.resolve(ref)
    assert isinstance(found, tuple), found
    return found


def _inside(desa: gpd.GeoDataFrame, code: str) -> shapely.Point:
    return desa.loc[desa["kode"] == code].geometry.iloc[0].representative_point()


def _gpx(path: Path, body: str, version: str = "1/1") -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/{version}">'
        f"{body}</gpx>",
        encoding="utf-8",
    )
    return path


def _trk(points: list[tuple[float, float]], name: str | None = None) -> str:
    named = f"<name>{name}</name>" if name else ""
    pts = "".join(f'<trkpt lat="{y}" lon="{x}"><ele>12</ele></trkpt>' for x, y in points)
    return f"<trk>{named}<trkseg>{pts}</trkseg></trk>"


def _east(point: shapely.Point, steps: int = 4, step: float = 0.002) -> list[tuple[float, float]]:
    return [(point.x + i * step, point.y) for i in range(steps)]


# --- the intake cases ---------------------------------------------------------------------------


def test_gpx_case_reads_track_route_and_waypoint_in_file_order(intake_dir: Path) -> None:
    area = read_area_file(intake_dir / GPX_CASE)
    features = area.features.sort_values("number")
    assert features["number"].tolist() == [1, 2, 3]
    assert features["layer"].tolist() == ["tracks", "routes", "waypoints"]
    assert features["kind"].tolist() == ["line", "line", "point"]
    assert features["name"].tolist() == [None, "RUTE-01", "Sekat kanal 1"]
    track = features.geometry.iloc[0]
    assert track.geom_type == "MultiLineString"
    raw = gpd.read_file(intake_dir / GPX_CASE, layer="track_points", engine="pyogrio")
    assert [len(part.coords) for part in track.geoms] == raw.groupby("track_seg_id").size().tolist()
    assert area.problems == []


def test_gpx_case_links_the_unnamed_track_and_the_route(
    intake_dir: Path, admin_gpkg: Path, desa: gpd.GeoDataFrame
) -> None:
    result = _build(admin_gpkg, intake_dir / "13-plan.xlsx", intake_dir / GPX_CASE)
    tracks = gpd.read_file(intake_dir / GPX_CASE, layer="tracks", engine="pyogrio")
    expected = _utm_km(tracks, desa)
    assert set(expected) == {KEBONG, SAMAK}
    km01 = _line_km(result, "KM-01")
    assert set(km01) == {KEBONG, SAMAK}
    for code in (KEBONG, SAMAK):
        assert km01[code] == pytest.approx(expected[code], rel=2e-3)
    assert (round(km01[KEBONG], 1), round(km01[SAMAK], 1)) == (3.4, 1.5)  # the README's values
    areas = result.linked.areas.set_index("activity_id")
    assert areas.loc["KM-01", "kind"] == "line"
    assert areas.loc["KM-01", "length_km"] == pytest.approx(
        tracks.to_crs(tracks.estimate_utm_crs()).length.sum() / 1000, rel=2e-3)
    assert areas.loc["KM-02", "name"] == "RUTE-01"
    assert set(_line_km(result, "KM-02")) == {KEBONG}
    precision = result.linked.activities.set_index("activity_id")["precision"]
    assert precision[["KM-01", "KM-02"]].tolist() == ["line", "line"]
    assert not [p for p in result.problems if p.column == "area_refs"]
    assert not [p for p in result.problems if "no area file" in p.problem]


def test_mapeo_case_drops_null_and_no_fix_points_once(
    intake_dir: Path, admin_gpkg: Path, desa: gpd.GeoDataFrame
) -> None:
    result = _build(admin_gpkg, intake_dir / "14-plan.xlsx", intake_dir / MAPEO_CASE)
    raw = json.loads((intake_dir / MAPEO_CASE).read_text(encoding="utf-8"))["features"]
    usable = gpd.GeoDataFrame(
        {"id": [f["properties"]["id"] for f in raw if f["geometry"] and
                f["geometry"]["coordinates"][:2] != [0, 0]]},
        geometry=[shapely.Point(f["geometry"]["coordinates"][:2]) for f in raw
                  if f["geometry"] and f["geometry"]["coordinates"][:2] != [0, 0]], crs=4326)
    assert usable["id"].tolist() == ["OBS-01", "OBS-04"]
    reached = set(gpd.sjoin(usable, desa, predicate="within")["kode"])
    assert reached == {ENSAID}
    placements = result.linked.placements
    km01 = placements[placements["activity_id"] == "KM-01"]
    assert set(km01.loc[km01["precision"] == "point", "desa_code"]) == reached
    assert sorted(result.linked.areas["feature_id"]) == ["OBS-01", "OBS-04"]
    problems = _about(result.problems, MAPEO_CASE)
    assert [(p.row, p.value, p.severity) for p in problems] == [
        (2, "OBS-02", "error"), (3, "OBS-03", "error")]
    assert "no geometry" in problems[0].problem
    assert "dropped" in problems[0].problem
    assert "feature 3" in problems[1].problem
    assert "0,0 (no GPS fix)" in problems[1].problem
    assert not [p for p in result.problems if p.column == "area_refs"]


# --- GPX written here ---------------------------------------------------------------------------


def test_unnamed_tracks_are_referenced_by_position(
    intake_dir: Path, admin_gpkg: Path, tmp_path: Path, desa: gpd.GeoDataFrame
) -> None:
    first, second = _east(_inside(desa, KEBONG)), _east(_inside(desa, ENSAID))
    gpx = _gpx(tmp_path / "patroli.gpx",
               _trk(first) + '<wpt lat="0.1" lon="111.7"><name>WP-1</name></wpt>' + _trk(second))
    plan = _plan(intake_dir, tmp_path, {"KM-01": "patroli.gpx#3", "KM-02": "patroli.gpx"})
    result = _build(admin_gpkg, plan, gpx)
    expected = _utm_km(gpd.GeoDataFrame(geometry=[shapely.LineString(second)], crs=4326), desa)
    km01 = _line_km(result, "KM-01")
    assert set(km01) == set(expected) == {ENSAID}
    assert km01[ENSAID] == pytest.approx(expected[ENSAID], rel=2e-3)
    geod = pyproj.Geod(ellps="WGS84")
    assert km01[ENSAID] == pytest.approx(geod.geometry_length(shapely.LineString(second)) / 1000)
    (problem,) = [p for p in result.problems if p.column == "area_refs"]
    assert (problem.row, problem.value, problem.severity) == (3, "patroli.gpx", "error")
    assert "2 features without a name" in problem.problem
    assert "patroli.gpx#1, patroli.gpx#3" in problem.suggestion
    assert not _line_km(result, "KM-02")


def test_a_file_named_alone_links_its_only_feature(
    intake_dir: Path, admin_gpkg: Path, tmp_path: Path, desa: gpd.GeoDataFrame
) -> None:
    gpx = _gpx(tmp_path / "Satu Jalur.GPX", _trk(_east(_inside(desa, ENSAID))), version="1/0")
    plan = _plan(intake_dir, tmp_path, {"KM-01": "data/satu jalur.gpx"})
    result = _build(admin_gpkg, plan, gpx)
    assert set(_line_km(result, "KM-01")) == {ENSAID}
    assert not [p for p in result.problems if p.column == "area_refs"]


def test_a_track_with_segments_is_one_multiline(tmp_path: Path) -> None:
    a, b = [(111.60, 0.10), (111.61, 0.10)], [(111.62, 0.10), (111.63, 0.11)]
    segments = "".join(
        "<trkseg>" + "".join(f'<trkpt lat="{y}" lon="{x}"/>' for x, y in seg) + "</trkseg>"
        for seg in (a, b, [(111.64, 0.1)]))  # a one-point segment has no length
    path = _gpx(tmp_path / "dua.gpx", f"<trk><name>TRK-9</name><desc>dua hari</desc>{segments}"
                "</trk><rte><name>R-1</name></rte>")
    area = read_area_file(path)
    (track,) = area.features.itertuples()
    assert (track.feature_id, track.name, track.description, track.kind) == (
        "TRK-9", "TRK-9", "dua hari", "line")
    assert track.geometry.equals(shapely.MultiLineString([a, b]))
    (problem,) = area.problems  # the route without points is dropped, by number
    assert (problem.row, problem.value, problem.severity) == (2, "R-1", "error")
    assert area.dropped[["number", "feature_id"]].to_numpy().tolist() == [[2, "R-1"]]


def test_points_at_zero_zero_are_removed_from_a_track(tmp_path: Path) -> None:
    points = [(111.60, 0.10), (0.0, 0.0), (111.61, 0.10), (111.62, 0.11)]
    area = read_area_file(_gpx(tmp_path / "lompat.gpx", _trk(points, "T-0")))
    assert area.features.geometry.iloc[0].equals(
        shapely.LineString([p for p in points if p != (0.0, 0.0)]))
    (problem,) = area.problems
    assert (problem.severity, problem.row) == ("warning", 1)
    assert "1 point(s) at 0,0" in problem.problem


def test_gpx_with_a_dtd_or_broken_xml_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bom.gpx"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY a "aaaa">]><gpx>&a;</gpx>',
                    encoding="utf-8")
    with pytest.raises(InputFileError, match=r"bom\.gpx declares a DTD"):
        read_area_file(bomb)
    broken = tmp_path / "putus.gpx"
    broken.write_text('<gpx><trk><trkseg><trkpt lat="0.1"', encoding="utf-8")
    with pytest.raises(InputFileError, match=r"putus\.gpx is not well-formed GPX") as error:
        read_area_file(broken)
    assert "\n" not in str(error.value)


# --- ArcGIS "Layer to KML" -------------------------------------------------------------------


def _arcgis_description(fields: dict[str, str]) -> str:
    rows = "".join(
        f'<tr{" bgcolor=#D4E4F3" if i % 2 else ""}><td>{k}</td><td>{v}</td></tr>'
        for i, (k, v) in enumerate(fields.items()))
    return (
        '<html xmlns:fo="http://www.w3.org/1999/XSL/Format"><head><META http-equiv="Content-Type"'
        ' content="text/html"></head><body style="margin:0px"><table style="width:100%">'
        '<tr style="text-align:center;font-weight:bold"><td>Areal_Kerja</td></tr>'
        f'<tr><td><table style="width:100%">{rows}</table></td></tr></table></body></html>'
    )


def _arcgis_kml(path: Path, polygons: list[tuple[str, dict[str, str], shapely.Polygon]]) -> Path:
    placemarks = ""
    for name, fields, polygon in polygons:
        ring = " ".join(f"{x},{y},0" for x, y in polygon.exterior.coords)
        placemarks += (
            f"<Placemark><name>{name}</name><Snippet maxLines='0'></Snippet>"
            f"<description><![CDATA[{_arcgis_description(fields)}]]></description>"
            "<Polygon><outerBoundaryIs><LinearRing><coordinates>"
            f"{ring}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
        )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        f"<Document><Folder><name>Areal_Kerja</name>{placemarks}</Folder></Document></kml>",
        encoding="utf-8",
    )
    return path


def _two_arcgis_polygons(desa: gpd.GeoDataFrame) -> list[tuple[str, dict[str, str],
                                                                shapely.Polygon]]:
    centre = _inside(desa, ENSAID)
    return [
        ("Blok A", {"FID": "0", "Shape": "Polygon", "KODE": "AK-01", "MITRA": "Yayasan Contoh "
                    "Lestari", "LUAS_HA": "12,5", "KETERANGAN": "&lt;Null&gt;"},
         shapely.box(centre.x - 0.004, centre.y - 0.004, centre.x, centre.y)),
        ("Blok B", {"FID": "1", "Shape": "Polygon", "KODE": "AK-02", "MITRA": "Perkumpulan Hutan "
                    "Kita", "LUAS_HA": "8", "KETERANGAN": "bekas ladang"},
         shapely.box(centre.x, centre.y, centre.x + 0.004, centre.y + 0.004)),
    ]


def test_arcgis_kml_description_table_is_read_as_attributes(
    tmp_path: Path, desa: gpd.GeoDataFrame
) -> None:
    polygons = _two_arcgis_polygons(desa)
    kml = _arcgis_kml(tmp_path / "areal.kml", polygons)
    kmz = tmp_path / "areal.kmz"
    with zipfile.ZipFile(kmz, "w") as archive:
        archive.write(kml, "doc.kml")
    for path in (kml, kmz):
        area = read_area_file(path)
        features = area.features
        assert features["feature_id"].tolist() == ["AK-01", "AK-02"], path.name
        assert features["org"].tolist() == [f["MITRA"] for _, f, _ in polygons]
        assert features["name"].tolist() == ["Blok A", "Blok B"]
        assert features["description"].tolist() == [None, "bekas ladang"]
        attributes = [json.loads(a) for a in features["attributes"]]
        assert [a.get("LUAS_HA") for a in attributes] == ["12,5", "8"]
        assert not any("Shape" in a or "KETERANGAN" in a for a in attributes)
        for ours, (_, _, polygon) in zip(features.geometry, polygons, strict=True):
            assert shapely.normalize(ours).equals_exact(shapely.normalize(polygon), 1e-9)
        assert [p for p in area.problems if p.severity == "error"] == []


def test_arcgis_polygons_reach_the_outputs_as_their_mitra_areas(
    intake_dir: Path, admin_gpkg: Path, tmp_path: Path, desa: gpd.GeoDataFrame
) -> None:
    polygons = _two_arcgis_polygons(desa)
    kml = _arcgis_kml(tmp_path / "areal.kml", polygons)
    result = _build(admin_gpkg, _plan(intake_dir, tmp_path, {}), kml)
    areas = result.linked.areas
    assert sorted(areas["feature_id"]) == ["AK-01", "AK-02"]
    assert dict(zip(areas["feature_id"], areas["org"], strict=True)) == {
        "AK-01": "Yayasan Contoh Lestari", "AK-02": "Perkumpulan Hutan Kita"}
    expected_ha = gpd.GeoSeries([p for _, _, p in polygons], crs=4326).to_crs(6933).area / 1e4
    assert sorted(areas["area_ha"]) == pytest.approx(sorted(expected_ha), rel=1e-6)


# --- field-app GeoJSON written here -----------------------------------------------------------


def test_dropped_features_keep_their_numbers_and_3d_is_accepted(tmp_path: Path) -> None:
    def feature(fid: str, geometry: dict | None) -> dict:
        return {"type": "Feature", "properties": {"id": fid, "mitra": "MPA"}, "geometry": geometry}

    features = [
        feature("A", None),
        feature("B", {"type": "Point", "coordinates": [0, 0, 12.0]}),
        feature("C", {"type": "Point", "coordinates": [523592.8, 9972000.0]}),
        feature("D", {"type": "Point", "coordinates": [111.7, 0.1, 40.5]}),
        feature("E", {"type": "LineString", "coordinates": [[111.7, 0.1, 1], [111.71, 0.1, 2]]}),
    ]
    path = tmp_path / "mapeo.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    area = read_area_file(path)
    assert area.features["feature_id"].tolist() == ["D", "E"]
    assert area.features["number"].tolist() == [4, 5]
    assert not area.features.has_z.any()
    assert area.features.geometry.iloc[0].equals(shapely.Point(111.7, 0.1))
    assert [(p.row, p.value) for p in area.problems] == [(1, "A"), (2, "B"), (3, "C")]
    assert all("dropped" in p.problem and p.severity == "error" for p in area.problems)
    assert list(area.dropped.columns) == list(DROPPED_COLUMNS)
    assert area.dropped["number"].tolist() == [1, 2, 3]
    assert [r.split(",")[0] for r in area.dropped["reason"]] == [
        "has no geometry", "lies at 0", "lies outside the longitude/latitude range"]


def test_references_to_dropped_features_are_not_reported_again(tmp_path: Path) -> None:
    points = [{"type": "Feature", "properties": {"id": f"P-{i}"},
               "geometry": None if i == 2 else {"type": "Point", "coordinates": [111.7, 0.1]}}
              for i in (1, 2, 3)]
    path = tmp_path / "titik.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": points}), "utf-8")
    read = read_areas([path])
    index = FeatureIndex.of(read.features, read.dropped)
    assert index.resolve("P-2") is None
    assert index.resolve("titik.geojson#P-2") is None
    assert index.resolve("titik.geojson#2") is None
    assert index.resolve("titik.geojson#3") == [1]  # P-3 keeps its number
    assert index.resolve("P-3") == [1]
    problem, fix = _why(index, "P-9")
    assert "titik.geojson" in problem
    assert "file#N" in fix
    problem, fix = _why(index, "lain.gpx#P-1")
    assert problem == "the area file lain.gpx was not given"
    problem, fix = _why(index, "titik.geojson")
    assert problem == "titik.geojson holds 2 features"
    assert fix.endswith("titik.geojson#P-1, titik.geojson#P-3")


def test_an_id_wins_over_a_position_and_bare_ids_in_two_files_are_refused(
    tmp_path: Path,
) -> None:
    frames = []
    for name in ("a.gpkg", "b.gpkg"):
        frame = gpd.GeoDataFrame({"kode": ["X", "1"]}, crs=4326,
                                 geometry=[shapely.Point(111.7, 0.1), shapely.Point(111.8, 0.1)])
        pyogrio.write_dataframe(frame, tmp_path / name, layer="titik")
        frames.append(tmp_path / name)
    read = read_areas(frames)
    index = FeatureIndex.of(read.features, read.dropped)
    assert index.resolve("a.gpkg#1") == [1]  # the feature whose id is "1", not feature 1
    assert index.resolve("b.gpkg#2") == [3]
    problem, _ = _why(index, "X")
    assert problem == "feature id found in several area files"
    empty = FeatureIndex.of(read.features.iloc[0:0], pd.DataFrame(columns=list(DROPPED_COLUMNS)))
    problem, _ = _why(empty, "X")
    assert problem == "no area file was given for this reference"


def test_csv_features_are_numbered_by_their_row_not_their_line(admin_gpkg: Path,
                                                                tmp_path: Path) -> None:
    desa = gpd.read_file(admin_gpkg, layer="desa").set_index("nama")
    first = desa.loc["Nanga Pari"].geometry.representative_point()
    second = desa.loc["Ensaid Panjang"].geometry.representative_point()
    areas = tmp_path / "titik.csv"
    areas.write_text(f"nama,lat,lon\nSatu,{first.y},{first.x}\n\n"
                     f"Dua,{second.y},{second.x}\nTiga,,\n", encoding="utf-8")
    area = read_area_file(areas)
    # Numbered as GeoJSON and GPX are: the 1st, 2nd and 3rd rows (the blank line is none).
    assert area.features["number"].tolist() == [1, 2]
    (problem,) = area.problems
    assert problem.row == 3
    assert problem.problem.startswith("feature 3 (line 5): ")
    plan = tmp_path / "3w.csv"
    plan.write_text("ID,Mitra,Kegiatan,Sumber Area\nA-1,Yayasan A,x,titik.csv#1\n"
                    "A-2,Yayasan A,y,titik.csv#2\n", encoding="utf-8")
    result = build(boundaries=admin_gpkg, plan=plan, areas=[areas], kabupaten="61.05")
    reached = result.linked.placements.set_index("activity_id")["desa_code"].to_dict()
    assert reached == {"A-1": desa.loc["Nanga Pari", "kode"],
                       "A-2": desa.loc["Ensaid Panjang", "kode"]}
    assert not [p for p in result.problems if p.column == "Sumber Area"]
