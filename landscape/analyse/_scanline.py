"""GDAL's centre-of-pixel scanline rule: which pixels of a window lie in which zone.

A zone's polygons are turned once into edges in the raster's CRS (:func:`prepare_zones`);
for each window, :func:`scanline_spans` turns the edges of the zones that touch it into
runs of pixels (``Spans``) whose centre lies inside, exactly as ``gdal_rasterize`` without
``ALL_TOUCHED`` burns them (see :mod:`landscape.analyse.zonal` for the conventions), and
:func:`united_spans` unites the runs of one zone that overlap (the parts of a multipolygon)
and puts every run in row order for counting.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from affine import Affine
from rasterio.crs import CRS

from landscape.errors import InputError

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

_POLYGON, _MULTI_POLYGON = 3, 6  # shapely's type ids; collections come after


@dataclass(frozen=True, slots=True)
class Zones:
    """The zones' polygon edges in the raster CRS, grouped by zone in frame order."""

    tree: shapely.STRtree
    start: Floats  # (n, 2) first vertex of each edge
    end: Floats  # (n, 2) second vertex of each edge
    part: Ints  # polygon part of each edge (the rings of a part are filled together)
    reversed: Bools  # whether GDAL reverses the edge's ring (it is not clockwise)
    offsets: Ints  # the edges of zone i are offsets[i]:offsets[i + 1]


@dataclass(frozen=True, slots=True)
class Spans:
    """Runs of pixels inside zones: row, first column, column past the last, zone rank."""

    row: Ints
    first: Ints
    stop: Ints
    rank: Ints

    def select(self, keep: Bools | Ints | slice) -> Spans:
        """Return the spans picked by a mask or an index."""
        return Spans(self.row[keep], self.first[keep], self.stop[keep], self.rank[keep])


# --- the zones' edges ----------------------------------------------------------------------


