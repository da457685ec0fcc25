"""Nothing lost: every input row and feature is built, or in validation.json marked dropped.

The inputs are counted independently of the toolkit: the workbook's rows with openpyxl
(every non-empty row under the header, notes included), the area files' features with
pyogrio and pandas (a GPX's track and route points are vertices, not features). The
build's count of what it built (rows placed or district-wide, action items read,
features on the map) plus the rows and features ``validation.json`` marks ``dropped``
must give those counts, each dropped row or feature marked exactly once. Run on the
demo sample, on the Sintang sample of ``../shared`` and on a corpus of broken inputs.
"""

from __future__ import annotations

import json
import math
import warnings
from collections import Counter
from pathlib import Path

import _corpus as corpus
import openpyxl
import pandas as pd
import pyogrio
import pytest

from landscape.model import Tally
from landscape.pipeline import build
from landscape.render.folder import write
from landscape.sample.generate import write_sample


def _rows_under_header(path: Path, sheet: str, first: str) -> int:
    """Count the non-empty rows under the row whose first cell is ``first``."""
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [list(r) for r in book[sheet].iter_rows(values_only=True)]
    finally:
        book.close()
    header = next(i for i, r in enumerate(rows) if r and str(r[0]).strip() == first)
    return sum(any(c is not None and str(c).strip() for c in r) for r in rows[header + 1:])


def _features(path: Path) -> int:
    """Count the features of an area file with pandas (CSV) or pyogrio (the rest)."""
    if path.suffix == ".csv":
        return len(pd.read_csv(path, dtype=str).dropna(how="all"))
    with warnings.catch_warnings():  # GDAL's note on the corpus's open ring
        warnings.filterwarnings("ignore", "Non closed ring", RuntimeWarning)
        return sum(len(pyogrio.read_dataframe(path, layer=layer, read_geometry=False))
                   for layer, _ in pyogrio.list_layers(path) if not layer.endswith("_points"))


def _accounted(tmp_path: Path, *, boundaries: Path, plan: Path,
               areas: list[Path]) -> tuple[Tally, list[dict[str, object]]]:
    result = build(boundaries=boundaries, plan=plan, areas=areas, kabupaten="61.05")
    write(result, tmp_path / "out", title="accounting")
    problems = json.loads((tmp_path / "out" / "validation.json").read_text(encoding="utf-8"))
    assert result.tally is not None
    return result.tally, problems


def _dropped(problems: list[dict[str, object]], files: set[str],
             sheet: str | None = None) -> int:
    """Count the rows or features marked dropped, checking each is marked once."""
    marked = Counter((p["file"], p["sheet"], p["row"]) for p in problems
                     if p["dropped"] and p["file"] in files
                     and (sheet is None or p["sheet"] == sheet))
    assert all(n == 1 for n in marked.values()), marked
    return len(marked)


def _check(tally: Tally, problems: list[dict[str, object]], *, plan: Path,
           areas: list[Path], sheets: tuple[str, str]) -> None:
    items_sheet, rows_sheet = sheets
    rows = _rows_under_header(plan, rows_sheet, "ID")
    items = _rows_under_header(plan, items_sheet, "No")
    features = sum(_features(a) for a in areas)
    dropped_rows = _dropped(problems, {plan.name}, rows_sheet)
    dropped_items = _dropped(problems, {plan.name}, items_sheet)
    dropped_features = _dropped(problems, {a.name for a in areas})
    assert rows == tally.placed + tally.district_wide + dropped_rows
    assert items == tally.items + dropped_items
    assert features == tally.linked + dropped_features
    assert (tally.rows, tally.rows_off_map, tally.features, tally.left_off) == (
        rows, dropped_rows, features, dropped_features)


def test_the_demo_sample_adds_up(tmp_path: Path) -> None:
    sample = write_sample(tmp_path / "sample")
    tally, problems = _accounted(tmp_path, boundaries=sample.boundaries, plan=sample.workbook,
                                 areas=list(sample.areas))
    _check(tally, problems, plan=sample.workbook, areas=list(sample.areas),
           sheets=("Rencana Aksi", "Kegiatan Mitra"))
    # the two notes under the action plan are rows too: left out, each said once
    notes = [p for p in problems if p["dropped"] and p["sheet"] == "Rencana Aksi"]
    assert [p["problem"] for p in notes] == ["row is a note, not an action item"] * 2


