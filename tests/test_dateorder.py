"""Day/month order decided per column, month-year cells, and the units a header gives amounts.

Each kind is tried on generated tables (tmp_path) and on the intake cases
``10-us-locale-dates.csv`` and ``12-budget-rp-juta-decimals.xlsx``, whose right values
are listed in the intake README.
"""

from __future__ import annotations

from datetime import date as D  # noqa: N812
from pathlib import Path

import openpyxl
import pytest

from landscape.normalise.dates import decide_orders, parse_period
from landscape.normalise.orgs import OrgIndex
from landscape.normalise.records import normalise_action_items, normalise_activities
from landscape.pipeline import build
from landscape.problems import Problem
from landscape.read.tables import read_tables

HEADER = "ID,Mitra,Judul Kegiatan,Kecamatan,Mulai,Selesai,Anggaran (Rp)"


def _activities(tmp_path: Path, rows: list[str], *, header: str = HEADER,
                ) -> tuple[dict[str, tuple[D | None, D | None]], list[Problem]]:
    path = tmp_path / "3w.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    frame, problems = normalise_activities(read_tables(path)["activities"], OrgIndex([]))
    dates = {row.activity_id: (row.start, row.end) for row in frame.itertuples()}
    return dates, problems


def _order_notes(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if "order" in p.problem or "day or month" in p.problem]


# --- one cell, with the order given ------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "order", "expected"),
    [
        ("8/1/2023", "day-first", D(2023, 1, 8)),
        ("8/1/2023", "month-first", D(2023, 8, 1)),
        ("08-01-2023", "month-first", D(2023, 8, 1)),
        ("11/30/2023", "day-first", D(2023, 11, 30)),  # only one reading: a number above 12
        ("30/11/2023", "month-first", D(2023, 11, 30)),
        ("5/5/2023", "unknown", D(2023, 5, 5)),  # same both ways
        ("13/2/2023", "unknown", D(2023, 2, 13)),
        ("8/1/2023 0:00", "month-first", D(2023, 8, 1)),
    ],
)
def test_a_cell_is_read_in_its_columns_order(cell: str, order: str, expected: D) -> None:
    period = parse_period(cell, order=order)
    assert period is not None
    assert (period.start, period.end, period.precision) == (expected, expected, "day")


def test_a_range_cell_is_read_in_its_columns_order() -> None:
    period = parse_period("8/1/2023 - 10/1/2023", order="month-first")
    assert period is not None
    assert (period.start, period.end) == (D(2023, 8, 1), D(2023, 10, 1))


@pytest.mark.parametrize("cell", ["8/1/2023", "8/1/2023 - 13/1/2023", "13/1/2023 s/d 8/2/2023"])
def test_an_ambiguous_cell_of_a_column_in_both_orders_is_not_read(cell: str) -> None:
    with pytest.raises(ValueError, match="either way round"):
        parse_period(cell, order="unknown")


def test_an_order_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValueError, match="order must be one of"):
        parse_period("8/1/2023", order="ymd")


# --- month-year cells --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "first", "last"),
    [
        ("Jan-23", D(2023, 1, 1), D(2023, 1, 31)),
        ("Feb-24", D(2024, 2, 1), D(2024, 2, 29)),
        ("Agu-23", D(2023, 8, 1), D(2023, 8, 31)),
        ("Des/23", D(2023, 12, 1), D(2023, 12, 31)),
        ("Okt '22", D(2022, 10, 1), D(2022, 10, 31)),
        ("Jan 2023", D(2023, 1, 1), D(2023, 1, 31)),
        ("Januari 2023", D(2023, 1, 1), D(2023, 1, 31)),
        ("Juni 2022", D(2022, 6, 1), D(2022, 6, 30)),
        ("Jan-23 - Mar-23", D(2023, 1, 1), D(2023, 3, 31)),
    ],
)
def test_month_year_cells(cell: str, first: D, last: D) -> None:
    period = parse_period(cell)
    assert period is not None
    assert (period.start, period.end, period.precision) == (first, last, "month")


def test_day_month_word_two_digit_year() -> None:
    period = parse_period("17-Agu-23")
    assert period is not None
    assert (period.start, period.precision) == (D(2023, 8, 17), "day")


@pytest.mark.parametrize("cell", ["Foo-23", "Juni-Juli", "Q3-23x"])
def test_words_that_are_not_months_stay_unread(cell: str) -> None:
    with pytest.raises(ValueError, match="not a date"):
        parse_period(cell)


