"""The whole path: read -> normalise -> link -> analyse, as one function.

:func:`run` takes paths and returns a :class:`Result` of plain frames;
:func:`landscape.render.folder.write_build` writes them. The command line is a thin
layer over both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from landscape.analyse.coordination import coordination_list, shared_work
from landscape.analyse.coverage import coverage, org_polygons, overlaps, who_does_what_where
from landscape.analyse.land import build_units, land_tables, load_layers
from landscape.analyse.plan import (
    budget_by_source_year,
    plan_vs_reality,
    role_summary,
    roles,
    status_by_year,
    unlinked_activities,
)
from landscape.catalogue import LoadedLayer
from landscape.errors import InputError
from landscape.link import Linked, footprints, link
from landscape.normalise.gazetteer import Gazetteer
from landscape.normalise.orgs import Organisation, OrgIndex
from landscape.normalise.places import resolve_activity_places, resolve_item_places
from landscape.normalise.records import (
    ACTIVITY_COLUMNS,
    ITEM_COLUMNS,
    normalise_action_items,
    normalise_activities,
    normalise_organisations,
)
from landscape.problems import Problem
from landscape.read.areas import read_area_files
from landscape.read.boundaries import Boundaries, read_boundaries
from landscape.read.tables import Table, read_tables
from landscape.settings import RECENT_LOSS_YEARS


@dataclass(slots=True)
class Result:
    """Everything the build computed, as plain data."""

    bounds: Boundaries
    organisations: list[Organisation]
    items: pd.DataFrame
    linked: Linked
    who: pd.DataFrame
    coverage_kecamatan: gpd.GeoDataFrame
    coverage_desa: gpd.GeoDataFrame
    overlaps: gpd.GeoDataFrame
    footprints: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    layers: list[LoadedLayer] = field(default_factory=list)

    @property
    def activities(self) -> pd.DataFrame:
        """The linked activities."""
        return self.linked.activities


def gazetteer_for(bounds: Boundaries) -> Gazetteer:
    """Build the place-name index of every unit the boundaries file holds."""
    return Gazetteer.from_frames(
        bounds.all_kecamatan if bounds.all_kecamatan is not None else bounds.kecamatan,
        bounds.all_desa if bounds.all_desa is not None else bounds.desa,
        kabupaten=bounds.kabupaten, scope=bounds.scope, code_field="code", name_field="name")


def _org_index(tables: dict[str, Table], bounds: Boundaries,
               problems: list[Problem]) -> tuple[list[Organisation], OrgIndex]:
    orgs: list[Organisation] = []
    if "organisations" in tables:
        orgs, found = normalise_organisations(tables["organisations"])
        problems += found
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
           problems: list[Problem]) -> pd.DataFrame:
    if "action_items" not in tables:
        return pd.DataFrame(columns=[*ITEM_COLUMNS, "kecamatan_codes", "desa_codes",
                                     "whole_district"])
    frame, found = normalise_action_items(tables["action_items"], index)
    problems += found
    frame, found = resolve_item_places(frame, tables["action_items"], gaz)
    problems += found
    return frame


def plan_tables(items: pd.DataFrame, linked: Linked,
                bounds: Boundaries) -> dict[str, pd.DataFrame]:
    """Plan against reality and coordination tables, keyed by their output file name."""
    acts, places = linked.activities, linked.placements
    role_rows = roles(items, acts, places)
    return {
        "plan-vs-reality": plan_vs_reality(items, acts, places, kecamatan=bounds.kecamatan),
        "activities-without-item": unlinked_activities(items, acts),
        "roles": role_rows,
        "roles-summary": role_summary(role_rows),
        "budget-by-source-year": budget_by_source_year(items),
        "status-by-year": status_by_year(items),
        "shared-work": shared_work(acts, places, linked.areas),
        "coordination-desa": coordination_list(acts, places, bounds.desa),
    }


def missing_items(unlinked: pd.DataFrame, source: tuple[str, str | None]) -> list[Problem]:
    """Report activities that point to an action item the plan does not have."""
    rows = unlinked[unlinked["reason"].str.contains("does not exist")]
    return [Problem(source[0], source[1], int(r.source_row), "action_items",
                    "; ".join(r.action_items) if isinstance(r.action_items, tuple)
                    else str(r.action_items), str(r.reason),
                    "check the action item number", "error") for r in rows.itertuples()]


def run(*, boundaries: str | Path, plan: str | Path, areas: Sequence[str | Path] = (),
        kabupaten: str | None = None, layers: Sequence[str] = (),
        loss_years: int = RECENT_LOSS_YEARS) -> Result:
    """Build who does what where from the forum's files.

    Parameters
    ----------
    boundaries : str or Path
        GeoPackage with ``kecamatan`` and ``desa`` layers (fields ``kode``, ``nama``).
    plan : str or Path
        The forum's workbook (.xlsx) or a 3W table (.csv).
    areas : sequence of str or Path
        Partner area files (GeoPackage, GeoJSON, Shapefile or zip, KML/KMZ, GPX, CSV).
    kabupaten : str, optional
        Limit the work to this kabupaten code (e.g. ``"61.05"``).
    layers : sequence of str
        Landscape layers as ``ID=PATH`` (ids from the layer catalogue).
    loss_years : int
        The recent period, in years, for tree-cover loss and hotspot gaps.

    Returns
    -------
    Result
    """
    loaded, problems = load_layers(layers)
    bounds = read_boundaries(boundaries, kabupaten=kabupaten)
    if bounds.desa.empty:
        msg = f"{Path(boundaries).name} has no desa in kabupaten {kabupaten}; check the code"
        raise InputError(msg)
    tables: dict[str, Table] = {str(k): v for k, v in read_tables(plan).items()}
    problems += [p for table in tables.values() for p in table.problems]
    gaz = gazetteer_for(bounds)
    orgs, index = _org_index(tables, bounds, problems)
    items = _items(tables, index, gaz, problems)
    activities, source = _activities(tables, index, gaz, problems)
    features, found = read_area_files(list(areas))
    problems += found
    linked = link(activities, features, bounds, index, source=source)
    problems += linked.problems
    who = who_does_what_where(linked.activities, linked.placements, bounds.kecamatan, bounds.desa)
    polys = org_polygons(linked.areas)
    tables = plan_tables(items, linked, bounds)
    problems += missing_items(tables["activities-without-item"], source)
    cover_kec = coverage(who, bounds.kecamatan, polys, level="kecamatan")
    cover_desa = coverage(who, bounds.desa, polys, level="desa")
    shapes = footprints(linked, bounds)
    units = build_units(bounds, shapes, items, linked.activities)
    tables |= land_tables(loaded, units, activities=linked.activities, coverage_desa=cover_desa,
                          coverage_kecamatan=cover_kec, kabupaten=bounds.scope or "",
                          loss_years=loss_years)
    return Result(
        bounds=bounds, organisations=orgs, items=items, linked=linked, who=who,
        coverage_kecamatan=cover_kec, coverage_desa=cover_desa,
        overlaps=overlaps(polys, bounds.kecamatan),
        problems=problems,
        sources=[Path(boundaries).name, Path(plan).name, *(Path(a).name for a in areas)],
        tables=tables, layers=loaded, footprints=shapes,
    )
