"""Tagged PDF (PDF/UA-1) leaflets: the HTML page with print CSS, laid out by WeasyPrint.

WeasyPrint may only read ``data:`` URLs and files inside the source folder or the templates
folder (:class:`LocalOnlyFetcher`); it never touches the network.  Creation and modification
dates come from ``RenderContext.export_date`` so the same input gives the same bytes.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import pikepdf
import weasyprint
from weasyprint.urls import URLFetcher

from carted_export.config import RenderContext
from carted_export.document import Document
from carted_export.errors import RenderError
from carted_export.render import pdf_lang
from carted_export.render.pdf_artifacts import mark_margin_artifacts_in
from carted_export.render.pdf_structure import repair_structure
from carted_export.render.templating import Flavor, render_page

log = logging.getLogger(__name__)
pdf_lang.install()


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
    try:
        pdf: bytes = weasyprint.HTML(
            string=html,
            base_url=ctx.source_root.resolve().as_uri() + "/",
            url_fetcher=fetcher,
        ).write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=_identifier(ctx))
    except Exception as exc:  # WeasyPrint raises many unrelated types; report one
        raise RenderError(f"PDF rendering failed: {exc}", path=document.source_path) from exc
    return postprocess(pdf)


def postprocess(pdf: bytes) -> bytes:
    """Fix what WeasyPrint 70 gets wrong for PDF/UA-1, opening the file once.

    Running headers/footers become pagination artifacts (:mod:`.pdf_artifacts`); list
    bodies and page-split tables are repaired in the structure tree (:mod:`.pdf_structure`).
    """
    with pikepdf.open(io.BytesIO(pdf)) as document:
        changed = mark_margin_artifacts_in(document)
        changed = repair_structure(document) or changed
        if not changed:
            return pdf
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()


def _identifier(ctx: RenderContext) -> bytes:
    """A stable file identifier (the PDF /ID): same document and options, same id."""
    key = f"{ctx.slug}|{ctx.lang_tag}|{ctx.paper.value}|{ctx.size.value}"
    return key.encode("utf-8")[:64]
