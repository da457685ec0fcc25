"""Gazetteer tests on the real West Kalimantan boundaries and tiny synthetic lists.

Expected codes come from the sample README's table of deliberate irregularities
and, independently, from plain pandas queries of the boundaries on exact names.
"""

from __future__ import annotations

import difflib
import math
import re
from typing import TYPE_CHECKING

import pandas as pd
import pyogrio
import pytest

from landscape.errors import InputError
from landscape.normalise.gazetteer import Gazetteer, Place, PlaceList
from landscape.settings import NAME_MATCH_CUTOFF

if TYPE_CHECKING:
    from pathlib import Path

SINTANG = "61.05"
MISSPELLED = {"Ensaid Panjan", "Binjai Hilr", "Sebetung Palok", "Nanga Kelapam", "Tanjung Perda"}


@pytest.fixture(scope="module")
def frames(admin_gpkg: Path) -> dict[str, pd.DataFrame]:
    return {layer: pyogrio.read_dataframe(admin_gpkg, layer=layer, read_geometry=False)
            for layer in ("kabupaten", "kecamatan", "desa")}


@pytest.fixture(scope="module")
def gaz(frames: dict[str, pd.DataFrame]) -> Gazetteer:
    return Gazetteer.from_frames(frames["kecamatan"], frames["desa"],
                                 kabupaten=frames["kabupaten"], scope=SINTANG)


@pytest.fixture(scope="module")
def workbook(sample_dir: Path) -> dict[str, pd.DataFrame]:
    path = sample_dir / "rencana-aksi.xlsx"
    plan = pd.read_excel(path, "Rencana Aksi", header=3)
    plan = plan[pd.to_numeric(plan["No"], errors="coerce").notna()]
    return {"plan": plan, "activities": pd.read_excel(path, "Kegiatan Mitra")}


def kec_code(frames: dict[str, pd.DataFrame], name: str, kab: str = SINTANG) -> str:
    """Code of the kecamatan ``name`` in kabupaten ``kab``, by plain pandas."""
    kec = frames["kecamatan"]
    rows = kec[(kec["nama"] == name) & kec["kode"].str.startswith(kab + ".")]
    assert len(rows) == 1, name
    return str(rows["kode"].iloc[0])


def desa_codes(frames: dict[str, pd.DataFrame], name: str, prefix: str = SINTANG) -> list[str]:
    """Codes of the desa called exactly ``name`` under ``prefix``, by plain pandas."""
    desa = frames["desa"]
    rows = desa[(desa["nama"] == name) & desa["kode"].str.startswith(prefix + ".")]
    return sorted(rows["kode"].astype(str))


def codes(found: PlaceList) -> list[str]:
    return [m.place.code for m in found.matches]


def squeeze(text: str) -> str:
    return " ".join(text.split())


# --- the README's table of deliberate irregularities -----------------------------------------

