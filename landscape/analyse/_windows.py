"""The windows of zonal counting: which to read, counting them, and the counts' frame.

:func:`plan` prepares the zones once and lists the windows (aligned to the raster's blocks)
that some zone touches, largest first; :func:`count` counts a list of windows on threads,
each thread with its own dataset handle; :func:`frame` sums the tallies of every window
into the frame :func:`landscape.analyse.zonal.zonal_counts` returns. A list of windows can
be counted anywhere (a thread here, a Dask worker elsewhere): a :class:`Tally` carries class
*codes*, so that tallies from several places add up to the same frame, bit for bit, when
they are summed in the order of the plan.
"""

from __future__ import annotations

import itertools
import threading
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

_MIN_CACHE_BYTES = 16 * 2**20
_BAND_PIXELS = 2**17  # pixels counted at once: small arrays, no page faults, in cache


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts found in part of a window: zone position, class code, pixels, hectares."""

    zone: Ints
    value: Floats
    count: Ints
    area: Floats


@dataclass(frozen=True, slots=True)
class Job:
    """A window to count and the positions of the zones that touch it (sorted)."""

    window: Window
    members: Ints

    @property
    def pixels(self) -> int:
        """Return the window's number of pixels."""
        return int(self.window.height) * int(self.window.width)


@dataclass(frozen=True, slots=True)
class Plan:
    """The raster, the prepared zones, pixel areas and the windows to count."""

    grid: Raster
    zones: Zones
    areas: PixelAreas
    jobs: tuple[Job, ...]


def plan(raster: Path, zones: gpd.GeoDataFrame, *, band: int, nodata: float | None,
         window_size: int) -> Plan:
    """Prepare the zones in the raster's CRS and list the windows they touch, largest first."""
    grid = open_band(raster, band, nodata)
    prepared = prepare_zones(zones, grid.crs)
    jobs = []
    for window in _windows(grid, window_size):
        c0, r0 = window.col_off, window.row_off
        c1, r1 = c0 + window.width, r0 + window.height
        corners = [grid.transform @ xy for xy in ((c0, r0), (c1, r0), (c1, r1), (c0, r1))]
        members = prepared.tree.query(shapely.Polygon(corners), predicate="intersects")
        if members.size:
            jobs.append(Job(window, np.sort(members).astype(np.int64)))
    jobs.sort(key=lambda job: -job.pixels)
    return Plan(grid, prepared, PixelAreas(grid), tuple(jobs))


def _windows(grid: Raster, window_size: int) -> list[Window]:
    rows, cols = (
        max(block, window_size // block * block) if window_size >= block else window_size
        for block in grid.block
    )
    return [Window(col, row, min(cols, grid.width - col), min(rows, grid.height - row))
            for row in range(0, grid.height, rows) for col in range(0, grid.width, cols)]


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


@dataclass(frozen=True, slots=True)
class _Context:
    grid: Raster
    zones: Zones
    classes: ClassIndex
    areas: PixelAreas


def count(work: Plan, jobs: tuple[Job, ...], threads: int) -> list[list[Tally]]:
    """Count the jobs on ``threads`` threads; return each job's tallies, in the jobs' order."""
    ctx = _Context(work.grid, work.zones, ClassIndex(work.grid), work.areas)
    largest = max((job.pixels for job in jobs), default=0)
    widest = max((int(job.window.width) for job in jobs), default=0)
    local = threading.local()
    workers: list[_Worker] = []
    lock = threading.Lock()

    def task(job: Job) -> list[Tally]:
        if not hasattr(local, "worker"):
            local.worker = _Worker(ctx.grid, largest, widest)
            with lock:
                workers.append(local.worker)
        found = _count_window(ctx, local.worker, job.window, job.members)
        codes = np.array([np.nan, *ctx.classes.codes])
        return [Tally(t.zone, codes[t.value.astype(np.int64)], t.count, t.area) for t in found]

    cache = max(_MIN_CACHE_BYTES, threads * largest * np.dtype(ctx.grid.dtype).itemsize)
    try:
        with rasterio.Env(GDAL_CACHEMAX=cache), ThreadPoolExecutor(threads) as pool:
            return list(pool.map(task, jobs))
    finally:
        for worker in workers:
            worker.src.close()


def _count_window(ctx: _Context, worker: _Worker, window: Window, members: Ints) -> list[Tally]:
    """Return the window's tallies (``value``: class numbers of ``ctx.classes``)."""
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
) -> Tally:
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
    return Tally(members[rank - 1], cls.astype(np.float64), count[hit], area[hit])


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


def frame(tallies: list[Tally], labels: pd.Index, areas: PixelAreas) -> pd.DataFrame:
    """Sum the tallies per zone and class code, in their order; zones' order, then code."""
    none = np.empty(0, np.int64)
    tallies = [Tally(none, np.empty(0), none, np.empty(0)), *tallies]
    zone = np.concatenate([t.zone for t in tallies]).astype(np.int64)
    codes, cls = np.unique(np.concatenate([t.value for t in tallies]), return_inverse=True)
    stride = codes.size + 1
    unique, inverse = np.unique(zone * stride + cls, return_inverse=True)
    total = np.bincount(inverse, weights=np.concatenate([t.count for t in tallies]))
    total = np.rint(total).astype(np.int64)
    area = np.bincount(inverse, weights=np.concatenate([t.area for t in tallies]))
    zone_of, cls_of = np.divmod(unique, stride)
    return pd.DataFrame(
        {
            "zone": labels[zone_of],
            "value": codes[cls_of].astype(np.int64),
            "count": total,
            "area_ha": area if areas.geographic else total * areas.flat,
        }
    )
