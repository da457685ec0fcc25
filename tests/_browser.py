"""Headless Chromium for the atlas tests: the Debian package, the network blocked.

Chromium is the Debian package at /usr/bin/chromium, driven by playwright-python
(never a downloaded browser build). Without either, browser tests skip with a
reason, or fail when ``LANDSCAPE_REQUIRE_BROWSER`` is set. Every request that is
not for a local file is aborted and recorded.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]


def need_browser() -> None:
    """Skip (or fail, with ``LANDSCAPE_REQUIRE_BROWSER``) when Chromium cannot run."""
    reason = ""
    if not CHROMIUM.exists():
        reason = f"headless Chromium not found at {CHROMIUM} (install the Debian package)"
    else:
        try:
            import playwright.sync_api  # noqa: F401, PLC0415
        except ImportError:
            reason = "playwright-python is not installed"
    if reason:
        if os.environ.get("LANDSCAPE_REQUIRE_BROWSER"):
            pytest.fail(f"{reason}; LANDSCAPE_REQUIRE_BROWSER is set, so this is a failure")
        pytest.skip(reason)


class Opened:
    """A page on the atlas, with the console errors and blocked requests seen so far."""

    def __init__(self, context: Any, page: Any, errors: list[str], blocked: list[str]) -> None:
        self.context = context
        self.page = page
        self.errors = errors
        self.blocked = blocked

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)

    def count(self, selector: str) -> int:
        return int(self.js("s => document.querySelectorAll(s).length", selector))

    def popup_text(self) -> str:
        self.page.wait_for_selector(".leaflet-popup-content")
        return str(self.page.inner_text(".leaflet-popup-content"))

    def clean(self) -> None:
        assert self.errors == []
        assert self.blocked == []
        assert self.js("window.__xss") is None

    def close(self) -> None:
        self.context.close()


def block_network(context: Any) -> list[str]:
    """Abort every request of a browser context that is not for a local file.

    Returns the list the aborted addresses are appended to, so a test can assert it empty.
    """
    blocked: list[str] = []

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith("file:"):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    return blocked


def open_page(browser: Any, path: Path, *, fragment: str = "",
              viewport: dict[str, int] | None = None) -> Opened:
    """Open an atlas file in a fresh context, the network blocked, and wait until it is drawn.

    ``fragment`` (``"#year=2023"``) is appended to the address; ``viewport`` defaults to
    1280 x 800.
    """
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 800})
    blocked = block_network(context)
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type in {"error", "warning"} else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri() + fragment)
    page.wait_for_selector("html[data-atlas-ready]", timeout=20_000)
    return Opened(context, page, errors, blocked)
