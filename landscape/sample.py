"""The bundled, illustrative offline sample of Kabupaten Sintang.

Everything here is generated, deterministically, by the project: a schematic
kabupaten outline, kecamatan drawn as a power diagram around the real interior
points listed in ``layers/sample/kecamatan.csv`` (areas roughly proportional to
the real ones), desa as Voronoi subdivisions of each kecamatan, partner area
files in the formats forums receive, and landscape layers (land cover,
forest-estate function, peat, hotspots, tree-cover loss). The geometry is
**illustrative**: it is not the real boundary of any unit. Desa and kecamatan
names and codes are real, their shapes are not.

The forum's workbook ``layers/sample/sekber-sampel.xlsx`` is built from the
plain-text CSV files in ``layers/sample/workbook/`` (the source of truth) by
``python -m landscape.sample workbook``; ``python -m landscape.sample write DIR``
writes the whole sample into ``DIR``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import io
import json
import math
import re
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
import shapely.affinity
from affine import Affine
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from rasterio.features import rasterize
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.ops import substring

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from openpyxl.worksheet.worksheet import Worksheet
    from shapely.geometry.base import BaseGeometry

SAMPLE_SOURCE = Path(__file__).resolve().parents[1] / "layers" / "sample"
"""Folder of the committed sample sources (CSV tables, workbook, README)."""

EXTENT = (110.76, -0.70, 113.44, 1.09)
"""Kabupaten extent (west, south, east, north) in degrees, from DESIGN.md."""

KABUPATEN_CODE = "61.05"
KABUPATEN_NAME = "Sintang"
KABUPATEN_KM2 = 21_600.0
KM_PER_DEGREE = 111.32
GRID = 1e-6
"""Coordinate grid (degrees, about 0.1 m) every boundary vertex is snapped to."""


@dataclass(frozen=True, slots=True)
class _Kecamatan:
    code: str
    name: str
    lat: float
    lon: float
    km2: float


def _read_kecamatan(source: Path = SAMPLE_SOURCE) -> list[_Kecamatan]:
    table = pd.read_csv(source / "kecamatan.csv", dtype={"code": str, "name": str})
    return [
        _Kecamatan(str(code), str(name), float(lat), float(lon), float(km2))
        for code, name, lat, lon, km2 in table[["code", "name", "lat", "lon", "km2"]].to_numpy()
    ]


def _km2(geom: BaseGeometry) -> float:
    """Approximate area in km² of a geometry in degrees near the equator."""
    return float(shapely.area(geom)) * KM_PER_DEGREE**2


def _outline_for(kecamatan: list[_Kecamatan], scale: float) -> Polygon:
    discs = [
        Point(k.lon, k.lat).buffer(math.sqrt(scale * k.km2 / math.pi) / KM_PER_DEGREE, 12)
        for k in kecamatan
    ]
    closing = 0.18
    merged = shapely.union_all(discs).buffer(closing, 12).buffer(-closing, 12)
    clipped = merged.intersection(box(*EXTENT))
    if isinstance(clipped, MultiPolygon):
        clipped = max(clipped.geoms, key=lambda g: g.area)
    assert isinstance(clipped, Polygon)
    return Polygon(clipped.exterior)


def _outline(kecamatan: list[_Kecamatan]) -> Polygon:
    """Return a smooth schematic kabupaten outline of about KABUPATEN_KM2."""
    low, high = 0.3, 1.5
    for _ in range(30):
        mid = (low + high) / 2
        if _km2(_outline_for(kecamatan, mid)) < KABUPATEN_KM2:
            low = mid
        else:
            high = mid
    outline = _wobble(_outline_for(kecamatan, (low + high) / 2)).intersection(box(*EXTENT))
    snapped = shapely.set_precision(outline.simplify(0.003), GRID)
    assert isinstance(snapped, Polygon)
    return snapped


def _wobble(
    shape: BaseGeometry,
    *,
    amplitude: float = 0.035,
    seed: int = 6105,
    harmonics: tuple[int, ...] = (7, 13, 23, 41, 67),
) -> Polygon:
    """Return the polygon with its outer ring displaced along its normals by smooth noise."""
    assert isinstance(shape, Polygon)
    rng = np.random.default_rng(seed)
    ring = shapely.segmentize(shape.exterior, 0.01)
    xy = np.asarray(ring.coords)[:-1]
    step = np.hypot(*np.diff(np.vstack([xy, xy[:1]]), axis=0).T)
    s = np.concatenate([[0.0], np.cumsum(step)[:-1]]) / step.sum()
    shift = np.zeros(len(xy))
    for harmonic in harmonics:
        shift += rng.uniform(0.4, 1.0) / math.sqrt(harmonic / harmonics[0]) * np.sin(
            2 * math.pi * (harmonic * s + rng.uniform())
        )
    tangent = np.roll(xy, -1, axis=0) - np.roll(xy, 1, axis=0)
    normal = np.column_stack([tangent[:, 1], -tangent[:, 0]])
    normal /= np.hypot(*normal.T)[:, None]
    moved = Polygon(xy + normal * (amplitude * shift / np.abs(shift).max())[:, None])
    repaired = shapely.make_valid(moved)
    parts = getattr(repaired, "geoms", [repaired])
    largest = max((g for g in parts if isinstance(g, Polygon)), key=lambda g: g.area)
    return Polygon(largest.exterior)


def _half_plane(a: np.ndarray, b: np.ndarray, wa: float, wb: float) -> Polygon:
    """Return the (large) half-plane where the power distance to ``a`` is not larger."""
    normal = b - a
    length = float(np.hypot(*normal))
    unit = normal / length
    # 2 x.(b - a) <= |b|^2 - |a|^2 - wb + wa, written as x.unit <= offset
    offset = (float(b @ b) - float(a @ a) - wb + wa) / (2 * length)
    foot = a + unit * (offset - float(a @ unit))
    along = np.array([-unit[1], unit[0]]) * 20.0
    back = unit * 20.0
    return Polygon([foot + along, foot - along, foot - along - back, foot + along - back])


def _power_cells(sites: np.ndarray, weights: np.ndarray, region: Polygon) -> list[Polygon]:
    """Return the power-diagram cells of ``sites`` clipped to ``region``."""
    cells: list[Polygon] = []
    for i, site in enumerate(sites):
        cell: BaseGeometry = box(*region.buffer(1.0).bounds)
        for j, other in enumerate(sites):
            if i != j:
                cell = cell.intersection(_half_plane(site, other, weights[i], weights[j]))
        clipped = cell.intersection(region)
        assert isinstance(clipped, Polygon)
        cells.append(clipped)
    return cells


def _keep_sites_inside(weights: np.ndarray, dist: np.ndarray, margin: float) -> np.ndarray:
    """Adjust weights so that every site lies ``margin`` degrees inside its own cell."""
    w = weights.copy()
    for _ in range(50):
        # excess[i, j] > 0: the bisector with j passes closer than margin to site i
        excess = w[None, :] - w[:, None] - dist**2 + 2 * margin * dist
        np.fill_diagonal(excess, 0.0)
        excess = np.maximum(excess, 0.0)
        if not excess.any():
            break
        w = w + 0.5 * excess.max(axis=1) - 0.5 * excess.max(axis=0)
    centred: np.ndarray = w - w.mean()
    return centred


def _kecamatan_cells(kecamatan: list[_Kecamatan], outline: Polygon) -> list[Polygon]:
    """Return a power diagram of the interior points, areas roughly as in the table.

    Weights are moved towards the target areas by damped Newton steps; the slope of
    a cell's area against its weight is estimated from the length of its inner
    boundary. Every interior point is kept at least 1 km inside its own cell.
    """
    sites = np.array([[k.lon, k.lat] for k in kecamatan])
    targets = np.array([k.km2 for k in kecamatan])
    targets = targets / targets.sum() * _km2(outline)
    dist = np.hypot(*(sites[:, None, :] - sites[None, :, :]).transpose(2, 0, 1))
    near = np.sort(dist, axis=1)[:, 1:4].mean(axis=1)
    rim = outline.exterior.buffer(GRID)
    weights = np.zeros(len(sites))
    for _ in range(40):
        cells = _power_cells(sites, weights, outline)
        areas = np.array([_km2(c) for c in cells])
        inner = np.array([c.boundary.difference(rim).length for c in cells])
        slope = np.maximum(inner / (2 * near), 0.2)
        weights = weights + 0.5 * (targets - areas) / KM_PER_DEGREE**2 / slope
        weights = _keep_sites_inside(weights, dist, 0.01)
    return _power_cells(sites, weights, outline)


def _read_desa(source: Path = SAMPLE_SOURCE) -> pd.DataFrame:
    return pd.read_csv(source / "desa.csv", dtype=str)


def _random_points_in(region: Polygon, count: int, rng: np.random.Generator) -> np.ndarray:
    west, south, east, north = region.bounds
    inside = region.buffer(-0.01) if region.buffer(-0.01).area > 0 else region
    points: list[tuple[float, float]] = []
    while len(points) < count:
        x, y = rng.uniform(west, east), rng.uniform(south, north)
        if inside.contains(Point(x, y)):
            points.append((x, y))
    return np.array(points, dtype=float)


def _voronoi_cells(seeds: np.ndarray, region: Polygon) -> list[BaseGeometry]:
    """Return the Voronoi cells of ``seeds`` (in seed order) clipped to ``region``."""
    diagram = shapely.voronoi_polygons(
        shapely.multipoints(seeds), extend_to=region.envelope.buffer(0.5), ordered=True
    )
    assert isinstance(diagram, shapely.GeometryCollection)
    return [cell.intersection(region) for cell in _parts(diagram)]


def _desa_seeds(region: Polygon, count: int, *, seed: int) -> np.ndarray:
    """Return ``count`` well-spread seeded points in ``region`` (three Lloyd steps)."""
    seeds = _random_points_in(region, count, np.random.default_rng(seed))
    for _ in range(3):
        cells = _voronoi_cells(seeds, region)
        seeds = np.array([[c.centroid.x, c.centroid.y] for c in cells])
    return seeds


def _faces(cells: list[BaseGeometry]) -> list[Polygon]:
    """Return the faces of the noded boundaries of ``cells`` (an exact coverage)."""
    lines = shapely.union_all([c.boundary for c in cells], grid_size=GRID)
    return [p for p in _parts(shapely.polygonize(_parts(lines))) if isinstance(p, Polygon)]


def _parts(geom: BaseGeometry) -> list[BaseGeometry]:
    """Return the members of a multi-part geometry or collection, or the geometry itself."""
    return list(getattr(geom, "geoms", [geom]))


@dataclass(frozen=True)
class _Boundaries:
    kabupaten: gpd.GeoDataFrame
    kecamatan: gpd.GeoDataFrame
    desa: gpd.GeoDataFrame
    centres: dict[str, Point]
    """A point well inside each desa, by desa code (the desa's Voronoi seed)."""


def _frame(codes: list[str], names: list[str], geoms: Sequence[BaseGeometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"kode": codes, "nama": names}, geometry=geoms, crs="EPSG:4326")


def _build_boundaries(source: Path = SAMPLE_SOURCE) -> _Boundaries:
    """Generate kabupaten, kecamatan and desa that tile each other exactly."""
    kecamatan = _read_kecamatan(source)
    desa = _read_desa(source)
    outline = _outline(kecamatan)
    kec_cells = [shapely.set_precision(c, GRID) for c in _kecamatan_cells(kecamatan, outline)]
    seeds: dict[str, np.ndarray] = {}
    desa_cells: list[BaseGeometry] = []
    for k, cell in zip(kecamatan, kec_cells, strict=True):
        count = int((desa["kecamatan"] == k.code).sum())
        seeds[k.code] = _desa_seeds(cell, count, seed=int(k.code.replace(".", "")))
        desa_cells.extend(_voronoi_cells(seeds[k.code], cell))
    parts: dict[str, list[Polygon]] = {}
    for face in _faces(desa_cells):
        inside = face.point_on_surface()
        k_index = int(np.argmin([c.distance(inside) for c in kec_cells]))
        code = kecamatan[k_index].code
        d_index = int(np.argmin(np.hypot(*(seeds[code] - [inside.x, inside.y]).T)))
        desa_code = desa.loc[desa["kecamatan"] == code, "code"].iloc[d_index]
        parts.setdefault(str(desa_code), []).append(face)
    desa_geoms = [shapely.coverage_union_all(parts[c]) for c in desa["code"]]
    kec_geoms = [
        shapely.coverage_union_all([f for c in desa.loc[desa["kecamatan"] == k.code, "code"]
                                    for f in parts[c]])
        for k in kecamatan
    ]
    centres = {
        str(code): Point(seeds[str(kc)][i])
        for kc, group in desa.groupby("kecamatan")
        for i, code in enumerate(group["code"])
    }
    return _Boundaries(
        kabupaten=_frame(
            [KABUPATEN_CODE], [KABUPATEN_NAME], [shapely.coverage_union_all(kec_geoms)]
        ),
        kecamatan=_frame([k.code for k in kecamatan], [k.name for k in kecamatan], kec_geoms),
        desa=_frame(list(desa["code"]), list(desa["name"]), desa_geoms),
        centres=centres,
    )


# --- rivers, peat, forest estate -------------------------------------------------------------

_RIVERS: dict[str, list[tuple[float, float]]] = {
    # schematic courses (lon, lat), upstream first; clipped to the kabupaten outline
    "Sungai Kapuas": [(112.10, 0.48), (111.80, 0.27), (111.63, 0.15), (111.495, 0.065),
                      (111.37, 0.00), (111.22, -0.07), (111.02, -0.11), (110.75, -0.16)],
    "Sungai Melawi": [(113.45, -0.32), (113.02, -0.20), (112.62, -0.30), (112.25, -0.14),
                      (111.95, -0.07), (111.70, -0.01), (111.495, 0.065)],
    "Sungai Ketungau": [(110.85, 1.00), (111.22, 0.82), (111.50, 0.64), (111.60, 0.42),
                        (111.63, 0.15)],
}  # fmt: skip
TOWN = Point(111.495, 0.065)
"""Sintang town, where the Kapuas and the Melawi meet (schematic)."""


def _meander(points: list[tuple[float, float]], *, seed: int) -> np.ndarray:
    """Return a densified course through ``points`` with smooth seeded meanders."""
    rng = np.random.default_rng(seed)
    line = shapely.segmentize(shapely.LineString(points), 0.005)
    xy = np.asarray(line.coords)
    s = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(xy, axis=0).T))])
    tangent = np.gradient(xy, axis=0)
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
    normal /= np.hypot(*normal.T)[:, None]
    shift = sum(
        rng.uniform(0.004, 0.012) * np.sin(2 * math.pi * s / wave + rng.uniform(0, 2 * math.pi))
        for wave in (0.09, 0.17, 0.31)
    )
    taper = np.minimum(1.0, np.minimum(s, s[-1] - s) / 0.05)  # ends stay on the waypoints
    return np.asarray(xy + normal * (shift * taper)[:, None])


