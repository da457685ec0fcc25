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

import geopandas as gpd
import pandas as pd
import shapely

from landscape.analyse.gaps import gaps, priority_values
from landscape.analyse.landstatus import district_total, land_status
from landscape.catalogue import LoadedLayer
from landscape.model import Boundaries, LandTables, Linked
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


def _status(units: gpd.GeoDataFrame, layers: Sequence[LoadedLayer], key: str,
            names: str | None) -> pd.DataFrame:
    frames = [land_status(units, layer, key=key) for layer in layers] if len(units) else []
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[key])
    if names is not None and len(table):
        table.insert(1, names, table[key].map(dict(zip(units["code"], units["name"],
                                                       strict=True))))
    return table


def _gaps(units: gpd.GeoDataFrame, layers: Sequence[LoadedLayer], coverage: pd.DataFrame,
          *, level: str, loss_years: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    values = priority_values(units, layers, loss_years=loss_years)
    found = gaps(values, coverage.drop(columns="geometry", errors="ignore"), level=level)
    return values, found


def land_tables(layers: Sequence[LoadedLayer], units: Units, *, activities: pd.DataFrame,
                coverage_desa: pd.DataFrame, coverage_kecamatan: pd.DataFrame,
                kabupaten: str, loss_years: int = RECENT_LOSS_YEARS) -> LandTables | None:
    """Every land-status table and the ranked gaps (``None`` without layers).

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

    Returns
    -------
    LandTables or None
    """
    if not layers:
        return None
    acts = _status(units.activities, layers, "activity_id", None)
    if len(acts):
        acts.insert(1, "org", acts["activity_id"].map(
            dict(zip(activities["activity_id"], activities["org"], strict=True))))
    total = pd.concat([district_total(units.desa, layer, code=kabupaten, key="kabupaten_code")
                       for layer in layers],
                      ignore_index=True)
    desa_values, desa_gaps = _gaps(units.desa, layers, coverage_desa, level="desa",
                                   loss_years=loss_years)
    _, kec_gaps = _gaps(units.kecamatan, layers, coverage_kecamatan, level="kecamatan",
                        loss_years=loss_years)
    return LandTables(
        desa=_status(units.desa, layers, "desa_code", "desa"),
        kecamatan=_status(units.kecamatan, layers, "kecamatan_code", "kecamatan"),
        kabupaten=total, activities=acts,
        items=_status(units.items, layers, "item_no", "activity"),
        priorities_desa=desa_values, gaps=pd.concat([desa_gaps, kec_gaps], ignore_index=True))
