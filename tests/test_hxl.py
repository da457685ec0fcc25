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
