"""Several implementing organisations written in one cell: one activity per organisation.

A 3W row often reads "Yayasan Alfa; Yayasan Gamma" or "WWF dan Yayasan Alfa" under
``#org+impl``: two partners carry the activity out together. Read as one
organisation named by the whole string, the row would count one organisation
where two work, put a name nobody has on the map and hide both partners from
the coordination lists, which is the first thing a forum's planner reads
("who works in this desa?"). Refusing the row would lose its places and
budget until someone rewrites the sheet. So the row is split: one activity
per organisation, each with the row's places, dates and items, and the budget
divided equally (whole rupiah, the remainder to the first ones, so the total
is the row's total), reported once (info) so the user can give each partner
its own row and budget.

A cell is split only when it clearly names several organisations: on ``;``,
``,``, ``/``, ``&``, "dan" or "and", into parts that are each an organisation
of the organisation sheet (by full name or acronym, exactly); without an
organisation sheet, into parts that each look like a name: an acronym
("WWF") or a body-type word with a name ("Yayasan Alfa", "PT Sinar"). A name
that is itself on the sheet ("Yayasan Alam dan Manusia") is never split, nor
is one whose parts are not names ("Dinas Lingkungan Hidup dan Kehutanan":
"Kehutanan" is not an organisation).
"""

from __future__ import annotations

import re
from typing import Any

from landscape._cells import is_blank
from landscape.normalise.orgs import OrgIndex, clean_name, guess_org_type

_SEPARATORS = re.compile(r"\s*(?:[;,/&\n]|\bdan\b|\band\b)\s*", re.IGNORECASE)
_ACRONYM = re.compile(r"[A-Z][A-Z0-9.&-]{1,9}")
_SHARED = ("budget_idr", "budget_amount")


def _looks_like_a_name(part: str) -> bool:
    """Whether a part reads as an organisation's name on its own: an acronym or "Yayasan X"."""
    if _ACRONYM.fullmatch(part):
        return True
    return len(part.split()) >= 2 and guess_org_type(part) is not None


def implementers(written: object, index: OrgIndex) -> tuple[str, ...]:
    """Return the organisations a cell names when it clearly names several, else ``()``.

    Parameters
    ----------
    written : object
        The implementer cell.
    index : OrgIndex
        The organisation sheet (empty when there is none).

    Examples
    --------
    >>> implementers("Yayasan Alfa dan Yayasan Gamma", OrgIndex([]))
    ('Yayasan Alfa', 'Yayasan Gamma')
    >>> implementers("Dinas Lingkungan Hidup dan Kehutanan", OrgIndex([]))
    ()
    """
    text = clean_name(written)
    parts = [p for p in _SEPARATORS.split(text) if p]
    if len(parts) < 2:
        return ()
    if index.orgs:
        if index.resolve(text).method == "exact":
            return ()
        found = [index.resolve(p) for p in parts]
        if not all(m.org is not None and m.method == "exact" for m in found):
            return ()
    elif not all(_looks_like_a_name(p) for p in parts):
        return ()
    return tuple(dict.fromkeys(parts))


def _shares(total: Any, n: int) -> list[Any]:
    """Divide a whole amount into ``n`` equal whole shares, the remainder to the first ones."""
    if is_blank(total):  # None or NaN: nothing to divide
        return [total] * n
    base, left = divmod(int(total), n)
    return [base + (k < left) for k in range(n)]


def share_among(record: dict[str, Any],
                orgs: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """Make one record per organisation ``(name, type, written)``, the budget divided equally.

    The activity id gains ``/1``, ``/2``... in the order the cell names them.

    Examples
    --------
    >>> rows = share_among({"activity_id": "KM-1", "budget_idr": 100, "budget_amount": 100},
    ...                    [("A", "LSM", "A"), ("B", "LSM", "B"), ("C", "LSM", "C")])
    >>> [(r["activity_id"], r["org"], r["budget_idr"]) for r in rows]
    [('KM-1/1', 'A', 34), ('KM-1/2', 'B', 33), ('KM-1/3', 'C', 33)]
    """
    shares = {name: _shares(record.get(name), len(orgs)) for name in _SHARED}
    return [{**record, "activity_id": f"{record['activity_id']}/{k + 1}", "org": org,
             "org_type": org_type, "org_written": written,
             **{name: shares[name][k] for name in _SHARED}}
            for k, (org, org_type, written) in enumerate(orgs)]
