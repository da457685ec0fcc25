"""The raster side of zonal counting: the band's facts, class numbering, pixel areas.

:func:`open_band` reads what counting needs to know of a band (size, grid, CRS, type,
nodata, block shape); :class:`ClassIndex` numbers the class codes met (0 is nodata);
:class:`PixelAreas` gives a pixel's hectares, per row in a geographic CRS (rules in
:mod:`landscape.analyse.zonal`).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import rasterio
from affine import Affine
from pyproj import Transformer
from rasterio.crs import CRS
from rasterio.errors import RasterioIOError

from landscape.analyse._runcount import UNKNOWN, keys_met
from landscape.analyse._scanline import Floats, Ints
from landscape.errors import InputError, InputFileError
from landscape.settings import EQUAL_AREA_CRS, SQUARE_METRES_PER_HECTARE

_LUT_DTYPES = frozenset({"uint8", "int8", "uint16", "int16"})
#: Keys of a table of class numbers: a window's values as unsigned integers.
Keys = npt.NDArray[np.uint8] | npt.NDArray[np.uint16]
_IDENTITY = np.arange(2**16, dtype=np.uint16)


@dataclass(frozen=True, slots=True)
class Raster:
    """What the counting needs to know about the raster band."""

    path: Path
    band: int
    height: int
    width: int
    transform: Affine
    crs: CRS
    dtype: str
    nodata: float | None
    block: tuple[int, int]


def open_band(path: Path, band: int, nodata: float | None) -> Raster:
    try:
        with rasterio.open(path) as src:
            if not 1 <= band <= src.count:
                msg = f"{path.name} has {src.count} band(s); there is no band {band}."
                raise InputError(msg)
            if src.crs is None:
                msg = f"{path.name} has no CRS; set it (gdal_edit -a_srs) first."
                raise InputError(msg)
            block = src.block_shapes[band - 1]
            return Raster(
                path=path, band=band, height=src.height, width=src.width,
                transform=src.transform, crs=src.crs, dtype=src.dtypes[band - 1],
                nodata=src.nodatavals[band - 1] if nodata is None else nodata,
                block=(int(block[0]), int(block[1])),
            )
    except RasterioIOError as exc:
        msg = f"Cannot open the raster {path}: {exc}."
        raise InputFileError(msg) from exc


class ClassIndex:
    """Numbers the class codes met (1, 2, ...; 0 is nodata); safe to share between threads."""

    def __init__(self, grid: Raster) -> None:
        self._lock = threading.Lock()
        self._number: dict[float, int] = {}
        self.codes: list[float] = []
        self._raster = grid.path.name
        self._nodata = grid.nodata
        self._lut: npt.NDArray[np.uint16] | None = None
        self._dtype = np.dtype(grid.dtype)
        self._key = np.dtype(f"u{self._dtype.itemsize}")  # to index the lookup table
        if grid.dtype in _LUT_DTYPES:
            self._lut = np.full(2 ** (8 * self._key.itemsize), UNKNOWN, np.uint16)
            info, nodata = np.iinfo(grid.dtype), grid.nodata
            if nodata is not None and info.min <= nodata <= info.max and float(nodata).is_integer():
                self._lut[np.array([nodata], dtype=grid.dtype).view(self._key)] = 0

    def __len__(self) -> int:
        """Return the number of classes met so far."""
        return len(self.codes)

    def keys(self, values: npt.NDArray[np.generic]) -> tuple[Keys, npt.NDArray[np.uint16]]:
        """Return the values as keys of a table of class numbers, and that table.

        For 8- and 16-bit integer bands the keys are the values' bits and the table is the
        index's own, filled as classes are met (:meth:`learn`; an entry not met yet holds
        :data:`UNKNOWN`); for other types every value is numbered here and the keys are
        the numbers themselves (an identity table).
        """
        if self._lut is None:
            return self._numbered(values).astype(np.uint16), _IDENTITY
        keys: Keys = values.view(self._key)
        return keys, self._lut

    def learn(self, keys: Keys) -> None:
        """Give a class number to every key of ``keys`` that has none yet."""
        if self._lut is None:
            return
        new = np.flatnonzero(keys_met(keys, self._lut.size) & (self._lut == UNKNOWN))
        if new.size:
            with self._lock:
                for key in new.tolist():
                    value = np.array([key], dtype=self._key).view(self._dtype)[0].item()
                    self._lut[key] = self._number_of(value)

    def _numbered(self, values: npt.NDArray[np.generic]) -> Ints:
        unique, inverse = np.unique(values, return_inverse=True)
        with self._lock:
            known = np.array([self._number_of(v) for v in unique.tolist()], dtype=np.int64)
        found: Ints = known[inverse].reshape(values.shape)
        return found

    def _number_of(self, value: float) -> int:
        if (self._nodata is not None and value == self._nodata) or math.isnan(value):
            return 0
        number = self._number.get(value)
        if number is None:
            if not float(value).is_integer():
                msg = (
                    f"{self._raster} holds the value {value}, which is not a class code; "
                    "categorical counts need whole-number codes."
                )
                raise InputError(
                    msg
                )
            if len(self.codes) >= UNKNOWN - 1:
                msg = f"{self._raster} has too many distinct values to be categorical."
                raise InputError(msg)
            self.codes.append(value)
            number = self._number[value] = len(self.codes)
        return number


class PixelAreas:
    """Area of a pixel in hectares: one for the raster, or one per row (geographic CRS)."""

    def __init__(self, grid: Raster) -> None:
        t = grid.transform
        self.geographic = bool(grid.crs.is_geographic)
        self.flat = 0.0
        self.rows: Floats = np.empty(0)
        if not self.geographic:
            unit = grid.crs.linear_units_factor[1]
            self.flat = abs(t.a * t.e - t.b * t.d) * unit * unit / SQUARE_METRES_PER_HECTARE
            return
        if t.b != 0 or t.d != 0:
            msg = f"{grid.path.name} is a rotated geographic raster; warp it to a north-up grid."
            raise InputError(
                msg
            )
        to_equal_area = Transformer.from_crs(grid.crs, EQUAL_AREA_CRS, always_xy=True)
        latitudes = np.clip(t.f + t.e * np.arange(grid.height + 1), -90.0, 90.0)
        _, y = to_equal_area.transform(np.full(latitudes.shape, t.c), latitudes)
        x, _ = to_equal_area.transform(np.array([t.c, t.c + t.a]), np.zeros(2))
        self.rows = np.abs(np.diff(y)) * abs(x[1] - x[0]) / SQUARE_METRES_PER_HECTARE
