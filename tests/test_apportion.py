"""Money per year: shares by the months an activity runs, against hand computations."""

from __future__ import annotations

from datetime import date

import pytest

from landscape.analyse.apportion import year_shares
from landscape.normalise.status import status_kind


def test_half_in_each_year():
    # Jul-Dec 2024 = 6 months, Jan-Jun 2025 = 6 months.
    assert year_shares(date(2024, 7, 1), date(2025, 6, 30), 120) == {2024: 60, 2025: 60}


def test_months_counted_whole():
    # 16 Jan 2023 - 30 Jun 2025: 12 + 12 + 6 = 30 months; 275 juta / 30 = 9,166,666.67 a month.
    assert year_shares(date(2023, 1, 16), date(2025, 6, 30), 275_000_000) == {
        2023: 110_000_000, 2024: 110_000_000, 2025: 55_000_000}


def test_whole_years_and_rounding_keep_the_total():
    # 2023-2025 as years: 36 months, 100 / 3 each; the leftover rupiah go to the first year.
    shares = year_shares(date(2023, 1, 1), date(2025, 12, 31), 100)
    assert shares == {2023: 34, 2024: 33, 2025: 33}
    # Sep 2022 - Mar 2023: 4 + 3 months of 7.
    assert year_shares(date(2022, 9, 5), date(2023, 3, 31), 70) == {2022: 40, 2023: 30}


@pytest.mark.parametrize(("start", "end", "want"), [
    (date(2023, 3, 1), None, {2023: 50}),
    (None, date(2024, 5, 1), {2024: 50}),
    (date(2024, 5, 1), date(2023, 1, 1), {2024: 50}),
    (None, None, {}),
])
def test_one_known_date_puts_everything_in_its_year(start, end, want):
    assert year_shares(start, end, 50) == want


def test_no_budget_no_shares():
    assert year_shares(date(2023, 1, 1), date(2023, 12, 31), None) == {}
    assert year_shares(date(2023, 1, 1), date(2023, 12, 31), float("nan")) == {}


@pytest.mark.parametrize(("text", "kind"), [
    ("Rencana", "planned"), (" usulan ", "planned"), ("PLANNED", "planned"),
    ("Proposed", "planned"), ("Berjalan", "underway"), ("Selesai", "done"),
    ("Tertunda", "held"), ("", ""), ("lain-lain", ""), (None, ""),
])
def test_status_kinds(text, kind):
    assert status_kind(text) == kind
