"""The meeting pack: build.json, report.xlsx, results.gpkg, changes since a build, HXL out.

Expected values are computed here independently: budgets are read from the
sample workbook with openpyxl and parsed by the small reader below (the forms
the sample README lists), input hashes with hashlib, geometry types and styles
with pyogrio and sqlite3, the HXL table with libhxl.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import sqlite3
from pathlib import Path

import hxl
import openpyxl
import pandas as pd
import pyogrio
import pytest
import shapely
from _builds import DATE, build_sample
from click.testing import CliRunner
from defusedxml import ElementTree
from PIL import Image

from landscape.analyse.changes import changes
from landscape.analyse.coverage import whole_shares
from landscape.cli import main
from landscape.read.earlier import BuildTables
from landscape.render.report.tables import change_rows
from landscape.render.report.xlsx import table_sheet

LSM_GREEN = "46,139,62"  # the atlas's NGO colour, #2e8b3e


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()



@pytest.fixture(scope="module")
def pack(admin_gpkg: Path, sample_dir: Path, areas: list[Path],
         tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pack") / "before"
    build_sample(admin_gpkg, sample_dir / "rencana-aksi.xlsx", areas, out, "--hxl")
    return out


@pytest.fixture(scope="module")
def changed(admin_gpkg: Path, sample_dir: Path, areas: list[Path], pack: Path,
            tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with KM-001 moved off the desa Idai and KM-003's budget raised, in English."""
    folder = tmp_path_factory.mktemp("changed")
    book = openpyxl.load_workbook(sample_dir / "rencana-aksi.xlsx")
    sheet = book["Kegiatan Mitra"]
    assert (sheet["A2"].value, sheet["F2"].value) == ("KM-001",
                                                      "Sebetung Paluk; Sungai Kelik; Idai")
    assert (sheet["A4"].value, sheet["I4"].value) == ("KM-003", "450 juta")
    sheet["F2"] = "Sebetung Paluk; Sungai Kelik"
    sheet["I4"] = "500 juta"
    book.save(folder / "rencana-aksi.xlsx")
    out = folder / "after"
    build_sample(admin_gpkg, folder / "rencana-aksi.xlsx", areas, out, "--since", str(pack),
           "--lang", "en", "--maps")
    return out


# --- an independent reading of the sample's budgets ------------------------------------------


def _rupiah(cell: object, start: object, end: object) -> int | None:
    """Parse the budget forms the sample README lists (numbers, Rp 1.000, juta, M, / tahun)."""
    if cell is None:
        return None
    if isinstance(cell, (int, float)):
        return int(cell)
    text = str(cell).lower()
    years = int(end) - int(start) + 1 if "tahun" in text else 1  # type: ignore[call-overload]
    text = text.replace("/ tahun", "").replace("rp", "").replace(",-", "").strip()
    if text.endswith("juta"):
        value = float(text.removesuffix("juta").replace(",", ".")) * 1e6
    elif text.endswith("m"):
        value = float(text.removesuffix("m").replace(",", ".")) * 1e9
    else:
        value = float(text.replace(".", ""))
    return round(value) * years


def _workbook_budgets(sample_dir: Path) -> dict[str, int | None]:
    sheet = openpyxl.load_workbook(sample_dir / "rencana-aksi.xlsx")["Kegiatan Mitra"]
    return {str(r[0]): _rupiah(r[8], r[6], r[7])
            for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}


def test_the_independent_budget_reader() -> None:
    assert _rupiah("Rp 85.000.000", None, None) == 85_000_000
    assert _rupiah("1,1 M", None, None) == 1_100_000_000
    assert _rupiah("Rp 60.000.000 / tahun", 2023, 2026) == 240_000_000


# --- build.json ------------------------------------------------------------------------------


