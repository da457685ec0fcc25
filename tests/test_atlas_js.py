"""The atlas's pure JavaScript functions, unit-tested in headless Chromium.

``atlas.js`` exposes them as the frozen ``window.landscapeAtlas``. The page is
built from a small synthetic atlas (boxes on the 1e-5 degree grid), so these
tests need no real data. Every expected value is computed here: geometry from
the shapes drawn in this file (and an inverse of the encoding written here),
class breaks by hand, numbers with Python's own formatting.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from _atlas_fixture import decode_deltas
from _browser import open_page
from shapely.geometry import LineString, MultiPoint, MultiPolygon, Polygon, box

from landscape.render.atlas import geometry as geo
from landscape.render.atlas.payload import AtlasInput, Measure, build_payload, write_atlas

pytestmark = pytest.mark.browser

SCALE = 100_000  # the encoding's unit is 1e-5 degree (about 1.1 m), as the module notes say
# Two kecamatan of two desa each: boxes whose corners lie on the encoding's grid.
DESA = {
    "61.05.01.2001": ("Nanga Uji", "61.05.01", box(111.10000, 0.00000, 111.12345, 0.02500)),
    "61.05.01.2002": ("Sungai Uji", "61.05.01", box(111.12345, 0.00000, 111.15000, 0.02500)),
    "61.05.02.2001": ("Bukit Uji", "61.05.02", box(111.10000, 0.02500, 111.12345, 0.05000)),
    "61.05.02.2002": ("Tanjung Uji", "61.05.02", box(111.12345, 0.02500, 111.15000, 0.05000)),
}
KECAMATAN = {"61.05.01": "Uji Hilir", "61.05.02": "Uji Hulu"}


def _atlas() -> AtlasInput:
    kec = gpd.GeoDataFrame(
        {"code": list(KECAMATAN), "name": list(KECAMATAN.values())},
        geometry=[shapely.union_all([g for _, k, g in DESA.values() if k == code])
                  for code in KECAMATAN], crs=4326)
    desa = gpd.GeoDataFrame(
        {"code": list(DESA), "name": [n for n, _, _ in DESA.values()],
         "kecamatan_code": [k for _, k, _ in DESA.values()],
         "kecamatan": [KECAMATAN[k] for _, k, _ in DESA.values()],
         "forest_pct": [12.5, np.nan, 80.0, 41.2]},
        geometry=[g for _, _, g in DESA.values()], crs=4326)
    areas = gpd.GeoDataFrame({"activity_id": [], "org": [], "org_type": [], "name": [],
                              "kind": [], "area_ha": []}, geometry=[], crs=4326)
    activities = pd.DataFrame(columns=[
        "activity_id", "org", "org_type", "title", "theme", "start", "end", "budget_idr",
        "funding", "action_items", "precision", "desa_codes", "kecamatan_codes", "land_status"])
    return AtlasInput(title="Atlas uji", kecamatan=kec, desa=desa, activities=activities,
                      areas=areas, measures=(Measure("forest_pct", "Tutupan", "Cover", "%"),),
                      date="2024-06-30")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("atlas-js")
    atlas = _atlas()
    paths = {}
    for lang in ("id", "en"):
        paths[lang] = folder / f"atlas-{lang}.html"
        write_atlas(atlas, paths[lang], lang=lang)
    return paths


@pytest.fixture(scope="module")
def js(browser, pages):
    """Evaluate an expression on each language's page: ``js[lang](expression, arg)``."""
    opened = {lang: open_page(browser, path) for lang, path in pages.items()}
    yield {lang: page.js for lang, page in opened.items()}
    for page in opened.values():
        page.clean()
        page.close()


# ------------------------------------------------------------------ geometry


def _inverse(encoded):
    """The encoding's inverse: parts of rings of (lng, lat), deltas run on."""
    return decode_deltas(encoded, SCALE)


def _from_leaflet(decoded):
    """Leaflet's [lat, lng] parts of rings, back to (lng, lat) tuples."""
    return [[[(lng, lat) for lat, lng in ring] for ring in part] for part in decoded]


def test_namespace_is_frozen(js):
    assert js["id"]("Object.isFrozen(window.landscapeAtlas)") is True
    assert js["id"]("Object.keys(window.landscapeAtlas).sort()") == sorted(
        ["classify", "decode", "formatBudget", "formatNumber", "formatValue"])


def test_decode_gives_back_the_boxes_of_the_payload(js):
    payload = build_payload(_atlas())
    assert payload["scale"] == SCALE
    for desa in payload["desa"]:
        decoded = _from_leaflet(js["id"]("g => landscapeAtlas.decode(g)", desa["g"]))
        assert decoded == _inverse(desa["g"])
        (rings,) = decoded
        (ring,) = rings
        polygon = Polygon(ring)
        assert shapely.equals(polygon, DESA[desa["code"]][2])
        assert sorted(ring) == sorted(DESA[desa["code"]][2].exterior.coords[:-1])


