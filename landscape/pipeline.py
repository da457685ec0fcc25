"""The whole path: read -> normalise -> link -> analyse, as one function.

:func:`build` takes paths and returns a :class:`landscape.model.Result` of plain,
typed records; :func:`landscape.render.folder.write` writes them. The command
line is a thin layer over both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from landscape._cells import as_int
from landscape.analyse.coordination import coordination_tables
from landscape.analyse.coverage import coverage, org_polygons, overlaps, who_does_what_where
from landscape.analyse.land import build_units, land_tables
from landscape.analyse.plan import plan_tables
from landscape.analyse.tally import empty_plan, tally
from landscape.catalogue import LayerFile, LoadedLayer
from landscape.errors import InputError
from landscape.link import footprints, link
from landscape.model import Boundaries, Linked, Organisation, Result
from landscape.normalise.gazetteer import Gazetteer
from landscape.normalise.orgs import OrgIndex
from landscape.normalise.partners import merge_activities, merge_organisations, relocate
from landscape.normalise.places import resolve_activity_places, resolve_item_places
from landscape.normalise.plan3w import declared_items, fill_roles
from landscape.normalise.records import (
    ACTIVITY_COLUMNS,
    ITEM_COLUMNS,
    normalise_action_items,
    normalise_activities,
    normalise_organisations,
)
from landscape.problems import Problem, with_record_ids
from landscape.read.areas import AreaFiles, read_areas
from landscape.read.boundaries import BoundariesInput, boundary_source, read_boundaries
from landscape.read.layers import load_layers
from landscape.read.project import plan_files
from landscape.read.tables import Table, read_tables
from landscape.settings import RECENT_LOSS_YEARS

__all__ = ["STAGES", "Checked", "Result", "build", "check", "gazetteer_for", "missing_items"]

#: The stages ``build`` reports to its ``progress`` callback, in order (``check`` the first five).
STAGES = ("layers", "boundaries", "plan", "areas", "link", "analyse", "land")
Progress = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class _Records:
    """What the normalise stage hands link: organisations, items, activities, their source."""

    organisations: list[Organisation]
    index: OrgIndex
    items: pd.DataFrame
    activities: pd.DataFrame
    source: tuple[str, str | None]
    tables: dict[str, Table]
    origins: dict[int, tuple[str, str | None, int]]


@dataclass(frozen=True, slots=True)
class _Coverage:
    who: pd.DataFrame
    kecamatan: gpd.GeoDataFrame
    desa: gpd.GeoDataFrame
    overlaps: gpd.GeoDataFrame


def gazetteer_for(bounds: Boundaries) -> Gazetteer:
    """Build the place-name index of every unit the boundaries file holds."""
    return Gazetteer.from_frames(
        bounds.all_kecamatan if bounds.all_kecamatan is not None else bounds.kecamatan,
        bounds.all_desa if bounds.all_desa is not None else bounds.desa,
        kabupaten=bounds.kabupaten, scope=bounds.scope, code_field="code", name_field="name")


def _org_index(tables: dict[str, Table], bounds: Boundaries, problems: list[Problem],
               returned: Sequence[dict[str, Table]] = ()) -> tuple[list[Organisation], OrgIndex]:
    orgs: list[Organisation] = []
    if "organisations" in tables:
        orgs, found = normalise_organisations(tables["organisations"])
        problems += found
    theirs = [normalise_organisations(t["organisations"]) for t in returned
              if "organisations" in t]
    problems += [p for _, found in theirs for p in found]
    orgs = merge_organisations(orgs, [found for found, _ in theirs])
    words = {w for w in bounds.kabupaten_name().split() if w.lower() != "kabupaten"}
    return orgs, OrgIndex(orgs, place_words=words)


def _activities(tables: dict[str, Table], index: OrgIndex, gaz: Gazetteer,
                problems: list[Problem]) -> tuple[pd.DataFrame, tuple[str, str | None]]:
    if "activities" not in tables:
        empty = pd.DataFrame(columns=[*ACTIVITY_COLUMNS, "kecamatan_codes", "desa_codes",
                                      "whole_district", "outside"])
        return empty, ("", None)
    table = tables["activities"]
    frame, found = normalise_activities(table, index)
    problems += found
    frame, found = resolve_activity_places(frame, table, gaz)
    problems += found
    return frame, (table.file, table.sheet or None)


def _items(tables: dict[str, Table], index: OrgIndex, gaz: Gazetteer,
           activities: pd.DataFrame, problems: list[Problem]) -> pd.DataFrame:
    """Return the plan's action items (or the 3W table's), with roles from its role column."""
    if "action_items" in tables:
        table = tables["action_items"]
        frame, found = normalise_action_items(table, index)
    elif "activities" in tables and any(map(len, activities["action_items"])):
        table = tables["activities"]
        frame, found = declared_items(activities, table)
    else:
        return pd.DataFrame(columns=[*ITEM_COLUMNS, "kecamatan_codes", "desa_codes",
                                     "whole_district"])
    problems += found
    frame, found = resolve_item_places(frame, table, gaz)
    problems += found
    if "activities" in tables:
        frame, found = fill_roles(frame, activities, tables["activities"])
        problems += found
    return frame


def missing_items(unlinked: pd.DataFrame, source: tuple[str, str | None]) -> list[Problem]:
    """Report activities that point to an action item the plan does not have."""
    rows = unlinked[unlinked["reason"].str.contains("does not exist")]
    return [Problem(source[0], source[1], as_int(r.source_row), "action_items",
                    "; ".join(r.action_items) if isinstance(r.action_items, tuple)
                    else str(r.action_items), str(r.reason),
                    "check the action item number", "error") for r in rows.itertuples()]


def _boundaries(source: BoundariesInput, kabupaten: str | None) -> Boundaries:
    bounds = read_boundaries(source, kabupaten=kabupaten)
    if bounds.desa.empty:
        msg = f"{bounds.source} has no desa in kabupaten {kabupaten}; check the code"
        raise InputError(msg)
    return bounds


def _normalise(plan: str | Path, bounds: Boundaries, problems: list[Problem],
               partners: Sequence[Path] = ()) -> _Records:
    tables: dict[str, Table] = {str(k): v for k, v in read_tables(plan).items()}
    returned = [{str(k): v for k, v in read_tables(p).items()} for p in partners]
    problems += [p for found in (tables, *returned) for table in found.values()
                 for p in table.problems]
    gaz = gazetteer_for(bounds)
    orgs, index = _org_index(tables, bounds, problems, returned)
    activities, source = _activities(tables, index, gaz, problems)
    origins: dict[int, tuple[str, str | None, int]] = {}
    if returned:
        merged = merge_activities(activities, source, [_activities(found, index, gaz, problems)
                                                       for found in returned
                                                       if "activities" in found])
        problems += merged.problems
        activities, origins = merged.activities, merged.origins
    items = _items(tables, index, gaz, activities, problems)
    return _Records(orgs, index, items, activities, source, tables, origins)


def _record_ids(records: _Records, problems: list[Problem]) -> list[Problem]:
    """Give every problem of an activity or action-item row that row's own id."""
    acts = records.tables.get("activities")
    named = [(records.source, records.activities, "activity_id")] if acts is not None and (
        "activity_id" in acts.columns) else []
    if "action_items" in records.tables:
        plan = records.tables["action_items"]
        named.append(((plan.file, plan.sheet or None), records.items, "item_no"))
    for source, frame, key in named:
        ids = {as_int(r): str(i) for r, i in zip(frame["source_row"], frame[key], strict=True)}
        problems = with_record_ids(problems, source, ids)
    return problems


