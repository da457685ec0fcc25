"""Gaps: desa and kecamatan where priority land is large and no activity reaches.

:func:`priority_values` measures, for every unit, each priority whose layers
were given (:data:`PRIORITIES` says how each is computed);
:func:`gaps` keeps the units where a priority is present (``value > 0``) and no
activity is counted (``n_activities == 0``) and ranks them by value within each
priority (rank 1 = the most).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from landscape.analyse.landstatus import (
    ALL_POINTS,
    class_area,
    land_status,
    mask_zones,
    prepare_units,
    unit_areas,
)
from landscape.catalogue import LoadedLayer
from landscape.errors import InputError, LayerError
from landscape.settings import RECENT_LOSS_YEARS

__all__ = ["GAP_COLUMNS", "PRIORITIES", "PRIORITY_COLUMNS", "Priority", "gaps", "priority_values"]

#: Columns of :func:`priority_values`.
PRIORITY_COLUMNS = ["code", "name", "priority", "value", "unit", "years", "share_of_unit"]
#: Columns of :func:`gaps`.
GAP_COLUMNS = ["level", "code", "name", "priority", "value", "unit", "years", "share_of_unit",
               "n_activities", "rank"]
_COVER, _ESTATE, _PEAT, _LOSS, _FIRE = (
    "tutupan_lahan", "kawasan_hutan", "gambut", "kehilangan_tutupan_pohon", "hotspot",
)  # fmt: skip
_NATURAL_FOREST = "hutan_alam"
_APL = "APL"


@dataclass(frozen=True, slots=True)
class Priority:
    """A kind of priority land: name, labels, unit, the layers it needs, how it is measured."""

    name: str
    label: str
    label_en: str
    unit: str
    layers: tuple[str, ...]
    how: str


#: The priorities, in report order.
PRIORITIES: dict[str, Priority] = {p.name: p for p in (
    Priority("hutan_alam_apl", "Hutan alam di APL", "Natural forest in APL", "ha",
             (_COVER, _ESTATE),
             "hectares of the union of land-cover group hutan_alam inside forest-estate class "
             "APL (1007): vector layers overlaid in EPSG:6933; a land-cover raster counted in "
             "the zones unit ∩ APL (or an estate raster in unit ∩ natural forest)"),
    Priority("gambut", "Gambut", "Peat", "ha", (_PEAT,),
             "hectares of the union of every polygon of the peat file in the unit; for a "
             "raster, of every pixel that is neither 0 nor nodata"),
    Priority("kehilangan_tutupan_pohon", "Kehilangan tutupan pohon", "Tree-cover loss", "ha",
             (_LOSS,),
             "hectares of loss in the last N years up to the reference year (by default the "
             "latest loss year found in the units)"),
    Priority("hotspot", "Titik panas", "Fire hotspots", "hotspots", (_FIRE,),
             "hotspots in the unit in the last N years up to the reference year (by default "
             "the latest year in the hotspot file); all points if none is dated"),
    Priority("hotspot_density", "Kepadatan titik panas", "Hotspot density",
             "hotspots per 1000 ha", (_FIRE,),
             "the hotspot count divided by the unit's area, per 1,000 ha"),
)}


def priority_values(units: gpd.GeoDataFrame,
                    layers: Mapping[str, LoadedLayer] | Iterable[LoadedLayer], *,
                    loss_years: int = RECENT_LOSS_YEARS, reference_year: int | None = None,
                    threads: int = 2) -> pd.DataFrame:
    """Measure each priority whose layers are given, for every unit.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Desa or kecamatan: ``code``, ``name`` and geometry.
    layers : mapping or iterable of LoadedLayer
        The loaded landscape layers (by catalogue id); priorities whose layers
        are missing are left out.
    loss_years : int
        Length of the recent period for tree-cover loss and hotspots.
    reference_year : int, optional
        Last year of the recent period; by default the latest year in the data.
    threads : int
        Workers for raster counting.

    Returns
    -------
    pandas.DataFrame
        :data:`PRIORITY_COLUMNS`, one row per unit and priority (zeros kept).
        ``years`` is the period counted (``"2020-2024"``) where one applies;
        ``share_of_unit`` is the value over the unit's area for priorities in ha.
    """
    if loss_years < 1:
        msg = f"loss_years must be at least 1, not {loss_years}"
        raise InputError(msg)
    given = dict(layers) if isinstance(layers, Mapping) else {layer.id: layer for layer in layers}
    unit_ha = unit_areas(units)
    names = pd.Series(units["name"].astype(str).to_numpy() if "name" in units.columns
                      else units["code"].astype(str).to_numpy(),
                      index=units["code"].astype(str).to_numpy())
    names = names[~names.index.duplicated()]
    window = (loss_years, reference_year)
    frames = []
    if _COVER in given and _ESTATE in given:
        frames.append(_row("hutan_alam_apl", _natural_forest_in_apl(
            units, given[_COVER], given[_ESTATE], threads=threads), ""))
    if _PEAT in given:
        frames.append(_row("gambut", _peat(units, given[_PEAT], threads=threads), ""))
    if _LOSS in given:
        frames.append(_recent_loss(units, given[_LOSS], window, threads=threads))
    if _FIRE in given:
        frames += _recent_hotspots(units, given[_FIRE], window, unit_ha)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PRIORITY_COLUMNS})
    table = pd.concat(frames, ignore_index=True)
    table["name"] = table["code"].map(names).fillna("")
    table["unit"] = table["priority"].map({k: p.unit for k, p in PRIORITIES.items()})
    in_ha = table["unit"] == "ha"
    with np.errstate(divide="ignore", invalid="ignore"):
        share = table["value"].to_numpy(dtype=float) / table["code"].map(unit_ha).to_numpy(
            dtype=float)
    table["share_of_unit"] = np.where(in_ha & np.isfinite(share), share, np.nan)
    return table[PRIORITY_COLUMNS]


def gaps(priorities: pd.DataFrame, coverage: pd.DataFrame, *, level: str,
         top: int | None = None) -> pd.DataFrame:
    """Rank the units where a priority is present and no activity reaches.

    Parameters
    ----------
    priorities : pandas.DataFrame
        From :func:`priority_values`.
    coverage : pandas.DataFrame
        ``code`` (or ``<level>_code``) and ``n_activities`` per unit; a unit
        missing from it has no activity.
    level : str
        ``"desa"`` or ``"kecamatan"``, written in the ``level`` column.
    top : int, optional
        Keep at most this many gaps per priority.

    Returns
    -------
    pandas.DataFrame
        :data:`GAP_COLUMNS`: the gaps (``value > 0`` and ``n_activities == 0``),
        by priority (in :data:`PRIORITIES` order), then rank (1 = largest value;
        ties by code).
    """
    code_column = "code" if "code" in coverage.columns else f"{level}_code"
    if code_column not in coverage.columns or "n_activities" not in coverage.columns:
        msg = f"coverage needs columns {code_column} and n_activities to find gaps"
        raise InputError(msg)
    counts = pd.Series(coverage["n_activities"].to_numpy(),
                       index=coverage[code_column].astype(str).to_numpy())
    counts = counts.groupby(level=0).sum()
    table = priorities.assign(code=priorities["code"].astype(str))
    table["n_activities"] = table["code"].map(counts).fillna(0).astype("int64")
    table = table[(table["value"].astype(float) > 0) & (table["n_activities"] == 0)]
    order = {name: i for i, name in enumerate(PRIORITIES)}
    table = table.assign(_order=table["priority"].map(order).fillna(len(order)),
                         _value=-table["value"].astype(float))
    table = table.sort_values(["_order", "priority", "_value", "code"], kind="stable")
    table["rank"] = table.groupby("priority", sort=False).cumcount() + 1
    if top is not None:
        table = table[table["rank"] <= top]
    table["level"] = level
    return table[GAP_COLUMNS].reset_index(drop=True)


# --- the measures ------------------------------------------------------------------------


def _row(priority: str, values: pd.Series, years: str) -> pd.DataFrame:
    return pd.DataFrame({"code": values.index.astype(str), "priority": priority,
                         "value": values.to_numpy(dtype=float), "years": years})


def _natural_forest_in_apl(units: gpd.GeoDataFrame, cover: LoadedLayer, estate: LoadedLayer,
                           *, threads: int) -> pd.Series:
    group = cover.layer.groups.get(_NATURAL_FOREST)
    apl = estate.layer.code_for(_APL)
    if group is None or apl is None:
        msg = (f"the catalogue needs group {_NATURAL_FOREST} in {cover.id} and class {_APL} "
               f"in {estate.id} to measure natural forest in APL")
        raise LayerError(msg)
    units_ea = prepare_units(units)
    if not estate.is_raster:
        found = class_area(mask_zones(units_ea, estate, [apl]), cover, group.codes,
                           threads=threads)
    elif not cover.is_raster:
        found = class_area(mask_zones(units_ea, cover, group.codes), estate, [apl],
                           threads=threads)
    else:
        msg = (f"{cover.path.name} and {estate.path.name} are both rasters; give one of "
               "them as polygons to measure natural forest in APL")
        raise LayerError(msg)
    return found.reindex(units_ea.index.astype(str), fill_value=0.0)


def _peat(units: gpd.GeoDataFrame, peat: LoadedLayer, *, threads: int) -> pd.Series:
    """Every polygon of a peat file is peat; in a raster every pixel but 0 and nodata."""
    if not peat.is_raster:
        return class_area(prepare_units(units), peat, threads=threads)
    table = land_status(units, peat, groups=False, threads=threads)
    codes = pd.Index(units["code"].astype(str).unique())
    values = table[table["class_code"] != "0"].groupby("code")["area_ha"].sum()
    return values.reindex(codes, fill_value=0.0)


def _period(years: Iterable[int], window: tuple[int, int | None]) -> tuple[list[int], str]:
    known = sorted(set(years))
    length, reference = window
    last = reference if reference is not None else (known[-1] if known else None)
    if last is None:
        return [], ""
    first = last - length + 1
    return list(range(first, last + 1)), f"{first}-{last}" if first != last else str(last)


def _recent_loss(units: gpd.GeoDataFrame, loss: LoadedLayer, window: tuple[int, int | None],
                 *, threads: int) -> pd.DataFrame:
    table = land_status(units, loss, groups=False, threads=threads)
    years = [int(c) for c in table["class_code"] if str(c).isdigit()]
    chosen, label = _period(years, window)
    recent = table[table["class_code"].isin([str(y) for y in chosen])]
    values = recent.groupby("code")["area_ha"].sum()
    codes = pd.Index(units["code"].astype(str).unique())
    return _row("kehilangan_tutupan_pohon", values.reindex(codes, fill_value=0.0), label)


def _recent_hotspots(units: gpd.GeoDataFrame, fire: LoadedLayer,
                     window: tuple[int, int | None], unit_ha: pd.Series) -> list[pd.DataFrame]:
    table = land_status(units, fire, groups=False)
    dated = [] if fire.frame is None else [int(y) for y in fire.frame["year"].dropna()]
    chosen, label = _period(dated, window)
    if dated:
        rows = table[table["class_code"].isin([str(y) for y in chosen])]
    else:
        rows, label = table[table["class_code"] == ALL_POINTS], "all dates"
    codes = pd.Index(units["code"].astype(str).unique())
    counts = rows.groupby("code")["n_points"].sum().astype(float).reindex(codes, fill_value=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = counts / unit_ha.reindex(codes).to_numpy(dtype=float) * 1000.0
    density = density.where(np.isfinite(density), np.nan)
    return [_row("hotspot", counts, label), _row("hotspot_density", density, label)]
