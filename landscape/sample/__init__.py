"""The illustrative Sintang sample the demo runs on (schematic geometry, real names).

:func:`write_sample` writes the boundaries, the forum's workbook, the partner area
files and the landscape layers into a folder; ``python -m landscape.sample`` does
the same from the command line.
"""

from landscape.sample.generate import SamplePaths, build_workbook, write_sample

__all__ = ["SamplePaths", "build_workbook", "write_sample"]
