"""Categorical zonal statistics: how many pixels and hectares of each class lie in each zone.

Which pixels count
    A pixel belongs to a zone when its **centre** lies inside the zone's polygon: the rule
    of ``gdal_rasterize`` without ``ALL_TOUCHED`` and of rasterstats' default
    (``all_touched=False``), down to GDAL's conventions for centres exactly on an edge
    (a centre line meets an edge when the edge's top end, in pixel rows, is at or above it
    and its bottom end strictly below; a crossing at ``x`` starts or ends the run at column
    ``floor(x + 0.5)``; GDAL makes every ring clockwise, and a horizontal edge lying on a
    centre line is burnt when it then runs leftwards). The parts of a multipolygon are
    united, as rasterio burns them one by one. Zones may overlap, as real desa do: each
    zone counts every pixel whose centre it holds, so a pixel can count in two zones.
    Pixels equal to the nodata value, and NaN in a float raster, are not counted.

Areas
    ``area_ha`` is ``count`` times the area of a pixel. In a geographic CRS a pixel's area
    depends on its latitude: each pixel row is a rectangle in the equal-area CRS
    (:data:`landscape.settings.EQUAL_AREA_CRS`, EPSG:6933, cylindrical, so meridians and
    parallels stay straight), and its area there is used for every pixel of that row. In
    a projected CRS the pixel area is the one of the geotransform, in square metres of the
    CRS's linear unit: a **planar** area, exact only if the CRS is equal-area (in UTM it
    is off by the square of the scale factor: -0.08 % on the central meridian, up to
    about +0.2 % at the edge of the zone).

How it runs
    The raster is read in windows aligned to its blocks; ``threads`` workers process the
    windows, each with its own dataset handle (GDAL's decoding and NumPy's loops release the
    GIL). In each window the zones are turned into runs of pixels with the scanline rule
    above; only the part of the window that holds such runs is read, and windows without
    any are not read at all. The rows are then cut where the value changes or a zone's run
    begins or ends, and each piece is counted at once, so a land-cover map with patches
    costs little beyond decoding. Memory is bounded by the window size, not the raster's:
    GDAL's block cache is held to one window per thread (``GDAL_CACHEMAX``) during the call.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import rasterio
import shapely
from affine import Affine
from rasterio.windows import Window

from landscape.analyse._raster import ClassIndex, PixelAreas, Raster, open_band
from landscape.analyse._scanline import (
    Bools,
    Floats,
    Ints,
    Spans,
    Zones,
    prepare_zones,
    scanline_spans,
    split_overlaps,
)
from landscape.errors import InputError

_MIN_CACHE_BYTES = 16 * 2**20
_BAND_PIXELS = 2**17  # pixels counted at once: small arrays, no page faults, in cache


@dataclass(frozen=True, slots=True)
class _Tally:
    """Counts found in part of a window: zone position, class number, pixels, hectares."""

    zone: Ints
    cls: Ints
    count: Ints
    area: Floats


def zonal_counts(
    raster: str | Path,
    zones: gpd.GeoDataFrame,
    *,
    band: int = 1,
    nodata: float | None = None,
    window_size: int = 2048,
    threads: int = 2,
) -> pd.DataFrame:
    """Count the pixels of each class whose centre lies in each zone.

    Parameters
    ----------
    raster : str or pathlib.Path
        A categorical raster: integer class codes (a float raster must hold whole numbers).
    zones : geopandas.GeoDataFrame
        Polygons, multipolygons (or collections of them) with a CRS and a unique index;
        reprojected to the raster's CRS. Zones may overlap.
    band : int
        Band to count, from 1.
    nodata : float, optional
        Value not to count; the band's own nodata value by default.
    window_size : int
        Edge of the windows read at once, in pixels; rounded down to whole blocks of the
        file when it is at least one block.
    threads : int
        Windows processed at the same time.

    Returns
    -------
    pandas.DataFrame
        One row per zone and class present: ``zone`` (the zone's index label), ``value``
        (the class code), ``count`` (pixels) and ``area_ha`` (see the module notes), in the
        zones' order, then by value. A zone with no counted pixel (outside the raster,
        empty or missing geometry, smaller than a pixel, only nodata) has no rows.

    Raises
    ------
    InputFileError
        If the raster cannot be opened.
    InputError
        If the band, a CRS, a zone's geometry, the index or an option cannot be used, or the
        raster holds values that are not class codes.
    """
    if window_size < 1:
        msg = f"window_size must be a positive number of pixels, not {window_size}."
        raise InputError(msg)
    if threads < 1:
        msg = f"threads must be at least 1, not {threads}."
        raise InputError(msg)
    grid = open_band(Path(raster), band, nodata)
    ctx = _Context(grid, prepare_zones(zones, grid.crs), ClassIndex(grid), PixelAreas(grid))
    return _frame(_run(ctx, window_size, threads), zones.index, ctx)


def class_areas(
    raster: str | Path,
    zones: gpd.GeoDataFrame,
    *,
    classes: Mapping[int, str] | None = None,
    band: int = 1,
    nodata: float | None = None,
    window_size: int = 2048,
    threads: int = 2,
) -> pd.DataFrame:
    """Return :func:`zonal_counts` with a ``class`` label and each class's ``share`` of the zone.

    Parameters
    ----------
    raster, zones, band, nodata, window_size, threads
        As for :func:`zonal_counts`.
    classes : Mapping[int, str], optional
        Label of each class code; a code missing from it gets a missing label. Without it
        the label is the code written out.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`zonal_counts`, then ``class`` and ``share``: the class's part
        of the zone's counted area, from 0 to 1 (nodata pixels are not part of it).
    """
    counts = zonal_counts(
        raster, zones, band=band, nodata=nodata, window_size=window_size, threads=threads
    )
    values = counts["value"]
    labels = values.map(classes) if classes is not None else values.astype(str)
    totals = counts.groupby("zone", sort=False)["area_ha"].transform("sum")
    return counts.assign(
        **{"class": labels.astype("string"), "share": counts["area_ha"] / totals}
    )


# --- inputs -------------------------------------------------------------------------------


# --- windows and threads ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """What every window needs: the raster, the zones, the class numbering, pixel areas."""

    grid: Raster
    zones: Zones
    classes: ClassIndex
    areas: PixelAreas


class _Worker:
    """One thread's dataset handle, and buffers reused from window to window."""

    def __init__(self, grid: Raster, pixels: int, width: int) -> None:
        self.src = rasterio.open(grid.path)
        self.values = np.empty(pixels, dtype=grid.dtype)
        self.marks = np.empty(min(pixels, _BAND_PIXELS + width), dtype=bool)

    def read(self, band: int, window: Window) -> npt.NDArray[np.generic]:
        """Read a window of the band into the reused buffer."""
        shape = (int(window.height), int(window.width))
        out = self.values[: shape[0] * shape[1]].reshape(shape)
        self.src.read(band, window=window, out=out)
        return out