def _coverage(linked: Linked, bounds: Boundaries) -> _Coverage:
    """Who does what where, coverage per kecamatan and desa, and overlaps."""
    view = linked.equal_area
    who = who_does_what_where(linked.activities, linked.placements, bounds.kecamatan, bounds.desa)
    polys = org_polygons(view.areas)
    return _Coverage(
        who, coverage(who, bounds.kecamatan, polys, level="kecamatan", units_ea=view.kecamatan),
        coverage(who, bounds.desa, polys, level="desa", units_ea=view.desa),
        overlaps(polys, bounds.kecamatan, kecamatan_ea=view.kecamatan))


@dataclass(frozen=True, slots=True)
class _Front:
    """What read, normalise and link give: everything ``check`` looks at."""

    loaded: list[LoadedLayer]
    bounds: Boundaries
    records: _Records
    read: AreaFiles
    linked: Linked
    problems: list[Problem]
    plan: Path
    returned: list[Path]


def _front(*, boundaries: BoundariesInput, plan: str | Path, areas: Sequence[str | Path],
           kabupaten: str | None, layers: Mapping[str, LayerFile | str | Path] | None,
           partners: Sequence[str | Path], progress: Progress) -> _Front:
    progress("layers")
    loaded, problems = load_layers(layers or {})
    progress("boundaries")
    bounds = _boundaries(boundaries, kabupaten)
    problems += bounds.problems
    progress("plan")
    main, returned = plan_files(plan, partners)
    records = _normalise(main, bounds, problems, returned)
    problems += empty_plan(records.items, records.activities,
                           file=records.source[0] or main.name, sheet=records.source[1])
    progress("areas")
    read = read_areas(list(areas))
    problems += read.problems
    progress("link")
    linked = link(records.activities, read.features, bounds, records.index,
                  source=records.source, dropped=read.dropped)
    problems += linked.problems
    return _Front(loaded, bounds, records, read, linked, problems, main, list(returned))


def _no_progress(_stage: str) -> None:
    """Report nothing (the library is quiet unless asked)."""


def _final(front: _Front, problems: list[Problem]) -> list[Problem]:
    """Every problem with its row's own id, those of partner rows where the partner wrote them."""
    records = front.records
    return relocate(_record_ids(records, problems), records.source, records.origins)


