"""Hostile containers and documents: refused with one sentence, nothing written, nothing read.

Zips whose entries leave their folder or are links, zip bombs (by declared size and by
the bytes a lying entry really gives), XML with external entities or entity expansion,
and text inputs larger than the memory limit. The bombs are written by hand (a deflate
stream of zeros, repeated after full flushes), so no test ever writes gigabytes: the
2 GiB bomb is 2 MB on disk.
"""

from __future__ import annotations

import stat
import struct
import zipfile
import zlib
from typing import TYPE_CHECKING

import geopandas as gpd
import openpyxl
import pytest
import shapely
from click.testing import CliRunner

import landscape.settings
from landscape.cli import main
from landscape.errors import InputFileError
from landscape.read.areas import read_area_file
from landscape.read.tables import read_tables
from landscape.read.workbook import read_workbook

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

MIB = 1 << 20
SECRET = "TOPSECRET-7f3a"  # noqa: S105 - the text an entity must never bring in
POINT_KML = (
    '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>{name}</name>'
    "<Point><coordinates>111.5,0.1</coordinates></Point></Placemark></Document></kml>"
)
POINT_GPX = (
    '<gpx version="1.1" creator="t" xmlns="http://www.topografix.com/GPX/1/1">'
    '<wpt lat="0.1" lon="111.5"><name>{name}</name></wpt></gpx>'
)
LAUGHS = "".join(
    f'<!ENTITY l{i} "{"".join(f"&l{i - 1};" for _ in range(10))}">' for i in range(1, 10)
)
BILLION_LAUGHS = f'<!DOCTYPE x [<!ENTITY l0 "lol">{LAUGHS}]>'


# --- writing zips by hand --------------------------------------------------------------


