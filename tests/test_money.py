"""Tests for landscape.normalise.money: every form a budget cell takes, and the real workbook."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
import openpyxl
import pandas as pd
import pytest

from landscape.normalise.money import Amount, parse_amount, to_idr

if TYPE_CHECKING:
    from pathlib import Path

IDR = [
    # numbers
    (150000000, 150_000_000),
    (1.5e8, 150_000_000),
    (np.int64(85000000), 85_000_000),
    (np.float64(1500.5), 1501),  # half up
    (1500.49, 1500),
    (2.5, 3),
    (0, 0),
    (Decimal("2.5"), 3),
    # rupiah with dot thousands, ",-" and ",00" endings
    ("Rp 150.000.000", 150_000_000),
    ("Rp150.000.000,-", 150_000_000),
    ("Rp 75.000.000,-", 75_000_000),
    ("Rp. 75.000.000,00", 75_000_000),
    ("Rp.75.000.000", 75_000_000),
    ("RP 25.000.000", 25_000_000),
    ("rp 1.500", 1500),
    ("Rp 1.500,50", 1501),
    ("Rp 150.000.000.-", 150_000_000),
    ("150.000.000", 150_000_000),
    ("1.500", 1500),  # one group of three without currency: thousands
    ("1.234.567,89", 1_234_568),  # European
    ("1.234,56", 1235),
    # comma thousands
    ("IDR 180,000,000", 180_000_000),
    ("180,000,000", 180_000_000),
    ("1,234.56", 1235),  # English
    ("1,500", 1500),
    ("10 000 000", 10_000_000),  # space thousands
    ("150000000", 150_000_000),
    ("150000000 rupiah", 150_000_000),
    # multiplier words
    ("1,2 M", 1_200_000_000),
    ("1.2 M", 1_200_000_000),
    ("1,2 Miliar", 1_200_000_000),
    ("1.2 milyar", 1_200_000_000),
    ("30 M", 30_000_000_000),
    ("2,4 M", 2_400_000_000),
    ("Rp 1,5 M", 1_500_000_000),
    ("1,25 M", 1_250_000_000),
    ("0,5 M", 500_000_000),
    ("250 juta", 250_000_000),
    ("250 Juta", 250_000_000),
    ("250 jt", 250_000_000),
    ("250jt", 250_000_000),
    ("250 jt.", 250_000_000),
    ("1,5 juta", 1_500_000),
    ("Rp 200 juta", 200_000_000),
    ("1.500 juta", 1_500_000_000),  # three digits after the dot: thousands, even here
    ("500 ribu", 500_000),
    ("500 rb", 500_000),
    ("2 T", 2_000_000_000_000),
    ("2 triliun", 2_000_000_000_000),
    ("1,5 trilyun", 1_500_000_000_000),
    ("± 150 juta", 150_000_000),
    ("1.5e8", 150_000_000),
]

FOREIGN = [
    ("USD 25,000", 25_000, "USD"),
    ("US$ 25,000", 25_000, "USD"),
    ("$25,000", 25_000, "USD"),
    ("$ 25.000", 25_000, "USD"),
    ("25,000 USD", 25_000, "USD"),
    ("usd 1.5 million", 1_500_000, "USD"),
    ("USD 1.5M", 1_500_000, "USD"),  # M is a million outside rupiah
    ("USD 250k", 250_000, "USD"),
    ("EUR 10.000", 10_000, "EUR"),
    ("€ 10,000", 10_000, "EUR"),
    ("€10.000,50", 10_001, "EUR"),
    ("10.000 euro", 10_000, "EUR"),
    ("AUD 50,000", 50_000, "AUD"),
    ("A$ 50,000", 50_000, "AUD"),
    ("GBP 1,250.50", 1_251, "GBP"),
    ("£ 1,250", 1_250, "GBP"),
    ("JPY 1.000.000", 1_000_000, "JPY"),
    ("¥ 1,000,000", 1_000_000, "JPY"),
    ("SGD 5,000", 5_000, "SGD"),
    ("NOK 2 million", 2_000_000, "NOK"),
]


@pytest.mark.parametrize(("value", "expected"), IDR)
def test_rupiah_forms(value: object, expected: int) -> None:
    assert parse_amount(value) == Amount(expected, "IDR", None)


@pytest.mark.parametrize(("value", "expected", "currency"), FOREIGN)
def test_foreign_currency_is_kept(value: str, expected: int, currency: str) -> None:
    amount = parse_amount(value)
    assert amount == Amount(expected, currency, None)
    assert to_idr(amount) is None


@pytest.mark.parametrize(
    ("value", "expected", "per"),
    [
        ("Rp 60.000.000 / tahun", 60_000_000, "year"),
        ("Rp 60.000.000/tahun", 60_000_000, "year"),
        ("Rp 60.000.000,- per tahun", 60_000_000, "year"),
        ("60 juta/thn", 60_000_000, "year"),
        ("60 jt / th", 60_000_000, "year"),
        ("Rp 60 juta per Tahun", 60_000_000, "year"),
        ("USD 10,000 / year", 10_000, "year"),
        ("USD 10,000 p.a.", 10_000, "year"),
        ("5 juta per bulan", 5_000_000, "month"),
        ("Rp 5.000.000/bln", 5_000_000, "month"),
        ("5 jt / month", 5_000_000, "month"),
        ("5 jt setiap bulan", 5_000_000, "month"),
    ],
)
def test_recurring_amounts(value: str, expected: int, per: str) -> None:
    amount = parse_amount(value)
    assert amount is not None
    assert (amount.value, amount.per) == (expected, per)


@pytest.mark.parametrize(
    "value", [None, "", "  ", "-", "\u2013", "Rp -", "Rp. -", "Rp", float("nan"), np.nan, pd.NA]
)
def test_empty_cells_are_none(value: object) -> None:
    assert parse_amount(value) is None


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("abc", "expected a number"),
        ("belum ada", "expected a number"),
        ("juta", "expected a number"),
        ("100-150 juta", "expected a number"),  # a range is not one amount
        ("1.50.000", "groups of three"),
        ("1,50,000", "groups of three"),
        ("Rp 1,2,3", "groups of three"),
        ("1.234.56", "groups of three"),
        ("1 50 000", "groups of three"),
        ("USD 5 rupiah", "two currencies"),
        ("150 juta ribu", "expected a number"),
        (float("inf"), "not a finite number"),
        (True, "expected a number"),
    ],
)
def test_unreadable_cells_raise_with_value_and_reason(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match="not an amount") as info:
        parse_amount(value)
    assert repr(value) in str(info.value)
    assert reason in str(info.value)


def test_amount_checks_its_fields() -> None:
    with pytest.raises(ValueError, match="ISO 4217"):
        Amount(1, "Rp", None)
    with pytest.raises(ValueError, match="per"):
        Amount(1, "IDR", "week")
    assert Amount(1, "IDR") == Amount(1, "IDR", None)


def test_to_idr() -> None:
    assert to_idr(Amount(150_000_000, "IDR", None)) == 150_000_000
    assert to_idr(Amount(60_000_000, "IDR", "year")) == 60_000_000
    assert to_idr(Amount(25_000, "USD", None)) is None
    assert to_idr(None) is None


# --- the real sample workbook --------------------------------------------------------------

SHEETS = {"Rencana Aksi": 4, "Kegiatan Mitra": 1}  # sheet -> header row


@pytest.fixture(scope="module")
def budgets(sample_dir: Path) -> dict[str, dict[object, object]]:
    """{sheet: {row key: Anggaran (Rp) cell}} for the data rows of both tables."""
    book = openpyxl.load_workbook(sample_dir / "rencana-aksi.xlsx", data_only=True)
    cells: dict[str, dict[object, object]] = {}
    for sheet, header_row in SHEETS.items():
        rows = book[sheet].iter_rows(min_row=header_row, values_only=True)
        column = list(next(rows)).index("Anggaran (Rp)")
        cells[sheet] = {
            row[0]: row[column]
            for row in rows
            if sheet != "Rencana Aksi" or isinstance(row[0], int)  # skip the notes below
        }
    return cells


def test_workbook_every_budget_cell_parses(budgets: dict[str, dict[object, object]]) -> None:
    assert len(budgets["Rencana Aksi"]) == 31
    assert len(budgets["Kegiatan Mitra"]) == 61
    for sheet, cells in budgets.items():
        for key, value in cells.items():
            amount = parse_amount(value)
            assert (amount is None) == (value is None), (sheet, key)
            if amount is None:
                continue
            assert amount.currency == "IDR", (sheet, key)
            assert amount.per == ("year" if key == "KM-045" else None), (sheet, key)


def test_workbook_budget_totals(budgets: dict[str, dict[object, object]]) -> None:
    # summed by hand from the 29 filled cells of Rencana Aksi (items 15 and 30 are empty)
    # and the 58 of Kegiatan Mitra (KM-034, KM-048, KM-061 are empty; KM-045 counted once)
    for sheet, count, total in [
        ("Rencana Aksi", 29, 44_385_000_000),
        ("Kegiatan Mitra", 58, 17_285_000_000),
    ]:
        values = [to_idr(parse_amount(v)) for v in budgets[sheet].values()]
        filled = [v for v in values if v is not None]
        assert (len(filled), sum(filled)) == (count, total), sheet


@pytest.mark.parametrize(
    ("sheet", "key", "expected"),
    [
        # read by hand from the workbook
        ("Rencana Aksi", 1, Amount(150_000_000, "IDR", None)),  # 150000000
        ("Rencana Aksi", 2, Amount(25_000_000, "IDR", None)),  # Rp 25.000.000
        ("Rencana Aksi", 3, Amount(200_000_000, "IDR", None)),  # 200 juta
        ("Rencana Aksi", 5, Amount(1_200_000_000, "IDR", None)),  # 1,2 M
        ("Rencana Aksi", 15, None),  # empty
        ("Rencana Aksi", 18, Amount(30_000_000_000, "IDR", None)),  # 30 M
        ("Rencana Aksi", 31, Amount(75_000_000, "IDR", None)),  # Rp 75.000.000,-
        ("Kegiatan Mitra", "KM-021", Amount(2_400_000_000, "IDR", None)),  # 2,4 M
        ("Kegiatan Mitra", "KM-034", None),  # no budget
        ("Kegiatan Mitra", "KM-045", Amount(60_000_000, "IDR", "year")),  # Rp 60.000.000 / tahun
        ("Kegiatan Mitra", "KM-056", Amount(25_000_000, "IDR", None)),  # 25 juta
    ],
)
def test_workbook_hand_checked_cells(
    budgets: dict[str, dict[object, object]], sheet: str, key: object, expected: Amount | None
) -> None:
    assert parse_amount(budgets[sheet][key]) == expected
