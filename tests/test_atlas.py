"""The HTML atlas as a file: size budget, determinism, escaping, offline, geometry."""

from __future__ import annotations

import base64
import hashlib
import html as html_module
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from _atlas_fixture import (
    HOSTILE,
    HOSTILE_AREA,
    HOSTILE_DESA,
    HOSTILE_THEME,
    build_atlas_input,
    decode_deltas,
    load_boundaries,
)

from landscape.errors import InputError, LayerError
from landscape.render.atlas import geometry as geo
from landscape.render.atlas import i18n as _atlas_i18n
from landscape.render.atlas.model import RasterOverlay, VectorOverlay
from landscape.render.atlas.payload import (
    build_payload,
    check_atlas,
    render_atlas,
    write_atlas,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def atlas(admin_gpkg, sample_dir):
    return build_atlas_input(admin_gpkg, sample_dir)


@pytest.fixture(scope="module")
def html(atlas):
    return render_atlas(atlas)


@pytest.fixture(scope="module")
def boundaries(admin_gpkg):
    """Real Sintang desa and kecamatan, as read (unsimplified)."""
    return load_boundaries(admin_gpkg)


def _data_block(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="atlas-data">(.*?)</script>', page,
                      re.DOTALL)
    assert match
    return json.loads(match.group(1))


def _decode(encoded, scale=geo.COORD_SCALE):
    """Independent decoder of the integer-delta encoding: parts of rings of (x, y)."""
    return decode_deltas(encoded, scale)


def _polygon(encoded):
    return shapely.MultiPolygon([(rings[0], rings[1:]) for rings in _decode(encoded)])


# ------------------------------------------------------------------ size


def test_sintang_boundaries_fit_half_a_megabyte(admin_gpkg):
    payload = build_payload(build_atlas_input(admin_gpkg))
    assert len(payload["desa"]) == 406
    assert len(payload["kecamatan"]) == 14
    data = json.dumps([payload["desa"], payload["kecamatan"]], separators=(",", ":"))
    assert len(data.encode()) < 600_000


def test_sintang_atlas_with_sample_is_under_one_megabyte(atlas, tmp_path):
    size = write_atlas(atlas, tmp_path / "atlas.html")
    assert size == (tmp_path / "atlas.html").stat().st_size
    assert size < 1_000_000


@pytest.mark.slow
def test_province_atlas_is_under_five_megabytes(admin_gpkg, tmp_path):
    province = build_atlas_input(admin_gpkg, prefix="61.")
    size = write_atlas(province, tmp_path / "kalbar.html")
    page = (tmp_path / "kalbar.html").read_text(encoding="utf-8")
    assert len(_data_block(page)["desa"]) == 2130
    assert size < 5_000_000


# ------------------------------------------------------------ determinism


def test_same_bytes_across_processes(admin_gpkg, sample_dir, tmp_path):
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "from pathlib import Path;"
        "from _atlas_fixture import build_atlas_input;"
        "from landscape.render.atlas.payload import write_atlas;"
        "a = build_atlas_input(Path(sys.argv[2]), Path(sys.argv[3]));"
        "write_atlas(a, sys.argv[4])"
    )
    digests = set()
    for seed in ("1", "2"):
        out = tmp_path / f"atlas-{seed}.html"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(ROOT / "tests"), str(admin_gpkg),  # noqa: S603
                        str(sample_dir), str(out)], check=True, env=env, cwd=ROOT)
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1


# --------------------------------------------------------------- offline


def test_nothing_is_loaded_from_elsewhere(html):
    assert "<script src" not in html.lower()
    assert "<link" not in html.lower()
    assert re.search(r"<(script|img|iframe|link)[^>]+(src|href)=", html, re.IGNORECASE) is None
    css = re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)
    urls = re.findall(r"url\(([^)]*)\)", css)
    assert urls
    assert all(u.startswith(("data:", "#default#VML")) for u in urls), urls
    assert "sourceMappingURL" not in html
    assert html.count("<script") == 3  # the data block, Leaflet, the atlas


def test_leaflet_is_inlined_from_the_installed_package(html):
    import xstatic.pkg.leaflet as xl  # noqa: PLC0415

    leaflet = (Path(xl.BASE_DIR) / "leaflet.js").read_text(encoding="utf-8")
    first_line = leaflet.splitlines()[3]
    assert first_line in html


def test_csp_allows_exactly_the_inline_scripts(html):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    csp = html_module.unescape(csp)
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert len(scripts) == 2
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    assert allowed == {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
                       for s in scripts}
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "connect-src 'none'" in csp


# --------------------------------------------------------------- escaping


