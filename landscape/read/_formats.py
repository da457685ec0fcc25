"""Format-specific reading of partners' area files into raw layers.

Each reader turns one file into :class:`RawLayer` objects (attributes and
geometry as found, in the file's own CRS) plus the problems met while reading.
:mod:`landscape.read.areas` then standardises every raw layer the same way. Every
GDAL/pyogrio failure is turned into an :class:`~landscape.errors.InputFileError`
whose message is one sentence naming the file. :func:`to_geographic` brings a
raw layer to EPSG:4326 for both :mod:`landscape.read.areas` and the layer reader.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import math
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import shapely

from landscape.errors import InputError, InputFileError
from landscape.problems import Problem
from landscape.read._decode import decode_text, sniff_delimiter
from landscape.settings import GEOGRAPHIC_CRS

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy as np

_USE_ARROW = importlib.util.find_spec("pyarrow") is not None

#: Extensions read directly by GDAL, with the driver name used in messages.
GDAL_FORMATS: dict[str, str] = {
    ".gpkg": "GPKG",
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".kml": "KML",
    ".kmz": "KML",
    ".gpx": "GPX",
    ".gdb": "OpenFileGDB",
    ".fgb": "FlatGeobuf",
    ".gml": "GML",
}
CSV_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})
SUPPORTED = "GeoPackage, GeoJSON, Shapefile (.shp or zipped), KML/KMZ, GPX, CSV or File GDB"

_GPX_SKIP = frozenset({"track_points", "route_points"})
_SHAPEFILE = "ESRI Shapefile"
_LAT_NAMES = (
    "latitude", "lat", "lat_dd", "lintang", "latitud", "breite", "y", "coord_y", "y_coord",
)  # fmt: skip
_LON_NAMES = (
    "longitude", "lon", "lng", "long", "lon_dd", "lng_dd", "bujur", "longitud", "laenge",
    "x", "coord_x", "x_coord",
)  # fmt: skip
_WKT_NAMES = ("wkt", "geometry", "geom", "the_geom", "wkt_geom", "geometri")


@dataclass(slots=True)
class RawLayer:
    """One layer of an area file as read, before standardisation.

    Parameters
    ----------
    name : str
        Layer name as the source names it ("" for single-table CSV files).
    frame : geopandas.GeoDataFrame
        Attributes and geometry, in the source CRS (``None`` if it has none).
    rows : list of int
        For each feature, the number shown to the user (CSV line or position).
    driver : str
        Source format (a GDAL driver name, or "CSV").
    hints : dict
        Columns already identified for the roles ``id``, ``name``, ``org``
        and ``description`` (from GPX conventions or an HXL hashtag row).
    """

    name: str
    frame: gpd.GeoDataFrame
    rows: list[int]
    driver: str
    hints: dict[str, str] = field(default_factory=dict)


def read_layers(path: Path) -> tuple[list[RawLayer], list[Problem]]:
    """Read every feature layer of ``path``, choosing the reader by extension.

    Raises
    ------
    InputFileError
        If the file is missing, of an unknown format or cannot be read.
    """
    if not path.exists():
        msg = f"{path.name} was not found in {path.parent}; check the file name and folder"
        raise InputFileError(msg)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _read_zip(path)
    if suffix == ".shp":
        return _read_shapefile(str(path), path.name, _sibling_suffixes(path))
    if suffix in CSV_SUFFIXES and path.is_file():
        return read_csv_layer(path)
    if suffix in GDAL_FORMATS and (path.is_file() or suffix == ".gdb"):
        return _read_gdal(str(path), path.name, driver=GDAL_FORMATS[suffix]), []
    msg = f"{path.name} is not an area file the toolkit reads; save it as {SUPPORTED}"
    raise InputFileError(msg)


# --- GDAL sources -----------------------------------------------------------------------


def _read_gdal(
    src: str, file_name: str, *, driver: str, encoding: str | None = None
) -> list[RawLayer]:
    """Read every non-empty layer with geometry of a GDAL source."""
    try:
        listing = pyogrio.list_layers(src)
    except (RuntimeError, OSError, ValueError) as exc:
        raise InputFileError(_unreadable(file_name, exc, src)) from exc
    hints = {"id": "name", "name": "name", "description": "desc"} if driver == "GPX" else {}
    layers = []
    for name, geometry_type in listing:
        if geometry_type is None or (driver == "GPX" and name in _GPX_SKIP):
            continue
        frame = read_frame(src, str(name), file_name, encoding=encoding)
        if len(frame):
            rows = list(range(1, len(frame) + 1))
            layers.append(RawLayer(str(name), frame, rows, driver, dict(hints)))
    return layers


def read_frame(src: str, layer: str, file_name: str, *, encoding: str | None) -> gpd.GeoDataFrame:
    """Read one layer with pyogrio; GDAL failures become :class:`InputFileError`.

    A :class:`UnicodeDecodeError` is let through so that the caller can retry
    with another encoding.
    """
    try:
        return pyogrio.read_dataframe(
            src, layer=layer, encoding=encoding, use_arrow=_USE_ARROW and encoding is None
        )
    except UnicodeDecodeError:
        raise
    except (RuntimeError, OSError, ValueError) as exc:
        raise InputFileError(_unreadable(file_name, exc, src)) from exc


def _unreadable(file_name: str, exc: Exception, src: str) -> str:
    reason = str(exc).split(";")[0].replace(src, file_name).strip().rstrip(".")
    reason = reason.replace("'", "") or type(exc).__name__
    return (
        f"{file_name} could not be read ({reason}); check that the file is complete "
        "and opens in QGIS, or export it again"
    )


# --- Shapefiles, plain and zipped -------------------------------------------------------


def _sibling_suffixes(shp: Path) -> set[str]:
    return {p.suffix.lower() for p in shp.parent.glob("*") if p.stem == shp.stem}


def _read_zip(path: Path) -> tuple[list[RawLayer], list[Problem]]:
    """Read every shapefile (or File GDB folder) found anywhere inside a zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not _is_junk(n)]
    except (zipfile.BadZipFile, OSError) as exc:
        msg = (
            f"{path.name} is not a readable zip archive (damaged or incompletely downloaded); "
            "download or zip it again"
        )
        raise InputFileError(msg) from exc
    shps = [n for n in names if n.lower().endswith(".shp")]
    root = f"/vsizip/{path.resolve()}"
    if not shps:
        gdbs = sorted({_gdb_folder(n) for n in names} - {None}, key=str)
        if gdbs:
            return _read_gdal(f"{root}/{gdbs[0]}", path.name, driver="OpenFileGDB"), []
        msg = (
            f"{path.name} contains no .shp file; zip the .shp together with its .shx, .dbf and .prj"
        )
        raise InputFileError(msg)
    layers: list[RawLayer] = []
    problems: list[Problem] = []
    for shp in shps:
        stem = shp[: -len(".shp")]
        suffixes = {n[len(stem) :].lower() for n in names if n.startswith(stem + ".")}
        found, found_problems = _read_shapefile(f"{root}/{shp}", path.name, suffixes)
        layers += found
        problems += found_problems
    return layers, problems