def test_the_manifest_lists_every_input_with_its_size_and_sha256(
        pack: Path, admin_gpkg: Path, sample_dir: Path, areas: list[Path]) -> None:
    manifest = json.loads((pack / "build.json").read_text(encoding="utf-8"))
    inputs = {e["name"]: e for e in manifest["inputs"]}
    expected = [admin_gpkg, sample_dir / "rencana-aksi.xlsx", *areas]
    assert set(inputs) == {p.name for p in expected}
    for path in expected:
        assert inputs[path.name]["sha256"] == _sha256(path), path.name
        assert inputs[path.name]["bytes"] == path.stat().st_size
    assert manifest["data_date"] == DATE
    assert manifest["version"] == "0.1.0"
    assert manifest["options"]["kabupaten"] == "61.05"
    assert manifest["options"]["hxl"] is True
    assert "out" not in manifest["options"]
    outputs = {e["name"]: e["sha256"] for e in manifest["outputs"]}
    assert outputs["report.xlsx"] == _sha256(pack / "report.xlsx")
    assert outputs["who-does-what-where.csv"] == _sha256(pack / "who-does-what-where.csv")


def test_the_readme_says_what_every_file_holds(pack: Path) -> None:
    text = (pack / "README.md").read_text(encoding="utf-8")
    for path in pack.iterdir():
        if not path.name.startswith("."):
            line = next(x for x in text.splitlines() if f"`{path.name}`" in x)
            assert len(line) > len(path.name) + 8, line  # a description, not just the name


# --- report.xlsx -----------------------------------------------------------------------------

SHEETS_ID = ["Ringkasan", "3W jumlah kegiatan", "3W anggaran", "Kegiatan", "Rencana vs capaian",
             "Peran", "Anggaran sumber-tahun", "Tumpang tindih", "Masalah data"]


def _rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> pd.DataFrame:
    values = list(sheet.iter_rows(values_only=True))
    return pd.DataFrame(values[1:], columns=values[0])


def test_the_report_has_its_sheets_frozen_headers_filters_and_formats(pack: Path) -> None:
    book = openpyxl.load_workbook(pack / "report.xlsx")
    assert book.sheetnames == SHEETS_ID
    assert book.properties.language == "id"
    for sheet in book.worksheets:
        assert sheet.freeze_panes in {"A2", "B2"}, sheet.title
    acts = book["Kegiatan"]
    headers = [c.value for c in acts[1]]
    assert acts.auto_filter.ref == acts.dimensions
    share = headers.index("Bagian anggaran (Rp)") + 1
    start = headers.index("Mulai") + 1
    area = headers.index("Luas (ha)") + 1
    assert "Anggaran kegiatan (Rp)" not in headers  # the whole budget is never repeated
    assert acts.cell(row=2, column=share).number_format == "#,##0"
    assert acts.cell(row=2, column=start).number_format == "dd/mm/yyyy"
    assert acts.cell(row=2, column=start).is_date
    polygon_row = next(r for r in range(2, acts.max_row + 1)
                       if acts.cell(row=r, column=area).value is not None)
    assert acts.cell(row=polygon_row, column=area).number_format == "#,##0.0"
    assert acts.column_dimensions["D"].width > 20  # the titles' column is widened
    problems = _rows(book["Masalah data"])
    order = {"galat": 0, "peringatan": 1, "info": 2}
    ranks = [order[s] for s in problems["Tingkat masalah"]]
    assert ranks == sorted(ranks)
    assert ranks[0] == 0
    reported = json.loads((pack / "validation.json").read_text(encoding="utf-8"))
    assert sorted(problems["Masalah"]) == sorted(p["problem"] for p in reported)


def test_no_cell_of_the_report_holds_a_formula(pack: Path) -> None:
    book = openpyxl.load_workbook(pack / "report.xlsx")
    assert not [c.coordinate for s in book.worksheets for row in s.iter_rows() for c in row
                if c.data_type == "f"]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    frame = pd.DataFrame({"org": ['=HYPERLINK("http://x","a")', "+62 812", "@SUM(A1)",
                                  "ok\x07"]})
    table_sheet(book, "t", frame, "id")
    book.save(tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 6)]
    assert [c.data_type for c in cells] == ["s"] * 4
    assert [c.value for c in cells] == [*frame["org"][:3], "ok"]
    assert [c.quotePrefix for c in cells] == [True, True, True, False]


