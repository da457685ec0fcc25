"""The raw measures of a layer in units already in EPSG:6933: vector overlay, raster counts.

Vector layers: each (unit, feature) pair that intersects is cut once
(:func:`united_pieces`); the pieces are then united per unit and class, per unit and
derived group, and, when asked, per unit for every feature together (class
:data:`EVERY_FEATURE`). Pieces are united in the order of the features in the
layer, whatever the spatial index returns, so a union never depends on what else
was measured with it. Rasters: :func:`raster_areas` counts pixel centres with
:func:`landscape.analyse.zonal.zonal_counts` and turns pixel values into codes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import rasterio
import shapely

from landscape.analyse.zonal import zonal_counts
from landscape.catalogue import GROUP_PREFIX, Layer, LoadedLayer
from landscape.errors import InputError
from landscape.model import equal_area
from landscape.read._layercheck import loss_year, plausible_years
from landscape.settings import SQUARE_METRES_PER_HECTARE

#: Class of the union of every feature of a vector layer in a unit (never in a table).
EVERY_FEATURE = "*"
_POLYGON_TYPES = (3, 6)
_ROUNDING = 1e-9


def frame_ea(layer: LoadedLayer) -> gpd.GeoDataFrame:
    """Return a vector layer's ``class_code`` and geometry in EPSG:6933.

    Raises
    ------
    InputError
        If the layer holds no vector features (a raster).
    """
    if layer.frame is None:
        msg = f"{layer.path.name}: layer {layer.id} holds no vector features"
        raise InputError(msg)
    return equal_area(layer.frame[["class_code", "geometry"]])


def unit_ha(units_ea: gpd.GeoDataFrame) -> pd.Series:
    """Hectares of each prepared unit, indexed by code."""
    area = shapely.area(units_ea.geometry.to_numpy()) / SQUARE_METRES_PER_HECTARE
    return pd.Series(area, index=units_ea.index.astype(str), dtype=float)


def group_codes(layer: Layer) -> dict[str, tuple[str, ...]]:
    """Return the layer's derived groups as ``{"group:<name>": member codes}``."""
    return {GROUP_PREFIX + g.name: g.codes for g in layer.groups.values()}


#: Runs a function on each tuple of arguments and gives the results in order:
#: ``[function(*args) for args in items]`` here; on a cluster in the Dask engine.
Runner = Callable[[Callable[..., Any], list[tuple[Any, ...]]], list[Any]]


def _here(function: Callable[..., Any], items: list[tuple[Any, ...]]) -> list[Any]:
    return [function(*args) for args in items]


def united_pieces(units_ea: gpd.GeoDataFrame, features_ea: gpd.GeoDataFrame,
                  sets: Mapping[str, tuple[str, ...]] | None = None, *,
                  every: bool = False, run: Runner = _here, chunks: int = 1) -> pd.DataFrame:
    """Unite a layer's pieces inside each unit, per class (and per set of classes).

    Parameters
    ----------
    units_ea : geopandas.GeoDataFrame
        Prepared units (EPSG:6933, indexed by code).
    features_ea : geopandas.GeoDataFrame
        ``class_code`` and polygons, EPSG:6933.
    sets : mapping of str to tuple of str, optional
        Further classes made of several codes (derived groups), by their class code.
    every : bool
        Add the union of every feature as class :data:`EVERY_FEATURE`.
    run : callable, optional
        Runs the cutting and the unions, ``chunks`` calls each (see :data:`Runner`); a
        piece and a union do not depend on how they are shared out, so the result is the
        same, bit for bit, for any ``run`` and ``chunks``.
    chunks : int
        Calls of ``run`` to share the cutting, then the unions, between (balanced by
        vertices); 1: one call each.

    Returns
    -------
    pandas.DataFrame
        ``code, class_code, geometry`` (EPSG:6933), one row per unit and class present.
    """
    ugeoms = units_ea.geometry.to_numpy()
    lgeoms = features_ea.geometry.to_numpy()
    unit_i, layer_i = shapely.STRtree(lgeoms).query(ugeoms, predicate="intersects")
    canon = np.lexsort((layer_i, unit_i))
    unit_i, layer_i = unit_i[canon], layer_i[canon]
    units, features = ugeoms[unit_i], lgeoms[layer_i]
    shares = _shares(shapely.get_num_coordinates(features), chunks)
    found = run(_pieces, [(units[share], features[share]) for share in shares])
    pieces = np.empty(len(features), dtype=object)
    for share, cut in zip(shares, found, strict=True):
        pieces[share] = cut
    codes = units_ea.index.to_numpy().astype(str)[unit_i]
    classes = features_ea["class_code"].to_numpy().astype(str)[layer_i]
    chosen = [np.ones(len(classes), dtype=bool)]
    labels = [classes]
    for name, members in (sets or {}).items():
        chosen.append(np.isin(classes, list(members)))
        labels.append(np.full(len(classes), name, dtype=object))
    if every:
        chosen.append(np.ones(len(classes), dtype=bool))
        labels.append(np.full(len(classes), EVERY_FEATURE, dtype=object))
    return _unite(np.concatenate([codes[c] for c in chosen]),
                  np.concatenate([lab[c] for lab, c in zip(labels, chosen, strict=True)]),
                  np.concatenate([pieces[c] for c in chosen]), run, chunks)


