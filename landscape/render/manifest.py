"""The build manifest, ``build.json``: what a build read, with which options, and what it wrote.

Every input file is listed with its name, size and SHA-256 (a folder given as
input: each file in it), so that a later comparison (``landscape diff``) knows
what it compares and any number of the build can be traced to the bytes it came
from. Nothing in it depends on the clock or on the output folder, so the same
inputs and options give the same manifest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from landscape.model import Result

MANIFEST_NAME = "build.json"
MANIFEST_VERSION = 1
#: Options that say where or how a build is written, not what it is built from.
_NOT_RECORDED = frozenset({"out", "overwrite"})
_CHUNK = 1 << 20


def sha256_of(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, read in chunks, as hex."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def toolkit_version() -> str:
    """Return the installed version of the toolkit (``"unknown"`` when not installed)."""
    try:
        return metadata.version("landscape")
    except metadata.PackageNotFoundError:
        return "unknown"


def _files(given: Path) -> list[tuple[str, Path]]:
    """Return (name as listed, path) for a file, or for every file in a folder."""
    if given.is_dir():
        return [(f"{given.name}/{p.relative_to(given).as_posix()}", p)
                for p in sorted(given.rglob("*")) if p.is_file()]
    return [(given.name, given)]


def input_entries(inputs: Iterable[str | Path]) -> list[dict[str, Any]]:
    """Return one entry per input file: ``name``, ``path`` (as given), ``bytes``, ``sha256``.

    A file listed twice is listed once; a path that no longer exists is listed with
    ``bytes`` and ``sha256`` as ``None``.
    """
    entries: list[dict[str, Any]] = []
    seen: set[Path] = set()
    for given in inputs:
        root = Path(given)
        for name, path in _files(root) if root.exists() else [(root.name, root)]:
            key = path.resolve()
            if key in seen:
                continue
            seen.add(key)
            there = path.is_file()
            entries.append({"name": name, "path": str(path),
                            "bytes": path.stat().st_size if there else None,
                            "sha256": sha256_of(path) if there else None})
    return entries


def plain_value(value: object) -> object:
    """Return ``value`` as JSON can hold it (paths as text, records as mappings)."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): plain_value(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return [plain_value(v) for v in items]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def manifest(result: Result, *, options: Mapping[str, Any] | None = None, data_date: str = "",
             outputs: Sequence[Path] = ()) -> dict[str, Any]:
    """Return the manifest of a build as a JSON-ready mapping.

    Parameters
    ----------
    result : Result
        The build; ``result.inputs`` are the files it read.
    options : mapping, optional
        The options the build ran with (the output folder is left out).
    data_date : str
        The date the data stands for.
    outputs : sequence of Path
        The files written, each listed with its size and SHA-256.
    """
    given = {k: v for k, v in (options or {}).items() if k not in _NOT_RECORDED}
    return {
        "tool": "landscape",
        "manifest_version": MANIFEST_VERSION,
        "version": toolkit_version(),
        "data_date": data_date,
        "kabupaten": result.bounds.scope or "",
        "options": plain_value(given),
        "inputs": input_entries(result.inputs),
        "counts": plain_value(result.tally) if result.tally is not None else {},
        "outputs": [{"name": p.name, "bytes": p.stat().st_size, "sha256": sha256_of(p)}
                    for p in sorted(outputs, key=lambda p: p.name)],
    }


def manifest_text(data: Mapping[str, Any]) -> str:
    """Return the manifest as the text written to ``build.json``."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

