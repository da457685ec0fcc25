"""Untrusted text stays text: in every HTML page the build writes, and in its CSV tables.

The demo's own files (the package's sample generator) are rewritten with hostile text
where partners' text goes: an organisation's name, an activity's title and theme, an
action item's title, an area's name and its file's name, the map title and the data
sources (URLs among them). A build of them is opened in headless Chromium: no dialog
opens, no injected code runs (each sets ``window.__xss``), the text shows literally, and
no live ``javascript:`` link exists. Its CSV tables are read back with the csv module:
no cell can run as a spreadsheet formula, and numbers stay numbers. The same inputs feed
``landscape overlay``, checking an area file whose name and feature name are hostile
where the hostile organisation works: its page gets the same checks.

Adding a page is one line in :data:`PAGES` (the page, the fixture of the folder it is in,
the hostile texts it shows without any click).
"""

from __future__ import annotations

import csv
import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import openpyxl
import pytest
from _browser import block_network
from click.testing import CliRunner

from landscape.cli import main
from landscape.pipeline import build
from landscape.render.folder import write
from landscape.sample.generate import write_sample

if TYPE_CHECKING:
    from pathlib import Path

ORG = "Pusat <img src=x onerror=alert(window.__xss=1)> 'Kajian' \"Lanskap\" \\ Khatulistiwa"
TITLE = "</script><script>alert(window.__xss=2)</script> Survei KHG"
THEME = "<svg onload=alert(window.__xss=3)> Gambut \"&\" \\ 'x'"
ITEM = '<a href="javascript:alert(window.__xss=4)">Rapat</a> koordinasi'
MAP_TITLE = "Atlas <script>alert(window.__xss=5)</script> \"Sintang\" \\ '&amp;'"
AREA = '<iframe src="javascript:alert(window.__xss=6)"></iframe> Kebun Bibit'
SOURCES = ("javascript:alert(window.__xss=7)",
           'https://example.org/x"onmouseover="alert(window.__xss=8)')
AREA_FILE = "<img src=x onerror=alert(window.__xss=9)>.csv"
FORMULA_TITLE = '=HYPERLINK("https://evil.example/","klik")'
FORMULA_THEME = "-2+3+cmd|' /C calc'!A0"
PKLK = "Pusat Kajian Lanskap Khatulistiwa"
CHECKED_FILE = '<svg onload=alert(window.__xss=10)> rencana "baru".geojson'
CHECKED_NAME = "<img src=x onerror=alert(window.__xss=11)> Areal 'usulan' & co"

