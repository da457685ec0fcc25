"""Labels of the atlas's plan, organisation, place and table views, in both languages.

Kept apart from :mod:`landscape.render.atlas.i18n` (which merges them into the strings
the page receives) so that neither file grows past a screenful of keys; a translator edits
the two files the same way: one key, one text per language.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

_ID: Final[dict[str, str]] = {
    "view_map": "Peta", "view_plan": "Rencana aksi", "view_orgs": "Organisasi",
    "views": "Tampilan",
    "plan_head": "Rencana aksi: {n} butir",
    "plan_intro": "Pilih butir untuk melihat di peta lokasi rencana dan lokasi kegiatan mitra.",
    "plan_none": "Buku kerja tidak memuat rencana aksi.",
    "item_missing": "{n} (tidak ada di rencana)",
    "issue": "Isu strategis", "program": "Program", "lead": "Penanggung jawab",
    "supports": "Pihak terkait", "planned_where": "Lokasi rencana", "period": "Periode",
    "planned_budget": "Anggaran rencana", "status": "Status",
    "whole_district": "seluruh kabupaten", "plan_place_unknown": "lokasi rencana tidak terbaca",
    "plan_acts": "Kegiatan mitra: {n}", "plan_no_acts": "Belum ada kegiatan mitra untuk butir ini.",
    "spent": "Anggaran kegiatan mitra (bagian butir ini)",
    "filter_to_item": "Saring peta ke butir ini", "clear_highlight": "Hapus sorotan",
    "hl_asplanned": "Dijangkau sesuai rencana", "hl_notreached": "Direncanakan, belum dijangkau",
    "hl_beyond": "Dijangkau di luar rencana",
    "hl_reached": "Dijangkau (lokasi rencana tak terbaca)",
    "hl_lead": "Memimpin (penanggung jawab)", "hl_support": "Mendukung (pihak terkait)",
    "hl_both": "Memimpin dan mendukung", "hl_item": "Butir {n}", "hl_roles": "Peran: {org}",
    "orgs_head": "Organisasi per jenis", "org_back": "Semua organisasi",
    "org_type": "Jenis", "org_roles": "Peran di Sekber", "org_contact": "Kontak",
    "org_not_listed": "Tidak tercantum di lembar organisasi.",
    "org_leads": "Memimpin butir", "org_supports": "Mendukung butir", "org_none": "Tidak ada.",
    "org_rolemap": "Tampilkan peran di peta", "org_acts": "Kegiatannya: {n}",
    "org_budget": "Anggaran kegiatannya", "org_budget_items": "Bagian per butir rencana aksi",
    "org_budget_rule": "Anggaran kegiatan yang menyebut beberapa butir dibagi rata antarbutir.",
    "org_no_item": "tanpa butir rencana aksi", "org_no_budget": "{n} kegiatan tanpa anggaran",
    "total": "Jumlah", "org_beside": "Bekerja berdampingan dengan",
    "org_beside_none": "Tidak ada kegiatan bersama (desa, tema dan waktu yang sama).",
    "org_beside_row": "{theme}; {desa}; tumpang tindih {ha}",
    "filter_to_org": "Saring peta ke organisasi ini", "profile": "Profil",
    "orgs_here": "Organisasi di sini",
    "sum_none_kec": "Tanpa kegiatan: {names}", "sum_none_kec_n": "{n} kecamatan tanpa kegiatan",
    "sum_none_desa": "{n} desa tanpa kegiatan",
    "km_activities": "Jumlah kegiatan per kecamatan",
    "km_orgs": "Jumlah organisasi per kecamatan",
    "km_budget": "Anggaran per kecamatan (dibagi rata per kecamatan)",
    "table_open": "Tabel kegiatan", "table_head": "Kegiatan sesuai filter: {n}",
    "table_download": "Unduh CSV", "table_close": "Tutup", "table_file": "kegiatan.csv",
    "col_id": "ID", "col_org": "Organisasi", "col_type": "Jenis", "col_title": "Kegiatan",
    "col_theme": "Tema", "col_start": "Mulai", "col_end": "Selesai", "col_budget": "Anggaran (Rp)",
    "col_funding": "Sumber dana", "col_items": "Rencana aksi", "col_kec": "Kecamatan",
    "col_desa": "Desa",
}

_EN: Final[dict[str, str]] = {
    "view_map": "Map", "view_plan": "Action plan", "view_orgs": "Organisations",
    "views": "Views",
    "plan_head": "Action plan: {n} items",
    "plan_intro": "Choose an item to see its planned places and where partners worked.",
    "plan_none": "The workbook holds no action plan.",
    "item_missing": "{n} (not in the plan)",
    "issue": "Strategic issue", "program": "Programme", "lead": "Lead",
    "supports": "Supporting", "planned_where": "Planned places", "period": "Period",
    "planned_budget": "Planned budget", "status": "Status",
    "whole_district": "whole district", "plan_place_unknown": "planned place not understood",
    "plan_acts": "Partner activities: {n}",
    "plan_no_acts": "No partner activity for this item yet.",
    "spent": "Partner activity budgets (this item's share)",
    "filter_to_item": "Filter the map to this item", "clear_highlight": "Clear highlight",
    "hl_asplanned": "Reached as planned", "hl_notreached": "Planned, not reached",
    "hl_beyond": "Reached without being planned", "hl_reached": "Reached (planned place unknown)",
    "hl_lead": "Leads", "hl_support": "Supports",
    "hl_both": "Leads and supports", "hl_item": "Item {n}", "hl_roles": "Roles: {org}",
    "orgs_head": "Organisations by type", "org_back": "All organisations",
    "org_type": "Type", "org_roles": "Role in the Sekber", "org_contact": "Contact",
    "org_not_listed": "Not on the organisation sheet.",
    "org_leads": "Leads items", "org_supports": "Supports items", "org_none": "None.",
    "org_rolemap": "Show its roles on the map", "org_acts": "Its activities: {n}",
    "org_budget": "Budget of its activities", "org_budget_items": "Share per action item",
    "org_budget_rule": "An activity naming several items counts in equal shares for each.",
    "org_no_item": "no action item", "org_no_budget": "{n} activities without a budget",
    "total": "Total", "org_beside": "Works beside",
    "org_beside_none": "No shared work (same desa, theme and time).",
    "org_beside_row": "{theme}; {desa}; overlap {ha}",
    "filter_to_org": "Filter the map to this organisation", "profile": "Profile",
    "orgs_here": "Organisations here",
    "sum_none_kec": "No activity in: {names}", "sum_none_kec_n": "{n} kecamatan without activity",
    "sum_none_desa": "{n} desa without activity",
    "km_activities": "Number of activities per kecamatan",
    "km_orgs": "Number of organisations per kecamatan",
    "km_budget": "Budget per kecamatan (split equally per kecamatan)",
    "table_open": "Activity table", "table_head": "Activities in the filter: {n}",
    "table_download": "Download CSV", "table_close": "Close", "table_file": "activities.csv",
    "col_id": "ID", "col_org": "Organisation", "col_type": "Type", "col_title": "Activity",
    "col_theme": "Theme", "col_start": "Start", "col_end": "End", "col_budget": "Budget (IDR)",
    "col_funding": "Funding", "col_items": "Action items", "col_kec": "Kecamatan",
    "col_desa": "Desa",
}

#: The view labels by language, merged into :func:`landscape.render.atlas.i18n.ui_strings`.
VIEW_STRINGS: Final = MappingProxyType({"id": MappingProxyType(_ID), "en": MappingProxyType(_EN)})
