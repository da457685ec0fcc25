"""Land status: hectares of each class of each landscape layer inside each unit.

A *unit* is anything with a code and a polygon: a desa, a kecamatan, an activity's
area, an action item's area. :func:`land_status` returns one long row per unit,
layer and class, so that any pivot is easy:

``<key>, layer, class_code, class, area_ha, share, n_points, per_1000_ha``

Rules, stated once:

* Areas are measured in EPSG:6933 (:data:`landscape.settings.EQUAL_AREA_CRS`).
  Units that share a code (an activity with several polygons) are united first.
* ``share`` divides ``area_ha`` by the unit's area measured the same way as the
  numerator, so it never exceeds 1: for a vector layer the unit's polygon area (the
  pieces are cut from it); for a raster the area of every pixel whose centre lies in
  the unit, nodata included (the unit as the raster's grid sees it: a thin desa can
  hold more pixel centres than its area, or fewer). A unit outside the raster has no
  share.
* Vector layers: the pieces of a layer's polygons inside a unit are united per
  class before measuring, so a layer's own overlapping polygons never count twice.
  Different classes may overlap (concessions do), so shares can add up to more than 1.
* Categorical rasters: a pixel counts in a unit when its centre lies inside
  (:func:`landscape.analyse.zonal.zonal_counts`); nodata pixels are not counted.
* Loss-year rasters: ``class_code`` and ``class`` are the year (value 0, no loss,
  is left out; 1..24 are read as 2001..2024, values already in years as such; values
  that are not plausible loss years, reported when read, are left out).
* Classes unknown to the layer's code list keep their rows but are in no group (and
  in no priority of :mod:`landscape.analyse.gaps`).
* Derived groups (``class_code`` ``group:<name>``, e.g. ``group:hutan_alam``) are
  the area of the union of their classes in the unit.
* Point layers (hotspots): ``area_ha`` and ``share`` are empty; a row
  ``class_code = "all"`` for every unit gives ``n_points`` and ``per_1000_ha``
  (points per 1,000 ha of the unit), and one row per year with points gives the
  same for that year (``class`` ``"<layer id> <year>"``). A point on the edge of
  two units counts in both.
* Only classes present in a unit have rows (absent means 0 ha).
* :func:`district_total` measures over the union of the units, so the land of
  overlapping desa counts once in a kabupaten total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landscape.analyse._landtable import (
    ALL_POINTS,
    LAND_STATUS_COLUMNS,
    area_table,
    finish,
    group_rows,
    point_table,
)
from landscape.analyse._overlay import (
    EVERY_FEATURE,
    areas_of,
    frame_ea,
    group_codes,
    raster_areas,
    raster_found,
    unit_ha,
    united_pieces,
)
from landscape.analyse.engine import Engine, LocalEngine
from landscape.catalogue import GROUP_PREFIX, Layer, LoadedLayer
from landscape.errors import InputError
from landscape.model import equal_area
from landscape.problems import Problem
from landscape.settings import EQUAL_AREA_CRS

__all__ = [
    "ALL_POINTS",
    "LAND_STATUS_COLUMNS",
    "Measured",
    "class_area",
    "district_total",
    "group_areas",
    "land_status",
    "mask_zones",
    "measure",
    "prepare_units",
    "unit_areas",
    "unknown_classes",
    "whole",
]



@dataclass(frozen=True, slots=True)
class Measured:
    """One layer measured once in one set of units; every table of theirs is read from it.

    Attributes
    ----------
    layer : LoadedLayer
    units_ea : geopandas.GeoDataFrame
        The prepared units (:func:`prepare_units`), EPSG:6933, indexed by code.
    table : pandas.DataFrame
        The land status: ``code`` then :data:`LAND_STATUS_COLUMNS`, in unit order,
        then class order (group rows included when measured with groups).
    pieces : pandas.DataFrame or None
        For vector ``classes`` layers: ``code, class_code, geometry`` (EPSG:6933), the
        layer's united pieces in each unit per class, per group (``group:<name>``) and
        for every feature of a class in the code list together (``"*"``); ``None`` for
        rasters and points.
    grid_ha : pandas.Series or None
        For rasters: each unit's hectares on the raster's grid (the denominator of its
        shares, :func:`landscape.analyse._overlay.raster_found`); ``None`` otherwise.
    """

    layer: LoadedLayer
    units_ea: gpd.GeoDataFrame
    table: pd.DataFrame
    pieces: pd.DataFrame | None = None
    grid_ha: pd.Series | None = None

    def unit_ha(self) -> pd.Series:
        """Return each unit's hectares as this layer's shares divide by them."""
        return unit_ha(self.units_ea) if self.grid_ha is None else self.grid_ha


# --- units --------------------------------------------------------------------------------


def prepare_units(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return the units in EPSG:6933, indexed by ``code`` (units sharing a code united).

    Units already in EPSG:6933 (``Linked.equal_area``) are not reprojected.

    Raises
    ------
    InputError
        If the frame has no ``code`` column or no CRS.
    """
    if "code" not in units.columns or units.crs is None:
        msg = "units for land status need a code column and a CRS (EPSG:4326 for lon/lat)"
        raise InputError(msg)
    frame = equal_area(units[["code", "geometry"]].assign(code=units["code"].astype(str)))
    if frame["code"].duplicated().any():
        frame = frame.dissolve(by="code", sort=False).reset_index()
    return gpd.GeoDataFrame(frame.set_index("code")[["geometry"]], geometry="geometry",
                            crs=EQUAL_AREA_CRS)


