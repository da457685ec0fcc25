"""Gaps: desa and kecamatan where priority land is large and no activity reaches.

:func:`measured_priorities` reads, for every unit, each priority whose layers
were given from the land status measured once per layer
(:class:`landscape.analyse.landstatus.Measured`; :data:`PRIORITIES` says how each is
computed); :func:`priority_values` measures the layers first;
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

from landscape.analyse._overlay import EVERY_FEATURE, areas_of, shares, unit_ha
from landscape.analyse.engine import Engine
from landscape.analyse.landstatus import (
    ALL_POINTS,
    Measured,
    class_area,
    measure,
    prepare_units,
    zones_of,
)
from landscape.catalogue import GROUP_PREFIX, LoadedLayer
from landscape.errors import InputError, LayerError
from landscape.settings import RECENT_LOSS_YEARS

__all__ = [
    "GAP_COLUMNS",
    "PRIORITIES",
    "PRIORITY_COLUMNS",
    "UNITED_LAYERS",
    "Priority",
    "gaps",
    "measured_priorities",
    "priority_values",
]

#: Columns of :func:`priority_values`.
PRIORITY_COLUMNS = ["code", "name", "priority", "value", "unit", "years", "share_of_unit"]
#: Columns of :func:`gaps`.
GAP_COLUMNS = ["level", "code", "name", "priority", "value", "unit", "years", "share_of_unit",
               "n_activities", "rank"]
_COVER, _ESTATE, _PEAT, _LOSS, _FIRE = (
    "tutupan_lahan", "kawasan_hutan", "gambut", "kehilangan_tutupan_pohon", "hotspot",
)  # fmt: skip
_NEEDED = frozenset({_COVER, _ESTATE, _PEAT, _LOSS, _FIRE})
_NATURAL_FOREST = "hutan_alam"
_APL = "APL"
#: Layers whose every feature, united, is a priority: measure them with ``every=True``.
UNITED_LAYERS = frozenset({_PEAT})


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
             "hectares of the union of every polygon of the peat file in the unit whose class "
             "is in the peat code list; for a raster, of every pixel of such a class (of a "
             "0/1 mask, every pixel that is neither 0 nor nodata)"),
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
        ``share_of_unit`` is the value over the unit's hectares measured as the value was
        (its polygon area, or for a raster the pixels whose centre lies in it), for ha.
    """
    given = dict(layers) if isinstance(layers, Mapping) else {layer.id: layer for layer in layers}
    units_ea = prepare_units(units)
    measured = {layer_id: measure(units_ea, layer, every=layer_id in UNITED_LAYERS,
                                  threads=threads)
                for layer_id, layer in given.items() if layer_id in _NEEDED}
    return measured_priorities(units, measured, loss_years=loss_years,
                               reference_year=reference_year, threads=threads)


def measured_priorities(units: gpd.GeoDataFrame, measured: Mapping[str, Measured], *,
                        loss_years: int = RECENT_LOSS_YEARS, reference_year: int | None = None,
                        threads: int = 2, engine: Engine | None = None) -> pd.DataFrame:
    """Read each priority whose layers were measured from their land status, for every unit.

    Parameters
    ----------
    units : geopandas.GeoDataFrame
        Desa or kecamatan: ``code`` and ``name`` (for the names and the order of codes).
    measured : mapping of str to Measured
        The layers measured in these units (with groups; layers of
        :data:`UNITED_LAYERS` with ``every=True``), by catalogue id.
    loss_years, reference_year, threads
        As for :func:`priority_values`; ``threads`` counts a raster in the zones
        unit ∩ APL (natural forest in APL), the one measure not in a land-status table.
    engine : Engine, optional
        Where that measure runs (:mod:`landscape.analyse.engine`); by default this process.

    Returns
    -------
    pandas.DataFrame
        As :func:`priority_values`.

    Raises
    ------
    InputError
        If ``loss_years`` is below 1.
    LayerError
        If the catalogue lacks what natural forest in APL needs, or both its layers are
        rasters.
    """
    if loss_years < 1:
        msg = f"loss_years must be at least 1, not {loss_years}"
        raise InputError(msg)
    frames = []
    if not measured:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PRIORITY_COLUMNS})
    areas_ha = unit_ha(next(iter(measured.values())).units_ea)
    codes = pd.Index(units["code"].astype(str).unique())
    window = (loss_years, reference_year)
    denominators: dict[str, pd.Series] = {}
    if _COVER in measured and _ESTATE in measured:
        found, denominators["hutan_alam_apl"] = _natural_forest_in_apl(
            measured[_COVER], measured[_ESTATE], threads=threads, engine=engine)
        frames.append(_row("hutan_alam_apl", found, ""))
    if _PEAT in measured:
        frames.append(_row("gambut", _peat(measured[_PEAT], codes), ""))
        denominators["gambut"] = measured[_PEAT].unit_ha()
    if _LOSS in measured:
        frames.append(_recent_loss(measured[_LOSS], window, codes))
        denominators["kehilangan_tutupan_pohon"] = measured[_LOSS].unit_ha()
    if _FIRE in measured:
        frames += _recent_hotspots(measured[_FIRE], window, codes, areas_ha)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in PRIORITY_COLUMNS})
    names = pd.Series(units["name"].astype(str).to_numpy() if "name" in units.columns
                      else units["code"].astype(str).to_numpy(),
                      index=units["code"].astype(str).to_numpy())
    names = names[~names.index.duplicated()]
    table = pd.concat(frames, ignore_index=True)
    table["name"] = table["code"].map(names).fillna("")
    table["unit"] = table["priority"].map({k: p.unit for k, p in PRIORITIES.items()})
    table["share_of_unit"] = np.nan
    for priority, hectares in denominators.items():
        rows = table["priority"] == priority
        table.loc[rows, "share_of_unit"] = shares(table.loc[rows, "value"],
                                                  table.loc[rows, "code"].map(hectares))
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


