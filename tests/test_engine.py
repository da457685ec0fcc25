"""Engines: the Dask engine gives every table of a build exactly as the local one does."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner
from shapely.geometry import box

from landscape.analyse._overlay import united_pieces
from landscape.analyse.engine import DaskEngine, open_engine
from landscape.cli import main
from landscape.errors import InputError

EA = "EPSG:6933"


def _build(args: list[str], out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(main, [*args, "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out


def _gpkg_layers(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT table_name FROM gpkg_contents")]


@pytest.mark.slow
def test_dask_engine_writes_every_table_as_the_local_engine(
        admin_gpkg: Path, sample_dir: Path, tmp_path: Path) -> None:
    """The real Sintang sample with the demo's layers (rasters, polygons, points)."""
    from landscape.sample.generate import write_sample  # noqa: PLC0415

    paths = write_sample(tmp_path / "sample")
    areas = [str(path) for path in sorted((sample_dir / "areas").iterdir())]
    args = ["build", "--boundaries", str(admin_gpkg), "--plan",
            str(sample_dir / "rencana-aksi.xlsx"), "--areas", *areas,
            "--kabupaten", "61.05", "--date", "2026-11-01"]
    for layer_id, path in sorted(paths.layers.items()):
        args += ["--layer", f"{layer_id}={path}"]
    local = _build(args, tmp_path / "local")
    dask = _build(args, tmp_path / "dask", "--engine", "dask")
    tables = sorted(p.name for p in local.glob("*.csv"))
    assert "land-status-desa.csv" in tables
    assert "gaps.csv" in tables
    assert tables == sorted(p.name for p in dask.glob("*.csv"))
    rows = 0
    for name in tables:
        assert (local / name).read_bytes() == (dask / name).read_bytes(), name
        rows += len(pd.read_csv(local / name))
    assert rows > 5_000  # the land-status tables of 406 desa and five layers
    assert json.loads((local / "validation.json").read_text()) == json.loads(
        (dask / "validation.json").read_text())
    layers = _gpkg_layers(local / "results.gpkg")
    assert "gaps" in layers
    assert layers == _gpkg_layers(dask / "results.gpkg")
    for layer in layers:
        ours = gpd.read_file(local / "results.gpkg", layer=layer)
        theirs = gpd.read_file(dask / "results.gpkg", layer=layer)
        if "geometry" not in ours.columns:  # layer_styles: a table without geometry
            pd.testing.assert_frame_equal(ours, theirs)
            continue
        pd.testing.assert_frame_equal(ours.drop(columns="geometry"),
                                      theirs.drop(columns="geometry"))
        assert shapely.equals_exact(ours.geometry.to_numpy(), theirs.geometry.to_numpy(),
                                    tolerance=0).all()


def _grid_units(n: int) -> gpd.GeoDataFrame:
    cells = [box(x * 1000.0, y * 1000.0, x * 1000.0 + 1000, y * 1000.0 + 1000)
             for y in range(n) for x in range(n)]
    codes = [f"u{i:03d}" for i in range(len(cells))]
    return gpd.GeoDataFrame(geometry=cells, index=pd.Index(codes, name="code"), crs=EA)


def test_dask_overlay_keeps_the_pieces_and_their_order() -> None:
    """Pieces of 36 squares cut by three overlapping discs, computed by hand below."""
    units = _grid_units(6)
    discs = [shapely.Point(2500, 2500).buffer(1800), shapely.Point(4000, 3000).buffer(1500),
             shapely.Point(1000, 5000).buffer(900)]
    features = gpd.GeoDataFrame({"class_code": ["a", "b", "a"]}, geometry=discs, crs=EA)
    sets = {"group:ab": ("a", "b")}
    with open_engine("dask") as engine:
        assert isinstance(engine, DaskEngine)
        engine.partitions = 5  # partitions that split the units unevenly
        found = engine.overlay(units, features, sets, every=True)
    expected = united_pieces(units, features, sets, every=True)
    pd.testing.assert_frame_equal(found[["code", "class_code"]], expected[["code", "class_code"]])
    assert shapely.equals_exact(np.asarray(found["geometry"]),
                                np.asarray(expected["geometry"]), tolerance=0).all()
    # independent check of one unit: u014 is the cell (2000..3000, 2000..3000), inside disc 1
    # and reached by disc 2; its "a" piece is the whole cell
    piece = found[(found["code"] == "u014") & (found["class_code"] == "a")]["geometry"].iloc[0]
    assert piece.area == pytest.approx(1_000_000.0)
    assert set(found.loc[found["code"] == "u014", "class_code"]) == {"a", "b", "group:ab", "*"}