def readme_rows(sample_dir: Path) -> list[list[str]]:
    """Rows ``[where, as written, intended, kode/note]`` of the names table."""
    text = (sample_dir / "README.md").read_text(encoding="utf-8")
    section = text.partition("## Deliberate irregularities")[2].partition("Organisations on")[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip().strip("*").strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith(("KM-", "Rencana")):
            rows.append(cells)
    return rows


def as_written(cell: str) -> str:
    """The piece as it stands in the workbook: ``"␣␣Dedai␣"`` -> ``Dedai``."""
    cell = cell.replace("\u2423", " ").split(", under")[0]
    return squeeze(re.sub(r"\s*\(Kec\..*\)$", "", cell).strip('"'))


def cells_for(where: str, workbook: dict[str, pd.DataFrame]) -> list[tuple[str, object, object]]:
    """``(column, cell, kecamatan cell)`` for each row the README's *where* names."""
    column = where.rsplit(maxsplit=1)[-1]
    if where.startswith("Rencana Aksi"):
        number = int(re.findall(r"\d+", where)[0])
        plan = workbook["plan"]
        return [(column, plan.loc[plan["No"] == number, column].iloc[0], None)]
    acts = workbook["activities"].set_index("ID")
    return [(column, acts.loc[i, column], acts.loc[i, "Kecamatan"])
            for i in re.findall(r"KM-\d{3}", where)]


def parse_cell(gaz: Gazetteer, column: str, cell: object, kecamatan: object) -> PlaceList:
    if column == "Desa":
        within = codes(gaz.parse(kecamatan, level="kecamatan"))
        return gaz.parse(cell, level="desa", within=within)
    return gaz.parse(cell, level="kecamatan" if column == "Kecamatan" else "any")


def independent_code(frames: dict[str, pd.DataFrame], column: str, intended: str,
                     written_cell: str) -> str:
    if column in ("Kecamatan", "Lokasi"):
        return kec_code(frames, intended)
    found = desa_codes(frames, intended)
    if len(found) > 1:  # the README names the kecamatan: "Semuntai (Kec. Sepauk)"
        kec = re.search(r"\(Kec\. ([^)]+)\)", written_cell)
        assert kec, written_cell
        found = desa_codes(frames, intended, kec_code(frames, kec.group(1)))
    assert len(found) == 1, intended
    return found[0]


def test_readme_irregular_names_resolve_to_the_listed_codes(
        gaz: Gazetteer, frames: dict[str, pd.DataFrame], workbook: dict[str, pd.DataFrame],
        sample_dir: Path) -> None:
    rows = readme_rows(sample_dir)
    assert len(rows) == 26
    checked = 0
    for where, written_cell, intended, note in rows:
        written = as_written(written_cell)
        listed = re.match(r"\d{2}(?:\.\d{2}){1,2}(?:\.\d{4})?", note)
        for column, cell, kecamatan in cells_for(where, workbook):
            found = parse_cell(gaz, column, cell, kecamatan)
            hits = [m for m in found.matches if squeeze(m.written) == written]
            if listed is None:  # Sungai Harapan Baru does not exist
                assert hits == [], where
                assert [u.written for u in found.unresolved] == [written], where
                continue
            assert len(hits) == 1, (where, found)
            code = hits[0].place.code
            assert code == listed.group(0) == independent_code(frames, column, intended,
                                                               written_cell), where
            if written in MISSPELLED:
                assert hits[0].method == "fuzzy"
                assert NAME_MATCH_CUTOFF <= hits[0].confidence < 1.0
            elif written == "Suka Jaya":  # lies outside the kecamatan its row names
                assert hits[0].place.parent_code not in codes(
                    gaz.parse(kecamatan, level="kecamatan"))
                assert NAME_MATCH_CUTOFF <= hits[0].confidence < 1.0
            else:
                assert hits[0].confidence == 1.0, where
            checked += 1
    assert checked == 27  # 25 listed rows, two of which name two activities


def test_the_missing_desa_exists_nowhere(gaz: Gazetteer, frames: dict[str, pd.DataFrame]) -> None:
    names = frames["desa"]["nama"].str.casefold()
    assert not (names == "sungai harapan baru").any()
    best = max(difflib.SequenceMatcher(None, "sungai harapan baru", n).ratio() for n in names)
    assert best < NAME_MATCH_CUTOFF
    found = gaz.parse("Sungai Harapan Baru", level="desa", within=["61.05.06"])
    assert found.matches == []
    [miss] = found.unresolved
    assert "Sungai Harapan Baru" in miss.reason
    assert "Ketungau Hulu" in miss.reason


def test_every_sample_cell_resolves_but_the_missing_desa(
        gaz: Gazetteer, workbook: dict[str, pd.DataFrame]) -> None:
    unresolved, whole = [], []
    for row in workbook["activities"].itertuples():
        kec = gaz.parse(row.Kecamatan, level="kecamatan")
        desa = gaz.parse(row.Desa, level="desa", within=codes(kec))
        unresolved += [u.written for u in kec.unresolved + desa.unresolved]
        if kec.whole_district:
            whole.append(row.ID)
    assert unresolved == ["Sungai Harapan Baru"]
    assert whole == ["KM-002", "KM-040"]
    for cell in workbook["plan"]["Lokasi"]:
        found = gaz.parse(cell)
        assert found.unresolved == [], cell
        assert bool(found.matches) != found.whole_district, cell


# --- multi-place cells ------------------------------------------------------------------------

def test_trailing_kecamatan_qualifies_the_whole_list(
        gaz: Gazetteer, frames: dict[str, pd.DataFrame]) -> None:
    cell = ("Desa Nanga Pari, Sekujam Timbai, Bernayau, Temawang Muntai dan Semuntai "
            "(Kec. Sepauk)")
    sepauk = kec_code(frames, "Sepauk")
    expected = [desa_codes(frames, n, sepauk)[0]
                for n in ("Nanga Pari", "Sekujam Timbai", "Bernayau", "Temawang Muntai",
                          "Semuntai")]
    found = gaz.parse(cell)
    assert codes(found) == expected
    assert found.unresolved == []
    assert {m.confidence for m in found.matches} == {1.0}


def test_each_desa_in_its_own_kecamatan(gaz: Gazetteer, frames: dict[str, pd.DataFrame]) -> None:
    found = gaz.parse("Desa Ensaid Panjang (Kelam Permai); Desa Sebetung Paluk (Ketungau Hulu)")
    assert codes(found) == [
        desa_codes(frames, "Ensaid Panjang", kec_code(frames, "Kelam Permai"))[0],
        desa_codes(frames, "Sebetung Paluk", kec_code(frames, "Ketungau Hulu"))[0]]
    assert [m.place.level for m in found.matches] == ["desa", "desa"]


@pytest.mark.parametrize(("cell", "names"), [
    ("Kec. Ketungau Hulu; Ketungau Tengah; Ambalau", ["Ketungau Hulu", "Ketungau Tengah",
                                                       "Ambalau"]),
    ("Ketungau Hilir, Sepauk", ["Ketungau Hilir", "Sepauk"]),
    ("Sepauk, Kelam Permai, KETUNGAU HULU", ["Sepauk", "Kelam Permai", "Ketungau Hulu"]),
    ("Sepauk/Tempunak\nDedai & Kayan Hilir", ["Sepauk", "Tempunak", "Dedai", "Kayan Hilir"]),
    ("Sei Tebelian and Binjai Hulu", ["Sungai Tebelian", "Binjai Hulu"]),
    ("Kota Sintang", ["Sintang"]),
])
def test_kecamatan_lists(gaz: Gazetteer, frames: dict[str, pd.DataFrame], cell: str,
                         names: list[str]) -> None:
    found = gaz.parse(cell)
    assert codes(found) == [kec_code(frames, n) for n in names]
    assert found.unresolved == []


def test_kota_is_an_alias_of_the_town_kecamatan(gaz: Gazetteer) -> None:
    [match] = gaz.parse("Kota Sintang").matches
    assert (match.method, match.place.level, match.confidence) == ("alias", "kecamatan", 1.0)


def test_desa_listed_in_parentheses_after_their_kecamatan(
        gaz: Gazetteer, frames: dict[str, pd.DataFrame]) -> None:
    sepauk = kec_code(frames, "Sepauk")
    found = gaz.parse("Kec. Sepauk (Desa Nanga Pari dan Semuntai)")
    assert codes(found) == [desa_codes(frames, "Nanga Pari", sepauk)[0],
                            desa_codes(frames, "Semuntai", sepauk)[0]]


def test_qualifier_with_a_comma_or_a_kabupaten(gaz: Gazetteer,
                                               frames: dict[str, pd.DataFrame]) -> None:
    [melawi] = desa_codes(frames, "Nanga Tikan", "61.10")
    assert codes(gaz.parse("Nanga Tikan (Kab. Melawi)")) == [melawi]
    sepauk = kec_code(frames, "Sepauk")
    found = gaz.parse("Semuntai, Nanga Pari (Kec. Sepauk, Kab. Sintang); Sungai Mali (Dedai)")
    assert codes(found) == [desa_codes(frames, "Semuntai", sepauk)[0],
                            desa_codes(frames, "Nanga Pari", sepauk)[0],
                            desa_codes(frames, "Sungai Mali", kec_code(frames, "Dedai"))[0]]
    assert found.unresolved == []


def test_within_accepts_codes_without_dots(gaz: Gazetteer, frames: dict[str, pd.DataFrame]) -> None:
    hilir = kec_code(frames, "Ketungau Hilir")
    found = gaz.parse("Semuntai", level="desa", within=[hilir.replace(".", "")])
    assert codes(found) == desa_codes(frames, "Semuntai", hilir)


def test_a_note_in_parentheses_is_reported_not_dropped(gaz: Gazetteer) -> None:
    found = gaz.parse("Sepauk (sebagian)", level="kecamatan")
    assert [m.place.name for m in found.matches] == ["Sepauk"]
    assert [u.written for u in found.unresolved] == ["(sebagian)"]
    listed = gaz.parse("Sepauk, Dedai (sebagian)", level="kecamatan")
    assert [m.place.name for m in listed.matches] == ["Sepauk", "Dedai"]
    assert len(listed.unresolved) == 1


# --- folding -----------------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "Sungai Pukat", "Sei Pukat", "Sei. Pukat", "Sg. Pukat", "Sng Pukat", "SEI PUKAT",
    "Desa Sei Pukat", "Ds.Sungai Pukat", "  sungai\u00a0\u00a0pukat\t", "Kel. Sungai Pukat",
])
def test_spelling_variants_fold_to_one_desa(gaz: Gazetteer, frames: dict[str, pd.DataFrame],
                                            written: str) -> None:
    [match] = gaz.parse(written, level="desa").matches
    assert match.place.code == desa_codes(frames, "Sungai Pukat")[0]
    assert (match.confidence, match.method, match.written) == (1.0, "exact", written.strip())


