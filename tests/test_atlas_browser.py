"""The atlas in a real browser: headless Chromium with the network blocked.

Chromium is the Debian package at /usr/bin/chromium, driven by playwright-python
(never a downloaded browser build; see tests/_browser.py). Every request that is
not for the local file is aborted and counted. Expected numbers are computed
here, from the fixture's tables with plain pandas, not read back from the
atlas's own code.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import shapely
from _atlas_fixture import HOSTILE, HOSTILE_AREA, HOSTILE_DESA, HOSTILE_THEME, build_atlas_input
from _browser import open_page
from pyproj import Geod

from landscape.render.atlas.payload import write_atlas

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
YRK = "Yayasan Rimba Kapuas"


@pytest.fixture(scope="module")
def atlas(admin_gpkg, sample_dir):
    return build_atlas_input(admin_gpkg, sample_dir)


@pytest.fixture(scope="module")
def pages(atlas, tmp_path_factory):
    folder = tmp_path_factory.mktemp("atlas")
    paths = {}
    for lang in ("id", "en"):
        paths[lang] = folder / f"atlas-{lang}.html"
        write_atlas(atlas, paths[lang], lang=lang)
    return paths


@pytest.fixture
def open_atlas(browser, pages):
    opened = []

    def _open(lang="id"):
        opened.append(open_page(browser, pages[lang]))
        return opened[-1]

    yield _open
    for page in opened:
        page.close()


# ------------------------------------------------------------ expectations


def _passes(row, *, org=None, year=None):
    if org and row.org != org:
        return False
    if year:
        first = row.start or row.end
        if not first or year < int(first[:4]):
            return False
        if row.end and year > int(row.end[:4]):
            return False
    return True


def drawn_areas(atlas, *, org=None, year=None):
    """The partner areas drawn under a filter: those of a passing activity, and unlinked
    areas of the organisation when no year is chosen."""
    ids = {row.activity_id for row in atlas.activities.itertuples()
           if _passes(row, org=org, year=year)}
    all_ids = set(atlas.activities["activity_id"])
    areas = atlas.areas
    unlinked = ~areas["activity_id"].isin(all_ids) & (year is None)
    if org:
        unlinked &= areas["org"] == org
    return areas[areas["activity_id"].isin(ids) | unlinked]


def year_budget(row, year):
    """The part of an activity's budget in ``year``: by months it runs (written here by hand
    from the rule: months counted whole from the start's month to the end's; only one date:
    all in its year), or the whole budget without a year."""
    if math.isnan(row.budget_idr) or year is None:
        return 0.0 if math.isnan(row.budget_idr) else row.budget_idr
    if not (row.start and row.end):
        return row.budget_idr if int((row.start or row.end)[:4]) == year else 0.0
    first = int(row.start[:4]) * 12 + int(row.start[5:7]) - 1
    last = int(row.end[:4]) * 12 + int(row.end[5:7]) - 1
    inside = sum(1 for month in range(first, last + 1) if month // 12 == year)
    return row.budget_idr * inside / (last - first + 1)


def expected(atlas, *, org=None, year=None):
    """Summary, drawn areas and per-desa numbers, computed from the fixture's tables."""
    acts = [row for row in atlas.activities.itertuples() if _passes(row, org=org, year=year)]
    known = set(atlas.desa["code"])
    kec_of = dict(zip(atlas.desa["code"], atlas.desa["kecamatan_code"], strict=True))
    n_acts, orgs, budget = {}, {}, {}
    kecs = set()
    for row in acts:
        kecs.update(row.kecamatan_codes)
        for code in row.desa_codes:
            if code in known:
                kecs.add(kec_of[code])
                n_acts[code] = n_acts.get(code, 0) + 1
                orgs.setdefault(code, set()).add(row.org)
                if not math.isnan(row.budget_idr):
                    budget[code] = (budget.get(code, 0)
                                    + year_budget(row, year) / len(row.desa_codes))
    areas = drawn_areas(atlas, org=org, year=year)
    return {
        "activities": len(acts), "orgs": len({row.org for row in acts}),
        "budget": sum(year_budget(row, year) for row in acts),
        "desa": len(n_acts), "kecamatan": len(kecs & set(atlas.kecamatan["code"])),
        "areas": len(areas), "n_activities": n_acts, "n_orgs": {k: len(v) for k, v in orgs.items()},
        "budget_by_desa": budget,
    }


