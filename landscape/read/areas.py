"""Partners' area files read into one standard GeoDataFrame.

A partner sends whatever its GIS tools export: a GeoPackage, GeoJSON, a plain or
zipped Shapefile in UTM, a Google Earth KML/KMZ, a GPS's GPX, a CSV of points
or a File GDB. :func:`read_area_file` reads any of them into the same columns,
in EPSG:4326:

``file, layer, number, feature_id, name, org, description, kind, attributes, geometry``

``number`` is the feature's own position in the file (1-based, layers counted
one after the other; a CSV's N-th row under its header, whatever line it is on),
never shifted by a dropped feature:
messages show it and a reference ``file#3`` uses it. ``feature_id`` comes from
the file's id field (``id``, ``id_*``/``*_id``, ``kode``/``code``; a GPX
track's name), ``org`` from an organisation field (``org``, ``mitra``,
``lembaga``, ``pengelola``, ... or an HXL ``#org`` tag), ``kind`` is
``"polygon"``, ``"line"`` or ``"point"``, and ``attributes`` is a JSON string of
every other non-empty attribute (keys sorted, for popups). A KML's attributes
written as an HTML table in ``<description>`` (ArcGIS "Layer to KML") are read
as attributes (:mod:`landscape.read._kml`); a GPX is read in document order
(:mod:`landscape.read._gpx`).

Nothing is dropped silently: a feature without usable geometry (none, null,
outside the longitude/latitude range, at 0,0 where a device had no GPS fix) is
left out of ``features``, listed in ``dropped`` with its reason and reported as an
error :class:`~landscape.problems.Problem` naming it as dropped; a repaired
geometry or a guessed encoding or CRS is reported as a warning.

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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from landscape.problems import Problem
from landscape.read._formats import CSV_SUFFIXES, GDAL_FORMATS, read_layers
from landscape.read._geometry import KINDS, clean_geometry, dimension
from landscape.read._gpx import read_gpx
from landscape.read._kml import expand_descriptions
from landscape.read._raw import RawLayer, to_geographic
from landscape.read._roles import pick_roles
from landscape.settings import GEOGRAPHIC_CRS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from shapely.geometry.base import BaseGeometry

__all__ = ["AREA_SUFFIXES", "COLUMNS", "DROPPED_COLUMNS", "AreaFile", "AreaFiles",
           "read_area_file", "read_area_files", "read_areas"]

#: The columns of every features frame, in this order.
COLUMNS: tuple[str, ...] = (
    "file", "layer", "number", "feature_id", "name", "org", "description", "kind", "attributes",
    "geometry",
)  # fmt: skip
#: The columns of the frame of dropped features (one row per feature left out).
DROPPED_COLUMNS: tuple[str, ...] = ("file", "layer", "number", "feature_id", "name", "reason")
#: The extensions of the area files the toolkit reads (a reference naming one names a file).
AREA_SUFFIXES: frozenset[str] = frozenset({*GDAL_FORMATS, *CSV_SUFFIXES, ".shp", ".zip"})
#: Readers whose row numbers already count the whole file (CSV rows, GPX positions).
_FILE_NUMBERED = frozenset({"CSV", "GPX"})
_KML_NOISE = frozenset(
    {"timestamp", "begin", "end", "altitudemode", "tessellate", "extrude", "visibility",
     "draworder", "icon", "snippet"}
)  # fmt: skip


def _no_dropped() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in DROPPED_COLUMNS})


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
    dropped : pandas.DataFrame
        One row per feature left out, columns :data:`DROPPED_COLUMNS`, so that a
        reference to it is known as already reported.
    """

    path: Path
    features: gpd.GeoDataFrame
    problems: list[Problem]
    dropped: pd.DataFrame = field(default_factory=_no_dropped)