def test_the_sintang_sample_adds_up(sample_dir: Path, admin_gpkg: Path, tmp_path: Path) -> None:
    plan, areas = sample_dir / "rencana-aksi.xlsx", sorted((sample_dir / "areas").iterdir())
    tally, problems = _accounted(tmp_path, boundaries=admin_gpkg, plan=plan, areas=areas)
    _check(tally, problems, plan=plan, areas=areas, sheets=("Rencana Aksi", "Kegiatan Mitra"))


def test_a_corpus_of_broken_inputs_adds_up(tmp_path: Path) -> None:
    sample = write_sample(tmp_path / "sample")
    here = tmp_path / "in"
    here.mkdir()
    square = [(111.20, -0.10), (111.22, -0.10), (111.22, -0.08), (111.20, -0.08)]
    areas = [
        corpus.geojson(here / "areal.geojson", [
            corpus.feature("ZERO", corpus.point(0, 0)),                      # dropped
            corpus.feature("NOBODY", corpus.point(111.3, -0.1), mitra=None),  # left off
            corpus.feature("SWAP", corpus.point(-0.1, 111.3)),               # read, said
            corpus.feature("OPEN", corpus.polygon(square)),                  # closed, said
            corpus.feature("NONE", None),                                    # dropped
            corpus.feature("LAUT", corpus.point(109.0, -1.5))]),             # kept, outside
        corpus.gpkg(here / "titik.gpkg", [corpus.feature("NAN", corpus.point(math.nan, 0)),
                                          corpus.feature("OK", corpus.point(111.21, -0.09))]),
    ]
    csv = here / "titik.csv"
    csv.write_text("id,lat,lon,mitra\nP-1,,111.2,YHML\nP-2,-0.1,111.25,YHML\n\n"
                   "P-3,-0.12,111.27,\n", encoding="utf-8")
    areas.append(csv)
    plan = corpus.workbook(here / "plan.xlsx", {
        "Rencana Aksi": [["No", *corpus.PLAN_HEADER[1:]], *corpus.PLAN_ROWS,
                         ["Catatan: contoh"], [2, *corpus.PLAN_ROWS[1][1:]]],
        "Mitra": [corpus.ORG_HEADER, *corpus.ORG_ROWS],
        "Kegiatan Mitra": [corpus.ACTIVITY_HEADER, *corpus.ACTIVITY_ROWS,
                           corpus.activity("KM-1"),                          # a repeated id
                           corpus.activity("KM-4", Kecamatan="Atlantis", Desa="Tidak Ada"),
                           corpus.activity("KM-5", Kecamatan=None, Desa=None,
                                           Sumber_Area="titik.csv#P-1"),
                           corpus.activity("KM-6", Kecamatan=None, Desa=None,
                                           Sumber_Area="titik.csv#P-3"),
                           corpus.activity("KM-7", Anggaran_Rp="lihat lampiran")],
    })
    tally, problems = _accounted(tmp_path, boundaries=sample.boundaries, plan=plan, areas=areas)
    _check(tally, problems, plan=plan, areas=areas, sheets=("Rencana Aksi", "Kegiatan Mitra"))
    # counted by hand: rows KM-4 (no place) and KM-5 (its point has no coordinates) are left
    # off; features ZERO, NOBODY, NONE, NAN and P-1 are left off; 8 features are linked
    assert (tally.rows, tally.rows_off_map, tally.features, tally.left_off) == (8, 2, 11, 5)


@pytest.mark.parametrize("name", ["3w.csv"])
def test_a_csv_plan_adds_up(name: str, tmp_path: Path) -> None:
    sample = write_sample(tmp_path / "sample")
    rows = [*corpus.ACTIVITY_ROWS, corpus.activity("KM-4", Kecamatan="Atlantis", Desa=None)]
    plan = corpus.csv_plan(tmp_path / name, rows)
    result = build(boundaries=sample.boundaries, plan=plan, kabupaten="61.05")
    write(result, tmp_path / "out", title="accounting")
    problems = json.loads((tmp_path / "out" / "validation.json").read_text(encoding="utf-8"))
    tally = result.tally
    assert tally is not None
    written = len(pd.read_csv(plan, dtype=str))
    assert written == tally.placed + tally.district_wide + _dropped(problems, {name})
