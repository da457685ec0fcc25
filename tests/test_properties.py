"""Property-based tests of the normalisers: any cell is read or refused, and round-trips hold.

Each normaliser takes whatever a partner typed. For any value (text of any script,
numbers including NaN and infinities, dates, None) it returns a value or raises its
documented error: a ``ValueError`` whose message begins with what it is not
(``"not a date: "``, ``"not an amount: "``) or one of :mod:`landscape.errors`; never a
``TypeError``, ``OverflowError`` or ``IndexError``. Values the normalisers must read are
written here by the tests' own formatting (Indonesian month names, thousands dots) and
read back.

Hypothesis runs from a fixed seed with a bounded number of examples (the ``landscape``
profile in conftest.py), so an outcome never depends on luck.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from landscape._text import fold, fold_class, fold_header, fold_org, fold_place, fold_theme
from landscape.errors import LandscapeError
from landscape.model import Organisation
from landscape.normalise.dateorder import decide_orders, serial_date
from landscape.normalise.dates import ORDERS, parse_period, start_end
from landscape.normalise.fuzzy import Match, best_match, closest
from landscape.normalise.gazetteer import Gazetteer
from landscape.normalise.money import parse_amount, to_idr
from landscape.normalise.orgs import OrgIndex, clean_name, guess_org_type, normalise_org_type
from landscape.read.boundaries import normalise_code
from landscape.read.hxl import Tag, is_hashtag_row, parse_tag

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
          "September", "Oktober", "November", "Desember")
EXCEL_DAY_ZERO = dt.date(1899, 12, 30)

#: Anything a cell can hold.
CELLS = st.one_of(
    st.none(), st.text(), st.integers(), st.floats(), st.booleans(), st.dates(),
    st.datetimes(), st.decimals(), st.text(alphabet="0123456789./-, ", max_size=14),
    st.from_regex(r"\A(Rp|IDR|USD|\$|€)? ?[0-9.,]{1,12} ?(juta|jt|M|miliar|rb|ribu|T)?\Z"),
    st.from_regex(r"\A[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4}\Z"),
    st.from_regex(r"\A(Triwulan|TW|Q|Semester) [IV1-4]{1,3} [0-9]{2,4}\Z"),
)
YEARS = st.integers(min_value=1990, max_value=2060)
DATES = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))


def read_or_refuse(function: Callable[..., Any], value: object, *,
                   refusal: str | tuple[str, ...] = "",
                   **keywords: Any) -> Any:
    """Call a normaliser; let through only its documented refusal (or a project error)."""
    try:
        return function(value, **keywords)
    except LandscapeError:
        return None
    except ValueError as exc:
        if refusal and str(exc).startswith(refusal):
            return None
        raise


# --- dates ------------------------------------------------------------------------------


@given(CELLS, st.sampled_from(ORDERS))
def test_a_date_cell_is_read_or_refused(value: object, order: str) -> None:
    period = read_or_refuse(parse_period, value, refusal="not a date: ", order=order)
    if period is not None:
        assert period.start <= period.end


@given(DATES)
def test_a_day_written_any_common_way_reads_back(day: dt.date) -> None:
    for text in (day.isoformat(), f"{day.day:02d}/{day.month:02d}/{day.year}",
                 f"{day.day} {MONTHS[day.month - 1]} {day.year}", day,
                 dt.datetime.combine(day, dt.time(8, 30)), pd.Timestamp(day)):
        period = parse_period(text)
        assert period is not None
        assert (period.start, period.end) == (day, day), text


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2050, 12, 31)))
def test_an_excel_serial_reads_back_as_its_day(day: dt.date) -> None:
    serial = (day - EXCEL_DAY_ZERO).days
    assert serial_date(serial) == day
    assert serial_date(str(serial)) == day
    period = parse_period(serial)
    assert period is not None
    assert period.start == day


@given(YEARS, st.integers(min_value=1, max_value=12))
def test_a_month_is_its_first_to_its_last_day(year: int, month: int) -> None:
    period = parse_period(f"{MONTHS[month - 1]} {year}")
    assert period is not None
    last = calendar.monthrange(year, month)[1]
    assert (period.start, period.end) == (dt.date(year, month, 1), dt.date(year, month, last))


@given(YEARS, st.integers(min_value=0, max_value=10))
def test_a_span_of_years_is_the_first_january_to_the_last_december(first: int,
                                                                    more: int) -> None:
    period = parse_period(f"{first} s/d {first + more}")
    assert period is not None
    assert (period.start, period.end) == (dt.date(first, 1, 1), dt.date(first + more, 12, 31))


@given(CELLS, CELLS)
def test_start_and_end_cells_are_read_or_refused(start: object, end: object) -> None:
    read_or_refuse(lambda pair: start_end(*pair), (start, end),
                   refusal=("start: not a date: ", "end: not a date: "))


@given(st.dictionaries(st.text(max_size=8), st.lists(CELLS, max_size=6), max_size=3))
def test_deciding_the_order_of_date_columns_never_fails(columns: dict[str, list[object]]) -> None:
    orders = decide_orders(columns)
    assert set(orders) == set(columns)


# --- amounts ----------------------------------------------------------------------------


@given(CELLS)
@example(float("inf"))
@example(float("-inf"))
@example(float("nan"))
@example("1e400")
def test_an_amount_cell_is_read_or_refused(value: object) -> None:
    amount = read_or_refuse(parse_amount, value, refusal="not an amount: ")
    if amount is not None:
        assert isinstance(amount.value, int)
        to_idr(amount)


@given(st.integers(min_value=0, max_value=10**15))
def test_rupiah_written_with_thousands_marks_read_back(rupiah: int) -> None:
    dotted = f"{rupiah:,}".replace(",", ".")
    for text in (f"Rp {dotted}", f"Rp{dotted},-", f"IDR {rupiah:,}", f"{dotted}", rupiah,
                 float(rupiah) if rupiah < 2**53 else rupiah):
        assert to_idr(parse_amount(text)) == rupiah, text


@given(st.integers(min_value=1, max_value=999_999), st.integers(min_value=1, max_value=9))
def test_juta_and_miliar_multiply(whole: int, tenth: int) -> None:
    assert to_idr(parse_amount(f"{whole} juta")) == whole * 10**6
    assert to_idr(parse_amount(f"{whole},{tenth} juta")) == whole * 10**6 + tenth * 10**5
    assert to_idr(parse_amount(f"{whole} M")) == whole * 10**9
    assert to_idr(parse_amount(whole, scale=10**6)) == whole * 10**6


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e12))
def test_a_number_is_its_rupiah_rounded(number: float) -> None:
    rupiah = to_idr(parse_amount(number))
    assert rupiah is not None
    assert abs(rupiah - number) <= 0.5


@pytest.mark.parametrize("value", ["1e30", "9" * 30, 1e300, "Rp 1.000.000.000.000.000.000"])
def test_an_amount_past_any_budget_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"^not an amount: .* \(larger than any budget"):
        parse_amount(value)


# --- names ------------------------------------------------------------------------------

FOLDS: tuple[Callable[[object], str], ...] = (fold, fold_org, fold_header, fold_theme,
                                              fold_class)


@given(st.text())
@example("ẞ")
@example("ǅ")
@example("ﬃ Ǆ")
@example("ᾈ")
def test_every_fold_is_idempotent(text: str) -> None:
    for folding in FOLDS:
        once = folding(text)
        assert folding(once) == once, folding.__name__
    key, _ = fold_place(text)
    assert fold_place(key)[0] == key


@given(st.one_of(st.text(), CELLS))
def test_an_organisation_cell_never_fails(value: object) -> None:
    index = OrgIndex([Organisation("Yayasan Rimba Kapuas", "YRK", "LSM"),
                      Organisation("Dinas Lingkungan Hidup Kabupaten Sintang", "DLH",
                                   "Pemerintah")], place_words={"Sintang"})
    index.resolve(value)
    index.suggest(value)
    clean_name(value)
    normalise_org_type(value)
    guess_org_type(clean_name(value))


@given(st.sampled_from(["Yayasan Rimba Kapuas", "YRK", "Dinas Lingkungan Hidup"]),
       st.lists(st.sampled_from([" ", "  ", ".", "-"]), max_size=3), st.booleans())
def test_an_organisation_found_however_it_is_spaced_or_cased(
        name: str, noise: list[str], upper: bool) -> None:  # noqa: FBT001 - drawn by hypothesis
    index = OrgIndex([Organisation("Yayasan Rimba Kapuas", "YRK", "LSM"),
                      Organisation("Dinas Lingkungan Hidup Kabupaten Sintang", "DLH",
                                   "Pemerintah")], place_words={"Sintang"})
    written = "".join(noise) + (name.upper() if upper else name.lower()) + "".join(noise)
    found = index.resolve(written).org
    assert found is not None
    assert found.acronym == {"Yayasan Rimba Kapuas": "YRK", "YRK": "YRK",
                             "Dinas Lingkungan Hidup": "DLH"}[name]


@given(st.text(), st.lists(st.tuples(st.text(), st.integers()), max_size=6),
       st.floats(min_value=0, max_value=1))
def test_fuzzy_matching_never_fails_and_keeps_its_cutoff(
        key: str, candidates: list[tuple[str, int]], cutoff: float) -> None:
    for _, score in closest(key, candidates, cutoff=cutoff):
        assert cutoff <= score <= 1
    best_match(key, candidates, cutoff=cutoff)


@given(st.text(min_size=1))
def test_a_name_matches_itself(name: str) -> None:
    assert best_match(name, [(name, "it")]) == Match("it", 1.0)


# --- Kemendagri codes -------------------------------------------------------------------

DIGITS = st.sampled_from([2, 4, 6, 10]).flatmap(
    lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n))


@given(st.text())
def test_a_code_normalised_twice_is_the_same(text: str) -> None:
    once = normalise_code(text)
    assert normalise_code(once) == once


@given(DIGITS)
def test_a_code_without_dots_gets_them_and_loses_no_digit(digits: str) -> None:
    dotted = normalise_code(digits)
    assert dotted.replace(".", "") == digits
    assert [len(p) for p in dotted.split(".")] == [2, 2, 2, 4][: dotted.count(".") + 1]


def gazetteer() -> Gazetteer:
    kecamatan = pd.DataFrame({"kode": ["61.05.01", "61.05.02"], "nama": ["Sepauk", "Tempunak"]})
    desa = pd.DataFrame({"kode": ["61.05.01.2001", "61.05.01.2002", "61.05.02.2001"],
                         "nama": ["Nanga Pari", "Sungai Ana", "Tanjung Perada"]})
    kabupaten = pd.DataFrame({"kode": ["61.05"], "nama": ["Sintang"]})
    return Gazetteer.from_frames(kecamatan, desa, kabupaten=kabupaten, scope="61.05")


GAZETTEER = gazetteer()


PLACE_TEXT = st.from_regex(r"\A(Desa|Kec\.|Ds) ?[A-Za-z .]{0,12}(\(61[0-9.]{0,11}\))?\Z")


@given(st.one_of(CELLS, PLACE_TEXT),
       st.sampled_from(["any", "kecamatan", "desa"]))
def test_a_place_cell_is_read_or_refused(value: object, level: Any) -> None:
    read_or_refuse(GAZETTEER.parse, value, level=level)


@given(st.sampled_from(["61.05.01.2001", "61.05.01.2002", "61.05.02.2001"]),
       st.sampled_from(["{code}", " {code} ", "Desa X ({code})"]))
def test_a_desa_code_finds_its_desa(code: str, form: str) -> None:
    found = GAZETTEER.parse(form.format(code=code), level="desa")
    assert [m.place.code for m in found.matches] == [code]


# --- HXL hashtags -----------------------------------------------------------------------

NAMES = st.from_regex(r"\A[a-z][a-z0-9_]{0,8}\Z")


@given(st.one_of(CELLS, st.from_regex(r"\A#[A-Za-z0-9_ +]{0,20}\Z")))
def test_a_hashtag_cell_is_read_or_refused(value: object) -> None:
    tag = read_or_refuse(parse_tag, value)
    if tag is not None:
        assert parse_tag(str(tag)) == tag
    is_hashtag_row([value, "#org"])


@given(NAMES, st.frozensets(NAMES, max_size=4), st.booleans(),
       st.sampled_from(["", " ", "  "]))
def test_a_hashtag_reads_back_whatever_its_case_spacing_and_order(
        tag: str, attributes: frozenset[str], upper: bool,  # noqa: FBT001 - drawn
        space: str) -> None:
    written = "#" + tag + "".join(f"{space}+{a}" for a in sorted(attributes, reverse=True))
    parsed = parse_tag(written.upper() if upper else written)
    assert parsed == Tag("#" + tag, attributes)
    assert str(parsed) == "#" + tag + "".join(f"+{a}" for a in sorted(attributes))


@pytest.mark.parametrize("text", ["#", "# +", "#+impl", "#org+", "#org++impl", "#1org"])
def test_odd_hashtags_are_read_or_refused(text: str) -> None:
    read_or_refuse(parse_tag, text)