def _rivers(outline: BaseGeometry) -> gpd.GeoDataFrame:
    names, geoms = [], []
    for index, (name, points) in enumerate(_RIVERS.items()):
        course = shapely.LineString(_meander(points, seed=100 + index)).simplify(0.001)
        names.append(name)
        geoms.append(shapely.set_precision(course.intersection(outline), GRID))
    return gpd.GeoDataFrame({"nama": names}, geometry=geoms, crs="EPSG:4326")


_PEAT: list[tuple[str, str, tuple[float, float], tuple[float, float], float]] = [
    # name, river, section from (lon, lat) to (lon, lat), half-width in degrees
    ("KHG Sungai Kapuas - Sungai Tempunak", "Sungai Kapuas",
     (111.42, 0.02), (111.08, -0.10), 0.06),
    ("KHG Sungai Ketungau - Sungai Kapuas", "Sungai Ketungau",
     (111.57, 0.52), (111.63, 0.19), 0.045),
    ("KHG Sungai Melawi - Sungai Dedai", "Sungai Melawi",
     (111.60, 0.02), (111.92, -0.07), 0.04),
]  # fmt: skip


def _section(
    river: BaseGeometry, start: tuple[float, float], end: tuple[float, float]
) -> BaseGeometry:
    merged = max(_parts(shapely.line_merge(river)), key=lambda g: g.length)
    assert isinstance(merged, shapely.LineString)
    a, b = sorted(shapely.line_locate_point(merged, [Point(start), Point(end)]))
    return substring(merged, a, b)


