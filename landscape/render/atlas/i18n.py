"""Labels of the HTML atlas in Bahasa Indonesia (default) and English.

Every string the atlas shows that does not come from the data lives here, once
per language, so a translator edits one file. The browser code receives the
strings of one language in the atlas's data block (``t``); the title block,
rendered on the server, uses the same mapping.

Organisation types have fixed colours so every atlas of the forum draws, say,
government offices in the same blue; :func:`org_type_key` folds the spellings
found in partners' sheets onto those types.
"""

from __future__ import annotations

import math
from types import MappingProxyType
from typing import Final

from landscape._text import fold
from landscape.errors import InputError
from landscape.render.atlas.i18n_views import VIEW_STRINGS

SUPPORTED_LANGUAGES: Final = ("id", "en")

_ID: Final[dict[str, str]] = {
    "what": "Siapa melakukan apa, di mana, kapan, dengan dana berapa, di lahan apa.",
    "sources": "Sumber data",
    "date": "Tanggal data",
    "illustrative": "Batas wilayah ilustratif",
    "illustrative_note": "Geometri pada peta ini skematis, bukan untuk penetapan batas.",
    "noscript": "Peta interaktif ini memerlukan JavaScript.",
    "counts": "{desa} desa, {kecamatan} kecamatan, {activities} kegiatan mitra dari buku kerja",
    "panel": "Panel",
    "search": "Cari",
    "search_placeholder": "Cari desa, kecamatan atau organisasi",
    "search_none": "Tidak ditemukan",
    "kind_desa": "Desa",
    "kind_kecamatan": "Kecamatan",
    "kind_org": "Organisasi",
    "filter": "Filter",
    "filter_org": "Organisasi",
    "filter_type": "Jenis organisasi",
    "filter_theme": "Tema",
    "filter_item": "Rencana aksi",
    "filter_year": "Tahun",
    "all": "Semua",
    "reset": "Atur ulang",
    "summary": "Ringkasan",
    "sum_activities": "Kegiatan",
    "sum_orgs": "Organisasi",
    "sum_budget": "Anggaran",
    "sum_desa": "Desa dengan kegiatan",
    "sum_kecamatan": "Kecamatan dengan kegiatan",
    "sum_by_type": "Kegiatan per jenis organisasi",
    "sum_note": "{n} kegiatan tingkat kecamatan atau kabupaten tidak dibagi ke desa.",
    "of": "dari",
    "layers": "Lapisan",
    "group_basemap": "Peta dasar",
    "basemap_osm": "OpenStreetMap (perlu internet)",
    "group_boundaries": "Batas wilayah",
    "layer_kecamatan": "Kecamatan",
    "layer_desa": "Desa",
    "group_activities": "Areal kegiatan mitra",
    "group_landscape": "Lapisan lanskap",
    "group_choropleth": "Koroplet desa",
    "choro_none": "Tanpa warna",
    "m_activities": "Jumlah kegiatan",
    "m_orgs": "Jumlah organisasi",
    "m_budget": "Anggaran (dibagi rata per desa)",
    "legend": "Legenda",
    "legend_zero": "0 (tidak ada kegiatan)",
    "legend_nodata": "Tidak ada data",
    "legend_org_types": "Jenis organisasi",
    "who": "Siapa",
    "what_label": "Apa",
    "when": "Kapan",
    "budget": "Anggaran",
    "funding": "Sumber dana",
    "items": "Rencana aksi",
    "land": "Status lahan",
    "theme": "Tema",
    "area": "Luas",
    "code": "Kode",
    "activities_here": "Kegiatan di sini",
    "none_here": "Tidak ada kegiatan (sesuai filter).",
    "more": "dan {n} lainnya",
    "unknown_date": "waktu tidak diketahui",
    "ongoing": "berjalan",
    "precision_polygon": "areal terpeta",
    "precision_line": "jalur terpeta",
    "precision_point": "titik terpeta",
    "precision_desa": "tingkat desa",
    "precision_kecamatan": "tingkat kecamatan",
    "precision_kabupaten": "tingkat kabupaten",
    "kind_polygon": "Areal",
    "kind_line": "Jalur",
    "kind_point": "Titik",
    "measure": "Ukur",
    "measure_hint": "Klik peta untuk menambah titik; klik titik pertama untuk menutup poligon.",
    "distance": "Jarak",
    "perimeter": "Keliling",
    "measure_clear": "Hapus",
    "fullscreen": "Layar penuh",
    "overview": "Peta ikhtisar",
    "currency": "Rp",
    "thousand_sep": ".",
    "decimal_sep": ",",
    "million": "juta",
    "billion": "miliar",
    "trillion": "triliun",
    # Honest numbers, search, sharing, print and phone (issue 10, points 4-9).
    "default_title": "Sekber Multi Pihak: siapa melakukan apa, di mana",
    "counts_split": "{n} kegiatan per organisasi pelaksana",
    "counts_planned": "{n} rencana atau usulan, tidak dihitung sebagai kegiatan berjalan",
    "counts_unreferenced": "{n} areal tanpa baris kegiatan",
    "include_planned": "Sertakan rencana dan usulan",
    "legend_planned": "Rencana atau usulan (garis putus-putus)",
    "legend_fixed": "Kelas sama untuk setiap filter, agar tahun dan tema dapat dibandingkan.",
    "budget_rule": "Anggaran per tahun dibagi menurut bulan kegiatan berjalan pada tahun itu; "
                   "kegiatan yang hanya bertanggal mulai (atau selesai) dihitung pada tahun "
                   "tanggal itu.",
    "zoom_in": "Perbesar",
    "zoom_out": "Perkecil",
    "close": "Tutup",
    "kind_theme": "Tema",
    "kind_item": "Rencana aksi",
    "print_filters": "Filter aktif",
    "print_no_filter": "Tanpa filter: semua kegiatan",
    "north": "U",
    "points_word": "titik",
}