#: Every HTML page written from the hostile inputs: the fixture of its folder, and the
#: hostile texts it shows without any click.
PAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "atlas.html": ("hostile_build", (MAP_TITLE, *SOURCES, AREA_FILE)),
    "overlay.html": ("hostile_overlay", (CHECKED_FILE, ORG, TITLE, ITEM)),
}

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _hostile_workbook(path: Path) -> None:
    """Put the hostile texts into the sample workbook, in place."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == PKLK:
                    cell.value = ORG
    activities = book["Kegiatan Mitra"]
    for row in activities.iter_rows(min_row=2):
        if row[0].value == "KM-05":  # PKLK's peat survey, item 3
            row[2].value, row[3].value = TITLE, THEME
        if row[0].value == "KM-03":  # text, as a partner typed it: not a formula
            row[2].value, row[3].value = FORMULA_TITLE, FORMULA_THEME
            row[2].data_type = row[3].data_type = "s"
    plan = book["Rencana Aksi"]
    for row in plan.iter_rows():
        if row[0].value == 3:
            row[3].value = ITEM
    book.save(path)


@pytest.fixture(scope="module")
def hostile_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[Path]]:
    """The sample with the hostile texts in: its paths, and every area file."""
    folder = tmp_path_factory.mktemp("hostile")
    sample = write_sample(folder / "sample")
    _hostile_workbook(sample.workbook)
    nursery = sample.folder / "areas" / "persemaian.csv"
    text = nursery.read_text(encoding="utf-8").replace(PKLK, ORG.replace('"', '""'))
    nursery.write_text(text.replace(PKLK, ORG), encoding="utf-8")
    extra = sample.folder / "areas" / AREA_FILE
    with extra.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "nama", "lat", "lon", "mitra"])
        writer.writerow(["BBT-99", AREA, "0.19339", "111.69518", ORG])
    return sample, [*sample.areas, extra]


@pytest.fixture(scope="module")
def hostile_result(hostile_inputs: tuple[Any, list[Path]]) -> Any:
    sample, areas = hostile_inputs
    result = build(boundaries=sample.boundaries, plan=sample.workbook, areas=areas,
                   kabupaten="61.05")
    return replace(result, sources=[*result.sources, *SOURCES])


@pytest.fixture(scope="module")
def hostile_build(hostile_result: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hostile-build") / "build"
    write(hostile_result, out, title=MAP_TITLE)
    return out


@pytest.fixture(scope="module")
def hostile_overlay(hostile_inputs: tuple[Any, list[Path]], hostile_result: Any,
                    tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``landscape overlay`` of a small hostile-named area inside the peat survey's desa."""
    sample, areas = hostile_inputs
    acts = hostile_result.linked.placements
    code = next(c for c in acts.loc[acts["activity_id"] == "KM-05", "desa_code"] if c)
    desa = gpd.read_file(sample.boundaries, layer="desa").set_index("kode")
    point = desa.loc[code].geometry.representative_point()
    folder = tmp_path_factory.mktemp("hostile-overlay")
    checked = folder / CHECKED_FILE
    gpd.GeoDataFrame({"name": [CHECKED_NAME]}, geometry=[point.buffer(0.004)],
                     crs="EPSG:4326").to_file(checked, driver="GeoJSON")
    out = folder / "overlay"
    run = CliRunner().invoke(main, [
        "overlay", str(checked), "--boundaries", str(sample.boundaries), "--plan",
        str(sample.workbook), "--areas", *map(str, areas), "--kabupaten", "61.05",
        "--out", str(out)])
    assert run.exit_code == 0, run.output
    return out


# --- the CSV tables ---------------------------------------------------------------------


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_no_csv_cell_can_run_as_a_formula(hostile_build: Path) -> None:
    tables = sorted(hostile_build.glob("*.csv"))
    assert len(tables) >= 4
    for table in tables:
        for row in _rows(table):
            for cell in row:
                assert not cell.startswith(FORMULA_START) or NUMBER.fullmatch(cell), (
                    table.name, cell)


def test_formula_text_is_kept_as_text_and_numbers_as_numbers(hostile_build: Path) -> None:
    header, *rows = _rows(hostile_build / "who-does-what-where.csv")
    title, theme, budget = (header.index(c) for c in ("title", "theme", "budget_idr"))
    km03 = [r for r in rows if r[0] == "KM-03"]
    assert km03
    assert {r[title] for r in km03} == {"'" + FORMULA_TITLE}
    assert {r[theme] for r in km03} == {"'" + FORMULA_THEME}
    assert {r[budget] for r in km03} == {"45000000"}  # "45 juta" in the workbook
    km05 = [r for r in rows if r[0] == "KM-05"]
    assert {(r[title], r[theme]) for r in km05} == {(TITLE, THEME)}
    assert ORG in {r[header.index("org")] for r in rows}
    header, *rows = _rows(hostile_build / "plan-vs-reality.csv")
    assert [r[header.index("activity")] for r in rows if r[0] == "3"] == [ITEM]


# --- the pages, in Chromium -------------------------------------------------------------


