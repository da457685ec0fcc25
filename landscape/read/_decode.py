"""Text as its authors saved it: the encoding decided from the bytes, and the delimiter.

A declared encoding (a shapefile's ``.cpg``, a byte-order mark) is believed only
while the bytes agree with it. Bytes that are valid UTF-8 and hold a character
beyond ASCII are UTF-8: text in a one-byte code page almost never forms valid
UTF-8 sequences by chance. Otherwise Windows-1252, the code page Indonesian
Windows machines save in, else Latin-1 (which decodes every byte). Text that was
encoded twice (UTF-8 read as Windows-1252 and saved again: ``Â±``, ``â€™``) is
recognised by its telltale pairs and repaired. Every choice that differs from
the declared or expected one is reported by the caller with the encoding used.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path

from landscape.problems import Problem
from landscape.read._containers import check_size

DELIMITERS = ",;\t|"

#: Spellings of encodings in .cpg files and declarations, folded, to Python codec names.
_ALIASES = {"1252": "cp1252", "ansi1252": "cp1252", "windows1252": "cp1252", "cp1252": "cp1252",
            "88591": "latin-1", "iso88591": "latin-1", "latin1": "latin-1", "utf8": "utf-8",
            "65001": "utf-8", "ascii": "utf-8", "usascii": "utf-8"}

# A lead byte of a two- or three-byte UTF-8 sequence read as Windows-1252 (Â Ã â ...),
# followed by a continuation byte read the same way: the mark of double encoding.
_CONTINUATION = ("\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
                 "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_DOUBLE = re.compile(f"[\u00c2-\u00ef][{_CONTINUATION}]")


def codec_name(declared: str | None) -> str | None:
    """Return the Python codec for a declared encoding (``"1252"`` -> ``"cp1252"``), or None.

    Examples
    --------
    >>> codec_name("UTF-8"), codec_name("ANSI 1252"), codec_name("klingon")
    ('utf-8', 'cp1252', None)
    """
    if not declared:
        return None
    key = re.sub(r"[^0-9a-z]", "", declared.lower())
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return codecs.lookup(declared.strip()).name
    except LookupError:
        return None


def _decodes(samples: Iterable[bytes], encoding: str) -> bool:
    try:
        for sample in samples:
            sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def choose_encoding(samples: list[bytes], declared: str | None) -> str:
    """Return the encoding the bytes are in, believing ``declared`` only where they agree.

    Examples
    --------
    >>> choose_encoding(["Jama\u2019ah ± 40".encode("cp1252")], "UTF-8")
    'cp1252'
    >>> choose_encoding(["blok ± 30".encode("utf-8")], "1252")
    'utf-8'
    >>> choose_encoding([b"plain"], "1252")
    'cp1252'
    """
    wide = [s for s in samples if any(b > 0x7F for b in s)]
    if wide and _decodes(wide, "utf-8"):
        return "utf-8"
    codec = codec_name(declared)
    if codec is not None and codec != "utf-8" and _decodes(wide, codec):
        return codec
    if not wide:
        return codec or "utf-8"
    return "cp1252" if _decodes(wide, "cp1252") else "latin-1"


def _one_byte(char: str) -> bytes:
    try:
        return char.encode("cp1252")
    except UnicodeEncodeError:
        if ord(char) < 0x100:  # the five bytes Windows-1252 leaves undefined
            return char.encode("latin-1")
        raise


def undo_double_encoding(text: str) -> str | None:
    """Return ``text`` repaired if it was UTF-8 read as Windows-1252, else None.

    Examples
    --------
    >>> undo_double_encoding("blok A Â± 40 ha"), undo_double_encoding("Jamaâ€\u2122ah")
    ('blok A ± 40 ha', 'Jama\u2019ah')
    >>> undo_double_encoding("Désa Ñanga") is None
    True
    """
    if not _DOUBLE.search(text):
        return None
    try:
        fixed = b"".join(_one_byte(c) for c in text).decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return fixed if fixed != text else None


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(path: Path) -> tuple[str, list[Problem]]:
    """Read a text file in the encoding its bytes are in.

    A byte-order mark (UTF-8, UTF-16 as Excel's "Unicode text" saves, UTF-32)
    is followed; otherwise :func:`choose_encoding` decides. Double-encoded text
    is repaired.

    Returns
    -------
    str, list of Problem
        The text, and one warning naming the encoding when it was neither UTF-8
        nor marked, or when double-encoded text was repaired.

    Raises
    ------
    InputFileError
        If the file is larger than :data:`~landscape.settings.TEXT_INPUT_MAX_BYTES`.
    """
    check_size(path)
    data = path.read_bytes()
    for mark, bom in _BOMS:
        if data.startswith(mark):
            try:
                return data.decode(bom), []
            except UnicodeDecodeError:
                data = data[len(mark):]
                break
    encoding = choose_encoding(data.splitlines(), None)
    text = data.decode(encoding)
    problems = []
    if encoding != "utf-8":
        problems.append(Problem(
            file=path.name, sheet=None, row=None, column=None, value=encoding,
            problem=f"the file is not UTF-8; read it as {encoding}",
            suggestion="check accented names; save the file as UTF-8"))
    lines = text.splitlines(keepends=True)
    repaired = [undo_double_encoding(line) for line in lines]
    if any(r is not None for r in repaired):
        problems.append(double_encoded(path.name, None, None))
        text = "".join(line if r is None else r for line, r in zip(lines, repaired, strict=True))
    return text, problems


def double_encoded(file: str, sheet: str | None, column: str | None) -> Problem:
    """Return the warning that text was found encoded twice and repaired."""
    return Problem(
        file=file, sheet=sheet, row=None, column=column, value="utf-8",
        problem="text was encoded twice (Â± for ±, â€\u2122 for \u2019); read as UTF-8 and "
                "repaired",
        suggestion="check accented names; save the file once, as UTF-8")


def sniff_delimiter(text: str) -> str:
    """Return the delimiter of a table: the one the first non-blank line holds most of.

    Examples
    --------
    >>> sniff_delimiter("Mitra;Desa;Anggaran (Rp)")
    ';'
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(DELIMITERS, key=header.count)


def read_csv_rows(text: str) -> list[list[str]]:
    """Split decoded CSV text into rows of cells, with the delimiter its lines agree on."""
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))]


def cut_short(text: str, rows: list[list[str]], file_name: str) -> list[Problem]:
    r"""Warn when a CSV looks cut short: its last row ends without a line break, short of cells.

    A copy or download that stops half-way leaves a last line with fewer cells than
    the lines above it and no line break at its end; a file saved whole ends its last
    line (or has all its cells).

    Examples
    --------
    >>> text = "a,b,c\n1,2,3\n4,5"
    >>> [(p.row, p.severity) for p in cut_short(text, read_csv_rows(text), "3w.csv")]
    [(3, 'warning')]
    >>> cut_short(text + "\n", read_csv_rows(text), "3w.csv")
    []
    """
    if len(rows) < 2 or text.endswith(("\n", "\r")):
        return []
    width, cells = max(len(row) for row in rows[:-1]), len(rows[-1])
    if cells >= width:
        return []
    return [Problem(file_name, None, len(rows), None, (rows[-1] or [""])[-1],
                    f"the last row (row {len(rows)}) has {cells} of the {width} cells of the "
                    "rows above and the file ends without a line break: the file looks cut "
                    "short", "check that the file is complete; copy or export it again",
                    "warning")]
