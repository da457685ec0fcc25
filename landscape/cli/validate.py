"""``landscape validate``: check a project's inputs without building the outputs.

Reads, normalises and links what ``landscape build`` would (the project file of the
current folder, ``--map``, or the same options as build; ``--out`` is not needed),
prints the problems as a table, the most severe first, and writes them to
``validation.csv`` (beside the project file, or ``--csv PATH``). Exit code 1 when
any problem is an error, 0 otherwise.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from landscape.cli import messages
from landscape.cli.build import merged_options
from landscape.cli.messages import COLUMNS, heading, problem_text, say, table_lines, worst
from landscape.cli.options import (
    MultiValueCommand,
    areas_opt,
    boundaries_opt,
    kabupaten_opt,
    lang_opt,
    layer_opt,
    map_opt,
    plan_opt,
)
from landscape.cli.progress import Console, quiet_opt, verbose_opt
from landscape.pipeline import STAGES, check
from landscape.problems import Problem
from landscape.render.cells import safe_cell

CSV_FILE = "validation.csv"


def validation_csv(problems: Sequence[Problem], lang: str = "en") -> str:
    """Return the problems as CSV text, the most severe first, headings in ``lang``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([heading(c, lang) for c in COLUMNS])
    for p in worst(problems):
        values = {"severity": say(p.severity, lang) if p.severity in messages.SEVERITY_ORDER
                  else p.severity, "problem": problem_text(p.problem, lang),
                  "suggestion": problem_text(p.suggestion or "", lang)}
        writer.writerow([safe_cell(str(values.get(c, getattr(p, c)) or "")) for c in COLUMNS])
    return out.getvalue()


@click.command(name="validate", cls=MultiValueCommand)
@map_opt
@boundaries_opt
@plan_opt
@areas_opt
@layer_opt
@kabupaten_opt
@lang_opt
@click.option("--csv", "csv_path", type=click.Path(dir_okay=False), default=None,
              help=f"Where to write the problems (default: {CSV_FILE} beside the project "
              "file, or in this folder).")
@quiet_opt
@verbose_opt
def validate_command(**given: Any) -> None:
    """Check the inputs of a build (the project in this folder by default) without building.

    Exit code 1 when a problem is an error.
    """
    lang = given.get("lang") or "en"
    console = Console(lang=lang, quiet=bool(given["quiet"]), verbose=bool(given["verbose"]),
                      stages=STAGES[:5])
    options = merged_options({k: v for k, v in given.items() if k != "csv_path"},
                             required=("boundaries", "plan"))
    with console:
        found = check(boundaries=options["boundaries"], plan=options["plan"],
                      areas=options["areas"], kabupaten=options["kabupaten"],
                      layers=options["layers"],
                      partners=[options["plan_partners"]] if options.get("plan_partners")
                      else [], progress=console.stage)
    problems = found.problems
    home = Path(options["map"]).parent if options.get("map") else Path()
    target = Path(given["csv_path"]) if given["csv_path"] else home / CSV_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(validation_csv(problems, lang), encoding="utf-8")
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    limit = None if console.verbose else 20
    for line in table_lines(problems, lang, limit=limit) if problems else [say("no problems",
                                                                              lang)]:
        console.echo(line)
    if limit is not None and len(problems) > limit:
        console.echo(say("more", lang, n=len(problems) - limit, file=target))
    console.echo(say("checked", lang, project=options.get("map") or options["plan"],
                     problems=messages.count(len(problems), "problem", lang),
                     errors=messages.count(errors, "error", lang),
                     warnings=messages.count(warnings, "warning", lang)))
    console.echo(say("wrote", lang, file=target))
    if errors:
        click.get_current_context().exit(1)
