"""The one place the command line calls the pipeline.

The command line hands the build typed layer files
(``{"tutupan_lahan": LayerFile(Path("pl.gpkg"))}``), as
``landscape.pipeline.build(*, boundaries, plan, areas, kabupaten, layers, loss_years)``
takes them. Until that entry point is merged, this adapter writes the files back
as the ``ID=PATH`` values ``landscape.pipeline.run`` reads; after it, the command
modules import ``build`` from :mod:`landscape.pipeline` and this module goes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from landscape.catalogue import LayerFile
from landscape.pipeline import Result, run
from landscape.settings import RECENT_LOSS_YEARS


def build(*, boundaries: str | Path, plan: str | Path, areas: Sequence[str | Path] = (),
          kabupaten: str | None = None, layers: Mapping[str, LayerFile] | None = None,
          loss_years: int = RECENT_LOSS_YEARS) -> Result:
    """Run the pipeline with typed layer files (see :func:`landscape.pipeline.run`)."""
    values = [f"{layer_id}={found.path}" + (f"#{found.sublayer}" if found.sublayer else "")
              for layer_id, found in (layers or {}).items()]
    return run(boundaries=boundaries, plan=plan, areas=areas, kabupaten=kabupaten,
               layers=values, loss_years=loss_years)
