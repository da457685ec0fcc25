"""Benchmark: categorical zonal counts of the 406 Sintang desa on a 30 m land-cover raster.

Runs, on the same inputs in the same process, rasterstats (``categorical=True``),
exactextract (``count``, ``unique``, ``frac``) and :func:`landscape.analyse.zonal.zonal_counts`,
plus a plain read of the whole band, a decode of every block in windows into a reused
buffer (the floor the issue names) and a decode of only the blocks some zone touches (the
least any tool must decode: zonal_counts skips blocks no zone touches, so this is the
stricter comparison); prints the best of several runs after a warm-up, the ratios, the
agreement of the counts and the peak memory of each call.

    python bench/zonal.py [--pixels N] [--threads 2] [--crs utm|geographic]

The raster (about 66 million pixels at 30 m over the kabupaten) is generated
deterministically and cached in the temp folder; see ``bench/_raster.py``.
Exits with status 1 if a zone's counts differ from rasterstats'.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import resource
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _raster import cached_landcover
from exactextract import exact_extract
from rasterstats import zonal_stats

from landscape.analyse.zonal import zonal_counts

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LANDSCAPE_SHARED_DATA", ROOT.parent / "shared" / "data"))
CRS = {"utm": ("EPSG:32649", 30.0), "geographic": ("EPSG:4326", 0.00027)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pixels", type=int, help="pixels of the raster (default: 30 m)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--window-size", type=int, default=2048)
    parser.add_argument("--crs", choices=sorted(CRS), default="utm")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after the warm-up")
    args = parser.parse_args()

    gpkg = SHARED / "admin" / "kalbar-admin.gpkg"
    desa = gpd.read_file(gpkg, layer="desa")
    desa = desa[desa["kode"].str.startswith("61.05.")].set_index("kode")
    kabupaten = gpd.read_file(gpkg, layer="kabupaten")
    kabupaten = kabupaten[kabupaten["kode"] == "61.05"]
    crs, resolution = CRS[args.crs]
    if args.pixels:
        west, south, east, north = kabupaten.to_crs(crs).total_bounds
        resolution = math.sqrt((east - west) * (north - south) / args.pixels)
    started = time.perf_counter()
    raster = cached_landcover(kabupaten, crs=crs, resolution=resolution)
    zones = desa.to_crs(crs)
    with rasterio.open(raster) as src:
        size, pixel_ha = src.width * src.height, _pixel_ha(src)
        print(f"raster {raster} ({src.width} x {src.height} = {size / 1e6:.1f} M pixels, "
              f"{src.dtypes[0]}, {src.crs}; ready in {time.perf_counter() - started:.1f} s)")
    print(f"zones  {len(zones)} desa of Kabupaten Sintang from {gpkg.name}\n")

    touched = _touched_blocks(raster, zones)
    tools: dict[str, Callable[[], Any]] = {
        "read whole band (floor)": lambda: _read(raster),
        "decode in windows, 1 thread": lambda: _read_windows(raster, args.window_size),
        "decode zones' blocks only": lambda: _read_blocks(raster, touched),
        f"zonal_counts ({args.threads} threads)": lambda: zonal_counts(
            raster, zones, threads=args.threads, window_size=args.window_size
        ),
        "rasterstats": lambda: _rasterstats(raster, zones),
        "exactextract": lambda: exact_extract(
            str(raster), zones, ["count", "unique", "frac"], output="pandas"
        ),
    }
    seconds, results, memory = {}, {}, {}
    for name, run in tools.items():
        results[name] = run()  # warm-up
        seconds[name] = min(_timed(run) for _ in range(args.repeat))
        memory[name] = _peak_memory(run)
    ours_name = next(name for name in tools if name.startswith("zonal_counts"))
    _print_times(seconds, memory, ours_name)
    ours = results[ours_name]
    agree = _compare_rasterstats(ours, results["rasterstats"], zones)
    _compare_exactextract(ours, results["exactextract"], zones, pixel_ha)
    return 0 if agree == len(zones) else 1


def _pixel_ha(src: rasterio.DatasetReader) -> float:
    if src.crs.is_geographic:
        return float("nan")  # varies by row; compared as pixel counts instead
    return abs(src.transform.a * src.transform.e) / 10_000


def _read(raster: Path) -> int:
    with rasterio.open(raster) as src:
        return int(src.read(1).size)


def _read_windows(raster: Path, size: int) -> int:
    """Decode every block once, window by window, into one buffer: decoding alone."""
    total = 0
    with rasterio.Env(GDAL_CACHEMAX=64 * 2**20), rasterio.open(raster) as src:
        buffer = np.empty(size * size, dtype=src.dtypes[0])
        for row in range(0, src.height, size):
            for col in range(0, src.width, size):
                window = rasterio.windows.Window(
                    col, row, min(size, src.width - col), min(size, src.height - row)
                )
                out = buffer[: int(window.height * window.width)]
                src.read(1, window=window, out=out.reshape(int(window.height), -1))
                total += out.size
    return total


def _touched_blocks(raster: Path, zones: gpd.GeoDataFrame) -> list[rasterio.windows.Window]:
    """Return the runs of blocks, row by row, whose extent some zone intersects."""
    with rasterio.open(raster) as src:
        rows, cols = src.block_shapes[0]
        tree = shapely.STRtree(zones.to_crs(src.crs).geometry.array)
        runs = []
        for row in range(0, src.height, rows):
            height = min(rows, src.height - row)
            start = None
            for col in [*range(0, src.width, cols), src.width]:
                box = None
                if col < src.width:
                    box = shapely.box(*rasterio.windows.bounds(
                        rasterio.windows.Window(col, row, min(cols, src.width - col), height),
                        src.transform))
                if box is not None and tree.query(box, predicate="intersects").size:
                    start = col if start is None else start
                elif start is not None:
                    runs.append(rasterio.windows.Window(start, row, col - start, height))
                    start = None
        return runs


def _read_blocks(raster: Path, runs: list[rasterio.windows.Window]) -> int:
    """Decode the runs of blocks the zones touch, on one thread: the least any tool reads."""
    total = 0
    with rasterio.Env(GDAL_CACHEMAX=64 * 2**20), rasterio.open(raster) as src:
        buffer = np.empty(max(int(w.height * w.width) for w in runs), dtype=src.dtypes[0])
        for window in runs:
            out = buffer[: int(window.height * window.width)]
            src.read(1, window=window, out=out.reshape(int(window.height), -1))
            total += out.size
    return total


def _rasterstats(raster: Path, zones: gpd.GeoDataFrame) -> list[dict[int, int]]:
    with warnings.catch_warnings():  # rasterstats still uses affine's `*` operator
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return list(zonal_stats(zones, str(raster), categorical=True))


def _timed(run: Callable[[], Any]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _peak_memory(run: Callable[[], Any]) -> float:
    """Return the MiB a call adds to the peak resident memory, measured in a forked child."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_measure, args=(run, queue))
    child.start()
    extra = float(queue.get())
    child.join()
    return extra


