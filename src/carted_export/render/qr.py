"""QR codes that lead from paper back online (segno, pure Python: runs in any worker).

Error correction M or higher (segno raises it further when the data still fits), the
4-module quiet zone inside the image, dark on an explicit white ground so the code also
scans on a coloured or dark page.  The stylesheets print it at least 2.5 cm wide.
"""

from __future__ import annotations

import base64
import functools
import io
from dataclasses import dataclass
from urllib.parse import urlsplit

import segno


@dataclass(frozen=True, slots=True)
class QrCode:
    url: str  # what it encodes
    short_url: str  # the same address without the scheme, to print beside it
    src: str  # a data: URL of the SVG image


@functools.lru_cache(maxsize=64)
def qr_code(url: str) -> QrCode:
    """The code for ``url``.  Cached: every page context of a job (PDF, bilingual PDF, EPUB,
    HTML) asks for the same one, and encoding it takes some 8 ms."""
    code = segno.make_qr(url, error="m", boost_error=True)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", border=4, dark="#000", light="#fff", xmldecl=False)
    svg = base64.b64encode(buffer.getvalue()).decode("ascii")
    return QrCode(url, short_url(url), f"data:image/svg+xml;base64,{svg}")


def short_url(url: str) -> str:
    """``https://host/path`` as a person types it: ``host/path``."""
    parts = urlsplit(url)
    return f"{parts.netloc}{parts.path}"
