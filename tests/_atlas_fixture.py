"""Build a realistic AtlasInput from the real boundaries, for the atlas tests and bench.

Boundaries are the real Sintang desa and kecamatan (Kemendagri codes starting
``61.05``) from ``kalbar-admin.gpkg``; partner areas are the sample's own files
(hutan desa GeoJSON, oil-palm Shapefile in UTM, patrol GPX, nursery CSV, NGO
KML). Activities are synthetic but shaped like the pipeline's: generated from a
fixed seed, each linked to the desa its area touches. Hostile text sits where
untrusted text goes: an organisation, a desa, an area and a theme.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from landscape.render.atlas.model import AtlasInput, Measure, RasterOverlay, VectorOverlay

if TYPE_CHECKING:
    from pathlib import Path

HOSTILE = "<img src=x onerror=window.__xss=1>"
HOSTILE_AREA = "<svg onload=window.__xss=2>"
HOSTILE_THEME = "</script><script>window.__xss=3</script>"
HOSTILE_DESA = "61.05.01.1001"
SINTANG = "61.05."
ORGS = (
    ("Dinas Lingkungan Hidup Kabupaten Sintang", "Pemerintah"),
    ("KPH Sintang Utara", "Pemerintah"),
    ("Yayasan Rimba Kapuas", "LSM"),
    ("Perkumpulan Pelita Gambut Sintang", "LSM"),
    ("Program Kemitraan Lanskap Kapuas", "Mitra Pembangunan"),
    ("PT Sawit Melawi Makmur", "Swasta"),
    ("Koperasi Tani Sepauk Jaya", "Masyarakat"),
    ("Lembaga Penelitian Hutan Tropis Kelam", "Akademisi"),
    (HOSTILE, "LSM"),
)
THEMES = ("Perlindungan Hutan & Gambut", "Pencegahan Karhutla", "Perhutanan Sosial",
          "Sawit Berkelanjutan", "Komoditas Lestari", "Masyarakat Hukum Adat",
          "Data & Pemantauan", HOSTILE_THEME)
FUNDING = ("APBD", "APBN", "Hibah/Donor", "CSR", "Swadaya", "APBD; Hibah/Donor")
ACTIVITY_COLUMNS = ("activity_id", "org", "org_type", "title", "theme", "start", "end",
                    "budget_idr", "funding", "action_items", "precision", "desa_codes",
                    "kecamatan_codes", "land_status")
N_ACTIVITIES = 54


def load_boundaries(admin_gpkg: Path, prefix: str = SINTANG) -> tuple[gpd.GeoDataFrame,
                                                                       gpd.GeoDataFrame]:
    """Return (kecamatan, desa) whose codes start with ``prefix``, in the atlas's columns."""
    kec = gpd.read_file(admin_gpkg, layer="kecamatan")
    desa = gpd.read_file(admin_gpkg, layer="desa")
    kec = kec[kec["kode"].str.startswith(prefix)].rename(columns={"kode": "code", "nama": "name"})
    desa = desa[desa["kode"].str.startswith(prefix)].rename(columns={"kode": "code",
                                                                     "nama": "name"})
    desa["kecamatan_code"] = desa["code"].str.rsplit(".", n=1).str[0]
    desa = desa.merge(kec[["code", "name"]].rename(columns={"code": "kecamatan_code",
                                                            "name": "kecamatan"}),
                      on="kecamatan_code", how="left")
    return (kec[["code", "name", "geometry"]].reset_index(drop=True),
            gpd.GeoDataFrame(desa, geometry="geometry", crs=kec.crs).reset_index(drop=True))


def _sample_areas(sample_dir: Path) -> gpd.GeoDataFrame:
    """Read the sample's partner area files into one frame (name, kind, geometry)."""
    areas = sample_dir / "areas"
    parts = []
    hd = gpd.read_file(areas / "hutan-desa-sepauk.geojson")
    parts.append(gpd.GeoDataFrame({"name": hd["nama"], "kind": "polygon"}, geometry=hd.geometry))
    plots = gpd.read_file(f"zip://{areas / 'sawit-plasma-utm49n.zip'}").to_crs(4326)
    parts.append(gpd.GeoDataFrame({"name": plots["nama_kbn"], "kind": "polygon"},
                                  geometry=plots.geometry))
    kml = areas / "yayasan-rimba-kapuas.kml"
    for layer in pyogrio.list_layers(kml)[1:, 0]:
        frame = gpd.read_file(kml, layer=layer)
        parts.append(gpd.GeoDataFrame({"name": frame["Name"], "kind": "polygon"},
                                      geometry=shapely.force_2d(frame.geometry.values), crs=4326))
    tracks = gpd.read_file(areas / "patroli-karhutla.gpx", layer="tracks")
    parts.append(gpd.GeoDataFrame({"name": tracks["name"], "kind": "line"},
                                  geometry=tracks.geometry))
    nurseries = pd.read_csv(areas / "persemaian.csv")
    parts.append(gpd.GeoDataFrame({"name": nurseries["nama"], "kind": "point"},
                                  geometry=gpd.points_from_xy(nurseries["lon"], nurseries["lat"]),
                                  crs=4326))
    return gpd.GeoDataFrame(pd.concat([p.to_crs(4326) for p in parts], ignore_index=True),
                            crs=4326)