def _natural_forest_in_apl(cover: Measured, estate: Measured, *,
                          threads: int, engine: Engine | None,
                          ) -> tuple[pd.Series, pd.Series]:
    """Hectares of natural forest in APL per unit, and the unit hectares to divide them by.

    The layer counted in the other's pieces gives the denominator: a raster's pixels in
    unit ∩ APL are among its pixels in the unit (:meth:`Measured.unit_ha`).
    """
    group = cover.layer.layer.groups.get(_NATURAL_FOREST)
    apl = estate.layer.layer.code_for(_APL)
    if group is None or apl is None:
        msg = (f"the catalogue needs group {_NATURAL_FOREST} in {cover.layer.id} and class "
               f"{_APL} in {estate.layer.id} to measure natural forest in APL")
        raise LayerError(msg)
    # The zones unit ∩ APL (or unit ∩ natural forest) are the estate's (cover's) united
    # pieces, measured once with the land status; the other layer is counted in them.
    if estate.pieces is not None:
        found = class_area(zones_of(estate.pieces, apl), cover.layer, group.codes,
                           threads=threads, engine=engine)
        counted = cover
    elif cover.pieces is not None:
        found = class_area(zones_of(cover.pieces, GROUP_PREFIX + group.name), estate.layer,
                           [apl], threads=threads, engine=engine)
        counted = estate
    else:
        msg = (f"{cover.layer.path.name} and {estate.layer.path.name} are both rasters; give "
               "one of them as polygons to measure natural forest in APL")
        raise LayerError(msg)
    return found.reindex(cover.units_ea.index.astype(str), fill_value=0.0), counted.unit_ha()


def _peat(peat: Measured, codes: pd.Index) -> pd.Series:
    """Every polygon, every pixel, of a class of the peat code list (a mask's pixels but 0).

    Classes unknown to the code list are never peat (they are reported when read).
    """
    if peat.pieces is not None:
        index = peat.units_ea.index.astype(str)
        sums = areas_of(peat.pieces[peat.pieces["class_code"] == EVERY_FEATURE]).set_index(
            "code")["area_ha"]
        result = pd.Series(0.0, index=index, dtype=float)
        return result.add(sums, fill_value=0.0).reindex(index)
    table = peat.table
    rows = table[table["class_code"].astype(str).isin(list(peat.layer.layer.classes))]
    return rows.groupby("code")["area_ha"].sum().reindex(codes, fill_value=0.0)


def _period(years: Iterable[int], window: tuple[int, int | None]) -> tuple[list[int], str]:
    known = sorted(set(years))
    length, reference = window
    last = reference if reference is not None else (known[-1] if known else None)
    if last is None:
        return [], ""
    first = last - length + 1
    return list(range(first, last + 1)), f"{first}-{last}" if first != last else str(last)


def _recent_loss(loss: Measured, window: tuple[int, int | None],
                 codes: pd.Index) -> pd.DataFrame:
    table = loss.table
    years = [int(c) for c in table["class_code"] if str(c).isdigit()]
    chosen, label = _period(years, window)
    recent = table[table["class_code"].isin([str(y) for y in chosen])]
    values = recent.groupby("code")["area_ha"].sum()
    return _row("kehilangan_tutupan_pohon", values.reindex(codes, fill_value=0.0), label)


def _recent_hotspots(fire: Measured, window: tuple[int, int | None], codes: pd.Index,
                     areas_ha: pd.Series) -> list[pd.DataFrame]:
    table = fire.table
    frame = fire.layer.frame
    dated = [] if frame is None else [int(y) for y in frame["year"].dropna()]
    chosen, label = _period(dated, window)
    if dated:
        rows = table[table["class_code"].isin([str(y) for y in chosen])]
    else:
        rows, label = table[table["class_code"] == ALL_POINTS], "all dates"
    counts = rows.groupby("code")["n_points"].sum().astype(float).reindex(codes, fill_value=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = counts / areas_ha.reindex(codes).to_numpy(dtype=float) * 1000.0
    density = density.where(np.isfinite(density), np.nan)
    return [_row("hotspot", counts, label), _row("hotspot_density", density, label)]