def _summary(opened):
    return {key: float(opened.page.get_attribute(f"#sum-{key}", "data-value"))
            for key in ("activities", "orgs", "budget", "desa", "kecamatan")}


def _check_filtered(opened, atlas, want):
    got = _summary(opened)
    for key in ("activities", "orgs", "desa", "kecamatan"):
        assert got[key] == want[key], key
    assert got["budget"] == pytest.approx(want["budget"], abs=len(atlas.activities))
    assert opened.count("#atlas-map path.atlas-area") == want["areas"]
    assert opened.js("atlasDebug.counts().areas") == want["areas"]
    values = opened.js("atlasDebug.choropleth().values")
    assert values == {code: want["n_activities"].get(code, 0) for code in atlas.desa["code"]}


def _rupiah(value):
    """'Rp 1,99 miliar' style, written independently of the page's formatter."""
    for size, word in ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta")):
        if value >= size:
            text = f"{round(value / size, 2):.2f}".rstrip("0").rstrip(".")
            return f"Rp {text.replace('.', ',')} {word}"
    return f"Rp {value:,.0f}".replace(",", ".")


def _visible_point(opened, kind, code):
    """The screen point of a feature's inner point, if that feature is on top there."""
    point = opened.js("([k, c]) => atlasDebug.pointOf(k, c)", [kind, code])
    on_top = opened.js(
        "([k, c, x, y]) => document.elementFromPoint(x, y) === atlasDebug.layerElement(k, c)",
        [kind, code, point["x"], point["y"]])
    return point if on_top else None


def _click_and_wait_for_the_map(opened, locator):
    """Click something that moves the map (a search result: fitBounds), then wait until
    the move has ended (Leaflet fires moveend once a fit's pan or zoom has finished, or at
    once when there is nothing to move)."""
    opened.js("() => { window.__moved = new Promise(r => atlasDebug.map.once('moveend', r)); }")
    locator.click()
    opened.js("() => window.__moved")


def _to_screen(opened, geom):
    """``geom`` from EPSG:4326 to page pixels, as atlasDebug.pointOf converts a point."""
    def convert(coords):
        return np.array(opened.js("""coords => {
            const rect = atlasDebug.map.getContainer().getBoundingClientRect();
            return coords.map(([lng, lat]) => {
                const p = atlasDebug.map.latLngToContainerPoint([lat, lng]);
                return [rect.left + p.x, rect.top + p.y];
            });
        }""", coords.tolist()), dtype=float).reshape(-1, 2)
    return shapely.transform(geom, convert)


def _inside_only(opened, areas, name, margin=1.5):
    """A screen point inside area ``name`` and clear of everything drawn above or near it.

    Computed here in pixels from the drawn ``areas`` (EPSG:4326): the area shrunk
    by ``margin`` (the page's simplification and rounding), minus every other
    drawn area grown by 10 pixels (outlines, point markers of radius 6), minus the
    map's controls, any open popup and the side panel, within the map. Desa and
    kecamatan boundaries are drawn in panes below the areas', so they never take
    an area's click.
    """
    target = _to_screen(opened, areas.loc[areas["name"] == name].geometry.union_all())
    others = [_to_screen(opened, g) for g in areas.loc[areas["name"] != name].geometry
              if g is not None]
    boxes = opened.js("""() => [...document.querySelectorAll(
        ".leaflet-control, .leaflet-popup, #atlas-side")].map(e => e.getBoundingClientRect())
        .map(r => [r.left, r.top, r.right, r.bottom])""")
    frame = opened.js("""() => {
        const r = atlasDebug.map.getContainer().getBoundingClientRect();
        return [r.left, r.top, r.right, r.bottom];
    }""")
    covered = shapely.union_all([*(shapely.buffer(g, 10.0) for g in others),
                                 *(shapely.box(*b) for b in boxes)])
    free = shapely.box(*frame).buffer(-margin).intersection(target.buffer(-margin))
    free = free.difference(covered)
    assert not free.is_empty, f"area {name!r} is hidden everywhere in this view"
    return free.point_on_surface()


