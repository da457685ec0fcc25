"""Builders of broken inputs: small files written into a test's temporary folder.

Each builder writes one file the way a partner's tool (or a mishap) makes it: a
workbook with its sheets, a 3W CSV, a GeoJSON, a Shapefile set, a GeoPackage, a file
cut short half-way, an encrypted workbook (a Compound File Binary container, as Excel
saves a workbook with a password to open), a PDF renamed ``.xlsx``. The place names
are the demo sample's (Kabupaten Sintang, whose schematic boundaries
``landscape.sample`` writes), so no shared data is needed.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import geopandas as gpd
from openpyxl import Workbook

PLAN_HEADER = ["No", "Isu Strategis", "Program", "Kegiatan", "Lokasi", "Mulai", "Selesai",
               "Penanggung Jawab", "Anggaran (Rp)"]
PLAN_ROWS = [
    [1, "Kelembagaan Sekber", "Penguatan sekretariat", "Rapat koordinasi", "Seluruh Kabupaten",
     "2024-01-15", "2024-12-31", "Bappeda", "Rp 120.000.000"],
    [2, "Perlindungan Hutan", "Gambut", "Pemetaan KHG", "Sepauk", "2024-07-01", "2025-12-31",
     "DLH", "250 juta"],
]
ORG_HEADER = ["Nama", "Singkatan", "Jenis"]
ORG_ROWS = [
    ["Badan Perencanaan Pembangunan Daerah Kabupaten Sintang", "Bappeda", "Pemerintah"],
    ["Dinas Lingkungan Hidup Kabupaten Sintang", "DLH", "Pemerintah"],
    ["Yayasan Hulu Melawi Lestari", "YHML", "LSM"],
]
ACTIVITY_HEADER = ["ID", "Mitra", "Judul Kegiatan", "Kecamatan", "Desa", "Mulai", "Selesai",
                   "Anggaran (Rp)", "No Rencana Aksi", "Sumber Area"]


def activity(aid: str, **cells: Any) -> list[Any]:
    """Return one activity row; ``cells`` override the defaults by header (spaces as ``_``)."""
    row = {"ID": aid, "Mitra": "YHML", "Judul Kegiatan": f"Kegiatan {aid}",
           "Kecamatan": "Sepauk", "Desa": "Nanga Pari", "Mulai": "2024-01-01",
           "Selesai": "2024-12-31", "Anggaran (Rp)": "Rp 10.000.000", "No Rencana Aksi": 2,
           "Sumber Area": None}
    for key, value in cells.items():
        row[key.replace("_", " ")] = value
    return [row[h] for h in ACTIVITY_HEADER]


ACTIVITY_ROWS = [activity("KM-1"), activity("KM-2", Mitra="DLH", Desa="Lengkenat"),
                 activity("KM-3", Mitra="Bappeda", Kecamatan="Seluruh Kabupaten", Desa=None,
                          No_Rencana_Aksi=1)]


def workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """Write a workbook of the given sheets (name -> rows, header included)."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def forum_workbook(path: Path, *, activities: list[list[Any]] | None = None,
                   title_rows: int = 0) -> Path:
    """Write the forum's three sheets; ``title_rows`` blank-and-title rows above each header."""
    above: list[list[Any]] = [["SEKBER MULTI PIHAK"]] + [[] for _ in range(title_rows - 1)]
    above = above[:title_rows]
    return workbook(path, {
        "Rencana Aksi": [*above, PLAN_HEADER, *PLAN_ROWS],
        "Mitra": [*above, ORG_HEADER, *ORG_ROWS],
        "Kegiatan Mitra": [*above, ACTIVITY_HEADER,
                           *(ACTIVITY_ROWS if activities is None else activities)],
    })


def csv_plan(path: Path, rows: list[list[Any]], header: list[str] | None = None) -> Path:
    """Write a 3W CSV table (the activities header unless another is given)."""
    lines = [header or ACTIVITY_HEADER, *rows]
    text = "".join(",".join("" if c is None else _csv_cell(c) for c in line) + "\n"
                   for line in lines)
    path.write_text(text, encoding="utf-8")
    return path


