"""Writing the build folder: CSV tables, the results GeoPackage, validation.json.

Every file is written to a temporary name in the same folder and renamed into
place, so a crash never leaves a half-written output.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import pandas as pd

from landscape.problems import Problem


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


def _cell(value: object) -> object:
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    return value


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """Write a table as UTF-8 CSV (lists joined with ``; ``, rupiah as whole numbers, no index)."""
    plain = frame.drop(columns=["geometry"], errors="ignore").copy()
    for column in plain.columns:
        if plain[column].dtype == object:
            plain[column] = plain[column].map(_cell)
        if str(column).endswith("_idr"):  # whole rupiah, empty where unknown
            plain[column] = pd.to_numeric(plain[column]).round().astype("Int64")
    write_text(path, plain.to_csv(index=False, lineterminator="\n"))


def write_geopackage(layers: Mapping[str, gpd.GeoDataFrame], path: str | Path) -> None:
    """Write several layers into one GeoPackage, atomically."""
    with atomic_path(path) as tmp:
        for name, frame in layers.items():
            plain = frame.copy()
            for column in plain.columns:
                if column != plain.geometry.name and plain[column].dtype == object:
                    plain[column] = plain[column].map(_cell)
            plain.to_file(tmp, layer=name, driver="GPKG", engine="pyogrio")


def write_problems(problems: Sequence[Problem], path: str | Path) -> None:
    """Write the validation problems as a JSON list."""
    write_text(path, json.dumps([p.to_dict() for p in problems], ensure_ascii=False,
                                indent=1) + "\n")

