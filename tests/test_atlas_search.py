"""The atlas search folds names as the gazetteer does: fold.js against landscape._text.

fold.js runs in headless Chromium (the Debian package at /usr/bin/chromium,
driven by playwright-python, every network request aborted and counted) with the
table the page carries (:func:`landscape._text.place_fold_table`); its keys must
equal :func:`landscape._text.fold_place`'s for every name.
"""

from __future__ import annotations

import geopandas as gpd
import pytest
from _atlas_fixture import build_atlas_input
from _browser import block_network

from landscape._text import fold, fold_place, place_fold_table
from landscape.render.atlas.page import ASSETS
from landscape.render.atlas.payload import write_atlas

pytestmark = pytest.mark.browser

NAMES = [
    "Kec. Sei Tebelian", "Desa Sg. Ana", "Ds Sng Risap", "Kelurahan Kapuas Kanan Hulu",
    "Kab. Sintang", "Dsn. Sungai Buluh", "Kecamatan Desa Baru", "Desa", "Kec", "sei",
    "Pengkadan Sei Rupa", "Nanga Sepauk Kec", "  Nanga  Ketungau-Tengah ", "SÉMUNTAI",
    "Sému\u0301ntai", "Straße", "Jum'at", "Jum\u2019at", "Jum`at", "Jum\u02bcat",
    "PT. Sawit__Melawi (SM) / 2", "\ufb01nal \u00b2", "\u00a0Kapuas\u2003Hulu\t", "—", "",
    "Constructor", "Desa toString", "Sei __proto__", "<img src=x onerror=alert(1)>",
    "Yayasan Rimba-Kapuas (YRK)", "Ketungau Hulu;  Ketungau Hilir", "Nanga Mau 2",
    "Tj. Baung", "Tg.Puri", "Ng. Pari", "NG Sepauk", "Sui Raya", "S. Ana", "Ds. S. Ana",
    "Kel. Tj. Hulu", "Dsn. Ng. Mau", "Kec. S", "S", "Ayak S", "Nanga S. Tebelian", "Tj",
    "s constructor", "S toString",
]


@pytest.fixture
def offline(browser):
    """Open pages with every request that is not for a local file aborted and counted."""
    context = browser.new_context()
    blocked = block_network(context)
    yield context, blocked
    context.close()


def _js_folds(offline, names):
    """Return fold.js's (text, place) keys of names, run in a blank page."""
    context, blocked = offline
    page = context.new_page()
    page.set_content("<!doctype html><title>fold</title>")
    page.add_script_tag(content=(ASSETS / "fold.js").read_text(encoding="utf-8"))
    keys = page.evaluate("""([table, names]) => {
        const f = landscapeFold(table);
        return names.map(n => [f.text(n), f.place(n)]);
    }""", [place_fold_table(), names])
    assert blocked == []
    return [tuple(pair) for pair in keys]


def test_js_fold_is_the_python_fold(offline):
    assert _js_folds(offline, NAMES) == [(fold(n), fold_place(n)[0]) for n in NAMES]


@pytest.mark.shared
def test_js_fold_on_every_real_name(offline, admin_gpkg):
    names = []
    for layer in ("kabupaten", "kecamatan", "desa"):
        frame = gpd.read_file(admin_gpkg, layer=layer, ignore_geometry=True)
        names += [f"{prefix}{name}" for name in frame["nama"]
                  for prefix in ("", "Desa ", "Kec. ")]
        names += [name.replace("Sungai", "Sei") for name in frame["nama"]]
        names += [name.replace("Sungai ", "S. ").replace("Tanjung", "Tj.").replace("Nanga", "Ng")
                  for name in frame["nama"]]
    assert len(names) > 4000
    assert _js_folds(offline, names) == [(fold(n), fold_place(n)[0]) for n in names]


@pytest.mark.shared
def test_page_search_reads_abbreviations(offline, admin_gpkg, sample_dir, tmp_path):
    """Typing "Ds. Sei Ana" finds the desa Sungai Ana (61.05.01.2011) first."""
    path = tmp_path / "atlas.html"
    write_atlas(build_atlas_input(admin_gpkg, sample_dir), path)
    context, blocked = offline
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-atlas-ready]", timeout=20_000)
    page.fill("#atlas-search-input", "Ds. Sei Ana")
    first = page.locator(".atlas-search-result").first
    assert first.get_attribute("data-kind") == "desa"
    assert first.locator(".atlas-search-name").inner_text() == "Sungai Ana"
    page.fill("#atlas-search-input", "sg risap")
    names = page.locator(".atlas-search-result .atlas-search-name").all_inner_texts()
    assert sorted(names) == ["Sungai Risap", "Sungai Risap Mensiku Bersatu"]
    assert errors == []
    assert blocked == []