def _activities(desa: gpd.GeoDataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic activities over the real desa: desa, kecamatan and kabupaten level."""
    codes = desa["code"].to_numpy()
    kec_of = dict(zip(desa["code"], desa["kecamatan_code"], strict=True))
    rows = []
    for i in range(N_ACTIVITIES):
        org, org_type = ORGS[i % len(ORGS)]
        level = ("desa", "desa", "desa", "kecamatan", "kabupaten")[i % 5]
        picked = sorted(rng.choice(codes, size=int(rng.integers(1, 6)), replace=False))
        desa_codes = picked if level == "desa" else []
        kec_codes = sorted({kec_of[c] for c in picked}) if level != "kabupaten" else []
        start_year = 2021 + int(rng.integers(0, 4))
        end = "" if i % 11 == 4 else f"{start_year + int(rng.integers(0, 3))}-12-31"
        start = "" if i % 13 == 6 else f"{start_year}-{1 + i % 12:02d}-01"
        budget = np.nan if i % 7 == 3 else float(rng.integers(2, 400)) * 5_000_000
        item = int(rng.integers(1, 32))
        rows.append({
            "activity_id": f"KM-{i + 1:03d}", "org": org, "org_type": org_type,
            "title": f"Kegiatan uji {i + 1} ({THEMES[i % len(THEMES)].split()[0]})",
            "theme": THEMES[i % len(THEMES)], "start": start, "end": end, "budget_idr": budget,
            "funding": FUNDING[i % len(FUNDING)],
            "action_items": f"{item}; {item + 1}" if i % 6 == 0 else str(item),
            "precision": level, "desa_codes": desa_codes, "kecamatan_codes": kec_codes,
            "land_status": "" if i % 4 else "Hutan lahan kering sekunder 120 ha; APL 40 ha",
        })
    return pd.DataFrame(rows, columns=list(ACTIVITY_COLUMNS))


def _link_areas(areas: gpd.GeoDataFrame, activities: pd.DataFrame,
                desa: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Give each area an activity (by kind) and each such activity the desa it touches."""
    acts = activities.copy()
    by_kind = {"polygon": [0, 2, 5, 6], "line": [1], "point": [3, 4]}
    last_point = max(i for i, kind in enumerate(areas["kind"]) if kind == "point")
    ids, orgs, types = [], [], []
    for index, (kind, name) in enumerate(zip(areas["kind"], areas["name"], strict=True)):
        if index == last_point:
            ids.append("")  # a nursery referenced by no activity
            orgs.append(ORGS[1][0])
            types.append(ORGS[1][1])
            continue
        org_index = 8 if name == HOSTILE_AREA else by_kind[kind][index % len(by_kind[kind])]
        pool = acts[acts.index % len(ORGS) == org_index]
        act = pool.iloc[index % len(pool)]
        ids.append(act["activity_id"])
        orgs.append(act["org"])
        types.append(act["org_type"])
    areas = areas.assign(activity_id=ids, org=orgs, org_type=types)
    areas["area_ha"] = [g.area / 1e4 if k == "polygon" else np.nan
                        for g, k in zip(areas.to_crs(6933).geometry, areas["kind"], strict=True)]
    touched = gpd.sjoin(areas[areas["activity_id"] != ""], desa[["code", "geometry"]],
                        predicate="intersects")
    reached = {act_id: sorted(set(group["code"]))
               for act_id, group in touched.groupby("activity_id")}
    kinds = dict(zip(areas["activity_id"], areas["kind"], strict=True))
    acts["desa_codes"] = [reached.get(a, codes)
                          for a, codes in zip(acts["activity_id"], acts["desa_codes"], strict=True)]
    acts["kecamatan_codes"] = [
        sorted({c.rsplit(".", 1)[0] for c in reached[a]}) if a in reached else codes
        for a, codes in zip(acts["activity_id"], acts["kecamatan_codes"], strict=True)]
    acts["precision"] = [kinds[a] if a in reached else p
                         for a, p in zip(acts["activity_id"], acts["precision"], strict=True)]
    return areas, acts


def _png(width: int, height: int, pixels: list[tuple[int, int, int, int]]) -> bytes:
    """Encode an RGBA image (row-major pixels) as PNG."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(
            ">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + bytes(v for px in pixels[r * width:(r + 1) * width] for v in px)
                   for r in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def _layers(kec: gpd.GeoDataFrame) -> tuple[tuple[VectorOverlay, ...], tuple[RasterOverlay, ...]]:
    """An illustrative forest-function coverage, a peat layer and a loss raster."""
    classes = (("1001", "Hutan Lindung", "#1b7837"), ("1004", "Hutan Produksi Terbatas",
                                                       "#a6dba0"), ("1007", "APL", "#f1b6da"))
    chosen = kec.sort_values("code").iloc[[0, 1, 2, 6]]
    picks = [classes[i % 3] for i in range(len(chosen))]
    forest = gpd.GeoDataFrame({"class_code": [p[0] for p in picks], "class": [p[1] for p in picks],
                               "colour": [p[2] for p in picks], "name": list(chosen["name"])},
                              geometry=list(chosen.geometry), crs=kec.crs)
    centres = shapely.points(np.array([[111.30, -0.10], [111.62, 0.32], [112.10, -0.05]]))
    peat = gpd.GeoDataFrame({"class_code": ["KHG"] * 3, "class": ["Gambut"] * 3,
                             "colour": ["#7b3f00"] * 3},
                            geometry=shapely.buffer(centres, 0.05), crs=4326)
    vectors = (
        VectorOverlay("fungsi_kawasan", "Fungsi kawasan (ilustratif)", forest,
                      tuple((c, f"{code} {label}") for code, label, c in classes)),
        VectorOverlay("gambut", "Gambut (ilustratif)", peat, (("#7b3f00", "KHG"),)),
    )
    colours = [(215, 48, 39, 255), (252, 141, 89, 255), (0, 0, 0, 0)]
    pixels = [colours[(x * 7 + y * 3) % 3] for y in range(6) for x in range(8)]
    raster = RasterOverlay("loss", "Kehilangan tutupan pohon (ilustratif)", _png(8, 6, pixels),
                           (111.2, -0.3, 111.8, 0.1),
                           (("#d73027", "2019-2021"), ("#fc8d59", "2022-2023")))
    return vectors, (raster,)


def build_atlas_input(admin_gpkg: Path, sample_dir: Path | None = None, *,
                      prefix: str = SINTANG, seed: int = 20240630) -> AtlasInput:
    """Return the test atlas: real boundaries, the sample's areas, synthetic activities.

    With ``sample_dir=None`` the atlas has boundaries and measures only (used for
    the whole-province size budget).
    """
    kec, desa = load_boundaries(admin_gpkg, prefix)
    rng = np.random.default_rng(seed)
    desa["area_ha"] = (desa.to_crs(6933).area / 1e4).round(1)
    forest = rng.uniform(0, 100, len(desa)).round(1)
    forest[::37] = np.nan
    desa["forest_pct"] = forest
    measures = (Measure("area_ha", "Luas desa", "Desa area", "ha"),
                Measure("forest_pct", "Tutupan hutan (ilustratif)", "Forest cover (illustrative)",
                        "%"))
    empty_areas = gpd.GeoDataFrame({"activity_id": [], "org": [], "org_type": [], "name": [],
                                    "kind": [], "area_ha": []}, geometry=[], crs=4326)
    atlas = AtlasInput(title="Atlas Lanskap Sintang", kecamatan=kec, desa=desa,
                       activities=pd.DataFrame(columns=list(ACTIVITY_COLUMNS)),
                       areas=empty_areas, measures=measures, date="2024-06-30",
                       sources=(("Batas wilayah: https://github.com/cahyadsn/wilayah_boundaries "
                                 "(MIT)"), "javascript:alert(1) (bukan tautan)",
                                "Sampel Sekber Sintang (fiktif)"))
    if sample_dir is None:
        return atlas
    desa.loc[desa["code"] == HOSTILE_DESA, "name"] = HOSTILE
    activities = _activities(desa, rng)
    areas = _sample_areas(sample_dir)
    hostile_area = gpd.GeoDataFrame(
        {"name": [HOSTILE_AREA], "kind": ["polygon"]},
        geometry=[shapely.buffer(desa.loc[desa["code"] == "61.05.03.2001"].geometry.iloc[0]
                                 .representative_point(), 0.01)], crs=4326)
    areas = gpd.GeoDataFrame(pd.concat([areas, hostile_area], ignore_index=True), crs=4326)
    areas, activities = _link_areas(areas, activities, desa)
    land = {code: f"Hutan lahan kering sekunder {i % 9 * 15} ha; APL {i % 5 * 10} ha"
            for i, code in enumerate(desa["code"]) if i % 3 == 0}
    vectors, rasters = _layers(kec)
    return replace(atlas, title="Atlas Lanskap Kabupaten Sintang (uji)", desa=desa,
                   activities=activities, areas=areas, desa_land_status=land, vectors=vectors,
                   rasters=rasters)


def decode_deltas(encoded, scale):
    """Decode the atlas's integer-delta geometry, written independently of the module.

    ``encoded`` is parts of rings of flat ``[dx, dy, dx, dy, ...]`` deltas that run on across
    rings and parts; ``scale`` units make one degree. Returns parts of rings of (x, y).
    """
    x = y = 0
    parts = []
    for part in encoded:
        rings = []
        for ring in part:
            coords = []
            for dx, dy in zip(ring[::2], ring[1::2], strict=True):
                x, y = x + dx, y + dy
                coords.append((x / scale, y / scale))
            rings.append(coords)
        parts.append(rings)
    return parts