def test_decode_holes_parts_lines_and_points(js):
    holed = Polygon([(111.0, 0.0), (111.01, 0.0), (111.01, 0.01), (111.0, 0.01)],
                    [[(111.002, 0.002), (111.004, 0.002), (111.004, 0.004)]])
    shapes = {
        "multipolygon": MultiPolygon([holed, box(111.02, -0.01, 111.03, 0.0)]),
        "line": LineString([(111.5, 0.1), (111.50001, 0.10002), (111.6, -0.05)]),
        "points": MultiPoint([(111.25, 0.25), (110.99999, -0.00001)]),
    }
    for name, shape in shapes.items():
        decoded = _from_leaflet(js["id"]("g => landscapeAtlas.decode(g)", geo.encode(shape)))
        if name == "multipolygon":
            want = [[list(p.exterior.coords[:-1]), *[list(r.coords[:-1]) for r in p.interiors]]
                    for p in shape.geoms]
        elif name == "line":
            want = [[list(shape.coords)]]
        else:
            want = [[[(p.x, p.y)]] for p in shape.geoms]
        assert decoded == want, name


# ------------------------------------------------------------------ classing


@pytest.mark.parametrize(("values", "zero", "breaks"), [
    # Five distinct values or fewer: one class each; nulls never count.
    ([3, None, 1, 2, 2], False, [(1, 1), (2, 2), (3, 3)]),
    # Zero gets its own colour for activity measures, so it is left out of the classes.
    ([0, 0, 4, 0, 7, None], True, [(4, 4), (7, 7)]),
    ([0, 0, 4, 0, 7], False, [(0, 0), (4, 4), (7, 7)]),
    # 1..10 in quintiles: the k-th upper break is the value of rank ceil(10 k / 5) = 2k.
    ([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], False, [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]),
    # Ranks ceil(12 k / 5) = 3, 5, 8, 10, 12 of 1,1,1,1,1,1,1,2,3,4,5,6 are 1, 1, 2, 4, 6;
    # the repeated 1 is one class, and each class starts at the first value above the last.
    ([1, 1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6], False, [(1, 1), (2, 2), (3, 4), (5, 6)]),
    # Without the zero and the null six values remain: ranks ceil(6 k / 5) = 2, 3, 4, 5, 6.
    ([0.5, 12.25, 99.9, 3.0, 7.75, 50.0, 0, None], True,
     [(0.5, 3.0), (7.75, 7.75), (12.25, 12.25), (50.0, 50.0), (99.9, 99.9)]),
    ([], True, []),
])
def test_classes(js, values, zero, breaks):
    got = js["id"]("([v, z]) => landscapeAtlas.classify(v, z)", [values, zero])
    assert [(c["lo"], c["hi"]) for c in got] == breaks


# ---------------------------------------------------------------- formatting

SEPARATORS = {"id": (".", ","), "en": (",", ".")}
WORDS = {"id": ("Rp", "juta", "miliar", "triliun"), "en": ("IDR", "million", "billion", "trillion")}
NUMBERS = [0, 7, 999, 1000, 1234567, -1234567, 0.004, -0.004, 12.34, 123.456, 99.96, 0.1234,
           1234567.891, -45.678, 1e15]


def _number(value, decimals, lang):
    """Grouped digits with the language's separators, from Python's own formatting."""
    thousands, decimal = SEPARATORS[lang]
    text = f"{value:,.{decimals}f}"
    if float(text.replace(",", "")) == 0:
        text = text.lstrip("-")  # no "-0"
    return text.translate(str.maketrans(",.", thousands + decimal))


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("decimals", [0, 1, 2])
def test_format_number(js, lang, decimals):
    got = js[lang]("([vs, d]) => vs.map(v => landscapeAtlas.formatNumber(v, d))",
                   [NUMBERS, decimals])
    assert got == [_number(v, decimals, lang) for v in NUMBERS]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_format_value(js, lang):
    """Whole numbers as they are; others with 0, 1 or 2 decimals by size (100 and 1)."""
    got = js[lang]("vs => vs.map(v => landscapeAtlas.formatValue(v))", [*NUMBERS, None])
    want = [_number(v, 0 if float(v).is_integer() or abs(v) >= 100 else 1 if abs(v) >= 1 else 2,
                    lang) for v in NUMBERS]
    assert got == [*want, {"id": "Tidak ada data", "en": "No data"}[lang]]


def _budget(value, lang):
    """Money in words, written here: the largest of trillion, billion, million that fits."""
    currency, *words = WORDS[lang]
    for size, word in zip((1e12, 1e9, 1e6), reversed(words), strict=True):
        if abs(value) >= size:
            text = _number(round(value / size, 2), 2, lang).rstrip("0").rstrip(SEPARATORS[lang][1])
            return f"{currency} {text} {word}"
    return f"{currency} {_number(value, 0, lang)}"


BUDGETS = [0, 750, 999_999, 1_000_000, 150_000_000, 1_200_000_000, 1_250_000_000,
           1_994_999_999, 60_000_000_000, 2_000_000_000_000, 3_456_789_012_345, -5_500_000]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_format_budget(js, lang):
    got = js[lang]("vs => vs.map(v => landscapeAtlas.formatBudget(v))", [*BUDGETS, None])
    assert got == [*(_budget(v, lang) for v in BUDGETS), "\N{EN DASH}"]


def test_hand_written_examples(js):
    """A few read straight off a planner's sheet, to pin the references above."""
    assert js["id"]("landscapeAtlas.formatBudget(1250000000)") == "Rp 1,25 miliar"
    assert js["en"]("landscapeAtlas.formatBudget(150000000)") == "IDR 150 million"
    assert js["id"]("landscapeAtlas.formatNumber(1234567.891, 2)") == "1.234.567,89"
    assert js["en"]("landscapeAtlas.formatValue(0.1234)") == "0.12"
    assert math.isclose(js["id"]("landscapeAtlas.decode([[[11112345, 2500]]])[0][0][0][1]"),
                        111.12345)
