"""The action plan, organisation profiles and direct answers about places, in a real browser.

The atlas is built from the sample workbook (the real Sintang boundaries), and opened in
headless Chromium with the network blocked, at a desktop and a phone size (see
tests/_browser.py). Expected values are read here from the workbook with openpyxl and
from the build's activities and placements with plain pandas, never from the atlas's code.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from _browser import block_network

from landscape.pipeline import build
from landscape.render.atlas.data import atlas_input
from landscape.render.atlas.payload import write_atlas
from landscape.settings import ATLAS_BUDGET_BYTES

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 760}
WHOLE = {"seluruh kabupaten", "kab. sintang"}
ROW_IDS = "ns => ns.map(n => n.dataset.activity)"


# ------------------------------------------------------------- the workbook


def _sheet(workbook: openpyxl.Workbook, name: str, first: str) -> list[dict]:
    rows = list(workbook[name].iter_rows(values_only=True))
    head = next(i for i, row in enumerate(rows) if row[0] == first)
    return [dict(zip(rows[head], row, strict=False)) for row in rows[head + 1:]]


@pytest.fixture(scope="module")
def workbook(sample_dir):
    book = openpyxl.load_workbook(sample_dir / "rencana-aksi.xlsx", data_only=True)
    items = [row for row in _sheet(book, "Rencana Aksi", "No") if isinstance(row["No"], int)]
    orgs = _sheet(book, "Mitra", "Nama")
    names = {}
    for org in orgs:
        names[org["Nama"].strip().lower()] = org["Nama"].strip()
        if org["Singkatan"]:
            names[org["Singkatan"].strip().lower()] = org["Nama"].strip()
    acts = _sheet(book, "Kegiatan Mitra", "ID")
    return {"items": items, "names": names, "acts": acts, "orgs": orgs}


def _org(workbook, written) -> str:
    text = str(written).strip()
    return workbook["names"].get(text.lower(), text)


def _supports(workbook, written) -> list[str]:
    return [_org(workbook, part) for part in re.split(r"[;,]", written or "") if part.strip()]


# ----------------------------------------------------------------- the build


@pytest.fixture(scope="module")
def built(admin_gpkg, sample_dir, tmp_path_factory):
    areas = sorted(str(p) for p in (sample_dir / "areas").iterdir())
    result = build(boundaries=admin_gpkg, plan=sample_dir / "rencana-aksi.xlsx", areas=areas,
                   kabupaten="61.05")
    folder = tmp_path_factory.mktemp("plan-atlas")
    pages = {}
    for lang in ("id", "en"):
        atlas = atlas_input(result, title="Sekber Sintang", illustrative=False,
                            data_date="2026-11-30", english=lang == "en")
        pages[lang] = folder / f"atlas-{lang}.html"
        write_atlas(atlas, pages[lang], lang=lang)
    return result, pages


@pytest.fixture
def open_atlas(browser, built, tmp_path):
    contexts = []

    def _open(viewport=DESKTOP, lang="id", path=None, fragment=""):
        context = browser.new_context(viewport=viewport, accept_downloads=True)
        contexts.append(context)
        blocked = block_network(context)
        errors: list[str] = []
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type in {"error", "warning"}
                else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((path or built[1][lang]).as_uri() + fragment)
        page.wait_for_selector("html[data-atlas-ready]", timeout=20_000)
        page.errors, page.blocked = errors, blocked
        if viewport["width"] < 720:  # the side panel starts closed on a phone
            page.click("#atlas-side-toggle")
        return page

    yield _open
    for context in contexts:
        assert context.pages[0].errors == []
        assert context.pages[0].blocked == []
        context.close()


def _view(page, key):
    page.click(f'#atlas-views button[data-view="{key}"]')


def _kecamatan(result) -> dict[str, str]:
    return dict(zip(result.bounds.kecamatan["code"], result.bounds.kecamatan["name"],
                    strict=True))


def _planned(item, kecamatan) -> set[str]:
    """Kecamatan named in the Lokasi cell (or every one for the whole district)."""
    where = str(item["Lokasi"]).strip().lower()
    if where in WHOLE:
        return set(kecamatan)
    return {code for code, name in kecamatan.items() if name.lower() in where}


def _reached(result, number) -> set[str]:
    acts = result.activities
    ids = {a for a, items in zip(acts["activity_id"], acts["action_items"], strict=True)
           if str(number) in {str(i) for i in items}}
    rows = result.linked.placements[result.linked.placements["activity_id"].isin(ids)]
    if (rows["precision"] == "kabupaten").any():
        return set(_kecamatan(result))
    return set(rows["kecamatan_code"]) - {""}


# --------------------------------------------------------------------- tests


def test_the_sample_atlas_keeps_its_size_budget(built):
    for path in built[1].values():
        assert path.stat().st_size <= ATLAS_BUDGET_BYTES


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_action_item_is_listed_with_its_title_and_lead(open_atlas, workbook, viewport):
    page = open_atlas(viewport)
    _view(page, "plan")
    assert page.is_visible("#atlas-plan")
    listed = page.eval_on_selector_all(
        ".atlas-plan-item", "nodes => nodes.map(n => [n.dataset.item, n.textContent])")
    assert [no for no, _text in listed] == [str(item["No"]) for item in workbook["items"]]
    for (_no, text), item in zip(listed, workbook["items"], strict=True):
        assert item["Kegiatan"].strip() in text
        assert _org(workbook, item["Penanggung Jawab"]) in text
    # Items without any partner activity are there too (the workbook's items 1 and 2).
    named = {str(i).strip() for act in workbook["acts"] for i in
             re.split(r"[;,]", str(act["No Rencana Aksi"] or "")) if str(i).strip()}
    without = [str(item["No"]) for item in workbook["items"] if str(item["No"]) not in named]
    assert without
    assert {no for no, _text in listed} >= set(without)
    # The item filter: numbers with titles, every item, and a missing one said as such.
    options = page.eval_on_selector_all("#filter-item option",
                                        "nodes => nodes.map(n => [n.value, n.textContent])")
    plan_numbers = {str(item["No"]) for item in workbook["items"]}
    missing = sorted(named - plan_numbers)
    assert missing == ["45"]
    assert [value for value, _t in options[1:]] == [*sorted(plan_numbers, key=int), *missing]
    texts = dict(options)
    for item in workbook["items"]:
        assert texts[str(item["No"])] == f"{item['No']}. {item['Kegiatan'].strip()}"
    assert texts["45"] == "45 (tidak ada di rencana)"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_choosing_an_item_styles_its_planned_and_reached_places(open_atlas, workbook, built,
                                                                viewport):
    result = built[0]
    kecamatan = _kecamatan(result)
    page = open_atlas(viewport)
    _view(page, "plan")
    items = workbook["items"] if viewport is DESKTOP else workbook["items"][12:13]
    compared = 0
    for item in items:
        number = str(item["No"])
        page.click(f'.atlas-plan-item[data-item="{number}"] > summary')
        page.wait_for_selector(f'.atlas-plan-item[data-item="{number}"] .atlas-plan-body')
        planned, reached = _planned(item, kecamatan), _reached(result, number)
        assert planned, f"item {number}: no kecamatan read from {item['Lokasi']!r}"
        want = dict.fromkeys(planned & reached, "asplanned")
        want |= dict.fromkeys(planned - reached, "notreached")
        want |= dict.fromkeys(reached - planned, "beyond")
        got = dict(page.eval_on_selector_all(
            "path.atlas-highlight", "nodes => nodes.map(n => [n.dataset.code, n.dataset.class])"))
        assert got == want, f"item {number}"
        legend = page.inner_text('[data-legend="highlight"]')
        for cls in set(want.values()):
            assert page.locator(f'[data-legend="highlight"] [data-class="{cls}"]').count() == 1
        assert f"Butir {number}" in legend
        acts = page.eval_on_selector_all(
            f'.atlas-plan-item[data-item="{number}"] [data-activity]',
            "nodes => nodes.map(n => n.dataset.activity)")
        ids = result.activities[[number in {str(i) for i in named}
                                 for named in result.activities["action_items"]]]
        assert sorted(acts) == sorted(ids["activity_id"])
        compared += 1
    assert compared == len(items)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("written", ["YRK", "BPBD"])
def test_a_profile_lists_the_items_an_organisation_leads_and_supports(open_atlas, workbook,
                                                                      built, viewport, written):
    result = built[0]
    name = _org(workbook, written)
    page = open_atlas(viewport)
    _view(page, "orgs")
    page.click(f'#atlas-orgs .atlas-org-link[data-org="{name}"]')
    page.wait_for_selector(f'#atlas-profile[data-org="{name}"]')
    leads = {str(i["No"]) for i in workbook["items"]
             if _org(workbook, i["Penanggung Jawab"]) == name}
    supports = {str(i["No"]) for i in workbook["items"]
                if name in _supports(workbook, i["Pihak Terkait"])}
    assert leads or supports
    for box, want in (("#profile-leads", leads), ("#profile-supports", supports)):
        got = page.eval_on_selector_all(f"{box} [data-item]", "ns => ns.map(n => n.dataset.item)")
        assert set(got) == want
    text = page.inner_text("#atlas-profile")
    assert written in text  # the acronym, from the organisation sheet
    contact = next(o["Kontak"] for o in workbook["orgs"] if o["Nama"].strip() == name)
    assert contact
    assert contact in text
    # Its budget: the sum of its activities, and item shares that add up to it.
    acts = result.activities[result.activities["org"] == name]
    total = sum(b for b in acts["budget_idr"] if not math.isnan(b))
    assert float(page.get_attribute("#profile-budget-total", "data-value")) == round(total)
    shares = page.eval_on_selector_all(".atlas-org-budget dd[data-item]",
                                       "ns => ns.map(n => Number(n.dataset.value))")
    assert abs(sum(shares) - total) <= len(shares)
    got_acts = page.eval_on_selector_all(".atlas-profile-acts [data-activity]",
                                         "ns => ns.map(n => n.dataset.activity)")
    assert sorted(got_acts) == sorted(acts["activity_id"])
    # The role map: planned places of the items it leads and supports.
    page.click("#profile-rolemap")
    got = page.eval_on_selector_all("path.atlas-highlight", "ns => ns.map(n => n.dataset.code)")
    kecamatan = _kecamatan(result)
    want = set()
    for item in workbook["items"]:
        if str(item["No"]) in leads | supports:
            want |= _planned(item, kecamatan)
    assert set(got) == want


def test_search_and_popups_lead_to_profiles(open_atlas, built):
    result = built[0]
    page = open_atlas()
    page.fill("#atlas-search-input", "Rimba Kapuas")
    page.click('.atlas-search-result[data-kind="org"]')
    page.wait_for_selector('#atlas-profile[data-org="Yayasan Rimba Kapuas"]')
    assert page.is_visible("#atlas-profile")
    _view(page, "map")
    page.click("#filter-reset")
    # A kecamatan popup names every organisation working there, by type.
    code, name = "61.05.03", _kecamatan(result)["61.05.03"]
    rows = result.linked.placements
    ids = set(rows.loc[rows["kecamatan_code"] == code, "activity_id"])
    acts = result.activities[result.activities["activity_id"].isin(ids)]
    assert len(set(acts["org"])) >= 3
    page.fill("#atlas-search-input", name)
    page.click('.atlas-search-result[data-kind="kecamatan"]')
    page.wait_for_selector(".leaflet-popup-content .atlas-orgs-here")
    named = page.eval_on_selector_all(".leaflet-popup-content .atlas-org-link",
                                      "ns => ns.map(n => n.dataset.org)")
    assert sorted(named) == sorted(set(acts["org"]))
    popup = page.inner_text(".leaflet-popup-content")
    for org_type in set(acts["org_type"]):
        assert f"{org_type}:" in popup or org_type.split("/")[0] in popup
    lines = page.eval_on_selector_all(".leaflet-popup-content [data-activity]",
                                      "ns => ns.map(n => n.dataset.activity)")
    assert sorted(lines) == sorted(acts["activity_id"])
    # ... and each name opens that organisation's profile.
    first = min(acts["org"])
    page.click(f'.leaflet-popup-content .atlas-org-link[data-org="{first}"]')
    page.wait_for_selector(f'#atlas-profile[data-org="{first}"]')


def test_summary_names_the_kecamatan_with_no_activity(open_atlas, built):
    result = built[0]
    page = open_atlas()
    name = "Yayasan Rimba Kapuas"
    page.select_option("#filter-org", name)
    acts = result.activities[result.activities["org"] == name]
    rows = result.linked.placements
    reached = set(rows.loc[rows["activity_id"].isin(acts["activity_id"]), "kecamatan_code"])
    kecamatan = _kecamatan(result)
    none = sorted(kecamatan[c] for c in set(kecamatan) - reached)
    got = page.get_attribute("#sum-none", "data-kecamatan")
    assert sorted(eval(got)) == none  # noqa: S307 (a JSON list of names)
    if len(none) <= 6:
        text = page.inner_text("#sum-none")
        assert all(n in text for n in none)


def test_the_table_downloads_exactly_the_filtered_rows(open_atlas, built):
    result = built[0]
    page = open_atlas()
    name = "Yayasan Rimba Kapuas"
    page.select_option("#filter-org", name)
    page.select_option("#filter-year", "2023")
    acts = result.activities
    want = set()
    for row in acts.itertuples():
        start, end = (None if pd.isna(d) else d.year for d in (row.start, row.end))
        first = start or end
        if row.org == name and first and first <= 2023 and (not end or end >= 2023):
            want.add(row.activity_id)
    assert 0 < len(want) < (acts["org"] == name).sum()
    page.click("#atlas-table-open")
    shown = page.eval_on_selector_all("#atlas-table tbody tr", ROW_IDS)
    assert set(shown) == want
    page.click('#atlas-table .atlas-sort[data-column="budget"]')
    shown = page.eval_on_selector_all("#atlas-table tbody tr", ROW_IDS)
    budgets = dict(zip(acts["activity_id"], acts["budget_idr"], strict=True))
    order = [budgets[a] for a in shown if not math.isnan(budgets[a])]
    assert order == sorted(order)
    with page.expect_download() as info:
        page.click("#atlas-table-download")
    download = info.value
    assert download.suggested_filename == "kegiatan.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))
    assert rows[0][0] == "ID"
    assert [r[0] for r in rows[1:]] == shown
    by_id = {r[0]: r for r in rows[1:]}
    column = rows[0].index("Anggaran (Rp)")
    for activity_id in shown:
        budget = budgets[activity_id]
        cell = by_id[activity_id][column]
        assert cell == ("" if math.isnan(budget) else str(int(budget)))
    guarded = page.evaluate("""() => ["=SUM(A1)", "+1", "-1", "@x", "\\tx", "a,\\"b\\"", -5, 7.5]
        .map(window.landscapeAtlasViews.csvCell)""")
    assert guarded == ["'=SUM(A1)", "'+1", "'-1", "'@x", "'\tx", '"a,""b"""', "-5", "7.5"]


