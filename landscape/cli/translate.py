"""Indonesian renderings of the toolkit's English sentences, matched by pattern.

The readers and the stages write their sentences in English (the refusals raised
as :mod:`landscape.errors`, and the problems and suggestions of ``validation.json``).
The command line shows them in Indonesian with ``--lang id``: :data:`RULES` is a
list of pairs (the English sentence with ``{name}`` in place of each variable part,
its Indonesian rendering using the same names). A variable part (a file name, a
sheet, a row, a value, a reason) is carried over unchanged; a part named
``feature`` (``feature 3 (line 4) 'P-1'``) has its words translated and its name
kept; a part named ``num...`` matches digits only. A sentence that no rule matches
stays in English, whole: never half translated. The first rule that matches wins,
so a narrower pattern comes first.

>>> translate("plan.xlsx is a PDF document, not a workbook; ask for the Excel file "
...           "(.xlsx) the PDF was made from", "id")
'plan.xlsx adalah dokumen PDF, bukan buku kerja; mintalah berkas Excel (.xlsx) asal PDF tersebut'
>>> translate("feature 2 (line 3) 'P-2' lies at 0,0 (no GPS fix), so it was dropped", "id")
"fitur 2 (baris 3) 'P-2' berada di titik 0,0 (tanpa sinyal GPS), sehingga dibuang"
>>> translate("a sentence no rule knows", "id")
'a sentence no rule knows'
"""

from __future__ import annotations

import re

__all__ = ["RULES", "translate"]

_FIX_AGAIN = "ekspor ulang"
_NO_PRJ = "tidak memiliki sistem referensi koordinat"