def _measure(run: Callable[[], Any], queue: Any) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run()
    queue.put((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)


def _print_times(seconds: dict[str, float], memory: dict[str, float], ours: str) -> None:
    print(f"{'':28s} {'seconds':>8s} {'x ours':>8s} {'peak MiB':>9s}")
    for name, value in seconds.items():
        print(f"{name:28s} {value:8.3f} {value / seconds[ours]:8.2f} {memory[name]:9.0f}")
    others = min(seconds["rasterstats"], seconds["exactextract"])
    verdict = "yes" if seconds[ours] < others / 2 else "NO"
    print(f"\nzonal_counts takes {seconds[ours] / others:.2f} of the faster other tool "
          f"(target: under 0.5): {verdict}")
    floor = seconds["decode in windows, 1 thread"]
    verdict = "yes" if seconds[ours] <= 1.25 * floor else "NO"
    print(f"zonal_counts takes {seconds[ours] / floor:.2f} times the windowed decode on one "
          f"thread (target: within 1.25): {verdict}")
    least = seconds["decode zones' blocks only"]
    print(f"zonal_counts takes {seconds[ours] / least:.2f} times decoding only the blocks the "
          "zones touch, on one thread (no target: the least any tool must decode)")


def _compare_rasterstats(
    ours: pd.DataFrame, theirs: list[dict[int, int]], zones: gpd.GeoDataFrame
) -> int:
    by_zone = {
        zone: dict(zip(group["value"].tolist(), group["count"].tolist(), strict=True))
        for zone, group in ours.groupby("zone", sort=False)
    }
    same = sum(
        by_zone.get(zone, {}) == {int(k): int(v) for k, v in found.items()}
        for zone, found in zip(zones.index, theirs, strict=True)
    )
    print(f"zones whose every class count equals rasterstats': {same} of {len(zones)}")
    return same


def _compare_exactextract(
    ours: pd.DataFrame, theirs: pd.DataFrame, zones: gpd.GeoDataFrame, pixel_ha: float
) -> None:
    rows = [
        (zone, int(value), count * fraction)
        for zone, count, values, fractions in zip(
            zones.index, theirs["count"], theirs["unique"], theirs["frac"], strict=True
        )
        for value, fraction in zip(values, fractions, strict=True)
    ]
    exact = pd.DataFrame(rows, columns=["zone", "value", "pixels"])
    both = exact.merge(ours, on=["zone", "value"], how="outer").fillna(0.0)
    both = both[both["value"] != 0]
    zone_total = both.groupby("zone")["pixels"].transform("sum")
    difference = (both["count"] - both["pixels"]).abs() / zone_total
    per_class = both.groupby("value")[["count", "pixels"]].sum()
    district = ((per_class["count"] - per_class["pixels"]).abs() / per_class["pixels"]).max()
    unit = "ha" if np.isfinite(pixel_ha) else "pixels"
    print(
        "exactextract (coverage fractions, not centres): largest class difference "
        f"{difference.max():.2%} of its zone's area (median {difference.median():.3%}); "
        f"per class over the kabupaten at most {district:.3%} "
        f"({(both['count'] - both['pixels']).abs().max() * (pixel_ha if unit == 'ha' else 1):.1f}"
        f" {unit} in one zone)"
    )


if __name__ == "__main__":
    sys.exit(main())
