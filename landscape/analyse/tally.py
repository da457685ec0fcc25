"""Count where every row of the plan and every feature of the area files went.

The build says what it did with everything it was given: each activity row is
placed (a desa, a kecamatan or a delineated area), district-wide, or left off the
map; each feature of the area files is linked to an activity or left off the map
(an error in ``validation.json``). :func:`tally` makes the
:class:`~landscape.model.Tally` the terminal summary prints; :func:`empty_plan`
reports a plan that has a header and no rows, which would otherwise build an
empty atlas without a word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from landscape.model import Tally
from landscape.problems import Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    import geopandas as gpd
    import pandas as pd

    from landscape.model import Linked

PLACED = frozenset({"polygon", "line", "point", "desa", "kecamatan"})
"""Precisions of a row placed on the map in its own places."""


def empty_plan(items: pd.DataFrame, rows: pd.DataFrame, *, file: str,
               sheet: str | None) -> list[Problem]:
    """Return an error if the plan has neither action items nor activity rows.

    Examples
    --------
    >>> import pandas as pd
    >>> [p.problem for p in empty_plan(pd.DataFrame(), pd.DataFrame(), file="3w.csv", sheet=None)]
    ['the plan has a header but no rows: nothing can be mapped']
    """
    if len(items) or len(rows):
        return []
    return [Problem(file, sheet, None, None, "",
                    "the plan has a header but no rows: nothing can be mapped",
                    "fill in one row per activity (or action item) under the header", "error")]


def _feature_key(file: object, fid: object, name: object, geometry: object) -> tuple[str, ...]:
    wkb = getattr(geometry, "wkb_hex", "")
    return str(file), str(fid or ""), str(name or ""), str(wkb)


def _linked_features(features: gpd.GeoDataFrame, linked: Linked) -> int:
    """Count the features that reach the map through at least one activity."""
    areas = linked.areas
    on_map = {_feature_key(*row) for row in zip(areas["file"], areas["feature_id"],
                                                  areas["name"], areas.geometry, strict=True)}
    return sum(_feature_key(*row) in on_map
               for row in zip(features["file"], features["feature_id"], features["name"],
                              features.geometry, strict=True))


def tally(*, items: pd.DataFrame, rows: pd.DataFrame, features: gpd.GeoDataFrame,
          dropped: pd.DataFrame, linked: Linked, problems: Sequence[Problem],
          source: tuple[str, str | None]) -> Tally:
    """Count where every row and every feature went.

    Parameters
    ----------
    items : pandas.DataFrame
        The action items of the plan.
    rows : pandas.DataFrame
        The activity rows of the plan (``activity_id``, ``source_row``), before link.
    features : geopandas.GeoDataFrame
        The features the area-file reader kept.
    dropped : pandas.DataFrame
        The features the reader left out, one row each (each reported once as an
        error by the reader).
    linked : Linked
        The linked activities and their areas.
    problems : sequence of Problem
        Every problem of the build (for the rows with errors).
    source : tuple of (str, str or None)
        The file and sheet the activity rows came from.

    Returns
    -------
    Tally
    """
    acts = linked.activities
    precision = dict(zip(zip(acts["activity_id"], acts["source_row"], strict=True),
                         acts["precision"], strict=True))
    kinds = [precision.get(key, "outside")
             for key in zip(rows["activity_id"], rows["source_row"], strict=True)]
    placed = sum(kind in PLACED for kind in kinds)
    district_wide = kinds.count("kabupaten")
    own_rows = {int(r) for r in rows["source_row"]}
    with_errors = {p.row for p in problems if p.severity == "error"
                   and (p.file, p.sheet) == source and p.row in own_rows}
    on_map = _linked_features(features, linked)
    left_off = len(features) - on_map + len(dropped)
    return Tally(items=len(items), rows=len(rows), placed=placed, district_wide=district_wide,
                 rows_off_map=len(rows) - placed - district_wide,
                 rows_with_errors=len(with_errors), features=on_map + left_off, linked=on_map,
                 left_off=left_off)
