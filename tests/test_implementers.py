"""Several implementing organisations in one cell: one activity each, the budget shared.

Files are generated here; the expected organisations and shares are counted by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pytest

from landscape.model import Organisation
from landscape.normalise.implementers import implementers
from landscape.normalise.orgs import OrgIndex
from landscape.normalise.records import normalise_activities
from landscape.pipeline import build
from landscape.read.tables import read_tables

_SHEET = OrgIndex([Organisation("Yayasan Alfa", "YA", "LSM"),
                   Organisation("Yayasan Gamma", "YG", "LSM"),
                   Organisation("Yayasan Alam dan Manusia", "YAM", "LSM"),
                   Organisation("Dinas Lingkungan Hidup dan Kehutanan", "DLHK", "Pemerintah"),
                   Organisation("Dinas Lingkungan Hidup", "DLH", "Pemerintah")])


def _acts(tmp_path: Path, cells: list[str], index: OrgIndex,
          budgets: list[str] | None = None) -> tuple[list[tuple[str, str, object]], list[str]]:
    rows = [["ID", "Mitra", "Judul Kegiatan", "Kecamatan", "Desa", "Anggaran (Rp)"]]
    rows += [[f"KM-{i}", c, "A", "Sepauk", "Nanga Pari", (budgets or [""] * len(cells))[i - 1]]
             for i, c in enumerate(cells, 1)]
    path = tmp_path / "3w.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    acts, problems = normalise_activities(read_tables(path)["activities"], index)
    said = [p.value for p in problems if "implementing organisations" in p.problem]
    return list(zip(acts["activity_id"], acts["org"], acts["budget_idr"], strict=True)), said


@pytest.mark.parametrize("cell", ["Yayasan Alfa; Yayasan Gamma", "Yayasan Alfa, Yayasan Gamma",
                                  "Yayasan Alfa dan Yayasan Gamma", "Yayasan Alfa / Yayasan Gamma",
                                  "YA & YG", "Yayasan Alfa and YG"])
@pytest.mark.parametrize("index", [_SHEET, OrgIndex([])], ids=["sheet", "no-sheet"])
def test_a_cell_naming_two_organisations_is_two_activities(
        tmp_path: Path, cell: str, index: OrgIndex) -> None:
    acts, said = _acts(tmp_path, [cell], index, ["100.000.001"])
    orgs = [org for _, org, _ in acts]
    if index.orgs:
        assert orgs == ["Yayasan Alfa", "Yayasan Gamma"]  # acronyms resolved to full names
    else:
        assert len(set(orgs)) == 2
    assert [a for a, _, _ in acts] == ["KM-1/1", "KM-1/2"]
    assert [b for _, _, b in acts] == [50_000_001, 50_000_000]  # shares add up to the row
    assert said == [cell]


@pytest.mark.parametrize("cell", ["Yayasan Alam dan Manusia",
                                  "Dinas Lingkungan Hidup dan Kehutanan"])
@pytest.mark.parametrize("index", [_SHEET, OrgIndex([])], ids=["sheet", "no-sheet"])
def test_a_name_with_dan_is_one_organisation(tmp_path: Path, cell: str, index: OrgIndex) -> None:
    acts, said = _acts(tmp_path, [cell], index, ["10"])
    assert [(a, org, b) for a, org, b in acts] == [("KM-1", cell, 10)]
    assert said == []


@pytest.mark.parametrize("cell", ["Kelompok Tani Maju / Sejahtera", "PT Sinar, Tbk",
                                  "Yayasan Alfa & Mitra"])
def test_parts_that_are_not_names_stay_one_name(cell: str) -> None:
    assert implementers(cell, OrgIndex([])) == ()


def test_with_a_sheet_only_known_parts_split() -> None:
    # "Yayasan Beta" is not on the sheet: the cell stays whole (and is reported as unknown)
    assert implementers("Yayasan Alfa; Yayasan Beta", _SHEET) == ()
    assert implementers("DLH; YG", _SHEET) == ("DLH", "YG")


def test_coverage_counts_two_organisations_in_the_desa(admin_gpkg: Path, tmp_path: Path) -> None:
    desa = gpd.read_file(admin_gpkg, layer="desa")
    [pari] = desa.loc[desa["kode"].str.startswith("61.05.03.") & (desa["nama"] == "Nanga Pari"),
                      "kode"]
    path = tmp_path / "3w.csv"
    path.write_text("Mitra,Kecamatan,Desa,Kegiatan,Anggaran (Rp)\n"
                    "#org+impl,#adm3+name,#adm4+name,#activity,#value\n"
                    "Yayasan Alfa; Yayasan Gamma,Sepauk,Nanga Pari,A,300\n", encoding="utf-8")
    result = build(boundaries=admin_gpkg, plan=path, kabupaten="61.05")
    row = result.coverage_desa.set_index("desa_code").loc[pari]
    assert row["n_orgs"] == 2
    assert row["budget_idr"] == 300  # the two shares, 150 each, add up to the row's budget
