"""What a status cell says about the work: planned or proposed, or under way or done.

Partners and the plan write a status in words (``Rencana``, ``Usulan``, ``Berjalan``,
``Selesai``, ``Tertunda``, ``planned``, ``proposed``...). :func:`status_kind` folds the
spelling (:func:`landscape._text.fold`) and says which kind it is, so that a planned project
area is never counted as work under way. A status not recognised is ``""`` (counted as work,
as before statuses were read).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from landscape._text import fold

__all__ = ["PLANNED", "STATUS_WORDS", "status_kind"]

PLANNED: Final = "planned"
#: Folded status words and their kind: ``planned`` (not started: a plan or a proposal),
#: ``underway``, ``done``, ``held`` (postponed).
STATUS_WORDS: Final = MappingProxyType({
    "rencana": PLANNED, "direncanakan": PLANNED, "perencanaan": PLANNED, "usulan": PLANNED,
    "usul": PLANNED, "diusulkan": PLANNED, "proposal": PLANNED, "planned": PLANNED,
    "plan": PLANNED, "proposed": PLANNED, "pipeline": PLANNED, "belum dimulai": PLANNED,
    "not started": PLANNED,
    "berjalan": "underway", "sedang berjalan": "underway", "ongoing": "underway",
    "in progress": "underway", "aktif": "underway", "active": "underway",
    "selesai": "done", "done": "done", "completed": "done", "complete": "done",
    "tertunda": "held", "ditunda": "held", "postponed": "held", "on hold": "held",
})


def status_kind(text: object) -> str:
    """Return the kind of a status as written, ``""`` when empty or not recognised.

    Examples
    --------
    >>> status_kind(" RENCANA ")
    'planned'
    >>> status_kind("Usulan")
    'planned'
    >>> status_kind("Berjalan")
    'underway'
    >>> status_kind("")
    ''
    """
    if not isinstance(text, str):
        return ""
    return STATUS_WORDS.get(fold(text), "")
