"""Render: organisation profiles in the atlas (who each member is, and whom it works beside).

The organisation sheet gives name, acronym, type, roles in the forum and contact
(:class:`landscape.model.Organisation`); who works beside whom is the analysis of
:mod:`landscape.analyse.coordination` (pairs of activities of different organisations in
the same desa, on the same theme, at the same time, with the hectares their areas share),
taken as it is. What an organisation leads, supports and does is put together on the page
(``atlas-profile.js``) from the plan (:mod:`landscape.render.atlas.plan`) and the activities.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import pandas as pd

from landscape.render.atlas.i18n import org_type_key

if TYPE_CHECKING:
    from landscape.model import Result

#: Columns of :func:`organisation_table`.
ORGANISATION_COLUMNS: Final = ("name", "acronym", "org_type", "roles", "contact")
#: Columns of :func:`beside_table`.
BESIDE_COLUMNS: Final = ("org_a", "org_b", "activity_a", "activity_b", "theme", "desa_codes",
                         "shared_area_ha")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def organisation_table(result: Result) -> pd.DataFrame:
    """Return the organisation sheet of a build: :data:`ORGANISATION_COLUMNS` (``roles`` a list)."""
    rows = [{"name": org.name, "acronym": org.acronym, "org_type": org.org_type,
             "roles": list(org.roles), "contact": org.contact} for org in result.organisations]
    return pd.DataFrame.from_records(rows, columns=list(ORGANISATION_COLUMNS))


def beside_table(result: Result) -> pd.DataFrame:
    """Pairs of activities that share desa, theme and time: :data:`BESIDE_COLUMNS`."""
    shared = result.coordination.shared_work
    if shared.empty:
        return pd.DataFrame(columns=list(BESIDE_COLUMNS))
    table = pd.DataFrame(shared.drop(columns=shared.geometry.name))[list(BESIDE_COLUMNS)]
    return table.assign(desa_codes=table["desa_codes"].map(
        lambda v: [c for c in _text(v).split(";") if c]))


def organisation_records(orgs: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Return the page's organisations by name: ``name, short, type, typeText, roles, contact``."""
    if orgs is None or orgs.empty:
        return []
    records = [{"name": _text(row["name"]), "short": _text(row["acronym"]),
                "type": org_type_key(_text(row["org_type"])), "typeText": _text(row["org_type"]),
                "roles": [_text(r) for r in row["roles"] if _text(r)],
                "contact": _text(row["contact"])}
               for row in orgs.to_dict("records")]
    return sorted(records, key=lambda r: r["name"])


def beside_records(beside: pd.DataFrame | None) -> list[dict[str, Any]]:
    """Return the page's pairs: ``a, b`` (orgs), ``actA, actB``, ``theme``, ``desa``, ``ha``."""
    if beside is None or beside.empty:
        return []
    records = []
    for row in beside.to_dict("records"):
        area = row["shared_area_ha"]
        hectares = round(float(area), 1) if isinstance(area, int | float) else 0.0
        records.append({"a": _text(row["org_a"]), "b": _text(row["org_b"]),
                        "actA": _text(row["activity_a"]), "actB": _text(row["activity_b"]),
                        "theme": _text(row["theme"]), "desa": sorted(row["desa_codes"]),
                        "ha": 0.0 if math.isnan(hectares) else hectares})
    return sorted(records, key=lambda r: (r["a"], r["b"], r["actA"], r["actB"]))
