"""``landscape overlay AREA_FILE``: where an area lies, on what land, and who else is there.

The forum's files are read as the build reads them (``--boundaries``, ``--plan``,
``--areas``, ``--kabupaten``; ``--layer`` for the land inside); the area is checked
against them (:func:`landscape.analyse.areacheck.check_area`) and never added to
them. Every option comes from one mapping (:func:`overlay_options`): the defaults,
then a map definition or project settings, then the command line, which wins.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from landscape.analyse.areacheck import AreaCheck, check_area
from landscape.cli.build import count
from landscape.cli.options import (
    MultiValueCommand,
    areas_opt,
    boundaries_opt,
    kabupaten_opt,
    lang_opt,
    layer_opt,
    map_layers,
    map_opt,
    overwrite_opt,
    plan_opt,
)
from landscape.errors import InputError, InputFileError
from landscape.model import Boundaries, Linked
from landscape.normalise.orgs import OrgIndex
from landscape.pipeline import build as pipeline_build
from landscape.read.areas import read_area_file
from landscape.read.boundaries import read_boundaries
from landscape.read.layers import load_layers
from landscape.read.mapdef import load_map
from landscape.read.project import find_project, load_project
from landscape.render.overlay.folder import PAGE, TABLE, write_overlay

__all__ = ["DEFAULTS", "REQUIRED", "overlay_command", "overlay_options", "run_overlay"]

#: Every option of the command, with its default; a project or map definition may set them.
DEFAULTS: dict[str, Any] = {"boundaries": None, "plan": None, "areas": [], "layers": {},
                            "kabupaten": None, "out": None, "lang": "id", "org": []}
REQUIRED = ("boundaries",)
SHOWN_UNITS = 5


def overlay_options(given: Mapping[str, Any], *,
                    project: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Merge the defaults, a project's settings, a map definition and the command line.

    Parameters
    ----------
    given : mapping
        The command line's values (``None`` or empty where not given), ``area_file`` and
        optionally ``map`` among them.
    project : mapping, optional
        Settings of a project (the keys of :data:`DEFAULTS`); the command line wins.

    Raises
    ------
    InputError
        If the boundaries are given nowhere.
    """
    options = dict(DEFAULTS)
    found = None if project is not None or given.get("map") else find_project()
    if found:  # the landscape.toml of the current folder, as build reads it
        project = load_project(found).options()
        project["layers"] = map_layers(project.get("layers", {}), found)
        project.pop("out", None)  # the build's folder, not the overlay's
    options |= {k: v for k, v in (project or {}).items() if k in DEFAULTS and v}
    if given.get("map"):
        from_map = load_map(given["map"])
        from_map["layers"] = map_layers(from_map.get("layers", {}), given["map"])
        options |= {k: v for k, v in from_map.items() if k in DEFAULTS and v}
    for key, value in given.items():
        if key == "map" or value is None or value in ((), {}):
            continue
        options[key] = list(value) if isinstance(value, tuple) else value
    missing = [f"--{k}" for k in REQUIRED if not options.get(k)]
    if missing:
        msg = (f"missing {missing[0]}: give the boundaries (a GeoPackage with kecamatan and "
               "desa) on the command line, in a --map file or in landscape.toml in this folder")
        raise InputError(msg)
    if not options.get("out"):
        options["out"] = f"overlay-{Path(options['area_file']).stem}"
    return options


def _same_file(area_file: Path, areas: list[str]) -> bool:
    wanted = area_file.expanduser().resolve()
    return any(Path(a).expanduser().resolve() == wanted for a in areas)


def _forum(options: Mapping[str, Any]) -> tuple[Boundaries, Linked | None, Any, list[str]]:
    """Return the boundaries, the forum's linked activities and items (with a plan), own orgs.

    Each ``--org`` is resolved on the organisation sheet as the plan's rows are (an
    acronym, a short form or a typo finds the name); a name not on it is kept as given.
    """
    if not options.get("plan"):
        bounds = read_boundaries(options["boundaries"], kabupaten=options["kabupaten"])
        return bounds, None, None, list(options["org"])
    result = pipeline_build(boundaries=options["boundaries"], plan=Path(options["plan"]),
                            areas=options["areas"], kabupaten=options["kabupaten"])
    index = OrgIndex(result.organisations)
    own = [(found.org.name if (found := index.resolve(name)).org else name)
           for name in options["org"]]
    return result.bounds, result.linked, result.items, own


