"""Maps to print: the kabupaten on A4 (``atlas.png``, ``atlas.pdf``) and a page per kecamatan.

Drawn with matplotlib, offline, in the kabupaten's UTM zone (metres, so the scale
bar is true). Readable in black and white: the desa are shaded in greys by the
number of organisations, and each organisation type has its own hatching, marker
and line style besides the atlas's colour. Every page has a title, the data
date, a legend, a scale bar, a north arrow and the sources. The same build gives
the same files (no clock in the PDF).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from landscape.model import Result
from landscape.render.atlas.i18n import ORG_TYPES, org_type_key

A4 = (8.27, 11.69)  # inches, portrait
#: Outlines are simplified to this many metres: finer than a printed line at these scales.
PRINT_TOLERANCE_M = 40.0
#: Classes of organisations per desa: (lowest count, grey).
GREYS = ((0, "#ffffff"), (1, "#e0e0e0"), (2, "#bdbdbd"), (4, "#969696"), (7, "#6e6e6e"))
#: Organisation type key -> (hatching, marker, line style), for black-and-white print.
LineStyle = Literal["-", "--", "-.", ":"] | tuple[float, tuple[float, ...]]
PRINT_STYLE: dict[str, tuple[str, str, LineStyle]] = {
    "pemerintah": ("///", "s", "-"), "lsm": ("\\\\\\", "o", "--"),
    "mitra_pembangunan": ("xxx", "D", "-."), "swasta": ("...", "^", ":"),
    "masyarakat": ("---", "v", (0, (5, 1, 1, 1))), "akademisi": ("|||", "P", (0, (1, 1))),
    "lainnya": ("+++", "X", (0, (3, 3))),
}
WORDS = {
    "orgs_per_desa": ("Jumlah lembaga per desa", "Organisations per desa"),
    "partner_areas": ("Areal, titik dan jalur mitra", "Partner areas, points and tracks"),
    "data_date": ("Tanggal data", "Data date"),
    "sources": ("Sumber", "Sources"),
    "north": ("U", "N"),
    "kecamatan": ("Kecamatan", "Kecamatan"),
    "who": ("Siapa bekerja di sini", "Who works here"),
    "items": ("Rencana aksi di kecamatan ini", "Action items planned here"),
    "gaps": ("Celah prioritas", "Priority gaps"),
    "none": ("(tidak ada)", "(none)"),
    "reached": ("tercapai", "reached"),
    "not_reached": ("belum tercapai", "not reached"),
    "activities": ("kegiatan", "activities"),
    "made": ("Dibuat dengan landscape", "Made with landscape"),
}


def word(key: str, lang: str) -> str:
    """Return a fixed word of the maps in ``lang``."""
    pair = WORDS[key]
    return pair[1] if lang == "en" else pair[0]


def grey(n: float) -> str:
    """Return the grey of a desa with ``n`` organisations.

    >>> grey(0), grey(3), grey(12)
    ('#ffffff', '#bdbdbd', '#6e6e6e')
    """
    return [g for low, g in GREYS if n >= low][-1]


def _class_label(i: int) -> str:
    low = GREYS[i][0]
    if i + 1 == len(GREYS):
        return f"{low}+"
    high = GREYS[i + 1][0] - 1
    return str(low) if low == high else f"{low}-{high}"


def org_key(org_type: object) -> str:
    """Return the atlas's organisation-type key of a type as written."""
    return org_type_key(str(org_type or ""))


def _colour(key: str) -> str:
    return next(c for k, c, *_ in ORG_TYPES if k == key)


def _label(key: str, lang: str) -> str:
    return next((en if lang == "en" else id_) for k, _c, id_, en, _a in ORG_TYPES if k == key)


def draw_partners(ax: Axes, areas: gpd.GeoDataFrame) -> list[str]:
    """Draw partner polygons, tracks and points by organisation type; return the keys drawn."""
    keys = areas["org_type"].map(org_key)
    kinds = areas.geometry.geom_type.str.removeprefix("Multi")
    drawn = []
    for key in [k for k, *_ in ORG_TYPES if k in set(keys)]:
        hatch, marker, line = PRINT_STYLE[key]
        colour = _colour(key)
        mine = areas[keys == key]
        mine_kinds = kinds[keys == key]
        polys = mine[mine_kinds == "Polygon"]
        if len(polys):
            polys.plot(ax=ax, facecolor="none", edgecolor=colour, hatch=hatch, linewidth=0.9)
        lines = mine[mine_kinds == "LineString"]
        if len(lines):
            lines.plot(ax=ax, color=colour, linewidth=1.6, linestyle=line)
        points = mine[mine_kinds == "Point"]
        if len(points):
            points.plot(ax=ax, color=colour, marker=marker, markersize=26, edgecolor="black",
                        linewidth=0.5)
        drawn.append(key)
    return drawn


def partner_handles(keys: Sequence[str]) -> list[tuple[Patch, Line2D]]:
    """Return the legend entries of the organisation types: hatching, marker and line."""
    handles = []
    for key in keys:
        hatch, marker, line = PRINT_STYLE[key]
        colour = _colour(key)
        handles.append((Patch(facecolor="white", edgecolor=colour, hatch=hatch),
                        Line2D([], [], color=colour, marker=marker, linestyle=line,
                               markeredgecolor="black")))
    return handles


def choropleth_handles() -> list[Patch]:
    """Return the legend entries of the grey classes."""
    return [Patch(facecolor=g, edgecolor="#555555", linewidth=0.5, label=_class_label(i))
            for i, (_low, g) in enumerate(GREYS)]


