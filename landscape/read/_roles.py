"""Which attribute of an area file is a feature's id, name, organisation and description.

Partners name their fields in English or Indonesian (``id_kebun``, ``nama``, ``mitra``,
``keterangan``...); :func:`pick_roles` chooses one column per role, by name or pattern,
taking only columns that hold a value.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd
    import pandas as pd

__all__ = ["pick_roles"]

_ORG_NAMES = (
    "org", "organisation", "organization", "organisasi", "mitra", "lembaga", "pengelola",
    "partner", "owner", "pemilik", "instansi",
)  # fmt: skip
_NAME_NAMES = ("name", "nama", "title", "judul", "label")
_DESCRIPTION_NAMES = (
    "description", "desc", "deskripsi", "keterangan", "ket", "uraian", "notes", "note",
    "remarks", "comment", "catatan",
)  # fmt: skip
_ID_PATTERNS = (r"id", r"id_.+|.+_id", r"kode|code", r"id\d+")
_NAME_PATTERN = r"(nama|name)_.+|.+_(nama|name)"


def pick_roles(frame: gpd.GeoDataFrame, hints: dict[str, str], *,
               also: pd.DataFrame | None = None) -> dict[str, str | None]:
    """Choose the id, name, org and description columns (non-empty ones only).

    ``also`` holds rows the reader left out (a CSV's rows without coordinates): a
    column with a value there counts too, so those rows are named by their id.
    """
    geometry = frame.geometry.name
    columns = [str(c) for c in frame.columns if c != geometry and (
        frame[c].notna().any() or (also is not None and c in also and also[c].notna().any()))]
    roles: dict[str, str | None] = {k: v for k, v in hints.items() if v in columns}
    roles.setdefault("org", _first_named(columns, _ORG_NAMES))
    roles.setdefault("id", _first_matching(columns, _ID_PATTERNS))
    roles.setdefault("description", _first_named(columns, _DESCRIPTION_NAMES))
    if "name" not in roles:
        others = [c for c in columns if c not in {roles["org"], roles["id"]}]
        roles["name"] = _first_named(others, _NAME_NAMES) or _first_matching(
            others, (_NAME_PATTERN,)
        )
    return roles


def _first_named(columns: Iterable[str], names: tuple[str, ...]) -> str | None:
    lowered = {c.strip().lower(): c for c in reversed(list(columns))}
    return next((lowered[n] for n in names if n in lowered), None)


def _first_matching(columns: Iterable[str], patterns: tuple[str, ...]) -> str | None:
    listed = list(columns)
    for pattern in patterns:
        found = [c for c in listed if re.fullmatch(pattern, c.strip().lower())]
        if found:
            return found[0]
    return None
