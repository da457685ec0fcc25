"""Column names the toolkit understands, per kind of record.

Every canonical field has a list of header texts (Indonesian first, the forum's
own spreadsheets, then English) and HXL tag rules. Header cells and texts are
compared after :func:`fold_header`, so case, spacing, punctuation and a unit in
brackets do not matter ("Anggaran (Rp)" = "anggaran rp" = "ANGGARAN"). Hashtags
are read by the standard's semantics, attributes as sets (:mod:`landscape.read.hxl`):
``#org+impl`` is the organisation that carries an activity out, ``#org+reporting``
the one that reported it, ``#org+funder`` the funding source, ``#adm4+code`` the
desa's Kemendagri code beside ``#adm4+name``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from landscape import _text
from landscape._cells import is_blank
from landscape.read.hxl import ORG_ROLES, TagRule, rule

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
    tags : tuple of TagRule
        HXL hashtag rules, best fit first (:mod:`landscape.read.hxl`).
    preferred : frozenset of str
        Header texts that win their field over other texts naming it
        ("Implementing partner" over "Organisation").
    """

    kind: RecordKind
    aliases: dict[str, tuple[str, ...]]
    required: tuple[tuple[str, ...], ...]
    tags: tuple[TagRule, ...] = ()
    preferred: frozenset[str] = frozenset()


_DATES = {
    "start": ("mulai", "tanggal mulai", "waktu mulai", "tgl mulai", "awal", "start", "start date",
              "from"),
    "end": ("selesai", "tanggal selesai", "waktu selesai", "tgl selesai", "akhir", "end",
            "end date", "until", "to"),
    "period": ("tata waktu", "waktu", "periode", "jadwal", "tahun", "period", "timeline", "year"),
}
_MONEY = {
    "budget": ("anggaran rp", "anggaran", "anggaran idr", "biaya", "pagu", "nilai", "dana",
               "budget", "budget idr", "cost", "amount"),
    "funding": ("sumber dana", "sumber pendanaan", "pendanaan", "donor", "funding",
                "funding source", "source of funds", "funder"),
}
_DATE_TAGS = (rule("#date+start", "start"), rule("#date+end", "end"),
              rule("#date", "period", avoid="+start+end"))
_MONEY_TAGS = (rule("#value+budget", "budget"), rule("#value", "budget"),
               rule("#org+funder", "funding"), rule("#org+donor", "funding"))
_NOT_A_NAME = frozenset({"type", "code", "acronym", "id", "role"})

ORGANISATIONS = TableSchema(
    kind="organisations",
    aliases={
        "name": ("nama", "nama lembaga", "nama organisasi", "organisasi", "lembaga", "instansi",
                 "mitra", "name", "organisation", "organization"),
        "acronym": ("singkatan", "akronim", "nama singkat", "acronym", "abbreviation",
                    "short name"),
        "org_type": ("jenis", "jenis lembaga", "tipe", "kategori", "kelompok", "type",
                     "organisation type", "organization type", "category"),
        "role": ("peran di sekber", "peran", "kedudukan", "role"),
        "contact": ("kontak", "email", "e mail", "surel", "contact"),
    },
    required=(("name",), ("acronym", "org_type", "role")),
    tags=(rule("#org", "name", avoid=_NOT_A_NAME), rule("#org+acronym", "acronym"),
          rule("#org+code", "acronym"), rule("#org+type", "org_type"),
          rule("#org+role", "role"), rule("#contact", "contact")),
)

ACTION_ITEMS = TableSchema(
    kind="action_items",
    aliases={
        "item_no": ("no", "nomor", "no ra", "no urut", "kode", "item", "number", "kode ra",
                    "plan item code", "action item code"),
        "issue": ("isu strategis", "isu", "strategic issue", "issue"),
        "program": ("program", "programme"),
        "activity": ("kegiatan", "rencana kegiatan", "activity", "action"),
        "output": ("output", "keluaran"),
        "indicator": ("indikator", "indicator"),
        "target": ("target",),
        "location": ("lokasi", "wilayah", "location"),
        "lead": ("penanggung jawab", "pj", "koordinator", "leading sector", "lead",
                 "lead organisation"),
        "supports": ("pihak terkait", "pendukung", "mitra pendukung", "pihak pendukung",
                     "supporting", "support", "supporting organisations"),
        "status": ("status",),
        **_DATES,
        **_MONEY,
    },
    required=(("item_no",), ("activity", "program", "issue")),
    tags=(rule("#meta+id", "item_no"), rule("#activity+plan+code", "item_no"),
          rule("#activity+code", "item_no"), rule("#activity+id", "item_no"),
          rule("#sector+issue", "issue"), rule("#activity+programme", "program"),
          rule("#activity", "activity", avoid="+code+id+programme"),
          rule("#indicator", "indicator"), rule("#targeted", "target"),
          rule("#loc", "location", avoid="+code"), rule("#org+lead", "lead"),
          rule("#org+support", "supports"), rule("#status", "status"),
          *_DATE_TAGS, *_MONEY_TAGS),
)

#: Header texts of the organisation that carries an activity out; they win over "Organisation".
IMPLEMENTER_TEXTS = frozenset({
    "implementing partner", "implementing organisation", "implementing organization",
    "implementing agency", "implementer", "mitra pelaksana", "lembaga pelaksana",
    "organisasi pelaksana", "pelaksana"})

