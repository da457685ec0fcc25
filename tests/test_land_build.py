"""Land status through the whole build: `--layer`, map definitions, overlays, the demo.

The land-cover layer is generated here (squares of known classes over the real
Sintang desa, in UTM 49N); expected hectares come from a plain geopandas
overlay in EPSG:6933.
"""

from __future__ import annotations

import io
import json
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
from affine import Affine
from click.testing import CliRunner
from rasterio.errors import NotGeoreferencedWarning
from rasterio.warp import Resampling, reproject
from shapely.geometry import box

from landscape.catalogue import LayerSource, load_catalogue
from landscape.cli import main
from landscape.read.layers import read_layer
from landscape.render.atlas.overlays import raster_overlay

EA = "EPSG:6933"
CLASSES = ("2001", "2002", "2007", "2010", "1007")


def _land_cover(path: Path) -> gpd.GeoDataFrame:
    """A 10 km grid of land-cover squares over Sintang, classes cycling, in UTM 49N."""
    rng = np.random.default_rng(7)
    cells = [box(x, y, x + 10_000, y + 10_000)
             for x in range(460_000, 780_000, 10_000) for y in range(-90_000, 130_000, 10_000)]
    codes = rng.choice(["2001", "2002", "2007", "2010", "5001"], size=len(cells))
    frame = gpd.GeoDataFrame({"PL22_ID": codes.astype(int)}, geometry=cells, crs="EPSG:32649")
    frame.to_file(path, driver="GPKG")
    return frame


@pytest.fixture(scope="module")
def land_build(admin_gpkg: Path, sample_dir: Path,
               tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, gpd.GeoDataFrame]:
    folder = tmp_path_factory.mktemp("land")
    cover = _land_cover(folder / "pl.gpkg")
    definition = folder / "sintang.toml"
    definition.write_text(
        f'boundaries = "{admin_gpkg}"\nplan = "{sample_dir / "rencana-aksi.xlsx"}"\n'
        f'areas = ["{sample_dir / "areas"}/*.kml"]\nkabupaten = "61.05"\nout = "out"\n'
        '[layers]\ntutupan_lahan = "pl.gpkg"\n')
    result = CliRunner().invoke(main, ["build", "--map", str(definition), "--lang", "en"])
    assert result.exit_code == 0, result.output
    return folder / "out", cover


def test_desa_hectares_match_independent_overlay(land_build: tuple[Path, gpd.GeoDataFrame],
                                                 admin_gpkg: Path) -> None:
    out, cover = land_build
    desa = gpd.read_file(admin_gpkg, layer="desa")
    desa = desa[desa["kode"].str.startswith("61.05.")].to_crs(EA)
    pieces = gpd.overlay(desa[["kode", "geometry"]], cover.to_crs(EA), how="intersection")
    pieces["ha"] = pieces.area / 10_000
    expected = pieces.groupby(["kode", "PL22_ID"])["ha"].sum()
    got = pd.read_csv(out / "land-status-desa.csv", dtype={"desa_code": str, "class_code": str})
    got = got[~got["class_code"].str.startswith("group:")]
    got = got.set_index(["desa_code", got["class_code"].astype(int)])["area_ha"]
    assert len(expected) > 400  # every desa meets at least one square
    assert len(got) == len(expected)
    for key, hectares in expected.items():
        assert got[key] == pytest.approx(hectares, rel=1e-6)


def test_kabupaten_total_counts_overlapping_desa_once(
        land_build: tuple[Path, gpd.GeoDataFrame], admin_gpkg: Path) -> None:
    out, cover = land_build
    desa = gpd.read_file(admin_gpkg, layer="desa")
    union = desa[desa["kode"].str.startswith("61.05.")].to_crs(EA).union_all()
    layer = cover.to_crs(EA)
    forest = layer[layer["PL22_ID"] == 2001].union_all().intersection(union).area / 10_000
    total = pd.read_csv(out / "land-status-kabupaten.csv", dtype={"class_code": str})
    row = total[total["class_code"] == "2001"]
    assert row["area_ha"].iloc[0] == pytest.approx(forest, rel=1e-6)
    by_desa = pd.read_csv(out / "land-status-desa.csv", dtype={"class_code": str})
    assert by_desa.loc[by_desa["class_code"] == "2001", "area_ha"].sum() > forest


