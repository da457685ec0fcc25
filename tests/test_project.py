"""The project file, ``landscape init``, ``landscape validate`` and ``build`` with no arguments.

Numbers are computed here from the real boundaries with plain geopandas and from
the sample workbook with openpyxl, never copied from the toolkit's output.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.errors import InputError
from landscape.read.project import load_project

AREAS = "areas/*"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- the project file ----------------------------------------------------------------------


def test_an_unknown_key_is_refused_naming_the_key_and_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "landscape.toml", 'plan = "a.xlsx"\nplan_partner = "mitra"\n')
    with pytest.raises(InputError, match=r"^landscape\.toml: unknown key 'plan_partner'"):
        load_project(path)


def test_paths_are_read_from_the_file_s_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.kml").write_text("<kml/>")
    path = _write(tmp_path / "landscape.toml",
                  'plan = "data/rencana.xlsx"\nplan_partners = "mitra"\n'
                  'areas = ["data/*.kml"]\nout = "hasil"\nlang = "en"\ntitle = "T"\n')
    project = load_project(path)
    base = tmp_path.resolve()
    assert project.plan == base / "data" / "rencana.xlsx"
    assert project.plan_partners == base / "mitra"
    assert project.areas == (base / "data" / "a.kml",)
    assert (project.out, project.lang, project.title) == (base / "hasil", "en", "T")


def test_a_language_the_atlas_does_not_speak_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "landscape.toml", 'lang = "fr"\n')
    with pytest.raises(InputError, match=r"landscape\.toml: lang 'fr'"):
        load_project(path)


def test_a_map_definition_is_a_project_file(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    text = (root / "maps" / "sintang.toml").read_text(encoding="utf-8")
    lines = [li for li in text.splitlines() if not li.startswith("areas")]  # needs ../shared
    project = load_project(_write(tmp_path / "sintang.toml", "\n".join(lines)))
    assert project.kabupaten == "61.05"
    assert project.out == (tmp_path / "out" / "sintang").resolve()


def _project(folder: Path, admin: Path, sample: Path, *, out: str = "hasil") -> Path:
    return _write(folder / "landscape.toml",
                  f'boundaries = "{admin.as_posix()}"\n'
                  f'plan = "{sample.as_posix()}/rencana-aksi.xlsx"\n'
                  f'areas = ["{sample.as_posix()}/{AREAS}"]\nkabupaten = "61.05"\n'
                  f'out = "{out}"\nlang = "en"\n')


def _sheet_ids(workbook: Path) -> set[str]:
    ws = openpyxl.load_workbook(workbook, read_only=True)["Kegiatan Mitra"]
    return {str(r[0]) for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}


@pytest.mark.slow
def test_build_with_no_arguments_builds_the_project_of_this_folder(
        tmp_path: Path, admin_gpkg: Path, sample_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path, admin_gpkg, sample_dir)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--out", "other", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output == ""  # --quiet
    assert not (tmp_path / "hasil").exists()  # the command line wins over the file
    with (tmp_path / "other" / "who-does-what-where.csv").open(encoding="utf-8") as f:
        ids = {row["activity_id"] for row in csv.DictReader(f)}
    assert _sheet_ids(sample_dir / "rencana-aksi.xlsx") <= ids


# --- init: a new district's project -----------------------------------------------------------


def _units(admin: Path) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    desa = gpd.read_file(admin, layer="desa", ignore_geometry=True)
    kec = gpd.read_file(admin, layer="kecamatan", ignore_geometry=True)
    return (kec[kec["kode"].str.startswith("61.05.")],
            desa[desa["kode"].str.startswith("61.05.")])


def _three_desa(admin: Path) -> list[tuple[str, str, str]]:
    """Three desa of Sintang with names found once in the kabupaten, in three kecamatan."""
    kec, desa = _units(admin)
    kec_names = dict(zip(kec["kode"], kec["nama"], strict=True))
    once = desa[~desa["nama"].duplicated(keep=False)].sort_values("kode")
    picked: dict[str, tuple[str, str, str]] = {}
    for code, name in zip(once["kode"], once["nama"], strict=True):
        picked.setdefault(code[:8], (code, name, kec_names[code[:8]]))
    return list(picked.values())[:3]


def _init(tmp_path: Path, admin: Path, *args: str) -> Path:
    folder = tmp_path / "sintang"
    result = CliRunner().invoke(main, ["init", str(folder), "--kabupaten", "61.05",
                                       "--boundaries", str(admin), *args])
    assert result.exit_code == 0, result.output
    return folder


def test_init_writes_the_project_the_workbook_and_its_lists(tmp_path: Path,
                                                            admin_gpkg: Path) -> None:
    folder = _init(tmp_path, admin_gpkg)
    assert {p.name for p in folder.iterdir()} == {"landscape.toml", "rencana-aksi.xlsx",
                                                  "areal", "mitra"}
    project = load_project(folder / "landscape.toml")
    assert project.kabupaten == "61.05"
    assert project.boundaries is not None
    assert project.boundaries.path == admin_gpkg.resolve()
    wb = openpyxl.load_workbook(folder / "rencana-aksi.xlsx")
    assert wb.sheetnames[0] == "Petunjuk"
    assert {"Rencana Aksi", "Mitra", "Kegiatan Mitra", "Daftar"} <= set(wb.sheetnames)
    assert wb["Daftar"].sheet_state == "hidden"
    assert "Kegiatan Mitra" in " ".join(str(c.value) for c in wb["Petunjuk"]["A"] if c.value)
    acts = wb["Kegiatan Mitra"]
    header = [c.value for c in acts[1]]
    tags = [c.value for c in acts[2]]
    assert tags[header.index("Desa")] == "#adm4+name"
    assert all(str(t).startswith("#") for t in tags)
    kec, desa = _units(admin_gpkg)
    by_title = {str(col[0]): [v for v in col[1:] if v is not None]
                for col in wb["Daftar"].iter_cols(values_only=True)}
    assert set(by_title["daftar desa"]) == set(desa["nama"])
    assert set(by_title["daftar kecamatan"]) == set(kec["nama"])
    assert "LSM" in by_title["daftar jenis lembaga"]
    checks = {str(v.sqref): v for v in acts.data_validations.dataValidation}
    desa_col = openpyxl.utils.get_column_letter(header.index("Desa") + 1)
    desa_check = next(v for ref, v in checks.items() if ref.startswith(desa_col))
    assert desa_check.type == "list"
    assert desa_check.formula1 == f"Daftar!$E$2:$E${desa['nama'].nunique() + 1}"


def test_init_keeps_files_it_finds(tmp_path: Path, admin_gpkg: Path) -> None:
    folder = _init(tmp_path, admin_gpkg)
    (folder / "landscape.toml").write_text('title = "ours"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["init", str(folder), "--kabupaten", "61.05"])
    assert result.exit_code == 0, result.output
    assert (folder / "landscape.toml").read_text(encoding="utf-8") == 'title = "ours"\n'
    assert "kept" in result.output


def test_init_needs_a_kabupaten(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert result.output.startswith("error: init needs --kabupaten")


def _fill(workbook: Path, desa: list[tuple[str, str, str]]) -> None:
    wb = openpyxl.load_workbook(workbook)
    plan = wb["Rencana Aksi"]
    for pos, value in enumerate([1, "Perhutanan sosial", "Program PS", "Pendampingan"], 1):
        plan.cell(row=3, column=pos, value=value)
    orgs = wb["Mitra"]
    for pos, value in enumerate(["Yayasan Uji Lestari", "YUL", "LSM"], 1):
        orgs.cell(row=3, column=pos, value=value)
    acts = wb["Kegiatan Mitra"]
    header = [c.value for c in acts[1]]
    for line, (_code, name, kecamatan) in enumerate(desa, start=3):
        row = {"ID": f"YUL-{line - 2}", "Mitra": "Yayasan Uji Lestari",
               "Judul Kegiatan": f"Kegiatan {line - 2}", "Tema": "Perhutanan Sosial",
               "Kecamatan": kecamatan, "Desa": name, "Mulai": dt.date(2024, 1, 1),
               "Selesai": dt.date(2024, 12, 31), "Anggaran (Rp)": 100_000_000 * line,
               "No Rencana Aksi": 1, "Status": "Berjalan"}
        for key, value in row.items():
            acts.cell(row=line, column=header.index(key) + 1, value=value)
    wb.save(workbook)


@pytest.mark.slow
def test_init_then_three_rows_builds_and_validates(tmp_path: Path, admin_gpkg: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _init(tmp_path, admin_gpkg)
    monkeypatch.chdir(folder)
    empty = CliRunner().invoke(main, ["validate"])
    assert empty.exit_code == 1, empty.output  # a plan with headers and no rows is an error
    assert (folder / "validation.csv").is_file()
    desa = _three_desa(admin_gpkg)
    _fill(folder / "rencana-aksi.xlsx", desa)
    checked = CliRunner().invoke(main, ["validate"])
    assert checked.exit_code == 0, checked.output
    built = CliRunner().invoke(main, ["build"])
    assert built.exit_code == 0, built.output
    with (folder / "hasil" / "who-does-what-where.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sorted((r["activity_id"], r["desa_code"]) for r in rows) == [
        (f"YUL-{n}", code) for n, (code, _, _) in enumerate(desa, start=1)]
    assert [int(r["budget_idr"]) for r in sorted(rows, key=lambda r: r["activity_id"])] == [
        300_000_000, 400_000_000, 500_000_000]


# --- validate ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_validate_prints_severity_first_writes_csv_and_fails_on_errors(
        tmp_path: Path, admin_gpkg: Path, sample_dir: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _project(tmp_path, admin_gpkg, sample_dir)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--lang", "id"])
    assert result.exit_code == 1, result.output  # the sample has errors (an unknown desa)
    with (tmp_path / "validation.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["tingkat", "berkas", "lembar", "baris", "id_baris", "kolom",
                             "nilai", "masalah", "saran"]
    order = {"galat": 0, "peringatan": 1, "info": 2}
    ranks = [order[r["tingkat"]] for r in rows]
    assert ranks == sorted(ranks)
    assert any(r["nilai"] == "Sungai Harapan Baru" and r["tingkat"] == "galat" for r in rows)
    assert "nama desa ditulis berbeda" in {r["masalah"] for r in rows}  # from the catalogue
    lines = result.output.splitlines()
    assert lines[0].split()[:3] == ["tingkat", "lokasi", "masalah"]
    assert lines[1].startswith("galat")
    assert not (tmp_path / "hasil").exists()  # nothing built


def test_validate_exits_0_without_errors(tmp_path: Path, admin_gpkg: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "3w.csv"
    kec, desa = _units(admin_gpkg)
    code, name = desa.sort_values("kode").iloc[0][["kode", "nama"]]
    kec_name = kec.set_index("kode").loc[code[:8], "nama"]
    plan.write_text(f"ID,Mitra,Judul Kegiatan,Kecamatan,Desa\nA-1,Yayasan A,Patroli,{kec_name},"
                    f"{name}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", "--boundaries", str(admin_gpkg),
                                       "--plan", str(plan), "--kabupaten", "61.05",
                                       "--csv", "out/v.csv"])
    assert result.exit_code == 0, result.output
    with (tmp_path / "out" / "v.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert all(r["severity"] != "error" for r in rows)
    assert "0 errors" in result.output


def test_build_summary_names_the_worst_problem_first(tmp_path: Path, admin_gpkg: Path,
                                                     sample_dir: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--boundaries", str(admin_gpkg), "--plan",
                                       str(sample_dir / "rencana-aksi.xlsx"), "--kabupaten",
                                       "61.05", "--out", str(out)])
    assert result.exit_code == 0, result.output
    problems = json.loads((out / "validation.json").read_text(encoding="utf-8"))
    lines = result.output.splitlines()
    start = lines.index("the worst problems first:")
    first = lines[start + 2].split()
    assert first[0] == ("error" if any(p["severity"] == "error" for p in problems)
                        else "warning")


def test_init_writes_boundaries_given_per_level_as_a_table(tmp_path: Path) -> None:
    from landscape.cli.init import project_text  # noqa: PLC0415
    from landscape.read.boundaries import boundary_source  # noqa: PLC0415

    (tmp_path / "batas").mkdir()
    for name in ("kec.shp", "desa.shp"):
        (tmp_path / "batas" / name).touch()
    source = boundary_source({"kecamatan": str(tmp_path / "batas" / "kec.shp"),
                              "desa": str(tmp_path / "batas" / "desa.shp"),
                              "desa_code_field": "KDEPUM"})
    text = project_text(title="T", kabupaten="61.05", lang="id", boundaries=source,
                        folder=tmp_path)
    assert 'kecamatan = "batas/kec.shp"' in text  # relative: inside the project
    project = load_project(_write(tmp_path / "landscape.toml", text))
    assert project.boundaries is not None
    batas = tmp_path.resolve() / "batas"
    assert dict(project.boundaries.levels) == {"kecamatan": batas / "kec.shp",
                                              "desa": batas / "desa.shp"}
    assert dict(project.boundaries.fields) == {"desa_code_field": "KDEPUM"}
