"""Writing the build folder: CSV tables, the results GeoPackage, validation.json.

A build folder is written as a whole (:func:`build_folder`): every output goes
into a hidden sibling folder, which is swapped into place at the end, so the
folder never mixes two builds and a crash or kill half-way leaves the previous
build intact. Each file is also written to a temporary name and renamed, so a
crash never leaves a half-written output.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from landscape.errors import OutputError
from landscape.problems import Problem
from landscape.render.cells import safe_cell, table_cell

BUILD_MARKER = ".landscape-build"
"""The file that marks a folder as a landscape build; it lists the files the build wrote."""
_OUTPUT_SUFFIXES = frozenset({".csv", ".gpkg", ".html", ".json"})


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it onto ``path`` on success.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(folder / "a.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (folder / "a.txt").read_text()
    'done'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix,
                                dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    tmp.unlink()
    try:
        yield tmp
        tmp.replace(target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text(path: str | Path, text: str) -> int:
    """Write UTF-8 text atomically and return its size in bytes."""
    data = text.encode("utf-8")
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return len(data)


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table as UTF-8 CSV (lists joined with ``; ``, rupiah as whole numbers, no index).

    Text cells and column names pass through :func:`~landscape.render.cells.table_cell`:
    text a spreadsheet would run as a formula gets a single quote; numbers stay numbers.
    """
    plain = frame.drop(columns=["geometry"], errors="ignore").copy()
    for column in plain.columns:
        if str(column).endswith("_idr"):  # whole rupiah, empty where unknown
            plain[column] = pd.to_numeric(plain[column]).round().astype("Int64")
        elif not (pd.api.types.is_numeric_dtype(plain[column])
                  or pd.api.types.is_datetime64_any_dtype(plain[column])):
            plain[column] = plain[column].astype(object).map(table_cell)
    plain.columns = pd.Index([safe_cell(str(c)) for c in plain.columns])
    write_text(path, plain.to_csv(index=False, lineterminator="\n"))


def gpkg_timestamp(data_date: str) -> str | None:
    """Return the GeoPackage timestamp a build with ``data_date`` stores (None: undated).

    >>> gpkg_timestamp("2024-06"), gpkg_timestamp("2024-06-30"), gpkg_timestamp("")
    ('2024-06-01T00:00:00.000Z', '2024-06-30T00:00:00.000Z', None)
    """
    text = data_date.strip()
    text = f"{text}-01" if re.fullmatch(r"\d{4}-\d{2}", text) else text
    return f"{text}T00:00:00.000Z" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None


@contextlib.contextmanager
def _gdal_date(timestamp: str | None) -> Iterator[None]:
    """Make GDAL stamp what it writes with ``timestamp`` (if given) inside the block."""
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    if timestamp is not None:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": timestamp})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})


def write_geopackage(layers: Mapping[str, gpd.GeoDataFrame], path: str | Path, *,
                     data_date: str = "") -> None:
    """Write several layers into one GeoPackage, atomically.

    GeoPackage records when each layer was last changed; with ``data_date``
    (``YYYY-MM-DD`` or ``YYYY-MM``) that date is recorded instead of the clock's,
    so the same layers and date give the same bytes.
    """
    with atomic_path(path) as tmp, _gdal_date(gpkg_timestamp(data_date)):
        for name, frame in layers.items():
            plain = frame.copy()
            for column in plain.columns:
                if column != plain.geometry.name and plain[column].dtype == object:
                    plain[column] = plain[column].map(table_cell)
            plain.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")


def write_problems(problems: Sequence[Problem], path: str | Path) -> None:
    """Write the validation problems as a JSON list."""
    write_text(path, json.dumps([p.to_dict() for p in problems], ensure_ascii=False,
                                indent=1) + "\n")


# --- the build folder as a whole -------------------------------------------------------


def _entries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _not_from_a_build(folder: Path) -> list[str]:
    """Return the entries of ``folder`` that make it not an earlier build (none: a build).

    A build lists its files in :data:`BUILD_MARKER`; a folder built before the
    marker existed is recognised by ``atlas.html`` and ``validation.json`` among
    nothing but tables, GeoPackages, pages and JSON files.
    """
    entries = [e for e in _entries(folder) if e != BUILD_MARKER]
    marker = folder / BUILD_MARKER
    if marker.is_file():
        try:
            listed = json.loads(marker.read_text(encoding="utf-8")).get("files", [])
        except (ValueError, AttributeError, UnicodeDecodeError):
            return [BUILD_MARKER]
        return [e for e in entries if e not in {str(name) for name in listed}]
    others = [e for e in entries
              if not (folder / e).is_file() or Path(e).suffix not in _OUTPUT_SUFFIXES]
    if others or {"atlas.html", "validation.json"} <= set(entries):
        return others
    return entries


