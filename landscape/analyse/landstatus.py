"""Land status: hectares of each class of each landscape layer inside each unit.

A *unit* is anything with a code and a polygon: a desa, a kecamatan, an activity's
area, an action item's area. :func:`land_status` returns one long row per unit,
layer and class, so that any pivot is easy:

``<key>, layer, class_code, class, area_ha, share, n_points, per_1000_ha``

Rules, stated once:

* Areas are measured in EPSG:6933 (:data:`landscape.settings.EQUAL_AREA_CRS`);
  ``share`` is ``area_ha`` divided by the unit's area there. Units that share a
  code (an activity with several polygons) are united first.
* Vector layers: the pieces of a layer's polygons inside a unit are united per
  class before measuring, so a layer's own overlapping polygons never count twice.
  Different classes may overlap (concessions do), so shares can add up to more than 1.
* Categorical rasters: a pixel counts in a unit when its centre lies inside
  (:func:`landscape.analyse.zonal.zonal_counts`); nodata pixels are not counted.
* Loss-year rasters: ``class_code`` and ``class`` are the year (value 0, no loss,
  is left out; 1..24 are read as 2001..2024, values already in years as such).
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

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landscape.analyse.zonal import zonal_counts
from landscape.catalogue import GROUP_PREFIX, Layer, LoadedLayer
from landscape.errors import InputError
from landscape.model import equal_area
from landscape.problems import Problem
from landscape.settings import EQUAL_AREA_CRS, SQUARE_METRES_PER_HECTARE

__all__ = [
    "ALL_POINTS",
    "LAND_STATUS_COLUMNS",
    "class_area",
    "district_total",
    "group_areas",
    "land_status",
    "mask_zones",
    "prepare_units",
    "unit_areas",
    "unknown_classes",
]

#: Columns after the unit key, in this order.
LAND_STATUS_COLUMNS: tuple[str, ...] = (
    "layer", "class_code", "class", "area_ha", "share", "n_points", "per_1000_ha",
)  # fmt: skip
#: ``class_code`` of the row counting every point of a unit.
ALL_POINTS = "all"
_POLYGON_TYPES = (3, 6)


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
    return _unit_ha(prepare_units(units))


def _unit_ha(units_ea: gpd.GeoDataFrame) -> pd.Series:
    area = shapely.area(units_ea.geometry.to_numpy()) / SQUARE_METRES_PER_HECTARE
    return pd.Series(area, index=units_ea.index.astype(str), dtype=float)


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
    return _status(prepare_units(units), layer, key=key, groups=groups, threads=threads)


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
    prepared = prepare_units(units)
    union = shapely.union_all(prepared.geometry.to_numpy())
    whole = gpd.GeoDataFrame(geometry=[union], index=pd.Index([code], name="code"),
                             crs=EQUAL_AREA_CRS)
    return _status(whole, layer, key=key, groups=groups, threads=threads)


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
    combined = _group_rows(table, layer, key=key)
    return _finish(combined, layer, key=key, order=list(dict.fromkeys(table[key].astype(str))))


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
               codes: Iterable[str] | None = None, *, threads: int = 2) -> pd.Series:
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
        Workers for raster counting.

    Returns
    -------
    pandas.Series
        Hectares indexed like ``units_ea`` (0 where none).
    """
    wanted = None if codes is None else set(codes)
    result = pd.Series(0.0, index=units_ea.index.astype(str), dtype=float)
    if units_ea.empty:
        return result
    if layer.is_raster:
        found = _raster_areas(units_ea, layer, threads=threads)
        if wanted is not None:
            found = found[found["class_code"].isin(wanted)]
        sums = found.groupby("code")["area_ha"].sum()
    else:
        frame = _frame_ea(layer)
        if wanted is not None:
            frame = frame[frame["class_code"].isin(wanted)]
        sums = _vector_areas(units_ea, frame.assign(class_code="selected")).set_index(
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
    frame = _frame_ea(layer)
    wanted = set(codes)
    chosen = frame[frame["class_code"].isin(wanted)].assign(class_code="selected")
    unions = _unions(units_ea, chosen)
    unions = unions[~shapely.is_empty(unions.geometry.to_numpy())]
    return gpd.GeoDataFrame(unions.set_index("code")[["geometry"]], geometry="geometry",
                            crs=EQUAL_AREA_CRS)


# --- internals ----------------------------------------------------------------------------


def _status(units_ea: gpd.GeoDataFrame, layer: LoadedLayer, *, key: str, groups: bool,
            threads: int) -> pd.DataFrame:
    catalogue = layer.layer
    if catalogue.kind == "points":
        table = _point_table(units_ea, layer)
    else:
        if layer.is_raster:
            found = _raster_areas(units_ea, layer, threads=threads)
        else:
            found = _vector_areas(units_ea, _with_groups(_frame_ea(layer), catalogue, groups))
        table = _area_table(units_ea, found, catalogue)
        if groups and layer.is_raster:
            table = _group_rows(table, catalogue, key="code")
    order = [str(c) for c in units_ea.index]
    return _finish(table.rename(columns={"code": key}), catalogue, key=key, order=order)


def _group_rows(table: pd.DataFrame, layer: Layer, *, key: str) -> pd.DataFrame:
    """Return the table's class rows plus group rows summed from them."""
    plain = table[~table["class_code"].astype(str).str.startswith(GROUP_PREFIX)]
    rows = [plain]
    for group in layer.groups.values():
        members = plain[plain["class_code"].isin(list(group.codes))]
        if members.empty:
            continue
        summed = members.groupby(key, sort=False)[["area_ha", "share"]].sum(min_count=1)
        rows.append(summed.reset_index().assign(class_code=GROUP_PREFIX + group.name,
                                                layer=layer.id))
    combined = pd.concat(rows, ignore_index=True)
    combined["class"] = [layer.label(str(c)) for c in combined["class_code"]]
    return combined


def _frame_ea(layer: LoadedLayer) -> gpd.GeoDataFrame:
    if layer.frame is None:
        msg = f"{layer.path.name}: layer {layer.id} holds no vector features"
        raise InputError(msg)
    return layer.frame[["class_code", "geometry"]].to_crs(EQUAL_AREA_CRS)


def _with_groups(frame: gpd.GeoDataFrame, layer: Layer, groups: bool) -> gpd.GeoDataFrame:
    if not groups or not layer.groups:
        return frame
    parts = [frame]
    for group in layer.groups.values():
        members = frame[frame["class_code"].isin(list(group.codes))]
        parts.append(members.assign(class_code=GROUP_PREFIX + group.name))
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), geometry="geometry",
                            crs=frame.crs)


