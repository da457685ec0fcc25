"""Reading the file of a catalogue layer into a :class:`~landscape.catalogue.LoadedLayer`.

A raster file is checked (it opens and has a CRS) and kept as a path. A vector
file (any format :mod:`landscape.read._formats` reads, also a CSV of points) is
brought to EPSG:4326, the layer is chosen from a multi-layer file, and then
either the class field is found and its values turned into catalogue codes
(invalid polygons repaired, features without area left out and reported,
unknown codes kept and reported), or, for point layers, the date and confidence
fields are read. :func:`load_layers` reads every layer a build is given, as a
mapping of catalogue id to file (:class:`~landscape.catalogue.LayerFile`).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from rasterio.errors import RasterioIOError

from landscape import settings
from landscape.catalogue import (
    RASTER_SUFFIXES,
    Layer,
    LayerFile,
    LayerSource,
    LoadedLayer,
    class_code,
    find_layer,
    load_catalogue,
)
from landscape.errors import LayerError
from landscape.problems import Problem
from landscape.read._formats import read_layers
from landscape.read._layercheck import (
    check_classes,
    check_loss_years,
    check_raster_classes,
)
from landscape.read._raw import RawLayer, to_geographic
from landscape.settings import EQUAL_AREA_CRS

__all__ = ["layer_sources", "load_layers", "read_layer"]

_YEAR = re.compile(r"(19|20)\d\d")
_SHOWN_ROWS = 5
_CONFIDENCE_FIELDS = ("confidence", "conf", "kepercayaan", "tingkat_kepercayaan", "confidence_")


def layer_sources(files: Mapping[str, LayerFile | str | Path],
                  catalogue: Mapping[str, Layer]) -> list[LayerSource]:
    """Point catalogue layers at their files, in the order given.

    Parameters
    ----------
    files : mapping of str to LayerFile, str or Path
        Catalogue id -> file (a bare path reads the file's only, or only fitting, layer).
    catalogue : mapping of str to Layer
        From :func:`landscape.catalogue.load_catalogue`.

    Raises
    ------
    LayerError
        For an id the catalogue does not know (the message lists the known ids
        and the closest one), or a file that does not exist.
    """
    sources: list[LayerSource] = []
    for layer_id, given in files.items():
        layer = find_layer(layer_id, catalogue)
        file = given if isinstance(given, LayerFile) else LayerFile(Path(given))
        path = Path(file.path)
        if not path.exists():
            msg = f"the file {path} given for layer {layer_id} does not exist; check the path"
            raise LayerError(msg)
        sources.append(LayerSource(layer, path, file.sublayer))
    return sources


def load_layers(files: Mapping[str, LayerFile | str | Path], *,
                catalogue: Mapping[str, Layer] | None = None,
                ) -> tuple[list[LoadedLayer], list[Problem]]:
    """Read every landscape layer a build is given.

    Parameters
    ----------
    files : mapping of str to LayerFile, str or Path
        Catalogue id -> file, e.g. ``{"gambut": "khg.gpkg"}``.
    catalogue : mapping of str to Layer, optional
        By default :func:`landscape.catalogue.load_catalogue`.

    Returns
    -------
    list of LoadedLayer
        In the order given (vector frames in EPSG:4326).
    list of Problem
        What reading the files found (unknown classes, repaired geometry...).

    Raises
    ------
    LayerError
        As :func:`layer_sources` and :func:`read_layer`.
    """
    if not files:
        return [], []
    catalogue = load_catalogue() if catalogue is None else catalogue
    sources = layer_sources(files, catalogue)
    loaded = [read_layer(source, catalogue=catalogue) for source in sources]
    return loaded, [p for layer in loaded for p in layer.problems]


def read_layer(source: LayerSource, *,
               catalogue: Mapping[str, Layer] | None = None) -> LoadedLayer:
    """Read the file of a layer source.

    The file's values are checked against the layer (:mod:`landscape.read._layercheck`):
    a file whose values are mostly not the layer's (land-cover codes given as loss years
    or as peat) is refused; a few stray values are reported.

    Parameters
    ----------
    source : LayerSource
        The layer and its file.
    catalogue : mapping of str to Layer, optional
        To suggest the layer a refused file fits; by default
        :func:`landscape.catalogue.load_catalogue`.

    Raises
    ------
    LayerError
        If the file does not fit the layer (a vector file for a loss-year raster,
        no class field, a raster without CRS, several candidate layers, values that
        are mostly not loss years or not in the layer's code list, mostly features
        without area).
    InputFileError, InputError
        If the file cannot be read at all.
    """
    layer, path = source.layer, source.path
    known = load_catalogue() if catalogue is None else catalogue
    if path.suffix.lower() in RASTER_SUFFIXES:
        return _read_raster(source, known)
    if layer.kind == "loss_year":
        msg = f"{path.name}: layer {layer.id} must be a raster of loss years (GeoTIFF)"
        raise LayerError(msg)
    raws, problems = read_layers(path)
    raw = _choose(raws, source)
    frame, found = to_geographic(raw, path.name)
    raw.frame = frame
    problems += found
    if layer.kind == "points":
        return _read_points(source, raw, problems)
    return _read_classes(source, raw, problems, known)


def _read_raster(source: LayerSource, catalogue: Mapping[str, Layer]) -> LoadedLayer:
    layer, path = source.layer, source.path
    if layer.kind == "points":
        msg = f"{path.name}: layer {layer.id} holds points; give a vector file or a CSV"
        raise LayerError(msg)
    try:
        with rasterio.open(path) as dataset:
            crs = dataset.crs
    except RasterioIOError as exc:
        msg = f"{path.name} could not be read as a raster ({exc}); check the file"
        raise LayerError(msg) from exc
    if crs is None:
        msg = f"{path.name} has no coordinate reference system; assign one in QGIS and save again"
        raise LayerError(msg)
    if layer.kind == "loss_year":
        return LoadedLayer(layer, path, raster=path,
                           problems=check_loss_years(path, layer, catalogue))
    mask, problems = check_raster_classes(path, layer, catalogue)
    return LoadedLayer(layer, path, raster=path, problems=problems, mask_class=mask)


def _choose(raws: list[RawLayer], source: LayerSource) -> RawLayer:
    name = source.path.name
    if source.sublayer is not None:
        hit = [r for r in raws if r.name == source.sublayer]
        if not hit:
            msg = (f"{name} has no layer {source.sublayer!r}; its layers are "
                   f"{', '.join(r.name for r in raws) or 'none'}")
            raise LayerError(msg)
        return hit[0]
    if not raws:
        msg = f"{name} has no features; check the file given for layer {source.layer.id}"
        raise LayerError(msg)
    if len(raws) == 1:
        return raws[0]
    fitting = [r for r in raws if _fits(r, source.layer)]
    if len(fitting) == 1:
        return fitting[0]
    msg = (f"{name} has several layers ({', '.join(r.name for r in raws)}); name one as "
           f"{source.layer.id}={source.path}#LAYER")
    raise LayerError(msg)


def _fits(raw: RawLayer, layer: Layer) -> bool:
    if layer.kind == "points":
        return bool((raw.frame.geom_type.isin(["Point", "MultiPoint"])).any())
    return _find_field(list(raw.frame.columns), layer.fields) is not None


def _find_field(columns: list[str], wanted: tuple[str, ...]) -> str | None:
    """Find the first wanted name (case-insensitive); names with ``*`` or ``?`` are patterns."""
    lower = {str(c).lower(): str(c) for c in reversed(columns) if c != "geometry"}
    for name in wanted:
        hits = fnmatch.filter(sorted(lower), name.lower())
        if hits:
            return lower[hits[0]]
    return None


def _problem(source: LayerSource, raw: RawLayer, rows: Sequence[int], column: str | None,
             text: tuple[str, str], *, severity: str = "warning") -> Problem:
    """One problem for many features: value names how many and the first rows."""
    shown = ", ".join(str(r) for r in rows[:_SHOWN_ROWS]) + (", ..." if len(rows) > _SHOWN_ROWS
                                                            else "")
    return Problem(source.path.name, raw.name or None, rows[0] if rows else None, column,
                   f"{len(rows)} feature(s): rows {shown}", text[0], text[1], severity)


def _read_classes(source: LayerSource, raw: RawLayer, problems: list[Problem],
                  catalogue: Mapping[str, Layer]) -> LoadedLayer:
    layer, frame = source.layer, raw.frame
    column = _find_field(list(frame.columns), layer.fields)
    rows = np.asarray(raw.rows)
    if column is None:
        codes = _default_codes(source, raw, problems)
    else:
        codes = np.array([layer.code_for(v) for v in frame[column]], dtype=object)
    geometry, keep = _polygons(source, raw, problems)
    empty = np.array([c is None for c in codes])
    if empty.any():
        text = (f"the class field {column!r} is empty, so these features were left out",
                f"fill in the class (codes in layers/catalogue/{layer.id}.toml)")
        problems.append(_problem(source, raw, rows[empty].tolist(), column, text, severity="error"))
    keep &= ~empty
    _check_content(source, raw, (geometry, keep, codes), catalogue)
    out = gpd.GeoDataFrame({"class_code": codes[keep].astype(str), "row": rows[keep]},
                           geometry=geometry[keep], crs=frame.crs).reset_index(drop=True)
    problems += _unknown_codes(source, raw, out, column)
    return LoadedLayer(layer, source.path, frame=out, class_field=column, problems=problems)


def _check_content(source: LayerSource, raw: RawLayer,
                   found: tuple[np.ndarray, np.ndarray, np.ndarray],
                   catalogue: Mapping[str, Layer]) -> None:
    """Refuse a file of mostly features without area, or mostly of classes not the layer's."""
    layer, name = source.layer, source.path.name
    geometry, keep, codes = found
    polygonal = np.isin(shapely.get_type_id(geometry), [3, 6]) & ~shapely.is_empty(geometry)
    if len(geometry) and (~polygonal).sum() / len(geometry) > settings.UNKNOWN_CLASS_SHARE:
        msg = (f"{name} does not fit layer {layer.id}: {(~polygonal).sum()} of its "
               f"{len(geometry)} features have no area (lines or points); give the "
               f"{layer.id} layer as polygons")
        raise LayerError(msg)
    area = gpd.GeoSeries(geometry[keep], crs=raw.frame.crs).to_crs(EQUAL_AREA_CRS).area
    hectares = area.to_numpy() / settings.SQUARE_METRES_PER_HECTARE
    weights = pd.Series(hectares).groupby(codes[keep].astype(str)).sum()
    columns = list(raw.frame.columns)
    fields = {}
    for other in catalogue.values():
        field = _find_field(columns, other.fields) if other.kind == "classes" else None
        if field is not None:
            values = raw.frame[field].to_numpy()[keep]
            fields[other.id] = pd.Series(hectares).groupby(
                [str(class_code(v)) for v in values]).sum()
    check_classes(name, layer, weights, catalogue, what="area", fields=fields)