# ------------------------------------------------------------------- tests


def test_default_view_draws_every_layer_offline(open_atlas, atlas):
    opened = open_atlas()
    n_desa = int(atlas.desa.geometry.notna().sum())
    counts = opened.js("atlasDebug.counts()")
    assert counts["desa"] == n_desa == 406
    assert counts["kecamatan"] == len(atlas.kecamatan) == 14
    assert counts["areas"] == len(atlas.areas)
    by_type = atlas.areas.groupby("org_type").size()
    assert sorted(counts["areasByType"].values()) == sorted(by_type.tolist())
    assert opened.count(".leaflet-atlas-desa-pane path.atlas-desa") == n_desa
    assert opened.count(".leaflet-atlas-kecamatan-pane path.atlas-kecamatan") == 14
    assert opened.count(".leaflet-atlas-areas-pane path.atlas-area") == len(atlas.areas)
    assert opened.count(".atlas-label-kecamatan") == 14
    assert opened.count(".leaflet-tile") == 0  # the basemap is off
    assert not opened.page.is_checked('[data-layer="basemap"]')
    assert opened.page.is_visible("#atlas-legend")
    legend = opened.page.inner_text("#atlas-legend")
    assert "Jumlah kegiatan" in legend
    assert "Pemerintah" in legend
    assert opened.page.inner_text("#atlas-title") == atlas.title
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    opened.page.screenshot(path=str(out / "atlas.png"))  # the README's shows the plan view
    opened.clean()


def test_click_on_a_desa_opens_who_what_when(open_atlas, atlas):
    opened = open_atlas()
    acts = atlas.activities
    rows = acts[(acts["precision"] == "desa") & acts["budget_idr"].notna()
                & (acts["org"] != HOSTILE)]
    candidates = [(code, row) for row in rows.itertuples() for code in row.desa_codes
                  if code in atlas.desa_land_status]
    for candidate in candidates:
        point = _visible_point(opened, "desa", candidate[0])
        if point:
            code, row = candidate
            break
    else:
        pytest.fail("no candidate desa is clickable in the default view")
    opened.page.mouse.click(point["x"], point["y"])
    text = opened.popup_text()
    desa = atlas.desa.set_index("code").loc[code]
    assert desa["name"] in text
    assert desa["kecamatan"] in text
    for label in ("Siapa", "Apa", "Kapan", "Anggaran", "Sumber dana", "Rencana aksi",
                  "Status lahan"):
        assert label in text
    assert row.org in text
    assert row.title in text
    assert row.funding in text
    assert _rupiah(row.budget_idr) in text
    assert atlas.desa_land_status[code] in text
    opened.clean()