def run_overlay(options: Mapping[str, Any]) -> tuple[AreaCheck, Path, list[str]]:
    """Check the area of ``options["area_file"]`` and write its folder.

    Returns
    -------
    (AreaCheck, Path, list of str)
        The check, the folder written, and notes for the terminal.
    """
    area_file = Path(options["area_file"])
    if not area_file.exists():
        msg = f"the area file {area_file} does not exist; check the path"
        raise InputFileError(msg)
    area = read_area_file(area_file)
    notes = [f"{area_file.name}: {p.problem}" for p in area.problems if p.severity == "error"]
    own_file = area_file.name if _same_file(area_file, options["areas"]) else None
    if own_file:
        notes.append(f"{area_file.name} is also one of --areas: the activities linked to its "
                     "features are its own, not others'")
    layers, _ = load_layers(options["layers"] or {})
    bounds, linked, items, own = _forum(options)
    check = check_area(area.features, bounds=bounds, linked=linked, items=items, layers=layers,
                       own_orgs=own, own_file=own_file)
    sources = [area_file.name, bounds.source,
               *([Path(options["plan"]).name] if options.get("plan") else [])]
    folder = write_overlay(check, options["out"], desa=bounds.desa, kecamatan=bounds.kecamatan,
                           area_name=area_file.name, lang=options["lang"], sources=sources,
                           overwrite=bool(options.get("overwrite")))
    return check, folder, notes


def summary(check: AreaCheck, folder: Path) -> list[str]:
    """Return the terminal's summary: the units, the others met, the files written."""
    where = f"{len(check.desa)} desa and {len(check.kecamatan)} kecamatan"
    size = f"{check.area_ha:,.1f} ha" if check.area_ha else "tracks or points (no area)"
    lines = [f"{size} in {where}"]
    lines += [f"  {row.desa} ({row.kecamatan}, {row.desa_code})" + (
        f": {row.area_ha:,.1f} ha, {row.share_of_area:.0%} of the area, "
        f"{row.share_of_desa:.0%} of the desa" if check.area_ha else "")
        for row in check.desa.head(SHOWN_UNITS).itertuples()]
    if len(check.desa) > SHOWN_UNITS:
        lines.append(f"  ... and {len(check.desa) - SHOWN_UNITS} more desa")
    met = check.met
    noun, verb = ("activity", "meets") if len(met) == 1 else ("activities", "meet")
    lines.append(f"{len(met)} {noun} of {count(met['org'].nunique(), 'other organisation')} "
                 f"{verb} it: "
                 + ", ".join(f"{(met['relation'] == r).sum()} {r}"
                             for r in ("overlaps", "crosses", "same desa")))
    lines += [f"  {row.org} ({row.activity_id}): {row.shared_area_ha:,.1f} ha shared"
              for row in met[met["relation"] == "overlaps"].itertuples()]
    lines.append(f"{count(len(check.items), 'action item')} name these places")
    lines.append(f"wrote {folder / PAGE} and {TABLE}")
    return lines


@click.command(name="overlay", cls=MultiValueCommand)
@click.argument("area_file", type=click.Path())
@map_opt
@boundaries_opt
@plan_opt
@areas_opt
@layer_opt
@kabupaten_opt
@click.option("--org", multiple=True,
              help="The area's own organisation (repeatable): its activities are not others'.")
@click.option("--out", type=click.Path(), default=None,
              help="Output folder (default overlay-<area file name>); written as a whole.")
@overwrite_opt
@lang_opt
def overlay_command(**given: Any) -> None:
    """Check one area: its desa and kecamatan, its land, who else works there."""
    check, folder, notes = run_overlay(overlay_options(given))
    for line in notes + summary(check, folder):
        click.echo(line)
