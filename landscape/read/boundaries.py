"""Administrative boundaries: kabupaten, kecamatan and desa with Kemendagri codes.

The boundaries file is a GeoPackage (or any multi-layer vector file GDAL reads)
with layers ``kecamatan`` and ``desa`` (``kabupaten`` optional), each with a
code field and a name field, read into a :class:`landscape.model.Boundaries`.
Codes stay strings; a unit's parent is found by the dotted prefix of its code, as
the Kemendagri list is built.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import geopandas as gpd
import pyogrio
import shapely

from landscape.errors import InputError, InputFileError
from landscape.model import Boundaries
from landscape.settings import GEOGRAPHIC_CRS

CODE_FIELDS = ("kode", "code", "kode_wilayah", "kdepum", "kode_kemendagri", "adm_code", "id")
NAME_FIELDS = ("nama", "name", "nama_wilayah", "wadmkc", "wadmkd", "namobj", "label")
LAYER_NAMES = {
    "kabupaten": ("kabupaten", "kab", "kabupaten_kota", "regency", "adm2"),
    "kecamatan": ("kecamatan", "kec", "subdistrict", "adm3"),
    "desa": ("desa", "kelurahan", "desa_kelurahan", "village", "adm4"),
}


def _pick(columns: list[str], wanted: tuple[str, ...]) -> str | None:
    lower = {c.lower(): c for c in columns}
    return next((lower[w] for w in wanted if w in lower), None)


def _layer_for(layers: list[str], level: str) -> str | None:
    lower = {name.lower(): name for name in layers}
    return next((lower[w] for w in LAYER_NAMES[level] if w in lower), None)


def _read_level(path: Path, layer: str) -> gpd.GeoDataFrame:
    try:
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:
        msg = f"{path.name}: layer {layer!r} could not be read ({exc})"
        raise InputFileError(msg) from exc
    code = _pick(list(frame.columns), CODE_FIELDS)
    name = _pick(list(frame.columns), NAME_FIELDS)
    if code is None or name is None:
        msg = (f"{path.name}: layer {layer!r} needs a code field (one of {', '.join(CODE_FIELDS)})"
               f" and a name field (one of {', '.join(NAME_FIELDS)}); it has "
               f"{', '.join(c for c in frame.columns if c != 'geometry')}")
        raise InputError(msg)
    if frame.crs is None:
        msg = f"{path.name}: layer {layer!r} has no CRS; set it (EPSG:4326 for lon/lat)"
        raise InputError(msg)
    frame = frame.to_crs(GEOGRAPHIC_CRS)
    out = gpd.GeoDataFrame(
        {"code": frame[code].astype(str).str.strip(), "name": frame[name].astype(str).str.strip()},
        geometry=shapely.make_valid(frame.geometry.values), crs=GEOGRAPHIC_CRS,
    )
    out = out[~out.geometry.is_empty & out.geometry.notna()]
    return out.sort_values("code", kind="stable").reset_index(drop=True)


def _parent(code: str) -> str:
    return code.rsplit(".", 1)[0] if "." in code else code


def read_boundaries(path: str | Path, *, kabupaten: str | None = None) -> Boundaries:
    """Read kecamatan and desa boundaries, limited to one kabupaten if asked.

    Parameters
    ----------
    path : str or Path
        GeoPackage with layers ``kecamatan`` and ``desa`` (and ``kabupaten``).
    kabupaten : str, optional
        Kemendagri code of the kabupaten to limit the work to, e.g. ``"61.05"``.

    Returns
    -------
    Boundaries

    Raises
    ------
    InputFileError
        If the file is missing or unreadable.
    InputError
        If a layer or field is missing, or the kabupaten code is not in the file.
    """
    path = Path(path)
    if not path.exists():
        msg = f"boundaries file {path} does not exist; give a GeoPackage with kecamatan and desa"
        raise InputFileError(msg)
    try:
        layers = [str(row[0]) for row in pyogrio.list_layers(path)]
    except Exception as exc:
        msg = f"{path.name} could not be read as a vector file ({exc})"
        raise InputFileError(msg) from exc
    found = {level: _layer_for(layers, level) for level in LAYER_NAMES}
    for level in ("kecamatan", "desa"):
        if found[level] is None:
            msg = (f"{path.name} has no {level} layer (layers: {', '.join(layers)}); "
                   f"name one of them {LAYER_NAMES[level][0]!r}")
            raise InputError(msg)
    kec = _read_level(path, str(found["kecamatan"]))
    desa = _read_level(path, str(found["desa"]))
    kab = _read_level(path, str(found["kabupaten"])) if found["kabupaten"] else None
    desa["kecamatan_code"] = [_parent(c) for c in desa["code"]]
    return _limit(Boundaries(kec, desa, kab, None, path.name, kec, desa), kabupaten)


def _limit(bounds: Boundaries, kabupaten: str | None) -> Boundaries:
    if kabupaten is None:
        return bounds
    code = normalise_code(kabupaten)
    prefix = code + "."
    kec = bounds.kecamatan[bounds.kecamatan["code"].str.startswith(prefix)]
    if kec.empty:
        msg = (f"kabupaten {kabupaten!r} has no kecamatan in {bounds.source}; give a code such "
               f"as {bounds.kecamatan['code'].iloc[0].rsplit('.', 1)[0]!r}")
        raise InputError(msg)
    desa = bounds.desa[bounds.desa["code"].str.startswith(prefix)].reset_index(drop=True)
    return dataclasses.replace(bounds, scope=code, kecamatan=kec.reset_index(drop=True),
                               desa=desa, all_kecamatan=bounds.kecamatan,
                               all_desa=bounds.desa)


def normalise_code(code: str) -> str:
    """Write a Kemendagri code with dots (``"6105"`` -> ``"61.05"``).

    Examples
    --------
    >>> normalise_code("6105062002")
    '61.05.06.2002'
    >>> normalise_code("61.05")
    '61.05'
    """
    text = code.strip()
    if "." in text or not text.isdigit():
        return text
    parts = [text[:2], text[2:4], text[4:6], text[6:]]
    return ".".join(p for p in parts if p)