def test_each_organisations_budget_shares_add_up_to_its_activities_budgets(
        pack: Path, sample_dir: Path) -> None:
    budgets = _workbook_budgets(sample_dir)
    book = openpyxl.load_workbook(pack / "report.xlsx")
    rows = _rows(book["Kegiatan"])
    shares = rows.groupby("Lembaga")["Bagian anggaran (Rp)"].sum()
    for org, ids in rows.groupby("Lembaga")["ID kegiatan"]:
        # a feature taken as an activity (an organisation's own area) has no budget
        expected = sum(budgets.get(i) or 0 for i in set(ids))
        assert shares[org] == expected, org
    # every share is whole rupiah, and the 3W budget matrix closes on the same totals
    assert all(float(v).is_integer() for v in rows["Bagian anggaran (Rp)"].dropna())
    matrix = _rows(book["3W anggaran"]).set_index("Lembaga")
    for org in shares.index:
        assert matrix.loc[org, "Jumlah"] == shares[org], org
    assert matrix.loc["Jumlah", "Jumlah"] == sum(v or 0 for v in budgets.values())


def test_the_3w_count_matrix_counts_distinct_activities(pack: Path) -> None:
    who = pd.read_csv(pack / "who-does-what-where.csv", dtype=str)
    matrix = _rows(openpyxl.load_workbook(pack / "report.xlsx")["3W jumlah kegiatan"])
    matrix = matrix.set_index("Lembaga")
    in_sepauk = who[who["kecamatan"] == "Sepauk"].groupby("org")["activity_id"].nunique()
    for org, n in in_sepauk.items():
        assert matrix.loc[org, "Sepauk"] == n, org
    assert matrix.loc["Jumlah", "Jumlah"] == who["activity_id"].nunique()


def test_the_report_speaks_english_when_asked(changed: Path) -> None:
    book = openpyxl.load_workbook(changed / "report.xlsx")
    assert book.sheetnames[:3] == ["Summary", "Changes", "3W activity counts"]
    acts = book["Activities"]
    assert [c.value for c in acts[1]][:3] == ["Activity ID", "Organisation", "Organisation type"]
    start = [c.value for c in acts[1]].index("Start") + 1
    assert acts.cell(row=2, column=start).number_format == "yyyy-mm-dd"


# --- maps to print ----------------------------------------------------------------------------


def _pdf_pages(path: Path) -> list[tuple[float, float]]:
    """Return the size in points of each page of a PDF matplotlib wrote (uncompressed objects)."""
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    pages = re.findall(rb"/Type /Page\b.*?/MediaBox \[ *0 0 ([\d.]+) ([\d.]+) *\]", data,
                       re.DOTALL)
    return [(float(w), float(h)) for w, h in pages]


A4_POINTS = {(595.0, 842.0), (842.0, 595.0)}


def test_the_maps_to_print_are_a4_with_one_page_per_kecamatan(changed: Path,
                                                              admin_gpkg: Path) -> None:
    kecamatan = pyogrio.read_dataframe(admin_gpkg, layer="kecamatan", read_geometry=False)
    n_kecamatan = sum(str(c).startswith("61.05.") for c in kecamatan.iloc[:, 0])
    pages = _pdf_pages(changed / "kecamatan.pdf")
    assert len(pages) == n_kecamatan == 14
    assert {(round(w), round(h)) for w, h in pages} <= A4_POINTS
    (page,) = _pdf_pages(changed / "atlas.pdf")
    assert (round(page[0]), round(page[1])) in A4_POINTS
    with Image.open(changed / "atlas.png") as png:
        short, long = sorted(png.size)  # A4, 210 x 297 mm, at 150 dpi
        assert abs(short - 210 / 25.4 * 150) < 1.5
        assert abs(long - 297 / 25.4 * 150) < 1.5
    assert (changed / "atlas.png").stat().st_size > 100_000