def test_dusun_is_below_desa_and_reported(gaz: Gazetteer, frames: dict[str, pd.DataFrame]) -> None:
    found = gaz.parse("Dusun Nanga Pari")
    assert found.matches == []
    [miss] = found.unresolved
    assert "dusun" in miss.reason
    assert desa_codes(frames, "Nanga Pari")[0] in miss.suggestion


def test_level_restricts_what_may_match(gaz: Gazetteer, frames: dict[str, pd.DataFrame]) -> None:
    as_desa = gaz.parse("Sepauk", level="desa")
    assert as_desa.matches == []
    assert kec_code(frames, "Sepauk") in as_desa.unresolved[0].suggestion
    assert gaz.parse("Nanga Pari", level="kecamatan").matches == []
    # Binjai Hulu is both a kecamatan and a desa of it; the prefix decides.
    assert gaz.parse("Binjai Hulu").matches[0].place.level == "kecamatan"
    assert gaz.parse("Desa Binjai Hulu").matches[0].place.code == desa_codes(
        frames, "Binjai Hulu")[0]


# --- ambiguity, within and scope ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["Semuntai", "Sungai Mali"])
def test_a_name_twice_in_scope_is_not_guessed(gaz: Gazetteer, frames: dict[str, pd.DataFrame],
                                              name: str) -> None:
    expected = desa_codes(frames, name)
    assert len(expected) == 2
    found = gaz.parse(name, level="desa")
    assert found.matches == []
    [miss] = found.unresolved
    assert all(code in miss.suggestion and code in miss.reason for code in expected)
    for code in expected:
        kecamatan = code.rsplit(".", 1)[0]
        assert codes(gaz.parse(name, level="desa", within=[kecamatan])) == [code]


