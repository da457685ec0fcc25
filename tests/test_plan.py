"""Plan against reality on the real Sintang sample, and on tiny hand-made frames.

Expectations on the sample are derived independently: the workbook is read here
with plain pandas, and the hand-checked figures quote its cells (and the sample
README) in comments.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from landscape.analyse.budgets import budget_by_source_year, status_by_year
from landscape.analyse.plan import plan_vs_reality, unlinked_activities
from landscape.analyse.roles import role_summary, roles
from landscape.model import Result
from landscape.pipeline import build

YRK_AS_WRITTEN = {"YRK", "Yayasan Rimba Kapuas", "Yayasan Rimba Kapus"}  # sample README


@pytest.fixture(scope="module")
def result(admin_gpkg: Path, sample_dir: Path) -> Result:
    return build(boundaries=admin_gpkg, plan=sample_dir / "rencana-aksi.xlsx",
                 areas=sorted((sample_dir / "areas").iterdir()), kabupaten="61.05")


@pytest.fixture(scope="module")
def workbook(sample_dir: Path) -> dict[str, pd.DataFrame]:
    path = sample_dir / "rencana-aksi.xlsx"
    plan = pd.read_excel(path, "Rencana Aksi", header=3)
    plan = plan[pd.to_numeric(plan["No"], errors="coerce").notna()].copy()
    plan["No"] = plan["No"].astype(int).astype(str)
    return {"plan": plan, "acts": pd.read_excel(path, "Kegiatan Mitra"),
            "orgs": pd.read_excel(path, "Mitra")}


def _numbers(cell: object) -> list[str]:
    if pd.isna(cell):
        return []
    return [p.strip() for p in re.split(r"[,;]", str(cell)) if p.strip()]


def _item_links(acts: pd.DataFrame) -> dict[str, set[str]]:
    links: dict[str, set[str]] = {}
    for activity_id, cell in zip(acts["ID"], acts["No Rencana Aksi"], strict=True):
        for number in _numbers(cell):
            links.setdefault(number, set()).add(activity_id)
    return links


@pytest.fixture(scope="module")
def reality(result: Result) -> pd.DataFrame:
    return plan_vs_reality(result.items, result.activities, result.linked.placements,
                           kecamatan=result.bounds.kecamatan).set_index("item_no")


# --- the real sample -------------------------------------------------------------------------


def test_items_without_activity(reality: pd.DataFrame, workbook: dict[str, pd.DataFrame]) -> None:
    expected = set(workbook["plan"]["No"]) - set(_item_links(workbook["acts"]))
    assert expected == {"1", "2", "12", "29"}  # hand check of the independent reading
    assert set(reality.index[~reality["has_activity"]]) == expected
    assert len(reality) == len(workbook["plan"])


def test_activities_per_item(reality: pd.DataFrame, workbook: dict[str, pd.DataFrame]) -> None:
    links = _item_links(workbook["acts"])
    for number, row in reality.iterrows():
        ids = sorted(links.get(str(number), set()))
        assert row["n_activities"] == len(ids), number
        assert row["activity_ids"] == ";".join(ids), number


def test_two_item_activity_budget_split(reality: pd.DataFrame) -> None:
    # KM-011 (60000000) serves "13, 14": half counts for each.
    # Item 13: KM-004 275000000, KM-008 "1,1 M", KM-010 45000000, KM-011 half.
    assert reality.loc["13", "budget_activities_idr"] == 275e6 + 1.1e9 + 45e6 + 30e6
    # Item 14: KM-005 "Rp 120.000.000", KM-011 half, KM-012 "Rp 70.000.000", KM-013 85000000.
    assert reality.loc["14", "budget_activities_idr"] == 120e6 + 30e6 + 70e6 + 85e6
    # Item 23: its one activity KM-048 has no budget cell.
    assert pd.isna(reality.loc["23", "budget_activities_idr"])
    assert reality.loc["23", "n_activities_without_budget"] == 1


def test_planned_against_actual_places(reality: pd.DataFrame, admin_gpkg: Path) -> None:
    # Item 14 plans desa of Sepauk only; HD-SPK-05 (KM-013) straddles Sepauk/Tempunak.
    row = reality.loc["14"]
    assert row["planned_kecamatan_codes"] == "61.05.03"
    assert row["planned_not_reached"] == ""
    assert row["reached_not_planned"] == "61.05.02"
    # Item 24 is whole-district and its activity KM-039 names no place: district-wide.
    row = reality.loc["24"]
    assert (row["planned_kecamatan_codes"], row["actual_kecamatan_codes"]) == ("ALL", "ALL")
    assert (row["planned_not_reached"], row["reached_not_planned"]) == ("", "")
    # Item 1 is whole-district with no activity: every kecamatan of Sintang is unreached.
    kec = gpd.read_file(admin_gpkg, layer="kecamatan", ignore_geometry=True)
    sintang = sorted(k for k in kec["kode"] if k.startswith("61.05."))
    assert len(sintang) == 14
    assert reality.loc["1", "planned_not_reached"] == ";".join(sintang)
    assert reality.loc["1", "reached_not_planned"] == ""


def test_unlinked_activities(result: Result, workbook: dict[str, pd.DataFrame]) -> None:
    table = unlinked_activities(result.items, result.activities)
    plan_numbers = set(workbook["plan"]["No"])
    expected = {}
    for activity_id, cell in zip(workbook["acts"]["ID"], workbook["acts"]["No Rencana Aksi"],
                                 strict=True):
        numbers = _numbers(cell)
        missing = [n for n in numbers if n not in plan_numbers]
        if not numbers:
            expected[activity_id] = "no action item"
        elif missing:
            expected[activity_id] = f"action item {missing[0]} does not exist"
    assert expected == {"KM-055": "no action item", "KM-056": "no action item",
                        "KM-059": "action item 45 does not exist"}
    rows = table[table["activity_id"].str.startswith("KM-")]
    assert dict(zip(rows["activity_id"], rows["reason"], strict=True)) == expected
    assert rows.set_index("activity_id").loc["KM-059", "source_row"] == 60
    # The other rows are area-file features no activity row references (file#id).
    assert table[~table["activity_id"].str.startswith("KM-")]["activity_id"].str.contains(
        "#").all()


def _canonical(workbook: dict[str, pd.DataFrame]) -> dict[str, str]:
    orgs = workbook["orgs"]
    names = dict(zip(orgs["Singkatan"].astype(str).str.strip(), orgs["Nama"], strict=True))
    names.update({n: n for n in orgs["Nama"]})
    return names


def test_lead_and_support_counts(result: Result, workbook: dict[str, pd.DataFrame]) -> None:
    names = _canonical(workbook)
    leads: dict[str, int] = {}
    supports: dict[str, int] = {}
    for lead, others in zip(workbook["plan"]["Penanggung Jawab"],
                            workbook["plan"]["Pihak Terkait"], strict=True):
        name = names.get(str(lead).strip(), str(lead).strip())
        leads[name] = leads.get(name, 0) + 1
        for part in {names.get(p.strip(), p.strip()) for p in str(others).split(";")}:
            supports[part] = supports.get(part, 0) + 1
    summary = role_summary(roles(result.items, result.activities, result.linked.placements))
    summary = summary.set_index("org")
    assert summary["n_lead"][summary["n_lead"] > 0].to_dict() == leads
    assert summary["n_support"][summary["n_support"] > 0].to_dict() == supports


def test_who_implements(result: Result, workbook: dict[str, pd.DataFrame]) -> None:
    acts = workbook["acts"]
    mine = acts[acts["Mitra"].str.strip().isin(YRK_AS_WRITTEN)]
    items = {n for cell in mine["No Rencana Aksi"] for n in _numbers(cell)}
    table = roles(result.items, result.activities, result.linked.placements)
    summary = role_summary(table).set_index("org").loc["Yayasan Rimba Kapuas"]
    assert set(summary["items_implements"].split(";")) == items
    assert summary["n_implements"] == len(items)
    # Item 13's lead (KPH Sintang Utara) carries KM-010 and KM-011; item 1's lead nothing.
    lead13 = table[(table["item_no"] == "13") & (table["role"] == "lead")].iloc[0]
    assert lead13["activity_ids"] == "KM-010;KM-011"
    assert not table[(table["item_no"] == "1") & (table["role"] == "lead")]["has_activity"].any()


def test_budget_by_source_and_year(result: Result) -> None:
    table = budget_by_source_year(result.items).set_index(["source", "year"])
    # APBDes: item 23 (120 juta; APBDes; Hibah/Donor; 2023-2025) and item 28 (1,8 M, same).
    assert table.loc[("APBDes", 2023), "budget_idr"] == 120e6 / 2 / 3 + 1.8e9 / 2 / 3
    assert table.loc[("APBDes", 2023), "n_items"] == 2
    # Swadaya: item 21 (Rp 180.000.000; Hibah/Donor; Swadaya; Triwulan I 2023 - 2026).
    assert table.loc[("Swadaya", 2026), "budget_idr"] == 180e6 / 2 / 4
    # CSR in 2022: only item 9 (600000000; APBD; CSR; 2022-09-01 - 2024).
    assert table.loc[("CSR", 2022), "budget_idr"] == 600e6 / 2 / 3
    # Item 15 (APBN; Hibah/Donor; 2024-2026) has no budget cell.
    assert table.loc[("APBN", 2024), "n_items_without_budget"] == 1
    # Nothing is lost: the cells add up to the plan's total (whole-rupiah rounding).
    assert table["budget_idr"].sum() == pytest.approx(result.items["budget_idr"].sum(), abs=50)


def _year(cell: object) -> int:
    found = re.search(r"20\d\d", str(cell))
    assert found, cell
    return int(found.group())


def test_status_by_year(result: Result, workbook: dict[str, pd.DataFrame]) -> None:
    counts: dict[tuple[int, str], int] = {}
    for start, end, status in zip(workbook["plan"]["Mulai"], workbook["plan"]["Selesai"],
                                  workbook["plan"]["Status"], strict=True):
        for year in range(_year(start), _year(end) + 1):
            counts[year, status] = counts.get((year, status), 0) + 1
    table = status_by_year(result.items).set_index("year")
    statuses = [c for c in table.columns if c != "n_items"]
    assert statuses == ["Rencana", "Berjalan", "Selesai", "Tertunda"]
    got = {(int(y), s): int(table.loc[y, s]) for y in table.index for s in statuses
           if table.loc[y, s]}
    assert got == counts
    assert (table["n_items"] == table[statuses].sum(axis=1)).all()


# --- tiny hand-made frames -------------------------------------------------------------------


def _items(**columns: list[object]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base: dict[str, list[object]] = {
        "item_no": [str(i + 1) for i in range(n)], "issue": ["Isu"] * n,
        "activity": ["Kegiatan"] * n, "lead": ["Dinas A"] * n, "supports": [()] * n,
        "status": ["Rencana"] * n, "funding": [("APBD",)] * n, "budget_idr": [100.0] * n,
        "start": [date(2023, 1, 1)] * n, "end": [date(2023, 12, 31)] * n,
        "kecamatan_codes": [("K1",)] * n, "desa_codes": [()] * n, "whole_district": [False] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


def _acts(ids: list[str], orgs: list[str], items: list[tuple[str, ...]],
          budgets: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"activity_id": ids, "org": orgs, "title": ids, "action_items": items,
                         "budget_idr": budgets, "source_row": list(range(2, 2 + len(ids)))})


def _places(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame.from_records(
        rows, columns=["activity_id", "kecamatan_code", "desa_code", "precision"])


def test_whole_district_plan_and_district_wide_activity() -> None:
    items = _items(whole_district=[True, False], kecamatan_codes=[(), ("K1",)])
    acts = _acts(["A1", "A2"], ["Org X", "Org Y"], [("1",), ("2",)], [10.0, 20.0])
    places = _places([("A1", "K2", "", "kecamatan"), ("A2", "", "", "kabupaten")])
    units = pd.DataFrame({"code": ["K1", "K2", "K3"]})
    table = plan_vs_reality(items, acts, places, kecamatan=units).set_index("item_no")
    # A whole-district plan reaches everything: nothing lies outside it.
    assert table.loc["1", "reached_not_planned"] == ""
    assert table.loc["1", "planned_not_reached"] == "K1;K3"
    # A district-wide activity under a local plan reaches the plan and beyond.
    assert table.loc["2", "actual_kecamatan_codes"] == "ALL"
    assert table.loc["2", "planned_not_reached"] == ""
    assert table.loc["2", "reached_not_planned"] == "K2;K3"
    without_units = plan_vs_reality(items, acts, places).set_index("item_no")
    assert without_units.loc["1", "planned_not_reached"] == ""
    assert without_units.loc["2", "reached_not_planned"] == "ALL"


def test_activity_naming_a_real_and_a_missing_item() -> None:
    items = _items(item_no=["1"])
    acts = _acts(["A1", "A2"], ["Org X", "Org X"], [("1", "45"), ("1.0",)], [100.0, 7.0])
    table = unlinked_activities(items, acts)
    assert table["activity_id"].tolist() == ["A1"]
    assert table["reason"].iloc[0] == "action item 45 does not exist"
    assert table["action_items"].iloc[0] == "1;45"
    places = _places([("A1", "K1", "", "kecamatan"), ("A2", "K1", "", "kecamatan")])
    row = plan_vs_reality(items, acts, places).iloc[0]
    assert row["budget_activities_idr"] == 50.0 + 7.0
    assert row["activity_ids"] == "A1;A2"


def test_item_with_unresolved_place_is_not_compared() -> None:
    items = _items(kecamatan_codes=[()])
    acts = _acts(["A1"], ["Org X"], [("1",)], [1.0])
    row = plan_vs_reality(items, acts, _places([("A1", "K9", "", "kecamatan")])).iloc[0]
    assert row["actual_kecamatan_codes"] == "K9"
    assert (row["planned_not_reached"], row["reached_not_planned"]) == ("", "")


def test_roles_and_summary_on_tiny_plan() -> None:
    items = _items(item_no=["1", "2"], lead=["Dinas A", "Dinas B"],
                   supports=[("Dinas B", "Pemerintah Desa"), ("Dinas A",)],
                   kecamatan_codes=[("K1",), ("K2",)])
    acts = _acts(["A1"], ["Dinas B"], [("1",)], [1.0])
    table = roles(items, acts, _places([("A1", "K3", "", "kecamatan")]))
    assert sorted(zip(table["org"], table["item_no"], table["role"], strict=True)) == [
        ("Dinas A", "1", "lead"), ("Dinas A", "2", "support"), ("Dinas B", "1", "implements"),
        ("Dinas B", "1", "support"), ("Dinas B", "2", "lead"), ("Pemerintah Desa", "1", "support")]
    summary = role_summary(table).set_index("org")
    assert summary.loc["Dinas B", "kecamatan_lead"] == "K2"
    assert summary.loc["Dinas B", "kecamatan_support"] == "K1"
    assert summary.loc["Dinas B", "kecamatan_implements"] == "K3"
    assert summary.loc["Dinas B", "n_planned_without_activity"] == 1  # leads item 2, no activity
    assert summary.loc["Dinas A", "n_planned_without_activity"] == 2


def test_budget_split_and_unknown_years() -> None:
    items = _items(funding=[("APBD", "CSR"), (), ("apbd",)], budget_idr=[300.0, 40.0, float("nan")],
                   start=[date(2022, 6, 1), None, date(2024, 1, 1)],
                   end=[date(2024, 3, 31), None, None],
                   status=["berjalan", "", "Selesai"])
    table = budget_by_source_year(items)
    cells = {(s, None if pd.isna(y) else int(y)): b
             for s, y, b in zip(table["source"], table["year"], table["budget_idr"], strict=True)}
    assert cells == {("APBD", 2022): 50.0, ("APBD", 2023): 50.0, ("APBD", 2024): 50.0,
                     ("CSR", 2022): 50.0, ("CSR", 2023): 50.0, ("CSR", 2024): 50.0,
                     ("(tidak disebut)", None): 40.0}
    apbd_2024 = table[(table["source"] == "APBD") & (table["year"] == 2024)].iloc[0]
    assert (apbd_2024["n_items"], apbd_2024["n_items_without_budget"]) == (2, 1)
    status = status_by_year(items)
    assert list(status.columns) == ["year", "Berjalan", "Selesai", "(tidak disebut)", "n_items"]
    assert pd.isna(status["year"].iloc[-1])
    assert status.set_index("year").loc[2024, "n_items"] == 2
