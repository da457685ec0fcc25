"""The area check's folder: ``overlay.html``, ``overlay.csv`` and the covered units.

Written as a whole, like a build folder (:func:`landscape.render.files.build_folder`):
an earlier check in the same folder is replaced at once, and a check that fails
half-way leaves it as it was.

* ``overlay.html``: the area, the desa around it and the others' areas, offline;
* ``overlay.csv``: one row per activity met, ``org, activity_id, relation,
  shared_area_ha, desa_codes``, then who, what and when;
* ``overlay-desa.csv``, ``overlay-kecamatan.csv``: the units covered, with hectares,
  the share of the area and the share of the unit;
* ``overlay-land.csv`` (with layers): the land inside the area, per layer and class;
* ``overlay-items.csv``: the action items naming those places.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from landscape.analyse.areacheck import AreaCheck
from landscape.render.files import build_folder, write_csv, write_text
from landscape.render.overlay.page import render_overlay_page

__all__ = ["PAGE", "TABLE", "write_overlay"]

PAGE = "overlay.html"
TABLE = "overlay.csv"


def write_overlay(check: AreaCheck, out: str | Path, *, desa: gpd.GeoDataFrame,
                  kecamatan: pd.DataFrame, area_name: str, lang: str = "id",
                  sources: Sequence[str] = (), overwrite: bool = False) -> Path:
    """Write the check's page and tables into ``out`` as a whole, and return the folder.

    Raises
    ------
    OutputError
        If ``out`` cannot be replaced (see :func:`landscape.render.files.check_build_folder`).
    """
    with build_folder(out, overwrite=overwrite) as folder:
        write_text(folder / PAGE, render_overlay_page(
            check, desa=desa, kecamatan=kecamatan, area_name=area_name, lang=lang,
            sources=sources))
        write_csv(check.met, folder / TABLE)
        write_csv(check.desa, folder / "overlay-desa.csv")
        write_csv(check.kecamatan, folder / "overlay-kecamatan.csv")
        write_csv(check.items, folder / "overlay-items.csv")
        if not check.land.empty:
            write_csv(check.land, folder / "overlay-land.csv")
    return Path(out)
