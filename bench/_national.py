"""The simulated national run of ``bench/scale.py``: the province copied side by side.

The province's 2,130 desa are copied ``copies`` times on a grid of whole province extents
(in UTM 49N, centred on the real province; codes made unique), so that 39 copies give
83,070 desa, about Indonesia's count. The rasters are tiled the same way by a VRT that
places the same file at each copy (the pixels are decoded once per copy, as distinct files
would be; nothing new is written but the VRT), the polygon and point layers are shifted
alike. Every layer is then measured in every desa on the Dask engine, as a national build's
analysis stage would.
"""

from __future__ import annotations

import dataclasses
import math
import time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import geopandas as gpd
import pandas as pd
import rasterio

from landscape.analyse.engine import DaskEngine
from landscape.analyse.gaps import UNITED_LAYERS
from landscape.analyse.landstatus import measure, prepare_units
from landscape.catalogue import LoadedLayer
from landscape.read.layers import load_layers

UTM = "EPSG:32649"


def _offsets(copies: int) -> list[tuple[int, int]]:
    """Grid positions (column, row) of the copies, centred on the province (0, 0)."""
    columns = math.ceil(math.sqrt(copies))
    rows = math.ceil(copies / columns)
    return [(k % columns - columns // 2, k // columns - rows // 2) for k in range(copies)]


def _vrt(raster: Path, cells: list[tuple[int, int]], out: Path) -> Path:
    with rasterio.open(raster) as src:
        width, height, t = src.width, src.height, src.transform
        dtype = {"uint16": "UInt16", "uint8": "Byte"}[src.dtypes[0]]
        nodata, wkt = src.nodata, src.crs.to_wkt()
    low_c, low_r = min(c for c, _ in cells), min(r for _, r in cells)
    columns = max(c for c, _ in cells) - low_c + 1
    rows = max(r for _, r in cells) - low_r + 1
    west, north = t.c + low_c * width * t.a, t.f + low_r * height * t.e
    sources = "".join(
        f'<SimpleSource><SourceFilename relativeToVRT="0">{escape(str(raster))}'
        f"</SourceFilename><SourceBand>1</SourceBand>"
        f'<SrcRect xOff="0" yOff="0" xSize="{width}" ySize="{height}"/>'
        f'<DstRect xOff="{(c - low_c) * width}" yOff="{(r - low_r) * height}" '
        f'xSize="{width}" ySize="{height}"/></SimpleSource>' for c, r in cells)
    nodata_xml = f"<NoDataValue>{nodata}</NoDataValue>" if nodata is not None else ""
    out.write_text(
        f'<VRTDataset rasterXSize="{columns * width}" rasterYSize="{rows * height}">'
        f"<SRS>{escape(wkt)}</SRS><GeoTransform>{west}, {t.a}, 0, {north}, 0, {t.e}"
        f'</GeoTransform><VRTRasterBand dataType="{dtype}" band="1" blockXSize="512" '
        f'blockYSize="512">{nodata_xml}{sources}</VRTRasterBand></VRTDataset>')
    return out


def _shifted(frame: gpd.GeoDataFrame, cells: list[tuple[int, int]],
             extent: tuple[float, float], *, key: str | None = None) -> gpd.GeoDataFrame:
    utm = frame.to_crs(UTM)
    parts = []
    for k, (c, r) in enumerate(cells):
        part = utm.copy()
        part.geometry = utm.geometry.translate(c * extent[0], -r * extent[1])
        if key is not None:
            part[key] = part[key].astype(str) + f"-{k:02d}"
        parts.append(part)
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=UTM).to_crs(frame.crs)


def run(paths: Any, client: Any, *, copies: int) -> dict[str, Any]:
    """Measure every layer in the desa of ``copies`` copies of the province on ``client``."""
    with rasterio.open(paths.layers["tutupan_lahan"]) as src:
        extent = (src.width * src.transform.a, src.height * -src.transform.e)
        pixels = src.width * src.height * copies
    cells = _offsets(copies)
    desa = gpd.read_file(paths.boundaries, layer="desa")[["kode", "geometry"]]
    units = _shifted(desa.rename(columns={"kode": "code"}), cells, extent, key="code")
    loaded, _ = load_layers({k: str(v) for k, v in paths.layers.items()})
    layers: list[LoadedLayer] = []
    folder = Path(paths.layers["tutupan_lahan"]).parent
    for layer in loaded:
        if layer.raster is not None:
            tiled = _vrt(layer.raster, cells, folder / f"national-{layer.id}.vrt")
            layers.append(dataclasses.replace(layer, raster=tiled))
        else:
            assert layer.frame is not None
            layers.append(dataclasses.replace(layer, frame=_shifted(layer.frame, cells, extent)))
    engine = DaskEngine(client)
    begun = time.perf_counter()
    units_ea = prepare_units(units)
    timed = {"prepare units": time.perf_counter() - begun}
    for layer in layers:
        started = time.perf_counter()
        measure(units_ea, layer, every=layer.id in UNITED_LAYERS, engine=engine)
        timed[layer.id] = time.perf_counter() - started
    return {"desa": len(units), "copies": copies, "pixels": pixels,
            "analyse": time.perf_counter() - begun, "layers": timed}
