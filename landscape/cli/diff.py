"""``landscape diff OLD NEW``: what changed between two builds (the last meeting and this one)."""

from __future__ import annotations

import click

from landscape.analyse.changes import changes
from landscape.read.earlier import read_build
from landscape.render.files import write_csv

#: Lines printed before the rest is only counted.
SHOWN = 40


@click.command(name="diff")
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.option("--out", type=click.Path(dir_okay=False), default=None, metavar="CHANGES.csv",
              help="Write the changes as a CSV table (kind, change, key, label, field, old, new).")
def diff_command(old: str, new: str, out: str | None) -> None:
    """List what changed between two build folders (OLD, then NEW)."""
    found = changes(read_build(old), read_build(new))
    if out:
        write_csv(found, out)
    if found.empty:
        click.echo(f"no change from {old} to {new}")
        return
    for record in found.head(SHOWN).to_dict("records"):
        row = {k: str(v) for k, v in record.items()}
        change = f"{row['old'] or '-'} -> {row['new'] or '-'}"
        what = f" {row['field']}: {change}" if row["field"] else ""
        label = f" ({row['label']})" if row["label"] and row["label"] != row["key"] else ""
        click.echo(f"{row['kind']} {row['change']}: {row['key']}{label}{what}")
    if len(found) > SHOWN:
        click.echo(f"... and {len(found) - SHOWN} more")
    click.echo(f"{len(found)} change{'s' if len(found) != 1 else ''}"
               + (f"; written to {out}" if out else ""))
