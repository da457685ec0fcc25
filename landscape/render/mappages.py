"""One printable A4 page per kecamatan: its desa, who works there, the plan's items, the gaps.

Each page has the kecamatan's map (desa in greys by number of organisations,
named; partner areas, points and tracks by organisation type; the kabupaten
around it in light grey), a legend, a scale bar, a north arrow, and three
lists: the organisations working there with their number of activities, the
action items planned there (reached or not) and, with landscape layers, the
priority gaps there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from landscape.model import Result
from landscape.render.files import atomic_path
from landscape.render.maps import (
    A4,
    PRINT_TOLERANCE_M,
    draw_partners,
    footer,
    frame_axes,
    grey,
    kabupaten_figure,
    legends,
    north_arrow,
    scale_bar,
    simplified,
    utm,
    word,
)

_MOST = 22  # lines of a page's lists, together, before "... and N more"


def _lines(items: list[str], lang: str, most: int = _MOST) -> list[str]:
    if not items:
        return [word("none", lang)]
    if len(items) > most:
        more = "... dan" if lang != "en" else "... and"
        return [*items[:most - 1], f"{more} {len(items) - most + 1}"]
    return items


def _short(text: object, width: int = 70) -> str:
    """Return ``text`` cut to ``width`` characters.

    >>> _short("a" * 80, 10)
    'aaaaaaaaa…'
    """
    value = str(text or "")
    return value if len(value) <= width else value[:width - 1] + "…"


def who_lines(who: pd.DataFrame, code: str, lang: str) -> list[str]:
    """Return the organisations working in kecamatan ``code``, with their activities counted."""
    here = who[who["kecamatan_code"].astype(str) == code]
    counts = here.groupby("org")["activity_id"].nunique().sort_values(ascending=False)
    return [f"{_short(org, 52)}: {n} {word('activities', lang)}" for org, n in counts.items()]


def _codes(text: object) -> set[str]:
    return {c.strip() for c in str(text or "").split(";") if c.strip()}


def item_lines(plan: pd.DataFrame, code: str, lang: str) -> list[str]:
    """Return the action items planned in kecamatan ``code`` (or everywhere), reached or not."""
    rows = []
    for item in plan.itertuples(index=False):
        planned = _codes(item.planned_kecamatan_codes)
        if code not in planned and "ALL" not in planned:
            continue
        reached = _codes(item.actual_kecamatan_codes)
        state = word("reached" if code in reached or "ALL" in reached else "not_reached", lang)
        rows.append(f"{item.item_no}. {_short(item.activity, 48)} ({state})")
    return rows


def gap_lines(result: Result, code: str, lang: str) -> list[str] | None:
    """Return the priority gaps in kecamatan ``code`` (None without landscape layers)."""
    if result.land is None:
        return None
    gaps = result.land.gaps
    here = gaps[gaps["code"].astype(str).str.startswith(code)]
    return _lines([f"{_short(g.name, 24)}: {_short(g.priority, 22)} ({g.value:,.0f} {g.unit})"
                   for g in here.itertuples(index=False)], lang, 8)


def _text_block(fig: Figure, left: float, top: float, title: str, lines: list[str]) -> float:
    fig.text(left, top, title, fontsize=8.5, fontweight="bold", va="top")
    fig.text(left, top - 0.016, "\n".join(lines), fontsize=6.5, va="top", linespacing=1.3)
    return top - 0.03 - 0.0112 * len(lines)


def kecamatan_figure(result: Result, code: str, *, lang: str, data_date: str, title: str,
                     desa: gpd.GeoDataFrame, kecamatan: gpd.GeoDataFrame,
                     areas: gpd.GeoDataFrame) -> Figure:
    """Return the page of kecamatan ``code`` (frames already in the map's CRS)."""
    unit = kecamatan[kecamatan["code"] == code]
    name = str(unit["name"].iloc[0])
    fig = Figure(figsize=A4)
    fig.text(0.5, 0.97, f"{word('kecamatan', lang)} {name} ({code})", ha="center", va="top",
             fontsize=14, fontweight="bold")
    fig.text(0.5, 0.945, f"{title}  -  {word('data_date', lang)}: {data_date or '-'}",
             ha="center", va="top", fontsize=8)
    ax = fig.add_axes((0.05, 0.47, 0.9, 0.45))
    kecamatan.plot(ax=ax, color="#f4f4f4", edgecolor="#b0b0b0", linewidth=0.5)
    mine = desa[desa["kecamatan_code"].astype(str) == code]
    mine.plot(ax=ax, color=[grey(n) for n in mine["n_orgs"].fillna(0)], edgecolor="#6e6e6e",
              linewidth=0.4)
    unit.boundary.plot(ax=ax, color="black", linewidth=1.2)
    outline = unit.geometry.iloc[0]
    inside = areas[areas.intersects(outline)]
    keys = draw_partners(ax, inside.clip(outline.buffer(2000))) if len(inside) else []
    frame_axes(ax, unit.geometry)
    for label, point in zip(mine["desa"] if "desa" in mine.columns else mine["name"],
                            mine.geometry.representative_point(), strict=True):
        ax.text(point.x, point.y, _short(label, 22), fontsize=5.5, ha="center", va="center")
    scale_bar(ax)
    north_arrow(ax, lang)
    legends(fig.add_axes((0.05, 0.35, 0.9, 0.11)), keys, lang)
    gaps = gap_lines(result, code, lang)
    who = who_lines(result.who, code, lang)
    top = _text_block(fig, 0.06, 0.33, word("who", lang),
                      _lines(who, lang, _MOST - (len(gaps) + 2 if gaps else 0)))
    if gaps is not None:
        _text_block(fig, 0.06, top, word("gaps", lang), gaps)
    _text_block(fig, 0.52, 0.33, word("items", lang),
                _lines(item_lines(result.plan.plan_vs_reality, code, lang), lang))
    footer(fig, result, lang, data_date)
    return fig


def kecamatan_figures(result: Result, *, lang: str, data_date: str,
                      title: str) -> Iterator[Figure]:
    """Yield one page per kecamatan of the kabupaten, by name."""
    crs = utm(result)
    desa = simplified(result.coverage_desa, crs, PRINT_TOLERANCE_M / 4)
    if "kecamatan_code" not in desa.columns:
        codes = dict(zip(result.bounds.desa["code"], result.bounds.desa["kecamatan_code"],
                         strict=True))
        desa["kecamatan_code"] = desa["desa_code"].map(codes)
    kecamatan = simplified(result.bounds.kecamatan, crs, PRINT_TOLERANCE_M / 4)
    areas = result.linked.areas.to_crs(crs)
    for code in kecamatan.sort_values("name")["code"]:
        yield kecamatan_figure(result, str(code), lang=lang, data_date=data_date, title=title,
                               desa=desa, kecamatan=kecamatan, areas=areas)


def write_maps(result: Result, paths: Sequence[Path], *, title: str, lang: str,
               data_date: str) -> None:
    """Write ``atlas.png``, ``atlas.pdf`` and the per-kecamatan PDF (``paths``, in that order)."""
    png, pdf, pages = paths
    fig = kabupaten_figure(result, title=title, lang=lang, data_date=data_date)
    with atomic_path(png) as tmp:
        fig.savefig(tmp, format="png", dpi=150, metadata={"Software": None})
    with atomic_path(pdf) as tmp:
        fig.savefig(tmp, format="pdf", metadata={"CreationDate": None, "Producer": None})
    with atomic_path(pages) as tmp, PdfPages(tmp, metadata={"CreationDate": None,
                                                            "Producer": None}) as book:
        for page in kecamatan_figures(result, lang=lang, data_date=data_date, title=title):
            book.savefig(page)