def _shares(costs: npt.NDArray[np.integer[Any]], chunks: int) -> list[npt.NDArray[np.int64]]:
    """Share positions 0..n-1 out into at most ``chunks`` sets of about equal cost.

    Largest first, each to the lightest set so far; positions sorted within a set.
    """
    if chunks <= 1 or len(costs) < 2:
        return [np.arange(len(costs), dtype=np.int64)] if len(costs) else []
    loads = np.zeros(min(chunks, len(costs)))
    owner = np.empty(len(costs), dtype=np.int64)
    for position in np.argsort(-np.asarray(costs), kind="stable"):
        owner[position] = lightest = int(np.argmin(loads))
        loads[lightest] += costs[position]
    return [share for k in range(len(loads)) if (share := np.flatnonzero(owner == k)).size]


def _unite(codes: np.ndarray, classes: np.ndarray, pieces: np.ndarray, run: Runner,
           chunks: int) -> pd.DataFrame:
    group, keys = pd.factorize(pd.MultiIndex.from_arrays([codes, classes.astype(str)]),
                               sort=False)
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    lists = np.split(pieces[order], bounds) if len(order) else []
    costs = (np.array([shapely.get_num_coordinates(chosen).sum() for chosen in lists])
             if chunks > 1 else np.ones(len(lists), dtype=np.int64))
    shares = _shares(costs, chunks)
    geometry = np.empty(len(lists), dtype=object)
    for share, united in zip(shares, run(_union_each, [([lists[i] for i in share],)
                                                         for share in shares]), strict=True):
        geometry[share] = united
    return pd.DataFrame({"code": keys.get_level_values(0).astype(str),
                         "class_code": keys.get_level_values(1).astype(str),
                         "geometry": list(geometry)})


def _union_each(lists: list[np.ndarray]) -> list[shapely.Geometry]:
    """Return the union of each list of pieces (a lone piece as it is)."""
    return [chosen[0] if len(chosen) == 1 else shapely.union_all(chosen) for chosen in lists]


def _pieces(units: np.ndarray, features: np.ndarray) -> np.ndarray:
    """Intersect pairs; a feature wholly inside its unit is taken as it is (much faster)."""
    shapely.prepare(units)
    inside = shapely.contains_properly(units, features)
    pieces = np.empty(len(units), dtype=object)
    pieces[inside] = features[inside]
    pieces[~inside] = _polygonal(shapely.intersection(units[~inside], features[~inside]))
    return pieces


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep the polygonal parts of intersection results (touching edges give lines)."""
    geoms = np.asarray(geoms, dtype=object)
    odd = ~np.isin(shapely.get_type_id(geoms), _POLYGON_TYPES)
    for i in np.flatnonzero(odd):
        parts = [p for p in shapely.get_parts(geoms[i])
                 if shapely.get_type_id(p) in _POLYGON_TYPES]
        geoms[i] = shapely.union_all(parts) if parts else shapely.Polygon()
    return geoms


def areas_of(unions: pd.DataFrame) -> pd.DataFrame:
    """``code, class_code, area_ha`` of united pieces, rows without area left out."""
    area = shapely.area(np.asarray(unions["geometry"], dtype=object))
    found = unions[["code", "class_code"]].assign(area_ha=area / SQUARE_METRES_PER_HECTARE)
    return found[found["area_ha"] > 0].reset_index(drop=True)


def raster_areas(units_ea: gpd.GeoDataFrame, layer: LoadedLayer, *, threads: int,
                 zonal: Callable[..., pd.DataFrame] | None = None) -> pd.DataFrame:
    """``code, class_code, area_ha`` of a raster layer's classes (loss years) in each unit."""
    return raster_found(units_ea, layer, threads=threads, zonal=zonal)[0]