_EN: Final[dict[str, str]] = {
    "what": "Who does what, where, when, with what money, on what land.",
    "sources": "Data sources",
    "date": "Data date",
    "illustrative": "Illustrative boundaries",
    "illustrative_note": "The geometry on this map is schematic, not for boundary decisions.",
    "noscript": "This interactive map needs JavaScript.",
    "counts": "{desa} desa, {kecamatan} kecamatan, {activities} partner activities from the "
              "workbook",
    "panel": "Panel",
    "search": "Search",
    "search_placeholder": "Search desa, kecamatan or organisation",
    "search_none": "Nothing found",
    "kind_desa": "Desa",
    "kind_kecamatan": "Kecamatan",
    "kind_org": "Organisation",
    "filter": "Filter",
    "filter_org": "Organisation",
    "filter_type": "Organisation type",
    "filter_theme": "Theme",
    "filter_item": "Action item",
    "filter_year": "Year",
    "all": "All",
    "reset": "Reset",
    "summary": "Summary",
    "sum_activities": "Activities",
    "sum_orgs": "Organisations",
    "sum_budget": "Budget",
    "sum_desa": "Desa with activities",
    "sum_kecamatan": "Kecamatan with activities",
    "sum_by_type": "Activities by organisation type",
    "sum_note": "{n} kecamatan- or kabupaten-level activities are not split over desa.",
    "of": "of",
    "layers": "Layers",
    "group_basemap": "Basemap",
    "basemap_osm": "OpenStreetMap (needs internet)",
    "group_boundaries": "Boundaries",
    "layer_kecamatan": "Kecamatan",
    "layer_desa": "Desa",
    "group_activities": "Partner activity areas",
    "group_landscape": "Landscape layers",
    "group_choropleth": "Desa choropleth",
    "choro_none": "No colour",
    "m_activities": "Number of activities",
    "m_orgs": "Number of organisations",
    "m_budget": "Budget (split equally over desa)",
    "legend": "Legend",
    "legend_zero": "0 (no activity)",
    "legend_nodata": "No data",
    "legend_org_types": "Organisation type",
    "who": "Who",
    "what_label": "What",
    "when": "When",
    "budget": "Budget",
    "funding": "Funding source",
    "items": "Action item",
    "land": "Land status",
    "theme": "Theme",
    "area": "Area",
    "code": "Code",
    "activities_here": "Activities here",
    "none_here": "No activity (with this filter).",
    "more": "and {n} more",
    "unknown_date": "dates unknown",
    "ongoing": "ongoing",
    "precision_polygon": "mapped area",
    "precision_line": "mapped line",
    "precision_point": "mapped point",
    "precision_desa": "desa level",
    "precision_kecamatan": "kecamatan level",
    "precision_kabupaten": "kabupaten level",
    "kind_polygon": "Area",
    "kind_line": "Line",
    "kind_point": "Point",
    "measure": "Measure",
    "measure_hint": "Click the map to add points; click the first point to close a polygon.",
    "distance": "Distance",
    "perimeter": "Perimeter",
    "measure_clear": "Clear",
    "fullscreen": "Full screen",
    "overview": "Overview map",
    "currency": "IDR",
    "thousand_sep": ",",
    "decimal_sep": ".",
    "million": "million",
    "billion": "billion",
    "trillion": "trillion",
    # Honest numbers, search, sharing, print and phone (issue 10, points 4-9).
    "default_title": "Multi-stakeholder forum: who does what, where",
    "counts_split": "activities by implementing organisation: {n}",
    "counts_planned": "planned or proposed, not counted as work under way: {n}",
    "counts_unreferenced": "areas referenced by no activity row: {n}",
    "include_planned": "Include planned and proposed",
    "legend_planned": "Planned or proposed (dashed)",
    "legend_fixed": "The same classes for every filter, so years and themes can be compared.",
    "budget_rule": "Budget per year shared by the months the activity runs in that year; "
                   "an activity with only a start (or end) date counts in that date's year.",
    "zoom_in": "Zoom in",
    "zoom_out": "Zoom out",
    "close": "Close",
    "kind_theme": "Theme",
    "kind_item": "Action item",
    "print_filters": "Active filters",
    "print_no_filter": "No filter: every activity",
    "north": "N",
    "points_word": "points",
}

