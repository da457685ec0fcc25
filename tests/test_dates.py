"""Tests for landscape.normalise.dates: every form a start/end cell takes, and the real workbook."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import numpy as np
import openpyxl
import pandas as pd
import pytest

from landscape.normalise.dates import PRECISIONS, Period, parse_period, start_end

if TYPE_CHECKING:
    from pathlib import Path

D = date

SINGLE: list[tuple[object, date, date, str]] = [
    # real dates and Excel serials
    (datetime.fromisoformat("2023-07-01T14:30"), D(2023, 7, 1), D(2023, 7, 1), "day"),
    (datetime(2023, 7, 1, 23, tzinfo=UTC), D(2023, 7, 1), D(2023, 7, 1), "day"),
    (D(2024, 2, 29), D(2024, 2, 29), D(2024, 2, 29), "day"),
    (pd.Timestamp("2022-12-30"), D(2022, 12, 30), D(2022, 12, 30), "day"),
    (np.datetime64("2023-07-01"), D(2023, 7, 1), D(2023, 7, 1), "day"),
    (45108, D(2023, 7, 1), D(2023, 7, 1), "day"),  # Excel: 1 July 2023
    (45108.75, D(2023, 7, 1), D(2023, 7, 1), "day"),  # with a time of day
    (44927.0, D(2023, 1, 1), D(2023, 1, 1), "day"),
    (np.float64(45351), D(2024, 2, 29), D(2024, 2, 29), "day"),
    # years
    (2023, D(2023, 1, 1), D(2023, 12, 31), "year"),
    (2023.0, D(2023, 1, 1), D(2023, 12, 31), "year"),
    (np.int64(2024), D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("2023", D(2023, 1, 1), D(2023, 12, 31), "year"),
    (" 2024 ", D(2024, 1, 1), D(2024, 12, 31), "year"),
    ("2023.0", D(2023, 1, 1), D(2023, 12, 31), "year"),
    ("Tahun 2025", D(2025, 1, 1), D(2025, 12, 31), "year"),
    ("1900", D(1900, 1, 1), D(1900, 12, 31), "year"),
    (2100, D(2100, 1, 1), D(2100, 12, 31), "year"),
    # day first, ISO
    ("01/07/2023", D(2023, 7, 1), D(2023, 7, 1), "day"),
    ("1-7-2023", D(2023, 7, 1), D(2023, 7, 1), "day"),
    ("01.07.2023", D(2023, 7, 1), D(2023, 7, 1), "day"),
    ("31/12/2023", D(2023, 12, 31), D(2023, 12, 31), "day"),
    ("29/02/2024", D(2024, 2, 29), D(2024, 2, 29), "day"),
    ("2023-07-01", D(2023, 7, 1), D(2023, 7, 1), "day"),
    ("2023-07-01 00:00:00", D(2023, 7, 1), D(2023, 7, 1), "day"),
    ("2023-07-01T08:15", D(2023, 7, 1), D(2023, 7, 1), "day"),
    ("07/2023", D(2023, 7, 1), D(2023, 7, 31), "month"),
    ("2023-02", D(2023, 2, 1), D(2023, 2, 28), "month"),
    # month names, Indonesian and English, full and short, any case
    ("Juni 2022", D(2022, 6, 1), D(2022, 6, 30), "month"),
    ("Jun 2022", D(2022, 6, 1), D(2022, 6, 30), "month"),
    ("JUNI 2022", D(2022, 6, 1), D(2022, 6, 30), "month"),
    ("June 2022", D(2022, 6, 1), D(2022, 6, 30), "month"),
    ("Des 2024", D(2024, 12, 1), D(2024, 12, 31), "month"),
    ("Desember 2023", D(2023, 12, 1), D(2023, 12, 31), "month"),
    ("December 2023", D(2023, 12, 1), D(2023, 12, 31), "month"),
    ("Agustus 2022", D(2022, 8, 1), D(2022, 8, 31), "month"),
    ("Agt 2022", D(2022, 8, 1), D(2022, 8, 31), "month"),
    ("Agu 2022", D(2022, 8, 1), D(2022, 8, 31), "month"),
    ("Ags 2022", D(2022, 8, 1), D(2022, 8, 31), "month"),
    ("Aug. 2022", D(2022, 8, 1), D(2022, 8, 31), "month"),
    ("Mei 2023", D(2023, 5, 1), D(2023, 5, 31), "month"),
    ("May 2023", D(2023, 5, 1), D(2023, 5, 31), "month"),
    ("Okt 2023", D(2023, 10, 1), D(2023, 10, 31), "month"),
    ("Oktober 2026", D(2026, 10, 1), D(2026, 10, 31), "month"),
    ("Nop 2023", D(2023, 11, 1), D(2023, 11, 30), "month"),
    ("Nov 2023", D(2023, 11, 1), D(2023, 11, 30), "month"),
    ("Nopember 2023", D(2023, 11, 1), D(2023, 11, 30), "month"),
    ("Pebruari 2023", D(2023, 2, 1), D(2023, 2, 28), "month"),
    ("Februari 2024", D(2024, 2, 1), D(2024, 2, 29), "month"),  # leap year
    ("Feb 2100", D(2100, 2, 1), D(2100, 2, 28), "month"),  # not a leap year
    ("Peb 2024", D(2024, 2, 1), D(2024, 2, 29), "month"),
    ("Maret 2023", D(2023, 3, 1), D(2023, 3, 31), "month"),
    ("Sept 2023", D(2023, 9, 1), D(2023, 9, 30), "month"),
    ("september 2023", D(2023, 9, 1), D(2023, 9, 30), "month"),
    ("Juli 2022", D(2022, 7, 1), D(2022, 7, 31), "month"),
    ("Januari  2023", D(2023, 1, 1), D(2023, 1, 31), "month"),
    # day + month name
    ("17 Agustus 2023", D(2023, 8, 17), D(2023, 8, 17), "day"),
    ("1 Jan 2023", D(2023, 1, 1), D(2023, 1, 1), "day"),
    ("31 Des 2023", D(2023, 12, 31), D(2023, 12, 31), "day"),
    ("01-Jul-2023", D(2023, 7, 1), D(2023, 7, 1), "day"),
    ("July 1, 2023", D(2023, 7, 1), D(2023, 7, 1), "day"),
    # quarters
    ("Triwulan I 2023", D(2023, 1, 1), D(2023, 3, 31), "quarter"),
    ("Triwulan II 2023", D(2023, 4, 1), D(2023, 6, 30), "quarter"),
    ("Triwulan III 2023", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ("Triwulan IV 2025", D(2025, 10, 1), D(2025, 12, 31), "quarter"),
    ("Triwulan 3 2023", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ("TW III 2023", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ("TW3 2023", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ("tw iv 2023", D(2023, 10, 1), D(2023, 12, 31), "quarter"),
    ("Q3 2023", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ("Q3-2023", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ("Q1 2024", D(2024, 1, 1), D(2024, 3, 31), "quarter"),
    ("2023 Q3", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ("2023-Q4", D(2023, 10, 1), D(2023, 12, 31), "quarter"),
    ("Kuartal 3 2023", D(2023, 7, 1), D(2023, 9, 30), "quarter"),
    ("Kuartal II 2024", D(2024, 4, 1), D(2024, 6, 30), "quarter"),
    # half years
    ("Semester I 2024", D(2024, 1, 1), D(2024, 6, 30), "half"),
    ("Semester 2 2024", D(2024, 7, 1), D(2024, 12, 31), "half"),
    ("Semester II 2024", D(2024, 7, 1), D(2024, 12, 31), "half"),
    ("S2 2024", D(2024, 7, 1), D(2024, 12, 31), "half"),
    ("H1 2024", D(2024, 1, 1), D(2024, 6, 30), "half"),
    ("2024 H2", D(2024, 7, 1), D(2024, 12, 31), "half"),
]

RANGES: list[tuple[object, date, date, str]] = [
    ("2022-2024", D(2022, 1, 1), D(2024, 12, 31), "year"),
    ("2022 - 2024", D(2022, 1, 1), D(2024, 12, 31), "year"),
    ("Juni 2022 - Des 2023", D(2022, 6, 1), D(2023, 12, 31), "month"),
    ("2023 s/d 2025", D(2023, 1, 1), D(2025, 12, 31), "year"),
    ("2023 s.d. 2025", D(2023, 1, 1), D(2025, 12, 31), "year"),
    ("2023 sampai 2024", D(2023, 1, 1), D(2024, 12, 31), "year"),
    ("2023 sampai dengan 2024", D(2023, 1, 1), D(2024, 12, 31), "year"),
    ("2023 hingga 2024", D(2023, 1, 1), D(2024, 12, 31), "year"),
    ("Jan\u2013Mar 2024", D(2024, 1, 1), D(2024, 3, 31), "month"),  # en dash, shared year
    ("Jan - Mar 2024", D(2024, 1, 1), D(2024, 3, 31), "month"),
    ("Nov 2023 - Feb 2024", D(2023, 11, 1), D(2024, 2, 29), "month"),
    ("TW I - TW III 2024", D(2024, 1, 1), D(2024, 9, 30), "quarter"),
    ("Juni 2022 - 2024", D(2022, 6, 1), D(2024, 12, 31), "year"),  # coarser end wins
    ("01/07/2023 - 31/12/2023", D(2023, 7, 1), D(2023, 12, 31), "day"),
    ("2023-07-01 to 2023-09-30", D(2023, 7, 1), D(2023, 9, 30), "day"),
]


@pytest.mark.parametrize(("value", "start", "end", "precision"), SINGLE + RANGES)
def test_parse_period_forms(value: object, start: date, end: date, precision: str) -> None:
    assert parse_period(value) == Period(start, end, precision)


@pytest.mark.parametrize(
    "value", [None, "", "   ", "\t", "-", "\u2013", float("nan"), np.nan, pd.NaT, pd.NA]
)
def test_empty_cells_are_none(value: object) -> None:
    assert parse_period(value) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("segera", "not a recognised date form"),
        ("Mei", "a month needs a year"),
        ("Okt", "a month needs a year"),
        ("31/02/2023", "no such day"),
        ("29/02/2023", "no such day"),  # 2023 is not a leap year
        ("32/01/2023", "no such day"),
        ("13/2023", "no month 13"),
        ("2023-13", "no month 13"),
        ("Triwulan V 2023", "not a recognised date form"),
        ("Q5 2023", "not a recognised date form"),
        ("Semester III 2024", "not a recognised date form"),
        ("Juni", "a month needs a year"),
        ("Juni-Juli", "not a recognised date form"),
        ("Foo 2023", "not a recognised date form"),
        ("2024 - 2022", "ends"),
        ("01/07/1850", "outside 1900-2100"),
        ("Juni 2150", "outside 1900-2100"),
        ("12345", "not a recognised date form"),  # text serials count from 2000 only
        ("55154", "not a recognised date form"),  # ... to 2050
        (1899, "year 1900-2100 or an Excel date serial"),
        (19999, "Excel date serial"),
        (80000, "Excel date serial"),
        (2023.5, "Excel date serial"),
        (-1, "Excel date serial"),
        (float("inf"), "not a finite number"),
        (True, "not a recognised date form"),
    ],
)
def test_unreadable_cells_raise_with_value_and_reason(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match="not a date") as info:
        parse_period(value)
    message = str(info.value)
    assert repr(value) in message
    assert reason in message


def test_serial_origin_is_excel_1900_system() -> None:
    # Excel shows 45000 as 15/03/2023 and 60 as the fictitious 29/02/1900; counting from
    # 1899-12-30 makes every serial after 60 right.
    period = parse_period(45000)
    assert period is not None
    assert period.start == D(2023, 3, 15)


@pytest.mark.parametrize(
    ("value", "end"),
    [
        ("Januari 2023", D(2023, 1, 31)),
        ("Februari 2023", D(2023, 2, 28)),
        ("Februari 2024", D(2024, 2, 29)),
        ("Februari 2000", D(2000, 2, 29)),
        ("Februari 1900", D(1900, 2, 28)),
        ("April 2023", D(2023, 4, 30)),
        ("Juni 2023", D(2023, 6, 30)),
        ("September 2023", D(2023, 9, 30)),
        ("November 2023", D(2023, 11, 30)),
        ("Desember 2023", D(2023, 12, 31)),
        ("Triwulan I 2024", D(2024, 3, 31)),
        ("Triwulan II 2024", D(2024, 6, 30)),
        ("Triwulan III 2024", D(2024, 9, 30)),
        ("Triwulan IV 2024", D(2024, 12, 31)),
        ("2024", D(2024, 12, 31)),
    ],
)
def test_period_ends_on_its_last_day(value: str, end: date) -> None:
    period = parse_period(value)
    assert period is not None
    assert period.end == end


def test_period_rejects_bad_precision_and_order() -> None:
    with pytest.raises(ValueError, match="precision"):
        Period(D(2023, 1, 1), D(2023, 1, 1), "week")
    with pytest.raises(ValueError, match="before it starts"):
        Period(D(2023, 2, 1), D(2023, 1, 1), "day")
    assert PRECISIONS == ("day", "month", "quarter", "half", "year")


def test_period_is_frozen() -> None:
    period = Period(D(2023, 1, 1), D(2023, 1, 1), "day")
    with pytest.raises(AttributeError):
        period.start = D(2024, 1, 1)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("start_value", "end_value", "expected"),
    [
        ("Juni 2022", "Des 2024", (D(2022, 6, 1), D(2024, 12, 31))),
        (2023, 2025, (D(2023, 1, 1), D(2025, 12, 31))),
        ("Triwulan III 2023", "Triwulan IV 2025", (D(2023, 7, 1), D(2025, 12, 31))),
        (
            datetime.fromisoformat("2022-08-01"),
            "Triwulan IV 2022",
            (D(2022, 8, 1), D(2022, 12, 31)),
        ),
        ("2022-2023", "2024-2026", (D(2022, 1, 1), D(2026, 12, 31))),
        (2023, None, (D(2023, 1, 1), None)),
        (None, "Okt 2023", (None, D(2023, 10, 31))),
        (None, float("nan"), (None, None)),
    ],
)
def test_start_end(start_value: object, end_value: object, expected: tuple[object, object]) -> None:
    assert start_end(start_value, end_value) == expected


def test_start_end_names_the_failing_side() -> None:
    with pytest.raises(ValueError, match=r"^start: not a date: 'segera'"):
        start_end("segera", 2024)
    with pytest.raises(ValueError, match=r"^end: not a date: 'Mei'"):
        start_end(2023, "Mei")


# --- the real sample workbook --------------------------------------------------------------

SHEETS = {"Rencana Aksi": 4, "Kegiatan Mitra": 1}  # sheet -> header row


def _date_cells(path: Path) -> dict[tuple[str, object, str], object]:
    """{(sheet, row key, column): value} for every Mulai/Selesai cell of the data rows."""
    book = openpyxl.load_workbook(path, data_only=True)
    cells: dict[tuple[str, object, str], object] = {}
    for sheet, header_row in SHEETS.items():
        rows = book[sheet].iter_rows(min_row=header_row, values_only=True)
        header = list(next(rows))
        for row in rows:
            key = row[0]
            if sheet == "Rencana Aksi" and not isinstance(key, int):
                continue  # empty line and the Catatan/Sumber notes under the table
            for column in ("Mulai", "Selesai"):
                cells[sheet, key, column] = row[header.index(column)]
    return cells


@pytest.fixture(scope="module")
def date_cells(sample_dir: Path) -> dict[tuple[str, object, str], object]:
    return _date_cells(sample_dir / "rencana-aksi.xlsx")


def test_workbook_every_date_cell_parses(date_cells: dict[tuple[str, object, str], object]) -> None:
    filled = {k: v for k, v in date_cells.items() if v is not None}
    # 31 action items and 61 activities, each with Mulai and Selesai; only KM-034 has no end
    assert len(date_cells) == 2 * (31 + 61)
    assert set(date_cells) - set(filled) == {("Kegiatan Mitra", "KM-034", "Selesai")}
    for (sheet, key, column), value in filled.items():
        period = parse_period(value)
        assert period is not None, (sheet, key, column)
        if isinstance(value, datetime):  # a real Excel date is taken as it is
            assert period == Period(value.date(), value.date(), "day")


def test_workbook_each_row_starts_before_it_ends(
    date_cells: dict[tuple[str, object, str], object],
) -> None:
    rows = {(sheet, key) for sheet, key, _ in date_cells}
    for sheet, key in rows:
        start, end = start_end(date_cells[sheet, key, "Mulai"], date_cells[sheet, key, "Selesai"])
        assert start is not None
        assert end is None or start <= end, (sheet, key)


@pytest.mark.parametrize(
    ("sheet", "key", "expected", "precisions"),
    [
        # read by hand from the workbook
        ("Rencana Aksi", 1, (D(2022, 6, 1), D(2022, 12, 30)), ("month", "day")),  # Juni 2022
        ("Rencana Aksi", 2, (D(2022, 8, 1), D(2022, 12, 31)), ("day", "quarter")),  # TW IV 2022
        ("Rencana Aksi", 3, (D(2022, 1, 1), D(2026, 12, 31)), ("year", "year")),  # 2022, 2026
        ("Rencana Aksi", 5, (D(2022, 8, 1), D(2024, 12, 31)), ("month", "year")),  # "2024" text
        ("Rencana Aksi", 8, (D(2023, 1, 9), D(2024, 12, 31)), ("day", "month")),  # Des 2024
        ("Rencana Aksi", 10, (D(2022, 7, 1), D(2026, 10, 31)), ("month", "month")),  # Oktober
        ("Rencana Aksi", 17, (D(2023, 7, 1), D(2025, 12, 31)), ("quarter", "quarter")),
        ("Rencana Aksi", 31, (D(2024, 1, 1), D(2025, 12, 31)), ("year", "month")),  # Des 2025
        ("Kegiatan Mitra", "KM-002", (D(2022, 10, 1), D(2023, 3, 31)), ("month", "month")),
        ("Kegiatan Mitra", "KM-018", (D(2023, 3, 1), D(2024, 2, 29)), ("day", "day")),
        ("Kegiatan Mitra", "KM-032", (D(2023, 10, 1), D(2025, 6, 30)), ("quarter", "quarter")),
        ("Kegiatan Mitra", "KM-034", (D(2023, 1, 1), None), ("year", None)),  # no end date
        ("Kegiatan Mitra", "KM-039", (D(2022, 6, 1), D(2023, 12, 31)), ("month", "month")),
    ],
)
def test_workbook_hand_checked_rows(
    date_cells: dict[tuple[str, object, str], object],
    sheet: str,
    key: object,
    expected: tuple[date, date | None],
    precisions: tuple[str, str | None],
) -> None:
    first = parse_period(date_cells[sheet, key, "Mulai"])
    last = parse_period(date_cells[sheet, key, "Selesai"])
    assert first is not None
    assert (first.start, last.end if last else None) == expected
    assert (first.precision, last.precision if last else None) == precisions
