"""``report.xlsx``: the meeting workbook, readable in Excel with Indonesian settings.

Each sheet has a frozen, bold header row, column widths fitted to the text, an
autofilter, and number formats by the kind of each column: whole rupiah
(``#,##0``, which Excel shows with the separators of the reader's settings:
``1.160.000.000`` in Indonesian), hectares with one decimal, dates as dates.
No cell can hold a formula: every text goes in as text (:func:`_safe_text`).
The same result, language and date give the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from landscape.model import Result
from landscape.render.cells import FORMULA_STARTS
from landscape.render.files import atomic_path
from landscape.render.report import tables
from landscape.render.report.labels import SHEETS, WORDS, header, kind, pick

FORMATS = {"idr": "#,##0", "ha": "#,##0.0", "int": "#,##0", "num": "#,##0.##",
           "share": "0.0%"}
DATE_FORMATS = {"id": "dd/mm/yyyy", "en": "yyyy-mm-dd"}
_FORMULA_START = (*FORMULA_STARTS, "\n")  # OWASP's starts, and a line break
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
_MAX_WIDTH = 60
_EPOCH = (2000, 1, 1, 0, 0, 0)


def _safe_text(cell: Cell | MergedCell, text: str) -> None:
    """Put ``text`` into ``cell`` as text, so that it can never run as a formula.

    A text is always stored as a string cell (openpyxl would store ``=...`` as a
    formula); one that a spreadsheet would read as a formula when typed (starting
    with ``=``, ``+``, ``-``, ``@`` or a control character) also gets Excel's
    quote prefix, so editing the cell keeps it text. Characters XML cannot hold
    are dropped.
    """
    clean = _ILLEGAL.sub("", text)
    cell.value = clean
    cell.data_type = "s"
    if clean.startswith(_FORMULA_START):
        cell.quotePrefix = True


def _blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _put(cell: Cell | MergedCell, value: object, what: str, lang: str) -> None:
    """Write one value with the number format of its kind."""
    if _blank(value):
        return
    if isinstance(value, (tuple, list)):
        value = "; ".join(str(v) for v in value)
    if what == "date" and isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = dt.date.fromisoformat(value)
    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMATS.get(lang, DATE_FORMATS["en"])
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _safe_text(cell, str(value))
        return
    number = float(value)
    cell.value = round(number) if what in {"idr", "int"} else number
    cell.number_format = FORMATS.get(what, FORMATS["num"])


def _dress(sheet: Worksheet, *, widths: list[int], freeze: str) -> None:
    """Bold, frozen header row; fitted widths; an autofilter over the table."""
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(_MAX_WIDTH, width + 2)
    sheet.freeze_panes = freeze
    if sheet.max_row > 1 or sheet.max_column > 1:
        sheet.auto_filter.ref = sheet.dimensions


def _width(value: object) -> int:
    if _blank(value):
        return 0
    if isinstance(value, float):
        return len(f"{value:,.0f}") + 2
    return max((len(line) for line in str(value).splitlines()), default=0)


def table_sheet(book: Workbook, name: str, frame: pd.DataFrame, lang: str, *,
                kinds: dict[str, str] | None = None, freeze: str = "A2") -> Worksheet:
    """Add a sheet holding ``frame`` under headers in ``lang``; return it."""
    sheet: Worksheet = book.create_sheet(name)
    columns = list(frame.columns)
    widths = []
    for index, column in enumerate(columns, start=1):
        _safe_text(sheet.cell(row=1, column=index), header(str(column), lang))
        widths.append(max(min(len(header(str(column), lang)), 24), 8))
    what = [(kinds or {}).get(str(c), kind(str(c))) for c in columns]
    for r, record in enumerate(frame.itertuples(index=False), start=2):
        for c, value in enumerate(record, start=1):
            _put(sheet.cell(row=r, column=c), value, what[c - 1], lang)
            widths[c - 1] = max(widths[c - 1], min(_width(value), _MAX_WIDTH))
    _dress(sheet, widths=widths, freeze=freeze)
    return sheet


def _summary_sheet(book: Workbook, result: Result, *, lang: str, data_date: str, title: str,
                   n_changes: int | None) -> None:
    sheet = book.create_sheet(pick(SHEETS["summary"], lang))
    _safe_text(sheet.cell(row=1, column=1), pick(("Hal", "What"), lang))
    _safe_text(sheet.cell(row=1, column=2), pick(("Nilai", "Value"), lang))
    rows = tables.summary_rows(result, lang=lang, data_date=data_date, title=title,
                               n_changes=n_changes)
    for r, (label, value, what) in enumerate(rows, start=2):
        _safe_text(sheet.cell(row=r, column=1), label)
        _put(sheet.cell(row=r, column=2), value, what, lang)
    _safe_text(sheet.cell(row=len(rows) + 3, column=1), pick(WORDS["note_shares"], lang))
    widths = [max(len(r[0]) for r in rows), min(_MAX_WIDTH, max(_width(r[1]) for r in rows))]
    _dress(sheet, widths=widths, freeze="A2")
    sheet.auto_filter.ref = None


def _matrix_sheet(book: Workbook, key: str, result: Result, lang: str, value: str) -> None:
    frame = tables.matrix(result, value=value, lang=lang)
    kinds = {str(c): ("idr" if value == "budget" else "int") for c in frame.columns[1:]}
    sheet = table_sheet(book, pick(SHEETS[key], lang), frame, lang, kinds=kinds, freeze="B2")
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def _stable_bytes(data: bytes, stamp: dt.datetime) -> bytes:
    """Return the workbook's zip dated ``stamp`` inside and out, so that builds compare.

    openpyxl stamps the document with the clock when it saves, and zip entries
    carry the time they were written: both are replaced by the data date.
    """
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>" + when + rb"\g<2>", body)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, body)
    return out.getvalue()


def _stamp(data_date: str) -> dt.datetime:
    text = data_date.strip()
    text = f"{text}-01" if re.fullmatch(r"\d{4}-\d{2}", text) else text
    try:
        return dt.datetime.combine(dt.date.fromisoformat(text), dt.time())
    except ValueError:
        return dt.datetime(*_EPOCH)  # noqa: DTZ001 - a fixed, zone-less document date


def report_sheets(book: Workbook, result: Result, *, lang: str, data_date: str, title: str,
                  changes: pd.DataFrame | None) -> None:
    """Add every sheet of the meeting workbook to ``book``, in reading order."""
    _summary_sheet(book, result, lang=lang, data_date=data_date, title=title,
                   n_changes=None if changes is None else len(changes))
    if changes is not None:
        table_sheet(book, pick(SHEETS["changes"], lang), tables.change_rows(changes, lang), lang)
    _matrix_sheet(book, "matrix_count", result, lang, "count")
    _matrix_sheet(book, "matrix_budget", result, lang, "budget")
    table_sheet(book, pick(SHEETS["activities"], lang), tables.activity_rows(result), lang)
    table_sheet(book, pick(SHEETS["plan"], lang), tables.plan_rows(result, lang), lang)
    table_sheet(book, pick(SHEETS["roles"], lang), tables.role_rows(result, lang), lang)
    table_sheet(book, pick(SHEETS["budget"], lang), result.plan.budget_by_source_year, lang)
    table_sheet(book, pick(SHEETS["overlaps"], lang), tables.overlap_rows(result, lang), lang)
    gaps = tables.gap_rows(result)
    if gaps is not None:
        table_sheet(book, pick(SHEETS["gaps"], lang), gaps, lang)
    table_sheet(book, pick(SHEETS["problems"], lang),
                tables.problem_rows(list(result.problems), lang), lang)


def write_report(result: Result, path: str | Path, *, lang: str = "id", data_date: str = "",
                 title: str = "", changes: pd.DataFrame | None = None) -> None:
    """Write the meeting workbook ``report.xlsx``.

    Parameters
    ----------
    result : Result
        The build.
    path : str or Path
        Where to write it (atomically).
    lang : str
        ``"id"`` (headers and sheet names in Bahasa Indonesia) or ``"en"``.
    data_date : str
        The data date, shown on the summary and stored as the document's date.
    title : str
        The title shown on the summary.
    changes : pandas.DataFrame, optional
        What changed since an earlier build (a sheet of its own when given).
    """
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    report_sheets(book, result, lang=lang, data_date=data_date, title=title, changes=changes)
    book.properties.creator = "landscape"
    stamp = _stamp(data_date)
    book.properties.created = book.properties.modified = stamp
    book.properties.language = lang
    buffer = io.BytesIO()
    book.save(buffer)
    with atomic_path(path) as tmp:
        tmp.write_bytes(_stable_bytes(buffer.getvalue(), stamp))


__all__: Sequence[str] = ["report_sheets", "table_sheet", "write_report"]
