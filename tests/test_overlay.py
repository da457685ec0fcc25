"""``landscape overlay AREA_FILE``: the area check, on the real boundaries and the Sintang sample.

Every expected number is computed here with plain geopandas in EPSG:6933 from the
files themselves: the sample's area files read with GDAL, the activities' features
taken from the workbook's ``Sumber Area`` column, the desa from ``kalbar-admin.gpkg``.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from _browser import open_page
from click.testing import CliRunner, Result

from landscape.cli import main
from landscape.sample.generate import write_sample

EA = "EPSG:6933"
KML = "yayasan-rimba-kapuas.kml"
HOSTILE = '<img src=x onerror="window.__xss=1">Areal & "rencana"'
# The forum's rules the check follows (landscape.settings).
MIN_OVERLAP_HA, MIN_REACH_HA, MIN_REACH_SHARE = 1.0, 0.5, 0.01


def _run(*args: str) -> Result:
    result = CliRunner().invoke(main, ["overlay", *args])
    assert result.exit_code == 0, result.output
    return result


def _forum(admin_gpkg: Path, sample_dir: Path) -> list[str]:
    return ["--boundaries", str(admin_gpkg), "--plan", str(sample_dir / "rencana-aksi.xlsx"),
            "--areas", *map(str, sorted((sample_dir / "areas").iterdir())),
            "--kabupaten", "61.05"]


# --- the independent side --------------------------------------------------------------


def _kml_features(path: Path) -> gpd.GeoDataFrame:
    layers = [gpd.read_file(path, layer=name) for name, _ in pyogrio.list_layers(path)]
    frame = pd.concat([lay for lay in layers if len(lay)], ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def _features(areas: Path) -> dict[str, gpd.GeoSeries]:
    """Every referenced feature of the sample, as ``file#id`` -> geometry in EPSG:6933."""
    found: dict[str, object] = {}
    kml = _kml_features(areas / KML)
    found |= {f"{KML}#{i}": g for i, g in zip(kml["id"], kml.geometry, strict=True)}
    hd = gpd.read_file(areas / "hutan-desa-sepauk.geojson")
    found |= {f"hutan-desa-sepauk.geojson#{i}": g for i, g in zip(hd["id"], hd.geometry,
                                                                  strict=True)}
    pls = gpd.read_file(f"zip://{areas / 'sawit-plasma-utm49n.zip'}").to_crs("EPSG:4326")
    found |= {f"sawit-plasma-utm49n.zip#{i}": g for i, g in zip(pls["id_kebun"], pls.geometry,
                                                                strict=True)}
    tracks = gpd.read_file(areas / "patroli-karhutla.gpx", layer="tracks")
    found |= {f"patroli-karhutla.gpx#{n}": g for n, g in zip(tracks["name"], tracks.geometry,
                                                             strict=True)}
    nurseries = pd.read_csv(areas / "persemaian.csv")
    found |= {f"persemaian.csv#{r.id}": shapely.Point(r.lon, r.lat)
              for r in nurseries.itertuples()}
    series = gpd.GeoSeries(list(found.values()), index=list(found), crs="EPSG:4326")
    return {"all": series.to_crs(EA)}


def _activities(sample_dir: Path) -> pd.DataFrame:
    """The workbook's activities with an area: ID, organisation (full name), references."""
    acts = pd.read_excel(sample_dir / "rencana-aksi.xlsx", "Kegiatan Mitra")
    orgs = pd.read_excel(sample_dir / "rencana-aksi.xlsx", "Mitra")
    full = dict(zip(orgs["Singkatan"], orgs["Nama"], strict=True)) | dict(
        zip(orgs["Nama"], orgs["Nama"], strict=True))
    acts = acts.dropna(subset=["Sumber Area"])
    return pd.DataFrame({"id": acts["ID"], "org": acts["Mitra"].map(full),
                         "refs": acts["Sumber Area"].str.split(r";\s*")})


