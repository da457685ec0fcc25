"""Who does what, where, when, with what money, on what land.

A toolkit for a district's multi-stakeholder landscape forum: it reads the
forum's workbook and the partners' map files, resolves every place to its
Kemendagri code, links activities to land, and writes tables, a GeoPackage and
an offline HTML atlas.

The pipeline runs one way, one sub-package per stage::

    read -> normalise -> link -> analyse -> render

Entry points
------------
:func:`build` runs read, normalise, link and analyse and returns a :class:`Result`
(typed records of :mod:`landscape.model`); :func:`write` writes a build folder
(tables, ``results.gpkg``, ``validation.json``, ``atlas.html``) as a whole.
Landscape layers are handed to :func:`build` as ``{catalogue id: LayerFile}``.

Reusable blocks
---------------
The parts a GIS officer can use on their own: :func:`zonal_counts` and
:func:`class_areas` (categorical zonal statistics of a raster, in hectares of an
equal-area CRS), :func:`land_status` (any layer of the catalogue over any units),
:class:`Gazetteer` (place names and Kemendagri codes), :func:`parse_amount` and
:func:`to_idr` (budget cells such as ``"Rp 1,2 M"``), :func:`parse_period` (date
cells such as ``"Triwulan III 2023"``), :func:`best_match` (fuzzy matching with a
margin), :func:`fold` and :func:`fold_place` (the one text-folding family),
:func:`load_catalogue`, and :func:`load_layers` (``{catalogue id: path}`` ->
:class:`LoadedLayer` records that :func:`land_status` measures; :func:`read_layer`
reads one :class:`LayerSource`).

Examples
--------
>>> from landscape import parse_amount, to_idr
>>> to_idr(parse_amount("Rp 1,2 M"))
1200000000
>>> from landscape import fold_place
>>> fold_place("Kec. Sei Tebelian")
('sungai tebelian', 'kecamatan')
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from landscape._text import fold, fold_place
    from landscape.analyse.landstatus import land_status
    from landscape.analyse.zonal import class_areas, zonal_counts
    from landscape.catalogue import LayerFile, LayerSource, LoadedLayer, load_catalogue
    from landscape.errors import (
        InputError,
        InputFileError,
        LandscapeError,
        LayerError,
        OutputError,
    )
    from landscape.model import Result
    from landscape.normalise.dates import Period, parse_period
    from landscape.normalise.fuzzy import Match, Tie, best_match
    from landscape.normalise.gazetteer import Gazetteer, Place
    from landscape.normalise.money import Amount, parse_amount, to_idr
    from landscape.pipeline import build
    from landscape.problems import Problem
    from landscape.read.layers import load_layers, read_layer
    from landscape.render.folder import Written, write

    __version__: str

#: Where each public name lives. They are imported on first use, so that importing
#: the package (and the command line, whose Ctrl-C must never show a traceback) is
#: quick; the heavy geo libraries load only when a name that needs them is used.
_HOMES = {
    "landscape._text": ("fold", "fold_place"),
    "landscape.analyse.landstatus": ("land_status",),
    "landscape.analyse.zonal": ("class_areas", "zonal_counts"),
    "landscape.catalogue": ("LayerFile", "LayerSource", "LoadedLayer", "load_catalogue"),
    "landscape.errors": ("InputError", "InputFileError", "LandscapeError", "LayerError",
                         "OutputError"),
    "landscape.model": ("Result",),
    "landscape.normalise.dates": ("Period", "parse_period"),
    "landscape.normalise.fuzzy": ("Match", "Tie", "best_match"),
    "landscape.normalise.gazetteer": ("Gazetteer", "Place"),
    "landscape.normalise.money": ("Amount", "parse_amount", "to_idr"),
    "landscape.pipeline": ("build",),
    "landscape.problems": ("Problem",),
    "landscape.read.layers": ("load_layers", "read_layer"),
    "landscape.render.folder": ("Written", "write"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def _version() -> str:
    try:
        return version("landscape")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"


def __getattr__(name: str) -> Any:
    """Import a public name on first use (PEP 562)."""
    if name == "__version__":
        value: Any = _version()
    elif name in _HOME_OF:
        value = getattr(importlib.import_module(_HOME_OF[name]), name)
    else:
        msg = f"module 'landscape' has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "Amount",
    "Gazetteer",
    "InputError",
    "InputFileError",
    "LandscapeError",
    "LayerError",
    "LayerFile",
    "LayerSource",
    "LoadedLayer",
    "Match",
    "OutputError",
    "Period",
    "Place",
    "Problem",
    "Result",
    "Tie",
    "Written",
    "__version__",
    "best_match",
    "build",
    "class_areas",
    "fold",
    "fold_place",
    "land_status",
    "load_catalogue",
    "load_layers",
    "parse_amount",
    "parse_period",
    "read_layer",
    "to_idr",
    "write",
    "zonal_counts",
]