# --- the order of a column, from its evidence ------------------------------------------------


def test_a_column_proves_its_own_order() -> None:
    orders = decide_orders({"start": ["8/1/2023", "11/30/2023"], "end": ["13/02/2024"]})
    assert (orders["start"].order, orders["start"].evidence) == ("month-first", "column")
    assert (orders["end"].order, orders["end"].evidence) == ("day-first", "column")


def test_a_column_without_proof_takes_the_tables() -> None:
    orders = decide_orders({"start": ["2/1/2023", "8/1/2023"], "end": ["11/30/2023"]})
    assert (orders["start"].order, orders["start"].evidence) == ("month-first", "table")
    assert orders["start"].source == "end"


def test_no_evidence_anywhere_is_day_first_and_said() -> None:
    order = decide_orders({"start": ["01/07/2023", "02/07/2023"]})["start"]
    assert (order.order, order.evidence, order.ambiguous) == ("day-first", "none", "01/07/2023")
    note = order.note({"start": "Mulai"})
    assert note is not None
    assert note[2] == "warning"
    assert "day first" in note[1]
    assert "2023-08-01" in note[1]  # how to make it unambiguous


def test_a_column_in_both_orders_is_an_error_when_a_cell_reads_both_ways() -> None:
    order = decide_orders({"start": ["13/2/2023", "11/30/2023", "8/1/2023"]})["start"]
    assert order.order == "unknown"
    note = order.note()
    assert note is not None
    assert note[2] == "error"
    assert "13/2/2023" in note[0]
    assert "11/30/2023" in note[0]


def test_a_column_that_reads_one_way_needs_no_word() -> None:
    assert decide_orders({"start": ["1/1/2023", "13/2/2023"]})["start"].note() is None
    assert decide_orders({"start": ["2023-08-01", 45000, None]})["start"].note() is None
    # day first proven by the table: the house order, nothing to say
    assert decide_orders({"a": ["8/1/2023"], "b": ["30/1/2023"]})["a"].note() is None


# --- whole tables ----------------------------------------------------------------------


def test_us_export_read_month_first_and_reported_once_per_column(tmp_path: Path) -> None:
    dates, problems = _activities(tmp_path, [
        "A-1,Yayasan A,Satu,Sepauk,2/1/2023,11/30/2023,1",
        "A-2,Yayasan A,Dua,Sepauk,8/1/2023,10/1/2023,1",
        "A-3,Yayasan A,Tiga,Sepauk,3/6/2023,4/7/2023,1",
    ])
    assert dates == {"A-1": (D(2023, 2, 1), D(2023, 11, 30)),
                     "A-2": (D(2023, 8, 1), D(2023, 10, 1)),
                     "A-3": (D(2023, 3, 6), D(2023, 4, 7))}
    notes = _order_notes(problems)
    assert sorted(p.column for p in notes) == ["Mulai", "Selesai"]
    assert all(p.row == 1 and p.severity == "warning" for p in notes)
    assert all("month first" in p.problem and "11/30/2023" in p.problem for p in notes)


def test_indonesian_order_proven_by_one_cell(tmp_path: Path) -> None:
    dates, problems = _activities(tmp_path, [
        "A-1,Yayasan A,Satu,Sepauk,01/07/2023,31/12/2023,1",
        "A-2,Yayasan A,Dua,Sepauk,08/01/2023,10/02/2023,1",
    ])
    assert dates == {"A-1": (D(2023, 7, 1), D(2023, 12, 31)),
                     "A-2": (D(2023, 1, 8), D(2023, 2, 10))}
    assert _order_notes(problems) == []


def test_ambiguous_columns_reported_once_each(tmp_path: Path) -> None:
    dates, problems = _activities(tmp_path, [
        "A-1,Yayasan A,Satu,Sepauk,01/07/2023,01/12/2023,1",
        "A-2,Yayasan A,Dua,Sepauk,08/01/2023,10/02/2023,1",
    ])
    assert dates["A-2"] == (D(2023, 1, 8), D(2023, 2, 10))
    notes = _order_notes(problems)
    assert [(p.column, p.value, p.severity) for p in notes] == [
        ("Mulai", "01/07/2023", "warning"), ("Selesai", "01/12/2023", "warning")]


