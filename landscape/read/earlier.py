"""An earlier build folder, read back for comparison: its tables and its manifest.

What ``landscape diff`` and ``landscape build --since`` compare is what a build
wrote (its CSV tables and ``build.json``), so two builds made months apart, by
different versions of the toolkit, can still be compared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from landscape.errors import InputError

WHO_FILE = "who-does-what-where.csv"
#: Table -> its file in a build folder; the first one must be there.
_FILES = {"who": WHO_FILE, "overlaps": "overlaps.csv", "gaps": "gaps.csv",
          "plan": "plan-vs-reality.csv", "budget": "budget-by-source-year.csv"}
_TEXT_COLUMNS = ("activity_id", "org", "kecamatan_code", "desa_code", "code", "item_no",
                 "source", "year", "action_item", "kecamatan_codes", "org_a", "org_b", "level",
                 "priority", "start", "end", "has_activity")


@dataclass(frozen=True, slots=True)
class BuildTables:
    """The tables of one build folder, as written (codes and dates as text).

    ``gaps`` is empty when the build had no landscape layers; ``data_date`` is
    the build's data date from its ``build.json`` (``""`` when it has none).
    """

    folder: Path
    who: pd.DataFrame
    overlaps: pd.DataFrame
    gaps: pd.DataFrame
    plan: pd.DataFrame
    budget: pd.DataFrame
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def data_date(self) -> str:
        """The data date the build recorded, or ``""``."""
        return str(self.manifest.get("data_date") or "")


def _table(path: Path) -> pd.DataFrame:
    if not path.is_file():
        return pd.DataFrame()
    head = pd.read_csv(path, nrows=0, encoding="utf-8")
    text = {c: str for c in head.columns if c in _TEXT_COLUMNS}
    return pd.read_csv(path, dtype=text, keep_default_na=False, na_values=[""],
                       encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any]:
    """Return the ``build.json`` of a build folder (an empty mapping when it has none)."""
    path = folder / "build.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def read_build(folder: str | Path, *, data_date: str | None = None) -> BuildTables:
    """Read the tables of a build folder.

    Parameters
    ----------
    folder : str or Path
        A folder a build wrote.
    data_date : str, optional
        The data date, when the folder has no ``build.json`` yet (a build being written).

    Raises
    ------
    InputError
        If the folder does not exist or holds no ``who-does-what-where.csv``.
    """
    path = Path(folder)
    if not (path / WHO_FILE).is_file():
        what = "does not exist" if not path.exists() else f"holds no {WHO_FILE}"
        msg = (f"{folder} {what}, so it is not a build to compare with; give the folder an "
               "earlier `landscape build --out` wrote")
        raise InputError(msg)
    try:
        tables = {key: _table(path / name) for key, name in _FILES.items()}
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        msg = f"{folder} holds a table that cannot be read ({exc}); rebuild it"
        raise InputError(msg) from exc
    manifest = read_manifest(path)
    if data_date is not None:
        manifest = {**manifest, "data_date": data_date}
    return BuildTables(folder=path, manifest=manifest, **tables)
