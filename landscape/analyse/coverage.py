"""Analyse: who does what where, coverage per kecamatan and desa, overlaps.

Rules, stated once here and in the README:

* An activity counts in a desa when it is placed there (a delineated area that
  reaches the desa, or the desa named on its row); it counts in a kecamatan when
  placed in it at kecamatan precision or finer. District-wide activities are in
  no per-place count (they are listed in who-does-what-where).
* ``budget_idr`` of a place is the sum over its activities of the activity's
  rupiah budget divided equally among the places (of that level) it reaches.
* ``area_ha`` of a place is the area of partner polygons inside it: the polygons
  of each organisation are united first (so an organisation's own overlapping
  areas count once), then summed over organisations.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landscape.model import equal_area
from landscape.settings import EQUAL_AREA_CRS, MIN_OVERLAP_HA, SQUARE_METRES_PER_HECTARE

COVERAGE_COLUMNS = ["n_orgs", "orgs", "n_activities", "area_ha", "budget_idr", "org_types"]
WHO_COLUMNS = ["activity_id", "org", "org_type", "title", "theme", "kecamatan_code", "kecamatan",
               "desa_code", "desa", "precision", "area_ha", "start", "end", "budget_idr",
               "budget_share_idr", "funding", "action_item"]


def _joined(items: tuple[str, ...] | list[str]) -> str:
    return "; ".join(str(i) for i in items)


def whole_shares(totals: pd.Series, keys: pd.Series) -> pd.Series:
    """Divide each key's total equally among its rows in whole rupiah, the total kept.

    Every row of a key carries the key's (same) total; the remainder of the
    division goes one rupiah each to the first rows. A missing total stays missing.

    Examples
    --------
    >>> whole_shares(pd.Series([100.0] * 3 + [None]), pd.Series(["a"] * 3 + ["b"])).tolist()
    [34.0, 33.0, 33.0, nan]
    """
    total = pd.to_numeric(totals, errors="coerce").round()
    n = keys.groupby(keys).transform("size").astype(float)
    base = (total // n)
    left = total - base * n
    first = keys.groupby(keys).cumcount().astype(float) < left
    return (base + first.astype(float)).where(total.notna())


def who_does_what_where(activities: pd.DataFrame, placements: pd.DataFrame,
                        kecamatan: pd.DataFrame, desa: pd.DataFrame) -> pd.DataFrame:
    """One row per (activity, desa), or per activity and kecamatan / district when coarser.

    Parameters
    ----------
    activities : pandas.DataFrame
        Linked activities.
    placements : pandas.DataFrame
        From :func:`landscape.link.link`.
    kecamatan, desa : pandas.DataFrame
        Units with ``code`` and ``name``.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`WHO_COLUMNS`; ``budget_share_idr`` is the activity's
        budget divided equally among its rows in whole rupiah (:func:`whole_shares`),
        so the shares of an activity add up to its budget.
    """
    acts = activities.set_index("activity_id")
    rows = placements.copy()
    for column in ("org", "org_type", "title", "theme", "start", "end", "budget_idr"):
        rows[column] = rows["activity_id"].map(acts[column])
    rows["funding"] = rows["activity_id"].map(acts["funding"].map(_joined))
    rows["action_item"] = rows["activity_id"].map(acts["action_items"].map(_joined))
    rows["budget_share_idr"] = whole_shares(rows["budget_idr"], rows["activity_id"])
    rows["kecamatan"] = rows["kecamatan_code"].map(dict(zip(kecamatan["code"], kecamatan["name"],
                                                            strict=True))).fillna("")
    rows["desa"] = rows["desa_code"].map(dict(zip(desa["code"], desa["name"],
                                                  strict=True))).fillna("")
    return rows[WHO_COLUMNS].sort_values(["activity_id", "kecamatan_code", "desa_code"],
                                         kind="stable").reset_index(drop=True)


def org_polygons(areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Each organisation's delineated polygons united, in the equal-area CRS.

    ``areas`` in any CRS; given in EPSG:6933 (``Linked.equal_area.areas``) they are
    not reprojected.
    """
    polys = areas[areas["kind"] == "polygon"]
    if polys.empty:
        return gpd.GeoDataFrame({"org": []}, geometry=[], crs=EQUAL_AREA_CRS)
    merged = equal_area(polys[["org", "geometry"]]).dissolve(by="org", as_index=False)
    return merged.sort_values("org").reset_index(drop=True)


