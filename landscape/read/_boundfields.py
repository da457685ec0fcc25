"""Which level a boundaries layer holds, and which of its fields are the code and the name.

Agencies hand out boundaries in many shapes: the GeoPackage of ``kode``/``nama``,
BIG/RBI shapefiles (``ADMINISTRASIDESA_AR_25K`` with ``NAMOBJ``, ``WADMKD``,
``WADMKC``, ``WADMKK``, ``WADMPR``, ``KDEPUM``, ``KDCPUM``, ``KDPKAB``), OCHA's
common operational data sets (``ADM4_EN``, ``ADM4_PCODE``). A layer's level is told
by its name, else by its fields, else by the depth of its codes. A name field is
only ever one of the layer's own level (``WADMKC`` is the kecamatan's name, never a
desa's).

Codes are read in the scheme the file states. Kemendagri codes are written with dots
(``61.05.03.2010``); written without dots (``6105032010``) they are taken as
Kemendagri only from a field whose name says so (BIG's ``KDEPUM``, ``KDCPUM``,
``KDPKAB``, or a name with ``kemendagri``), because BPS codes are written the same
way and mean other places (BPS ``6107`` is Sintang; Kemendagri ``61.07`` is
Bengkayang). A BPS field (``KODE_BPS``, ``ADM4_PCODE``) is refused: the toolkit
holds no table from BPS to Kemendagri codes.
"""

from __future__ import annotations

import math
import re
from typing import Final, Literal

import pandas as pd

from landscape.errors import InputError

Level = Literal["kabupaten", "kecamatan", "desa"]
LEVELS: Final[tuple[Level, ...]] = ("kabupaten", "kecamatan", "desa")
#: Parts of a dotted Kemendagri code, and digits of an undotted one, per level.
DEPTH: Final[dict[Level, tuple[int, int]]] = {"kabupaten": (2, 4), "kecamatan": (3, 6),
                                              "desa": (4, 10)}
_FINEST_FIRST: Final[tuple[Level, ...]] = ("desa", "kecamatan", "kabupaten")
PARENT: Final[dict[Level, Level]] = {"desa": "kecamatan", "kecamatan": "kabupaten"}

#: Code fields of one level, before the generic ones; first found wins.
CODE_FIELDS: Final[dict[Level, tuple[str, ...]]] = {
    "desa": ("kdepum", "kode_desa", "kd_desa", "kodedesa", "kode_kel", "kode_kelurahan",
             "kode_desa_kel", "id_desa"),
    "kecamatan": ("kdcpum", "kode_kec", "kd_kec", "kodekec", "kode_kecamatan", "id_kec"),
    "kabupaten": ("kdpkab", "kode_kab", "kd_kab", "kodekab", "kode_kabupaten", "id_kab"),
}
GENERIC_CODES: Final = ("kode_kemendagri", "kode_kemdagri", "kemendagri", "kode", "code",
                        "kode_wilayah", "kode_wil", "adm_code", "id")
#: Name fields of one level (the object's own name first), before the generic ones.
NAME_FIELDS: Final[dict[Level, tuple[str, ...]]] = {
    "desa": ("namobj", "wadmkd", "nama_desa", "nm_desa", "namadesa", "desa", "kelurahan",
             "desa_kel", "nama_kel", "village", "adm4_en", "adm4_id"),
    "kecamatan": ("namobj", "wadmkc", "nama_kec", "nm_kec", "namakec", "kecamatan",
                  "subdistrict", "adm3_en", "adm3_id"),
    "kabupaten": ("namobj", "wadmkk", "nama_kab", "nm_kab", "namakab", "kabupaten", "regency",
                  "adm2_en", "adm2_id"),
}
GENERIC_NAMES: Final = ("nama", "name", "nama_wilayah", "nama_wil", "label")
#: Fields holding the name of the unit one level up (to check names against).
PARENT_NAME_FIELDS: Final[dict[Level, tuple[str, ...]]] = {
    "desa": ("wadmkc", "nama_kec", "nm_kec", "kecamatan", "adm3_en"),
    "kecamatan": ("wadmkk", "nama_kab", "nm_kab", "kabupaten", "adm2_en"),
}
#: Words in layer or file names that tell the level.
LAYER_WORDS: Final[dict[Level, tuple[str, ...]]] = {
    "desa": ("desa", "kelurahan", "village", "adm4", "kel"),
    "kecamatan": ("kecamatan", "subdistrict", "adm3", "kec"),
    "kabupaten": ("kabupaten", "regency", "kabkota", "adm2", "kab"),
}
_KEMENDAGRI_FIELD = re.compile(r"^kd[a-z](pum|kab)$|kemendagri|kemdagri")
_BPS_FIELD = re.compile(r"bps|pcode")
_DOTTED = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")

__all__ = ["DEPTH", "LEVELS", "PARENT", "Level", "level_by_name", "level_of", "read_codes"]


def _columns(frame: pd.DataFrame) -> dict[str, str]:
    geometry = getattr(frame, "_geometry_column_name", None)
    return {str(c).lower(): str(c) for c in frame.columns if c != geometry}


