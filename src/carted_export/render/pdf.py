"""Tagged PDF (PDF/UA-1) leaflets: the HTML page with print CSS, laid out by WeasyPrint.

WeasyPrint may only read ``data:`` URLs and files inside the source folder or the templates
folder (:class:`LocalOnlyFetcher`); it never touches the network.  Creation and modification
dates come from ``RenderContext.export_date`` so the same input gives the same bytes.

The PDF/UA fixes happen inside WeasyPrint's single pass (:mod:`.pdf_tagging` while it
draws and tags, :mod:`.pdf_structure` as its finisher), and one font configuration serves
every document of a worker process: the file is laid out and written once, never re-parsed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from carted_export.config import RenderContext
from carted_export.document import Document
from carted_export.errors import RenderError
from carted_export.render.pdf_structure import repair_structure
from carted_export.render.pdf_tagging import leaflet_tagging
from carted_export.render.templating import Flavor, render_page

log = logging.getLogger(__name__)


class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint fetcher for ``data:`` URLs and local files under the allowed roots only."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(timeout=1, allowed_protocols=("data", "file"), allow_redirects=False)
        self._roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: Any = None) -> Any:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._allowed_path(url)
            if path is not None:
                return super().fetch(path.as_uri(), headers)
        log.warning("not fetching %s: only data: URLs and files in the source folder", url[:200])
        raise ValueError(f"refused to fetch {url[:200]!r}: only data: URLs and local files")

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if path.is_file() and any(path.is_relative_to(root) for root in self._roots):
            return path
        return None


def render_pdf(document: Document, ctx: RenderContext) -> bytes:
    html = render_page(document, ctx, Flavor.PDF)
    fetcher = LocalOnlyFetcher((ctx.source_root, ctx.templates_dir))
    base_url = ctx.source_root.resolve().as_uri() + "/"
    try:
        return write_leaflet_pdf(html, base_url, fetcher, _identifier(ctx))
    except Exception as exc:  # WeasyPrint raises many unrelated types; report one
        raise RenderError(f"PDF rendering failed: {exc}", path=document.source_path) from exc


def write_leaflet_pdf(
    html: str, base_url: str, fetcher: URLFetcher | None = None, identifier: bytes | None = None
) -> bytes:
    """``html`` as a tagged PDF/UA-1 file with our fixes; ``fetcher`` None is WeasyPrint's."""
    with leaflet_tagging():
        pdf: bytes = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
            pdf_variant="pdf/ua-1",
            pdf_identifier=identifier,
            font_config=worker_font_config(),
            finisher=repair_structure,
        )
    return pdf


@cache
def worker_font_config() -> FontConfiguration:
    """One font configuration per process: fontconfig and Pango set up once, not per PDF.

    Safe to share because our stylesheets declare no ``@font-face`` (the only per-document
    state it keeps); the output bytes are the same as with a fresh configuration (tested).
    """
    return FontConfiguration()


def _identifier(ctx: RenderContext) -> bytes:
    """A stable file identifier (the PDF /ID): same document and options, same id."""
    key = f"{ctx.slug}|{ctx.lang_tag}|{ctx.paper.value}|{ctx.size.value}"
    return key.encode("utf-8")[:64]