def test_hostile_text_never_appears_as_markup(atlas, html):
    for hostile in (HOSTILE, HOSTILE_AREA, HOSTILE_THEME):
        assert hostile not in html
    assert html.count("</script>") == 3
    page = render_atlas(replace(atlas, title='Atlas <b>uji</b> & "kutip" </title><script>',
                                date="<i>2024</i>", sources=("<b>x</b> https://a.example/?q=<x>",)))
    assert "<b>" not in page
    assert "<i>" not in page
    assert page.count("<script") == 3
    escaped = "Atlas &lt;b&gt;uji&lt;/b&gt; &amp; &#34;kutip&#34; &lt;/title&gt;&lt;script&gt;"
    assert page.count(escaped) == 2  # <title> and <h1>
    assert '<a href="https://a.example/?q=" rel=' in page  # the URL ends before the "<"


def test_hostile_text_survives_in_the_data(atlas, html):
    data = _data_block(html)
    names = {d["code"]: d["name"] for d in data["desa"]}
    assert names[HOSTILE_DESA] == HOSTILE
    assert HOSTILE in {a["org"] for a in data["activities"]}
    assert HOSTILE_THEME in {a["theme"] for a in data["activities"]}
    assert HOSTILE_AREA in {a["name"] for a in data["areas"]}
    assert len(data["activities"]) == len(atlas.activities)


def test_only_http_links(html):
    markup = re.sub(r"<script.*?</script>", "", html, flags=re.DOTALL)
    hrefs = re.findall(r'href="([^"]*)"', markup)
    assert hrefs == ["https://github.com/cahyadsn/wilayah_boundaries"]
    assert "javascript:alert(1) (bukan tautan)" in html


def test_data_block_round_trips_the_payload(atlas, html):
    assert _data_block(html) == json.loads(json.dumps(build_payload(atlas)))


# ------------------------------------------------------------------ content


def test_title_block_and_languages(atlas, html):
    assert '<html lang="id">' in html
    assert "Sumber data" in html
    assert "2024-06-30" in html
    assert "406 desa, 14 kecamatan, 54 kegiatan mitra" in html
    assert "ilustratif</strong>" not in html
    english = render_atlas(replace(atlas, illustrative=True), lang="en")
    assert '<html lang="en">' in english
    assert "Data sources" in english
    assert "Illustrative boundaries" in english
    assert _data_block(english)["t"]["filter_org"] == "Organisation"


def test_unknown_language_names_the_supported_ones(atlas):
    with pytest.raises(ValueError, match=r"'id', 'en'"):
        render_atlas(atlas, lang="fr")


def test_activity_records(atlas, html):
    data = _data_block(html)
    acts = {a["id"]: a for a in data["activities"]}
    for row in atlas.activities.itertuples():
        record = acts[row.activity_id]
        assert record["desa"] == sorted(row.desa_codes)
        assert record["items"] == [s.strip() for s in row.action_items.split(";")]
        if pd.isna(row.budget_idr):
            assert record["budget"] is None
        else:
            assert record["budget"] == row.budget_idr
        first = row.start or row.end
        assert record["y0"] == (int(first[:4]) if first else None)
        assert record["y1"] == (int(row.end[:4]) if row.end else None)
    starts = [int(s[:4]) for s in atlas.activities["start"] if s]
    ends = [int(s[:4]) for s in atlas.activities["end"] if s]
    assert data["years"] == list(range(min(starts + ends), max(starts + ends) + 1))


def test_measures_travel_as_values(atlas, html):
    data = _data_block(html)
    forest = dict(zip(atlas.desa["code"], atlas.desa["forest_pct"], strict=True))
    for desa in data["desa"]:
        expected = forest[desa["code"]]
        assert desa["m"][1] == (None if np.isnan(expected) else pytest.approx(expected))


# ------------------------------------------------------------------ geometry


def test_simplified_desa_keep_their_neighbours_without_gaps(boundaries):
    _kec, desa = boundaries
    original = desa.geometry.to_numpy()
    simplified = geo.simplify_coverage(list(original))
    assert bool(shapely.coverage_is_valid(simplified))
    union = shapely.union_all(simplified)
    holes = [ring for poly in shapely.get_parts(union) for ring in poly.interiors]
    assert holes == []  # no gaps: every desa meets its neighbours
    tree = shapely.STRtree(original)
    left, right = tree.query(original, predicate="intersects")
    pairs = [(i, j) for i, j in zip(left, right, strict=True) if i < j]
    touching = [(i, j) for i, j in pairs
                if shapely.length(shapely.intersection(original[i].boundary,
                                                       original[j].boundary)) > 0.002]
    assert len(touching) > 800
    for i, j in touching:
        shared = shapely.intersection(simplified[i], simplified[j])
        assert shapely.length(shared) > 0, (desa["name"].iloc[i], desa["name"].iloc[j])
        assert shapely.area(shared) < 1e-12  # and no overlap (sliver) between them


def test_simplified_desa_keep_their_area(boundaries):
    _kec, desa = boundaries
    simplified = gpd.GeoSeries(geo.simplify_coverage(list(desa.geometry)), crs=4326)
    before = desa.to_crs(6933).area.to_numpy()
    after = simplified.to_crs(6933).area.to_numpy()
    assert np.all(np.abs(after - before) / before < 0.03)
    assert abs(after.sum() - before.sum()) / before.sum() < 0.002
    ratio = shapely.get_num_coordinates(simplified.to_numpy()).sum() / shapely.get_num_coordinates(
        desa.geometry.to_numpy()).sum()
    assert ratio < 0.95


