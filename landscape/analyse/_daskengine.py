"""The Dask engine: overlays, zonal counts and tasks on the workers of a Dask cluster.

See :mod:`landscape.analyse.engine` for what an engine does; this module is imported with
it, Dask itself only when the engine is used.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from landscape.analyse import _windows
from landscape.analyse._localengine import LocalEngine
from landscape.analyse._overlay import EVERY_FEATURE, united_pieces
from landscape.analyse._tasks import Task, checked, run_here

__all__ = ["DaskEngine"]

_T = TypeVar("_T")


class DaskEngine:
    """Overlays, zonal counts and tasks on the workers of a Dask cluster.

    Parameters
    ----------
    client : distributed.Client
        A client of the cluster; the workers must import ``landscape`` and read the
        raster files at the same paths.
    partitions : int, optional
        Partitions of the units (and groups of raster windows); by default four per
        worker thread.
    whole_units : int
        Sets of at most this many units are measured whole on a worker, one task per set
        and layer, the tasks of a build sent at once (:meth:`start`): the client then
        only waits, and the workers are never idle between two layers. Larger sets (a
        country's desa) are measured one layer after the other, each overlay and zonal
        count split across the workers. The default, 20,000, keeps a task to seconds on
        one core and well under 1 GiB (2,130 desa of West Kalimantan: 0.5-2 s a layer).
    """

    def __init__(self, client: Any, *, partitions: int | None = None,
                 whole_units: int = 20_000) -> None:
        self.client: Any = client  # distributed.Client (untyped)
        threads = sum(client.nthreads().values()) or 1
        self.partitions = partitions or 4 * threads
        self.whole_units = whole_units
        self._units: tuple[gpd.GeoDataFrame, Any] | None = None
        # each worker loads its modules while the build reads its inputs, not in a task
        from distributed import fire_and_forget  # noqa: PLC0415 (Dask only for this engine)

        for worker in client.nthreads():
            fire_and_forget(client.submit(_warm, workers=[worker], pure=False))  # type: ignore[no-untyped-call]

    def start(self, tasks: Sequence[Task[Any]]) -> None:
        """Send the tasks not sent yet, and those they wait for, to the workers now.

        The tasks' data (units, layers) go to the cluster in one message, before the
        tasks, and an argument several tasks share goes once; a task waiting for
        another's result gets it on its worker, not through this process. Of the tasks
        ready to run, those given first run first (then the tasks they wait for, in the
        order met). Tasks to run ``here`` wait for :meth:`results`.

        Raises
        ------
        ValueError
            If a task to send waits for a task to run here (a mistake of the caller).
        """
        new = [task for task in checked(tasks) if task.handle is None and not task.here]
        shared = {id(arg): arg for task in new for arg in task.args if _shareable(arg)}
        sent = dict(zip(shared, self.client.scatter(list(shared.values()), hash=False),
                        strict=True)) if shared else {}
        for rank, task in enumerate(new):
            args = [arg.handle if isinstance(arg, Task) else sent.get(id(arg), arg)
                    for arg in task.args]
            name = getattr(task.function, "__name__", "task").strip("_")  # on the dashboard
            task.handle = self.client.submit(_with_local_engine, task.function, *args,
                                             key=f"{name}-{uuid.uuid4().hex}",
                                             priority=len(new) - rank)

    def results(self, tasks: Sequence[Task[_T]]) -> list[_T]:
        """Wait for the tasks (sending those not sent) and give their results in order.

        A task to run ``here`` runs now, with this engine, once the tasks it waits for
        are done.
        """
        self.start(tasks)
        sent = [task for task in tasks if not task.here]
        found = dict(zip(map(id, sent), self.client.gather([task.handle for task in sent]),
                         strict=True))
        return [self._result(task) if task.here else found[id(task)] for task in tasks]

    def _result(self, task: Task[_T]) -> _T:
        if task.here:
            return run_here(task, self, self._fetch, everything=False)
        return self._fetch(task)

    def _fetch(self, task: Task[_T]) -> _T:
        result: _T = self.client.gather(task.handle)
        return result

    def overlay(self, units_ea: gpd.GeoDataFrame, features_ea: gpd.GeoDataFrame,
                sets: Mapping[str, tuple[str, ...]] | None = None, *,
                every: bool = False) -> pd.DataFrame:
        """Cut and unite each partition of the units on a worker; pieces in one order."""
        import dask  # noqa: PLC0415 (Dask is loaded only when this engine is used)

        if len(units_ea) == 0 or len(features_ea) == 0:
            return united_pieces(units_ea, features_ea, sets, every=every)
        if len(units_ea) < self.partitions:  # a kabupaten: share its pairs, then its unions
            return united_pieces(units_ea, features_ea, sets, every=every, run=self._run,
                                 chunks=self.partitions)
        parts = self._partitions(units_ea)
        features = self.client.scatter(features_ea, broadcast=True, hash=False)
        meta = pd.DataFrame({name: pd.Series(dtype=object)
                             for name in ("code", "class_code", "geometry")})
        with dask.config.set({"dataframe.convert-string": False}):
            pieces = parts.map_partitions(_united_partition, features, dict(sets or {}),
                                          every, meta=meta, align_dataframes=False)
            # each partition's pieces straight to this process, not gathered on one worker
            found = self.client.gather(self.client.compute(pieces.to_delayed()))
        joined = pd.concat(found, ignore_index=True) if found else meta
        # as united_pieces types them (a partition meeting no feature gives object columns)
        joined = joined.astype({"code": str, "class_code": str})
        return _in_one_order(pd.DataFrame(joined), sets, every=every)

    def _run(self, function: Callable[..., Any], items: list[tuple[Any, ...]]) -> list[Any]:
        """Run ``function`` on each tuple of arguments on the workers; results in order."""
        futures = [self.client.submit(function, *args, pure=False) for args in items]
        found: list[Any] = self.client.gather(futures)
        return found

    def _partitions(self, units_ea: gpd.GeoDataFrame) -> Any:
        """Return the units split into partitions kept on the workers, once per set of units.

        Every layer is measured in the same prepared units one after the other, so the
        units travel to the cluster once, not once per layer.
        """
        import dask_geopandas  # noqa: PLC0415

        if self._units is None or self._units[0] is not units_ea:
            parts = dask_geopandas.from_geopandas(
                units_ea, npartitions=min(self.partitions, len(units_ea)), sort=False)
            self._units = (units_ea, self.client.persist(parts))
        return self._units[1]

    def zonal(self, raster: Path, zones: gpd.GeoDataFrame, *,
              nodata: float | None) -> pd.DataFrame:
        """Count the raster's classes in the zones on the workers; rows as one process gives.

        Many zones (at least two per partition) are split into bands of neighbours, each
        planned and counted whole on a worker, so the client neither prepares the zones
        nor sends their edges everywhere; a zone's counts, and its hectares summed window
        by window in the same order, are those of one plan. Fewer zones (a kabupaten, a
        province) are planned here and their windows counted in groups on the workers.
        """
        if len(zones) < 2 * self.partitions or not zones.index.is_unique:
            return self._zonal_by_windows(raster, zones, nodata=nodata)  # (raises on repeats)
        futures = [self.client.submit(_count_zones, Path(raster), zones.iloc[band], nodata,
                                      pure=False) for band in _bands(zones, self.partitions)]
        found = pd.concat(self.client.gather(futures), ignore_index=True)
        order = np.argsort(zones.index.get_indexer(found["zone"]), kind="stable")
        counts: pd.DataFrame = found.iloc[order].reset_index(drop=True)
        return counts

    def _zonal_by_windows(self, raster: Path, zones: gpd.GeoDataFrame, *,
                          nodata: float | None) -> pd.DataFrame:
        """Plan here, count groups of windows on the workers, sum them in plan order."""
        work = _windows.plan(Path(raster), zones, band=1, nodata=nodata,
                             window_size=_windows.WINDOW)
        groups = _balanced(work.jobs, self.partitions)
        shared = self.client.scatter(work, broadcast=True, hash=False)
        futures = [self.client.submit(_count_group, shared, tuple(work.jobs[i] for i in group),
                                      pure=False) for group in groups]
        found: list[list[_windows.Tally]] = [[] for _ in work.jobs]
        for group, result in zip(groups, self.client.gather(futures), strict=True):
            for position, tallies in zip(group, result, strict=True):
                found[position] = tallies
        return _windows.frame([t for job in found for t in job], zones.index, work.areas)


def _with_local_engine(function: Callable[..., _T], *args: Any) -> _T:
    """Run a task on a worker (one thread) with a local engine there."""
    return function(*args, engine=LocalEngine(threads=1))


def _warm() -> None:
    """Load on a worker what its first task would: the libraries, the compiled loops.

    A tiny 8-bit raster in GDAL's memory file system is counted in one zone (Numba's
    machine code for 8-bit rasters loaded from its cache, or compiled on a new machine).
    """
    import rasterio  # noqa: PLC0415 (run on the workers only)
    from rasterio.transform import from_origin  # noqa: PLC0415
    from shapely.geometry import box  # noqa: PLC0415

    from landscape.analyse.zonal import zonal_counts  # noqa: PLC0415

    profile = {"driver": "GTiff", "width": 4, "height": 4, "count": 1, "dtype": "uint8",
               "crs": "EPSG:6933", "transform": from_origin(0, 120, 30, 30), "nodata": 0}
    with rasterio.MemoryFile() as memory:
        with memory.open(**profile) as raster:
            raster.write(np.arange(16, dtype=np.uint8).reshape(1, 4, 4))
        zones = gpd.GeoDataFrame(geometry=[box(0, 0, 90, 90)], crs="EPSG:6933")
        zonal_counts(memory.name, zones, threads=1)


def _shareable(arg: Any) -> bool:
    """Whether an argument is data to send ahead of the tasks (not a task or a scalar)."""
    return not isinstance(arg, Task | Path | str | int | float | bool) and arg is not None


def _united_partition(units_ea: gpd.GeoDataFrame, features_ea: gpd.GeoDataFrame,
                      sets: dict[str, tuple[str, ...]], every: bool) -> pd.DataFrame:  # noqa: FBT001
    return united_pieces(units_ea, features_ea, sets, every=every)


def _count_zones(raster: Path, zones: gpd.GeoDataFrame, nodata: float | None) -> pd.DataFrame:
    """Plan and count some zones on a worker (one thread); ``zone``: the index's labels."""
    work = _windows.plan(raster, zones, band=1, nodata=nodata, window_size=_windows.WINDOW)
    found = _windows.count_here(work, work.jobs)
    return _windows.frame([t for job in found for t in job], zones.index, work.areas)


