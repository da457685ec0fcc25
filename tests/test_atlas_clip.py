"""Landscape layers enter the atlas clipped to the kabupaten and a margin.

A deterministic hotspot file covering all of Kalimantan (5,000 points) is given to a build of
the Sintang sample: the atlas keeps within its 1 MB budget and holds exactly the points that
plain geopandas finds within the Sintang kecamatan grown by the margin (EPSG:6933).
"""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
from _atlas_fixture import decode_deltas

from landscape.pipeline import build
from landscape.render.folder import write
from landscape.settings import ATLAS_BUDGET_BYTES, ATLAS_CLIP_MARGIN_M

N_POINTS = 5_000
KALIMANTAN = (108.5, -4.3, 119.3, 7.1)  # west, south, east, north


def _hotspots(path):
    rng = np.random.default_rng(20241130)
    west, south, east, north = KALIMANTAN
    frame = pd.DataFrame({
        "latitude": rng.uniform(south, north, N_POINTS).round(5),
        "longitude": rng.uniform(west, east, N_POINTS).round(5),
        "acq_date": [f"{2019 + i % 5}-0{1 + i % 9}-15" for i in range(N_POINTS)],
        "confidence": "n",
    })
    frame.to_csv(path, index=False)
    return frame


def _payload(html):
    block = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>', html,
                      re.DOTALL)
    assert block is not None
    return json.loads(block.group(1))


def test_kalimantan_hotspots_are_clipped_to_sintang(admin_gpkg, sample_dir, tmp_path):
    points = _hotspots(tmp_path / "firms-kalimantan.csv")
    result = build(boundaries=admin_gpkg, plan=sample_dir / "rencana-aksi.xlsx",
                   areas=sorted((sample_dir / "areas").iterdir()), kabupaten="61.05",
                   layers={"hotspot": tmp_path / "firms-kalimantan.csv"})
    written = write(result, tmp_path / "out", title="Sintang")
    html = (tmp_path / "out" / "atlas.html").read_text(encoding="utf-8")
    assert written.atlas_bytes <= ATLAS_BUDGET_BYTES
    # Independently: Sintang's kecamatan grown by the margin in EPSG:6933.
    kec = gpd.read_file(admin_gpkg, layer="kecamatan")
    kec = kec[kec["kode"].str.startswith("61.05.")]
    area = kec.to_crs(6933).union_all().buffer(ATLAS_CLIP_MARGIN_M)
    where = gpd.GeoSeries(gpd.points_from_xy(points["longitude"], points["latitude"]),
                          crs=4326).to_crs(6933)
    inside = points[where.within(area).to_numpy()]
    assert 50 < len(inside) < N_POINTS / 10
    payload = _payload(html)
    [layer] = [v for v in payload["vectors"] if v["id"] == "hotspot"]
    shown = sorted(
        (round(x, 4), round(y, 4))
        for feature in layer["features"]
        for part in decode_deltas(feature["g"], payload["scale"])
        for ring in part for x, y in ring)
    want = sorted((round(x, 4), round(y, 4))
                  for x, y in zip(inside["longitude"], inside["latitude"], strict=True))
    assert shown == want