def test_hostile_names_show_as_text_and_run_nothing(open_atlas, atlas):
    opened = open_atlas()
    page = opened.page
    page.fill("#atlas-search-input", "<img")
    result = page.locator(".atlas-search-result").first
    assert result.locator(".atlas-search-name").inner_text() == HOSTILE
    _click_and_wait_for_the_map(opened, result)
    page.wait_for_selector(".leaflet-popup-content h3")
    assert page.inner_text(".leaflet-popup-content h3") == HOSTILE
    assert page.locator("#atlas-search-results").inner_text().count(HOSTILE) >= 1
    hostile_desa = atlas.desa.set_index("code").loc[HOSTILE_DESA]
    assert hostile_desa["kecamatan"] in opened.popup_text()
    themes = page.locator("#filter-theme option").all_inner_texts()
    assert HOSTILE_THEME in themes
    opened.js("atlasDebug.map.closePopup()")
    page.fill("#atlas-search-input", "onerror")
    _click_and_wait_for_the_map(  # filters and zooms
        opened, page.locator('.atlas-search-result[data-kind="org"]'))
    assert page.input_value("#filter-org") == HOSTILE
    want = expected(atlas, org=HOSTILE)
    _check_filtered(opened, atlas, want)
    point = _inside_only(opened, drawn_areas(atlas, org=HOSTILE), HOSTILE_AREA)
    assert opened.js("([x, y, n]) => document.elementFromPoint(x, y) === "
                     "atlasDebug.layerElement('area', n)", [point.x, point.y, HOSTILE_AREA])
    page.mouse.click(point.x, point.y)
    page.wait_for_selector(".leaflet-popup-content h3")
    assert page.inner_text(".leaflet-popup-content h3") == HOSTILE_AREA
    assert HOSTILE in opened.popup_text()
    assert opened.count('img[src="x"], svg[onload], [onerror]') == 0
    opened.clean()


def test_filter_changes_map_and_summary_together(open_atlas, atlas):
    opened = open_atlas()
    _check_filtered(opened, atlas, expected(atlas))
    opened.page.select_option("#filter-org", label=YRK)
    want = expected(atlas, org=YRK)
    assert 0 < want["areas"] < len(atlas.areas)
    _check_filtered(opened, atlas, want)
    opened.page.select_option("#filter-year", "2022")
    narrower = expected(atlas, org=YRK, year=2022)
    assert narrower["activities"] < want["activities"]
    _check_filtered(opened, atlas, narrower)
    opened.page.click("#filter-reset")
    _check_filtered(opened, atlas, expected(atlas))
    opened.page.select_option("#filter-year", "2023")
    _check_filtered(opened, atlas, expected(atlas, year=2023))
    opened.clean()


def test_choropleth_measures_switch(open_atlas, atlas):
    opened = open_atlas()
    page = opened.page
    page.check('[data-choropleth="m:1"]')
    state = opened.js("atlasDebug.choropleth()")
    forest = dict(zip(atlas.desa["code"], atlas.desa["forest_pct"], strict=True))
    assert state["values"] == {c: (None if math.isnan(v) else v) for c, v in forest.items()}
    assert page.inner_text('[data-legend="choropleth"] h4') == "Tutupan hutan (ilustratif)"
    fills = opened.js("[...document.querySelectorAll('path.atlas-desa')]"
                      ".map(p => p.getAttribute('fill'))")
    n_missing = sum(math.isnan(v) for v in forest.values())
    assert fills.count("#ffffff") == n_missing > 0
    assert len(set(fills)) == 6  # five classes and "no data"
    page.check('[data-choropleth="budget"]')
    budget = opened.js("atlasDebug.choropleth().values")
    want = expected(atlas)["budget_by_desa"]
    for code in atlas.desa["code"]:
        assert budget[code] == pytest.approx(round(want.get(code, 0)), abs=1)
    page.check('[data-choropleth=""]')
    opacities = opened.js("[...document.querySelectorAll('path.atlas-desa')]"
                          ".map(p => p.getAttribute('fill-opacity'))")
    assert set(opacities) == {"0"}
    assert opened.count('[data-legend="choropleth"]') == 0
    opened.clean()


