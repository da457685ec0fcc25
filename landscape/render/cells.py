"""Cells written to CSV and XLSX files: text stays text, numbers stay numbers.

The tables a build writes are opened in Excel or LibreOffice by people who trust
them, and their text comes from dozens of organisations' files. A spreadsheet runs a
cell that begins with ``=``, ``+``, ``-`` or ``@`` as a formula (``=HYPERLINK(...)``,
``-2+3+cmd|' /C calc'!A0``), and a leading tab or carriage return hides such a start
from a reader's eye. Following OWASP's rules for CSV injection, every writer of cells
(:func:`landscape.render.files.write_csv` and any XLSX writer) passes each value
through :func:`safe_cell` (or :func:`table_cell`, which first joins a list), which
puts a single quote before such text, so that the spreadsheet shows it as text;
numbers (``int``, ``float``, negative ones included) and text that is exactly a
number (``"-12.5"``) are left as they are.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_STARTS", "safe_cell", "table_cell"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: object) -> object:
    r"""Return ``value`` as a spreadsheet may hold it: text that could run as a formula quoted.

    Parameters
    ----------
    value : object
        A cell: text, a number, a date, None or NaN.

    Returns
    -------
    object
        Text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return,
        with a single quote before it (the spreadsheet's mark for text), unless the
        text is exactly a number; anything else unchanged.

    Examples
    --------
    >>> safe_cell('=HYPERLINK("http://x","klik")')
    '\'=HYPERLINK("http://x","klik")'
    >>> safe_cell("-2+3+cmd|' /C calc'!A0")
    "'-2+3+cmd|' /C calc'!A0"
    >>> safe_cell(-1500000), safe_cell("-12.5"), safe_cell("Dinas LH")
    (-1500000, '-12.5', 'Dinas LH')
    """
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def table_cell(value: object) -> object:
    """Return a cell of a written table: a list or tuple joined with ``"; "``, then made safe.

    Examples
    --------
    >>> table_cell(("61.05.01", "61.05.02")), table_cell(["=1+1", "x"]), table_cell(-3)
    ('61.05.01; 61.05.02', "'=1+1; x", -3)
    """
    if isinstance(value, (tuple, list)):
        return safe_cell("; ".join(str(v) for v in value))
    return safe_cell(value)