def _is_junk(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return "__MACOSX" in parts or PurePosixPath(name).name.startswith("._")


def _gdb_folder(name: str) -> str | None:
    for i, part in enumerate(PurePosixPath(name).parts):
        if part.lower().endswith(".gdb"):
            return "/".join(PurePosixPath(name).parts[: i + 1])
    return None


def _read_shapefile(
    src: str, file_name: str, suffixes: set[str]
) -> tuple[list[RawLayer], list[Problem]]:
    """Read one shapefile; without a .cpg try UTF-8, then Windows-1252 with a warning."""
    stem = PurePosixPath(src).stem
    missing = [s for s in (".shx", ".dbf") if s not in suffixes]
    if missing:
        msg = (
            f"{file_name}: {stem}.shp has no {' or '.join(missing)} file beside it; "
            "keep the .shp together with its .shx, .dbf and .prj"
        )
        raise InputFileError(msg)
    if ".cpg" in suffixes:
        return _read_gdal(src, file_name, driver=_SHAPEFILE), []
    try:
        return _read_gdal(src, file_name, driver=_SHAPEFILE, encoding="UTF-8"), []
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            layers = _read_gdal(src, file_name, driver=_SHAPEFILE, encoding=encoding)
        except UnicodeDecodeError:
            continue
        problem = Problem(
            file=file_name,
            sheet=stem,
            row=None,
            column=None,
            value=encoding,
            problem=f"{stem}.shp has no .cpg file and its text is not UTF-8; read it as {encoding}",
            suggestion="check accented names; ship the .cpg file that states the encoding",
        )
        return layers, [problem]
    raise AssertionError  # latin-1 decodes every byte


# --- CSV with point coordinates or WKT ---------------------------------------------------


def read_csv_layer(path: Path) -> tuple[list[RawLayer], list[Problem]]:
    """Read a CSV of points (lat/lon columns) or of WKT geometries.

    An HXL hashtag row right under the header is used to find the columns,
    then skipped. Rows whose coordinates are missing or unreadable are reported
    as errors and left out.
    """
    text, problems = decode_text(path)
    table = _parse_table(text, path.name)
    hxl = _hxl_tags(table)
    first_row = 3 if hxl else 2
    if hxl:
        table = table.iloc[1:].reset_index(drop=True)
    table = table.replace(r"^\s*$", None, regex=True)
    rows = [i + first_row for i in range(len(table))]
    keep = table.notna().any(axis=1).to_numpy()  # wholly blank lines are not features
    table = table[keep].reset_index(drop=True)
    rows = [r for r, k in zip(rows, keep, strict=True) if k]
    roles = _hxl_roles(hxl)
    geometry, used, geometry_problems = _csv_geometry(table, rows, roles, path.name)
    valid = [g is not None for g in geometry]
    frame = gpd.GeoDataFrame(
        table.drop(columns=used)[valid].reset_index(drop=True),
        geometry=gpd.GeoSeries([g for g in geometry if g is not None], crs=GEOGRAPHIC_CRS),
    )
    hints = {k: v for k, v in roles.items() if k in {"id", "name", "org", "description"}}
    kept_rows = [r for r, v in zip(rows, valid, strict=True) if v]
    layer = RawLayer("", frame, kept_rows, "CSV", hints)
    return [layer], problems + geometry_problems


def _parse_table(text: str, file_name: str) -> pd.DataFrame:
    delimiter = sniff_delimiter(text)
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            dtype=str,
            keep_default_na=False,
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
    table: pd.DataFrame, rows: list[int], roles: dict[str, str], file_name: str
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
    table: pd.DataFrame, rows: list[int], lat_lon: tuple[str, str], file_name: str
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
    values: pd.Series, rows: list[int], file_name: str, column: str
) -> tuple[list[shapely.Geometry | None], list[Problem]]:
    geometry: list[shapely.Geometry | None] = []
    problems: list[Problem] = []
    for row, text in zip(rows, values, strict=True):
        parsed = shapely.from_wkt(text, on_invalid="ignore") if isinstance(text, str) else None
        if parsed is None:
            problems.append(_coordinate_problem(file_name, row, column, text))
        geometry.append(parsed)
    return geometry, problems


