"""The folding family of landscape._text: one base rule, one rule per kind of name.

Expected keys are written out by hand from the rules in the module's docstring.
"""

from __future__ import annotations

import json

import pytest

from landscape import _text
from landscape._text import (
    PLACE_PREFIXES,
    PLACE_WORDS,
    PLACE_WORDS_BEFORE_NAME,
    fold,
    fold_class,
    fold_header,
    fold_org,
    fold_place,
    fold_theme,
    place_fold_table,
)


@pytest.mark.parametrize(("written", "key"), [
    ("  Nanga  Ketungau-Tengah ", "nanga ketungau tengah"),   # spaces and a hyphen
    ("SÉMUNTAI", "semuntai"),                                  # accent and case
    ("Sému\u0301ntai", "semuntai"),                            # a combining accent
    ("Straße", "strasse"),                                     # case folding, not lower()
    ("Jum'at", "jumat"), ("Jum\u2019at", "jumat"), ("Jum`at", "jumat"),
    ("Jum\u02bcat", "jumat"),                                  # the four apostrophes
    ("PT. Sawit__Melawi (SM) / 2", "pt sawit melawi sm 2"),    # underscore, brackets, slash
    ("\ufb01nal \u00b2", "final 2"),                           # NFKD: ligature, superscript
    ("\u00a0Kapuas\u2003Hulu\t", "kapuas hulu"),               # odd spaces
    ("—", ""),
    (12.5, "12 5"),                                            # anything as str()
])
def test_base_fold(written, key):
    assert fold(written) == key


@pytest.mark.parametrize(("written", "key", "level"), [
    ("Kec. Sei Tebelian", "sungai tebelian", "kecamatan"),
    ("Desa Sg. Ana", "sungai ana", "desa"),
    ("Ds Sng Risap", "sungai risap", "desa"),
    ("Kelurahan Kapuas Kanan Hulu", "kapuas kanan hulu", "desa"),
    ("Kab. Sintang", "sintang", "kabupaten"),
    ("Dsn. Sungai Buluh", "sungai buluh", "dusun"),
    ("Kecamatan Desa Baru", "baru", "kecamatan"),   # prefixes drop while a word follows
    ("Desa", "desa", None),                         # a prefix alone is the name
    ("Pengkadan Sei Rupa", "pengkadan sungai rupa", None),  # abbreviations anywhere
    ("Nanga Sepauk Kec", "nanga sepauk kec", None),  # a trailing prefix word stays
    ("Désa Sémuntai", "semuntai", "desa"),
])
def test_place_fold(written, key, level):
    assert fold_place(written) == (key, level)


def test_header_fold_keeps_hxl():
    assert fold_header("  Anggaran (Rp) ") == "anggaran rp"
    assert fold_header("#Org +Name") == "#org+name"
    assert fold_header("# adm2 + code") == "#adm2+code"
    assert fold_header("Tgl. Mulai") == "tgl mulai"
    assert fold_header("Start_Date") == "start date"


def test_theme_fold_reads_and_as_dan():
    assert fold_theme("Perlindungan Hutan & Gambut") == "perlindungan hutan dan gambut"
    assert fold_theme("Perlindungan hutan AND gambut") == "perlindungan hutan dan gambut"
    assert fold_theme("Hutan&Gambut") == "hutan dan gambut"
    assert fold_theme("Sandang") == "sandang"  # "and" inside a word stays
    assert fold_theme(None) == ""
    assert fold_theme(float("nan")) == ""


def test_org_and_class_folds_are_the_base_rule():
    assert fold_org("Yayasan  Rimba-Kapuas (YRK)") == "yayasan rimba kapuas yrk"
    assert fold_org("Women's Forum") == "womens forum"
    assert fold_class("Hutan Lahan Kering Sekunder / Bekas Tebangan") == \
        "hutan lahan kering sekunder bekas tebangan"
    assert fold_class("HPT") == "hpt"


def test_the_page_table_is_the_table():
    table = json.loads(json.dumps(place_fold_table()))
    assert table["apostrophes"] == "'\u2019`\u02bc"
    assert set(table["prefixes"]) == set(PLACE_PREFIXES) >= {"kec", "desa", "ds", "kab"}
    assert table["words"] == PLACE_WORDS
    assert {k: PLACE_WORDS[k] for k in ("sei", "sg", "sng", "tj", "ng")} == {
        "sei": "sungai", "sg": "sungai", "sng": "sungai", "tj": "tanjung", "ng": "nanga"}
    assert table["beforeName"] == PLACE_WORDS_BEFORE_NAME == {"s": "sungai"}


def test_one_table_for_the_gazetteer(monkeypatch):
    """A word added to the table is read by the place fold at once (no second copy)."""
    monkeypatch.setitem(_text.PLACE_WORDS, "kp", "kampung")
    assert fold_place("Kp. Baru") == ("kampung baru", None)
    assert place_fold_table()["words"]["kp"] == "kampung"
    monkeypatch.setitem(_text.PLACE_WORDS, "ng", "nanga")
    assert fold_place("Ng. Pari") == ("nanga pari", None)
    assert place_fold_table()["words"]["ng"] == "nanga"