def zeros_deflated(mebibytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``mebibytes`` MiB of zeros, and their CRC-32, made in memory.

    After a full flush the compressor starts afresh, so each MiB compresses to the same
    bytes: one block is repeated, never the gigabytes compressed.
    """
    zero = bytes(MIB)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    deflate.compress(zero)
    deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(zero) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mebibytes):
        crc = zlib.crc32(zero, crc)
    return block * mebibytes + deflate.flush(), crc


def raw_zip(path: Path, name: str, data: bytes, crc: int, declared: int) -> Path:
    """Write a one-entry deflated zip whose headers declare ``declared`` bytes unzipped."""
    encoded = name.encode()
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data),
                        declared, len(encoded), 0)
    central = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data),
                          declared, len(encoded), 0, 0, 0, 0, 0, 0)
    directory = central + encoded
    offset = len(local) + len(encoded) + len(data)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), offset, 0)
    path.write_bytes(local + encoded + data + directory + end)
    return path


def named_zip(path: Path, entries: dict[str, bytes], *, link: str | None = None) -> Path:
    """Write a zip with the given entry names (any, even escaping ones), and one link entry."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(zipfile.ZipInfo(name), data)
        if link is not None:
            info = zipfile.ZipInfo(link)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return path


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def refusal(path: Path) -> str:
    with pytest.raises(InputFileError) as caught:
        read_area_file(path)
    return str(caught.value)


# --- entries that leave their folder, and links ----------------------------------------


ESCAPES = {
    "dot-dot.zip": "../evil.shp",
    "deep.zip": "data/../../evil.shp",
    "backslash.zip": "..\\evil.shp",
    "absolute.zip": "/srv/evil.shp",
    "drive.zip": "C:/evil.shp",
    "dot-dot.kmz": "../doc.kml",
}


@pytest.mark.parametrize(("file", "entry"), ESCAPES.items())
def test_an_entry_leaving_the_folder_is_refused_and_nothing_is_written(
        tmp_path: Path, file: str, entry: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    path = named_zip(inbox / file, {"a.shp": b"x", "a.shx": b"x", "a.dbf": b"x", entry: b"x"})
    before = files_under(tmp_path)
    assert refusal(path) == (
        f"{file} holds an entry that would land outside its folder ({entry!r}); it is not "
        "opened: zip the files again from inside their folder"
    )
    assert files_under(tmp_path) == before
    assert not (tmp_path / "evil.shp").exists()


def test_a_link_entry_is_refused(tmp_path: Path) -> None:
    path = named_zip(tmp_path / "link.zip", {"a.shp": b"x", "a.shx": b"x"}, link="a.dbf")
    assert refusal(path) == (
        "link.zip holds a symbolic link ('a.dbf'), which could point at any file of this "
        "machine; it is not opened: zip the files themselves again"
    )


def test_too_many_entries_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(landscape.settings, "ZIP_MAX_ENTRIES", 3)
    path = named_zip(tmp_path / "many.zip", {f"{i}.txt": b"" for i in range(4)})
    assert refusal(path) == (
        "many.zip holds 4 entries, more than the 3 the toolkit opens "
        "(settings.ZIP_MAX_ENTRIES); zip only the files the map needs"
    )


# --- zip bombs --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_gib() -> tuple[bytes, int]:
    return zeros_deflated(2048)


def test_the_bomb_is_small_and_really_holds_two_gibibytes(two_gib: tuple[bytes, int],
                                                         tmp_path: Path) -> None:
    data, crc = two_gib
    assert len(data) < 3 * MIB
    path = raw_zip(tmp_path / "check.zip", "zeros.bin", data, crc, 2048 * MIB)
    with zipfile.ZipFile(path) as archive, archive.open("zeros.bin") as stream:
        first = stream.read(MIB)
    assert first == bytes(MIB)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    total = len(inflate.decompress(data[:4096]))
    assert total > 1000 * len(data[:4096])  # a thousand to one and more


@pytest.mark.parametrize("file", ["bomb.zip", "bomb.kmz"])
def test_a_bomb_is_refused_by_its_declared_size(two_gib: tuple[bytes, int], tmp_path: Path,
                                                file: str) -> None:
    path = raw_zip(tmp_path / file, "a.shp" if file.endswith("zip") else "doc.kml", *two_gib,
                   declared=2048 * MIB)
    assert refusal(path) == (
        f"{file} declares 2,147 MB once unzipped, more than the 1,074 MB the toolkit expands "
        "(settings.ZIP_MAX_BYTES); it is not opened: send the files unzipped or in parts"
    )


def test_a_bomb_that_lies_about_its_size_is_refused_by_the_bytes_it_gives(
        two_gib: tuple[bytes, int], tmp_path: Path) -> None:
    path = raw_zip(tmp_path / "liar.zip", "a.shp", *two_gib, declared=1000)
    assert refusal(path) == (
        "liar.zip: entry 'a.shp' expands to more than the 1,000 bytes it declares (a zip bomb, "
        "or a damaged archive); it is not opened: zip the files again"
    )


def test_a_workbook_bomb_is_refused_before_openpyxl_unzips_it(two_gib: tuple[bytes, int],
                                                            tmp_path: Path) -> None:
    path = raw_zip(tmp_path / "rencana.xlsx", "xl/sharedStrings.xml", *two_gib,
                   declared=2048 * MIB)
    with pytest.raises(InputFileError) as caught:
        read_workbook(path)
    assert str(caught.value).startswith("rencana.xlsx declares 2,147 MB once unzipped")


def test_a_zip_within_the_limits_is_read_as_before(tmp_path: Path) -> None:
    path = named_zip(tmp_path / "plain.zip", {"notes/readme.txt": b"hello"})
    assert refusal(path) == (
        "plain.zip contains no .shp file; zip the .shp together with its .shx, .dbf and .prj"
    )


# --- XML: external entities and entity expansion ----------------------------------------


def xxe(tmp_path: Path) -> str:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    return f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'


DTD_SENTENCE = (
    "{where} declares a DTD or entities, which no map file or workbook needs and "
    "which can make a reader fetch other files or expand text without end; it is not read: "
    "export or save it again"
)


@pytest.mark.parametrize("suffix", [".kml", ".gml"])
@pytest.mark.parametrize("attack", ["xxe", "laughs"])
def test_a_document_with_entities_is_refused_and_no_secret_leaks(
        tmp_path: Path, suffix: str, attack: str) -> None:
    doctype = xxe(tmp_path) if attack == "xxe" else BILLION_LAUGHS
    name = "&xxe;" if attack == "xxe" else "&l9;"
    path = tmp_path / f"{attack}{suffix}"
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n{POINT_KML.format(name=name)}')
    message = refusal(path)
    assert message == DTD_SENTENCE.format(where=path.name)
    assert SECRET not in message


@pytest.mark.parametrize("attack", ["xxe", "laughs"])
def test_a_kmz_whose_document_has_entities_is_refused(tmp_path: Path, attack: str) -> None:
    doctype = xxe(tmp_path) if attack == "xxe" else BILLION_LAUGHS
    name = "&xxe;" if attack == "xxe" else "&l9;"
    document = f'<?xml version="1.0"?>\n{doctype}\n{POINT_KML.format(name=name)}'
    path = named_zip(tmp_path / "areas.kmz", {"files/doc.kml": document.encode()})
    message = refusal(path)
    assert message == DTD_SENTENCE.format(where="areas.kmz: files/doc.kml")
    assert SECRET not in message


@pytest.mark.parametrize("attack", ["xxe", "laughs", "late"])
def test_a_gpx_with_a_dtd_is_refused_wherever_it_stands(tmp_path: Path, attack: str) -> None:
    doctype = {"xxe": xxe(tmp_path), "laughs": BILLION_LAUGHS,
               # past the first 4 kB, where a search of the opening bytes would not look
               "late": f"<!--{' ' * 5000}-->{BILLION_LAUGHS}"}[attack]
    name = "&l9;" if attack != "xxe" else "&xxe;"
    path = tmp_path / "track.gpx"
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n{POINT_GPX.format(name=name)}')
    message = refusal(path)
    assert message == "track.gpx declares a DTD, which a GPX file never needs; export it again"
    assert SECRET not in message


def entity_workbook(path: Path, part: str, doctype: str) -> Path:
    """A workbook whose XML ``part`` declares ``doctype`` (written by openpyxl, then edited)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mitra", "Judul Kegiatan"])
    sheet.append(["YRK", "Patroli"])
    plain = path.with_name("plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    text = parts[part].decode("utf-8")
    cut = text.index("?>") + 2 if text.startswith("<?xml") else 0  # after any declaration
    parts[part] = f"{text[:cut]}{doctype}{text[cut:]}".encode()
    return named_zip(path, parts)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml",
                                  "[Content_Types].xml"])
@pytest.mark.parametrize("attack", ["xxe", "laughs"])
def test_a_workbook_whose_xml_declares_entities_is_refused(tmp_path: Path, part: str,
                                                           attack: str) -> None:
    doctype = xxe(tmp_path) if attack == "xxe" else BILLION_LAUGHS
    path = entity_workbook(tmp_path / "rencana.xlsx", part, doctype)
    with pytest.raises(InputFileError) as caught:
        read_workbook(path)
    assert str(caught.value) == DTD_SENTENCE.format(where=f"rencana.xlsx: {part}")
    assert SECRET not in str(caught.value)


def test_a_plain_gpx_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "track.gpx"
    path.write_text(f'<?xml version="1.0"?>\n{POINT_GPX.format(name="Pos 1")}')
    assert list(read_area_file(path).features["name"]) == ["Pos 1"]


# --- text inputs larger than memory would like ------------------------------------------


def sparse(path: Path, size: int) -> Path:
    """A file of ``size`` bytes that takes no room on disk (a hole)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def test_a_huge_area_csv_is_refused_with_its_size_and_the_limit(tmp_path: Path) -> None:
    path = sparse(tmp_path / "titik.csv", 600 * MIB)  # 629,145,600 bytes
    assert refusal(path) == (
        "titik.csv is 629 MB, larger than the 537 MB a CSV, GeoJSON, KML, GPX or GML file may "
        "be (settings.TEXT_INPUT_MAX_BYTES: these are read whole into memory); split it, or "
        "save it as a GeoPackage"
    )


def test_a_huge_plan_csv_is_refused_too(tmp_path: Path) -> None:
    path = sparse(tmp_path / "3w.csv", 600 * MIB)
    with pytest.raises(InputFileError, match=r"^3w\.csv is 629 MB, larger than the 537 MB"):
        read_tables(path)


@pytest.mark.parametrize("suffix", [".geojson", ".kml", ".gpx"])
def test_the_limit_is_a_setting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                suffix: str) -> None:
    monkeypatch.setattr(landscape.settings, "TEXT_INPUT_MAX_BYTES", 100)
    path = tmp_path / f"area{suffix}"
    path.write_bytes(b" " * 150)
    assert refusal(path) == (
        f"area{suffix} is 150 bytes, larger than the 100 bytes a CSV, GeoJSON, KML, GPX or GML "
        "file may be (settings.TEXT_INPUT_MAX_BYTES: these are read whole into memory); split "
        "it, or save it as a GeoPackage"
    )


# --- the command line: one sentence, exit code 1, nothing leaked ------------------------


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A one-desa district (boundaries GeoPackage) and one area file inside it."""
    folder = tmp_path_factory.mktemp("district")
    square = shapely.box(111.4, 0.0, 111.6, 0.2)
    boundaries = folder / "batas.gpkg"
    for layer, code, name in (("kabupaten", "61.05", "Sintang"),
                              ("kecamatan", "61.05.01", "Sepauk"),
                              ("desa", "61.05.01.2001", "Nanga Pari")):
        gpd.GeoDataFrame({"kode": [code], "nama": [name]}, geometry=[square],
                         crs="EPSG:4326").to_file(boundaries, layer=layer)
    area = folder / "area.geojson"
    gpd.GeoDataFrame({"id": ["A-1"], "org": ["YRK"]}, geometry=[shapely.Point(111.5, 0.1)],
                     crs="EPSG:4326").to_file(area)
    return boundaries, area


def _kml(path: Path, doctype: str, name: str) -> Path:
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n{POINT_KML.format(name=name)}')
    return path


def _gpx(path: Path, doctype: str, name: str) -> Path:
    path.write_text(f'<?xml version="1.0"?>\n{doctype}\n{POINT_GPX.format(name=name)}')
    return path


#: Every hostile case through the command line: the option it is given to, and its file.
CLI_CASES: dict[str, tuple[str, Callable[[Path, tuple[bytes, int]], Path]]] = {
    "dot-dot entry": ("--areas", lambda t, _: named_zip(t / "escape.zip", {"../evil.shp": b"x"})),
    "absolute entry": ("--areas", lambda t, _: named_zip(t / "abs.zip", {"/srv/evil.shp": b"x"})),
    "link entry": ("--areas", lambda t, _: named_zip(t / "link.zip", {"a.shp": b""},
                                                     link="a.dbf")),
    "kmz dot-dot entry": ("--areas", lambda t, _: named_zip(t / "escape.kmz",
                                                            {"../doc.kml": b"x"})),
    "bomb": ("--areas", lambda t, z: raw_zip(t / "bomb.zip", "a.shp", *z, declared=2048 * MIB)),
    "lying bomb": ("--areas", lambda t, z: raw_zip(t / "liar.zip", "a.shp", *z, declared=1000)),
    "kmz bomb": ("--areas", lambda t, z: raw_zip(t / "bomb.kmz", "doc.kml", *z,
                                                 declared=2048 * MIB)),
    "kml xxe": ("--areas", lambda t, _: _kml(t / "xxe.kml", xxe(t), "&xxe;")),
    "kml laughs": ("--areas", lambda t, _: _kml(t / "laughs.kml", BILLION_LAUGHS, "&l9;")),
    "gpx xxe": ("--areas", lambda t, _: _gpx(t / "xxe.gpx", xxe(t), "&xxe;")),
    "gpx laughs": ("--areas", lambda t, _: _gpx(t / "laughs.gpx", BILLION_LAUGHS, "&l9;")),
    "huge csv": ("--areas", lambda t, _: sparse(t / "titik.csv", 600 * MIB)),
    "workbook bomb": ("--plan", lambda t, z: raw_zip(t / "bomb.xlsx", "xl/sharedStrings.xml",
                                                     *z, declared=2048 * MIB)),
    "workbook xxe": ("--plan", lambda t, _: entity_workbook(t / "xxe.xlsx", "xl/workbook.xml",
                                                            xxe(t))),
    "huge plan csv": ("--plan", lambda t, _: sparse(t / "3w.csv", 600 * MIB)),
}


def _read(option: str, path: Path) -> str:
    reader = read_tables if option == "--plan" else read_area_file
    with pytest.raises(InputFileError) as caught:
        reader(path)
    return str(caught.value)


@pytest.mark.parametrize("case", CLI_CASES)
def test_the_command_line_gives_the_one_sentence_and_exit_code_1(
        district: tuple[Path, Path], tmp_path: Path, two_gib: tuple[bytes, int],
        case: str) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    option, make = CLI_CASES[case]
    path = make(inbox, two_gib)
    plan = inbox / "3w.csv"  # a small plan: the workbook takes longer to read than the case
    if option != "--plan":
        plan.write_text("Mitra,Judul Kegiatan,Kecamatan\nYRK,Patroli,Sepauk\n", encoding="utf-8")
    boundaries, area = district
    inputs = {"--plan": str(plan), "--areas": str(area), option: str(path)}
    before = files_under(tmp_path)
    result = CliRunner().invoke(main, [
        "build", "--boundaries", str(boundaries), *(x for kv in inputs.items() for x in kv),
        "--kabupaten", "61.05", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [f"error: {_read(option, path)}"]
    assert SECRET not in result.output
    assert "Traceback" not in result.output
    assert files_under(tmp_path) == before  # no output folder, nothing unzipped anywhere