class Watched:
    """A page opened with its dialogs, errors and blocked requests recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 800})
        self.blocked = block_network(self.context)
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")
        if path.name == "atlas.html":
            self.page.wait_for_selector("html[data-atlas-ready]", timeout=20_000)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def text(self) -> str:
        return str(self.js("document.body.innerText"))

    def nothing_ran(self) -> None:
        assert self.dialogs == []
        assert self.js("typeof window.__xss") == "undefined"
        assert self.js('document.querySelectorAll(\'a[href^="javascript:" i], '
                       '[href*="javascript:" i], [src*="javascript:" i]\').length') == 0
        assert self.js("[...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                       ".some(a => a.name.startsWith('on'))).length") == 0
        assert self.js("document.querySelectorAll('iframe, img[src=\"x\"], svg[onload]')"
                       ".length") == 0
        assert self.errors == []
        assert self.blocked == []


pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", PAGES)
def test_every_page_shows_hostile_text_as_text_and_runs_nothing(
        browser: Any, request: pytest.FixtureRequest, name: str) -> None:
    fixture, texts = PAGES[name]
    watched = Watched(browser, request.getfixturevalue(fixture) / name)
    try:
        text = watched.text()
        for hostile in texts:
            assert hostile in text, hostile
        watched.nothing_ran()
    finally:
        watched.context.close()


def test_overlay_names_the_checked_area_literally(browser: Any, hostile_overlay: Path) -> None:
    watched = Watched(browser, hostile_overlay / "overlay.html")
    page = watched.page
    try:
        assert CHECKED_FILE in page.title()
        page.hover('.leaflet-overlay-pane path[stroke-dasharray="6 4"]')
        page.wait_for_selector(".leaflet-tooltip")
        assert CHECKED_NAME in page.inner_text(".leaflet-tooltip")
        watched.nothing_ran()
    finally:
        watched.context.close()


def test_atlas_plan_view_shows_the_item_title_literally(browser: Any,
                                                         hostile_build: Path) -> None:
    watched = Watched(browser, hostile_build / "atlas.html")
    page = watched.page
    try:
        page.click('#atlas-views button[data-view="plan"]')
        assert ITEM in page.inner_text("#atlas-plan")
        page.click('.atlas-plan-item[data-item="3"] > summary')
        body = page.inner_text('.atlas-plan-item[data-item="3"]')
        for hostile in (ITEM, TITLE):  # the item, and PKLK's peat survey serving it
            assert hostile in body, hostile
        page.locator('.atlas-plan-item[data-item="3"] .atlas-org-link').first.click()
        assert page.inner_text("#atlas-profile h3") == ORG
        watched.nothing_ran()
    finally:
        watched.context.close()


def test_atlas_popups_search_and_filters_show_hostile_text_literally(
        browser: Any, hostile_build: Path) -> None:
    watched = Watched(browser, hostile_build / "atlas.html")
    page = watched.page
    try:
        assert page.title().startswith(MAP_TITLE)
        assert THEME in page.locator("#filter-theme option").all_inner_texts()
        assert ORG in page.locator("#filter-org option").all_inner_texts()
        # the search finds the organisation and the area by their hostile names
        page.fill("#atlas-search-input", "onerror")
        names = page.locator(".atlas-search-result .atlas-search-name").all_inner_texts()
        assert ORG in names
        # the area drawn from the file with a hostile name: its popup
        watched.js("""name => {
            const path = atlasDebug.layerElement('area', name);
            const box = path.getBoundingClientRect();
            path.dispatchEvent(new MouseEvent('click', {bubbles: true,
              clientX: box.left + box.width / 2, clientY: box.top + box.height / 2}));
        }""", AREA)
        page.wait_for_selector(".leaflet-popup-content h3")
        assert page.inner_text(".leaflet-popup-content h3") == AREA
        assert ORG in page.inner_text(".leaflet-popup-content")
        watched.js("atlasDebug.map.closePopup()")
        # a desa of the peat survey (KM-05: Nanga Pari): its popup names the activity
        page.fill("#atlas-search-input", "Nanga Pari")
        watched.js("() => { window.__moved = "
                   "new Promise(r => atlasDebug.map.once('moveend', r)); }")
        page.locator('.atlas-search-result[data-kind="desa"]').first.click()
        watched.js("() => window.__moved")
        page.wait_for_selector(".leaflet-popup-content")
        popup = page.inner_text(".leaflet-popup-content")
        for hostile in (ORG, TITLE, THEME):
            assert hostile in popup, hostile
        watched.nothing_ran()
    finally:
        watched.context.close()


def test_the_checks_catch_a_page_that_runs_injected_code(browser: Any, tmp_path: Path) -> None:
    """The control: the same text pasted into a page as HTML is caught by every check."""
    page = tmp_path / "naive.html"
    page.write_text(f"<!doctype html><title>x</title><body><p>{ORG}</p>"
                    f'<p><a href="{SOURCES[0]}">sumber</a></p></body>', encoding="utf-8")
    watched = Watched(browser, page)
    try:
        watched.page.wait_for_function("typeof window.__xss !== 'undefined'")
        assert watched.dialogs == ["1"]
        assert ORG not in watched.text()
        with pytest.raises(AssertionError):
            watched.nothing_ran()
    finally:
        watched.context.close()
