"""Exit codes and messages: 0 built, 1 an unusable input, 2 a usage error, 3 a fault of ours.

A user mistake is one ``error:`` sentence, never a traceback, unless ``--debug`` is
given (on the group or on the command), which lets the exception through for a
report. Inputs are the demo sample's boundaries and small files from ``tests/_corpus.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import _corpus as corpus
import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.errors import InputFileError
from landscape.sample.generate import SamplePaths, write_sample

ROOT = Path(__file__).resolve().parents[1]
PDF_SENTENCE = ("plan.xlsx is a PDF document, not a workbook; ask for the Excel file (.xlsx) "
                "the PDF was made from")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SamplePaths:
    return write_sample(tmp_path_factory.mktemp("sample"))


def _args(sample: SamplePaths, plan: Path, out: Path) -> list[str]:
    return ["build", "--boundaries", str(sample.boundaries), "--plan", str(plan),
            "--kabupaten", "61.05", "--out", str(out)]


def test_a_build_exits_with_0(sample: SamplePaths, tmp_path: Path) -> None:
    plan = corpus.forum_workbook(tmp_path / "plan.xlsx")
    run = CliRunner().invoke(main, _args(sample, plan, tmp_path / "out"))
    assert run.exit_code == 0, run.output
    assert run.output.startswith(f"built {tmp_path / 'out'}\n")


def test_an_unusable_input_exits_with_1_and_one_sentence(sample: SamplePaths,
                                                         tmp_path: Path) -> None:
    plan = corpus.renamed_pdf(tmp_path / "plan.xlsx")
    run = CliRunner().invoke(main, _args(sample, plan, tmp_path / "out"))
    assert (run.exit_code, run.output) == (1, f"error: {PDF_SENTENCE}\n")


@pytest.mark.parametrize("args", [["buidl"], ["build", "--nope"], ["demo", "--out"],
                                  ["build", "--lang", "fr"]])
def test_a_usage_error_exits_with_2(args: list[str]) -> None:
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 2
    assert "Error: " in run.output  # click's own message
    assert "Traceback" not in run.output


def _python(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])}
    return subprocess.run([sys.executable, "-c",  # noqa: S603 - our own interpreter
                           "import sys; from landscape.cli import main; main(sys.argv[1:])",
                           *args], capture_output=True, text=True, env=env, check=False,
                          timeout=600)


@pytest.mark.parametrize("where", ["none", "group", "command"])
def test_debug_shows_the_traceback_of_a_user_error(where: str, sample: SamplePaths,
                                                   tmp_path: Path) -> None:
    plan = corpus.renamed_pdf(tmp_path / "plan.xlsx")
    args = _args(sample, plan, tmp_path / "out")
    if where == "group":
        args = ["--debug", *args]
    elif where == "command":
        args = [*args, "--debug"]
    done = _python(*args)
    assert done.returncode == 1
    assert done.stdout == ""
    if where == "none":
        assert done.stderr == f"error: {PDF_SENTENCE}\n"
    else:
        assert done.stderr.startswith("Traceback (most recent call last):\n")
        assert done.stderr.endswith(f"landscape.errors.InputFileError: {PDF_SENTENCE}\n")


def test_a_fault_of_the_toolkit_is_one_sentence_with_exit_code_3(
        sample: SamplePaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**_options: object) -> None:
        key = "activity_id"
        raise KeyError(key)

    monkeypatch.setattr("landscape.cli.build.pipeline_build", broken)
    plan = corpus.forum_workbook(tmp_path / "plan.xlsx")
    run = CliRunner().invoke(main, _args(sample, plan, tmp_path / "out"))
    assert (run.exit_code, run.output) == (3, (
        "error: landscape failed (KeyError: 'activity_id'); this is a fault of the toolkit, "
        "not of your files: run the command again with --debug and report what it prints\n"))
    debug = CliRunner().invoke(main, ["--debug", *_args(sample, plan, tmp_path / "out")])
    assert isinstance(debug.exception, KeyError)  # let through, traceback and all


def test_debug_lets_a_user_error_through_to_the_caller(sample: SamplePaths,
                                                       tmp_path: Path) -> None:
    plan = corpus.renamed_pdf(tmp_path / "plan.xlsx")
    run = CliRunner().invoke(main, [*_args(sample, plan, tmp_path / "out"), "--debug"])
    assert isinstance(run.exception, InputFileError)
    assert str(run.exception) == PDF_SENTENCE
