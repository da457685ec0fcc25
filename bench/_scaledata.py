"""Deterministic, real-size layers over West Kalimantan for ``bench/scale.py``.

Everything is made once into a data folder and reused: a 30 m land-cover raster of the
province (about 20,500 x 19,000 pixels in UTM 49N, tiled 512 x 512, DEFLATE, written window
by window: never whole in memory), a loss-year raster on the same grid, 50,000 FIRMS-like
hotspots, forest-estate polygons (a Voronoi partition of the province, edges cut every
150 m: thousands of vertices each, as the agency's maps have), peat polygons, and 5,000
partner activities (a 3W table, one polygon each in a GeoPackage); and the activities of
Kabupaten Sintang alone (those whose polygon lies in it: about a fifth), for the district's
own build, as its 3W table would hold only its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from _raster import cached_landcover
from rasterio.windows import Window

UTM = "EPSG:32649"
RESOLUTION = 30.0
N_HOTSPOTS = 50_000
N_ACTIVITIES = 5_000
N_ESTATE = 240
N_PEAT = 140
SEED = 61
DISTRICT = "61.05"  # Kabupaten Sintang


@dataclass(frozen=True, slots=True)
class ScaleData:
    """The paths of the generated layers and tables."""

    boundaries: Path
    plan: Path
    areas: Path
    layers: dict[str, Path]
    district_plan: Path  # the rows of Kabupaten Sintang alone, as its own 3W table would be
    district_areas: Path


def make(folder: Path, boundaries: Path) -> ScaleData:
    """Make (or find) every generated file in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    kabupaten = gpd.read_file(boundaries, layer="kabupaten")
    desa = gpd.read_file(boundaries, layer="desa")
    cover = cached_landcover(kabupaten, crs=UTM, resolution=RESOLUTION, seed=SEED,
                             folder=folder)
    loss = folder / "kehilangan_tutupan_pohon.tif"
    if not loss.exists():
        _loss_years(cover, loss)
    outline = shapely.union_all(kabupaten.to_crs(UTM).geometry.to_numpy())
    layers = {"tutupan_lahan": cover, "kehilangan_tutupan_pohon": loss,
              "hotspot": _once(folder / "hotspot.csv", lambda p: _hotspots(outline, p)),
              "kawasan_hutan": _once(folder / "kawasan_hutan.gpkg",
                                     lambda p: _estate(outline, p)),
              "gambut": _once(folder / "gambut.gpkg", lambda p: _peat(outline, p))}
    areas = folder / "kegiatan.gpkg"
    plan = _once(folder / "kegiatan-mitra.csv", lambda p: _activities(desa, p, areas))
    district_areas = folder / f"kegiatan-{DISTRICT}.gpkg"
    district_plan = _once(folder / f"kegiatan-mitra-{DISTRICT}.csv",
                          lambda p: _district(kabupaten, plan, areas, p, district_areas))
    return ScaleData(boundaries, plan, areas, layers, district_plan, district_areas)


def _district(kabupaten: gpd.GeoDataFrame, plan: Path, areas: Path, path: Path,
              district_areas: Path) -> None:
    """The activities whose polygon lies mostly in the district, with their own area file."""
    shapes = gpd.read_file(areas, layer="kegiatan")
    outline = kabupaten[kabupaten["kode"] == DISTRICT].to_crs(shapes.crs).geometry.iloc[0]
    inside = shapes[shapely.contains(outline, shapely.point_on_surface(
        shapes.geometry.to_numpy()))]
    inside.to_file(district_areas, layer="kegiatan", driver="GPKG")
    table = pd.read_csv(plan, dtype=str)
    table = table[table["ID"].isin(set(inside["id"]))]
    table["Sumber Area"] = [f"{district_areas.name}#{i}" for i in table["ID"]]
    table.to_csv(path, index=False)


def _once(path: Path, write: object) -> Path:
    if not path.exists():
        tmp = path.with_name(f".tmp-{path.name}")
        write(tmp)  # type: ignore[operator]
        tmp.replace(path)
    return path


