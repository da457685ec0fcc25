"""Benchmark: Sintang, West Kalimantan and a simulated country, on both engines.

Builds, each in its own process (time and peak memory measured there), with real-size
generated layers (``bench/_scaledata.py``: a 30 m land-cover raster of the province of
about 390 million pixels, a loss-year raster on its grid, 50,000 hotspots, forest-estate and
peat polygons of thousands of vertices, 5,000 partner activities with polygons):

* Kabupaten Sintang (406 desa, with its own activities only) and the whole province
  (2,130 desa, every activity), each with the local
  engine and with Dask (a local cluster of two workers, one thread each); the province
  again with one Dask worker, for the speed-up of two;
* a simulated national run: the province's desa copied side by side (shifted by whole
  province widths and heights, codes made unique) to about 83,000 units, the rasters tiled
  the same way (a VRT of the same file, no new pixels on disk) and the polygon layers
  shifted alike; the analysis stage (every layer measured in every desa) on the local
  cluster, timed per 1,000 desa.

    python bench/scale.py [--data DIR] [--copies 39] [--skip-national]

``seconds`` is the build and the writing of every output, the atlas with the rasters'
pictures included (``build s``: the build alone; ``land s``: its land stage, where the engine
works).

Peak memory is ``ru_maxrss`` of the build's process and, for Dask, of its largest worker,
plus the largest sum of the resident memory of the process and its workers, sampled every
0.2 s. The layers are made once into ``--data`` (default: a folder beside the checkout,
never inside it) and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("LANDSCAPE_SHARED_DATA", ROOT.parent / "shared" / "data"))
ADMIN = SHARED / "admin" / "kalbar-admin.gpkg"
DEFAULT_DATA = ROOT.parent / "landscape-scale-data"  # beside the checkout, never inside
GIB = 2**30


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--copies", type=int, default=39, help="province copies (national)")
    parser.add_argument("--skip-national", action="store_true")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(json.loads(args.child), args.data)))
        return 0
    import _scaledata  # noqa: PLC0415

    started = time.perf_counter()
    _scaledata.make(args.data, ADMIN)
    print(f"layers in {args.data} (ready in {time.perf_counter() - started:.0f} s)")
    runs = [("sintang", "local", 0), ("sintang", "dask", 2), ("province", "local", 0),
            ("province", "dask", 2), ("province", "dask", 1)]
    print(f"\n{'build':34s} {'units':>6s} {'acts':>5s} {'seconds':>8s} {'build s':>7s} "
          f"{'land s':>7s} {'largest GiB':>11s} {'sum GiB':>8s}", flush=True)
    found = {}
    for run in runs:
        found[run] = _run({"scope": run[0], "engine": run[1], "workers": run[2]}, args.data)
        _print_build(run, found[run])
    _print_ratios(found)
    if not args.skip_national:
        national = _run({"scope": "national", "engine": "dask", "workers": 2,
                         "copies": args.copies}, args.data)
        _print_national(national)
    return 0


def _run(spec: dict[str, Any], data: Path) -> dict[str, Any]:
    command = [sys.executable, __file__, "--data", str(data), "--child", json.dumps(spec)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(done.stderr[-3000:], file=sys.stderr)
        msg = f"the run {spec} failed"
        raise SystemExit(msg)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _print_build(run: tuple[str, str, int], r: dict[str, Any]) -> None:
    scope, engine, workers = run
    name = f"{scope}, {engine}" + (f" ({workers} worker{'s' * (workers > 1)})"
                                   if engine == "dask" else "")
    print(f"{name:34s} {r['desa']:6d} {r['activities']:5d} {r['seconds']:8.1f} "
          f"{r['build']:7.1f} {r['analyse']:7.1f} {r['largest'] / GIB:11.2f} "
          f"{r['sum'] / GIB:8.2f}", flush=True)


def _print_ratios(found: dict[tuple[str, str, int], dict[str, Any]]) -> None:
    area = found["province", "local", 0]["area_ha"] / found["sintang", "local", 0]["area_ha"]
    print(f"\narea ratio province / Sintang: {area:.2f}")
    for engine, workers in (("local", 0), ("dask", 2)):
        ratio = found["province", engine, workers]["seconds"] / found[
            "sintang", engine, workers]["seconds"]
        verdict = "yes" if ratio <= 1.5 * area else "NO"
        print(f"time ratio province / Sintang, {engine}: {ratio:.2f} "
              f"({ratio / area:.2f} x the area ratio; target within 1.5): {verdict}")
    peak = max(r["sum"] for (scope, _, _), r in found.items() if scope == "province")
    print(f"province peak memory (all processes): {peak / GIB:.2f} GiB "
          f"(target under 8): {'yes' if peak < 8 * GIB else 'NO'}")
    one, two = found["province", "dask", 1], found["province", "dask", 2]
    speed = one["analyse"] / two["analyse"]
    print(f"Dask on the province, land stage: 1 worker {one['analyse']:.1f} s, 2 workers "
          f"{two['analyse']:.1f} s: speed-up {speed:.2f} (target above 1.5): "
          f"{'yes' if speed > 1.5 else 'NO'}; CPUs here {os.cpu_count()}, load "
          f"{os.getloadavg()[0]:.1f}")


def _print_national(r: dict[str, Any]) -> None:
    print(f"\nnational simulation: {r['desa']:,} desa ({r['copies']} copies of the province), "
          f"{r['pixels'] / 1e9:.1f} billion pixels per raster, on a local cluster of 2 workers")
    print(f"  land stage {r['analyse']:.0f} s: {r['analyse'] / r['desa'] * 1000:.2f} s per "
          f"1,000 desa; peak memory {r['sum'] / GIB:.2f} GiB (largest process "
          f"{r['largest'] / GIB:.2f} GiB)")
    for layer, seconds in r["layers"].items():
        print(f"    {layer:26s} {seconds:8.1f} s")


# --- the child process: one build, measured -------------------------------------------------


class _Sampler:
    """The largest sum of resident memory of this process and its descendants."""

    def __init__(self) -> None:
        import psutil  # noqa: PLC0415 (distributed's dependency)

        self.me = psutil.Process()
        self.peak = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.stop.wait(0.2):
            total = 0
            for proc in [self.me, *self.me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                except Exception:  # noqa: BLE001 (a worker that just ended)
                    continue
            self.peak = max(self.peak, total)

    def close(self) -> int:
        self.stop.set()
        self.thread.join()
        return self.peak


def _child(spec: dict[str, Any], data: Path) -> dict[str, Any]:
    import _scaledata  # noqa: PLC0415

    sampler = _Sampler()
    paths = _scaledata.make(data, ADMIN)
    run = _national if spec["scope"] == "national" else _build
    result = run(spec, paths, data)
    result["sum"] = max(sampler.close(), 0)
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    result["largest"] = max(own, children)
    result["sum"] = max(result["sum"], result["largest"])
    return result


def _cluster(workers: int) -> Any:
    from distributed import Client, LocalCluster  # noqa: PLC0415

    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return cluster, Client(cluster)


def _build(spec: dict[str, Any], paths: Any, data: Path) -> dict[str, Any]:
    from landscape import pipeline  # noqa: PLC0415
    from landscape.analyse.engine import DaskEngine, LocalEngine  # noqa: PLC0415
    from landscape.pipeline import build  # noqa: PLC0415
    from landscape.render.folder import write  # noqa: PLC0415

    cluster = client = None
    engine: Any = LocalEngine()
    if spec["engine"] == "dask":
        cluster, client = _cluster(spec["workers"])
        engine = DaskEngine(client)
    timed = {"analyse": 0.0}
    measure = pipeline.land_tables

    def land_tables(*args: Any, **kwargs: Any) -> Any:
        begun = time.perf_counter()
        try:
            return measure(*args, **kwargs)
        finally:
            timed["analyse"] += time.perf_counter() - begun

    pipeline.land_tables = land_tables  # time the land stage of the build on its own
    begun = time.perf_counter()
    district = spec["scope"] == "sintang"
    result = build(boundaries=paths.boundaries,
                   plan=paths.district_plan if district else paths.plan,
                   areas=[paths.district_areas if district else paths.areas],
                   kabupaten="61.05" if district else None,
                   layers={k: str(v) for k, v in paths.layers.items()}, engine=engine)
    built = time.perf_counter() - begun
    out = data / "out" / f"{spec['scope']}-{spec['engine']}-{spec['workers']}"
    write(result, out, title="scale", overwrite=True)
    seconds = time.perf_counter() - begun
    if client is not None:
        client.close()
        cluster.close()
    desa = result.bounds.desa
    area = float(desa.to_crs("EPSG:6933").area.sum() / 10_000)
    return {"seconds": seconds, "build": built, "analyse": timed["analyse"],
            "desa": len(desa), "area_ha": area, "activities": len(result.linked.activities)}


def _national(spec: dict[str, Any], paths: Any, data: Path) -> dict[str, Any]:  # noqa: ARG001
    import _national  # noqa: PLC0415

    cluster, client = _cluster(spec["workers"])
    try:
        return _national.run(paths, client, copies=spec["copies"])
    finally:
        client.close()
        cluster.close()


if __name__ == "__main__":
    sys.exit(main())
