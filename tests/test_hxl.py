"""3W tables in the humanitarian convention: HXL hashtags by their attributes, codes, plan items.

Expected codes are looked up independently in the real boundaries with plain geopandas.
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box, mapping

from landscape.model import Result
from landscape.pipeline import build
from landscape.read.hxl import parse_tag
from landscape.read.tables import read_tables


@pytest.fixture(scope="module")
def desa(admin_gpkg: Path) -> gpd.GeoDataFrame:
    frame = gpd.read_file(admin_gpkg, layer="desa")
    return frame[frame["kode"].str.startswith("61.05.")]


def _code(desa: gpd.GeoDataFrame, name: str, kecamatan: str) -> str:
    [code] = desa.loc[(desa["nama"] == name) & desa["kode"].str.startswith(kecamatan + "."),
                      "kode"]
    return str(code)


def _build(admin_gpkg: Path, plan: Path, areas: tuple[Path, ...] = ()) -> Result:
    return build(boundaries=admin_gpkg, plan=plan, areas=areas, kabupaten="61.05")


def _csv(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _activity(result: Result, activity_id: str) -> pd.Series:
    acts = result.linked.activities.set_index("activity_id")
    return acts.loc[activity_id]


# --- hashtags ------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["#org+impl+name", "#org +impl +name", "#ORG+Name+Impl",
                                     "  #org + name + impl ", "#org+name +impl"])
def test_attributes_are_a_set_in_any_order_and_spacing(written: str) -> None:
    tag = parse_tag(written)
    assert tag is not None
    assert (tag.tag, tag.attributes) == ("#org", frozenset({"impl", "name"}))


@pytest.mark.parametrize("written", ["Organisation", "", "#", "org+impl", "#org+"])
def test_text_is_no_hashtag(written: str) -> None:
    assert parse_tag(written) is None


def test_implementer_wins_over_reporting_and_plain_org(tmp_path: Path) -> None:
    path = _csv(tmp_path / "3w.csv", [
        ["Reporting", "Org", "Partner", "Activity", "Sub-district"],
        ["#org +reporting", "#org", "#org+ impl", "#activity", "#adm3"],
        ["Program X", "Lembaga Y", "Yayasan Z", "Patroli", "Dedai"]])
    table = read_tables(path)["activities"]
    assert table.columns["org"] == "Partner"
    assert table.columns["reporting_org"] == "Reporting"
    [choice] = table.problems
    assert (choice.column, choice.value, choice.severity) == ("Partner", "'Org'", "info")
    assert table.rows[["org", "reporting_org"]].to_numpy().tolist() == [["Yayasan Z",
                                                                        "Program X"]]


def test_two_equal_candidates_take_the_leftmost_and_say_so(tmp_path: Path) -> None:
    path = _csv(tmp_path / "3w.csv", [
        ["Organisation", "Implementing partner", "Partner 2", "Activity", "Kecamatan"],
        ["Lembaga Y", "Yayasan Z", "Yayasan W", "Patroli", "Dedai"]])
    table = read_tables(path)["activities"]
    assert table.columns["org"] == "Implementing partner"  # the text naming the implementer
    assert [p.severity for p in table.problems] == ["info"]
    tagged = _csv(tmp_path / "tagged.csv", [
        ["A", "B", "Activity", "Kecamatan"], ["#org+impl", "#org +impl", "#activity", "#adm3"],
        ["Yayasan Z", "Yayasan W", "Patroli", "Dedai"]])
    table = read_tables(tagged)["activities"]
    assert table.columns["org"] == "A"
    assert [(p.column, p.value, p.severity) for p in table.problems] == [("A", "'B'", "warning")]


def test_reporting_org_alone_is_taken_and_reported(tmp_path: Path) -> None:
    from landscape.normalise.orgs import OrgIndex  # noqa: PLC0415
    from landscape.normalise.records import normalise_activities  # noqa: PLC0415

    path = _csv(tmp_path / "3w.csv", [["Reporting organisation", "Activity", "Kecamatan"],
                                      ["Yayasan Z", "Patroli", "Dedai"]])
    acts, problems = normalise_activities(read_tables(path)["activities"], OrgIndex([]))
    assert acts["org"].tolist() == ["Yayasan Z"]
    assert any("no implementing organisation column" in p.problem for p in problems)


# --- the intake case ---------------------------------------------------------------------------

def test_case_09_reporting_before_implementer(admin_gpkg: Path, intake_dir: Path,
                                              desa: gpd.GeoDataFrame) -> None:
    result = _build(admin_gpkg, intake_dir / "09-hxl-3w-reporting-vs-impl.csv")
    acts = result.linked.activities.set_index("title")
    hutan, patroli = acts.loc["Pendampingan Hutan Desa"], acts.loc["Patroli MPA"]
    assert hutan["org"] == "Yayasan Contoh Lestari"
    assert hutan["desa_codes"] == (_code(desa, "Nanga Pari", "61.05.03"),)
    assert patroli["org"] == "Perkumpulan Hutan Kita"
    assert patroli["desa_codes"] == (_code(desa, "Ensaid Panjang", "61.05.19"),)
    assert set(acts["funding"]) == {("Dana Hibah Contoh",)}
    assert set(acts["reporting_org"]) == {"Program Kemitraan Contoh"}
    assert "Program Kemitraan Contoh" not in set(result.who["org"])
    assert "Program Kemitraan Contoh" not in set(acts["org"])
    [missing] = [p for p in result.problems if "names no organisation" in p.problem]
    assert (missing.row, missing.severity, missing.column) == (5, "error", "Implementing partner")


# --- codes beside names ---------------------------------------------------------------------

def test_rows_located_by_code(admin_gpkg: Path, tmp_path: Path, desa: gpd.GeoDataFrame) -> None:
    pari = _code(desa, "Nanga Pari", "61.05.03")
    ensaid = _code(desa, "Ensaid Panjang", "61.05.19")
    semuntai = _code(desa, "Semuntai", "61.05.03")
    path = _csv(tmp_path / "3w.csv", [
        ["ID", "Implementing partner", "Activity", "Village", "Village code", "Kode Kecamatan"],
        ["A-1", "Yayasan Z", "Only a code", "", pari, ""],
        ["A-2", "Yayasan Z", "Code without dots", "", ensaid.replace(".", ""), ""],
        ["A-3", "Yayasan Z", "P-code", "", "ID" + semuntai.replace(".", ""), ""],
        ["A-4", "Yayasan Z", "Name and code agree", "Nanga Pari", pari, ""],
        ["A-5", "Yayasan Z", "Name says another", "Ensaid Panjang", pari, ""],
        ["A-6", "Yayasan Z", "Code of another system", "Nanga Pari", "6107032016", ""],
        ["A-7", "Yayasan Z", "Kecamatan by code", "", "", "61.05.07"]])
    result = _build(admin_gpkg, path)
    got = {i: _activity(result, i)["desa_codes"] for i in
           ("A-1", "A-2", "A-3", "A-4", "A-5", "A-6")}
    assert got == {"A-1": (pari,), "A-2": (ensaid,), "A-3": (semuntai,), "A-4": (pari,),
                   "A-5": (pari,), "A-6": (pari,)}
    kec = _activity(result, "A-7")
    assert (kec["kecamatan_codes"], kec["desa_codes"], kec["whole_district"]) == (
        ("61.05.07",), (), False)
    rows = {p.row for p in result.problems if p.column in {"Village", "Village code"}}
    assert rows == {6, 7}  # the disagreement and the foreign code, nothing else


def test_hashtag_codes_and_names_both_read(admin_gpkg: Path, tmp_path: Path,
                                           desa: gpd.GeoDataFrame) -> None:
    pari = _code(desa, "Nanga Pari", "61.05.03")
    path = _csv(tmp_path / "3w.csv", [
        ["Code", "Desa code", "Desa", "Org", "What"],
        ["#activity+code", "#adm4 +code", "#adm4+name", "#org+impl", "#activity+name"],
        ["K-1", pari, "", "Yayasan Z", "Patroli"]])
    table = read_tables(path)["activities"]
    assert (table.columns["desa_code"], table.columns["desa"]) == ("Desa code", "Desa")
    assert _activity(_build(admin_gpkg, path), "K-1")["desa_codes"] == (pari,)


# --- district-wide phrases ------------------------------------------------------------------

@pytest.mark.parametrize("phrase", ["All sub-districts", "Semua kecamatan", "Seluruh kabupaten",
                                    "whole district", "Seluruh Kecamatan di Kabupaten Sintang",
                                    "District-wide", "Semua desa"])
def test_district_wide_phrases(admin_gpkg: Path, tmp_path: Path, phrase: str) -> None:
    path = _csv(tmp_path / "3w.csv", [["ID", "Mitra", "Kegiatan", "Kecamatan"],
                                      ["W-1", "Yayasan Z", "Patroli", phrase]])
    result = _build(admin_gpkg, path)
    act = _activity(result, "W-1")
    assert (act["whole_district"], act["kecamatan_codes"]) == (True, ())
    assert [p for p in result.problems if p.row == 2] == []


def test_all_villages_of_one_kecamatan_is_that_kecamatan(admin_gpkg: Path,
                                                         tmp_path: Path) -> None:
    path = _csv(tmp_path / "3w.csv", [["ID", "Mitra", "Kegiatan", "Kecamatan", "Desa"],
                                      ["W-1", "Yayasan Z", "Patroli", "Dedai", "All villages"]])
    act = _activity(_build(admin_gpkg, path), "W-1")
    assert (act["whole_district"], act["kecamatan_codes"], act["desa_codes"]) == (
        False, ("61.05.07",), ())


# --- plan items, roles, area ids, row ids -----------------------------------------------------

def _plan_3w(tmp_path: Path) -> Path:
    return _csv(tmp_path / "3w.csv", [
        ["Activity code", "Implementing partner", "Activity", "Sub-district", "Plan item code",
         "Plan item title", "Role"],
        ["#activity+code", "#org+impl", "#activity+name", "#adm3", "#activity +plan +code",
         "#activity+name+plan", "#meta+role"],
        ["P-1", "Yayasan Z", "Patroli", "Dedai", "RA-01", "Cegah karhutla", "Lead"],
        ["P-2", "Perkumpulan W", "Sekat kanal", "Dedai", "RA-01", "Cegah karhutla", "Pendukung"],
        ["P-3", "Lembaga V", "Pemetaan", "Sepauk", "RA-02", "Peta desa", "Penanggung jawab"],
        ["P-4", "Perkumpulan W", "Pelatihan", "Sepauk", "RA-02", "", "Pelaksana"],
        ["P-5", "Lembaga V", "Survei", "Sepauk", "RA-02", "", "Support"]])


def test_plan_items_declared_by_the_3w_table(admin_gpkg: Path, tmp_path: Path) -> None:
    result = _build(admin_gpkg, _plan_3w(tmp_path))
    items = result.items.set_index("item_no")
    assert items["activity"].to_dict() == {"RA-01": "Cegah karhutla", "RA-02": "Peta desa"}
    assert not [p for p in result.problems if "does not exist" in p.problem]
    assert result.plan.activities_without_item.empty


def test_role_column_fills_the_division_of_roles(admin_gpkg: Path, tmp_path: Path) -> None:
    result = _build(admin_gpkg, _plan_3w(tmp_path))
    items = result.items.set_index("item_no")
    assert items.loc["RA-01", "lead"] == "Yayasan Z"
    assert items.loc["RA-01", "supports"] == ("Perkumpulan W",)
    assert items.loc["RA-02", "lead"] == "Lembaga V"
    assert items.loc["RA-02", "supports"] == ("Lembaga V",)  # P-5: V also supports
    roles = set(result.plan.roles[["org", "item_no", "role"]].itertuples(index=False, name=None))
    assert {("Yayasan Z", "RA-01", "lead"), ("Perkumpulan W", "RA-01", "support"),
            ("Lembaga V", "RA-02", "lead"), ("Perkumpulan W", "RA-02", "implements")} <= roles
    assert ("Perkumpulan W", "RA-02", "lead") not in roles


def test_plan_sheet_lead_is_kept_and_a_different_role_lead_reported(tmp_path: Path) -> None:
    from landscape.normalise.plan3w import fill_roles  # noqa: PLC0415

    items = pd.DataFrame({"item_no": ["1"], "lead": ["Dinas A"], "lead_type": ["Pemerintah"],
                          "supports": [()]})
    acts = pd.DataFrame({"org": ["Yayasan Z", "Yayasan W", "Yayasan V"], "org_type": ["LSM"] * 3,
                         "role": ["Lead", "Pendukung", "kadang-kadang"],
                         "action_items": [("1",), ("1",), ("1",)], "source_row": [2, 3, 4]})
    table = read_tables(_csv(tmp_path / "t.csv", [["Mitra", "Kegiatan", "Peran"],
                                                  ["Yayasan Z", "Patroli", "Lead"]]))
    out, problems = fill_roles(items, acts, table["activities"])
    assert (out.loc[0, "lead"], out.loc[0, "supports"]) == ("Dinas A", ("Yayasan W",))
    assert sorted(p.row for p in problems) == [2, 4]


def _area_file(path: Path, desa: gpd.GeoDataFrame, name: str, kecamatan: str) -> Path:
    row = desa[desa["kode"] == _code(desa, name, kecamatan)].to_crs(4326)
    point = row.geometry.iloc[0].representative_point()
    square = box(point.x - 0.002, point.y - 0.002, point.x + 0.002, point.y + 0.002)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "AREAL-07", "nama": "Blok A"},
         "geometry": mapping(square)}]}), encoding="utf-8")
    return path


@pytest.mark.parametrize("header", [["ID Areal", "Mitra"], ["Area ID", "#meta+area_id"]])
def test_area_id_column_links_rows_to_features(admin_gpkg: Path, tmp_path: Path,
                                               desa: gpd.GeoDataFrame,
                                               header: list[str]) -> None:
    areas = _area_file(tmp_path / "areal.geojson", desa, "Nanga Pari", "61.05.03")
    rows = [["ID", "Mitra", "Kegiatan", "Kecamatan", header[0]]]
    if header[1].startswith("#"):
        rows.append(["#activity+code", "#org+impl", "#activity", "#adm3", header[1]])
    rows.append(["G-1", "Yayasan Z", "Agroforestri", "Sepauk", "AREAL-07"])
    result = _build(admin_gpkg, _csv(tmp_path / "3w.csv", rows), (areas,))
    act = _activity(result, "G-1")
    assert act["precision"] == "polygon"
    assert list(result.linked.areas["activity_id"]) == ["G-1"]
    assert not [p for p in result.problems if "referenced by no activity" in p.problem]


def test_every_row_problem_carries_the_row_id(admin_gpkg: Path, tmp_path: Path) -> None:
    from landscape.render.files import write_problems  # noqa: PLC0415

    path = _csv(tmp_path / "3w.csv", [["Kode kegiatan", "Mitra", "Kegiatan", "Kecamatan",
                                       "Desa", "No RA"],
                                      ["KM-07", "Yayasan Z", "Patroli", "Dedai", "Zzzqx", "9"]])
    result = _build(admin_gpkg, path)
    mine = [p for p in result.problems if p.row == 2]
    assert mine
    assert {p.record_id for p in mine} == {"KM-07"}
    write_problems(result.problems, tmp_path / "validation.json")
    written = json.loads((tmp_path / "validation.json").read_text(encoding="utf-8"))
    assert {p["record_id"] for p in written if p["row"] == 2} == {"KM-07"}
    assert "row 2 (KM-07)" in mine[0].where()