def test_landscape_layers_and_their_legends(open_atlas, atlas):
    opened = open_atlas()
    page = opened.page
    assert opened.count("path.atlas-vector-0") == 0
    page.check('[data-layer="vector:fungsi_kawasan"]')
    assert opened.count("path.atlas-vector-0") == len(atlas.vectors[0].features)
    rows = page.locator('[data-legend="vector:fungsi_kawasan"] .atlas-legend-row')
    assert rows.count() == len(atlas.vectors[0].legend)
    page.check('[data-layer="raster:loss"]')
    assert opened.count("img.atlas-raster") == 1
    assert page.is_visible('[data-legend="raster:loss"]')
    assert "2019-2021" in page.inner_text('[data-legend="raster:loss"]')
    page.uncheck('[data-layer="desa"]')
    assert opened.js("atlasDebug.counts().desa") == 0
    assert opened.count("path.atlas-desa") == 0
    opened.clean()


def test_english_labels(open_atlas, atlas):
    opened = open_atlas("en")
    page = opened.page
    assert opened.js("document.documentElement.lang") == "en"
    assert page.inner_text("#atlas-layers .atlas-panel-head") == "Layers"
    assert page.inner_text("label[for=filter-org]") == "Organisation"
    assert "Activities" in page.inner_text("#atlas-summary")
    assert " billion" in page.inner_text("#sum-budget")
    assert page.inner_text("#sum-budget").startswith("IDR ")
    page.fill("#atlas-search-input", "Kebong")
    page.locator(".atlas-search-result").first.click()
    text = opened.popup_text()
    assert "Number of activities" in text
    opened.clean()


def test_measure_distance_and_area(open_atlas):
    opened = open_atlas()
    page = opened.page
    page.click("#atlas-measure-button")
    box = page.locator("#atlas-map").bounding_box()
    pixels = [(150, 250), (450, 270), (330, 460)]  # clear of the panels
    latlngs = []
    for x, y in pixels:
        page.mouse.click(box["x"] + x, box["y"] + y)
        latlngs.append(opened.js("([x, y]) => atlasDebug.map.containerPointToLatLng([x, y])",
                                 [x, y]))
    geod = Geod(ellps="WGS84")
    lons, lats = [p["lng"] for p in latlngs], [p["lat"] for p in latlngs]
    distance_km = geod.line_length(lons, lats) / 1000
    shown = page.inner_text("#atlas-measure-output")
    km = float(shown.split(": ")[1].split(" ")[0].replace(".", "").replace(",", "."))
    assert km == pytest.approx(distance_km, rel=0.005)
    page.mouse.click(box["x"] + pixels[0][0], box["y"] + pixels[0][1])
    shown = page.inner_text("#atlas-measure-output")
    area_ha = abs(geod.polygon_area_perimeter(lons, lats)[0]) / 10_000
    ha = float(shown.split(": ")[1].split(" ")[0].replace(".", "").replace(",", "."))
    assert ha == pytest.approx(area_ha, rel=0.01)
    assert opened.count(".leaflet-popup") == 0  # clicks measured, no popups opened
    opened.clean()


def test_overview_scale_and_fullscreen(open_atlas):
    opened = open_atlas()
    page = opened.page
    assert opened.count("#atlas-overview path.atlas-overview-outline") == 1
    assert opened.count("#atlas-overview path.atlas-overview-view") == 1
    assert "km" in page.inner_text(".leaflet-control-scale-line")
    before = page.get_attribute("#atlas-overview path.atlas-overview-view", "d")
    page.click(".leaflet-control-zoom-in")
    page.wait_for_function(
        "d => document.querySelector('#atlas-overview path.atlas-overview-view')"
        ".getAttribute('d') !== d", arg=before)
    page.click("#atlas-fullscreen-button")
    page.wait_for_function("document.fullscreenElement !== null || document.getElementById("
                           "'atlas-app').classList.contains('atlas-pseudo-fullscreen')")
    page.click("#atlas-fullscreen-button")
    page.wait_for_function("document.fullscreenElement === null && !document.getElementById("
                           "'atlas-app').classList.contains('atlas-pseudo-fullscreen')")
    assert opened.js("atlasDebug.counts().desa") == 406
    opened.clean()
