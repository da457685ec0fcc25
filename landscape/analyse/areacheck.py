"""One area checked against the forum's map: where it lies, on what land, who else is there.

An organisation planning a project has one area file (drawn in Google My Maps, QGIS,
a GPS). :func:`check_area` answers, without adding the area to any of the forum's
counts:

* which desa and kecamatan it covers: hectares inside each, the share of the area
  inside each and the share of each unit covered (a unit counts when the area covers
  at least ``MIN_REACH_HA`` of it or ``MIN_REACH_SHARE`` of the area, the rule of the
  build; lines and points count in every unit they touch, with no hectares);
* the land inside it, per landscape layer and class
  (:func:`landscape.analyse.landstatus.land_status`), when layers are given;
* every activity of another organisation that meets it: ``overlaps`` when the
  activity's polygons share at least ``MIN_OVERLAP_HA`` with the area (the rule of
  ``overlaps.csv``), ``crosses`` when its track or point lies on the area, otherwise
  ``same desa`` when the activity works in a desa the area covers. District-wide
  activities and those known only by kecamatan are in no desa, so they meet nothing;
* the action items that name those desa or kecamatan.

Every area is measured in EPSG:6933 (:data:`landscape.settings.EQUAL_AREA_CRS`),
in hectares. The area's own organisation (``own_orgs``: named by the user, or the
organisation of the activities linked to the area file when it is one of the forum's
area files) is not "another organisation".
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from landscape.analyse.landstatus import land_status
from landscape.catalogue import LoadedLayer
from landscape.errors import InputError
from landscape.model import Boundaries, Linked, equal_area
from landscape.settings import (
    GEOGRAPHIC_CRS,
    MIN_OVERLAP_HA,
    MIN_REACH_HA,
    MIN_REACH_SHARE,
    SQUARE_METRES_PER_HECTARE,
)

__all__ = ["AREA_CODE", "DESA_COLUMNS", "ITEM_COLUMNS", "KECAMATAN_COLUMNS", "MET_COLUMNS",
           "RELATIONS", "AreaCheck", "check_area"]

#: The code of the area in its land-status table.
AREA_CODE = "area"
#: How an activity meets the area, strongest first.
RELATIONS = ("overlaps", "crosses", "same desa")
DESA_COLUMNS = ["desa_code", "desa", "kecamatan_code", "kecamatan", "area_ha", "share_of_area",
                "share_of_desa"]
KECAMATAN_COLUMNS = ["kecamatan_code", "kecamatan", "area_ha", "share_of_area",
                     "share_of_kecamatan"]
#: One row per activity met: the columns of ``overlay.csv``.
MET_COLUMNS = ["org", "activity_id", "relation", "shared_area_ha", "desa_codes", "desa",
               "org_type", "title", "theme", "start", "end", "action_items"]
ITEM_COLUMNS = ["item_no", "activity", "status", "lead", "start", "end", "places"]


@dataclass(frozen=True, slots=True)
class AreaCheck:
    """What :func:`check_area` found.

    Attributes
    ----------
    area : geopandas.GeoDataFrame
        The area's features (EPSG:4326): ``number, name, kind, geometry``.
    area_ha : float
        Hectares of the union of the area's polygons (0 for lines and points).
    desa, kecamatan : pandas.DataFrame
        The units covered: :data:`DESA_COLUMNS`, :data:`KECAMATAN_COLUMNS`, largest first.
    land : pandas.DataFrame
        The land inside the area: ``layer, class_code, class, area_ha, share, n_points,
        per_1000_ha`` (empty without layers or without polygons).
    met : pandas.DataFrame
        The other organisations' activities met: :data:`MET_COLUMNS`, by relation
        (:data:`RELATIONS` order), then shared hectares, largest first.
    items : pandas.DataFrame
        The action items naming a covered desa or kecamatan: :data:`ITEM_COLUMNS`.
    others : geopandas.GeoDataFrame
        The delineated features of the activities met (EPSG:4326): ``activity_id, org,
        name, kind, relation, geometry``.
    own_orgs : tuple of str
        The organisations whose activities were not counted as others'.
    """

    area: gpd.GeoDataFrame
    area_ha: float
    desa: pd.DataFrame
    kecamatan: pd.DataFrame
    land: pd.DataFrame
    met: pd.DataFrame
    items: pd.DataFrame
    others: gpd.GeoDataFrame
    own_orgs: tuple[str, ...]


def _ha(geoms: Any) -> npt.NDArray[np.float64]:
    hectares: npt.NDArray[np.float64] = np.asarray(shapely.area(geoms), dtype=np.float64)
    return hectares / SQUARE_METRES_PER_HECTARE


def _united(area_ea: gpd.GeoDataFrame, kind: str) -> BaseGeometry:
    parts = area_ea.geometry[area_ea["kind"] == kind].to_numpy()
    return shapely.union_all(parts) if len(parts) else shapely.Polygon()


def _covered(units_ea: gpd.GeoDataFrame, polygon: BaseGeometry, other: BaseGeometry,
             area_ha: float) -> pd.DataFrame:
    """Each unit the area reaches: ``code``, hectares inside, the unit's own hectares."""
    geoms = units_ea.geometry.to_numpy()
    inside = _ha(shapely.intersection(geoms, polygon)) if not polygon.is_empty else (
        np.zeros(len(geoms)))
    touched = shapely.intersects(geoms, other) if not other.is_empty else np.zeros(
        len(geoms), dtype=bool)
    reached = (inside >= MIN_REACH_HA) | ((inside > 0) & (inside >= MIN_REACH_SHARE * area_ha))
    keep = reached | touched
    return pd.DataFrame({"code": units_ea["code"].to_numpy()[keep], "area_ha": inside[keep],
                         "unit_ha": _ha(geoms[keep])})