def test_scope_and_within_settle_names_shared_with_melawi(
        frames: dict[str, pd.DataFrame], gaz: Gazetteer) -> None:
    everywhere = Gazetteer.from_frames(frames["kecamatan"], frames["desa"],
                                       kabupaten=frames["kabupaten"])
    for name in ("Nanga Tikan", "Merpak"):
        both = desa_codes(frames, name, "61")
        assert len(both) == 2
        [sintang] = desa_codes(frames, name)
        [melawi] = desa_codes(frames, name, "61.10")
        assert everywhere.parse(name, level="desa").matches == []
        assert set(both) <= set(re.findall(r"[\d.]{13}", everywhere.parse(name).unresolved[0]
                                           .suggestion))
        assert codes(gaz.parse(name, level="desa")) == [sintang]
        melawi_kec = melawi.rsplit(".", 1)[0]
        [match] = gaz.parse(name, level="desa", within=[melawi_kec]).matches
        assert (match.place.code, match.confidence) == (melawi, 1.0)


def test_desa_outside_the_rows_kecamatan_is_kept_with_lower_confidence(
        gaz: Gazetteer, frames: dict[str, pd.DataFrame]) -> None:
    tebelian = kec_code(frames, "Sungai Tebelian")
    [match] = gaz.parse("Suka Jaya", level="desa", within=[tebelian]).matches
    assert match.place.code == desa_codes(frames, "Suka Jaya", kec_code(frames, "Tempunak"))[0]
    assert match.method == "exact"
    assert NAME_MATCH_CUTOFF <= match.confidence < 1.0


# --- codes --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "expected"), [
    ("6105062002", "61.05.06.2002"), ("61.05.06.2002", "61.05.06.2002"),
    ("610503", "61.05.03"), ("61.05.03", "61.05.03"), ("61 05 21", "61.05.21"),
])
def test_codes_with_or_without_dots(gaz: Gazetteer, frames: dict[str, pd.DataFrame],
                                    written: str, expected: str) -> None:
    [match] = gaz.parse(written).matches
    known = set(frames["kecamatan"]["kode"]) | set(frames["desa"]["kode"])
    assert expected in known
    assert (match.place.code, match.method, match.confidence) == (expected, "code", 1.0)


