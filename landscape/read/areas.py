"""Partners' area files read into one standard GeoDataFrame.

A partner sends whatever its GIS tools export: a GeoPackage, GeoJSON, a plain or
zipped Shapefile in UTM, a Google Earth KML/KMZ, a GPS's GPX, a CSV of points
or a File GDB. :func:`read_area_file` reads any of them into the same columns,
in EPSG:4326:

``file, layer, feature_id, name, org, description, kind, attributes, geometry``

``feature_id`` comes from the file's id field (``id``, ``id_*``/``*_id``,
``kode``/``code``; a GPX track's name), ``org`` from an organisation field
(``org``, ``mitra``, ``lembaga``, ``pengelola``, ... or an HXL ``#org`` tag),
``kind`` is ``"polygon"``, ``"line"`` or ``"point"``, and ``attributes`` is a
JSON string of every other non-empty attribute (keys sorted, for popups).

Nothing is dropped silently: a feature without usable geometry is left out of
``features`` and reported as an error :class:`~landscape.problems.Problem`; a
repaired geometry or a guessed encoding or CRS is reported as a warning.

Examples
--------
>>> from pathlib import Path
>>> sample = Path("../shared/data/samples/sintang/areas")
>>> area = read_area_file(sample / "sawit-plasma-utm49n.zip")  # doctest: +SKIP
>>> area.features[["feature_id", "org", "kind"]].iloc[0].tolist()  # doctest: +SKIP
['PLS-01', 'Koperasi Tani Sepauk Jaya', 'polygon']
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landscape.problems import Problem
from landscape.read._formats import read_layers
from landscape.read._raw import CRS_FIX, RawLayer, to_geographic, within_lon_lat
from landscape.settings import GEOGRAPHIC_CRS

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from shapely.geometry.base import BaseGeometry

__all__ = ["COLUMNS", "AreaFile", "read_area_file", "read_area_files"]

#: The columns of every features frame, in this order.
COLUMNS: tuple[str, ...] = (
    "file", "layer", "feature_id", "name", "org", "description", "kind", "attributes", "geometry",
)  # fmt: skip
_KINDS = {0: "point", 1: "line", 2: "polygon"}
_ORG_NAMES = (
    "org", "organisation", "organization", "organisasi", "mitra", "lembaga", "pengelola",
    "partner", "owner", "pemilik", "instansi",
)  # fmt: skip
_NAME_NAMES = ("name", "nama", "title", "judul", "label")
_DESCRIPTION_NAMES = (
    "description", "desc", "deskripsi", "keterangan", "ket", "uraian", "notes", "note",
    "remarks", "comment", "catatan",
)  # fmt: skip
_ID_PATTERNS = (r"id", r"id_.+|.+_id", r"kode|code", r"id\d+")
_NAME_PATTERN = r"(nama|name)_.+|.+_(nama|name)"
_KML_NOISE = frozenset(
    {"timestamp", "begin", "end", "altitudemode", "tessellate", "extrude", "visibility",
     "draworder", "icon", "snippet"}
)  # fmt: skip


@dataclass(slots=True)
class AreaFile:
    """A partner's area file, standardised.

    Parameters
    ----------
    path : pathlib.Path
        The file as given.
    features : geopandas.GeoDataFrame
        One row per usable feature, columns :data:`COLUMNS`, CRS EPSG:4326.
    problems : list of Problem
        Features left out (errors) and assumptions made (warnings).
    """

    path: Path
    features: gpd.GeoDataFrame
    problems: list[Problem]


def read_area_file(path: str | Path) -> AreaFile:
    """Read every feature layer of one area file into the standard columns.

    Parameters
    ----------
    path : str or pathlib.Path
        A GeoPackage, GeoJSON, Shapefile (``.shp`` or zipped), KML/KMZ, GPX,
        CSV (lat/lon columns or WKT) or File GDB folder, in any CRS.

    Returns
    -------
    AreaFile
        The features in EPSG:4326 and the problems met.

    Raises
    ------
    InputFileError
        If the file is missing, of an unknown format, damaged, or a zip
        without a shapefile.
    InputError
        If the file has no CRS and its coordinates are not lon/lat, or a CSV
        has no coordinate columns.
    """
    path = Path(path)
    layers, problems = read_layers(path)
    frames = []
    for layer in layers:
        frame, found = _standardise(layer, path.name)
        frames.append(frame)
        problems.extend(found)
    features = _concat(frames)
    if not layers:
        problems.append(
            Problem(path.name, None, None, None, "", "the file contains no features", "")
        )
    problems.extend(_duplicate_ids(features, path.name))
    return AreaFile(path, features, problems)


def read_area_files(paths: Sequence[str | Path]) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read several area files and concatenate their features.

    Parameters
    ----------
    paths : sequence of str or pathlib.Path
        The files, each read by :func:`read_area_file`.

    Returns
    -------
    features : geopandas.GeoDataFrame
        All features, columns :data:`COLUMNS`, CRS EPSG:4326.
    problems : list of Problem
        The problems of every file, in file order.
    """
    areas = [read_area_file(path) for path in paths]
    problems = [problem for area in areas for problem in area.problems]
    return _concat([area.features for area in areas]), problems


