"""``landscape build``: tables, a GeoPackage and the atlas from the forum's files."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from landscape.catalogue import LayerFile
from landscape.cli.options import (
    MultiValueCommand,
    areas_opt,
    boundaries_opt,
    check_date,
    date_opt,
    kabupaten_opt,
    lang_opt,
    layer_opt,
    loss_years_opt,
    map_layers,
    map_opt,
    out_opt,
    overwrite_opt,
    plan_opt,
    title_opt,
)
from landscape.errors import InputError
from landscape.pipeline import build as pipeline_build
from landscape.read.boundaries import boundary_source
from landscape.read.mapdef import load_map
from landscape.render.atlas.payload import size_report
from landscape.render.files import check_build_folder, recover_build_folder
from landscape.render.folder import Written, write
from landscape.settings import RECENT_LOSS_YEARS

REQUIRED = ("boundaries", "plan", "out")
# An empty title is the atlas's default title in its language (render.atlas.i18n).
DEFAULTS: dict[str, Any] = {"title": "",
                            "lang": "id", "date": "", "kabupaten": None, "areas": [],
                            "layers": {}, "loss_years": RECENT_LOSS_YEARS}


def _file_date(path: Path) -> str:
    """Return the date a file was last changed (the data date shown on the map by default)."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date().isoformat()


def merged_options(given: Mapping[str, Any]) -> dict[str, Any]:
    """Merge a map definition (if any), the command line and the defaults.

    Raises
    ------
    InputError
        If a required option is given nowhere.
    LayerError
        If the map definition's ``[layers]`` name an unknown id or a missing file.
    """
    options = dict(DEFAULTS)
    if given.get("map"):
        from_map = load_map(given["map"])
        from_map["layers"] = map_layers(from_map.get("layers", {}), given["map"])
        if from_map.get("date"):
            from_map["date"] = check_date(str(from_map["date"]),
                                          f"{Path(given['map']).name}: date")
        options |= from_map
    for key, value in given.items():
        if key in {"map", "overwrite"} or value is None or value in ((), {}):
            continue
        options[key] = list(value) if isinstance(value, tuple) else value
    options["map"] = given.get("map")
    missing = [f"--{k}" for k in REQUIRED if not options.get(k)]
    if missing:
        names = (" and ".join([", ".join(missing[:-1]), missing[-1]]) if len(missing) > 1
                 else missing[0])
        them = "them" if len(missing) > 1 else "it"
        msg = f"missing {names}: give {them} on the command line or in a --map file"
        raise InputError(msg)
    return options


def inputs_of(options: Mapping[str, Any]) -> list[Path]:
    """Return every file or folder a build with ``options`` reads, the map definition too."""
    layers: Mapping[str, LayerFile] = options.get("layers") or {}
    return [Path(p) for p in (*([options["map"]] if options.get("map") else []),
                              *boundary_source(options["boundaries"]).paths, options["plan"],
                              *options.get("areas", []),
                              *(found.path for found in layers.values()))]


def recover(out: str | Path) -> None:
    """Tidy what killed builds left beside ``out`` (see ``recover_build_folder``), saying so."""
    for note in recover_build_folder(out):
        click.echo(note)


def run_build(options: Mapping[str, Any], *, illustrative: bool, overwrite: bool) -> Written:
    """Build from merged options and write the build folder as a whole.

    The output folder is checked before the (long) build starts, so a folder
    that may not be replaced is refused at once.
    """
    recover(options["out"])
    check_build_folder(options["out"], overwrite=overwrite, inputs=inputs_of(options))
    layers: Mapping[str, LayerFile] = options["layers"]
    plan = Path(options["plan"])
    result = pipeline_build(boundaries=options["boundaries"], plan=plan, areas=options["areas"],
                            kabupaten=options["kabupaten"], layers=layers,
                            loss_years=int(options["loss_years"]))
    return write(result, options["out"], title=options["title"], lang=options["lang"],
                       illustrative=illustrative, data_date=options["date"] or _file_date(plan),
                       overwrite=overwrite)


def report(written: Written) -> None:
    """Print where the build is, where every row and feature went, and the problem count."""
    click.echo(f"built {written.folder}")
    click.echo(size_report(written.atlas_bytes, budget=written.atlas_budget))
    for line in written.tally.lines() if written.tally else []:
        click.echo(line)
    click.echo(f"validation.json: {count(written.n_problems, 'problem')} "
               f"({count(written.n_errors, 'error')}): rows or features that could not be "
               "used as written")


def count(n: int, noun: str) -> str:
    """Return ``n`` with ``noun``, plural unless ``n`` is 1.

    >>> count(1, "error"), count(0, "error"), count(2, "problem")
    ('1 error', '0 errors', '2 problems')
    """
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@click.command(name="build", cls=MultiValueCommand)
@map_opt
@boundaries_opt
@plan_opt
@areas_opt
@layer_opt
@loss_years_opt
@kabupaten_opt
@out_opt()
@overwrite_opt
@title_opt
@lang_opt
@date_opt
def build_command(**given: Any) -> None:
    """Build tables, a GeoPackage and the atlas from the forum's files."""
    report(run_build(merged_options(given), illustrative=False,
                     overwrite=bool(given["overwrite"])))
