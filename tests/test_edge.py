"""Faults at the command-line and output edge: each fixed as a kind.

Inputs are the demo sample (``write_sample`` into a temporary folder), so these
tests need no shared data.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from _stall import STALL_WHILE_WRITING
from click.testing import CliRunner, Result

from landscape.cli import main
from landscape.cli.build import count, report
from landscape.render.folder import Written
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


# --- what a killed build leaves beside the output folder ------------------------------------

ROOT = Path(__file__).resolve().parents[1]


STALL_BETWEEN_RENAMES = textwrap.dedent("""
    import pathlib, sys
    from landscape.cli import main

    rename = pathlib.Path.rename

    def stall(self, target):
        if self.name.startswith(".out.building-"):  # the new build moving in: old is aside
            print("stalled", self, flush=True)
            sys.stdin.read()  # blocks until the test kills this process
        return rename(self, target)

    pathlib.Path.rename = stall
    main(sys.argv[1:])
""")


def _killed_half_way(script: str, args: list[str]) -> int:
    """Run a build in a child that stops at a known point; kill it there with SIGKILL."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script, *args], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    assert proc.stdin is not None
    assert proc.stdout is not None
    assert proc.stderr is not None
    try:
        # a deadline against a hung child only; the child says when it has stopped
        ready, _, _ = select.select([proc.stdout], [], [], 600)
        line = proc.stdout.readline() if ready else ""
        assert line.startswith("stalled "), line or proc.stderr.read()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            stream.close()
    assert proc.returncode == -signal.SIGKILL
    return proc.pid


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def a_build(sample: SamplePaths, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built") / "out"
    result = _build(sample, out, "--areas", *(str(a) for a in sample.areas))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def earlier_build(a_build: Path, tmp_path: Path) -> Path:
    out = tmp_path / "parent" / "out"
    shutil.copytree(a_build, out)
    return out


def _build_args(sample: SamplePaths, out: Path) -> list[str]:
    return ["build", "--boundaries", str(sample.boundaries), "--plan", str(sample.workbook),
            "--kabupaten", "61.05", "--out", str(out)]


def test_the_next_build_deletes_what_a_killed_build_left_but_not_a_running_ones(
        earlier_build: Path, sample: SamplePaths) -> None:
    pid = _killed_half_way(STALL_WHILE_WRITING, _build_args(sample, earlier_build))
    parent = earlier_build.parent
    left = [p.name for p in parent.iterdir() if p.name != "out"]
    assert len(left) == 1
    assert left[0].startswith(f".out.building-{pid}-")
    # siblings of a process that still runs (this one) are never touched
    running = {f".out.building-{os.getpid()}-busy", f".out.old-{os.getpid()}-busy"}
    for name in running:
        (parent / name).mkdir()
    result = CliRunner().invoke(main, _build_args(sample, earlier_build))
    assert result.exit_code == 0, result.output
    assert f"deleted {left[0]}" in result.output
    assert {p.name for p in parent.iterdir()} == {"out", *running}


def test_a_build_killed_between_the_renames_is_restored_first(earlier_build: Path,
                                                              sample: SamplePaths,
                                                              tmp_path: Path) -> None:
    before = _digest(earlier_build)
    pid = _killed_half_way(STALL_BETWEEN_RENAMES, _build_args(sample, earlier_build))
    parent = earlier_build.parent
    assert not earlier_build.exists()
    left = sorted(p.name for p in parent.iterdir())
    assert [name.split("-")[0:2] for name in left] == [[".out.building", str(pid)],
                                                        [".out.old", str(pid)]]
    # the next build restores the earlier build before anything else, even if it then fails
    args = _build_args(sample, earlier_build)
    args[args.index("--plan") + 1] = str(tmp_path / "no-such-plan.xlsx")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert f"restored the earlier build {earlier_build.resolve()} from {left[1]}" in result.output
    assert "no-such-plan.xlsx" in result.output.splitlines()[-1]
    assert _digest(earlier_build) == before
    assert [p.name for p in parent.iterdir()] == ["out"]


# --- one clear sentence naming what the user gave -------------------------------------------


def test_an_unwritable_parent_names_the_folder_given_and_the_parents_permission(
        sample: SamplePaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parent = tmp_path / "ro"
    parent.mkdir()
    parent.chmod(0o555)

    # the tests may run as root, whom no permission stops: refuse as the system would
    def refuse(*, prefix: str, dir: Path) -> str:  # noqa: A002 - tempfile's own name
        raise PermissionError(13, "Permission denied", str(Path(dir) / f"{prefix}hnaazakd"))

    monkeypatch.setattr("landscape.render.files.tempfile.mkdtemp", refuse)
    out = parent / "out"
    message = _one_error(_build(sample, out))
    assert f"the output folder {out} cannot be written" in message
    assert f"its parent folder {parent} does not let you create folders" in message
    assert "dr-xr-xr-x" in message
    assert ".out.building" not in message
    assert not out.exists()


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
def test_an_output_folder_where_none_can_be_made_says_so(sample: SamplePaths) -> None:
    message = _one_error(_build(sample, Path("/proc/x")))
    assert "the output folder /proc/x cannot be created there" in message
    assert "choose another --out" in message


def test_a_folder_of_other_files_is_named_by_up_to_three_of_them(sample: SamplePaths,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    for name in ("a.txt", "b.doc", "c.xls", "d.pdf", "atlas.html"):
        (out / name).write_text("mine")
    message = _one_error(_build(sample, out))
    # atlas.html could be a build's; the others cannot
    assert ("is not empty and is not an earlier build (it holds a.txt, b.doc, c.xls and 1 "
            "more)") in message


def test_the_report_counts_in_the_singular_and_plural(sample: SamplePaths,
                                                      tmp_path: Path) -> None:
    result = _build(sample, tmp_path / "out")
    assert result.exit_code == 0, result.output
    problems = _problems(tmp_path / "out")
    errors = sum(p["severity"] == "error" for p in problems)
    line = next(li for li in result.output.splitlines() if li.startswith("validation.json"))
    assert f"{len(problems)} problems" in line
    assert f"({errors} error{'' if errors == 1 else 's'})" in line


def test_one_error_is_one_error_in_the_report() -> None:
    assert (count(1, "error"), count(3, "error")) == ("1 error", "3 errors")
    runner = CliRunner()
    with runner.isolation() as (out, _err, _):
        report(Written(Path("x"), 10, 100, 1, 1))
        text = out.getvalue().decode()
    assert "validation.json: 1 problem (1 error):" in text


@pytest.mark.parametrize(("given", "expected"), [
    (["--plan", "p.xlsx", "--boundaries", "."], "missing --out: give it on the command line"),
    (["--plan", "p.xlsx"], "missing --boundaries and --out: give them on the command line"),
])
def test_missing_options_are_named_in_good_grammar(given: list[str], expected: str,
                                                   tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert expected in _one_error(CliRunner().invoke(main, ["build", *given]))


@pytest.mark.parametrize("date", ["yesterday", "2024-13", "2024-02-30", "30-06-2024", "2024"])
def test_a_date_that_is_not_iso_is_refused_at_the_edge(date: str, sample: SamplePaths,
                                                       tmp_path: Path) -> None:
    message = _one_error(_build(sample, tmp_path / "out", "--date", date))
    assert message == (f"error: --date {date!r} is not a date; give an ISO date (2024-06-30) "
                       "or a year and month (2024-06)")
    assert not (tmp_path / "out").exists()


def test_a_map_definition_date_is_checked_too(sample: SamplePaths, tmp_path: Path) -> None:
    definition = tmp_path / "sintang.toml"
    definition.write_text(f'boundaries = "{sample.boundaries}"\nplan = "{sample.workbook}"\n'
                          'out = "out"\ndate = "kemarin"\n')
    message = _one_error(CliRunner().invoke(main, ["build", "--map", str(definition)]))
    assert message.startswith("error: sintang.toml: date 'kemarin' is not a date")


@pytest.mark.parametrize("date", ["2024-06", "2024-06-30"])
def test_an_iso_date_or_month_is_shown_on_the_map(date: str, sample: SamplePaths,
                                                  tmp_path: Path) -> None:
    result = _build(sample, tmp_path / "out", "--date", date)
    assert result.exit_code == 0, result.output
    assert date in (tmp_path / "out" / "atlas.html").read_text(encoding="utf-8")


# --- the same inputs give the same bytes ----------------------------------------------------


def test_two_identical_builds_give_the_same_bytes_geopackage_included(
        a_build: Path, sample: SamplePaths, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = _build(sample, again, "--areas", *(str(a) for a in sample.areas))
    assert result.exit_code == 0, result.output
    assert _digest(again) == _digest(a_build)
    assert "results.gpkg" in _digest(again)


def test_the_geopackage_is_stamped_with_the_data_date(sample: SamplePaths,
                                                      tmp_path: Path) -> None:
    result = _build(sample, tmp_path / "out", "--date", "2024-06")
    assert result.exit_code == 0, result.output
    with contextlib.closing(sqlite3.connect(tmp_path / "out" / "results.gpkg")) as db:
        stamps = {row[0] for row in db.execute("SELECT last_change FROM gpkg_contents")}
    assert stamps == {"2024-06-01T00:00:00.000Z"}


# --- Ctrl-C at any time -----------------------------------------------------------------------

# What the console script ``landscape`` runs, with Ctrl-C pressed (SIGINT sent to the process
# itself) just as the named module starts to be imported.
CTRL_C_DURING_IMPORT = textwrap.dedent("""
    import os, signal, sys

    signal.signal(signal.SIGINT, signal.default_int_handler)  # as from a terminal

    module = sys.argv[1]

    class CtrlC:
        def find_spec(self, name, path=None, target=None):
            if name == module:
                os.kill(os.getpid(), signal.SIGINT)
            return None

    sys.meta_path.insert(0, CtrlC())
    sys.argv = ["landscape", *sys.argv[2:]]
    from landscape.cli import main
    sys.exit(main())
""")


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,  # noqa: S603
                          env=env, check=False, timeout=600)


@pytest.mark.parametrize("module", ["landscape.cli.build", "geopandas", "landscape.pipeline"])
def test_ctrl_c_while_modules_import_is_aborted_without_a_traceback(
        module: str, sample: SamplePaths, tmp_path: Path) -> None:
    done = _run("-c", CTRL_C_DURING_IMPORT, module, "build", "--boundaries",
                str(sample.boundaries), "--plan", str(sample.workbook),
                "--out", str(tmp_path / "out"))
    assert "Traceback" not in done.stderr
    assert done.stderr.strip() == "Aborted!"
    assert done.returncode == 1
    assert not (tmp_path / "out").exists()


def test_importing_the_command_line_loads_no_geo_library() -> None:
    done = _run("-c", "import sys, landscape.cli; print(sorted(m for m in sys.modules "
                "if m.split('.')[0] in {'pandas', 'geopandas', 'shapely', 'pyogrio'}))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
