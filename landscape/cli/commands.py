"""The ``landscape`` command: a thin layer over the pipeline and the render stage.

A user mistake (a missing file, a workbook without a header, an unknown
kabupaten) prints one sentence after ``error:`` and exits with code 1.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from landscape.catalogue import LayerFile
from landscape.errors import InputError, LandscapeError, LayerError
from landscape.pipeline import build as build_result
from landscape.read.mapdef import load_map
from landscape.render.atlas.payload import size_report
from landscape.render.folder import Written, write_build
from landscape.settings import RECENT_LOSS_YEARS

MULTI_VALUE_OPTIONS = ("--areas",)


class _MultiValueCommand(click.Command):
    """Let ``--areas a b c`` mean ``--areas a --areas b --areas c``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        expanded: list[str] = []
        current: str | None = None
        for arg in args:
            if arg in MULTI_VALUE_OPTIONS:
                current = arg
                continue
            if arg.startswith("-"):
                current = None
            elif current is not None:
                expanded.append(current)
            expanded.append(arg)
        return super().parse_args(ctx, expanded)


def _file_date(path: Path) -> str:
    """Return the date a file was last changed (the data date shown on the map by default)."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date().isoformat()


def _report(written: Written) -> None:
    click.echo(f"built {written.folder}")
    click.echo(size_report(written.atlas_bytes, budget=written.atlas_budget))
    click.echo(f"validation.json: {written.n_problems} problems ({written.n_errors} errors): "
               "rows or features that could not be used as written")


@click.group()
@click.version_option(package_name="landscape")
def main() -> None:
    """Who does what, where, when, with what money, on what land."""


REQUIRED = ("boundaries", "plan", "out")
DEFAULTS: dict[str, Any] = {"title": "Sekber Multi Pihak: siapa melakukan apa, di mana",
                            "lang": "id", "date": "", "kabupaten": None,
                            "loss_years": RECENT_LOSS_YEARS}


def _options(given: dict[str, Any]) -> dict[str, Any]:
    """Merge a map definition (if any), the command line and the defaults."""
    options = dict(DEFAULTS)
    if given.get("map"):
        options |= load_map(given["map"])
    for key, value in given.items():
        if key == "map" or value is None or value == ():
            continue
        options[key] = list(value) if isinstance(value, tuple) else value
    missing = [f"--{k}" for k in REQUIRED if not options.get(k)]
    if missing:
        msg = f"missing {', '.join(missing)}: give them on the command line or in a --map file"
        raise InputError(msg)
    return options


def layer_files(values: list[str]) -> dict[str, LayerFile]:
    """Turn ``ID=PATH`` (or ``ID=PATH#LAYER``) values into the build's layer mapping.

    Raises
    ------
    LayerError
        For a value that is not ``ID=PATH``, or an id given twice.
    """
    files: dict[str, LayerFile] = {}
    for value in values:
        layer_id, sep, text = (part.strip() for part in value.partition("="))
        if not sep or not layer_id or not text:
            msg = (f"--layer {value!r} is not ID=PATH; write for example "
                   "--layer tutupan_lahan=data/tutupan_2022.shp")
            raise LayerError(msg)
        if layer_id in files:
            msg = f"layer {layer_id} is given twice; give one file per layer id"
            raise LayerError(msg)
        path = Path(text)
        if path.exists() or "#" not in text:
            files[layer_id] = LayerFile(path)
        else:
            head, _, sublayer = text.rpartition("#")
            files[layer_id] = LayerFile(Path(head), sublayer or None)
    return files


def _build(given: dict[str, Any], *, illustrative: bool) -> Written:
    options = _options(given)
    plan = Path(options["plan"])
    result = build_result(boundaries=options["boundaries"], plan=plan,
                          areas=options.get("areas", []), kabupaten=options["kabupaten"],
                          layers=layer_files(options.get("layers", [])),
                          loss_years=int(options["loss_years"]))
    return write_build(result, options["out"], title=options["title"], lang=options["lang"],
                       illustrative=illustrative,
                       data_date=options["date"] or _file_date(plan))


def _guard(action: Any) -> Any:
    try:
        return action()
    except LandscapeError as exc:
        click.echo(f"error: {exc}", err=True)
    except OSError as exc:  # a path cannot be read or written (a file, no permission, full)
        where = exc.filename or "a file"
        click.echo(f"error: {where}: {exc.strerror or exc}; check the path, its permissions "
                   "and the free space", err=True)
    sys.exit(1)


_LANG = click.Choice(["id", "en"])


@main.command(cls=_MultiValueCommand)
@click.option("--map", "map", type=click.Path(), default=None,
              help="A map definition (TOML) holding these options; the command line wins.")
@click.option("--boundaries", type=click.Path(), default=None,
              help="GeoPackage with kecamatan and desa layers (fields kode, nama).")
@click.option("--plan", type=click.Path(), default=None,
              help="The forum's workbook (.xlsx) or a 3W table (.csv).")
@click.option("--areas", multiple=True, type=click.Path(),
              help="Partner area files; several may follow one --areas.")
@click.option("--layer", "layers", multiple=True, metavar="ID=PATH",
              help="A landscape layer from the catalogue (repeatable), e.g. "
              "tutupan_lahan=pl2022.gpkg.")
@click.option("--loss-years", type=click.IntRange(1, 50), default=None,
              help="Recent period in years for tree-cover loss and hotspot gaps (default: settings.RECENT_LOSS_YEARS, 5).")
@click.option("--kabupaten", default=None, help="Limit to this kabupaten code, e.g. 61.05.")
@click.option("--out", type=click.Path(), default=None, help="Output folder.")
@click.option("--title", default=None, help="Title of the atlas.")
@click.option("--lang", type=_LANG, default=None, help="Atlas language (id or en).")
@click.option("--date", default=None, help="Data date shown on the map (default: the plan "
              "file's date).")
def build(**options: Any) -> None:
    """Build tables, a GeoPackage and the atlas from the forum's files."""
    _report(_guard(lambda: _build(options, illustrative=False)))


@main.command()
@click.option("--out", type=click.Path(), default="maps/demo", show_default=True,
              help="Output folder.")
@click.option("--lang", type=_LANG, default="id", help="Atlas language (id or en).")
def demo(out: str, lang: str) -> None:
    """Build the bundled, illustrative Sintang sample (no network needed)."""
    from landscape.sample.generate import write_sample  # noqa: PLC0415 - only the demo needs it

    with tempfile.TemporaryDirectory() as tmp:
        paths = write_sample(Path(tmp) / "sample")
        options = {"boundaries": paths.boundaries, "plan": paths.workbook,
                   "areas": list(paths.areas), "kabupaten": "61.05", "out": out,
                   "layers": [f"{k}={v}" for k, v in sorted(paths.layers.items())],
                   "title": "Sekber Multi Pihak Sintang (contoh ilustratif)", "lang": lang,
                   "date": "2026-11-01"}
        _report(_guard(lambda: _build(options, illustrative=True)))
