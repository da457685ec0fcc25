"""Reading a CSV of points (latitude/longitude columns) or of WKT geometries.

Columns are found by their names (``lat``/``lintang``, ``lon``/``bujur``, ``wkt``...)
or by an HXL hashtag row right under the header. Rows whose coordinates are missing
or unreadable are reported, one :class:`~landscape.problems.Problem` each, and left
out; a file that is not a table raises :class:`~landscape.errors.InputFileError`.
"""

from __future__ import annotations

import csv
import io
import math
import re
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import shapely

from landscape.errors import InputError, InputFileError
from landscape.problems import Problem
from landscape.read._decode import cut_short, decode_text, read_csv_rows, sniff_delimiter
from landscape.read._raw import RawLayer
from landscape.settings import GEOGRAPHIC_CRS

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["read_csv_layer"]

_LAT_NAMES = (
    "latitude", "lat", "lat_dd", "lintang", "latitud", "breite", "y", "coord_y", "y_coord",
)  # fmt: skip
_LON_NAMES = (
    "longitude", "lon", "lng", "long", "lon_dd", "lng_dd", "bujur", "longitud", "laenge",
    "x", "coord_x", "x_coord",
)  # fmt: skip
_WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "wkt_geom", "geometri")


def read_csv_layer(path: Path) -> tuple[list[RawLayer], list[Problem]]:
    """Read a CSV of points (lat/lon columns) or of WKT geometries.

    An HXL hashtag row right under the header is used to find the columns,
    then skipped. Rows whose coordinates are missing or unreadable are reported
    as errors and left out; they stay in ``frame.attrs["left_out"]`` (one mapping each:
    ``number``, ``reason`` and the row's other ``cells``) for the caller's list of
    dropped features.
    """
    text, problems = decode_text(path)
    table = _parse_table(text, path.name)
    problems += cut_short(text, read_csv_rows(text), path.name)
    hxl = _hxl_tags(table)
    first_row = 3 if hxl else 2
    if hxl:
        table = table.iloc[1:].reset_index(drop=True)
    table = table.replace(r"^\s*$", None, regex=True)
    lines = [i + first_row for i in range(len(table))]
    keep = table.notna().any(axis=1).to_numpy()  # wholly blank lines are not features
    table = table[keep].reset_index(drop=True)
    # A feature's number is its 1-based position among the rows (as in GeoJSON or GPX);
    # messages add the line a text editor shows ("feature 1 (line 2)").
    rows = [(n, line) for n, line in enumerate(
        (r for r, k in zip(lines, keep, strict=True) if k), start=1)]
    roles = _hxl_roles(hxl)
    geometry, used, geometry_problems = _csv_geometry(table, rows, roles, path.name)
    valid = [g is not None for g in geometry]
    frame = gpd.GeoDataFrame(
        table.drop(columns=used)[valid].reset_index(drop=True),
        geometry=gpd.GeoSeries([g for g in geometry if g is not None], crs=GEOGRAPHIC_CRS),
    )
    hints = {k: v for k, v in roles.items() if k in {"id", "name", "org", "description"}}
    # RawLayer.rows keeps the lines (a layer's messages name them); an area file numbers
    # its features by position, carried in the frame's attrs.
    frame.attrs["numbers"] = [n for (n, _), v in zip(rows, valid, strict=True) if v]
    # The rows left out keep their attributes and numbers, so the caller lists them as
    # dropped features by their id and name (each is reported once, here).
    cells = table.drop(columns=used)[[not v for v in valid]].to_dict("records")
    numbers = [n for (n, _), v in zip(rows, valid, strict=True) if not v]
    frame.attrs["left_out"] = [{"number": n, "reason": p.problem, "cells": c} for n, p, c in
                               zip(numbers, geometry_problems, cells, strict=True)]
    kept_lines = [line for (_, line), v in zip(rows, valid, strict=True) if v]
    layer = RawLayer("", frame, kept_lines, "CSV", hints)
    return [layer], problems + geometry_problems


def _parse_table(text: str, file_name: str) -> pd.DataFrame:
    delimiter = sniff_delimiter(text)
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,  # blank lines count in the line numbers messages show
            skipinitialspace=True,
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        reason = str(exc).strip().splitlines()[0].rstrip(".")
        msg = f"{file_name} could not be read as a table ({reason}); save it again as CSV"
        raise InputFileError(msg) from exc


def _hxl_tags(table: pd.DataFrame) -> dict[str, str]:
    """Return {column: hashtag} if the first data row is an HXL hashtag row."""
    if table.empty:
        return {}
    cells = {col: str(v).strip() for col, v in table.iloc[0].items()}
    tags = {col: v for col, v in cells.items() if v}
    if not tags or not all(v.startswith("#") for v in tags.values()):
        return {}
    return {str(col): re.sub(r"\s+", "", v.lower()) for col, v in tags.items()}


