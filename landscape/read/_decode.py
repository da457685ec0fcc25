"""Reading delimited text files as their authors saved them: encoding and delimiter."""

from __future__ import annotations

from pathlib import Path

from landscape.problems import Problem

DELIMITERS = ",;\t|"


def decode_text(path: Path) -> tuple[str, list[Problem]]:
    """Read a text file as UTF-8 (with or without BOM), else cp1252, else latin-1.

    Returns
    -------
    str, list of Problem
        The text, and one warning naming the encoding when it was not UTF-8.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    problem = Problem(file=path.name, sheet=None, row=None, column=None, value=encoding,
                      problem=f"the file is not UTF-8; read it as {encoding}",
                      suggestion="check accented names; save the file as UTF-8")
    return text, [problem]


def sniff_delimiter(text: str) -> str:
    """Return the delimiter of a table: the one the first non-blank line holds most of.

    Examples
    --------
    >>> sniff_delimiter("Mitra;Desa;Anggaran (Rp)")
    ';'
    """
    header = next((line for line in text.splitlines() if line.strip()), "")
    return max(DELIMITERS, key=header.count)
