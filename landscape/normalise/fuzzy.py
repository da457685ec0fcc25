"""Fuzzy matching of names: the best candidate, if it is close enough and clearly the best.

One rule for places and organisations alike. A candidate's *score* is the
:class:`difflib.SequenceMatcher` ratio (0-1) between its key and the written key
(both folded by :mod:`landscape._text`); an item written in several forms (an
organisation's name and acronym) scores its best form. Then:

* candidates scoring below ``cutoff`` are not considered;
* the best one is a :class:`Match` when every other item scores less than
  ``best - margin``; otherwise the items within the margin are a :class:`Tie`
  and nothing is guessed;
* equal scores keep the order in which the candidates were given (callers put
  their preferred candidates first).

The defaults are :data:`landscape.settings.NAME_MATCH_CUTOFF` and
:data:`landscape.settings.NAME_MATCH_MARGIN`, read at call time.

Examples
--------
>>> best_match("nanga pary", [("nanga pari", "61.05.03.2016"), ("sepauk", "61.05.03")])
Match(item='61.05.03.2016', score=0.9)
>>> best_match("sungai", [("sungai a", 1), ("sungai b", 2)]).items
(1, 2)
>>> best_match("kapuas", [("melawi", 1)]) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import TYPE_CHECKING, Generic, TypeVar

from landscape import settings

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable

T = TypeVar("T", bound="Hashable")


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """The one candidate close enough and clearly closest; ``score`` is its similarity (0-1)."""

    item: T
    score: float


@dataclass(frozen=True, slots=True)
class Tie(Generic[T]):
    """Candidates about equally close (the best first); ``score`` is the best similarity."""

    items: tuple[T, ...]
    score: float


def closest(key: str, candidates: Iterable[tuple[str, T]], *,
            cutoff: float) -> list[tuple[T, float]]:
    """Return the items scoring at least ``cutoff``, best first.

    Parameters
    ----------
    key : str
        The folded name as written.
    candidates : iterable of (str, item)
        Folded candidate keys and the item each stands for; an item may come with
        several keys (it scores its best one). Items must be hashable.
    cutoff : float
        The lowest similarity kept (0-1).

    Returns
    -------
    list of (item, float)
        Each item once, with its best score; equal scores keep the order in which the
        items first appeared.
    """
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(key)
    best: dict[T, float] = {}
    for text, item in candidates:
        matcher.set_seq1(text)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            score = matcher.ratio()
            if score >= cutoff and score > best.get(item, -1.0):
                best[item] = score
    return sorted(best.items(), key=lambda pair: -pair[1])


def best_match(key: str, candidates: Iterable[tuple[str, T]], *,
               cutoff: float | None = None,
               margin: float | None = None) -> Match[T] | Tie[T] | None:
    """Return the candidate closest to ``key``, a tie, or None.

    Parameters
    ----------
    key : str
        The folded name as written.
    candidates : iterable of (str, item)
        Folded candidate keys and the item each stands for (see :func:`closest`).
    cutoff : float, optional
        The lowest similarity matched (0-1); default ``settings.NAME_MATCH_CUTOFF``.
    margin : float, optional
        The best item must beat every other by more than this; items scoring at least
        ``best - margin`` tie with it. Default ``settings.NAME_MATCH_MARGIN``.

    Returns
    -------
    Match, Tie or None
        None when no candidate reaches the cut-off.
    """
    cutoff = settings.NAME_MATCH_CUTOFF if cutoff is None else cutoff
    margin = settings.NAME_MATCH_MARGIN if margin is None else margin
    scored = closest(key, candidates, cutoff=cutoff)
    if not scored:
        return None
    top = scored[0][1]
    near = tuple(item for item, score in scored if score >= top - margin)
    if len(near) > 1:
        return Tie(near, top)
    return Match(near[0], top)