@dataclass(slots=True)
class AreaFiles:
    """Several area files read together: their features, dropped features and problems."""

    features: gpd.GeoDataFrame
    dropped: pd.DataFrame
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
        The features in EPSG:4326, the features dropped and the problems met.

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
    if path.suffix.lower() == ".gpx" and path.is_file():
        layers, problems = read_gpx(path), list[Problem]()
    else:
        layers, problems = read_layers(path)
    frames, dropped = [], []
    offset = 0
    for layer in layers:
        shift = 0 if layer.driver in _FILE_NUMBERED else offset
        frame, left_out, found = _standardise(layer, path.name, shift)
        offset += len(layer.rows)
        frames.append(frame)
        dropped.append(left_out)
        problems.extend(found)
    features = _concat(frames)
    if not any(len(layer.frame) for layer in layers) and not any(len(d) for d in dropped):
        problems.append(Problem(
            path.name, None, None, None, "",
            f"{path.name} contains no features, so nothing from it is on the map",
            "check that this is the file meant; export the layer again with its features"))
    problems.extend(_duplicate_ids(features, path.name))
    return AreaFile(path, features, problems, _concat_dropped(dropped))


def read_areas(paths: Sequence[str | Path]) -> AreaFiles:
    """Read several area files: all their features, the features dropped, the problems.

    Parameters
    ----------
    paths : sequence of str or pathlib.Path
        The files, each read by :func:`read_area_file`; a file given twice (the
        same resolved path) is read once, with a warning.

    Returns
    -------
    AreaFiles
        Features (columns :data:`COLUMNS`, EPSG:4326), dropped features
        (:data:`DROPPED_COLUMNS`) and the problems of every file, in file order.
    """
    unique, problems = _distinct(paths)
    areas = [read_area_file(path) for path in unique]
    problems += [problem for area in areas for problem in area.problems]
    return AreaFiles(_concat([area.features for area in areas]),
                     _concat_dropped([area.dropped for area in areas]), problems)


