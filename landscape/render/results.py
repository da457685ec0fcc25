"""``results.gpkg``: each layer with its real geometry, dates as dates, names beside codes.

Activities are split by what their partners drew: ``activities`` (polygons),
``activities_points``, ``activities_lines``, and ``activities_places`` for those
known only by desa, kecamatan or the whole kabupaten (drawn as those units). Each
layer has one geometry type (multi-part, so an activity with several features
is one row); dates are GeoPackage ``DATE`` fields; each layer carries a style in
the ``layer_styles`` table QGIS reads (:mod:`landscape.render.styles`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import cast

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry.base import BaseGeometry

from landscape.model import Result
from landscape.render.atlas.data import activity_table
from landscape.render.cells import table_cell
from landscape.render.files import _gdal_date, atomic_path, gpkg_timestamp
from landscape.render.report.tables import named_codes, unit_names
from landscape.render.styles import style_rows
from landscape.settings import GEOGRAPHIC_CRS

ACTIVITY_FIELDS = ["activity_id", "org", "org_type", "title", "theme", "precision", "area_ha",
                   "length_km", "start", "end", "budget_idr", "funding", "action_items",
                   "kecamatan_codes", "kecamatan_names", "desa_codes", "desa_names"]
#: Activity layer -> the geometry family it holds.
ACTIVITY_LAYERS = {"activities": "Polygon", "activities_points": "Point",
                   "activities_lines": "LineString", "activities_places": "Polygon"}
_MULTI = {"Polygon": shapely.MultiPolygon, "Point": shapely.MultiPoint,
          "LineString": shapely.MultiLineString}


def _family(geom: BaseGeometry) -> str:
    return geom.geom_type.removeprefix("Multi")


def _multi(parts: list[BaseGeometry], family: str) -> BaseGeometry:
    """Gather geometries of one family into one multi-part geometry."""
    flat = [g for part in parts for g in getattr(part, "geoms", [part]) if not g.is_empty]
    return cast("BaseGeometry", _MULTI[family](flat))  # type: ignore[arg-type]


def as_multi(frame: gpd.GeoDataFrame, family: str) -> gpd.GeoDataFrame:
    """Return ``frame`` with every geometry multi-part of ``family`` (other parts dropped).

    A GeoPackage layer then has one geometry type, whatever the rows hold
    (single and multi polygons, or the polygon parts of a collection).
    """
    def fix(geom: BaseGeometry | None) -> BaseGeometry | None:
        if geom is None:
            return None
        parts = [g for g in getattr(geom, "geoms", [geom]) if _family(g) == family]
        return _multi(parts, family)

    return frame.set_geometry([fix(g) for g in frame.geometry], crs=frame.crs)


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _attributes(result: Result) -> pd.DataFrame:
    """One row per activity: names beside codes, dates as dates, kilometres of lines."""
    acts = activity_table(result).set_index("activity_id", drop=False)
    names = unit_names(result)
    for level in ("kecamatan", "desa"):
        acts[f"{level}_names"] = acts[f"{level}_codes"].map(
            lambda codes: named_codes(";".join(codes), names, "id") if codes else "")
    lengths = result.linked.areas.groupby("activity_id")["length_km"].sum(min_count=1)
    acts["length_km"] = acts["activity_id"].map(lengths)
    for column in ("start", "end"):
        acts[column] = acts[column].map(_as_date)
    return acts


def _layer(rows: pd.DataFrame, geoms: list[BaseGeometry]) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(rows[ACTIVITY_FIELDS].reset_index(drop=True), geometry=geoms,
                             crs=GEOGRAPHIC_CRS)
    for column in ("start", "end"):  # a date column, even when every value is missing
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ms]")
    return frame


def _district(result: Result) -> BaseGeometry:
    bounds = result.bounds
    if bounds.kabupaten is not None and bounds.scope:
        hit = bounds.kabupaten[bounds.kabupaten["code"] == bounds.scope]
        if len(hit):
            return cast("BaseGeometry", hit.geometry.union_all())
    return cast("BaseGeometry", bounds.kecamatan.geometry.union_all())


def activity_layers(result: Result) -> dict[str, gpd.GeoDataFrame]:
    """Return the four activity layers (a layer with no activity is left out)."""
    acts = _attributes(result)
    drawn: dict[str, dict[str, list[BaseGeometry]]] = {f: {} for f in _MULTI}
    for activity, geom in zip(result.linked.areas["activity_id"], result.linked.areas.geometry,
                              strict=True):
        if geom is not None and not geom.is_empty:
            drawn[_family(geom)].setdefault(str(activity), []).append(geom)
    layers: dict[str, gpd.GeoDataFrame] = {}
    for name, family in ACTIVITY_LAYERS.items():
        if name == "activities_places":
            continue
        found = drawn[family]
        rows = acts[acts["activity_id"].isin(list(found))]
        if len(rows):
            layers[name] = _layer(rows, [_multi(found[a], family) for a in rows["activity_id"]])
    shapes = dict(zip(result.footprints["activity_id"], result.footprints.geometry, strict=True))
    district = _district(result)
    placed = acts[~acts["activity_id"].isin([a for f in drawn.values() for a in f])]
    if len(placed):
        found_shapes = [shapes.get(a) for a in placed["activity_id"]]
        geoms: list[BaseGeometry] = [district if g is None or g.is_empty else g
                                     for g in found_shapes]
        polys = [_multi([g], "Polygon") if _family(g) == "Polygon" else g for g in geoms]
        layers["activities_places"] = _layer(placed, polys)
    return layers


def _named(frame: gpd.GeoDataFrame, result: Result) -> gpd.GeoDataFrame:
    """Add ``kecamatan_names`` beside ``kecamatan_codes`` (overlaps, shared work)."""
    names = unit_names(result)
    out = frame.copy()
    if "kecamatan_codes" in out.columns:
        at = list(out.columns).index("kecamatan_codes") + 1
        out.insert(at, "kecamatan_names",
                   out["kecamatan_codes"].map(lambda t: named_codes(t, names, "id")))
    for column in ("overlap_start", "overlap_end"):
        if column in out.columns:
            out[column] = pd.to_datetime(out[column].map(_as_date)).astype("datetime64[ms]")
    return out


def result_layers(result: Result, gaps: gpd.GeoDataFrame | None) -> dict[str, gpd.GeoDataFrame]:
    """Every layer of ``results.gpkg``, in the order they are written."""
    layers = activity_layers(result)
    layers |= {"coverage_desa": result.coverage_desa,
               "coverage_kecamatan": result.coverage_kecamatan,
               "overlaps": _named(result.overlaps, result),
               "shared_work": _named(result.coordination.shared_work, result)}
    if gaps is not None:
        layers["gaps"] = gaps
    return layers


def write_results(layers: Mapping[str, gpd.GeoDataFrame], path: str | Path, *,
                  data_date: str = "") -> None:
    """Write the layers and their styles into one GeoPackage, atomically.

    Dates go in as GeoPackage ``DATE`` fields (through Arrow); lists as ``; ``-joined
    text; the ``layer_styles`` table gets one default style per layer. With
    ``data_date`` every time stamp GDAL writes is that date, so the same layers give
    the same bytes.
    """
    stamp = gpkg_timestamp(data_date)
    with atomic_path(path) as tmp, _gdal_date(stamp):
        for name, frame in layers.items():
            family = ACTIVITY_LAYERS.get(name, "Polygon")
            plain = as_multi(frame.copy(), family)
            for column in plain.columns:
                if column != plain.geometry.name and plain[column].dtype == object:
                    plain[column] = plain[column].map(table_cell)
                if pd.api.types.is_datetime64_any_dtype(plain[column]):  # a DATE field
                    plain[column] = plain[column].astype("date32[pyarrow]")
            plain.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio", use_arrow=True,
                          geometry_type=f"Multi{family}")
        styles = style_rows(layers, updated=stamp or "2000-01-01T00:00:00.000Z")
        pyogrio.write_dataframe(styles, tmp, layer="layer_styles", driver="GPKG")