def _met_independently(area_ea: shapely.Geometry, sample_dir: Path,
                       own: set[str]) -> dict[str, tuple[str, float]]:
    """Activity id -> (relation, shared ha) for delineated activities meeting the area."""
    features = _features(sample_dir / "areas")["all"]
    met = {}
    for act in _activities(sample_dir).itertuples():
        if act.id in own:
            continue
        geoms = features.loc[act.refs]
        polys = geoms[geoms.geom_type.str.contains("Polygon")]
        shared = shapely.union_all(polys.to_numpy()).intersection(area_ea).area / 1e4 if len(
            polys) else 0.0
        if shared >= MIN_OVERLAP_HA:
            met[act.id] = ("overlaps", shared)
        elif len(polys) < len(geoms) and shapely.intersects(
                shapely.union_all(geoms.drop(polys.index).to_numpy()), area_ea):
            met[act.id] = ("crosses", float("nan"))
    return met


# --- fixtures --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def yrk(admin_gpkg: Path, sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The overlay of the sample's own KML, the forum's files given as a build gets them."""
    out = tmp_path_factory.mktemp("yrk") / "check"
    result = _run(str(sample_dir / "areas" / KML), *_forum(admin_gpkg, sample_dir),
                  "--out", str(out))
    assert f"{KML} is also one of --areas" in result.output
    assert "Kesatuan Pengelolaan Hutan Sintang Utara (KM-010)" in result.output
    return out


def _yrk_ea(sample_dir: Path) -> shapely.Geometry:
    return shapely.union_all(_kml_features(sample_dir / "areas" / KML).to_crs(EA)
                             .geometry.to_numpy())


def test_overlaps_of_the_kml_are_the_other_organisations_areas(yrk: Path,
                                                               sample_dir: Path) -> None:
    own = {f"KM-00{i}" for i in range(3, 10)}  # the seven YRK activities on this KML
    want = _met_independently(_yrk_ea(sample_dir), sample_dir, own)
    assert want  # the sample is drawn with one overlap (YRK-HD-03 on HD-SPK-01)
    got = pd.read_csv(yrk / "overlay.csv", dtype=str, keep_default_na=False)
    delineated = got[got["relation"].isin(["overlaps", "crosses"])]
    assert dict(zip(delineated["activity_id"], delineated["relation"], strict=True)) == {
        k: v[0] for k, v in want.items()}
    for row in got[got["relation"] == "overlaps"].itertuples():
        assert float(row.shared_area_ha) == pytest.approx(want[row.activity_id][1], abs=0.006)
    orgs = _activities(sample_dir).set_index("id")["org"].dropna()  # written as on Mitra
    checked = [row.org == orgs[row.activity_id] for row in delineated.itertuples()
               if row.activity_id in orgs.index]
    assert checked
    assert all(checked)
    assert "Yayasan Rimba Kapuas" not in set(got["org"])
    assert list(got.columns[:5]) == ["org", "activity_id", "relation", "shared_area_ha",
                                     "desa_codes"]


def test_desa_shares_are_measured_in_equal_area(yrk: Path, admin_gpkg: Path,
                                                sample_dir: Path) -> None:
    area = _yrk_ea(sample_dir)
    desa = gpd.read_file(admin_gpkg, layer="desa").to_crs(EA)
    desa = desa[desa["kode"].str.startswith("61.05.")]
    inside = desa.geometry.intersection(area).area / 1e4
    total = area.area / 1e4
    keep = (inside >= MIN_REACH_HA) | ((inside > 0) & (inside >= MIN_REACH_SHARE * total))
    want = pd.DataFrame({"ha": inside[keep], "of_area": inside[keep] / total,
                         "of_desa": inside[keep] / (desa.geometry[keep].area / 1e4)})
    want.index = desa["kode"][keep]
    got = pd.read_csv(yrk / "overlay-desa.csv", dtype={"desa_code": str}).set_index("desa_code")
    assert sorted(got.index) == sorted(want.index)
    for code, row in want.iterrows():
        assert got.loc[code, "area_ha"] == pytest.approx(row["ha"], abs=0.006)
        assert got.loc[code, "share_of_area"] == pytest.approx(row["of_area"], abs=6e-5)
        assert got.loc[code, "share_of_desa"] == pytest.approx(row["of_desa"], abs=6e-5)
    same = pd.read_csv(yrk / "overlay.csv", dtype=str, keep_default_na=False)
    same = same[same["relation"] == "same desa"]
    assert len(same)
    assert all(set(codes.split("; ")) <= set(want.index) for codes in same["desa_codes"])


