"""Schematic landscape layers of the sample, drawn on the generated kabupaten.

Land cover and tree-cover loss as rasters on one grid, FIRMS-like hotspots from the land
cover, all drawn around the vector layers of :mod:`landscape.sample.vectors` (rivers,
peat units, forest estate, national park); :func:`write_layers` writes every layer.
Every layer has its own fixed seed, so the output depends only on the outline and towns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from affine import Affine
from rasterio.features import rasterize
from shapely.geometry import Point

from landscape.sample.files import atomic, write_gpkg, write_text
from landscape.sample.vectors import TOWN, draw_forest_estate, draw_park, draw_peat, draw_rivers

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from shapely.geometry.base import BaseGeometry


# --- rasters ---------------------------------------------------------------------------------

RESOLUTION = 0.00225
"""Raster pixel size in degrees (about 250 m at the equator)."""
GRID_WEST, GRID_NORTH, GRID_WIDTH, GRID_HEIGHT = 110.75, 1.10, 1200, 810
LAND_COVER_CLASSES: dict[int, str] = {
    2001: "Hutan lahan kering primer",
    2002: "Hutan lahan kering sekunder",
    2005: "Hutan rawa primer",
    20051: "Hutan rawa sekunder",
    2007: "Semak belukar",
    2010: "Perkebunan",
    20091: "Pertanian lahan kering",
    20092: "Pertanian lahan kering campur semak",
    2012: "Permukiman",
    2014: "Tanah terbuka",
    5001: "Tubuh air",
}
"""KLHK land-cover codes present in ``tutupan_lahan.tif``."""


def _transform() -> Affine:
    return Affine(RESOLUTION, 0.0, GRID_WEST, 0.0, -RESOLUTION, GRID_NORTH)


def _pixel_centres(step: int = 1) -> tuple[np.ndarray, np.ndarray]:
    cols = (np.arange(0, GRID_WIDTH, step) + 0.5) * RESOLUTION + GRID_WEST
    rows = GRID_NORTH - (np.arange(0, GRID_HEIGHT, step) + 0.5) * RESOLUTION
    return np.meshgrid(cols, rows)


def _blur(grid: np.ndarray, scale: float) -> np.ndarray:
    """Return ``grid`` smoothed by a Gaussian of ``scale`` pixels (FFT, wrapping edges)."""
    fy = np.fft.fftfreq(grid.shape[0])[:, None]
    fx = np.fft.rfftfreq(grid.shape[1])[None, :]
    kernel = np.exp(-2 * (math.pi * scale) ** 2 * (fx**2 + fy**2))
    return np.asarray(np.fft.irfft2(np.fft.rfft2(grid) * kernel, s=grid.shape))


def _noise(rng: np.random.Generator, scale: float) -> np.ndarray:
    """Return smooth Gaussian noise (zero mean, unit spread) with patches of ``scale`` pixels."""
    smooth = _blur(rng.standard_normal((GRID_HEIGHT, GRID_WIDTH)), scale)
    return np.asarray((smooth - smooth.mean()) / smooth.std())


def _distance(geom: BaseGeometry) -> np.ndarray:
    """Return the distance (degrees) of every pixel to ``geom``, from a coarse grid."""
    step = 10
    x, y = _pixel_centres(step)
    coarse = np.asarray(shapely.distance(shapely.points(x, y), geom), dtype=float)
    rows = np.interp(np.arange(GRID_HEIGHT), np.arange(0, GRID_HEIGHT, step), np.arange(len(y)))
    cols = np.interp(np.arange(GRID_WIDTH), np.arange(0, GRID_WIDTH, step), np.arange(x.shape[1]))
    r0 = np.minimum(rows.astype(int), len(y) - 2)
    c0 = np.minimum(cols.astype(int), x.shape[1] - 2)
    fr, fc = (rows - r0)[:, None], (cols - c0)[None, :]
    top = coarse[r0][:, c0] * (1 - fc) + coarse[r0][:, c0 + 1] * fc
    bottom = coarse[r0 + 1][:, c0] * (1 - fc) + coarse[r0 + 1][:, c0 + 1] * fc
    return np.asarray(top * (1 - fr) + bottom * fr)


def _burn(geoms: Sequence[BaseGeometry]) -> np.ndarray:
    shape = (GRID_HEIGHT, GRID_WIDTH)
    burnt = rasterize(geoms, out_shape=shape, transform=_transform(), fill=0, default_value=1)
    return np.asarray(burnt, dtype=bool)


@dataclass(frozen=True)
class Landscape:
    """The vector layers the rasters are drawn from."""

    outline: BaseGeometry
    rivers: gpd.GeoDataFrame
    gambut: gpd.GeoDataFrame
    park: BaseGeometry
    towns: list[Point]


def _pressure(land: Landscape, rng: np.random.Generator) -> np.ndarray:
    """Return a smooth 'human pressure' field: high near rivers and towns, low in the south-east."""
    x, _ = _pixel_centres()
    rivers = _distance(shapely.union_all(land.rivers.geometry.to_numpy()))
    town = _distance(TOWN)
    remote = 1 / (1 + np.exp(-(x - 112.35) / 0.12))
    return np.asarray(
        0.7 * np.exp(-rivers / 0.07) + 0.8 * np.exp(-town / 0.22) + 0.3 * _noise(rng, 30)
        - 0.35 * remote + 0.25
    )


def _land_cover(land: Landscape) -> np.ndarray:
    """Return the KLHK land-cover grid (int32, 0 outside the kabupaten)."""
    rng = np.random.default_rng(700)
    pressure = _pressure(land, rng)
    mix, crop, bare = _noise(rng, 12), _noise(rng, 25), _noise(rng, 4)
    x, _ = _pixel_centres()
    cover = np.where(mix > 1.1, 2002, 2001)
    middle = pressure > 0.35
    cover[middle] = np.where(mix[middle] < -0.9, 2007, 2002)
    high = pressure > 0.75
    cover[high] = np.select(
        [mix[high] > 0.4, mix[high] < -0.6], [20092, 20091], default=2007
    )
    cover[(crop > 0.6) & middle & (x < 112.1)] = 2010
    cover[(bare > 2.3) & middle] = 2014
    peat = land.gambut
    lindung = _burn(list(peat.loc[peat["kode"].str.endswith("-L")].geometry))
    budidaya = _burn(list(peat.loc[peat["kode"].str.endswith("-B")].geometry))
    swamp = lindung | (budidaya & (cover < 2003))
    cover[swamp] = np.where(pressure[swamp] > 0.75, 20051, 2005)
    cover[budidaya & (crop > 0.3)] = 2010
    cover[_burn([land.park]) & (mix < 1.5)] = 2001
    cover[_burn([t.buffer(0.012) for t in land.towns] + [TOWN.buffer(0.035)])] = 2012
    cover[_burn(list(shapely.buffer(land.rivers.geometry.to_numpy(), 0.0025)))] = 5001
    cover[~_burn([land.outline])] = 0
    return cover.astype(np.int32)


_FOREST = (2001, 2002, 2005, 20051)
_LOSS_CLUSTERS = {2019: 14, 2023: 14, 2024: 9}
"""Clusters of tree-cover loss per year; years not listed get 5 (2001-2024 in all)."""


def _tree_cover_loss(cover: np.ndarray, park: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return (loss year grid 0..24, land cover with the cleared pixels no longer forest).

    Loss comes in ragged clusters at the forest edge; a cleared forest pixel becomes
    shrub (2007) or, for the last two years, bare land (2014).
    """
    rng = np.random.default_rng(800)
    ragged = _noise(rng, 2)
    x, y = _pixel_centres()
    forest = np.isin(cover, _FOREST)
    open_land = _blur((~forest & (cover > 0)).astype(float), 6)
    edge = np.argwhere(forest & (open_land > 0.12) & ~park)
    loss = np.zeros(cover.shape, dtype=np.int32)
    for year in range(2001, 2025):
        for row, col in edge[rng.choice(len(edge), _LOSS_CLUSTERS.get(year, 5), replace=False)]:
            radius = rng.uniform(0.006, 0.02)
            window = (slice(max(row - 10, 0), row + 10), slice(max(col - 10, 0), col + 10))
            near = np.hypot(x[window] - x[row, col], y[window] - y[row, col]) < radius
            hit = near & (ragged[window] > -0.3) & np.isin(cover[window], _FOREST)
            loss[window][hit] = year - 2000
    cleared = cover.copy()
    cleared[loss > 0] = np.where(loss[loss > 0] >= 23, 2014, 2007)
    return loss, cleared