#: (English sentence with ``{name}`` parts, its Indonesian rendering), narrower first.
RULES: list[tuple[str, str]] = [
    # --- files refused (the one-sentence guard) ------------------------------------------
    (("{file} (layer {layer}) has no coordinate reference system (no .prj) and its coordinates "
     "are not longitude/latitude; add the .prj that came with the data, or assign the CRS in "
     "QGIS and export again"),
     (f"{{file}} (lapisan {{layer}}) {_NO_PRJ} (tidak ada .prj) dan koordinatnya bukan "
     "bujur/lintang; tambahkan berkas .prj yang menyertai data, atau tetapkan CRS di QGIS lalu "
     f"{_FIX_AGAIN}")),
    (("{file} has no coordinate reference system (no .prj) and its coordinates are not "
     "longitude/latitude; add the .prj that came with the data, or assign the CRS in QGIS and "
     "export again"),
     (f"{{file}} {_NO_PRJ} (tidak ada .prj) dan koordinatnya bukan bujur/lintang; tambahkan "
     f"berkas .prj yang menyertai data, atau tetapkan CRS di QGIS lalu {_FIX_AGAIN}")),
    (("{file} has no coordinate reference system and its coordinates are not "
     "longitude/latitude; add the .prj that came with the data, or assign the CRS in QGIS and "
     "export again"),
     (f"{{file}} {_NO_PRJ} dan koordinatnya bukan bujur/lintang; tambahkan berkas .prj yang "
     f"menyertai data, atau tetapkan CRS di QGIS lalu {_FIX_AGAIN}")),
    ("{file} has no coordinate reference system; assign one in QGIS and save again",
     f"{{file}} {_NO_PRJ}; tetapkan CRS di QGIS lalu simpan kembali"),
    (("{file} has no sheet with a header naming partner activities (e.g. Mitra, Judul Kegiatan, "
     "Kecamatan, Desa) or action items (e.g. No, Kegiatan, Lokasi) (sheets read: {sheets}); "
     "add such a header row"),
     ("{file} tidak memiliki lembar dengan baris judul kolom kegiatan mitra (mis. Mitra, Judul "
     "Kegiatan, Kecamatan, Desa) atau butir rencana aksi (mis. No, Kegiatan, Lokasi) (lembar "
     "yang dibaca: {sheets}); tambahkan baris judul kolom tersebut")),
    (("{file}: sheet {sheet} has its header in row {row}, below the first {n} rows where a "
     "header is looked for; delete the empty or title rows above the header"),
     ("{file}: baris judul kolom lembar {sheet} ada di baris {row}, di bawah {n} baris pertama "
     "tempat baris judul kolom dicari; hapus baris kosong atau baris judul di atasnya")),
    (("{file} is protected by a password, so it cannot be read; open it in Excel, remove the "
     "password (File > Info > Protect Workbook) and save it again"),
     ("{file} dilindungi kata sandi sehingga tidak dapat dibaca; buka di Excel, hapus kata "
     "sandinya (File > Info > Protect Workbook), lalu simpan kembali")),
    (("{file} is an Excel 97-2003 workbook (.xls), not .xlsx; open it in Excel and save it as "
     "Excel Workbook (.xlsx)"),
     ("{file} adalah buku kerja Excel 97-2003 (.xls), bukan .xlsx; buka di Excel lalu simpan "
     "sebagai Excel Workbook (.xlsx)")),
    (("{file} is a PDF document, not a workbook; ask for the Excel file (.xlsx) the PDF was made "
     "from"),
     ("{file} adalah dokumen PDF, bukan buku kerja; mintalah berkas Excel (.xlsx) asal PDF "
     "tersebut")),
    (("{file} is damaged or incomplete ({reason}); copy or download it again, or open it in "
     "Excel and save it again"),
     ("{file} rusak atau tidak lengkap ({reason}); salin atau unduh kembali, atau buka di Excel "
     "lalu simpan kembali")),
    ("{file} is not a workbook (.xlsx) or a CSV table; save it in one of those forms",
     "{file} bukan buku kerja (.xlsx) maupun tabel CSV; simpan dalam salah satu bentuk itu"),
    (("{file} could not be read ({reason}); check that the file is complete and opens in QGIS, "
     "or export it again"),
     ("{file} tidak dapat dibaca ({reason}); pastikan berkas lengkap dan dapat dibuka di QGIS, "
     f"atau {_FIX_AGAIN}")),
    (("{file} holds an entry that would land outside its folder ({entry}); it is not opened: "
     "zip the files again from inside their folder"),
     ("{file} memuat entri yang akan tertulis di luar foldernya ({entry}); berkas tidak dibuka: "
     "buat ulang zip dari dalam folder berkas-berkasnya")),
    (("{file} holds a symbolic link ({entry}), which could point at any file of this machine; "
     "it is not opened: zip the files themselves again"),
     ("{file} memuat tautan simbolik ({entry}) yang dapat menunjuk berkas mana pun di komputer "
     "ini; berkas tidak dibuka: buat ulang zip dari berkas-berkas aslinya")),
    (("{file} holds {n} entries, more than the {limit} the toolkit opens "
     "(settings.ZIP_MAX_ENTRIES); zip only the files the map needs"),
     ("{file} memuat {n} entri, lebih dari {limit} entri yang dibuka perangkat ini "
     "(settings.ZIP_MAX_ENTRIES); masukkan ke zip hanya berkas yang diperlukan peta")),
    (("{file} declares {size} once unzipped, more than the {limit} the toolkit expands "
     "(settings.ZIP_MAX_BYTES); it is not opened: send the files unzipped or in parts"),
     ("{file} menyatakan ukuran {size} setelah diekstrak, lebih dari {limit} yang diekstrak "
     "perangkat ini (settings.ZIP_MAX_BYTES); berkas tidak dibuka: kirim berkasnya tanpa zip "
     "atau dalam beberapa bagian")),
    (("{file}: entry {entry} expands to more than the {n} bytes it declares (a zip bomb, or a "
     "damaged archive); it is not opened: zip the files again"),
     ("{file}: entri {entry} mengembang melebihi {n} bita yang dinyatakannya (bom zip atau arsip "
     "rusak); berkas tidak dibuka: buat ulang zip-nya")),
    ("{file} contains no .shp file; zip the .shp together with its .shx, .dbf and .prj",
     "{file} tidak berisi berkas .shp; masukkan .shp ke zip bersama .shx, .dbf, dan .prj-nya"),
    (("{file} declares a DTD or entities, which no map file or workbook needs and which can make "
     "a reader fetch other files or expand text without end; it is not read: export or save it "
     "again"),
     ("{file} memuat deklarasi DTD atau entitas, yang tidak diperlukan berkas peta atau buku "
     "kerja mana pun dan dapat membuat pembaca mengambil berkas lain atau memperbesar teks tanpa "
     "batas; berkas tidak dibaca: ekspor atau simpan ulang")),
    ("{file} declares a DTD, which a GPX file never needs; export it again",
     f"{{file}} memuat deklarasi DTD, yang tidak pernah diperlukan berkas GPX; {_FIX_AGAIN}"),
    (("{file} is {size}, larger than the {limit} a CSV, GeoJSON, KML, GPX or GML file may be "
     "(settings.TEXT_INPUT_MAX_BYTES: these are read whole into memory); split it, or save it "
     "as a GeoPackage"),
     ("{file} berukuran {size}, melebihi batas {limit} untuk berkas CSV, GeoJSON, KML, GPX, atau "
     "GML (settings.TEXT_INPUT_MAX_BYTES: berkas ini dibaca utuh ke memori); pecah berkasnya, "
     "atau simpan sebagai GeoPackage")),
    ("{file}: {reason}; check the path, its permissions and the free space",
     "{file}: {reason}; periksa jalur berkas, hak aksesnya, dan ruang kosong pada disk"),
    # --- problems of validation.json -----------------------------------------------------
    (("the file has no coordinate reference system (no .prj); its coordinates look like "
     "longitude/latitude, so WGS 84 (EPSG:4326) was assumed"),
     (f"berkas {_NO_PRJ} (tidak ada .prj); koordinatnya tampak sebagai bujur/lintang, sehingga "
     "dianggap WGS 84 (EPSG:4326)")),
    (("the file has no coordinate reference system; its coordinates look like "
     "longitude/latitude, so WGS 84 (EPSG:4326) was assumed"),
     (f"berkas {_NO_PRJ}; koordinatnya tampak sebagai bujur/lintang, sehingga dianggap WGS 84 "
     "(EPSG:4326)")),
    ("{file} contains no features, so nothing from it is on the map",
     "{file} tidak berisi fitur, sehingga tidak ada isinya yang dipetakan"),
    ("{feature} had an invalid geometry ({reason}) and was repaired",
     "{feature} memiliki geometri tidak sah ({reason}) dan telah diperbaiki"),
    ("{feature} had a ring that was not closed; it was closed",
     "{feature} memiliki cincin (ring) yang tidak tertutup; cincin itu telah ditutup"),
    ("{feature} has its coordinates in [lat, lon] order; they were read as [lon, lat]",
     ("{feature} menuliskan koordinat dengan urutan [lat, lon]; koordinat dibaca sebagai "
     "[lon, lat]")),
    ("{feature} lies at 0,0 (no GPS fix), so it was dropped",
     "{feature} berada di titik 0,0 (tanpa sinyal GPS), sehingga dibuang"),
    (("{feature} lies outside kabupaten {code} and outside every unit of the boundaries file: "
     "at sea, or in a province or kabupaten it does not hold"),
     ("{feature} berada di luar kabupaten {code} dan di luar semua wilayah berkas batas: di "
     "laut, atau di provinsi atau kabupaten yang tidak dimuat berkas itu")),
    ("{feature} lies in kabupaten {code}, outside kabupaten {chosen}",
     "{feature} berada di kabupaten {code}, di luar kabupaten {chosen}"),
    ("{feature} has coordinates that are not numbers (NaN or infinite), so it was dropped",
     "{feature} memiliki koordinat yang bukan angka (NaN atau tak hingga), sehingga dibuang"),
    ("{feature}: {column} is {value}, not a number, so the row was left out",
     "{feature}: {column} berisi {value}, bukan angka, sehingga baris ini tidak dipakai"),
    ("{feature}: the geometry is missing, so the row was left out",
     "{feature}: geometrinya kosong, sehingga baris ini tidak dipakai"),
    (("{feature} is referenced by no activity and names no organisation, so it is left off the "
     "map"),
     ("{feature} tidak dirujuk kegiatan mana pun dan tidak menyebut lembaga, sehingga tidak "
     "dipetakan")),
    ("{feature} is referenced by no activity",
     "{feature} tidak dirujuk kegiatan mana pun"),
    ("row {id} is left off the map: none of the places or areas it gives could be placed",
     ("baris {id} tidak dipetakan: tidak satu pun tempat atau areal yang disebutnya dapat "
     "ditempatkan")),
    ("ends ({end}) before it starts ({start})",
     "tanggal selesai ({end}) lebih awal dari tanggal mulai ({start})"),
    ("not an amount: {value} (expected a number with an optional currency and juta/M/ribu)",
     "bukan nilai uang: {value} (seharusnya angka, boleh dengan mata uang dan juta/M/ribu)"),
    ("organisation {name} is not on the organisation sheet",
     "lembaga {name} tidak ada di lembar Mitra"),
    ("action item {n} does not exist", "butir rencana aksi {n} tidak ada"),
    ("the ID {value} is also on row {row}", "ID {value} juga ada di baris {row}"),
    ("the number {value} is also on row {row}", "nomor {value} juga ada di baris {row}"),
    (("the last row (row {row}) has {n} of the {cells} cells of the rows above and the file ends "
     "without a line break: the file looks cut short"),
     ("baris terakhir (baris {row}) hanya berisi {n} dari {cells} sel baris di atasnya dan "
     "berkas berakhir tanpa ganti baris: berkas tampaknya terpotong")),
    ("desa {name} lies in kecamatan {code}, not in the kecamatan the row names",
     "desa {name} terletak di kecamatan {code}, bukan di kecamatan yang disebut baris ini"),
    (("no desa named {name} in kecamatan {kecamatan}, Kabupaten {kabupaten} or elsewhere in the "
     "boundaries"),
     ("tidak ada desa bernama {name} di kecamatan {kecamatan}, Kabupaten {kabupaten}, maupun di "
     "tempat lain dalam berkas batas")),
    # --- the build's account of rows and features (numbers only) --------------------------
    (("{num_rows} rows: {num_placed} placed, {num_wide} district-wide, {num_off} left off the map "
     "({num_errors} with errors)"),
     ("{num_rows} baris: {num_placed} terpetakan, {num_wide} tingkat kabupaten, {num_off} tidak "
     "dipetakan ({num_errors} mengandung galat)")),
    ("{num_rows} rows: {num_placed} placed, {num_wide} district-wide, {num_off} left off the map",
     ("{num_rows} baris: {num_placed} terpetakan, {num_wide} tingkat kabupaten, {num_off} tidak "
     "dipetakan")),
    ("{num_items} action items", "{num_items} butir rencana aksi"),
    ("{num_features} features: {num_linked} linked, {num_off} left off the map",
     "{num_features} fitur: {num_linked} tertaut, {num_off} tidak dipetakan"),
    ("the plan has no rows: nothing was mapped (see validation.json)",
     "rencana tidak berisi baris: tidak ada yang dipetakan (lihat validation.json)"),
    # --- suggestions ---------------------------------------------------------------------
    ("check the positions on a map; add the .prj that came with the data",
     "periksa posisinya di peta; tambahkan berkas .prj yang menyertai data"),
    ("check that this is the file meant; export the layer again with its features",
     "pastikan berkas ini yang dimaksud; ekspor ulang lapisan beserta fiturnya"),
    ("fill in one row per activity (or action item) under the header",
     "isi satu baris per kegiatan (atau butir rencana aksi) di bawah baris judul kolom"),
    ("check the shape in QGIS (Vector > Geometry Tools > Check Validity)",
     "periksa bentuknya di QGIS (Vector > Geometry Tools > Check Validity)"),
    (("write longitude first (x = lon, y = lat): swap the lat and lon columns, or export the "
     "layer again as longitude/latitude (EPSG:4326)"),
     ("tulis bujur lebih dulu (x = lon, y = lat): tukar kolom lat dan lon, atau ekspor ulang "
     "lapisan sebagai bujur/lintang (EPSG:4326)")),
    ("record the position again (the device had no GPS fix) or delete the feature",
     "rekam ulang posisinya (perangkat belum menangkap sinyal GPS) atau hapus fitur itu"),
    (("it is kept in results.gpkg but reaches no desa of this district; check its coordinates "
     "if it should"),
     ("fitur tetap disimpan di results.gpkg tetapi tidak masuk desa mana pun di kabupaten ini; "
     "periksa koordinatnya bila seharusnya masuk")),
    ("correct its coordinates or delete the feature",
     "perbaiki koordinatnya atau hapus fitur itu"),
    ("give decimal degrees (e.g. {example}) or WKT ({wkt})",
     "tulis derajat desimal (mis. {example}) atau WKT ({wkt})"),
    ("check the start and end", "periksa tanggal mulai dan selesai"),
    ("write e.g. {examples} or {last}", "tulis mis. {examples} atau {last}"),
    ("kept as written with type {type}; add it to the sheet",
     "dipakai sebagaimana tertulis dengan jenis {type}; tambahkan ke lembar itu"),
    ("check the action item number", "periksa nomor butir rencana aksi"),
    ("both rows are kept, this one as {own}; give each row its own ID",
     "kedua baris tetap dipakai, baris ini sebagai {own}; beri setiap baris ID sendiri"),
    ("both rows are kept, this one as {own}; give each row its own number",
     "kedua baris tetap dipakai, baris ini sebagai {own}; beri setiap baris nomor sendiri"),
    ("check that the file is complete; copy or export it again",
     "pastikan berkas lengkap; salin atau ekspor ulang"),
    ("reference it from an activity (file#id) or give it an org/mitra attribute",
     "rujuk dari sebuah kegiatan (berkas#id) atau beri atribut org/mitra"),
    ("taken as an area of {org}", "dibaca sebagai areal {org}"),
    ("taken as {name} (confidence {score})", "dibaca sebagai {name} (keyakinan {score})"),
    ("taken as {name}, confidence {score}", "dibaca sebagai {name}, keyakinan {score}"),
    ("skipped; move notes off the table if they are data",
     "dilewati; pindahkan catatan keluar dari tabel bila berisi data"),
    ("multiplied by {n} ({period}); give the total to be exact",
     "dikalikan {n} ({period}); tulis jumlah seluruhnya agar tepat"),
    ("kept in its own kecamatan; check the row",
     "tetap di kecamatannya sendiri; periksa baris ini"),
]

