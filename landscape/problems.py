"""Validation problems: what could not be resolved, never silently dropped.

A :class:`Problem` names where the value was found (file, sheet, row, column),
the value itself, what is wrong and a suggestion. Readers and normalisers return
problems alongside their data; the build writes them all to ``validation.json``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing in the inputs that could not be used as it stands.

    Parameters
    ----------
    file : str
        File name (not the full path) where the value was found.
    sheet : str or None
        Sheet or layer name, if the file has several.
    row : int or None
        Row number as the user sees it (the spreadsheet's own 1-based row
        number, counting title and header rows), or the feature's position.
    column : str or None
        Column or attribute name.
    value : str
        The value as written.
    problem : str
        What is wrong, in one sentence.
    suggestion : str
        What the value was taken to mean, or how to fix it; empty if nothing.
    severity : str
        ``"error"`` (the value was not used), ``"warning"`` (it was used
        with an assumption the user should check) or ``"info"`` (a choice the
        toolkit made by a rule, said so the user can check it).
    record_id : str
        The row's own id (the activity's ID, the action item's number) beside
        its row number; empty when the row has none or the problem is not a row's.
    dropped : bool
        True when the row or feature itself was left out: it is on no map and
        in no per-place table. Each row or feature left out has exactly one such
        problem, so the rows and features of the inputs add up to those built
        plus those marked dropped.
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str
    problem: str
    suggestion: str = ""
    severity: str = "warning"
    record_id: str = ""
    dropped: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as a plain mapping for JSON output."""
        return asdict(self)

    def where(self) -> str:
        """Return a short human description of where the value was found."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}" + (f" ({self.record_id})" if self.record_id else ""))
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)


def with_record_ids(problems: Iterable[Problem], source: tuple[str, str | None],
                    ids: Mapping[int, str]) -> list[Problem]:
    """Give the problems of a table's rows the row's own id beside the row number.

    Parameters
    ----------
    problems : iterable of Problem
        Problems of any file.
    source : tuple of (str, str or None)
        The table's file name and sheet (``None`` for a CSV).
    ids : mapping of int to str
        Row number -> the row's own id.

    Examples
    --------
    >>> [p.where() for p in with_record_ids([Problem("3w.csv", None, 4, "Desa", "X", "?")],
    ...                                       ("3w.csv", None), {4: "KM-02"})]
    ["3w.csv, row 4 (KM-02), column 'Desa'"]
    """
    return [replace(p, record_id=ids[p.row])
            if (p.file, p.sheet or None) == source and p.row is not None and p.row in ids
            and not p.record_id
            else p for p in problems]
