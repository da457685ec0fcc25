"""On what land: landscape layers measured for every desa, kecamatan, activity and item.

Runs :mod:`landscape.analyse.landstatus` and :mod:`landscape.analyse.gaps` over the units of a
build and returns the long tables the build writes (one row per unit, layer and
class): ``land-status-desa``, ``land-status-kecamatan``, ``land-status-kabupaten``,
``land-status-activities``, ``land-status-items``, ``priorities-desa`` (every
priority's value in every desa) and ``gaps``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from landscape.analyse._overlay import frame_ea
from landscape.analyse.engine import Engine, LocalEngine, Task
from landscape.analyse.gaps import UNITED_LAYERS, gaps, measured_priorities
from landscape.analyse.landstatus import Measured, measure, prepare_units, whole
from landscape.catalogue import LoadedLayer
from landscape.model import Boundaries, LandTables, Linked, equal_area
from landscape.settings import GEOGRAPHIC_CRS, RECENT_LOSS_YEARS


@dataclass(frozen=True, slots=True)
class Units:
    """The units land status is measured for, each with ``code``, ``name`` and geometry.

    ``desa`` and ``kecamatan`` are in EPSG:6933 (from ``Linked.equal_area``);
    ``activities`` and ``items`` in EPSG:4326.
    """

    desa: gpd.GeoDataFrame
    kecamatan: gpd.GeoDataFrame
    activities: gpd.GeoDataFrame
    items: gpd.GeoDataFrame


def item_units(items: pd.DataFrame, activities: pd.DataFrame,
               footprints: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each action item's area: the union of the footprints of the activities serving it."""
    shape = dict(zip(footprints["activity_id"], footprints.geometry, strict=True))
    rows = []
    for item in items.itertuples():
        served = [shape[a] for a, nos in zip(activities["activity_id"],
                                             activities["action_items"], strict=True)
                  if item.item_no in nos and a in shape and not shape[a].is_empty]
        if served:
            rows.append({"code": item.item_no, "name": item.activity,
                         "geometry": shapely.union_all(served)})
    return gpd.GeoDataFrame(rows, columns=["code", "name", "geometry"], geometry="geometry",
                            crs=GEOGRAPHIC_CRS)


def build_units(bounds: Boundaries, footprints: gpd.GeoDataFrame, items: pd.DataFrame,
                linked: Linked) -> Units:
    """Gather the four kinds of unit of a build (desa and kecamatan from the equal-area view)."""
    acts = footprints[~footprints.geometry.is_empty].rename(columns={"activity_id": "code"})
    acts = acts.assign(name=acts["code"])
    view = linked.equal_area
    return Units(_named(view.desa, bounds.desa), _named(view.kecamatan, bounds.kecamatan),
                 acts[["code", "name", "geometry"]],
                 item_units(items, linked.activities, footprints))


def _named(units_ea: gpd.GeoDataFrame, units: pd.DataFrame) -> gpd.GeoDataFrame:
    named = units_ea[["code", "geometry"]].assign(name=units["name"].to_numpy())
    return named[["code", "name", "geometry"]]


def _features_ea(layers: Sequence[LoadedLayer]) -> dict[str, gpd.GeoDataFrame]:
    """Each vector layer's features in EPSG:6933, reprojected once for every set of units."""
    return {layer.id: frame_ea(layer) if layer.layer.kind != "points" else equal_area(frame)
            for layer in layers if (frame := layer.frame) is not None}


_Found = tuple[pd.DataFrame, pd.DataFrame | None, pd.Series | None]


def _measured(units_ea: gpd.GeoDataFrame, layer: LoadedLayer,
              features_ea: gpd.GeoDataFrame | None, *, engine: Engine) -> _Found:
    """Return a layer's table, pieces and grid hectares in a set of units (a whole measure).

    Only these travel back from a worker; the units and the layer are already there.
    """
    found = measure(units_ea, layer, every=layer.id in UNITED_LAYERS, features_ea=features_ea,
                    engine=engine)
    return found.table, found.pieces, found.grid_ha


def _table_of(found: _Found, *, engine: Engine) -> pd.DataFrame:  # noqa: ARG001 (a task)
    return found[0]


def _union(units_ea: gpd.GeoDataFrame, code: str, *,
           engine: Engine) -> gpd.GeoDataFrame:  # noqa: ARG001 (a task)
    return whole(units_ea, code)


def _prepared_units(units: gpd.GeoDataFrame, *,
                    engine: Engine) -> gpd.GeoDataFrame:  # noqa: ARG001 (a task)
    return prepare_units(units)


def _priorities(units: gpd.GeoDataFrame, units_ea: gpd.GeoDataFrame,
                layers: tuple[LoadedLayer, ...], loss_years: int, *found: _Found,
                engine: Engine) -> pd.DataFrame:
    """:func:`measured_priorities` of the units, from each layer's whole measure."""
    measured = {layer.id: Measured(layer, units_ea, *one)
                for layer, one in zip(layers, found, strict=True)}
    return measured_priorities(units, measured, loss_years=loss_years, engine=engine)


