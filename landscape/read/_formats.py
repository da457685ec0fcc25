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
import re
import warnings
import zipfile
import zlib
from pathlib import Path, PurePosixPath

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely

from landscape.errors import InputFileError
from landscape.problems import Problem
from landscape.read._containers import (
    TEXT_SUFFIXES,
    XML_SUFFIXES,
    check_size,
    check_xml,
    checked_zip,
)
from landscape.read._csvlayer import read_csv_layer
from landscape.read._decode import choose_encoding, codec_name, double_encoded, undo_double_encoding
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
    if suffix in TEXT_SUFFIXES and path.is_file():
        check_size(path)
    if suffix in XML_SUFFIXES and path.is_file():
        check_xml(path, path.name)
    if suffix == ".kmz" and path.is_file():
        _check_kmz(path)
    if suffix == ".zip":
        return _read_zip(path)
    if suffix == ".shp":
        return _read_shapefile(str(path), path.name, _sibling_suffixes(path), _cpg_beside(path))
    if suffix in CSV_SUFFIXES and path.is_file():
        return read_csv_layer(path)
    if suffix in GDAL_FORMATS and (path.is_file() or suffix == ".gdb"):
        return _read_gdal(str(path), path.name, driver=GDAL_FORMATS[suffix])
    msg = f"{path.name} is not an area file the toolkit reads; save it as {SUPPORTED}"
    raise InputFileError(msg)


# --- GDAL sources -----------------------------------------------------------------------


def _read_gdal(src: str, file_name: str, *, driver: str) -> tuple[list[RawLayer], list[Problem]]:
    """Read every non-empty layer with geometry of a GDAL source."""
    try:
        listing = pyogrio.list_layers(src)
    except (RuntimeError, OSError, ValueError) as exc:
        raise InputFileError(_unreadable(file_name, exc, src)) from exc
    hints = {"id": "name", "name": "name", "description": "desc"} if driver == "GPX" else {}
    layers, problems = [], []
    for name, geometry_type in listing:
        if geometry_type is None or (driver == "GPX" and name in _GPX_SKIP):
            continue
        frame, found = read_frame(src, str(name), file_name)
        problems += found
        if len(frame):
            rows = list(range(1, len(frame) + 1))
            layers.append(RawLayer(str(name), frame, rows, driver, dict(hints)))
    return layers, problems


