"""``landscape demo``: the bundled, illustrative Sintang sample, built offline."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from landscape.catalogue import LayerFile
from landscape.cli.build import recover, report, run_build
from landscape.cli.guard import debug_opt
from landscape.cli.options import lang_opt, out_opt, overwrite_opt
from landscape.render.files import check_build_folder
from landscape.sample.generate import write_sample
from landscape.settings import RECENT_LOSS_YEARS

DEMO_TITLE = "Sekber Multi Pihak Sintang (contoh ilustratif)"
DEMO_DATE = "2026-11-01"


@click.command(name="demo")
@out_opt(default="maps/demo")
@overwrite_opt
@lang_opt
@debug_opt
def demo_command(*, out: str, overwrite: bool, lang: str | None) -> None:
    """Build the bundled, illustrative Sintang sample (no network needed)."""
    recover(out)
    check_build_folder(out, overwrite=overwrite)  # before the sample is generated
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_sample(Path(tmp) / "sample")
        options = {"boundaries": paths.boundaries, "plan": paths.workbook,
                   "areas": list(paths.areas), "kabupaten": "61.05", "out": out,
                   "layers": {k: LayerFile(v) for k, v in sorted(paths.layers.items())},
                   "loss_years": RECENT_LOSS_YEARS, "title": DEMO_TITLE,
                   "lang": lang or "id", "date": DEMO_DATE}
        report(run_build(options, illustrative=True, overwrite=overwrite))
