"""Administrative boundaries: kabupaten, kecamatan and desa with Kemendagri codes.

The boundaries come as agencies hold them (:class:`BoundarySource`): one
GeoPackage (or any multi-layer file GDAL reads) with a layer per level; a folder
of shapefiles or GeoPackages, one per level (BIG/RBI's
``ADMINISTRASIDESA_AR_25K.shp``...); or one file per level. A layer's level is
told by its name, else its fields, else its codes; its code and name fields are
recognised (``kode``/``nama``, BIG's ``KDEPUM``/``NAMOBJ``/``WADMKD``, OCHA's
``ADM4_EN``...) or named in a map definition; see :mod:`landscape.read._boundfields`
for the rules, including the scheme of codes written without dots. Files may be
in any CRS and text encoding (decided from the bytes and reported). The units are
read into a :class:`landscape.model.Boundaries`; a unit's parent is found by the
dotted prefix of its code, as the Kemendagri list is built.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from landscape.errors import InputError, InputFileError
from landscape.model import Boundaries
from landscape.problems import Problem
from landscape.read._boundfields import LEVELS, Level, level_by_name, level_of
from landscape.read._boundlevel import check_own_names, read_level
from landscape.read._formats import read_layers
from landscape.read._kabupaten import find_kabupaten, normalise_code
from landscape.read._raw import RawLayer
from landscape.settings import GEOGRAPHIC_CRS

__all__ = ["LEVELS", "BoundariesInput", "BoundarySource", "boundary_source", "normalise_code",
           "read_boundaries"]

FIELD_KEYS = frozenset(f"{level}_{role}_field" for level in LEVELS for role in ("code", "name"))
#: Files of a boundaries folder that are read.
FOLDER_SUFFIXES = frozenset({".shp", ".gpkg", ".geojson", ".json", ".zip", ".fgb", ".gdb"})
#: Layer names of units that are not kabupaten, kecamatan or desa.
OTHER_UNITS = ("dusun", "provinsi", "province", "adm1", "rt", "rw")


@dataclass(frozen=True, slots=True)
class BoundarySource:
    """Where the boundaries are: one file or folder, or one file per level.

    Attributes
    ----------
    path : Path or None
        A GeoPackage (layers per level) or a folder of files, one per level.
    levels : mapping of str to Path
        Or one file per level: ``"kecamatan"`` and ``"desa"``, optionally ``"kabupaten"``.
    fields : mapping of str to str
        Fields named by the user, e.g. ``{"desa_code_field": "KDEPUM",
        "desa_name_field": "NAMOBJ"}``; the rest are recognised.
    """

    path: Path | None = None
    levels: Mapping[str, Path] = field(default_factory=dict)
    fields: Mapping[str, str] = field(default_factory=dict)

    @property
    def paths(self) -> list[Path]:
        """Every file or folder given."""
        return [self.path] if self.path is not None else list(self.levels.values())

    @property
    def label(self) -> str:
        """The name shown in messages: the file or folder, or the files per level."""
        if self.path is not None:
            return self.path.name
        return ", ".join(p.name for p in self.levels.values())


BoundariesInput = str | Path | Mapping[str, str | Path] | BoundarySource


def boundary_source(given: BoundariesInput) -> BoundarySource:
    """Return the :class:`BoundarySource` a path, or a mapping of levels and fields, gives.

    A mapping holds ``path`` (a file or folder) or one path per level
    (``kecamatan``, ``desa``, optionally ``kabupaten``), and optionally fields
    (``desa_code_field``, ``desa_name_field``, ``kecamatan_code_field``...).

    Raises
    ------
    InputError
        For an unknown key, a level missing, or both ``path`` and levels.
    """
    if isinstance(given, BoundarySource):
        return given
    if isinstance(given, str | Path):
        return BoundarySource(Path(given).expanduser())
    unknown = sorted(set(given) - FIELD_KEYS - set(LEVELS) - {"path"})
    if unknown:
        msg = (f"boundaries: unknown key {unknown[0]!r}; give path, or kecamatan and desa "
               f"(and kabupaten), and optionally {', '.join(sorted(FIELD_KEYS))}")
        raise InputError(msg)
    fields = {k: str(v) for k, v in given.items() if k in FIELD_KEYS}
    levels: dict[str, Path] = {k: Path(v).expanduser() for k, v in given.items() if k in LEVELS}
    if "path" in given:
        if levels:
            msg = "boundaries: give either one path or one file per level, not both"
            raise InputError(msg)
        return BoundarySource(Path(given["path"]).expanduser(), fields=fields)
    missing = [lv for lv in ("kecamatan", "desa") if lv not in levels]
    if missing:
        msg = (f"boundaries: no file for {' and '.join(missing)}; give one file per level, "
               "e.g. kecamatan=kecamatan.shp desa=desa.shp (kabupaten is optional)")
        raise InputError(msg)
    return BoundarySource(None, levels, fields)


def _read(path: Path) -> tuple[list[RawLayer], list[Problem]]:
    if not path.exists():
        msg = (f"boundaries file {path} does not exist; give a GeoPackage or folder with "
               "kecamatan and desa, or one file per level")
        raise InputFileError(msg)
    return read_layers(path)


def _level(layer: RawLayer, file_stem: str) -> Level | None:
    if any(w in layer.name.lower().split("_") or layer.name.lower() == w for w in OTHER_UNITS):
        return None
    return level_by_name(layer.name) or level_by_name(file_stem) or level_of(layer.frame)


Found = dict[Level, tuple[RawLayer, str]]


def _collect(source: BoundarySource, problems: list[Problem]) -> Found:
    """Return the layer of each level, with the name of the file it is in."""
    if source.path is None:
        found: Found = {}
        for wanted in LEVELS:
            if wanted not in source.levels:
                continue
            given = source.levels[wanted]
            layers, met = _read(given)
            problems += met
            fit = [lay for lay in layers if len(layers) == 1 or _level(lay, given.stem) == wanted]
            if len(fit) != 1:
                listed = ", ".join(lay.name for lay in layers)
                msg = (f"{given.name} holds {len(layers)} layers ({listed}) and not one {wanted} "
                       f"layer; give a file holding the {wanted} alone")
                raise InputError(msg)
            found[wanted] = (fit[0], given.name)
        return found
    path = source.path
    files = ([p for p in sorted(path.iterdir()) if p.suffix.lower() in FOLDER_SUFFIXES]
             if path.is_dir() and path.suffix.lower() != ".gdb" else [path])
    seen: dict[Level, list[tuple[RawLayer, str]]] = {}
    names: list[str] = []
    for file in files:
        layers, met = _read(file)
        problems += met
        for layer in layers:
            names.append(layer.name)
            kind = _level(layer, file.stem if len(layers) == 1 else "")
            if kind is not None:
                seen.setdefault(kind, []).append((layer, file.name))
    for needed in ("kecamatan", "desa"):
        if needed not in seen:
            msg = (f"{path.name} has no {needed} layer (layers: {', '.join(names) or 'none'}); "
                   f"name one of them {needed!r}, or give --boundaries {needed}=PATH")
            raise InputError(msg)
    for kind, candidates in seen.items():
        if len(candidates) > 1:
            both = " and ".join(f"{file} ({lay.name})" for lay, file in candidates)
            msg = (f"{path.name}: {both} both look like {kind} layers; give one file per level, "
                   f"e.g. --boundaries {kind}=PATH")
            raise InputError(msg)
    return {kind: candidates[0] for kind, candidates in seen.items()}


def _derived_kabupaten(kec: gpd.GeoDataFrame) -> gpd.GeoDataFrame | None:
    """Kabupaten as the union of their kecamatan, named by the kecamatan's own field."""
    if "parent_name" not in kec or not (kec["parent_name"].str.len() > 0).all():
        return None
    groups = kec.assign(code=[c.rsplit(".", 1)[0] for c in kec["code"]])
    kab = groups.dissolve(by="code", aggfunc={"parent_name": "first"}).reset_index()
    return gpd.GeoDataFrame({"code": kab["code"], "name": kab["parent_name"]},
                            geometry=kab.geometry.values, crs=GEOGRAPHIC_CRS)


