"""Landscape layers made ready for the atlas: coloured images and light vectors.

Rasters become one RGBA PNG in EPSG:4326 (nearest-neighbour, at most
:data:`MAX_IMAGE_PIXELS` on the longer side) coloured from the catalogue; vector
layers are clipped to the area of interest (:func:`area_of_interest`: the mapped
kecamatan grown by :data:`~landscape.settings.ATLAS_CLIP_MARGIN_M`), then united per
class and simplified to what the atlas's zoom range shows, so a layer of a whole island
brings only what lies in and near the kabupaten into the page.
"""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import rasterio
import shapely
from affine import Affine
from rasterio.errors import NotGeoreferencedWarning
from rasterio.io import MemoryFile
from rasterio.warp import Resampling, calculate_default_transform, reproject
from shapely.geometry.base import BaseGeometry

from landscape.catalogue import GROUP_PREFIX, LoadedLayer
from landscape.render.atlas.model import RasterOverlay, VectorOverlay
from landscape.settings import (
    ATLAS_CLIP_MARGIN_M,
    ATLAS_MAX_IMAGE_PIXELS,
    ATLAS_SIMPLIFY_DEGREES,
    EQUAL_AREA_CRS,
    GEOGRAPHIC_CRS,
)

MAX_IMAGE_PIXELS = ATLAS_MAX_IMAGE_PIXELS
# About 50 m at the equator: finer than any zoom the atlas draws a district at.
SIMPLIFY_DEGREES = ATLAS_SIMPLIFY_DEGREES
UNKNOWN_COLOUR = "#9e9e9e"
LOSS_RAMP = ("#fff176", "#ffb300", "#f4511e", "#b71c1c")


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def _loss_colour(value: int, low: int, high: int) -> str:
    """Colour of a loss year on a yellow-to-red ramp (older yellow, newer red)."""
    step = (value - low) / max(1, high - low)
    return LOSS_RAMP[min(len(LOSS_RAMP) - 1, int(step * len(LOSS_RAMP)))]


Bounds = tuple[float, float, float, float]


def _read_geographic(path: str) -> tuple[npt.NDArray[np.int64], Bounds, float | None]:
    """Read band 1 reprojected to EPSG:4326, at most MAX_IMAGE_PIXELS on a side.

    A raster much finer than the picture is first read at twice the picture's resolution
    (nearest pixel, through GDAL's overviews when the file has them), so the warp works on a
    few million pixels however large the file: a province's 400-million-pixel land cover
    costs one streaming decode, not a warp at full resolution.
    """
    with rasterio.open(path) as src:
        transform, width, height = calculate_default_transform(
            src.crs, GEOGRAPHIC_CRS, src.width, src.height, *src.bounds)
        scale = max(width, height) / MAX_IMAGE_PIXELS
        if scale > 1:
            width, height = round(width / scale), round(height / scale)
            transform, width, height = calculate_default_transform(
                src.crs, GEOGRAPHIC_CRS, src.width, src.height, *src.bounds,
                dst_width=width, dst_height=height)
        nodata = src.nodata if src.nodata is not None else 0
        out = np.full((height, width), nodata, dtype=src.dtypes[0])
        shrink = min(src.width / (2 * width), src.height / (2 * height))
        if shrink > 1:
            shape = (max(1, round(src.height / shrink)), max(1, round(src.width / shrink)))
            source = src.read(1, out_shape=shape, resampling=Resampling.nearest)
            source_transform = src.transform * Affine.scale(src.width / shape[1],
                                                            src.height / shape[0])
            reproject(source, out, src_transform=source_transform, src_crs=src.crs,
                      src_nodata=src.nodata, dst_transform=transform, dst_crs=GEOGRAPHIC_CRS,
                      dst_nodata=nodata, resampling=Resampling.nearest)
        else:
            reproject(rasterio.band(src, 1), out, dst_transform=transform,
                      dst_crs=GEOGRAPHIC_CRS, dst_nodata=nodata, resampling=Resampling.nearest)
    west, north = transform.c, transform.f
    east, south = west + transform.a * width, north + transform.e * height
    return out.astype(np.int64), (west, south, east, north), nodata


def _colours(loaded: LoadedLayer, values: list[int], *,
             english: bool) -> dict[int, tuple[str, str]]:
    """Colour and legend label for each pixel value present."""
    layer = loaded.layer
    if layer.kind == "loss_year":
        low, high = min(values, default=0), max(values, default=0)
        offset = layer.year_offset or 0
        return {v: (_loss_colour(v, low, high), str(v + offset if v < 1000 else v))
                for v in values}
    return {v: (layer.classes[str(v)].colour if str(v) in layer.classes else UNKNOWN_COLOUR,
                layer.label(str(v), english=english)) for v in values}


