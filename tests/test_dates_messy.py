"""Dates as the forum's exports mangle them: order proven by a column no field names,
Excel serials typed as text, spans of years (fiscal years) and two-digit years.

Every value is checked against a calendar worked by hand; tables are written here.
"""

from __future__ import annotations

from datetime import date as D  # noqa: N812
from pathlib import Path

import openpyxl
import pytest

from landscape.normalise.dates import parse_period
from landscape.normalise.orgs import OrgIndex
from landscape.normalise.records import normalise_activities
from landscape.problems import Problem
from landscape.read.tables import read_tables

HEADER = ["ID", "Mitra", "Judul Kegiatan", "Kecamatan", "Mulai", "Selesai"]


def _read(path: Path) -> tuple[dict[str, tuple[D | None, D | None]], list[Problem]]:
    frame, problems = normalise_activities(read_tables(path)["activities"], OrgIndex([]))
    return {r.activity_id: (r.start, r.end) for r in frame.itertuples()}, problems


def _csv(tmp_path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path = tmp_path / "3w.csv"
    lines = [",".join(header), *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _row(n: int, start: str, end: str, *more: str) -> list[str]:
    return [f"A-{n}", "Yayasan A", f"Kegiatan {n}", "Sepauk", start, end, *more]


# --- 1. a column the table does not read still proves the order -------------------------


def test_a_report_date_column_proves_month_first_for_start_and_end(tmp_path: Path) -> None:
    path = _csv(tmp_path, [*HEADER, "Tanggal laporan"], [
        _row(1, "01/02/2023", "03/04/2023", "12/25/2023"),
        _row(2, "05/06/2023", "07/08/2023", "01/13/2024"),
    ])
    dates, problems = _read(path)
    # month first: 01/02 is 2 January, 03/04 is 4 March ...
    assert dates == {"A-1": (D(2023, 1, 2), D(2023, 3, 4)),
                     "A-2": (D(2023, 5, 6), D(2023, 7, 8))}
    notes = [p for p in problems if "month first" in p.problem]
    assert sorted(p.column for p in notes) == ["Mulai", "Selesai"]
    assert all("'Tanggal laporan'" in p.problem and "12/25/2023" in p.problem for p in notes)
    assert not [p for p in problems if "no date in the table settles it" in p.problem]


def test_a_column_that_is_mostly_not_dates_proves_nothing(tmp_path: Path) -> None:
    # "Catatan" holds one month-first date among words: it is not a date column
    path = _csv(tmp_path, [*HEADER, "Catatan"], [
        _row(1, "01/02/2023", "03/04/2023", "lihat 12/25/2023"),
        _row(2, "05/06/2023", "07/08/2023", "belum"),
        _row(3, "05/06/2023", "07/08/2023", "selesai"),
    ])
    dates, problems = _read(path)
    assert dates["A-1"] == (D(2023, 2, 1), D(2023, 4, 3))  # day first, as Indonesians write
    assert len([p for p in problems if "no date in the table settles it" in p.problem]) == 2


def test_an_unread_column_in_day_first_order_agrees_silently(tmp_path: Path) -> None:
    path = _csv(tmp_path, [*HEADER, "Tgl lapor"], [
        _row(1, "01/02/2023", "03/04/2023", "25/12/2023"),
    ])
    dates, problems = _read(path)
    assert dates["A-1"] == (D(2023, 2, 1), D(2023, 4, 3))
    assert not [p for p in problems if "first" in p.problem]


# --- 2. Excel serials typed as text --------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("44927", D(2023, 1, 1)),  # 2023-01-01 minus 1899-12-30 = 44927 days
        ("45291", D(2023, 12, 31)),  # 364 days later
        ("36526", D(2000, 1, 1)),  # first of the range
        ("55153", D(2050, 12, 31)),  # last of the range
        ("44927.0", D(2023, 1, 1)),
    ],
)
def test_a_serial_typed_as_text_is_that_day(cell: str, day: D) -> None:
    assert parse_period(cell) == parse_period(day)


@pytest.mark.parametrize("cell", ["36525", "55154", "12345", "449270"])
def test_text_numbers_outside_the_serial_range_are_refused(cell: str) -> None:
    with pytest.raises(ValueError, match="not a recognised date form"):
        parse_period(cell)