def _hxl_roles(tags: dict[str, str]) -> dict[str, str]:
    """Map the roles lat, lon, wkt, id, name, org, description to columns."""
    roles: dict[str, str] = {}
    for column, tag in tags.items():
        role = _hxl_role(tag)
        if role and role not in roles:
            roles[role] = column
    named_org = next((c for c, t in tags.items() if t.startswith("#org+") and "+name" in t), None)
    if named_org is not None:
        roles["org"] = named_org
    return roles


def _hxl_role(tag: str) -> str | None:
    base, *attributes = tag.split("+")
    if base == "#geo":
        return next((a for a in ("lat", "lon", "wkt") if a in attributes), None)
    if base == "#org":
        return "org"
    if base == "#description" or "description" in attributes:
        return "description"
    if base.startswith("#adm") or base in {"#country", "#region", "#date", "#sector"}:
        return None
    if "id" in attributes or "code" in attributes or base == "#x_id":
        return "id"
    return "name" if "name" in attributes else None


def _find_column(columns: list[str], names: tuple[str, ...]) -> str | None:
    normalised = {re.sub(r"[^a-z0-9]+", "_", c.lower()).strip("_"): c for c in reversed(columns)}
    return next((normalised[n] for n in names if n in normalised), None)


def _csv_geometry(
    table: pd.DataFrame, rows: list[tuple[int, int]], roles: dict[str, str], file_name: str
) -> tuple[list[shapely.Geometry | None], list[str], list[Problem]]:
    columns = [str(c) for c in table.columns]
    wkt = roles.get("wkt") or _find_column(columns, _WKT_NAMES)
    lat = roles.get("lat") or _find_column(columns, _LAT_NAMES)
    lon = roles.get("lon") or _find_column(columns, _LON_NAMES)
    if wkt is not None:
        shapes, problems = _wkt_geometries(table[wkt], rows, file_name, wkt)
        return shapes, [wkt], problems
    if lat is None or lon is None:
        msg = (
            f"{file_name} has no coordinate columns; add columns lat and lon "
            "(decimal degrees, WGS 84) or one column wkt with the geometry as WKT"
        )
        raise InputError(msg)
    shapes, problems = _point_geometries(table, rows, (lat, lon), file_name)
    return shapes, [lat, lon], problems


def _point_geometries(
    table: pd.DataFrame, rows: list[tuple[int, int]], lat_lon: tuple[str, str],
    file_name: str
) -> tuple[list[shapely.Geometry | None], list[Problem]]:
    lat, lon = lat_lon
    geometry: list[shapely.Geometry | None] = []
    problems: list[Problem] = []
    for row, y_text, x_text in zip(rows, table[lat], table[lon], strict=True):
        y, x = _number(y_text), _number(x_text)
        if x is None or y is None:
            bad_column, bad = (lat, y_text) if y is None else (lon, x_text)
            problems.append(_coordinate_problem(file_name, row, bad_column, bad))
            geometry.append(None)
        else:
            geometry.append(shapely.Point(x, y))
    return geometry, problems


def _wkt_geometries(
    values: pd.Series, rows: list[tuple[int, int]], file_name: str, column: str
) -> tuple[list[shapely.Geometry | None], list[Problem]]:
    geometry: list[shapely.Geometry | None] = []
    problems: list[Problem] = []
    for row, text in zip(rows, values, strict=True):
        parsed = shapely.from_wkt(text, on_invalid="ignore") if isinstance(text, str) else None
        if parsed is None:
            problems.append(_coordinate_problem(file_name, row, column, text))
        geometry.append(parsed)
    return geometry, problems


def _coordinate_problem(
    file_name: str, row: tuple[int, int], column: str, value: object
) -> Problem:
    written = value.strip() if isinstance(value, str) else ""  # None or NaN: missing
    what = ("the geometry is missing" if not written
            else f"{column} is {written!r}, not a number" if _not_finite(written)
            else "the geometry cannot be read")
    number, line = row
    return Problem(
        file=file_name,
        sheet=None,
        row=number,
        column=column,
        value=written,
        problem=f"feature {number} (line {line}): {what}, so the row was left out",
        suggestion="give decimal degrees (e.g. 0.1923 and 111.4312) or WKT (POINT (111.43 0.19))",
        severity="error",
        dropped=True,
    )


def _not_finite(text: str) -> bool:
    """Tell whether a cell holds NaN or an infinity, which Python reads as a float."""
    try:
        return not math.isfinite(float(text))
    except ValueError:
        return False


def _number(value: object) -> float | None:
    if not isinstance(value, str):
        return None
    text = value.strip().replace("°", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
