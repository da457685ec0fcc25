"""Geometry for the HTML atlas: simplify boundaries as a coverage, encode compactly.

The atlas is drawn between zoom 7 (the whole province) and zoom 16 (about 2.4 m
per screen pixel at the equator). Two choices follow from that range:

* Coordinates are rounded to 5 decimals of a degree (``COORD_SCALE``), about
  1.1 m on the ground: below one screen pixel even at the deepest zoom.
* Admin boundaries are simplified with the Visvalingam-Whyatt algorithm of
  :func:`shapely.coverage_simplify` at ``COVERAGE_TOLERANCE`` (0.0005 degree,
  the square root of the area of the triangles removed, about 55 m): invisible
  at zoom 12 (38 m per pixel) and a desa keeps its area within a fraction of a
  percent. Because the whole coverage is simplified together, an edge shared by
  two desa is simplified once and stays shared: no gaps, no slivers.

Real boundaries are rarely a clean coverage (neighbouring desa overlap and leave
hair-thin gaps), so :func:`clean_coverage` first repairs them with
:func:`shapely.coverage_clean`, merging overlaps and gaps narrower than
``GAP_WIDTH`` into a neighbour. Kecamatan outlines are dissolved from the
simplified desa, so the two layers line up exactly.

Encoding: every geometry becomes a list of parts (polygons, lines or points),
each part a list of rings, each ring a flat list of integers ``x0, y0, dx1, dy1,
...`` in units of ``1 / COORD_SCALE`` degree; the deltas run on across rings and
parts of one feature, and a ring's closing vertex is left out. ``atlas.js``
decodes it. Integer deltas of a few digits are about a third of the size of
plain GeoJSON coordinates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, Literal, cast

import numpy as np
import numpy.typing as npt
import shapely

from landscape.errors import InputError
from landscape.settings import ATLAS_COORD_DECIMALS

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

    from shapely.geometry import Polygon
    from shapely.geometry.base import BaseGeometry

COORD_DECIMALS: Final = ATLAS_COORD_DECIMALS
COORD_SCALE: Final[int] = 10**COORD_DECIMALS
COVERAGE_TOLERANCE: Final = 0.0005
GAP_WIDTH: Final = 0.0002
FEATURE_TOLERANCE: Final = 0.0001
OUTLINE_TOLERANCE: Final = 0.005

Kind = Literal["polygon", "line", "point"]
Encoded = list[list[list[int]]]
GeometryArray = npt.NDArray[np.object_]

_MIN_RING: Final = {"polygon": 3, "line": 2, "point": 1}


def _polygonal(geom: BaseGeometry | None) -> BaseGeometry | None:
    """Return the polygonal part of a repaired ``geom``, or None if it has none."""
    if geom is None or geom.is_empty:
        return None
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    polygons = [
        part for part in shapely.get_parts(geom) if part.geom_type in {"Polygon", "MultiPolygon"}
    ]
    if not polygons:
        return None
    return shapely.union_all(polygons) if len(polygons) > 1 else polygons[0]


def clean_coverage(geoms: Sequence[BaseGeometry | None]) -> GeometryArray:
    """Repair polygons that should tile the ground into an exact coverage.

    Parameters
    ----------
    geoms : sequence of shapely geometries or None
        Desa (or any admin units) in EPSG:4326.

    Returns
    -------
    numpy.ndarray of shapely geometries or None
        Same length and order; invalid geometry repaired, overlaps and gaps
        narrower than ``GAP_WIDTH`` merged into a neighbour, shared edges made
        identical. None where the input had no polygonal part.
    """
    polygons = np.array([_polygonal(geom) for geom in geoms], dtype=object)
    present = np.array([geom is not None for geom in polygons], dtype=bool)
    out = np.full(len(polygons), None, dtype=object)
    if present.any():
        # shapely >= 2.2 (GEOS >= 3.14); not yet in the type stubs.
        out[present] = shapely.coverage_clean(  # type: ignore[attr-defined]
            polygons[present], gap_width=GAP_WIDTH
        )
    return out


def simplify_coverage(
    geoms: Sequence[BaseGeometry | None], *, tolerance: float = COVERAGE_TOLERANCE
) -> GeometryArray:
    """Clean and simplify a coverage so that neighbours keep sharing their edges.

    Parameters
    ----------
    geoms : sequence of shapely geometries or None
        Polygons in EPSG:4326 that should tile the ground.
    tolerance : float, optional
        Visvalingam-Whyatt tolerance in degrees (see the module notes).

    Returns
    -------
    numpy.ndarray of shapely geometries or None
        Same length and order as ``geoms``.
    """
    cleaned = clean_coverage(geoms)
    present = np.array([geom is not None for geom in cleaned], dtype=bool)
    if present.any():
        cleaned[present] = shapely.coverage_simplify(cleaned[present], tolerance)
    return cleaned


def dissolve(geoms: GeometryArray, keys: Sequence[Hashable]) -> dict[Hashable, BaseGeometry]:
    """Union the members of a clean coverage by key (e.g. desa into kecamatan)."""
    groups: dict[Hashable, list[BaseGeometry]] = {}
    for geom, key in zip(geoms, keys, strict=True):
        if geom is not None:
            groups.setdefault(key, []).append(geom)
    return {key: shapely.coverage_union_all(members) for key, members in groups.items()}


def outline(geoms: Sequence[BaseGeometry | None]) -> BaseGeometry | None:
    """Return the coarse outer outline of a coverage, for the overview inset."""
    present = [geom for geom in geoms if geom is not None]
    if not present:
        return None
    union = shapely.coverage_union_all(present)
    return shapely.simplify(union, OUTLINE_TOLERANCE, preserve_topology=True)


def is_coverage(geoms: Sequence[BaseGeometry | None]) -> bool:
    """Return True if the polygons are valid and form an edge-matched coverage."""
    present = [geom for geom in geoms if geom is not None and not geom.is_empty]
    if not present or not all(geom.is_valid for geom in present):
        return False
    if not all(geom.geom_type in {"Polygon", "MultiPolygon"} for geom in present):
        return False
    return bool(shapely.coverage_is_valid(present))


def simplify_features(
    geoms: Sequence[BaseGeometry | None],
    *,
    tolerance: float = FEATURE_TOLERANCE,
    coverage: bool = False,
) -> list[BaseGeometry | None]:
    """Simplify independent features (partner areas, landscape layers).

    With ``coverage=True``, a layer whose polygons already form a coverage (a
    forest-function map, say) is simplified as one, like the admin boundaries,
    at ``COVERAGE_TOLERANCE``. Otherwise each feature is simplified on its own
    with Douglas-Peucker at ``tolerance`` degrees, keeping it valid.
    """
    if coverage and len(geoms) > 1 and is_coverage(geoms):
        simplified = shapely.coverage_simplify(
            np.array([geom for geom in geoms if geom is not None and not geom.is_empty]),
            COVERAGE_TOLERANCE,
        )
        iterator = iter(simplified)
        return [
            None if geom is None or geom.is_empty else next(iterator) for geom in geoms
        ]
    return [
        None
        if geom is None or geom.is_empty
        else shapely.simplify(geom, tolerance, preserve_topology=True)
        for geom in geoms
    ]


def geometry_kind(geom: BaseGeometry | None) -> Kind | None:
    """Return how a geometry is drawn: polygon, line or point (None if empty).

    A mixed collection is drawn by its highest dimension (its polygons, else its
    lines, else its points).
    """
    if geom is None or geom.is_empty:
        return None
    dimension = max(int(shapely.get_dimensions(part)) for part in _simple_parts(geom))
    kinds: tuple[Kind, Kind, Kind] = ("point", "line", "polygon")
    return kinds[dimension]


def _simple_parts(geom: BaseGeometry) -> list[BaseGeometry]:
    """Return the single-part members of ``geom``, collections flattened."""
    parts = shapely.get_parts(geom)
    if all(part.geom_type in {"Point", "LineString", "LinearRing", "Polygon"} for part in parts):
        return list(parts)
    return [simple for part in parts for simple in _simple_parts(part)]


def _parts(geom: BaseGeometry, kind: Kind) -> list[list[npt.NDArray[np.float64]]]:
    """Return the coordinate arrays of ``geom`` as parts made of rings."""
    parts: list[list[npt.NDArray[np.float64]]] = []
    for part in _simple_parts(geom):
        if geometry_kind(part) != kind:
            continue
        if kind == "polygon":
            polygon = cast("Polygon", part)
            rings = [polygon.exterior, *polygon.interiors]
            parts.append([np.asarray(ring.coords)[:-1, :2] for ring in rings])
        else:
            parts.append([np.asarray(part.coords)[:, :2]])
    return parts


def _quantise(coords: npt.NDArray[np.float64], kind: Kind) -> npt.NDArray[np.int64]:
    """Round a ring to integer units and drop vertices that repeat the previous one."""
    grid = np.round(coords * COORD_SCALE).astype(np.int64)
    if len(grid) > 1:
        keep = np.ones(len(grid), dtype=bool)
        keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
        grid = grid[keep]
    if kind == "polygon" and len(grid) > 1 and np.array_equal(grid[0], grid[-1]):
        grid = grid[:-1]
    return grid


def encode(geom: BaseGeometry | None) -> Encoded | None:
    """Encode a geometry as integer deltas (see the module notes).

    Returns None for an empty geometry, or when rounding collapses all of it;
    rings and parts that collapse below a drawable size are left out.

    Examples
    --------
    >>> from shapely import Point, box
    >>> encode(Point(111.5, 0.06))
    [[[11150000, 6000]]]
    >>> encode(box(0, 0, 0.001, 0.001))
    [[[100, 0, 0, 100, -100, 0, 0, -100]]]
    """
    kind = geometry_kind(geom)
    if geom is None or kind is None:
        return None
    encoded: Encoded = []
    last = np.zeros(2, dtype=np.int64)
    for part in _parts(geom, kind):
        rings: list[list[int]] = []
        for index, coords in enumerate(part):
            grid = _quantise(coords, kind)
            if len(grid) < _MIN_RING[kind]:
                if index == 0:
                    break  # the outer ring collapsed: the holes go with it
                continue
            deltas = np.diff(np.vstack([last, grid]), axis=0)
            last = grid[-1]
            rings.append([int(value) for value in deltas.ravel()])
        if rings:
            encoded.append(rings)
    return encoded or None


def encode_point(geom: BaseGeometry | None) -> list[int] | None:
    """Encode a representative point inside ``geom`` as ``[x, y]`` integer units."""
    if geom is None or geom.is_empty:
        return None
    point = shapely.point_on_surface(geom)
    return [round(point.x * COORD_SCALE), round(point.y * COORD_SCALE)]


def total_bounds(geoms: Sequence[BaseGeometry | None]) -> tuple[float, float, float, float]:
    """Return west, south, east, north of the non-empty geometries, rounded outwards."""
    present = [geom for geom in geoms if geom is not None and not geom.is_empty]
    if not present:
        msg = "The atlas has no boundary geometry to draw: every desa and kecamatan is empty."
        raise InputError(msg)
    west, south, east, north = shapely.total_bounds(present)
    return (
        float(np.floor(west * COORD_SCALE) / COORD_SCALE),
        float(np.floor(south * COORD_SCALE) / COORD_SCALE),
        float(np.ceil(east * COORD_SCALE) / COORD_SCALE),
        float(np.ceil(north * COORD_SCALE) / COORD_SCALE),
    )