def test_kecamatan_choropleth(open_atlas, built):
    result = built[0]
    page = open_atlas()
    page.check('[data-choropleth="kec:n_activities"]')
    legend = page.inner_text("#atlas-legend")
    assert "Jumlah kegiatan per kecamatan" in legend
    rows = result.linked.placements
    rows = rows[rows["kecamatan_code"] != ""].drop_duplicates(["activity_id", "kecamatan_code"])
    counts = rows.groupby("kecamatan_code").size().to_dict()
    values = page.evaluate("() => window.landscapeAtlasViews.kecamatanValues()")
    assert values == {code: counts.get(code, 0) for code in _kecamatan(result)}
    assert page.locator(".leaflet-atlas-desa-pane path[fill-opacity='0.75']").count() == 0


def test_screenshot_of_the_plan_view(open_atlas):
    page = open_atlas()
    page.check('[data-choropleth=""]')  # no desa colours under the item's
    _view(page, "plan")
    page.click('.atlas-plan-item[data-item="11"] > summary')
    page.wait_for_selector('.atlas-plan-item[data-item="11"] .atlas-plan-body')
    page.wait_for_timeout(300)  # let the map settle after fitting the item's places
    out = ROOT / "test-output"
    out.mkdir(exist_ok=True)
    page.screenshot(path=str(out / "atlas-plan.png"))
    classes = page.eval_on_selector_all("path.atlas-highlight",
                                        "ns => ns.map(n => n.dataset.class)")
    assert set(classes) == {"asplanned", "notreached", "beyond"}  # all three styles shown
    if os.environ.get("LANDSCAPE_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(out / "atlas-plan.png", ROOT / "maps" / "atlas-screenshot.png")


def test_a_desa_popup_names_its_organisations(open_atlas, built):
    result = built[0]
    rows = result.linked.placements
    rows = rows[rows["desa_code"] != ""]
    per_desa = rows.groupby("desa_code")["activity_id"].agg(set)
    orgs_of = dict(zip(result.activities["activity_id"], result.activities["org"], strict=True))
    code = max(per_desa.index, key=lambda c: (len({orgs_of[a] for a in per_desa[c]}), c))
    want = {orgs_of[a] for a in per_desa[code]}
    assert len(want) >= 2
    desa = result.bounds.desa.set_index("code").loc[code]
    page = open_atlas()
    page.fill("#atlas-search-input", desa["name"])
    page.click(f'.atlas-search-result[data-kind="desa"] >> text="{desa["name"]}"')
    page.wait_for_selector(".leaflet-popup-content .atlas-orgs-here")
    named = page.eval_on_selector_all(".leaflet-popup-content .atlas-org-link",
                                      "ns => ns.map(n => n.dataset.org)")
    assert set(named) == want
    assert len(named) == len(want)  # each once, under its type


def test_the_plan_in_english(open_atlas, workbook):
    page = open_atlas(lang="en")
    _view(page, "plan")
    head = page.text_content("#atlas-plan h2")  # (shown in capitals by the stylesheet)
    assert head == f"Action plan: {len(workbook['items'])} items"
    named = {str(i).strip() for act in workbook["acts"] for i in
             re.split(r"[;,]", str(act["No Rencana Aksi"] or "")) if str(i).strip()}
    with_acts = {str(item["No"]) for item in workbook["items"]} & named
    assert int(page.get_attribute("#plan-with-activity", "data-value")) == len(with_acts)
    assert page.inner_text('#filter-item option[value="45"]') == "45 (not in the plan)"
    _view(page, "map")
    page.fill("#atlas-search-input", "Penanggulangan Bencana")
    page.press("#atlas-search-input", "Enter")
    page.wait_for_selector("#atlas-profile")
    assert "Leads items" in page.inner_text("#atlas-profile")


# ------------------------------------------ the plan views with search, links and status


def _hash_with(page, text):
    page.wait_for_function("t => location.hash.includes(t)", arg=text)
    return page.evaluate("location.hash")


def test_selection_and_view_round_trip_through_the_fragment(open_atlas, workbook):
    page = open_atlas()
    _view(page, "plan")
    page.click('.atlas-plan-item[data-item="13"] > summary')
    fragment = _hash_with(page, "sel=item%3A13")
    assert "view=plan" in fragment
    zoom = float(re.search(r"map=([0-9.]+)%2F", fragment).group(1))
    again = open_atlas(fragment=fragment)
    assert again.get_attribute("#atlas-side", "data-view") == "plan"
    assert again.evaluate("document.querySelector('.atlas-plan-item[data-item=\"13\"]').open")
    assert again.locator("path.atlas-highlight").count() > 0
    assert again.evaluate("atlasDebug.map.getZoom()") == zoom  # the link's map, not refitted
    # An organisation opened from the item's list: its profile, then the link to it.
    lead = _org(workbook, next(i for i in workbook["items"] if i["No"] == 13)["Penanggung Jawab"])
    again.click(f'#atlas-side [data-item="13"] .atlas-org-link[data-org="{lead}"]')
    again.wait_for_selector(f'#atlas-profile[data-org="{lead}"]')
    fragment = _hash_with(again, "view=orgs")
    assert "sel=org%3A" in fragment
    third = open_atlas(fragment=fragment)
    third.wait_for_selector(f'#atlas-profile[data-org="{lead}"]')
    assert third.get_attribute("#atlas-side", "data-view") == "orgs"
    assert third.is_visible("#atlas-profile")
    third.click(".atlas-back")  # back to the list: the link no longer names it
    third.wait_for_function("() => !location.hash.includes('sel=')")
    third.evaluate("location.hash = '#sel=item:13'")  # a link followed in the open page
    third.wait_for_function("() => document.getElementById('atlas-side').dataset.view === 'map'")
    assert third.locator("path.atlas-highlight").count() > 0


def test_search_by_acronym_opens_the_profile(open_atlas, workbook):
    name = _org(workbook, "BPBD")
    assert name != "BPBD"  # the sheet spells it out
    page = open_atlas()
    page.fill("#atlas-search-input", "BPBD")
    page.locator('.atlas-search-result[data-kind="org"]').first.click()
    page.wait_for_selector(f'#atlas-profile[data-org="{name}"]')
    assert page.get_attribute("#atlas-side", "data-view") == "orgs"
    assert page.inner_text("#atlas-profile h3") == name


PLANNED = ("KM-003", "KM-004")  # each is alone in reaching a kecamatan for its item


@pytest.fixture(scope="module")
def planned_page(built, tmp_path_factory):
    result = built[0]
    acts = result.linked.activities.copy()
    acts["status"] = ["Rencana" if a in PLANNED else s
                      for a, s in zip(acts["activity_id"], acts["status"], strict=True)]
    planned = replace(result, linked=replace(result.linked, activities=acts))
    path = tmp_path_factory.mktemp("planned") / "atlas.html"
    write_atlas(atlas_input(planned, title="Sekber Sintang", illustrative=False,
                            data_date="2026-11-30"), path)
    return path


def test_planned_work_is_marked_and_reaches_nothing_until_included(open_atlas, workbook, built,
                                                                    planned_page):
    result = built[0]
    kecamatan = _kecamatan(result)
    item = next(i for i in workbook["items"] if i["No"] == 13)
    planned = _planned(item, kecamatan)
    page = open_atlas(path=planned_page)
    _view(page, "plan")
    page.click('.atlas-plan-item[data-item="13"] > summary')
    line = page.locator('.atlas-plan-item[data-item="13"] [data-activity="KM-004"]')
    assert line.get_attribute("data-planned") == "1"
    assert "rencana/usulan" in line.inner_text()

    def styled():
        return dict(page.eval_on_selector_all(
            "path.atlas-highlight", "ns => ns.map(n => [n.dataset.code, n.dataset.class])"))

    for include in (False, True):
        if include:  # the item's own box, the same as the filter's
            page.check('.atlas-plan-item[data-item="13"] .atlas-plan-planned input')
            assert page.is_checked("#filter-planned")
        acts = result.activities
        ids = {a for a, items in zip(acts["activity_id"], acts["action_items"], strict=True)
               if "13" in {str(i) for i in items} and (include or a not in PLANNED)}
        rows = result.linked.placements[result.linked.placements["activity_id"].isin(ids)]
        reached = (set(kecamatan) if (rows["precision"] == "kabupaten").any()
                   else set(rows["kecamatan_code"]) - {""})
        want = dict.fromkeys(planned & reached, "asplanned")
        want |= dict.fromkeys(planned - reached, "notreached")
        want |= dict.fromkeys(reached - planned, "beyond")
        page.wait_for_function("n => document.querySelectorAll('path.atlas-highlight').length"
                               " === n", arg=len(want))
        assert styled() == want, include
    assert styled() != {}
    # Included, planned rows are marked in the table and in popups.
    _view(page, "map")
    assert page.is_checked("#filter-planned")
    page.click("#atlas-table-open")
    row = page.locator('#atlas-table tr[data-activity="KM-004"]')
    assert row.get_attribute("data-planned") == "1"
    assert "rencana/usulan" in row.inner_text()
    assert page.locator("#atlas-table tr[data-planned]").count() == len(PLANNED)
    code = next(c for c in result.linked.placements.loc[
        result.linked.placements["activity_id"] == "KM-004", "kecamatan_code"] if c)
    page.fill("#atlas-search-input", "Kec. " + kecamatan[code])
    page.click('.atlas-search-result[data-kind="kecamatan"]')
    page.wait_for_selector('.leaflet-popup-content [data-activity="KM-004"]')
    assert page.get_attribute('.leaflet-popup-content [data-activity="KM-004"]',
                              "data-planned") == "1"
