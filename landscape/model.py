"""The records handed from stage to stage, typed.

read gives :class:`Boundaries`; link gives :class:`Linked` (with :class:`EqualArea`, the
equal-area view of the units made once per build); the analyses give
:class:`PlanTables`, :class:`CoordinationTables` and :class:`LandTables`; the build hands
render one :class:`Result`. Render reads these fields by name: the output file name of
each table is decided in one place, :data:`landscape.render.folder.TABLE_FILES`.

Every frame in EPSG:4326 (:data:`landscape.settings.GEOGRAPHIC_CRS`) unless said; codes
are Kemendagri codes written as strings (``"61.05.06.2002"``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from landscape.settings import EQUAL_AREA_CRS

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd
    import pandas as pd

    from landscape.catalogue import LoadedLayer
    from landscape.problems import Problem

__all__ = [
    "Boundaries",
    "CoordinationTables",
    "EqualArea",
    "LandTables",
    "Linked",
    "PlanTables",
    "Result",
    "Tally",
    "equal_area",
]


def equal_area(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Return ``frame`` in :data:`~landscape.settings.EQUAL_AREA_CRS`, reprojected only if needed.

    Raises
    ------
    ValueError
        If the frame has no CRS (geopandas cannot reproject it).
    """
    if frame.crs is not None and frame.crs == EQUAL_AREA_CRS:
        return frame
    return frame.to_crs(EQUAL_AREA_CRS)


@dataclass(frozen=True, slots=True)
class Organisation:
    """A member of the forum, as the organisation sheet lists it.

    ``org_type`` is one of the types of the Sekber (``Pemerintah``, ``Masyarakat/CSO``,
    ``LSM``, ``Mitra Pembangunan``, ``Swasta``, ``Akademisi``) or ``""``; ``roles`` are its
    roles in the forum (chair, secretariat, member, working group) as written; ``contact``
    is the sheet's contact cell (an e-mail address, a telephone number) or ``""``.
    """

    name: str
    acronym: str
    org_type: str
    roles: tuple[str, ...] = ()
    contact: str = ""


@dataclass(frozen=True, slots=True)
class Boundaries:
    """Administrative units in EPSG:4326 with columns ``code``, ``name``, ``geometry``.

    ``desa`` also has ``kecamatan_code``; ``scope`` is the kabupaten code the
    work is limited to (or ``None`` for everything in the file). ``all_kecamatan``
    and ``all_desa`` keep every unit of the file, so that a name found only in a
    neighbouring kabupaten is recognised as such rather than guessed. ``problems``
    holds what reading the files met (an encoding decided from the bytes, a code
    written without dots).
    """

    kecamatan: gpd.GeoDataFrame
    desa: gpd.GeoDataFrame
    kabupaten: gpd.GeoDataFrame | None
    scope: str | None
    source: str
    all_kecamatan: gpd.GeoDataFrame | None = None
    all_desa: gpd.GeoDataFrame | None = None
    problems: tuple[Problem, ...] = ()

    def kabupaten_name(self) -> str:
        """Return the name of the scope kabupaten, or ``""``."""
        if self.scope is None or self.kabupaten is None:
            return ""
        hit = self.kabupaten[self.kabupaten["code"] == self.scope]
        return str(hit["name"].iloc[0]) if len(hit) else ""


@dataclass(frozen=True, slots=True)
class EqualArea:
    """The units and partner areas of a build in EPSG:6933, reprojected once by link.

    Attributes
    ----------
    desa : geopandas.GeoDataFrame
        ``code``, ``kecamatan_code``, geometry; the rows of ``Boundaries.desa``, same order.
    kecamatan : geopandas.GeoDataFrame
        ``code``, geometry; the rows of ``Boundaries.kecamatan``, same order.
    areas : geopandas.GeoDataFrame
        ``Linked.areas`` (every column), same rows.
    """

    desa: gpd.GeoDataFrame
    kecamatan: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame


