"""``landscape fetch-boundaries``: the published wilayah_boundaries files, as the build reads them.

A local HTTP server on 127.0.0.1 serves ``../shared/data/admin/raw/`` (the data set's
files as published, laid out as upstream); no test touches the internet. The answers
are checked against ``kalbar-admin.gpkg`` read with plain geopandas and measured in
EPSG:6933 here.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pytest
from click.testing import CliRunner, Result

from landscape.cli import main
from landscape.read.boundaries import read_boundaries
from landscape.read.wilayah import parse_wilayah

SQUARE = "[[[0.5,111.0],[0.5,111.1],[0.6,111.1],[0.6,111.0],[0.5,111.0]]]"
EAST = "[[[0.5,112.0],[0.5,112.1],[0.6,112.1],[0.6,112.0],[0.5,112.0]]]"
SQL_ROWS = ("INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n"
            f"('61.05.01','Jama''ah',0.55,111.05,'{SQUARE}'),\n"
            f"('61.05.02','Sungai\\'s',NULL,NULL,'[{SQUARE},{EAST}]');\n")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def raw_server(admin_gpkg: Path) -> Iterator[str]:
    """The published files, as upstream lays them out, served on 127.0.0.1."""
    with _serve(admin_gpkg.parent / "raw") as url:
        yield url


def _fetch(*args: str) -> Result:
    return CliRunner().invoke(main, ["fetch-boundaries", *args])


def _one_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.fixture(scope="module")
def fetched(raw_server: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("fetch")
    result = _fetch("61.05", "--dest", str(tmp / "out"), "--source", raw_server,
                    "--cache", str(tmp / "cache"))
    assert result.exit_code == 0, result.output
    assert "3 of 3 files downloaded" in result.output
    return tmp / "out" / "boundaries-61.05.gpkg"


@pytest.mark.parametrize("level", ["kecamatan", "desa"])
def test_same_units_as_the_converted_gpkg(fetched: Path, admin_gpkg: Path, level: str) -> None:
    want = gpd.read_file(admin_gpkg, layer=level)
    want = want[want["kode"].str.startswith("61.05.")].set_index("kode").sort_index()
    got = gpd.read_file(fetched, layer=level).set_index("kode").sort_index()
    assert len(want) == {"kecamatan": 14, "desa": 406}[level]
    assert list(got.index) == list(want.index)
    assert (got["nama"] == want["nama"]).all()
    got_ha = got.to_crs("EPSG:6933").area / 1e4
    want_ha = want.to_crs("EPSG:6933").area / 1e4
    assert ((got_ha - want_ha).abs() <= want_ha * 0.001).all()
    assert (got.geom_type == "MultiPolygon").all()
    assert got.crs == "EPSG:4326"


def test_the_build_reads_it(fetched: Path) -> None:
    bounds = read_boundaries(fetched, kabupaten="61.05")
    assert (len(bounds.kecamatan), len(bounds.desa)) == (14, 406)
    assert bounds.kabupaten_name() == "Kabupaten Sintang"
    assert "MIT License" in fetched.with_name("boundaries-61.05-LICENSE.txt").read_text()


def test_second_run_needs_no_network(admin_gpkg: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with _serve(admin_gpkg.parent / "raw") as url:
        first = _fetch("61.05", "--dest", str(tmp_path / "a"), "--source", url,
                       "--cache", str(cache))
    assert first.exit_code == 0, first.output
    # The server has stopped: the same address answers nothing, the cache does.
    second = _fetch("61.05", "--dest", str(tmp_path / "b"), "--source", url,
                    "--cache", str(cache))
    assert second.exit_code == 0, second.output
    assert "0 of 3 files downloaded, 3 from the cache" in second.output
    third = _fetch("61.05", "--dest", str(tmp_path / "c"), "--source", "http://127.0.0.1:1/",
                   "--cache", str(tmp_path / "empty"))
    assert "could not be reached" in _one_error(third)


def test_unknown_code_is_one_sentence(raw_server: str, tmp_path: Path) -> None:
    line = _one_error(_fetch("61.99", "--dest", str(tmp_path / "o"), "--source", raw_server,
                             "--cache", str(tmp_path / "c")))
    assert "HTTP 404" in line
    assert "61.99" in line
    assert not (tmp_path / "o").exists()


def test_dest_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("")
    line = _one_error(_fetch("61.05", "--dest", str(tmp_path / "f"), "--source",
                             "http://127.0.0.1:1/", "--cache", str(tmp_path / "c")))
    assert "is a file, not a folder" in line


def test_code_without_dot_is_refused(tmp_path: Path) -> None:
    line = _one_error(_fetch("6105", "--dest", str(tmp_path), "--cache", str(tmp_path)))
    assert "61.05" in line


def test_malformed_file_is_one_sentence_and_not_cached(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    for rel in ("db/kab/wilayah_boundaries_kab_61.sql", "db/kec/wilayah_boundaries_kec_61.sql",
                "db/kel/61/wilayah_boundaries_kel_61.05.sql"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("<html>Not the data set</html>")
    with _serve(root) as url:
        line = _one_error(_fetch("61.05", "--dest", str(tmp_path / "o"), "--source", url,
                                 "--cache", str(tmp_path / "c")))
    assert "holds no INSERT rows" in line
    assert not any(p.is_file() for p in (tmp_path / "c").rglob("*"))


def test_parse_reads_lat_lng_and_quotes() -> None:
    units = parse_wilayah(SQL_ROWS, "x.sql").frame
    assert list(units["nama"]) == ["Jama'ah", "Sungai's"]
    assert units.geometry.iloc[0].bounds == pytest.approx((111.0, 0.5, 111.1, 0.6))
    assert len(units.geometry.iloc[1].geoms) == 2
    assert units.geometry.iloc[1].bounds == pytest.approx((111.0, 0.5, 112.1, 0.6))
    assert units.to_crs("EPSG:6933").area.iloc[0] == pytest.approx(
        gpd.GeoSeries.from_wkt(["POLYGON ((111 0.5, 111.1 0.5, 111.1 0.6, 111 0.6, 111 0.5))"],
                               crs="EPSG:4326").to_crs("EPSG:6933").area.iloc[0])
