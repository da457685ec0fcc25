"""The atlas's changes panel, in headless Chromium: what changed since an earlier build.

The builds are the meeting-pack tests' (tests/test_pack.py): the sample, then the
sample with KM-001 moved off the desa Idai and KM-003's budget raised, built with
``--since`` the first. What the panel lists is compared with ``changes.csv`` read
here with the csv module, and its counts with a count of that file's rows.
"""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
import shapely
from _browser import open_page
from _builds import DATE, build_sample

from landscape.analyse.changes import CHANGE_COLUMNS
from landscape.render.atlas.changes import changes_payload
from landscape.render.atlas.model import ChangeSet


@pytest.fixture(scope="module")
def before(admin_gpkg: Path, sample_dir: Path, areas: list[Path],
           tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("panel") / "before"
    build_sample(admin_gpkg, sample_dir / "rencana-aksi.xlsx", areas, out)
    return out


@pytest.fixture(scope="module")
def after(admin_gpkg: Path, sample_dir: Path, areas: list[Path], before: Path,
          tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("panel-changed")
    book = openpyxl.load_workbook(sample_dir / "rencana-aksi.xlsx")
    sheet = book["Kegiatan Mitra"]
    assert (sheet["A2"].value, sheet["A4"].value) == ("KM-001", "KM-003")
    sheet["F2"] = "Sebetung Paluk; Sungai Kelik"
    sheet["I4"] = "500 juta"
    book.save(folder / "rencana-aksi.xlsx")
    out = folder / "after"
    build_sample(admin_gpkg, folder / "rencana-aksi.xlsx", areas, out, "--since", str(before),
           "--lang", "en")
    return out


def _csv_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "changes.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _panel_rows(opened) -> list[dict[str, str]]:
    return opened.js("""() => Array.from(
        document.querySelectorAll('#atlas-changes li.atlas-change'))
        .map(li => Object.fromEntries(['kind', 'change', 'key', 'label', 'field', 'old', 'new']
            .map(name => [name, li.getAttribute('data-' + name)])))""")


def _title(folder: Path, activity: str) -> str:
    with (folder / "who-does-what-where.csv").open(encoding="utf-8", newline="") as handle:
        return next(r["title"] for r in csv.DictReader(handle) if r["activity_id"] == activity)


@pytest.mark.browser
def test_the_panel_lists_exactly_the_changes_of_changes_csv(browser, admin_gpkg: Path,
                                                            after: Path) -> None:
    expected = _csv_rows(after)
    assert len(expected) == 2  # KM-001's places and KM-003's budget
    opened = open_page(browser, after / "atlas.html")
    try:
        title = opened.js("() => document.querySelector('#atlas-changes h2').textContent")
        assert title == f"Changes since {DATE}"
        assert sorted(_panel_rows(opened), key=lambda r: r["key"]) == sorted(
            expected, key=lambda r: r["key"])
        counts = opened.js("""() => Array.from(document.querySelectorAll(
            '#atlas-changes tr[data-kind]')).map(tr => [tr.getAttribute('data-kind'),
            tr.getAttribute('data-change'), Number(tr.getAttribute('data-count')),
            tr.lastChild.textContent])""")
        hand = Counter((r["kind"], r["change"]) for r in expected)
        assert {(k, c): n for k, c, n, _ in counts} == dict(hand)
        assert all(str(n) == shown for _, _, n, shown in counts)
        # the budget change reads in rupiah, old to new
        budget = opened.js("""() => document.querySelector(
            '#atlas-changes li[data-key="KM-003"] .atlas-change-values').textContent""")
        assert budget == "budget (IDR): Rp 450,000,000 → Rp 500,000,000"
        # each activity change shows the activity's places on the map: the view moves in
        # onto KM-001's desa of the new build (read here from the boundaries) and the popup
        # names the activity
        assert opened.count("#atlas-changes button.atlas-change-show") == 2
        zoom = opened.js("() => window.atlasDebug.map.getZoom()")
        opened.page.click('#atlas-changes li[data-key="KM-001"] button.atlas-change-show')
        assert opened.popup_text().startswith(_title(after, "KM-001"))
        view = opened.js("""() => { const b = window.atlasDebug.map.getBounds();
            return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }""")
        desa = gpd.read_file(admin_gpkg, layer="desa")
        places = desa[desa["kode"].isin(["61.05.06.2013", "61.05.06.2024"])]
        assert len(places) == 2
        centre = shapely.box(*places.total_bounds).centroid
        assert shapely.box(*view).contains(centre)
        assert opened.js("() => window.atlasDebug.map.getZoom()") > zoom
        opened.clean()
    finally:
        opened.close()


@pytest.mark.browser
def test_a_build_without_since_has_no_panel(browser, before: Path, after: Path) -> None:
    assert not (before / "changes.csv").exists()
    # the Sintang atlas with its panel stays within its budget
    assert (after / "atlas.html").stat().st_size < 1_000_000
    opened = open_page(browser, before / "atlas.html")
    try:
        assert opened.count("#atlas-changes") == 0
        opened.clean()
    finally:
        opened.close()


@pytest.mark.browser
def test_a_build_against_itself_says_no_changes(browser, admin_gpkg: Path, sample_dir: Path,
                                                areas: list[Path], before: Path, *,
                                                tmp_path: Path) -> None:
    shutil.copytree(before, tmp_path / "old")
    build_sample(admin_gpkg, sample_dir / "rencana-aksi.xlsx", areas, tmp_path / "new", "--since",
           str(tmp_path / "old"))
    assert _csv_rows(tmp_path / "new") == []
    opened = open_page(browser, tmp_path / "new" / "atlas.html")
    try:
        assert opened.count("#atlas-changes") == 1
        assert opened.js("() => document.querySelector('#atlas-changes h2').textContent") == (
            f"Perubahan sejak {DATE}")
        assert opened.count("#atlas-changes li") == 0
        none = opened.js("() => document.querySelector('.atlas-changes-none').textContent")
        assert none == "Tidak ada perubahan."
        opened.clean()
    finally:
        opened.close()


def test_only_activities_of_the_new_build_can_be_shown_and_no_comparison_adds_nothing() -> None:
    table = pd.DataFrame([
        ("activity", "new", "A3", "Org: Three", "", "", "Desa X (1)"),
        ("activity", "removed", "A1", "Org: One", "", "Desa Y (2)", ""),
        ("item", "gained activity", "13", "Item 13", "has_activity", "false", "true"),
    ], columns=CHANGE_COLUMNS)
    found = changes_payload(ChangeSet(table, "2026-05-01"), lang="id", activity_ids={"A2", "A3"})
    rows = found["changes"]["rows"]
    assert [(r[2], r[-1]) for r in rows] == [("A3", True), ("A1", False), ("13", False)]
    assert [r[:7] for r in rows] == [list(t) for t in table.itertuples(index=False)]
    assert found["changes"]["since"] == "2026-05-01"
    assert found["changes"]["words"]["true"] == "ya"
    assert changes_payload(None, lang="id", activity_ids={"A2"}) == {}
