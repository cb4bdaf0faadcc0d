"""Opt-in download of remote images (``--allow-remote-images``): small, bounded, image-only.

Kept separate so the offline default path never imports networking code paths that
could be reached by accident, and so the limits are in one place.  Accepted images are
kept in a cache folder (keyed by the URL's SHA-256), so a rebuild fetches nothing twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import urllib.error
import urllib.request
from pathlib import Path

from carted_export.files import atomic_write

TIMEOUT_SECONDS = 10
USER_AGENT = "carted-export (image fetch)"


class FetchError(Exception):
    """A remote image could not be fetched within the limits."""


def fetch_image(url: str, max_bytes: int, cache_dir: Path | None = None) -> bytes:
    """GET ``url`` (http/https only); require ``image/*`` and at most ``max_bytes``.

    With ``cache_dir``, an image fetched before is read from there instead.
    """
    if not url.lower().startswith(("http://", "https://")):
        if url.startswith("//"):
            url = "https:" + url
        else:
            raise FetchError("only http(s) URLs are fetched")
    cached = cache_dir / hashlib.sha256(url.encode("utf-8")).hexdigest() if cache_dir else None
    if cached is not None and cached.is_file():
        data = cached.read_bytes()
        if len(data) <= max_bytes:
            return data
    data = _download(url, max_bytes)
    if cached is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            atomic_write(cached, data)
    return data


def _download(url: str, max_bytes: int) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            content_type = str(response.headers.get("Content-Type", ""))
            if not content_type.lower().startswith("image/"):
                raise FetchError(f"content type {content_type or 'missing'!r} is not image/*")
            data: bytes = response.read(max_bytes + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(str(exc)) from None
    if len(data) > max_bytes:
        raise FetchError(f"larger than {max_bytes:,} bytes")
    return data
