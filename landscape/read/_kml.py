"""Attributes that KML exporters write as an HTML table inside ``<description>``.

ArcGIS "Layer to KML" (and several web map exports) keep a feature's attributes
only as an HTML table of key/value rows in the placemark's description, not as
``ExtendedData``. :func:`expand_descriptions` reads those rows back into columns,
so that an organisation (``mitra``), an id (``kode``) or a name in the table is
used like any other attribute. The HTML is read with the standard library's
:class:`html.parser.HTMLParser`, which resolves no external entity and runs
nothing; only text is taken.

Examples
--------
>>> html = "<table><tr><td>Layer</td></tr><tr><td>MITRA</td><td>YRK</td></tr></table>"
>>> description_table(html)
({'MITRA': 'YRK'}, '')
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import geopandas as gpd
import pandas as pd

__all__ = ["description_table", "expand_descriptions"]

#: Values ArcGIS writes for an empty field.
_EMPTY = frozenset({"", "<null>", "null", "&lt;null&gt;"})
#: Table rows that describe the geometry, not the feature.
_BOOKKEEPING = frozenset({"shape", "shape_length", "shape_area", "shape_leng", "shape_le_1"})
_SKIPPED = frozenset({"head", "script", "style", "title"})


@dataclass(slots=True)
class _Cell:
    text: list[str] = field(default_factory=list)
    nested: bool = False


@dataclass(slots=True)
class _Table:
    rows: list[list[_Cell]] = field(default_factory=list)
    cell: _Cell | None = None


class _TableParser(HTMLParser):
    """Collects key/value rows (two leaf cells) of every table, and the text outside tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pairs: dict[str, str] = {}
        self.outside: list[str] = []
        self._tables: list[_Table] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "table":
            if self._tables and self._tables[-1].cell is not None:
                self._tables[-1].cell.nested = True
            self._tables.append(_Table())
        elif self._tables and tag == "tr":
            self._tables[-1].rows.append([])
        elif self._tables and tag in {"td", "th"}:
            table = self._tables[-1]
            if not table.rows:
                table.rows.append([])
            table.cell = _Cell()
            table.rows[-1].append(table.cell)
        elif tag == "br":
            self.handle_data("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "table" and self._tables:
            for row in self._tables.pop().rows:
                self._take(row)
        elif self._tables and tag in {"td", "th"}:
            self._tables[-1].cell = None

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if not self._tables:
            self.outside.append(data)
        elif self._tables[-1].cell is not None:
            self._tables[-1].cell.text.append(data)

    def _take(self, row: list[_Cell]) -> None:
        if len(row) != 2 or any(cell.nested for cell in row):
            return
        key, value = (" ".join("".join(cell.text).split()) for cell in row)
        if key and key not in self.pairs and key.lower() not in _BOOKKEEPING:
            self.pairs[key] = value


def description_table(text: str) -> tuple[dict[str, str], str]:
    """Return the key/value rows of the HTML tables in ``text`` and the text outside them.

    Rows with two plain cells are pairs (the first cell the key); title rows,
    rows holding a nested table and geometry bookkeeping (``Shape``,
    ``Shape_Area``) are not. Values ArcGIS writes for empty (``<Null>``) are
    left out.
    """
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    pairs = {k: v for k, v in parser.pairs.items() if v.strip().lower() not in _EMPTY}
    return pairs, " ".join("".join(parser.outside).split())


def expand_descriptions(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Move the key/value tables of a KML layer's descriptions into columns.

    A key that matches an existing column (case-insensitively) fills that
    column only where it is empty; other keys become columns of their own. The
    description keeps the text outside the tables (empty when there is none).
    Descriptions without a table are left as they are.
    """
    column = next((c for c in frame.columns if str(c).lower() == "description"), None)
    if column is None:
        return frame
    found = [_parsed(value) for value in frame[column]]
    if not any(pairs for pairs, _ in found):
        return frame
    frame = frame.copy()
    frame[column] = pd.Series(
        [rest or None if pairs else value for (pairs, rest), value in zip(found, frame[column],
                                                                          strict=True)],
        index=frame.index, dtype=object,
    )
    existing = {str(c).lower(): c for c in frame.columns}
    for key in dict.fromkeys(k for pairs, _ in found for k in pairs):
        values = pd.Series([pairs.get(key) for pairs, _ in found], index=frame.index, dtype=object)
        target = existing.get(key.lower())
        if target is None:
            frame[key] = values
            existing[key.lower()] = key
        else:
            blank = frame[target].isna() | (frame[target].astype(str).str.strip() == "")
            frame[target] = frame[target].astype(object).where(~blank, values)
    return frame


def _parsed(value: object) -> tuple[dict[str, str], str]:
    if not isinstance(value, str) or "<t" not in value.lower():
        return {}, ""
    return description_table(value)
