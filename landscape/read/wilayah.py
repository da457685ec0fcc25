"""The published files of ``cahyadsn/wilayah_boundaries``: Kemendagri-coded boundaries as SQL.

The data set (MIT License) publishes each level as MySQL ``INSERT`` rows
``(kode, nama, lat, lng, path)``: ``path`` is a JSON array of rings (a Polygon) or of
polygons (a MultiPolygon) whose points are written ``[lat, lng]``, latitude first.
Its files are laid out by province and kabupaten (:func:`wilayah_paths`):

* ``db/kab/wilayah_boundaries_kab_61.sql``: the kabupaten and kota of province 61;
* ``db/kec/wilayah_boundaries_kec_61.sql``: the kecamatan of province 61;
* ``db/kel/61/wilayah_boundaries_kel_61.05.sql``: the desa and kelurahan of kabupaten 61.05.

:func:`parse_wilayah` reads one file's text into units with ``kode``, ``nama`` and a
MultiPolygon in longitude/latitude (EPSG:4326), the fields and order the boundaries
reader (:mod:`landscape.read.boundaries`) takes from any GeoPackage.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
from shapely import make_valid
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from landscape.errors import InputError
from landscape.read.download import NotFoundError, fetch_cached, join_url
from landscape.settings import GEOGRAPHIC_CRS

__all__ = ["KABUPATEN_CODE", "SOURCE", "ParsedUnits", "check_kabupaten_code", "download_wilayah",
           "parse_wilayah", "wilayah_license", "wilayah_paths"]

#: The data set's files as GitHub serves them (branch ``main``).
SOURCE = "https://raw.githubusercontent.com/cahyadsn/wilayah_boundaries/main"

#: A kabupaten's Kemendagri code: province and kabupaten, two digits each, with a dot.
KABUPATEN_CODE = re.compile(r"^\d{2}\.\d{2}$")

_QUOTED = r"'((?:[^'\\]|\\.|'')*)'"
_NUMBER = r"(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|NULL)"
#: One row of values: ('kode','nama',lat,lng,'path'); the path may be NULL.
_ROW = re.compile(r"\(\s*" + _QUOTED + r"\s*,\s*" + _QUOTED + r"\s*,\s*" + _NUMBER
                  + r"\s*,\s*" + _NUMBER + r"\s*,\s*(?:" + _QUOTED + r"|NULL)\s*\)")
_LICENSE = re.compile(r"MIT License.*?copyright \(c\)[^\n]*", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ParsedUnits:
    """The units of one file: ``kode``, ``nama``, geometry (EPSG:4326, MultiPolygon).

    ``repaired`` lists the codes whose polygons were invalid as published and were
    repaired (:func:`shapely.make_valid`, keeping the polygonal parts); ``license`` is
    the notice in the file's header; ``downloaded`` is False when the file came from
    the cache.
    """

    frame: gpd.GeoDataFrame
    repaired: tuple[str, ...]
    license: str = ""
    downloaded: bool = False


def wilayah_paths(kabupaten: str) -> dict[str, str]:
    """Return the data set's file of each level for one kabupaten, relative to its root.

    Examples
    --------
    >>> wilayah_paths("61.05")["desa"]
    'db/kel/61/wilayah_boundaries_kel_61.05.sql'
    >>> wilayah_paths("61.05")["kecamatan"]
    'db/kec/wilayah_boundaries_kec_61.sql'
    """
    province = kabupaten.split(".", 1)[0]
    return {"kabupaten": f"db/kab/wilayah_boundaries_kab_{province}.sql",
            "kecamatan": f"db/kec/wilayah_boundaries_kec_{province}.sql",
            "desa": f"db/kel/{province}/wilayah_boundaries_kel_{kabupaten}.sql"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.replace("''", "'"))


def _ring(points: object, where: str) -> list[tuple[float, float]]:
    if not isinstance(points, list) or not all(
            isinstance(p, list) and len(p) >= 2 for p in points):
        msg = f"{where}: a ring is not a list of [lat, lng] points"
        raise ValueError(msg)
    return [(float(p[1]), float(p[0])) for p in points]  # [lat, lng] -> (lon, lat)


def _polygon(rings: object, where: str) -> Polygon:
    if not isinstance(rings, list) or not rings:
        msg = f"{where}: a polygon has no rings"
        raise ValueError(msg)
    shell, *holes = (_ring(r, where) for r in rings)
    return Polygon(shell, holes)


def path_geometry(path: str, where: str) -> MultiPolygon:
    """Return the MultiPolygon of a published ``path`` (points ``[lat, lng]``).

    Raises
    ------
    ValueError
        If the path is not JSON, or not rings or polygons of ``[lat, lng]`` points.

    Examples
    --------
    >>> path_geometry("[[[0.5, 111.0], [0.5, 111.1], [0.6, 111.1], [0.5, 111.0]]]", "x").bounds
    (111.0, 0.5, 111.1, 0.6)
    """
    data = json.loads(path)
    if not isinstance(data, list) or not data:
        msg = f"{where}: the path is not a list of rings or polygons"
        raise ValueError(msg)
    depth, probe = 0, data
    while isinstance(probe, list) and probe:
        depth, probe = depth + 1, probe[0]
    polygons = [_polygon(data, where)] if depth == 3 else [
        _polygon(p, where) for p in data]
    return MultiPolygon(polygons)


def _polygonal(geometry: BaseGeometry) -> MultiPolygon:
    """Return the polygonal parts of a repaired geometry as one MultiPolygon."""
    if isinstance(geometry, Polygon):
        return MultiPolygon([geometry])
    if isinstance(geometry, MultiPolygon):
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    flat = [p for g in parts for p in (g.geoms if isinstance(g, MultiPolygon) else [g])]
    return MultiPolygon(flat)


def parse_wilayah(text: str, source: str, *, prefix: str = "") -> ParsedUnits:
    """Read the units of one published SQL file (only codes starting with ``prefix``).

    Parameters
    ----------
    text : str
        The file's text.
    source : str
        Its name or address, for messages.
    prefix : str
        Keep only the units whose code starts with it (``"61.05."``; ``""`` keeps all).

    Returns
    -------
    ParsedUnits

    Raises
    ------
    InputError
        If the text holds no row of the data set's shape, or a row's path is not a
        polygon of ``[lat, lng]`` points (one sentence naming the file and the code).
    """
    codes: list[str] = []
    names: list[str] = []
    shapes: list[MultiPolygon] = []
    repaired: list[str] = []
    rows = 0
    for match in _ROW.finditer(text):
        rows += 1
        code, name = _unquote(match[1]).strip(), _unquote(match[2]).strip()
        if not code.startswith(prefix) or match[5] is None:
            continue
        try:
            shape = path_geometry(_unquote(match[5]), code)
        except (ValueError, TypeError) as exc:
            msg = (f"{source} is not a file of the wilayah_boundaries data set as published "
                   f"(unit {code}: {exc}); check the address given with --source")
            raise InputError(msg) from exc
        if not shape.is_valid:
            shape = _polygonal(make_valid(shape))
            repaired.append(code)
        codes.append(code)
        names.append(name)
        shapes.append(shape)
    if not rows:
        msg = (f"{source} holds no INSERT rows (kode, nama, lat, lng, path) of the "
               "wilayah_boundaries data set; check the address given with --source")
        raise InputError(msg)
    frame = gpd.GeoDataFrame({"kode": codes, "nama": names}, geometry=shapes,
                             crs=GEOGRAPHIC_CRS)
    return ParsedUnits(frame.sort_values("kode", kind="stable").reset_index(drop=True),
                       tuple(repaired))


def wilayah_license(text: str) -> str:
    """Return the MIT License notice in a published file's header ("" if it has none).

    >>> wilayah_license("/* MIT License. Permission ... copyright (c) 2025 by x */")
    'MIT License. Permission ... copyright (c) 2025 by x */'
    """
    found = _LICENSE.search(text[:5000])
    return found[0].strip() if found else ""


def check_kabupaten_code(code: str) -> str:
    """Return a kabupaten's Kemendagri code as given (``61.05``), or refuse it.

    Raises
    ------
    InputError
        For anything but two digits, a dot and two digits; a code without dots is
        refused with its dotted form, since BPS writes other places with the same digits.

    Examples
    --------
    >>> check_kabupaten_code(" 61.05 ")
    '61.05'
    """
    text = code.strip()
    if KABUPATEN_CODE.fullmatch(text):
        return text
    if re.fullmatch(r"\d{4}", text):
        msg = (f"kabupaten code {text} has no dot; Kemendagri writes {text[:2]}.{text[2:]} "
               f"(BPS writes other places with the same digits): give {text[:2]}.{text[2:]} "
               "if that is the kabupaten meant")
        raise InputError(msg)
    msg = (f"{text!r} is not a kabupaten code; give its Kemendagri code, two digits, a dot "
           "and two digits, e.g. 61.05 for Sintang")
    raise InputError(msg)


def _units(source: str, path: str, prefix: str, *, cache: str | Path | None,
           kabupaten: str) -> ParsedUnits:
    try:
        local, downloaded = fetch_cached(source, path, cache=cache)
    except NotFoundError as exc:
        msg = (f"{exc}: the data set has no file for kabupaten {kabupaten}; check the code "
               "(e.g. 61.05 for Sintang) or the address given with --source")
        raise InputError(msg) from exc
    text = local.read_text(encoding="utf-8", errors="replace")
    try:
        parsed = parse_wilayah(text, join_url(source, path), prefix=prefix)
    except InputError:
        local.unlink(missing_ok=True)  # never keep a malformed file in the cache
        raise
    return dataclasses.replace(parsed, license=wilayah_license(text), downloaded=downloaded)


def download_wilayah(kabupaten: str, *, source: str = SOURCE,
                     cache: str | Path | None = None) -> dict[str, ParsedUnits]:
    """Return the kabupaten, its kecamatan and its desa from the data set, by level.

    Each file is downloaded once and kept in the cache (:func:`fetch_cached`).

    Raises
    ------
    InputError
        For a code that is not a kabupaten's, a kabupaten the data set does not have
        (HTTP 404, or no unit of that code), or a file not of the data set's shape.
    InputFileError
        If the network or server fails.
    """
    code = check_kabupaten_code(kabupaten)
    paths = wilayah_paths(code)
    found = {"kabupaten": _units(source, paths["kabupaten"], code, cache=cache, kabupaten=code),
             "kecamatan": _units(source, paths["kecamatan"], code + ".", cache=cache,
                                 kabupaten=code),
             "desa": _units(source, paths["desa"], code + ".", cache=cache, kabupaten=code)}
    found["kabupaten"] = dataclasses.replace(found["kabupaten"], frame=found["kabupaten"].frame[
        found["kabupaten"].frame["kode"] == code].reset_index(drop=True))
    for level, units in found.items():
        if units.frame.empty:
            msg = (f"{join_url(source, paths[level])} holds no {level} of kabupaten {code}; "
                   "check the code (e.g. 61.05 for Sintang)")
            raise InputError(msg)
    return found