def test_an_unknown_engine_is_one_sentence() -> None:
    with (pytest.raises(InputError, match="Unknown engine 'spark'; use one of: local, dask"),
          open_engine("spark")):
        pass


@pytest.mark.slow
def test_split_measures_on_dask_give_the_local_land_tables(
        admin_gpkg: Path, sample_dir: Path, tmp_path: Path) -> None:
    """Every set of units measured layer by layer, each overlay and count split (``whole_units=0``).

    Sintang's 406 desa are counted in bands of neighbours, the kabupaten's one unit by groups
    of raster windows and its overlay by shared pairs and unions: every land table equals
    the local engine's, value for value.
    """
    from distributed import Client, LocalCluster  # noqa: PLC0415

    from landscape import pipeline  # noqa: PLC0415
    from landscape.sample.generate import write_sample  # noqa: PLC0415

    paths = write_sample(tmp_path / "sample")
    inputs = {"boundaries": admin_gpkg, "plan": sample_dir / "rencana-aksi.xlsx",
              "areas": sorted((sample_dir / "areas").iterdir()), "kabupaten": "61.05",
              "layers": {k: str(v) for k, v in paths.layers.items()}}
    local = pipeline.build(**inputs).land
    with (LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                       dashboard_address=None) as cluster, Client(cluster) as client):
        engine = DaskEngine(client, partitions=5, whole_units=0)
        split = pipeline.build(**inputs, engine=engine).land
    assert local is not None
    assert split is not None
    for name in ("desa", "kecamatan", "kabupaten", "activities", "items", "priorities_desa",
                 "gaps"):
        pd.testing.assert_frame_equal(getattr(local, name), getattr(split, name),
                                      check_exact=True, obj=name)
    assert len(local.desa["desa_code"].unique()) > 2 * 5  # so the desa went in bands