def _coordinate_problem(file_name: str, row: int, column: str, value: object) -> Problem:
    written = "" if value is None else str(value)
    what = "is missing" if not written else "cannot be read"
    return Problem(
        file=file_name,
        sheet=None,
        row=row,
        column=column,
        value=written,
        problem=f"the geometry {what}, so the row was left out",
        suggestion="give decimal degrees (e.g. 0.1923 and 111.4312) or WKT (POINT (111.43 0.19))",
        severity="error",
    )


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


# --- to longitude/latitude --------------------------------------------------------------

#: What to check when coordinates do not fit longitude/latitude.
CRS_FIX = "check the file's CRS (the .prj of a shapefile) or whether lon and lat are swapped"


def to_geographic(layer: RawLayer, file_name: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Return a raw layer's frame in EPSG:4326, with the problems met.

    A missing CRS is accepted only for longitude/latitude coordinates (and
    reported as an assumption).

    Raises
    ------
    InputError
        If the layer has no CRS and is not in degrees, or cannot be reprojected.
    """
    frame = layer.frame
    problems = []
    if frame.crs is None:
        prj = " (no .prj)" if layer.driver == "ESRI Shapefile" else ""
        if not within_lon_lat(frame.total_bounds):
            shown = f"{file_name} (layer {layer.name})" if layer.name else file_name
            msg = (
                f"{shown} has no coordinate reference system{prj} and its coordinates "
                "are not longitude/latitude; add the .prj that came with the data, or assign "
                "the CRS in QGIS and export again"
            )
            raise InputError(msg)
        frame = frame.set_crs(GEOGRAPHIC_CRS)
        text = (
            f"the file has no coordinate reference system{prj}; its coordinates look "
            "like longitude/latitude, so WGS 84 (EPSG:4326) was assumed"
        )
        fix = "check the positions on a map; add the .prj that came with the data"
        problems.append(Problem(file_name, layer.name or None, None, None, "", text, fix))
    try:
        return frame.to_crs(GEOGRAPHIC_CRS), problems
    except (pyproj.exceptions.ProjError, pyproj.exceptions.CRSError, ValueError) as exc:
        msg = f"{file_name} could not be reprojected to EPSG:4326 ({exc}); {CRS_FIX}"
        raise InputError(msg) from exc


def within_lon_lat(bounds: Sequence[float] | np.ndarray) -> bool:
    """Return True if (minx, miny, maxx, maxy) is a lon/lat box (or empty)."""
    minx, miny, maxx, maxy = (float(b) for b in bounds)
    if any(math.isnan(b) for b in (minx, miny, maxx, maxy)):
        return all(math.isnan(b) for b in (minx, miny, maxx, maxy))  # empty: nothing to check
    return minx >= -180 and maxx <= 180 and miny >= -90 and maxy <= 90
