"""Engines: where the heavy parts of the analysis run, on this process or on a Dask cluster.

The analysis stage asks an :class:`Engine` for its two heavy operations, and to run its
tasks:

``overlay``
    a layer's polygons cut by the units and united per unit and class (the spatial join
    of units and features, then the intersections and unions:
    :func:`landscape.analyse._overlay.united_pieces`);
``zonal``
    categorical zonal counts of a raster in the units
    (:func:`landscape.analyse.zonal.zonal_counts`);
``start`` and ``results``
    :class:`Task` calls (a layer measured whole in a set of units, the kabupaten as the
    union of its desa, the desa's priorities), started at once and waited for later; a
    task may wait for other tasks' results. Sets of up to ``whole_units`` units are
    measured by one task per layer; larger ones by the two operations, which the engine
    shares out itself.

:class:`LocalEngine` (:mod:`landscape.analyse._localengine`) runs them here (raster
windows on threads), a task when its result is asked for. :class:`DaskEngine`
(:mod:`landscape.analyse._daskengine`) runs them on a Dask cluster: the units are split
into partitions with dask-geopandas and each partition is cut and united on a worker;
many zones are counted in bands of neighbours, each planned and counted on a worker,
and a few large zones by groups of the raster's windows; tasks all go to the workers at
once, each waiting there for those it needs. Both give the same tables, row for row and
bit for bit: a unit's pieces depend only on that unit and the layer, and are put back in
the order one process would make them; a
zone's tallies are summed in the order of one plan.

:func:`open_engine` gives either, by name, for the time of a ``with`` block: ``"dask"``
starts a local cluster (two worker processes of one thread each, no dashboard) unless the
address of a running scheduler is given.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

import geopandas as gpd
import pandas as pd

from landscape.analyse._daskengine import DaskEngine
from landscape.analyse._localengine import LocalEngine
from landscape.analyse._tasks import Task
from landscape.errors import InputError

__all__ = ["ENGINES", "DaskEngine", "Engine", "LocalEngine", "Task", "open_engine"]

#: The engines :func:`open_engine` knows, by name.
ENGINES = ("local", "dask")
_T = TypeVar("_T")


class Engine(Protocol):
    """The heavy operations of the analysis stage, and where its tasks run."""

    #: Sets of at most this many units are measured whole, one task per layer.
    whole_units: int

    def start(self, tasks: Sequence[Task[Any]]) -> None:
        """Start the tasks, and every task they wait for, where this engine runs them.

        A task is started once; starting it again does nothing.
        """
        ...

    def results(self, tasks: Sequence[Task[_T]]) -> list[_T]:
        """Wait for the tasks (starting those not started) and give their results in order."""
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
