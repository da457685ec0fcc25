"""A layer as read from an area file, and the way from its own CRS to longitude/latitude.

Every reader (:mod:`landscape.read._formats` for GDAL formats and shapefiles,
:mod:`landscape.read._csvlayer` for CSV files) returns :class:`RawLayer` objects:
attributes and geometry as found, in the file's own CRS. :func:`to_geographic` brings
one to EPSG:4326 for both :mod:`landscape.read.areas` and the layer reader.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyproj

from landscape.errors import InputError
from landscape.problems import Problem
from landscape.settings import GEOGRAPHIC_CRS

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd
    import numpy as np

__all__ = ["CRS_FIX", "RawLayer", "to_geographic", "within_lon_lat"]


@dataclass(slots=True)
class RawLayer:
    """One layer of an area file as read, before standardisation.

    Parameters
    ----------
    name : str
        Layer name as the source names it ("" for single-table CSV files).
    frame : geopandas.GeoDataFrame
        Attributes and geometry, in the source CRS (``None`` if it has none).
    rows : list of int
        For each feature, the number shown to the user (its 1-based position).
    driver : str
        Source format (a GDAL driver name, or "CSV").
    hints : dict
        Columns already identified for the roles ``id``, ``name``, ``org``
        and ``description`` (from GPX conventions or an HXL hashtag row).
    """

    name: str
    frame: gpd.GeoDataFrame
    rows: list[int]
    driver: str
    hints: dict[str, str] = field(default_factory=dict)


#: What to check when coordinates do not fit longitude/latitude.
CRS_FIX = "check the file's CRS (the .prj of a shapefile) or whether lon and lat are swapped"


def to_geographic(layer: RawLayer, file_name: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Return a raw layer's frame in EPSG:4326, with the problems met.

    A missing CRS is accepted only for longitude/latitude coordinates (and
    reported as an assumption).

    Raises
    ------
    InputError
        If the layer has no CRS and is not in degrees, or cannot be reprojected.
    """
    frame = layer.frame
    problems = []
    if frame.crs is None:
        prj = " (no .prj)" if layer.driver == "ESRI Shapefile" else ""
        minx, miny, maxx, maxy = frame.total_bounds
        if not (within_lon_lat(frame.total_bounds)
                or within_lon_lat((miny, minx, maxy, maxx))):  # [lat, lon]: swapped later
            shown = f"{file_name} (layer {layer.name})" if layer.name else file_name
            msg = (
                f"{shown} has no coordinate reference system{prj} and its coordinates "
                "are not longitude/latitude; add the .prj that came with the data, or assign "
                "the CRS in QGIS and export again"
            )
            raise InputError(msg)
        frame = frame.set_crs(GEOGRAPHIC_CRS)
        text = (
            f"the file has no coordinate reference system{prj}; its coordinates look "
            "like longitude/latitude, so WGS 84 (EPSG:4326) was assumed"
        )
        fix = "check the positions on a map; add the .prj that came with the data"
        problems.append(Problem(file_name, layer.name or None, None, None, "", text, fix))
    try:
        return frame.to_crs(GEOGRAPHIC_CRS), problems
    except (pyproj.exceptions.ProjError, pyproj.exceptions.CRSError, ValueError) as exc:
        msg = f"{file_name} could not be reprojected to EPSG:4326 ({exc}); {CRS_FIX}"
        raise InputError(msg) from exc


def within_lon_lat(bounds: Sequence[float] | np.ndarray) -> bool:
    """Return True if (minx, miny, maxx, maxy) is a lon/lat box (or empty)."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    if any(math.isnan(b) for b in (minx, miny, maxx, maxy)):
        return all(math.isnan(b) for b in (minx, miny, maxx, maxy))  # empty: nothing to check
    return minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90
