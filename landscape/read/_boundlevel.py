"""One level of the boundaries read into ``code``, ``name``, geometry in EPSG:4326.

:func:`read_level` picks the code and name fields (:mod:`landscape.read._boundfields`),
reads the codes in the scheme the field states and brings the layer to
longitude/latitude. :func:`check_own_names` refuses a layer whose unit names
mostly repeat their parent's: its name field holds the kecamatan's name, not the
desa's, and every desa would be shown and matched under its kecamatan's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from landscape._text import fold_place
from landscape.errors import InputError
from landscape.problems import Problem
from landscape.read._boundfields import (
    CODE_FIELDS,
    GENERIC_CODES,
    GENERIC_NAMES,
    NAME_FIELDS,
    PARENT,
    Level,
    bps_field,
    parent_names,
    pick_field,
    read_codes,
)
from landscape.read._raw import RawLayer, to_geographic
from landscape.settings import GEOGRAPHIC_CRS, PARENT_NAME_SHARE

__all__ = ["check_own_names", "read_level"]


def _where(layer: RawLayer, file_name: str) -> str:
    same = layer.name.lower() in {Path(file_name).stem.lower(), ""}
    return file_name if same else f"{file_name}, layer {layer.name}"


def read_level(layer: RawLayer, level: Level, file_name: str,
               fields: Mapping[str, str]) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Return the units of one level: ``code``, ``name`` (``parent_name``), geometry.

    The frame keeps the layer's own row numbers as its index (for messages) and is
    sorted by code. Units without a code or a geometry are left out and reported.

    Raises
    ------
    InputError
        If a field is missing, the codes are BPS codes or not of this level, or
        the layer's coordinates fit no CRS.
    """
    where = _where(layer, file_name)
    frame = layer.frame
    code = pick_field(frame, level, "code", fields.get(f"{level}_code_field"), where)
    name = pick_field(frame, level, "name", fields.get(f"{level}_name_field"), where)
    if code is None and bps_field(frame) is not None:
        code = bps_field(frame)
    if code is None or name is None:
        geometry = frame.geometry.name
        msg = (f"{where} needs a code field (such as "
               f"{', '.join((*CODE_FIELDS[level][:2], *GENERIC_CODES[3:5]))}) and a name field "
               f"(such as {', '.join((*NAME_FIELDS[level][:2], *GENERIC_NAMES[:2]))}) for its "
               f"{level}; it has "
               f"{', '.join(str(c) for c in frame.columns if c != geometry)}; name them in a "
               f"map definition ([boundaries] {level}_code_field, {level}_name_field)")
        raise InputError(msg)
    codes = read_codes(frame[code], code, level, where)
    geographic, problems = to_geographic(layer, file_name)
    out = gpd.GeoDataFrame(
        {"code": codes, "name": frame[name].fillna("").astype(str).str.strip().to_numpy()},
        geometry=shapely.make_valid(geographic.geometry.values), crs=GEOGRAPHIC_CRS,
        index=frame.index)
    parents = parent_names(frame, level)
    if parents is not None:
        out["parent_name"] = parents.fillna("").to_numpy()
    keep = (out["code"] != "") & out.geometry.notna() & ~out.geometry.is_empty
    if not keep.all():
        problems.append(Problem(
            file_name, layer.name or None, None, code, f"{int((~keep).sum())} units",
            f"{int((~keep).sum())} {level} of {where} have no code or no geometry and are "
            "left out", f"fill in field {code} and the shapes in QGIS", "error"))
    return out[keep].sort_values("code", kind="stable"), problems


def _own_share(names: pd.Series, parent: pd.Series) -> tuple[int, int]:
    pairs = [(fold_place(n)[0], fold_place(p)[0]) for n, p in zip(names, parent, strict=True)
             if p]
    return sum(1 for n, p in pairs if n == p), len(pairs)


def check_own_names(units: gpd.GeoDataFrame, level: Level, parents: gpd.GeoDataFrame,
                    found: tuple[RawLayer, str], fields: Mapping[str, str]) -> None:
    """Refuse a layer whose unit names mostly repeat their parent's (``units`` as read).

    Raises
    ------
    InputError
        Naming the field taken, how many names repeat, and the field to use.
    """
    layer, file_name = found
    parent_level = PARENT[level]
    by_code = dict(zip(parents["code"], parents["name"], strict=True))
    if "parent_name" in units and (units["parent_name"] != "").any():
        parent = units["parent_name"]
    else:
        parent = pd.Series([by_code.get(c.rsplit(".", 1)[0], "") for c in units["code"]],
                           index=units.index)
    same, total = _own_share(units["name"], parent)
    if total < 2 or same < PARENT_NAME_SHARE * total:
        return
    where = _where(layer, file_name)
    taken = pick_field(layer.frame, level, "name", fields.get(f"{level}_name_field"), where)
    raw = layer.frame.loc[units.index]
    better = [str(c) for c in raw.columns if str(c) != taken and c != raw.geometry.name
              and raw[c].dtype != float and len(set(raw[c])) * 2 > total
              and not raw[c].astype(str).str.fullmatch(r"[\d.\s]*").all()
              and _own_share(raw[c].fillna("").astype(str), parent)[0] < PARENT_NAME_SHARE * total]
    hint = (f"field {' or '.join(better[:3])}" if better
            else f"the field of each {level}'s own name (NAMOBJ or WADMKD in BIG files)")
    msg = (f"{where}: the {level} names in field {taken} repeat their {parent_level}'s for "
           f"{same} of {total} {level} (e.g. {units['name'].iloc[0]}), so that field holds the "
           f"{parent_level} name; use {hint}, as {level}_name_field under [boundaries] in a map "
           "definition")
    raise InputError(msg)
