"""``landscape build``: tables, a GeoPackage and the atlas from the forum's files."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from landscape.catalogue import LayerFile
from landscape.cli import messages
from landscape.cli.guard import debug_opt
from landscape.cli.messages import grouped, say, table_lines
from landscape.cli.options import (
    MultiValueCommand,
    areas_opt,
    boundaries_opt,
    check_date,
    date_opt,
    engine_opt,
    hxl_opt,
    kabupaten_opt,
    lang_opt,
    layer_opt,
    loss_years_opt,
    map_layers,
    map_opt,
    maps_opt,
    out_opt,
    overwrite_opt,
    plan_opt,
    scheduler_opt,
    since_opt,
    title_opt,
)
from landscape.cli.progress import Console, quiet_opt, verbose_opt
from landscape.cli.translate import translate
from landscape.errors import InputError
from landscape.pipeline import STAGES
from landscape.pipeline import build as pipeline_build
from landscape.read.boundaries import boundary_source
from landscape.read.earlier import read_build
from landscape.read.project import PROJECT_FILE, find_project, load_project, plan_files
from landscape.render.atlas.payload import size_report
from landscape.render.files import check_build_folder, recover_build_folder
from landscape.render.folder import Pack, Written, write
from landscape.settings import RECENT_LOSS_YEARS

REQUIRED = ("boundaries", "plan", "out")
WORST_SHOWN = 5  # problems named in the terminal summary (all with --verbose)
# An empty title is the atlas's default title in its language (render.atlas.i18n).
DEFAULTS: dict[str, Any] = {"title": "",
                            "lang": "id", "date": "", "kabupaten": None, "areas": [],
                            "layers": {}, "loss_years": RECENT_LOSS_YEARS, "since": None,
                            "hxl": False, "maps": False, "engine": "local",
                            "scheduler": None}


def _file_date(path: Path) -> str:
    """Return the date a file was last changed (the data date shown on the map by default)."""
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).date().isoformat()


def merged_options(given: Mapping[str, Any],
                   required: tuple[str, ...] = REQUIRED) -> dict[str, Any]:
    """Merge a project file, the command line and the defaults; the command line wins.

    The project file is ``--map``, else the ``landscape.toml`` of the current folder.

    Raises
    ------
    InputError
        If a required option is given nowhere.
    LayerError
        If the map definition's ``[layers]`` name an unknown id or a missing file.
    """
    options = dict(DEFAULTS)
    source = given.get("map") or find_project()
    if source:
        from_map = load_project(source).options()
        from_map["layers"] = map_layers(from_map.get("layers", {}), source)
        if from_map.get("date"):
            from_map["date"] = check_date(str(from_map["date"]), f"{Path(source).name}: date")
        options |= from_map
    for key, value in given.items():
        if key in {"map", "overwrite", "quiet", "verbose"} or value is None or value in ((), {}):
            continue
        options[key] = list(value) if isinstance(value, tuple) else value
    options["map"] = source and str(source)
    missing = [f"--{k}" for k in required if not options.get(k)]
    if missing:
        names = (" and ".join([", ".join(missing[:-1]), missing[-1]]) if len(missing) > 1
                 else missing[0])
        them = "them" if len(missing) > 1 else "it"
        msg = (f"missing {names}: give {them} on the command line or in a --map file "
               f"(or in {PROJECT_FILE} in this folder)")
        raise InputError(msg)
    return options


def inputs_of(options: Mapping[str, Any]) -> list[Path]:
    """Return every file or folder a build with ``options`` reads, the map definition too."""
    layers: Mapping[str, LayerFile] = options.get("layers") or {}
    return [Path(p) for p in (*([options["map"]] if options.get("map") else []),
                              *boundary_source(options["boundaries"]).paths, options["plan"],
                              *options.get("areas", []),
                              *([options["plan_partners"]] if options.get("plan_partners")
                                else []),
                              *(found.path for found in layers.values()))]


def recover(out: str | Path) -> None:
    """Tidy what killed builds left beside ``out`` (see ``recover_build_folder``), saying so."""
    for note in recover_build_folder(out):
        click.echo(note)


def run_build(options: Mapping[str, Any], *, illustrative: bool, overwrite: bool,
              console: Console | None = None) -> Written:
    """Build from merged options and write the build folder as a whole.

    The output folder is checked before the (long) build starts, so a folder
    that may not be replaced is refused at once. ``console`` shows the stages.
    """
    recover(options["out"])
    check_build_folder(options["out"], overwrite=overwrite, inputs=inputs_of(options))
    since = read_build(options["since"]) if options.get("since") else None
    layers: Mapping[str, LayerFile] = options["layers"]
    plan, _ = plan_files(options["plan"])
    with console or Console(tty=False) as shown:
        result = pipeline_build(boundaries=options["boundaries"], plan=options["plan"],
                                areas=options["areas"], kabupaten=options["kabupaten"],
                                layers=layers, loss_years=int(options["loss_years"]),
                                partners=[options["plan_partners"]]
                                if options.get("plan_partners") else [],
                                progress=shown.stage, engine=options.get("engine", "local"),
                                scheduler=options.get("scheduler"))
        shown.stage("write")
        return write(result, options["out"], title=options["title"], lang=options["lang"],
                     illustrative=illustrative, data_date=options["date"] or _file_date(plan),
                     overwrite=overwrite,
                     pack=Pack(options=options, since=since, hxl=bool(options.get("hxl")),
                               maps=bool(options.get("maps"))))


def report(written: Written, console: Console | None = None) -> None:
    """Print where the build is, where every row and feature went, and the worst problems."""
    shown = console or Console()
    lang = shown.lang
    shown.echo(say("built", lang, folder=written.folder))
    shown.echo(size_report(written.atlas_bytes, budget=written.atlas_budget))
    for line in written.tally.lines() if written.tally else []:
        shown.echo(translate(line, lang))
    if written.n_changes is not None:
        shown.echo(say("changes", lang, changes=messages.count(written.n_changes, "change", lang)))
    shown.echo(say("problems", lang, problems=messages.count(written.n_problems, "problem", lang),
                   errors=messages.count(written.n_errors, "error", lang)))
    if written.problems:
        limit = None if shown.verbose else WORST_SHOWN
        shown.echo(say("worst", lang))
        for line in table_lines(written.problems, lang, limit=limit, group=True):
            shown.echo(f"  {line}")
        rest = len(written.problems) - sum(n for _, n in grouped(written.problems)[:limit])
        if limit is not None and rest > 0:
            shown.echo(say("more", lang, n=rest, file="validation.json"))


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
@engine_opt
@scheduler_opt
@kabupaten_opt
@out_opt()
@overwrite_opt
@title_opt
@lang_opt
@date_opt
@quiet_opt
@verbose_opt
@debug_opt
@since_opt
@hxl_opt
@maps_opt
def build_command(**given: Any) -> None:
    """Build tables, a GeoPackage and the atlas from the forum's files.

    With no options, builds the landscape.toml of the current folder.
    """
    console = Console(lang=given.get("lang") or "en", quiet=bool(given.get("quiet")),
                      verbose=bool(given.get("verbose")), stages=(*STAGES, "write"))
    report(run_build(merged_options(given), illustrative=False,
                     overwrite=bool(given["overwrite"]), console=console), console)
