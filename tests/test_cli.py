"""The command line at the edge, and the build folder written as a whole.

Inputs are the demo sample (``write_sample`` into a temporary folder), so these
tests need no shared data. A build with every sample layer is made once; tests
that rebuild copy it first.
"""

from __future__ import annotations

import hashlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from _stall import STALL_WHILE_WRITING
from click.testing import CliRunner, Result

import landscape.render.folder
from landscape.cli import main
from landscape.errors import InputFileError
from landscape.render.files import BUILD_MARKER, build_folder, write_text
from landscape.sample.generate import SamplePaths, write_sample

ROOT = Path(__file__).resolve().parents[1]
LAND_OUTPUTS = ("gaps.csv", "priorities-desa.csv", "land-status-desa.csv",
                "land-status-kecamatan.csv", "land-status-kabupaten.csv",
                "land-status-activities.csv", "land-status-items.csv")


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


def _one_error(result: Result, code: int = 1) -> str:
    """The single ``error:`` line of a failed command (and no traceback)."""
    assert result.exit_code == code, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SamplePaths:
    return write_sample(tmp_path_factory.mktemp("sample"))


def _inputs(sample: SamplePaths) -> list[str]:
    return ["--boundaries", str(sample.boundaries), "--plan", str(sample.workbook),
            "--areas", *(str(a) for a in sample.areas), "--kabupaten", "61.05"]


def _layer_args(sample: SamplePaths) -> list[str]:
    return [x for k, v in sorted(sample.layers.items()) for x in ("--layer", f"{k}={v}")]