def raster_overlay(loaded: LoadedLayer, *, english: bool = False) -> RasterOverlay:
    """Colour a categorical or loss-year raster as an image overlay with its legend."""
    data, bounds, nodata = _read_geographic(str(loaded.raster))
    present = sorted(int(v) for v in np.unique(data) if v not in (nodata, 0))
    colours = _colours(loaded, present, english=english)
    rgba = np.zeros((4, *data.shape), dtype=np.uint8)
    for value, (colour, _) in colours.items():
        mask = data == value
        for band, channel in enumerate(_rgb(colour)):
            rgba[band][mask] = channel
        rgba[3][mask] = 255
    with warnings.catch_warnings():
        # A plain picture: its place on the map is given by ``bounds``, not by GDAL.
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with MemoryFile() as memory:
            with memory.open(driver="PNG", width=data.shape[1], height=data.shape[0], count=4,
                             dtype="uint8") as png:
                png.write(rgba)
            image = memory.read()
    legend = _legend(list(colours.values()))
    title = loaded.layer.title_en if english else loaded.layer.title
    return RasterOverlay(loaded.id, title, image, bounds, legend)


def _legend(entries: list[tuple[str, str]], most: int = 24) -> tuple[tuple[str, str], ...]:
    """Legend rows, thinned evenly when a layer has many (loss years)."""
    if len(entries) <= most:
        return tuple(entries)
    step = len(entries) / most
    return (*tuple(entries[int(i * step)] for i in range(most)), entries[-1])


def area_of_interest(units: gpd.GeoDataFrame, *, margin_m: float = ATLAS_CLIP_MARGIN_M
                     ) -> BaseGeometry | None:
    """Return the mapped units united and grown by ``margin_m`` metres, in EPSG:4326.

    The margin is measured in the equal-area CRS (EPSG:6933); ``None`` when there are
    no units (nothing is clipped then).
    """
    shapes = units.geometry[units.geometry.notna() & ~units.geometry.is_empty]
    if not len(shapes):
        return None
    united: BaseGeometry = shapely.union_all(shapes.to_crs(EQUAL_AREA_CRS).to_numpy())
    grown = united.buffer(margin_m)
    back: BaseGeometry = gpd.GeoSeries([grown], crs=EQUAL_AREA_CRS).to_crs(GEOGRAPHIC_CRS).iloc[0]
    return back


def _clipped(frame: gpd.GeoDataFrame, area: BaseGeometry | None) -> gpd.GeoDataFrame:
    """Return the features of ``frame`` within ``area``, polygons and lines cut at its edge."""
    if area is None or not len(frame):
        return frame
    if frame.crs is not None and frame.crs != GEOGRAPHIC_CRS:
        frame = frame.to_crs(GEOGRAPHIC_CRS)
    return gpd.clip(frame, area, keep_geom_type=True)


def vector_overlay(loaded: LoadedLayer, *, english: bool = False,
                   area: BaseGeometry | None = None) -> VectorOverlay:
    """United-per-class, simplified polygons (or points) of a vector layer, coloured.

    With ``area`` (EPSG:4326), only what lies within it is kept (see :func:`_clipped`).
    """
    layer = loaded.layer
    frame = loaded.frame if loaded.frame is not None else gpd.GeoDataFrame(geometry=[])
    frame = _clipped(frame, area)
    if layer.kind == "points":
        codes = frame["year"].astype("string").fillna("").to_numpy()
        features = gpd.GeoDataFrame({"class_code": codes}, geometry=frame.geometry.to_numpy(),
                                    crs=GEOGRAPHIC_CRS)
        features["class"] = [f"{layer.title_en if english else layer.title} {c}".strip()
                             for c in codes]
        features["colour"] = "#d32f2f"
        legend: tuple[tuple[str, str], ...] = (
            ("#d32f2f", layer.title_en if english else layer.title),)
    else:
        merged = frame[["class_code", "geometry"]].dissolve(by="class_code", as_index=False)
        merged = merged[~merged["class_code"].str.startswith(GROUP_PREFIX)]
        merged["geometry"] = merged.geometry.simplify(SIMPLIFY_DEGREES)
        merged["class"] = [layer.label(c, english=english) for c in merged["class_code"]]
        merged["colour"] = [layer.classes[c].colour if c in layer.classes else UNKNOWN_COLOUR
                            for c in merged["class_code"]]
        features = merged.sort_values("class_code", key=lambda s: s.map(layer.order))
        legend = tuple(zip(features["colour"], features["class"], strict=True))
    title = layer.title_en if english else layer.title
    return VectorOverlay(layer.id, title, features.reset_index(drop=True), legend)


def overlays(layers: list[LoadedLayer], *, english: bool = False,
             area: BaseGeometry | None = None
             ) -> tuple[tuple[RasterOverlay, ...], tuple[VectorOverlay, ...]]:
    """Split the build's layers into raster and vector overlays for the atlas.

    Vector layers are clipped to ``area`` (see :func:`area_of_interest`).
    """
    rasters = tuple(raster_overlay(x, english=english) for x in layers if x.is_raster)
    vectors = tuple(vector_overlay(x, english=english, area=area)
                    for x in layers if not x.is_raster)
    return rasters, vectors
