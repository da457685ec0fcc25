"""Reading workbooks as people make them: merged cells, formulas, hidden sheets, far cells.

Every sheet is read as rows of cell values, with what Excel shows on screen:

* a merged range's value applies to every cell it covers (``Mitra`` merged down over
  three activities belongs to all three); a range merged across a whole row is a title or
  a section heading and keeps its value in its first cell only;
* a formula saved with its result gives that result; a formula saved without one
  (workbooks written by software) is computed by the :mod:`formulas` library, only that
  cell and the cells it refers to; one it cannot compute is reported on its cell;
* reading stops after :data:`~landscape.settings.EMPTY_ROW_RUN` empty rows, so one
  formatted cell at row 1,048,576 costs nothing (openpyxl's read-only mode streams the rows).

:mod:`landscape.read._formulas` computes the formulas; this module reads the cells.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landscape import settings
from landscape._cells import is_blank
from landscape.errors import InputFileError
from landscape.problems import Problem
from landscape.read._containers import check_container
from landscape.read._formulas import Formula, compute_formulas

if TYPE_CHECKING:
    from collections.abc import Collection

Grid = list[list[Any]]

_MERGE = re.compile(rb'<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')
_FORMULA = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_CHUNK = 1 << 20


@dataclass(slots=True)
class Sheet:
    """One sheet of a workbook (or the one table of a CSV) as rows of cell values.

    Attributes
    ----------
    title : str
        The sheet's name (``""`` for a CSV).
    hidden : bool
        Whether the sheet is hidden in the workbook.
    grid : list of list
        Rows of cell values; row ``i`` of the list is row ``i + 1`` of the sheet.
    problems : list of Problem
        Problems of the sheet's cells (a formula that could not be computed) or of the
        file (a CSV that is not UTF-8).
    """

    title: str
    hidden: bool
    grid: Grid
    problems: list[Problem] = field(default_factory=list)


def read_workbook(path: str | Path, *, empty_row_run: int | None = None) -> list[Sheet]:
    """Read every worksheet of an ``.xlsx``/``.xlsm`` workbook, bounded by its data.

    Parameters
    ----------
    path : str or Path
        The workbook.
    empty_row_run : int, optional
        Stop reading a sheet after this many empty rows in a row (default
        :data:`~landscape.settings.EMPTY_ROW_RUN`).

    Returns
    -------
    list of Sheet
        In the workbook's order, hidden ones included (and marked).

    Raises
    ------
    InputFileError
        When the file is not a workbook openpyxl can open.
    """
    from openpyxl import load_workbook  # noqa: PLC0415 - heavy import, only for workbooks

    path = Path(path)
    run = settings.EMPTY_ROW_RUN if empty_row_run is None else empty_row_run
    check_container(path)  # links, escaping entries and zip bombs, before openpyxl unzips
    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
        archive = zipfile.ZipFile(path)
    except Exception as exc:
        raise InputFileError(unopenable(path, exc)) from exc
    try:
        sheets: list[Sheet] = []
        merges: dict[str, list[str]] = {}
        pending: list[Formula] = []
        for ws in values.worksheets:
            refs, has_formula = _scan_xml(archive, vars(ws)["_worksheet_path"])
            grid = _bounded_rows(ws, run)
            if has_formula:
                pending += _uncached_formulas(formulas[ws.title], grid)
            merges[ws.title] = refs
            sheets.append(Sheet(ws.title, ws.sheet_state != "visible", grid))
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:  # a part damaged inside
        raise InputFileError(unopenable(path, exc)) from exc
    finally:
        values.close()
        formulas.close()
        archive.close()
    by_title = {sheet.title: sheet for sheet in sheets}
    for problem in compute_formulas({s.title: s.grid for s in sheets}, pending, file=path.name):
        by_title[problem.sheet or ""].problems.append(problem)
    for sheet in sheets:
        fill_merged(sheet.grid, merges[sheet.title])
    return sheets


_CFB = bytes.fromhex("D0CF11E0A1B11AE1")  # an OLE Compound File: .xls, or an encrypted .xlsx
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")  # the stream of a password-protected one


def unopenable(path: Path, exc: Exception) -> str:
    """Say, in one sentence, what a file that openpyxl could not open is, and what to do.

    The file's first bytes tell a workbook saved with a password (an OLE Compound File
    with an ``EncryptionInfo`` stream), an old ``.xls``, a PDF and a cut-short
    ``.xlsx`` (a zip archive without its end) apart.
    """
    encrypted = False
    with path.open("rb") as stream:
        head = stream.read(8)
        if head == _CFB:
            tail = b""
            while not encrypted and (chunk := stream.read(_CHUNK)):
                encrypted = _ENCRYPTION_INFO in tail + chunk
                tail = chunk[-len(_ENCRYPTION_INFO):]
    name = path.name
    if head == _CFB and encrypted:
        return (f"{name} is protected by a password, so it cannot be read; open it in Excel, "
                "remove the password (File > Info > Protect Workbook) and save it again")
    if head == _CFB:
        return (f"{name} is an Excel 97-2003 workbook (.xls), not .xlsx; open it in Excel and "
                "save it as Excel Workbook (.xlsx)")
    if head.startswith(b"%PDF"):
        return (f"{name} is a PDF document, not a workbook; ask for the Excel file (.xlsx) "
                "the PDF was made from")
    if head.startswith(b"PK"):
        return (f"{name} is damaged or incomplete ({exc}); copy or download it again, or open "
                "it in Excel and save it again")
    return (f"{name} is not an Excel workbook (.xlsx); open it in Excel and save it as Excel "
            "Workbook (.xlsx)")


def _scan_xml(archive: zipfile.ZipFile, member: str) -> tuple[list[str], bool]:
    """Return a sheet's merged ranges and whether it holds any formula, from its raw XML.

    openpyxl's read-only mode does not give merged ranges, and they are written after
    the cells, past where the reading of rows stops; one pass over the bytes finds them.
    """
    refs: set[str] = set()
    has_formula = False
    tail = b""
    with archive.open(member.lstrip("/")) as stream:
        while chunk := stream.read(_CHUNK):
            text = tail + chunk
            refs.update(ref.decode("ascii") for ref in _MERGE.findall(text))
            has_formula = has_formula or _FORMULA.search(text) is not None
            tail = text[-256:]
    return sorted(refs), has_formula


def _bounded_rows(ws: Any, run: int) -> Grid:
    """Read a sheet's rows until ``run`` empty rows in a row; trailing empty cells dropped."""
    ws.reset_dimensions()  # the stated used range may reach row 1,048,576: ignore it
    grid: Grid = []
    empty = 0
    for cells in ws.iter_rows(values_only=True):
        row = list(cells)
        while row and is_blank(row[-1]):
            row.pop()
        grid.append(row)
        empty = 0 if row else empty + 1
        if empty >= run:
            break
    while grid and not grid[-1]:
        grid.pop()
    return grid


