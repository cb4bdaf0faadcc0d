"""Opt-in download of remote images (``--allow-remote``): small, bounded, image-only.

Kept separate so the offline default path never imports networking code paths that
could be reached by accident, and so the limits are in one place.
"""

from __future__ import annotations

import urllib.error
import urllib.request

TIMEOUT_SECONDS = 10
USER_AGENT = "carted-export (image fetch)"


class FetchError(Exception):
    """A remote image could not be fetched within the limits."""


def fetch_image(url: str, max_bytes: int) -> bytes:
    """GET ``url`` (http/https only); require ``image/*`` and at most ``max_bytes``."""
    if not url.lower().startswith(("http://", "https://")):
        if url.startswith("//"):
            url = "https:" + url
        else:
            raise FetchError("only http(s) URLs are fetched")
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