def _area_inside(org_polys: gpd.GeoDataFrame, units: gpd.GeoDataFrame) -> pd.Series:
    """Hectares of organisation polygons inside each unit (summed over organisations)."""
    result = pd.Series(0.0, index=units["code"].to_numpy())
    if org_polys.empty:
        return result
    units_ea = equal_area(units[["code", "geometry"]])
    pairs = gpd.sjoin(units_ea, org_polys, how="inner", predicate="intersects")
    inter = shapely.area(shapely.intersection(
        units_ea.geometry.loc[pairs.index].to_numpy(),
        org_polys.geometry.loc[pairs["index_right"]].to_numpy())) / SQUARE_METRES_PER_HECTARE
    sums = pd.Series(inter, index=pairs["code"].to_numpy()).groupby(level=0).sum()
    return result.add(sums, fill_value=0.0)


def coverage(who: pd.DataFrame, units: gpd.GeoDataFrame, org_polys: gpd.GeoDataFrame, *,
             level: str, units_ea: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Coverage per kecamatan or per desa.

    Parameters
    ----------
    who : pandas.DataFrame
        From :func:`who_does_what_where`.
    units : geopandas.GeoDataFrame
        Every unit of the level in scope (``code``, ``name``, geometry); units
        with no activity are kept, with zeros.
    org_polys : geopandas.GeoDataFrame
        From :func:`org_polygons`.
    level : str
        ``"kecamatan"`` or ``"desa"``.
    units_ea : geopandas.GeoDataFrame, optional
        The same units (``code``, geometry) in EPSG:6933, if already made
        (``Linked.equal_area``); else ``units`` are reprojected.

    Returns
    -------
    geopandas.GeoDataFrame
        ``<level>_code``, ``<level>``, then :data:`COVERAGE_COLUMNS`, geometry (the CRS
        of ``units``).
    """
    key = f"{level}_code"
    rows = who[who[key].astype(str) != ""].drop_duplicates(["activity_id", key])
    share = rows["budget_idr"].astype(float) / rows.groupby("activity_id")[key].transform("size")
    rows = rows.assign(share=share)
    grouped = rows.groupby(key)
    table = pd.DataFrame({
        "n_orgs": grouped["org"].nunique(),
        "orgs": grouped["org"].agg(lambda s: ";".join(sorted(set(s) - {""}))),
        "org_types": grouped["org_type"].agg(lambda s: ";".join(sorted(set(s) - {""}))),
        "n_activities": grouped["activity_id"].nunique(),
        "budget_idr": grouped["share"].sum(min_count=1).round(),
    })
    out = units[["code", "name", "geometry"]].rename(columns={"code": key, "name": level})
    out = out.join(table, on=key)
    measured = units if units_ea is None else units_ea
    out["area_ha"] = out[key].map(_area_inside(org_polys, measured)).round(4)
    out[["n_orgs", "n_activities"]] = out[["n_orgs", "n_activities"]].fillna(0).astype("int64")
    out[["orgs", "org_types"]] = out[["orgs", "org_types"]].astype(object).fillna("")
    return gpd.GeoDataFrame(out[[key, level, *COVERAGE_COLUMNS, "geometry"]],
                            geometry="geometry", crs=units.crs)


def overlaps(org_polys: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame, *,
             min_ha: float = MIN_OVERLAP_HA,
             kecamatan_ea: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Pairs of organisations whose delineated areas overlap by more than ``min_ha``.

    ``kecamatan_ea``, the kecamatan in EPSG:6933 if already made, spares a reprojection.

    Returns
    -------
    geopandas.GeoDataFrame
        ``org_a``, ``org_b`` (sorted by name), ``area_ha``, ``kecamatan_codes``
        (``;``-separated) and the shared geometry (EPSG:4326).
    """
    columns = ["org_a", "org_b", "area_ha", "kecamatan_codes"]
    geoms = org_polys.geometry.to_numpy()
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    shared = shapely.intersection(geoms[left], geoms[right])
    hectares = shapely.area(shared) / SQUARE_METRES_PER_HECTARE
    big = hectares > min_ha
    result = gpd.GeoDataFrame({
        "org_a": org_polys["org"].to_numpy()[left[big]],
        "org_b": org_polys["org"].to_numpy()[right[big]],
        "area_ha": np.round(hectares[big], 4),
    }, geometry=list(shared[big]), crs=EQUAL_AREA_CRS)
    kec = equal_area((kecamatan if kecamatan_ea is None else kecamatan_ea)[["code", "geometry"]])
    result["kecamatan_codes"] = [
        ";".join(sorted(kec["code"][shapely.area(shapely.intersection(kec.geometry.to_numpy(), g))
                                    / SQUARE_METRES_PER_HECTARE > min_ha / 10]))
        for g in result.geometry]
    result = result.sort_values(["org_a", "org_b"]).reset_index(drop=True)
    return gpd.GeoDataFrame(result[[*columns, "geometry"]], geometry="geometry",
                            crs=EQUAL_AREA_CRS).to_crs(kecamatan.crs)
