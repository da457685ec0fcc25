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

How it runs (:mod:`landscape.analyse._windows`)
    The raster is read in windows aligned to its blocks. ``threads`` workers (kept by the
    process from call to call), each with its own dataset handle, take the windows one by
    one: the zones that touch a window are turned into runs of pixels with the scanline
    rule above (:mod:`landscape.analyse._scanline`), only the part of the window that
    holds such runs is read (windows without any are not read at all), and each run is
    cut where the value changes and each piece added to its zone and class at once
    (:mod:`landscape.analyse._runcount`). Both loops are compiled by Numba and, like
    GDAL's decoding, release the GIL, so the threads share the cores. Memory is bounded
    by the window size, not the raster's: one window per thread, and GDAL's block cache
    held to one window per thread (``GDAL_CACHEMAX``) during the call.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd

from landscape.analyse import _windows
from landscape.errors import InputError


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
    work = _windows.plan(Path(raster), zones, band=band, nodata=nodata,
                         window_size=window_size)
    found = _windows.count(work, work.jobs, threads)
    return _windows.frame([t for job in found for t in job], zones.index, work.areas)


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
