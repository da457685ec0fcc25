"""Partner workbooks: written per organisation, returned, read back and merged by id.

The round trip is checked against the forum build's own activities table (the
``activities`` layer of ``results.gpkg``); edits are made with openpyxl as a partner
would make them in Excel.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from landscape.cli import main

pytestmark = pytest.mark.slow
COMPARED = ["activity_id", "org", "org_type", "title", "start", "end", "budget_idr",
            "funding", "action_items", "kecamatan_codes", "desa_codes"]


def _inputs(admin: Path, sample: Path) -> list[str]:
    return ["--boundaries", str(admin), "--areas", *map(str, sorted((sample / "areas").iterdir())),
            "--kabupaten", "61.05"]


def _activities(out: Path) -> gpd.GeoDataFrame:
    found = gpd.read_file(out / "results.gpkg", layer="activities")
    return found.sort_values("activity_id").reset_index(drop=True)


@pytest.fixture(scope="module")
def forum(tmp_path_factory: pytest.TempPathFactory, admin_gpkg: Path, sample_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("forum") / "out"
    result = CliRunner().invoke(main, ["build", *_inputs(admin_gpkg, sample_dir), "--plan",
                                       str(sample_dir / "rencana-aksi.xlsx"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory, admin_gpkg: Path, sample_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("sheets") / "lembar-mitra"
    result = CliRunner().invoke(main, ["partner-sheets", *_inputs(admin_gpkg, sample_dir),
                                       "--plan", str(sample_dir / "rencana-aksi.xlsx"),
                                       "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def _rows(path: Path) -> dict[str, int]:
    """Activity id -> row number in a partner workbook."""
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return {str(r[0]): n for n, r in enumerate(
            wb["Kegiatan Mitra"].iter_rows(min_row=3, values_only=True), start=3) if r[0]}
    finally:
        wb.close()


def test_one_workbook_per_organisation_with_its_own_activities(forum: Path,
                                                               sheets: Path) -> None:
    acts = _activities(forum)
    files = sorted(sheets.glob("*.xlsx"))
    assert len(files) == acts["org"].nunique()
    ids: list[str] = []
    for path in files:
        wb = openpyxl.load_workbook(path)
        org = wb["Mitra"].cell(row=3, column=1).value
        mine = _rows(path)
        assert set(mine) == set(acts.loc[acts["org"] == org, "activity_id"]), path.name
        ids += mine
        assert wb["Kegiatan Mitra"].data_validations.dataValidation  # drop-down lists
    assert sorted(ids) == sorted(acts["activity_id"])


def test_returned_workbooks_give_the_same_activities(forum: Path, sheets: Path,
                                                     admin_gpkg: Path, sample_dir: Path,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", *_inputs(admin_gpkg, sample_dir), "--plan",
                                       str(sheets), "--out", str(out)])
    assert result.exit_code == 0, result.output
    before, after = _activities(forum), _activities(out)
    pd.testing.assert_frame_equal(before[COMPARED], after[COMPARED])
    assert before["area_ha"].fillna(-1).round(6).tolist() == (
        after["area_ha"].fillna(-1).round(6).tolist())
    assert before.geometry.geom_equals_exact(after.geometry, tolerance=1e-9).all()


def test_a_problem_is_shown_beside_its_cell(forum: Path, sheets: Path) -> None:
    problems = json.loads((forum / "validation.json").read_text(encoding="utf-8"))
    desa = [p for p in problems if p["record_id"] and p["column"] == "Desa"
            and p["severity"] == "error"]
    assert desa
    for problem in desa:
        path = next(p for p in sheets.glob("*.xlsx") if problem["record_id"] in _rows(p))
        ws = openpyxl.load_workbook(path)["Kegiatan Mitra"]
        header = [c.value for c in ws[1]]
        line = _rows(path)[problem["record_id"]]
        cell = ws.cell(row=line, column=header.index("Desa") + 1)
        assert cell.comment is not None
        assert problem["problem"] in cell.comment.text
        assert cell.fill.fgColor.rgb.endswith("FFE699")
        note = ws.cell(row=line, column=header.index("Masalah Data") + 1).value
        assert problem["problem"] in note


def test_a_partner_s_change_is_a_conflict_and_a_new_row_is_added(
        sheets: Path, forum: Path, admin_gpkg: Path, sample_dir: Path, *, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    returned = tmp_path / "mitra"
    shutil.copytree(sheets, returned)
    workbook = returned / "yayasan-rimba-kapuas.xlsx"
    rows = _rows(workbook)
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Kegiatan Mitra"]
    header = [c.value for c in ws[1]]
    ws.cell(row=rows["KM-003"], column=header.index("Judul Kegiatan") + 1,
            value="Judul yang diubah mitra")
    new = max(rows.values()) + 1
    copied = {h: ws.cell(row=rows["KM-003"], column=i + 1).value for i, h in enumerate(header)}
    copied |= {"ID": "YRK-BARU", "No Rencana Aksi": 99, "Sumber Area": None}
    for i, h in enumerate(header):
        ws.cell(row=new, column=i + 1, value=copied[h])
    wb.save(workbook)
    areas = ", ".join(f'"{p.as_posix()}"' for p in sorted((sample_dir / "areas").iterdir()))
    (tmp_path / "landscape.toml").write_text(
        f'boundaries = "{admin_gpkg.as_posix()}"\n'
        f'plan = "{(sample_dir / "rencana-aksi.xlsx").as_posix()}"\n'
        f'plan_partners = "mitra"\nareas = [{areas}]\nkabupaten = "61.05"\nout = "hasil"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    problems = json.loads((tmp_path / "hasil" / "validation.json").read_text(encoding="utf-8"))
    conflicts = [p for p in problems if p["file"] == workbook.name and p["column"] == "title"]
    assert [(p["row"], p["record_id"], p["value"], p["severity"]) for p in conflicts] == [
        (rows["KM-003"], "KM-003", "Judul yang diubah mitra", "warning")]
    acts = _activities(tmp_path / "hasil").set_index("activity_id")
    forum_acts = _activities(forum).set_index("activity_id")
    assert acts.loc["KM-003", "title"] == forum_acts.loc["KM-003", "title"]  # the forum's kept
    assert acts.loc["YRK-BARU", "desa_codes"] == forum_acts.loc["KM-003", "desa_codes"]
    assert len(acts) == len(forum_acts) + 1
    missing = [p for p in problems if p["record_id"] == "YRK-BARU"
               and "does not exist" in p["problem"]]
    assert [(p["file"], p["row"]) for p in missing] == [(workbook.name, new)]
