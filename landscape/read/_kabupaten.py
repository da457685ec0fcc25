"""The kabupaten a build is limited to, given by its code (``61.05``) or its name (``Sintang``).

A code written with dots is a Kemendagri code. A four-digit code without dots
(``6107``) is refused: BPS writes the same digits for other places (BPS 6107 is
Sintang; Kemendagri 61.07 is Bengkayang), and guessing builds the atlas of the
wrong district. A name is matched after folding (``Kabupaten Sintang``,
``Kab. Sintang`` and ``sintang`` are one). Anything else is refused with the
nearest real kabupaten, by name and code.
"""

from __future__ import annotations

import difflib
import re

import pandas as pd

from landscape._text import fold_place
from landscape.errors import InputError
from landscape.problems import Problem

__all__ = ["find_kabupaten", "normalise_code"]

_CODE = re.compile(r"^[\d.\s]+$")


def normalise_code(code: str) -> str:
    """Write a Kemendagri code with dots (``"6105"`` -> ``"61.05"``).

    Examples
    --------
    >>> normalise_code("6105062002")
    '61.05.06.2002'
    >>> normalise_code("61.05")
    '61.05'
    """
    text = code.strip()
    if "." in text or not text.isdigit():
        return text
    parts = [text[:2], text[2:4], text[4:6], text[6:]]
    return ".".join(p for p in parts if p)


def _label(code: str, name: str) -> str:
    return f"{name} ({code})" if name else code


def _nearest(given: str, units: pd.DataFrame, *, by_name: bool) -> str:
    pairs = [(str(c), str(n)) for c, n in zip(units["code"], units["name"], strict=True)]
    if by_name:
        keys = {fold_place(n)[0]: (c, n) for c, n in pairs if n}
        close = difflib.get_close_matches(fold_place(given)[0], list(keys), n=3, cutoff=0.7)
        found = [keys[k] for k in close]
    else:
        by_code = dict(pairs)
        close = difflib.get_close_matches(normalise_code(given), list(by_code), n=3, cutoff=0.6)
        found = [(c, by_code[c]) for c in close]
    if found:
        return "did you mean " + " or ".join(_label(c, n) for c, n in found) + "?"
    return "the kabupaten there are " + ", ".join(_label(c, n) for c, n in pairs[:20])


#: BPS kabupaten codes of Kalimantan Barat whose Kemendagri code differs (BPS order).
_BPS_NAMES = {"6101": "Sambas", "6102": "Bengkayang", "6103": "Landak", "6104": "Mempawah",
              "6105": "Sanggau", "6106": "Ketapang", "6107": "Sintang", "6108": "Kapuas Hulu",
              "6109": "Sekadau", "6110": "Melawi", "6111": "Kayong Utara", "6112": "Kubu Raya",
              "6171": "Kota Pontianak", "6172": "Kota Singkawang"}


def _bps_reading(digits: str, names: dict[str, str]) -> str:
    """Name the kabupaten BPS gives these digits, when known (``"is Sintang"``)."""
    name = _BPS_NAMES.get(digits)
    if name is None:
        return "may be another kabupaten"
    kemendagri = [c for c, n in names.items() if n and fold_place(n)[0] == fold_place(name)[0]]
    return f"is {name}" + (f", Kemendagri {kemendagri[0]}" if kemendagri else "")


def find_kabupaten(given: str, units: pd.DataFrame, source: str) -> tuple[str, list[Problem]]:
    """Return the Kemendagri code of the kabupaten ``given`` names, and what to report.

    Parameters
    ----------
    given : str
        A dotted Kemendagri code (``"61.05"``) or a name (``"Sintang"``, ``"Kab. Sintang"``).
    units : pandas.DataFrame
        The kabupaten of the boundaries: ``code`` and ``name`` (``""`` when unknown).
    source : str
        The boundaries' name, for messages.

    Raises
    ------
    InputError
        If no kabupaten of the boundaries has that code or name (the sentence names
        the nearest ones), or the code is written without dots (it may be BPS).
    """
    text = given.strip()
    names = dict(zip(units["code"].astype(str), units["name"].astype(str), strict=True))
    if _CODE.match(text):
        code = normalise_code(text.replace(" ", ""))
        if code not in names:
            msg = (f"kabupaten {given!r} has no kecamatan in {source}; "
                   f"{_nearest(text, units, by_name=False)}")
            raise InputError(msg)
        if "." not in text:
            msg = (f"kabupaten {given!r} is ambiguous: as a Kemendagri code it is "
                   f"{_label(code, names[code])}, as a BPS code it is another kabupaten "
                   f"(BPS {text} {_bps_reading(text, names)}); give the dotted Kemendagri code "
                   f"({code}) or the kabupaten's name")
            raise InputError(msg)
        return code, []
    if not any(names.values()):
        msg = (f"kabupaten {given!r}: {source} gives no kabupaten names; give its Kemendagri "
               f"code, one of {', '.join(list(names)[:20])}")
        raise InputError(msg)
    key = fold_place(text)[0]
    hits = [c for c, n in names.items() if n and fold_place(n)[0] == key]
    if len(hits) > 1:
        exact = [c for c in hits if names[c].casefold() == text.casefold()]
        hits = exact or hits
    if len(hits) == 1:
        return hits[0], []
    if hits:
        msg = (f"kabupaten {given!r} may be " + " or ".join(_label(c, names[c]) for c in hits)
               + "; give its code")
        raise InputError(msg)
    msg = f"kabupaten {given!r} is not in {source}; {_nearest(text, units, by_name=True)}"
    raise InputError(msg)
