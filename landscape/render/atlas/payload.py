"""Render: the HTML atlas that planners open in a browser, with or without internet.

One self-contained file: Leaflet (from the installed ``xstatic-leaflet``
package), the atlas's own script and styles, and the data are all inlined (see
:mod:`landscape.render.atlas.page`), so a page opened offline loads nothing from the
network. The OpenStreetMap basemap is an optional layer, off by default.

The page is built from plain data (:class:`AtlasInput`, whose records live in
:mod:`landscape.render.atlas.model`). Boundaries are simplified as a coverage
(shared edges stay shared) and encoded as integer deltas (see
:mod:`landscape.render.atlas.geometry`); every text from the data travels in one
JSON block and is put on the page with ``textContent`` by ``atlas.js``, never as
HTML. A Content-Security-Policy lets only the two inlined scripts run.
The same input gives the same bytes: everything is sorted, there are no
timestamps and no random ids.

Choropleths of activities (number of organisations, number of activities,
budget) are computed in the browser from the filtered activities, so the map,
the legend and the summary panel always agree; a :class:`Measure` is a static
column of the desa table.
"""

from __future__ import annotations

import base64
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from landscape._text import place_fold_table
from landscape.errors import InputError, LayerError
from landscape.problems import Problem
from landscape.render.atlas import geometry as geo
from landscape.render.atlas.changes import changes_payload
from landscape.render.atlas.i18n import org_type_key, org_type_legend, ui_strings
from landscape.render.atlas.model import AtlasInput, Measure, RasterOverlay, VectorOverlay
from landscape.render.atlas.page import OSM_TILES, render_page
from landscape.render.files import write_text
from landscape.settings import (
    ATLAS_BUDGET_BYTES,
    GEOGRAPHIC_CRS,
    PROVINCE_ATLAS_BUDGET_BYTES,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd

MIN_ZOOM: Final = 6
MAX_ZOOM: Final = 16
SIZE_BUDGET_BYTES: Final = ATLAS_BUDGET_BYTES
#: The budget of an atlas of a whole province (every kabupaten's desa).
PROVINCE_BUDGET_BYTES: Final = PROVINCE_ATLAS_BUDGET_BYTES

_PNG_SIGNATURE: Final = b"\x89PNG\r\n\x1a\n"
_COLOUR: Final = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,30}|(rgb|hsl)a?\([0-9.,%\s]+\))$")
_YEAR: Final = re.compile(r"^\s*(\d{4})")
_KINDS: Final = ("polygon", "line", "point")


# --------------------------------------------------------------------- values


def _missing(value: object) -> bool:
    """Return True for None, NaN, NA and NaT."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _text(value: object) -> str:
    """Return a cell as stripped text ("" when missing)."""
    return "" if _missing(value) else str(value).strip()


def _number(value: object, *, digits: int = 2) -> float | int | None:
    """Return a finite number rounded to ``digits`` decimals (int when whole), else None."""
    if _missing(value) or isinstance(value, bool):
        return None
    try:
        number = round(float(str(value)), digits)
    except ValueError:
        return None
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


def _codes(value: object) -> list[str]:
    """Return a list-like or "a; b" cell as sorted unique codes."""
    if isinstance(value, str):
        items: Iterable[object] = re.split(r"[;,]", value)
    elif _missing(value):
        items = ()
    else:
        items = value  # type: ignore[assignment]
    return sorted({_text(item) for item in items} - {""})


def _items(value: object) -> list[str]:
    """Return action items ("13; 14", 13.0, [13, 14]) as numerically sorted strings."""
    if isinstance(value, int | float) and not _missing(value):
        value = str(value)
    items = set()
    for code in _codes(value):
        number = _number(code)
        items.add(str(number) if isinstance(number, int) else code)
    return sorted(items, key=lambda code: (not code.isdigit(), len(code), code))


def _year(value: str) -> int | None:
    match = _YEAR.match(value)
    return int(match.group(1)) if match else None


# ------------------------------------------------------------------- frames


def _frame(frame: gpd.GeoDataFrame, what: str, required: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Check the columns of a layer and return it in EPSG:4326, sorted by code."""
    missing = [column for column in required if column not in frame.columns]
    if missing:
        msg = f"The atlas {what} table has no column {missing[0]!r}; add it (one of {required})."
        raise InputError(msg)
    if frame.crs is None:
        west, south, east, north = frame.total_bounds if len(frame) else (0, 0, 0, 0)
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            msg = f"The atlas {what} layer has no CRS and is not in degrees; set its CRS."
            raise LayerError(msg)
        frame = frame.set_crs(GEOGRAPHIC_CRS)
    elif frame.crs != GEOGRAPHIC_CRS:
        frame = frame.to_crs(GEOGRAPHIC_CRS)
    if "code" in frame.columns:
        frame = frame.assign(code=frame["code"].map(_text))
        frame = frame.sort_values("code", kind="stable")
    return frame


