"""Progress and messages: stage lines in logs with --verbose, a bar on a terminal, --quiet, --lang.

Built from the generated demo sample (no shared data needed).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from landscape.cli import main
from landscape.cli.progress import Console
from landscape.pipeline import STAGES
from landscape.sample.generate import SamplePaths, write_sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> SamplePaths:
    return write_sample(tmp_path_factory.mktemp("sample"))


def _build(sample: SamplePaths, out: Path, *args: str) -> list[str]:
    result = CliRunner().invoke(main, ["build", "--boundaries", str(sample.boundaries),
                                       "--plan", str(sample.workbook), "--kabupaten", "61.05",
                                       "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.output.splitlines()


def test_verbose_prints_one_plain_line_per_stage_in_a_log(sample: SamplePaths,
                                                          tmp_path: Path) -> None:
    lines = _build(sample, tmp_path / "out", "--verbose")
    stages = [li for li in lines if li.startswith("[")]
    assert [li.split("]")[0] for li in stages] == [f"[{n}/8" for n in range(1, 9)]
    assert stages[0].startswith("[1/8] landscape layers (")
    assert stages[-1].startswith("[8/8] writing (")
    assert "\x1b" not in "".join(lines)  # no bar or escape codes in a log


def test_a_log_without_verbose_holds_the_summary_alone(sample: SamplePaths,
                                                       tmp_path: Path) -> None:
    lines = _build(sample, tmp_path / "out")
    assert lines[0] == f"built {tmp_path / 'out'}"
    assert not [li for li in lines if li.startswith("[")]


def test_quiet_prints_nothing_and_lang_id_speaks_indonesian(sample: SamplePaths,
                                                           tmp_path: Path) -> None:
    assert _build(sample, tmp_path / "a", "--quiet") == []
    lines = _build(sample, tmp_path / "b", "--lang", "id")
    assert lines[0] == f"selesai dibangun: {tmp_path / 'b'}"
    assert any(li.startswith("validation.json: ") and "masalah" in li for li in lines)


def test_on_a_terminal_a_bar_advances_through_the_stages_and_is_erased(
        monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    with Console(stages=STAGES, tty=True) as console:
        for stage in STAGES:
            console.stage(stage)
        shown = err.getvalue()
    assert "land status" in shown  # the last stage's label was drawn
    assert f"{len(STAGES) - 1}/{len(STAGES)}" in shown
    assert err.getvalue().endswith("\r") or "\x1b" in err.getvalue()  # the bar line cleared
