"""Place text: splitting a location cell into names and folding names for comparison.

A location cell lists places as people write them: ``"Desa Nanga Pari, Bernayau
dan Semuntai (Kec. Sepauk)"``. :func:`split_cell` cuts it at ``;``, ``,`` and
newlines (outside parentheses), then at ``dan``/``and``/``&``/``/`` unless the
joined text is a known name, and gives each chunk the qualifier in parentheses
that covers it. :func:`fold` turns a name into the key names are compared by
(case, spaces, punctuation, the prefixes ``Kec.``/``Desa``/``Kab.`` and
``Sei``/``Sg.`` = ``Sungai`` folded away). :mod:`landscape.normalise.gazetteer` builds on both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

_PREFIXES = {"kec": "kecamatan", "kecamatan": "kecamatan", "desa": "desa", "ds": "desa",
             "kel": "desa", "kelurahan": "desa", "kab": "kabupaten", "kabupaten": "kabupaten",
             "dusun": "dusun", "dsn": "dusun"}
_SUNGAI = {"sei", "sg", "sng", "sungai"}
_HARD = re.compile(r"([;,\n\r])(?![^()]*\))")
_PAREN = re.compile(r"\(([^()]*)\)")
_SOFT = re.compile(r"(\s+(?:dan|and)\s+|\s*[&/]\s*)", re.IGNORECASE)


@dataclass(slots=True)
class Chunk:
    """Names written together in a cell and the qualifier (in parentheses) that covers them.

    ``group`` counts the ``;``/newline-separated groups of the cell; ``own`` is
    True when the qualifier is written on this chunk, not carried from a later one.
    """

    heads: list[str]
    qualifier: str
    own: bool  # the qualifier is written on this chunk, not carried from a later one
    group: int


def normalise(text: str) -> str:
    """Lower-case, drop apostrophes, turn punctuation and odd spaces into single spaces.

    Examples
    --------
    >>> normalise("  Nanga  Ketungau-Tengah ")
    'nanga ketungau tengah'
    """
    text = re.sub(r"['\u2019`\u02bc]", "", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def fold(text: str) -> tuple[str, str | None]:
    """Return the comparison key of a name and the level its prefix names, if any.

    Examples
    --------
    >>> fold("Kec. Sei Tebelian"), fold("Desa")
    (('sungai tebelian', 'kecamatan'), ('desa', None))
    """
    words, hint = normalise(text).split(), None
    while len(words) > 1 and words[0] in _PREFIXES:
        hint, words = hint or _PREFIXES[words[0]], words[1:]
    return " ".join("sungai" if w in _SUNGAI else w for w in words), hint


def _hard_split(raw: str) -> list[tuple[str, int]]:
    """Split at ``;``, ``,`` and newlines outside parentheses; ``;`` and newlines start a group."""
    parts = _HARD.split(raw)
    groups = [0]
    for sep in parts[1::2]:
        groups.append(groups[-1] + (sep != ","))
    return list(zip(parts[::2], groups, strict=True))


def _soft_split(text: str, is_name: Callable[[str], bool]) -> list[str]:
    """Split at ``dan``, ``and``, ``&`` and ``/`` except where the joined text is a known name."""
    parts = _SOFT.split(text)
    heads = [parts[0]]
    for sep, part in zip(parts[1::2], parts[2::2], strict=True):
        if is_name(heads[-1] + sep + part):
            heads[-1] += sep + part
        else:
            heads.append(part)
    return [h.strip() for h in heads if h.strip()]


def split_cell(raw: str, is_name: Callable[[str], bool]) -> list[Chunk]:
    """Split a cell into chunks of names with the qualifier in parentheses that covers them.

    A trailing qualifier also covers the unqualified chunks before it in its ``;``-group.
    ``is_name`` tells whether a text joined by ``dan``/``&``/``/`` is itself a known name.

    Examples
    --------
    >>> cell = "Desa Nanga Pari, Bernayau dan Semuntai (Kec. Sepauk); Sintang"
    >>> for chunk in split_cell(cell, lambda text: False):
    ...     print(chunk.heads, repr(chunk.qualifier), chunk.group)
    ['Desa Nanga Pari'] 'Kec. Sepauk' 0
    ['Bernayau', 'Semuntai'] 'Kec. Sepauk' 0
    ['Sintang'] '' 1
    """
    chunks: list[Chunk] = []
    for text, group in _hard_split(raw):
        quals = [q.strip() for q in _PAREN.findall(text) if q.strip()]
        head = _PAREN.sub(" ", text).replace("(", " ").replace(")", " ").strip()
        if not head:
            head, quals = "; ".join(quals), []
        chunks.append(Chunk(_soft_split(head, is_name), "; ".join(quals), bool(quals), group))
    carry, group = "", -1
    for chunk in reversed(chunks):
        if chunk.group != group:
            carry, group = "", chunk.group
        if chunk.own:
            carry = chunk.qualifier
        chunk.qualifier = carry
    return [c for c in chunks if c.heads]
