"""Who does what where as an HXL 3W table (``who-does-what-where-hxl.csv``).

The same rows as ``who-does-what-where.csv``, under a row of HXL hashtags
(https://hxlstandard.org) so that HXL tools (the HXL Proxy, libhxl, HDX) read
the organisations, places, dates and budgets without a mapping. Budgets are the
row's whole-rupiah share of its activity's budget (``#value+idr``), so a sum
over rows never counts an activity twice; the activity's whole budget is beside
it (``#value+idr+total``).
"""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd

from landscape.render.files import write_text

#: Column of who-does-what-where.csv -> (header, HXL hashtag), in the order written.
HXL_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("activity_id", "Activity ID", "#activity+code"),
    ("org", "Implementing partner", "#org+impl+name"),
    ("org_type", "Organisation type", "#org+impl+type"),
    ("title", "Activity", "#activity+name"),
    ("theme", "Sector", "#sector"),
    ("kecamatan_code", "Sub-district code", "#adm3+code"),
    ("kecamatan", "Sub-district", "#adm3+name"),
    ("desa_code", "Village code", "#adm4+code"),
    ("desa", "Village", "#adm4+name"),
    ("precision", "Location precision", "#loc+precision"),
    ("start", "Start", "#date+start"),
    ("end", "End", "#date+end"),
    ("budget_share_idr", "Budget share (IDR)", "#value+idr"),
    ("budget_idr", "Activity budget (IDR)", "#value+idr+total"),
    ("funding", "Funding source", "#org+funder"),
    ("action_item", "Plan item code", "#activity+code+plan"),
)


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def hxl_text(who: pd.DataFrame, *, admin2: str = "") -> str:
    """Return the HXL 3W table of ``who`` (a who-does-what-where frame) as CSV text.

    ``admin2`` (the kabupaten code) fills an ``#adm2+code`` column when given.
    """
    columns = [c for c in HXL_COLUMNS if c[0] in who.columns]
    extra = [("Kabupaten code", "#adm2+code")] if admin2 else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([h for _c, h, _t in columns] + [h for h, _t in extra])
    writer.writerow([t for _c, _h, t in columns] + [t for _h, t in extra])
    for record in who[[c for c, _h, _t in columns]].itertuples(index=False):
        writer.writerow([_cell(v) for v in record] + ([admin2] if admin2 else []))
    return out.getvalue()


def write_hxl(who: pd.DataFrame, path: str | Path, *, admin2: str = "") -> None:
    """Write the HXL 3W table (UTF-8, comma-separated), atomically."""
    write_text(path, hxl_text(who, admin2=admin2))
