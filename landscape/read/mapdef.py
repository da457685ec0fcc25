"""Map definitions: a build's inputs kept in a small TOML file under ``maps/``.

A GIS officer who rebuilds the same atlas every quarter writes the inputs once::

    title = "Sekber Multi Pihak Sintang"
    boundaries = "../../shared/data/admin/kalbar-admin.gpkg"
    plan = "../../shared/data/samples/sintang/rencana-aksi.xlsx"
    areas = ["../../shared/data/samples/sintang/areas/*"]
    kabupaten = "61.05"
    out = "out/sintang"
    lang = "id"

    [layers]
    tutupan_lahan = "/data/klhk/pl2022_sintang.gpkg"

Boundaries held as one file per level, with fields named, are a table::

    [boundaries]
    kecamatan = "/data/big/ADMINISTRASIKECAMATAN_AR_50K.shp"
    desa = "/data/big/ADMINISTRASIDESA_AR_25K.shp"
    desa_code_field = "KDEPUM"
    desa_name_field = "NAMOBJ"

(``path = "..."`` names one GeoPackage or folder instead of the levels). The officer
runs ``landscape build --map maps/sintang.toml``. Relative paths are read
from the definition's own folder; ``areas`` entries may be glob patterns.
Options given on the command line win over the file.
"""

from __future__ import annotations

import glob
import tomllib
from pathlib import Path
from typing import Any

from landscape.errors import InputError, InputFileError
from landscape.read.boundaries import LEVELS, BoundarySource, boundary_source

KEYS = frozenset({"title", "boundaries", "plan", "areas", "kabupaten", "out", "lang", "date",
                  "layers", "loss_years"})
PATH_KEYS = ("plan", "out")


def _resolve(base: Path, value: str) -> str:
    path = Path(value).expanduser()
    return str(path if path.is_absolute() else base / path)


def _areas(base: Path, values: list[str], source: Path) -> list[str]:
    found: list[str] = []
    for value in values:
        pattern = _resolve(base, value)
        matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]  # noqa: PTH207
        if not matches:
            msg = f"{source.name}: areas pattern {value!r} matches no file"
            raise InputError(msg)
        found.extend(matches)
    return found


_TYPES: dict[str, type | tuple[type, ...]] = {
    "title": str, "boundaries": (str, dict), "plan": str, "areas": (list, str), "kabupaten": str,
    "out": str, "lang": str, "date": str, "layers": dict, "loss_years": int,
}


def _check_types(data: dict[str, Any], source: Path) -> None:
    for key, wanted in _TYPES.items():
        if key in data and not isinstance(data[key], wanted):
            names = " or ".join(t.__name__ for t in (wanted if isinstance(wanted, tuple)
                                                       else (wanted,)))
            msg = (f"{source.name}: {key} must be a {names.replace('str', 'text')}, "
                   f"not {data[key]!r}")
            raise InputError(msg)
    if isinstance(data.get("areas"), str):
        data["areas"] = [data["areas"]]
    for layer_id, value in dict(data.get("layers", {})).items():
        if not isinstance(value, str):
            msg = (f"{source.name}: [layers] {layer_id} must be a text (the path of the "
                   f"layer's file), not {value!r}")
            raise InputError(msg)


def _boundaries(base: Path, value: str | dict[str, Any], source: Path) -> BoundarySource:
    """Return the ``boundaries`` of a map definition: a path, or levels and fields."""
    if isinstance(value, str):
        return boundary_source(_resolve(base, value))
    table = {}
    for key, text in value.items():
        if not isinstance(text, str):
            msg = f"{source.name}: [boundaries] {key} must be a text, not {text!r}"
            raise InputError(msg)
        table[key] = _resolve(base, text) if key in {"path", *LEVELS} else text
    try:
        return boundary_source(table)
    except InputError as exc:
        msg = f"{source.name}: [{exc}"
        raise InputError(msg.replace("[boundaries:", "[boundaries]", 1)) from exc


def load_map(path: str | Path, *, extra_keys: frozenset[str] = frozenset()) -> dict[str, Any]:
    """Read a map definition into build options with absolute paths.

    Parameters
    ----------
    path : str or Path
        The TOML file.
    extra_keys : frozenset of str
        Keys accepted besides :data:`KEYS`, kept as written (the project file's own,
        read by :mod:`landscape.read.project`).

    Returns
    -------
    dict
        Option name -> value; ``boundaries`` as a
        :class:`~landscape.read.boundaries.BoundarySource`; ``layers`` as a dict of
        layer id -> path text
        (absolute; ``PATH#LAYER`` kept as written), checked by the command line
        exactly as its ``--layer ID=PATH`` values are.

    Raises
    ------
    InputFileError
        If the file is missing or not TOML.
    InputError
        If it has a key the build does not know.
    """
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        msg = f"map definition {source} does not exist"
        raise InputFileError(msg) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        msg = f"{source.name} is not valid TOML ({exc}); fix the line it names"
        raise InputFileError(msg) from exc
    _check_types(data, source)
    unknown = sorted(set(data) - KEYS - extra_keys)
    if unknown:
        msg = (f"{source.name}: unknown key {unknown[0]!r}; the keys are "
               f"{', '.join(sorted(KEYS | extra_keys))}")
        raise InputError(msg)
    base = source.resolve().parent
    options = dict(data)
    for key in PATH_KEYS:
        if key in options:
            options[key] = _resolve(base, str(options[key]))
    if "boundaries" in options:
        options["boundaries"] = _boundaries(base, options["boundaries"], source)
    options["areas"] = _areas(base, [str(a) for a in data.get("areas", [])], source)
    options["layers"] = {str(k): _resolve(base, str(v))
                         for k, v in dict(data.get("layers", {})).items()}
    return options