def test_the_kabupaten_map_has_its_legend_scale_north_and_sources(changed: Path) -> None:
    from landscape.pipeline import build  # noqa: PLC0415
    from landscape.render.maps import kabupaten_figure  # noqa: PLC0415

    manifest = json.loads((changed / "build.json").read_text(encoding="utf-8"))
    paths = {e["name"]: Path(e["path"]) for e in manifest["inputs"]}
    result = build(boundaries=paths["kalbar-admin.gpkg"], plan=paths["rencana-aksi.xlsx"],
                   areas=[p for n, p in paths.items() if n not in {"kalbar-admin.gpkg",
                                                                    "rencana-aksi.xlsx"}],
                   kabupaten="61.05")
    figure = kabupaten_figure(result, title="T", lang="en", data_date=DATE)
    texts = {t.get_text() for t in figure.findobj(lambda a: hasattr(a, "get_text"))}
    assert {"Organisations per desa", "NGO", "Government", "N", "0"} <= texts
    assert any(t.endswith(" km") for t in texts)
    assert any(t.startswith("Sources: kalbar-admin.gpkg; rencana-aksi.xlsx") for t in texts)
    assert any(DATE in t for t in texts)


# --- results.gpkg ----------------------------------------------------------------------------

GEOMETRY = {"activities": "MultiPolygon", "activities_points": "MultiPoint",
            "activities_lines": "MultiLineString", "activities_places": "MultiPolygon",
            "coverage_desa": "MultiPolygon", "coverage_kecamatan": "MultiPolygon",
            "overlaps": "MultiPolygon", "shared_work": "MultiPolygon"}


def test_each_layer_has_its_real_geometry_type_dates_and_style(pack: Path,
                                                               sample_dir: Path) -> None:
    gpkg = pack / "results.gpkg"
    layers = {name for name, kind in pyogrio.list_layers(gpkg) if kind}
    for name, kind in GEOMETRY.items():
        assert pyogrio.read_info(gpkg, layer=name)["geometry_type"] == kind, name
    with contextlib.closing(sqlite3.connect(gpkg)) as db:
        styled = dict(db.execute("SELECT f_table_name, styleQML FROM layer_styles "
                                 "WHERE useAsDefault"))
        fields = {row[1]: row[2] for row in db.execute("PRAGMA table_info(activities_points)")}
        kinds = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents"))
    assert set(styled) == layers
    assert kinds["layer_styles"] == "attributes"
    assert (fields["start"], fields["end"]) == ("DATE", "DATE")
    for qml in styled.values():
        assert ElementTree.fromstring(qml).find("renderer-v2") is not None
    lsm = ElementTree.fromstring(styled["activities"])
    symbol = next(c.get("symbol") for c in lsm.iter("category") if c.get("value") == "LSM")
    fill = next(s for s in lsm.iter("symbol") if s.get("name") == symbol)
    colour = next(o.get("value") for o in fill.iter("Option") if o.get("name") == "color")
    assert colour.startswith(LSM_GREEN)
    # the nurseries are points where the CSV puts them; patrols are lines
    nurseries = pd.read_csv(sample_dir / "areas" / "persemaian.csv")
    where = {(round(x, 5), round(y, 5)) for x, y in zip(nurseries["lon"], nurseries["lat"],
                                                          strict=True)}
    points = pyogrio.read_dataframe(gpkg, layer="activities_points")
    for geom in points.geometry:
        for part in geom.geoms:
            assert (round(part.x, 5), round(part.y, 5)) in where
    who = pd.read_csv(pack / "who-does-what-where.csv", dtype=str)
    for layer, precision in (("activities_points", "point"), ("activities_lines", "line")):
        frame = pyogrio.read_dataframe(gpkg, layer=layer)
        assert set(frame["activity_id"]) == set(who.loc[who["precision"] == precision,
                                                        "activity_id"])
    places = pyogrio.read_dataframe(gpkg, layer="activities_places")
    assert set(places["precision"]) <= {"desa", "kecamatan", "kabupaten"}
    first = places.set_index("activity_id").loc["KM-001"]
    assert first["desa_names"].startswith("Sebetung Paluk (61.05.06.2013)")
    assert pd.Timestamp(first["start"]).date().isoformat() == "2022-09-05"
    assert not shapely.is_empty(first.geometry)


