"""One feature's geometry made usable, or the reason it cannot be.

:func:`clean_geometry` drops Z/M (3-D coordinates from phones and GPS units are
accepted, their height dropped), splits mixed collections, repairs invalid
shapes, removes or refuses points at 0,0 (a device without a GPS fix writes
0,0), refuses coordinates that are not numbers (NaN, infinity), swaps coordinates
written in [lat, lon] order and checks the longitude/latitude range. Each change
comes back as a note (what happened, the fix, the severity); a ``None`` geometry
means the feature was dropped and its note says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import numpy as np
import shapely

from landscape.read._raw import CRS_FIX, within_lon_lat

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = ["KINDS", "Note", "clean_geometry", "dimension"]

#: Geometry dimension -> the feature kind of the standard columns.
KINDS = {0: "point", 1: "line", 2: "polygon"}
#: What happened, the suggestion, the severity.
Note = tuple[str, str, str]
_NO_FIX = "record the position again (the device had no GPS fix) or delete the feature"
_SWAP_FIX = ("write longitude first (x = lon, y = lat): swap the lat and lon columns, or "
             "export the layer again as longitude/latitude (EPSG:4326)")


def clean_geometry(geometry: BaseGeometry | None) -> tuple[BaseGeometry | None, list[Note]]:
    """Return the usable 2-D geometry (None if dropped) and the notes on what was done."""
    if geometry is None or geometry.is_empty:
        fix = "draw the feature again or delete it from the file"
        return None, [("has no geometry, so it was dropped", fix, "error")]
    notes: list[Note] = []
    if not np.isfinite(shapely.get_coordinates(geometry)).all():
        text = "has coordinates that are not numbers (NaN or infinite), so it was dropped"
        return None, [(text, "correct its coordinates or delete the feature", "error")]
    geometry = shapely.force_2d(geometry)
    if geometry.geom_type == "GeometryCollection":
        geometry, dropped = _dominant_part(geometry)
        if dropped:
            kind = KINDS[dimension(geometry)]
            text = f"mixes geometry types; its {kind} parts were kept, {dropped} other(s) dropped"
            notes.append((text, "split the feature by geometry type", "warning"))
    fixed, note = _without_origin(geometry)
    if note:
        notes.append(note)
    if fixed is None:
        return None, notes
    geometry = fixed
    if not within_lon_lat(geometry.bounds):
        swapped = shapely.transform(geometry, lambda xy: xy[:, ::-1])
        if within_lon_lat(swapped.bounds):
            text = "has its coordinates in [lat, lon] order; they were read as [lon, lat]"
            notes.append((text, _SWAP_FIX, "warning"))
            geometry = swapped
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        repaired = _combine(_singles(shapely.make_valid(geometry)), dimension(geometry))
        fix = "check the shape in QGIS (Vector > Geometry Tools > Check Validity)"
        if repaired.is_empty:
            text = f"has an invalid geometry ({reason}), so it was dropped"
            return None, [*notes, (text, fix, "error")]
        notes.append((f"had an invalid geometry ({reason}) and was repaired", fix, "warning"))
        geometry = repaired
    if not within_lon_lat(geometry.bounds):
        text = "lies outside the longitude/latitude range, so it was dropped"
        return None, [*notes, (text, CRS_FIX, "error")]
    return geometry, notes


def _without_origin(geometry: BaseGeometry) -> tuple[BaseGeometry | None, Note | None]:
    """Remove points at exactly 0,0 from points and lines; drop a polygon that has one."""
    at_origin = np.all(shapely.get_coordinates(geometry) == 0, axis=1)
    if not at_origin.any():
        return geometry, None
    if at_origin.all():
        return None, ("lies at 0,0 (no GPS fix), so it was dropped", _NO_FIX, "error")
    count = int(at_origin.sum())
    kind = dimension(geometry)
    kept: list[BaseGeometry] = []
    if kind == 0:
        kept = [p for p in _singles(geometry) if np.any(shapely.get_coordinates(p) != 0)]
    elif kind == 1:
        for line in _singles(geometry):
            coords = [c for c in line.coords if c[0] != 0 or c[1] != 0]
            if len(coords) >= 2:
                kept.append(shapely.LineString(coords))
    if not kept:
        text = f"has {count} point(s) at 0,0 (no GPS fix), so it was dropped"
        return None, (text, _NO_FIX, "error")
    text = f"had {count} point(s) at 0,0 (no GPS fix); they were removed"
    return _combine(kept, kind), (text, "check the feature on a map", "warning")


def _singles(geometry: BaseGeometry) -> list[BaseGeometry]:
    """Flatten multi-part geometries and collections into non-empty single parts."""
    parts = list(shapely.get_parts(geometry))
    if len(parts) == 1 and parts[0].geom_type == geometry.geom_type:
        return [] if geometry.is_empty else [geometry]
    return [single for part in parts for single in _singles(part)]


def _dominant_part(collection: BaseGeometry) -> tuple[BaseGeometry, int]:
    """Keep the parts of the highest dimension; return them and how many were dropped."""
    singles = _singles(collection)
    top = max((dimension(s) for s in singles), default=0)
    kept = _combine(singles, top)
    return kept, len(singles) - len(_singles(kept))


def _combine(singles: list[BaseGeometry], kind: int) -> BaseGeometry:
    """Join the single parts of one dimension into one (Multi*) geometry."""
    parts = [s for s in singles if dimension(s) == kind]
    if kind == 1:
        parts = [shapely.LineString(p.coords) for p in parts]
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return shapely.GeometryCollection()
    if kind == 0:
        return shapely.MultiPoint(cast("list[shapely.Point]", parts))
    if kind == 1:
        return shapely.MultiLineString(cast("list[shapely.LineString]", parts))
    return shapely.MultiPolygon(cast("list[shapely.Polygon]", parts))


def dimension(geometry: BaseGeometry) -> int:
    """Return 0 for points, 1 for lines, 2 for polygons."""
    return int(shapely.get_dimensions(geometry))
