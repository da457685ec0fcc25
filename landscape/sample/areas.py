"""Partner area files of the sample, in the formats forums receive.

``layers/sample/areas.json`` describes each file: its features are drawn around desa
centres (or the midpoint of an edge two desa share) of the generated boundaries, as
GeoJSON, a zipped Shapefile in UTM 49N, KML, a CSV of points and GPX tracks.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import math
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, Polygon

from landscape.sample.files import ZIP_TIME, atomic, write_text
from landscape.sample.geometry import KM_PER_DEGREE, Boundaries, parts_of
from landscape.sample.vectors import meander

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

UTM_49N = "EPSG:32649"
"""CRS of the zipped Shapefile (WGS 84 / UTM zone 49N), as partners often send."""


def _seed_of(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _anchor(spec: dict[str, Any], bounds: Boundaries) -> Point:
    """Return the point a feature is drawn around: a desa centre or a shared desa edge."""
    codes = str(spec["at"]).split("|")
    if len(codes) == 2:  # the midpoint of the edge the two desa share
        desa = bounds.desa.set_index("kode").geometry
        edge = shapely.line_merge(desa[codes[0]].boundary.intersection(desa[codes[1]].boundary))
        longest = max(parts_of(edge), key=lambda g: g.length)
        point = longest.interpolate(0.5, normalized=True)
    else:
        point = bounds.centres[codes[0]]
    dx, dy = spec.get("shift_km", (0.0, 0.0))
    return Point(point.x + dx / KM_PER_DEGREE, point.y + dy / KM_PER_DEGREE)


def _blob(centre: Point, radius_km: float, *, seed: int, hole: bool = False) -> Polygon:
    """Return an irregular star-shaped polygon (optionally with an enclave) around ``centre``."""
    rng = np.random.default_rng(seed)
    angle = np.linspace(0, 2 * math.pi, 24, endpoint=False)
    bumps = sum(rng.uniform(0.05, 0.12) * np.sin(k * angle + rng.uniform(0, 2 * math.pi))
                for k in (2, 3, 5))
    radius = radius_km / KM_PER_DEGREE * (1 + bumps)
    ring = np.column_stack([centre.x + radius * np.cos(angle), centre.y + radius * np.sin(angle)])
    holes = []
    if hole:
        inner = 0.3 * radius_km / KM_PER_DEGREE
        holes.append(np.column_stack([centre.x + 0.3 * inner + inner * np.cos(angle[::-1]),
                                      centre.y + inner * np.sin(angle[::-1])]))
    return Polygon(np.round(ring, 6), [np.round(h, 6) for h in holes])


def _track(codes: list[str], bounds: Boundaries, *, seed: int) -> np.ndarray:
    """Return a wiggly patrol path through the centres of the given desa."""
    points = [(bounds.centres[c].x, bounds.centres[c].y) for c in codes]
    return np.round(meander(points, seed=seed)[::2], 6)


def _read_area_specs(source: Path) -> dict[str, dict[str, Any]]:
    specs: dict[str, dict[str, Any]] = json.loads((source / "areas.json").read_text("utf-8"))
    return specs


def _area_ha(geom: BaseGeometry) -> float:
    series = gpd.GeoSeries([geom], crs="EPSG:4326").to_crs("EPSG:6933")
    return float(series.area.iloc[0]) / 10_000


def _polygons(spec: dict[str, Any], bounds: Boundaries) -> list[tuple[dict[str, Any], Polygon]]:
    return [
        (feature, _blob(_anchor(feature, bounds), float(feature["radius_km"]),
                        seed=_seed_of(feature["id"]), hole=bool(feature.get("hole", False))))
        for feature in spec["features"]
    ]


def _rings(polygon: Polygon) -> list[list[list[float]]]:
    return [[list(xy) for xy in ring.coords] for ring in (polygon.exterior, *polygon.interiors)]


def _geojson(spec: dict[str, Any], bounds: Boundaries) -> str:
    """Return a QGIS-style FeatureCollection; ``luas_ha`` is the area stated in the permit."""
    features = []
    for feature, polygon in _polygons(spec, bounds):
        stated = round(_area_ha(polygon) * (1 + float(feature.get("selisih", 0.0))), 2)
        properties = {"id": feature["id"], **feature["properties"], "luas_ha": stated}
        geometry = {"type": "Polygon", "coordinates": _rings(polygon)}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    collection = {
        "type": "FeatureCollection", "name": spec["layer"],
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def _write_shapefile_zip(path: Path, spec: dict[str, Any], bounds: Boundaries) -> None:
    """Write a zipped Shapefile in UTM 49N whose inner name differs from the zip's."""
    rows = [{"id_kebun": feature["id"], **feature["properties"], "geometry": polygon}
            for feature, polygon in _polygons(spec, bounds)]
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").to_crs(UTM_49N)
    frame.insert(len(frame.columns) - 1, "luas_ha", (frame.area / 10_000).round(2))
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        shp = Path(tmp) / f"{spec['layer']}.shp"
        frame.to_file(shp, driver="ESRI Shapefile", encoding="UTF-8")
        shp.with_suffix(".cpg").write_text("UTF-8", encoding="ascii")
        dbf = shp.with_suffix(".dbf")
        with dbf.open("r+b") as handle:  # the DBF header stores the day it was written
            handle.seek(1)
            handle.write(bytes([ZIP_TIME[0] - 1900, ZIP_TIME[1], ZIP_TIME[2]]))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member in sorted(Path(tmp).iterdir()):
                info = zipfile.ZipInfo(member.name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, member.read_bytes())


