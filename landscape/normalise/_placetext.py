"""Place text: splitting a location cell into names, and the words for the whole district.

A location cell lists places as people write them: ``"Desa Nanga Pari, Bernayau
dan Semuntai (Kec. Sepauk)"``. :func:`split_cell` cuts it at ``;``, ``,`` and
newlines (outside parentheses), then at ``dan``/``and``/``&``/``/`` unless the
joined text is a known name, and gives each chunk the qualifier in parentheses
that covers it. :func:`is_whole_district` recognises the ways a cell says "the
whole district" (:data:`WHOLE_DISTRICT`). Names are folded for comparison by
:mod:`landscape._text`; :mod:`landscape.normalise.gazetteer` builds on both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from landscape._text import fold

if TYPE_CHECKING:
    from collections.abc import Callable

#: Folded texts that mean the whole district, after a trailing district name is removed.
WHOLE_DISTRICT: Final = frozenset({
    "seluruh", "seluruhnya", "semua", "all", "seluruh kabupaten", "se kabupaten",
    "sekabupaten", "seluruh kab", "se kab", "seluruh wilayah", "semua wilayah",
    "seluruh kecamatan", "semua kecamatan", "seluruh desa", "semua desa", "kabupaten",
    "tingkat kabupaten", "whole district", "entire district", "district wide",
    "whole kabupaten", "all kecamatan", "all desa", "whole regency", "districtwide",
    "kabupaten wide", "regency wide", "skala kabupaten", "lingkup kabupaten",
    "all locations", "semua lokasi", "seluruh lokasi", "all areas"})
#: The general form, in English and Indonesian: "All sub-districts", "Semua desa/kelurahan",
#: "Seluruh wilayah kabupaten", "the whole district", "every village in the district".
_WHOLE_FORM = re.compile(
    r"^(?:the )?(?:all|every|whole|entire|semua|seluruh|segenap|se)(?: the)? "
    r"(?:sub ?districts?|villages?|desa(?: dan)?(?: kelurahan)?|kelurahan|kecamatan|"
    r"kabupaten|kab|district|regency|wilayah(?: kabupaten)?)"
    r"(?: (?:di|in|of|dalam|se)(?: the)? (?:kabupaten|kab|district|regency))?$")
_NOT_WHOLE = frozenset({"se kecamatan", "se desa", "se kelurahan"})  # the whole of *one* unit
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


def is_whole_district(text: str, scope_key: str = "") -> bool:
    """Whether a piece of a cell means the whole district (``"Seluruh Kabupaten"``).

    ``text`` is folded by :func:`landscape._text.fold`; a trailing name of the
    district (``scope_key``, folded) is ignored: ``"Se-Kabupaten Sintang"``.

    Examples
    --------
    >>> is_whole_district("Se-Kabupaten Sintang", "sintang"), is_whole_district("Sepauk")
    (True, False)
    >>> is_whole_district("All sub-districts"), is_whole_district("Semua desa di Kab. Sintang",
    ...                                                           "sintang")
    (True, True)
    """
    keys = {fold(text)}
    if scope_key:
        end = rf" {re.escape(scope_key)}$"
        keys |= {re.sub(end, "", k) for k in keys}
        keys |= {re.sub(rf"(?: (?:di|in|of|dalam|the|kabupaten|kab|district|regency))*{end}",
                        "", k) for k in keys}
    return any(k in WHOLE_DISTRICT or (k not in _NOT_WHOLE and bool(_WHOLE_FORM.match(k)))
               for k in keys)


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
