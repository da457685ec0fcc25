"""The terminal's own words in English and Indonesian, and the problem table.

The command line speaks English unless ``--lang id`` is given on it (the atlas's
language in the project file does not change the terminal's). What is translated:
the summary lines, the stage names, the headings of the problem table and of
``validation.csv``, the severity words and the problems' headings. The problem
texts and suggestions come from the readers in English; :data:`PROBLEM_TEXTS` (whole
sentences) and the patterns of :mod:`landscape.cli.translate` render them in Indonesian;
a sentence neither knows stays English.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from landscape.cli.translate import translate
from landscape.problems import Problem

__all__ = ["COLUMNS", "PROBLEM_TEXTS", "SEVERITY_ORDER", "grouped", "heading", "problem_text",
           "say", "table_lines", "worst"]

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "layers": "landscape layers", "boundaries": "boundaries", "plan": "plan workbook",
        "areas": "area files", "link": "linking", "analyse": "analysis", "land": "land status",
        "write": "writing", "stage": "stage",
        "built": "built {folder}",
        "problems": "validation.json: {problems} ({errors}): rows or features that could not "
                    "be used as written",
        "worst": "the worst problems first:",
        "changes": "changes.csv: {changes} since the earlier build",
        "more": "... and {n} more in {file}",
        "checked": "checked {project}: {problems} ({errors}, {warnings})",
        "wrote": "wrote {file}",
        "no problems": "no problems found",
        "error": "error", "warning": "warning", "info": "info",
        "severity": "severity", "where": "where", "problem": "problem",
        "suggestion": "suggestion", "value": "value",
        "file": "file", "sheet": "sheet", "row": "row", "column": "column",
        "record_id": "record_id",
        "initialised": "created the project {folder}: fill {plan}, then run "
                       "`landscape build` in {folder}",
        "partner sheets": "wrote {n} partner workbooks into {folder}",
    },
    "id": {
        "layers": "lapisan lanskap", "boundaries": "batas wilayah", "plan": "buku kerja rencana",
        "areas": "berkas areal", "link": "menautkan", "analyse": "analisis",
        "land": "status lahan", "write": "menulis", "stage": "tahap",
        "built": "selesai dibangun: {folder}",
        "problems": "validation.json: {problems} ({errors}): baris atau fitur yang tidak dapat "
                    "dipakai sebagaimana tertulis",
        "worst": "masalah terberat lebih dulu:",
        "changes": "changes.csv: {changes} sejak pembangunan sebelumnya",
        "more": "... dan {n} lagi di {file}",
        "checked": "diperiksa {project}: {problems} ({errors}, {warnings})",
        "wrote": "ditulis {file}",
        "no problems": "tidak ada masalah",
        "error": "galat", "warning": "peringatan", "info": "info",
        "severity": "tingkat", "where": "lokasi", "problem": "masalah", "suggestion": "saran",
        "value": "nilai", "file": "berkas", "sheet": "lembar", "row": "baris",
        "column": "kolom", "record_id": "id_baris",
        "initialised": "proyek dibuat di {folder}: isi {plan}, lalu jalankan "
                       "`landscape build` di {folder}",
        "partner sheets": "{n} buku kerja mitra ditulis ke {folder}",
    },
}

_NOUNS = {"en": {"problem": ("problem", "problems"), "error": ("error", "errors"),
                 "warning": ("warning", "warnings"), "change": ("change", "changes")},
          "id": {"problem": ("masalah", "masalah"), "error": ("galat", "galat"),
                 "warning": ("peringatan", "peringatan"), "change": ("perubahan", "perubahan")}}

#: Whole problem sentences that recur most, in Indonesian (others stay as the readers wrote).
PROBLEM_TEXTS: dict[str, str] = {
    "the table has no ID column": "tabel tidak punya kolom ID",
    "organisation written differently from the organisation sheet":
        "nama lembaga ditulis berbeda dari lembar Mitra",
    "organisation is not on the organisation sheet": "lembaga tidak ada di lembar Mitra",
    "desa name written differently": "nama desa ditulis berbeda",
    "kecamatan name written differently": "nama kecamatan ditulis berbeda",
    "row is a note, not an action item": "baris ini catatan, bukan butir rencana aksi",
    "budget is per year": "anggaran per tahun",
    "feature is referenced by no activity and names no organisation, so it is left off the map":
        "fitur tidak dirujuk kegiatan mana pun dan tidak menyebut lembaga, jadi tidak dipetakan",
    "the plan has a header but no rows: nothing can be mapped":
        "rencana punya baris judul tetapi tidak ada baris data: tidak ada yang dapat dipetakan",
}

#: The columns of ``validation.csv``, in order.
COLUMNS = ("severity", "file", "sheet", "row", "record_id", "column", "value", "problem",
           "suggestion")


def say(key: str, lang: str = "en", **values: object) -> str:
    """Return the terminal text ``key`` in ``lang`` with ``values`` filled in.

    >>> say("built", "id", folder="hasil")
    'selesai dibangun: hasil'
    """
    return _TEXTS.get(lang, _TEXTS["en"])[key].format(**values)


def count(n: int, noun: str, lang: str = "en") -> str:
    """Return ``n`` with ``noun`` in ``lang``, plural when ``n`` is not 1.

    >>> count(2, "error"), count(2, "error", "id")
    ('2 errors', '2 galat')
    """
    one, many = _NOUNS.get(lang, _NOUNS["en"])[noun]
    return f"{n} {one if n == 1 else many}"


def heading(name: str, lang: str = "en") -> str:
    """Return a column heading (of the table and of ``validation.csv``) in ``lang``."""
    return say(name, lang)


def problem_text(text: str, lang: str = "en") -> str:
    """Return a problem's sentence (or suggestion) in ``lang`` where a rendering exists.

    >>> problem_text("action item 9 does not exist", "id")
    'butir rencana aksi 9 tidak ada'
    """
    if lang != "id":
        return text
    return PROBLEM_TEXTS.get(text) or translate(text, lang)


def worst(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems with the most severe first (the order found kept within each)."""
    return sorted(problems, key=lambda p: SEVERITY_ORDER.get(p.severity, 3))


