"""Tiny hand-countable rasters for tests: 100 m pixels in EPSG:6933, one pixel = one hectare."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import rasterio
import shapely
from affine import Affine

EA = "EPSG:6933"
ORIGIN = (10_000_000.0, 50_000.0)


def pixel_box(col0: int, row0: int, col1: int, row1: int) -> shapely.Polygon:
    """Polygon of the pixels [col0, col1) x [row0, row1), in EPSG:6933."""
    x, y = ORIGIN
    return shapely.box(x + 100 * col0, y - 100 * row1, x + 100 * col1, y - 100 * row0)


def write_raster(path: Path, values: np.ndarray, *, nodata: float | None = None) -> Path:
    """Write ``values`` as a one-band GeoTIFF on the 100 m grid at :data:`ORIGIN`."""
    transform = Affine(100.0, 0.0, ORIGIN[0], 0.0, -100.0, ORIGIN[1])
    with rasterio.open(path, "w", driver="GTiff", width=values.shape[1], height=values.shape[0],
                       count=1, dtype=values.dtype.name, crs=EA, transform=transform,
                       nodata=nodata) as dst:
        dst.write(values[np.newaxis])
    return path
