"""``README.md`` in the build folder: what each file holds, in the build's language."""

from __future__ import annotations

from collections.abc import Sequence
from types import MappingProxyType
from typing import Final

#: File name (or the start of one) -> (Indonesian, English) description.
NOTES: Final = MappingProxyType({
    "report.xlsx": (
        ("Buku kerja pertemuan: ringkasan, matriks 3W, kegiatan dengan nama tempat dan bagian "
        "anggaran yang jumlahnya tepat, rencana aksi vs capaian, peran, anggaran per sumber dan "
        "tahun, tumpang tindih, celah, masalah data dengan perbaikannya."),
        ("The meeting workbook: summary, 3W matrix, activities with place names and budget "
        "shares that add up, plan against what was reached, roles, budget by source and year, "
        "overlaps, gaps, data problems with their fixes.")),
    "atlas.html": ("Atlas web mandiri, bisa dibuka tanpa internet.",
                   "The self-contained web atlas; opens with no internet."),
    "atlas.png": ("Peta kabupaten untuk dicetak (A4).", "The kabupaten map to print (A4)."),
    "atlas.pdf": ("Peta kabupaten untuk dicetak (A4, PDF).", "The kabupaten map to print (A4)."),
    "kecamatan.pdf": ("Satu halaman per kecamatan: siapa bekerja di mana, rencana aksi, celah.",
                      "One page per kecamatan: who works where, the plan's items, gaps."),
    "results.gpkg": (
        ("Lapisan untuk QGIS dengan geometri asli (titik, garis, poligon; kegiatan yang hanya "
        "diketahui desa/kecamatannya di activities_places) dan gaya seperti atlas."),
        ("Layers for QGIS with their real geometry (points, lines, polygons; activities known "
        "only by desa or kecamatan in activities_places), styled as in the atlas.")),
    "who-does-what-where.csv": (
        ("Siapa melakukan apa di mana: satu baris per kegiatan dan tempat; budget_share_idr "
        "dapat dijumlahkan, budget_idr adalah anggaran seluruh kegiatan."),
        ("Who does what where: one row per activity and place; budget_share_idr adds up, "
        "budget_idr is the whole activity's budget.")),
    "who-does-what-where-hxl.csv": ("Tabel yang sama dengan tagar HXL (3W).",
                                    "The same table with HXL hashtags (3W)."),
    "coverage-": ("Cakupan per kecamatan atau desa: lembaga, kegiatan, luas, anggaran.",
                  "Coverage per kecamatan or desa: organisations, activities, area, budget."),
    "overlaps.csv": ("Pasangan lembaga yang arealnya tumpang tindih.",
                     "Pairs of organisations whose areas overlap."),
    "shared-work.csv": ("Pasangan kegiatan setema di desa yang sama pada waktu yang sama.",
                        "Pairs of activities of one theme in the same desa at the same time."),
    "coordination-desa.csv": ("Daftar koordinasi per desa.", "A coordination list per desa."),
    "plan-vs-reality.csv": ("Rencana aksi dibanding capaian.",
                            "Each action item against what was reached."),
    "activities-without-item.csv": (("Kegiatan tanpa rencana aksi (atau dengan nomor yang tidak "
                                     "ada)."), "Activities tied to no (existing) action item."),
    "roles.csv": ("Peran lembaga: memimpin, mendukung, melaksanakan.",
              "Where each organisation leads, supports and implements."),
    "roles-summary.csv": ("Ringkasan peran per lembaga.", "Roles summed up per organisation."),
    "budget-by-source-year.csv": ("Anggaran rencana per sumber dana dan tahun.",
                                  "The plan's budget by funding source and year."),
    "status-by-year.csv": ("Status rencana aksi per tahun.", "Item status by year."),
    "land-status-": ("Status lahan per satuan, lapisan dan kelas.",
                     "Land status per unit, layer and class."),
    "priorities-desa.csv": ("Ukuran prioritas per desa.", "Priority measures per desa."),
    "gaps.csv": ("Desa dan kecamatan prioritas yang belum dijangkau kegiatan.",
                 "Priority desa and kecamatan no activity reaches."),
    "changes.csv": ("Perubahan sejak build sebelumnya (pertemuan lalu).",
                    "What changed since the earlier build (the last meeting)."),
    "validation.json": ("Setiap nilai yang tidak dapat dipakai seperti tertulis, dengan saran.",
                        "Every value that could not be used as written, with a fix."),
    "build.json": ("Manifes: versi, opsi, nama/ukuran/SHA-256 tiap masukan, tanggal data.",
                   "Manifest: version, options, each input's name, size and SHA-256, data date."),
    "README.md": ("Berkas ini.", "This file."),
})
_TITLES = {"id": ("# Isi folder ini", "Tanggal data"), "en": ("# What this folder holds",
                                                              "Data date")}


def note(name: str, lang: str) -> str:
    """Return the description of output file ``name`` in ``lang`` (``""`` if unknown).

    >>> note("coverage-desa.csv", "en")[:8]
    'Coverage'
    """
    pair = NOTES.get(name) or next((v for k, v in NOTES.items()
                                    if k.endswith("-") and name.startswith(k)), None)
    if pair is None:
        return ""
    return pair[1] if lang == "en" else pair[0]


def readme_text(names: Sequence[str], *, lang: str, data_date: str) -> str:
    """Return the README of a build folder listing ``names`` (and itself)."""
    title, date_word = _TITLES.get(lang, _TITLES["en"])
    lines = [title, "", f"{date_word}: {data_date or '-'}", ""]
    lines += [f"- `{name}`: {note(name, lang)}".rstrip(": ")
              for name in sorted({*names, "README.md"})]
    return "\n".join(lines) + "\n"
