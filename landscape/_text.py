"""One folding family for every kind of name, and the table of place-word abbreviations.

Names are compared by a *key*, never as written. Every key starts from
:func:`fold`, the base rule, stated once:

1. Unicode NFKD (compatibility decomposition: ``"ﬁ"`` -> ``"fi"``, ``"é"`` -> ``"e"`` + accent);
2. drop every combining mark (Unicode categories ``Mn``, ``Mc``, ``Me``), so accents go;
3. case-fold (:meth:`str.casefold`: ``"Straße"`` -> ``"strasse"``);
4. drop apostrophes (:data:`APOSTROPHES`: the straight one, U+2019, the backtick, U+02BC), so
   ``"Jum'at"`` = ``"Jumat"``;
5. turn every run of other characters that are not letters or digits (Unicode
   categories ``L*`` and ``N*``) into one space, and strip the ends.

Each kind of name adds its own documented steps on top:

* :func:`fold_place` (kabupaten, kecamatan, desa): leading prefix words of
  :data:`PLACE_PREFIXES` (``Kec.``, ``Desa``, ``Ds.``, ``Kel.``, ``Dsn.``, ``Kab.`` ...)
  are dropped and give the level they name; abbreviated words of :data:`PLACE_WORDS`
  are written out (``Sei``/``Sui``/``Sg.``/``Sng.`` = ``Sungai``, ``Tj.``/``Tg.`` =
  ``Tanjung``, ``Ng.`` = ``Nanga``), and those of :data:`PLACE_WORDS_BEFORE_NAME`
  only where a word follows them (``S. Ana`` = ``Sungai Ana``, a lone ``S`` stays).
  The atlas search folds with the same rules and the same table
  (:func:`place_fold_table` is written into the page).
* :func:`fold_org` (organisations): the base rule.
* :func:`fold_header` (column headers): ``#`` and ``+`` are kept, and an HXL hashtag
  (a header starting with ``#``) loses its spaces: ``"#Org +Name"`` -> ``"#org+name"``.
* :func:`fold_theme` (activity themes): ``&`` and the word ``and`` are read as ``dan``.
* :func:`fold_class` (catalogue classes of a landscape layer): the base rule.

Examples
--------
>>> fold("  Nanga  Ketungau-Tengah "), fold("Désa Jum'at")
('nanga ketungau tengah', 'desa jumat')
>>> fold_place("Kec. Sei Tebelian"), fold_place("Ds. Tj. Baung"), fold_place("Ng. Pari")
(('sungai tebelian', 'kecamatan'), ('tanjung baung', 'desa'), ('nanga pari', None))
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

#: Leading words that say which level a place name is, and that level; they are
#: dropped from the key when a name follows (``"Desa"`` alone stays ``"desa"``).
PLACE_PREFIXES: Final[dict[str, str]] = {
    "kec": "kecamatan", "kecamatan": "kecamatan",
    "desa": "desa", "ds": "desa", "kel": "desa", "kelurahan": "desa",
    "kab": "kabupaten", "kabupaten": "kabupaten",
    "dusun": "dusun", "dsn": "dusun",
}
#: Abbreviated words of place names, written out wherever they stand in a name: the
#: abbreviations people write in Kalimantan. None of them is a word of a real desa,
#: kecamatan or kabupaten name of West Kalimantan (tests/test_text.py checks it).
PLACE_WORDS: Final[dict[str, str]] = {
    "sei": "sungai", "sui": "sungai", "sg": "sungai", "sng": "sungai",
    "tj": "tanjung", "tg": "tanjung", "tjg": "tanjung",
    "ng": "nanga",
}
#: Abbreviations written out only where another word follows (``"S. Ana"``): a single
#: letter is a word of its own at the end of a name (``"Ayak A"``, a lone ``"S"``).
PLACE_WORDS_BEFORE_NAME: Final[dict[str, str]] = {"s": "sungai"}
#: Characters dropped without leaving a space (step 4 of :func:`fold`).
APOSTROPHES: Final = "'\u2019`\u02bc"

_APOSTROPHE: Final = re.compile(f"[{re.escape(APOSTROPHES)}]")
_NOT_WORD: Final = re.compile(r"(?:[^\w]|_)+")
_NOT_HEADER: Final = re.compile(r"(?:[^\w#+]|_)+")
_AND: Final = frozenset({"and"})


def _base(text: str, not_word: re.Pattern[str]) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return not_word.sub(" ", _APOSTROPHE.sub("", bare.casefold())).strip()


def fold(text: object) -> str:
    """Return the base key of a text: no accents, case, apostrophes or punctuation.

    Parameters
    ----------
    text : object
        Any value; it is read as ``str(text)``.

    Returns
    -------
    str
        Words of letters and digits separated by one space (see the module's steps 1-5).

    Examples
    --------
    >>> fold("  PT. Sawit  Melawi Makmur "), fold("Perkumpulan   Pancur Kasih ²")
    ('pt sawit melawi makmur', 'perkumpulan pancur kasih 2')
    """
    return _base(str(text), _NOT_WORD)


def fold_place(text: object) -> tuple[str, str | None]:
    """Return the key of a place name and the level its prefix names, if any.

    The base rule, then leading :data:`PLACE_PREFIXES` words are dropped while
    another word follows (the first one gives the level), then every word of
    :data:`PLACE_WORDS` is written out, and every word of
    :data:`PLACE_WORDS_BEFORE_NAME` that another word follows.

    Returns
    -------
    tuple of (str, str or None)
        The key, and ``"kabupaten"``, ``"kecamatan"``, ``"desa"``, ``"dusun"`` or None.

    Examples
    --------
    >>> fold_place("Kec. Sei Tebelian"), fold_place("Desa"), fold_place("Ds Sg. Ana")
    (('sungai tebelian', 'kecamatan'), ('desa', None), ('sungai ana', 'desa'))
    >>> fold_place("Kel. S. Durian"), fold_place("Dsn. Tj. Ria"), fold_place("Desa S")
    (('sungai durian', 'desa'), ('tanjung ria', 'dusun'), ('s', 'desa'))
    """
    words, hint = fold(text).split(), None
    while len(words) > 1 and words[0] in PLACE_PREFIXES:
        hint, words = hint or PLACE_PREFIXES[words[0]], words[1:]
    last = len(words) - 1
    return " ".join(PLACE_WORDS_BEFORE_NAME.get(w, w) if i < last else w
                    for i, w in enumerate(PLACE_WORDS.get(w, w) for w in words)), hint


def fold_org(text: object) -> str:
    """Return the key of an organisation name (the base rule :func:`fold`).

    Examples
    --------
    >>> fold_org("Yayasan  Rimba-Kapuas (YRK)")
    'yayasan rimba kapuas yrk'
    """
    return fold(text)


def fold_header(text: object) -> str:
    """Return the key of a column header: the base rule keeping ``#`` and ``+``.

    A header starting with ``#`` is an HXL hashtag: its spaces are removed too.

    Examples
    --------
    >>> fold_header("  Anggaran (Rp) "), fold_header("#Org +Name")
    ('anggaran rp', '#org+name')
    """
    key = _base(str(text), _NOT_HEADER)
    return key.replace(" ", "") if key.startswith("#") else key


def fold_theme(text: object) -> str:
    """Return the key of a theme: the base rule, with ``&`` and ``and`` read as ``dan``.

    Anything that is not text (None, NaN) gives ``""``.

    Examples
    --------
    >>> fold_theme("Perlindungan Hutan & Gambut") == fold_theme("perlindungan hutan dan gambut")
    True
    """
    if not isinstance(text, str):
        return ""
    return " ".join("dan" if w in _AND else w for w in fold(text.replace("&", " dan ")).split())


def fold_class(text: object) -> str:
    """Return the key of a class code, label or alias of a landscape layer (the base rule).

    Examples
    --------
    >>> fold_class("Hutan Lahan Kering Sekunder / Bekas Tebangan")
    'hutan lahan kering sekunder bekas tebangan'
    """
    return fold(text)


def place_fold_table() -> dict[str, object]:
    """Return the place-word table as the atlas page carries it for its search.

    Returns
    -------
    dict
        ``apostrophes`` (str), ``prefixes`` (the :data:`PLACE_PREFIXES` words, sorted),
        ``words`` (:data:`PLACE_WORDS`) and ``beforeName``
        (:data:`PLACE_WORDS_BEFORE_NAME`), all JSON-serialisable.
    """
    return {"apostrophes": APOSTROPHES, "prefixes": sorted(PLACE_PREFIXES),
            "words": dict(sorted(PLACE_WORDS.items())),
            "beforeName": dict(sorted(PLACE_WORDS_BEFORE_NAME.items()))}
