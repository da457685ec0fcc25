"""QGIS styles for ``results.gpkg``: one default style per layer in the ``layer_styles`` table.

QGIS reads a GeoPackage layer's default style from the ``layer_styles`` table
(the columns QGIS itself writes when a style is saved "in the database"):
``styleQML`` (QGIS's own format) and ``styleSLD`` (for other software). The
activity layers are coloured by organisation type with the atlas's colours
(:data:`landscape.render.atlas.i18n.ORG_TYPES`), the coverage layers by the
number of organisations, overlaps and gaps in one colour each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape, quoteattr

import geopandas as gpd
import pandas as pd

from landscape.render.atlas.i18n import ORG_TYPES, org_type_key

STYLE_COLUMNS = ["f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column",
                 "styleName", "styleQML", "styleSLD", "useAsDefault", "description", "owner",
                 "ui", "update_time"]
#: Classes of the coverage layers (number of organisations): lower bound, colour.
COVERAGE_CLASSES = ((1, "#c7e9c0"), (2, "#74c476"), (4, "#31a354"), (7, "#006d2c"))
SINGLE_COLOURS = {"overlaps": "#d32f2f", "shared_work": "#f57c00", "gaps": "#7b1fa2"}
_COLOURS = {key: colour for key, colour, *_ in ORG_TYPES}
_KINDS = {"Point": "marker", "LineString": "line", "Polygon": "fill"}


def _rgba(colour: str, alpha: int = 255) -> str:
    """Return ``#rrggbb`` as QGIS's ``r,g,b,a``.

    >>> _rgba("#2e8b3e", 153)
    '46,139,62,153'
    """
    return ",".join(str(int(colour[i:i + 2], 16)) for i in (1, 3, 5)) + f",{alpha}"


def _options(values: Mapping[str, str]) -> str:
    """Return a symbol layer's properties, written both ways QGIS 3 reads them."""
    opts = "".join(f'<Option name={quoteattr(k)} type="QString" value={quoteattr(v)}/>'
                   for k, v in values.items())
    props = "".join(f"<prop k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in values.items())
    return f'<Option type="Map">{opts}</Option>{props}'


def _symbol(name: str, kind: str, colour: str, *, fill_alpha: int = 140) -> str:
    if kind == "marker":
        layer_class, values = "SimpleMarker", {
            "name": "circle", "size": "2.6", "color": _rgba(colour),
            "outline_color": "0,0,0,255", "outline_width": "0.3"}
    elif kind == "line":
        layer_class, values = "SimpleLine", {
            "line_color": _rgba(colour), "line_width": "0.8", "line_style": "solid"}
    else:
        layer_class, values = "SimpleFill", {
            "color": _rgba(colour, fill_alpha), "style": "solid",
            "outline_color": _rgba(colour), "outline_width": "0.4", "outline_style": "solid"}
    return (f'<symbol type="{kind}" name={quoteattr(name)} alpha="1" clip_to_extent="1" '
            f'force_rhr="0"><layer class="{layer_class}" enabled="1" locked="0" pass="0">'
            f"{_options(values)}</layer></symbol>")


def _qml(renderer: str) -> str:
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
            '<qgis version="3.22.0" styleCategories="Symbology">'
            f"{renderer}<blendMode>0</blendMode><featureBlendMode>0</featureBlendMode>"
            "<layerOpacity>1</layerOpacity></qgis>")


def _categories(values: Sequence[str]) -> list[tuple[str, str]]:
    """Return the organisation types found in a layer, each with the atlas's colour."""
    return [(v, _COLOURS[org_type_key(v)]) for v in sorted(set(values))]


def categorized_qml(field: str, categories: Sequence[tuple[str, str]], kind: str) -> str:
    """Return a categorised renderer: one symbol per value of ``field``."""
    cats = "".join(f'<category render="true" symbol="{i}" value={quoteattr(v)} '
                   f"label={quoteattr(v or '-')}/>" for i, (v, _c) in enumerate(categories))
    symbols = "".join(_symbol(str(i), kind, c) for i, (_v, c) in enumerate(categories))
    return _qml(f'<renderer-v2 type="categorizedSymbol" attr={quoteattr(field)} '
                'forceraster="0" symbollevels="0" enableorderby="0">'
                f"<categories>{cats}</categories><symbols>{symbols}</symbols></renderer-v2>")


def graduated_qml(field: str, classes: Sequence[tuple[int, str]], kind: str) -> str:
    """Return a graduated renderer: ``classes`` are (lower bound, colour), the last one open."""
    ranges, symbols = [], []
    for i, (low, colour) in enumerate(classes):
        high = classes[i + 1][0] - 1 if i + 1 < len(classes) else 1_000_000
        label = f"{low}-{high}" if i + 1 < len(classes) else f"{low}+"
        ranges.append(f'<range render="true" symbol="{i}" lower="{low - 0.5}" '
                      f'upper="{high + 0.5}" label="{label}"/>')
        symbols.append(_symbol(str(i), kind, colour, fill_alpha=200))
    return _qml(f'<renderer-v2 type="graduatedSymbol" attr={quoteattr(field)} '
                'graduatedMethod="GraduatedColor" forceraster="0" symbollevels="0" '
                f'enableorderby="0"><ranges>{"".join(ranges)}</ranges>'
                f'<symbols>{"".join(symbols)}</symbols></renderer-v2>')