def _nice(length: float) -> float:
    """Return a round length (1, 2 or 5 times a power of ten) near ``length``.

    >>> _nice(37_000), _nice(140_000)
    (20000.0, 100000.0)
    """
    power = 10 ** np.floor(np.log10(length))
    return float(max(m * power for m in (1, 2, 5) if m * power <= length))


def scale_bar(ax: Axes) -> None:
    """Draw a two-part scale bar of a round length in the lower left (axes in metres)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    length = _nice((x1 - x0) / 4)
    height = (y1 - y0) / 120
    left, bottom = x0 + (x1 - x0) * 0.05, y0 + (y1 - y0) * 0.04
    for i, fill in enumerate(("black", "white")):
        ax.add_patch(Rectangle((left + i * length / 2, bottom), length / 2, height,
                               facecolor=fill, edgecolor="black", linewidth=0.8, zorder=5))
    for at, text in ((0, "0"), (length / 2, ""), (length, f"{length / 1000:g} km")):
        ax.text(left + at, bottom + height * 1.8, text, ha="center", va="bottom", fontsize=7,
                zorder=5)


def north_arrow(ax: Axes, lang: str) -> None:
    """Draw a north arrow in the upper right (grid north of the UTM zone)."""
    ax.annotate(word("north", lang), xy=(0.94, 0.95), xytext=(0.94, 0.86),
                xycoords="axes fraction", ha="center", va="center", fontsize=11,
                fontweight="bold", arrowprops={"facecolor": "black", "width": 4,
                                               "headwidth": 11, "headlength": 10})


def legends(ax: Axes, keys: Sequence[str], lang: str, *, stacked: bool = False) -> None:
    """Draw the grey classes and the organisation types drawn on ``ax``.

    Side by side (greys left), or ``stacked`` (greys above) for a narrow column.
    """
    ax.axis("off")
    greys = ax.legend(handles=choropleth_handles(), title=word("orgs_per_desa", lang),
                      loc="upper left", fontsize=8, title_fontsize=9, frameon=False,
                      alignment="left")
    ax.add_artist(greys)
    ax.legend(partner_handles(keys), [_label(k, lang) for k in keys],
              title=word("partner_areas", lang), loc="center left" if stacked else "upper right",
              ncol=1 if stacked else 2, fontsize=8, title_fontsize=9, frameon=False,
              handlelength=4.5, alignment="left",
              handler_map={tuple: HandlerTuple(ndivide=None)})


def frame_axes(ax: Axes, extent: gpd.GeoSeries) -> None:
    """Fit the axes to ``extent`` with a margin, equal aspect, no ticks."""
    minx, miny, maxx, maxy = extent.total_bounds
    pad = max(maxx - minx, maxy - miny) * 0.04
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")


def footer(fig: Figure, result: Result, lang: str, data_date: str) -> None:
    """Write the data date and the sources at the foot of the page."""
    sources = "; ".join(result.sources)
    fig.text(0.06, 0.035, f"{word('data_date', lang)}: {data_date or '-'}    "
             f"{word('made', lang)}", fontsize=7)
    fig.text(0.06, 0.02, f"{word('sources', lang)}: {sources}", fontsize=6, wrap=True)


def simplified(frame: gpd.GeoDataFrame, crs: str, metres: float = PRINT_TOLERANCE_M,
               ) -> gpd.GeoDataFrame:
    """Return ``frame`` in ``crs`` with its outlines simplified to ``metres`` (finer than ink)."""
    out = frame.to_crs(crs)
    return out.set_geometry(out.geometry.simplify(metres))


def utm(result: Result) -> str:
    """Return the UTM zone (as a CRS string) the kabupaten's maps are drawn in."""
    return str(result.bounds.kecamatan.estimate_utm_crs().to_string())


def kabupaten_figure(result: Result, *, title: str, lang: str, data_date: str) -> Figure:
    """Return the A4 page of the whole kabupaten (landscape when the kabupaten is wide)."""
    crs = utm(result)
    desa = simplified(result.coverage_desa, crs)
    kecamatan = simplified(result.bounds.kecamatan, crs)
    minx, miny, maxx, maxy = kecamatan.total_bounds
    wide = (maxx - minx) > 1.1 * (maxy - miny)
    fig = Figure(figsize=A4[::-1] if wide else A4)
    fig.text(0.5, 0.97, title, ha="center", va="top", fontsize=15, fontweight="bold",
             wrap=True)
    fig.text(0.5, 0.925, f"{result.bounds.kabupaten_name()}  -  "
             f"{word('data_date', lang)}: {data_date or '-'}", ha="center", va="top",
             fontsize=10)
    ax = fig.add_axes((0.03, 0.1, 0.72, 0.8) if wide else (0.05, 0.27, 0.9, 0.63))
    desa.plot(ax=ax, color=[grey(n) for n in desa["n_orgs"].fillna(0)], edgecolor="#8c8c8c",
              linewidth=0.2)
    kecamatan.boundary.plot(ax=ax, color="black", linewidth=0.9)
    keys = draw_partners(ax, result.linked.areas.to_crs(crs))
    frame_axes(ax, kecamatan.geometry)
    for name, point in zip(kecamatan["name"], kecamatan.geometry.representative_point(),
                           strict=True):
        ax.text(point.x, point.y, str(name), fontsize=7, ha="center", va="center",
                fontweight="bold", bbox={"facecolor": "white", "alpha": 0.7, "pad": 0.8,
                                         "edgecolor": "none"})
    scale_bar(ax)
    north_arrow(ax, lang)
    box = (0.77, 0.1, 0.21, 0.8) if wide else (0.05, 0.07, 0.9, 0.18)
    legends(fig.add_axes(box), keys, lang, stacked=wide)
    footer(fig, result, lang, data_date)
    return fig


__all__ = ["kabupaten_figure"]
