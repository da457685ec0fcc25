"""``landscape init DIR --kabupaten CODE``: a new district's project, ready to fill.

Writes into ``DIR``: the project file ``landscape.toml``, the empty plan workbook
``rencana-aksi.xlsx`` (sheets, headers, HXL row, drop-down lists, instructions in
Indonesian) and the folders ``areal/`` (partner area files) and ``mitra/`` (the
partners' returned workbooks). The kecamatan and desa lists come from
``--boundaries`` or from the boundaries of a ``landscape.toml`` already in ``DIR``.
A file that exists is kept, never overwritten, and said so.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from landscape.cli.messages import say
from landscape.cli.options import (
    MultiValueCommand,
    boundaries_opt,
    kabupaten_opt,
    lang_opt,
    title_opt,
)
from landscape.errors import InputError
from landscape.read.boundaries import BoundarySource, read_boundaries
from landscape.read.project import PROJECT_FILE, find_project, load_project
from landscape.render.workbooks.template import write_plan_template

PLAN_FILE = "rencana-aksi.xlsx"
FOLDERS = ("areal", "mitra")


def _relative(path: Path, folder: Path) -> str:
    """Return ``path`` relative to ``folder`` when it lies inside it, else absolute (POSIX)."""
    full = path.resolve()
    if full.is_relative_to(folder.resolve()):
        return full.relative_to(folder.resolve()).as_posix()
    return full.as_posix()


def _boundaries_toml(source: BoundarySource | None, folder: Path) -> str:
    if source is None:
        return ('# boundaries = "batas/kalbar-admin.gpkg"  # kecamatan and desa '
                "(landscape fetch-boundaries KODE --dest batas)\n")
    if source.path is not None:
        return f"boundaries = {json.dumps(_relative(source.path, folder))}\n"
    lines = ["", "[boundaries]"]
    lines += [f"{level} = {json.dumps(_relative(path, folder))}"
              for level, path in source.levels.items()]
    lines += [f"{key} = {json.dumps(value)}" for key, value in source.fields.items()]
    return "\n".join(lines) + "\n"


def project_text(*, title: str, kabupaten: str, lang: str,
                 boundaries: BoundarySource | None, folder: Path) -> str:
    """Return the ``landscape.toml`` of a new project (every path relative to ``folder``)."""
    table = _boundaries_toml(boundaries, folder)
    flat = table if not table.startswith("\n") else ""
    return (
        f"# landscape project: {title}\n"
        "# Build with `landscape build` in this folder; check with `landscape validate`.\n"
        "# Relative paths are read from this file's folder.\n"
        f"title = {json.dumps(title)}\n"
        f"kabupaten = {json.dumps(kabupaten)}\n"
        f"{flat}"
        f"plan = {json.dumps(PLAN_FILE)}\n"
        "# plan_partners = \"mitra\"  # the partners' returned workbooks, merged by activity id\n"
        '# areas = ["areal/*"]  # partner area files (KML, GeoJSON, Shapefile, GPX, CSV)\n'
        f"lang = {json.dumps(lang)}\n"
        'out = "hasil"\n'
        "\n# [layers]  # landscape layers (ids in the layer catalogue)\n"
        '# tutupan_lahan = "lapisan/penutupan_lahan_2022.gpkg"\n'
        + (table if table.startswith("\n") else "")
    )


def _lists(source: BoundarySource | None,
           kabupaten: str) -> tuple[str, str, list[str], list[str]]:
    """Return the kabupaten's name and label, and the kecamatan and desa names for the lists."""
    if source is None:
        return kabupaten, kabupaten, [], []
    bounds = read_boundaries(source, kabupaten=kabupaten)
    if bounds.desa.empty:
        msg = f"{bounds.source} has no desa in kabupaten {kabupaten}; check the code"
        raise InputError(msg)
    name = bounds.kabupaten_name()
    label = f"{name} ({bounds.scope})" if name else str(bounds.scope or kabupaten)
    return (name or label, label, sorted(set(map(str, bounds.kecamatan["name"]))),
            sorted(set(map(str, bounds.desa["name"]))))


@click.command(name="init", cls=MultiValueCommand)
@click.argument("folder", type=click.Path(file_okay=False))
@kabupaten_opt
@boundaries_opt
@title_opt
@lang_opt
def init_command(**given: Any) -> None:
    """Start a district's project in FOLDER: project file, plan workbook, folders."""
    folder = Path(given["folder"])
    kabupaten = given["kabupaten"]
    if not kabupaten:
        msg = "init needs --kabupaten: give the kabupaten's code (61.05) or name (Sintang)"
        raise InputError(msg)
    lang = given["lang"] or "en"
    existing = find_project(folder)
    source: BoundarySource | None = given["boundaries"]
    if source is None and existing is not None:
        source = load_project(existing).boundaries
    name, label, kecamatan, desa = _lists(source, kabupaten)
    folder.mkdir(parents=True, exist_ok=True)
    for name in FOLDERS:
        (folder / name).mkdir(exist_ok=True)
    title = given["title"] or f"Sekber Multi Pihak {name}"
    if existing is None:
        (folder / PROJECT_FILE).write_text(
            project_text(title=title, kabupaten=kabupaten, lang=given["lang"] or "id",
                         boundaries=source, folder=folder), encoding="utf-8")
    else:
        click.echo(f"kept {existing}")
    plan = folder / PLAN_FILE
    if plan.exists():
        click.echo(f"kept {plan}")
    else:
        write_plan_template(plan, kabupaten=label, kecamatan=kecamatan, desa=desa)
    click.echo(say("initialised", lang, folder=folder, plan=PLAN_FILE))
