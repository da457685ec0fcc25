"""Compare the atlas with a plain folium map of the same layers: size and time to first draw.

Both pages show the real Sintang desa and kecamatan and the sample's partner
areas (with hover tooltips). Each is opened in headless Chromium (the Debian
package at /usr/bin/chromium) with every non-file request aborted and counted:

* offline, the atlas draws; the folium map draws nothing, because its Leaflet
  comes from a CDN;
* for a time ratio, the folium map is opened once more with its CDN files
  answered locally (Leaflet from the installed xstatic-leaflet package, every
  other CDN file empty), i.e. its best case on an instant network.

"Time to first draw" is the time from navigation start until the page holds at
least as many SVG paths as there are desa (the desa layer is drawn), recorded by
a MutationObserver. Usage::

    python bench/atlas.py [--runs 5] [--out folder]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import folium
import xstatic.pkg.leaflet as xstatic_leaflet
from playwright.sync_api import Browser, Route, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from _atlas_fixture import build_atlas_input  # noqa: E402

from landscape.render.atlas.model import AtlasInput  # noqa: E402
from landscape.render.atlas.payload import write_atlas  # noqa: E402

if TYPE_CHECKING:
    import geopandas as gpd

SHARED = Path(os.environ.get("LANDSCAPE_SHARED_DATA", ROOT.parent / "shared" / "data"))
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]
TIMEOUT_MS = 15_000
WATCH_PATHS = """
n => {
  window.__firstDraw = null;
  const check = () => {
    if (window.__firstDraw === null && document.querySelectorAll('path').length >= n) {
      window.__firstDraw = performance.now();
    }
  };
  new MutationObserver(check).observe(document, {childList: true, subtree: true});
}
"""


def folium_map(atlas: AtlasInput, path: Path) -> int:
    """Write a plain folium map of the same layers; return its size in bytes."""
    west, south, east, north = atlas.desa.total_bounds
    fmap = folium.Map(location=[(south + north) / 2, (west + east) / 2], zoom_start=8)
    layers: list[tuple[str, gpd.GeoDataFrame, list[str]]] = [
        ("Desa", atlas.desa[["code", "name", "kecamatan", "geometry"]], ["name", "kecamatan"]),
        ("Kecamatan", atlas.kecamatan[["code", "name", "geometry"]], ["name"]),
        ("Areal mitra", atlas.areas[["activity_id", "org", "name", "geometry"]], ["name", "org"]),
    ]
    for name, frame, fields in layers:
        folium.GeoJson(frame, name=name, tooltip=folium.GeoJsonTooltip(fields=fields),
                       marker=folium.CircleMarker(radius=6)).add_to(fmap)
    folium.LayerControl().add_to(fmap)
    fmap.save(str(path))
    return path.stat().st_size


def _serve_cdn_locally(route: Route) -> None:
    """Answer folium's CDN requests from local files (Leaflet) or with empty bodies."""
    url = route.request.url
    base = Path(xstatic_leaflet.BASE_DIR)
    if "leaflet@" in url and url.endswith("leaflet.js"):
        route.fulfill(body=(base / "leaflet.js").read_bytes(), content_type="text/javascript")
    elif "leaflet@" in url and url.endswith("leaflet.css"):
        route.fulfill(body=(base / "leaflet.css").read_bytes(), content_type="text/css")
    else:
        route.fulfill(body=b"", content_type="text/javascript" if url.endswith(".js")
                      else "text/css")


def first_draw(browser: Browser, page_path: Path, n_paths: int, *,
               serve_cdn: bool = False) -> dict[str, Any]:
    """Open a page with the network blocked; return first-draw time, paths drawn, requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []

    def route(request_route: Route) -> None:
        url = request_route.request.url
        if url.startswith("file:"):
            request_route.continue_()
        elif serve_cdn:
            _serve_cdn_locally(request_route)
        else:
            blocked.append(url)
            request_route.abort()

    context.route("**/*", route)
    context.add_init_script(f"({WATCH_PATHS})({n_paths})")
    page = context.new_page()
    page.goto(page_path.as_uri(), wait_until="load")
    try:
        page.wait_for_function("window.__firstDraw !== null", timeout=TIMEOUT_MS)
        millis: float | None = page.evaluate("window.__firstDraw")
    except Exception:  # noqa: BLE001 (a timeout: the page never drew)
        millis = None
    paths = page.evaluate("document.querySelectorAll('path').length")
    context.close()
    return {"ms": millis, "paths": paths, "blocked": len(blocked)}


def measure(browser: Browser, variants: dict[str, tuple[Path, bool]], n_paths: int,
            runs: int) -> dict[str, dict[str, Any]]:
    """Median first-draw time per variant over ``runs`` cold page loads.

    The variants are loaded in turn within each run, so that a busy machine slows
    them all alike.
    """
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, (page_path, serve_cdn) in variants.items():
            results[name].append(first_draw(browser, page_path, n_paths, serve_cdn=serve_cdn))
    summary = {}
    for name, rows in results.items():
        times = [r["ms"] for r in rows if r["ms"] is not None]
        summary[name] = {"ms": statistics.median(times) if times else None,
                         "paths": rows[-1]["paths"], "blocked": rows[-1]["blocked"]}
    return summary


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.2f} MB"


def _ms(value: float | None) -> str:
    return "never" if value is None else f"{value:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="page loads per variant")
    parser.add_argument("--out", type=Path, default=None, help="keep the pages in this folder")
    options = parser.parse_args()
    atlas = build_atlas_input(SHARED / "admin" / "kalbar-admin.gpkg",
                              SHARED / "samples" / "sintang")
    n_desa = len(atlas.desa)
    with tempfile.TemporaryDirectory() as temp:
        folder = options.out or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        ours_path, folium_path = folder / "atlas.html", folder / "folium.html"
        ours_size = write_atlas(atlas, ours_path)
        folium_size = folium_map(atlas, folium_path)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            offline = measure(browser, {"folium": (folium_path, False)}, n_desa, 1)["folium"]
            timed = measure(browser, {"ours": (ours_path, False), "cdn": (folium_path, True)},
                            n_desa, options.runs)
            browser.close()
    ours, cdn = timed["ours"], timed["cdn"]
    print(f"layers: {n_desa} desa, {len(atlas.kecamatan)} kecamatan, "
          f"{len(atlas.areas)} partner areas; {options.runs} runs, median; network blocked")
    print(f"{'':34}{'size':>10}  first draw")
    print(f"{'atlas (ours)':34}{_mb(ours_size):>10}  {_ms(ours['ms'])}, "
          f"{ours['paths']} shapes, {ours['blocked']} requests blocked")
    print(f"{'folium, offline':34}{_mb(folium_size):>10}  {_ms(offline['ms'])}, "
          f"{offline['paths']} shapes, {offline['blocked']} requests blocked")
    print(f"{'folium, CDN answered locally':34}{'':>10}  {_ms(cdn['ms'])}, "
          f"{cdn['paths']} shapes")
    print(f"ratio size (ours / folium): {ours_size / folium_size:.2f}")
    if ours["ms"] is not None and cdn["ms"] is not None:
        print(f"ratio first draw (ours / folium with CDN answered locally): "
              f"{ours['ms'] / cdn['ms']:.2f}")
    print("offline, folium draws "
          f"{offline['paths']} shapes; the atlas draws {ours['paths']}")


if __name__ == "__main__":
    main()
