"""The project file ``landscape.toml``: one district's inputs and map options in one place.

A project folder (``landscape init`` writes one) holds the file beside its inputs::

    title = "Sekber Multi Pihak Kabupaten Sintang"
    boundaries = "data/batas-wilayah.gpkg"
    plan = "data/rencana-aksi.xlsx"
    plan_partners = "mitra/"          # the partners' returned workbooks (optional)
    areas = ["data/areal/*"]
    kabupaten = "61.05"
    lang = "id"
    out = "hasil"

    [layers]
    tutupan_lahan = "data/lapisan/penutupan_lahan_2022.gpkg"

The keys are those of a map definition (:mod:`landscape.read.mapdef`, so every file
under ``maps/`` is a project file too) and ``plan_partners``. Relative paths are
read from the file's own folder. ``landscape build`` with no arguments builds the
``landscape.toml`` of the current folder; options on the command line win.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from landscape.errors import InputError, InputFileError
from landscape.read.boundaries import BoundarySource
from landscape.read.mapdef import load_map

__all__ = ["LANGUAGES", "PROJECT_FILE", "Project", "find_project", "load_project",
           "partner_workbooks", "plan_files"]

PROJECT_FILE = "landscape.toml"
LANGUAGES = ("id", "en")
_OWN_KEYS = frozenset({"plan_partners"})


@dataclass(frozen=True, slots=True)
class Project:
    """A project file read: every path absolute, every value checked.

    Attributes
    ----------
    source : Path
        The project file.
    boundaries : BoundarySource or None
        The kecamatan and desa boundaries.
    plan : Path or None
        The forum's workbook (.xlsx), a 3W table (.csv) or a folder of partner workbooks.
    plan_partners : Path or None
        A folder of partner workbooks returned to the forum, merged with ``plan`` by id.
    areas : tuple of Path
        Partner area files (glob patterns expanded).
    layers : mapping of str to str
        Landscape layer id -> path text (``PATH#LAYER`` kept), checked by the command line
        as its ``--layer`` values are.
    title, kabupaten, lang, date : str or None
        Map options.
    out : Path or None
        The build folder.
    loss_years : int or None
        The recent period for tree-cover loss and hotspot gaps.
    """

    source: Path
    boundaries: BoundarySource | None = None
    plan: Path | None = None
    plan_partners: Path | None = None
    areas: tuple[Path, ...] = ()
    layers: Mapping[str, str] = field(default_factory=dict)
    title: str | None = None
    kabupaten: str | None = None
    lang: str | None = None
    date: str | None = None
    out: Path | None = None
    loss_years: int | None = None

    def options(self) -> dict[str, Any]:
        """Return the values the file sets, as the build's options (unset ones left out)."""
        found: dict[str, Any] = {
            "boundaries": self.boundaries, "plan": self.plan and str(self.plan),
            "plan_partners": self.plan_partners and str(self.plan_partners),
            "areas": [str(a) for a in self.areas], "layers": dict(self.layers),
            "title": self.title, "kabupaten": self.kabupaten, "lang": self.lang,
            "date": self.date, "out": self.out and str(self.out),
            "loss_years": self.loss_years}
        return {k: v for k, v in found.items() if v not in (None, [], {})}


def find_project(folder: str | Path = ".") -> Path | None:
    """Return the ``landscape.toml`` of ``folder``, or None when it has none."""
    path = Path(folder) / PROJECT_FILE
    return path if path.is_file() else None


def _text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value)


def load_project(path: str | Path) -> Project:
    r"""Read a project file (or a map definition) into a :class:`Project`.

    Raises
    ------
    InputFileError
        If the file is missing or not TOML.
    InputError
        With one sentence naming the file and the key: an unknown key, a value of the
        wrong kind, a language other than id or en, an areas pattern matching nothing.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "landscape.toml").write_text('plan = "rencana.xlsx"\nlang = "en"\n')
    >>> project = load_project(folder / "landscape.toml")
    >>> project.plan == folder.resolve() / "rencana.xlsx", project.lang
    (True, 'en')
    >>> _ = (folder / "landscape.toml").write_text('plann = "rencana.xlsx"\n')
    >>> load_project(folder / "landscape.toml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    landscape.errors.InputError: landscape.toml: unknown key 'plann'; the keys are ...
    """
    source = Path(path)
    data = load_map(source, extra_keys=_OWN_KEYS)
    name = source.name
    partners = data.get("plan_partners")
    if partners is not None and not isinstance(partners, str):
        msg = f"{name}: plan_partners must be a text (a folder of partner workbooks)"
        raise InputError(msg)
    lang = _text(data, "lang")
    if lang is not None and lang not in LANGUAGES:
        msg = f'{name}: lang {lang!r} is not a language of the atlas; write "id" or "en"'
        raise InputError(msg)
    base = source.resolve().parent
    return Project(
        source=source, boundaries=data.get("boundaries"),
        plan=Path(data["plan"]) if data.get("plan") else None,
        plan_partners=base / partners if partners else None,
        areas=tuple(Path(a) for a in data.get("areas", [])),
        layers=dict(data.get("layers", {})), title=_text(data, "title"),
        kabupaten=_text(data, "kabupaten"), lang=lang, date=_text(data, "date"),
        out=Path(data["out"]) if data.get("out") else None,
        loss_years=data.get("loss_years"))


def partner_workbooks(folder: str | Path) -> list[Path]:
    """Return the workbooks (``*.xlsx``) of a folder, by name, leaving out Excel's lock files.

    Raises
    ------
    InputFileError
        If the folder holds no workbook.
    """
    path = Path(folder)
    found = sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("~$"))
    if not found:
        msg = (f"{path} is a folder with no workbook (.xlsx) in it; give the forum's workbook, "
               "or a folder of the partners' returned workbooks")
        raise InputFileError(msg)
    return found


def plan_files(plan: str | Path,
               partners: Sequence[str | Path] = ()) -> tuple[Path, list[Path]]:
    """Return the forum's plan and the partner workbooks to merge with it.

    ``plan`` may be a folder of partner workbooks: its first workbook by name then
    stands for the forum's copy and the others are merged with it. ``partners`` are
    workbooks or folders of them.
    """
    path = Path(plan)
    returned: list[Path] = []
    if path.is_dir():
        path, *returned = partner_workbooks(path)
    for item in map(Path, partners):
        returned += partner_workbooks(item) if item.is_dir() else [item]
    return path, [p for p in returned if p.resolve() != path.resolve()]
