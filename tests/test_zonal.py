"""Categorical zonal counts: hand counts, rasterstats' counts, equal-area hectares."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
import shapely
from rasterstats import zonal_stats
from shapely.geometry import MultiPolygon, Polygon, box

from landscape.analyse.zonal import class_areas, zonal_counts
from landscape.errors import InputError, InputFileError
from landscape.settings import EQUAL_AREA_CRS

UTM = "EPSG:32649"
WGS84 = "EPSG:4326"


def from_origin(west: float, north: float, xsize: float, ysize: float) -> rasterio.Affine:
    return rasterio.Affine(xsize, 0.0, west, 0.0, -ysize, north)


def write_raster(
    path: Path,
    values: np.ndarray,
    *,
    transform: rasterio.Affine,
    crs: str = UTM,
    nodata: float | None = 0,
    block: int = 16,
) -> Path:
    height, width = values.shape
    tiled = height >= block and width >= block
    profile = {
        "driver": "GTiff", "width": width, "height": height, "count": 1, "crs": crs,
        "dtype": values.dtype.name, "transform": transform, "nodata": nodata,
        "compress": "deflate",
    }
    if tiled:
        profile |= {"tiled": True, "blockxsize": block, "blockysize": block}
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(values, 1)
    return path


def rasterstats_counts(raster: Path, zones: gpd.GeoDataFrame) -> pd.DataFrame:
    """Long frame of rasterstats' centre-of-pixel counts, in the layout of zonal_counts."""
    with warnings.catch_warnings():  # rasterstats still uses affine's `*` (deprecated in 3.1)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        stats = zonal_stats(zones, str(raster), categorical=True)
    rows = [
        (label, int(value), int(count))
        for label, found in zip(zones.index, stats, strict=True)
        for value, count in found.items()
    ]
    frame = pd.DataFrame(rows, columns=["zone", "value", "count"])
    return frame.sort_values(["zone", "value"]).reset_index(drop=True)