def _activities(frame: pd.DataFrame) -> pd.DataFrame:
    """Check the activity table and sort it by id."""
    for column in ("activity_id", "org"):
        if column not in frame.columns and len(frame):
            msg = f"The atlas activity table has no column {column!r}; add it."
            raise InputError(msg)
    if not len(frame):
        return pd.DataFrame({"activity_id": [], "org": []})
    ids = frame["activity_id"].map(_text)
    return frame.assign(activity_id=ids).sort_values("activity_id", kind="stable")


# ------------------------------------------------------------------ payload


def _boundaries(
    atlas: AtlasInput, measures: tuple[Measure, ...]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Any]]:
    """Return the desa and kecamatan records and every drawn boundary geometry."""
    desa = _frame(atlas.desa, "desa", ("code", "name", "kecamatan_code", "geometry"))
    kec = _frame(atlas.kecamatan, "kecamatan", ("code", "name", "geometry"))
    for measure in measures:
        if measure.key not in desa.columns:
            msg = f"The atlas desa table has no column {measure.key!r} for the measure "
            msg += f"{measure.label_en!r}; add the column or drop the measure."
            raise InputError(msg)
    desa_shapes = geo.simplify_coverage(list(desa.geometry))
    kec_codes = [_text(code) for code in desa["kecamatan_code"]]
    dissolved = geo.dissolve(desa_shapes, kec_codes)
    kec_names = dict(zip(kec["code"], kec["name"].map(_text), strict=True))
    kec_shapes = [
        dissolved[code] if code in dissolved else geo.simplify_features([shape])[0]
        for code, shape in zip(kec["code"], kec.geometry, strict=True)
    ]
    kec_column = desa["kecamatan"] if "kecamatan" in desa.columns else [""] * len(desa)
    desa_records = [
        {
            "code": code, "name": _text(name), "kec": kec_code,
            "kecName": kec_names.get(kec_code) or _text(kec_name),
            "land": _text(atlas.desa_land_status.get(code, "")),
            "m": [_number(row[measure.key]) for measure in measures],
            "g": geo.encode(shape), "p": geo.encode_point(shape),
        }
        for (code, name, kec_code, kec_name, (_i, row), shape) in zip(
            desa["code"], desa["name"], kec_codes, kec_column, desa.iterrows(), desa_shapes,
            strict=True)
    ]
    kec_records = [
        {"code": code, "name": kec_names[code], "g": geo.encode(shape),
         "p": geo.encode_point(shape)}
        for code, shape in zip(kec["code"], kec_shapes, strict=True)
    ]
    return desa_records, kec_records, [*desa_shapes, *kec_shapes]