def test_encoded_boundaries_decode_to_the_simplified_ones(boundaries, html):
    _kec, desa = boundaries
    data = _data_block(html)
    simplified = dict(zip(desa["code"], geo.simplify_coverage(list(desa.geometry)), strict=True))
    for record in data["desa"][::20]:
        decoded = _polygon(record["g"])
        assert shapely.hausdorff_distance(decoded, simplified[record["code"]]) < 2e-5
        assert shapely.contains(decoded, shapely.Point(np.array(record["p"]) / geo.COORD_SCALE))


def test_kecamatan_outlines_are_the_union_of_their_desa(html):
    data = _data_block(html)
    for kec in data["kecamatan"]:
        members = [_polygon(d["g"]) for d in data["desa"] if d["kec"] == kec["code"]]
        union = shapely.union_all(members)
        outline = _polygon(kec["g"])
        assert shapely.symmetric_difference(union, outline).area < 1e-9, kec["name"]


def test_encoding_of_lines_points_and_holes():
    line = shapely.LineString([(111.5, 0.1), (111.50001, 0.1), (111.50001, 0.1), (111.6, 0.2)])
    assert geo.encode(line) == [[[11150000, 10000, 1, 0, 9999, 10000]]]
    ring = [(0, 0), (1, 0), (1, 1), (0, 1)]
    hole = [(0.4, 0.4), (0.4, 0.5), (0.5, 0.5)]
    parts = _decode(geo.encode(shapely.Polygon(ring, [hole])))
    assert parts == [[[(0, 0), (1, 0), (1, 1), (0, 1)], [(0.4, 0.4), (0.4, 0.5), (0.5, 0.5)]]]
    tiny = shapely.Polygon([(0, 0), (1e-7, 0), (1e-7, 1e-7)])
    assert geo.encode(tiny) is None
    assert geo.encode(shapely.Point()) is None


# ------------------------------------------------------------------ errors


def test_missing_column_is_named(atlas):
    with pytest.raises(InputError, match="kecamatan_code"):
        render_atlas(replace(atlas, desa=atlas.desa.drop(columns="kecamatan_code")))


def test_layer_problems_are_named(atlas):
    not_png = RasterOverlay("x", "X", b"GIF89a", (111.0, 0.0, 112.0, 1.0), ())
    with pytest.raises(LayerError, match="'x' is not a PNG"):
        render_atlas(replace(atlas, rasters=(not_png,)))
    features = atlas.vectors[1].features.assign(colour="red;background:url(x)")
    bad = VectorOverlay("gambut", "Gambut", features, ())
    with pytest.raises(LayerError, match="not a CSS colour"):
        render_atlas(replace(atlas, vectors=(bad,)))


def test_other_crs_is_reprojected(atlas, html):
    utm = replace(atlas, areas=atlas.areas.to_crs(32649))
    areas = {a["name"]: a for a in _data_block(render_atlas(utm))["areas"]}
    for area in _data_block(html)["areas"]:
        if area["kind"] == "point":
            moved = np.subtract(areas[area["name"]]["g"][0][0], area["g"][0][0])
            assert np.abs(moved).max() <= 1


def test_check_atlas_reports_what_cannot_be_drawn(atlas):
    desa = atlas.desa.copy()
    desa.loc[desa.index[3], "geometry"] = None
    acts = atlas.activities.copy()
    acts["desa_codes"] = [["61.05.99.9999"] if i == 1 else codes
                          for i, codes in enumerate(acts["desa_codes"])]
    problems = check_atlas(replace(atlas, desa=desa, activities=acts))
    assert [(p.sheet, p.value) for p in problems] == [("desa", desa["name"].iloc[3]),
                                                       ("activities", "61.05.99.9999")]
    page = render_atlas(replace(atlas, desa=desa))
    assert sum(d["g"] is None for d in _data_block(page)["desa"]) == 1


def test_write_is_atomic_and_replaces(atlas, tmp_path):
    target = tmp_path / "atlas.html"
    target.write_text("old", encoding="utf-8")
    size = write_atlas(atlas, target)
    assert target.stat().st_size == size
    assert target.stat().st_mode & 0o044 == 0o044  # readable by others, like any web page
    assert [p.name for p in tmp_path.iterdir()] == ["atlas.html"]


def test_numbers_in_both_languages():
    assert _atlas_i18n.format_number(1234567, "id") == "1.234.567"
    assert _atlas_i18n.format_number(1234567.25, "en", decimals=2) == "1,234,567.25"
    assert _atlas_i18n.format_number(0.5, "id", decimals=1) == "0,5"
    assert _atlas_i18n.org_type_key("masyarakat/CSO") == "masyarakat"
