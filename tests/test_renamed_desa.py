"""A desa renamed between lists: a row that gives its code with the old name is placed by code."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from landscape.pipeline import build


def test_a_code_with_an_older_name_is_placed_by_code(admin_gpkg: Path, tmp_path: Path) -> None:
    desa = gpd.read_file(admin_gpkg, layer="desa").set_index("kode")
    plan = tmp_path / "3w.csv"
    plan.write_text("Organisasi,Kegiatan,Kecamatan,Desa\n"
                    "Yayasan Contoh,Patroli,Sepauk,Sungai Lama (61.05.03.2011)\n"
                    "Yayasan Contoh,Pembibitan,Sepauk,6105032010 - Sekujam Timbai\n",
                    encoding="utf-8")
    result = build(boundaries=admin_gpkg, plan=plan, kabupaten="61.05")
    placed = result.linked.activities.sort_values("source_row")["desa_codes"].tolist()
    assert placed == [("61.05.03.2011",), ("61.05.03.2010",)]
    notes = [p for p in result.problems if p.file == "3w.csv" and p.column == "Desa"]
    assert [(p.row, p.severity, p.value) for p in notes] == [
        (2, "info", "Sungai Lama (61.05.03.2011)")]
    assert notes[0].problem == (f"desa 61.05.03.2011 is named {desa.loc['61.05.03.2011', 'nama']} "
                                "in the boundaries, not as written")