ACTIVITIES = TableSchema(
    kind="activities",
    aliases={
        "activity_id": ("id", "kode kegiatan", "id kegiatan", "no kegiatan", "activity id",
                        "code", "activity code"),
        "org": ("mitra", "organisasi", "lembaga", "nama mitra", "organisation", "organization",
                "partner", "who", *sorted(IMPLEMENTER_TEXTS)),
        "reporting_org": ("reporting organisation", "reporting organization", "reporting org",
                          "reporting partner", "reported by", "lembaga pelapor",
                          "organisasi pelapor", "pelapor"),
        "programme_org": ("programme organisation", "programme organization",
                          "programme partner", "program partner", "lembaga program",
                          "mitra program"),
        "org_type": ("jenis lembaga", "jenis mitra", "jenis organisasi", "tipe lembaga",
                     "organisation type", "organization type", "org type"),
        "title": ("judul kegiatan", "nama kegiatan", "kegiatan", "judul", "activity", "title",
                  "what"),
        "theme": ("tema", "sektor", "bidang", "isu", "theme", "sector", "cluster"),
        "kabupaten": ("kabupaten", "kab", "kabupaten kota", "regency", "district"),
        "kecamatan": ("kecamatan", "kec", "sub district", "subdistrict"),
        "desa": ("desa", "desa kelurahan", "kelurahan", "village"),
        "kabupaten_code": ("kode kabupaten", "kode kab", "kabupaten code", "district code",
                           "district p code", "district pcode", "regency code"),
        "kecamatan_code": ("kode kecamatan", "kode kec", "kecamatan code", "sub district code",
                           "subdistrict code", "sub district p code", "subdistrict pcode"),
        "desa_code": ("kode desa", "kode desa kelurahan", "kode kelurahan", "desa code",
                      "village code", "village p code", "village pcode", "p code", "pcode"),
        "location": ("lokasi", "lokasi kegiatan", "wilayah kerja", "location"),
        "action_items": ("no rencana aksi", "no ra", "rencana aksi", "nomor rencana aksi",
                         "action item", "plan item", "action plan item", "kode ra",
                         "kode rencana aksi", "plan item code", "action item code",
                         "plan code"),
        "item_title": ("judul ra", "nama ra", "judul rencana aksi", "nama rencana aksi",
                       "uraian rencana aksi", "plan item title", "plan item name",
                       "action item title", "action item name"),
        "role": ("peran", "peran mitra", "peran lembaga", "peran dalam ra", "role",
                 "role in plan", "lead support", "lead or support"),
        "area_refs": ("sumber area", "area", "file area", "peta", "geometri", "area file",
                      "geometry", "area id", "id area", "id areal", "kode areal",
                      "area code", "polygon id", "id poligon", "feature id"),
        "status": ("status",),
        **_DATES,
        **_MONEY,
    },
    required=(("org", "reporting_org"), ("title", "kecamatan", "desa", "theme",
                                         "kecamatan_code", "desa_code")),
    tags=(rule("#activity+plan+code", "action_items"), rule("#activity+plan+id", "action_items"),
          rule("#activity+plan+name", "item_title"), rule("#activity+plan+title", "item_title"),
          rule("#activity+plan", "action_items"),
          rule("#activity+code", "activity_id"), rule("#activity+id", "activity_id"),
          rule("#meta+id", "activity_id"),
          rule("#activity", "title", avoid="+code+id+plan"),
          rule("#org+impl+type", "org_type"),
          rule("#org+type", "org_type", avoid=ORG_ROLES - {"impl"}),
          rule("#org+role", "role"), rule("#meta+role", "role"),
          rule("#org+impl", "org", avoid=_NOT_A_NAME),
          rule("#org", "org", avoid=ORG_ROLES | _NOT_A_NAME),
          rule("#org+reporting", "reporting_org", avoid=_NOT_A_NAME),
          rule("#org+prog", "programme_org", avoid=_NOT_A_NAME),
          rule("#org+programme", "programme_org", avoid=_NOT_A_NAME),
          rule("#sector", "theme"),
          rule("#adm2+code", "kabupaten_code"), rule("#adm2", "kabupaten"),
          rule("#adm3+code", "kecamatan_code"), rule("#adm3", "kecamatan"),
          rule("#adm4+code", "desa_code"), rule("#adm4", "desa"),
          rule("#loc", "location", avoid="+code"),
          rule("#meta+area_id", "area_refs"), rule("#geo+ref", "area_refs"),
          rule("#geo+id", "area_refs"), rule("#status", "status"),
          *_DATE_TAGS, *_MONEY_TAGS),
    preferred=IMPLEMENTER_TEXTS,
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


def is_numbering_row(cells: list[Any]) -> bool:
    """Tell whether a row only numbers the columns: 1, 2, 3 ... or (1), (2), (3) ...

    Examples
    --------
    >>> is_numbering_row(["(1)", "(2)", None, "(3)"]), is_numbering_row(["1", "2"])
    (True, False)
    """
    numbers = []
    for cell in cells:
        if is_blank(cell):
            continue
        text = str(cell).strip().strip("()")
        text = text.removesuffix(".0")
        if not text.isdigit():
            return False
        numbers.append(int(text))
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