def _some(names: Sequence[str], most: int = 3) -> str:
    """Name up to ``most`` of ``names``, and how many more.

    >>> _some(["a", "b", "c", "d", "e"])
    'a, b, c and 2 more'
    >>> _some(["a", "b"])
    'a and b'
    """
    if len(names) > most:
        return f"{', '.join(names[:most])} and {len(names) - most} more"
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _unwritable(out: str | Path, target: Path, exc: OSError) -> OutputError:
    """Return the error for an output folder whose parent refuses a new folder."""
    parent = next((p for p in target.parents if p.exists()), target.parent)
    if isinstance(exc, PermissionError):
        mode = stat.filemode(parent.stat().st_mode)
        msg = (f"the output folder {out} cannot be written: its parent folder {parent} does "
               f"not let you create folders in it (permissions {mode}); choose another --out "
               "or make the parent writable")
    else:
        msg = (f"the output folder {out} cannot be created there ({parent} does not take new "
               f"folders: {exc.strerror or exc}); choose another --out")
    return OutputError(msg)


def _inputs_outside(target: Path, out: str | Path, inputs: Iterable[str | Path]) -> None:
    for given in inputs:
        path = Path(given).expanduser().resolve()
        if path == target or target in path.parents:
            msg = (f"the input {given} lies inside the output folder {out}, which a build "
                   "replaces as a whole; move the input or choose another --out")
            raise OutputError(msg)


def check_build_folder(out: str | Path, *, overwrite: bool = False,
                       inputs: Iterable[str | Path] = ()) -> Path:
    """Check that a build may be written into ``out``, and return its absolute path.

    A build may replace a folder that does not exist, an empty folder or an
    earlier build (a folder holding only the files a build wrote); any other
    folder only with ``overwrite``, and never a folder holding (or being) one
    of the build's ``inputs``. Nothing is written.

    Parameters
    ----------
    out : str or Path
        The output folder.
    overwrite : bool
        Allow replacing a folder that is not empty and is not an earlier build.
    inputs : iterable of str or Path
        Every file or folder the build reads (a map definition, boundaries, the
        plan, area files, layers); none may lie inside ``out``.

    Returns
    -------
    Path
        The folder, absolute, with symbolic links resolved.

    Raises
    ------
    OutputError
        If ``out`` (or a folder above it) is a file, if it is the file system's
        root or holds the current folder, if it holds an input, if its parent
        does not let you create folders, or if it is a folder of other files and
        ``overwrite`` is not given.
    """
    target = Path(out).expanduser().resolve()
    blocker = next((p for p in (target, *target.parents) if p.exists() and not p.is_dir()),
                   None)
    if blocker is not None:
        msg = (f"the output folder {out} cannot be made: {blocker} is a file, not a folder; "
               "choose another --out")
        raise OutputError(msg)
    cwd = Path.cwd().resolve()
    if target in {target.parent, cwd} or target in cwd.parents:
        msg = (f"the output folder {out} holds the current folder, so a build cannot "
               "replace it; choose a folder of its own for --out")
        raise OutputError(msg)
    _inputs_outside(target, out, inputs)
    parent = next(p for p in target.parents if p.exists())
    if not os.access(parent, os.W_OK | os.X_OK):
        raise _unwritable(out, target, PermissionError(13, "Permission denied", str(parent)))
    others = _not_from_a_build(target) if target.is_dir() and not overwrite else []
    if others:
        msg = (f"the output folder {out} is not empty and is not an earlier build (it holds "
               f"{_some(others)}); a build replaces the whole folder, so choose an empty or "
               "new folder, or give --overwrite to replace it")
        raise OutputError(msg)
    return target


