"""The place words people write in Kalimantan fold as ``Sei`` does, on every real name.

Abbreviations (Tj. = Tanjung, Ng. = Nanga, Sei/Sui/S./Sg./Sng. = Sungai) and prefixes
(Kel., Ds., Dsn., Kec.) are read from the one table of ``landscape._text``; written
forms are made by hand from the real West Kalimantan names, and the keys the
folding gives real names are compared with the keys the base rule alone gives.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pandas as pd
import pyogrio
import pytest

from landscape import _text
from landscape._text import fold, fold_place
from landscape.normalise.gazetteer import Gazetteer

if TYPE_CHECKING:
    from pathlib import Path

# the abbreviations of the issue, each with the full word it stands for
ABBREVIATIONS = {"Tanjung": ("Tj.", "Tj", "TJ.", "Tg.", "Tjg."), "Nanga": ("Ng.", "Ng", "NG."),
                 "Sungai": ("Sei", "Sei.", "Sui", "S.", "S", "Sg.", "Sng.")}
PREFIXES = {"Kel. ": "desa", "Ds. ": "desa", "Dsn. ": "dusun", "Kec. ": "kecamatan",
            "Desa ": "desa", "Kelurahan ": "desa", "Dusun ": "dusun"}


@pytest.mark.parametrize(("written", "key"), [
    ("Tj. Baung", "tanjung baung"), ("Ng. Pari", "nanga pari"), ("S. Ana", "sungai ana"),
    ("Ds. S. Ana", "sungai ana"), ("Nanga S. Ana", "nanga sungai ana"), ("S", "s"),
    ("Ayak S", "ayak s"), ("Sui Raya", "sungai raya"), ("Kel.Tg.Puri", "tanjung puri"),
    ("Dsn Ng Sepauk", "nanga sepauk"), ("Kec. Tj. Hulu", "tanjung hulu"), ("Tj", "tanjung"),
    ("Ng", "nanga"), ("Kec. S", "s"),
])
def test_place_words(written: str, key: str) -> None:
    assert fold_place(written)[0] == key


@pytest.fixture(scope="module")
def real_names(admin_gpkg: Path) -> pd.DataFrame:
    """Every kecamatan and desa of West Kalimantan: level, code, name, kecamatan code."""
    frames = []
    for level in ("kecamatan", "desa"):
        frame = pyogrio.read_dataframe(admin_gpkg, layer=level, read_geometry=False)
        frame["level"] = level
        frame["kec"] = frame["kode"].str.slice(0, 8)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def test_no_word_of_the_table_is_a_word_of_a_real_name(real_names: pd.DataFrame) -> None:
    words = {w for name in real_names["nama"] for w in fold(name).split()}
    assert len(words) > 1000
    assert words & (set(_text.PLACE_WORDS) | set(_text.PLACE_WORDS_BEFORE_NAME)) == set()


def test_folding_keeps_distinct_real_units_distinct(real_names: pd.DataFrame,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """No two units of one kecamatan share a key that did not share one before."""
    new = [fold_place(n)[0] for n in real_names["nama"]]
    monkeypatch.setattr(_text, "PLACE_WORDS", {"sei": "sungai", "sg": "sungai", "sng": "sungai"})
    monkeypatch.setattr(_text, "PLACE_WORDS_BEFORE_NAME", {})
    old = [fold_place(n)[0] for n in real_names["nama"]]

    def collisions(keys: list[str]) -> set[frozenset[str]]:
        groups: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for key, row in zip(keys, real_names.itertuples(), strict=True):
            groups[row.level, row.kec, key].add(str(row.kode))
        return {frozenset(codes) for codes in groups.values() if len(codes) > 1}

    assert collisions(new) <= collisions(old)
    assert len(set(zip(real_names["level"], real_names["kec"], new, strict=True))) == len(
        set(zip(real_names["level"], real_names["kec"], old, strict=True)))


def test_every_abbreviated_real_name_folds_to_its_name(real_names: pd.DataFrame) -> None:
    checked = 0
    for name in real_names["nama"]:
        first, _, rest = name.partition(" ")
        if first not in ABBREVIATIONS or not rest:
            continue
        for short in ABBREVIATIONS[first]:
            for prefix, level in PREFIXES.items():
                assert fold_place(f"{prefix}{short} {rest}") == (fold_place(name)[0], level)
            checked += 1
    assert checked > 3 * (144 + 65)  # every Nanga, Tanjung and Sungai name, each short form


@pytest.fixture(scope="module")
def gaz(admin_gpkg: Path) -> Gazetteer:
    frames = {layer: pyogrio.read_dataframe(admin_gpkg, layer=layer, read_geometry=False)
              for layer in ("kabupaten", "kecamatan", "desa")}
    return Gazetteer.from_frames(frames["kecamatan"], frames["desa"],
                                 kabupaten=frames["kabupaten"], scope="61.05")


@pytest.mark.parametrize(("written", "code"), [
    # codes looked up by hand in kalbar-admin.gpkg (Kabupaten Sintang, 61.05)
    ("Ng. Pari", "61.05.03.2016"), ("Ds. Ng. Pari", "61.05.03.2016"),
    ("Kel. S. Ana", "61.05.01.2011"), ("Sui Ana", "61.05.01.2011"),
])
def test_the_gazetteer_reads_the_place_words(gaz: Gazetteer, written: str, code: str) -> None:
    [match] = gaz.parse(written, level="desa").matches
    assert (match.place.code, match.method, match.confidence) == (code, "exact", 1.0)
