"""The currency and unit a header gives the numbers of its column: the one table of money words.

"Anggaran (Rp juta)", "Budget (USD)", "Biaya (ribuan rupiah)", "Nilai (Rp 000)",
"Anggaran (IDR, juta)": a budget header is its words (anggaran, budget...) with
a currency and a unit in brackets or after it, in any order. :func:`header_unit`
splits a header into those three parts; :mod:`landscape.normalise.money` reads
cells with the same words (:data:`CURRENCY_WORDS`, :data:`POWERS`), so a word
that names a currency or a unit in a cell names the same in a header. An HXL
attribute that is an ISO 4217 code (``#value+usd``) gives the column its
currency too (:func:`tag_currency`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from landscape import _text
from landscape.read.hxl import parse_tag

_ISO_TEXT = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK
MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR
SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL
"""
#: ISO 4217 codes (active currencies); an HXL attribute among them names a currency.
ISO_4217 = frozenset(_ISO_TEXT.split())

_WRITTEN_CODES = ("IDR USD EUR GBP JPY AUD SGD MYR CNY CHF CAD NZD NOK SEK DKK HKD KRW THB PHP "
                  "INR")
#: Words and signs that name a currency in a cell or a header (lower case).
CURRENCY_WORDS: dict[str, str] = {code.lower(): code for code in _WRITTEN_CODES.split()} | {
    "rp": "IDR", "rp.": "IDR", "rupiah": "IDR",
    "us$": "USD", "$": "USD", "a$": "AUD", "s$": "SGD", "rm": "MYR", "rmb": "CNY",
    "€": "EUR", "euro": "EUR", "£": "GBP", "¥": "JPY", "yen": "JPY",
}  # fmt: skip
#: Words for a power of ten ("juta": 6); "m" is a miliar for rupiah, a million otherwise.
POWERS: dict[str, int] = {
    "ribu": 3, "ribuan": 3, "rb": 3, "k": 3, "thousand": 3, "thousands": 3, "000": 3,
    "juta": 6, "jutaan": 6, "jt": 6, "jta": 6, "million": 6, "millions": 6, "mio": 6, "mn": 6,
    "miliar": 9, "milyar": 9, "milyard": 9, "miliard": 9, "billion": 9, "bn": 9, "b": 9,
    "triliun": 12, "trilyun": 12, "trillion": 12, "t": 12,
    "m": 9,
}  # fmt: skip
_SIGNS = re.compile(r"(?:us|a|s)?\$|[€£¥]")
_FILLER = frozenset({"total", "jumlah", "nilai", "perkiraan", "indikatif", "dalam", "in"})


def power(word: str, currency: str) -> int:
    """Return the power of ten a unit word gives: "M" is 10⁹ in rupiah, 10⁶ otherwise."""
    if word == "m" and currency != "IDR":
        return 6
    return POWERS[word]


@dataclass(frozen=True, slots=True)
class HeaderUnit:
    """What a header says of its numbers: the words left, the currency and the multiplier.

    ``currency`` is ``None`` when the header names none (rupiah, as for a cell).
    """

    core: str
    currency: str | None
    scale: int


def header_unit(header: object) -> HeaderUnit:
    """Split a header into its words, its currency and the unit of its plain numbers.

    A header of unit words only keeps its first as its name; filler words
    ("total", "nilai") are dropped, but the last stays when no other word remains.

    Examples
    --------
    >>> header_unit("Anggaran (Rp juta)")
    HeaderUnit(core='anggaran', currency='IDR', scale=1000000)
    >>> header_unit("Budget (USD)"), header_unit("Biaya (ribuan rupiah)").scale
    (HeaderUnit(core='budget', currency='USD', scale=1), 1000)
    >>> header_unit("Nilai (Rp 000)"), header_unit("Budget (US$ M)").scale
    (HeaderUnit(core='nilai', currency='IDR', scale=1000), 1000000)
    """
    raw = str(header).lower()
    signs = [CURRENCY_WORDS[s] for s in _SIGNS.findall(raw)]
    words = _text.fold_header(_SIGNS.sub(" ", raw)).split()
    names: list[str] = []
    currencies = list(signs)
    powers: list[str] = []
    for word in words:
        if word in CURRENCY_WORDS:
            currencies.append(CURRENCY_WORDS[word])
        elif word in POWERS:
            powers.append(word)
        else:
            names.append(word)
    names = names or words[:1]
    kept = [w for w in names if w not in _FILLER] or names[-1:]
    currency = currencies[0] if len(set(currencies)) == 1 else None
    exponent = max((power(w, currency or "IDR") for w in powers), default=0)
    return HeaderUnit(" ".join(kept), currency, 10**exponent)


def tag_currency(attributes: frozenset[str]) -> str | None:
    """Return the currency an HXL tag's attributes name (``+usd``), or ``None``.

    Examples
    --------
    >>> tag_currency(frozenset({"usd"})), tag_currency(frozenset({"budget"}))
    ('USD', None)
    """
    codes = {a.upper() for a in attributes} & ISO_4217
    return codes.pop() if len(codes) == 1 else None


def column_currencies(rows: list[list[object]], mapping: dict[int, str],
                      columns: dict[str, str]) -> dict[str, str]:
    """Return the currency each column names: an HXL attribute (``#value+usd``), else its header."""
    found: dict[str, str] = {}
    for pos, name in mapping.items():
        tags = [t for r in rows if pos < len(r) and (t := parse_tag(r[pos])) is not None]
        code = next((c for t in tags if (c := tag_currency(t.attributes))), None)
        code = code or header_unit(columns[name]).currency
        if code is not None:
            found[name] = code
    return found
