"""Schematic vector layers of the sample: rivers, peat units (KHG), forest estate, national park.

Every layer has its own fixed seed and is clipped to the generated kabupaten outline, so
the output depends only on the outline. :mod:`landscape.sample.layers` draws the rasters
and hotspots from them and writes every layer.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import shapely
import shapely.affinity
from shapely.geometry import Point, Polygon
from shapely.ops import substring

from landscape.sample.geometry import GRID, parts_of, random_points_in, voronoi_cells, wobble

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

__all__ = [
    "FOREST_FUNCTIONS",
    "PARK_NAME",
    "TOWN",
    "draw_forest_estate",
    "draw_park",
    "draw_peat",
    "draw_rivers",
    "meander",
]

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


def meander(points: list[tuple[float, float]], *, seed: int) -> np.ndarray:
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


def draw_rivers(outline: BaseGeometry) -> gpd.GeoDataFrame:
    """Return the schematic Kapuas, Melawi and Ketungau (field ``nama``), clipped to ``outline``.

    Lines in EPSG:4326, seeded meanders on the grid of :data:`GRID`.
    """
    names, geoms = [], []
    for index, (name, points) in enumerate(_RIVERS.items()):
        course = shapely.LineString(meander(points, seed=100 + index)).simplify(0.001)
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
    merged = max(parts_of(shapely.line_merge(river)), key=lambda g: g.length)
    assert isinstance(merged, shapely.LineString)
    a, b = sorted(shapely.line_locate_point(merged, [Point(start), Point(end)]))
    return substring(merged, a, b)


def draw_peat(rivers: gpd.GeoDataFrame, outline: BaseGeometry) -> gpd.GeoDataFrame:
    """Return peat units (KHG) along the rivers: a protected core in a cultivation ring.

    ``rivers`` is :func:`draw_rivers`'s frame; polygons in EPSG:4326 with fields
    ``kode``, ``nama``, ``fungsi_eg`` (``FLEG``/``FBEG``) and ``keterangan``.
    """
    courses = dict(zip(rivers["nama"], rivers.geometry, strict=True))
    rows: list[dict[str, object]] = []
    for index, (name, river, start, end, width) in enumerate(_PEAT, start=1):
        section = _section(courses[river], start, end)
        whole = wobble(section.buffer(width, 8), amplitude=width / 3, seed=200 + index,
                        harmonics=(3, 5, 9, 14))
        core = wobble(section.buffer(width * 0.45, 8), amplitude=width / 6, seed=300 + index,
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


def draw_park(outline: BaseGeometry) -> BaseGeometry:
    """Return a schematic national-park block on the southern edge of Serawai and Ambalau."""
    ellipse = shapely.affinity.scale(Point(112.80, -0.63).buffer(1.0, 16), 0.32, 0.17)
    return wobble(ellipse, amplitude=0.02, seed=400, harmonics=(4, 7, 11)).intersection(outline)


def _function_at(point: Point, rivers: BaseGeometry, rng: np.random.Generator) -> int:
    if point.distance(rivers) < 0.06 or point.distance(TOWN) < 0.12:
        return 1007
    if point.y > 0.72 and point.x < 111.35:
        return 1001
    if point.x > 112.4:
        return int(rng.choice([1004, 1004, 1003, 1001]))
    return int(rng.choice([1003, 1004, 1005, 1007, 1007]))


def draw_forest_estate(outline: BaseGeometry, rivers: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return forest-estate function polygons tiling the kabupaten (schematic).

    Polygons in EPSG:4326 with fields ``fungsi`` (a :data:`FOREST_FUNCTIONS` code),
    ``singkatan`` and ``keterangan``; the national park (:func:`draw_park`) is ``1002``.
    """
    rng = np.random.default_rng(500)
    assert isinstance(outline, Polygon)
    seeds = random_points_in(outline, 48, rng)
    park = draw_park(outline)
    river_lines = shapely.union_all(rivers.geometry.to_numpy())
    by_code: dict[int, list[BaseGeometry]] = {1002: [park]}
    for seed, cell in zip(seeds, voronoi_cells(seeds, outline), strict=True):
        code = _function_at(Point(seed), river_lines, rng)
        by_code.setdefault(code, []).append(cell.difference(park))
    rows = [
        {"fungsi": code, "singkatan": FOREST_FUNCTIONS[code][0],
         "keterangan": PARK_NAME if code == 1002 else FOREST_FUNCTIONS[code][1],
         "geometry": shapely.set_precision(shapely.union_all(parts).simplify(0.002), GRID)}
        for code, parts in sorted(by_code.items())
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