def level_by_name(name: str) -> Level | None:
    """Return the level a layer or file name tells, if exactly one.

    Examples
    --------
    >>> level_by_name("ADMINISTRASIDESA_AR_25K"), level_by_name("Batas_Kecamatan")
    ('desa', 'kecamatan')
    >>> level_by_name("kab"), level_by_name("rivers") is None
    ('kabupaten', True)
    """
    low = name.lower()
    tokens = set(re.split(r"[^a-z0-9]+", low))
    found = [lv for lv in LEVELS
             if any(w in tokens or (len(w) >= 4 and w in low) for w in LAYER_WORDS[lv])]
    return found[0] if len(found) == 1 else None


def level_of(frame: pd.DataFrame) -> Level | None:
    """Return the level a layer's fields (or, failing them, its codes' depth) tell."""
    columns = _columns(frame)
    for level in _FINEST_FIRST:
        if any(f in columns for f in CODE_FIELDS[level]):
            return level
    code = next((columns[f] for f in GENERIC_CODES if f in columns), None)
    if code is not None:
        depths = {len(str(v).split(".")) for v in frame[code].head(50) if _DOTTED.match(str(v))}
        found = next((lv for lv in LEVELS if depths == {DEPTH[lv][0]}), None)
        if found is not None:
            return found
    for level in _FINEST_FIRST:
        if any(f in columns for f in NAME_FIELDS[level] if f != "namobj"):
            return level
    return None


def pick_field(frame: pd.DataFrame, level: Level, role: Literal["code", "name"],
               given: str | None, where: str) -> str | None:
    """Return the column holding the code or the name of the layer's units.

    Raises
    ------
    InputError
        If ``given`` (a field named in a map definition) is not a column of the layer.
    """
    columns = _columns(frame)
    if given is not None:
        if given.lower() not in columns:
            msg = (f"{where} has no field {given!r} (named as the {level} {role} field); its "
                   f"fields are {', '.join(columns.values())}")
            raise InputError(msg)
        return columns[given.lower()]
    wanted = (*CODE_FIELDS[level], *GENERIC_CODES) if role == "code" else (
        *NAME_FIELDS[level], *GENERIC_NAMES)
    return next((columns[f] for f in wanted if f in columns), None)


def parent_names(frame: pd.DataFrame, level: Level) -> pd.Series | None:
    """Return the names of each unit's parent the layer itself holds (``WADMKC``), if any."""
    columns = _columns(frame)
    field = next((columns[f] for f in PARENT_NAME_FIELDS.get(level, ()) if f in columns), None)
    return None if field is None else frame[field].astype(str).str.strip()


def bps_field(frame: pd.DataFrame) -> str | None:
    """Return a field whose name says it holds BPS codes, if any."""
    return next((c for low, c in _columns(frame).items() if _BPS_FIELD.search(low)), None)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def read_codes(values: pd.Series, field: str, level: Level, where: str) -> list[str]:
    """Return a layer's codes as dotted Kemendagri codes, read in the scheme the field states.

    Raises
    ------
    InputError
        For BPS codes, codes without dots in a field that does not say Kemendagri,
        or codes of another level than the layer's.
    """
    texts = [_text(v).strip() for v in values]
    example = next((t for t in texts if t), "")
    parts, digits = DEPTH[level]
    if _BPS_FIELD.search(field.lower()):
        msg = (f"{where}: field {field} holds BPS codes (e.g. {example}), which are not "
               "Kemendagri codes (BPS 6107 is Sintang, Kemendagri 61.07 is Bengkayang) and the "
               f"toolkit has no table between them; give a field of Kemendagri codes (KDEPUM, "
               f"kode) as the {level} code field")
        raise InputError(msg)
    undotted = [t for t in texts if t.isdigit()]
    if undotted and not _KEMENDAGRI_FIELD.search(field.lower()):
        msg = (f"{where}: field {field} holds codes without dots (e.g. {undotted[0]}), which may "
               "be BPS or Kemendagri codes (6107 is Sintang in BPS, Bengkayang in Kemendagri); "
               "write them with dots (61.05.03.2010) or give them in a field named "
               f"{_KEMENDAGRI_NAMES[level]}")
        raise InputError(msg)
    codes = [_dotted(t) if t.isdigit() and len(t) == digits else t for t in texts]
    right = sum(1 for c in codes if _DOTTED.match(c) and len(c.split(".")) == parts)
    if codes and right * 2 < len([c for c in codes if c]):
        msg = (f"{where}: field {field} does not hold {level} codes (e.g. {example}; a {level} "
               f"code has {parts} parts, like {_EXAMPLES[level]}); name the {level} code field")
        raise InputError(msg)
    return codes


_KEMENDAGRI_NAMES: Final[dict[Level, str]] = {"desa": "KDEPUM or kode_kemendagri",
                                               "kecamatan": "KDCPUM or kode_kemendagri",
                                               "kabupaten": "KDPKAB or kode_kemendagri"}
_EXAMPLES: Final[dict[Level, str]] = {"desa": "61.05.03.2010", "kecamatan": "61.05.03",
                                      "kabupaten": "61.05"}


def _dotted(digits: str) -> str:
    pieces = [digits[:2], digits[2:4], digits[4:6], digits[6:]]
    return ".".join(p for p in pieces if p)