_HOTSPOTS_PER_YEAR = {2019: 42, 2020: 8, 2021: 12, 2022: 14, 2023: 52, 2024: 22}
_FIRE_WEIGHT = {2007: 1.0, 20091: 1.0, 20092: 1.0, 2014: 2.0, 2010: 0.6, 2005: 1.5, 20051: 3.0}
_MONTH_WEIGHT = np.array([1, 1, 1, 2, 2, 4, 10, 25, 30, 15, 4, 2], dtype=float)


def _hotspots(cover: np.ndarray) -> pd.DataFrame:
    """Return FIRMS-like VIIRS hotspots on open land and peat, most in the dry season."""
    rng = np.random.default_rng(900)
    weight = np.zeros(cover.shape)
    for code, w in _FIRE_WEIGHT.items():
        weight[cover == code] = w
    flat = weight.ravel() / weight.sum()
    total = sum(_HOTSPOTS_PER_YEAR.values())
    rows, cols = np.divmod(rng.choice(flat.size, total, replace=False, p=flat), GRID_WIDTH)
    years = np.repeat(list(_HOTSPOTS_PER_YEAR), list(_HOTSPOTS_PER_YEAR.values()))
    months = rng.choice(np.arange(1, 13), total, p=_MONTH_WEIGHT / _MONTH_WEIGHT.sum())
    days = rng.integers(1, 29, total)
    frame = pd.DataFrame({
        "latitude": np.round(GRID_NORTH - (rows + rng.uniform(0, 1, total)) * RESOLUTION, 5),
        "longitude": np.round(GRID_WEST + (cols + rng.uniform(0, 1, total)) * RESOLUTION, 5),
        "bright_ti4": np.round(rng.uniform(300, 367), 2),
        "scan": np.round(rng.uniform(0.32, 0.6, total), 2),
        "track": np.round(rng.uniform(0.4, 0.7, total), 2),
        "acq_date": [f"{y}-{m:02d}-{d:02d}" for y, m, d in zip(years, months, days, strict=True)],
        "acq_time": [f"{t:04d}" for t in rng.choice([518, 536, 554, 612, 630], total)],
        "satellite": "N",
        "instrument": "VIIRS",
        "confidence": rng.choice(["n", "n", "n", "n", "l", "h"], total),
        "version": "2",
        "bright_ti5": np.round(rng.uniform(285, 305, total), 2),
        "frp": np.round(rng.gamma(1.5, 4.0, total), 2),
        "daynight": "D",
    })
    return frame.sort_values(["acq_date", "acq_time", "latitude"]).reset_index(drop=True)


