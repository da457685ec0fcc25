"""Render: write a build's tables, GeoPackage, validation report, atlas and meeting pack.

The file names and columns are the command-line contract that users' scripts
rely on (see README): ``who-does-what-where.csv``, ``coverage-kecamatan.csv``,
``coverage-desa.csv``, ``overlaps.csv``, ``results.gpkg``, ``validation.json``
and ``atlas.html``; then the meeting pack (:class:`Pack`): ``report.xlsx``,
``README.md`` and ``build.json`` always, ``changes.csv``, the HXL table and the
maps to print when asked. ``build.json`` is written last, listing every file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from landscape.analyse.changes import changes
from landscape.model import LandTables, Result, Tally
from landscape.problems import Problem
from landscape.read.earlier import BuildTables, read_build
from landscape.render.atlas.data import atlas_input
from landscape.render.atlas.i18n import ui_strings
from landscape.render.atlas.model import ChangeSet
from landscape.render.atlas.payload import (
    PROVINCE_BUDGET_BYTES,
    SIZE_BUDGET_BYTES,
    check_atlas,
    write_atlas,
)
from landscape.render.files import build_folder, write_csv, write_problems, write_text
from landscape.render.hxl import write_hxl
from landscape.render.manifest import manifest, manifest_text
from landscape.render.readme import readme_text
from landscape.render.report.xlsx import write_report
from landscape.render.results import result_layers, write_results
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

#: The meeting pack beside the tables: also decided here.
REPORT_FILE = "report.xlsx"
CHANGES_FILE = "changes.csv"
HXL_FILE = "who-does-what-where-hxl.csv"
README_FILE = "README.md"
MANIFEST_FILE = "build.json"
MAP_FILES = ("atlas.png", "atlas.pdf", "kecamatan.pdf")


@dataclass(frozen=True, slots=True)
class Pack:
    """What a build writes besides its tables and atlas.

    Attributes
    ----------
    options : mapping, optional
        The options the build ran with, recorded in ``build.json``.
    since : BuildTables, optional
        An earlier build to compare with (``changes.csv`` and a sheet in the report).
    hxl : bool
        Also write who does what where as an HXL 3W table.
    maps : bool
        Also draw the printable maps (``atlas.png``, ``atlas.pdf``, ``kecamatan.pdf``).
    """

    options: Mapping[str, Any] | None = None
    since: BuildTables | None = None
    hxl: bool = False
    maps: bool = False


@dataclass(frozen=True, slots=True)
class Written:
    """What a build wrote: the folder, the atlas size and budget in bytes, the problem count."""

    folder: Path
    atlas_bytes: int
    atlas_budget: int
    n_problems: int
    n_errors: int
    tally: Tally | None = None
    problems: tuple[Problem, ...] = ()
    n_changes: int | None = None


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
                overwrite: bool = False, pack: Pack | None = None) -> Written:
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
        The atlas title ("": the default title in ``lang``).
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
    pack : Pack, optional
        The options recorded in ``build.json``, an earlier build to compare with,
        and whether to write the HXL table and the printable maps.

    Returns
    -------
    Written

    Raises
    ------
    OutputError
        If ``out`` is a file, or a folder of other files and ``overwrite`` is not given.
    """
    title = title or ui_strings(lang)["default_title"]
    pack = pack or Pack()
    with build_folder(out, overwrite=overwrite) as folder:
        found = _write_tables(result, folder, data_date=data_date, since=pack.since)
        since = None if found is None or pack.since is None else ChangeSet(
            found, pack.since.data_date)
        written = _write_atlas(result, folder, title=title, lang=lang,
                               illustrative=illustrative, data_date=data_date, change_set=since)
        _write_pack(result, folder, title=title, lang=lang, data_date=data_date, pack=pack,
                    found=found)
        written = replace(written, n_changes=None if found is None else len(found))
    return replace(written, folder=Path(out))


def _write_tables(result: Result, folder: Path, *, data_date: str,
                  since: BuildTables | None) -> pd.DataFrame | None:
    """Write the tables and ``results.gpkg``; return the changes since ``since`` (if given)."""
    write_csv(result.who, folder / "who-does-what-where.csv")
    write_csv(result.coverage_kecamatan, folder / "coverage-kecamatan.csv")
    write_csv(result.coverage_desa, folder / "coverage-desa.csv")
    write_csv(result.overlaps, folder / "overlaps.csv")
    write_results(result_layers(result, gap_layer(result)), folder / "results.gpkg",
                  data_date=data_date)
    for name, table in ((n, get(result)) for n, get in TABLE_FILES):
        if table is not None:
            write_csv(table, folder / f"{name}.csv")
    if since is None:
        return None
    found = changes(since, read_build(folder, data_date=data_date))
    write_csv(found, folder / CHANGES_FILE)
    return found


def _write_atlas(result: Result, folder: Path, *, title: str, lang: str, illustrative: bool,
                 data_date: str, change_set: ChangeSet | None) -> Written:
    """Write the atlas (with its changes panel when given) and ``validation.json``."""
    atlas = replace(atlas_input(result, title=title, illustrative=illustrative,
                                data_date=data_date, english=lang == "en"), changes=change_set)
    problems = [*result.problems, *check_atlas(atlas)]
    write_problems(problems, folder / "validation.json")
    size = write_atlas(atlas, folder / "atlas.html", lang=lang)
    errors = sum(p.severity == "error" for p in problems)
    budget = SIZE_BUDGET_BYTES if result.bounds.scope else PROVINCE_BUDGET_BYTES
    return Written(folder, size, budget, len(problems), errors, result.tally, tuple(problems))


def _write_pack(result: Result, folder: Path, *, title: str, lang: str, data_date: str,
                pack: Pack, found: pd.DataFrame | None) -> None:
    """Write the meeting pack (``found``: the changes, if any); ``build.json`` last."""
    if pack.hxl:
        write_hxl(result.who, folder / HXL_FILE, admin2=result.bounds.scope or "")
    write_report(result, folder / REPORT_FILE, lang=lang, data_date=data_date, title=title,
                 changes=found)
    if pack.maps:
        from landscape.render.mappages import write_maps  # noqa: PLC0415 - matplotlib, on demand

        write_maps(result, [folder / name for name in MAP_FILES], title=title, lang=lang,
                   data_date=data_date)
    names = [p.name for p in folder.iterdir()]
    write_text(folder / README_FILE, readme_text([*names, MANIFEST_FILE], lang=lang,
                                                 data_date=data_date))
    outputs = [p for p in folder.iterdir() if p.is_file()]
    write_text(folder / MANIFEST_FILE, manifest_text(manifest(
        result, options=pack.options, data_date=data_date, outputs=outputs)))
