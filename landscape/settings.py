"""Settings shared by the pipeline stages.

Attributes
----------
EQUAL_AREA_CRS : str
    The CRS in which every area is measured (EPSG:6933, WGS 84 / NSIDC EASE-Grid
    2.0 Global, a cylindrical equal-area projection valid at the equator).
GEOGRAPHIC_CRS : str
    The CRS of every geometry handed between stages and written to outputs.
MIN_OVERLAP_HA : float
    Overlaps between organisations smaller than this are treated as slivers.
NAME_MATCH_CUTOFF : float
    The lowest similarity (0-1) at which a misspelled place or organisation
    name is still matched; below it the value is reported, not guessed.
"""

from __future__ import annotations

EQUAL_AREA_CRS: str = "EPSG:6933"
GEOGRAPHIC_CRS: str = "EPSG:4326"
MIN_OVERLAP_HA: float = 1.0
NAME_MATCH_CUTOFF: float = 0.84
SQUARE_METRES_PER_HECTARE: float = 10_000.0
