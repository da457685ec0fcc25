"""One way the tests build the Sintang sample through the command line, with a fixed date.

Used by the meeting-pack and changes-panel tests, which compare builds made a few
edits apart: the data date is fixed so that two builds of the same inputs are equal.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from landscape.cli import main

#: The data date every build here is given.
DATE = "2026-11-01"


def build_sample(admin_gpkg: Path, plan: Path, areas: list[Path], out: Path,
                 *extra: str) -> None:
    """Run ``landscape build`` on the real boundaries, limited to Sintang; assert it built."""
    result = CliRunner().invoke(main, [
        "build", "--boundaries", str(admin_gpkg), "--plan", str(plan),
        "--areas", *map(str, areas), "--kabupaten", "61.05", "--date", DATE, "--out", str(out),
        *extra])
    assert result.exit_code == 0, result.output
