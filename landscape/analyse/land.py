"""On what land: landscape layers measured for every desa, kecamatan, activity and item.

Runs :mod:`landscape.analyse.landstatus` and :mod:`landscape.analyse.gaps` over the units of a
build and returns the long tables the build writes (one row per unit, layer and
class): ``land-status-desa``, ``land-status-kecamatan``, ``land-status-kabupaten``,
``land-status-activities``, ``land-status-items``, ``priorities-desa`` (every
priority's value in every desa) and ``gaps``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import shapely

from landscape.analyse._overlay import frame_ea
from landscape.analyse.engine import Engine, LocalEngine
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


def _start(sets: dict[str, gpd.GeoDataFrame | None], layers: Sequence[LoadedLayer],
           features: dict[str, gpd.GeoDataFrame],
           engine: Engine) -> Callable[[], dict[str, dict[str, Measured]]]:
    """Start measuring every layer once in every set of prepared units (``None``: none).

    Sets of up to ``engine.whole_units`` units are started on the engine at once
    (:meth:`Engine.start`: on a Dask cluster, tasks sent now); larger sets are measured
    when the measures are collected, here, layer by layer, each overlay and zonal count
    on the engine. Returns the call that collects them: ``{set: {layer id: Measured}}``.
    """
    present = {name: units for name, units in sets.items() if units is not None}
    calls = [(name, layer) for name in present for layer in layers]
    whole = [(name, layer) for name, layer in calls
             if len(present[name]) <= engine.whole_units]
    waiting = engine.start(_measured, [(present[name], layer, features.get(layer.id))
                                       for name, layer in whole])

    def collect() -> dict[str, dict[str, Measured]]:
        found = dict(zip([(name, layer.id) for name, layer in whole], waiting(), strict=True))
        measured: dict[str, dict[str, Measured]] = {name: {} for name in sets}
        for name, layer in calls:
            units_ea = present[name]
            table, pieces, grid = (found[name, layer.id] if (name, layer.id) in found else
                                   _measured(units_ea, layer, features.get(layer.id),
                                             engine=engine))
            measured[name][layer.id] = Measured(layer, units_ea, table, pieces, grid)
        return measured

    return collect


def _measured(units_ea: gpd.GeoDataFrame, layer: LoadedLayer,
              features_ea: gpd.GeoDataFrame | None, *,
              engine: Engine) -> tuple[pd.DataFrame, pd.DataFrame | None, pd.Series | None]:
    """Return a layer's table, pieces and grid hectares in a set of units (a whole measure).

    Only these travel back from a worker; the units and the layer are already here.
    """
    found = measure(units_ea, layer, every=layer.id in UNITED_LAYERS, features_ea=features_ea,
                    engine=engine)
    return found.table, found.pieces, found.grid_ha


def _table(measured: dict[str, Measured], units: gpd.GeoDataFrame, key: str,
           names: str | None) -> pd.DataFrame:
    """One land-status table of every layer, keyed ``key``, with the unit names if asked."""
    frames = [m.table.rename(columns={"code": key}) for m in measured.values()]
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
    started = _start({"desa": desa_ea}, layers, features, engine)
    # the kabupaten, the union of its desa, is made here while a cluster measures the desa;
    # then the sets go, the longest measures first (the kabupaten's few large overlays)
    measured = _start({"kabupaten": whole(desa_ea, kabupaten),
                       "activities": _prepared(units.activities),
                       "kecamatan": _prepared(units.kecamatan),
                       "items": _prepared(units.items)}, layers, features, engine)()
    measured |= started()
    desa, kecamatan = measured["desa"], measured["kecamatan"]
    acts = _table(measured["activities"], units.activities, "activity_id", None)
    if len(acts):
        acts.insert(1, "org", acts["activity_id"].map(
            dict(zip(activities["activity_id"], activities["org"], strict=True))))
    total = _table(measured["kabupaten"], units.desa, "kabupaten_code", None)
    desa_values = measured_priorities(units.desa, desa, loss_years=loss_years, engine=engine)
    found = [gaps(values, cover.drop(columns="geometry", errors="ignore"), level=level)
             for values, cover, level in (
                 (desa_values, coverage_desa, "desa"),
                 (measured_priorities(units.kecamatan, kecamatan, loss_years=loss_years,
                                      engine=engine),
                  coverage_kecamatan, "kecamatan"))]
    return LandTables(
        desa=_table(desa, units.desa, "desa_code", "desa"),
        kecamatan=_table(kecamatan, units.kecamatan, "kecamatan_code", "kecamatan"),
        kabupaten=total, activities=acts,
        items=_table(measured["items"], units.items, "item_no", "activity"),
        priorities_desa=desa_values, gaps=pd.concat(found, ignore_index=True))