@dataclass(frozen=True, slots=True)
class Linked:
    """The output of the link stage.

    Attributes
    ----------
    activities : pandas.DataFrame
        The activities with ``precision`` and ``area_ha`` (delineated polygons).
    areas : geopandas.GeoDataFrame
        One row per (activity, area feature), EPSG:4326, :data:`landscape.link.AREA_COLUMNS`.
    placements : pandas.DataFrame
        One row per (activity, desa), or per (activity, kecamatan) when the
        activity is known only by kecamatan, or one row with empty codes for a
        district-wide activity; :data:`landscape.link.PLACEMENT_COLUMNS`.
    problems : list of Problem
    equal_area : EqualArea
        The desa, kecamatan and areas in EPSG:6933, for every analysis that measures.
    """

    activities: pd.DataFrame
    areas: gpd.GeoDataFrame
    placements: pd.DataFrame
    problems: list[Problem]
    equal_area: EqualArea


@dataclass(frozen=True, slots=True)
class PlanTables:
    """The plan against reality (:mod:`landscape.analyse.plan`).

    Attributes
    ----------
    plan_vs_reality : pandas.DataFrame
        One row per action item: :data:`landscape.analyse.plan.PLAN_COLUMNS`
        (planned and reached kecamatan/desa codes, budgets planned and spent).
    activities_without_item : pandas.DataFrame
        Activities naming no action item, or one the plan lacks:
        :data:`landscape.analyse.plan.UNLINKED_COLUMNS`.
    roles : pandas.DataFrame
        One row per (organisation, item, role): :data:`landscape.analyse.roles.ROLE_COLUMNS`.
    roles_summary : pandas.DataFrame
        One row per organisation: :data:`landscape.analyse.roles.SUMMARY_COLUMNS`.
    budget_by_source_year : pandas.DataFrame
        ``source, year, budget_idr, n_items, n_items_without_budget`` (IDR).
    status_by_year : pandas.DataFrame
        ``year``, one column of item counts per status, ``n_items``.
    """

    plan_vs_reality: pd.DataFrame
    activities_without_item: pd.DataFrame
    roles: pd.DataFrame
    roles_summary: pd.DataFrame
    budget_by_source_year: pd.DataFrame
    status_by_year: pd.DataFrame


@dataclass(frozen=True, slots=True)
class CoordinationTables:
    """Who works beside whom (:mod:`landscape.analyse.coordination`).

    Attributes
    ----------
    shared_work : geopandas.GeoDataFrame
        Pairs of activities of the same kind in the same desa at the same time:
        :data:`landscape.analyse.coordination.SHARED_COLUMNS`, the shared polygon (EPSG:4326).
    coordination_desa : pandas.DataFrame
        One row per desa with two or more organisations: ``desa_code, desa,
        kecamatan_code, n_orgs, orgs, themes, n_activities, activities, n_pairs, note``.
    """

    shared_work: gpd.GeoDataFrame
    coordination_desa: pd.DataFrame


@dataclass(frozen=True, slots=True)
class LandTables:
    """On what land (:mod:`landscape.analyse.land`): built only when layers are given.

    The land-status tables have a unit key (and its name), then
    :data:`landscape.analyse.landstatus.LAND_STATUS_COLUMNS`
    (``layer, class_code, class, area_ha, share, n_points, per_1000_ha``).

    Attributes
    ----------
    desa : pandas.DataFrame
        Key ``desa_code``, name ``desa``.
    kecamatan : pandas.DataFrame
        Key ``kecamatan_code``, name ``kecamatan``.
    kabupaten : pandas.DataFrame
        Key ``kabupaten_code``: the union of the desa, so overlaps count once.
    activities : pandas.DataFrame
        Key ``activity_id``, then ``org``: each activity's footprint.
    items : pandas.DataFrame
        Key ``item_no``, name ``activity``: the union of the footprints serving each item.
    priorities_desa : pandas.DataFrame
        Every priority's value in every desa:
        :data:`landscape.analyse.gaps.PRIORITY_COLUMNS`.
    gaps : pandas.DataFrame
        Desa, then kecamatan, where a priority is present and no activity reaches:
        :data:`landscape.analyse.gaps.GAP_COLUMNS`.
    """

    desa: pd.DataFrame
    kecamatan: pd.DataFrame
    kabupaten: pd.DataFrame
    activities: pd.DataFrame
    items: pd.DataFrame
    priorities_desa: pd.DataFrame
    gaps: pd.DataFrame


