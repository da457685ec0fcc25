"""The atlas of the sample build in Chromium: honest numbers, search, sharing, print, phone
and one language at a time (issue 10, points 4-7 and 9).

Expected values are read here from the workbook with openpyxl and plain Python (budgets,
acronyms, titles), never from the atlas's own code.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace

import openpyxl
import pytest
from _browser import open_page

from landscape.pipeline import build
from landscape.render.atlas.data import atlas_input
from landscape.render.atlas.i18n import ui_strings
from landscape.render.atlas.payload import write_atlas

pytestmark = pytest.mark.browser

PLANNED = ("KM-003", "KM-004")


@pytest.fixture(scope="module")
def sample(admin_gpkg, sample_dir):
    return build(boundaries=admin_gpkg, plan=sample_dir / "rencana-aksi.xlsx",
                 areas=sorted((sample_dir / "areas").iterdir()), kabupaten="61.05")


@pytest.fixture(scope="module")
def pages(sample, tmp_path_factory):
    folder = tmp_path_factory.mktemp("honest")
    paths = {}
    for lang in ("id", "en"):
        atlas = atlas_input(sample, title=ui_strings(lang)["default_title"], illustrative=False,
                            data_date="2024-06-30", english=lang == "en")
        paths[lang] = folder / f"atlas-{lang}.html"
        write_atlas(atlas, paths[lang], lang=lang)
    atlas = atlas_input(sample, title="Rencana", illustrative=False, data_date="2024-06-30")
    acts = atlas.activities.copy()
    acts.loc[acts["activity_id"].isin(PLANNED), "status"] = "Rencana"
    paths["planned"] = folder / "atlas-planned.html"
    write_atlas(replace(atlas, activities=acts), paths["planned"])
    paths["planned_atlas"] = replace(atlas, activities=acts)
    return paths


@pytest.fixture
def opened(browser):
    pages = []

    def _open(path, **kwargs):
        pages.append(open_page(browser, path, **kwargs))
        return pages[-1]

    yield _open
    for page in pages:
        page.close()


# ------------------------------------------------------------- the workbook


def _sheet(sample_dir, name):
    book = openpyxl.load_workbook(sample_dir / "rencana-aksi.xlsx", read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    return rows[0], rows[1:]


def _rupiah(cell):
    """A budget cell as written in the sample: 150000000, 'Rp 85.000.000', '450 juta', '1,1 M'."""
    if cell is None:
        return None
    if isinstance(cell, int | float):
        return float(cell)
    text = str(cell).lower().replace("rp", "").strip()
    for word, size in ((" juta", 1e6), (" m", 1e9)):
        if text.endswith(word):
            return float(text[: -len(word)].replace(",", ".")) * size
    return float(re.sub(r"\D", "", text.split("/")[0]))


def _year(cell):
    if hasattr(cell, "year"):
        return cell.year
    return int(re.search(r"\d{4}", str(cell)).group(0)) if cell else None


def workbook_total(sample_dir):
    """The partner activities' total budget; a budget "/ tahun" counts once per year run."""
    header, rows = _sheet(sample_dir, "Kegiatan Mitra")
    col = {name: i for i, name in enumerate(header)}
    total = 0.0
    for row in rows:
        amount = _rupiah(row[col["Anggaran (Rp)"]])
        if amount is None:
            continue
        if "tahun" in str(row[col["Anggaran (Rp)"]]):
            amount *= _year(row[col["Selesai"]]) - _year(row[col["Mulai"]]) + 1
        total += amount
    return total


# -------------------------------------------------------------------- tests


def test_yearly_budgets_add_up_to_the_total(opened, pages, sample_dir):
    page = opened(pages["id"]).page
    total = workbook_total(sample_dir)
    assert total == pytest.approx(17.47e9, rel=0.001)  # the real total
    assert float(page.get_attribute("#sum-budget", "data-value")) == pytest.approx(total)
    years = [o for o in page.locator("#filter-year option").evaluate_all(
        "os => os.map(o => o.value)") if o]
    shown = []
    for year in years:
        page.select_option("#filter-year", year)
        shown.append(float(page.get_attribute("#sum-budget", "data-value")))
        assert "dibagi menurut bulan" in page.inner_text("#atlas-summary")
    assert sum(shown) == pytest.approx(total, abs=len(years))
    # KM-004 by hand: 16 Jan 2023 - 30 Jun 2025 is 30 months, 12 in 2023 and 2024, 6 in 2025.
    html = pages["id"].read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="atlas-data">(.*?)</script>', html, re.DOTALL).group(1))
    [km004] = [a for a in data["activities"] if a["id"] == "KM-004"]
    assert km004["yb"] == [[2023, 110_000_000], [2024, 110_000_000], [2025, 55_000_000]]