def _uncached_formulas(ws: Any, grid: Grid) -> list[Formula]:
    """Find the formula cells of the rows read whose saved result is missing."""
    from openpyxl.styles.numbers import is_date_format  # noqa: PLC0415

    ws.reset_dimensions()
    found: list[Formula] = []
    if not grid:
        return found
    for number, cells in enumerate(ws.iter_rows(max_row=len(grid)), start=1):
        row = grid[number - 1]
        for cell in cells:
            if cell.data_type != "f":
                continue
            column = int(cell.column)
            if column <= len(row) and row[column - 1] is not None:
                continue  # the saved result is used as saved
            text = cell.value if isinstance(cell.value, str) else getattr(cell.value, "text", "")
            found.append(Formula(ws.title, number, column, str(text or ""),
                                 is_date=is_date_format(cell.number_format),
                                 general=cell.number_format == "General"))
    return found


def fill_merged(grid: Grid, refs: list[str]) -> None:
    """Give every cell of each merged range the value of its first cell, in place.

    A range on one row that spans every column holding data is a title or a section
    heading, not a value of each column: its value stays in its first cell.

    Examples
    --------
    >>> grid = [["Mitra", "Desa"], ["YCL", "Pari"], [None, "Entibab"]]
    >>> fill_merged(grid, ["A2:A3"])
    >>> grid[2]
    ['YCL', 'Entibab']
    """
    from openpyxl.utils.cell import range_boundaries  # noqa: PLC0415

    width = max((len(row) for row in grid), default=0)
    lead = min((next(i for i, v in enumerate(row, 1) if not is_blank(v))
                for row in grid if any(not is_blank(v) for v in row)), default=1)
    for ref in refs:
        first_col, first_row, last_col, last_row = (int(b or 0) for b in range_boundaries(ref))
        if first_row > len(grid) or first_col > width:
            continue
        top = grid[first_row - 1]
        value = top[first_col - 1] if first_col <= len(top) else None
        if is_blank(value) or (first_row == last_row and first_col <= lead and last_col >= width):
            continue
        for number in range(first_row, min(last_row, len(grid)) + 1):
            row = grid[number - 1]
            row.extend([None] * (min(last_col, width) - len(row)))
            for column in range(first_col, min(last_col, width) + 1):
                row[column - 1] = value