def test_a_column_in_both_orders_reports_it_and_every_unreadable_cell(tmp_path: Path) -> None:
    dates, problems = _activities(tmp_path, [
        "A-1,Yayasan A,Satu,Sepauk,13/02/2023,,1",
        "A-2,Yayasan A,Dua,Sepauk,11/30/2023,,1",
        "A-3,Yayasan A,Tiga,Sepauk,8/1/2023,,1",
    ])
    assert dates == {"A-1": (D(2023, 2, 13), None), "A-2": (D(2023, 11, 30), None),
                     "A-3": (None, None)}
    column = [p for p in problems if p.problem.startswith("the column holds dates in both")]
    assert [(p.column, p.severity) for p in column] == [("Mulai", "error")]
    cell = [p for p in problems if "either way round" in p.problem]
    assert [(p.row, p.value, p.severity) for p in cell] == [(4, "8/1/2023", "error")]


def test_a_period_column_in_us_order(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("No,Kegiatan,Waktu\n1,Satu,8/1/2023 - 11/30/2023\n2,Dua,2/1/2024 - 3/1/2024\n",
                    encoding="utf-8")
    frame, problems = normalise_action_items(read_tables(path)["action_items"], OrgIndex([]))
    assert list(zip(frame["start"], frame["end"], strict=True)) == [
        (D(2023, 8, 1), D(2023, 11, 30)), (D(2024, 2, 1), D(2024, 3, 1))]
    assert [p.column for p in _order_notes(problems)] == ["Waktu"]


# --- a header's unit scales the exact number ---------------------------------------------------


def _budget_workbook(tmp_path: Path, header: str, cells: list[object]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Kegiatan Mitra"
    sheet.append(["ID", "Mitra", "Judul Kegiatan", "Kecamatan", header])
    for n, cell in enumerate(cells, start=1):
        sheet.append([f"A-{n}", "Yayasan A", f"Kegiatan {n}", "Sepauk", cell])
    path = tmp_path / "budget.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        ("Anggaran (Rp juta)", [12.5, 0.75, 0.4, "2,5", 150, "0,125", 1.005],
         [12_500_000, 750_000, 400_000, 2_500_000, 150_000_000, 125_000, 1_005_000]),
        ("Anggaran (Rp ribu)", [2.5, "1,5", 0.0015], [2_500, 1_500, 2]),
        ("Total Anggaran (Rp miliar)", [1.25, "0,3"], [1_250_000_000, 300_000_000]),
        # a cell that names its own unit is read as written
        ("Anggaran (Rp juta)", ["1,2 M", "Rp 150.000.000", "250 rb"],
         [1_200_000_000, 150_000_000, 250_000]),
        ("Anggaran (Rp)", [12.5, "150.000.000"], [13, 150_000_000]),
    ],
)
def test_a_headers_unit_scales_the_exact_number(
    tmp_path: Path, header: str, cells: list[object], expected: list[int]
) -> None:
    path = _budget_workbook(tmp_path, header, cells)
    frame, _ = normalise_activities(read_tables(path)["activities"], OrgIndex([]))
    assert list(frame["budget_idr"]) == expected


# --- the intake cases (right values from the intake README) --------------------------------------


def test_intake_us_locale_dates(intake_dir: Path, admin_gpkg: Path) -> None:
    result = build(boundaries=admin_gpkg, plan=intake_dir / "10-us-locale-dates.csv",
                   kabupaten="61.05")
    acts = result.linked.activities.set_index("activity_id")
    assert {k: (acts.at[k, "start"], acts.at[k, "end"]) for k in acts.index} == {
        "KM-01": (D(2023, 2, 1), D(2023, 11, 30)),
        "KM-02": (D(2023, 8, 1), D(2023, 10, 1)),
        "KM-03": (D(2023, 3, 6), D(2023, 4, 7)),
    }
    notes = [p for p in result.problems if "month first" in p.problem]
    assert sorted(p.column or "" for p in notes) == ["Mulai", "Selesai"]  # once per column
    assert not [p for p in result.problems if p.column in {"Mulai", "Selesai"} and p.row != 1]


def test_intake_budget_in_rp_juta_with_decimals(intake_dir: Path, admin_gpkg: Path) -> None:
    result = build(boundaries=admin_gpkg, plan=intake_dir / "12-budget-rp-juta-decimals.xlsx",
                   kabupaten="61.05")
    acts = result.linked.activities.set_index("activity_id")
    assert dict(acts["budget_idr"]) == {"KM-01": 12_500_000, "KM-02": 750_000, "KM-03": 400_000,
                                        "KM-04": 2_500_000, "KM-05": 150_000_000}
