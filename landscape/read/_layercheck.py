"""Checks that a file's content fits the catalogue layer it was given for.

A file given under the wrong layer id (a land-cover raster as the loss-year raster,
land cover as peat) would otherwise be read without complaint and give numbers that
mean nothing. The values of the file are weighed (pixels of a raster, hectares of a
vector layer's polygons in EPSG:6933) and compared with what the layer can hold:

* a ``loss_year`` raster holds 0 (no loss) and loss years, as offsets (1 = the year
  after ``year_offset``) or written as years (:func:`loss_year`), from
  :func:`first_loss_year` to the current year. Other values are counted; if they
  weigh more than :data:`landscape.settings.STRAY_LOSS_SHARE` of the pixels the file is
  refused, else they are reported as a warning (and left out of the loss figures);
* a ``classes`` layer's values must be in its code list. If unknown classes weigh
  more than :data:`landscape.settings.UNKNOWN_CLASS_SHARE` the file is refused, else
  each unknown class is reported (and counted in no priority or group).

A refusal is one sentence naming the file, the layer id and a few of the values
found, and, if another ``classes`` layer of the catalogue knows most of them (by the
same weights), that layer's id. A raster larger than
:data:`landscape.settings.LAYER_CHECK_PIXELS` is weighed from an evenly decimated
read of that many pixels (GDAL nearest-neighbour), so shares are estimates there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import rasterio

from landscape import settings
from landscape.catalogue import Layer
from landscape.errors import LayerError
from landscape.problems import Problem

__all__ = [
    "check_classes",
    "check_loss_years",
    "check_raster_classes",
    "first_loss_year",
    "is_mask",
    "loss_year",
    "plausible_years",
    "raster_weights",
]

_SHOWN_VALUES = 3


def first_loss_year(layer: Layer) -> int:
    """Return the first year a loss-year layer can hold: ``year_offset + 1`` (else the setting)."""
    return layer.year_offset + 1 if layer.year_offset > 0 else settings.LOSS_FIRST_YEAR


def loss_year(layer: Layer, value: int) -> int:
    """Return the year of a loss-year pixel value: offsets below 1000 get ``year_offset``."""
    return value + layer.year_offset if 0 < value < 1000 else value


def plausible_years(layer: Layer) -> tuple[int, int]:
    """Return the plausible loss years: :func:`first_loss_year` to the current year."""
    return first_loss_year(layer), dt.datetime.now(tz=dt.UTC).year


def raster_weights(path: Path) -> tuple[pd.Series, bool]:
    """Return the pixels of each value of band 1 (no nodata, no NaN), and whether sampled."""
    with rasterio.open(path) as src:
        size = src.width * src.height
        scale = min(1.0, (settings.LAYER_CHECK_PIXELS / size) ** 0.5) if size else 1.0
        shape = (max(1, round(src.height * scale)), max(1, round(src.width * scale)))
        values = src.read(1, out_shape=shape).reshape(-1)
        nodata = src.nodatavals[0]
    keep = ~np.isnan(values) if values.dtype.kind == "f" else np.ones(values.shape, bool)
    if nodata is not None and not np.isnan(nodata):
        keep &= values != nodata
    unique, counts = np.unique(values[keep], return_counts=True)
    return pd.Series(counts.astype(float), index=unique.tolist()), scale < 1.0


def _shown(values: pd.Series) -> str:
    top = values.sort_values(ascending=False, kind="stable").index[:_SHOWN_VALUES]
    return ", ".join(str(v) for v in top)


def _share(part: float, whole: float) -> str:
    return f"{part / whole:.0%}" if part / whole >= 0.01 else f"{part / whole:.2%}"


def _knower(weights: pd.Series, layer: Layer, catalogue: Mapping[str, Layer],
            fields: Mapping[str, pd.Series] | None = None) -> Layer | None:
    """Return the other ``classes`` layer whose code list holds most of the weight, if any."""
    best: tuple[float, Layer] | None = None
    total = float(weights.sum())
    for other in catalogue.values():
        if other.id == layer.id or other.kind != "classes" or total <= 0:
            continue
        values = weights if fields is None else fields.get(other.id)
        if values is None:
            continue
        known = sum(w for v, w in values.items() if other.code_for(v) in other.classes)
        if known / total > settings.UNKNOWN_CLASS_SHARE and (best is None or known > best[0]):
            best = (known, other)
    return None if best is None else best[1]


def _looks_like(weights: pd.Series, layer: Layer, catalogue: Mapping[str, Layer],
                fields: Mapping[str, pd.Series] | None = None) -> str:
    """Return the end of a refusal: the layer that knows most of the values, or what to check."""
    other = _knower(weights, layer, catalogue, fields)
    if other is None:
        return f"; check that it is the {layer.title_en} layer"
    return (f"; its values look like {other.id} codes ({other.title_en}): give it as layer "
            f"{other.id}")


def is_mask(layer: Layer, weights: pd.Series, catalogue: Mapping[str, Layer]) -> bool:
    """Tell whether a ``classes`` raster is a mask of the layer's ``default_class``.

    It is when the layer has a default class, no pixel but 0 holds one of its codes,
    and no other layer of the catalogue knows most of the values (land-cover codes
    given as peat are refused, not read as peat).
    """
    values = weights[[v != 0 for v in weights.index]]
    return (layer.default_class is not None and len(values) > 0
            and all(layer.code_for(v) not in layer.classes for v in values.index)
            and _knower(values, layer, catalogue) is None)


def check_loss_years(path: Path, layer: Layer, catalogue: Mapping[str, Layer]) -> list[Problem]:
    """Refuse a loss-year raster whose values are mostly not loss years; report a few.

    Raises
    ------
    LayerError
        If values that are not plausible years weigh more than
        :data:`landscape.settings.STRAY_LOSS_SHARE` of the pixels.
    """
    weights, sampled = raster_weights(path)
    first, last = plausible_years(layer)
    years = pd.Series([loss_year(layer, int(v)) if float(v).is_integer() else -1
                       for v in weights.index], index=weights.index)
    stray = weights[(years != 0) & ((years < first) | (years > last))]
    total, found = float(weights.sum()), float(stray.sum())
    if not found:
        return []
    counted = "of a sample of the pixels" if sampled else "of the pixels"
    text = (f"{_share(found, total)} {counted} hold values that are not loss years "
            f"{first}-{last} (e.g. {_shown(stray)})")
    if found / total > settings.STRAY_LOSS_SHARE:
        msg = (f"{path.name} does not look like a raster of loss years for layer {layer.id}: "
               f"{text}{_looks_like(weights, layer, catalogue)}")
        raise LayerError(msg)
    return [Problem(path.name, None, None, None, _shown(stray),
                    f"{text}; they were left out of the loss figures",
                    f"check the file given for layer {layer.id}")]


def check_classes(name: str, layer: Layer, weights: pd.Series, catalogue: Mapping[str, Layer],
                  *, what: str, fields: Mapping[str, pd.Series] | None = None) -> None:
    """Refuse a ``classes`` file whose values are mostly not in the layer's code list.

    Parameters
    ----------
    name : str
        The file's name, for the message.
    layer : Layer
        The layer the file was given for.
    weights : pandas.Series
        Weight (pixels, hectares) of each value as written, indexed by value.
    catalogue : mapping of str to Layer
        For the suggestion of a layer that knows the values.
    what : str
        What the weights count (``"pixels"``, ``"area"``), for the message.
    fields : mapping of str to pandas.Series, optional
        For a vector file: the weights of each other layer's own class field, by
        layer id (the values each layer would read); by default ``weights``.

    Raises
    ------
    LayerError
        If unknown classes weigh more than :data:`landscape.settings.UNKNOWN_CLASS_SHARE`.
    """
    total = float(weights.sum())
    unknown = weights[[layer.code_for(v) not in layer.classes for v in weights.index]]
    if total <= 0 or float(unknown.sum()) / total <= settings.UNKNOWN_CLASS_SHARE:
        return
    msg = (f"{name} does not fit layer {layer.id}: classes not in the {layer.id} code list "
           f"cover {_share(float(unknown.sum()), total)} of its {what} "
           f"(e.g. {_shown(unknown)}){_looks_like(weights, layer, catalogue, fields)}")
    raise LayerError(msg)


def check_raster_classes(path: Path, layer: Layer, catalogue: Mapping[str, Layer],
                         ) -> tuple[str | None, list[Problem]]:
    """Check a ``classes`` raster: its mask class (:func:`is_mask`) and the unknown values.

    Returns
    -------
    str or None
        The class of every pixel but 0 and nodata if the raster is a mask.
    list of Problem
        The mask read as the default class, or each pixel value not in the code list.

    Raises
    ------
    LayerError
        As :func:`check_classes`.
    """
    weights, _ = raster_weights(path)
    if is_mask(layer, weights, catalogue):
        default = str(layer.default_class)
        text = (f"the raster holds none of the {layer.id} codes; every pixel but 0 and nodata "
                f"was taken as {default} ({layer.label(default)})")
        return default, [Problem(path.name, None, None, None, "", text,
                                 f"write the codes of layers/catalogue/{layer.id}.toml if the "
                                 "raster has classes")]
    check_classes(path.name, layer, weights, catalogue, what="pixels")
    unknown = sorted({str(layer.code_for(v)) for v in weights.index} - set(layer.classes),
                     key=layer.order)
    return None, [Problem(path.name, None, None, None, code,
                          f"pixel value {code} is not in the {layer.id} catalogue; counted as "
                          f"{layer.label(code)!r}, in no group or priority",
                          f"add it, or an alias, to layers/catalogue/{layer.id}.toml")
                  for code in unknown]