def _default_codes(source: LayerSource, raw: RawLayer, problems: list[Problem]) -> np.ndarray:
    layer = source.layer
    fields = ", ".join(str(c) for c in raw.frame.columns if c != "geometry") or "none"
    if layer.default_class is None:
        msg = (f"{source.path.name} has no field holding the {layer.title} class (looked for "
               f"{', '.join(layer.fields)}; its fields are {fields}); rename the field or add "
               f"its name to fields in {layer.id}.toml")
        raise LayerError(msg)
    text = ((f"no class field found (its fields are {fields}); every feature was taken as "
             f"{layer.default_class} ({layer.label(layer.default_class)})"),
            f"name the class field one of {', '.join(layer.fields)} if the file has one")
    problems.append(Problem(source.path.name, raw.name or None, None, None, "", *text))
    return np.array([layer.default_class] * len(raw.frame), dtype=object)


def _polygons(source: LayerSource, raw: RawLayer,
              problems: list[Problem]) -> tuple[np.ndarray, np.ndarray]:
    """Polygonal geometry, repaired where invalid; the mask of usable features."""
    geoms = np.asarray(raw.frame.geometry.to_numpy(), dtype=object)
    rows = np.asarray(raw.rows)
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    collection = shapely.get_type_id(geoms) == 7
    geoms[collection] = [_polygonal_parts(g) for g in geoms[collection]]
    polygonal = np.isin(shapely.get_type_id(geoms), [3, 6]) & ~missing
    invalid = polygonal & ~shapely.is_valid(geoms)
    if invalid.any():
        geoms[invalid] = shapely.make_valid(geoms[invalid], method="structure",
                                            keep_collapsed=False)
        text = ("invalid geometry (self-intersection or similar) was repaired",
                "check these features in QGIS (Vector > Geometry Tools > Check Validity)")
        problems.append(_problem(source, raw, rows[invalid].tolist(), None, text))
    unusable = ~polygonal | shapely.is_empty(geoms)
    if unusable.any():
        text = ("the feature has no area (empty, a point or a line), so it was left out",
                "give this layer as polygons")
        problems.append(_problem(source, raw, rows[unusable].tolist(), None, text,
                                 severity="error"))
    return geoms, ~unusable


