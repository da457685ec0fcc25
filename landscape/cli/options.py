"""The options the ``landscape`` commands share, and the callbacks that check their values.

Values are parsed here, at the edge: ``--layer ID=PATH`` (or ``ID=PATH#LAYER``)
becomes a ``dict[str, LayerFile]`` before any command runs, and the library only
ever sees typed paths. A value that cannot be used raises :class:`OptionError`, a
:class:`click.BadParameter` that prints ``error: <one sentence>`` and exits with
code 1 like every other user mistake; click's own usage errors (an unknown
option, a value outside a choice) keep click's message and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import IO, Any

import click
from click.decorators import FC

from landscape.analyse.engine import ENGINES
from landscape.catalogue import Layer, LayerFile, find_layer, load_catalogue
from landscape.cli.guard import remember_lang
from landscape.errors import InputError, LayerError
from landscape.read.boundaries import LEVELS, BoundarySource, boundary_source
from landscape.settings import RECENT_LOSS_YEARS

LANGUAGES = ("id", "en")
LAYER_EXAMPLE = "--layer tutupan_lahan=data/tutupan_2022.shp"


class OptionError(click.BadParameter):
    """An option value that cannot be used: ``error: <one sentence>`` on stderr, exit code 1."""

    exit_code = 1

    def format_message(self) -> str:
        """Return the sentence alone (no ``Invalid value for`` prefix)."""
        return self.message

    def show(self, file: IO[Any] | None = None) -> None:
        """Print ``error: <sentence>`` to stderr (or ``file``)."""
        click.echo(f"error: {self.message}", file=file, err=file is None)


# --- landscape layers ------------------------------------------------------------------


def _split_sublayer(text: str) -> LayerFile:
    path = Path(text).expanduser()
    if path.exists() or "#" not in text:
        return LayerFile(path)
    head, _, sublayer = text.rpartition("#")
    return LayerFile(Path(head).expanduser(), sublayer or None)


def layer_file(layer_id: str, text: str, *, catalogue: Mapping[str, Layer],
               given: Collection[str] = ()) -> LayerFile:
    """Check one layer id and its path text (``PATH`` or ``PATH#LAYER``).

    Parameters
    ----------
    layer_id : str
        A catalogue id, e.g. ``"tutupan_lahan"``.
    text : str
        The file's path, optionally with ``#LAYER`` naming one layer of a multi-layer file.
    catalogue : mapping of str to Layer
        The known layers, from :func:`landscape.catalogue.load_catalogue`.
    given : collection of str
        Ids already given, so an id given twice is refused.

    Returns
    -------
    LayerFile

    Raises
    ------
    LayerError
        For an id the catalogue does not know (with the closest id, if any, and every
        known id), an id already given, or a file that does not exist.
    """
    find_layer(layer_id, catalogue)
    if layer_id in given:
        msg = f"layer {layer_id} is given twice; give one file per layer id"
        raise LayerError(msg)
    found = _split_sublayer(text)
    if not found.path.exists():
        msg = f"the file {found.path} given for layer {layer_id} does not exist; check the path"
        raise LayerError(msg)
    return found


def parse_layer_values(values: tuple[str, ...] | list[str]) -> dict[str, LayerFile]:
    """Turn ``ID=PATH`` (or ``ID=PATH#LAYER``) values into layer files by id.

    Raises
    ------
    OptionError
        With one sentence naming the value: not ``ID=PATH``, an unknown id, an id
        given twice, or a missing file.
    """
    if not values:
        return {}
    try:
        catalogue = load_catalogue()
    except LayerError as exc:
        raise OptionError(str(exc)) from exc
    layers: dict[str, LayerFile] = {}
    for value in values:
        layer_id, sep, text = (part.strip() for part in value.partition("="))
        if not sep or not layer_id or not text:
            msg = f"--layer {value!r} is not ID=PATH; write for example {LAYER_EXAMPLE}"
            raise OptionError(msg)
        try:
            layers[layer_id] = layer_file(layer_id, text, catalogue=catalogue, given=layers)
        except LayerError as exc:
            msg = f"--layer {value}: {exc}"
            raise OptionError(msg) from exc
    return layers


def map_layers(layers: Mapping[str, str], source: str | Path) -> dict[str, LayerFile]:
    """Check the ``[layers]`` of a map definition as ``--layer`` values are checked.

    Raises
    ------
    LayerError
        With one sentence naming the map definition and the layer.
    """
    if not layers:
        return {}
    catalogue = load_catalogue()
    found: dict[str, LayerFile] = {}
    for layer_id, text in layers.items():
        try:
            found[layer_id] = layer_file(layer_id, text, catalogue=catalogue, given=found)
        except LayerError as exc:
            msg = f"{Path(source).name}: [layers] {exc}"
            raise LayerError(msg) from exc
    return found


def _layers_callback(_ctx: click.Context, _param: click.Parameter,
                     values: tuple[str, ...]) -> dict[str, LayerFile]:
    return parse_layer_values(values)


# --- boundaries and kabupaten ------------------------------------------------------------

BOUNDARIES_EXAMPLE = "--boundaries kecamatan=kec.shp --boundaries desa=desa.shp"


def parse_boundaries(values: tuple[str, ...] | list[str]) -> BoundarySource | None:
    """Turn ``--boundaries`` values into a :class:`BoundarySource`.

    One value is a GeoPackage or a folder; several are ``LEVEL=PATH``, one per
    level (``kecamatan`` and ``desa``, optionally ``kabupaten``).

    Raises
    ------
    OptionError
        With one sentence naming the value: a missing file, an unknown or repeated
        level, several plain paths, or a level missing.
    """
    if not values:
        return None
    levels: dict[str, str] = {}
    plain: list[str] = []
    for value in values:
        level, sep, text = (part.strip() for part in value.partition("="))
        if not sep or Path(value).expanduser().exists():
            plain.append(value)
            continue
        level = level.lower()
        if level not in LEVELS:
            close = difflib.get_close_matches(level, LEVELS, n=1)
            hint = f"did you mean {close[0]}? " if close else ""
            msg = (f"--boundaries {value!r}: {level!r} is not a level; {hint}give kabupaten, "
                   f"kecamatan or desa, as in {BOUNDARIES_EXAMPLE}")
            raise OptionError(msg)
        if level in levels:
            msg = f"--boundaries {level}= is given twice; give one file per level"
            raise OptionError(msg)
        levels[level] = text
    if plain and (levels or len(plain) > 1):
        msg = (f"--boundaries {plain[-1]!r}: give one GeoPackage or folder, or one file per "
               f"level as LEVEL=PATH ({BOUNDARIES_EXAMPLE})")
        raise OptionError(msg)
    for text in plain or levels.values():
        if not Path(text).expanduser().exists():
            msg = f"--boundaries: {text} does not exist; check the path"
            raise OptionError(msg)
    try:
        return boundary_source(plain[0] if plain else dict(levels))
    except InputError as exc:
        msg = f"--boundaries: {str(exc).removeprefix('boundaries: ')}"
        raise OptionError(msg) from exc


def _boundaries_callback(_ctx: click.Context, _param: click.Parameter,
                         values: tuple[str, ...]) -> BoundarySource | None:
    return parse_boundaries(values)


def _kabupaten_callback(_ctx: click.Context, _param: click.Parameter,
                        value: str | None) -> str | None:
    if value is not None and not value.strip():
        msg = "--kabupaten is empty; give a code (61.05) or a name (Sintang)"
        raise OptionError(msg)
    return None if value is None else value.strip()


DATE_FORMS = "an ISO date (2024-06-30) or a year and month (2024-06)"


def check_date(value: str, where: str = "--date") -> str:
    """Return ``value`` if it is an ISO date (``YYYY-MM-DD``) or a year-month (``YYYY-MM``).

    Raises
    ------
    InputError
        With one sentence naming ``where`` and the value.

    Examples
    --------
    >>> check_date(" 2024-06 ")
    '2024-06'
    >>> check_date("yesterday")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    landscape.errors.InputError: --date 'yesterday' is not a date; give an ISO date ...
    """
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            dt.date.fromisoformat(text)
            return text
        if re.fullmatch(r"\d{4}-\d{2}", text):
            dt.date.fromisoformat(f"{text}-01")
            return text
    except ValueError:
        pass
    msg = f"{where} {value!r} is not a date; give {DATE_FORMS}"
    raise InputError(msg)


def _date_callback(_ctx: click.Context, _param: click.Parameter,
                   value: str | None) -> str | None:
    try:
        return None if value is None else check_date(value)
    except InputError as exc:
        raise OptionError(str(exc)) from exc


# --- the option decorators ---------------------------------------------------------------

map_opt = click.option("--map", "map", type=click.Path(), default=None,
                       help="A project file or map definition (TOML) holding these options "
                       "(default: landscape.toml in this folder); the command line wins.")
boundaries_opt = click.option("--boundaries", multiple=True, metavar="PATH|LEVEL=PATH",
                              callback=_boundaries_callback,
                              help="A GeoPackage or folder with kecamatan and desa, or one file "
                              "per level: kecamatan=PATH desa=PATH (kabupaten=PATH optional).")
plan_opt = click.option("--plan", type=click.Path(), default=None,
                        help="The forum's workbook (.xlsx) or a 3W table (.csv).")
areas_opt = click.option("--areas", multiple=True, type=click.Path(),
                         help="Partner area files; several may follow one --areas.")
layer_opt = click.option("--layer", "layers", multiple=True, metavar="ID=PATH",
                         callback=_layers_callback,
                         help="A landscape layer from the catalogue (repeatable), e.g. "
                         "tutupan_lahan=pl2022.gpkg; ID=PATH#LAYER picks one layer of a file.")
loss_years_opt = click.option("--loss-years", type=click.IntRange(1, 50), default=None,
                              help="Recent period in years for tree-cover loss and hotspot "
                              f"gaps (default {RECENT_LOSS_YEARS}).")
engine_opt = click.option(
    "--engine", type=click.Choice(ENGINES), default=None,
    help="Where overlays and zonal statistics run: local (this process, default) or dask "
    "(a local Dask cluster of two workers, or the one at --scheduler); same tables.")
scheduler_opt = click.option(
    "--scheduler", default=None, metavar="ADDRESS",
    help="With --engine dask: the address of a running Dask scheduler (tcp://host:8786).")
kabupaten_opt = click.option("--kabupaten", default=None, callback=_kabupaten_callback,
                             help="Limit to this kabupaten: its code (61.05) or name (Sintang).")
title_opt = click.option("--title", default=None, help="Title of the atlas.")
lang_opt = click.option("--lang", type=click.Choice(LANGUAGES), default=None,
                        callback=remember_lang,
                        help="Language of the atlas and the report (id or en; default id); given "
                        "here, also the language of the terminal's messages (default en).")
date_opt = click.option("--date", default=None, callback=_date_callback,
                        metavar="YYYY-MM-DD|YYYY-MM",
                        help="Data date shown on the map (default: the plan file's date).")
since_opt = click.option("--since", type=click.Path(), default=None, metavar="OLD_BUILD",
                         help="An earlier build folder: write what changed since it "
                         "(changes.csv and a sheet in report.xlsx).")
hxl_opt = click.option("--hxl", is_flag=True, default=None,
                       help="Also write who-does-what-where-hxl.csv, an HXL 3W table.")
maps_opt = click.option("--maps", is_flag=True, default=None,
                        help="Also draw the maps to print: atlas.png, atlas.pdf, kecamatan.pdf.")
overwrite_opt = click.option("--overwrite", is_flag=True, default=False,
                             help="Replace the output folder even if it holds files that are "
                             "not an earlier build.")


def out_opt(default: str | None = None) -> Callable[[FC], FC]:
    """Return the ``--out`` option (the build folder), with ``default`` if given."""
    return click.option("--out", type=click.Path(), default=default,
                        show_default=default is not None,
                        help="Output folder; written as a whole, replacing an earlier build.")


class MultiValueCommand(click.Command):
    """Let ``--areas a b c`` mean ``--areas a --areas b --areas c``."""

    multi_value_options = ("--areas", "--boundaries")

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Repeat a multi-value option before each of the values that follow it."""
        expanded: list[str] = []
        current: str | None = None
        for arg in args:
            if arg in self.multi_value_options:
                current = arg
                continue
            if arg.startswith("-"):
                current = None
            elif current is not None:
                expanded.append(current)
            expanded.append(arg)
        return super().parse_args(ctx, expanded)


__all__ = [
    "MultiValueCommand",
    "OptionError",
    "areas_opt",
    "boundaries_opt",
    "check_date",
    "date_opt",
    "engine_opt",
    "hxl_opt",
    "kabupaten_opt",
    "lang_opt",
    "layer_file",
    "layer_opt",
    "loss_years_opt",
    "map_layers",
    "map_opt",
    "maps_opt",
    "out_opt",
    "overwrite_opt",
    "parse_boundaries",
    "parse_layer_values",
    "plan_opt",
    "scheduler_opt",
    "since_opt",
    "title_opt",
]
