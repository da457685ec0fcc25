"""Inputs are byte for byte unchanged after every command (checked by hashes).

A GeoPackage opened by GDAL, a workbook opened by openpyxl, a shapefile set read with
its ``.cpg`` and ``.prj``: none may be touched, not even their modification times.
``landscape build`` is run on the demo sample with every layer and a plain shapefile set
beside its zipped copy; ``landscape demo`` reads the sources the package carries. A
build killed half-way is tested in ``test_cli.py`` (the earlier build stays intact).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import _corpus as corpus
from click.testing import CliRunner

from landscape.cli import main
from landscape.sample.generate import SAMPLE_SOURCE, write_sample


def _state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: its SHA-256 and its modification time (ns)."""
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_leaves_every_input_as_it_was(tmp_path: Path) -> None:
    sample = write_sample(tmp_path / "sample")
    (sample.folder / "areas-shp").mkdir()
    shp = corpus.shapefile(sample.folder / "areas-shp" / "kebun.shp", [
        corpus.feature("K-1", corpus.polygon([(111.20, -0.10), (111.22, -0.10),
                                              (111.22, -0.08), (111.20, -0.10)]))])
    assert {p.suffix for p in shp.parent.iterdir()} == {".shp", ".shx", ".dbf", ".prj", ".cpg"}
    before = _state(sample.folder)
    layers = [x for k, v in sorted(sample.layers.items()) for x in ("--layer", f"{k}={v}")]
    run = CliRunner().invoke(main, [
        "build", "--boundaries", str(sample.boundaries), "--plan", str(sample.workbook),
        "--areas", *map(str, sample.areas), str(shp), *layers, "--kabupaten", "61.05",
        "--out", str(tmp_path / "out")])
    assert run.exit_code == 0, run.output
    assert _state(sample.folder) == before


def test_demo_leaves_the_package_sources_as_they_were(tmp_path: Path) -> None:
    before = _state(SAMPLE_SOURCE)
    run = CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "demo")])
    assert run.exit_code == 0, run.output
    assert _state(SAMPLE_SOURCE) == before
