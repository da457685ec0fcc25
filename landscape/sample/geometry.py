"""Schematic geometry of the sample: the kabupaten, its kecamatan and desa.

The outline is a smooth blob of about the kabupaten's real area around the real
interior points of the kecamatan; the kecamatan are a power diagram of those points
(areas roughly proportional to the real ones), the desa Voronoi cells of seeded points
in each kecamatan, and all three levels tile each other exactly on a fixed grid.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box

if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from shapely.geometry.base import BaseGeometry

EXTENT = (110.76, -0.70, 113.44, 1.09)
"""Kabupaten extent (west, south, east, north) in degrees, from DESIGN.md."""

KABUPATEN_CODE = "61.05"
KABUPATEN_NAME = "Sintang"
KABUPATEN_KM2 = 21_600.0
KM_PER_DEGREE = 111.32
GRID = 1e-6
"""Coordinate grid (degrees, about 0.1 m) every boundary vertex is snapped to."""


@dataclass(frozen=True, slots=True)
class Kecamatan:
    """A row of ``kecamatan.csv``: code, name, an interior point and the real area."""

    code: str
    name: str
    lat: float
    lon: float
    km2: float


def read_kecamatan(source: Path) -> list[Kecamatan]:
    """Return the kecamatan listed in ``source / "kecamatan.csv"``, in file order."""
    table = pd.read_csv(source / "kecamatan.csv", dtype={"code": str, "name": str})
    return [
        Kecamatan(str(code), str(name), float(lat), float(lon), float(km2))
        for code, name, lat, lon, km2 in table[["code", "name", "lat", "lon", "km2"]].to_numpy()
    ]


def _km2(geom: BaseGeometry) -> float:
    """Approximate area in km² of a geometry in degrees near the equator."""
    return float(shapely.area(geom)) * KM_PER_DEGREE**2


def _outline_for(kecamatan: list[Kecamatan], scale: float) -> Polygon:
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


def _outline(kecamatan: list[Kecamatan]) -> Polygon:
    """Return a smooth schematic kabupaten outline of about KABUPATEN_KM2."""
    low, high = 0.3, 1.5
    for _ in range(30):
        mid = (low + high) / 2
        if _km2(_outline_for(kecamatan, mid)) < KABUPATEN_KM2:
            low = mid
        else:
            high = mid
    outline = wobble(_outline_for(kecamatan, (low + high) / 2)).intersection(box(*EXTENT))
    snapped = shapely.set_precision(outline.simplify(0.003), GRID)
    assert isinstance(snapped, Polygon)
    return snapped


def wobble(
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


def _kecamatan_cells(kecamatan: list[Kecamatan], outline: Polygon) -> list[Polygon]:
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


def _read_desa(source: Path) -> pd.DataFrame:
    return pd.read_csv(source / "desa.csv", dtype=str)


def random_points_in(region: Polygon, count: int, rng: np.random.Generator) -> np.ndarray:
    """Return ``count`` uniform random points in ``region``, about 1 km inside its edge."""
    west, south, east, north = region.bounds
    inside = region.buffer(-0.01) if region.buffer(-0.01).area > 0 else region
    points: list[tuple[float, float]] = []
    while len(points) < count:
        x, y = rng.uniform(west, east), rng.uniform(south, north)
        if inside.contains(Point(x, y)):
            points.append((x, y))
    return np.array(points, dtype=float)


def voronoi_cells(seeds: np.ndarray, region: Polygon) -> list[BaseGeometry]:
    """Return the Voronoi cells of ``seeds`` (in seed order) clipped to ``region``."""
    diagram = shapely.voronoi_polygons(
        shapely.multipoints(seeds), extend_to=region.envelope.buffer(0.5), ordered=True
    )
    assert isinstance(diagram, shapely.GeometryCollection)
    return [cell.intersection(region) for cell in parts_of(diagram)]


def _desa_seeds(region: Polygon, count: int, *, seed: int) -> np.ndarray:
    """Return ``count`` well-spread seeded points in ``region`` (three Lloyd steps)."""
    seeds = random_points_in(region, count, np.random.default_rng(seed))
    for _ in range(3):
        cells = voronoi_cells(seeds, region)
        seeds = np.array([[c.centroid.x, c.centroid.y] for c in cells])
    return seeds


def _faces(cells: list[BaseGeometry]) -> list[Polygon]:
    """Return the faces of the noded boundaries of ``cells`` (an exact coverage)."""
    lines = shapely.union_all([c.boundary for c in cells], grid_size=GRID)
    return [p for p in parts_of(shapely.polygonize(parts_of(lines))) if isinstance(p, Polygon)]


def parts_of(geom: BaseGeometry) -> list[BaseGeometry]:
    """Return the members of a multi-part geometry or collection, or the geometry itself."""
    return list(getattr(geom, "geoms", [geom]))


@dataclass(frozen=True)
class Boundaries:
    """The generated kabupaten, kecamatan and desa (fields ``kode``, ``nama``; EPSG:4326)."""

    kabupaten: gpd.GeoDataFrame
    kecamatan: gpd.GeoDataFrame
    desa: gpd.GeoDataFrame
    centres: dict[str, Point]
    """A point well inside each desa, by desa code (the desa's Voronoi seed)."""


def _frame(codes: list[str], names: list[str], geoms: Sequence[BaseGeometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"kode": codes, "nama": names}, geometry=geoms, crs="EPSG:4326")


def build_boundaries(source: Path) -> Boundaries:
    """Generate kabupaten, kecamatan and desa that tile each other exactly."""
    kecamatan = read_kecamatan(source)
    desa = _read_desa(source)
    outline = _outline(kecamatan)
    kec_cells = [shapely.set_precision(c, GRID) for c in _kecamatan_cells(kecamatan, outline)]
    seeds: dict[str, np.ndarray] = {}
    desa_cells: list[BaseGeometry] = []
    for k, cell in zip(kecamatan, kec_cells, strict=True):
        count = int((desa["kecamatan"] == k.code).sum())
        seeds[k.code] = _desa_seeds(cell, count, seed=int(k.code.replace(".", "")))
        desa_cells.extend(voronoi_cells(seeds[k.code], cell))
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
    return Boundaries(
        kabupaten=_frame(
            [KABUPATEN_CODE], [KABUPATEN_NAME], [shapely.coverage_union_all(kec_geoms)]
        ),
        kecamatan=_frame([k.code for k in kecamatan], [k.name for k in kecamatan], kec_geoms),
        desa=_frame(list(desa["code"]), list(desa["name"]), desa_geoms),
        centres=centres,
    )