def _unit_table(found: pd.DataFrame, units: pd.DataFrame, level: str,
                area_ha: float, kecamatan: pd.DataFrame | None = None) -> pd.DataFrame:
    names = dict(zip(units["code"], units["name"], strict=True))
    table = pd.DataFrame({f"{level}_code": found["code"],
                          level: found["code"].map(names).fillna(""),
                          "area_ha": found["area_ha"].round(2),
                          "share_of_area": (found["area_ha"] / area_ha).round(4) if area_ha
                          else np.nan,
                          f"share_of_{level}": (found["area_ha"] / found["unit_ha"]).round(4)
                          if area_ha else np.nan})
    if kecamatan is not None:
        table.insert(2, "kecamatan_code", [c.rsplit(".", 1)[0] for c in found["code"]])
        kec_names = dict(zip(kecamatan["code"], kecamatan["name"], strict=True))
        table.insert(3, "kecamatan", table["kecamatan_code"].map(kec_names).fillna(""))
    return table.sort_values(["area_ha", f"{level}_code"], ascending=[False, True],
                             kind="stable").reset_index(drop=True)


def _joined(values: object) -> str:
    if isinstance(values, tuple | list):
        return "; ".join(str(v) for v in values)
    return "" if values is None or values is pd.NaT or (
        isinstance(values, float) and np.isnan(values)) else str(values)


def _delineated(linked: Linked, own: pd.Series, polygon: BaseGeometry,
                other: BaseGeometry) -> pd.DataFrame:
    """Shared hectares (polygons) or a touch (lines, points) of each other activity."""
    areas = linked.equal_area.areas
    areas = areas[~areas["activity_id"].isin(own[own].index)]
    whole = shapely.union(polygon, other) if not other.is_empty else polygon
    rows = []
    for (activity_id, kind), group in areas.groupby(["activity_id", "kind"], sort=True):
        geom = shapely.union_all(group.geometry.to_numpy())
        if kind == "polygon":
            shared = float(_ha(shapely.intersection(geom, polygon))) if not polygon.is_empty \
                else 0.0
            if shared >= MIN_OVERLAP_HA:
                rows.append((activity_id, "overlaps", shared))
            elif not other.is_empty and shapely.intersects(geom, other):
                rows.append((activity_id, "crosses", shared))
        elif shapely.intersects(geom, whole):
            rows.append((activity_id, "crosses", np.nan))
    found = pd.DataFrame(rows, columns=["activity_id", "relation", "shared_area_ha"])
    return found.sort_values(["activity_id", "relation"]).drop_duplicates("activity_id")


def _met(linked: Linked, own: pd.Series, polygon: BaseGeometry, other: BaseGeometry, *,
         desa_codes: Collection[str], desa_names: dict[str, str]) -> pd.DataFrame:
    acts = linked.activities.drop_duplicates("activity_id").set_index("activity_id")
    found = _delineated(linked, own, polygon, other)
    places = linked.placements[linked.placements["desa_code"].isin(desa_codes)]
    places = places[~places["activity_id"].isin(own[own].index)]
    in_desa = pd.Series({key: tuple(sorted(set(group))) for key, group in
                         places.groupby("activity_id")["desa_code"]}, dtype=object)
    same = pd.DataFrame({"activity_id": [a for a in in_desa.index
                                         if a not in set(found["activity_id"])],
                         "relation": "same desa", "shared_area_ha": np.nan})
    met = pd.concat([found, same], ignore_index=True) if len(same) else found
    met["desa_codes"] = met["activity_id"].map(in_desa).map(
        lambda v: v if isinstance(v, tuple) else ())
    met["desa"] = met["desa_codes"].map(lambda cs: tuple(desa_names.get(c, c) for c in cs))
    for column in ("org", "org_type", "title", "theme", "start", "end"):
        met[column] = met["activity_id"].map(acts[column]).map(_joined)
    met["action_items"] = met["activity_id"].map(acts["action_items"]).map(_joined)
    met["shared_area_ha"] = met["shared_area_ha"].astype(float).round(2)
    met["rank"] = met["relation"].map(RELATIONS.index)
    met = met.sort_values(["rank", "shared_area_ha", "org", "activity_id"],
                          ascending=[True, False, True, True], na_position="last", kind="stable")
    return met[MET_COLUMNS].reset_index(drop=True)


