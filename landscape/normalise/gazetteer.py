"""Gazetteer: free-text place names and codes to Kemendagri codes, with a confidence.

A :class:`Gazetteer` holds the admin units (kabupaten, kecamatan, desa);
:meth:`Gazetteer.parse` splits one cell (``"Desa Nanga Pari, Bernayau dan
Semuntai (Kec. Sepauk)"``, ``"Sei Tebelian"``, ``"6105062002"``, ``"Seluruh
Kabupaten"``) into matches, unresolved pieces with a reason and a suggestion,
and a whole-district flag. Codes are strings, never computed: a parent is the
dotted prefix of a code, and an undotted code is accepted only when it spells
a known code. Confidence is 1.0 for a code or an exact name after folding
accents, case, spaces, punctuation, the prefixes ``Kec.``/``Desa``/``Kab.`` and
``Sei``/``Sg.`` (= ``Sungai``) (:func:`landscape._text.fold_place`), or the difflib
similarity of a misspelling; it is multiplied by
:data:`landscape.settings.OUTSIDE_FACTOR` for a unit outside the row's kecamatan
(``within``) or outside the scope, and a fuzzy match never falls below
``NAME_MATCH_CUTOFF`` (:func:`landscape.normalise.fuzzy.best_match`).

The pieces live beside it: cell splitting and the whole-district words in
:mod:`landscape.normalise._placetext`, the records and reading units from tables
in :mod:`landscape.normalise._placeunits`, name folding and the place-word table
in :mod:`landscape._text`.

Examples
--------
>>> places = [Place("61.05", "Kabupaten Sintang", "kabupaten", "61"),
...           Place("61.05.03", "Sepauk", "kecamatan", "61.05"),
...           Place("61.05.03.2016", "Nanga Pari", "desa", "61.05.03")]
>>> gaz = Gazetteer(places, scope="61.05")
>>> found = gaz.parse("Ds. Nanga Pary (Kec. Sepauk)")
>>> [(m.place.code, m.method, m.confidence) for m in found.matches]
[('61.05.03.2016', 'fuzzy', 0.9)]
>>> gaz.parse("Se-Kabupaten Sintang").whole_district
True
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

import pandas as pd

from landscape import settings
from landscape._text import fold_place
from landscape.errors import InputError
from landscape.normalise._placetext import Chunk, is_whole_district, split_cell
from landscape.normalise._placeunits import (
    LEVELS,
    Level,
    Mode,
    Place,
    PlaceList,
    PlaceMatch,
    Tier,
    Unresolved,
    as_text,
    either,
    inside,
    levels_for,
    places_from,
)
from landscape.normalise.fuzzy import Match, best_match, closest

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["LEVELS", "Gazetteer", "Level", "Place", "PlaceList", "PlaceMatch", "Unresolved"]

_CODE = re.compile(r"\d{2}(?:[.\s]?\d{2}){1,2}(?:[.\s]?\d{4})?")
# A name with its full code: "Sungai Lama (61.05.03.2011)", "6105032011 - Sungai Lama".
_NAMED_CODE = re.compile(r"^\s*(?:(?P<a>[^()\d]+?)\s*[(\[-]\s*(?P<ca>[\d.]{6,13})\s*[)\]]?"
                         r"|(?P<cb>[\d.]{6,13})\s*[-:,]?\s*(?P<b>[^()\d]+?))\s*$")


class Gazetteer:
    """Admin units indexed by Kemendagri code and folded name, optionally scoped to one kabupaten.

    Build one from boundary frames with :meth:`from_frames` (the usual way), or from
    :class:`Place` records (``Place(code, name, level, parent)``). :meth:`parse` reads a
    cell of place names or codes ("Kec. Sepauk; Desa Sei Ana") into matches with their
    confidence; misspellings are matched only when one candidate is clearly closest
    (``settings.NAME_MATCH_CUTOFF`` and ``NAME_MATCH_MARGIN``).

    Parameters
    ----------
    places : sequence of Place
        The units; codes must be unique.
    scope : str, optional
        Code of the kabupaten the work is limited to (``"61.05"`` or ``"6105"``):
        names are matched there first, and its name or code means the whole district.

    Raises
    ------
    InputError
        For a code given twice, a unit of an unknown level, or a scope that is not a code
        of the units.
    """

    def __init__(self, places: Sequence[Place], *, scope: str | None = None) -> None:
        self._by_code: dict[str, Place] = {}
        self._by_name: dict[str, dict[str, list[Place]]] = {lvl: {} for lvl in LEVELS}
        self._kids: dict[str, list[Place]] = {}
        self._digits: dict[str, str] = {}
        self._names: dict[tuple[str, Tier], list[str]] = {}
        for place in places:
            self._add(place)
        self.scope: str | None = None if scope is None else self._canon(scope)
        if self.scope is not None and self.scope not in self._digits.values():
            msg = f"scope {scope!r} is not a code of the boundaries"
            raise InputError(msg)
        home = self._by_code.get(self.scope or "")
        self._scope_key = fold_place(home.name)[0] if home else ""

    def _add(self, place: Place) -> None:
        if place.code in self._by_code:
            msg = (
                f"code {place.code} appears twice in the boundaries "
                             f"({self._by_code[place.code].name!r} and {place.name!r})"
            )
            raise InputError(msg)
        if place.level not in LEVELS:
            msg = (
                f"unit {place.code} has level {place.level!r}, not one of "
                             f"{', '.join(LEVELS)}"
            )
            raise InputError(msg)
        self._by_code[place.code] = place
        self._by_name[place.level].setdefault(fold_place(place.name)[0], []).append(place)
        self._digits[re.sub(r"\D", "", place.code)] = place.code
        if place.parent_code:
            self._kids.setdefault(place.parent_code, []).append(place)
            self._digits.setdefault(re.sub(r"\D", "", place.parent_code), place.parent_code)

    @classmethod
    def from_frames(cls, kecamatan: pd.DataFrame, desa: pd.DataFrame, *,
                    kabupaten: pd.DataFrame | None = None, scope: str | None = None,
                    code_field: str = "kode", name_field: str = "nama") -> Gazetteer:
        """Build a gazetteer from tables of kecamatan, desa and optionally kabupaten.

        Parameters
        ----------
        kecamatan, desa, kabupaten : pandas.DataFrame
            One row per unit with a dotted Kemendagri code and a name; without the
            kabupaten table ``"Kab. <name>"`` cannot be recognised.
        scope : str, optional
            Code of the kabupaten the work is limited to.
        code_field, name_field : str
            Column names of the code and the name.

        Raises
        ------
        InputError
            A column is missing, a row has no name or no proper code, or a code repeats.
        """
        tables: list[tuple[Level, pd.DataFrame | None]] = [
            ("kabupaten", kabupaten), ("kecamatan", kecamatan), ("desa", desa)]
        return cls([place for level, frame in tables if frame is not None
                    for place in places_from(frame, level, code_field, name_field)],
                   scope=scope)

    def get(self, code: str) -> Place | None:
        """Return the unit with this code (dotted or not), or None."""
        return self._by_code.get(self._canon(code))

    def children(self, code: str) -> list[Place]:
        """Return the units directly below ``code`` (dotted or not), sorted by code."""
        return sorted(self._kids.get(self._canon(code), []), key=lambda p: p.code)

    def parse(self, text: object, *, level: Literal["kecamatan", "desa", "any"] = "any",
              within: Sequence[str] = ()) -> PlaceList:
        """Resolve the places a cell names.

        Parameters
        ----------
        text : object
            The cell; None, NaN and empty text give an empty list.
        level : {"any", "kecamatan", "desa"}
            Which units may match; ``"any"`` tries kecamatan, then desa (the
            prefix decides first: ``"Desa X"`` is a desa), then kabupaten.
        within : sequence of str
            Codes of the kecamatan named on the same row: desa are looked up there first.

        Returns
        -------
        PlaceList
        """
        out = PlaceList([], [], whole_district=False)
        raw = as_text(text)
        named = _NAMED_CODE.match(raw)
        place = self._by_code.get(self._canon(named["ca"] or named["cb"])) if named else None
        if named and place is not None and place.level in levels_for(level, None):
            same = fold_place(named["a"] or named["b"])[0] == fold_place(place.name)[0]
            out.matches.append(PlaceMatch(raw, place, 1.0, "code" if same else "renamed"))
        elif raw:
            self._parse_into(out, raw, level, tuple(self._canon(c) for c in within))
        return out

    def _parse_into(self, out: PlaceList, raw: str, mode: Mode, within: Tier) -> None:
        qualifiers: dict[str, Tier | None] = {}
        carry: str | None = None
        group = -1
        for chunk in split_cell(raw, self._is_name):
            if chunk.group != group:
                carry, group = None, chunk.group
            area, qual_hint = within, None
            if chunk.qualifier:
                if chunk.qualifier not in qualifiers:
                    qualifiers[chunk.qualifier] = self._qualifier(chunk.qualifier)
                codes = qualifiers[chunk.qualifier]
                if codes is None and self._inner_list(out, chunk, within):
                    continue
                if codes is None and chunk.own:
                    out.unresolved.append(Unresolved(
                        f"({chunk.qualifier})", f"the note ({chunk.qualifier}) names no "
                        "kecamatan or kabupaten, so it was not used to place the names", ""))
                area, qual_hint = (codes, "desa") if codes else (within, None)
            for head in chunk.heads:
                carry = fold_place(head)[1] or carry
                self._piece(out, head.strip(), carry or qual_hint, mode, area)

    def _qualifier(self, text: str) -> Tier | None:
        """Return the most precise codes a qualifier in parentheses names, or None."""
        sub = PlaceList([], [], whole_district=False)
        self._parse_into(sub, text, "qualifier", ())
        if sub.unresolved or not (sub.matches or sub.whole_district):
            return None
        codes = [m.place.code for m in sub.matches] + (
            [self.scope] if sub.whole_district and self.scope else [])
        return tuple(c for c in codes if not any(o.startswith(c + ".") for o in codes))

    def _inner_list(self, out: PlaceList, chunk: Chunk, within: Tier) -> bool:
        """Read ``"Kec. X (Desa A dan B)"``: desa listed in parentheses after their kecamatan."""
        if not chunk.own or len(chunk.heads) != 1:
            return False
        head = chunk.heads[0].strip()
        kec = self._lookup(fold_place(head)[0], head, ("kecamatan",), within)
        if not isinstance(kec, PlaceMatch):
            return False
        sub = PlaceList([], [], whole_district=False)
        self._parse_into(sub, chunk.qualifier, "desa", (kec.place.code,))
        if sub.unresolved or not sub.matches:
            return False
        out.matches.extend(sub.matches)
        return True

    def _piece(self, out: PlaceList, written: str, hint: str | None, mode: Mode,
               within: Tier) -> None:
        key, levels = fold_place(written)[0], levels_for(mode, hint)
        found: PlaceMatch | Unresolved | None
        if not key:
            return
        if _CODE.fullmatch(written):
            found = self._code(written, levels, within)
        elif self._is_whole(written, key, hint):
            found = None
        elif hint == "dusun":
            desa = [p for p in self._by_name["desa"].get(key, [])
                    if inside(p.code, self._tiers(within)[0])]
            found = Unresolved(written, f"{written!r} is a dusun, below the desa level of the "
                               "boundaries; name the desa it belongs to", self._mean(desa[:3]))
        else:
            found = self._lookup(key, written, levels, within)
        if found is None:
            out.whole_district = True
        elif isinstance(found, PlaceMatch):
            out.matches.append(found)
        else:
            out.unresolved.append(found)

    def _is_name(self, text: str) -> bool:
        return any(fold_place(text)[0] in self._by_name[lvl] for lvl in LEVELS)

    def _canon(self, code: str) -> str:
        """Return the dotted form of a known code written with or without dots."""
        return self._digits.get(re.sub(r"\D", "", code), code)

    def _is_whole(self, written: str, key: str, hint: str | None) -> bool:
        if self._scope_key and hint == "kabupaten" and key == self._scope_key:
            return True
        return is_whole_district(written, self._scope_key)

    def _tiers(self, within: Tier) -> list[Tier]:
        """Return the areas searched in turn: the row's kecamatan, the scope, everything."""
        tiers = [within] if within else []
        if self.scope is not None:
            tiers.append((self.scope,))
        return [*tiers, ()]

    def _code(self, written: str, levels: tuple[Level, ...],
              within: Tier) -> PlaceMatch | Unresolved | None:
        code = self._canon(written)
        if code == self.scope:
            return None
        place = self._by_code.get(code)
        if place is None:
            return Unresolved(written, f"unknown code {written!r}: no unit of the boundaries "
                              "has it", "")
        if place.level not in levels:
            return Unresolved(written, f"code {written} is the {place.level} {place.name}, "
                              f"not a {either(levels)}", "")
        outside = not inside(place.code, self._tiers(within)[0])
        return PlaceMatch(written, place, settings.OUTSIDE_FACTOR if outside else 1.0, "code")

    def _lookup(self, key: str, written: str, levels: tuple[Level, ...],
                within: Tier) -> PlaceMatch | Unresolved:
        """Resolve one folded name: ``Kota X``, then exact, then fuzzy, tier by tier."""
        tiers = self._tiers(within)
        if key.startswith("kota ") and "kecamatan" in levels:
            towns = [p for p in self._by_name["kecamatan"].get(key[5:], [])
                     if inside(p.code, self._tiers(())[0])]
            if len(towns) == 1:
                return PlaceMatch(written, towns[0], 1.0, "alias")
        for rank, tier in enumerate(tiers):
            for level in levels:
                found = [p for p in self._by_name[level].get(key, []) if inside(p.code, tier)]
                if len(found) == 1:
                    return PlaceMatch(written, found[0], settings.OUTSIDE_FACTOR if rank else 1.0,
                                      "exact")
                if found:
                    return Unresolved(written, f"{written!r} names {len(found)} {level} "
                                      f"({self._labels(found, ', ')}); name its kecamatan to "
                                      "choose", self._mean(found))
        others = [p for lvl in LEVELS if lvl not in levels for p in self._by_name[lvl].get(key, [])
                  if inside(p.code, tiers[-2] if len(tiers) > 1 else ())]
        if others:
            return Unresolved(written, f"{written!r} names a {others[0].level}, not a "
                              f"{either(levels)}", f"{self._labels(others[:3], ' or ')} is a "
                              f"{others[0].level}: name one of its units or move it")
        return self._fuzzy(key, written, levels, within)

    def _fuzzy(self, key: str, written: str, levels: tuple[Level, ...],
               within: Tier) -> PlaceMatch | Unresolved:
        """Match a misspelling in the nearest tier that has a close name; report ties."""
        tiers = self._tiers(within)
        for rank, tier in enumerate(tiers):
            factor = settings.OUTSIDE_FACTOR if rank else 1.0
            first = self._first_level(levels, tier)
            found = best_match(key, ((name, name) for name in first),
                               cutoff=settings.NAME_MATCH_CUTOFF / factor,
                               margin=settings.NAME_MATCH_MARGIN)
            if found is None:
                continue
            names = [found.item] if isinstance(found, Match) else list(found.items)
            places = [p for i, name in enumerate(names)
                      for level in ((first[name],) if i == 0 else levels)
                      for p in self._by_name[level].get(name, []) if inside(p.code, tier)]
            if len(places) > 1:
                return Unresolved(written, f"{written!r} is about equally close to "
                                  f"{self._labels(places, ' and ')}", self._mean(places))
            return PlaceMatch(written, places[0], round(found.score * factor, 3), "fuzzy")
        areas = [self._area(code) for code in (*within, *([self.scope] if self.scope else []))]
        where = f"in {', '.join(areas)} or elsewhere in" if areas else "in"
        reason = f"no {either(levels)} named {written!r} {where} the boundaries"
        for tier in tiers:
            first = self._first_level(levels, tier)
            near = closest(key, ((name, name) for name in first),
                           cutoff=settings.PLACE_SUGGEST_CUTOFF)[:1]
            if near:
                name = near[0][0]
                places = [p for p in self._by_name[first[name]][name] if inside(p.code, tier)]
                return Unresolved(written, reason, self._mean(places[:3]))
        return Unresolved(written, reason, "")

    def _first_level(self, levels: tuple[Level, ...], tier: Tier) -> dict[str, Level]:
        """Return the names of units in a tier, each with its first level in ``levels``.

        Names are in the order equal scores are ranked by: preferred level first,
        then by name, descending.
        """
        first: dict[str, Level] = {}
        for level in levels:
            names = self._names.get((level, tier))
            if names is None:
                names = sorted((name for name, places in self._by_name[level].items()
                                if any(inside(p.code, tier) for p in places)), reverse=True)
                self._names[level, tier] = names
            for name in names:
                first.setdefault(name, level)
        return first

    def _area(self, code: str) -> str:
        place = self._by_code.get(code)
        if place is None:
            return code
        plain = fold_place(place.name)[1] is None and not place.name.lower().startswith("kota ")
        return f"{f'{place.level} {place.name}' if plain else place.name} ({code})"

    def _labels(self, places: Sequence[Place], sep: str) -> str:
        """Return ``'Semuntai' in kecamatan Sepauk (61.05.03.2011)`` for each place."""
        parts = []
        for p in places:
            parent = self.get(p.parent_code) if p.parent_code and p.level == "desa" else None
            inside = f" in {parent.level} {parent.name}" if parent else ""
            parts.append(f"{p.name!r}{inside} ({p.code})")
        return sep.join(parts)

    def _mean(self, places: Sequence[Place]) -> str:
        return f"did you mean {self._labels(places, ' or ')}?" if places else ""