def unit_areas(units: gpd.GeoDataFrame) -> pd.Series:
    """Hectares of each unit in EPSG:6933, indexed by code (units sharing a code united)."""
    return unit_ha(prepare_units(units))


def whole(units_ea: gpd.GeoDataFrame, code: str) -> gpd.GeoDataFrame:
    """Return the union of prepared units as one prepared unit named ``code``."""
    union = shapely.union_all(units_ea.geometry.to_numpy())
    return gpd.GeoDataFrame(geometry=[union], index=pd.Index([code], name="code"),
                            crs=EQUAL_AREA_CRS)


def measure(units_ea: gpd.GeoDataFrame, layer: LoadedLayer, *, groups: bool = True,
            every: bool = False, features_ea: gpd.GeoDataFrame | None = None,
            threads: int = 2, engine: Engine | None = None) -> Measured:
    """Measure a layer in prepared units, once, for the land status and the priorities.

    Parameters
    ----------
    units_ea : geopandas.GeoDataFrame
        From :func:`prepare_units` (EPSG:6933, indexed by code).
    layer : LoadedLayer
        The layer to measure.
    groups : bool
        Add the rows of the layer's derived groups (``group:<name>``).
    every : bool
        For a vector layer, also unite every feature of a class in the layer's code list
        in each unit (pieces of class ``"*"``, never in the table), as the peat priority
        needs; features of unknown classes are never part of it.
    features_ea : geopandas.GeoDataFrame, optional
        The layer's features already in EPSG:6933 (a vector layer measured in several
        sets of units is reprojected once); by default reprojected here.
    threads : int
        Workers for raster counting (without ``engine``).
    engine : Engine, optional
        Where the overlay and the zonal counts run (:mod:`landscape.analyse.engine`); by
        default this process.

    Returns
    -------
    Measured
    """
    engine = engine or LocalEngine(threads=threads)
    catalogue = layer.layer
    pieces, grid = None, None
    if catalogue.kind == "points":
        table = point_table(units_ea, layer, features_ea)
    else:
        if layer.is_raster:
            found, grid = raster_found(units_ea, layer, threads=threads, zonal=engine.zonal)
        else:
            features = frame_ea(layer) if features_ea is None else features_ea
            sets = group_codes(catalogue) if groups else {}
            if every:
                sets = {**sets, EVERY_FEATURE: tuple(catalogue.classes)}
            pieces = engine.overlay(units_ea, features, sets)
            found = areas_of(pieces[pieces["class_code"] != EVERY_FEATURE])
        table = area_table(found, catalogue, unit_ha(units_ea) if grid is None else grid)
        if groups and layer.is_raster:
            table = group_rows(table, catalogue, key="code")
    order = [str(c) for c in units_ea.index]
    return Measured(layer, units_ea, finish(table, catalogue, key="code", order=order), pieces,
                    grid)


# --- the public tables ------------------------------------------------------------------


def land_status(units: gpd.GeoDataFrame, layer: LoadedLayer, *, key: str = "code",
                groups: bool = True, threads: int = 2) -> pd.DataFrame:
    """Hectares (or point counts) of each class of a layer inside each unit.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Columns ``code`` and geometry (any CRS; EPSG:4326 in the pipeline).
    layer : LoadedLayer
        From :func:`landscape.catalogue.read_layer`.
    key : str
        Name of the output column holding the unit code (e.g. ``"desa_code"``).
    groups : bool
        Add the rows of the layer's derived groups (``group:<name>``).
    threads : int
        Workers for raster counting.

    Returns
    -------
    pandas.DataFrame
        ``key`` then :data:`LAND_STATUS_COLUMNS`, in unit order, then class order.
    """
    table = measure(prepare_units(units), layer, groups=groups, threads=threads).table
    return table.rename(columns={"code": key})


def district_total(units: gpd.GeoDataFrame, layer: LoadedLayer, *, code: str = "kabupaten",
                   key: str = "code", groups: bool = True, threads: int = 2) -> pd.DataFrame:
    """Land status of the union of the units, so overlapping units never double-count.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        The units (e.g. every desa of the kabupaten), ``code`` and geometry.
    layer : LoadedLayer
        The layer to measure.
    code : str
        Value of ``key`` in the result (e.g. the kabupaten code ``"61.05"``).
    key, groups, threads
        As for :func:`land_status`.

    Returns
    -------
    pandas.DataFrame
        As :func:`land_status`, with one unit.
    """
    table = measure(whole(prepare_units(units), code), layer, groups=groups,
                    threads=threads).table
    return table.rename(columns={"code": key})


