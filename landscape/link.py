"""Link: every activity to its geometry and its admin units, with the precision kept.

An activity is placed by what the forum knows of it, the most precise first:
a delineated polygon, line or point from a partner's area file; else the desa
it names; else the kecamatan; else the whole kabupaten, when the row says so or
gives no place at all. A row whose places all failed is left off the map
(:data:`UNPLACED`), reported as an error, never spread over the district. Areas are measured in
:data:`landscape.settings.EQUAL_AREA_CRS`, in hectares: link makes the equal-area
view of the desa, kecamatan and areas once (:class:`landscape.model.EqualArea`) and
hands it on to the analyses in :class:`landscape.model.Linked`.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from landscape._cells import as_int, as_texts
from landscape.model import Boundaries, EqualArea, Linked, equal_area
from landscape.normalise.orgs import OrgIndex, guess_org_type
from landscape.problems import Problem
from landscape.read.areas import DROPPED_COLUMNS
from landscape.read.refs import FeatureIndex, feature_numbers
from landscape.settings import (
    EQUAL_AREA_CRS,
    GEOGRAPHIC_CRS,
    MIN_REACH_HA,
    MIN_REACH_SHARE,
    SQUARE_METRES_PER_HECTARE,
)

__all__ = ["AREA_COLUMNS", "PLACEMENT_COLUMNS", "PRECISIONS", "UNPLACED", "feature_numbers",
           "footprints", "link"]

PRECISIONS = ("polygon", "line", "point", "desa", "kecamatan", "kabupaten")
#: The precision of a row whose places and areas all failed: left off the map, never
#: district-wide ("outside" is a row in another kabupaten).
UNPLACED = "unplaced"

AREA_COLUMNS = ["activity_id", "org", "org_type", "file", "feature_id", "name", "kind",
                "area_ha", "length_km", "geometry"]
PLACEMENT_COLUMNS = ["activity_id", "kecamatan_code", "desa_code", "precision", "area_ha",
                     "length_km"]
#: Lines are measured on the ellipsoid: an equal-area projection stretches distances.
_GEOD = pyproj.Geod(ellps="WGS84")


def _match_refs(activities: pd.DataFrame, index: FeatureIndex,
                source: tuple[str, str | None]) -> tuple[list[tuple[str, int]], list[Problem]]:
    """Pair activity ids with feature positions from their ``area_refs``."""
    pairs: list[tuple[str, int]] = []
    problems: list[Problem] = []
    for act in activities.itertuples():
        for ref in as_texts(act.area_refs):
            found = index.resolve(ref)
            if isinstance(found, tuple):
                problems.append(Problem(source[0], source[1], as_int(act.source_row),
                                        "area_refs", ref, *found, "error"))
            elif found:
                pairs.extend((str(act.activity_id), h) for h in found)
    return pairs, problems


def _orphan_activities(features: gpd.GeoDataFrame, used: set[int], orgs: OrgIndex
                       ) -> tuple[pd.DataFrame, list[tuple[str, int]], list[Problem]]:
    """Features no row references: an organisation's area if they name one, else reported.

    Features of one key (``file#id``, an id shared in a file) are one activity.
    """
    records: dict[str, dict[str, object]] = {}
    positions: list[tuple[str, int]] = []
    problems = []
    numbers = feature_numbers(features)
    for pos in range(len(features)):
        if pos in used:
            continue
        feat = features.iloc[pos]
        # An unnamed feature is known by its number in the file: file#3 is a reference too.
        label = feat["feature_id"] or feat["name"] or str(numbers[pos])
        if not feat["org"]:
            problems.append(Problem(feat["file"], feat["layer"] or None, numbers[pos], "feature_id",
                                    str(feat["feature_id"] or feat["name"] or
                                        f"{feat['file']}#{label}"),
                                    f"{_named(numbers[pos], feat)} is referenced by no "
                                    "activity and names no organisation, so it is left off "
                                    "the map",
                                    "reference it from an activity (file#id) or give it an "
                                    "org/mitra attribute", "error", dropped=True))
            continue
        match = orgs.resolve(feat["org"])
        org = match.org.name if match.org else match.written
        org_type = match.org.org_type if match.org else (guess_org_type(org) or "Lainnya")
        key = f"{feat['file']}#{label}"
        records.setdefault(key, {"activity_id": key, "org": org, "org_type": org_type,
                                 "org_written": feat["org"], "title": feat["name"] or "",
                                 "area_refs": (key,), "source_row": numbers[pos]})
        positions.append((key, pos))
        problems.append(Problem(feat["file"], feat["layer"] or None, numbers[pos], "org",
                                str(feat["org"]),
                                f"{_named(numbers[pos], feat)} is referenced by no activity",
                                f"taken as an area of {org}", "warning"))
    return pd.DataFrame.from_records(list(records.values())), positions, problems


def _named(number: int, feat: pd.Series) -> str:
    """Return how messages name a feature: ``feature 3 'PLS-01'`` (its number, its id)."""
    fid = str(feat["feature_id"] or feat["name"] or "")
    return f"feature {number}" + (f" {fid!r}" if fid else "")


def _length_km(geometries: np.ndarray) -> list[float]:
    """Geodesic length (WGS 84 ellipsoid) of lon/lat geometries, in kilometres."""
    return [_GEOD.geometry_length(g) / 1000 for g in geometries]


def _to_ha(geoms: gpd.GeoSeries) -> pd.Series:
    area: pd.Series = geoms.to_crs(EQUAL_AREA_CRS).area
    return area / SQUARE_METRES_PER_HECTARE


def _build_areas(activities: pd.DataFrame, features: gpd.GeoDataFrame,
                 pairs: list[tuple[str, int]]) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Return the areas of the activities in EPSG:4326, and the same rows in EPSG:6933."""
    by_id = activities.set_index("activity_id")
    rows = []
    for activity_id, pos in sorted(set(pairs)):
        feat = features.iloc[pos]
        act = by_id.loc[activity_id]
        act = act.iloc[0] if isinstance(act, pd.DataFrame) else act
        rows.append({"activity_id": activity_id, "org": act["org"], "org_type": act["org_type"],
                     "file": feat["file"], "feature_id": feat["feature_id"] or "",
                     "name": feat["name"] or "", "kind": feat["kind"],
                     "geometry": feat.geometry})
    columns = [c for c in AREA_COLUMNS if c not in {"area_ha", "length_km"}]
    areas = gpd.GeoDataFrame(pd.DataFrame.from_records(rows, columns=columns),
                             geometry="geometry", crs=GEOGRAPHIC_CRS)
    areas_ea = equal_area(areas)
    hectares = (areas_ea.geometry.area / SQUARE_METRES_PER_HECTARE).where(
        areas["kind"] == "polygon")
    areas["area_ha"] = hectares
    areas_ea["area_ha"] = hectares
    kilometres = pd.Series(_length_km(areas.geometry.to_numpy()), index=areas.index,
                           dtype="float64").where(areas["kind"] == "line")
    areas["length_km"] = kilometres
    areas_ea["length_km"] = kilometres
    return (gpd.GeoDataFrame(areas[AREA_COLUMNS], geometry="geometry", crs=GEOGRAPHIC_CRS),
            gpd.GeoDataFrame(areas_ea[AREA_COLUMNS], geometry="geometry", crs=EQUAL_AREA_CRS))


def _delineated_placements(areas: gpd.GeoDataFrame, desa_ea: gpd.GeoDataFrame) -> pd.DataFrame:
    """Desa reached by each activity's delineated features: hectares of polygons, km of lines."""
    if areas.empty:
        return pd.DataFrame(columns=PLACEMENT_COLUMNS)
    # United in EPSG:4326 first, as the features were drawn; then measured in equal area.
    merged = areas.dissolve(by=["activity_id", "kind"], as_index=False)[
        ["activity_id", "kind", "geometry"]].to_crs(EQUAL_AREA_CRS)
    units = desa_ea[["code", "kecamatan_code", "geometry"]]
    pairs = gpd.sjoin(merged, units, how="inner", predicate="intersects")
    left = merged.geometry.loc[pairs.index].to_numpy()
    right = units.geometry.loc[pairs["index_right"]].to_numpy()
    polygon = (pairs["kind"] == "polygon").to_numpy()
    line = (pairs["kind"] == "line").to_numpy()
    pieces = shapely.intersection(left, right)
    inter = shapely.area(pieces) / SQUARE_METRES_PER_HECTARE
    km = np.full(len(pieces), np.nan)
    if line.any():
        lonlat = gpd.GeoSeries(pieces[line], crs=EQUAL_AREA_CRS).to_crs(GEOGRAPHIC_CRS)
        km[line] = _length_km(lonlat.to_numpy())
    own = shapely.area(left) / SQUARE_METRES_PER_HECTARE
    keep = ~polygon | (inter >= MIN_REACH_HA) | (inter >= MIN_REACH_SHARE * own)
    out = pd.DataFrame({"activity_id": pairs["activity_id"].to_numpy(),
                        "kecamatan_code": pairs["kecamatan_code"].to_numpy(),
                        "desa_code": pairs["code"].to_numpy(),
                        "precision": pairs["kind"].to_numpy(),
                        "area_ha": pd.Series(inter).where(polygon).to_numpy(),
                        "length_km": km})[keep]
    # One row per (activity, desa): the most precise kind, polygon hectares kept.
    out["rank"] = out["precision"].map(PRECISIONS.index)
    out = out.sort_values(["activity_id", "desa_code", "rank"]).drop_duplicates(
        ["activity_id", "desa_code"])
    placements: pd.DataFrame = out[PLACEMENT_COLUMNS].reset_index(drop=True)
    return placements


def _named_placements(activities: pd.DataFrame, desa: gpd.GeoDataFrame,
                      done: pd.DataFrame) -> pd.DataFrame:
    """Placements from the names on the rows, for what geometry did not already place."""
    parent = dict(zip(desa["code"], desa["kecamatan_code"], strict=True))
    placed = set(zip(done["activity_id"], done["desa_code"], strict=True))
    reached = done.groupby("activity_id")["kecamatan_code"].agg(set).to_dict()
    rows: list[dict[str, object]] = []
    for act in activities.itertuples():
        if act.outside:
            continue
        aid = str(act.activity_id)
        desa_codes = as_texts(act.desa_codes)
        kecamatan_codes = as_texts(act.kecamatan_codes)
        rows.extend({"activity_id": aid, "kecamatan_code": parent.get(code, ""),
                     "desa_code": code, "precision": "desa", "area_ha": float("nan")}
                    for code in desa_codes if (aid, code) not in placed)
        # A kecamatan named on the row in which no desa is named or reached is a place
        # of its own ("Desa Ensaid Panjang (Kelam Permai); Kec. Dedai").
        covered = reached.get(aid, set()) | {parent.get(c) for c in desa_codes}
        rows.extend({"activity_id": aid, "kecamatan_code": code, "desa_code": "",
                     "precision": "kecamatan", "area_ha": float("nan")}
                    for code in kecamatan_codes if code not in covered)
        # District-wide only when the row says so (or names no place and no area at all),
        # never because the places it names could not be placed.
        if act.whole_district and not kecamatan_codes and not desa_codes and aid not in reached:
            rows.append({"activity_id": aid, "kecamatan_code": "", "desa_code": "",
                         "precision": "kabupaten", "area_ha": float("nan")})
    return pd.DataFrame.from_records(rows, columns=PLACEMENT_COLUMNS)


def _activity_summary(activities: pd.DataFrame, areas: gpd.GeoDataFrame,
                      placements: pd.DataFrame) -> pd.DataFrame:
    """Add each activity's ``precision`` and delineated ``area_ha`` (union of its polygons)."""
    out = activities.copy()
    ranks = placements.assign(rank=placements["precision"].map(PRECISIONS.index))
    best = ranks.groupby("activity_id")["rank"].min()
    out["precision"] = [PRECISIONS[int(best[a])] if a in best.index
                        else "outside" if outside else UNPLACED
                        for a, outside in zip(out["activity_id"], out["outside"], strict=True)]
    polygons = areas[areas["kind"] == "polygon"]
    if polygons.empty:
        out["area_ha"] = float("nan")
        return out
    union = polygons.dissolve(by="activity_id")
    hectares = _to_ha(union.geometry)
    out["area_ha"] = out["activity_id"].map(hectares)
    return out


def _outside_features(features: gpd.GeoDataFrame, bounds: Boundaries) -> list[Problem]:
    """Warn about each feature that reaches no kecamatan of the district, saying where it is."""
    if bounds.scope is None or features.empty:
        return []
    extent = shapely.union_all(bounds.kecamatan.geometry.to_numpy())
    outside = ~features.geometry.intersects(extent)
    every = bounds.all_kecamatan if bounds.all_kecamatan is not None else bounds.kecamatan
    numbers = feature_numbers(features)
    problems = []
    for pos in np.flatnonzero(outside.to_numpy()):
        feat = features.iloc[pos]
        hits = every.geometry.sindex.query(feat.geometry, predicate="intersects")
        where = (f"lies in kabupaten {every['code'].iloc[hits[0]][:5]}, outside kabupaten "
                 f"{bounds.scope}" if len(hits) else
                 f"lies outside kabupaten {bounds.scope} and outside every unit of the "
                 "boundaries file: at sea, or in a province or kabupaten it does not hold")
        problems.append(Problem(
            feat["file"], feat["layer"] or None, numbers[pos], "geometry",
            str(feat["feature_id"] or feat["name"] or ""), f"{_named(numbers[pos], feat)} {where}",
            "it is kept in results.gpkg but reaches no desa of this district; check its "
            "coordinates if it should", "warning"))
    return problems


def link(activities: pd.DataFrame, features: gpd.GeoDataFrame, bounds: Boundaries,
         orgs: OrgIndex, *, source: tuple[str, str | None],
         dropped: pd.DataFrame | None = None) -> Linked:
    """Place every activity on the map and in its admin units.

    Parameters
    ----------
    activities : pandas.DataFrame
        Activities with resolved places (:mod:`landscape.normalise.places`).
    features : geopandas.GeoDataFrame
        Partner area features (:func:`landscape.read.areas.read_area_files`).
    bounds : Boundaries
        The admin units in scope.
    orgs : OrgIndex
        For organisation attributes of features no row references.
    source : tuple of str
        The (file, sheet) the activities came from, for problems.
    dropped : pandas.DataFrame, optional
        Features the reader left out (:data:`landscape.read.areas.DROPPED_COLUMNS`):
        a reference to one is not reported again.

    Returns
    -------
    Linked
        With the equal-area view of ``bounds`` and the areas (EPSG:6933).
    """
    gone = dropped if dropped is not None else pd.DataFrame(columns=list(DROPPED_COLUMNS))
    pairs, problems = _match_refs(activities, FeatureIndex.of(features, gone), source)
    orphans, positions, orphan_problems = _orphan_activities(
        features, {p for _, p in pairs}, orgs)
    problems += orphan_problems + _outside_features(features, bounds)
    if not orphans.empty:
        filler = {"kecamatan_codes": (), "desa_codes": (), "whole_district": False,
                  "outside": "", "action_items": (), "funding": ()}
        for column, value in filler.items():
            orphans[column] = pd.Series([value] * len(orphans), index=orphans.index,
                                        dtype=object)
        activities = pd.concat([activities, orphans], ignore_index=True)
        pairs += positions
    areas, areas_ea = _build_areas(activities, features, pairs)
    view = EqualArea(desa=equal_area(bounds.desa[["code", "kecamatan_code", "geometry"]]),
                     kecamatan=equal_area(bounds.kecamatan[["code", "geometry"]]),
                     areas=areas_ea)
    delineated = _delineated_placements(areas, view.desa)
    named = _named_placements(activities, bounds.desa, delineated)
    placements = pd.concat([delineated, named], ignore_index=True) if len(named) else delineated
    placements = placements.sort_values(["activity_id", "kecamatan_code", "desa_code"],
                                        kind="stable").reset_index(drop=True)
    summary = _activity_summary(activities, areas, placements)
    problems += _unplaced_rows(summary, source, set(orphans.get("activity_id", ())))
    return Linked(summary, areas, placements, problems, view)


def _unplaced_rows(activities: pd.DataFrame, source: tuple[str, str | None],
                   orphans: set[str]) -> list[Problem]:
    """Report each plan row whose places and areas all failed: left off the map."""
    gone = activities[(activities["precision"] == UNPLACED)
                      & ~activities["activity_id"].isin(orphans)]
    elsewhere = activities[activities["precision"] == "outside"]
    return [Problem(source[0], source[1], as_int(act.source_row), "places",
                    str(act.activity_id), f"row {act.activity_id} is left off the map: none "
                    "of the places or areas it gives could be placed",
                    "fix the place or area reported on this row; write a district-wide "
                    'phrase ("Seluruh kabupaten") if the work covers the whole district',
                    "error", dropped=True)
            for act in gone.itertuples()] + [
        Problem(source[0], source[1], as_int(act.source_row), "kabupaten", str(act.outside),
                f"row {act.activity_id} is left off the map: it is in kabupaten "
                f"{act.outside}, outside the district mapped",
                "nothing to fix if the work is there; otherwise correct the row's kabupaten",
                "info", dropped=True)
        for act in elsewhere.itertuples()]


def footprints(linked: Linked, bounds: Boundaries) -> gpd.GeoDataFrame:
    """Return each activity's footprint: its polygons, else the desa or kecamatan it reaches.

    A line or point (a patrol track, a nursery) has no area of its own, so its
    footprint is the desa it reaches. District-wide activities and activities
    outside the district have no footprint (an empty geometry), so they add
    nothing to land-status tables.

    Returns
    -------
    geopandas.GeoDataFrame
        ``activity_id``, ``precision`` and geometry (EPSG:4326), one row per activity.
    """
    acts = linked.activities
    polygons = linked.areas[linked.areas["kind"] == "polygon"]
    drawn = polygons.dissolve(by="activity_id").geometry
    by_activity = linked.placements.groupby("activity_id")
    reached_desa = by_activity["desa_code"].agg(lambda s: sorted(set(s) - {""})).to_dict()
    reached_kec = by_activity["kecamatan_code"].agg(lambda s: sorted(set(s) - {""})).to_dict()
    desa = bounds.desa.set_index("code").geometry
    kec = bounds.kecamatan.set_index("code").geometry
    shapes = []
    for aid in acts["activity_id"]:
        named_desa, named_kec = reached_desa.get(aid, []), reached_kec.get(aid, [])
        if aid in drawn.index:
            shapes.append(drawn[aid])
        elif named_desa:
            shapes.append(desa.loc[named_desa].union_all())
        elif named_kec:
            shapes.append(kec.loc[named_kec].union_all())
        else:
            shapes.append(shapely.Polygon())
    return gpd.GeoDataFrame({"activity_id": acts["activity_id"].to_numpy(),
                             "precision": acts["precision"].to_numpy()},
                            geometry=shapes, crs=GEOGRAPHIC_CRS)
