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

import os
import threading
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import rasterio
import shapely
from rasterio.windows import Window

from landscape.analyse._raster import ClassIndex, PixelAreas, Raster, open_band
from landscape.analyse._runcount import count_spans
from landscape.analyse._scanline import Floats, Ints, Zones, prepare_zones, window_spans

#: Pixels on a side of the square windows the engines count (a few MiB of 8-bit pixels).
WINDOW = 2048
_MIN_CACHE_BYTES = 16 * 2**20
_NONE = np.empty(0)
_NO_AREAS = np.empty((0, 0))


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

    def __init__(self, grid: Raster, pixels: int) -> None:
        self.src = rasterio.open(grid.path)
        self.values = np.empty(pixels, dtype=grid.dtype)

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
    """Count the jobs on ``threads`` threads; return each job's tallies, in the jobs' order.

    Each thread takes the next window, turns the zones into spans, reads the window and
    counts it: the compiled loops and GDAL's decoding do not hold the GIL, so the threads
    work side by side. Memory holds one window per thread, whatever the raster's size.
    """
    ctx, largest, cache = _setup(work, jobs, threads)
    local = threading.local()
    workers: list[_Worker] = []
    lock = threading.Lock()

    def task(job: Job) -> list[Tally]:
        if not hasattr(local, "worker"):
            local.worker = _Worker(ctx.grid, largest)
            with lock:
                workers.append(local.worker)
        return _count_job(ctx, local.worker, job)

    with rasterio.Env(GDAL_CACHEMAX=cache):
        futures = [_pool(threads).submit(task, job) for job in jobs]
        wait(futures)  # every task ends before the handles close, even after an error
    for worker in workers:
        worker.src.close()
    return [future.result() for future in futures]


_POOLS: dict[tuple[int, int], ThreadPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def _pool(threads: int) -> ThreadPoolExecutor:
    """Return this process's pool of ``threads`` counting threads, made on its first use.

    The threads outlive a count: the first dataset a new thread opens costs rasterio
    15-20 ms (the thread's GDAL environment), as much as counting a few windows.
    """
    key = (os.getpid(), threads)  # a forked child makes its own threads
    with _POOLS_LOCK:
        if key not in _POOLS:
            _POOLS[key] = ThreadPoolExecutor(threads, thread_name_prefix="zonal-counts")
        return _POOLS[key]


def count_here(work: Plan, jobs: tuple[Job, ...]) -> list[list[Tally]]:
    """Count the jobs one after the other on this thread alone (a Dask worker's one thread)."""
    ctx, largest, cache = _setup(work, jobs, 1)
    worker = _Worker(ctx.grid, largest)
    found: list[list[Tally]] = []
    try:
        with rasterio.Env(GDAL_CACHEMAX=cache):
            found.extend(_count_job(ctx, worker, job) for job in jobs)
        return found
    finally:
        worker.src.close()


def _setup(work: Plan, jobs: tuple[Job, ...], threads: int) -> tuple[_Context, int, int]:
    """Return the counting context, the largest job's pixels and GDAL's cache in bytes.

    The cache holds one window per thread (at least ``_MIN_CACHE_BYTES``).
    """
    ctx = _Context(work.grid, work.zones, ClassIndex(work.grid), work.areas)
    largest = max((job.pixels for job in jobs), default=0)
    cache = max(_MIN_CACHE_BYTES, threads * largest * np.dtype(ctx.grid.dtype).itemsize)
    return ctx, largest, cache


def _count_job(ctx: _Context, worker: _Worker, job: Job) -> list[Tally]:
    """Return the tallies of the job's window (``value``: class codes)."""
    window, members = job.window, job.members
    found = window_spans(ctx.zones, members, ctx.grid.transform,
                         (int(window.row_off), int(window.col_off)),
                         (int(window.height), int(window.width)))
    if found is None:
        return []
    first_row = int(window.row_off) + found.top
    read = Window(window.col_off + found.left, first_row, found.columns, found.rows)
    values = worker.read(ctx.grid.band, read)
    spans = found.spans
    row_areas = (ctx.areas.rows[first_row : first_row + found.rows] if ctx.areas.geographic
                 else _NONE)
    keys, table = ctx.classes.keys(values)
    while True:  # again when the window holds a class not numbered yet
        shape = (members.size + 1, len(ctx.classes) + 1)
        counts = np.zeros(shape, np.int64)
        areas = np.zeros(shape) if ctx.areas.geographic else _NO_AREAS
        parts = (spans.row, spans.first, spans.stop, spans.rank)
        if count_spans(keys, parts, table, counts=counts, row_areas=row_areas,
                       areas=areas) < 0:
            break
        ctx.classes.learn(keys)
    rank, cls = np.nonzero(counts[1:, 1:])
    tallied = counts[rank + 1, cls + 1]
    area = areas[rank + 1, cls + 1] if ctx.areas.geographic else tallied * ctx.areas.flat
    codes = np.array(ctx.classes.codes[: counts.shape[1] - 1], dtype=np.float64)
    return [Tally(members[rank], codes[cls], tallied, area.astype(np.float64))]


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
