"""The inner loop of zonal counting: pixels of each class in runs of pixels, compiled.

:func:`count_spans` walks each span (a run of pixels of one row inside one zone) of a window
read from the raster, cuts it where the value changes, and adds each piece's length to the
count of its zone and class, looked up in a table of class numbers. It is compiled to
machine code by Numba (:mod:`landscape.analyse._jit`), which brings the counting close to
the cost of decoding the pixels: a loop in NumPy would pass over every pixel several times
(find the changes, list them, gather, count).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from landscape.analyse._jit import compiled
from landscape.analyse._scanline import Bools, Floats, Ints

#: A key whose class is not numbered yet, in the lookup tables of class numbers.
UNKNOWN = np.iinfo(np.uint16).max


def count_spans(
    keys: npt.NDArray[np.uint8] | npt.NDArray[np.uint16],
    spans: tuple[Ints, Ints, Ints, Ints],
    lut: npt.NDArray[np.uint16],
    *,
    counts: Ints,
    row_areas: Floats,
    areas: Floats,
) -> int:
    """Add the pixels of each span to ``counts[rank, class]`` (and hectares to ``areas``).

    Parameters
    ----------
    keys : numpy.ndarray
        The window read, shape (rows, columns), as unsigned keys of ``lut``.
    spans : tuple of numpy.ndarray
        Row, first column, column past the last and zone rank (1, 2, ...) of each span,
        within ``keys``; spans of one zone must not overlap.
    lut : numpy.ndarray
        Class number (0: not counted) of every key; :data:`UNKNOWN` for a key not met yet.
    counts : numpy.ndarray
        Shape (zones + 1, classes + 1), int64; added to.
    row_areas : numpy.ndarray
        Hectares of a pixel of each row of ``keys`` (geographic CRS), or empty: then
        ``areas`` is left alone.
    areas : numpy.ndarray
        Shape of ``counts``, float64; added to.

    Returns
    -------
    int
        -1 when every span was counted; else a key whose class is not numbered yet (or
        lies beyond ``counts``' columns): the counting stopped there, so the caller numbers
        the window's new keys and counts the window again into fresh arrays.
    """
    row, first, stop, rank = spans
    return int(compiled(_count)(keys, row, first, stop, rank, lut, counts, row_areas, areas))


def _count(keys, row, first, stop, rank, lut, counts, row_areas, areas):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202, PLR0917
    """Count the spans (see :func:`count_spans`); compiled by Numba."""
    classes = counts.shape[1]
    weighted = row_areas.size > 0
    for s in range(row.size):
        line = keys[row[s]]
        zone = rank[s]
        i, end = first[s], stop[s]
        while i < end:
            key = line[i]
            j = i + 1
            while j < end and line[j] == key:
                j += 1
            number = lut[key]
            if number >= classes:
                return key
            counts[zone, number] += j - i
            if weighted:
                areas[zone, number] += (j - i) * row_areas[row[s]]
            i = j
    return -1


def keys_met(keys: npt.NDArray[np.uint8] | npt.NDArray[np.uint16], size: int) -> Bools:
    """Return which of the ``size`` possible keys occur in ``keys`` (a window read).

    One pass over the window in compiled code, without the GIL: the sort behind
    ``numpy.unique`` took some 40 ms on a window of 4 million pixels.
    """
    seen = np.zeros(size, dtype=np.bool_)
    compiled(_mark)(keys, seen)
    return seen


def _mark(keys, seen):  # type: ignore[no-untyped-def]  # noqa: ANN001, ANN202
    """Set ``seen[key]`` for every key of the 2-D ``keys``; compiled by Numba."""
    for row in range(keys.shape[0]):
        for column in range(keys.shape[1]):
            seen[keys[row, column]] = True