def test_one_unit_overlay_shared_between_workers_keeps_every_piece() -> None:
    """One unit cut by 40 discs of two classes: pairs and unions shared, result as one call."""
    unit = gpd.GeoDataFrame(geometry=[box(0, 0, 10_000, 10_000)],
                            index=pd.Index(["k1"], name="code"), crs=EA)
    discs = [shapely.Point(500 + (i % 8) * 1200, 500 + (i // 8) * 1900).buffer(900)
             for i in range(40)]
    features = gpd.GeoDataFrame({"class_code": ["a", "b"] * 20}, geometry=discs, crs=EA)
    with open_engine("dask") as engine:
        assert isinstance(engine, DaskEngine)
        engine.partitions = 3
        found = engine.overlay(unit, features, {"group:ab": ("a", "b")}, every=True)
    expected = united_pieces(unit, features, {"group:ab": ("a", "b")}, every=True)
    pd.testing.assert_frame_equal(found[["code", "class_code"]], expected[["code", "class_code"]])
    assert shapely.equals_exact(np.asarray(found["geometry"]),
                                np.asarray(expected["geometry"]), tolerance=0).all()
    # independent: the discs of "a" (even positions) clipped to the square, united by hand
    clipped = shapely.union_all([d.intersection(unit.geometry.iloc[0]) for d in discs[::2]])
    piece = found.loc[found["class_code"] == "a", "geometry"].iloc[0]
    assert piece.area == pytest.approx(clipped.area, rel=1e-12)
    assert list(found["class_code"]) == ["a", "b", "group:ab", "*"]


def test_dask_zonal_and_overlay_name_and_type_as_the_local_engine(tmp_path: Path) -> None:
    """A bad zone in a band is named by its label; a partition meeting no feature keeps str."""
    import rasterio  # noqa: PLC0415

    from landscape.analyse.engine import LocalEngine  # noqa: PLC0415

    raster = tmp_path / "r.tif"
    with rasterio.open(raster, "w", driver="GTiff", width=40, height=40, count=1,
                       dtype="uint8", crs=EA, transform=rasterio.Affine(100, 0, 0, 0, -100, 4000),
                       nodata=0) as dst:
        dst.write(np.ones((1, 40, 40), dtype="uint8"))
    cells = _grid_units(4)
    bad = cells.copy()
    bad.loc["u013", "geometry"] = shapely.LineString([(0, 0), (500, 500)])
    features = gpd.GeoDataFrame({"class_code": ["a"]}, geometry=[box(100, 100, 500, 500)],
                                crs=EA)  # in u000 only
    with open_engine("dask") as engine:
        assert isinstance(engine, DaskEngine)
        engine.partitions = 2  # 16 zones: bands of neighbours; 16 units: partitions
        pd.testing.assert_frame_equal(engine.zonal(str(raster), cells, nodata=None),
                                      LocalEngine().zonal(str(raster), cells, nodata=None),
                                      check_exact=True)
        with pytest.raises(InputError, match="Zone 'u013' is or holds a LineString"):
            engine.zonal(raster, bad, nodata=None)
        found = engine.overlay(cells, features)
    expected = united_pieces(cells, features)
    pd.testing.assert_frame_equal(found.drop(columns="geometry"),
                                  expected.drop(columns="geometry"), check_exact=True)
    assert found["geometry"].iloc[0].area == pytest.approx(400.0 * 400.0)


def _add(x: int, y: int, *, engine: object) -> int:
    return x + y


def _where(value: int, *, engine: object) -> str:
    return f"{type(engine).__name__} {getattr(engine, 'threads', '-')} {value}"


def _refuse(x: int, *, engine: object) -> int:
    msg = f"Row {x} of plan.xlsx has no kecamatan; fill it in."
    raise InputError(msg)


@pytest.mark.parametrize("name", ["local", "dask"])
def test_tasks_wait_for_their_arguments_and_run_where_asked(name: str) -> None:
    """1 + 2 = 3; 3 + 10 = 13; 3 + 13 = 16, each task once; ``here`` with the caller's engine."""
    from landscape.analyse.engine import Task  # noqa: PLC0415

    runs: list[int] = []

    def counted(x: int, *, engine: object) -> int:
        runs.append(x)
        return x

    a = Task(_add, 1, 2)
    b = Task(_add, a, 10)
    c = Task(_add, a, b)
    d = Task(_where, c, here=True)
    e = Task(counted, 7, here=True)  # runs in this process on both engines
    f = Task(_add, e, e, here=True)
    with open_engine(name) as engine:
        engine.start([c, d])
        here = f"{type(engine).__name__} {getattr(engine, 'threads', '-')} 16"
        assert engine.results([c, b, d, f, f]) == [16, 13, here, 14, 14]
        assert runs == [7]  # e waited for twice, run once
        # a task sent to a worker gets a one-thread local engine there
        threads = 1 if name == "dask" else 2
        assert engine.results([Task(_where, 5)]) == [f"LocalEngine {threads} 5"]
        with pytest.raises(InputError, match=r"Row 4 of plan\.xlsx has no kecamatan"):
            engine.results([Task(_refuse, Task(_add, 4, 0))])
        # refused alike by both engines, though only a cluster could not run it
        with pytest.raises(ValueError, match="cannot wait on a worker for Task"):
            engine.start([Task(_add, d, 1)])
        # a chain of 3,000 tasks run here, longer than Python's recursion limit
        chain = Task(_add, 0, 1, here=True)
        for _ in range(2_999):
            chain = Task(_add, chain, 1, here=True)
        assert engine.results([chain]) == [3_000]
