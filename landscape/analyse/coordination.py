"""Analyse: overlaps in depth, and who should talk to whom in each desa.

Two activities are *shared work* when they belong to different organisations,
are placed in at least one common desa, have the same theme and overlapping
periods. Rules, stated once here:

* Themes are compared after folding case and punctuation, with ``&`` and
  ``and`` read as ``dan`` ("Perlindungan Hutan & Gambut" = "perlindungan hutan
  dan gambut"). Activities without a theme or without an organisation are in
  no pair (nothing says they match).
* A missing start or end date is open-ended: the period runs from or to any
  time. Pairs found that way say so in ``period_known``.
* Only desa-level placements count (a delineated area or a desa named on the
  row); activities known only by kecamatan or district are in no pair.
* ``shared_area_ha`` is the area of the intersection of the two activities'
  polygons, measured in :data:`landscape.settings.EQUAL_AREA_CRS`; 0 when
  either has no polygon.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import geopandas as gpd
import pandas as pd
import shapely

from landscape._cells import as_date, cell_text
from landscape._text import fold_theme
from landscape.model import CoordinationTables, Linked, equal_area
from landscape.settings import EQUAL_AREA_CRS, GEOGRAPHIC_CRS, SQUARE_METRES_PER_HECTARE

SHARED_COLUMNS = ["org_a", "org_b", "activity_a", "activity_b", "theme", "kecamatan_codes",
                  "desa_codes", "n_shared_desa", "shared_area_ha", "overlap_start",
                  "overlap_end", "period_known"]
COORDINATION_COLUMNS = ["desa_code", "desa", "kecamatan_code", "n_orgs", "orgs", "themes",
                        "n_activities", "activities", "n_pairs", "note"]

_text = cell_text
_date = as_date


def _desa_rows(activities: pd.DataFrame, placements: pd.DataFrame) -> pd.DataFrame:
    """One row per (activity, desa) with the activity's organisation, theme and dates."""
    rows = placements[placements["desa_code"].map(_text) != ""]
    rows = rows[["activity_id", "kecamatan_code", "desa_code"]].drop_duplicates(
        ["activity_id", "desa_code"])
    acts = activities.drop_duplicates("activity_id").set_index("activity_id")
    out = rows.assign(
        org=rows["activity_id"].map(acts["org"]).map(_text),
        theme=rows["activity_id"].map(acts["theme"]).map(_text),
        start=rows["activity_id"].map(acts["start"]).map(_date),
        end=rows["activity_id"].map(acts["end"]).map(_date),
    )
    out["theme_key"] = out["theme"].map(fold_theme)
    return out.reset_index(drop=True)


def _overlap(a: tuple[date | None, date | None],
             b: tuple[date | None, date | None]) -> tuple[bool, date | None, date | None]:
    """Whether two periods overlap (missing ends open), and the common period."""
    starts = [d for d in (a[0], b[0]) if d is not None]
    ends = [d for d in (a[1], b[1]) if d is not None]
    low = max(starts) if starts else None
    high = min(ends) if ends else None
    return (low is None or high is None or low <= high), low, high


def _pairs(activities: pd.DataFrame, placements: pd.DataFrame) -> pd.DataFrame:
    """Pairs of activities of different organisations, same desa, theme and period."""
    rows = _desa_rows(activities, placements)
    rows = rows[(rows["org"] != "") & (rows["theme_key"] != "")]
    both = rows.merge(rows, on=["desa_code", "theme_key"], suffixes=("_a", "_b"))
    both = both[both["org_a"] < both["org_b"]]
    records = []
    for (act_a, act_b), group in both.groupby(["activity_id_a", "activity_id_b"], sort=True):
        first = group.iloc[0]
        period_a, period_b = (first["start_a"], first["end_a"]), (first["start_b"], first["end_b"])
        overlaps, low, high = _overlap(period_a, period_b)
        if not overlaps:
            continue
        records.append({
            "org_a": first["org_a"], "org_b": first["org_b"], "activity_a": act_a,
            "activity_b": act_b, "theme": first["theme_a"],
            "kecamatan_codes": ";".join(sorted(set(group["kecamatan_code_a"]) - {""})),
            "desa_codes": ";".join(sorted(set(group["desa_code"]))),
            "n_shared_desa": group["desa_code"].nunique(),
            "overlap_start": low, "overlap_end": high,
            "period_known": all(d is not None for d in (*period_a, *period_b)),
        })
    columns = [c for c in SHARED_COLUMNS if c != "shared_area_ha"]
    return pd.DataFrame.from_records(records, columns=columns)


def _activity_polygons(areas: gpd.GeoDataFrame) -> dict[str, shapely.Geometry]:
    """Each activity's polygons united, in the equal-area CRS."""
    polys = areas[areas["kind"] == "polygon"]
    if polys.empty:
        return {}
    merged = equal_area(polys[["activity_id", "geometry"]]).dissolve(by="activity_id")
    return dict(zip(merged.index.map(str), merged.geometry, strict=True))