def _unions(units_ea: gpd.GeoDataFrame, frame_ea: gpd.GeoDataFrame) -> pd.DataFrame:
    """Unite a layer's pieces per unit and class: ``code, class_code, geometry``."""
    ugeoms = units_ea.geometry.to_numpy()
    lgeoms = frame_ea.geometry.to_numpy()
    unit_i, layer_i = shapely.STRtree(lgeoms).query(ugeoms, predicate="intersects")
    pieces = _pieces(ugeoms[unit_i], lgeoms[layer_i])
    codes = units_ea.index.to_numpy().astype(str)[unit_i]
    classes = frame_ea["class_code"].to_numpy().astype(str)[layer_i]
    group, keys = pd.factorize(pd.MultiIndex.from_arrays([codes, classes]), sort=False)
    order = np.argsort(group, kind="stable")
    bounds = np.flatnonzero(np.diff(group[order])) + 1
    geometry = [chosen[0] if len(chosen) == 1 else shapely.union_all(chosen)
                for chosen in np.split(pieces[order], bounds)] if len(order) else []
    return pd.DataFrame({"code": keys.get_level_values(0).astype(str),
                         "class_code": keys.get_level_values(1).astype(str),
                         "geometry": geometry})


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


def _vector_areas(units_ea: gpd.GeoDataFrame, frame_ea: gpd.GeoDataFrame) -> pd.DataFrame:
    unions = _unions(units_ea, frame_ea)
    area = shapely.area(np.asarray(unions["geometry"], dtype=object))
    found = unions[["code", "class_code"]].assign(area_ha=area / SQUARE_METRES_PER_HECTARE)
    return found[found["area_ha"] > 0].reset_index(drop=True)