def _gambut(rivers: gpd.GeoDataFrame, outline: BaseGeometry) -> gpd.GeoDataFrame:
    """Return peat units (KHG) along the rivers: a protected core in a cultivation ring."""
    courses = dict(zip(rivers["nama"], rivers.geometry, strict=True))
    rows: list[dict[str, object]] = []
    for index, (name, river, start, end, width) in enumerate(_PEAT, start=1):
        section = _section(courses[river], start, end)
        whole = _wobble(section.buffer(width, 8), amplitude=width / 3, seed=200 + index,
                        harmonics=(3, 5, 9, 14))
        core = _wobble(section.buffer(width * 0.45, 8), amplitude=width / 6, seed=300 + index,
                       harmonics=(3, 5, 9))
        clipped = whole.intersection(outline)
        inner = core.intersection(clipped)
        for code, text, geom in (("FLEG", "Fungsi Lindung Ekosistem Gambut", inner),
                                 ("FBEG", "Fungsi Budidaya Ekosistem Gambut",
                                  clipped.difference(inner))):
            rows.append({"kode": f"KHG-{index:02d}-{code[1]}", "nama": name, "fungsi_eg": code,
                         "keterangan": text,
                         "geometry": shapely.set_precision(geom.simplify(0.002), GRID)})
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