def read_frame(src: str, layer: str, file_name: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read one layer of a GDAL source (UTF-8 by its format), with the problems met.

    Text that is not UTF-8 after all is read in the encoding its bytes are in;
    text encoded twice is repaired; both are reported, never a traceback.

    Raises
    ------
    InputFileError
        If GDAL cannot read the layer.
    """
    try:
        frame = _pyogrio(src, layer, file_name, encoding=None)
    except UnicodeDecodeError:
        frame = _pyogrio(src, layer, file_name, encoding="latin-1")  # the bytes, one by one
        frame, encoding = recode_frame(frame, None)
        problem = Problem(file_name, layer, None, None, encoding,
                          f"the text of layer {layer} is not UTF-8; read it as {encoding}",
                          "check accented names; export the file again as UTF-8")
        return frame, [problem, *repair_frame(frame, file_name, layer)]
    return frame, repair_frame(frame, file_name, layer)


def _pyogrio(src: str, layer: str, file_name: str, *, encoding: str | None,
             **options: str) -> gpd.GeoDataFrame:
    """Read one layer; a ring left open (invalid WKB) is closed, its position kept.

    ``frame.attrs["closed_rings"]`` lists the 0-based positions of the features
    whose rings were closed, so that each is reported by name.
    """
    plain = encoding is None and not options

    def read(on_invalid: str) -> gpd.GeoDataFrame:
        return pyogrio.read_dataframe(src, layer=layer, encoding=encoding,
                                      use_arrow=_USE_ARROW and plain, on_invalid=on_invalid,
                                      **options)

    try:
        with warnings.catch_warnings():  # GDAL's own note on an open ring: reported below
            warnings.filterwarnings("ignore", "Non closed ring", RuntimeWarning)
            try:
                return read("raise")
            except shapely.errors.GEOSException:
                fixed, bare = read("fix"), read("ignore")
    except UnicodeDecodeError:
        raise
    except (RuntimeError, OSError, ValueError, shapely.errors.ShapelyError) as exc:
        raise InputFileError(_unreadable(file_name, exc, src)) from exc
    fixed.attrs["closed_rings"] = [i for i, (f, b) in enumerate(
        zip(fixed.geometry, bare.geometry, strict=True)) if b is None and f is not None]
    return fixed


def _as_bytes(text: str) -> bytes:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8")


def _text_columns(frame: gpd.GeoDataFrame) -> list[str]:
    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    return [str(c) for c in frame.columns if c != geometry
            and (frame[c].dtype == object or pd.api.types.is_string_dtype(frame[c]))]


def recode_frame(frame: gpd.GeoDataFrame,
                 declared: str | None) -> tuple[gpd.GeoDataFrame, str]:
    """Decode text read byte for byte (as Latin-1) in the encoding of its bytes.

    Returns
    -------
    geopandas.GeoDataFrame, str
        The frame decoded, and the encoding used (see
        :func:`landscape.read._decode.choose_encoding`).
    """
    frame = frame.copy()
    columns = _text_columns(frame)
    samples = [_as_bytes(v) for c in columns for v in frame[c] if isinstance(v, str)]
    samples += [_as_bytes(str(c)) for c in frame.columns]
    encoding = choose_encoding(samples, declared)
    for column in columns:
        frame[column] = [_as_bytes(v).decode(encoding) if isinstance(v, str) else v
                         for v in frame[column]]
    names = {c: _as_bytes(c).decode(encoding) for c in frame.columns
             if isinstance(c, str) and c != frame.geometry.name}
    return frame.rename(columns=names), encoding


def repair_frame(frame: gpd.GeoDataFrame, file_name: str, layer: str) -> list[Problem]:
    """Repair, in place, text encoded twice; one warning per column repaired."""
    problems = []
    for column in _text_columns(frame):
        fixed = [undo_double_encoding(v) if isinstance(v, str) else None for v in frame[column]]
        if any(f is not None for f in fixed):
            frame[column] = [v if f is None else f
                             for v, f in zip(frame[column], fixed, strict=True)]
            problems.append(double_encoded(file_name, layer, column))
    return problems


def _unreadable(file_name: str, exc: Exception, src: str) -> str:
    reason = str(exc).split(";")[0].replace(src, file_name).strip().rstrip(".")
    reason = reason.replace("'", "") or type(exc).__name__
    reason = re.sub(r"^.*\bfailed: ", "", reason)  # "sqlite3_prepare_v2(SELECT ...) failed: "
    reason = reason if len(reason) <= 120 else reason[:117].rstrip() + "..."
    return (
        f"{file_name} could not be read ({reason}); check that the file is complete "
        "and opens in QGIS, or export it again"
    )


# --- Shapefiles, plain and zipped -------------------------------------------------------


def _sibling_suffixes(shp: Path) -> set[str]:
    return {p.suffix.lower() for p in shp.parent.glob("*") if p.stem == shp.stem}


def _read_zip(path: Path) -> tuple[list[RawLayer], list[Problem]]:
    """Read every shapefile (or File GDB folder) found anywhere inside a checked zip."""
    try:
        with checked_zip(path) as archive:
            names = [n for n in archive.namelist() if not _is_junk(n)]
            cpgs = {n[: -len(".cpg")]: archive.read(n) for n in names
                    if n.lower().endswith(".cpg")}
    except InputFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, OSError) as exc:
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
            return _read_gdal(f"{root}/{gdbs[0]}", path.name, driver="OpenFileGDB")
        msg = (
            f"{path.name} contains no .shp file; zip the .shp together with its .shx, .dbf and .prj"
        )
        raise InputFileError(msg)
    layers: list[RawLayer] = []
    problems: list[Problem] = []
    for shp in shps:
        stem = shp[: -len(".shp")]
        suffixes = {n[len(stem) :].lower() for n in names if n.startswith(stem + ".")}
        cpg = cpgs.get(stem)
        found, found_problems = _read_shapefile(
            f"{root}/{shp}", path.name, suffixes,
            None if cpg is None else cpg.decode("latin-1").strip())
        layers += found
        problems += found_problems
    return layers, problems


def _check_kmz(path: Path) -> None:
    """Check a KMZ as a zip, then every KML document inside it for a DTD."""
    with checked_zip(path) as archive:
        for name in archive.namelist():
            if name.lower().endswith(".kml"):
                with archive.open(name) as stream:
                    check_xml(stream, path.name, name)


def _is_junk(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return "__MACOSX" in parts or PurePosixPath(name).name.startswith("._")


def _gdb_folder(name: str) -> str | None:
    for i, part in enumerate(PurePosixPath(name).parts):
        if part.lower().endswith(".gdb"):
            return "/".join(PurePosixPath(name).parts[: i + 1])
    return None


def _cpg_beside(shp: Path) -> str | None:
    found = [p for p in shp.parent.glob("*") if p.stem == shp.stem and p.suffix.lower() == ".cpg"]
    return found[0].read_bytes().decode("latin-1").strip() if found else None


def _read_shapefile(
    src: str, file_name: str, suffixes: set[str], cpg: str | None
) -> tuple[list[RawLayer], list[Problem]]:
    """Read one shapefile in the encoding its bytes are in, whatever its .cpg says."""
    stem = PurePosixPath(src).stem
    missing = [s for s in (".shx", ".dbf") if s not in suffixes]
    if missing:
        msg = (
            f"{file_name}: {stem}.shp has no {' or '.join(missing)} file beside it; "
            "keep the .shp together with its .shx, .dbf and .prj"
        )
        raise InputFileError(msg)
    # GDAL hands the bytes over one by one (as Latin-1); the bytes then decide.
    frame = _pyogrio(src, stem, file_name, encoding=None, ENCODING="ISO-8859-1")
    frame, encoding = recode_frame(frame, cpg)
    problems = []
    if cpg is None and encoding != "utf-8":
        problems.append(Problem(
            file_name, stem, None, None, encoding,
            f"{stem}.shp has no .cpg file and its text is not UTF-8; read it as {encoding}",
            "check accented names; ship the .cpg file that states the encoding"))
    elif cpg is not None and codec_name(cpg) != encoding and cpg.lower() != "ascii":
        problems.append(Problem(
            file_name, stem, None, None, encoding,
            f"{stem}.cpg says the text is {cpg}, but its bytes are {encoding}; read it as "
            f"{encoding}", f"check accented names; write {_CPG_WORD[encoding]} in {stem}.cpg"))
    problems += repair_frame(frame, file_name, stem)
    layer = RawLayer(stem, frame, list(range(1, len(frame) + 1)), _SHAPEFILE)
    return ([layer] if len(frame) else []), problems


_CPG_WORD = {"utf-8": "UTF-8", "cp1252": "1252", "latin-1": "88591"}