def _items(items: pd.DataFrame, desa: pd.DataFrame, kecamatan: pd.DataFrame) -> pd.DataFrame:
    """Return the action items naming a covered desa or kecamatan, with the places named."""
    desa_names = dict(zip(desa["desa_code"], desa["desa"], strict=True))
    kec_names = dict(zip(kecamatan["kecamatan_code"], kecamatan["kecamatan"], strict=True))
    rows = []
    for item in items.itertuples(index=False):
        named = [desa_names[c] for c in getattr(item, "desa_codes", ()) or () if c in desa_names]
        named += [f"Kec. {kec_names[c]}" for c in getattr(item, "kecamatan_codes", ()) or ()
                  if c in kec_names]
        if named:
            rows.append((item.item_no, item.activity, item.status, item.lead,
                         _joined(item.start), _joined(item.end), tuple(dict.fromkeys(named))))
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def _others(linked: Linked, met: pd.DataFrame) -> gpd.GeoDataFrame:
    relation = dict(zip(met["activity_id"], met["relation"], strict=True))
    areas = linked.areas[linked.areas["activity_id"].isin(relation)]
    frame = areas[["activity_id", "org", "name", "kind", "geometry"]].copy()
    frame["relation"] = frame["activity_id"].map(relation)
    return gpd.GeoDataFrame(frame.reset_index(drop=True), geometry="geometry", crs=areas.crs)


def _land(area_ea: gpd.GeoDataFrame, polygon: BaseGeometry,
          layers: Sequence[LoadedLayer]) -> pd.DataFrame:
    if polygon.is_empty or not layers:
        return pd.DataFrame(columns=["layer", "class_code", "class", "area_ha", "share",
                                     "n_points", "per_1000_ha"])
    unit = gpd.GeoDataFrame({"code": [AREA_CODE]}, geometry=[polygon], crs=area_ea.crs)
    tables = [land_status(unit, layer).drop(columns="code") for layer in layers]
    return pd.concat(tables, ignore_index=True)


def check_area(area: gpd.GeoDataFrame, *, bounds: Boundaries, linked: Linked | None = None,
               items: pd.DataFrame | None = None, layers: Sequence[LoadedLayer] = (),
               own_orgs: Collection[str] = (), own_file: str | None = None) -> AreaCheck:
    """Check one area against the boundaries, the land and the forum's activities.

    Parameters
    ----------
    area : geopandas.GeoDataFrame
        The area's features with ``kind`` (``polygon``, ``line``, ``point``) and
        geometry, in any CRS (as :func:`landscape.read.areas.read_area_file` gives them);
        no other attribute is needed.
    bounds : Boundaries
        The kecamatan and desa (limited to one kabupaten or not).
    linked : Linked, optional
        The forum's activities, linked (from the build); without it no activity is met.
    items : pandas.DataFrame, optional
        The action items with resolved ``desa_codes`` and ``kecamatan_codes``.
    layers : sequence of LoadedLayer
        Landscape layers to measure inside the area.
    own_orgs : collection of str
        The area's own organisations: their activities are not others'.
    own_file : str, optional
        The area file's name when it is also one of the forum's area files: the
        organisations of the activities linked to its features are its own.

    Returns
    -------
    AreaCheck

    Raises
    ------
    InputError
        If the area has no feature.
    """
    if area.empty:
        msg = "the area file has no feature with a usable geometry; check it in a GIS"
        raise InputError(msg)
    area_ea = equal_area(area)
    polygon, other = _united(area_ea, "polygon"), shapely.union_all(
        area_ea.geometry[area_ea["kind"] != "polygon"].to_numpy())
    area_ha = float(_ha(polygon)) if not polygon.is_empty else 0.0
    desa_ea = linked.equal_area.desa if linked is not None else equal_area(bounds.desa)
    kec_ea = linked.equal_area.kecamatan if linked is not None else equal_area(bounds.kecamatan)
    desa = _unit_table(_covered(desa_ea, polygon, other, area_ha), bounds.desa, "desa", area_ha,
                       bounds.kecamatan)
    kecamatan = _unit_table(_covered(kec_ea, polygon, other, area_ha), bounds.kecamatan,
                            "kecamatan", area_ha)
    owners = set(own_orgs)
    if linked is not None and own_file is not None:
        owners |= set(linked.areas.loc[linked.areas["file"] == own_file, "org"])
    if linked is None:
        met = pd.DataFrame(columns=MET_COLUMNS)
        others = gpd.GeoDataFrame({"activity_id": [], "org": [], "name": [], "kind": [],
                                   "relation": []}, geometry=[], crs=area.crs)
    else:
        acts = linked.activities.drop_duplicates("activity_id").set_index("activity_id")
        own = acts["org"].isin(owners)
        met = _met(linked, own, polygon, other, desa_codes=set(desa["desa_code"]),
                   desa_names=dict(zip(desa["desa_code"], desa["desa"], strict=True)))
        others = _others(linked, met)
    found_items = _items(items, desa, kecamatan) if items is not None else pd.DataFrame(
        columns=ITEM_COLUMNS)
    return AreaCheck(area.to_crs(GEOGRAPHIC_CRS), area_ha, desa, kecamatan,
                     _land(area_ea, polygon, layers), met, found_items, others,
                     tuple(sorted(owners)))

