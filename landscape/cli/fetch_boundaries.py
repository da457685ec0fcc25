"""``landscape fetch-boundaries KODE --dest DIR``: a kabupaten's real boundaries, ready to build.

The kecamatan and desa of one kabupaten, with their Kemendagri codes, from the public
data set ``cahyadsn/wilayah_boundaries`` (MIT License), converted to the GeoPackage the
build reads (layers ``kabupaten``, ``kecamatan``, ``desa``; fields ``kode``, ``nama``;
EPSG:4326). The files downloaded are cached, so a second run needs no network.
"""

from __future__ import annotations

from pathlib import Path

import click

from landscape.errors import OutputError
from landscape.read.download import DEFAULT_CACHE
from landscape.read.wilayah import SOURCE, ParsedUnits, check_kabupaten_code, download_wilayah
from landscape.render.files import write_geopackage, write_text

__all__ = ["fetch_boundaries", "fetch_boundaries_command", "output_name"]


def output_name(kabupaten: str) -> str:
    """Return the GeoPackage's file name for a kabupaten.

    >>> output_name("61.05")
    'boundaries-61.05.gpkg'
    """
    return f"boundaries-{kabupaten}.gpkg"


def _attribution(units: dict[str, ParsedUnits], source: str) -> str:
    notice = next((u.license for u in units.values() if u.license), "")
    return (f"Boundaries from the data set cahyadsn/wilayah_boundaries ({source}),\n"
            "converted by landscape fetch-boundaries: points read as [lat, lng], written as\n"
            "longitude/latitude (EPSG:4326); invalid polygons repaired.\n\n"
            f"{notice or 'MIT License: see https://github.com/cahyadsn/wilayah_boundaries'}\n")


def fetch_boundaries(kabupaten: str, dest: str | Path, *, source: str = SOURCE,
                     cache: str | Path | None = None) -> tuple[Path, dict[str, ParsedUnits]]:
    """Download (or take from the cache) a kabupaten's boundaries and write its GeoPackage.

    Returns
    -------
    (Path, dict)
        The GeoPackage written into ``dest`` and the units of each level.

    Raises
    ------
    InputError, InputFileError
        As :func:`landscape.read.wilayah.download_wilayah`.
    OutputError
        If ``dest`` is a file.
    """
    code = check_kabupaten_code(kabupaten)
    folder = Path(dest).expanduser()
    if folder.exists() and not folder.is_dir():
        msg = f"--dest {dest} is a file, not a folder; give a folder to write the boundaries into"
        raise OutputError(msg)
    units = download_wilayah(code, source=source, cache=cache)
    target = folder / output_name(code)
    write_geopackage({level: found.frame for level, found in units.items()}, target)
    write_text(target.with_name(target.stem + "-LICENSE.txt"), _attribution(units, source))
    return target, units


@click.command(name="fetch-boundaries")
@click.argument("kode")
@click.option("--dest", type=click.Path(), required=True,
              help="Folder to write the GeoPackage into (boundaries-KODE.gpkg).")
@click.option("--source", default=SOURCE, show_default=True,
              help="The data set's root address, for a mirror.")
@click.option("--cache", type=click.Path(), default=None,
              help=f"Folder the downloaded files are kept in (default {DEFAULT_CACHE}).")
def fetch_boundaries_command(*, kode: str, dest: str, source: str, cache: str | None) -> None:
    """Fetch a kabupaten's kecamatan and desa (Kemendagri codes) as a GeoPackage."""
    target, units = fetch_boundaries(kode, dest, source=source, cache=cache)
    kab = units["kabupaten"].frame
    name = str(kab["nama"].iloc[0]) if len(kab) else kode
    fresh = sum(u.downloaded for u in units.values())
    repaired = sum(len(u.repaired) for u in units.values())
    click.echo(f"wrote {target}: {name} ({kode.strip()}), {len(units['kecamatan'].frame)} "
               f"kecamatan, {len(units['desa'].frame)} desa")
    click.echo(f"{fresh} of 3 files downloaded, {3 - fresh} from the cache"
               + (f"; {repaired} invalid polygons repaired" if repaired else ""))
    click.echo(f"build with it: landscape build --boundaries {target} --kabupaten "
               f"{kode.strip()} ...")
