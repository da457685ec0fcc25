"""Numba's compiler, loaded on a process's first use of a compiled loop.

Zonal counting's two inner loops (the spans of a window, :mod:`landscape.analyse._scanline`,
and the counts of classes in them, :mod:`landscape.analyse._runcount`) are plain Python
functions compiled here to machine code, with ``nogil`` so several windows are handled on
several threads at once. Numba is imported on the first call only: a build that counts no
raster never loads it. The machine code is cached beside the modules (or in Numba's user
cache when that folder cannot be written): the first count on a machine compiles the loops
(a few seconds); later processes load them (about 1 s on this project's 2-core test
machine, most of it Numba's own start).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any


@cache
def compiled(function: Callable[..., Any]) -> Any:
    """Return ``function`` compiled by Numba (``nogil``, cached on disk), once per process."""
    from numba import njit  # noqa: PLC0415 (loaded on the first count only)

    return njit(nogil=True, cache=True)(function)
