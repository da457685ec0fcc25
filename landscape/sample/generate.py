"""The bundled, illustrative offline sample of Kabupaten Sintang.

Everything here is generated, deterministically, by the project: a schematic
kabupaten outline, kecamatan drawn as a power diagram around the real interior
points listed in ``layers/sample/kecamatan.csv`` (areas roughly proportional to
the real ones), desa as Voronoi subdivisions of each kecamatan, partner area
files in the formats forums receive, and landscape layers (land cover,
forest-estate function, peat, hotspots, tree-cover loss). The geometry is
**illustrative**: it is not the real boundary of any unit. Desa and kecamatan
names and codes are real, their shapes are not.

The forum's workbook ``layers/sample/sekber-sampel.xlsx`` is built from the
plain-text CSV files in ``layers/sample/workbook/`` (the source of truth) by
``python -m landscape.sample workbook``; ``python -m landscape.sample write DIR``
writes the whole sample into ``DIR``.

This module holds the workbook and puts the sample together; the schematic
boundaries are drawn in :mod:`landscape.sample.geometry`, the landscape layers in
:mod:`landscape.sample.vectors` and :mod:`landscape.sample.layers`, and the partner
area files in :mod:`landscape.sample.areas`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import shutil
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from shapely.geometry import Point

from landscape.sample.areas import UTM_49N, write_areas
from landscape.sample.files import ZIP_TIME, atomic, write_gpkg, write_text
from landscape.sample.geometry import (
    EXTENT,
    GRID,
    KABUPATEN_CODE,
    KABUPATEN_KM2,
    KABUPATEN_NAME,
    KM_PER_DEGREE,
    build_boundaries,
    read_kecamatan,
)
from landscape.sample.layers import (
    GRID_HEIGHT,
    GRID_NORTH,
    GRID_WEST,
    GRID_WIDTH,
    LAND_COVER_CLASSES,
    RESOLUTION,
    draw_landscape,
    write_layers,
)
from landscape.sample.vectors import FOREST_FUNCTIONS, PARK_NAME, TOWN

if TYPE_CHECKING:
    from collections.abc import Sequence

    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "EXTENT",
    "FOREST_FUNCTIONS",
    "GRID",
    "GRID_HEIGHT",
    "GRID_NORTH",
    "GRID_WEST",
    "GRID_WIDTH",
    "KABUPATEN_CODE",
    "KABUPATEN_KM2",
    "KABUPATEN_NAME",
    "KM_PER_DEGREE",
    "LAND_COVER_CLASSES",
    "PARK_NAME",
    "RESOLUTION",
    "SAMPLE_SOURCE",
    "TOWN",
    "UTM_49N",
    "WORKBOOK_NAME",
    "WORKBOOK_SHEETS",
    "SamplePaths",
    "build_workbook",
    "cell_value",
    "main",
    "write_sample",
]


def _sample_source() -> Path:
    """Return the folder of the sample sources the package carries as ``landscape.layers``."""
    try:
        root = Path(str(resources.files("landscape.layers")))
    except ModuleNotFoundError:  # a checkout put on sys.path without being installed
        root = Path(__file__).resolve().parents[2] / "layers"
    return root / "sample"


SAMPLE_SOURCE = _sample_source()
"""Folder of the committed sample sources (CSV tables, workbook, README): the repository's
``layers/sample``, installed inside the package as ``landscape.layers/sample``."""


# --- the forum's workbook --------------------------------------------------------------------

WORKBOOK_NAME = "sekber-sampel.xlsx"
WORKBOOK_SHEETS = {"Rencana Aksi": "rencana-aksi.csv", "Mitra": "mitra.csv",
                   "Kegiatan Mitra": "kegiatan-mitra.csv"}
"""Sheet name -> its plain-text source in ``layers/sample/workbook/``."""
_WORKBOOK_TIME = dt.datetime(2024, 6, 30, 9, 0, 0)  # noqa: DTZ001 - xlsx stores naive times
_TITLE = (
    (
        "MATRIKS RENCANA AKSI SEKRETARIAT BERSAMA (SEKBER) MULTI PIHAK PEMBANGUNAN LESTARI "
        "KABUPATEN SINTANG"
    ),
    "TAHUN 2024 - 2027  (CONTOH ILUSTRATIF - DATA FIKTIF)",
)
_NOTES = (
    (
        "Catatan: contoh ilustratif untuk demo perangkat lunak; kegiatan, anggaran dan mitra "
        "non-pemerintah adalah fiktif."
    ),
    "Sumber: Sekretariat Sekber (contoh), diolah dari hasil rapat koordinasi.",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INTEGER = re.compile(r"-?\d+")


def cell_value(text: str) -> str | int | dt.datetime | None:
    """Return the spreadsheet value a CSV cell of the workbook sources stands for.

    ``2024-03-01`` is a real date, ``2025`` or ``150000000`` a number, a leading
    apostrophe keeps the rest as text (``'2024``, as in Excel), an empty cell is
    empty and anything else is text exactly as written (spaces included).

    Examples
    --------
    >>> cell_value("2024-03-01"), cell_value("2025"), cell_value("'2024"), cell_value("1,2 M")
    (datetime.datetime(2024, 3, 1, 0, 0), 2025, '2024', '1,2 M')
    """
    if text == "":
        return None
    if text.startswith("'"):
        return text[1:]
    if _ISO_DATE.fullmatch(text):
        return dt.datetime.fromisoformat(text)
    if _INTEGER.fullmatch(text):
        return int(text)
    return text


def _read_source(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _fill_sheet(sheet: Worksheet, rows: list[list[str]], *, first_row: int) -> None:
    header, *body = rows
    bold = Font(bold=True)
    shade = PatternFill("solid", fgColor="D9E1F2")
    for col, name in enumerate(header, start=1):
        cell = sheet.cell(first_row, col, name)
        cell.font, cell.fill = bold, shade
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = min(
            48, max(10, *(len(r[col - 1]) * 0.9 for r in rows))
        )
    for offset, row in enumerate(body, start=1):
        for col, text in enumerate(row, start=1):
            cell = sheet.cell(first_row + offset, col, cell_value(text))
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "DD/MM/YYYY"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = get_column_letter(len(header))
    sheet.auto_filter.ref = f"A{first_row}:{last}{first_row + len(body)}"
    sheet.freeze_panes = f"A{first_row + 1}"


def _workbook(source: Path) -> Workbook:
    book = Workbook()
    book.remove(book.worksheets[0])
    for name, file in WORKBOOK_SHEETS.items():
        rows = _read_source(source / "workbook" / file)
        sheet = book.create_sheet(name)
        if name != "Rencana Aksi":
            _fill_sheet(sheet, rows, first_row=1)
            continue
        last = get_column_letter(len(rows[0]))
        for row, text in enumerate(_TITLE, start=1):  # merged title block, then an empty row
            sheet.cell(row, 1, text).font = Font(bold=True, size=12 if row == 1 else 11)
            sheet.cell(row, 1).alignment = Alignment(horizontal="center")
            sheet.merge_cells(f"A{row}:{last}{row}")
        _fill_sheet(sheet, rows, first_row=4)
        for offset, note in enumerate(_NOTES):
            sheet.cell(4 + len(rows) + 1 + offset, 1, note).font = Font(italic=True)
    book.properties.creator = "landscape.sample"
    book.properties.title = "Contoh ilustratif matriks Sekber Sintang"
    book.properties.created = book.properties.modified = _WORKBOOK_TIME
    return book


def _repack(data: bytes) -> bytes:
    """Return the zip ``data`` with every member's timestamp fixed (byte-identical output)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(fixed, old.read(info.filename))
    return out.getvalue()


def build_workbook(target: str | Path, *, source: str | Path = SAMPLE_SOURCE) -> Path:
    """Write the forum's illustrative workbook from its CSV sources.

    Parameters
    ----------
    target : str or Path
        The ``.xlsx`` file to write (replaced atomically).
    source : str or Path
        Folder holding ``workbook/rencana-aksi.csv``, ``mitra.csv`` and
        ``kegiatan-mitra.csv``.

    Returns
    -------
    Path
        ``target``. The bytes depend only on the sources.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(_workbook(Path(source)), archive).write_data()
    data = _repack(buffer.getvalue())
    return atomic(Path(target), lambda tmp: tmp.write_bytes(data))


# --- the whole sample ------------------------------------------------------------------------


@dataclass(frozen=True)
class SamplePaths:
    """Where :func:`write_sample` put each part of the sample.

    Attributes
    ----------
    folder : Path
        The sample folder.
    boundaries : Path
        GeoPackage with layers ``kabupaten``, ``kecamatan`` and ``desa`` (fields
        ``kode``, ``nama``; EPSG:4326).
    workbook : Path
        The forum's workbook (sheets ``Rencana Aksi``, ``Mitra``, ``Kegiatan Mitra``).
    areas : list of Path
        Partner area files in ``areas/`` (GeoJSON, zipped Shapefile, KML, CSV, GPX).
    layers : dict of str to Path
        Landscape layers by catalogue id: ``tutupan_lahan``,
        ``kehilangan_tutupan_pohon`` (GeoTIFF), ``kawasan_hutan``, ``gambut``
        (GeoPackage) and ``hotspot`` (CSV).
    rivers : Path
        GeoPackage of the schematic Kapuas, Melawi and Ketungau (layer ``sungai``,
        field ``nama``), for the map only.
    readme : Path
        ``README.md`` saying that everything is illustrative.
    """

    folder: Path
    boundaries: Path
    workbook: Path
    areas: list[Path]
    layers: dict[str, Path]
    rivers: Path
    readme: Path


_README = """\
# Contoh ilustratif Kabupaten Sintang / Illustrative Sintang sample

**ILUSTRATIF — DATA BUATAN.** Semua geometri di folder ini dibuat oleh program
(`landscape.sample`), bukan batas resmi. **ILLUSTRATIVE, GENERATED DATA**: every
geometry in this folder was generated by `python -m landscape.sample write`; none
of it is a real boundary, land cover, forest-estate map, peat map, hotspot or
partner area.

- `boundaries.gpkg`: layers `kabupaten`, `kecamatan`, `desa` (fields `kode`, `nama`).
  The names and Kemendagri codes are real; the shapes are schematic (a power
  diagram around approximate interior points, areas roughly proportional to the
  real ones; desa are Voronoi cells and tile their kecamatan exactly).
- `sekber-sampel.xlsx`: the forum's workbook, fictional content.
- `areas/`: partner area files (GeoJSON, zipped Shapefile in UTM 49N, KML, CSV, GPX),
  drawn inside the schematic desa named in the workbook.
- `tutupan_lahan.tif`, `kehilangan_tutupan_pohon.tif`, `kawasan_hutan.gpkg`,
  `gambut.gpkg`, `sungai.gpkg`, `hotspot.csv`: schematic landscape layers (KLHK
  codes, FIRMS-like columns) for the demo.

See `layers/sample/README.md` in the project for the details and the deliberate
irregularities.
"""


def write_sample(folder: str | Path) -> SamplePaths:
    """Write the whole illustrative sample into ``folder``.

    The output depends only on the committed sources in ``layers/sample/``:
    seeds are fixed and nothing depends on the clock, so two runs give the same
    layer contents (GeoPackages embed their own timestamps; every other file is
    byte-identical).

    Parameters
    ----------
    folder : str or Path
        Target folder; created if missing. Existing sample files are replaced.

    Returns
    -------
    SamplePaths
        The paths of everything written.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    bounds = build_boundaries(SAMPLE_SOURCE)
    towns = [Point(k.lon, k.lat) for k in read_kecamatan(SAMPLE_SOURCE)]
    land = draw_landscape(bounds.kabupaten.geometry.iloc[0], towns)
    layers = write_layers(out, land)
    boundaries = write_gpkg(out / "boundaries.gpkg", {
        "kabupaten": bounds.kabupaten, "kecamatan": bounds.kecamatan, "desa": bounds.desa,
    })
    committed = SAMPLE_SOURCE / WORKBOOK_NAME
    workbook = out / WORKBOOK_NAME
    if committed.exists():
        atomic(workbook, lambda tmp: shutil.copyfile(committed, tmp))
    else:
        build_workbook(workbook)
    return SamplePaths(
        folder=out, boundaries=boundaries, workbook=workbook,
        areas=write_areas(out / "areas", bounds, SAMPLE_SOURCE), layers=layers,
        rivers=write_gpkg(out / "sungai.gpkg", {"sungai": land.rivers}),
        readme=write_text(out / "README.md", _README),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``workbook`` rebuilds the committed xlsx, ``write DIR`` the sample."""
    parser = argparse.ArgumentParser(prog="python -m landscape.sample", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("workbook", help=f"rebuild layers/sample/{WORKBOOK_NAME} from its CSVs")
    write = commands.add_parser("write", help="write the whole illustrative sample")
    write.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.command == "workbook":
        print(build_workbook(SAMPLE_SOURCE / WORKBOOK_NAME))  # noqa: T201
    else:
        print(write_sample(args.folder).folder)  # noqa: T201
    return 0