def _activity_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return one record per activity, sorted by id."""
    records = []
    for row in _activities(frame).to_dict("records"):
        start, end = _text(row.get("start")), _text(row.get("end"))
        first = _year(start) or _year(end)
        type_text = _text(row.get("org_type"))
        records.append({
            "id": row["activity_id"], "org": _text(row["org"]),
            "type": org_type_key(type_text), "typeText": type_text,
            "title": _text(row.get("title")), "theme": _text(row.get("theme")),
            "start": start, "end": end, "y0": first, "y1": _year(end),
            "budget": _number(row.get("budget_idr")), "funding": _text(row.get("funding")),
            "items": _items(row.get("action_items")),
            "precision": _text(row.get("precision")),
            "desa": _codes(row.get("desa_codes")), "kec": _codes(row.get("kecamatan_codes")),
            "land": _text(row.get("land_status")),
        })
    return records


def _area_records(frame: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Return one record per partner area, sorted by activity and name."""
    areas = _frame(frame, "areas", ("geometry",))
    rows = areas.drop(columns=areas.geometry.name).to_dict("records")
    shapes = geo.simplify_features(list(areas.geometry))
    records = []
    for row, shape in zip(rows, shapes, strict=True):
        kind = _text(row.get("kind")).lower()
        type_text = _text(row.get("org_type"))
        records.append({
            "act": _text(row.get("activity_id")), "org": _text(row.get("org")),
            "type": org_type_key(type_text), "typeText": type_text,
            "name": _text(row.get("name")),
            "kind": kind if kind in _KINDS else geo.geometry_kind(shape),
            "ha": _number(row.get("area_ha"), digits=1), "g": geo.encode(shape),
        })
    return sorted(records, key=lambda r: (r["act"], r["org"], r["name"]))


def _colour(value: object, where: str) -> str:
    colour = _text(value)
    if not _COLOUR.match(colour):
        msg = f"{where} has colour {colour!r}, which is not a CSS colour; use e.g. '#2e8b3e'."
        raise LayerError(msg)
    return colour


def _legend(layer: str, legend: tuple[tuple[str, str], ...]) -> list[list[str]]:
    return [[_colour(colour, f"The legend of layer {layer!r}"), _text(label)]
            for colour, label in legend]


def _vector_record(layer: VectorOverlay) -> dict[str, Any]:
    """Return a landscape vector layer as a record."""
    frame = _frame(layer.features, f"layer {layer.id!r}", ("class_code", "class", "colour",
                                                          "geometry"))
    shapes = geo.simplify_features(list(frame.geometry), coverage=True)
    names = frame["name"] if "name" in frame.columns else [""] * len(frame)
    features = [
        {"code": _text(code), "label": _text(label), "name": _text(name),
         "colour": _colour(colour, f"Feature {index} of layer {layer.id!r}"),
         "kind": geo.geometry_kind(shape), "g": geo.encode(shape)}
        for index, (code, label, colour, name, shape) in enumerate(zip(
            frame["class_code"], frame["class"], frame["colour"], names, shapes, strict=True))
    ]
    return {"id": layer.id, "title": layer.title, "legend": _legend(layer.id, layer.legend),
            "features": features}


def _raster_record(layer: RasterOverlay) -> dict[str, Any]:
    """Return a raster layer as a record with its PNG as a data URI."""
    if not layer.png.startswith(_PNG_SIGNATURE):
        msg = f"The image of raster layer {layer.id!r} is not a PNG; colour it and save as PNG."
        raise LayerError(msg)
    west, south, east, north = layer.bounds
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        msg = f"Raster layer {layer.id!r} has bounds {layer.bounds}, not west, south, east, "
        msg += "north in degrees."
        raise LayerError(msg)
    return {"id": layer.id, "title": layer.title, "legend": _legend(layer.id, layer.legend),
            "bounds": [_number(value, digits=6) for value in layer.bounds],
            "src": "data:image/png;base64," + base64.b64encode(layer.png).decode("ascii")}


def _years(activities: list[dict[str, Any]]) -> list[int]:
    """Return every year from the first start to the last start or end."""
    seen = [year for act in activities for year in (act["y0"], act["y1"]) if year is not None]
    return list(range(min(seen), max(seen) + 1)) if seen else []


