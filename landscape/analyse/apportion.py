"""Money over the years an activity runs: each year gets the months the activity runs in it.

A budget that runs over several years is not spent in full in each of them. The atlas and
any table by year share it out with :func:`year_shares`, so that the years add up to the
total. The rule, stated wherever a yearly figure is shown:

* an activity runs in every calendar month from the month of its start to the month of its
  end, both counted whole (a start on 16 January counts January); each such month gets the
  same share of the budget, and a year gets the sum of its months. Jul 2024 - Jun 2025 puts
  half in 2024 and half in 2025; 2023-2025 written as years (1 January 2023 to 31 December
  2025, as :func:`landscape.normalise.dates.parse_period` reads them) puts a third in each;
* an activity with only one known date (no end: "ongoing"; or no start) has its whole budget
  in the year of that date, the only year the workbook names; an end before its start is
  read the same way, with the start;
* an activity with no date has its budget in no year (shown as "year unknown").

Shares are whole rupiah, rounded so that they add up exactly to the rounded budget (the
largest remainders get the leftover rupiah, earlier years first on ties).
"""

from __future__ import annotations

import math
from datetime import date

__all__ = ["year_shares"]


def _months(start: date, end: date) -> dict[int, int]:
    """Count the calendar months from ``start``'s month to ``end``'s month, per year."""
    months: dict[int, int] = {}
    for year in range(start.year, end.year + 1):
        first = start.month if year == start.year else 1
        last = end.month if year == end.year else 12
        months[year] = last - first + 1
    return months


def year_shares(start: date | None, end: date | None, amount: float | None) -> dict[int, int]:
    """Share a budget over the calendar years an activity runs, by months.

    Parameters
    ----------
    start, end : datetime.date or None
        First and last day of the activity (``None`` when not known).
    amount : float or None
        The budget (rupiah); ``None`` or NaN gives no shares.

    Returns
    -------
    dict of int to int
        Whole rupiah per year, adding up to ``round(amount)``; empty when there is no
        budget or no known date.

    Examples
    --------
    >>> year_shares(date(2024, 7, 1), date(2025, 6, 30), 100_000_000)
    {2024: 50000000, 2025: 50000000}
    >>> year_shares(date(2023, 1, 16), date(2025, 6, 30), 275_000_000)
    {2023: 110000000, 2024: 110000000, 2025: 55000000}
    >>> year_shares(date(2023, 3, 1), None, 10)
    {2023: 10}
    >>> year_shares(None, None, 10)
    {}
    """
    if amount is None or not math.isfinite(amount):
        return {}
    total = round(amount)
    if start is None or end is None or end < start:
        known = start or end
        return {} if known is None else {known.year: total}
    months = _months(start, end)
    n_months = sum(months.values())
    exact = {year: total * n / n_months for year, n in months.items()}
    shares = {year: math.floor(value) for year, value in exact.items()}
    leftover = total - sum(shares.values())
    by_remainder = sorted(exact, key=lambda year: (-(exact[year] - shares[year]), year))
    for year in by_remainder[:leftover]:
        shares[year] += 1
    return shares
