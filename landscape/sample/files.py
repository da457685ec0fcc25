"""Writing the sample's files: atomically, and with fixed timestamps where a format stores one."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import geopandas as gpd

ZIP_TIME = (2024, 6, 30, 9, 0, 0)
"""Timestamp stored in zip members and the DBF header, so the zip is byte-identical."""


def atomic(path: Path, write: Callable[[Path], object]) -> Path:
    """Write ``path`` through a temporary file in the same folder, then rename it."""
    tmp = path.with_name(f".{path.stem}.partial{path.suffix}")
    tmp.unlink(missing_ok=True)
    try:
        write(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_gpkg(path: Path, layers: dict[str, gpd.GeoDataFrame]) -> Path:
    """Write ``layers`` (layer name -> frame) into one GeoPackage at ``path``."""
    def write(tmp: Path) -> None:
        for name, frame in layers.items():
            frame.to_file(tmp, layer=name, driver="GPKG")

    return atomic(path, write)


def write_text(path: Path, text: str) -> Path:
    """Write ``text`` as UTF-8 with Unix line ends."""
    return atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline="\n"))