# --- one layer -> standard columns -------------------------------------------------------


def _standardise(layer: RawLayer, file_name: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    frame, problems = to_geographic(layer, file_name)
    roles = _pick_roles(frame, layer.hints)
    ids = _texts(frame, roles["id"])
    where = (file_name, layer.name or None)
    geometries: list[BaseGeometry] = []
    keep: list[int] = []
    for i, geometry in enumerate(frame.geometry.array):
        cleaned, notes = _clean_geometry(geometry)
        label = repr(ids[i]) if ids[i] else f"number {layer.rows[i]}"
        problems += [
            Problem(
                *where, layer.rows[i], "geometry", ids[i] or "", f"feature {label} {text}", *note
            )
            for text, *note in notes
        ]
        if cleaned is not None:
            geometries.append(cleaned)
            keep.append(i)
    kept = frame.iloc[keep]
    columns = {
        "file": pd.Series([file_name] * len(keep), dtype="str"),
        "layer": pd.Series([layer.name] * len(keep), dtype="str"),
        "feature_id": pd.Series([ids[i] for i in keep], dtype=object),
        "name": pd.Series(_texts(kept, roles["name"]), dtype=object),
        "org": pd.Series(_texts(kept, roles["org"]), dtype=object),
        "description": pd.Series(_texts(kept, roles["description"]), dtype=object),
        "kind": pd.Series([_KINDS[_dimension(g)] for g in geometries], dtype="str"),
        "attributes": pd.Series(_attributes(kept, roles, layer.driver), dtype="str"),
    }
    geometry = gpd.GeoSeries(geometries, crs=GEOGRAPHIC_CRS)
    return gpd.GeoDataFrame(columns, geometry=geometry), problems


# --- attribute roles -------------------------------------------------------------------


def _pick_roles(frame: gpd.GeoDataFrame, hints: dict[str, str]) -> dict[str, str | None]:
    """Choose the id, name, org and description columns (non-empty ones only)."""
    geometry = frame.geometry.name
    columns = [str(c) for c in frame.columns if c != geometry and frame[c].notna().any()]
    roles: dict[str, str | None] = {k: v for k, v in hints.items() if v in columns}
    roles.setdefault("org", _first_named(columns, _ORG_NAMES))
    roles.setdefault("id", _first_matching(columns, _ID_PATTERNS))
    roles.setdefault("description", _first_named(columns, _DESCRIPTION_NAMES))
    if "name" not in roles:
        others = [c for c in columns if c not in {roles["org"], roles["id"]}]
        roles["name"] = _first_named(others, _NAME_NAMES) or _first_matching(
            others, (_NAME_PATTERN,)
        )
    return roles


def _first_named(columns: Iterable[str], names: tuple[str, ...]) -> str | None:
    lowered = {c.strip().lower(): c for c in reversed(list(columns))}
    return next((lowered[n] for n in names if n in lowered), None)


def _first_matching(columns: Iterable[str], patterns: tuple[str, ...]) -> str | None:
    listed = list(columns)
    for pattern in patterns:
        found = [c for c in listed if re.fullmatch(pattern, c.strip().lower())]
        if found:
            return found[0]
    return None


def _texts(frame: pd.DataFrame, column: str | None) -> list[str | None]:
    if column is None:
        return [None] * len(frame)
    return [_text(value) for value in frame[column]]


def _text(value: object) -> str | None:
    plain = _plain(value)
    if plain is None:
        return None
    if isinstance(plain, float) and plain.is_integer():
        plain = int(plain)
    return str(plain)


def _plain(value: object) -> Any:
    """Return a JSON-ready Python value, or None for missing and blank values."""
    if _missing(value):
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (bool, np.bool_, int, np.integer, float, np.floating)):
        return value.item() if isinstance(value, np.generic) else value
    if isinstance(value, (dt.date, dt.time)):  # pandas Timestamp is a datetime
        return value.isoformat()
    return str(value)


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, (float, np.floating)) and math.isnan(value)


