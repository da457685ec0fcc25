"""Containers and documents checked before any reader opens them.

Files reach the forum by e-mail and flash disk, from dozens of organisations, so
every zip (a zipped Shapefile or File GDB, a KMZ, an ``.xlsx`` workbook) and every
XML document (KML, GPX, GML) is checked before GDAL, openpyxl or the standard
library reads it:

* a zip entry whose name leaves the archive's folder (``../``, an absolute path,
  a drive letter) or that is a symbolic link is refused, naming the entry;
* a zip whose entries declare more bytes in all than
  :data:`~landscape.settings.ZIP_MAX_BYTES`, or more entries than
  :data:`~landscape.settings.ZIP_MAX_ENTRIES`, is refused before it is opened;
  then every compressed entry is inflated once, to nowhere, counting the bytes it
  really gives (a zip bomb can lie in its headers), and stopped as soon as it gives
  more than it declares: such an archive is refused too;
* an XML document that declares a DTD (the door to external entities, which read
  files such as ``/etc/passwd``, and to entity expansion, "billion laughs") is
  refused; it is parsed with :mod:`defusedxml`, streamed, before GDAL sees it;
* a text input (CSV, GeoJSON, KML, GPX, GML), which is parsed whole into memory,
  larger than :data:`~landscape.settings.TEXT_INPUT_MAX_BYTES` is refused with its
  size and the limit, never left to exhaust the machine.

Nothing is ever extracted to disk: GDAL reads zips through ``/vsizip/``, the
rest through :mod:`zipfile`.
"""

from __future__ import annotations

import contextlib
import stat
import struct
import zipfile
import zlib
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO, TYPE_CHECKING
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from landscape import settings
from landscape.errors import InputFileError

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["TEXT_SUFFIXES", "XML_SUFFIXES", "check_archive", "check_container", "check_size",
           "check_xml", "checked_zip"]

#: Formats parsed whole into memory (their size is bounded by TEXT_INPUT_MAX_BYTES).
TEXT_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".geojson", ".json", ".kml", ".gpx", ".gml"})
#: XML formats checked for a DTD before they are read.
XML_SUFFIXES = frozenset({".kml", ".gpx", ".gml"})

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_CHUNK = 1 << 16
_OUT_CHUNK = 1 << 24
_MB = 1_000_000


def _megabytes(size: int) -> str:
    return f"{size / _MB:,.0f} MB" if size >= _MB else f"{size:,} bytes"


def check_size(path: Path) -> None:
    """Refuse a text input larger than :data:`~landscape.settings.TEXT_INPUT_MAX_BYTES`.

    Raises
    ------
    InputFileError
        Naming the file, its size and the limit.
    """
    most = settings.TEXT_INPUT_MAX_BYTES
    size = path.stat().st_size
    if size > most:
        msg = (
            f"{path.name} is {_megabytes(size)}, larger than the {_megabytes(most)} a CSV, "
            "GeoJSON, KML, GPX or GML file may be (settings.TEXT_INPUT_MAX_BYTES: these are "
            "read whole into memory); split it, or save it as a GeoPackage"
        )
        raise InputFileError(msg)


@contextlib.contextmanager
def checked_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    """Open a zip and check it (:func:`check_archive`) before yielding it.

    Raises
    ------
    InputFileError
        If the file is not a readable zip, or fails a check.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        msg = (
            f"{path.name} is not a readable zip archive (damaged or incompletely downloaded); "
            "download or zip it again"
        )
        raise InputFileError(msg) from exc
    with archive:
        check_archive(path, archive)
        yield archive


def check_container(path: Path) -> None:
    """Check a file that should be a zip of XML parts (an ``.xlsx`` workbook) before it is read.

    The zip is checked (:func:`check_archive`), then each XML part for a DTD
    (:func:`check_xml`). A file that is no zip at all is left to its reader, whose
    message says what it is not.

    Raises
    ------
    InputFileError
        If it is a zip and fails a check.
    """
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return
    with archive:
        check_archive(path, archive)
        for name in archive.namelist():
            if name.lower().endswith((".xml", ".rels", ".vml")):
                with archive.open(name) as stream:
                    check_xml(stream, path.name, name)


def check_archive(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a zip with an entry that escapes its folder, a link, or a bomb.

    Raises
    ------
    InputFileError
        One sentence naming the file and the entry (or the sizes).
    """
    entries = archive.infolist()
    if len(entries) > settings.ZIP_MAX_ENTRIES:
        msg = (
            f"{path.name} holds {len(entries):,} entries, more than the "
            f"{settings.ZIP_MAX_ENTRIES:,} the toolkit opens (settings.ZIP_MAX_ENTRIES); "
            "zip only the files the map needs"
        )
        raise InputFileError(msg)
    for info in entries:
        _check_entry(path, info)
    declared = sum(info.file_size for info in entries)
    if declared > settings.ZIP_MAX_BYTES:
        msg = (
            f"{path.name} declares {_megabytes(declared)} once unzipped, more than the "
            f"{_megabytes(settings.ZIP_MAX_BYTES)} the toolkit expands "
            "(settings.ZIP_MAX_BYTES); it is not opened: send the files unzipped or in parts"
        )
        raise InputFileError(msg)
    _check_actual_sizes(path, entries)