def _bands(zones: gpd.GeoDataFrame, count: int) -> list[npt.NDArray[np.int64]]:
    """Split the zones' positions into ``count`` bands of neighbours, north to south.

    Equal numbers of zones by the middle of their bounds' northing: each band's zones
    touch mostly their own rows of raster windows, so few pixels are decoded twice.
    """
    bounds = zones.geometry.bounds
    middle = ((bounds["miny"] + bounds["maxy"]) / 2).fillna(0.0).to_numpy()
    order = np.argsort(-middle, kind="stable")
    return [np.sort(band) for band in np.array_split(order, count) if band.size]


def _count_group(work: _windows.Plan, jobs: tuple[_windows.Job, ...]) -> list[list[_windows.Tally]]:
    return _windows.count_here(work, jobs)


def _in_one_order(pieces: pd.DataFrame, sets: Mapping[str, tuple[str, ...]] | None, *,
                  every: bool) -> pd.DataFrame:
    """Put partitions' pieces in the order of one call: by set of classes, then as found.

    :func:`united_pieces` lists every unit's classes, then every unit's first set, ...;
    each partition does the same for its units, and partitions keep the units' order.
    """
    rank = {name: i + 1 for i, name in enumerate(sets or {})}
    if every:
        rank.setdefault(EVERY_FEATURE, len(rank) + 1)
    ranks = pieces["class_code"].map(rank).fillna(0).to_numpy(dtype=np.int64)
    order = np.lexsort((np.arange(len(pieces)), ranks))
    return pieces.iloc[order].reset_index(drop=True)


def _balanced(jobs: tuple[_windows.Job, ...], groups: int) -> list[list[int]]:
    """Split the jobs (largest first) into groups of about equal pixels; positions kept."""
    loads = [0] * max(1, min(groups, len(jobs)))
    members: list[list[int]] = [[] for _ in loads]
    for position, job in enumerate(jobs):
        lightest = loads.index(min(loads))
        loads[lightest] += job.pixels
        members[lightest].append(position)
    return [group for group in members if group]