def test_activity_land_status_and_atlas(land_build: tuple[Path, gpd.GeoDataFrame],
                                        sample_dir: Path) -> None:
    out, cover = land_build
    acts = pd.read_csv(out / "land-status-activities.csv", dtype={"class_code": str})
    kml = sample_dir / "areas" / "yayasan-rimba-kapuas.kml"
    parts = [gpd.read_file(kml, layer=name) for name in
             ("Perhutanan Sosial dan Hutan Adat", "Restorasi dan Agroforestri")]
    yrk = pd.concat(parts, ignore_index=True)
    polygon = yrk.loc[yrk["id"] == "YRK-HD-03"].to_crs(EA).union_all()
    layer = cover.to_crs(EA)
    expected = {str(code): polygon.intersection(g.union_all()).area / 10_000
                for code, g in layer.groupby("PL22_ID")}
    rows = acts[(acts["activity_id"] == "KM-005") & ~acts["class_code"].str.startswith("group:")]
    assert dict(zip(rows["class_code"], rows["area_ha"], strict=True)) == pytest.approx(
        {k: v for k, v in expected.items() if v > 0}, rel=1e-6)
    html = (out / "atlas.html").read_text()
    assert "Land cover (KLHK)" in html
    gaps = pd.read_csv(out / "gaps.csv")
    assert set(gaps.columns) >= {"level", "code", "priority", "value", "n_activities", "rank"}


