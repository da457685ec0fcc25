"""What a row's area reference names: ``file#id``, ``file#N``, a bare id, or a file alone.

A reference is read against the features of the area files given
(:func:`landscape.read.areas.read_areas`):

* ``file#id`` or a bare ``id``: the features whose id or name is ``id``;
* ``file#N``: the feature numbered ``N`` in that file (its own 1-based position,
  the number messages show), for features without a name;
* a file named alone (``track.gpx``): its only feature, else its only unnamed
  feature (a phone's track beside named waypoints); several unnamed ones are
  reported with the ``file#N`` to write.

A reference to a feature the reader dropped (no geometry, at 0,0, outside the
longitude/latitude range) answers None: the drop was reported once, by the reader.

Examples
--------
>>> import geopandas as gpd, pandas as pd, shapely
>>> features = gpd.GeoDataFrame({"file": ["track.gpx"], "layer": ["tracks"], "number": [1],
...                              "feature_id": [None], "name": [None]},
...                             geometry=[shapely.LineString([(111, 0), (111.1, 0)])])
>>> dropped = pd.DataFrame(columns=["file", "layer", "number", "feature_id", "name", "reason"])
>>> FeatureIndex.of(features, dropped).resolve("track.gpx")
[0]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from landscape.read.areas import AREA_SUFFIXES

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["FeatureIndex", "feature_numbers"]

#: Feature positions, (problem, fix), or None for a feature already reported as dropped.
_Resolved = list[int] | tuple[str, str] | None


@dataclass(slots=True)
class FeatureIndex:
    """Where each reference can point: features by file, id, name and number; dropped ones.

    Build it with :meth:`of`; :meth:`resolve` answers one reference.
    """

    names: dict[str, str]  # file name lowercased -> as given
    keys: dict[tuple[str, str], list[int]]
    positions: dict[tuple[str, str], int]  # (file, "N") -> the feature numbered N
    files: dict[str, list[int]]
    unnamed: dict[str, list[int]]
    numbers: list[int]
    file_of: list[str]
    dropped: set[tuple[str, str]]

    @classmethod
    def of(cls, features: gpd.GeoDataFrame, dropped: pd.DataFrame) -> FeatureIndex:
        """Index the features (:data:`~landscape.read.areas.COLUMNS`) and the dropped ones."""
        names = {str(f).lower(): str(f) for f in [*features["file"], *dropped["file"]]}
        numbers = feature_numbers(features)
        keys: dict[tuple[str, str], list[int]] = {}
        positions = {(file, str(n)): pos for pos, (file, n) in enumerate(
            zip((str(f).lower() for f in features["file"]), numbers, strict=True))}
        files: dict[str, list[int]] = {}
        unnamed: dict[str, list[int]] = {}
        file_of = [str(f).lower() for f in features["file"]]
        for pos, (file, fid, name) in enumerate(
                zip(file_of, features["feature_id"], features["name"], strict=True)):
            files.setdefault(file, []).append(pos)
            words = _words(fid, name)
            if not words:
                unnamed.setdefault(file, []).append(pos)
            for scope, key in _scoped(file, words):
                keys.setdefault((scope, key), []).append(pos)
        gone = {(scope, key) for file, fid, name, number in zip(
                    dropped["file"], dropped["feature_id"], dropped["name"], dropped["number"],
                    strict=True)
                for scope, key in {*_scoped(str(file).lower(), _words(fid, name)),
                                   (str(file).lower(), str(number))}}
        gone |= {(str(f).lower(), "") for f in dropped["file"]}
        return cls(names, keys, positions, files, unnamed, numbers, file_of, gone)

    def resolve(self, ref: str) -> _Resolved:
        """Return the feature positions a reference names, why it names none, or None.

        None means the reference names a feature the reader dropped (and reported).
        """
        file, fid = _ref_parts(ref, self.names)
        shown = self.names.get(file, file)
        if file and file not in self.names:
            return (f"the area file {shown} was not given",
                    "pass the file with --areas, or check the file name")
        if not fid:
            return self._whole_file(file)
        hits = self.keys.get((file, fid), [])
        if not hits and (file, fid) in self.positions:
            hits = [self.positions[file, fid]]
        if hits and not file and len({self.file_of[h] for h in hits}) > 1:
            return "feature id found in several area files", "write it as file#id"
        if hits:
            return hits
        if (file, fid) in self.dropped:
            return None  # reported once, as dropped, by the reader
        return self._unknown(file)

    def _unknown(self, file: str) -> tuple[str, str]:
        """Say why a reference names no feature of the files given."""
        shown = self.names.get(file, file)
        if not self.names:
            return ("no area file was given for this reference",
                    "pass the area file with --areas")
        where = shown or ", ".join(sorted(self.names.values()))
        return (f"no feature with that id in {where}",
                "check the feature id (file#id, or file#N for the N-th feature of the file)")

    def _whole_file(self, file: str) -> _Resolved:
        """Resolve a file named alone: its only feature, else its only unnamed feature."""
        shown, positions = self.names[file], self.files.get(file, [])
        unnamed = self.unnamed.get(file, [])
        if len(positions) == 1:
            return positions
        if len(unnamed) == 1:
            return unnamed
        if not positions:
            return None  # every feature was dropped, and reported
        if unnamed:
            refs = ", ".join(f"{shown}#{self.numbers[p]}" for p in unnamed[:5])
            return (f"{shown} holds {len(unnamed)} features without a name",
                    f"reference one by its position in the file: {refs}")
        ids = sorted({k for (scope, k), hits in self.keys.items()
                      if scope == file and set(hits) <= set(positions)})
        return (f"{shown} holds {len(positions)} features",
                f"reference one as file#id, e.g. {', '.join(f'{shown}#{i}' for i in ids[:3])}")


def _words(*values: object) -> set[str]:
    return {str(v).strip() for v in values if v is not None and str(v).strip()}


def _scoped(file: str, words: set[str]) -> set[tuple[str, str]]:
    """Keys under the file's own name and under ``""`` (a bare id)."""
    return {(scope, word) for word in words for scope in (file, "")}


def _ref_parts(ref: str, files: dict[str, str]) -> tuple[str, str]:
    """Split ``file#id`` into (file lowercased, id); a file named alone has id ``""``."""
    file, hashed, fid = ref.rpartition("#")
    if not hashed:
        name = PurePath(ref.strip()).name.lower()
        if name in files or PurePath(name).suffix in AREA_SUFFIXES:
            return name, ""
    return PurePath(file.strip()).name.lower(), fid.strip()


def feature_numbers(features: gpd.GeoDataFrame) -> list[int]:
    """Return each feature's own 1-based position in its file (its ``number``).

    Features made without a ``number`` column are counted within their file and layer.
    """
    if "number" in features.columns:
        return [int(n) for n in features["number"]]
    return [int(n) + 1 for n in features.groupby(["file", "layer"]).cumcount()]
