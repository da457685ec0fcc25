"""Reading the forum's spreadsheets: workbooks, single CSV tables, HXL rows.

Real workbooks have title blocks above the header, notes below the data, merged
cells and sheets named in whatever language the secretariat uses. This module
finds, for each kind of record (organisations, action items, activities), the
sheet and the header row whose cells best match :mod:`landscape.read.schema`, and
returns the data rows with their original row numbers so every later problem
can name the row the user sees in Excel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from landscape._cells import is_blank
from landscape.errors import InputError, InputFileError
from landscape.problems import Problem
from landscape.read._decode import cut_short, decode_text, read_csv_rows
from landscape.read.hxl import choose, fit, is_hashtag_row, parse_tag
from landscape.read.schema import (
    SCHEMAS,
    RecordKind,
    TableSchema,
    fold_header,
    is_numbering_row,
)
from landscape.read.units import column_currencies, header_unit
from landscape.read.workbook import (
    Sheet,
    no_table,
    other_columns,
    read_workbook,
    report_choice,
    sheet_date,
)
from landscape.settings import HEADER_SCAN_ROWS

if TYPE_CHECKING:
    from collections.abc import Collection


@dataclass(slots=True)
class Table:
    """The data rows of one kind of record, with canonical column names.

    Attributes
    ----------
    kind : str
        ``organisations``, ``action_items`` or ``activities``.
    file, sheet : str
        Where the rows were found (``sheet`` is ``""`` for a CSV).
    header_row : int
        The 1-based row number of the header.
    columns : dict of str to str
        Canonical field -> header text as written.
    rows : pandas.DataFrame
        One row per data row: canonical fields as columns (raw cell values) and
        ``source_row``, the 1-based row number in the file.
    scale : dict of str to int
        Fields whose header gives a unit multiplier ("Anggaran (Rp juta)": 10**6)
        that applies to plain numbers in the column.
    currency : dict of str to str
        Fields whose header ("Budget (USD)") or HXL attribute (``#value+usd``)
        names a currency: the ISO code of the plain numbers in the column.
    unread : tuple of str
        The headers of the columns no field takes: their cells are not read.
    problems : list of Problem
        Problems of the file itself (a CSV that is not UTF-8).
    others : dict of str to list
        Cells of the columns no field names, by header text (evidence of date order).
    """

    kind: RecordKind
    file: str
    sheet: str
    header_row: int
    columns: dict[str, str]
    rows: pd.DataFrame = field(repr=False)
    scale: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    currency: dict[str, str] = field(default_factory=dict)
    unread: tuple[str, ...] = ()
    others: dict[str, list[Any]] = field(default_factory=dict, repr=False)


@dataclass(frozen=True, slots=True)
class _Header:
    index: int
    mapping: dict[int, str]
    skip: int  # rows under the header that belong to it (HXL tags, sub-headers, numbers)
    candidates: dict[int, tuple[str, int]] = field(default_factory=dict)  # pos -> field, rank

    @property
    def score(self) -> int:
        return len(self.mapping)


def _alias_index(schema: TableSchema) -> dict[str, str]:
    index: dict[str, str] = {}
    for name, aliases in schema.aliases.items():
        for alias in aliases:
            index.setdefault(fold_header(alias), name)
    return index


def unit_scale(header: str) -> int:
    """Return the multiplier a header gives its plain numbers ("Anggaran (Rp juta)" -> 10**6).

    Examples
    --------
    >>> unit_scale("Anggaran (Rp juta)"), unit_scale("Anggaran (Rp)"), unit_scale("Budget")
    (1000000, 1, 1)
    """
    return header_unit(header).scale


_TEXT_RANK = 1000  # a hashtag that fits a field beats any header text naming it


def _candidates(cells: list[Any], schema: TableSchema,
                tags: list[Any] | None = None) -> dict[int, tuple[str, int]]:
    """Name the field each column could be, with its rank (lower fits better).

    A column's HXL hashtag (from the hashtag row ``tags`` or the cell itself)
    decides when it fits one of the schema's rules; otherwise its header text.
    """
    index = _alias_index(schema)
    found: dict[int, tuple[str, int]] = {}
    for pos, cell in enumerate(cells):
        tag = parse_tag(tags[pos] if tags is not None and pos < len(tags) else None)
        tag = tag or parse_tag(cell)
        hit = fit(tag, schema.tags) if tag is not None else None
        if hit is not None:
            found[pos] = hit
            continue
        folded = "" if _is_empty(cell) else fold_header(cell)
        if not folded or folded.startswith("#"):
            continue
        core = header_unit(cell).core
        name = index.get(folded) or index.get(core)
        if name is not None:
            preferred = folded in schema.preferred or core in schema.preferred
            found[pos] = (name, _TEXT_RANK + (not preferred))
    return found


def _match_header(cells: list[Any], schema: TableSchema) -> dict[int, str]:
    """Map column positions to canonical fields for one candidate header row."""
    return choose(_candidates(cells, schema)).fields


def _satisfies(mapping: dict[int, str], schema: TableSchema) -> bool:
    names = set(mapping.values())
    return all(any(alt in names for alt in group) for group in schema.required)


def _find_header(grid: list[list[Any]], schema: TableSchema) -> _Header | None:
    """Find the best header row in the first rows of a sheet, or ``None``.

    Rows right under it that belong to it are taken along: an HXL hashtag row, a
    second header row under merged group cells ("Tata Waktu" over "Mulai" and
    "Selesai"), and a row of column numbers ("1", "2", "3" ... or "(1)", "(2)" ...).
    """
    best: _Header | None = None
    for i, cells in enumerate(grid[:HEADER_SCAN_ROWS]):
        below = grid[i + 1:i + 4]
        tags = below[0] if below and is_hashtag_row(below[0]) else None
        candidates = _candidates(cells, schema, tags)
        mapping, skip = choose(candidates).fields, int(tags is not None)
        if tags is None and below and (
                merged := _merge_subheader(mapping, below[0], schema)) is not None:
            mapping, skip = merged, 1
        if len(below) > skip and is_numbering_row(below[skip]):
            skip += 1
        if _satisfies(mapping, schema) and (best is None or len(mapping) > best.score):
            best = _Header(i, mapping, skip, candidates)
    return best


def _merge_subheader(mapping: dict[int, str], cells: list[Any],
                     schema: TableSchema) -> dict[int, str] | None:
    """Merge a second header row whose every cell is a known header, or return ``None``."""
    sub = _match_header(cells, schema)
    filled = sum(not _is_empty(c) for c in cells)
    if not mapping:
        return None
    new = {pos: name for pos, name in sub.items() if mapping.get(pos, "period") == "period"}
    if not new or len(sub) != filled:
        return None
    merged = {pos: name for pos, name in mapping.items() if name not in new.values()}
    merged.update(new)
    if "period" in merged.values() and {"start", "end"} <= set(merged.values()):
        merged = {pos: name for pos, name in merged.items() if name != "period"}
    return merged


_is_empty = is_blank


def _grid_rows(grid: list[list[Any]], header: _Header) -> pd.DataFrame:
    start = header.index + 1 + header.skip
    records = []
    for offset, cells in enumerate(grid[start:]):
        if all(_is_empty(c) for c in cells):
            continue
        record = {name: (cells[pos] if pos < len(cells) else None)
                  for pos, name in header.mapping.items()}
        record["source_row"] = start + offset + 1
        records.append(record)
    columns = [*header.mapping.values(), "source_row"]
    return pd.DataFrame.from_records(records, columns=columns).astype(object)


def _read_csv_grid(path: Path) -> tuple[list[list[Any]], list[Problem]]:
    text, problems = decode_text(path)
    rows: list[list[Any]] = list(read_csv_rows(text))
    return rows, problems + cut_short(text, rows, path.name)


def read_sheets(path: str | Path) -> list[Sheet]:
    """Read every sheet of a workbook (or the one table of a CSV) as rows of cells.

    Parameters
    ----------
    path : str or Path
        An ``.xlsx``/``.xlsm`` workbook (read by :func:`~landscape.read.workbook.read_workbook`:
        merged cells filled, formulas without results computed, bounded by the data) or a
        ``.csv``/``.tsv``/``.txt`` table.

    Returns
    -------
    list of Sheet
        The workbook's sheets (one, titled ``""``, for a CSV), with their problems (a
        formula that could not be computed, a CSV that was not UTF-8).
    """
    path = Path(path)
    if not path.is_file():
        what = "is a folder, not a file" if path.is_dir() else "does not exist"
        msg = f"{path} {what}; give the path of the forum's workbook or CSV table"
        raise InputFileError(msg)
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return read_workbook(path)
    if suffix in {".csv", ".tsv", ".txt"}:
        rows, problems = _read_csv_grid(path)
        return [Sheet("", hidden=False, grid=rows, problems=problems)]
    msg = f"{path.name} is not a workbook (.xlsx) or a CSV table; save it in one of those forms"
    raise InputFileError(msg)


def find_table(grids: dict[str, list[list[Any]]], kind: RecordKind, *, file: str,
               hidden: Collection[str] = ()) -> Table | None:
    """Find the sheet and header row holding one kind of record.

    A visible sheet is always taken before a hidden one (an outdated copy is often
    hidden, not deleted), then the sheet whose header matches best, then the one whose
    name carries the latest year or date (``Kegiatan 2023``), then the first.
    When another sheet could hold the same table, the choice is reported.

    Parameters
    ----------
    grids : dict
        Sheet name -> rows of cells, as :func:`read_sheets` reads them.
    kind : str
        Which records to look for.
    file : str
        The file name, for messages.
    hidden : collection of str
        The names of the hidden sheets.

    Returns
    -------
    Table or None
        The best-matching table, or ``None`` when no sheet has the fields.
    """
    schema = SCHEMAS[kind]
    candidates = [(sheet, header) for sheet, grid in grids.items()
                  if (header := _find_header(grid, schema)) is not None]
    if not candidates:
        return None
    sheet, header = max(candidates, key=lambda c: (c[0] not in hidden, c[1].score,
                                                   sheet_date(c[0]) or (0, 0)))
    grid = grids[sheet]
    rows = grid[header.index:header.index + 1 + header.skip]
    columns = {name: _column_text(rows, pos, name, schema)
               for pos, name in header.mapping.items()}
    scale = {name: factor for name, text in columns.items()
             if (factor := unit_scale(text)) != 1}
    texts = [_column_text(rows, pos, "", schema) for pos in range(max(map(len, rows)))]
    choices = _choice_problems(header, texts, file=file, sheet=sheet)
    table = Table(kind, file, sheet, header.index + 1, columns, _grid_rows(grid, header),
                  scale, choices, column_currencies(rows, header.mapping, columns),
                  _unread(header, texts),
                  other_columns(grid, header.index, header.skip, header.mapping))
    rivals = [(other, h.score) for other, h in candidates
              if other != sheet and _claims(grids[other], kind)]
    table.problems = [*choices, *report_choice(file, kind, (sheet, table.header_row,
                                                            header.score),
                                               rivals, hidden=set(hidden))]
    return table


def _choice_problems(header: _Header, texts: list[str], *, file: str,
                     sheet: str) -> list[Problem]:
    """Say which column was taken where several could be the same field."""
    problems = []
    for pos, name in header.mapping.items():
        others = [p for p, (n, _) in header.candidates.items() if n == name and p != pos]
        if not others:
            continue
        rank = header.candidates[pos][1]
        tie = any(header.candidates[p][1] == rank for p in others)
        left = ", ".join(repr(texts[p]) for p in others)
        problems.append(Problem(
            file, sheet or None, header.index + 1, texts[pos], left,
            f"several columns could be the {name.replace('_', ' ')}",
            f"took {texts[pos]!r}" + (" (the leftmost)" if tie else " (the better fit)")
            + f"; {left} not read as {name.replace('_', ' ')}",
            "warning" if tie else "info"))
    return problems


def _unread(header: _Header, texts: list[str]) -> tuple[str, ...]:
    """Return the headers of the columns that no field takes (not even as a passed candidate)."""
    return tuple(texts[p] for p in range(len(texts))
                 if p not in header.mapping and p not in header.candidates and texts[p])


def _claims(grid: list[list[Any]], kind: RecordKind) -> bool:
    """Tell whether a sheet's header fits ``kind`` at least as well as any other kind."""
    scores = {k: h.score if (h := _find_header(grid, schema)) else 0
              for k, schema in SCHEMAS.items()}
    return scores[kind] > 0 and scores[kind] >= max(scores.values())


