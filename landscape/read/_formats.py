"""Format-specific reading of partners' area files into raw layers.

Each reader turns one file into :class:`~landscape.read._raw.RawLayer` objects
(attributes and geometry as found, in the file's own CRS) plus the problems met while
reading: GDAL formats and shapefiles (plain, zipped, or inside a zipped File GDB) here,
CSV files in :mod:`landscape.read._csvlayer`. :mod:`landscape.read.areas` then
standardises every raw layer the same way. Every GDAL/pyogrio failure is turned into
an :class:`~landscape.errors.InputFileError` whose message is one sentence naming the
file.
"""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pyogrio

from landscape.errors import InputFileError
from landscape.problems import Problem
from landscape.read._csvlayer import read_csv_layer
from landscape.read._raw import RawLayer

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
