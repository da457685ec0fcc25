"""``landscape partner-sheets``: one workbook per organisation, to correct and return.

Reads the project (or the same options as build), and writes into ``--out``
(default ``lembar-mitra``) one workbook per organisation with its own activities,
their resolved places and codes, the problems found beside the cells, and drop-down
lists. Returned workbooks go back into the build as ``plan_partners = "DIR"`` in the
project file (merged with the forum's workbook by activity id) or as ``--plan DIR``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from landscape.cli.build import merged_options
from landscape.cli.messages import say
from landscape.cli.options import (
    MultiValueCommand,
    areas_opt,
    boundaries_opt,
    kabupaten_opt,
    lang_opt,
    map_opt,
    plan_opt,
)
from landscape.cli.progress import Console, quiet_opt, verbose_opt
from landscape.errors import OutputError
from landscape.pipeline import STAGES, check
from landscape.render.workbooks.partners import write_partner_workbooks

DEFAULT_FOLDER = "lembar-mitra"


@click.command(name="partner-sheets", cls=MultiValueCommand)
@map_opt
@boundaries_opt
@plan_opt
@areas_opt
@kabupaten_opt
@lang_opt
@click.option("--out", "folder", type=click.Path(file_okay=False), default=DEFAULT_FOLDER,
              show_default=True, help="The folder the workbooks are written into.")
@quiet_opt
@verbose_opt
def partners_command(**given: Any) -> None:
    """Write one workbook per organisation, pre-filled with its activities, to send out."""
    lang = given.get("lang") or "en"
    console = Console(lang=lang, quiet=bool(given["quiet"]), verbose=bool(given["verbose"]),
                      stages=STAGES[:5])
    folder = Path(given["folder"])
    if folder.exists() and any(p.suffix != ".xlsx" for p in folder.iterdir()):
        msg = (f"{folder} holds files other than workbooks; give an empty folder or one of "
               "earlier partner sheets with --out")
        raise OutputError(msg)
    options = merged_options({k: v for k, v in given.items() if k != "folder"},
                             required=("boundaries", "plan"))
    with console:
        found = check(boundaries=options["boundaries"], plan=options["plan"],
                      areas=options["areas"], kabupaten=options["kabupaten"],
                      partners=[options["plan_partners"]] if options.get("plan_partners")
                      else [], progress=console.stage)
    written = write_partner_workbooks(folder, activities=found.activities,
                                      organisations=found.organisations,
                                      problems=found.problems, bounds=found.bounds)
    console.echo(say("partner sheets", lang, n=len(written), folder=folder))
    for path in written:
        console.detail(f"  {path.name}")