def _loss_years(cover: Path, path: Path) -> None:
    """Loss years 1..24 (2001-2024) on about 3 % of the land, in small patches; 0 elsewhere."""
    with rasterio.open(cover) as src:
        profile = src.profile | {"dtype": "uint8", "nodata": None}
        tmp = path.with_name(f".tmp-{path.name}")
        with rasterio.open(tmp, "w", **profile) as dst:
            for row in range(0, src.height, 512):
                rows = min(512, src.height - row)
                window = Window(0, row, src.width, rows)
                land = src.read(1, window=window) != 0
                rng = np.random.default_rng([SEED, row])
                coarse = rng.random(((rows + 7) // 8, (src.width + 7) // 8)) < 0.03
                years = rng.integers(1, 25, coarse.shape, dtype=np.uint8)
                patch = np.repeat(np.repeat(np.where(coarse, years, 0), 8, 0), 8, 1)
                dst.write((patch[:rows, : src.width] * land).astype(np.uint8), 1, window=window)
    tmp.replace(path)


def _points_in(outline: shapely.Geometry, n: int, rng: np.random.Generator) -> np.ndarray:
    west, south, east, north = outline.bounds
    shapely.prepare(outline)
    found: list[np.ndarray] = []
    while sum(map(len, found)) < n:
        xy = rng.uniform((west, south), (east, north), (n, 2))
        found.append(xy[shapely.contains_xy(outline, xy[:, 0], xy[:, 1])])
    return np.concatenate(found)[:n]


def _hotspots(outline: shapely.Geometry, path: Path) -> None:
    rng = np.random.default_rng(SEED + 1)
    xy = _points_in(outline, N_HOTSPOTS, rng)
    lonlat = gpd.GeoSeries(gpd.points_from_xy(xy[:, 0], xy[:, 1]), crs=UTM).to_crs(4326)
    years = rng.integers(2015, 2025, N_HOTSPOTS)
    dates = [f"{y}-{m:02d}-{d:02d}" for y, m, d in zip(
        years, rng.integers(1, 13, N_HOTSPOTS), rng.integers(1, 29, N_HOTSPOTS), strict=True)]
    frame = pd.DataFrame({"latitude": np.round(lonlat.y, 5), "longitude": np.round(lonlat.x, 5),
                          "acq_date": dates, "acq_time": "0554", "satellite": "N",
                          "instrument": "VIIRS", "confidence": "n", "version": "2",
                          "frp": np.round(rng.gamma(1.5, 4.0, N_HOTSPOTS), 2),
                          "daynight": "D"})
    frame.to_csv(path, index=False)


def _estate(outline: shapely.Geometry, path: Path) -> None:
    """A Voronoi partition of the province by forest-estate function, edges every 150 m."""
    rng = np.random.default_rng(SEED + 2)
    seeds = shapely.multipoints(_points_in(outline, N_ESTATE, rng))
    cells = shapely.get_parts(shapely.voronoi_polygons(seeds, extend_to=outline))
    cells = shapely.segmentize(shapely.intersection(cells, outline), 150.0)
    codes = rng.choice([1001, 1002, 1003, 1004, 1005, 1007], len(cells),
                       p=[0.14, 0.08, 0.14, 0.16, 0.04, 0.44])
    frame = gpd.GeoDataFrame({"fungsikws": codes}, geometry=cells, crs=UTM)
    frame[~frame.geometry.is_empty].to_crs(4326).to_file(path, layer="kawasan_hutan",
                                                         driver="GPKG")


def _blob(x: float, y: float, radius: float, vertices: int,
          rng: np.random.Generator) -> shapely.Polygon:
    angles = np.linspace(0, 2 * math.pi, vertices, endpoint=False)
    wobble = np.zeros(vertices)
    for k in (2, 3, 5, 8, 13, 21):
        wobble += rng.uniform(-1, 1) * np.cos(k * angles + rng.uniform(0, 2 * math.pi)) / k
    r = radius * (1 + 0.35 * wobble / np.abs(wobble).max())
    return shapely.Polygon(np.column_stack([x + r * np.cos(angles), y + r * np.sin(angles)]))


def _peat(outline: shapely.Geometry, path: Path) -> None:
    rng = np.random.default_rng(SEED + 3)
    xy = _points_in(outline, N_PEAT, rng)
    blobs = [_blob(x, y, rng.uniform(4_000, 15_000), int(rng.integers(800, 2_500)), rng)
             for x, y in xy]
    frame = gpd.GeoDataFrame({"fungsi_eg": rng.choice(["FLEG", "FBEG"], N_PEAT)},
                             geometry=shapely.intersection(blobs, outline), crs=UTM)
    frame.to_crs(4326).to_file(path, layer="gambut", driver="GPKG")


ORGS = [f"Yayasan Mitra {i:02d}" for i in range(1, 61)]
THEMES = ["Perhutanan sosial", "Restorasi gambut", "Pencegahan karhutla", "Agroforestri",
          "Penguatan ekonomi desa", "Perlindungan hutan"]


def _activities(desa: gpd.GeoDataFrame, path: Path, areas: Path) -> None:
    """A 3W table of 5,000 activities, each with a polygon of 40-400 vertices in a desa."""
    rng = np.random.default_rng(SEED + 4)
    desa_utm = desa.to_crs(UTM)
    chosen = rng.integers(0, len(desa_utm), N_ACTIVITIES)
    centres = shapely.point_on_surface(desa_utm.geometry.to_numpy()[chosen])
    ids = [f"A-{i:05d}" for i in range(1, N_ACTIVITIES + 1)]
    shapes = [_blob(p.x, p.y, rng.uniform(300, 3_000), int(rng.integers(40, 400)), rng)
              for p in centres]
    gpd.GeoDataFrame({"id": ids}, geometry=shapes, crs=UTM).to_crs(4326).to_file(
        areas, layer="kegiatan", driver="GPKG")
    starts = rng.integers(2021, 2025, N_ACTIVITIES)
    table = pd.DataFrame({
        "ID": ids, "Mitra": rng.choice(ORGS, N_ACTIVITIES),
        "Judul Kegiatan": [f"Kegiatan {i}" for i in ids],
        "Tema": rng.choice(THEMES, N_ACTIVITIES),
        "Mulai": [f"{y}-01-15" for y in starts],
        "Selesai": [f"{y + int(d)}-12-15" for y, d in zip(starts, rng.integers(0, 3, N_ACTIVITIES),
                                                          strict=True)],
        "Anggaran (Rp)": rng.integers(10, 2_000, N_ACTIVITIES) * 1_000_000,
        "Sumber Area": [f"{areas.name}#{i}" for i in ids],
    })
    table.to_csv(path, index=False)
