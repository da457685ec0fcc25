"""A deterministic, land-cover-like categorical GeoTIFF over an area, for benchmarks.

The raster is made of spatially coherent patches of KLHK-like land-cover codes
(value noise on three lattices, thresholded), tiled 512 x 512, DEFLATE, with nodata
outside the given outline. KLHK codes go up to 20141, so ``uint16`` (up to 65535)
holds them. Files are cached in the system temp folder under a name made from every
parameter, so a re-run does not regenerate them.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import rasterio
from affine import Affine
from rasterio.features import rasterize
from rasterio.windows import Window

#: KLHK-like land-cover codes and the noise level below which each applies.
CLASSES: tuple[tuple[int, float], ...] = (
    (5001, -0.62),  # tubuh air
    (2005, -0.45),  # hutan rawa primer
    (20051, -0.30),  # hutan rawa sekunder
    (2012, -0.24),  # permukiman
    (20092, -0.12),  # pertanian lahan kering campur
    (2010, 0.00),  # perkebunan
    (20091, 0.08),  # pertanian lahan kering
    (2007, 0.18),  # semak belukar
    (2014, 0.24),  # tanah terbuka
    (2002, 0.45),  # hutan lahan kering sekunder
    (2001, 9.00),  # hutan lahan kering primer
)
NODATA = 0
TILE = 512
#: Lattice spacings (pixels) and weights of the value-noise octaves.
OCTAVES: tuple[tuple[int, float], ...] = ((384, 0.6), (64, 0.3), (12, 0.15))
#: Amplitude of the per-pixel noise that speckles class edges, as classifiers do.
SPECKLE = 0.01
VERSION = 3


def cached_landcover(
    outline: gpd.GeoDataFrame,
    *,
    crs: str,
    resolution: float,
    seed: int = 6105,
    folder: Path | None = None,
) -> Path:
    """Return the path of the land-cover raster for these parameters, making it if needed.

    Parameters
    ----------
    outline : geopandas.GeoDataFrame
        The area to cover; pixels whose centre is outside it are nodata.
    crs : str
        CRS of the raster.
    resolution : float
        Pixel size in the CRS's units (square pixels).
    seed : int
        Seed of the noise.
    folder : pathlib.Path, optional
        Where to cache the file; the system temp folder by default.
    """
    shape = outline.to_crs(crs)
    bounds = tuple(round(float(b), 9) for b in shape.total_bounds)
    key = f"{VERSION}|{crs}|{resolution!r}|{seed}|{bounds}|{shape.union_all().wkb_hex[:4096]}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    folder = folder or Path(tempfile.gettempdir()) / "landscape-bench"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"landcover-{digest}.tif"
    if not path.exists():
        _write(path, shape, resolution=resolution, seed=seed)
    return path


def _write(path: Path, shape: gpd.GeoDataFrame, *, resolution: float, seed: int) -> None:
    west, south, east, north = (float(b) for b in shape.total_bounds)
    res = resolution
    west, north = math.floor(west / res) * res, math.ceil(north / res) * res
    width, height = math.ceil((east - west) / res), math.ceil((north - south) / res)
    transform = Affine(res, 0.0, west, 0.0, -res, north)
    rng = np.random.default_rng(seed)
    lattices = [
        (step, weight, rng.uniform(-1.0, 1.0, (height // step + 2, width // step + 2)))
        for step, weight in OCTAVES
    ]
    profile = {
        "driver": "GTiff", "width": width, "height": height, "count": 1, "dtype": "uint16",
        "crs": shape.crs, "transform": transform, "nodata": NODATA, "tiled": True,
        "blockxsize": TILE, "blockysize": TILE, "compress": "DEFLATE", "num_threads": "ALL_CPUS",
    }
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    geoms = list(shape.geometry)
    with rasterio.open(tmp, "w", **profile) as dst:
        for row in range(0, height, TILE):
            rows = min(TILE, height - row)
            window = Window(0, row, width, rows)
            noise = _noise(lattices, row, rows, width)
            noise += rng.uniform(-SPECKLE, SPECKLE, noise.shape).astype(np.float32)
            values = _classes(noise)
            inside = rasterize(
                geoms, out_shape=(rows, width), transform=dst.window_transform(window),
                fill=0, default_value=1, dtype="uint8",
            )
            values[inside == 0] = NODATA
            dst.write(values, 1, window=window)
    tmp.replace(path)


def _noise(
    lattices: list[tuple[int, float, np.ndarray]], row: int, rows: int, width: int
) -> np.ndarray:
    total = np.zeros((rows, width), dtype=np.float32)
    for step, weight, lattice in lattices:
        ry = (np.arange(row, row + rows) + 0.5) / step
        rx = (np.arange(width) + 0.5) / step
        y0, x0 = ry.astype(np.intp), rx.astype(np.intp)
        fy = (ry - y0).astype(np.float32)[:, None]
        fx = (rx - x0).astype(np.float32)[None, :]
        fy, fx = fy * fy * (3 - 2 * fy), fx * fx * (3 - 2 * fx)
        lat = lattice.astype(np.float32)
        top = lat[y0][:, x0] * (1 - fx) + lat[y0][:, x0 + 1] * fx
        bottom = lat[y0 + 1][:, x0] * (1 - fx) + lat[y0 + 1][:, x0 + 1] * fx
        total += weight * (top * (1 - fy) + bottom * fy)
    return total


def _classes(noise: np.ndarray) -> np.ndarray:
    levels = np.array([level for _, level in CLASSES], dtype=np.float32)
    codes = np.array([code for code, _ in CLASSES], dtype=np.uint16)
    return codes[np.searchsorted(levels, noise, side="right").clip(0, len(codes) - 1)]