_PART = re.compile(r"\{(\w+)\}")
_FEATURE = re.compile(r"feature (\d+)(?: \(line (\d+)\))?")


def _pattern(english: str) -> re.Pattern[str]:
    """Return the anchored pattern of an English sentence with ``{name}`` parts."""
    pieces = _PART.split(english)
    out = []
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            out.append(re.escape(piece))
        elif piece.startswith("num"):
            out.append(f"(?P<{piece}>\\d+)")
        elif piece == "feature":
            out.append(r"(?P<feature>feature \d+(?: \(line \d+\))?(?: '.*?')?)")
        else:
            out.append(f"(?P<{piece}>.+?)")
    return re.compile("".join(out), re.DOTALL)


_COMPILED = [(_pattern(english), indonesian) for english, indonesian in RULES]


def _feature(label: str) -> str:
    """Return ``feature 3 (line 4) 'P-1'`` as ``fitur 3 (baris 4) 'P-1'`` (the name kept)."""
    return _FEATURE.sub(lambda m: f"fitur {m[1]}" + (f" (baris {m[2]})" if m[2] else ""),
                        label, count=1)


def translate(text: str, lang: str = "en") -> str:
    """Return ``text`` in ``lang``: its Indonesian rendering for ``id`` when a rule has one.

    Any other language, or a sentence no rule matches, gives ``text`` unchanged.
    """
    if lang != "id" or not text:
        return text
    for pattern, template in _COMPILED:
        found = pattern.fullmatch(text)
        if found:
            parts = found.groupdict()
            if parts.get("feature"):
                parts["feature"] = _feature(parts["feature"])
            return template.format(**parts)
    return text