def _bare_geojson(sample_dir: Path, folder: Path, properties: dict[str, str]) -> Path:
    hd = gpd.read_file(sample_dir / "areas" / "hutan-desa-sepauk.geojson")
    geometry = shapely.geometry.mapping(hd.geometry[hd["id"] == "HD-SPK-01"].iloc[0])
    path = folder / "rencana-areal.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": properties, "geometry": geometry}]}))
    return path


def test_an_area_without_any_attribute(admin_gpkg: Path, sample_dir: Path,
                                       tmp_path: Path) -> None:
    area_file = _bare_geojson(sample_dir, tmp_path, {})
    result = _run(str(area_file), *_forum(admin_gpkg, sample_dir), "--out", str(tmp_path / "o"))
    assert "also one of --areas" not in result.output
    area = gpd.read_file(area_file).to_crs(EA).geometry.iloc[0]
    got = pd.read_csv(tmp_path / "o" / "overlay.csv", dtype=str, keep_default_na=False)
    overlaps = got[got["relation"] == "overlaps"].set_index("activity_id")
    want = {k: v for k, v in _met_independently(area, sample_dir, set()).items()
            if v[0] == "overlaps"}
    assert sorted(overlaps.index) == sorted(want)
    # Its own twin in the forum's file (HD-SPK-01, KM-010) and YRK's proposal (KM-005).
    assert {"KM-005", "KM-010"} <= set(want)
    for activity_id, (_, shared) in want.items():
        assert float(overlaps.loc[activity_id, "shared_area_ha"]) == pytest.approx(shared,
                                                                                   abs=0.006)


def test_own_organisation_is_not_another(admin_gpkg: Path, sample_dir: Path,
                                         tmp_path: Path) -> None:
    """``--org`` by its acronym leaves the organisation's own activities out."""
    area_file = _bare_geojson(sample_dir, tmp_path, {})
    _run(str(area_file), *_forum(admin_gpkg, sample_dir), "--org", "KPH Sintang Utara",
         "--out", str(tmp_path / "o"))
    got = pd.read_csv(tmp_path / "o" / "overlay.csv", dtype=str, keep_default_na=False)
    assert "Kesatuan Pengelolaan Hutan Sintang Utara" not in set(got["org"])
    assert "KM-005" in set(got.loc[got["relation"] == "overlaps", "activity_id"])