def test_unknown_and_misplaced_codes(gaz: Gazetteer) -> None:
    for written in ("61.05.99", "6105992001", "2022"):
        found = gaz.parse(written)
        assert found.matches == []
        assert "unknown code" in found.unresolved[0].reason
    assert gaz.parse("61.05.03.2016", level="kecamatan").matches == []
    [melawi] = gaz.parse("6110").matches  # another kabupaten: kept, flagged by confidence
    assert (melawi.place.code, melawi.place.level) == ("61.10", "kabupaten")
    assert melawi.confidence < 1.0


# --- whole district -----------------------------------------------------------------------------

@pytest.mark.parametrize("written", [
    "Seluruh Kabupaten", "Kab. Sintang", "Kabupaten Sintang", "Se-Kabupaten",
    "Se-Kabupaten Sintang", "seluruh kecamatan", "Whole district", "all", "ALL", "61.05",
    "6105", "Seluruh Kab. Sintang",
])
def test_whole_district_phrases(gaz: Gazetteer, written: str) -> None:
    for level in ("any", "kecamatan", "desa"):
        found = gaz.parse(written, level=level)
        assert (found.whole_district, found.matches, found.unresolved) == (True, [], [])


def test_sintang_alone_is_the_kecamatan_and_other_kabupaten_are_not_whole(
        gaz: Gazetteer, frames: dict[str, pd.DataFrame]) -> None:
    found = gaz.parse("Sintang")
    assert (found.whole_district, codes(found)) == (False, [kec_code(frames, "Sintang")])
    melawi = gaz.parse("Kabupaten Melawi")
    assert not melawi.whole_district
    assert [m.place.level for m in melawi.matches] == ["kabupaten"]


@pytest.mark.parametrize("empty", [None, math.nan, pd.NA, "", "  ", " ; ,"])
def test_empty_cells(gaz: Gazetteer, empty: object) -> None:
    assert gaz.parse(empty) == PlaceList([], [], whole_district=False)


# --- lookups and building ----------------------------------------------------------------------

def test_get_and_children(gaz: Gazetteer, frames: dict[str, pd.DataFrame]) -> None:
    kec, desa = frames["kecamatan"], frames["desa"]
    sintang_kec = sorted(kec.loc[kec["kode"].str.startswith("61.05."), "kode"])
    assert len(sintang_kec) == 14
    assert [p.code for p in gaz.children("61.05")] == sintang_kec
    assert [p.code for p in gaz.children("6105")] == sintang_kec
    assert len(gaz.children("61.05.03")) == desa["kode"].str.startswith("61.05.03.").sum()
    sepauk = gaz.get("610503")
    assert sepauk is not None
    assert (sepauk.name, sepauk.level, sepauk.parent_code) == ("Sepauk", "kecamatan", "61.05")
    assert gaz.get("99.99") is None


def test_from_frames_other_column_names(frames: dict[str, pd.DataFrame]) -> None:
    names = {"kode": "KODE_WIL", "nama": "NAMOBJ"}
    gaz = Gazetteer.from_frames(frames["kecamatan"].rename(columns=names),
                                frames["desa"].rename(columns=names), scope="6105",
                                code_field="KODE_WIL", name_field="NAMOBJ")
    assert gaz.scope == "61.05"
    assert [m.place.name for m in gaz.parse("Ds. Nanga  Pari").matches] == ["Nanga Pari"]
    # without the kabupaten table the phrases still mark the whole district
    assert gaz.parse("Seluruh Kabupaten").whole_district


def test_from_frames_refuses_bad_tables(frames: dict[str, pd.DataFrame]) -> None:
    kec, desa = frames["kecamatan"], frames["desa"]
    with pytest.raises(InputError, match="no column 'nama'"):
        Gazetteer.from_frames(kec.rename(columns={"nama": "name"}), desa)
    bad = kec.copy()
    bad.loc[3, "kode"] = "610104"
    with pytest.raises(InputError, match="feature 4 of the kecamatan table"):
        Gazetteer.from_frames(bad, desa)
    with pytest.raises(InputError, match="appears twice"):
        Gazetteer.from_frames(kec, pd.concat([desa, desa.head(1)]))
    with pytest.raises(InputError, match="scope"):
        Gazetteer.from_frames(kec, desa, scope="61.99")