def test_choropleth_classes_stay_across_filters(opened, pages):
    page = opened(pages["id"]).page
    page.check('[data-choropleth="budget"]')
    before = page.evaluate("atlasDebug.choropleth().classes")
    page.select_option("#filter-year", "2024")
    assert page.evaluate("atlasDebug.choropleth().classes") == before
    page.select_option("#filter-theme", index=1)
    assert page.evaluate("atlasDebug.choropleth().classes") == before
    assert len(before) > 1


@pytest.mark.parametrize("case", [
    ("BPBD", "org", "Badan Penanggulangan Bencana Daerah Kabupaten Sintang"),
    ("YRK", "org", "Yayasan Rimba Kapuas"),
    ("Sei Pukat", "desa", "Sungai Pukat"),
    ("Kec. Sepauk", "kecamatan", "Sepauk"),
    ("Sepuak", "kecamatan", "Sepauk"),
    ("karhutla", "theme", "Pencegahan Karhutla"),
    ("pooling fund", "item", None),
])
def test_search_finds_what_people_type(opened, pages, sample_dir, case):
    query, kind, name = case
    if kind == "org":  # the acronym's organisation, read from the sheet Mitra
        _header, rows = _sheet(sample_dir, "Mitra")
        assert {row[1]: row[0] for row in rows}[query] == name
    if kind == "item":
        _header, rows = _sheet(sample_dir, "Rencana Aksi")
        found = [r for r in rows if r and isinstance(r[0], int) and query in str(r[3])]
        name = f"{found[0][0]} {found[0][3]}"
    page = opened(pages["id"]).page
    page.fill("#atlas-search-input", query)
    first = page.locator(f'.atlas-search-result[data-kind="{kind}"]').first
    assert first.locator(".atlas-search-name").inner_text() == name
    if kind in {"org", "desa", "kecamatan"}:
        assert page.locator(".atlas-search-result").first.get_attribute("data-kind") == kind


def test_the_view_lives_in_the_fragment(opened, pages):
    fragment = "#org=Yayasan+Rimba+Kapuas&year=2023&choro=budget&map=11/-0.05/111.6&sel=item:13"
    view = opened(pages["id"], fragment=fragment)
    page = view.page
    assert page.input_value("#filter-org") == "Yayasan Rimba Kapuas"
    assert page.input_value("#filter-year") == "2023"
    assert page.is_checked('[data-choropleth="budget"]')
    assert page.evaluate("atlasDebug.map.getZoom()") == 11
    page.select_option("#filter-year", "2024")
    assert "year=2024" in page.evaluate("location.hash")
    assert "sel=item%3A13" in page.evaluate("location.hash")  # kept for the plan view
    assert "Rencana aksi 13" in page.text_content("#atlas-print-filters")
    page.evaluate("location.hash = '#theme=Perhutanan+Sosial'")
    page.wait_for_function(
        "() => document.getElementById('filter-theme').value === 'Perhutanan Sosial'")
    assert page.input_value("#filter-org") == ""
    view.clean()


def test_print_shows_legend_and_no_control(opened, pages, tmp_path):
    view = opened(pages["id"], fragment="#year=2023")
    page = view.page
    page.emulate_media(media="print")
    for control in ("#atlas-search-input", "#filter-org", ".leaflet-control-zoom",
                    "#atlas-fullscreen-button", "#atlas-measure-button", "#atlas-layers",
                    "#atlas-side-toggle", "#filter-reset", "#atlas-overview"):
        assert not page.is_visible(control), control
    for shown in ("#atlas-title", "#atlas-date", "#atlas-north", ".leaflet-control-scale",
                  "#atlas-legend .atlas-legend-row", "#atlas-print-filters"):
        assert page.locator(shown).first.is_visible(), shown
    assert "2023" in page.inner_text("#atlas-print-filters")
    # The map is fitted to the filtered work: every drawn area lies inside the printed map.
    outside = page.evaluate("""() => {
        const m = document.getElementById('atlas-map').getBoundingClientRect();
        return [...document.querySelectorAll('path.atlas-area')].map(p => p.getBoundingClientRect())
            .filter(r => r.left < m.left - 2 || r.right > m.right + 2 || r.top < m.top - 2
                    || r.bottom > m.bottom + 2).length;
    }""")
    assert view.count("path.atlas-area") > 0
    assert outside == 0
    for landscape in (True, False):
        pdf = page.pdf(format="A4", landscape=landscape, print_background=True)
        assert pdf.startswith(b"%PDF")
        assert 1 <= len(re.findall(rb"/Type\s*/Page\b", pdf)) <= 2
    view.clean()