def _raster_areas(units_ea: gpd.GeoDataFrame, layer: LoadedLayer, *,
                  threads: int) -> pd.DataFrame:
    if layer.raster is None:
        msg = f"{layer.path.name}: layer {layer.id} is not a raster"
        raise InputError(msg)
    zones = units_ea[~units_ea.geometry.is_empty & units_ea.geometry.notna()]
    counts = zonal_counts(layer.raster, zones, threads=threads)
    values = counts["value"].astype("int64")
    if layer.layer.kind == "loss_year":
        offset = layer.layer.year_offset
        counts = counts[values != 0]
        values = values[values != 0]
        codes = [str(v + offset if 0 < v < 1000 else v) for v in values]
    else:
        codes = [str(layer.layer.code_for(int(v))) for v in values]
    found = pd.DataFrame({"code": counts["zone"].astype(str).to_numpy(), "class_code": codes,
                          "area_ha": counts["area_ha"].to_numpy(dtype=float)})
    return found.groupby(["code", "class_code"], sort=False, as_index=False)["area_ha"].sum()


def _area_table(units_ea: gpd.GeoDataFrame, found: pd.DataFrame, layer: Layer) -> pd.DataFrame:
    unit_ha = _unit_ha(units_ea)
    table = found.assign(layer=layer.id)
    table["class"] = [layer.label(c) for c in table["class_code"]]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = table["area_ha"].to_numpy() / table["code"].map(unit_ha).to_numpy(dtype=float)
    table["share"] = np.where(np.isfinite(share), share, np.nan)
    table["n_points"] = pd.Series(pd.NA, index=table.index, dtype="Int64")
    table["per_1000_ha"] = np.nan
    return table


def _point_table(units_ea: gpd.GeoDataFrame, layer: LoadedLayer) -> pd.DataFrame:
    if layer.frame is None:
        msg = f"{layer.path.name}: layer {layer.id} holds no points"
        raise InputError(msg)
    points = layer.frame.to_crs(EQUAL_AREA_CRS)
    unit_i, point_i = shapely.STRtree(points.geometry.to_numpy()).query(
        units_ea.geometry.to_numpy(), predicate="covers")
    codes = units_ea.index.to_numpy().astype(str)
    hits = pd.DataFrame({"code": codes[unit_i],
                         "year": points["year"].to_numpy()[point_i]})
    totals = hits.groupby("code").size().reindex(codes, fill_value=0)
    rows = [pd.DataFrame({"code": codes, "class_code": ALL_POINTS, "n_points": totals.to_numpy()})]
    dated = hits.dropna(subset=["year"])
    if not dated.empty:
        per_year = dated.groupby(["code", "year"]).size().reset_index(name="n_points")
        rows.append(per_year.assign(class_code=per_year["year"].astype(int).astype(str))
                    .drop(columns="year"))
    table = pd.concat(rows, ignore_index=True)
    table["layer"] = layer.id
    table["class"] = [layer.id if c == ALL_POINTS else f"{layer.id} {c}"
                      for c in table["class_code"]]
    unit_ha = table["code"].map(_unit_ha(units_ea)).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = table["n_points"].to_numpy(dtype=float) / unit_ha * 1000.0
    table["per_1000_ha"] = np.where(np.isfinite(density), density, np.nan)
    table["n_points"] = table["n_points"].astype("Int64")
    table["area_ha"] = np.nan
    table["share"] = np.nan
    return table


def _finish(table: pd.DataFrame, layer: Layer, *, key: str, order: list[str]) -> pd.DataFrame:
    """Sort by unit order, then class order; fix the columns and their types."""
    position = {code: i for i, code in enumerate(order)}
    ranks = [_class_rank(layer, str(c)) for c in table["class_code"]]
    table = table.assign(_unit=table[key].astype(str).map(position),
                         _class=[r[0] for r in ranks], _year=[r[1] for r in ranks])
    table = table.sort_values(["_unit", "_class", "_year"], kind="stable")
    out = table[[key, *LAND_STATUS_COLUMNS]].reset_index(drop=True)
    out[key] = out[key].astype(str)
    out["class_code"] = out["class_code"].astype(str)
    out["class"] = out["class"].astype(str)
    out["area_ha"] = out["area_ha"].astype(float)
    out["share"] = out["share"].astype(float)
    out["n_points"] = out["n_points"].astype("Int64")
    out["per_1000_ha"] = out["per_1000_ha"].astype(float)
    return out


def _class_rank(layer: Layer, code: str) -> tuple[int, int]:
    if code == ALL_POINTS:
        return (-1, 0)
    if code.isdigit() and layer.kind != "classes":
        return (0, int(code))
    return (layer.order(code), 0)