@dataclass(frozen=True, slots=True)
class Tally:
    """Where every row of the plan and every feature of the area files went.

    ``rows == placed + district_wide + rows_off_map`` and
    ``features == linked + left_off``: nothing is lost without a count.

    Attributes
    ----------
    items : int
        Action items read from the plan.
    rows : int
        Activity rows read from the plan (features taken as activities not counted).
    placed, district_wide, rows_off_map : int
        Rows placed in a desa, kecamatan or delineated area; rows placed on the
        whole kabupaten; rows on no place of the map (each one reported).
    rows_with_errors : int
        Rows with at least one error in ``validation.json`` (a value not used).
    features : int
        Features in the area files given (tracks, routes, waypoints, polygons...).
    linked, left_off : int
        Features on the map through an activity; features left off the map (each
        one reported as an error).
    """

    items: int
    rows: int
    placed: int
    district_wide: int
    rows_off_map: int
    rows_with_errors: int
    features: int
    linked: int
    left_off: int

    def lines(self) -> list[str]:
        """Return the summary as sentences for the terminal.

        Examples
        --------
        >>> Tally(31, 61, 55, 6, 0, 2, 38, 32, 6).lines()  # doctest: +NORMALIZE_WHITESPACE
        ['61 rows: 55 placed, 6 district-wide, 0 left off the map (2 with errors)',
         '31 action items', '38 features: 32 linked, 6 left off the map']
        """
        if not self.rows and not self.items:
            return ["the plan has no rows: nothing was mapped (see validation.json)"]
        errors = f" ({self.rows_with_errors} with errors)" if self.rows_with_errors else ""
        rows = (f"{self.rows} rows: {self.placed} placed, {self.district_wide} district-wide, "
                f"{self.rows_off_map} left off the map{errors}")
        lines = [rows, f"{self.items} action items"]
        if self.features:
            lines.append(f"{self.features} features: {self.linked} linked, "
                         f"{self.left_off} left off the map")
        return lines


@dataclass(frozen=True, slots=True)
class Result:
    """Everything a build computed, as plain data, for render.

    Attributes
    ----------
    bounds : Boundaries
    organisations : list of Organisation
        The organisation sheet, as read.
    items : pandas.DataFrame
        The action items of the plan, with resolved places.
    linked : Linked
    who : pandas.DataFrame
        Who does what where: one row per (activity, place).
    coverage_kecamatan, coverage_desa : geopandas.GeoDataFrame
        Organisations, activities, hectares and budget per unit (every unit kept).
    overlaps : geopandas.GeoDataFrame
        Pairs of organisations whose delineated areas overlap.
    footprints : geopandas.GeoDataFrame
        ``activity_id``, ``precision`` and each activity's footprint.
    plan : PlanTables
    coordination : CoordinationTables
    land : LandTables or None
        ``None`` when no landscape layer was given.
    problems : list of Problem
    sources : list of str
        The names of the files the build read.
    inputs : list of Path
        Every file or folder the build read, as given (for the build manifest).
    layers : list of LoadedLayer
        The landscape layers given (for the atlas overlays).
    tally : Tally or None
        Where every row and feature went (None for a result not made by the build).
    """

    bounds: Boundaries
    organisations: list[Organisation]
    items: pd.DataFrame
    linked: Linked
    who: pd.DataFrame
    coverage_kecamatan: gpd.GeoDataFrame
    coverage_desa: gpd.GeoDataFrame
    overlaps: gpd.GeoDataFrame
    footprints: gpd.GeoDataFrame
    plan: PlanTables
    coordination: CoordinationTables
    land: LandTables | None = None
    problems: list[Problem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)
    layers: list[LoadedLayer] = field(default_factory=list)
    tally: Tally | None = None

    @property
    def activities(self) -> pd.DataFrame:
        """The linked activities."""
        return self.linked.activities
