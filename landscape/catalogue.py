"""The landscape-layer catalogue: what each layer means, and which file holds it.

Each landscape layer a district planner uses (land cover, forest-estate function,
peat, spatial plan, concessions, social forestry, fire hotspots, tree-cover loss)
is described once, in ``layers/catalogue/<id>.toml``:

``id``, ``title``, ``title_en``, ``kind`` (``"classes"``: polygons or a
categorical raster; ``"points"``: point events such as hotspots; ``"loss_year"``:
a raster of loss years), ``fields`` (candidate names of the field holding the
class, tried in order, case-insensitive; ``*`` and ``?`` match any text),
``source``, ``units``, optional ``default_class`` (the class of every feature
when no class field is found), ``date_fields`` (points) and ``year_offset``
(loss-year rasters), the code list ``[classes.<code>]`` with ``label``,
``label_en``, ``colour`` and ``aliases`` (text written in files for this
class), and derived groups ``[groups.<name>]`` with ``label``, ``label_en``
and ``codes``.

A GIS officer only points each layer id at a file:
``landscape build --layer tutupan_lahan=pl2022.shp`` (``ID=PATH``, or
``ID=PATH#LAYER`` for one layer of a multi-layer file); the library takes these
as ``{id: LayerFile(path, sublayer)}``. :func:`landscape.read.layers.read_layer`
reads any vector format the toolkit reads (also a CSV of points), reprojects to
EPSG:4326, finds the
class field, turns class values into catalogue codes (``2001.0`` and ``"Hp"``
become ``"2001"``; ``"APL"`` becomes ``"1007"``) and repairs invalid geometry.
Unknown codes are kept, labelled ``kelas <code> (tidak dikenal)``, and
reported; nothing is dropped silently.

Examples
--------
>>> catalogue = load_catalogue()
>>> cover = catalogue["tutupan_lahan"]
>>> cover.code_for("2002.0"), cover.code_for("hp"), cover.label("20051")
('2002', '2001', 'Hutan rawa sekunder')
>>> catalogue["kawasan_hutan"].code_for("APL")
'1007'
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from landscape._text import fold_class
from landscape.errors import LayerError
from landscape.problems import Problem

__all__ = [
    "GROUP_PREFIX",
    "KINDS",
    "RASTER_SUFFIXES",
    "Layer",
    "LayerClass",
    "LayerFile",
    "LayerGroup",
    "LayerSource",
    "LoadedLayer",
    "class_code",
    "default_folder",
    "find_layer",
    "load_catalogue",
]

#: Kinds of layer: areas by class, point events, and rasters of loss years.
KINDS = ("classes", "points", "loss_year")
#: Prefix of the class code of a derived group in land-status tables.
GROUP_PREFIX = "group:"
#: File suffixes read as rasters; every other file is read as vector data.
RASTER_SUFFIXES = frozenset({".tif", ".tiff", ".vrt", ".img", ".asc", ".jp2"})
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_INTEGRAL = re.compile(r"[+-]?\d+(\.0*)?")


@dataclass(frozen=True, slots=True)
class LayerClass:
    """One class of a layer's code list."""

    code: str
    label: str
    label_en: str
    colour: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LayerGroup:
    """A derived group of classes, such as natural forest."""

    name: str
    label: str
    label_en: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Layer:
    """One landscape layer as the catalogue describes it.

    ``lookup`` maps normalised text (code, labels and aliases) to class codes.
    """

    id: str
    title: str
    title_en: str
    kind: str
    fields: tuple[str, ...]
    classes: dict[str, LayerClass]
    groups: dict[str, LayerGroup]
    source: str = ""
    units: str = "ha"
    default_class: str | None = None
    date_fields: tuple[str, ...] = ()
    year_offset: int = 0
    descriptor: Path | None = None
    lookup: dict[str, str] = field(default_factory=dict, repr=False)

    def code_for(self, value: object) -> str | None:
        """Return the catalogue code of a class value as a file writes it.

        Numbers are written without decimals; text is matched case- and
        punctuation-insensitively against codes, labels and aliases. A value
        that matches nothing is returned as written (an unknown class);
        a missing value gives ``None``.
        """
        code = class_code(value)
        if code is None or code in self.classes:
            return code
        return self.lookup.get(_normal(code), code)

    def label(self, code: str, *, english: bool = False) -> str:
        """Return the label of a class or group code (``"group:<name>"``)."""
        if code.startswith(GROUP_PREFIX) and code[len(GROUP_PREFIX):] in self.groups:
            group = self.groups[code[len(GROUP_PREFIX):]]
            return group.label_en if english else group.label
        if code in self.classes:
            return self.classes[code].label_en if english else self.classes[code].label
        if self.kind == "loss_year":
            return code
        return f"class {code} (unknown)" if english else f"kelas {code} (tidak dikenal)"

    def order(self, code: str) -> int:
        """Return the sort position of a code: catalogue classes, unknowns, then groups."""
        codes = list(self.classes)
        if code in self.classes:
            return codes.index(code)
        if code.startswith(GROUP_PREFIX):
            names = list(self.groups)
            name = code[len(GROUP_PREFIX):]
            return len(codes) + 1 + (names.index(name) if name in names else len(names))
        return len(codes)


