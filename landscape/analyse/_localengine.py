"""The local engine: every overlay, zonal count and task in this process.

See :mod:`landscape.analyse.engine` for what an engine does.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd

from landscape.analyse import _windows
from landscape.analyse._overlay import united_pieces
from landscape.analyse._tasks import Task, checked, run_here

__all__ = ["LocalEngine"]

_T = TypeVar("_T")


class LocalEngine:
    """Everything in this process; raster windows counted on ``threads`` threads."""

    def __init__(self, *, threads: int = 2) -> None:
        self.threads = threads
        self.whole_units = sys.maxsize

    def start(self, tasks: Sequence[Task[Any]]) -> None:
        """Check the tasks (as a cluster would); each runs here when its result is asked for.

        Raises
        ------
        ValueError
            If a task that is not ``here`` waits for one that is.
        """
        checked(tasks)

    def results(self, tasks: Sequence[Task[_T]]) -> list[_T]:
        """Run the tasks not run yet (the tasks they wait for first); give their results."""
        self.start(tasks)
        return [run_here(task, self, _never, everything=True) for task in tasks]

    def overlay(self, units_ea: gpd.GeoDataFrame, features_ea: gpd.GeoDataFrame,
                sets: Mapping[str, tuple[str, ...]] | None = None, *,
                every: bool = False) -> pd.DataFrame:
        """Return :func:`landscape.analyse._overlay.united_pieces` of these arguments."""
        return united_pieces(units_ea, features_ea, sets, every=every)

    def zonal(self, raster: Path, zones: gpd.GeoDataFrame, *,
              nodata: float | None) -> pd.DataFrame:
        """Count the raster's classes in the zones, windows on this process's threads."""
        work = _windows.plan(Path(raster), zones, band=1, nodata=nodata,
                             window_size=_windows.WINDOW)
        found = _windows.count(work, work.jobs, self.threads)
        return _windows.frame([t for job in found for t in job], zones.index, work.areas)


def _never(task: Task[Any]) -> Any:
    msg = f"{task!r} was not run first"  # graph() gives the tasks waited for first
    raise AssertionError(msg)
