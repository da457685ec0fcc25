"""Every tunable of the toolkit, in one place.

Plain annotated module variables, read by the stages at call time (osmnx's
``settings`` pattern). Change one for a whole session with ``landscape.settings.X = ...``;
functions that take the same value as a keyword use these as their defaults.

Attributes
----------
EQUAL_AREA_CRS : str
    The CRS in which every area is measured (EPSG:6933, WGS 84 / NSIDC EASE-Grid
    2.0 Global, a cylindrical equal-area projection valid at the equator).
GEOGRAPHIC_CRS : str
    The CRS of every geometry handed between stages and written to outputs (EPSG:4326).
SQUARE_METRES_PER_HECTARE : float
    10,000 m² per ha.
MIN_OVERLAP_HA : float
    Overlaps between organisations smaller than this (ha) are treated as slivers.
MIN_REACH_HA, MIN_REACH_SHARE : float
    A delineated area reaches a desa when it covers at least ``MIN_REACH_HA`` hectares
    of it or ``MIN_REACH_SHARE`` (0-1) of the area itself; slivers from neighbouring
    desa, which overlap each other in the real boundaries, are ignored.
NAME_MATCH_CUTOFF : float
    The lowest similarity (0-1, :class:`difflib.SequenceMatcher` ratio) at which a
    misspelled place or organisation name is still matched; below it the value is
    reported, not guessed.
NAME_MATCH_MARGIN : float
    The best candidate must beat the second by more than this similarity, else the
    two are a tie and nothing is guessed (places and organisations alike).
PLACE_SUGGEST_CUTOFF : float
    Lowest similarity at which an unresolved place name still gets a "did you mean".
ORG_SUGGEST_CUTOFF : float
    The same for organisation names (acronyms and short names are less alike, so lower).
OUTSIDE_FACTOR : float
    Confidence factor for a place found outside the row's kecamatan or the build's scope.
HEADER_SCAN_ROWS : int
    How many rows of a sheet are searched for its header row.
PARENT_NAME_SHARE : float
    A boundaries layer whose unit names repeat their parent's (a desa named as its
    kecamatan) for at least this share of its units is refused: its name field is
    the parent's.
EMPTY_ROW_RUN : int
    A workbook sheet is read until this many empty rows in a row: the data has ended.
    The sheet's own "used range" is not trusted, since one formatted empty cell at row
    1,048,576 stretches it to the last row. Raise it for a sheet whose tables are
    separated by longer runs of empty rows.
RECENT_LOSS_YEARS : int
    The recent period, in years, for tree-cover loss and hotspot priorities and gaps.
LOSS_FIRST_YEAR : int
    The first plausible year of a loss-year raster written in years (Hansen/UMD Global
    Forest Change starts in 2001); a layer with a ``year_offset`` starts the year after it.
STRAY_LOSS_SHARE : float
    A loss-year raster whose values that are not plausible loss years (from the first year
    to the current one; 0 is no loss) are more than this share (0-1) of its pixels is
    refused as the wrong file (land-cover codes read as years); below it they are reported
    and left out of the loss figures.
UNKNOWN_CLASS_SHARE : float
    A ``classes`` layer file whose classes unknown to the layer's code list hold more than
    this share (0-1) of its pixels (raster) or area (polygons) is refused as the wrong
    file; below it each unknown class is reported and counted in no priority or group. A
    file with more than this share of features without area (lines, points) is refused too.
    Another layer "knows" a file when its code list holds more than this share of it.
LAYER_CHECK_PIXELS : int
    A raster layer larger than this many pixels is weighed for the checks above from an
    evenly decimated read of about this many pixels.
ATLAS_BUDGET_BYTES, PROVINCE_ATLAS_BUDGET_BYTES : int
    The size an atlas of one kabupaten (of a whole province) should stay under; the
    build prints the size against it. A planner on a slow connection opens 1 MB in
    seconds.
ATLAS_COORD_DECIMALS : int
    Decimal places of degrees kept in the atlas (5 decimals: about 1.1 m at the equator).
ATLAS_MAX_IMAGE_PIXELS : int
    The longest side, in pixels, of a raster layer drawn in the atlas.
ATLAS_SIMPLIFY_DEGREES : float
    Tolerance (degrees, about 55 m) for simplifying landscape polygons drawn in the atlas.
ATLAS_TOP_CLASSES : int
    How many of a unit's largest land classes its popup names.
ATLAS_CLIP_MARGIN_M : float
    Landscape vector layers enter the atlas clipped to the mapped kecamatan grown by this
    many metres (a hotspot file of all Kalimantan keeps only the points in and near them).
ZIP_MAX_BYTES : int
    The most a zip (zipped Shapefile or File GDB, KMZ, ``.xlsx``) may expand to, all its
    entries together, by their declared sizes and by the bytes they really give (1 GiB).
    A district's partner files unzip to a few MB and a province's land-cover layer to a
    few hundred; a small file that expands past this is a zip bomb or the wrong file.
ZIP_MAX_ENTRIES : int
    The most entries a zip may hold (a File GDB has a few dozen; 10,000 leaves room).
TEXT_INPUT_MAX_BYTES : int
    The largest text input (CSV, GeoJSON, KML, GPX, GML) read (512 MiB). These are parsed
    whole into memory, where they take several times their size; larger is refused with
    the file's size and this limit rather than left to exhaust an office laptop's memory.
    Binary formats (GeoPackage, Shapefile, File GDB) are read by GDAL and not bounded.
"""

from __future__ import annotations

EQUAL_AREA_CRS: str = "EPSG:6933"
GEOGRAPHIC_CRS: str = "EPSG:4326"
SQUARE_METRES_PER_HECTARE: float = 10_000.0

MIN_OVERLAP_HA: float = 1.0
MIN_REACH_HA: float = 0.5
MIN_REACH_SHARE: float = 0.01

NAME_MATCH_CUTOFF: float = 0.84
NAME_MATCH_MARGIN: float = 0.02
PLACE_SUGGEST_CUTOFF: float = NAME_MATCH_CUTOFF - 0.04
ORG_SUGGEST_CUTOFF: float = 0.6
OUTSIDE_FACTOR: float = 0.9

HEADER_SCAN_ROWS: int = 30
PARENT_NAME_SHARE: float = 0.5
EMPTY_ROW_RUN: int = 1000

RECENT_LOSS_YEARS: int = 5
LOSS_FIRST_YEAR: int = 2001
STRAY_LOSS_SHARE: float = 0.01
UNKNOWN_CLASS_SHARE: float = 0.5
LAYER_CHECK_PIXELS: int = 4_000_000

ATLAS_BUDGET_BYTES: int = 1_000_000
PROVINCE_ATLAS_BUDGET_BYTES: int = 5_000_000
ATLAS_COORD_DECIMALS: int = 5
ATLAS_MAX_IMAGE_PIXELS: int = 1600
ATLAS_SIMPLIFY_DEGREES: float = 0.0005
ATLAS_TOP_CLASSES: int = 3
ATLAS_CLIP_MARGIN_M: float = 5_000.0

ZIP_MAX_BYTES: int = 1 << 30
ZIP_MAX_ENTRIES: int = 10_000
TEXT_INPUT_MAX_BYTES: int = 512 << 20