def test_text_serials_in_a_workbook_are_read_and_told_once(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(_row(1, "44927", "45291"))
    sheet.append(_row(2, "44958", "44985"))  # 2023-02-01 .. 2023-02-28
    path = tmp_path / "serial.xlsx"
    book.save(path)
    dates, problems = _read(path)
    assert dates == {"A-1": (D(2023, 1, 1), D(2023, 12, 31)),
                     "A-2": (D(2023, 2, 1), D(2023, 2, 28))}
    told = [p for p in problems if "Excel serial" in p.problem]
    assert [(p.column, p.value, p.severity) for p in told] == [
        ("Mulai", "44927", "info"), ("Selesai", "45291", "info")]
    assert "2023-01-01" in told[0].problem
    assert not [p for p in problems if p.severity == "error"]


# --- 3. spans of years ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "first", "last"),
    [
        ("2023/24", 2023, 2024),
        ("2023/2024", 2023, 2024),
        ("2023-24", 2023, 2024),
        ("TA 2023/2024", 2023, 2024),
        ("Tahun Anggaran 2024/25", 2024, 2025),
        ("1999/00", None, None),  # crosses a century: not a span, and no month 0
    ],
)
def test_a_span_of_years_runs_from_january_to_december(cell: str, first: int | None,
                                                        last: int | None) -> None:
    if first is None or last is None:
        with pytest.raises(ValueError, match="not a date"):
            parse_period(cell)
        return
    period = parse_period(cell)
    assert period is not None
    assert (period.start, period.end, period.precision) == (D(first, 1, 1), D(last, 12, 31),
                                                            "year")


@pytest.mark.parametrize(("cell", "month"),
                         [("2023/12", D(2023, 12, 1)), ("2011/12", D(2011, 12, 1))])
def test_year_and_month_stay_a_month(cell: str, month: D) -> None:
    period = parse_period(cell)
    assert period is not None
    assert (period.start, period.precision) == (month, "month")


def test_a_span_of_years_is_told_once_per_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER, [_row(1, "2023/24", "2024/25"), _row(2, "2023/24", "2025")])
    dates, problems = _read(path)
    assert dates == {"A-1": (D(2023, 1, 1), D(2025, 12, 31)),
                     "A-2": (D(2023, 1, 1), D(2025, 12, 31))}
    told = [p for p in problems if "span of years" in p.problem]
    assert [(p.column, p.value) for p in told] == [("Mulai", "2023/24"), ("Selesai", "2024/25")]
    assert not [p for p in problems if "no month" in p.problem]


# --- 4. two-digit years ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "first", "last"),
    [
        ("31/12/23", D(2023, 12, 31), D(2023, 12, 31)),
        ("15.03.23", D(2023, 3, 15), D(2023, 3, 15)),
        ("01/02/23", D(2023, 2, 1), D(2023, 2, 1)),  # day first when nothing says otherwise
        ("01/02/99", D(1999, 2, 1), D(1999, 2, 1)),  # 70-99 are the 1900s
        ("01/02/69", D(2069, 2, 1), D(2069, 2, 1)),  # 00-69 the 2000s
        ("Juli 23", D(2023, 7, 1), D(2023, 7, 31)),
        ("Des 23", D(2023, 12, 1), D(2023, 12, 31)),
        ("Juli 23 - Des 23", D(2023, 7, 1), D(2023, 12, 31)),
    ],
)
def test_two_digit_years(cell: str, first: D, last: D) -> None:
    period = parse_period(cell)
    assert period is not None
    assert (period.start, period.end) == (first, last)


def test_a_two_digit_year_keeps_the_columns_order() -> None:
    assert parse_period("01/02/23", order="month-first") == parse_period("2023-01-02")
    assert parse_period("12/25/23", order="day-first") == parse_period("2023-12-25")
    with pytest.raises(ValueError, match="either way round"):
        parse_period("01/07/23", order="unknown")


def test_two_digit_years_prove_the_order_of_their_column(tmp_path: Path) -> None:
    path = _csv(tmp_path, HEADER, [_row(1, "01/02/23", "12/25/23"), _row(2, "03/04/23", "")])
    dates, problems = _read(path)
    assert dates == {"A-1": (D(2023, 1, 2), D(2023, 12, 25)), "A-2": (D(2023, 3, 4), None)}
    [note] = [p for p in problems if "month first" in p.problem]
    assert (note.column, note.value) == ("Mulai", "01/02/23")
    assert "01/02/23 is 2023-01-02" in note.suggestion