def read_boundaries(source: BoundariesInput, *, kabupaten: str | None = None) -> Boundaries:
    """Read kecamatan and desa boundaries, limited to one kabupaten if asked.

    Parameters
    ----------
    source : str, Path, mapping or BoundarySource
        A GeoPackage or folder; or a mapping of level -> path (``kecamatan``,
        ``desa``, optionally ``kabupaten``) with optional field names (see
        :func:`boundary_source`).
    kabupaten : str, optional
        The kabupaten to limit the work to: its Kemendagri code (``"61.05"``) or
        its name (``"Sintang"``, ``"Kabupaten Sintang"``).

    Returns
    -------
    Boundaries
        With the problems met while reading in ``problems``.

    Raises
    ------
    InputFileError
        If a file is missing or unreadable.
    InputError
        If a level or field is missing, codes are in another scheme, names repeat
        their parent's, or the kabupaten is not in the files.
    """
    given = boundary_source(source)
    problems: list[Problem] = []
    found = _collect(given, problems)
    frames: dict[Level, gpd.GeoDataFrame] = {}
    for level in LEVELS:
        if level in found:
            layer, file_name = found[level]
            frames[level], met = read_level(layer, level, file_name, given.fields)
            problems += met
    kec, desa = frames["kecamatan"], frames["desa"]
    desa["kecamatan_code"] = [c.rsplit(".", 1)[0] for c in desa["code"]]
    check_own_names(desa, "desa", kec, found["desa"], given.fields)
    kab = frames.get("kabupaten")
    if kab is None:
        kab = _derived_kabupaten(kec)
    else:
        check_own_names(kec, "kecamatan", kab, found["kecamatan"], given.fields)
    kec, desa = (frame.drop(columns="parent_name", errors="ignore").reset_index(drop=True)
                 for frame in (kec, desa))
    if kab is not None:
        kab = kab.drop(columns="parent_name", errors="ignore").reset_index(drop=True)
    bounds = Boundaries(kec, desa, kab, None, given.label, kec, desa, tuple(problems))
    return _limit(bounds, kabupaten)


def _limit(bounds: Boundaries, kabupaten: str | None) -> Boundaries:
    if kabupaten is None:
        return bounds
    units = bounds.kabupaten
    if units is None:
        codes = sorted({c.rsplit(".", 1)[0] for c in bounds.kecamatan["code"]})
        units = pd.DataFrame({"code": codes, "name": [""] * len(codes)})
    code, met = find_kabupaten(kabupaten, units, bounds.source)
    prefix = code + "."
    kec = bounds.kecamatan[bounds.kecamatan["code"].str.startswith(prefix)]
    if kec.empty:
        msg = (f"kabupaten {kabupaten!r} has no kecamatan in {bounds.source}; give the code of "
               "a kabupaten whose kecamatan the file holds")
        raise InputError(msg)
    desa = bounds.desa[bounds.desa["code"].str.startswith(prefix)].reset_index(drop=True)
    return dataclasses.replace(bounds, scope=code, kecamatan=kec.reset_index(drop=True),
                               desa=desa, all_kecamatan=bounds.kecamatan,
                               all_desa=bounds.desa, problems=(*bounds.problems, *met))
