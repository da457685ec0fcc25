"""Budget columns are recognised by their words, with a currency and a unit in any order.

Every file is generated here; the expected values are the cells times the unit the
header states, worked out by hand.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from landscape.normalise.orgs import OrgIndex
from landscape.normalise.records import normalise_activities
from landscape.problems import Problem
from landscape.read.tables import Table, read_tables
from landscape.read.units import header_unit


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return path


def _read(tmp_path: Path, header: str,
          cells: list[str]) -> tuple[Table, pd.DataFrame, list[Problem]]:
    rows = [["ID", "Mitra", "Judul Kegiatan", "Kecamatan", header]]
    rows += [[f"KM-{i}", "Yayasan Alfa", "A", "Sepauk", c] for i, c in enumerate(cells, 1)]
    table = read_tables(_csv(tmp_path / "3w.csv", rows))["activities"]
    acts, problems = normalise_activities(table, OrgIndex([]))
    return table, acts, problems


@pytest.mark.parametrize(("header", "cell", "idr"), [
    ("Anggaran (Rp 000)", "1.500", 1_500_000),
    ("Anggaran ('000 Rp)", "2,5", 2_500),
    ("Biaya (ribuan rupiah)", "40", 40_000),
    ("Nilai (Rp)", "1.500", 1_500),
    ("Total Nilai (IDR juta)", "7", 7_000_000),
    ("Dana (juta Rp)", "7", 7_000_000),
    ("Budget (IDR)", "1,000", 1_000),
    ("Anggaran dalam Rp miliar", "1,2", 1_200_000_000),
    ("Anggaran (ribu Rp)", "3", 3_000),
    ("Biaya (Rp)", "3", 3),
])
def test_a_budget_header_in_rupiah_is_the_budget_in_its_unit(
        tmp_path: Path, header: str, cell: str, idr: int) -> None:
    table, acts, _ = _read(tmp_path, header, [cell])
    assert table.columns["budget"] == header
    assert acts["budget_idr"].tolist() == [idr]


@pytest.mark.parametrize(("header", "code"), [
    ("Budget (USD)", "USD"), ("Anggaran (USD)", "USD"), ("Budget (US$)", "USD"),
    ("Biaya (€)", "EUR"), ("Amount in EUR", "EUR"), ("Cost ($)", "USD")])
def test_a_currency_in_the_header_keeps_plain_numbers_in_it(
        tmp_path: Path, header: str, code: str) -> None:
    table, acts, problems = _read(tmp_path, header, ["10000", "Rp 5.000"])
    assert table.columns["budget"] == header
    # a plain number is in the header's currency, never rupiah; a cell naming rupiah is rupiah
    assert acts["budget_currency"].tolist() == [code, "IDR"]
    assert acts["budget_amount"].tolist() == [10_000, 5_000]
    assert acts["budget_idr"].isna().tolist() == [True, False]
    assert acts["budget_idr"].tolist()[1] == 5_000
    said = [(p.row, p.severity) for p in problems if code in p.problem]
    assert said == [(1, "warning"), (2, "warning")]  # the header once, the row's amount once


def test_a_million_in_a_foreign_header_is_a_million(tmp_path: Path) -> None:
    assert header_unit("Budget (USD M)").scale == 10**6
    assert header_unit("Anggaran (Rp M)").scale == 10**9
    _, acts, _ = _read(tmp_path, "Budget (USD M)", ["1,5"])
    assert acts["budget_amount"].tolist() == [1_500_000]


def test_hxl_value_with_a_currency_attribute(tmp_path: Path) -> None:
    path = _csv(tmp_path / "3w.csv", [
        ["Mitra", "Kecamatan", "Kegiatan", "Budget", "Anggaran"],
        ["#org+impl", "#adm3+name", "#activity", "#value+usd", ""],
        ["Yayasan Alfa", "Sepauk", "A", "10000", ""]])
    table = read_tables(path)["activities"]
    assert table.currency == {"budget": "USD"}
    acts, _ = normalise_activities(table, OrgIndex([]))
    assert acts["budget_currency"].tolist() == ["USD"]
    assert acts["budget_idr"].isna().all()


def test_two_budget_columns_say_which_was_taken(tmp_path: Path) -> None:
    path = _csv(tmp_path / "3w.csv", [
        ["ID", "Mitra", "Kecamatan", "Anggaran (USD)", "Budget"],
        ["KM-1", "Yayasan Alfa", "Sepauk", "10000", "USD 5,000"]])
    table = read_tables(path)["activities"]
    said = [p for p in table.problems if p.problem == "several columns could be the budget"]
    assert [(p.column, p.value) for p in said] == [("Anggaran (USD)", "'Budget'")]


def test_columns_no_field_takes_are_named_once(tmp_path: Path) -> None:
    path = _csv(tmp_path / "3w.csv", [
        ["ID", "Mitra", "Kecamatan", "Anggaran (kurs lokal)", "Catatan"],
        ["KM-1", "Yayasan Alfa", "Sepauk", "10", "x"],
        ["KM-2", "Yayasan Alfa", "Sepauk", "20", "y"]])
    _, problems = normalise_activities(read_tables(path)["activities"], OrgIndex([]))
    unread = [p for p in problems if "not read" in p.problem]
    assert [(p.row, p.value, p.severity) for p in unread] == [
        (1, "'Anggaran (kurs lokal)', 'Catatan'", "info")]


def test_header_words_that_are_not_money_are_not_a_budget(tmp_path: Path) -> None:
    table, _, _ = _read(tmp_path, "Keterangan (Rp)", ["5"])
    assert "budget" not in table.columns
    assert table.unread == ("Keterangan (Rp)",)
