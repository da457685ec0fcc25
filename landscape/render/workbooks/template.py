"""The forum's empty plan workbook, as ``landscape init`` writes it for a new district.

Sheets: ``Petunjuk`` (instructions, in Indonesian), ``Rencana Aksi`` (action plan),
``Mitra`` (organisations), ``Kegiatan Mitra`` (partner activities), each with its
header row and HXL row, and the hidden ``Daftar`` sheet behind the drop-down lists
(organisation types, status, funding sources, the kecamatan and desa of the kabupaten).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

from landscape.render.workbooks.sheets import (
    ACTIVITY_COLUMNS,
    ACTIVITY_SHEET,
    FIRST_DATA_ROW,
    ORG_COLUMNS,
    ORG_SHEET,
    PLAN_COLUMNS,
    PLAN_SHEET,
    add_lists,
    write_header,
    write_instructions,
)

__all__ = ["INSTRUCTIONS", "write_plan_template"]

INSTRUCTIONS = (
    ("Buku kerja ini adalah rencana aksi dan daftar kegiatan mitra Sekber. Isi tiga lembar: "
    "'Rencana Aksi', 'Mitra' dan 'Kegiatan Mitra'. Jangan ubah baris judul (baris 1) dan baris "
    "tagar HXL (baris 2, miring abu-abu); isi data mulai baris {first}."),
    ("Rencana Aksi: satu baris per butir rencana aksi. 'No' adalah nomor butir; kegiatan mitra "
    "merujuk butir dengan nomor ini di kolom 'No Rencana Aksi'."),
    ("Mitra: satu baris per lembaga anggota, dengan nama lengkap, singkatan dan jenis lembaga "
    "(pilih dari daftar: Pemerintah, LSM, Masyarakat/CSO, Mitra Pembangunan, Swasta, "
    "Akademisi, Lainnya)."),
    ("Kegiatan Mitra: satu baris per kegiatan. Beri setiap kegiatan ID yang unik dan tetap "
    "(misalnya KM-001); ID inilah yang dipakai untuk menggabungkan buku kerja yang dikembalikan "
    "mitra. Tulis nama lembaga pelaksana seperti di lembar Mitra."),
    ("Lokasi: pilih kecamatan dan desa dari daftar (daftar berisi kecamatan dan desa {kabupaten}). "
    "Beberapa desa dipisah titik koma: 'Ensaid Panjang; Baning Panjang'. Kode Kemendagri "
    "(61.05.03.2010) boleh diisi di kolom Kode Desa; jika nama dan kode berbeda, kode yang "
    "dipakai. Kegiatan di seluruh kabupaten: tulis 'Seluruh Kabupaten' di kolom Kecamatan."),
    ("Tanggal: tulis sebagai tanggal (31/12/2024) atau bulan dan tahun (Juni 2024). Anggaran "
    "dalam rupiah, angka saja (250000000) atau dengan satuan (250 juta)."),
    ("Sumber Area: jika kegiatan punya peta areal (KML, GeoJSON, Shapefile, GPX), tulis nama "
    "berkasnya dan ID areal: 'areal-kami.kml#HD-01'. Simpan berkasnya di folder areal/ proyek."),
    "Sumber dana dan status: pilih dari daftar. Beberapa sumber dana dipisah titik koma.",
    ("Setelah diisi: jalankan 'landscape validate' di folder proyek untuk memeriksa isian, lalu "
    "'landscape build' untuk membuat tabel dan atlas di folder hasil/."),
)


def write_plan_template(path: str | Path, *, kabupaten: str, kecamatan: Sequence[str],
                        desa: Sequence[str]) -> Path:
    """Write the empty plan workbook.

    Parameters
    ----------
    path : str or Path
        The workbook to write (``.xlsx``).
    kabupaten : str
        The kabupaten's name and code, as the instructions name it.
    kecamatan, desa : sequence of str
        The names offered by the drop-down lists (empty without boundaries).

    Returns
    -------
    Path
        The workbook written.
    """
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    lists = add_lists(wb, kecamatan=kecamatan, desa=desa)
    for title, columns in ((PLAN_SHEET, PLAN_COLUMNS), (ORG_SHEET, ORG_COLUMNS),
                           (ACTIVITY_SHEET, ACTIVITY_COLUMNS)):
        ws = wb.create_sheet(title, len(wb.sheetnames) - 1)
        write_header(ws, columns, lists)
    write_instructions(wb, f"Petunjuk pengisian: rencana aksi Sekber {kabupaten}",
                       [line.format(first=FIRST_DATA_ROW, kabupaten=kabupaten)
                        for line in INSTRUCTIONS])
    wb.active = 0
    target = Path(path)
    wb.save(target)
    return target
