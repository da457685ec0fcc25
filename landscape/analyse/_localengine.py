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
from landscape.analyse._tasks import Task, run_here

__all__ = ["LocalEngine"]

_T = TypeVar("_T")


class LocalEngine:
    """Everything in this process; raster windows counted on ``threads`` threads."""

    def __init__(self, *, threads: int = 2) -> None:
        self.threads = threads
        self.whole_units = sys.maxsize

    def start(self, tasks: Sequence[Task[Any]]) -> None:
        """Nothing to do now: a task runs here when its result is asked for."""

    def results(self, tasks: Sequence[Task[_T]]) -> list[_T]:
        """Run the tasks not run yet (the tasks they wait for first); give their results."""
        return [self._result(task) for task in tasks]

    def _result(self, task: Task[_T]) -> _T:
        return run_here(task, self, self._result)

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
