"""Faults at the command-line and output edge: each fixed as a kind.

Inputs are the demo sample (``write_sample`` into a temporary folder), so these
tests need no shared data.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from landscape.cli import main
from landscape.sample.generate import SamplePaths, write_sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SamplePaths:
    return write_sample(tmp_path_factory.mktemp("sample"))


def _build(sample: SamplePaths, out: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["build", "--boundaries", str(sample.boundaries),
                                     "--plan", str(sample.workbook), "--kabupaten", "61.05",
                                     "--out", str(out), *args])


def _problems(out: Path) -> list[dict[str, str]]:
    found: list[dict[str, str]] = json.loads((out / "validation.json").read_text())
    return found


# --- the same area file given twice; features sharing a key ---------------------------------


def test_an_area_file_given_twice_is_read_once_with_a_warning(sample: SamplePaths,
                                                              tmp_path: Path) -> None:
    area = sample.areas[0]
    # the second spelling differs but names the same file
    again = area.parent / ".." / area.parent.name / area.name
    once = _build(sample, tmp_path / "once", "--areas", str(area))
    assert once.exit_code == 0, once.output
    twice = _build(sample, tmp_path / "twice", "--areas", str(area), "--areas", str(again))
    assert twice.exit_code == 0, twice.output
    warned = [p for p in _problems(tmp_path / "twice") if "given twice" in p["problem"]]
    assert [(p["file"], p["severity"]) for p in warned] == [(area.name, "warning")]
    for name in ("who-does-what-where.csv", "coverage-desa.csv", "overlaps.csv"):
        assert ((tmp_path / "twice" / name).read_bytes()
                == (tmp_path / "once" / name).read_bytes()), name


def test_features_sharing_an_id_are_one_activity(sample: SamplePaths, tmp_path: Path) -> None:
    # Two points, one id, one organisation, referenced by no row of the plan.
    dup = tmp_path / "dup.csv"
    dup.write_text("id,nama,lat,lon,mitra\n"
                   "ZZ-1,Satu,0.30142,111.38402,Disbunnak\n"
                   "ZZ-1,Dua,0.18339,111.68518,Disbunnak\n")
    result = _build(sample, tmp_path / "out", "--areas", str(dup))
    assert result.exit_code == 0, result.output
    who = pd.read_csv(tmp_path / "out" / "who-does-what-where.csv", dtype=str)
    mine = who[who["activity_id"].str.startswith("dup.csv#")]
    assert set(mine["activity_id"]) == {"dup.csv#ZZ-1"}
    assert any("2 features share the id 'ZZ-1'" in p["problem"]
               for p in _problems(tmp_path / "out"))


def test_two_area_files_of_one_name_are_both_read_with_a_warning(sample: SamplePaths,
                                                                 tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "pts.csv", tmp_path / "b" / "pts.csv"
    for path, fid in ((first, "P-1"), (second, "P-2")):
        path.parent.mkdir()
        path.write_text(f"id,lat,lon,mitra\n{fid},0.30142,111.38402,Disbunnak\n")
    result = _build(sample, tmp_path / "out", "--areas", str(first), str(second))
    assert result.exit_code == 0, result.output
    who = pd.read_csv(tmp_path / "out" / "who-does-what-where.csv", dtype=str)
    assert {"pts.csv#P-1", "pts.csv#P-2"} <= set(who["activity_id"])
    warned = [p for p in _problems(tmp_path / "out") if "named pts.csv" in p["problem"]]
    assert len(warned) == 1


# --- no input of a build lies inside its output folder --------------------------------------


def _one_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    return lines[0]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_map_definition_inside_the_output_folder_is_refused(sample: SamplePaths,
                                                                tmp_path: Path) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    definition = project / "sintang.toml"
    definition.write_text(f'boundaries = "{sample.boundaries}"\nplan = "{sample.workbook}"\n'
                          'out = "."\nkabupaten = "61.05"\n')
    before = _snapshot(project)
    message = _one_error(CliRunner().invoke(main, ["build", "--map", str(definition),
                                                   "--overwrite"]))
    assert f"the input {definition} lies inside the output folder" in message
    assert _snapshot(project) == before


@pytest.mark.parametrize("form", ["folder", "levels"])
def test_boundary_files_inside_the_output_folder_are_refused(form: str, sample: SamplePaths,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "bounds"
    out.mkdir()
    for level in ("kecamatan", "desa"):
        frame = pd.DataFrame({"level": [level]})  # any file: the check comes before reading
        frame.to_csv(out / f"{level}.csv")
    before = _snapshot(out)
    given = ([str(out)] if form == "folder"
             else [f"kecamatan={out / 'kecamatan.csv'}", f"desa={out / 'desa.csv'}"])
    result = CliRunner().invoke(main, ["build", "--boundaries", *given,
                                       "--plan", str(sample.workbook), "--out", str(out),
                                       "--overwrite"])
    assert "lies inside the output folder" in _one_error(result)
    assert _snapshot(out) == before