@dataclass(frozen=True, slots=True)
class LayerFile:
    """Where a landscape layer is: a file, and optionally one layer of a multi-layer file.

    What a caller hands the build for each catalogue id
    (``{"tutupan_lahan": LayerFile(Path("pl2022.gpkg"), "penutupan_2022")}``); the
    command line parses ``ID=PATH`` and ``ID=PATH#LAYER`` into these at its edge.
    """

    path: Path
    sublayer: str | None = None


@dataclass(frozen=True, slots=True)
class LayerSource:
    """A catalogue layer pointed at a file (``sublayer``: one layer of a multi-layer file)."""

    layer: Layer
    path: Path
    sublayer: str | None = None


@dataclass(slots=True)
class LoadedLayer:
    """A layer read from its file.

    Vector layers have ``frame`` in EPSG:4326: for ``classes`` layers the columns
    ``class_code``, ``row``, ``geometry`` (polygons); for ``points`` layers
    ``year`` (nullable integer), ``date``, ``confidence`` (as written, ``""`` if
    none), ``row``, ``geometry``. Raster layers keep the file in ``raster``; their classes
    are the pixel values, or ``mask_class`` for every pixel but 0 and nodata (a raster
    holding none of the codes of a layer with a ``default_class``, e.g. a 0/1 peat mask).
    """

    layer: Layer
    path: Path
    frame: gpd.GeoDataFrame | None = None
    raster: Path | None = None
    class_field: str | None = None
    problems: list[Problem] = field(default_factory=list)
    mask_class: str | None = None

    @property
    def id(self) -> str:
        """The catalogue id of the layer."""
        return self.layer.id

    @property
    def is_raster(self) -> bool:
        """True if the layer is a raster file."""
        return self.raster is not None


# --- the catalogue -----------------------------------------------------------------------


def default_folder() -> Path:
    """Return the folder of layer descriptors.

    ``$LANDSCAPE_LAYERS`` if set; else the ``catalogue`` folder the package carries as
    ``landscape.layers`` (the repository's ``layers/catalogue``), found with
    :mod:`importlib.resources`. A checkout put on ``sys.path`` without being installed
    uses its own ``layers/catalogue``.
    """
    env = os.environ.get("LANDSCAPE_LAYERS")
    if env:
        return Path(env)
    try:
        root = Path(str(resources.files("landscape.layers")))
    except ModuleNotFoundError:
        root = Path(__file__).resolve().parents[1] / "layers"
    return root / "catalogue"


def load_catalogue(folder: Path | None = None) -> dict[str, Layer]:
    """Read every ``*.toml`` layer descriptor of a folder.

    Parameters
    ----------
    folder : Path, optional
        Folder of descriptors; by default :func:`default_folder`.

    Returns
    -------
    dict of str to Layer
        Layers by id, in file-name order.

    Raises
    ------
    LayerError
        If the folder has no descriptors, or a descriptor is malformed.
    """
    folder = default_folder() if folder is None else Path(folder)
    files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
    if not files:
        msg = f"no layer descriptors (*.toml) found in {folder}; set LANDSCAPE_LAYERS to the folder"
        raise LayerError(msg)
    layers: dict[str, Layer] = {}
    for path in files:
        layer = _parse_descriptor(path)
        if layer.id in layers:
            msg = f"{path.name}: layer id {layer.id!r} is already described by another file"
            raise LayerError(msg)
        layers[layer.id] = layer
    return layers


