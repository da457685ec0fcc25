"""GPX files from phones and GPS units, read in the order they were written.

A GPX holds waypoints (``<wpt>``), routes (``<rte>``) and tracks (``<trk>``).
Each is one feature: a waypoint a point, a route a line, a track one line
feature whatever its number of segments (a multi-line when it has several), so
that a day's patrol logged in pieces is measured as one length. Names come from
``<name>``; elevation and time per point are not kept (z is dropped).

Features are numbered by their position in the file (1-based, waypoints, routes
and tracks counted together in document order), the number messages show and a
reference ``file.gpx#2`` uses. The layers keep GDAL's names (``waypoints``,
``routes``, ``tracks``).

GPX never needs a DTD: a file that declares one (the door to entity-expansion
and external-entity attacks on an XML parser) is refused; the file is parsed with
:mod:`defusedxml`, which forbids them wherever they stand. A file larger than
:data:`~landscape.settings.TEXT_INPUT_MAX_BYTES` is refused before it is read.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import shapely
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from landscape.errors import InputFileError
from landscape.read._containers import check_size
from landscape.read._raw import RawLayer
from landscape.settings import GEOGRAPHIC_CRS

if TYPE_CHECKING:
    from pathlib import Path

    from shapely.geometry.base import BaseGeometry

__all__ = ["read_gpx"]

#: GPX element -> (layer name, point element inside it).
_KINDS = {"wpt": ("waypoints", ""), "rte": ("routes", "rtept"), "trk": ("tracks", "trkpt")}
#: Text children kept as attributes (GPX 1.0 and 1.1), in this order.
_FIELDS = ("name", "cmt", "desc", "src", "number", "type", "sym", "time")
_HINTS = {"id": "name", "name": "name", "description": "desc"}


def read_gpx(path: Path) -> list[RawLayer]:
    """Read the waypoints, routes and tracks of a GPX file as raw layers.

    Raises
    ------
    InputFileError
        If the file is not well-formed GPX, declares a DTD, or a point has no
        readable ``lat``/``lon``.
    """
    check_size(path)
    data = path.read_bytes()
    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        msg = f"{path.name} declares a DTD, which a GPX file never needs; export it again"
        raise InputFileError(msg) from exc
    except ET.ParseError as exc:
        msg = (
            f"{path.name} is not well-formed GPX ({exc}); check that the file is complete "
            "and export it again"
        )
        raise InputFileError(msg) from exc
    rows: dict[str, list[tuple[int, dict[str, str], BaseGeometry | None]]] = {}
    number = 0
    for element in root:
        tag = _local(element.tag)
        if tag not in _KINDS:
            continue
        number += 1
        layer, point_tag = _KINDS[tag]
        geometry = _geometry(element, tag, point_tag, path.name, number)
        rows.setdefault(layer, []).append((number, _fields(element), geometry))
    return [_layer(name, rows[name]) for name, _ in _KINDS.values() if name in rows]


def _local(tag: str) -> str:
    """Return the element name without its namespace (GPX 1.0 and 1.1 alike)."""
    return tag.rpartition("}")[2]


def _fields(element: ET.Element) -> dict[str, str]:
    found = {}
    for child in element:
        name = _local(child.tag)
        if name in _FIELDS and name not in found and (child.text or "").strip():
            found[name] = (child.text or "").strip()
    return found


def _geometry(
    element: ET.Element, tag: str, point_tag: str, file_name: str, number: int
) -> BaseGeometry | None:
    if tag == "wpt":
        return shapely.Point(_lon_lat(element, file_name, number))
    if tag == "rte":
        return _line([_lon_lat(p, file_name, number) for p in _children(element, point_tag)])
    segments = [
        _line([_lon_lat(p, file_name, number) for p in _children(segment, point_tag)])
        for segment in _children(element, "trkseg")
    ]
    lines = [s for s in segments if s is not None]
    if not lines:
        return None
    return lines[0] if len(lines) == 1 else shapely.MultiLineString(lines)


def _children(element: ET.Element, tag: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == tag]


def _line(points: list[tuple[float, float]]) -> shapely.LineString | None:
    """Return a line through the points; None for fewer than two (no length to measure)."""
    return shapely.LineString(points) if len(points) >= 2 else None


def _lon_lat(point: ET.Element, file_name: str, number: int) -> tuple[float, float]:
    try:
        return float(point.attrib["lon"]), float(point.attrib["lat"])
    except (KeyError, ValueError) as exc:
        msg = (
            f"{file_name}: feature {number} has a point without a readable lat/lon "
            f"({point.attrib or 'none given'}); export the file again from the GPS or app"
        )
        raise InputFileError(msg) from exc


def _layer(name: str, rows: list[tuple[int, dict[str, str], BaseGeometry | None]]) -> RawLayer:
    columns = [f for f in _FIELDS if any(f in fields for _, fields, _ in rows)]
    table = {c: pd.Series([fields.get(c) for _, fields, _ in rows], dtype=object) for c in columns}
    geometry = gpd.GeoSeries([g for _, _, g in rows], crs=GEOGRAPHIC_CRS)
    frame = gpd.GeoDataFrame(table, geometry=geometry, crs=GEOGRAPHIC_CRS)
    return RawLayer(name, frame, [n for n, _, _ in rows], "GPX", dict(_HINTS))
