"""Render: assemble what the atlas shows from a build result.

Turns the build's frames into :class:`landscape.render.atlas.model.AtlasInput`: activities
with the places they reach, desa with their priority measures (for the
choropleth), short land-status texts for popups, and the landscape layers as
overlays.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from landscape._cells import as_int
from landscape.analyse.gaps import PRIORITIES
from landscape.catalogue import Layer
from landscape.model import Result
from landscape.render.atlas.i18n import format_ha, format_number, format_share, ui_strings
from landscape.render.atlas.model import AtlasInput, Measure
from landscape.render.atlas.overlays import area_of_interest, overlays
from landscape.render.atlas.plan import plan_table
from landscape.render.atlas.profiles import beside_table, organisation_table
from landscape.settings import ATLAS_TOP_CLASSES

_GROUP = "group:"


def _iso(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else ""


def _reached(result: Result, level: str) -> pd.Series:
    """For each activity, the sorted codes of the units of ``level`` it reaches."""
    key = f"{level}_code"
    rows = result.linked.placements
    rows = rows[rows[key].astype(str) != ""]
    return rows.groupby("activity_id")[key].agg(lambda s: tuple(sorted(set(s))))


def activity_table(result: Result) -> pd.DataFrame:
    """One row per activity with the places it reaches (for the atlas and the GeoPackage)."""
    acts = result.activities.copy()
    for level in ("kecamatan", "desa"):
        reached = _reached(result, level)
        acts[f"{level}_codes"] = [reached.get(a, ()) for a in acts["activity_id"]]
    acts["start"] = acts["start"].map(_iso)
    acts["end"] = acts["end"].map(_iso)
    return acts


def land_texts(table: pd.DataFrame | None, key: str, layers: Mapping[str, Layer], *,
               english: bool) -> dict[str, str]:
    """Return a short text per unit: the largest classes of each layer, and point counts.

    Layer titles and class labels come from the catalogue in the atlas's language; numbers
    are written in its convention (``12.126 ha``; ``12,126 ha``).
    """
    if table is None or table.empty:
        return {}

    def title(layer_id: str) -> str:
        layer = layers.get(layer_id)
        return layer_id if layer is None else (layer.title_en if english else layer.title)

    def label(layer_id: str, code: str, written: str) -> str:
        layer = layers.get(layer_id)
        return written if layer is None or not english else layer.label(code, english=True)

    lang = "en" if english else "id"
    texts: dict[str, list[str]] = {}
    areas = table[table["area_ha"].notna() & ~table["class_code"].astype(str).str.startswith(
        _GROUP)]
    for (unit, layer_id), rows in areas.groupby([key, "layer"], sort=True):
        top = rows.nlargest(ATLAS_TOP_CLASSES, "area_ha")
        parts = [f"{label(str(layer_id), str(r['class_code']), str(r['class']))} "
                 f"{format_ha(r['area_ha'], lang)} ({format_share(r['share'], lang)})"
                 for _, r in top.iterrows()]
        texts.setdefault(str(unit), []).append(f"{title(str(layer_id))}: " + "; ".join(parts))
    points = table[table["class_code"] == "all"]
    word = ui_strings(lang)["points_word"]
    for row in points.itertuples():
        texts.setdefault(str(getattr(row, key)), []).append(
            f"{title(str(row.layer))}: {format_number(as_int(row.n_points), lang)} {word}")
    return {unit: " | ".join(parts) for unit, parts in texts.items()}


def measures(result: Result) -> tuple[pd.DataFrame, tuple[Measure, ...]]:
    """Priority values per desa as columns ``prio_<name>``, and their Measure records."""
    values = None if result.land is None else result.land.priorities_desa
    if values is None or values.empty:
        return pd.DataFrame(index=pd.Index([], name="code")), ()
    wide = values.pivot_table(index="code", columns="priority", values="value", aggfunc="sum")
    found = [name for name in PRIORITIES if name in wide.columns]
    wide = wide[found].add_prefix("prio_")
    records = tuple(Measure(f"prio_{name}", PRIORITIES[name].label, PRIORITIES[name].label_en,
                            PRIORITIES[name].unit) for name in found)
    return wide, records


def atlas_input(result: Result, *, title: str, illustrative: bool, data_date: str,
                english: bool = False) -> AtlasInput:
    """Assemble the atlas of a build.

    Parameters
    ----------
    result : Result
        From :func:`landscape.pipeline.build`.
    title : str
        The map title.
    illustrative : bool
        Whether the boundaries are schematic (said on the map).
    data_date : str
        The date the data stands for.
    english : bool
        Layer and class labels in English.

    Returns
    -------
    AtlasInput
    """
    acts = activity_table(result)
    for column in ("funding", "action_items"):
        acts[column] = acts[column].map(lambda v: "; ".join(v) if v else "")
    for column in ("desa_codes", "kecamatan_codes"):
        acts[column] = acts[column].map(list)
    layers = {loaded.id: loaded.layer for loaded in result.layers}
    land = result.land
    activity_land = land_texts(None if land is None else land.activities, "activity_id",
                               layers, english=english)
    acts["land_status"] = [activity_land.get(a, "") for a in acts["activity_id"]]
    kec_names = result.bounds.kecamatan[["code", "name"]].rename(
        columns={"code": "kecamatan_code", "name": "kecamatan"})
    desa = result.bounds.desa.merge(kec_names, on="kecamatan_code", how="left")
    wide, records = measures(result)
    desa = desa.join(wide, on="code")
    rasters, vectors = overlays(result.layers, english=english,
                                area=area_of_interest(result.bounds.kecamatan))
    columns = ["activity_id", "org", "org_type", "title", "theme", "start", "end", "budget_idr",
               "funding", "action_items", "precision", "desa_codes", "kecamatan_codes",
               "land_status", *[c for c in ("status", "source_row") if c in acts.columns]]
    return AtlasInput(
        title=title, kecamatan=result.bounds.kecamatan[["code", "name", "geometry"]],
        desa=desa[["code", "name", "kecamatan_code", "kecamatan", "geometry",
                   *[m.key for m in records]]],
        activities=acts[columns], areas=result.linked.areas, measures=records,
        desa_land_status=land_texts(None if land is None else land.desa, "desa_code",
                                    layers, english=english),
        rasters=rasters, vectors=vectors, sources=tuple(result.sources), date=data_date,
        illustrative=illustrative, aliases=org_aliases(result), item_titles=item_titles(result),
        workbook_rows=None if result.tally is None else result.tally.rows,
        plan=plan_table(result), organisations=organisation_table(result),
        beside=beside_table(result))


def org_aliases(result: Result) -> dict[str, tuple[str, ...]]:
    """Per organisation, the other names it goes by: its acronym, the sheet's spellings."""
    names: dict[str, set[str]] = {}
    for org in result.organisations:
        if org.acronym:
            names.setdefault(org.name, set()).add(org.acronym)
    acts = result.activities
    if "org_written" in acts.columns:
        for org, written in zip(acts["org"], acts["org_written"], strict=True):
            if isinstance(written, str) and written.strip() and written.strip() != org:
                names.setdefault(str(org), set()).add(written.strip())
    return {org: tuple(sorted(found)) for org, found in names.items()}


def item_titles(result: Result) -> dict[str, str]:
    """Return each action item number's title (the plan's ``activity`` column)."""
    items = result.items
    if items is None or "item_no" not in items.columns or "activity" not in items.columns:
        return {}
    return {str(no).strip(): str(title).strip()
            for no, title in zip(items["item_no"], items["activity"], strict=True)
            if str(no).strip() and isinstance(title, str) and title.strip()}