def _distinct(paths: Sequence[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Return the paths, a file given twice once, and a warning per repeat or shared name."""
    unique: dict[Path, Path] = {}
    problems: list[Problem] = []
    for given in map(Path, paths):
        key = given.expanduser().resolve()
        twin = next((p for p in unique.values() if p.name == given.name), None)
        problem, fix = (("the area file is given twice; it is read once", "give it once")
                        if key in unique else
                        ((f"two area files are named {given.name} ({twin} and {given}): "
                          "references file#id cannot tell them apart"), "rename one"))
        if key in unique or twin is not None:
            problems.append(Problem(given.name, None, None, None, str(given), problem, fix))
        unique.setdefault(key, given)
    return list(unique.values()), problems


def read_area_files(paths: Sequence[str | Path]) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read several area files and concatenate their features (see :func:`read_areas`).

    Returns
    -------
    features : geopandas.GeoDataFrame
        All features, columns :data:`COLUMNS`, CRS EPSG:4326.
    problems : list of Problem
        The problems of every file, in file order.
    """
    areas = read_areas(paths)
    return areas.features, areas.problems


# --- one layer -> standard columns -------------------------------------------------------


def _standardise(
    layer: RawLayer, file_name: str, offset: int
) -> tuple[gpd.GeoDataFrame, pd.DataFrame, list[Problem]]:
    """Standardise one layer; ``offset`` is the count of the file's earlier features."""
    unread = layer.frame.attrs.pop("left_out", [])  # a CSV's rows without coordinates
    cells = pd.DataFrame.from_records([row["cells"] for row in unread])
    closed = set(layer.frame.attrs.pop("closed_rings", ()))  # rings the reader closed
    if layer.driver == "KML":
        layer = RawLayer(layer.name, expand_descriptions(layer.frame), layer.rows, layer.driver,
                         layer.hints)
    positions = layer.frame.attrs.get("numbers")  # a CSV's features by position, not line
    lines = layer.rows if positions is not None else None
    frame, problems = to_geographic(layer, file_name)
    roles = pick_roles(frame, layer.hints, also=cells)
    ids = _texts(frame, roles["id"])
    names = _texts(frame, roles["name"])
    numbers = [offset + row for row in (positions if positions is not None else layer.rows)]
    where = (file_name, layer.name or None)
    geometries: list[BaseGeometry] = []
    keep: list[int] = []
    dropped: list[dict[str, object]] = []
    for i, geometry in enumerate(frame.geometry.array):
        cleaned, notes = clean_geometry(geometry)
        if i in closed:
            notes.insert(0, ("had a ring that was not closed; it was closed", _RING_FIX, "warning"))
        label = (f"feature {numbers[i]}" + (f" (line {lines[i]})" if lines else "")
                 + (f" {ids[i]!r}" if ids[i] else ""))
        problems += [
            Problem(*where, numbers[i], "geometry", ids[i] or "", f"{label} {text}", fix,
                    severity, dropped=cleaned is None and n == len(notes) - 1)  # the last: why
            for n, (text, fix, severity) in enumerate(notes)
        ]
        if cleaned is not None:
            geometries.append(cleaned)
            keep.append(i)
        else:
            dropped.append({"file": file_name, "layer": layer.name, "number": numbers[i],
                            "feature_id": ids[i], "name": names[i],
                            "reason": notes[-1][0] if notes else ""})
    if unread:
        unread_ids, unread_names = _texts(cells, roles["id"]), _texts(cells, roles["name"])
        dropped += [{"file": file_name, "layer": layer.name, "number": row["number"],
                     "feature_id": unread_ids[i], "name": unread_names[i],
                     "reason": row["reason"]}
                    for i, row in enumerate(unread)]
    kept = frame.iloc[keep]
    columns = {
        "file": pd.Series([file_name] * len(keep), dtype="str"),
        "layer": pd.Series([layer.name] * len(keep), dtype="str"),
        "number": pd.Series([numbers[i] for i in keep], dtype="int64"),
        "feature_id": pd.Series([ids[i] for i in keep], dtype=object),
        "name": pd.Series([names[i] for i in keep], dtype=object),
        "org": pd.Series(_texts(kept, roles["org"]), dtype=object),
        "description": pd.Series(_texts(kept, roles["description"]), dtype=object),
        "kind": pd.Series([KINDS[dimension(g)] for g in geometries], dtype="str"),
        "attributes": pd.Series(_attributes(kept, roles, layer.driver), dtype="str"),
    }
    geometry = gpd.GeoSeries(geometries, crs=GEOGRAPHIC_CRS)
    left_out = pd.DataFrame.from_records(dropped, columns=list(DROPPED_COLUMNS))
    return gpd.GeoDataFrame(columns, geometry=geometry), left_out, problems


_RING_FIX = "check the shape in QGIS (Vector > Geometry Tools > Check Validity)"


# --- attribute values -------------------------------------------------------------------


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


# --- whole file ---------------------------------------------------------------------------


def _empty() -> gpd.GeoDataFrame:
    columns = {c: pd.Series(dtype=object) for c in COLUMNS[:-1]}
    for name in ("file", "layer", "kind", "attributes"):
        columns[name] = pd.Series(dtype="str")
    columns["number"] = pd.Series(dtype="int64")
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=GEOGRAPHIC_CRS))


def _concat(frames: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    frames = [frame for frame in frames if len(frame)]
    if not frames:
        return _empty()
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=GEOGRAPHIC_CRS)


def _concat_dropped(frames: list[pd.DataFrame]) -> pd.DataFrame:
    frames = [frame for frame in frames if len(frame)]
    return pd.concat(frames, ignore_index=True) if frames else _no_dropped()


def _duplicate_ids(features: gpd.GeoDataFrame, file_name: str) -> list[Problem]:
    counts = Counter(i for i in features["feature_id"] if i is not None)
    fix = "give each area its own id so that an activity links to one area"
    return [
        Problem(file_name, None, None, "feature_id", i, f"{n} features share the id {i!r}", fix)
        for i, n in sorted(counts.items())
        if n > 1
    ]
