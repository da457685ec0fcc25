"""Read the budget amounts people type into plan and activity sheets.

A cell may hold a number, rupiah written the Indonesian way (``"Rp 150.000.000,-"``,
``"250 juta"``, ``"1,2 M"``), thousands written the English way (``"180,000,000"``)
or a foreign currency (``"USD 25,000"``, ``"€ 10.000"``), sometimes per year or per
month. :func:`parse_amount` turns any of them into an :class:`Amount` in whole
units of its own currency; it never takes a foreign amount for rupiah. Nothing
here reads files; callers turn the :class:`ValueError` into a reported problem.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING

from landscape._cells import is_blank
from landscape.read.units import CURRENCY_WORDS, POWERS, power

if TYPE_CHECKING:
    from collections.abc import Iterable

PERS = ("year", "month")
"""Allowed :attr:`Amount.per` values besides None."""

_CURRENCIES = CURRENCY_WORDS
_POWERS = POWERS
_PER_UNITS = {"tahun": "year", "thn": "year", "th": "year", "year": "year", "yr": "year",
              "annum": "year", "bulan": "month", "bln": "month", "bl": "month",
              "month": "month", "mo": "month", "mth": "month"}  # fmt: skip


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CUR = _alternatives(_CURRENCIES)
_AMOUNT = re.compile(
    rf"(?P<pre>{_CUR})?\s*(?P<num>[-+]?\d(?:[\d.,]|\s(?=\d))*(?:e[-+]?\d+)?)\s*"
    rf"(?:(?P<power>{_alternatives(_POWERS)})(?![a-z])\.?)?\s*(?P<post>{_CUR})?"
)
_PER = re.compile(
    rf"\s*(?:/|\bper\b|\btiap\b|\bsetiap\b)\s*(?P<unit>{_alternatives(_PER_UNITS)})\.?$"
    r"|\s*\bp\.?a\.?$"
)
_TRAILING_DASH = re.compile(r"\s*[.,]?\s*[-\u2013\u2014]+$")
_ABOUT = re.compile(r"^(?:±|\+/-|~|sekitar|kurang lebih|kira-kira|approx\.?|ca\.)\s*")
_BLANK = re.compile(rf"(?:{_CUR})?\s*[-\u2013\u2014]*")


@dataclass(frozen=True, slots=True)
class Amount:
    """A sum of money as written in one cell.

    Parameters
    ----------
    value : int
        Whole units of ``currency`` (rupiah, dollars...), rounded half up.
    currency : str
        ISO 4217 code: ``"IDR"`` for rupiah (also when the cell names none).
    per : str or None
        ``"year"`` or ``"month"`` when the cell says the sum recurs
        ("/ tahun", "per bulan"...), else None.
    """

    value: int
    currency: str
    per: str | None = None

    def __post_init__(self) -> None:
        """Check the currency code and the recurrence."""
        if not re.fullmatch(r"[A-Z]{3}", self.currency):
            msg = f"currency must be an ISO 4217 code, not {self.currency!r}"
            raise ValueError(msg)
        if self.per is not None and self.per not in PERS:
            msg = f"per must be None or one of {PERS}, not {self.per!r}"
            raise ValueError(msg)


def _grouped(text: str, sep: str) -> str:
    """Digits of ``text`` whose ``sep`` marks thousands; ValueError if not in threes."""
    if not re.fullmatch(rf"[1-9]\d{{0,2}}(?:{re.escape(sep)}\d{{3}})+|\d+", text):
        msg = f"digits around {sep!r} are not in groups of three"
        raise ValueError(msg)
    return text.replace(sep, "")


def _decimal(num: str) -> Decimal:
    """Read digits with dots, commas or spaces as thousands or decimal separators."""
    sign = "-" if num[0] == "-" else ""
    digits = num.lstrip("+-")
    if " " in digits:
        if not re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", digits):
            msg = "digits around spaces are not in groups of three"
            raise ValueError(msg)
        digits = digits.replace(" ", "")
    if "e" in digits:
        return Decimal(sign + digits)
    seps = [c for c in digits if c in ".,"]
    if not seps:
        return Decimal(sign + digits)
    head, last, tail = digits.rpartition(seps[-1])
    if not tail.isdigit():
        msg = f"{last!r} is not followed by digits"
        raise ValueError(msg)
    if len(set(seps)) == 2:  # "1.234,56" or "1,234.56": the last one is the decimal mark
        return Decimal(f"{sign}{_grouped(head, seps[0])}.{tail}")
    if len(seps) > 1:  # "150.000.000", "180,000,000"
        return Decimal(sign + _grouped(digits, last))
    if len(tail) == 3 and re.fullmatch(r"[1-9]\d{0,2}", head):  # "1.500", "1,500 juta"
        return Decimal(f"{sign}{head}{tail}")
    return Decimal(f"{sign}{head}.{tail}")  # "1,2 M", "12,50", "0.500"


def _currency(pre: str | None, post: str | None, default: str) -> str:
    codes = {_CURRENCIES[word] for word in (pre, post) if word}
    if len(codes) > 1:
        msg = f"two currencies: {pre} and {post}"
        raise ValueError(msg)
    return codes.pop() if codes else default


def _parse_text(text: str, scale: int, default: str) -> Amount | None:
    text = " ".join(text.replace("\u00a0", " ").split()).lower()
    if _BLANK.fullmatch(text):
        return None
    per_match = _PER.search(text)
    per = None
    if per_match:
        per = _PER_UNITS[per_match["unit"]] if per_match["unit"] else "year"
        text = text[: per_match.start()]
    text = _ABOUT.sub("", _TRAILING_DASH.sub("", text))
    match = _AMOUNT.fullmatch(text)
    if match is None:
        msg = "expected a number with an optional currency and juta/M/ribu"
        raise ValueError(msg)
    currency = _currency(match["pre"], match["post"], default)
    try:
        number = _decimal(match["num"])
    except InvalidOperation as exc:
        msg = "not a number"
        raise ValueError(msg) from exc
    if match["pre"] or match["post"] or match["power"]:  # its own unit: read as written
        scale = 1
    exponent = power(match["power"], currency) if match["power"] else 0
    return Amount(_whole(number.scaleb(exponent) * scale), currency, per)


#: The largest amount read: amounts are kept as 64-bit integers (up to 9.2 * 10^18), and
#: the whole state budget of Indonesia is about 3 * 10^15 rupiah. A cell beyond it
#: ("1e30", thirty nines) is a typing slip, refused like any unreadable amount.
MAX_AMOUNT = 10**18


def _whole(number: Decimal) -> int:
    if not number.is_finite() or abs(number) >= MAX_AMOUNT:
        msg = "larger than any budget (10^18 or more)"
        raise ValueError(msg)
    return int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _from_number(value: numbers.Real, scale: int, currency: str) -> Amount:
    if not math.isfinite(value):
        msg = "not a finite number"
        raise ValueError(msg)
    exact = int(value) if isinstance(value, numbers.Integral) else repr(float(value))
    return Amount(_whole(Decimal(exact) * scale), currency)


_is_missing = is_blank


def parse_amount(value: object, *, scale: int = 1, currency: str = "IDR") -> Amount | None:
    """Read one budget cell as an :class:`Amount`.

    Parameters
    ----------
    value : object
        The cell: a number (taken as rupiah) or text such as ``"Rp 150.000.000"``,
        ``"Rp75.000.000,-"``, ``"IDR 180,000,000"``, ``"250 juta"``, ``"1,2 M"``
        (miliar), ``"500 rb"``, ``"2 T"`` (triliun), ``"USD 25,000"``,
        ``"€ 10.000"`` or ``"Rp 60.000.000 / tahun"``. A dot or comma before
        exactly three digits marks thousands (``"1.500"`` is 1500); before one,
        two or four or more digits it is the decimal mark. ``"M"`` is a miliar
        (10⁹) for rupiah and a million for other currencies.
    scale : int
        The unit a header gives its plain numbers (10⁶ under "Anggaran (Rp juta)",
        see :func:`landscape.read.tables.unit_scale`). A cell with no currency
        and no juta/M/ribu of its own is a multiple of it; the exact number is
        scaled before rounding, so ``12.5`` is 12,500,000 and ``"2,5"`` 2,500,000.
        A cell that names its own unit (``"1,2 M"``, ``"Rp 150.000.000"``) is
        read as written.
    currency : str
        The ISO code a header gives the column ("Budget (USD)", ``#value+usd``,
        see :func:`landscape.read.units.header_unit`): the currency of a cell that
        names none. A cell naming its own currency is read in it.

    Returns
    -------
    Amount or None
        None for an empty cell (None, NaN, blank text, ``"-"``, ``"Rp -"``).

    Raises
    ------
    ValueError
        ``"not an amount: <value> (<reason>)"`` when the cell cannot be read.

    Examples
    --------
    >>> parse_amount("1,2 M")
    Amount(value=1200000000, currency='IDR', per=None)
    >>> parse_amount("US$ 25,000")
    Amount(value=25000, currency='USD', per=None)
    >>> parse_amount("Rp 60.000.000 / tahun").per
    'year'
    >>> parse_amount(0.75, scale=10**6).value, parse_amount("2,5", scale=10**6).value
    (750000, 2500000)
    >>> parse_amount(10000, currency="USD")
    Amount(value=10000, currency='USD', per=None)
    """
    if _is_missing(value):
        return None
    try:
        if isinstance(value, numbers.Real) and not isinstance(value, bool):
            return _from_number(value, scale, currency)
        return _parse_text(str(value), scale, currency)  # other objects (Decimal...) as text
    except ValueError as exc:
        msg = f"not an amount: {value!r} ({exc})"
        raise ValueError(msg) from exc


def to_idr(amount: Amount | None) -> int | None:
    """Return the amount in rupiah, or None if there is none or it is in another currency.

    Examples
    --------
    >>> to_idr(parse_amount("250 juta"))
    250000000
    >>> to_idr(parse_amount("USD 25,000")) is None
    True
    """
    if amount is None or amount.currency != "IDR":
        return None
    return amount.value