@pytest.fixture(scope="module")
def layered_build(sample: SamplePaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("layered") / "build"
    result = CliRunner().invoke(main, ["build", *_inputs(sample), *_layer_args(sample),
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def earlier_build(layered_build: Path, tmp_path: Path) -> Path:
    """A copy of the layered build in a parent folder of its own."""
    out = tmp_path / "parent" / "out"
    shutil.copytree(layered_build, out)
    return out


# --- the build folder as a whole ---------------------------------------------------------


def test_rebuild_without_layers_leaves_no_land_outputs(earlier_build: Path,
                                                       sample: SamplePaths) -> None:
    assert {*LAND_OUTPUTS, BUILD_MARKER} <= {p.name for p in earlier_build.iterdir()}
    result = CliRunner().invoke(main, ["build", *_inputs(sample), "--out", str(earlier_build)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in earlier_build.iterdir()}
    assert not names & set(LAND_OUTPUTS)
    assert {"atlas.html", "who-does-what-where.csv", "validation.json", BUILD_MARKER} <= names
    listed = json.loads((earlier_build / BUILD_MARKER).read_text())["files"]
    assert set(listed) == names - {BUILD_MARKER}
    # the folder was swapped in whole: nothing else beside it, no temporary folder left
    assert [p.name for p in earlier_build.parent.iterdir()] == ["out"]




def test_a_build_killed_half_way_leaves_the_earlier_build_intact(earlier_build: Path,
                                                                 sample: SamplePaths) -> None:
    before = _digest(earlier_build)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", STALL_WHILE_WRITING, "build", *_inputs(sample),
         "--out", str(earlier_build)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        text=True)
    assert proc.stdin is not None
    assert proc.stdout is not None
    try:
        # a deadline against a hung child only; the child says when it is writing
        ready, _, _ = select.select([proc.stdout], [], [], 600)
        line = proc.stdout.readline() if ready else ""
        assert line.startswith("stalled "), proc.stderr.read() if proc.stderr else line
        atlas = Path(line.removeprefix("stalled ").strip())
        work = atlas.parent
        assert work.parent == earlier_build.parent
        assert work.name.startswith(".")
        assert (work / "who-does-what-where.csv").is_file()  # the new build is half written
        assert _digest(earlier_build) == before
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stdin.close()
        proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert _digest(earlier_build) == before
    assert {*LAND_OUTPUTS, BUILD_MARKER} <= set(before)


def test_a_build_that_fails_while_writing_leaves_the_earlier_build_and_no_temporary(
        earlier_build: Path, sample: SamplePaths, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _digest(earlier_build)

    def disk_full(*_args: object, **_kwargs: object) -> int:
        raise OSError(28, "No space left on device", "atlas.html")

    monkeypatch.setattr(landscape.render.folder, "write_atlas", disk_full)
    result = CliRunner().invoke(main, ["build", *_inputs(sample), "--out", str(earlier_build)])
    assert "No space left on device" in _one_error(result)
    assert _digest(earlier_build) == before
    assert [p.name for p in earlier_build.parent.iterdir()] == ["out"]


def test_build_folder_replaces_only_on_success(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with build_folder(out) as folder:
        write_text(folder / "a.csv", "first\n")

    def fail_half_way() -> None:
        with build_folder(out) as folder:
            write_text(folder / "b.csv", "second\n")
            msg = "stop"
            raise InputFileError(msg)

    with pytest.raises(InputFileError):
        fail_half_way()
    assert sorted(p.name for p in out.iterdir()) == [BUILD_MARKER, "a.csv"]
    assert (out / "a.csv").read_text() == "first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_a_folder_of_other_files_is_refused_without_overwrite(tmp_path: Path,
                                                              sample: SamplePaths) -> None:
    out = tmp_path / "notes"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    args = ["build", *_inputs(sample), "--out", str(out)]
    message = _one_error(CliRunner().invoke(main, args))
    assert "is not empty and is not an earlier build" in message
    assert "--overwrite" in message
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    result = CliRunner().invoke(main, [*args, "--overwrite"])
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert "notes.txt" not in names
    assert {"atlas.html", BUILD_MARKER} <= names


def test_an_earlier_build_with_a_file_of_the_users_is_refused(earlier_build: Path,
                                                              sample: SamplePaths) -> None:
    (earlier_build / "my-notes.txt").write_text("mine")
    before = _digest(earlier_build)
    result = CliRunner().invoke(main, ["build", *_inputs(sample), "--out", str(earlier_build)])
    assert "--overwrite" in _one_error(result)
    assert _digest(earlier_build) == before


def test_an_input_inside_the_output_folder_is_refused(tmp_path: Path,
                                                      sample: SamplePaths) -> None:
    out = tmp_path / "out"
    out.mkdir()
    plan = out / "plan.xlsx"
    shutil.copyfile(sample.workbook, plan)
    result = CliRunner().invoke(main, ["build", "--boundaries", str(sample.boundaries),
                                       "--plan", str(plan), "--out", str(out), "--overwrite"])
    assert "lies inside the output folder" in _one_error(result)
    assert plan.is_file()


# --- option values checked at the edge ----------------------------------------------------


@pytest.mark.parametrize(("case", "expected"), [
    ("bad-form", "is not ID=PATH; write for example --layer tutupan_lahan="),
    ("unknown-id", ("unknown layer id 'tutupan_lahn' (did you mean tutupan_lahan?); the "
                    "catalogue knows gambut, hotspot, kawasan_hutan, kehilangan_tutupan_pohon, "
                    "konsesi, perhutanan_sosial, rtrw, tutupan_lahan")),
    ("missing-file", "does not exist; check the path"),
    ("duplicate", "layer gambut is given twice; give one file per layer id"),
])
def test_layer_mistakes_are_one_sentence(case: str, expected: str, tmp_path: Path,
                                         sample: SamplePaths) -> None:
    peat = sample.layers["gambut"]
    layer_args = {
        "bad-form": ["--layer", str(peat)],
        "unknown-id": ["--layer", f"tutupan_lahn={peat}"],
        "missing-file": ["--layer", f"gambut={tmp_path / 'nope.gpkg'}"],
        "duplicate": ["--layer", f"gambut={peat}", "--layer", f"gambut={peat}"],
    }[case]
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", *_inputs(sample), *layer_args, "--out", str(out)])
    assert expected in _one_error(result)
    assert not out.exists()


def test_map_definition_layers_are_checked_like_the_option(tmp_path: Path,
                                                           sample: SamplePaths) -> None:
    definition = tmp_path / "sintang.toml"
    definition.write_text(f'boundaries = "{sample.boundaries}"\nplan = "{sample.workbook}"\n'
                          'out = "out"\n[layers]\ngambutt = "gambut.gpkg"\n')
    message = _one_error(CliRunner().invoke(main, ["build", "--map", str(definition)]))
    assert message.startswith("error: sintang.toml: [layers] unknown layer id 'gambutt' "
                              "(did you mean gambut?)")


def test_a_usage_error_keeps_clicks_exit_code(sample: SamplePaths, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", *_inputs(sample), "--lang", "fr",
                                       "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "'fr' is not one of 'id', 'en'" in result.output


def test_demo_into_an_unwritable_folder_is_one_sentence(tmp_path: Path) -> None:
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder")
    message = _one_error(CliRunner().invoke(main, ["demo", "--out", str(blocker / "sub")]))
    assert f"{blocker} is a file, not a folder" in message


def test_demo_sample_failure_is_one_sentence(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    def no_sources(_folder: object) -> SamplePaths:
        raise FileNotFoundError(2, "No such file or directory", "layers/sample/kecamatan.csv")

    monkeypatch.setattr("landscape.cli.demo.write_sample", no_sources)
    message = _one_error(CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "demo")]))
    assert message.startswith("error: layers/sample/kecamatan.csv: No such file or directory")
    assert not (tmp_path / "demo").exists()
