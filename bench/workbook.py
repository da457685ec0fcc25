"""Benchmark: reading a workbook whose "used range" reaches row 1,048,576.

Case 04 of the intake cases (``04-styled-cell-last-row.xlsx``, 6 KB) has one formatted
empty cell at the last row of each sheet. Each reader runs in a fresh interpreter (so
peak memory is its own), best of ``--repeat`` runs:

* ``landscape`` : :func:`landscape.read.tables.read_tables` on case 04;
* ``clean``     : the same on the same workbook rebuilt without the formatted cell;
* ``pandas``    : plain ``pandas.read_excel(path, sheet_name=None)`` on case 04;
* ``before``    : with ``--before PATH``, ``read_tables`` of an older checkout on case 04
  (e.g. ``git archive 9ca63f3 | tar -x -C /tmp/before``).

Prints seconds and the peak memory each read added (MB over the interpreter after its
imports), and the ratios of case 04 against the clean workbook and against pandas.

    PYTHONPATH=$PWD python bench/workbook.py [--cases ../shared/data/cases/intake]
        [--before /tmp/before] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

ROOT = Path(__file__).resolve().parents[1]
CASES = Path(os.environ.get("LANDSCAPE_SHARED_DATA", ROOT.parent / "shared" / "data")) / "cases"

_CHILD = """
import json, resource, sys, time
{imports}
def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
before = rss()
start = time.perf_counter()
{call}
seconds = time.perf_counter() - start
print(json.dumps({{"seconds": seconds, "peak_mb": rss() - before}}))
"""

READERS = {
    "landscape": ("import openpyxl, pandas\nfrom landscape.read.tables import read_tables",
                  "read_tables(sys.argv[1])"),
    "pandas": ("import pandas", "pandas.read_excel(sys.argv[1], sheet_name=None)"),
}


def clean_copy(path: Path, target: Path) -> Path:
    """Rebuild a workbook with its values only: no formatted empty cell far below."""
    source = load_workbook(path, read_only=True)
    book = Workbook()
    book.remove(book.active)
    for ws in source.worksheets:
        copy = book.create_sheet(ws.title)
        ws.reset_dimensions()  # rows as stored, not padded to the used range
        for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
            for column, value in enumerate(values, start=1):
                if value is not None:
                    copy.cell(number, column, value)
    source.close()
    book.save(target)
    return target


def measure(reader: str, path: Path, pythonpath: Path, repeat: int) -> dict[str, float]:
    imports, call = READERS[reader]
    code = _CHILD.format(imports=imports, call=call)
    env = {**os.environ, "PYTHONPATH": str(pythonpath)}
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", code, str(path)], env=env, check=True,
                             cwd=pythonpath,  # "-c" puts the working folder first on the path
                             capture_output=True, text=True).stdout
        runs.append(json.loads(out.strip().splitlines()[-1]))
    return {"seconds": min(r["seconds"] for r in runs),
            "peak_mb": min(r["peak_mb"] for r in runs)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES / "intake")
    parser.add_argument("--before", type=Path, help="an older checkout to measure as well")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    case = args.cases / "04-styled-cell-last-row.xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        clean = clean_copy(case, Path(tmp) / "04-clean.xlsx")
        results = {
            "landscape": measure("landscape", case, ROOT, args.repeat),
            "clean": measure("landscape", clean, ROOT, args.repeat),
            "pandas": measure("pandas", case, ROOT, args.repeat),
        }
        if args.before:
            results["before"] = measure("landscape", case, args.before, 1)
    print(f"{case.name} ({case.stat().st_size / 1024:.1f} KB), best of {args.repeat}")
    for name, result in results.items():
        print(f"  {name:<10} {result['seconds']:8.3f} s  {result['peak_mb']:8.1f} MB")
    ours, clean_r, pandas_r = results["landscape"], results["clean"], results["pandas"]
    print(f"  case 04 / clean workbook: {ours['seconds'] / clean_r['seconds']:.2f}x time, "
          f"{ours['peak_mb'] - clean_r['peak_mb']:+.1f} MB")
    print(f"  case 04 / pandas.read_excel: {ours['seconds'] / pandas_r['seconds']:.3f}x time, "
          f"{ours['peak_mb'] - pandas_r['peak_mb']:+.1f} MB")
    if "before" in results:
        before = results["before"]
        print(f"  before / now: {before['seconds'] / ours['seconds']:.0f}x time, "
              f"{before['peak_mb']:.0f} MB -> {ours['peak_mb']:.1f} MB")


if __name__ == "__main__":
    main()