def _csv_cell(value: Any) -> str:
    text = str(value)
    return f'"{text}"' if any(c in text for c in ',"\n') else text


def feature(fid: str, geometry: dict[str, Any] | None, **props: Any) -> dict[str, Any]:
    """Return a GeoJSON feature with an ``id`` property and ``mitra`` YHML unless given."""
    return {"type": "Feature", "properties": {"id": fid, "mitra": "YHML", **props},
            "geometry": geometry}


def polygon(*rings: list[tuple[float, float]]) -> dict[str, Any]:
    """Return a GeoJSON polygon of rings written exactly as given (closed or not)."""
    return {"type": "Polygon", "coordinates": [[list(c) for c in ring] for ring in rings]}


def point(lon: float, lat: float) -> dict[str, Any]:
    """Return a GeoJSON point (``json`` writes NaN and infinity as JavaScript does)."""
    return {"type": "Point", "coordinates": [lon, lat]}


def geojson(path: Path, features: list[dict[str, Any]]) -> Path:
    """Write a GeoJSON FeatureCollection."""
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                    encoding="utf-8")
    return path


def shapefile(path: Path, features: list[dict[str, Any]], *, prj: bool = True,
              crs: str = "EPSG:4326") -> Path:
    """Write a Shapefile set (``.shp``, ``.shx``, ``.dbf``, ``.cpg``, ``.prj`` unless not)."""
    frame = gpd.GeoDataFrame.from_features(features, crs=crs)
    frame.to_file(path, driver="ESRI Shapefile", engine="pyogrio")
    if not prj:
        path.with_suffix(".prj").unlink()
    return path


def gpkg(path: Path, features: list[dict[str, Any]], *, layer: str = "areal") -> Path:
    """Write a GeoPackage of one layer."""
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    frame.to_file(path, driver="GPKG", layer=layer, engine="pyogrio")
    return path


def truncated(path: Path) -> Path:
    """Cut a file to half its bytes, as an interrupted copy or download leaves it."""
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def renamed_pdf(path: Path) -> Path:
    """Write a small PDF under the given name (a report saved as ``.xlsx`` by mistake)."""
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                     b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                     b"trailer << /Root 1 0 R >>\n%%EOF\n")
    return path


_FREE, _END_OF_CHAIN, _FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _entry(name: str, kind: int, *, child: int = _FREE, right: int = _FREE) -> bytes:
    """One 128-byte directory entry of a Compound File (MS-CFB 2.6.1), an empty stream."""
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return struct.pack("<64sHBBIII16sIQQIQ", encoded, len(encoded), kind, 1, _FREE, right,
                       child, b"\0" * 16, 0, 0, 0, _END_OF_CHAIN, 0)


def encrypted_workbook(path: Path, *,
                       streams: tuple[str, str] = ("EncryptionInfo", "EncryptedPackage")) -> Path:
    """Write a Compound File as Excel saves a workbook with a password to open.

    An encrypted ``.xlsx`` is not a zip but an OLE Compound File holding the streams
    ``EncryptionInfo`` and ``EncryptedPackage`` (MS-OFFCRYPTO 2.3.4). This one has
    both, empty: enough for a reader to tell what the file is, nothing to decrypt.
    Other ``streams`` make another Compound File: ``("Workbook", "SummaryInformation")``
    is an Excel 97-2003 ``.xls``.
    """
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3,
        0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, _END_OF_CHAIN, 0, _END_OF_CHAIN, 0)
    header += struct.pack("<I", 0) + struct.pack("<108I", *([_FREE] * 108))  # DIFAT: sector 0
    fat = struct.pack("<128I", _FAT_SECTOR, _END_OF_CHAIN, *([_FREE] * 126))
    directory = (_entry("Root Entry", 5, child=1) + _entry(streams[0], 2, right=2)
                 + _entry(streams[1], 2) + _entry("", 0))
    path.write_bytes(header + fat + directory)
    return path