def _polygonal_parts(geometry: shapely.Geometry) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(geometry) if shapely.get_type_id(p) in (3, 6)]
    return shapely.union_all(parts) if parts else shapely.Point()


def _unknown_codes(source: LayerSource, raw: RawLayer, frame: gpd.GeoDataFrame,
                   column: str | None) -> list[Problem]:
    layer = source.layer
    unknown = frame[~frame["class_code"].isin(list(layer.classes))]
    problems = []
    for code, rows in unknown.groupby("class_code", sort=True)["row"]:
        text = ((f"class {code!r} is not in the {layer.id} catalogue; kept as "
                 f"{layer.label(str(code))!r}"),
                f"add it, or an alias, to layers/catalogue/{layer.id}.toml")
        problem = _problem(source, raw, rows.tolist(), column, text)
        problems.append(Problem(problem.file, problem.sheet, problem.row, column, str(code),
                                f"{problem.value}: {text[0]}", text[1]))
    return problems


def _read_points(source: LayerSource, raw: RawLayer, problems: list[Problem]) -> LoadedLayer:
    layer, frame = source.layer, raw.frame.assign(row=raw.rows)
    is_point = frame.geom_type.isin(["Point", "MultiPoint"]).to_numpy()
    if not is_point.all():
        text = ("the feature is not a point, so it was left out", "give this layer as points")
        problems.append(_problem(source, raw, frame["row"][~is_point].tolist(), None, text,
                                 severity="error"))
    frame = frame[is_point].explode(index_parts=False).reset_index(drop=True)
    column = _find_field(list(frame.columns), layer.date_fields)
    if column is None:
        text = ("no date field found, so the points count in totals but in no year",
                f"name the date field one of {', '.join(layer.date_fields)}")
        problems.append(Problem(source.path.name, raw.name or None, None, None, "", *text))
        years = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        dates = pd.Series("", index=frame.index, dtype=object)
    else:
        years, dates = _years(frame[column])
        bad = years.isna() & frame[column].notna()
        if bad.any():
            text = (f"the date in {column!r} cannot be read; the point counts in totals only",
                    "write dates as YYYY-MM-DD")
            problems.append(_problem(source, raw, frame["row"][bad].tolist(), column, text))
    confidence = _find_field(list(frame.columns), _CONFIDENCE_FIELDS)
    kept = (frame[confidence].map(lambda v: "" if pd.isna(v) else str(v)).to_numpy(dtype=object)
            if confidence else np.full(len(frame), "", dtype=object))
    out = gpd.GeoDataFrame({"year": years.to_numpy(), "date": dates.to_numpy(),
                            "confidence": kept, "row": frame["row"].to_numpy()},
                           geometry=frame.geometry.to_numpy(), crs=frame.crs)
    return LoadedLayer(layer, source.path, frame=out, class_field=column, problems=problems)


def _years(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Years (nullable integers) and ISO dates ("" when only a year) of date cells."""
    text = values.astype(object).map(lambda v: "" if v is None or v is pd.NA else str(v).strip())
    iso = pd.to_datetime(text, errors="coerce", format="ISO8601")
    rest = iso.isna() & ~text.str.fullmatch(r"\d{4}(\.0)?") & (text != "")
    if rest.any():
        iso[rest] = pd.to_datetime(text[rest], errors="coerce", format="mixed", dayfirst=True)
    years = iso.dt.year.astype("Int64")
    only_year = text.str.fullmatch(r"\d{4}(\.0)?") & text.str[:4].str.fullmatch(_YEAR.pattern)
    years[only_year] = text[only_year].str[:4].astype(int)
    dates = iso.dt.strftime("%Y-%m-%d").astype(object).where(iso.notna(), "")
    return years, dates