# --- what changed ------------------------------------------------------------------------------


def test_the_diff_of_a_build_against_itself_is_empty(pack: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(pack), str(pack), "--out",
                                       str(tmp_path / "changes.csv")])
    assert result.exit_code == 0, result.output
    assert "no change" in result.output
    assert (tmp_path / "changes.csv").read_text(encoding="utf-8").strip() == (
        "kind,change,key,label,field,old,new")


def test_the_diff_lists_exactly_the_moved_activity_and_the_changed_budget(
        pack: Path, changed: Path, tmp_path: Path) -> None:
    found = pd.read_csv(changed / "changes.csv", dtype=str, keep_default_na=False)
    assert sorted(zip(found["kind"], found["change"], found["key"], found["field"],
                      strict=True)) == [("activity", "changed", "KM-001", "places"),
                                        ("activity", "changed", "KM-003", "budget_idr")]
    budget = found.set_index("key").loc["KM-003"]
    assert (budget["old"], budget["new"]) == ("450000000", "500000000")
    moved = found.set_index("key").loc["KM-001"]
    idai = re.escape("Idai (61.05.06.2025)")
    assert re.search(idai, moved["old"])
    assert not re.search(idai, moved["new"])
    # landscape diff gives the same table; the report has it as a sheet
    result = CliRunner().invoke(main, ["diff", str(pack), str(changed), "--out",
                                       str(tmp_path / "c.csv")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c.csv").read_bytes() == (changed / "changes.csv").read_bytes()
    sheet = openpyxl.load_workbook(changed / "report.xlsx")["Changes"]
    assert sheet.max_row == 3


def test_diff_refuses_a_folder_that_is_not_abuild_sample(pack: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(tmp_path), str(pack)])
    assert result.exit_code == 1
    assert "who-does-what-where.csv" in result.output


def test_a_build_since_a_copy_of_itself_reports_no_change(
        admin_gpkg: Path, sample_dir: Path, areas: list[Path], pack: Path,
        tmp_path: Path) -> None:
    shutil.copytree(pack, tmp_path / "old")
    build_sample(admin_gpkg, sample_dir / "rencana-aksi.xlsx", areas, tmp_path / "old", "--since",
           str(tmp_path / "old"), "--hxl")
    assert (tmp_path / "old" / "changes.csv").read_text(encoding="utf-8").count("\n") == 1


# --- HXL -------------------------------------------------------------------------------------


def test_the_hxl_table_reads_back_into_the_same_records(pack: Path) -> None:
    who = pd.read_csv(pack / "who-does-what-where.csv", dtype=str, keep_default_na=False)
    with (pack / "who-does-what-where-hxl.csv").open("rb") as handle:
        source = hxl.data(handle)
        back = [{"activity_id": r.get("#activity+code"), "org": r.get("#org+impl"),
                 "desa_code": r.get("#adm4+code"), "desa": r.get("#adm4+name"),
                 "kecamatan_code": r.get("#adm3+code"), "start": r.get("#date+start"),
                 "budget_share_idr": r.get("#value+idr"), "budget_idr": r.get("#value+total"),
                 "action_item": r.get("#activity+plan")}
                for r in source]
        tags = {c.display_tag for c in source.columns}
    assert len(back) == len(who)
    for mine, row in zip(back, who.to_dict("records"), strict=True):
        for key, value in mine.items():
            assert (value or "") == row[key].removesuffix(".0"), (key, row)
    assert tags >= {"#org+impl+name", "#adm4+code", "#value+idr", "#adm2+code"}


# --- whole-rupiah shares -----------------------------------------------------------------------


def test_whole_shares_keep_the_total() -> None:
    keys = pd.Series(["a", "a", "a", "b", "b", "c"])
    totals = pd.Series([100.0, 100.0, 100.0, 7.0, 7.0, None])
    shares = whole_shares(totals, keys)
    assert shares.tolist()[:5] == [34.0, 33.0, 33.0, 4.0, 3.0]
    assert pd.isna(shares.iloc[5])
    assert shares.groupby(keys).sum().tolist()[:2] == [100.0, 7.0]


# --- the comparison on small tables, offline -----------------------------------------------------

WHO = ["activity_id", "org", "title", "kecamatan_code", "kecamatan", "desa_code", "desa", "start",
       "end", "budget_idr"]


def _tables(who: list[tuple[object, ...]], *, overlaps: tuple[str, ...] = (),
            gaps: tuple[str, ...] = (), reached: tuple[bool, ...] = (True,),
            budget: float = 100.0, date: str = "2024-01-01") -> BuildTables:
    return BuildTables(
        folder=Path(), who=pd.DataFrame(who, columns=WHO),
        overlaps=pd.DataFrame([(o, "B") for o in overlaps], columns=["org_a", "org_b"]),
        gaps=pd.DataFrame([("desa", g, "peat", g) for g in gaps],
                          columns=["level", "code", "priority", "name"]),
        plan=pd.DataFrame([(str(i + 1), str(r), f"item {i + 1}") for i, r in enumerate(reached)],
                          columns=["item_no", "has_activity", "activity"]),
        budget=pd.DataFrame([("APBD", "2024", budget)], columns=["source", "year", "budget_idr"]),
        manifest={"data_date": date})


def test_every_kind_of_change_is_listed_and_nothing_else() -> None:
    a1 = ("A1", "Org A", "t", "61.05.01", "K", "61.05.01.2001", "D1", "2023-01-01", "2024-03-31",
          100.0)
    a2 = ("A2", "Org B", "u", "61.05.01", "K", "", "", "2023-01-01", "2025-12-31", 50.0)
    a3 = ("A3", "Org C", "v", "", "", "", "", "2024-02-01", "2025-01-31", None)
    old = _tables([a1, a2], overlaps=("Org A",), gaps=("d1",), reached=(False,))
    new = _tables([a1, (*a2[:9], 60.0), a3], gaps=("d2",), reached=(True,), budget=120.0,
                  date="2024-06-30")
    found = changes(old, new)
    assert changes(old, old).empty
    assert sorted(zip(found["kind"], found["change"], found["key"], found["field"],
                      strict=True)) == sorted([
        ("activity", "new", "A3", ""), ("activity", "ended", "A1", "end"),
        ("activity", "changed", "A2", "budget_idr"), ("organisation", "new", "Org C", ""),
        ("overlap", "resolved", "B / Org A", ""), ("gap", "opened", "desa d2 peat", ""),
        ("gap", "closed", "desa d1 peat", ""), ("item", "gained activity", "1", "has_activity"),
        ("budget", "shifted", "APBD 2024", "budget_idr")])
    words = change_rows(found, "id")
    assert set(words["kind"]) <= {"kegiatan", "lembaga", "tumpang tindih", "celah",
                                  "rencana aksi", "anggaran"}


def test_since_refuses_a_folder_that_is_not_abuild_sample(admin_gpkg: Path, sample_dir: Path,
                                                     tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [
        "build", "--boundaries", str(admin_gpkg), "--plan", str(sample_dir / "rencana-aksi.xlsx"),
        "--out", str(tmp_path / "out"), "--since", str(tmp_path / "nothing")])
    assert result.exit_code == 1
    assert "is not a build to compare with" in result.output
    assert not (tmp_path / "out").exists()