def prepare_zones(zones: gpd.GeoDataFrame, crs: CRS) -> Zones:
    """Return the edges of the zones' polygons in ``crs``, with GDAL's ring orientation.

    Raises
    ------
    InputError
        If the zones have no CRS, their index repeats a label, a zone is or holds something
        other than polygons, or its coordinates are not finite in ``crs``.
    """
    if zones.crs is None:
        msg = "The zones have no CRS; set it (GeoDataFrame.set_crs) first."
        raise InputError(msg)
    if not zones.index.is_unique:
        msg = "The zones' index repeats labels; give every zone its own label."
        raise InputError(msg)
    geoms = np.asarray(zones.geometry.to_crs(crs).array, dtype=object)
    parts, zone_of_part = _polygons(geoms, zones.index)
    rings, part_of_ring = shapely.get_rings(parts, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    broken = ~np.isfinite(coords).all(axis=1)
    if broken.any():
        label = zones.index[zone_of_part[part_of_ring[ring_of[broken][0]]]]
        msg = (
            f"Zone {label!r} has coordinates that are not finite in the raster's CRS "
            f"({crs}); check that its CRS is right and that it lies where the raster does."
        )
        raise InputError(
            msg
        )
    same = ring_of[1:] == ring_of[:-1]
    ring = ring_of[:-1][same]
    part = part_of_ring[ring].astype(np.int64)
    return Zones(
        tree=shapely.STRtree(geoms), start=coords[:-1][same], end=coords[1:][same], part=part,
        reversed=~_clockwise(coords, ring_of)[ring],
        offsets=np.searchsorted(zone_of_part[part], np.arange(len(geoms) + 1)).astype(np.int64),
    )


def _polygons(
    geoms: npt.NDArray[np.object_], labels: pd.Index
) -> tuple[npt.NDArray[np.object_], Ints]:
    """Return the polygons of the zones (collections opened) and the zone of each."""
    parts, zone_of = shapely.get_parts(geoms, return_index=True)
    while (multi := shapely.get_type_id(parts) >= _MULTI_POLYGON).any():  # collections
        inner, within = shapely.get_parts(parts[multi], return_index=True)
        parts = np.concatenate([parts[~multi], inner])
        zone_of = np.concatenate([zone_of[~multi], zone_of[multi][within]])
    odd = (shapely.get_type_id(parts) != _POLYGON) & ~shapely.is_empty(parts)
    if odd.any():
        msg = (
            f"Zone {labels[zone_of[odd][0]]!r} is or holds a {parts[odd][0].geom_type}; "
            "zonal counts need polygons (buffer points and lines first)."
        )
        raise InputError(
            msg
        )
    order = np.argsort(zone_of, kind="stable")
    return parts[order], zone_of[order].astype(np.int64)


def _clockwise(coords: Floats, ring_of: Ints) -> Bools:
    """Tell, for each ring, whether OGR finds it clockwise (``OGRLinearRing::isClockwise``).

    OGR looks at the lowest, then rightmost vertex and its two neighbours; when that vertex
    is repeated, a neighbour lies within 1e-5 of it or the three are aligned, it falls
    back on the sign of the ring's area.
    """
    n_rings = int(ring_of.max(initial=-1)) + 1
    if n_rings == 0:
        return np.zeros(0, dtype=bool)
    start = np.searchsorted(ring_of, np.arange(n_rings))
    size = np.diff(np.append(start, ring_of.size))
    body = np.ones(ring_of.size, dtype=bool)
    body[start + size - 1] = False  # the closing point repeats the first
    index = np.flatnonzero(body)
    order = np.lexsort((-coords[index, 0], coords[index, 1], ring_of[index]))
    head = np.searchsorted(ring_of[index][order], np.arange(n_rings))
    pivot = index[order[head]]
    twin = index[order[np.minimum(head + 1, order.size - 1)]]
    fallback = (ring_of[twin] == np.arange(n_rings)) & (twin != pivot)
    fallback &= np.all(coords[twin] == coords[pivot], axis=1)
    before = coords[np.where(pivot > start, pivot - 1, start + size - 2)] - coords[pivot]
    after = coords[np.where(pivot + 1 < start + size - 1, pivot + 1, start)] - coords[pivot]
    fallback |= np.all(np.abs(before) < 1e-5, axis=1) | np.all(np.abs(after) < 1e-5, axis=1)
    cross = after[:, 0] * before[:, 1] - before[:, 0] * after[:, 1]
    following = np.append(np.arange(1, ring_of.size), 0)
    following[start + size - 1] = start
    previous = np.insert(np.arange(ring_of.size - 1), 0, 0)
    previous[start] = start + size - 1
    terms = coords[:, 0] * (coords[following, 1] - coords[previous, 1])
    green = np.add.reduceat(terms, start)
    clockwise: Bools = np.where(fallback | (cross == 0), green < 0, cross < 0)
    return clockwise | (size < 2)


# --- GDAL's scanline rule -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Edges:
    """Edges in pixel space (column, row) of one window: from (x0, y0) to (x1, y1)."""

    x0: Floats
    y0: Floats
    x1: Floats
    y1: Floats


def scanline_spans(
    zones: Zones, members: Ints, origin: Affine, shape: tuple[int, int]
) -> Spans:
    """Return the runs of pixels of a window whose centre lies in each member zone."""
    lo, hi = zones.offsets[members], zones.offsets[members + 1]
    counts = hi - lo
    edge = np.arange(int(counts.sum())) + np.repeat(lo - (np.cumsum(counts) - counts), counts)
    ranks = np.repeat(np.arange(1, members.size + 1), counts)
    x0, y0 = _to_pixels(origin, zones.start[edge])
    x1, y1 = _to_pixels(origin, zones.end[edge])
    edges = _Edges(x0, y0, x1, y1)
    part = np.cumsum(np.concatenate([[0], np.diff(zones.part[edge]) != 0])).astype(np.int64)
    crossing = _crossings(edges, part, shape)
    part_rank = np.zeros(int(part.max(initial=0)) + 1, np.int64)
    part_rank[part] = ranks
    leftward = (x0 > x1) != zones.reversed[edge]
    flat = _horizontal(edges, leftward, ranks, shape)
    spans = Spans(
        *(
            np.concatenate([a, b])
            for a, b in zip(
                (crossing.row, crossing.first, crossing.stop, part_rank[crossing.rank]),
                (flat.row, flat.first, flat.stop, flat.rank),
                strict=True,
            )
        )
    )
    return spans.select(spans.first < spans.stop)


def _to_pixels(origin: Affine, points: Floats) -> tuple[Floats, Floats]:
    """Map coordinates to pixel space as GDAL does: its inverse geotransform, same arithmetic."""
    c, a, b, f, d, e = origin.c, origin.a, origin.b, origin.f, origin.d, origin.e
    if b == 0 and d == 0:
        inv = (-c / a, 1.0 / a, 0.0, -f / e, 0.0, 1.0 / e)
    else:
        inv_det = 1.0 / (a * e - b * d)
        inv = (
            (b * f - c * e) * inv_det, e * inv_det, -b * inv_det,
            (-a * f + c * d) * inv_det, -d * inv_det, a * inv_det,
        )
    x, y = points[:, 0], points[:, 1]
    return inv[0] + x * inv[1] + y * inv[2], inv[3] + x * inv[4] + y * inv[5]


def _crossings(edges: _Edges, part: Ints, shape: tuple[int, int]) -> Spans:
    """Pair the crossings of each part's edges with the rows' centre lines (``rank``: part)."""
    height, width = shape
    down = edges.y0 < edges.y1
    ya, yb = np.where(down, edges.y0, edges.y1), np.where(down, edges.y1, edges.y0)
    xa, xb = np.where(down, edges.x0, edges.x1), np.where(down, edges.x1, edges.x0)
    first = np.clip(_first_centre_at_or_below(ya), 0, height)
    stop = np.clip(_first_centre_at_or_below(yb), 0, height)
    n = np.where(edges.y0 != edges.y1, np.maximum(stop - first, 0), 0)
    edge = np.repeat(np.arange(n.size), n)
    row = np.arange(int(n.sum())) + np.repeat(first - (np.cumsum(n) - n), n)
    x = (row + 0.5 - ya[edge]) * (xb - xa)[edge] / (yb - ya)[edge] + xa[edge]
    col = np.clip(np.floor(x + 0.5), 0, width).astype(np.int64)
    key = np.sort((part[edge] * height + row) * (width + 1) + col)
    group, begin = np.divmod(key[0::2], width + 1)
    owner, row_of = np.divmod(group, height)
    return Spans(row_of, begin, key[1::2] % (width + 1), owner)


def _first_centre_at_or_below(y: Floats) -> Ints:
    """Return the first row ``r`` whose centre line is at or below ``y``: ``r + 0.5 >= y``."""
    guess = np.clip(np.ceil(y - 0.5), -(2.0**40), 2.0**40)
    guess -= (guess - 0.5) >= y
    guess += (guess + 0.5) < y
    return guess.astype(np.int64)


def _horizontal(edges: _Edges, leftward: Bools, ranks: Ints, shape: tuple[int, int]) -> Spans:
    """Return the runs GDAL burns for horizontal edges on a centre line that run leftwards."""
    height, width = shape
    row = edges.y0 - 0.5
    on = (edges.y0 == edges.y1) & leftward & (row == np.floor(row)) & (row >= 0) & (row < height)
    low = np.floor(np.minimum(edges.x0, edges.x1)[on] + 0.5)
    high = np.floor(np.maximum(edges.x0, edges.x1)[on] + 0.5)
    return Spans(
        row[on].astype(np.int64),
        np.clip(low, 0, width).astype(np.int64),
        np.clip(high, 0, width).astype(np.int64),
        ranks[on],
    )


# --- overlapping zones --------------------------------------------------------------------


def united_spans(spans: Spans) -> Spans:
    """Merge the overlapping spans of one zone in a row; give them by row, zone and column.

    The parts of a multipolygon are united this way (a pixel counts once in its zone);
    spans of different zones may still overlap: a pixel then counts in each of them.
    """
    if spans.row.size == 0:
        return spans
    ranks, columns = int(spans.rank.max()) + 1, int(spans.first.max()) + 1
    key = (spans.row * ranks + spans.rank) * columns + spans.first
    order = np.argsort(key)
    spans = spans.select(order)
    group = key[order] // columns
    reach = _running_max(spans.stop, group)
    begins = np.ones(group.size, dtype=bool)
    begins[1:] = (group[1:] != group[:-1]) | (spans.first[1:] > reach[:-1])
    heads = np.flatnonzero(begins)
    if heads.size == group.size:
        return spans
    stops = np.maximum.reduceat(spans.stop, heads)
    return Spans(spans.row[heads], spans.first[heads], stops, spans.rank[heads])


def _running_max(values: Ints, group: Ints) -> Ints:
    """Return the running maximum of ``values``, restarted where the sorted ``group`` changes."""
    if values.size == 0:
        return values
    low = int(values.min())
    width = int(values.max()) - low + 1
    offset = np.cumsum(np.concatenate([[0], group[1:] != group[:-1]])) * width
    running: Ints = np.maximum.accumulate(values - low + offset) - offset + low
    return running