# --- tiny synthetic lists -----------------------------------------------------------------------

def tiny(*extra: Place, scope: str | None = "61.05") -> Gazetteer:
    base = [Place("61.05", "Kabupaten Sintang", "kabupaten", "61"),
            Place("61.10", "Kabupaten Melawi", "kabupaten", "61"),
            Place("61.05.01", "Sintang", "kecamatan", "61.05"),
            Place("61.10.01", "Nanga Pinoh", "kecamatan", "61.10"),
            Place("61.05.01.2001", "Nanga Tebidah", "desa", "61.05.01"),
            Place("61.10.01.2001", "Nanga Tebidai", "desa", "61.10.01")]
    return Gazetteer([*base, *extra], scope=scope)


def test_tiny_name_only_outside_scope_is_not_mapped_into_scope() -> None:
    gaz = tiny()
    [outside] = gaz.parse("Nanga Tebidai").matches
    assert (outside.place.code, outside.method) == ("61.10.01.2001", "exact")
    assert outside.confidence < 1.0
    [inside] = gaz.parse("nanga tebidah").matches
    assert (inside.place.code, inside.confidence) == ("61.05.01.2001", 1.0)


def test_tiny_equally_close_candidates_are_not_guessed() -> None:
    gaz = tiny(Place("61.05.01.2002", "Batu Ampar", "desa", "61.05.01"),
               Place("61.05.01.2003", "Batu Ampan", "desa", "61.05.01"))
    found = gaz.parse("Batu Ampat")
    assert found.matches == []
    assert "61.05.01.2002" in found.unresolved[0].suggestion
    assert "61.05.01.2003" in found.unresolved[0].suggestion
    [near] = gaz.parse("Batu Amparr").matches
    assert near.place.code == "61.05.01.2002"
    assert near.method == "fuzzy"


def test_tiny_far_names_are_unresolved_without_suggestion() -> None:
    found = tiny().parse("Pontianak")
    assert found.matches == []
    assert found.unresolved[0].suggestion == ""


def test_tiny_slash_inside_a_name_is_kept() -> None:
    gaz = tiny(Place("61.05.01.2004", "Tanjung/Baru", "desa", "61.05.01"))
    assert codes(gaz.parse("Tanjung/Baru")) == ["61.05.01.2004"]
    assert codes(gaz.parse("Tanjung / Baru & Nanga Tebidah")) == ["61.05.01.2004",
                                                                  "61.05.01.2001"]
    assert codes(gaz.parse("Sintang/Nanga Tebidah")) == ["61.05.01", "61.05.01.2001"]


def test_tiny_kota_alias_follows_the_scope() -> None:
    [melawi] = tiny(scope="61.10").parse("Kota Nanga Pinoh").matches
    assert (melawi.place.code, melawi.method) == ("61.10.01", "alias")
    assert tiny(scope="61.10").parse("Kab. Melawi").whole_district
    assert not tiny(scope="61.10").parse("Kab. Sintang").whole_district


def test_tiny_place_list_checks() -> None:
    with pytest.raises(InputError, match="appears twice"):
        tiny(Place("61.05.01", "Sintang Lagi", "kecamatan", "61.05"))
    with pytest.raises(InputError, match="level"):
        tiny(Place("61.05.01.1001", "Dusun X", "dusun", "61.05.01"))  # type: ignore[arg-type]


def test_tiny_accents_fold_away() -> None:
    [match] = tiny().parse("Désa Nanga Tébidah").matches
    assert (match.place.code, match.method, match.confidence) == ("61.05.01.2001", "exact", 1.0)


def test_tiny_a_misspelt_name_at_two_levels_takes_the_preferred_level() -> None:
    gaz = tiny(Place("61.05.02", "Batu Ampar", "kecamatan", "61.05"),
               Place("61.05.01.2002", "Batu Ampar", "desa", "61.05.01"))
    # "batu amparr" is 2 * 10 / 21 = 0.952 from "batu ampar" at both levels: the level
    # the piece prefers wins, the other is no rival
    [kec] = gaz.parse("Batu Amparr").matches
    assert (kec.place.code, kec.method, kec.confidence) == ("61.05.02", "fuzzy", 0.952)
    [desa] = gaz.parse("Ds. Batu Amparr").matches
    assert (desa.place.code, desa.confidence) == ("61.05.01.2002", 0.952)
