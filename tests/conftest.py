"""Shared fixtures: the real data in ../shared/data, and the rules for skipping.

Tests that need ``../shared/data`` (real West Kalimantan boundaries and the
Sintang sample) are skipped with a reason in someone else's clone; CI sets
``LANDSCAPE_REQUIRE_SHARED=1`` so their absence fails instead. The data folder
can be moved with ``LANDSCAPE_SHARED_DATA=/path/to/shared/data``.

The data reaches tests only through the ``admin_gpkg``, ``sample_dir`` and
``intake_dir`` fixtures; every test using one of them, directly or through another fixture,
is marked ``shared`` at collection, so ``-m "not shared"`` is exactly the
offline suite.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from _browser import ARGS, CHROMIUM, need_browser
from hypothesis import settings as hypothesis_settings

# Property-based tests (tests/test_properties.py) draw their examples from a fixed seed
# and never from a saved database, a bounded number of them and with no time limit: an
# outcome never depends on luck, on the machine's speed or on an earlier run.
hypothesis_settings.register_profile("landscape", derandomize=True, database=None,
                                     max_examples=150, deadline=None, print_blob=True)
hypothesis_settings.load_profile("landscape")

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("LANDSCAPE_SHARED_DATA", ROOT.parent / "shared" / "data"))
ADMIN_GPKG = SHARED_DATA / "admin" / "kalbar-admin.gpkg"
SAMPLE_DIR = SHARED_DATA / "samples" / "sintang"
INTAKE_DIR = SHARED_DATA / "cases" / "intake"


SHARED_FIXTURES = frozenset({"admin_gpkg", "sample_dir", "intake_dir"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``shared`` every test whose fixture closure reaches the real data."""
    for item in items:
        if SHARED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.shared)


def _need(path: Path) -> Path:
    if path.exists():
        return path
    reason = f"real data not found at {path} (clone next to ../shared or set LANDSCAPE_SHARED_DATA)"
    if os.environ.get("LANDSCAPE_REQUIRE_SHARED"):
        pytest.fail(f"{reason}; LANDSCAPE_REQUIRE_SHARED is set, so this is a failure")
    pytest.skip(reason)
    raise AssertionError  # unreachable


@pytest.fixture(scope="session")
def admin_gpkg() -> Path:
    """Path to the real West Kalimantan boundaries (kabupaten, kecamatan, desa)."""
    return _need(ADMIN_GPKG)


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """Path to the fictional Sintang Sekber sample (workbook and area files)."""
    return _need(SAMPLE_DIR / "rencana-aksi.xlsx").parent


@pytest.fixture(scope="session")
def areas(sample_dir: Path) -> list[Path]:
    """The sample's partner area files, sorted by name."""
    return sorted((sample_dir / "areas").iterdir())


@pytest.fixture(scope="session")
def intake_dir() -> Path:
    """Path to the intake cases: files shaped as other organisations make them.

    Each case's right values are listed in that folder's README.md.
    """
    return _need(INTAKE_DIR / "README.md").parent


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (see tests/_browser.py); skips or fails without it."""
    need_browser()
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