def raster_found(units_ea: gpd.GeoDataFrame, layer: LoadedLayer, *, threads: int,
                 zonal: Callable[..., pd.DataFrame] | None = None,
                 ) -> tuple[pd.DataFrame, pd.Series]:
    """Return a raster layer's classes in each unit, and each unit's grid hectares.

    A pixel counts in a unit when its centre lies inside (:mod:`landscape.analyse.zonal`).
    The unit's hectares on the grid are those of every pixel of the raster whose centre
    lies inside, nodata included (NaN of a float raster excepted): the denominator of every
    share of this raster, so that a share never exceeds 1 however the pixels meet the
    unit's edge. Classes: loss years (0, no loss, and values that are not plausible years,
    reported when read, left out), the mask class of a mask raster (0 left out), else the
    catalogue code of each value. ``zonal(raster, zones, nodata=...)`` counts, if given
    (an engine's, :mod:`landscape.analyse.engine`); else :func:`zonal_counts` on
    ``threads`` threads.

    Raises
    ------
    InputError
        If the layer is not a raster.
    """
    if layer.raster is None:
        msg = f"{layer.path.name}: layer {layer.id} is not a raster"
        raise InputError(msg)
    zones = units_ea[~units_ea.geometry.is_empty & units_ea.geometry.notna()]
    with rasterio.open(layer.raster) as src:
        nodata = src.nodatavals[0]
    counts = (zonal(layer.raster, zones, nodata=math.nan) if zonal is not None
              else zonal_counts(layer.raster, zones, nodata=math.nan, threads=threads))
    grid = counts.groupby(counts["zone"].astype(str), sort=False)["area_ha"].sum()
    grid = grid.reindex(units_ea.index.astype(str), fill_value=0.0)
    if nodata is not None and not math.isnan(nodata):
        counts = counts[counts["value"] != int(nodata)]
    values = counts["value"].astype("int64")
    catalogue = layer.layer
    if catalogue.kind == "loss_year":
        first, last = plausible_years(catalogue)
        years = np.array([loss_year(catalogue, int(v)) for v in values], dtype=np.int64)
        keep = (years >= first) & (years <= last)
        counts, codes = counts[keep], [str(y) for y in years[keep]]
    elif layer.mask_class is not None:
        counts = counts[values != 0]
        codes = [layer.mask_class] * len(counts)
    else:
        codes = [str(catalogue.code_for(int(v))) for v in values]
    found = pd.DataFrame({"code": counts["zone"].astype(str).to_numpy(), "class_code": codes,
                          "area_ha": counts["area_ha"].to_numpy(dtype=float)})
    found = found.groupby(["code", "class_code"], sort=False)["area_ha"].sum().reset_index()
    return found, grid


def shares(area_ha: npt.ArrayLike, unit_ha: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Return area over unit area, NaN where the unit has none.

    Numerator and denominator must be measured alike (:func:`raster_found`; for vector
    layers the pieces are cut from the unit): a share can then pass 1 only by rounding
    in the last digits (a piece equal to its unit), and is written as 1 there.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.asarray(area_ha, dtype=float) / np.asarray(unit_ha, dtype=float)
    share = np.where(np.isfinite(share), share, np.nan)
    rounding = (share > 1.0) & (share <= 1.0 + _ROUNDING)
    return np.where(rounding, 1.0, share)
