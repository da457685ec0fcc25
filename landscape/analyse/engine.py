"""Engines: where the heavy parts of the analysis run, on this process or on a Dask cluster.

The analysis stage asks an :class:`Engine` for its two heavy operations, and where to
measure a layer in a set of units whole:

``overlay``
    a layer's polygons cut by the units and united per unit and class (the spatial join
    of units and features, then the intersections and unions:
    :func:`landscape.analyse._overlay.united_pieces`);
``zonal``
    categorical zonal counts of a raster in the units
    (:func:`landscape.analyse.zonal.zonal_counts`);
``start``
    whole measures (a layer in a set of units, table included), started at once and
    waited for later: sets of up to ``whole_units`` units are measured this way, larger
    ones by the two operations.

:class:`LocalEngine` runs them here (raster windows on threads). :class:`DaskEngine` runs
them on a Dask cluster: the units are split into partitions with dask-geopandas and each
partition is cut and united on a worker; many zones are counted in bands of neighbours,
each planned and counted on a worker, and a few large zones by groups of the raster's
windows; whole measures are tasks on the workers, all sent at once. Both give the same
tables, row for row and bit for bit: a unit's pieces depend only
on that unit and the layer, and are put back in the order one process would make them; a
zone's tallies are summed in the order of one plan.

:func:`open_engine` gives either, by name, for the time of a ``with`` block: ``"dask"``
starts a local cluster (two worker processes of one thread each, no dashboard) unless the
address of a running scheduler is given.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd

from landscape.analyse import _windows
from landscape.analyse._overlay import EVERY_FEATURE, united_pieces
from landscape.errors import InputError

__all__ = ["ENGINES", "DaskEngine", "Engine", "LocalEngine", "open_engine"]

#: The engines :func:`open_engine` knows, by name.
ENGINES = ("local", "dask")
_WINDOW = 2048
_T = TypeVar("_T")


class Engine(Protocol):
    """The heavy operations of the analysis stage, and where whole measures run."""

    #: Sets of at most this many units are measured whole, a layer per call (:meth:`start`).
    whole_units: int

    def start(self, function: Callable[..., _T],
              items: list[tuple[Any, ...]]) -> Callable[[], list[_T]]:
        """Start ``function(*args, engine=...)`` for each tuple of arguments.

        Returns a call that waits for the results and gives them in the items' order.
        ``engine`` is the engine for the place a call runs in: this one here, a
        one-thread :class:`LocalEngine` on a Dask worker.
        """
        ...

    def overlay(self, units_ea: gpd.GeoDataFrame, features_ea: gpd.GeoDataFrame,
                sets: Mapping[str, tuple[str, ...]] | None = None, *,
                every: bool = False) -> pd.DataFrame:
        """Return :func:`landscape.analyse._overlay.united_pieces` of these arguments."""
        ...

    def zonal(self, raster: Path, zones: gpd.GeoDataFrame, *,
              nodata: float | None) -> pd.DataFrame:
        """Return :func:`landscape.analyse.zonal.zonal_counts` of the raster's first band."""
        ...


class LocalEngine:
    """Everything in this process; raster windows counted on ``threads`` threads."""

    def __init__(self, *, threads: int = 2) -> None:
        self.threads = threads
        self.whole_units = sys.maxsize

    def start(self, function: Callable[..., _T],
              items: list[tuple[Any, ...]]) -> Callable[[], list[_T]]:
        """Return a call that runs ``function(*args, engine=self)`` for each tuple, in turn."""
        return lambda: [function(*args, engine=self) for args in items]

    def overlay(self, units_ea: gpd.GeoDataFrame, features_ea: gpd.GeoDataFrame,
                sets: Mapping[str, tuple[str, ...]] | None = None, *,
                every: bool = False) -> pd.DataFrame:
        """Return :func:`landscape.analyse._overlay.united_pieces` of these arguments."""
        return united_pieces(units_ea, features_ea, sets, every=every)

    def zonal(self, raster: Path, zones: gpd.GeoDataFrame, *,
              nodata: float | None) -> pd.DataFrame:
        """Count the raster's classes in the zones, windows on this process's threads."""
        work = _windows.plan(Path(raster), zones, band=1, nodata=nodata, window_size=_WINDOW)
        found = _windows.count(work, work.jobs, self.threads)
        return _windows.frame([t for job in found for t in job], zones.index, work.areas)