def _where(problem: Problem) -> str:
    """Return a short place of a problem: file, sheet, row (with its id), column."""
    parts = [problem.file + (f" [{problem.sheet}]" if problem.sheet else "")]
    if problem.row is not None:
        parts.append(f"{problem.row}" + (f" ({problem.record_id})" if problem.record_id
                                           else ""))
    if problem.column:
        parts.append(str(problem.column))
    return ":".join(parts)


def grouped(problems: Iterable[Problem]) -> list[tuple[Problem, int]]:
    """Return the problems, most severe first, one per (severity, sentence) with its count."""
    first: dict[tuple[str, str], Problem] = {}
    counts: dict[tuple[str, str], int] = {}
    for p in worst(problems):
        key = (p.severity, p.problem)
        first.setdefault(key, p)
        counts[key] = counts.get(key, 0) + 1
    return [(p, counts[k]) for k, p in first.items()]


def table_lines(problems: Sequence[Problem], lang: str = "en", *,
                limit: int | None = None, group: bool = False) -> list[str]:
    """Return the problems as a text table, severity first (at most ``limit`` rows).

    ``group`` shows a sentence met several times once, with ``(+N)`` after its place.

    >>> p = Problem("rencana.xlsx", "Kegiatan", 4, "Desa", "Sg. X", "unknown desa", "", "error")
    >>> for line in table_lines([p, p], group=True):
    ...     print(line.rstrip())
    severity  where                                problem
    error     rencana.xlsx [Kegiatan]:4:Desa (+1)  unknown desa
    """
    rows_found = grouped(problems) if group else [(p, 1) for p in worst(problems)]
    shown = rows_found if limit is None else rows_found[:limit]
    head = [heading("severity", lang), heading("where", lang), heading("problem", lang)]
    rows = [[say(p.severity, lang) if p.severity in SEVERITY_ORDER else p.severity,
             _where(p) + (f" (+{n - 1})" if n > 1 else ""), problem_text(p.problem, lang)]
            for p, n in shown]
    widths = [max([len(head[0]), *(len(r[0]) for r in rows)]),
              min(max([len(head[1]), *(len(r[1]) for r in rows)]), 60)]
    return [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}" for r in [head, *rows]]