_STRINGS: Final = MappingProxyType({"id": _ID, "en": _EN})

# key, colour, label (id), label (en), spellings folded onto the key (lower case).
ORG_TYPES: Final[tuple[tuple[str, str, str, str, tuple[str, ...]], ...]] = (
    ("pemerintah", "#1f5fa8", "Pemerintah", "Government",
     ("pemerintah", "pemerintah daerah", "government", "pemda", "dinas")),
    ("lsm", "#2e8b3e", "LSM", "NGO", ("lsm", "ngo", "ornop", "yayasan", "perkumpulan")),
    ("mitra_pembangunan", "#8e44ad", "Mitra Pembangunan", "Development partner",
     ("mitra pembangunan", "development partner", "donor", "donor/mitra pembangunan")),
    ("swasta", "#d35400", "Swasta", "Private sector",
     ("swasta", "private", "private sector", "perusahaan", "bisnis", "business")),
    ("masyarakat", "#a07800", "Masyarakat/CSO", "Community/CSO",
     ("masyarakat", "masyarakat/cso", "cso", "community", "komunitas", "masyarakat sipil")),
    ("akademisi", "#c2185b", "Akademisi", "Academia",
     ("akademisi", "academia", "academic", "universitas", "perguruan tinggi")),
    ("lainnya", "#6b6b6b", "Lainnya", "Other", ()),
)

_ALIASES: Final = MappingProxyType(
    {fold(alias): key for key, _colour, _lid, _len, aliases in ORG_TYPES for alias in aliases}
)


def check_language(lang: str) -> str:
    """Return ``lang`` if the atlas has labels in it, else raise.

    Raises
    ------
    InputError
        (a ``ValueError``) naming the supported languages.
    """
    if lang not in _STRINGS:
        supported = ", ".join(repr(code) for code in SUPPORTED_LANGUAGES)
        msg = f"The atlas has no labels in language {lang!r}; use one of {supported}."
        raise InputError(msg)
    return lang


def ui_strings(lang: str) -> dict[str, str]:
    """Return a copy of the atlas labels in ``lang`` (``"id"`` or ``"en"``), views included."""
    return {**_STRINGS[check_language(lang)], **VIEW_STRINGS[lang]}


def org_type_key(text: str) -> str:
    """Return the fixed organisation-type key for a type as partners write it.

    Examples
    --------
    >>> org_type_key(" Masyarakat ")
    'masyarakat'
    >>> org_type_key("Mitra Pembangunan")
    'mitra_pembangunan'
    >>> org_type_key("Koperasi")
    'lainnya'
    """
    return _ALIASES.get(fold(text), "lainnya")


def org_type_legend(lang: str) -> list[dict[str, str]]:
    """Return the organisation types as ``{"key", "colour", "label"}`` in ``lang``."""
    english = check_language(lang) == "en"
    return [
        {"key": key, "colour": colour, "label": label_en if english else label_id}
        for key, colour, label_id, label_en, _aliases in ORG_TYPES
    ]


def format_number(value: float, lang: str, *, decimals: int = 0) -> str:
    """Format a number with the thousands and decimal separators of ``lang``.

    Examples
    --------
    >>> format_number(1234567, "id")
    '1.234.567'
    >>> format_number(1234.5, "en", decimals=1)
    '1,234.5'
    """
    strings = _STRINGS[check_language(lang)]
    if not math.isfinite(value):
        return ""
    text = f"{value:,.{decimals}f}"
    return text.translate(str.maketrans(",.", strings["thousand_sep"] + strings["decimal_sep"]))


def format_ha(value: float, lang: str) -> str:
    """Hectares in the convention of ``lang``.

    Examples
    --------
    >>> format_ha(12126.4, "id"), format_ha(12126.4, "en")
    ('12.126 ha', '12,126 ha')
    """
    return f"{format_number(value, lang)} ha"


def format_share(value: float, lang: str) -> str:
    """Write a share (0-1) as a whole percentage in the convention of ``lang``.

    Examples
    --------
    >>> format_share(0.256, "id"), format_share(0.256, "en")
    ('26%', '26%')
    """
    return f"{format_number(value * 100, lang)}%"