def _measures(sets: dict[str, tuple[Any, int]], layers: Sequence[LoadedLayer],
              features: dict[str, gpd.GeoDataFrame],
              engine: Engine) -> dict[str, list[Task[_Found]]]:
    """Make a task per layer for each set of units (given, or a task making them; a count).

    Sets of more than ``engine.whole_units`` units are measured ``here``: each overlay
    and zonal count shared out by the engine.
    """
    return {name: [Task(_measured, units, layer, features.get(layer.id),
                        here=count > engine.whole_units) for layer in layers]
            for name, (units, count) in sets.items()}


def _table(tables: list[pd.DataFrame], units: gpd.GeoDataFrame, key: str,
           names: str | None) -> pd.DataFrame:
    """One land-status table of every layer, keyed ``key``, with the unit names if asked."""
    frames = [table.rename(columns={"code": key}) for table in tables]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[key])
    if names is not None and len(table):
        table.insert(1, names, table[key].map(dict(zip(units["code"], units["name"],
                                                       strict=True))))
    return table


def _prepared(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    return prepare_units(units) if len(units) else None


def land_tables(layers: Sequence[LoadedLayer], units: Units, *, activities: pd.DataFrame,
                coverage_desa: pd.DataFrame, coverage_kecamatan: pd.DataFrame,
                kabupaten: str, loss_years: int = RECENT_LOSS_YEARS,
                engine: Engine | None = None) -> LandTables | None:
    """Every land-status table and the ranked gaps (``None`` without layers).

    Each layer is measured once in each set of units (desa, kecamatan, the kabupaten
    as the union of its desa, activities, items); the priorities and gaps of desa and
    kecamatan are read from those measures.

    Parameters
    ----------
    layers : sequence of LoadedLayer
        The landscape layers given to the build.
    units : Units
        From :func:`build_units`.
    activities : pandas.DataFrame
        Linked activities (for the organisation of each activity row).
    coverage_desa, coverage_kecamatan : pandas.DataFrame
        Coverage tables (``n_activities`` per unit) for the gaps.
    kabupaten : str
        Code of the district, for the district total.
    loss_years : int
        Recent period for tree-cover loss and hotspots in the gaps.
    engine : Engine, optional
        Where overlays and zonal counts run (:mod:`landscape.analyse.engine`); by default
        this process.

    Returns
    -------
    LandTables or None
    """
    if not layers:
        return None
    engine = engine or LocalEngine()
    features = _features_ea(layers)
    desa_ea = prepare_units(units.desa)
    kecamatan_ea = _prepared(units.kecamatan)
    union = Task(_union, desa_ea, kabupaten)
    sets: dict[str, tuple[Any, int]] = {"kabupaten": (union, 1), "desa": (desa_ea, len(desa_ea))}
    if len(units.activities):
        sets["activities"] = (Task(_prepared_units, units.activities), len(units.activities))
    if kecamatan_ea is not None:
        sets["kecamatan"] = (kecamatan_ea, len(kecamatan_ea))
    if len(units.items):
        sets["items"] = (Task(_prepared_units, units.items), len(units.items))
    measures = _measures(sets, layers, features, engine)
    levels = {"desa": (units.desa, desa_ea), "kecamatan": (units.kecamatan, kecamatan_ea)}
    priorities = {name: Task(_priorities, level, units_ea, tuple(layers), loss_years,
                             *measures[name], here=any(task.here for task in measures[name]))
                  for name, (level, units_ea) in levels.items() if name in measures}
    tables = {name: [Task(_table_of, task, here=task.here) for task in tasks]
              for name, tasks in measures.items()}
    # all at once; on a cluster, of the tasks ready, those first here run first: the
    # kabupaten (its union, then its few large overlays, the longest tasks), the desa and
    # their priorities, then the rest, the smallest last
    order: list[Task[Any]] = [union]
    for name in sets:
        order += [*measures[name], *tables[name]]
        order += [priorities[name]] if name in priorities else []
    engine.start(order)
    found = iter(engine.results([task for group in tables.values() for task in group]))
    table = {name: [next(found) for _ in group] for name, group in tables.items()}
    values = dict(zip(priorities, engine.results(list(priorities.values())), strict=True))
    for name, (level, _) in levels.items():
        if name not in values:  # no units of this level: an empty table
            values[name] = measured_priorities(level, {}, loss_years=loss_years)
    acts = _table(table.get("activities", []), units.activities, "activity_id", None)
    if len(acts):
        acts.insert(1, "org", acts["activity_id"].map(
            dict(zip(activities["activity_id"], activities["org"], strict=True))))
    found_gaps = [gaps(values[level], cover.drop(columns="geometry", errors="ignore"),
                       level=level)
                  for level, cover in (("desa", coverage_desa), ("kecamatan", coverage_kecamatan))]
    return LandTables(
        desa=_table(table["desa"], units.desa, "desa_code", "desa"),
        kecamatan=_table(table.get("kecamatan", []), units.kecamatan, "kecamatan_code",
                         "kecamatan"),
        kabupaten=_table(table["kabupaten"], units.desa, "kabupaten_code", None),
        activities=acts, items=_table(table.get("items", []), units.items, "item_no", "activity"),
        priorities_desa=values["desa"], gaps=pd.concat(found_gaps, ignore_index=True))