def _kml_coords(ring: BaseGeometry) -> str:
    return " ".join(f"{x:.6f},{y:.6f},0" for x, y in shapely.get_coordinates(ring))


def _kml(spec: dict[str, Any], bounds: Boundaries) -> str:
    """Return a Google-Earth-style KML: Placemarks in a Folder, ids in ExtendedData."""
    marks = []
    for feature, polygon in _polygons(spec, bounds):
        data = {"id": feature["id"], **feature["properties"]}
        extended = "".join(f'<Data name="{escape(k)}"><value>{escape(str(v))}</value></Data>'
                           for k, v in data.items())
        inner = "".join(f"<innerBoundaryIs><LinearRing><coordinates>{_kml_coords(r)}"
                        "</coordinates></LinearRing></innerBoundaryIs>" for r in polygon.interiors)
        marks.append(
            f"<Placemark><name>{escape(feature['name'])}</name>"
            f"<description>{escape(feature['description'])}</description>"
            f"<styleUrl>#areal</styleUrl><ExtendedData>{extended}</ExtendedData>"
            f"<Polygon><outerBoundaryIs><LinearRing><coordinates>"
            f"{_kml_coords(polygon.exterior)}</coordinates></LinearRing></outerBoundaryIs>"
            f"{inner}</Polygon></Placemark>"
        )
    body = "\n".join(marks)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{escape(spec['layer'])}</name>"
        '<Style id="areal"><LineStyle><color>ff2f8f2f</color><width>2</width></LineStyle>'
        "<PolyStyle><color>552f8f2f</color></PolyStyle></Style>\n"
        f"<Folder><name>{escape(spec['folder'])}</name>\n{body}\n</Folder></Document></kml>\n"
    )


def _points_csv(spec: dict[str, Any], bounds: Boundaries) -> str:
    buffer = io.StringIO()
    columns = ["id", "nama", "lat", "lon", *spec["features"][0]["properties"]]
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for feature in spec["features"]:
        point = _anchor(feature, bounds)
        writer.writerow([feature["id"], feature["name"], f"{point.y:.5f}", f"{point.x:.5f}",
                         *feature["properties"].values()])
    return buffer.getvalue()


def _gpx(spec: dict[str, Any], bounds: Boundaries) -> str:
    """Return GPX 1.1 with one track per patrol (the track name is its id) and waypoints."""
    tracks = []
    for feature in spec["tracks"]:
        path = _track(feature["through"], bounds, seed=_seed_of(feature["id"]))
        start = dt.datetime.fromisoformat(feature["start"])
        step = np.concatenate([[0.0], np.hypot(*np.diff(path, axis=0).T)]) * KM_PER_DEGREE
        seconds = np.cumsum(step) / float(feature["speed_kmh"]) * 3600
        points = "".join(
            f'<trkpt lat="{y:.6f}" lon="{x:.6f}"><ele>{40 + 15 * math.sin(i / 9):.1f}</ele>'
            f"<time>{(start + dt.timedelta(seconds=int(s))).strftime('%Y-%m-%dT%H:%M:%SZ')}"
            "</time></trkpt>\n"
            for i, ((x, y), s) in enumerate(zip(path, seconds, strict=True))
        )
        tracks.append(f"<trk><name>{escape(feature['id'])}</name>"
                      f"<desc>{escape(feature['description'])}</desc><trkseg>\n{points}</trkseg></trk>")
    waypoints = []
    for feature in spec["waypoints"]:
        point = _anchor(feature, bounds)
        waypoints.append(f'<wpt lat="{point.y:.6f}" lon="{point.x:.6f}">'
                         f"<name>{escape(feature['id'])}</name>"
                         f"<desc>{escape(feature['description'])}</desc></wpt>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="landscape.sample" xmlns="http://www.topografix.com/GPX/1/1">\n'
        + "\n".join(waypoints) + "\n" + "\n".join(tracks) + "\n</gpx>\n"
    )


def write_areas(folder: Path, bounds: Boundaries, source: Path) -> list[Path]:
    """Write every partner area file described in ``source / "areas.json"`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {".geojson": _geojson, ".kml": _kml, ".csv": _points_csv, ".gpx": _gpx}
    paths = []
    for name, spec in _read_area_specs(source).items():
        path = folder / name
        if path.suffix == ".zip":
            atomic(path, functools.partial(_write_shapefile_zip, spec=spec, bounds=bounds))
        else:
            write_text(path, texts[path.suffix](spec, bounds))
        paths.append(path)
    return paths