def group_areas(table: pd.DataFrame, layer: Layer, *, key: str | None = None) -> pd.DataFrame:
    """Add the rows of the layer's groups to a land-status table by summing class rows.

    Exact when a unit's classes do not overlap (always for rasters: a pixel has
    one value); :func:`land_status` measures vector groups from their united
    geometry instead. Existing group rows are replaced.

    Parameters
    ----------
    table : pandas.DataFrame
        A land-status table of one layer (``key`` first, then
        :data:`LAND_STATUS_COLUMNS`).
    layer : Layer
        The catalogue layer.
    key : str, optional
        Unit column; by default the first column.
    """
    key = key or str(table.columns[0])
    combined = group_rows(table, layer, key=key)
    return finish(combined, layer, key=key, order=list(dict.fromkeys(table[key].astype(str))))


def unknown_classes(table: pd.DataFrame, layer: LoadedLayer) -> list[Problem]:
    """Problems for class codes in a land-status table that the catalogue does not know.

    Vector layers report these when read; a raster's values are only known once
    counted, so call this on its land-status table.
    """
    if layer.layer.kind != "classes":
        return []
    codes = table.loc[table["layer"] == layer.id, "class_code"].astype(str)
    unknown = sorted(set(codes) - set(layer.layer.classes), key=layer.layer.order)
    return [Problem(layer.path.name, None, None, None, code,
                    f"pixel value {code} is not in the {layer.id} catalogue; counted as "
                    f"{layer.layer.label(code)!r}",
                    f"add it, or an alias, to layers/catalogue/{layer.id}.toml")
            for code in unknown if not code.startswith(GROUP_PREFIX)]


# --- building blocks shared with gaps ---------------------------------------------------


def class_area(units_ea: gpd.GeoDataFrame, layer: LoadedLayer,
               codes: Iterable[str] | None = None, *, threads: int = 2,
               engine: Engine | None = None) -> pd.Series:
    """Hectares of the union of some classes of a layer in each prepared unit.

    Parameters
    ----------
    units_ea : geopandas.GeoDataFrame
        From :func:`prepare_units` (or :func:`mask_zones`).
    layer : LoadedLayer
        A ``classes`` or ``loss_year`` layer.
    codes : iterable of str, optional
        Class codes (years for a loss layer) to count together; every class by default.
    threads : int
        Workers for raster counting (without ``engine``).
    engine : Engine, optional
        Where the overlay and the zonal counts run; by default this process.

    Returns
    -------
    pandas.Series
        Hectares indexed like ``units_ea`` (0 where none).
    """
    engine = engine or LocalEngine(threads=threads)
    wanted = None if codes is None else set(codes)
    result = pd.Series(0.0, index=units_ea.index.astype(str), dtype=float)
    if units_ea.empty:
        return result
    if layer.is_raster:
        found = raster_areas(units_ea, layer, threads=threads, zonal=engine.zonal)
        if wanted is not None:
            found = found[found["class_code"].isin(wanted)]
        sums = found.groupby("code")["area_ha"].sum()
    else:
        frame = frame_ea(layer)
        if wanted is not None:
            frame = frame[frame["class_code"].isin(wanted)]
        sums = areas_of(engine.overlay(units_ea, frame.assign(class_code="selected"))).set_index(
            "code")["area_ha"]
    return result.add(sums, fill_value=0.0).reindex(result.index)


def mask_zones(units_ea: gpd.GeoDataFrame, layer: LoadedLayer,
               codes: Iterable[str]) -> gpd.GeoDataFrame:
    """Return the part of each prepared unit covered by some classes of a vector layer.

    Returns
    -------
    geopandas.GeoDataFrame
        Indexed by unit code like ``units_ea`` (units not covered left out), EPSG:6933.
    """
    frame = frame_ea(layer)
    wanted = set(codes)
    chosen = frame[frame["class_code"].isin(wanted)].assign(class_code="selected")
    return zones_of(united_pieces(units_ea, chosen))


def zones_of(pieces: pd.DataFrame, class_code: str | None = None) -> gpd.GeoDataFrame:
    """Return united pieces (of one class) as prepared units: indexed by code, EPSG:6933.

    Units the pieces leave empty are left out.
    """
    if class_code is not None:
        pieces = pieces[pieces["class_code"] == class_code]
    pieces = pieces[~shapely.is_empty(np.asarray(pieces["geometry"], dtype=object))]
    return gpd.GeoDataFrame(pieces.set_index("code")[["geometry"]], geometry="geometry",
                            crs=EQUAL_AREA_CRS)