FOREST_FUNCTIONS: dict[int, tuple[str, str]] = {
    1001: ("HL", "Hutan Lindung"),
    1002: ("KSA/KPA", "Kawasan Suaka Alam / Kawasan Pelestarian Alam"),
    1003: ("HP", "Hutan Produksi Tetap"),
    1004: ("HPT", "Hutan Produksi Terbatas"),
    1005: ("HPK", "Hutan Produksi yang dapat Dikonversi"),
    1007: ("APL", "Areal Penggunaan Lain"),
}
"""Forest-estate function codes (field ``fungsi``) used by ``kawasan_hutan.gpkg``."""

PARK_NAME = "Taman Nasional Bukit Baka Bukit Raya (skematis)"


def _park(outline: BaseGeometry) -> BaseGeometry:
    """Return a schematic national-park block on the southern edge of Serawai and Ambalau."""
    ellipse = shapely.affinity.scale(Point(112.80, -0.63).buffer(1.0, 16), 0.32, 0.17)
    return _wobble(ellipse, amplitude=0.02, seed=400, harmonics=(4, 7, 11)).intersection(outline)


def _function_at(point: Point, rivers: BaseGeometry, rng: np.random.Generator) -> int:
    if point.distance(rivers) < 0.06 or point.distance(TOWN) < 0.12:
        return 1007
    if point.y > 0.72 and point.x < 111.35:
        return 1001
    if point.x > 112.4:
        return int(rng.choice([1004, 1004, 1003, 1001]))
    return int(rng.choice([1003, 1004, 1005, 1007, 1007]))


