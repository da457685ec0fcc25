"""Overlaps in depth on the real Sintang sample, and on tiny hand-made frames.

The shared area of the sample's designed overlap (YRK-HD-03 of Yayasan Rimba
Kapuas and HD-SPK-01 of KPH Sintang Utara, in Nanga Pari) is measured here with
plain geopandas from the two partner files, in EPSG:6933.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import box

from landscape.analyse.coordination import coordination_list, fold_theme, shared_work
from landscape.model import Result
from landscape.pipeline import build

EA = "EPSG:6933"
NANGA_PARI = "61.05.03.2016"
KPH_UTARA = "Kesatuan Pengelolaan Hutan Sintang Utara"
YRK = "Yayasan Rimba Kapuas"


@pytest.fixture(scope="module")
def result(admin_gpkg: Path, sample_dir: Path) -> Result:
    return build(boundaries=admin_gpkg, plan=sample_dir / "rencana-aksi.xlsx",
                 areas=sorted((sample_dir / "areas").iterdir()), kabupaten="61.05")


@pytest.fixture(scope="module")
def pairs(result: Result) -> gpd.GeoDataFrame:
    return shared_work(result.activities, result.linked.placements, result.linked.areas)


def _kml_feature(path: Path, feature_id: str) -> gpd.GeoSeries:
    for name, kind in pyogrio.list_layers(path):
        if not kind:
            continue
        layer = gpd.read_file(path, layer=str(name))
        if "id" in layer.columns and (layer["id"] == feature_id).any():
            return layer.loc[layer["id"] == feature_id, "geometry"]
    raise AssertionError(feature_id)


def test_designed_overlap_in_nanga_pari(pairs: gpd.GeoDataFrame, sample_dir: Path) -> None:
    areas = sample_dir / "areas"
    yrk = _kml_feature(areas / "yayasan-rimba-kapuas.kml", "YRK-HD-03").to_crs(EA).union_all()
    permits = gpd.read_file(areas / "hutan-desa-sepauk.geojson")
    kph = permits.loc[permits["id"] == "HD-SPK-01", "geometry"].to_crs(EA).union_all()
    expected_ha = yrk.intersection(kph).area / 10_000
    assert 500 < expected_ha < 580  # the README's "about 540 ha"

    row = pairs[(pairs["activity_a"] == "KM-010") & (pairs["activity_b"] == "KM-005")]
    assert len(row) == 1
    row = row.iloc[0]
    assert (row["org_a"], row["org_b"]) == (KPH_UTARA, YRK)
    assert row["theme"] == "Perhutanan Sosial"
    assert (row["desa_codes"], row["n_shared_desa"]) == (NANGA_PARI, 1)
    assert row["shared_area_ha"] == pytest.approx(expected_ha, abs=0.01)
    # KM-010: 2022-11-01 to 2023-02-28; KM-005: Triwulan I 2023 to Triwulan IV 2023.
    assert (row["overlap_start"], row["overlap_end"]) == (date(2023, 1, 1), date(2023, 2, 28))
    assert row["period_known"]
    shared = gpd.GeoSeries([row.geometry], crs=pairs.crs).to_crs(EA).area.iloc[0] / 10_000
    assert shared == pytest.approx(expected_ha, rel=1e-4)


def test_later_programme_in_nanga_pari_is_not_a_pair(pairs: gpd.GeoDataFrame) -> None:
    # KM-041 (Program Kemitraan Lanskap Kapuas, Perhutanan Sosial, Nanga Pari) runs
    # 2024-2025: after both KM-005 (2023) and KM-010 (to Feb 2023).
    with_041 = pairs[(pairs["activity_a"] == "KM-041") | (pairs["activity_b"] == "KM-041")]
    partners = set(with_041["activity_a"]) | set(with_041["activity_b"])
    assert not {"KM-005", "KM-010"} & partners


def test_every_pair_obeys_the_rules(pairs: gpd.GeoDataFrame, result: Result) -> None:
    acts = result.activities.set_index("activity_id")
    assert len(pairs) > 0
    for row in pairs.itertuples():
        a, b = acts.loc[row.activity_a], acts.loc[row.activity_b]
        assert a["org"] == row.org_a < row.org_b == b["org"]
        assert fold_theme(a["theme"]) == fold_theme(b["theme"])
        assert a["start"] <= b["end"]
        assert b["start"] <= a["end"]


def test_coordination_list_on_the_sample(result: Result, sample_dir: Path) -> None:
    table = coordination_list(result.activities, result.linked.placements, result.bounds.desa)
    assert (table["n_orgs"] >= 2).all()
    # Rows of the workbook naming Nanga Pari: KM-005 and KM-057 (YRK), KM-010 (KPH Sintang
    # Utara), KM-041 (Program Kemitraan Lanskap Kapuas).
    acts = pd.read_excel(sample_dir / "rencana-aksi.xlsx", "Kegiatan Mitra")
    named = acts[acts["Desa"].fillna("").str.split().str.join(" ").str.contains("Nanga Pari")]
    assert sorted(named["ID"]) == ["KM-005", "KM-010", "KM-041", "KM-057"]
    row = table.set_index("desa_code").loc[NANGA_PARI]
    assert row["desa"] == "Nanga Pari"
    assert row["kecamatan_code"] == "61.05.03"
    assert row["n_orgs"] == 3
    assert row["activities"] == "; ".join(sorted(named["ID"]))
    assert row["n_pairs"] == 1
    assert row["note"] == "2 organisasi bekerja pada tema Perhutanan Sosial pada 2023"


# --- tiny hand-made frames -------------------------------------------------------------------


def _acts(rows: list[tuple[str, str, str, date | None, date | None]]) -> pd.DataFrame:
    return pd.DataFrame.from_records(rows, columns=["activity_id", "org", "theme", "start", "end"])


def _places(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame({"activity_id": [a for a, _ in rows], "kecamatan_code": ["K1"] * len(rows),
                         "desa_code": [d for _, d in rows], "precision": ["desa"] * len(rows)})


def _no_areas() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"activity_id": [], "kind": []}, geometry=[], crs="EPSG:4326")


Y23, Y24 = (date(2023, 1, 1), date(2023, 12, 31)), (date(2024, 1, 1), date(2024, 12, 31))


def test_missing_dates_are_open_ended() -> None:
    acts = _acts([("A", "Org A", "Komoditas Lestari", None, None),
                  ("B", "Org B", "Komoditas Lestari", *Y24)])
    table = shared_work(acts, _places([("A", "D1"), ("B", "D1")]), _no_areas())
    assert len(table) == 1
    row = table.iloc[0]
    assert not row["period_known"]
    assert (row["overlap_start"], row["overlap_end"]) == Y24
    assert row["shared_area_ha"] == 0
    assert row.geometry.is_empty


def test_same_org_twice_is_not_a_pair() -> None:
    acts = _acts([("A", "Org A", "Perhutanan Sosial", *Y23),
                  ("B", "Org A", "Perhutanan Sosial", *Y23)])
    assert shared_work(acts, _places([("A", "D1"), ("B", "D1")]), _no_areas()).empty
    assert coordination_list(acts, _places([("A", "D1"), ("B", "D1")]),
                             pd.DataFrame(columns=["code", "name", "kecamatan_code"])).empty


def test_themes_fold_and_periods_must_meet() -> None:
    acts = _acts([("A", "Org B", "Perlindungan Hutan & Gambut", *Y23),
                  ("B", "Org A", "perlindungan hutan dan gambut.", *Y23),
                  ("C", "Org C", "Perlindungan Hutan & Gambut", *Y24),
                  ("D", "Org D", "Pencegahan Karhutla", *Y23)])
    places = _places([("A", "D1"), ("A", "D2"), ("B", "D1"), ("B", "D2"), ("C", "D1"),
                      ("D", "D1")])
    table = shared_work(acts, places, _no_areas())
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["org_a"], row["activity_a"], row["org_b"], row["activity_b"]) == (
        "Org A", "B", "Org B", "A")
    assert (row["desa_codes"], row["n_shared_desa"]) == ("D1;D2", 2)


def test_shared_area_of_two_squares() -> None:
    acts = _acts([("A", "Org A", "Perhutanan Sosial", *Y23),
                  ("B", "Org B", "Perhutanan Sosial", *Y23)])
    # Two 1 km squares near the equator, 500 m apart: they share 500 m x 1000 m = 50 ha.
    x0, y0 = 10_770_000.0, 0.0
    squares = gpd.GeoDataFrame(
        {"activity_id": ["A", "B"], "kind": ["polygon", "polygon"]},
        geometry=[box(x0, y0, x0 + 1000, y0 + 1000), box(x0 + 500, y0, x0 + 1500, y0 + 1000)],
        crs=EA).to_crs("EPSG:4326")
    table = shared_work(acts, _places([("A", "D1"), ("B", "D1")]), squares)
    assert table.iloc[0]["shared_area_ha"] == pytest.approx(50.0, abs=1e-3)
    assert table.crs == "EPSG:4326"


def test_coordination_note_and_order() -> None:
    acts = _acts([("A", "Org A", "Komoditas Lestari", date(2023, 3, 1), date(2024, 6, 30)),
                  ("B", "Org B", "Komoditas Lestari", date(2023, 1, 1), date(2025, 1, 1)),
                  ("C", "Org C", "Komoditas Lestari", date(2024, 1, 1), date(2024, 12, 31)),
                  ("E", "Org E", "Data & Pemantauan", *Y23),
                  ("F", "Org F", "Komoditas Lestari", *Y23)])
    places = _places([("A", "D1"), ("B", "D1"), ("C", "D1"), ("E", "D2"), ("F", "D2"),
                      ("F", "D3")])
    desa = pd.DataFrame({"code": ["D1", "D2", "D3"], "name": ["Satu", "Dua", "Tiga"],
                         "kecamatan_code": ["K1", "K1", "K1"]})
    table = coordination_list(acts, places, desa)
    assert table["desa_code"].tolist() == ["D1", "D2"]  # D3 has one organisation
    first = table.iloc[0]
    assert (first["n_orgs"], first["n_pairs"]) == (3, 3)
    assert first["note"] == "3 organisasi bekerja pada tema Komoditas Lestari pada 2023\u20132024"
    second = table.iloc[1]
    assert (second["desa"], second["n_pairs"]) == ("Dua", 0)
    assert second["themes"] == "Data & Pemantauan; Komoditas Lestari"
    assert second["note"] == "2 organisasi dengan tema atau waktu berbeda"