def test_phone_panels_closed_labels_apart_popup_closable(opened, pages):
    view = opened(pages["id"], viewport={"width": 390, "height": 844})
    page = view.page
    assert page.get_attribute("#atlas-layers", "class").count("atlas-collapsed") == 1
    assert page.get_attribute("#atlas-legend", "class").count("atlas-collapsed") == 1
    assert not page.is_visible("#atlas-overview")
    boxes = page.evaluate("""() => [...document.querySelectorAll('.atlas-label-kecamatan')]
        .filter(n => getComputedStyle(n).visibility !== 'hidden')
        .map(n => n.firstChild.getBoundingClientRect())
        .map(r => [r.left, r.top, r.right, r.bottom])""")
    assert len(boxes) >= 5
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    page.click("#atlas-side-toggle")
    page.fill("#atlas-search-input", "Sei Pukat")
    page.evaluate("() => { window.__moved = new Promise(r => atlasDebug.map.once('moveend', r)); }")
    page.locator(".atlas-search-result").first.click()
    page.evaluate("() => window.__moved")
    page.wait_for_selector(".leaflet-popup-close-button")
    # the popup pans itself into view: wait until its close button stands still for a frame
    page.wait_for_function("""() => new Promise(done => {
        const at = () => document.querySelector('.leaflet-popup-close-button')
            .getBoundingClientRect();
        const before = at();
        requestAnimationFrame(() => requestAnimationFrame(() => {
            const after = at();
            done(before.x === after.x && before.y === after.y);
        }));
    })""")
    close = page.locator(".leaflet-popup-close-button").bounding_box()
    x, y = close["x"] + close["width"] / 2, close["y"] + close["height"] / 2
    assert close["x"] >= 0
    assert close["x"] + close["width"] <= 390
    assert close["y"] >= 0
    assert close["y"] + close["height"] <= 844
    assert page.evaluate("([x, y]) => !!document.elementFromPoint(x, y)"
                         ".closest('.leaflet-popup-close-button')", [x, y])
    page.mouse.click(x, y)
    page.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 0")
    view.clean()


def test_planned_work_is_apart_until_included(opened, pages):
    atlas = pages["planned_atlas"]
    view = opened(pages["planned"])
    page = view.page
    n_all = len(atlas.activities)
    planned_areas = atlas.areas["activity_id"].isin(PLANNED)
    assert "2 rencana atau usulan" in page.inner_text(".atlas-counts")
    assert "2 rencana atau usulan" in page.inner_text("#atlas-summary")
    assert float(page.get_attribute("#sum-activities", "data-value")) == n_all - 2
    assert view.js("atlasDebug.counts().areas") == len(atlas.areas) - planned_areas.sum()
    page.check("#filter-planned")
    assert float(page.get_attribute("#sum-activities", "data-value")) == n_all
    assert view.js("atlasDebug.counts().areas") == len(atlas.areas)
    dashed = view.js("[...document.querySelectorAll('path.atlas-area')]"
                     ".filter(p => p.getAttribute('stroke-dasharray') === '5 4').length")
    assert dashed == planned_areas.sum() > 0
    view.clean()


def _ui_only(lang, other):
    """Labels of ``lang`` that the other language does not share (long enough to be sure)."""
    mine, theirs = ui_strings(lang), ui_strings(other)
    return [text for key, text in mine.items()
            if text != theirs[key] and len(text) >= 8 and "{" not in text]


@pytest.mark.parametrize(("lang", "other"), [("en", "id"), ("id", "en")])
def test_one_language_at_a_time(opened, pages, sample, lang, other):
    view = opened(pages[lang])
    page = view.page
    page.select_option("#filter-year", index=1)
    page.fill("#atlas-search-input", "Sepauk")
    page.locator('.atlas-search-result[data-kind="desa"]').first.click()
    page.wait_for_selector(".leaflet-popup-close-button")
    # The page's own words: side panel, controls and popup (map labels are place names).
    text = page.evaluate("() => ['#atlas-side', '.leaflet-control-container', "
                         "'.leaflet-popup-pane'].map(s => document.querySelector(s).innerText)"
                         ".join(' ')") + page.evaluate(
        "() => [...document.querySelectorAll('[title], [aria-label], [placeholder]')]"
        ".map(e => [e.title, e.getAttribute('aria-label'), e.placeholder].join(' ')).join(' ')")
    # The action items' titles are the workbook's words (the item filter lists them).
    for title in sorted(map(str, sample.items["activity"]), key=len, reverse=True):
        text = text.replace(title, "")
    assert ("Perbesar" in text) == (lang == "id")
    assert ("Zoom in" in text) == (lang == "en")
    for label in _ui_only(other, lang):
        assert label not in text, label
    budget = page.inner_text("#sum-budget")
    assert budget.startswith("IDR " if lang == "en" else "Rp ")
    number = budget.split()[1]
    assert ("," in number) == (lang == "id") or not re.search(r"\D", number)
    assert not math.isnan(float(page.get_attribute("#sum-budget", "data-value")))
    view.clean()