def _folder_mode(target: Path) -> int:
    if target.is_dir():
        return stat.S_IMODE(target.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _alive(pid: int) -> bool:
    """Tell whether process ``pid`` exists (one of another user counts as alive)."""
    try:
        os.kill(pid, 0)
    except PermissionError:
        return True
    except OSError:  # ProcessLookupError, or a pid out of range
        return False
    return True


def _siblings(target: Path) -> list[tuple[str, int, Path]]:
    """Return the hidden siblings builds of ``target`` wrote: (kind, writer's pid, path)."""
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(building|old)-(\d+)-\w+")
    found = [(m[1], int(m[2]), p) for p in
             (target.parent.iterdir() if target.parent.is_dir() else [])
             if (m := pattern.fullmatch(p.name))]
    return sorted(found, key=lambda f: (f[0], f[2].name))


def recover_build_folder(out: str | Path) -> list[str]:
    """Tidy what builds of ``out`` that were killed left beside it; return what was done.

    A build writes into ``.NAME.building-<pid>-XXXX`` and sets the earlier build
    aside as ``.NAME.old-<pid>-XXXX`` while swapping; ``<pid>`` is the writing
    process. Siblings of a process that no longer runs are handled: if ``out``
    is missing (a kill between the two renames of the swap), the earlier build
    set aside is restored as ``out`` first; the rest are deleted. The siblings
    of a running process are never touched.

    Returns
    -------
    list of str
        One sentence per folder restored or deleted.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> parent = pathlib.Path(tempfile.mkdtemp())
    >>> (parent / ".out.old-999999999-ab12").mkdir()
    >>> recover_build_folder(parent / "out")  # doctest: +ELLIPSIS
    ['restored the earlier build .../out from .out.old-999999999-ab12, ...']
    >>> sorted(p.name for p in parent.iterdir())
    ['out']
    """
    target = Path(out).expanduser().resolve()
    stale = [(kind, path) for kind, pid, path in _siblings(target) if not _alive(pid)]
    done = []
    olds = sorted((p for kind, p in stale if kind == "old"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists() and not target.is_symlink():
        olds[-1].rename(target)
        done.append(f"restored the earlier build {target} from {olds[-1].name}, set aside "
                    "by a build that was stopped while swapping folders")
    for _kind, path in stale:
        if path.exists():
            shutil.rmtree(path, ignore_errors=True)
            done.append(f"deleted {path.name}, left beside {target.name} by a build that was "
                        "stopped")
    return done


def _swap(new: Path, target: Path) -> None:
    """Put ``new`` where ``target`` is: old aside, new in, old deleted."""
    if not target.exists():
        new.rename(target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}")
    target.rename(old)
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def build_folder(out: str | Path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield an empty hidden sibling of ``out`` to write a build into; swap it in on success.

    Siblings left by builds that were killed are tidied first
    (:func:`recover_build_folder`). On leaving the block normally, the folder
    gets its :data:`BUILD_MARKER` and replaces ``out`` (the earlier build is
    renamed aside, the new one renamed in, the earlier one deleted). On an
    exception the sibling is deleted and ``out`` is left as it was; if the
    process is killed, ``out`` is left as it was too (with the hidden sibling
    beside it, named with the process id, tidied by the next build).

    Parameters
    ----------
    out : str or Path
        The output folder; checked with :func:`check_build_folder`.
    overwrite : bool
        Allow replacing a folder that is not empty and is not an earlier build.

    Yields
    ------
    Path
        The temporary folder (same parent as ``out``) to write every output into.

    Raises
    ------
    OutputError
        As :func:`check_build_folder`, before anything is written.
        Also if the parent of ``out`` does not take a new folder.
    OSError
        If a file cannot be written (a full disk).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "build"
    >>> with build_folder(out) as folder:
    ...     _ = write_text(folder / "a.txt", "done")
    >>> sorted(p.name for p in out.iterdir())
    ['.landscape-build', 'a.txt']
    """
    recover_build_folder(out)
    target = check_build_folder(out, overwrite=overwrite)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-{os.getpid()}-",
                                     dir=target.parent))
    except OSError as exc:
        raise _unwritable(out, target, exc) from exc
    try:
        yield work
        files = [e for e in _entries(work) if e != BUILD_MARKER]
        write_text(work / BUILD_MARKER, json.dumps({"tool": "landscape", "files": files},
                                                   indent=1) + "\n")
        work.chmod(_folder_mode(target))
        check_build_folder(out, overwrite=overwrite)  # unchanged while the build ran
        _swap(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
