"""Files from the web, kept in a cache: the one place the toolkit reaches the network.

:func:`fetch_cached` downloads a file of a data set (its address is the data set's
root and the file's path under it) with :mod:`urllib` and keeps it in a cache
folder, so the second time needs no network. A file is written to a temporary
name and renamed, so an interrupted download never leaves half a file in the
cache. Each failure is one sentence: the network could not be reached, the
address does not exist (HTTP 404), or the server answered with another error.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from landscape.errors import InputError, InputFileError

__all__ = ["DEFAULT_CACHE", "NotFoundError", "cache_folder", "fetch_cached", "join_url"]

#: Where downloads are kept unless ``--cache`` says otherwise.
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "landscape"
TIMEOUT_SECONDS = 60.0
_HTTP_NOT_FOUND = 404


class NotFoundError(InputFileError):
    """The server has no file at the address (HTTP 404)."""


def join_url(source: str, path: str) -> str:
    """Return ``path`` under the data set's root ``source`` (a URL or a local folder).

    >>> join_url("https://example.org/data", "db/kab/x.sql")
    'https://example.org/data/db/kab/x.sql'
    """
    return source.rstrip("/") + "/" + path.lstrip("/")


def cache_folder(cache: str | Path | None, source: str) -> Path:
    """Return the cache folder of one source (a mirror gets a folder of its own).

    >>> cache_folder("/tmp/c", "https://example.org/data").parent
    PosixPath('/tmp/c')
    """
    root = Path(cache).expanduser() if cache is not None else DEFAULT_CACHE
    digest = hashlib.sha256(source.rstrip("/").encode("utf-8")).hexdigest()[:12]
    host = urllib.parse.urlsplit(source).netloc.replace(":", "_") or "local"
    return root / f"{host}-{digest}"


def _download(url: str) -> bytes:
    if urllib.parse.urlsplit(url).scheme not in {"http", "https", "file"}:
        msg = f"{url} is not an http, https or file address; give --source as a URL"
        raise InputError(msg)
    request = urllib.request.Request(url, headers={"User-Agent": "landscape"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            data: bytes = answer.read()
    except urllib.error.HTTPError as exc:
        if exc.code == _HTTP_NOT_FOUND:
            msg = f"{url} was not found (HTTP 404)"
            raise NotFoundError(msg) from exc
        msg = (f"{url} could not be downloaded: the server answered HTTP {exc.code} "
               f"({exc.reason}); try again later or give --source a mirror")
        raise InputFileError(msg) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, FileNotFoundError):
            msg = f"{url} was not found (no such file)"
            raise NotFoundError(msg) from exc
        msg = (f"{url} could not be reached ({reason}); check the network connection, or "
               "give --source a mirror of the data set")
        raise InputFileError(msg) from exc
    return data


def fetch_cached(source: str, path: str, *, cache: str | Path | None = None) -> tuple[Path, bool]:
    """Return the cached copy of ``path`` of the data set at ``source``, downloading it once.

    Parameters
    ----------
    source : str
        The data set's root address (``https://...``, ``http://127.0.0.1:8000/``, ``file://``).
    path : str
        The file's path under the root.
    cache : str or Path, optional
        The cache folder (default :data:`DEFAULT_CACHE`).

    Returns
    -------
    (Path, bool)
        The cached file, and whether it was downloaded now (False: found in the cache).

    Raises
    ------
    NotFoundError
        If the server has no such file (HTTP 404).
    InputFileError
        If the network or server fails (one sentence naming the address).
    """
    target = cache_folder(cache, source) / path
    if target.is_file():
        return target, False
    data = _download(join_url(source, path))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target, True