def _write_raster(path: Path, grid: np.ndarray, description: str) -> Path:
    """Write ``grid`` as a one-band int32 GeoTIFF on the sample grid (nodata 0)."""

    def write(tmp: Path) -> None:
        with rasterio.open(
            tmp, "w", driver="GTiff", width=GRID_WIDTH, height=GRID_HEIGHT, count=1,
            dtype="int32", crs="EPSG:4326", transform=_transform(), nodata=0,
            compress="deflate", predictor=2, tiled=True, blockxsize=256, blockysize=256,
        ) as dataset:
            dataset.write(grid, 1)
            dataset.set_band_description(1, description)
            dataset.update_tags(ILUSTRASI="Data ilustratif yang dibuat oleh landscape.sample")

    return atomic(path, write)


# --- the whole landscape ---------------------------------------------------------------------


def draw_landscape(outline: BaseGeometry, towns: list[Point]) -> Landscape:
    """Return the vector layers of the landscape inside the kabupaten ``outline``.

    Parameters
    ----------
    outline : BaseGeometry
        The kabupaten's outline (EPSG:4326).
    towns : list of Point
        The kecamatan towns, drawn as settlements on the land-cover map.

    Returns
    -------
    Landscape
        Rivers, peat units and the national park, with the outline and towns.
    """
    rivers = draw_rivers(outline)
    gambut = draw_peat(rivers, outline)
    return Landscape(outline, rivers, gambut, draw_park(outline), towns)


def write_layers(folder: Path, land: Landscape) -> dict[str, Path]:
    """Write the landscape layers into ``folder``; return their paths by catalogue id.

    Land cover and tree-cover loss are GeoTIFFs, the forest estate and peat
    GeoPackages, hotspots a CSV; the rivers are left to the caller (map only).
    """
    loss, cover = _tree_cover_loss(_land_cover(land), _burn([land.park]))
    forest_estate = draw_forest_estate(land.outline, land.rivers)
    return {
        "tutupan_lahan": _write_raster(folder / "tutupan_lahan.tif", cover, "Tutupan lahan (KLHK)"),
        "kehilangan_tutupan_pohon": _write_raster(
            folder / "kehilangan_tutupan_pohon.tif", loss,
            "Tahun kehilangan tutupan pohon (1=2001)",
        ),
        "kawasan_hutan": write_gpkg(folder / "kawasan_hutan.gpkg",
                                    {"kawasan_hutan": forest_estate}),
        "gambut": write_gpkg(folder / "gambut.gpkg", {"gambut": land.gambut}),
        "hotspot": write_text(folder / "hotspot.csv", _hotspots(cover).to_csv(index=False)),
    }