@pytest.fixture(scope="module")
def hostile(admin_gpkg: Path, sample_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A check with boundaries only (no plan), of an area named with markup."""
    tmp = tmp_path_factory.mktemp("hostile")
    area_file = _bare_geojson(sample_dir, tmp, {"name": HOSTILE})
    result = _run(str(area_file), "--boundaries", str(admin_gpkg), "--kabupaten", "61.05",
                  "--out", str(tmp / "o"), "--lang", "en")
    assert "0 activities of 0 other organisations meet it" in result.output
    return tmp / "o"


def test_boundaries_alone_give_the_desa(hostile: Path) -> None:
    desa = pd.read_csv(hostile / "overlay-desa.csv", dtype={"desa_code": str})
    assert "61.05.03.2016" in set(desa["desa_code"])  # Nanga Pari, the Hutan Desa's desa
    assert pd.read_csv(hostile / "overlay.csv").empty


def test_the_project_file_of_this_folder_gives_the_boundaries(
        admin_gpkg: Path, sample_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside a project's folder, ``landscape overlay AREA`` needs nothing else."""
    area_file = _bare_geojson(sample_dir, tmp_path, {})
    (tmp_path / "landscape.toml").write_text(
        f'boundaries = "{admin_gpkg.as_posix()}"\nkabupaten = "61.05"\nout = "hasil"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = _run(str(area_file), "--out", "cek", "--lang", "en")
    assert result.exit_code == 0, result.output
    desa = pd.read_csv(tmp_path / "cek" / "overlay-desa.csv", dtype={"desa_code": str})
    assert "61.05.03.2016" in set(desa["desa_code"])  # Nanga Pari, as with --boundaries
    assert not (tmp_path / "hasil").exists()  # the project's build folder is not the overlay's


def test_an_unknown_area_file_is_one_sentence(admin_gpkg: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["overlay", str(tmp_path / "none.kml"), "--boundaries",
                                       str(admin_gpkg)])
    assert result.exit_code == 1
    assert result.output.strip() == (f"error: the area file {tmp_path / 'none.kml'} does not "
                                      "exist; check the path")


@pytest.mark.browser
def test_page_shows_the_area_offline(browser, yrk: Path, sample_dir: Path) -> None:
    opened = open_page(browser, yrk / "overlay.html")
    try:
        n_area = len(_kml_features(sample_dir / "areas" / KML))
        drawn = opened.count('.leaflet-overlay-pane path[stroke-dasharray="6 4"]')
        assert drawn == n_area
        assert "KM-010" in opened.page.inner_text("#overlay-met")
        opened.clean()
    finally:
        opened.close()


@pytest.mark.browser
def test_page_shows_markup_as_text(browser, hostile: Path) -> None:
    opened = open_page(browser, hostile / "overlay.html")
    try:
        opened.page.hover('.leaflet-overlay-pane path[stroke-dasharray="6 4"]')
        opened.page.wait_for_selector(".leaflet-tooltip")
        assert HOSTILE in opened.page.inner_text(".leaflet-tooltip")
        assert opened.count("img[src=x]") == 0
        opened.clean()
    finally:
        opened.close()


def test_land_inside_the_area(tmp_path: Path) -> None:
    """The demo's generated sample (no shared data): forest status inside one area file."""
    sample = write_sample(tmp_path / "sample")
    area_file = next(a for a in sample.areas if a.suffix == ".geojson")
    _run(str(area_file), "--boundaries", str(sample.boundaries), "--kabupaten", "61.05",
         "--layer", f"kawasan_hutan={sample.layers['kawasan_hutan']}", "--out",
         str(tmp_path / "o"))
    area = shapely.union_all(gpd.read_file(area_file).to_crs(EA).geometry.to_numpy())
    forest = gpd.read_file(sample.layers["kawasan_hutan"]).to_crs(EA)
    want = {str(code): shapely.union_all(group.geometry.to_numpy()).intersection(area).area / 1e4
            for code, group in forest.groupby("fungsi")}
    want = {code: ha for code, ha in want.items() if ha > 0}
    got = pd.read_csv(tmp_path / "o" / "overlay-land.csv", dtype={"class_code": str})
    got = got[(got["layer"] == "kawasan_hutan") & ~got["class_code"].str.startswith("group:")]
    assert dict(zip(got["class_code"], got["area_ha"], strict=True)) == pytest.approx(want)
    assert got["share"].tolist() == pytest.approx([want[c] / (area.area / 1e4)
                                                   for c in got["class_code"]])


def test_a_track_covers_the_desa_it_touches(admin_gpkg: Path, sample_dir: Path,
                                            tmp_path: Path) -> None:
    """A GPX (tracks and waypoints, no polygon): every desa touched, no hectares."""
    gpx = sample_dir / "areas" / "patroli-karhutla.gpx"
    _run(str(gpx), "--boundaries", str(admin_gpkg), "--kabupaten", "61.05", "--out",
         str(tmp_path / "o"))
    drawn = pd.concat([gpd.read_file(gpx, layer=name) for name in ("tracks", "waypoints")])
    line = shapely.union_all(drawn.geometry.to_numpy())
    desa = gpd.read_file(admin_gpkg, layer="desa")
    desa = desa[desa["kode"].str.startswith("61.05.")]
    want = sorted(desa.loc[desa.geometry.intersects(line), "kode"])
    got = pd.read_csv(tmp_path / "o" / "overlay-desa.csv", dtype={"desa_code": str})
    assert sorted(got["desa_code"]) == want
    assert (got["area_ha"] == 0).all()
