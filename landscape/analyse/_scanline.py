"""GDAL's centre-of-pixel scanline rule: which pixels of a window lie in which zone.

A zone's polygons are turned once into edges in the raster's CRS (:func:`prepare_zones`);
for each window, :func:`window_spans` turns the edges of the zones that touch it into runs
of pixels (:class:`Spans`) whose centre lies inside, exactly as ``gdal_rasterize`` without
``ALL_TOUCHED`` burns them (see :mod:`landscape.analyse.zonal` for the conventions), unites
the runs of one zone that overlap (the parts of a multipolygon) and puts every run in row
order for counting. That second part runs for every window on the counting threads, so it
is compiled by Numba (:mod:`landscape.analyse._jit`) and does not hold the GIL: the same
steps in NumPy, on the small arrays of one window, held it most of the time and made the
threads wait on each other.
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

from landscape.analyse._jit import compiled
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


# --- GDAL's scanline rule, window by window --------------------------------------------


@dataclass(frozen=True, slots=True)
class WindowSpans:
    """A window's spans, united and in row order, in the part of the window they lie in.

    ``top`` and ``left`` are that part's offset in the window (pixels), ``rows`` and
    ``columns`` its size; the spans' rows and columns count from its corner.
    """

    spans: Spans
    top: int
    left: int
    rows: int
    columns: int


def window_spans(
    zones: Zones, members: Ints, transform: Affine, offset: tuple[int, int],
    shape: tuple[int, int],
) -> WindowSpans | None:
    """Return the runs of pixels of a window whose centre lies in each member zone.

    Parameters
    ----------
    zones : Zones
        The prepared zones (:func:`prepare_zones`).
    members : numpy.ndarray
        Positions of the zones that touch the window, sorted; a span's ``rank`` is its
        zone's place in ``members`` plus one.
    transform : affine.Affine
        The raster's geotransform. Edges are put in the raster's pixel space by its
        inverse, the window's offset taken off whole rows and columns after, so where a
        pixel centre falls never depends on the windows (a vertex on a centre of an
        inexact grid, 1/3600 degree, falls on the same side in every window).
    offset : tuple of int
        The window's first row and column in the raster.
    shape : tuple of int
        The window's rows and columns.

    Returns
    -------
    WindowSpans or None
        None when no pixel centre of the window lies in a member zone.
    """
    c, a, b, f, d, e = transform.c, transform.a, transform.b, transform.f, transform.d, transform.e
    if b == 0 and d == 0:  # GDAL's inverse geotransform, with its arithmetic
        inverse = (-c / a, 1.0 / a, 0.0, -f / e, 0.0, 1.0 / e)
    else:
        inv_det = 1.0 / (a * e - b * d)
        inverse = (
            (b * f - c * e) * inv_det, e * inv_det, -b * inv_det,
            (-a * f + c * d) * inv_det, -d * inv_det, a * inv_det,
        )
    height, width = shape
    keys, part_rank, flat = compiled(_crossings)(
        zones.start, zones.end, zones.part, zones.reversed, zones.offsets,
        np.ascontiguousarray(members, dtype=np.int64), np.array(inverse),
        np.array([*offset, height, width], dtype=np.int64),
    )
    keys.sort()  # NumPy's sort lets go of the GIL too
    spans = compiled(_paired)(keys, part_rank, flat, height, width)
    if spans.shape[0] == 0:
        return None
    top, left = int(spans[:, 0].min()), int(spans[:, 1].min())
    rows, columns = int(spans[:, 0].max()) + 1 - top, int(spans[:, 2].max()) - left
    spans -= np.array([top, left, left, 0])
    ranks = int(spans[:, 3].max()) + 1
    key = (spans[:, 0] * ranks + spans[:, 3]) * (columns + 1) + spans[:, 1]
    united = compiled(_united)(spans, np.argsort(key), key, columns + 1)
    return WindowSpans(Spans(*united), top, left, rows, columns)


def _crossings(start, end, part, reverse, offsets, members, inverse, frame):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202, PLR0917
    """Find where the members' edges cross the window's rows; compiled by Numba.

    GDAL's rule (``gdal_rasterize``'s scanline fill, ``alg/llrasterize.cpp``), in the
    raster's pixel space (rows and columns shifted by the window's offset at the end): an
    edge that is not horizontal crosses the centre line of every row ``r`` with ``ya <= r +
    0.5 < yb`` at ``x``, which falls in column ``floor(x + 0.5)``. A horizontal edge on a
    centre line burns its own run when it runs leftwards in GDAL's ring orientation. Returns
    a key ``(part * height + row) * (width + 1) + column`` for every crossing (parts
    numbered in the window from 0), the zone rank (1, 2, ...) of each part, and the
    horizontal edges' runs as rows of (row, first column, column past the last, rank).
    ``frame`` holds the window's first row and column in the raster, its rows and columns.
    """
    row_off, col_off, height, width = frame[0], frame[1], frame[2], frame[3]

    def first_row(y: float) -> np.int64:  # the window's first row with its centre line >= y
        guess = min(max(np.ceil(y - 0.5), -(2.0**40)), 2.0**40)
        if guess - 0.5 >= y:
            guess -= 1.0
        if guess + 0.5 < y:
            guess += 1.0
        return np.int64(min(max(guess - row_off, 0.0), float(height)))

    def column(x: float) -> np.int64:  # the window's first column with its centre >= x
        return np.int64(min(max(np.floor(x + 0.5) - col_off, 0.0), float(width)))

    n_edges = 0
    for m in members:
        n_edges += offsets[m + 1] - offsets[m]
    pixels = np.empty((n_edges, 4))  # ya, yb, xa, xb (top end first)
    rows = np.zeros((n_edges, 2), np.int64)  # the first row crossed, the row past the last
    part_of = np.empty(n_edges, np.int64)
    part_rank = np.empty(n_edges + 1, np.int64)
    flat = np.empty((n_edges, 4), np.int64)
    k, n_flat, local, previous, crossings = 0, 0, -1, -1, 0
    for r in range(members.size):
        for edge in range(offsets[members[r]], offsets[members[r] + 1]):
            if part[edge] != previous:
                local, previous = local + 1, part[edge]
                part_rank[local] = r + 1
            part_of[k] = local
            x0 = inverse[0] + start[edge, 0] * inverse[1] + start[edge, 1] * inverse[2]
            y0 = inverse[3] + start[edge, 0] * inverse[4] + start[edge, 1] * inverse[5]
            x1 = inverse[0] + end[edge, 0] * inverse[1] + end[edge, 1] * inverse[2]
            y1 = inverse[3] + end[edge, 0] * inverse[4] + end[edge, 1] * inverse[5]
            if y0 != y1:
                down = y0 < y1
                pixels[k, 0] = y0 if down else y1
                pixels[k, 1] = y1 if down else y0
                pixels[k, 2] = x0 if down else x1
                pixels[k, 3] = x1 if down else x0
                rows[k, 0] = first_row(pixels[k, 0])
                rows[k, 1] = max(first_row(pixels[k, 1]), rows[k, 0])
                crossings += rows[k, 1] - rows[k, 0]
            elif (x0 > x1) != reverse[edge] and (y0 - 0.5) == np.floor(y0 - 0.5) and (
                row_off <= y0 - 0.5 < row_off + height
            ):
                flat[n_flat, 0] = np.int64(y0 - 0.5) - row_off
                flat[n_flat, 1] = column(min(x0, x1))
                flat[n_flat, 2] = column(max(x0, x1))
                flat[n_flat, 3] = r + 1
                n_flat += 1
            k += 1
    keys = np.empty(crossings, np.int64)
    c = 0
    for k in range(n_edges):
        ya, yb, xa, xb = pixels[k, 0], pixels[k, 1], pixels[k, 2], pixels[k, 3]
        for row in range(rows[k, 0], rows[k, 1]):
            at = column((row + row_off + 0.5 - ya) * (xb - xa) / (yb - ya) + xa)
            keys[c] = (part_of[k] * height + row) * (width + 1) + at
            c += 1
    return keys, part_rank, flat[:n_flat]


def _paired(keys, part_rank, flat, height, width):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202
    """Pair each part's sorted crossings on a row into runs (even-odd); compiled by Numba.

    Returns the runs and the horizontal edges' runs that are not empty, as rows of (row,
    first column, column past the last, rank).
    """
    spans = np.empty((keys.size // 2 + flat.shape[0], 4), np.int64)
    n = 0
    for i in range(keys.size // 2):
        group, first = keys[2 * i] // (width + 1), keys[2 * i] % (width + 1)
        stop = keys[2 * i + 1] % (width + 1)
        if first < stop:
            spans[n, 0], spans[n, 1], spans[n, 2] = group % height, first, stop
            spans[n, 3] = part_rank[group // height]
            n += 1
    for i in range(flat.shape[0]):
        if flat[i, 1] < flat[i, 2]:
            for j in range(4):
                spans[n, j] = flat[i, j]
            n += 1
    return spans[:n]


def _united(spans, order, key, columns):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202
    """Unite the overlapping spans of one zone in a row, in ``order``; compiled by Numba.

    ``key // columns`` tells the row and zone of each span. Returns the united spans' row,
    first column, column past the last and rank.
    """
    n = order.size
    row, first = np.empty(n, np.int64), np.empty(n, np.int64)
    stop, rank = np.empty(n, np.int64), np.empty(n, np.int64)
    m, group, reach = -1, -1, 0
    for i in order:
        begin, end = spans[i, 1], spans[i, 2]
        if key[i] // columns != group or begin > reach:
            m += 1
            row[m], first[m], stop[m], rank[m] = spans[i, 0], begin, end, spans[i, 3]
            if key[i] // columns != group:
                group, reach = key[i] // columns, end
        stop[m] = max(stop[m], end)
        reach = max(reach, end)
    return row[: m + 1], first[: m + 1], stop[: m + 1], rank[: m + 1]
