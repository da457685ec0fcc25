"""Column names the toolkit understands, per kind of record.

Every canonical field has a list of aliases: Indonesian first (the forum's own
spreadsheets), then English, then HXL hashtags. Header cells and aliases are
compared after :func:`fold_header`, so case, spacing, punctuation and a unit in
brackets do not matter ("Anggaran (Rp)" = "anggaran rp" = "ANGGARAN").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from landscape import _text

RecordKind = Literal["organisations", "action_items", "activities"]


@dataclass(frozen=True, slots=True)
class TableSchema:
    """The fields of one kind of record and the header texts that name them.

    Parameters
    ----------
    kind : str
        Which records the table holds.
    aliases : dict of str to tuple of str
        Canonical field name -> accepted header texts (folded when compared).
    required : tuple of tuple of str
        Each inner tuple is a set of alternatives, one of which must be present.
    """

    kind: RecordKind
    aliases: dict[str, tuple[str, ...]]
    required: tuple[tuple[str, ...], ...]


_DATES = {
    "start": ("mulai", "tanggal mulai", "waktu mulai", "tgl mulai", "awal", "start", "start date",
              "from", "#date+start"),
    "end": ("selesai", "tanggal selesai", "waktu selesai", "tgl selesai", "akhir", "end",
            "end date", "until", "to", "#date+end"),
    "period": ("tata waktu", "waktu", "periode", "jadwal", "tahun", "period", "timeline", "year",
               "#date"),
}
_MONEY = {
    "budget": ("anggaran rp", "anggaran", "anggaran idr", "biaya", "pagu", "nilai", "dana",
               "budget", "budget idr", "cost", "amount", "#value", "#value+budget"),
    "funding": ("sumber dana", "sumber pendanaan", "pendanaan", "donor", "funding",
                "funding source", "source of funds", "#org+funder"),
}

ORGANISATIONS = TableSchema(
    kind="organisations",
    aliases={
        "name": ("nama", "nama lembaga", "nama organisasi", "organisasi", "lembaga", "instansi",
                 "mitra", "name", "organisation", "organization", "#org", "#org+name"),
        "acronym": ("singkatan", "akronim", "nama singkat", "acronym", "abbreviation",
                    "short name", "#org+acronym", "#org+code"),
        "org_type": ("jenis", "jenis lembaga", "tipe", "kategori", "kelompok", "type",
                     "organisation type", "organization type", "category", "#org+type"),
        "role": ("peran di sekber", "peran", "kedudukan", "role", "#org+role"),
        "contact": ("kontak", "email", "e mail", "surel", "contact", "#contact", "#contact+email"),
    },
    required=(("name",), ("acronym", "org_type", "role")),
)

ACTION_ITEMS = TableSchema(
    kind="action_items",
    aliases={
        "item_no": ("no", "nomor", "no ra", "no urut", "kode", "item", "number", "#meta+id"),
        "issue": ("isu strategis", "isu", "strategic issue", "issue", "#sector+issue"),
        "program": ("program", "programme", "#activity+programme"),
        "activity": ("kegiatan", "rencana kegiatan", "activity", "action", "#activity"),
        "output": ("output", "keluaran"),
        "indicator": ("indikator", "indicator", "#indicator"),
        "target": ("target", "#targeted"),
        "location": ("lokasi", "wilayah", "location", "#loc", "#loc+name"),
        "lead": ("penanggung jawab", "pj", "koordinator", "leading sector", "lead",
                 "lead organisation", "#org+lead"),
        "supports": ("pihak terkait", "pendukung", "mitra pendukung", "pihak pendukung",
                     "supporting", "support", "supporting organisations", "#org+support"),
        "status": ("status", "#status"),
        **_DATES,
        **_MONEY,
    },
    required=(("item_no",), ("activity", "program", "issue")),
)

ACTIVITIES = TableSchema(
    kind="activities",
    aliases={
        "activity_id": ("id", "kode kegiatan", "id kegiatan", "no kegiatan", "activity id",
                        "code", "#activity+code", "#activity+id"),
        "org": ("mitra", "organisasi", "lembaga", "pelaksana", "nama mitra", "organisation",
                "organization", "implementer", "partner", "who", "#org", "#org+name",
                "#org+impl"),
        "org_type": ("jenis lembaga", "jenis mitra", "jenis organisasi", "tipe lembaga",
                     "organisation type", "organization type", "org type", "#org+type"),
        "title": ("judul kegiatan", "nama kegiatan", "kegiatan", "judul", "activity", "title",
                  "what", "#activity", "#activity+name", "#activity+title"),
        "theme": ("tema", "sektor", "bidang", "isu", "theme", "sector", "cluster", "#sector"),
        "kabupaten": ("kabupaten", "kab", "kabupaten kota", "regency", "district", "#adm2",
                      "#adm2+name", "#adm2+code"),
        "kecamatan": ("kecamatan", "kec", "sub district", "subdistrict", "#adm3", "#adm3+name",
                      "#adm3+code"),
        "desa": ("desa", "desa kelurahan", "kelurahan", "village", "#adm4", "#adm4+name",
                 "#adm4+code"),
        "location": ("lokasi", "lokasi kegiatan", "wilayah kerja", "location", "#loc",
                     "#loc+name"),
        "action_items": ("no rencana aksi", "no ra", "rencana aksi", "nomor rencana aksi",
                         "action item", "plan item", "action plan item", "#activity+plan"),
        "area_refs": ("sumber area", "area", "file area", "peta", "geometri", "area file",
                      "geometry", "#geo+ref"),
        "status": ("status", "#status"),
        **_DATES,
        **_MONEY,
    },
    required=(("org",), ("title", "kecamatan", "desa", "theme")),
)

SCHEMAS: dict[RecordKind, TableSchema] = {
    "organisations": ORGANISATIONS,
    "action_items": ACTION_ITEMS,
    "activities": ACTIVITIES,
}

def fold_header(text: object) -> str:
    """Fold a header cell for comparison with the aliases.

    The header rule of :func:`landscape._text.fold_header`: the base fold (no
    accents, case, apostrophes or punctuation) keeping ``#`` and ``+``; an HXL
    hashtag loses its spaces too.

    Parameters
    ----------
    text : object
        The header cell as read.

    Returns
    -------
    str
        Lower case words separated by one space; HXL ``#tag+attr`` kept.

    Examples
    --------
    >>> fold_header("  Anggaran (Rp) ")
    'anggaran rp'
    >>> fold_header("#Org +Name")
    '#org+name'
    """
    return _text.fold_header(text)


def hxl_base(tag: str) -> str:
    """Return an HXL hashtag without attributes (``#org+impl`` -> ``#org``)."""
    return fold_header(tag).split("+", 1)[0]
