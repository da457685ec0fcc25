"""The atlas page: one self-contained HTML file around the atlas's data.

:func:`render_page` puts together what :mod:`landscape.render.atlas.payload` has prepared:
Leaflet (from the installed ``xstatic-leaflet`` package, its images turned into
data URIs), the atlas's own ``fold.js``, the script modules ``assets/atlas-*.js``
(joined in the order of :data:`MODULES` inside one function scope) and ``atlas.css`` from
``assets/``, and the payload as one JSON block that cannot close its ``<script>``
early. ``fold.js`` folds names for the search with the place-word table the
payload carries as ``fold`` (:func:`landscape._text.place_fold_table`), the
table the gazetteer uses. A Content-Security-Policy lets only the two inlined
scripts (by hash) run and images come only from data URIs and the OpenStreetMap
tiles. The page is rendered with the jinja template ``assets/atlas.html.j2``,
autoescaped. Nothing here adds a timestamp or a random id: the same payload
gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import jinja2
import xstatic.pkg.leaflet as xstatic_leaflet
from markupsafe import Markup

from landscape.render.atlas.figures import header_counts

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

#: Folder of the page's template, script and stylesheet.
ASSETS: Final = Path(__file__).resolve().parent / "assets"
#: The atlas's script modules, ``assets/atlas-NAME.js``, in the order they are joined; each may
#: use what an earlier one declares.
MODULES: Final = ("core", "map", "filter", "popups", "panels", "search", "tools", "places", "plan",
                  "profile", "table", "state", "print",
                  "changes", "start")
#: The OpenStreetMap tile server, the only place the page may load images from.
OSM_TILES: Final = "https://tile.openstreetmap.org"

_URL: Final = re.compile(r"(https?://[^\s<>\"']+)")
_ENV: Final = jinja2.Environment(
    loader=jinja2.FileSystemLoader(ASSETS), autoescape=True, keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)


def render_page(payload: dict[str, Any], *, sources: Sequence[str]) -> str:
    """Return the HTML page that draws a payload.

    Parameters
    ----------
    payload : dict
        What :func:`landscape.render.atlas.payload.build_payload` returns; its ``lang``,
        ``t`` (labels), ``title``, ``date`` and ``illustrative`` also fill the
        title block.
    sources : sequence of str
        Data sources named in the title block (http(s) URLs become links).

    Returns
    -------
    str
        The page, with every script, stylesheet and image inlined.
    """
    lang = payload["lang"]
    strings = payload["t"]
    leaflet_js, leaflet_css = leaflet_assets()
    atlas_js = _atlas_script()
    atlas_css = (ASSETS / "atlas.css").read_text(encoding="utf-8")
    scripts = [inline_safe(leaflet_js, "script"), inline_safe(atlas_js, "script")]
    counts = header_counts(payload)
    return _ENV.get_template("atlas.html.j2").render(
        lang=lang, t=strings, title=payload["title"], date=payload["date"], counts=counts,
        illustrative=payload["illustrative"],
        sources=[_link_segments(source) for source in sources],
        csp=content_security_policy(scripts),
        css=Markup(inline_safe(leaflet_css + "\n" + atlas_css, "style")),  # noqa: S704
        leaflet_js=Markup(scripts[0]), atlas_js=Markup(scripts[1]),  # noqa: S704
        data_json=Markup(script_json(payload)),  # noqa: S704
    )


def _atlas_script() -> str:
    """Return fold.js and the atlas modules joined into one script."""
    modules = "\n".join((ASSETS / f"atlas-{name}.js").read_text(encoding="utf-8")
                        for name in MODULES)
    fold = (ASSETS / "fold.js").read_text(encoding="utf-8")
    return f"{fold}\n(function () {{\n{modules}}}());\n"


def script_json(payload: dict[str, Any]) -> str:
    """Serialise the payload so that it cannot end its ``<script>`` block early."""
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def leaflet_assets() -> tuple[str, str]:
    """Return Leaflet's script and stylesheet, with its images as data URIs."""
    base = Path(xstatic_leaflet.BASE_DIR)
    script = (base / "leaflet.js").read_text(encoding="utf-8")
    script = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", script)
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        data = (base / "images" / match.group(1)).read_bytes()
        return f"url(data:image/png;base64,{base64.b64encode(data).decode('ascii')})"

    return script, re.sub(r"url\(images/([\w.-]+\.png)\)", inline, css)


def inline_safe(text: str, tag: str) -> str:
    """Refuse inlined code that would close its own ``<script>``/``<style>`` element."""
    if f"</{tag}" in text.lower() or "<!--" in text:
        msg = f"Inlined {tag} code contains '</{tag}' or '<!--' and cannot be embedded."
        raise ValueError(msg)
    return text


def content_security_policy(scripts: Iterable[str]) -> str:
    """Return a Content-Security-Policy allowing only the given inline scripts."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in scripts
    )
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
            f"img-src data: {OSM_TILES}; connect-src 'none'; base-uri 'none'; "
            "form-action 'none'")


def _link_segments(text: str) -> list[tuple[str, str | None]]:
    """Split a source text into (text, href) pieces; only http(s) URLs become links."""
    return [(piece, piece if _URL.fullmatch(piece) else None)
            for piece in _URL.split(text) if piece]