def _check_entry(path: Path, info: zipfile.ZipInfo) -> None:
    name = info.filename
    windows = PureWindowsPath(name)
    escapes = (
        name.startswith(("/", "\\"))
        or bool(windows.drive)
        or ".." in PurePosixPath(name.replace("\\", "/")).parts
    )
    if escapes:
        msg = (
            f"{path.name} holds an entry that would land outside its folder ({name!r}); "
            "it is not opened: zip the files again from inside their folder"
        )
        raise InputFileError(msg)
    if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):  # made on Unix
        msg = (
            f"{path.name} holds a symbolic link ({name!r}), which could point at any file of "
            "this machine; it is not opened: zip the files themselves again"
        )
        raise InputFileError(msg)


def _check_actual_sizes(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """Inflate every deflated entry to nowhere; refuse one that gives more than it declares.

    The declared sizes are within :data:`~landscape.settings.ZIP_MAX_BYTES` by then, so
    no entry is inflated past that cap, whatever its headers say.
    """
    with path.open("rb") as raw:
        for info in entries:
            if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 1:
                continue  # stored: its bytes are in the file; other methods: read as declared
            if _inflated_size(raw, info, info.file_size) > info.file_size:
                msg = (
                    f"{path.name}: entry {info.filename!r} expands to more than the "
                    f"{info.file_size:,} bytes it declares (a zip bomb, or a damaged "
                    "archive); it is not opened: zip the files again"
                )
                raise InputFileError(msg)


def _inflated_size(raw: IO[bytes], info: zipfile.ZipInfo, room: int) -> int:
    """Return the bytes an entry's deflate stream gives, stopping once past ``room``.

    The stream is read from its local header, whatever sizes the headers declare; at
    most ``room`` plus one bytes are made, 16 MiB at a time, and none of them is kept.
    """
    raw.seek(info.header_offset)
    header = raw.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size:
        return info.file_size
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
    raw.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    inflate = zlib.decompressobj(-zlib.MAX_WBITS)
    size = 0
    try:
        while not inflate.eof and size <= room:
            data = inflate.unconsumed_tail or raw.read(_CHUNK)
            if not data:
                break
            size += len(inflate.decompress(data, min(_OUT_CHUNK, room - size + 1)))
    except zlib.error:
        return info.file_size  # a damaged stream: the reader reports it
    return size


def check_xml(source: Path | IO[bytes], file_name: str, entry: str | None = None) -> None:
    """Refuse an XML document that declares a DTD or entities; stream the rest through.

    The document is parsed with :mod:`defusedxml` (no DTD, no entity, no external
    reference), one element at a time, each cleared once read. A document that is not
    well-formed is left to its reader, which reports it.

    Raises
    ------
    InputFileError
        Naming the file (and the entry of a KMZ).
    """
    where = file_name if entry is None else f"{file_name}: {entry}"
    try:
        for _, element in iterparse(source, events=("end",), forbid_dtd=True):
            element.clear()
    except DefusedXmlException as exc:
        msg = (
            f"{where} declares a DTD or entities, which no map file "
            "or workbook needs and which can make a reader fetch other files or expand text "
            "without end; it is not read: export or save it again"
        )
        raise InputFileError(msg) from exc
    except ParseError:
        return
