"""Land-status tables from raw measures: shares, point densities, group rows, sort order.

The rules are stated in :mod:`landscape.analyse.landstatus`; this module shapes the
rows (``code`` then :data:`LAND_STATUS_COLUMNS`) and sorts them by unit, then class.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landscape.analyse._overlay import shares, unit_ha
from landscape.catalogue import GROUP_PREFIX, Layer, LoadedLayer
from landscape.errors import InputError
from landscape.model import equal_area

#: Columns after the unit key, in this order.
LAND_STATUS_COLUMNS: tuple[str, ...] = (
    "layer", "class_code", "class", "area_ha", "share", "n_points", "per_1000_ha",
)  # fmt: skip
#: ``class_code`` of the row counting every point of a unit.
ALL_POINTS = "all"



def group_rows(table: pd.DataFrame, layer: Layer, *, key: str) -> pd.DataFrame:
    """Return the table's class rows plus group rows summed from them."""
    plain = table[~table["class_code"].astype(str).str.startswith(GROUP_PREFIX)]
    rows = [plain]
    for group in layer.groups.values():
        members = plain[plain["class_code"].isin(list(group.codes))]
        if members.empty:
            continue
        summed = members.groupby(key, sort=False)[["area_ha", "share"]].sum(min_count=1)
        summed["share"] = shares(summed["share"], 1.0)  # a pixel has one class: no overlap
        rows.append(summed.reset_index().assign(class_code=GROUP_PREFIX + group.name,
                                                layer=layer.id))
    combined = pd.concat(rows, ignore_index=True)
    combined["class"] = [layer.label(str(c)) for c in combined["class_code"]]
    return combined


def area_table(found: pd.DataFrame, layer: Layer, hectares: pd.Series) -> pd.DataFrame:
    """Class rows with ``share``: ``area_ha`` over the unit's ``hectares`` measured alike."""
    table = found.assign(layer=layer.id)
    table["class"] = [layer.label(c) for c in table["class_code"]]
    table["share"] = shares(table["area_ha"], table["code"].map(hectares))
    table["n_points"] = pd.Series(pd.NA, index=table.index, dtype="Int64")
    table["per_1000_ha"] = np.nan
    return table


def point_table(units_ea: gpd.GeoDataFrame, layer: LoadedLayer,
                 points_ea: gpd.GeoDataFrame | None) -> pd.DataFrame:
    if layer.frame is None:
        msg = f"{layer.path.name}: layer {layer.id} holds no points"
        raise InputError(msg)
    points = equal_area(layer.frame) if points_ea is None else points_ea
    unit_i, point_i = shapely.STRtree(points.geometry.to_numpy()).query(
        units_ea.geometry.to_numpy(), predicate="covers")
    codes = units_ea.index.to_numpy().astype(str)
    hits = pd.DataFrame({"code": codes[unit_i],
                         "year": points["year"].to_numpy()[point_i]})
    totals = hits.groupby("code").size().reindex(codes, fill_value=0)
    rows = [pd.DataFrame({"code": codes, "class_code": ALL_POINTS, "n_points": totals.to_numpy()})]
    dated = hits.dropna(subset=["year"])
    if not dated.empty:
        per_year = dated.groupby(["code", "year"]).size().reset_index(name="n_points")
        rows.append(per_year.assign(class_code=per_year["year"].astype(int).astype(str))
                    .drop(columns="year"))
    table = pd.concat(rows, ignore_index=True)
    table["layer"] = layer.id
    table["class"] = [layer.id if c == ALL_POINTS else f"{layer.id} {c}"
                      for c in table["class_code"]]
    hectares = table["code"].map(unit_ha(units_ea)).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = table["n_points"].to_numpy(dtype=float) / hectares * 1000.0
    table["per_1000_ha"] = np.where(np.isfinite(density), density, np.nan)
    table["n_points"] = table["n_points"].astype("Int64")
    table["area_ha"] = np.nan
    table["share"] = np.nan
    return table


def finish(table: pd.DataFrame, layer: Layer, *, key: str, order: list[str]) -> pd.DataFrame:
    """Sort by unit order, then class order; fix the columns and their types."""
    position = {code: i for i, code in enumerate(order)}
    ranks = [_class_rank(layer, str(c)) for c in table["class_code"]]
    table = table.assign(_unit=table[key].astype(str).map(position),
                         _class=[r[0] for r in ranks], _year=[r[1] for r in ranks])
    table = table.sort_values(["_unit", "_class", "_year"], kind="stable")
    out = table[[key, *LAND_STATUS_COLUMNS]].reset_index(drop=True)
    out[key] = out[key].astype(str)
    out["class_code"] = out["class_code"].astype(str)
    out["class"] = out["class"].astype(str)
    out["area_ha"] = out["area_ha"].astype(float)
    out["share"] = out["share"].astype(float)
    out["n_points"] = out["n_points"].astype("Int64")
    out["per_1000_ha"] = out["per_1000_ha"].astype(float)
    return out


def _class_rank(layer: Layer, code: str) -> tuple[int, int]:
    if code == ALL_POINTS:
        return (-1, 0)
    if code.isdigit() and layer.kind != "classes":
        return (0, int(code))
    return (layer.order(code), 0)