_LABELS = {"activities": "partner activities", "action_items": "action items",
           "organisations": "organisations"}


def no_table(file: str, grids: dict[str, Grid], deep: tuple[str, int] | None) -> str:
    """Say why no sheet of ``file`` holds activities or action items, in one sentence.

    ``deep`` is the sheet and row of a header found below the rows searched for one.

    Examples
    --------
    >>> no_table("3w.xlsx", {"Sheet1": [], "Data": []}, None)  # doctest: +NORMALIZE_WHITESPACE
    "3w.xlsx has no sheet with a header naming partner activities (e.g. Mitra, Judul Kegiatan,
     Kecamatan, Desa) or action items (e.g. No, Kegiatan, Lokasi) (sheets read: 'Sheet1',
     'Data'); add such a header row"
    """
    if deep is not None:
        sheet, row = deep
        where = f"sheet {sheet!r}" if sheet else "the table"
        return (f"{file}: {where} has its header in row {row}, below the first "
                f"{settings.HEADER_SCAN_ROWS} rows where a header is looked for; delete the "
                "empty or title rows above the header")
    read = ", ".join(repr(name) for name in grids if name)
    return (f"{file} has no sheet with a header naming partner activities (e.g. Mitra, Judul "
            "Kegiatan, Kecamatan, Desa) or action items (e.g. No, Kegiatan, Lokasi)"
            + (f" (sheets read: {read})" if read else "") + "; add such a header row")


_SHEET_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)(?:[-_./ ](\d{1,2})(?!\d))?(?!\d)")


def sheet_date(name: str) -> tuple[int, int] | None:
    """Return the latest (year, month) a sheet's name carries, None if it names no year.

    A sheet named for a year (or a year and month) is dated by it: of two sheets
    whose headers fit equally, the one with the later date is the current one.

    Examples
    --------
    >>> sheet_date("Kegiatan Mitra 2023"), sheet_date("Update 2023-06"), sheet_date("Kegiatan")
    ((2023, 0), (2023, 6), None)
    """
    found = [(int(year), int(month) if month and 1 <= int(month) <= 12 else 0)
             for year, month in _SHEET_DATE.findall(name)]
    return max(found, default=None)


def other_columns(grid: Grid, header: int, skip: int,
                  named: Collection[int]) -> dict[str, list[Any]]:
    """Return the cells under the header row ``header`` (0-based) of the columns not ``named``.

    Keyed by header text; ``skip`` rows under the header belong to it. Columns with
    no header text are left out.
    """
    rows = grid[header + 1 + skip:]
    return {str(text).strip(): [r[pos] if pos < len(r) else None for r in rows]
            for pos, text in enumerate(grid[header]) if pos not in named and not is_blank(text)}


def report_choice(file: str, kind: str, chosen: tuple[str, int, int],
                  rivals: list[tuple[str, int]], *, hidden: set[str]) -> list[Problem]:
    """Report which of several sheets that could hold the same table was read, and why.

    Parameters
    ----------
    file : str
        The workbook's name.
    kind : str
        The record kind (``activities``...).
    chosen : tuple of (str, int, int)
        The sheet read, its header row and its header's score (columns understood).
    rivals : list of (str, int)
        The other sheets whose header fits the same kind, with their scores.
    hidden : set of str
        The hidden sheets.

    Returns
    -------
    list of Problem
        A warning per rival, and one when the sheet read is itself hidden.
    """
    sheet, header_row, score = chosen
    what = _LABELS.get(kind, kind)
    problems = []
    if sheet in hidden:
        problems.append(Problem(
            file, sheet, header_row, None, sheet,
            f"the {what} were read from the hidden sheet {sheet!r}, as no visible sheet "
            "holds them", "unhide the sheet if it is the current one"))
    for other, other_score in rivals:
        later = score == other_score and (sheet_date(sheet) or (0, 0)) > (
            sheet_date(other) or (0, 0))
        why = ("the other is hidden" if other in hidden and sheet not in hidden
               else "its header matches more columns" if score > other_score
               else "its name carries a later date" if later
               else "it comes first in the workbook")
        fix = (f"unhide {other!r} and hide or delete {sheet!r}" if other in hidden
               else f"delete {sheet!r}" if score > other_score
               else f"rename {other!r} with the latest year" if later
               else f"move {other!r} before {sheet!r}")
        problems.append(Problem(
            file, sheet, header_row, None, f"{sheet}; {other}",
            f"sheets {sheet!r} and {other!r} could both hold the {what}: {sheet!r} was "
            f"read ({why}), {other!r} was not",
            f"delete the outdated sheet; if {other!r} is the current one, {fix}"))
    return problems
