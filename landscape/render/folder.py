"""Render: write a build's tables, GeoPackage, validation report and atlas.

The file names and columns are the command-line contract that users' scripts
rely on (see README): ``who-does-what-where.csv``, ``coverage-kecamatan.csv``,
``coverage-desa.csv``, ``overlaps.csv``, ``results.gpkg``, ``validation.json``
and ``atlas.html``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd

from landscape.model import LandTables, Result, Tally
from landscape.render.atlas.data import activity_table, atlas_input
from landscape.render.atlas.i18n import ui_strings
from landscape.render.atlas.payload import (
    PROVINCE_BUDGET_BYTES,
    SIZE_BUDGET_BYTES,
    check_atlas,
    write_atlas,
)
from landscape.render.files import build_folder, write_csv, write_geopackage, write_problems
from landscape.settings import GEOGRAPHIC_CRS


def _land(pick: Callable[[LandTables], pd.DataFrame]) -> Callable[[Result], pd.DataFrame | None]:
    return lambda result: None if result.land is None else pick(result.land)


#: Every table of a build written as ``<name>.csv``, with how to find it in the result: the
#: one place where output file names are decided. ``None`` (no layers given): not written.
TABLE_FILES: tuple[tuple[str, Callable[[Result], pd.DataFrame | None]], ...] = (
    ("plan-vs-reality", lambda r: r.plan.plan_vs_reality),
    ("activities-without-item", lambda r: r.plan.activities_without_item),
    ("roles", lambda r: r.plan.roles),
    ("roles-summary", lambda r: r.plan.roles_summary),
    ("budget-by-source-year", lambda r: r.plan.budget_by_source_year),
    ("status-by-year", lambda r: r.plan.status_by_year),
    ("shared-work", lambda r: r.coordination.shared_work),
    ("coordination-desa", lambda r: r.coordination.coordination_desa),
    ("land-status-desa", _land(lambda t: t.desa)),
    ("land-status-kecamatan", _land(lambda t: t.kecamatan)),
    ("land-status-kabupaten", _land(lambda t: t.kabupaten)),
    ("land-status-activities", _land(lambda t: t.activities)),
    ("land-status-items", _land(lambda t: t.items)),
    ("priorities-desa", _land(lambda t: t.priorities_desa)),
    ("gaps", _land(lambda t: t.gaps)),
)

ACTIVITY_LAYER_COLUMNS = ["activity_id", "org", "org_type", "title", "theme", "precision",
                          "area_ha", "start", "end", "budget_idr", "funding", "action_items",
                          "kecamatan_codes", "desa_codes"]


@dataclass(frozen=True, slots=True)
class Written:
    """What a build wrote: the folder, the atlas size and budget in bytes, the problem count."""

    folder: Path
    atlas_bytes: int
    atlas_budget: int
    n_problems: int
    n_errors: int
    tally: Tally | None = None


def activity_layer(result: Result) -> gpd.GeoDataFrame:
    """Activities with geometry: their delineated features, else the units they name."""
    acts = activity_table(result)
    shapes = result.footprints.geometry
    return gpd.GeoDataFrame(acts[ACTIVITY_LAYER_COLUMNS], geometry=shapes.to_numpy(),
                            crs=GEOGRAPHIC_CRS)


def gap_layer(result: Result) -> gpd.GeoDataFrame | None:
    """Return the ranked gaps with the outline of their desa or kecamatan (None without layers)."""
    gaps = None if result.land is None else result.land.gaps
    if gaps is None or gaps.empty:
        return None
    shapes = {**dict(zip(result.bounds.desa["code"], result.bounds.desa.geometry, strict=True)),
              **dict(zip(result.bounds.kecamatan["code"], result.bounds.kecamatan.geometry,
                         strict=True))}
    return gpd.GeoDataFrame(gaps, geometry=[shapes.get(c) for c in gaps["code"]],
                            crs=GEOGRAPHIC_CRS)


def write(result: Result, out: str | Path, *, title: str, lang: str = "id",
                illustrative: bool = False, data_date: str = "",
                overwrite: bool = False) -> Written:
    """Write every output of a build into ``out``, as a whole.

    The outputs are written into a hidden sibling folder that then replaces
    ``out`` (see :func:`landscape.render.files.build_folder`): ``out`` never
    mixes two builds, and a crash half-way leaves the earlier build intact.

    Parameters
    ----------
    result : Result
        From :func:`landscape.pipeline.build`.
    out : str or Path
        The output folder (created if needed): new, empty, or an earlier build.
    title : str
        The atlas title.
    lang : str
        ``"id"`` (Bahasa Indonesia) or ``"en"``.
    illustrative : bool
        Say on the map that the boundaries are schematic.
    data_date : str
        The date the data stands for (``YYYY-MM-DD`` or ``YYYY-MM``), shown on the
        map and recorded in ``results.gpkg`` as its layers' date, so the same
        inputs give the same bytes.
    overwrite : bool
        Replace ``out`` even if it is a folder of other files.

    Returns
    -------
    Written

    Raises
    ------
    OutputError
        If ``out`` is a file, or a folder of other files and ``overwrite`` is not given.
    """
    with build_folder(out, overwrite=overwrite) as folder:
        written = _write_outputs(result, folder, title=title, lang=lang,
                                 illustrative=illustrative, data_date=data_date)
    return replace(written, folder=Path(out))


def _write_outputs(result: Result, folder: Path, *, title: str, lang: str, illustrative: bool,
                   data_date: str) -> Written:
    """Write every output into ``folder`` (the build's temporary folder)."""
    write_csv(result.who, folder / "who-does-what-where.csv")
    write_csv(result.coverage_kecamatan, folder / "coverage-kecamatan.csv")
    write_csv(result.coverage_desa, folder / "coverage-desa.csv")
    write_csv(result.overlaps, folder / "overlaps.csv")
    layers = {
        "activities": activity_layer(result),
        "coverage_desa": result.coverage_desa,
        "coverage_kecamatan": result.coverage_kecamatan,
        "overlaps": result.overlaps,
        "shared_work": result.coordination.shared_work,
    }
    gaps = gap_layer(result)
    if gaps is not None:
        layers["gaps"] = gaps
    write_geopackage(layers, folder / "results.gpkg", data_date=data_date)
    for name, table in ((n, get(result)) for n, get in TABLE_FILES):
        if table is not None:
            write_csv(table, folder / f"{name}.csv")
    title = title or ui_strings(lang)["default_title"]
    atlas = atlas_input(result, title=title, illustrative=illustrative, data_date=data_date,
                        english=lang == "en")
    problems = [*result.problems, *check_atlas(atlas)]
    write_problems(problems, folder / "validation.json")
    size = write_atlas(atlas, folder / "atlas.html", lang=lang)
    errors = sum(p.severity == "error" for p in problems)
    budget = SIZE_BUDGET_BYTES if result.bounds.scope else PROVINCE_BUDGET_BYTES
    return Written(folder, size, budget, len(problems), errors, result.tally)