def test_unknown_layer_id_is_one_sentence(admin_gpkg: Path, sample_dir: Path,
                                          tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [
        "build", "--boundaries", str(admin_gpkg), "--plan", str(sample_dir / "rencana-aksi.xlsx"),
        "--layer", "landcover=x.tif", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
    assert "tutupan_lahan" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_raster_overlay_colours_the_classes(tmp_path: Path) -> None:
    data = np.array([[2001, 2001, 0], [2010, 5001, 0]], dtype="int32")
    path = tmp_path / "pl.tif"
    with rasterio.open(path, "w", driver="GTiff", width=3, height=2, count=1, dtype="int32",
                       crs="EPSG:4326", transform=Affine(0.1, 0, 111.0, 0, -0.1, 0.5),
                       nodata=0) as dst:
        dst.write(data, 1)
    layer = load_catalogue()["tutupan_lahan"]
    overlay = raster_overlay(read_layer(LayerSource(layer, path)))
    assert overlay.bounds == pytest.approx((111.0, 0.3, 111.3, 0.5))
    assert [label for _, label in overlay.legend] == [
        layer.label(c) for c in ("2001", "2010", "5001")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with rasterio.open(io.BytesIO(overlay.png)) as png:
            rgba = png.read()
    colour = layer.classes["2001"].colour.lstrip("#")
    assert tuple(rgba[:3, 0, 0]) == tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))
    assert rgba[3, 0, 2] == 0  # nodata is transparent
    assert rgba[3, 1, 1] == 255


def test_a_raster_far_finer_than_the_picture_gives_the_picture_of_a_full_warp(
        tmp_path: Path) -> None:
    """A 6,000 x 4,480 pixel UTM raster (patches of 40 pixels) is read at twice the picture's
    resolution before warping; the picture is compared with a plain full-resolution warp."""
    rng = np.random.default_rng(5)
    codes = np.array([2001, 2002, 2007, 2010, 5001, 0], dtype="uint16")
    patches = rng.integers(0, len(codes), size=(4480 // 40, 6000 // 40))
    data = codes[np.repeat(np.repeat(patches, 40, axis=0), 40, axis=1)]
    path = tmp_path / "pl.tif"
    transform = Affine(30, 0, 500_000, 0, -30, 60_000)
    with rasterio.open(path, "w", driver="GTiff", width=6000, height=4480, count=1,
                       dtype="uint16", crs="EPSG:32649", transform=transform, nodata=0,
                       tiled=True, compress="deflate") as dst:
        dst.write(data, 1)
    layer = load_catalogue()["tutupan_lahan"]
    overlay = raster_overlay(read_layer(LayerSource(layer, path)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with rasterio.open(io.BytesIO(overlay.png)) as png:
            rgba = png.read()
    height, width = rgba.shape[1:]
    assert max(height, width) == 1600
    west, south, east, north = overlay.bounds
    full = np.zeros((height, width), dtype="uint16")
    reproject(data, full, src_transform=transform, src_crs="EPSG:32649", src_nodata=0,
              dst_transform=Affine((east - west) / width, 0, west, 0, (south - north) / height,
                                   north),
              dst_crs="EPSG:4326", dst_nodata=0, resampling=Resampling.nearest)
    colours = {int(c): layer.classes[str(c)].colour.lstrip("#") for c in codes if c}
    expected = np.zeros((3, height, width), dtype="uint8")
    for code, colour in colours.items():
        for band, i in enumerate((0, 2, 4)):
            expected[band][full == code] = int(colour[i:i + 2], 16)
    same = (rgba[:3] == expected).all(axis=0) & ((rgba[3] == 255) == (full != 0))
    assert same.mean() > 0.95  # pixels differ only along patch edges (another sample phase)
    for code, colour in colours.items():  # each class covers the same share of the picture
        drawn = (rgba[:3] == np.array([int(colour[i:i + 2], 16) for i in (0, 2, 4)],
                                      dtype="uint8")[:, None, None]).all(axis=0)
        assert drawn.mean() == pytest.approx((full == code).mean(), abs=0.01)


def test_demo_builds_offline_with_illustrative_layers(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "atlas.html").read_text()
    assert "Batas wilayah ilustratif" in html
    problems = json.loads((tmp_path / "validation.json").read_text())
    assert problems, "the demo workbook has deliberate irregularities that must be reported"
    assert "budget 1.00 MB" in result.output
    gaps = gpd.read_file(tmp_path / "results.gpkg", layer="gaps")
    assert len(gaps) == len(pd.read_csv(tmp_path / "gaps.csv"))
    assert gaps.geometry.notna().all()
    assert (gaps["n_activities"] == 0).all()
    layers = set(pd.read_csv(tmp_path / "land-status-kecamatan.csv")["layer"])
    assert {"tutupan_lahan", "kawasan_hutan", "gambut", "hotspot",
            "kehilangan_tutupan_pohon"} <= layers


@pytest.mark.parametrize("case", ["out-is-a-file", "map-wrong-type", "plan-is-a-folder"])
def test_more_user_mistakes_are_one_sentence(case: str, tmp_path: Path,
                                             admin_gpkg: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder")
    definition = tmp_path / "map.toml"
    definition.write_text('plan = 3\nareas = "x.kml"\n')
    args = {
        "out-is-a-file": ["build", "--boundaries", "b.gpkg", "--plan", "p.xlsx", "--out",
                          str(blocker / "sub")],
        "map-wrong-type": ["build", "--map", str(definition)],
        "plan-is-a-folder": ["build", "--boundaries", str(admin_gpkg), "--plan", str(tmp_path),
                             "--out", str(tmp_path / "o")],
    }[case]
    if case == "out-is-a-file":  # the build itself must get as far as writing
        args = ["demo", "--out", str(blocker / "sub")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ")
    assert {"out-is-a-file": "taken", "map-wrong-type": "plan must be a text",
            "plan-is-a-folder": "is a folder"}[case] in lines[0]


def test_no_share_exceeds_one_on_the_real_sample_with_the_demo_layers(
        admin_gpkg: Path, sample_dir: Path, tmp_path: Path) -> None:
    """Raster shares divide by the unit's pixels: a thin desa holds more centres than area."""
    from landscape.sample.generate import write_sample  # noqa: PLC0415

    paths = write_sample(tmp_path / "sample")
    args = ["build", "--boundaries", str(admin_gpkg), "--plan",
            str(sample_dir / "rencana-aksi.xlsx"), "--kabupaten", "61.05",
            "--out", str(tmp_path / "out")]
    for layer_id, path in paths.layers.items():
        args += ["--layer", f"{layer_id}={path}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    checked = 0
    for csv in sorted((tmp_path / "out").glob("*.csv")):
        table = pd.read_csv(csv)
        for column in [c for c in table.columns if "share" in c and not c.endswith("_idr")]:
            values = table[column].dropna()
            assert (values <= 1.0).all(), (csv.name, column, values.max())
            checked += len(values)
    assert checked > 1000
    in_gpkg = gpd.read_file(tmp_path / "out" / "results.gpkg", layer="gaps")
    assert (in_gpkg["share_of_unit"].dropna() <= 1.0).all()
    gaps = pd.read_csv(tmp_path / "out" / "gaps.csv")
    assert {"hutan_alam_apl", "gambut", "kehilangan_tutupan_pohon"} <= set(gaps["priority"])