def _column_text(rows: list[list[Any]], pos: int, name: str, schema: TableSchema) -> str:
    """Return the header text of a column: the cell that named the field, else the first.

    HXL hashtags are machine labels: the text above them is what users see.
    """
    cells = [str(r[pos]).strip() for r in rows if pos < len(r) and not _is_empty(r[pos])]
    named = [c for c in cells
             if not c.startswith("#") and (not name or _match_header([c], schema).get(0) == name)]
    return (named or cells or [name])[0]


def read_tables(path: str | Path) -> dict[RecordKind, Table]:
    """Read the forum's workbook or 3W table into tables of each record kind found.

    A workbook usually holds all three kinds on separate sheets; a single CSV
    holds partner activities (a "3W" who-what-where table). A sheet can hold
    only one kind: the kind whose header matches best claims it.

    Parameters
    ----------
    path : str or Path
        The workbook or CSV.

    Returns
    -------
    dict
        Record kind -> :class:`Table`, for the kinds that were found.

    Raises
    ------
    InputError
        When no sheet holds partner activities or action items.
    """
    path = Path(path)
    sheets = read_sheets(path)
    grids = {sheet.title: sheet.grid for sheet in sheets}
    hidden = {sheet.title for sheet in sheets if sheet.hidden}
    found: dict[RecordKind, Table] = {}
    for kind in ("activities", "action_items", "organisations"):
        remaining = {s: g for s, g in grids.items()
                     if s not in {t.sheet for t in found.values()}}
        table = find_table(remaining, kind, file=path.name, hidden=hidden)
        if table is not None:
            own = next(sheet.problems for sheet in sheets if sheet.title == table.sheet)
            table.problems = [*own, *table.problems]  # a sheet's problems go with its table
            found[kind] = table
    if "activities" not in found and "action_items" not in found:
        raise InputError(no_table(path.name, grids, _deep_header(grids)))
    return found


def _deep_header(grids: dict[str, list[list[Any]]]) -> tuple[str, int] | None:
    """Return the sheet and row of a header below the rows searched for one, if any."""
    for sheet, grid in grids.items():
        for start in range(HEADER_SCAN_ROWS, len(grid), HEADER_SCAN_ROWS):
            for kind in ("activities", "action_items"):
                if (header := _find_header(grid[start:], SCHEMAS[kind])) is not None:
                    return sheet, start + header.index + 1
    return None
