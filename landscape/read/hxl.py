"""HXL hashtags by the standard's semantics: a tag and a set of attributes.

The Humanitarian Exchange Language puts a row of hashtags under (or instead of)
the header: ``#org +impl +name``. The attributes are a *set*: their order, case
and the spaces around ``+`` do not matter. :func:`parse_tag` reads one cell
with libhxl (:meth:`hxl.model.Column.parse`, after closing the spaces libhxl
refuses: ``#adm4 + code``); :class:`TagRule` says which tag and attributes make a
column one field of a table (``#org`` with ``+impl``, without ``+reporting``);
:func:`choose` gives each field the column whose tag fits best (:func:`fit`) and
lists the other candidates so the reader can report the choice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from hxl.model import Column

from landscape._cells import is_blank

_SPACES = re.compile(r"\s*([#+])\s*")

#: Attributes that give an organisation column a role other than "the one who does it".
ORG_ROLES = frozenset({"impl", "reporting", "funder", "donor", "prog", "programme", "program",
                       "lead", "support", "partner"})


@dataclass(frozen=True, slots=True)
class Tag:
    """One HXL hashtag: the tag (``#org``) and its attributes as a set."""

    tag: str
    attributes: frozenset[str]

    def __str__(self) -> str:
        """Return the tag with its attributes sorted: ``#org+impl+name``."""
        return self.tag + "".join(f"+{a}" for a in sorted(self.attributes))


@dataclass(frozen=True, slots=True)
class TagRule:
    """A column is ``field`` when its tag is ``tag``, it has every ``need`` and no ``avoid``.

    Rules are tried in order; an earlier rule for the same field is a better fit.
    """

    field: str
    tag: str
    need: frozenset[str] = frozenset()
    avoid: frozenset[str] = frozenset()

    def fits(self, tag: Tag) -> bool:
        """Whether a column's tag fits this rule."""
        return (tag.tag == self.tag and self.need <= tag.attributes
                and not self.avoid & tag.attributes)


def rule(spec: str, field: str, *, avoid: str | frozenset[str] = "") -> TagRule:
    """Make a rule from a tag pattern: ``rule("#org+impl", "org")``.

    ``avoid`` lists attributes (``"+code+plan"`` or a set) that exclude a column.
    """
    tag = parse_tag(spec)
    if tag is None:
        msg = f"not an HXL tag pattern: {spec!r}"
        raise ValueError(msg)
    excluded = avoid if isinstance(avoid, frozenset) else frozenset(
        a for a in avoid.split("+") if a)
    return TagRule(field, tag.tag, tag.attributes, excluded)


def parse_tag(text: object) -> Tag | None:
    """Read one cell as an HXL hashtag, or return ``None`` when it is not one.

    Examples
    --------
    >>> str(parse_tag("#Org + Impl +name")), parse_tag("Organisation")
    ('#org+impl+name', None)
    >>> parse_tag("#org +impl") == parse_tag("#org+impl")
    True
    """
    if is_blank(text):
        return None
    raw = _SPACES.sub(r"\1", str(text).strip())
    if not raw.startswith("#"):
        return None
    column = Column.parse(raw)
    if not column:
        return None
    return Tag(str(column.tag).lower(), frozenset(str(a).lower() for a in column.attributes))


def is_hashtag_row(cells: Sequence[object]) -> bool:
    """Whether a row is an HXL hashtag row: every filled cell is a hashtag (at least one)."""
    filled = [c for c in cells if not is_blank(c)]
    return bool(filled) and all(parse_tag(c) is not None for c in filled)


def fit(tag: Tag, rules: Sequence[TagRule]) -> tuple[str, int] | None:
    """Return the field a hashtag gives and the rank of the rule (lower fits better)."""
    return next(((r.field, i) for i, r in enumerate(rules) if r.fits(tag)), None)


@dataclass(frozen=True, slots=True)
class Choice:
    """Fields chosen for columns: position -> field, and the candidates left aside.

    ``passed`` maps a field to the positions that could have been it but lost
    to the chosen column (a better fit, or the leftmost among equals).
    """

    fields: dict[int, str]
    passed: dict[str, list[int]]


def choose(candidates: dict[int, tuple[str, int]]) -> Choice:
    """Give each field to its best candidate column: lowest rank, then leftmost.

    Parameters
    ----------
    candidates : dict of int to (str, int)
        Column position -> (field, rank).

    Examples
    --------
    >>> rules = [rule("#org+impl", "org"), rule("#org", "org", avoid=ORG_ROLES),
    ...          rule("#org+reporting", "reporting_org")]
    >>> tags = [parse_tag("#org+reporting"), parse_tag("#org"), parse_tag("#org +impl")]
    >>> found = choose({pos: hit for pos, tag in enumerate(tags)
    ...                 if tag and (hit := fit(tag, rules))})
    >>> found.fields, found.passed
    ({0: 'reporting_org', 2: 'org'}, {'org': [1]})
    """
    best: dict[str, tuple[int, int]] = {}  # field -> (rank, position)
    for pos, (name, rank) in sorted(candidates.items()):
        held = best.get(name)
        if held is None or rank < held[0]:
            best[name] = (rank, pos)
    fields = {pos: name for name, (_, pos) in best.items()}
    passed: dict[str, list[int]] = {}
    for pos, (name, _) in sorted(candidates.items()):
        if fields.get(pos) != name:
            passed.setdefault(name, []).append(pos)
    return Choice(dict(sorted(fields.items())), passed)