@dataclass(frozen=True, slots=True)
class Checked:
    """What :func:`check` found: the problems, and the records read, normalised and linked.

    ``activities`` are the linked activities (places resolved to codes, with
    ``precision``), ``organisations`` those of the organisation sheets.
    """

    problems: list[Problem]
    activities: pd.DataFrame
    organisations: list[Organisation]
    bounds: Boundaries


def check(*, boundaries: BoundariesInput, plan: str | Path, areas: Sequence[str | Path] = (),
          kabupaten: str | None = None,
          layers: Mapping[str, LayerFile | str | Path] | None = None,
          partners: Sequence[str | Path] = (),
          progress: Progress | None = None) -> Checked:
    """Read, normalise and link the inputs a build would, with no analysis.

    The parameters are those of :func:`build`. Raises what :func:`build` raises.
    """
    front = _front(boundaries=boundaries, plan=plan, areas=areas, kabupaten=kabupaten,
                   layers=layers, partners=partners, progress=progress or _no_progress)
    return Checked(_final(front, front.problems), front.linked.activities,
                   front.records.organisations, front.bounds)


def build(*, boundaries: BoundariesInput, plan: str | Path, areas: Sequence[str | Path] = (),
          kabupaten: str | None = None,
          layers: Mapping[str, LayerFile | str | Path] | None = None,
          loss_years: int = RECENT_LOSS_YEARS, partners: Sequence[str | Path] = (),
          progress: Progress | None = None) -> Result:
    """Build who does what where (and on what land) from the forum's files.

    Parameters
    ----------
    boundaries : str, Path, mapping or BoundarySource
        A GeoPackage or folder with a layer per level, or a mapping of level -> file
        (see :func:`landscape.read.boundaries.read_boundaries`).
    plan : str or Path
        The forum's workbook (.xlsx), a 3W table (.csv), or a folder of partner workbooks
        (the first, by name, stands for the forum's copy).
    areas : sequence of str or Path
        Partner area files (GeoPackage, GeoJSON, Shapefile or zip, KML/KMZ, GPX, CSV).
    kabupaten : str, optional
        Limit the work to this kabupaten: its code (``"61.05"``) or name (``"Sintang"``).
    layers : mapping of str to LayerFile, str or Path, optional
        Landscape layers by catalogue id, e.g. ``{"gambut": "khg.gpkg"}``.
    loss_years : int
        The recent period, in years, for tree-cover loss and hotspot gaps.
    partners : sequence of str or Path
        Partner workbooks returned to the forum (or folders of them), merged with the
        plan's activities by id (:mod:`landscape.normalise.partners`).
    progress : callable, optional
        Called with each stage's name (:data:`STAGES`) as it starts.

    Returns
    -------
    Result
        Typed records (:mod:`landscape.model`). Every geometry is in EPSG:4326
        (``settings.GEOGRAPHIC_CRS``); every area is in hectares measured in EPSG:6933
        (``settings.EQUAL_AREA_CRS``); budgets are whole rupiah (IDR), line lengths km.
        ``Result.land`` is ``None`` when no layer is given. Nothing is dropped:
        every value that could not be used as written is a :class:`Problem` in
        ``Result.problems``, and ``Result.tally`` counts where every row and feature went.

    Raises
    ------
    InputError, InputFileError, LayerError
        For a file that cannot be used as given (one sentence naming it and the fix).
    """
    report = progress or _no_progress
    front = _front(boundaries=boundaries, plan=plan, areas=areas, kabupaten=kabupaten,
                   layers=layers, partners=partners, progress=report)
    loaded, bounds, records, read, linked, problems = (
        front.loaded, front.bounds, front.records, front.read, front.linked, front.problems)
    report("analyse")
    covered = _coverage(linked, bounds)
    plans = plan_tables(records.items, linked, kecamatan=bounds.kecamatan)
    problems += missing_items(plans.activities_without_item, records.source)
    shapes = footprints(linked, bounds)
    report("land")
    land = land_tables(loaded, build_units(bounds, shapes, records.items, linked),
                       activities=linked.activities, coverage_desa=covered.desa,
                       coverage_kecamatan=covered.kecamatan, kabupaten=bounds.scope or "",
                       loss_years=loss_years)
    return Result(
        bounds=bounds, organisations=records.organisations, items=records.items, linked=linked,
        who=covered.who, coverage_kecamatan=covered.kecamatan, coverage_desa=covered.desa,
        overlaps=covered.overlaps, footprints=shapes, plan=plans,
        coordination=coordination_tables(linked, bounds.desa), land=land,
        problems=_final(front, problems),
        sources=[bounds.source, front.plan.name, *(Path(a).name for a in areas)],
        inputs=[*boundary_source(boundaries).paths, front.plan, *front.returned, *map(Path, areas),
                *(layer.path for layer in loaded)],
        layers=loaded,
        tally=tally(items=records.items, rows=records.activities, features=read.features,
                    dropped=read.dropped, linked=linked, problems=problems,
                    source=records.source),
    )


