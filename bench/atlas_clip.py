"""The Sintang atlas's size with and without a hotspot file covering all of Kalimantan.

Builds the Sintang sample (``--kabupaten 61.05``) twice, without landscape layers and with
5,000 deterministic random points over Kalimantan as a FIRMS-like hotspot CSV (the points of
``tests/test_atlas_clip.py``), and prints the size of each atlas.html. Usage::

    python bench/atlas_clip.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from landscape.pipeline import build
from landscape.render.folder import write

ROOT = Path(__file__).resolve().parents[1]
N_POINTS = 5_000
KALIMANTAN = (108.5, -4.3, 119.3, 7.1)


def hotspots(path: Path) -> None:
    """Write the deterministic Kalimantan hotspot CSV."""
    rng = np.random.default_rng(20241130)
    west, south, east, north = KALIMANTAN
    pd.DataFrame({
        "latitude": rng.uniform(south, north, N_POINTS).round(5),
        "longitude": rng.uniform(west, east, N_POINTS).round(5),
        "acq_date": [f"{2019 + i % 5}-0{1 + i % 9}-15" for i in range(N_POINTS)],
        "confidence": "n",
    }).to_csv(path, index=False)


def main() -> None:
    """Print the atlas size of the sample build without and with the hotspots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    sample = args.shared / "samples" / "sintang"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        hotspots(folder / "hotspots.csv")
        for name, layers in (("no layers", {}), ("hotspots", {"hotspot": folder / "hotspots.csv"})):
            result = build(boundaries=args.shared / "admin" / "kalbar-admin.gpkg",
                           plan=sample / "rencana-aksi.xlsx",
                           areas=sorted((sample / "areas").iterdir()), kabupaten="61.05",
                           layers=layers)
            written = write(result, folder / name.replace(" ", "-"), title="")
            print(f"{name}: atlas.html {written.atlas_bytes:,} bytes")


if __name__ == "__main__":
    main()
