"""The atlas's changes panel: what changed since an earlier build, as page data.

A build with ``--since`` compares itself with an earlier build
(:func:`landscape.analyse.changes.changes`) and the atlas shows the result in
its side panel (``assets/atlas-changes.js``): counts by kind and change, then
every change grouped by kind. The panel's words live here in both languages;
the Indonesian words of kinds, changes and fields are the report's
(:data:`landscape.render.report.labels.CHANGE_WORDS_ID`), so the workbook and the
atlas say the same. Without a comparison the payload has no ``changes`` entry and
the page no panel.
"""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

from landscape.render.report.labels import CHANGE_WORDS_ID

if TYPE_CHECKING:
    from collections.abc import Collection

    from landscape.render.atlas.model import ChangeSet

#: The columns of a change, in the order the page receives them.
COLUMNS: Final = ("kind", "change", "key", "label", "field", "old", "new")
#: Order of the kinds in the panel (that of changes.csv).
KINDS: Final = ("activity", "organisation", "overlap", "gap", "item", "budget")

_PANEL: Final = MappingProxyType({
    "id": {"title": "Perubahan sejak {date}", "title_undated": "Perubahan sejak data sebelumnya",
           "none": "Tidak ada perubahan.", "counts": "Jumlah perubahan",
           "show": "Tampilkan di peta", "activity": "Kegiatan", "organisation": "Lembaga",
           "overlap": "Tumpang tindih", "gap": "Celah", "item": "Rencana aksi",
           "budget": "Anggaran per sumber dan tahun"},
    "en": {"title": "Changes since {date}", "title_undated": "Changes since the earlier data",
           "none": "No changes.", "counts": "Number of changes", "show": "Show on the map",
           "activity": "Activities", "organisation": "Organisations", "overlap": "Overlaps",
           "gap": "Gaps", "item": "Action plan items", "budget": "Budget by source and year"},
})
_WORDS_EN: Final = MappingProxyType({"budget_idr": "budget (IDR)", "org": "organisation",
                                     "has_activity": "has activity"})
#: The values of the field ``has_activity``.
_YES_NO_ID: Final = MappingProxyType({"true": "ya", "false": "tidak"})
_YES_NO_EN: Final = MappingProxyType({"true": "yes", "false": "no"})


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def changes_payload(found: ChangeSet | None, *, lang: str,
                    activity_ids: Collection[str]) -> dict[str, Any]:
    """Return the payload's ``changes`` entry (``{}`` without a comparison).

    Parameters
    ----------
    found : ChangeSet or None
        What changed, or None for a build without ``--since``.
    lang : str
        ``"id"`` or ``"en"``.
    activity_ids : collection of str
        The activities of this build: a change of one of them can be shown on the map.

    Returns
    -------
    dict
        ``{"changes": {"t", "words", "since", "kinds", "rows"}}``; each row is
        the seven columns of :data:`COLUMNS` as text, then whether it is an
        activity of this build.
    """
    if found is None:
        return {}
    english = lang == "en"
    words = {**(_WORDS_EN if english else CHANGE_WORDS_ID),
             **(_YES_NO_EN if english else _YES_NO_ID)}
    table = found.table
    rows = [[*(_text(value) for value in values),
             values[0] == "activity" and _text(values[2]) in activity_ids]
            for values in zip(*(table[c] for c in COLUMNS), strict=True)]
    return {"changes": {"t": dict(_PANEL["en" if english else "id"]), "words": words,
                        "since": found.since, "kinds": list(KINDS), "rows": rows}}
