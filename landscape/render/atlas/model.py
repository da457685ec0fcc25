"""The atlas's input: the plain records the pipeline fills and the page is built from.

:class:`AtlasInput` holds everything the atlas shows (boundaries, activities, partner
areas, desa measures and landscape overlays); :mod:`landscape.render.atlas.payload` turns
it into the page's data. Geometry is in EPSG:4326; tables are sorted by the payload, so
the order given here does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    import geopandas as gpd
    import pandas as pd

__all__ = ["AtlasInput", "ChangeSet", "Measure", "RasterOverlay", "VectorOverlay"]


@dataclass(frozen=True, slots=True)
class Measure:
    """A static desa measure the atlas can colour desa by.

    Parameters
    ----------
    key : str
        Column of :attr:`AtlasInput.desa` holding the values, e.g. ``"natural_forest_ha"``.
    label_id, label_en : str
        What the measure is, in Bahasa Indonesia and in English.
    unit : str
        Unit shown after values: ``"ha"``, ``"%"``, ``"IDR"``...
    """

    key: str
    label_id: str
    label_en: str
    unit: str


@dataclass(frozen=True, slots=True)
class RasterOverlay:
    """A raster layer already coloured as an RGBA PNG, shown as an image overlay.

    Parameters
    ----------
    id, title : str
        Identifier and title of the layer.
    png : bytes
        The image (PNG, RGBA, already coloured; Web Mercator rows, or plain
        lon/lat rows, which differ by less than a pixel this close to the equator).
    bounds : tuple of float
        West, south, east, north in EPSG:4326.
    legend : tuple of (css colour, label)
        The classes drawn in the image.
    """

    id: str
    title: str
    png: bytes
    bounds: tuple[float, float, float, float]
    legend: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class VectorOverlay:
    """A landscape layer (forest function, peat, concessions...).

    Parameters
    ----------
    id, title : str
        Identifier and title of the layer.
    features : geopandas.GeoDataFrame
        Columns ``class_code``, ``class`` (label), ``colour`` (css) and
        ``geometry``; ``name`` is optional.
    legend : tuple of (css colour, label)
        The classes of the layer.
    """

    id: str
    title: str
    features: gpd.GeoDataFrame
    legend: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """What changed since an earlier build, for the atlas's changes panel.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`landscape.analyse.changes.changes`: ``kind``, ``change``, ``key``,
        ``label``, ``field``, ``old``, ``new``, one row a change (empty: no change).
    since : str
        The data date of the earlier build ("" when it recorded none).
    """

    table: pd.DataFrame
    since: str = ""


@dataclass(slots=True)
class AtlasInput:
    """Everything the atlas shows (filled by the pipeline, drawn by the payload).

    Parameters
    ----------
    title : str
        The map title.
    kecamatan : geopandas.GeoDataFrame
        ``code``, ``name``, ``geometry``.
    desa : geopandas.GeoDataFrame
        ``code``, ``name``, ``kecamatan_code``, ``kecamatan``, ``geometry`` and
        one column per :class:`Measure`.
    activities : pandas.DataFrame
        One row per activity: ``activity_id``, ``org``, ``org_type``, ``title``,
        ``theme``, ``start``, ``end`` (ISO dates or ""), ``budget_idr``,
        ``funding``, ``action_items`` ("13; 14"), ``precision``,
        ``desa_codes``, ``kecamatan_codes`` (lists of codes), ``land_status``.
    areas : geopandas.GeoDataFrame
        Delineated partner areas: ``activity_id``, ``org``, ``org_type``,
        ``name``, ``kind``, ``area_ha``, ``geometry``.
    measures : tuple of Measure
        Static desa measures for the choropleth.
    desa_land_status : mapping of str to str
        Desa code to a short land-status text for popups.
    rasters, vectors : tuple
        Landscape layers.
    sources : tuple of str
        Data sources named in the title block (URLs become links).
    date : str
        The date the data stands for (never "now": the page is deterministic).
    illustrative : bool
        Say on the map that the boundaries are schematic.
    plan : pandas.DataFrame or None
        The action plan, one row per item, with where its activities went
        (:func:`landscape.render.atlas.plan.plan_table`); None: no plan view.
    organisations : pandas.DataFrame or None
        The organisation sheet (:func:`landscape.render.atlas.profiles.organisation_table`).
    beside : pandas.DataFrame or None
        Who works beside whom (:func:`landscape.render.atlas.profiles.beside_table`).
    aliases : mapping of str to tuple of str
        Organisation name to the other names it goes by (acronyms, spellings), for the search.
    item_titles : mapping of str to str
        Action item number to its title, for the search.
    workbook_rows : int or None
        Activity rows read from the workbook (the header's count); ``None``: count the
        activities' ``source_row`` (or the activities, without that column).
    changes : ChangeSet, optional
        What changed since an earlier build (a build with ``--since``): a panel.
    """

    title: str
    kecamatan: gpd.GeoDataFrame
    desa: gpd.GeoDataFrame
    activities: pd.DataFrame
    areas: gpd.GeoDataFrame
    measures: tuple[Measure, ...] = ()
    desa_land_status: Mapping[str, str] = field(default_factory=dict)
    rasters: tuple[RasterOverlay, ...] = ()
    vectors: tuple[VectorOverlay, ...] = ()
    sources: tuple[str, ...] = ()
    date: str = ""
    illustrative: bool = False
    plan: pd.DataFrame | None = None
    organisations: pd.DataFrame | None = None
    beside: pd.DataFrame | None = None
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    item_titles: Mapping[str, str] = field(default_factory=dict)
    workbook_rows: int | None = None
    changes: ChangeSet | None = None
