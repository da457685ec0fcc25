"""The wheel carries every module and data file: the package list and package-data globs of
pyproject.toml cover every folder and file of ``landscape/`` and ``layers/``.

(``make wheel-check`` builds the wheel and runs the demo from it in a fresh environment.)
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import pytest

from landscape.catalogue import default_folder
from landscape.sample.generate import SAMPLE_SOURCE

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]


def _package_folders() -> dict[str, Path]:
    """Return dotted name -> folder for every folder under the package roots that holds a file."""
    roots = {"landscape": ROOT / "landscape", **{
        name: ROOT / folder for name, folder in SETUPTOOLS["package-dir"].items()}}
    found: dict[str, Path] = {}
    for name, root in roots.items():
        for folder in [root, *root.rglob("*")]:
            parts = folder.relative_to(root).parts
            if not folder.is_dir() or "__pycache__" in parts:
                continue
            if any(path.is_file() for path in folder.iterdir()):
                found[".".join((name, *parts))] = folder
    return found


def test_every_folder_of_the_package_is_listed_for_the_wheel() -> None:
    assert sorted(_package_folders()) == sorted(SETUPTOOLS["packages"])


def test_every_data_file_matches_a_package_data_glob() -> None:
    globs: dict[str, list[str]] = SETUPTOOLS["package-data"]
    missed = [
        str(path.relative_to(ROOT))
        for name, folder in _package_folders().items()
        for path in folder.iterdir()
        if path.is_file() and path.suffix not in {".py", ".pyc"}
        and not any(fnmatch.fnmatch(path.name, glob) for glob in globs.get(name, []))
    ]
    assert missed == []


def test_the_catalogue_and_sample_sources_are_read_from_layers(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANDSCAPE_LAYERS", raising=False)
    assert default_folder().resolve() == (ROOT / "layers" / "catalogue").resolve()
    assert SAMPLE_SOURCE.resolve() == (ROOT / "layers" / "sample").resolve()
