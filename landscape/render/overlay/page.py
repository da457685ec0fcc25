"""``overlay.html``: one area checked, on one offline page.

The page is built with the atlas's machinery (:mod:`landscape.render.atlas.page`):
Leaflet inlined from ``xstatic-leaflet``, a Content-Security-Policy that lets only
the two inlined scripts run (by hash), the data as one JSON block that cannot close
its ``<script>`` early. The tables are written by the template
(``assets/overlay.html.j2``, autoescaped); ``assets/overlay.js`` draws the map and
puts every name on it with ``textContent``. The same check gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from markupsafe import Markup
from shapely.geometry import mapping

from landscape.analyse.areacheck import AreaCheck
from landscape.render.atlas.i18n import format_number
from landscape.render.atlas.page import (
    content_security_policy,
    inline_safe,
    leaflet_assets,
    script_json,
)
from landscape.settings import ATLAS_COORD_DECIMALS

__all__ = ["LABELS", "render_overlay_page", "summary_line"]

ASSETS: Final = Path(__file__).resolve().parent / "assets"
#: How far around the area (degrees) the desa are drawn as its surroundings.
SURROUNDINGS_DEGREES: Final = 0.05
#: Tolerance (degrees, about 11 m) for simplifying the desa drawn around the area.
DESA_SIMPLIFY_DEGREES: Final = 1e-4

LABELS: Final[dict[str, dict[str, str]]] = {
    "id": {
        "title": "Cek areal: {name}", "area": "Areal", "others": "Areal lembaga lain",
        "desa": "Desa", "kecamatan": "Kecamatan",
        "summary": ("{ha} ha di {n_desa} desa dan {n_kec} kecamatan; {n_met} kegiatan lembaga "
                    "lain bertemu areal ini ({n_overlaps} tumpang tindih)."),
        "no_area": "jalur atau titik (tanpa luas)",
        "note": ("Luas diukur dalam proyeksi luas-sama EPSG:6933. Areal ini tidak masuk "
                 "hitungan forum."),
        "sources": "Sumber", "desa_heading": "Desa yang dicakup",
        "kecamatan_heading": "Kecamatan yang dicakup", "share_of_area": "bagian areal",
        "share_of_desa": "bagian desa", "share_of_kecamatan": "bagian kecamatan",
        "land_heading": "Status lahan di dalam areal", "layer": "Lapisan", "class": "Kelas",
        "met_heading": "Kegiatan lembaga lain", "org": "Lembaga", "activity": "Kegiatan",
        "relation": "Hubungan", "shared_ha": "ha bersama", "when": "Waktu",
        "none_met": "Tidak ada kegiatan lembaga lain di areal atau desanya.",
        "items_heading": "Rencana aksi yang menyebut tempat ini", "item": "Rencana aksi",
        "lead": "Penanggung jawab", "places": "Tempat",
        "none_items": "Tidak ada rencana aksi yang menyebut desa atau kecamatan ini.",
        "noscript": "Peta memerlukan JavaScript; tabel di atas lengkap tanpanya.",
        "overlaps": "tumpang tindih", "crosses": "melintas", "same desa": "desa yang sama",
    },
    "en": {
        "title": "Area check: {name}", "area": "Area", "others": "Other organisations' areas",
        "desa": "Desa", "kecamatan": "Kecamatan",
        "summary": ("{ha} ha in {n_desa} desa and {n_kec} kecamatan; {n_met} activities of "
                    "other organisations meet it ({n_overlaps} overlapping)."),
        "no_area": "tracks or points (no area)",
        "note": ("Areas measured in the equal-area projection EPSG:6933. This area is not "
                 "counted in the forum's figures."),
        "sources": "Sources", "desa_heading": "Desa covered",
        "kecamatan_heading": "Kecamatan covered", "share_of_area": "share of area",
        "share_of_desa": "share of desa", "share_of_kecamatan": "share of kecamatan",
        "land_heading": "Land status inside the area", "layer": "Layer", "class": "Class",
        "met_heading": "Other organisations' activities", "org": "Organisation",
        "activity": "Activity", "relation": "Relation", "shared_ha": "shared ha",
        "when": "When", "none_met": "No other organisation works in the area or its desa.",
        "items_heading": "Action items naming these places", "item": "Action item",
        "lead": "Lead", "places": "Places",
        "none_items": "No action item names these desa or kecamatan.",
        "noscript": "The map needs JavaScript; the tables above are complete without it.",
        "overlaps": "overlaps", "crosses": "crosses", "same desa": "same desa",
    },
}


def _number(value: object, lang: str, decimals: int = 1) -> str:
    number = float(value) if isinstance(value, int | float | np.floating) else float("nan")
    return format_number(number, lang, decimals=decimals)


def _percent(value: object, lang: str) -> str:
    text = _number(float(value) * 100 if isinstance(value, int | float | np.floating)
                   else float("nan"), lang)
    return f"{text} %" if text else ""


def _joined(value: object) -> str:
    return "; ".join(map(str, value)) if isinstance(value, tuple | list) else str(value or "")


def _features(frame: gpd.GeoDataFrame, properties: list[dict[str, Any]]) -> dict[str, Any]:
    """Return a GeoJSON FeatureCollection, coordinates rounded as the atlas rounds them."""
    geoms = shapely.transform(frame.geometry.to_numpy(),
                              lambda xy: np.round(xy, ATLAS_COORD_DECIMALS))
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": mapping(geom)}
        for geom, props in zip(geoms, properties, strict=True) if geom is not None
        and not geom.is_empty]}


def summary_line(check: AreaCheck, lang: str = "en") -> str:
    """Return the one-line summary of a check (the page's and the terminal's)."""
    text = LABELS[lang]["summary"].format(
        ha=_number(check.area_ha, lang), n_desa=len(check.desa), n_kec=len(check.kecamatan),
        n_met=len(check.met), n_overlaps=int((check.met["relation"] == "overlaps").sum()))
    if check.area_ha:
        return text
    return LABELS[lang]["no_area"] + text.split(" ha", 1)[1]


def _payload(check: AreaCheck, desa: gpd.GeoDataFrame, kecamatan: pd.DataFrame,
             labels: dict[str, str]) -> dict[str, Any]:
    minx, miny, maxx, maxy = (float(v) for v in check.area.total_bounds)
    pad = SURROUNDINGS_DEGREES
    near = desa.cx[minx - pad:maxx + pad, miny - pad:maxy + pad]
    near = near.set_geometry(near.geometry.simplify(DESA_SIMPLIFY_DEGREES))
    covered = set(check.desa["desa_code"])
    kec_names = dict(zip(kecamatan["code"], kecamatan["name"], strict=True))
    acts = {str(r.activity_id): (str(r.title), " - ".join(
        p for p in (str(r.start), str(r.end)) if p)) for r in check.met.itertuples()}
    return {
        "t": labels,
        "bounds": [minx, miny, maxx, maxy],
        "area": _features(check.area, [{"name": str(r.name or ""), "kind": str(r.kind)}
                                       for r in check.area.itertuples()]),
        "desa": _features(near, [{"code": str(r.code), "name": str(r.name),
                                  "kecamatan": kec_names.get(str(r.kecamatan_code), ""),
                                  "covered": str(r.code) in covered}
                                 for r in near.itertuples()]),
        "others": _features(check.others, [
            {"org": str(r.org), "name": str(r.name or ""), "relation": str(r.relation),
             "title": acts[str(r.activity_id)][0], "when": acts[str(r.activity_id)][1]}
            for r in check.others.itertuples()]),
    }


def _rows(check: AreaCheck, lang: str, labels: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    def units(frame: pd.DataFrame, level: str) -> list[dict[str, str]]:
        return [{"code": str(r[f"{level}_code"]), "name": str(r[level]),
                 "kecamatan": str(r.get("kecamatan", "")), "ha": _number(r["area_ha"], lang),
                 "share_of_area": _percent(r["share_of_area"], lang),
                 "share_of_unit": _percent(r[f"share_of_{level}"], lang)}
                for _, r in frame.iterrows()]

    return {
        "desa": units(check.desa, "desa"), "kecamatan": units(check.kecamatan, "kecamatan"),
        "land": [{"layer": str(r["layer"]), "label": str(r["class"] or r["class_code"]),
                  "ha": _number(r["area_ha"], lang), "share": _percent(r["share"], lang)}
                 for _, r in check.land.iterrows()
                 if not str(r["class_code"]).startswith("group:") and r["class_code"] != "all"],
        "met": [{"org": str(r.org), "title": str(r.title), "id": str(r.activity_id),
                 "desa": _joined(r.desa),
                 "relation": labels.get(str(r.relation), str(r.relation)),
                 "ha": _number(r.shared_area_ha, lang),
                 "when": " - ".join(p for p in (str(r.start), str(r.end)) if p)}
                for r in check.met.itertuples()],
        "items": [{"no": str(r.item_no), "activity": str(r.activity), "status": str(r.status),
                   "when": " - ".join(p for p in (str(r.start), str(r.end)) if p),
                   "lead": str(r.lead), "places": _joined(r.places)}
                  for r in check.items.itertuples()],
    }


def render_overlay_page(check: AreaCheck, *, desa: gpd.GeoDataFrame, kecamatan: pd.DataFrame,
                        area_name: str, lang: str = "id", sources: Sequence[str] = ()) -> str:
    """Return ``overlay.html`` for one checked area.

    Parameters
    ----------
    check : AreaCheck
        From :func:`landscape.analyse.areacheck.check_area`.
    desa : geopandas.GeoDataFrame
        Every desa (``code, name, kecamatan_code``, EPSG:4326); those near the area are drawn.
    kecamatan : pandas.DataFrame
        ``code, name`` of the kecamatan, for the desa's tooltips.
    area_name : str
        The area file's name, for the title.
    lang : str
        ``"id"`` or ``"en"``.
    sources : sequence of str
        The files the check read, named under the title.
    """
    import jinja2  # noqa: PLC0415 - only when a page is written

    labels = LABELS[lang]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ASSETS), autoescape=True,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    leaflet_js, leaflet_css = leaflet_assets()
    script = (ASSETS / "overlay.js").read_text(encoding="utf-8")
    scripts = [inline_safe(leaflet_js, "script"), inline_safe(script, "script")]
    css = leaflet_css + "\n" + (ASSETS / "overlay.css").read_text(encoding="utf-8")
    title = labels["title"].format(name=area_name)
    return env.get_template("overlay.html.j2").render(
        lang=lang, t=labels, title=title, summary=summary_line(check, lang),
        sources=", ".join(sources), csp=content_security_policy(scripts),
        **_rows(check, lang, labels),
        css=Markup(inline_safe(css, "style")),  # noqa: S704 - checked inline code
        leaflet_js=Markup(scripts[0]), overlay_js=Markup(scripts[1]),  # noqa: S704
        data_json=Markup(script_json(_payload(check, desa, kecamatan, labels))),  # noqa: S704
    )