def _attributes(frame: pd.DataFrame, roles: dict[str, str | None], driver: str) -> list[str]:
    """Serialise every other non-empty attribute of each feature as sorted JSON."""
    used = {c for c in roles.values() if c is not None}
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    noise = _KML_NOISE if driver == "KML" else frozenset()
    columns = [
        c for c in frame.columns if c not in used and c != geometry and c.lower() not in noise
    ]
    out = []
    for record in pd.DataFrame(frame[columns]).to_dict("records"):
        values = {str(k): _plain(v) for k, v in record.items()}
        kept = {k: v for k, v in values.items() if v is not None}
        out.append(json.dumps(kept, sort_keys=True, ensure_ascii=False))
    return out


# --- geometry ---------------------------------------------------------------------------

_Note = tuple[str, str, str]  # what happened, suggestion, severity


def _clean_geometry(geometry: BaseGeometry | None) -> tuple[BaseGeometry | None, list[_Note]]:
    """Drop Z/M, split collections, repair invalid shapes and check the lon/lat range."""
    if geometry is None or geometry.is_empty:
        fix = "draw the feature again or delete it from the file"
        return None, [("has no geometry, so it was left out", fix, "error")]
    notes: list[_Note] = []
    geometry = shapely.force_2d(geometry)
    if geometry.geom_type == "GeometryCollection":
        geometry, dropped = _dominant_part(geometry)
        if dropped:
            kind = _KINDS[_dimension(geometry)]
            text = f"mixes geometry types; its {kind} parts were kept, {dropped} other(s) dropped"
            notes.append((text, "split the feature by geometry type", "warning"))
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        repaired = _combine(_singles(shapely.make_valid(geometry)), _dimension(geometry))
        fix = "check the shape in QGIS (Vector > Geometry Tools > Check Validity)"
        if repaired.is_empty:
            return None, [*notes, (f"has an invalid geometry ({reason})", fix, "error")]
        notes.append((f"had an invalid geometry ({reason}) and was repaired", fix, "warning"))
        geometry = repaired
    if not within_lon_lat(geometry.bounds):
        text = "lies outside the longitude/latitude range, so it was left out"
        return None, [*notes, (text, CRS_FIX, "error")]
    return geometry, notes


def _singles(geometry: BaseGeometry) -> list[BaseGeometry]:
    """Flatten multi-part geometries and collections into non-empty single parts."""
    parts = list(shapely.get_parts(geometry))
    if len(parts) == 1 and parts[0].geom_type == geometry.geom_type:
        return [] if geometry.is_empty else [geometry]
    return [single for part in parts for single in _singles(part)]


def _dominant_part(collection: BaseGeometry) -> tuple[BaseGeometry, int]:
    """Keep the parts of the highest dimension; return them and how many were dropped."""
    singles = _singles(collection)
    dimension = max((_dimension(s) for s in singles), default=0)
    kept = _combine(singles, dimension)
    return kept, len(singles) - len(_singles(kept))


def _combine(singles: list[BaseGeometry], dimension: int) -> BaseGeometry:
    """Join the single parts of one dimension into one (Multi*) geometry."""
    parts = [s for s in singles if _dimension(s) == dimension]
    if dimension == 1:
        parts = [shapely.LineString(p.coords) for p in parts]
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return shapely.GeometryCollection()
    if dimension == 0:
        return shapely.MultiPoint(cast("list[shapely.Point]", parts))
    if dimension == 1:
        return shapely.MultiLineString(cast("list[shapely.LineString]", parts))
    return shapely.MultiPolygon(cast("list[shapely.Polygon]", parts))


def _dimension(geometry: BaseGeometry) -> int:
    """Return 0 for points, 1 for lines, 2 for polygons."""
    return int(shapely.get_dimensions(geometry))


# --- whole file ---------------------------------------------------------------------------


def _empty() -> gpd.GeoDataFrame:
    columns = {c: pd.Series(dtype=object) for c in COLUMNS[:-1]}
    for name in ("file", "layer", "kind", "attributes"):
        columns[name] = pd.Series(dtype="str")
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=GEOGRAPHIC_CRS))


def _concat(frames: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return _empty()
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=GEOGRAPHIC_CRS)


def _duplicate_ids(features: gpd.GeoDataFrame, file_name: str) -> list[Problem]:
    counts = Counter(i for i in features["feature_id"] if i is not None)
    fix = "give each area its own id so that an activity links to one area"
    return [
        Problem(file_name, None, None, "feature_id", i, f"{n} features share the id {i!r}", fix)
        for i, n in sorted(counts.items())
        if n > 1
    ]
