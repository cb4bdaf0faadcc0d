"""Tagged PDF (PDF/UA-1) leaflets: the HTML page with print CSS, laid out by WeasyPrint.

WeasyPrint may only read ``data:`` URLs (:class:`DataOnlyFetcher`): images and stylesheets
are inside the page, so it never touches the network or the disk.  Creation and modification
dates come from ``RenderContext.export_date`` so the same input gives the same bytes.

The PDF/UA fixes happen inside WeasyPrint's single pass (:mod:`.pdf_tagging` while it
draws and tags, :mod:`.pdf_structure` as its finisher), and one font configuration serves
every document of a worker process: the file is laid out and written once, never re-parsed.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from carted_export.config import RenderContext
from carted_export.document import Document
from carted_export.errors import CartedError, RenderError
from carted_export.render.context import PageContext, page_context
from carted_export.render.pdf_structure import repair_structure
from carted_export.render.pdf_tagging import leaflet_tagging
from carted_export.render.templating import Flavor, render_page

log = logging.getLogger(__name__)


class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint fetcher for ``data:`` URLs only: everything a leaflet shows is inside it."""

    def __init__(self) -> None:
        super().__init__(timeout=1, allowed_protocols=("data",), allow_redirects=False)

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.split(":", 1)[0].lower() == "data":
            return super().fetch(url, headers)
        log.warning("not fetching %s: a leaflet may only use data: URLs", url[:200])
        raise ValueError(f"refused to fetch {url[:200]!r}: only data: URLs")


def render_pdf(document: Document, ctx: RenderContext) -> bytes:
    return page_pdf(page_context(document, ctx), ctx, document.source_path)


def page_pdf(page: PageContext, ctx: RenderContext, source_path: str, variant: str = "") -> bytes:
    """The leaflet of ``page`` (``variant``: e.g. "bilingual", names its PDF /ID apart)."""
    html = render_page(page, ctx, Flavor.PDF)
    try:
        return write_leaflet_pdf(html, None, DataOnlyFetcher(), _identifier(ctx, variant))
    except CartedError:
        raise
    except Exception as exc:  # WeasyPrint raises many unrelated types; report one
        raise RenderError(f"PDF rendering failed: {exc}", path=source_path) from exc


def write_leaflet_pdf(
    html: str,
    base_url: str | None,
    fetcher: URLFetcher | None = None,
    identifier: bytes | None = None,
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


def _identifier(ctx: RenderContext, variant: str) -> bytes:
    """A stable file identifier (the PDF /ID): same document and options, same id."""
    key = f"{ctx.slug}|{ctx.lang_tag}|{ctx.paper.value}|{ctx.size.value}"
    key += f"|{variant}" if variant else ""
    return key.encode("utf-8")[:64]
