"""Validation problems: what could not be resolved, never silently dropped.

A :class:`Problem` names where the value was found (file, sheet, row, column),
the value itself, what is wrong and a suggestion. Readers and normalisers return
problems alongside their data; the build writes them all to ``validation.json``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
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
        ``"error"`` (the value was not used) or ``"warning"`` (it was used
        with an assumption the user should check).
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str
    problem: str
    suggestion: str = ""
    severity: str = "warning"

    def to_dict(self) -> dict[str, Any]:
        """Return the problem as a plain mapping for JSON output."""
        return asdict(self)

    def where(self) -> str:
        """Return a short human description of where the value was found."""
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)
