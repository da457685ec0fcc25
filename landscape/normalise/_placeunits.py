"""Admin units for the gazetteer: the records, reading them from tables, levels and tiers.

:class:`Place` is one unit; :class:`PlaceMatch`, :class:`Unresolved` and
:class:`PlaceList` are what :meth:`landscape.normalise.gazetteer.Gazetteer.parse`
returns. :func:`places_from` reads one level's units from a table and refuses
rows without a dotted Kemendagri code or a name. A *tier* is a tuple of codes a
unit must lie in (empty: anywhere).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import pandas as pd

from landscape.errors import InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

Level = Literal["kabupaten", "kecamatan", "desa"]
Tier = tuple[str, ...]
Mode = Literal["kecamatan", "desa", "any", "qualifier"]

LEVELS: tuple[Level, ...] = ("kabupaten", "kecamatan", "desa")

_CODE_FORM = {"kabupaten": (r"\d{2}\.\d{2}", "61.05"),
              "kecamatan": (r"\d{2}\.\d{2}\.\d{2}", "61.05.03"),
              "desa": (r"\d{2}\.\d{2}\.\d{2}\.\d{4}", "61.05.03.2016")}


@dataclass(frozen=True, slots=True)
class Place:
    """One administrative unit: Kemendagri code, name, level and parent code."""

    code: str
    name: str
    level: Level
    parent_code: str | None


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """A piece of a cell resolved to a unit; ``method`` is code, exact, alias or fuzzy."""

    written: str
    place: Place
    confidence: float
    method: str


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A piece of a cell that names no unit, with a one-sentence reason and a suggestion."""

    written: str
    reason: str
    suggestion: str


@dataclass(slots=True)
class PlaceList:
    """Everything one cell names: matches, unresolved pieces, whole-district flag."""

    matches: list[PlaceMatch]
    unresolved: list[Unresolved]
    whole_district: bool


def inside(code: str, tier: Tier) -> bool:
    """Whether a code is one of the tier's codes or lies below one (an empty tier: True)."""
    return not tier or any(code == t or code.startswith(t + ".") for t in tier)


def as_text(value: object) -> str:
    """Return a cell as stripped text; None, NaN and NA give ``""``."""
    if value is None or value is pd.NA or value is pd.NaT or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        return "" if math.isnan(value) else str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()


def places_from(frame: pd.DataFrame, level: Level, code_field: str,
                 name_field: str) -> list[Place]:
    """Read one level's units from a table, refusing rows without a proper code or name."""
    for column in (code_field, name_field):
        if column not in frame.columns:
            msg = (
                f"the {level} table has no column {column!r}; its columns are "
                             f"{', '.join(map(str, frame.columns))}: pass code_field/name_field"
            )
            raise InputError(msg)
    pattern, example = _CODE_FORM[level]
    places = []
    for row, (code, name) in enumerate(zip(frame[code_field], frame[name_field], strict=True),
                                       start=1):
        code_text, name_text = as_text(code), as_text(name)
        if not re.fullmatch(pattern, code_text) or not name_text:
            msg = (
                f"feature {row} of the {level} table has code {code_text!r} and "
                             f"name {name_text!r}: a {level} needs a dotted Kemendagri code "
                             f"such as {example} and a name"
            )
            raise InputError(msg)
        places.append(Place(code_text, name_text, level, code_text.rsplit(".", 1)[0]))
    return places


def levels_for(mode: Mode, hint: str | None) -> tuple[Level, ...]:
    """Return the levels a piece may match, in order of preference.

    ``mode`` is ``"kecamatan"`` or ``"desa"`` (that level only), ``"qualifier"`` (a
    note in parentheses) or ``"any"``; ``hint`` is the level a prefix names.
    """
    if mode in ("kecamatan", "desa"):
        return (mode,)
    if mode == "qualifier":
        return ("kabupaten", "kecamatan") if hint == "kabupaten" else ("kecamatan", "kabupaten")
    if hint == "kabupaten":
        return ("kabupaten", "kecamatan", "desa")
    return ("desa", "kecamatan", "kabupaten") if hint == "desa" else \
        ("kecamatan", "desa", "kabupaten")


def either(levels: Sequence[str]) -> str:
    """Return ``"kecamatan, desa or kabupaten"`` for a list of levels."""
    return " or ".join(", ".join(levels).rsplit(", ", 1))