def shared_work(activities: pd.DataFrame, placements: pd.DataFrame,
                areas: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Pairs of organisations doing the same kind of work in the same desa at the same time.

    Parameters
    ----------
    activities : pandas.DataFrame
        Linked activities (``activity_id``, ``org``, ``theme``, ``start``, ``end``).
    placements : pandas.DataFrame
        Where each activity is (:func:`landscape.link.link`).
    areas : geopandas.GeoDataFrame
        The activities' delineated features (``activity_id``, ``kind``, geometry), in
        any CRS; in EPSG:6933 (``Linked.equal_area.areas``) they are not reprojected.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per pair of activities, :data:`SHARED_COLUMNS` and the shared
        polygon (EPSG:4326; empty when either activity has no polygon).
        ``org_a`` sorts before ``org_b`` and ``activity_a`` belongs to
        ``org_a``; ``theme`` is written as on ``activity_a``; ``desa_codes``
        and ``kecamatan_codes`` are the shared ones, ``;``-joined;
        ``overlap_start``/``overlap_end`` bound the common period (``None``
        where open-ended); ``period_known`` is False when a date was missing.
        Rules are in the module docstring.
    """
    pairs = _pairs(activities, placements)
    polygons = _activity_polygons(areas)
    empty = shapely.Polygon()
    left = [polygons.get(a, empty) for a in pairs["activity_a"]]
    right = [polygons.get(b, empty) for b in pairs["activity_b"]]
    shared: list[shapely.Geometry] = list(shapely.intersection(left, right)) if left else []
    pairs["shared_area_ha"] = [round(float(shapely.area(g)) / SQUARE_METRES_PER_HECTARE, 4)
                               for g in shared]
    result = gpd.GeoDataFrame(pairs[SHARED_COLUMNS], geometry=list(shared), crs=EQUAL_AREA_CRS)
    return result.to_crs(GEOGRAPHIC_CRS)


def _years(low: object, high: object) -> str:
    """Say a common period in words: ``pada 2023``, ``pada 2023-2025``, ``sejak 2024``."""
    first, last = _date(low), _date(high)
    if first and last:
        span = str(first.year) if first.year == last.year else f"{first.year}\u2013{last.year}"
        return f"pada {span}"
    if first:
        return f"sejak {first.year}"
    if last:
        return f"sampai {last.year}"
    return "(waktu tidak tercatat)"


def _note(n_orgs: int, pairs: pd.DataFrame) -> str:
    """Write a short factual sentence in Indonesian about the organisations in one desa."""
    if pairs.empty:
        return f"{n_orgs} organisasi dengan tema atau waktu berbeda"
    parts = []
    for _, group in pairs.groupby(pairs["theme"].map(fold_theme), sort=True):
        orgs = set(group["org_a"]) | set(group["org_b"])
        starts = [d for d in group["overlap_start"] if d is not None]
        ends = [d for d in group["overlap_end"] if d is not None]
        when = _years(min(starts) if starts else None, max(ends) if ends else None)
        theme = group["theme"].iloc[0]
        parts.append((len(orgs), f"{len(orgs)} organisasi bekerja pada tema {theme} {when}"))
    return "; ".join(text for _, text in sorted(parts, key=lambda p: -p[0]))


def _joined(values: Iterable[str], sep: str = "; ") -> str:
    return sep.join(sorted({v for v in values if v}))


def coordination_list(activities: pd.DataFrame, placements: pd.DataFrame,
                      desa: pd.DataFrame) -> pd.DataFrame:
    """Desa where two or more organisations work, with who should talk to whom.

    Parameters
    ----------
    activities : pandas.DataFrame
        Linked activities (``activity_id``, ``org``, ``theme``, ``start``, ``end``).
    placements : pandas.DataFrame
        Where each activity is; only desa-level placements count.
    desa : pandas.DataFrame
        Desa units (``code``, ``name``, ``kecamatan_code``).

    Returns
    -------
    pandas.DataFrame
        :data:`COORDINATION_COLUMNS`, one row per desa with at least two
        organisations: ``orgs``, ``themes`` and ``activities`` joined with
        ``"; "``; ``n_pairs`` counts the pairs of :func:`shared_work` in the
        desa (same theme, overlapping period); ``note`` says it in one short
        Indonesian sentence, e.g. "2 organisasi bekerja pada tema Perhutanan
        Sosial pada 2023". Sorted by ``n_pairs``, then ``n_orgs`` (most first),
        then ``desa_code``.
    """
    rows = _desa_rows(activities, placements)
    rows = rows[rows["org"] != ""]
    pairs = _pairs(activities, placements)
    per_desa = (pairs.assign(desa_code=pairs["desa_codes"].str.split(";")).explode("desa_code")
                if len(pairs) else pairs.assign(desa_code=pd.Series(dtype=str)))
    names = dict(zip(desa["code"], desa["name"], strict=True))
    parents = dict(zip(desa["code"], desa["kecamatan_code"], strict=True))
    records = []
    for code, group in rows.groupby("desa_code", sort=True):
        orgs = set(group["org"])
        if len(orgs) < 2:
            continue
        mine = per_desa[per_desa["desa_code"] == code]
        records.append({
            "desa_code": code, "desa": _text(names.get(code)),
            "kecamatan_code": _text(parents.get(code, group["kecamatan_code"].iloc[0])),
            "n_orgs": len(orgs), "orgs": _joined(orgs), "themes": _joined(group["theme"]),
            "n_activities": group["activity_id"].nunique(),
            "activities": _joined(group["activity_id"]), "n_pairs": len(mine),
            "note": _note(len(orgs), mine),
        })
    table = pd.DataFrame.from_records(records, columns=COORDINATION_COLUMNS)
    return table.sort_values(["n_pairs", "n_orgs", "desa_code"], ascending=[False, False, True],
                             kind="stable").reset_index(drop=True)


def coordination_tables(linked: Linked, desa: pd.DataFrame) -> CoordinationTables:
    """Both coordination tables of a build: :func:`shared_work` and :func:`coordination_list`.

    Parameters
    ----------
    linked : Linked
        From :func:`landscape.link.link` (its equal-area areas are measured).
    desa : pandas.DataFrame
        The desa in scope (``code``, ``name``, ``kecamatan_code``).
    """
    acts, places = linked.activities, linked.placements
    return CoordinationTables(shared_work=shared_work(acts, places, linked.equal_area.areas),
                              coordination_desa=coordination_list(acts, places, desa))