def counts_only(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[["zone", "value", "count"]].astype({"value": "int64", "count": "int64"})
    return out.sort_values(["zone", "value"]).reset_index(drop=True)


def star(rng: np.random.Generator, centre: tuple[float, float], radius: float) -> Polygon:
    n = int(rng.integers(4, 14))
    angles = np.sort(rng.uniform(0, 2 * np.pi, n))
    radii = rng.uniform(0.3, 1.0, n) * radius
    return Polygon(
        np.column_stack([centre[0] + radii * np.cos(angles), centre[1] + radii * np.sin(angles)])
    )


def random_zones(
    rng: np.random.Generator, bounds: tuple[float, float, float, float], n: int, crs: str
) -> gpd.GeoDataFrame:
    """Random zones over ``bounds``: overlapping stars, some with holes, some multipart."""
    west, south, east, north = bounds
    size = min(east - west, north - south)
    zones = []
    for _ in range(n):
        centre = (rng.uniform(west, east), rng.uniform(south, north))
        shape = star(rng, centre, rng.uniform(0.05, 0.3) * size)
        if rng.random() < 0.3:
            hole = shape.centroid.buffer(0.05 * size, quad_segs=3)
            if shape.contains(hole):
                shape = Polygon(shape.exterior, [hole.exterior])
        if rng.random() < 0.3:
            other = star(rng, (rng.uniform(west, east), rng.uniform(south, north)), 0.1 * size)
            shape = MultiPolygon([shape, other])
        zones.append(shape)
    return gpd.GeoDataFrame({"name": [f"z{i}" for i in range(n)]}, geometry=zones, crs=crs)


def patchy(rng: np.random.Generator, shape: tuple[int, int], codes: list[int]) -> np.ndarray:
    """Blocky classes with some speckle, like a land-cover map."""
    coarse = rng.integers(0, len(codes), (shape[0] // 4 + 1, shape[1] // 4 + 1))
    index = np.kron(coarse, np.ones((4, 4), dtype=int))[: shape[0], : shape[1]]
    speckle = rng.random(shape) < 0.1
    index[speckle] = rng.integers(0, len(codes), int(speckle.sum()))
    return np.asarray(codes)[index]


# --- hand counts ----------------------------------------------------------------------------


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """10 x 10 pixels of 30 m; class 1 in columns 0-4, class 2 in 5-9; row 9 is nodata."""
    values = np.where(np.arange(10) < 5, 1, 2)[None, :].repeat(10, axis=0).astype("uint8")
    values[9] = 255
    return write_raster(
        tmp_path / "small.tif", values, transform=from_origin(0, 300, 30, 30), nodata=255
    )


def pixel_box(col0: float, row0: float, col1: float, row1: float) -> Polygon:
    """A box given in pixel coordinates of the small raster (origin 0, 300; 30 m pixels)."""
    return box(col0 * 30, 300 - row1 * 30, col1 * 30, 300 - row0 * 30)


def test_hand_counted_box_triangle_and_nodata(small: Path) -> None:
    triangle = Polygon([(0, 300), (4.2 * 30, 300), (0, 300 - 4.2 * 30)])
    zones = gpd.GeoDataFrame(
        {"id": ["box", "triangle", "bottom"]},
        geometry=[pixel_box(2, 3, 7, 6), triangle, pixel_box(0, 8, 10, 10)],
        crs=UTM,
    ).set_index("id")
    got = zonal_counts(small, zones)
    # box: columns 2-6, rows 3-5 -> class 1 in columns 2-4 (9 pixels), class 2 in 5-6 (6).
    # triangle: centres (c + .5, r + .5) with c + r + 1 < 4.2, i.e. c + r <= 3: 10 pixels,
    # of which columns 0-3 only, all class 1.
    # bottom: rows 8-9, row 9 is nodata -> 5 + 5 pixels of row 8.
    expected = pd.DataFrame(
        {
            "zone": ["box", "box", "triangle", "bottom", "bottom"],
            "value": [1, 2, 1, 1, 2],
            "count": [9, 6, 10, 5, 5],
        }
    )
    pd.testing.assert_frame_equal(counts_only(got), counts_only(expected))
    assert np.allclose(got["area_ha"], got["count"] * 0.09)
    assert list(got["zone"]) == ["box", "box", "triangle", "bottom", "bottom"]


def test_zone_outside_empty_and_missing_have_no_rows(small: Path) -> None:
    zones = gpd.GeoDataFrame(
        geometry=[pixel_box(2, 3, 7, 6), pixel_box(20, 20, 25, 25), Polygon(), None], crs=UTM
    )
    got = zonal_counts(small, zones)
    assert set(got["zone"]) == {0}
    assert got["count"].sum() == 15


def test_nodata_override_and_float_raster(tmp_path: Path) -> None:
    values = np.full((6, 6), 3.0, dtype="float32")
    values[0, :] = np.nan
    values[1, :] = 7.0
    path = write_raster(
        tmp_path / "f.tif", values, transform=from_origin(0, 180, 30, 30), nodata=None
    )
    zones = gpd.GeoDataFrame(geometry=[box(0, 0, 180, 180)], crs=UTM)
    got = zonal_counts(path, zones)
    assert dict(zip(got["value"], got["count"], strict=True)) == {3: 24, 7: 6}
    got = zonal_counts(path, zones, nodata=7)
    assert dict(zip(got["value"], got["count"], strict=True)) == {3: 24}


def test_an_integer_nodata_on_an_8_bit_raster(small: Path) -> None:
    """``nodata=2`` (a Python int) leaves class 2 out, as ``nodata=2.0`` does."""
    zones = gpd.GeoDataFrame(geometry=[pixel_box(2, 3, 7, 6)], crs=UTM)
    for nodata in (2, 2.0):
        got = zonal_counts(str(small), zones, nodata=nodata)
        assert dict(zip(got["value"], got["count"], strict=True)) == {1: 9}  # columns 2-4


def test_collections_of_polygons_count_as_multipolygons(small: Path) -> None:
    parts = [pixel_box(0, 0, 2, 2), pixel_box(1, 1, 3, 3), pixel_box(8, 0, 10, 1)]
    collection = shapely.GeometryCollection([parts[0], MultiPolygon(parts[1:])])
    zones = gpd.GeoDataFrame(geometry=[collection, MultiPolygon(parts)], crs=UTM)
    got = zonal_counts(small, zones)
    # Parts are united: 4 + 4 - 1 pixels of class 1, 2 of class 2.
    assert got.groupby("zone")["count"].sum().to_dict() == {0: 9, 1: 9}


def test_overlapping_zones_each_count_their_pixels(small: Path) -> None:
    zones = gpd.GeoDataFrame(
        geometry=[pixel_box(0, 0, 6, 4), pixel_box(4, 2, 10, 8), pixel_box(4, 2, 10, 8)],
        crs=UTM,
    )
    got = zonal_counts(small, zones).groupby("zone")["count"].sum()
    assert got.to_dict() == {0: 24, 1: 36, 2: 36}


def test_class_areas_labels_and_shares(small: Path) -> None:
    zones = gpd.GeoDataFrame(geometry=[pixel_box(2, 3, 7, 6)], crs=UTM)
    got = class_areas(small, zones, classes={1: "hutan"})
    assert list(got["class"].astype(object).fillna("?")) == ["hutan", "?"]
    assert got["share"].tolist() == pytest.approx([9 / 15, 6 / 15])
    assert class_areas(small, zones)["class"].tolist() == ["1", "2"]


# --- agreement with rasterstats -------------------------------------------------------------


@pytest.mark.parametrize(
    ("crs", "transform", "dtype", "codes"),
    [
        (UTM, from_origin(473130, 119970, 30, 30), "uint16", [2001, 2002, 20051, 5001, 0]),
        (WGS84, from_origin(111.2, 0.35, 0.00027, 0.00027), "int32", [2001, 20092, 2010, 0]),
        (UTM, from_origin(473130, 119970, 30, 30), "int8", [-3, 4, 5, 0]),
    ],
    ids=["utm-uint16", "geographic-int32", "utm-int8"],
)
def test_agrees_with_rasterstats_on_random_zones(
    tmp_path: Path, crs: str, transform: rasterio.Affine, dtype: str, codes: list[int]
) -> None:
    rng = np.random.default_rng(6105)
    values = patchy(rng, (150, 170), codes).astype(dtype)
    path = write_raster(tmp_path / "r.tif", values, transform=transform, crs=crs)
    west, north = transform.c, transform.f
    bounds = (west, north + 150 * transform.e, west + 170 * transform.a, north)
    zones = random_zones(rng, bounds, 40, crs)
    expected = rasterstats_counts(path, zones)
    got = zonal_counts(path, zones, window_size=32)
    pd.testing.assert_frame_equal(counts_only(got), expected)
    assert (got["count"] > 0).all()
    assert not (got["value"] == 0).any()


def test_agrees_with_rasterstats_when_vertices_sit_on_pixel_centres(tmp_path: Path) -> None:
    """Edges through pixel centres, horizontal edges on centre lines, both ring directions."""
    rng = np.random.default_rng(7)
    values = patchy(rng, (40, 40), [1, 2, 3])
    path = write_raster(
        tmp_path / "r.tif", values.astype("uint8"), transform=from_origin(0, 1200, 30, 30)
    )
    shapes = []
    for i in range(200):
        ring = np.round(rng.uniform(0, 80, (int(rng.integers(3, 9)), 2))) / 2 * 30  # half pixels
        ring[:, 1] += 0 if i % 3 else 15  # some edges on pixel edges, some on centre lines
        shape = Polygon(ring)  # often self-intersecting: GDAL fills it even-odd
        if shape.length > 0:
            shapes += [shape, Polygon(ring[::-1])]  # GDAL turns every ring clockwise first
    zones = gpd.GeoDataFrame(geometry=shapes, crs=UTM)
    pd.testing.assert_frame_equal(
        counts_only(zonal_counts(path, zones, window_size=16)), rasterstats_counts(path, zones)
    )


def test_windows_and_threads_do_not_change_the_counts(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    values = patchy(rng, (100, 90), [5, 6, 7, 0]).astype("uint16")
    transform = from_origin(500000, 10000, 30, 30)
    path = write_raster(tmp_path / "r.tif", values, transform=transform)
    zones = random_zones(rng, (500000, 7000, 502700, 10000), 25, UTM).to_crs(WGS84)
    whole = zonal_counts(path, zones, window_size=4096, threads=1)
    for window_size, threads in [(7, 1), (7, 3), (16, 2), (48, 2)]:
        pd.testing.assert_frame_equal(
            zonal_counts(path, zones, window_size=window_size, threads=threads), whole
        )


def test_vertices_on_pixel_centres_of_an_inexact_grid_count_alike_in_every_window(
        tmp_path: Path) -> None:
    """A 1-arc-second grid (1/3600 has no exact binary form): boxes and triangles whose
    vertices are the pixel centres as computed in floating point, so where a centre falls
    turns on the last bit. Every window size counts each zone as GDAL's rasterize does on
    the whole raster (one pass, the raster's own inverse geotransform)."""
    from rasterio.features import rasterize  # noqa: PLC0415

    height, width = 48, 64
    transform = from_origin(111.123456, 0.5432, 1 / 3600, 1 / 3600)
    path = write_raster(tmp_path / "r.tif", np.ones((height, width), dtype="uint8"),
                        transform=transform, crs=WGS84, block=16)
    rng = np.random.default_rng(5)

    def centre(col: float, row: float) -> tuple[float, float]:
        return transform * (col + 0.5, row + 0.5)  # type: ignore[no-any-return]

    shapes = []
    for _ in range(120):
        c0, r0 = (int(v) for v in rng.integers(0, [width - 3, height - 3]))
        c1, r1 = c0 + int(rng.integers(1, 4)), r0 + int(rng.integers(1, 4))
        shapes.append(Polygon([centre(c0, r0), centre(c1, r0), centre(c1, r1), centre(c0, r1)]))
        shapes.append(Polygon([centre(c0, r0), centre(c1, r1), centre(c0, r1)]))
    zones = gpd.GeoDataFrame(geometry=shapes, crs=WGS84)
    expected = [int(rasterize([shape], out_shape=(height, width), transform=transform,
                              fill=0, default_value=1, dtype="uint8").sum())
                for shape in shapes]
    assert sum(expected) > 0
    for window_size in (1, 3, 16, 32, 4096):
        got = zonal_counts(path, zones, window_size=window_size, threads=2)
        counted = got.groupby("zone")["count"].sum().reindex(zones.index, fill_value=0)
        assert counted.tolist() == expected, window_size


def test_classes_first_met_in_late_windows_on_several_threads(tmp_path: Path) -> None:
    """300 codes, most of them met only in the bottom rows: windows meet new classes while
    other threads count, and each window counted again once its new classes are numbered."""
    rng = np.random.default_rng(11)
    values = patchy(rng, (120, 100), [7, 0]).astype("uint16")
    values[90:, :] = rng.integers(1000, 1300, size=(30, 100))  # one new class per pixel, or so
    transform = from_origin(500000, 10000, 30, 30)
    path = write_raster(tmp_path / "r.tif", values, transform=transform)
    zones = random_zones(rng, (500000, 6400, 503000, 10000), 30, UTM)
    got = zonal_counts(path, zones, window_size=16, threads=3)
    pd.testing.assert_frame_equal(counts_only(got), rasterstats_counts(path, zones))
    assert got["value"].nunique() > 250


def test_real_sintang_desa_agree_with_rasterstats(tmp_path: Path, admin_gpkg: Path) -> None:
    desa = gpd.read_file(admin_gpkg, layer="desa")
    desa = desa[desa["kode"].str.startswith("61.05.")].set_index("kode")
    utm = desa.to_crs(UTM)
    west, south, east, north = utm.total_bounds
    res = 300.0
    shape = (int((north - south) // res) + 1, int((east - west) // res) + 1)
    rng = np.random.default_rng(61)
    values = patchy(rng, shape, [2001, 2002, 2005, 20051, 2010, 5001]).astype("uint16")
    path = write_raster(
        tmp_path / "sintang.tif", values, transform=from_origin(west, north, res, res), block=64
    )
    got = zonal_counts(path, desa, window_size=128)
    expected = rasterstats_counts(path, utm)
    assert expected["zone"].nunique() == 406
    pd.testing.assert_frame_equal(counts_only(got), expected)


# --- hectares -------------------------------------------------------------------------------


def test_geographic_area_matches_equal_area_pixel_polygons(tmp_path: Path) -> None:
    rng = np.random.default_rng(11)
    transform = from_origin(111.0, 1.0, 0.01, 0.01)
    values = patchy(rng, (60, 50), [1, 2, 3]).astype("uint8")
    path = write_raster(tmp_path / "g.tif", values, transform=transform, crs=WGS84)
    zones = random_zones(rng, (111.0, 0.4, 111.5, 1.0), 6, WGS84)
    got = zonal_counts(path, zones)
    # Independently: pixel centres inside each zone, pixel squares measured in EPSG:6933.
    rows, cols = np.mgrid[0:60, 0:50]
    lon, lat = 111.0 + (cols + 0.5) * 0.01, 1.0 - (rows + 0.5) * 0.01
    centres = shapely.points(lon.ravel(), lat.ravel())
    x, y = lon.ravel(), lat.ravel()
    squares = gpd.GeoSeries(shapely.box(x - 0.005, y - 0.005, x + 0.005, y + 0.005), crs=WGS84)
    hectares = squares.to_crs(EQUAL_AREA_CRS).area.to_numpy() / 10_000
    expected = []
    for label, zone in zones.geometry.items():
        inside = shapely.contains(zone, centres)
        for value in np.unique(values.ravel()[inside]):
            pick = inside & (values.ravel() == value)
            expected.append((label, int(value), int(pick.sum()), hectares[pick].sum()))
    frame = pd.DataFrame(expected, columns=["zone", "value", "count", "area_ha"])
    frame = frame.sort_values(["zone", "value"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(counts_only(got), counts_only(frame))
    assert got["area_ha"].to_numpy() == pytest.approx(frame["area_ha"].to_numpy(), rel=1e-9)
    # A pixel of 0.01 degree near the equator is about 1.11 km by 1.11 km.
    assert 122 < hectares.min() < hectares.max() < 124


def test_projected_area_uses_the_crs_unit(tmp_path: Path) -> None:
    values = np.ones((4, 4), dtype="uint8")
    path = write_raster(
        tmp_path / "ft.tif", values, transform=from_origin(0, 400, 100, 100), crs="EPSG:2263"
    )
    got = zonal_counts(path, gpd.GeoDataFrame(geometry=[box(0, 0, 400, 400)], crs="EPSG:2263"))
    square_metres = (100 * 1200 / 3937) ** 2  # US survey feet
    assert got["area_ha"].iloc[0] == pytest.approx(16 * square_metres / 10_000)


# --- mistakes -------------------------------------------------------------------------------


def test_mistakes_are_named(small: Path, tmp_path: Path) -> None:
    good = gpd.GeoDataFrame(geometry=[pixel_box(0, 0, 2, 2)], crs=UTM)
    with pytest.raises(InputFileError, match=r"missing\.tif"):
        zonal_counts(tmp_path / "missing.tif", good)
    with pytest.raises(InputError, match="band 2"):
        zonal_counts(small, good, band=2)
    with pytest.raises(InputError, match="no CRS"):
        zonal_counts(small, gpd.GeoDataFrame(geometry=[pixel_box(0, 0, 2, 2)]))
    lines = gpd.GeoDataFrame(
        {"id": ["ok", "road"]},
        geometry=[pixel_box(0, 0, 2, 2), shapely.LineString([(0, 0), (90, 90)])],
        crs=UTM,
    ).set_index("id")
    with pytest.raises(InputError, match="'road' is or holds a LineString"):
        zonal_counts(small, lines)
    nowhere = gpd.GeoDataFrame(geometry=[Polygon([(0, 0), (np.inf, 0), (0, 90)])], crs=UTM)
    with pytest.raises(InputError, match="Zone 0 has coordinates that are not finite"):
        zonal_counts(small, nowhere)
    with pytest.raises(InputError, match="repeats labels"):
        zonal_counts(small, pd.concat([good, good]))
    with pytest.raises(InputError, match="threads"):
        zonal_counts(small, good, threads=0)


def test_non_integer_values_are_refused(tmp_path: Path) -> None:
    values = np.full((4, 4), 1.5, dtype="float32")
    path = write_raster(tmp_path / "c.tif", values, transform=from_origin(0, 120, 30, 30))
    with pytest.raises(InputError, match=r"c\.tif holds the value 1\.5"):
        zonal_counts(path, gpd.GeoDataFrame(geometry=[box(0, 0, 120, 120)], crs=UTM))