def _kawasan_hutan(outline: BaseGeometry, rivers: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return forest-estate function polygons tiling the kabupaten (schematic)."""
    rng = np.random.default_rng(500)
    assert isinstance(outline, Polygon)
    seeds = _random_points_in(outline, 48, rng)
    park = _park(outline)
    river_lines = shapely.union_all(rivers.geometry.to_numpy())
    by_code: dict[int, list[BaseGeometry]] = {1002: [park]}
    for seed, cell in zip(seeds, _voronoi_cells(seeds, outline), strict=True):
        code = _function_at(Point(seed), river_lines, rng)
        by_code.setdefault(code, []).append(cell.difference(park))
    rows = [
        {"fungsi": code, "singkatan": FOREST_FUNCTIONS[code][0],
         "keterangan": PARK_NAME if code == 1002 else FOREST_FUNCTIONS[code][1],
         "geometry": shapely.set_precision(shapely.union_all(parts).simplify(0.002), GRID)}
        for code, parts in sorted(by_code.items())
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


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
class _Landscape:
    """The vector layers the rasters are drawn from."""

    outline: BaseGeometry
    rivers: gpd.GeoDataFrame
    gambut: gpd.GeoDataFrame
    park: BaseGeometry
    towns: list[Point]


def _pressure(land: _Landscape, rng: np.random.Generator) -> np.ndarray:
    """Return a smooth 'human pressure' field: high near rivers and towns, low in the south-east."""
    x, _ = _pixel_centres()
    rivers = _distance(shapely.union_all(land.rivers.geometry.to_numpy()))
    town = _distance(TOWN)
    remote = 1 / (1 + np.exp(-(x - 112.35) / 0.12))
    return np.asarray(
        0.7 * np.exp(-rivers / 0.07) + 0.8 * np.exp(-town / 0.22) + 0.3 * _noise(rng, 30)
        - 0.35 * remote + 0.25
    )


def _land_cover(land: _Landscape) -> np.ndarray:
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


# --- writing ---------------------------------------------------------------------------------


def _atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Write ``path`` through a temporary file in the same folder, then rename it."""
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    tmp.unlink(missing_ok=True)
    try:
        write(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write_gpkg(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> Path:
    def write(tmp: Path) -> None:
        for name, frame in layers.items():
            frame.to_file(tmp, layer=name, driver="GPKG")

    return _atomic(path, write)


def _write_text(path: Path, text: str) -> Path:
    return _atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))


def _write_raster(path: Path, grid: np.ndarray, description: str) -> Path:
    def write(tmp: Path) -> None:
        with rasterio.open(
            tmp, "w", driver="GTiff", width=GRID_WIDTH, height=GRID_HEIGHT, count=1,
            dtype="int32", crs="EPSG:4326", transform=_transform(), nodata=0,
            compress="deflate", predictor=2, tiled=True, blockxsize=256, blockysize=256,
        ) as dataset:
            dataset.write(grid, 1)
            dataset.set_band_description(1, description)
            dataset.update_tags(ILUSTRASI="Data ilustratif yang dibuat oleh landscape.sample")

    return _atomic(path, write)


# --- partner area files ----------------------------------------------------------------------

UTM_49N = "EPSG:32649"
_ZIP_TIME = (2024, 6, 30, 9, 0, 0)
"""Timestamp stored in zip members and the DBF header, so the zip is byte-identical."""


def _seed_of(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _anchor(spec: dict[str, Any], bounds: _Boundaries) -> Point:
    """Return the point a feature is drawn around: a desa centre or a shared desa edge."""
    codes = str(spec["at"]).split("|")
    if len(codes) == 2:  # the midpoint of the edge the two desa share
        desa = bounds.desa.set_index("kode").geometry
        edge = shapely.line_merge(desa[codes[0]].boundary.intersection(desa[codes[1]].boundary))
        longest = max(_parts(edge), key=lambda g: g.length)
        point = longest.interpolate(0.5, normalized=True)
    else:
        point = bounds.centres[codes[0]]
    dx, dy = spec.get("shift_km", (0.0, 0.0))
    return Point(point.x + dx / KM_PER_DEGREE, point.y + dy / KM_PER_DEGREE)


def _blob(centre: Point, radius_km: float, *, seed: int, hole: bool = False) -> Polygon:
    """Return an irregular star-shaped polygon (optionally with an enclave) around ``centre``."""
    rng = np.random.default_rng(seed)
    angle = np.linspace(0, 2 * math.pi, 24, endpoint=False)
    bumps = sum(rng.uniform(0.05, 0.12) * np.sin(k * angle + rng.uniform(0, 2 * math.pi))
                for k in (2, 3, 5))
    radius = radius_km / KM_PER_DEGREE * (1 + bumps)
    ring = np.column_stack([centre.x + radius * np.cos(angle), centre.y + radius * np.sin(angle)])
    holes = []
    if hole:
        inner = 0.3 * radius_km / KM_PER_DEGREE
        holes.append(np.column_stack([centre.x + 0.3 * inner + inner * np.cos(angle[::-1]),
                                      centre.y + inner * np.sin(angle[::-1])]))
    return Polygon(np.round(ring, 6), [np.round(h, 6) for h in holes])


def _track(codes: list[str], bounds: _Boundaries, *, seed: int) -> np.ndarray:
    """Return a wiggly patrol path through the centres of the given desa."""
    points = [(bounds.centres[c].x, bounds.centres[c].y) for c in codes]
    return np.round(_meander(points, seed=seed)[::2], 6)


def _read_area_specs(source: Path = SAMPLE_SOURCE) -> dict[str, dict[str, Any]]:
    specs: dict[str, dict[str, Any]] = json.loads((source / "areas.json").read_text("utf-8"))
    return specs


def _area_ha(geom: BaseGeometry) -> float:
    series = gpd.GeoSeries([geom], crs="EPSG:4326").to_crs("EPSG:6933")
    return float(series.area.iloc[0]) / 10_000


def _polygons(spec: dict[str, Any], bounds: _Boundaries) -> list[tuple[dict[str, Any], Polygon]]:
    return [
        (feature, _blob(_anchor(feature, bounds), float(feature["radius_km"]),
                        seed=_seed_of(feature["id"]), hole=bool(feature.get("hole", False))))
        for feature in spec["features"]
    ]


def _rings(polygon: Polygon) -> list[list[list[float]]]:
    return [[list(xy) for xy in ring.coords] for ring in (polygon.exterior, *polygon.interiors)]


def _geojson(spec: dict[str, Any], bounds: _Boundaries) -> str:
    """Return a QGIS-style FeatureCollection; ``luas_ha`` is the area stated in the permit."""
    features = []
    for feature, polygon in _polygons(spec, bounds):
        stated = round(_area_ha(polygon) * (1 + float(feature.get("selisih", 0.0))), 2)
        properties = {"id": feature["id"], **feature["properties"], "luas_ha": stated}
        geometry = {"type": "Polygon", "coordinates": _rings(polygon)}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    collection = {
        "type": "FeatureCollection", "name": spec["layer"],
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"


def _write_shapefile_zip(path: Path, spec: dict[str, Any], bounds: _Boundaries) -> None:
    """Write a zipped Shapefile in UTM 49N whose inner name differs from the zip's."""
    rows = [{"id_kebun": feature["id"], **feature["properties"], "geometry": polygon}
            for feature, polygon in _polygons(spec, bounds)]
    frame = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326").to_crs(UTM_49N)
    frame.insert(len(frame.columns) - 1, "luas_ha", (frame.area / 10_000).round(2))
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        shp = Path(tmp) / f"{spec['layer']}.shp"
        frame.to_file(shp, driver="ESRI Shapefile", encoding="UTF-8")
        shp.with_suffix(".cpg").write_text("UTF-8", encoding="ascii")
        dbf = shp.with_suffix(".dbf")
        with dbf.open("r+b") as handle:  # the DBF header stores the day it was written
            handle.seek(1)
            handle.write(bytes([_ZIP_TIME[0] - 1900, _ZIP_TIME[1], _ZIP_TIME[2]]))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for member in sorted(Path(tmp).iterdir()):
                info = zipfile.ZipInfo(member.name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, member.read_bytes())


def _kml_coords(ring: BaseGeometry) -> str:
    return " ".join(f"{x:.6f},{y:.6f},0" for x, y in shapely.get_coordinates(ring))


def _kml(spec: dict[str, Any], bounds: _Boundaries) -> str:
    """Return a Google-Earth-style KML: Placemarks in a Folder, ids in ExtendedData."""
    marks = []
    for feature, polygon in _polygons(spec, bounds):
        data = {"id": feature["id"], **feature["properties"]}
        extended = "".join(f'<Data name="{escape(k)}"><value>{escape(str(v))}</value></Data>'
                           for k, v in data.items())
        inner = "".join(f"<innerBoundaryIs><LinearRing><coordinates>{_kml_coords(r)}"
                        "</coordinates></LinearRing></innerBoundaryIs>" for r in polygon.interiors)
        marks.append(
            f"<Placemark><name>{escape(feature['name'])}</name>"
            f"<description>{escape(feature['description'])}</description>"
            f"<styleUrl>#areal</styleUrl><ExtendedData>{extended}</ExtendedData>"
            f"<Polygon><outerBoundaryIs><LinearRing><coordinates>"
            f"{_kml_coords(polygon.exterior)}</coordinates></LinearRing></outerBoundaryIs>"
            f"{inner}</Polygon></Placemark>"
        )
    body = "\n".join(marks)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{escape(spec['layer'])}</name>"
        '<Style id="areal"><LineStyle><color>ff2f8f2f</color><width>2</width></LineStyle>'
        "<PolyStyle><color>552f8f2f</color></PolyStyle></Style>\n"
        f"<Folder><name>{escape(spec['folder'])}</name>\n{body}\n</Folder></Document></kml>\n"
    )


def _points_csv(spec: dict[str, Any], bounds: _Boundaries) -> str:
    buffer = io.StringIO()
    columns = ["id", "nama", "lat", "lon", *spec["features"][0]["properties"]]
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for feature in spec["features"]:
        point = _anchor(feature, bounds)
        writer.writerow([feature["id"], feature["name"], f"{point.y:.5f}", f"{point.x:.5f}",
                         *feature["properties"].values()])
    return buffer.getvalue()


def _gpx(spec: dict[str, Any], bounds: _Boundaries) -> str:
    """Return GPX 1.1 with one track per patrol (the track name is its id) and waypoints."""
    tracks = []
    for feature in spec["tracks"]:
        path = _track(feature["through"], bounds, seed=_seed_of(feature["id"]))
        start = dt.datetime.fromisoformat(feature["start"])
        step = np.concatenate([[0.0], np.hypot(*np.diff(path, axis=0).T)]) * KM_PER_DEGREE
        seconds = np.cumsum(step) / float(feature["speed_kmh"]) * 3600
        points = "".join(
            f'<trkpt lat="{y:.6f}" lon="{x:.6f}"><ele>{40 + 15 * math.sin(i / 9):.1f}</ele>'
            f"<time>{(start + dt.timedelta(seconds=int(s))).strftime('%Y-%m-%dT%H:%M:%SZ')}"
            "</time></trkpt>\n"
            for i, ((x, y), s) in enumerate(zip(path, seconds, strict=True))
        )
        tracks.append(f"<trk><name>{escape(feature['id'])}</name>"
                      f"<desc>{escape(feature['description'])}</desc><trkseg>\n{points}</trkseg></trk>")
    waypoints = []
    for feature in spec["waypoints"]:
        point = _anchor(feature, bounds)
        waypoints.append(f'<wpt lat="{point.y:.6f}" lon="{point.x:.6f}">'
                         f"<name>{escape(feature['id'])}</name>"
                         f"<desc>{escape(feature['description'])}</desc></wpt>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="landscape.sample" xmlns="http://www.topografix.com/GPX/1/1">\n'
        + "\n".join(waypoints) + "\n" + "\n".join(tracks) + "\n</gpx>\n"
    )


def _write_areas(folder: Path, bounds: _Boundaries, source: Path = SAMPLE_SOURCE) -> list[Path]:
    """Write every partner area file described in ``areas.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = {".geojson": _geojson, ".kml": _kml, ".csv": _points_csv, ".gpx": _gpx}
    paths = []
    for name, spec in _read_area_specs(source).items():
        path = folder / name
        if path.suffix == ".zip":
            _atomic(path, functools.partial(_write_shapefile_zip, spec=spec, bounds=bounds))
        else:
            _write_text(path, texts[path.suffix](spec, bounds))
        paths.append(path)
    return paths


# --- the forum's workbook --------------------------------------------------------------------

WORKBOOK_NAME = "sekber-sampel.xlsx"
WORKBOOK_SHEETS = {"Rencana Aksi": "rencana-aksi.csv", "Mitra": "mitra.csv",
                   "Kegiatan Mitra": "kegiatan-mitra.csv"}
"""Sheet name -> its plain-text source in ``layers/sample/workbook/``."""
_WORKBOOK_TIME = dt.datetime(2024, 6, 30, 9, 0, 0)  # noqa: DTZ001 - xlsx stores naive times
_TITLE = (
    (
        "MATRIKS RENCANA AKSI SEKRETARIAT BERSAMA (SEKBER) MULTI PIHAK PEMBANGUNAN LESTARI "
        "KABUPATEN SINTANG"
    ),
    "TAHUN 2024 - 2027  (CONTOH ILUSTRATIF - DATA FIKTIF)",
)
_NOTES = (
    (
        "Catatan: contoh ilustratif untuk demo perangkat lunak; kegiatan, anggaran dan mitra "
        "non-pemerintah adalah fiktif."
    ),
    "Sumber: Sekretariat Sekber (contoh), diolah dari hasil rapat koordinasi.",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"-?\d+")


def cell_value(text: str) -> str | int | dt.datetime | None:
    """Return the spreadsheet value a CSV cell of the workbook sources stands for.

    ``2024-03-01`` is a real date, ``2025`` or ``150000000`` a number, a leading
    apostrophe keeps the rest as text (``'2024``, as in Excel), an empty cell is
    empty and anything else is text exactly as written (spaces included).

    Examples
    --------
    >>> cell_value("2024-03-01"), cell_value("2025"), cell_value("'2024"), cell_value("1,2 M")
    (datetime.datetime(2024, 3, 1, 0, 0), 2025, '2024', '1,2 M')
    """
    if text == "":
        return None
    if text.startswith("'"):
        return text[1:]
    if _ISO_DATE.fullmatch(text):
        return dt.datetime.fromisoformat(text)
    if _INTEGER.fullmatch(text):
        return int(text)
    return text


def _read_source(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _fill_sheet(sheet: Worksheet, rows: list[list[str]], *, first_row: int) -> None:
    header, *body = rows
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor="D9E1F2")
    for col, name in enumerate(header, start=1):
        cell = sheet.cell(first_row, col, name)
        cell.font, cell.fill = bold, shade
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = min(
            48, max(10, *(len(r[col - 1]) * 0.9 for r in rows))
        )
    for offset, row in enumerate(body, start=1):
        for col, text in enumerate(row, start=1):
            cell = sheet.cell(first_row + offset, col, cell_value(text))
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "DD/MM/YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A{first_row}:{last}{first_row + len(body)}"
    sheet.freeze_panes = f"A{first_row + 1}"


def _workbook(source: Path) -> Workbook:
    book = Workbook()
    book.remove(book.worksheets[0])
    for name, file in WORKBOOK_SHEETS.items():
        rows = _read_source(source / "workbook" / file)
        sheet = book.create_sheet(name)
        if name != "Rencana Aksi":
            _fill_sheet(sheet, rows, first_row=1)
            continue
        last = get_column_letter(len(rows[0]))
        for row, text in enumerate(_TITLE, start=1):  # merged title block, then an empty row
            sheet.cell(row, 1, text).font = Font(bold=True, size=12 if row == 1 else 11)
            sheet.cell(row, 1).alignment = Alignment(horizontal="center")
            sheet.merge_cells(f"A{row}:{last}{row}")
        _fill_sheet(sheet, rows, first_row=4)
        for offset, note in enumerate(_NOTES):
            sheet.cell(4 + len(rows) + 1 + offset, 1, note).font = Font(italic=True)
    book.properties.creator = "landscape.sample"
    book.properties.title = "Contoh ilustratif matriks Sekber Sintang"
    book.properties.created = book.properties.modified = _WORKBOOK_TIME
    return book


def _repack(data: bytes) -> bytes:
    """Return the zip ``data`` with every member's timestamp fixed (byte-identical output)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(fixed, old.read(info.filename))
    return out.getvalue()


def build_workbook(target: str | Path, *, source: str | Path = SAMPLE_SOURCE) -> Path:
    """Write the forum's illustrative workbook from its CSV sources.

    Parameters
    ----------
    target : str or Path
        The ``.xlsx`` file to write (replaced atomically).
    source : str or Path
        Folder holding ``workbook/rencana-aksi.csv``, ``mitra.csv`` and
        ``kegiatan-mitra.csv``.

    Returns
    -------
    Path
        ``target``. The bytes depend only on the sources.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(_workbook(Path(source)), archive).write_data()
    data = _repack(buffer.getvalue())
    return _atomic(Path(target), lambda tmp: tmp.write_bytes(data))


# --- the whole sample ------------------------------------------------------------------------


@dataclass(frozen=True)
class SamplePaths:
    """Where :func:`write_sample` put each part of the sample.

    Attributes
    ----------
    folder : Path
        The sample folder.
    boundaries : Path
        GeoPackage with layers ``kabupaten``, ``kecamatan`` and ``desa`` (fields
        ``kode``, ``nama``; EPSG:4326).
    workbook : Path
        The forum's workbook (sheets ``Rencana Aksi``, ``Mitra``, ``Kegiatan Mitra``).
    areas : list of Path
        Partner area files in ``areas/`` (GeoJSON, zipped Shapefile, KML, CSV, GPX).
    layers : dict of str to Path
        Landscape layers by catalogue id: ``tutupan_lahan``,
        ``kehilangan_tutupan_pohon`` (GeoTIFF), ``kawasan_hutan``, ``gambut``
        (GeoPackage) and ``hotspot`` (CSV).
    rivers : Path
        GeoPackage of the schematic Kapuas, Melawi and Ketungau (layer ``sungai``,
        field ``nama``), for the map only.
    readme : Path
        ``README.md`` saying that everything is illustrative.
    """

    folder: Path
    boundaries: Path
    workbook: Path
    areas: list[Path]
    layers: dict[str, Path]
    rivers: Path
    readme: Path


_README = """\
# Contoh ilustratif Kabupaten Sintang / Illustrative Sintang sample

**ILUSTRATIF — DATA BUATAN.** Semua geometri di folder ini dibuat oleh program
(`landscape.sample`), bukan batas resmi. **ILLUSTRATIVE, GENERATED DATA**: every
geometry in this folder was generated by `python -m landscape.sample write`; none
of it is a real boundary, land cover, forest-estate map, peat map, hotspot or
partner area.

- `boundaries.gpkg`: layers `kabupaten`, `kecamatan`, `desa` (fields `kode`, `nama`).
  The names and Kemendagri codes are real; the shapes are schematic (a power
  diagram around approximate interior points, areas roughly proportional to the
  real ones; desa are Voronoi cells and tile their kecamatan exactly).
- `sekber-sampel.xlsx`: the forum's workbook, fictional content.
- `areas/`: partner area files (GeoJSON, zipped Shapefile in UTM 49N, KML, CSV, GPX),
  drawn inside the schematic desa named in the workbook.
- `tutupan_lahan.tif`, `kehilangan_tutupan_pohon.tif`, `kawasan_hutan.gpkg`,
  `gambut.gpkg`, `sungai.gpkg`, `hotspot.csv`: schematic landscape layers (KLHK
  codes, FIRMS-like columns) for the demo.

See `layers/sample/README.md` in the project for the details and the deliberate
irregularities.
"""


def write_sample(folder: str | Path) -> SamplePaths:
    """Write the whole illustrative sample into ``folder``.

    The output depends only on the committed sources in ``layers/sample/``:
    seeds are fixed and nothing depends on the clock, so two runs give the same
    layer contents (GeoPackages embed their own timestamps; every other file is
    byte-identical).

    Parameters
    ----------
    folder : str or Path
        Target folder; created if missing. Existing sample files are replaced.

    Returns
    -------
    SamplePaths
        The paths of everything written.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    bounds = _build_boundaries()
    outline = bounds.kabupaten.geometry.iloc[0]
    rivers = _rivers(outline)
    gambut = _gambut(rivers, outline)
    towns = [Point(k.lon, k.lat) for k in _read_kecamatan()]
    land = _Landscape(outline, rivers, gambut, _park(outline), towns)
    loss, cover = _tree_cover_loss(_land_cover(land), _burn([land.park]))
    layers = {
        "tutupan_lahan": _write_raster(out / "tutupan_lahan.tif", cover, "Tutupan lahan (KLHK)"),
        "kehilangan_tutupan_pohon": _write_raster(
            out / "kehilangan_tutupan_pohon.tif", loss, "Tahun kehilangan tutupan pohon (1=2001)"
        ),
        "kawasan_hutan": _write_gpkg(out / "kawasan_hutan.gpkg",
                                     {"kawasan_hutan": _kawasan_hutan(outline, rivers)}),
        "gambut": _write_gpkg(out / "gambut.gpkg", {"gambut": gambut}),
        "hotspot": _write_text(out / "hotspot.csv", _hotspots(cover).to_csv(index=False)),
    }
    boundaries = _write_gpkg(out / "boundaries.gpkg", {
        "kabupaten": bounds.kabupaten, "kecamatan": bounds.kecamatan, "desa": bounds.desa,
    })
    committed = SAMPLE_SOURCE / WORKBOOK_NAME
    workbook = out / WORKBOOK_NAME
    if committed.exists():
        _atomic(workbook, lambda tmp: shutil.copyfile(committed, tmp))
    else:
        build_workbook(workbook)
    return SamplePaths(
        folder=out, boundaries=boundaries, workbook=workbook,
        areas=_write_areas(out / "areas", bounds), layers=layers,
        rivers=_write_gpkg(out / "sungai.gpkg", {"sungai": rivers}),
        readme=_write_text(out / "README.md", _README),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``workbook`` rebuilds the committed xlsx, ``write DIR`` the sample."""
    parser = argparse.ArgumentParser(prog="python -m landscape.sample", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("workbook", help=f"rebuild layers/sample/{WORKBOOK_NAME} from its CSVs")
    write = commands.add_parser("write", help="write the whole illustrative sample")
    write.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.command == "workbook":
        print(build_workbook(SAMPLE_SOURCE / WORKBOOK_NAME))  # noqa: T201
    else:
        print(write_sample(args.folder).folder)  # noqa: T201
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