def single_qml(colour: str, kind: str) -> str:
    """One symbol for every feature."""
    return _qml('<renderer-v2 type="singleSymbol" forceraster="0" symbollevels="0" '
                f'enableorderby="0"><symbols>{_symbol("0", kind, colour)}</symbols>'
                "</renderer-v2>")


def _sld_symbolizer(kind: str, colour: str) -> str:
    if kind == "marker":
        return ("<se:PointSymbolizer><se:Graphic><se:Mark><se:WellKnownName>circle"
                f'</se:WellKnownName><se:Fill><se:SvgParameter name="fill">{colour}'
                "</se:SvgParameter></se:Fill></se:Mark><se:Size>7</se:Size></se:Graphic>"
                "</se:PointSymbolizer>")
    if kind == "line":
        return (f'<se:LineSymbolizer><se:Stroke><se:SvgParameter name="stroke">{colour}'
                '</se:SvgParameter><se:SvgParameter name="stroke-width">2</se:SvgParameter>'
                "</se:Stroke></se:LineSymbolizer>")
    return (f'<se:PolygonSymbolizer><se:Fill><se:SvgParameter name="fill">{colour}'
            '</se:SvgParameter><se:SvgParameter name="fill-opacity">0.55</se:SvgParameter>'
            f'</se:Fill><se:Stroke><se:SvgParameter name="stroke">{colour}</se:SvgParameter>'
            "</se:Stroke></se:PolygonSymbolizer>")


def sld(layer: str, rules: Sequence[tuple[str, str, str]], kind: str) -> str:
    """Return a Styled Layer Descriptor: ``rules`` are (title, OGC filter or "", colour)."""
    body = "".join(f"<se:Rule><se:Name>{escape(title)}</se:Name>{flt}"
                   f"{_sld_symbolizer(kind, colour)}</se:Rule>" for title, flt, colour in rules)
    return ('<?xml version="1.0" encoding="UTF-8"?><StyledLayerDescriptor version="1.1.0" '
            'xmlns="http://www.opengis.net/sld" xmlns:ogc="http://www.opengis.net/ogc" '
            'xmlns:se="http://www.opengis.net/se"><NamedLayer>'
            f"<se:Name>{escape(layer)}</se:Name><UserStyle><se:FeatureTypeStyle>{body}"
            "</se:FeatureTypeStyle></UserStyle></NamedLayer></StyledLayerDescriptor>")


def _equals(field: str, value: str) -> str:
    return (f"<ogc:Filter><ogc:PropertyIsEqualTo><ogc:PropertyName>{escape(field)}"
            f"</ogc:PropertyName><ogc:Literal>{escape(value)}</ogc:Literal>"
            "</ogc:PropertyIsEqualTo></ogc:Filter>")


def _between(field: str, low: int, high: int | None) -> str:
    """Return an OGC filter ``low <= field`` (and ``field < high`` when given)."""
    name = f"<ogc:PropertyName>{escape(field)}</ogc:PropertyName>"
    parts = [(f"<ogc:PropertyIsGreaterThanOrEqualTo>{name}<ogc:Literal>{low}</ogc:Literal>"
              "</ogc:PropertyIsGreaterThanOrEqualTo>")]
    if high is not None:
        parts.append(f"<ogc:PropertyIsLessThan>{name}<ogc:Literal>{high}</ogc:Literal>"
                     "</ogc:PropertyIsLessThan>")
    body = f"<ogc:And>{''.join(parts)}</ogc:And>" if len(parts) > 1 else parts[0]
    return f"<ogc:Filter>{body}</ogc:Filter>"


def layer_style(name: str, frame: gpd.GeoDataFrame) -> tuple[str, str]:
    """Return (QML, SLD) for one layer of ``results.gpkg``."""
    types = frame.geometry.dropna().geom_type.str.removeprefix("Multi")
    kind = _KINDS.get(str(types.iloc[0]) if len(types) else "Polygon", "fill")
    if "org_type" in frame.columns:
        cats = _categories([str(v) for v in frame["org_type"].fillna("")])
        return (categorized_qml("org_type", cats, kind),
                sld(name, [(v or "-", _equals("org_type", v), c) for v, c in cats], kind))
    if "n_orgs" in frame.columns:
        rules = [(f"n_orgs >= {low}", _between("n_orgs", low, COVERAGE_CLASSES[i + 1][0]
                                               if i + 1 < len(COVERAGE_CLASSES) else None),
                  colour) for i, (low, colour) in enumerate(COVERAGE_CLASSES)]
        return graduated_qml("n_orgs", COVERAGE_CLASSES, kind), sld(name, rules, kind)
    colour = SINGLE_COLOURS.get(name, "#6b6b6b")
    return single_qml(colour, kind), sld(name, [(name, "", colour)], kind)


def style_rows(layers: Mapping[str, gpd.GeoDataFrame], *, updated: str) -> pd.DataFrame:
    """Return the ``layer_styles`` rows: one default style per layer, stamped ``updated``."""
    rows = []
    for name, frame in layers.items():
        qml, sld_text = layer_style(name, frame)
        rows.append({"f_table_catalog": "", "f_table_schema": "", "f_table_name": name,
                     "f_geometry_column": "geom", "styleName": name, "styleQML": qml,
                     "styleSLD": sld_text, "useAsDefault": True,
                     "description": "landscape: coloured as in the atlas", "owner": "",
                     "ui": "", "update_time": updated})
    frame = pd.DataFrame(rows, columns=STYLE_COLUMNS)
    frame["update_time"] = pd.to_datetime(frame["update_time"]).dt.tz_localize(None).astype(
        "datetime64[ms]")
    return frame