def _windows(grid: Raster, window_size: int) -> Iterator[Window]:
    rows, cols = (
        max(block, window_size // block * block) if window_size >= block else window_size
        for block in grid.block
    )
    for row in range(0, grid.height, rows):
        for col in range(0, grid.width, cols):
            yield Window(col, row, min(cols, grid.width - col), min(rows, grid.height - row))


def _run(ctx: _Context, window_size: int, threads: int) -> list[_Tally]:
    jobs = []
    for window in _windows(ctx.grid, window_size):
        c0, r0 = window.col_off, window.row_off
        c1, r1 = c0 + window.width, r0 + window.height
        corners = [ctx.grid.transform @ xy for xy in ((c0, r0), (c1, r0), (c1, r1), (c0, r1))]
        members = ctx.zones.tree.query(shapely.Polygon(corners), predicate="intersects")
        if members.size:
            jobs.append((window, np.sort(members).astype(np.int64)))
    jobs.sort(key=lambda job: -int(job[0].height) * int(job[0].width))  # largest first
    largest = max((int(w.height) * int(w.width) for w, _ in jobs), default=0)
    widest = max((int(w.width) for w, _ in jobs), default=0)
    local = threading.local()
    workers: list[_Worker] = []
    lock = threading.Lock()

    def task(job: tuple[Window, Ints]) -> list[_Tally]:
        if not hasattr(local, "worker"):
            local.worker = _Worker(ctx.grid, largest, widest)
            with lock:
                workers.append(local.worker)
        return _count_window(ctx, local.worker, *job)

    cache = max(_MIN_CACHE_BYTES, threads * largest * np.dtype(ctx.grid.dtype).itemsize)
    try:
        with rasterio.Env(GDAL_CACHEMAX=cache), ThreadPoolExecutor(threads) as pool:
            found = list(pool.map(task, jobs))
    finally:
        for worker in workers:
            worker.src.close()
    return [tally for tallies in found for tally in tallies]


def _count_window(ctx: _Context, worker: _Worker, window: Window, members: Ints) -> list[_Tally]:
    origin = ctx.grid.transform @ Affine.translation(window.col_off, window.row_off)
    spans = scanline_spans(ctx.zones, members, origin, (int(window.height), int(window.width)))
    if spans.row.size == 0:
        return []
    top, left = int(spans.row.min()), int(spans.first.min())
    rows, cols = int(spans.row.max()) + 1 - top, int(spans.stop.max()) - left
    values = worker.read(
        ctx.grid.band, Window(window.col_off + left, window.row_off + top, cols, rows)
    )
    spans = Spans(spans.row - top, spans.first - left, spans.stop - left, spans.rank)
    clean, shared = split_overlaps(spans)
    first_row = int(window.row_off) + top
    pixels = _pixels(shared, cols)
    ranks = np.repeat(shared.rank, shared.stop - shared.first)
    runs = (pixels, np.ones_like(pixels), ranks)  # pixels of overlapping zones, one by one
    tallies = [_tally(ctx, members, values.reshape(-1), runs, first_row=first_row, width=cols)]
    band = max(1, _BAND_PIXELS // cols)  # rows cut in bands whose arrays stay in cache
    bounds = np.searchsorted(clean.row, np.arange(0, rows + band, band))
    for row, (lo, hi) in enumerate(itertools.pairwise(bounds.tolist())):
        if lo == hi:
            continue
        part = clean.select(slice(lo, hi))
        part = Spans(part.row - row * band, part.first, part.stop, part.rank)
        block = values[row * band : (row + 1) * band]
        runs = _runs(block, part, worker.marks)
        tallies.append(
            _tally(ctx, members, block.reshape(-1), runs, first_row=first_row + row * band,
                   width=cols)
        )
    return tallies


def _tally(
    ctx: _Context,
    members: Ints,
    values: npt.NDArray[np.generic],
    runs: tuple[Ints, Ints, Ints],
    *,
    first_row: int,
    width: int,
) -> _Tally:
    """Count runs given by their flat start in ``values``, length and zone rank (0: none).

    ``values`` are rows of ``width`` pixels, the first being raster row ``first_row``.
    """
    starts, lengths, ranks = runs
    found = ctx.classes.numbers(values[starts])
    stride = len(ctx.classes) + 1
    codes = np.multiply(ranks, stride, out=ranks)
    codes += found
    weights = lengths.astype(np.float64)
    size = (len(members) + 1) * stride
    count = np.rint(np.bincount(codes, weights=weights, minlength=size)).astype(np.int64)
    area: Floats = (count * ctx.areas.flat).astype(np.float64)
    if ctx.areas.geographic:
        weights *= ctx.areas.rows[first_row + starts // width]
        area = np.bincount(codes, weights=weights, minlength=size).astype(np.float64)
    hit = np.flatnonzero(count)
    rank, cls = np.divmod(hit, stride)
    hit = hit[(rank > 0) & (cls > 0)]
    rank, cls = np.divmod(hit, stride)
    return _Tally(members[rank - 1], cls, count[hit], area[hit])


def _runs(values: npt.NDArray[np.generic], spans: Spans, marks: Bools) -> tuple[Ints, Ints, Ints]:
    """Cut the rows into runs of one value; return each run's start, length and zone rank.

    ``spans`` must not overlap and come in row-major order. A run starts where the value
    changes, a row begins, or a span begins or ends; runs outside every span get rank 0.
    """
    height, width = values.shape
    size = height * width
    flat = values.reshape(-1)
    marks = marks[:size]
    marks[0] = True
    np.not_equal(flat[1:], flat[:-1], out=marks[1:])
    marks.reshape(height, width)[:, 0] = True
    first, stop = spans.row * width + spans.first, spans.row * width + spans.stop
    marks[first] = True
    inner = stop < size
    marks[stop[inner]] = True
    starts = np.flatnonzero(marks)
    # the rank steps up where a span begins and back down where it ends; spans never
    # overlap, so the running sum is the rank of the span a run lies in (0: none)
    steps = np.zeros(starts.size, np.int64)
    steps[np.searchsorted(starts, first)] = spans.rank
    steps[np.searchsorted(starts, stop[inner])] -= spans.rank[inner]
    ranks = np.cumsum(steps, out=steps)
    lengths = np.diff(starts, append=size)
    return starts, lengths, ranks


def _pixels(spans: Spans, width: int) -> Ints:
    """Return the flat positions (row-major, in the window read) of the spans' pixels."""
    lengths = spans.stop - spans.first
    offsets = np.cumsum(lengths) - lengths
    first = spans.row * width + spans.first
    positions: Ints = np.arange(int(lengths.sum())) + np.repeat(first - offsets, lengths)
    return positions


# --- output -------------------------------------------------------------------------------


def _frame(tallies: list[_Tally], labels: pd.Index, ctx: _Context) -> pd.DataFrame:
    stride = len(ctx.classes) + 1
    empty = _Tally(*(np.empty(0, np.int64),) * 3, np.empty(0))
    tallies = [empty, *tallies]
    zone = np.concatenate([t.zone for t in tallies])
    unique, inverse = np.unique(zone * stride + np.concatenate([t.cls for t in tallies]),
                                return_inverse=True)
    count = np.bincount(inverse, weights=np.concatenate([t.count for t in tallies]))
    count = np.rint(count).astype(np.int64)
    area = np.bincount(inverse, weights=np.concatenate([t.area for t in tallies]))
    zone_of, cls_of = np.divmod(unique, stride)
    codes = np.array([0.0, *ctx.classes.codes])[cls_of].astype(np.int64)
    order = np.lexsort((codes, zone_of))
    return pd.DataFrame(
        {
            "zone": labels[zone_of[order]],
            "value": codes[order],
            "count": count[order],
            "area_ha": (area if ctx.areas.geographic else count * ctx.areas.flat)[order],
        }
    )