def build_payload(atlas: AtlasInput, *, lang: str = "id") -> dict[str, Any]:
    """Return the data the page draws, as plain JSON-ready values.

    Parameters
    ----------
    atlas : AtlasInput
        What to show.
    lang : str, optional
        ``"id"`` or ``"en"``.

    Returns
    -------
    dict
        The content of the page's ``atlas-data`` block.
    """
    strings = ui_strings(lang)
    english = lang == "en"
    desa, kec, shapes = _boundaries(atlas, atlas.measures)
    activities = _activity_records(atlas.activities)
    return {
        "lang": lang, "t": strings, "title": atlas.title, "date": atlas.date,
        "illustrative": atlas.illustrative, "scale": geo.COORD_SCALE,
        "minZoom": MIN_ZOOM, "maxZoom": MAX_ZOOM, "tiles": OSM_TILES + "/{z}/{x}/{y}.png",
        "bounds": list(geo.total_bounds(shapes)),
        "outline": geo.encode(geo.outline(shapes[: len(desa)])),
        "orgTypes": org_type_legend(lang), "fold": place_fold_table(),
        "measures": [{"key": m.key, "label": m.label_en if english else m.label_id,
                      "unit": m.unit} for m in atlas.measures],
        "desa": desa, "kecamatan": kec, "activities": activities,
        "years": _years(activities), "areas": _area_records(atlas.areas),
        "vectors": [_vector_record(layer) for layer in atlas.vectors],
        "rasters": [_raster_record(layer) for layer in atlas.rasters],
        **changes_payload(atlas.changes, lang=lang, activity_ids={a["id"] for a in activities}),
    }


# --------------------------------------------------------------------- page


def render_atlas(atlas: AtlasInput, *, lang: str = "id") -> str:
    """Return the atlas as one self-contained HTML page.

    Parameters
    ----------
    atlas : AtlasInput
        What to show.
    lang : str, optional
        Language of the labels: ``"id"`` (Bahasa Indonesia, default) or ``"en"``.

    Returns
    -------
    str
        The page. Opened offline it loads nothing from the network.

    Raises
    ------
    InputError
        For an unknown language or a table missing a column.
    LayerError
        For a landscape layer that cannot be drawn (not a PNG, bad colour).
    """
    return render_page(build_payload(atlas, lang=lang), sources=atlas.sources)


def write_atlas(atlas: AtlasInput, path: str | Path, *, lang: str = "id") -> int:
    """Render the atlas and write it atomically to ``path``.

    Returns
    -------
    int
        The size of the written file in bytes (see :data:`SIZE_BUDGET_BYTES`).
    """
    return write_text(path, render_atlas(atlas, lang=lang))


def size_report(size: int, *, budget: int = SIZE_BUDGET_BYTES) -> str:
    """Return a one-line size report such as ``"atlas.html: 0.62 MB (budget 1.00 MB)"``."""
    verdict = "" if size <= budget else ", OVER BUDGET"
    return f"atlas.html: {size / 1_000_000:.2f} MB (budget {budget / 1_000_000:.2f} MB{verdict})"


def check_atlas(atlas: AtlasInput) -> list[Problem]:
    """Return what the atlas cannot draw or link, one :class:`Problem` each.

    Desa, kecamatan and areas without drawable geometry are still listed in
    search and counted in the summary but not drawn; desa codes of activities
    that are not among the atlas's desa are not counted on the map.
    """
    problems = []
    for what, frame in (("desa", atlas.desa), ("kecamatan", atlas.kecamatan),
                        ("areas", atlas.areas)):
        for row, geom in enumerate(frame.geometry, start=1):
            if geom is None or geom.is_empty:
                name = _text(frame["name"].iloc[row - 1]) if "name" in frame.columns else ""
                problems.append(Problem("atlas.html", what, row, "geometry", name,
                                        f"This {what} feature has no geometry and is not drawn.",
                                        "Add its geometry in the source layer."))
    known = {_text(code) for code in atlas.desa["code"]}
    for act in _activity_records(atlas.activities):
        problems.extend(
            Problem("atlas.html", "activities", None, "desa_codes", code,
                    f"Activity {act['id']} names desa {code}, which is not on the map.",
                    "Check the desa code.")
            for code in act["desa"] if code not in known)
    return problems