def _parse_descriptor(path: Path) -> Layer:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        msg = f"{path.name} is not valid TOML ({exc}); fix the descriptor"
        raise LayerError(msg) from exc
    missing = [k for k in ("id", "title", "kind") if not isinstance(data.get(k), str)]
    if missing:
        msg = f"{path.name} needs the text key(s) {', '.join(missing)}; add them to the descriptor"
        raise LayerError(msg)
    if data["kind"] not in KINDS:
        msg = f"{path.name}: kind {data['kind']!r} is not one of {', '.join(KINDS)}"
        raise LayerError(msg)
    if data["id"] != path.stem:
        msg = (f"{path.name}: id {data['id']!r} differs from the file name; "
               f"name the file {data['id']}.toml")
        raise LayerError(msg)
    classes = {str(code): _parse_class(path, str(code), spec)
               for code, spec in dict(data.get("classes", {})).items()}
    groups = {str(name): _parse_group(path, str(name), spec, classes)
              for name, spec in dict(data.get("groups", {})).items()}
    default = data.get("default_class")
    if default is not None and str(default) not in classes:
        msg = f"{path.name}: default_class {default!r} is not one of its classes"
        raise LayerError(msg)
    return Layer(
        id=data["id"], title=data["title"], title_en=str(data.get("title_en", data["title"])),
        kind=data["kind"], fields=_texts(path, data, "fields"), classes=classes, groups=groups,
        source=str(data.get("source", "")), units=str(data.get("units", "ha")),
        default_class=None if default is None else str(default),
        date_fields=_texts(path, data, "date_fields"), year_offset=int(data.get("year_offset", 0)),
        descriptor=path, lookup=_lookup(path, classes),
    )


def _texts(path: Path, data: Mapping[str, Any], key: str) -> tuple[str, ...]:
    values = data.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        msg = f'{path.name}: {key} must be a list of texts, e.g. {key} = ["kode", "kelas"]'
        raise LayerError(msg)
    return tuple(values)


def _parse_class(path: Path, code: str, spec: Mapping[str, Any]) -> LayerClass:
    label = spec.get("label")
    colour = str(spec.get("colour", "#999999"))
    if not isinstance(label, str) or not _COLOUR.fullmatch(colour):
        msg = f"{path.name}: class {code} needs a label and a colour written #rrggbb"
        raise LayerError(msg)
    aliases = tuple(str(a) for a in spec.get("aliases", []))
    return LayerClass(code, label, str(spec.get("label_en", label)), colour, aliases)


def _parse_group(path: Path, name: str, spec: Mapping[str, Any],
                 classes: Mapping[str, LayerClass]) -> LayerGroup:
    codes = tuple(str(c) for c in spec.get("codes", []))
    unknown = [c for c in codes if c not in classes]
    if not codes or unknown:
        msg = (f"{path.name}: group {name} must list class codes of this layer"
               f"{'; unknown: ' + ', '.join(unknown) if unknown else ''}")
        raise LayerError(msg)
    label = str(spec.get("label", name))
    return LayerGroup(name, label, str(spec.get("label_en", label)), codes)


def _lookup(path: Path, classes: Mapping[str, LayerClass]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for cls in classes.values():
        for text in (cls.code, cls.label, cls.label_en, *cls.aliases):
            key = _normal(text)
            if lookup.get(key, cls.code) != cls.code:
                msg = (f"{path.name}: {text!r} would mean both class {lookup[key]} and class "
                       f"{cls.code}; keep it in one class only")
                raise LayerError(msg)
            lookup[key] = cls.code
    return lookup


def _normal(text: str) -> str:
    return fold_class(text)


def class_code(value: object) -> str | None:
    """Write a class value as a code: whole numbers without decimals, text stripped.

    Examples
    --------
    >>> class_code(2001.0), class_code(" 20051.0 "), class_code("HL"), class_code(float("nan"))
    ('2001', '20051', 'HL', None)
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_ | int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)
        if not math.isfinite(number):
            return None
        return str(int(number)) if number.is_integer() else str(number)
    text = str(value).strip()
    if _INTEGRAL.fullmatch(text):
        text = str(int(float(text)))
    return text or None


# --- finding a layer by id -------------------------------------------------------------


def find_layer(layer_id: str, catalogue: Mapping[str, Layer]) -> Layer:
    """Return the catalogue layer of an id.

    Raises
    ------
    LayerError
        For an id the catalogue does not know; the message lists the known ids
        and suggests the closest one.

    Examples
    --------
    >>> find_layer("gambut", load_catalogue()).title_en
    'Peat ecosystem (KHG)'
    """
    if layer_id in catalogue:
        return catalogue[layer_id]
    close = difflib.get_close_matches(layer_id, list(catalogue), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    msg = (f"unknown layer id {layer_id!r}{hint}; the catalogue knows "
           f"{', '.join(sorted(catalogue))}")
    raise LayerError(msg)