class DaskEngine:
    """Overlays and zonal counts on the workers of a Dask cluster.

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

    def start(self, function: Callable[..., _T],
              items: list[tuple[Any, ...]]) -> Callable[[], list[_T]]:
        """Send every call to the workers now; return a call that gathers the results.

        An argument given to several calls (a set of units, a layer) is sent to the
        cluster once.
        """
        uses = Counter(id(arg) for args in items for arg in args)
        sent: dict[int, Any] = {}

        def place(arg: Any) -> Any:
            if uses[id(arg)] < 2 or arg is None or isinstance(arg, str | int | float | bool):
                return arg
            if id(arg) not in sent:
                sent[id(arg)] = self.client.scatter(arg, hash=False)
            return sent[id(arg)]

        futures = [self.client.submit(_with_local_engine, function, *map(place, args),
                                      pure=False) for args in items]
        return lambda: list(self.client.gather(futures))

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
        work = _windows.plan(Path(raster), zones, band=1, nodata=nodata, window_size=_WINDOW)
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
    return function(*args, engine=LocalEngine(threads=1))  # a worker has one thread


def _united_partition(units_ea: gpd.GeoDataFrame, features_ea: gpd.GeoDataFrame,
                      sets: dict[str, tuple[str, ...]], every: bool) -> pd.DataFrame:  # noqa: FBT001
    return united_pieces(units_ea, features_ea, sets, every=every)


def _count_zones(raster: Path, zones: gpd.GeoDataFrame, nodata: float | None) -> pd.DataFrame:
    """Plan and count some zones on a worker (one thread); ``zone``: the index's labels."""
    work = _windows.plan(raster, zones, band=1, nodata=nodata, window_size=_WINDOW)
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


@contextmanager
def open_engine(name: str = "local", *, scheduler: str | None = None, threads: int = 2,
                workers: int = 2) -> Iterator[Engine]:
    """Give the engine called ``name`` for the time of a ``with`` block.

    Parameters
    ----------
    name : str
        ``"local"`` (this process) or ``"dask"``.
    scheduler : str, optional
        For ``"dask"``: the address of a running scheduler (``tcp://host:8786``); by
        default a local cluster of ``workers`` processes, one thread each, is started and
        stopped with the block.
    threads : int
        For ``"local"``: threads counting raster windows.
    workers : int
        For a local Dask cluster: worker processes.

    Raises
    ------
    InputError
        If the name is not one of :data:`ENGINES`, the scheduler cannot be reached or
        Dask is not installed.
    """
    if name not in ENGINES:
        msg = f"Unknown engine {name!r}; use one of: {', '.join(ENGINES)}."
        raise InputError(msg)
    if name == "local":
        yield LocalEngine(threads=threads)
        return
    with _client(scheduler, workers) as client:
        yield DaskEngine(client)


@contextmanager
def _client(scheduler: str | None, workers: int) -> Iterator[Any]:
    try:
        from distributed import Client, LocalCluster  # noqa: PLC0415 (only for this engine)
    except ImportError as exc:
        msg = "The Dask engine needs the dask extra; install it with pip install 'landscape[dask]'."
        raise InputError(msg) from exc

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=30)  # type: ignore[no-untyped-call]
        except OSError as exc:
            msg = f"Cannot reach the Dask scheduler at {scheduler}: {exc}; check the address."
            raise InputError(msg) from exc
        try:
            yield client
        finally:
            client.close()  # type: ignore[no-untyped-call]
        return
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client
