"""Make links and site-root image paths absolute against the page's ``url``.

A PDF or EPUB is read far from the site it came from, so ``/publications/...`` must
become ``https://www.cancer.gov/publications/...``.  Links that cannot be made absolute
(no base URL) or that use a scheme a reader should not follow lose their link and keep
their text.  Document-relative image paths (``img/x.png``) are left for the images pass,
which looks for them next to the source first.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urljoin, urlsplit

from carted_export.document import Block, Document, Figure, Role, Text, map_texts
from carted_export.markup import reserialize
from carted_export.transforms.walk import map_blocks

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def absolute_href(href: str, base: str | None) -> str | None:
    """The absolute form of ``href``, or ``None`` if it cannot or must not be linked."""
    href = href.strip()
    if not href:
        return None
    scheme = urlsplit(href).scheme.lower()
    if scheme:
        return href if scheme in SAFE_SCHEMES else None
    if base is None:
        return None
    joined = urljoin(base, href)
    return joined if urlsplit(joined).scheme.lower() in SAFE_SCHEMES else None


def absolutize_links(document: Document) -> Document:
    """Rewrite every link in every text, and site-root image sources."""
    base = document.metadata.url

    def fix_text(role: Role, text: Text) -> Text:
        del role
        if "](" not in text.markdown:
            return text
        new = reserialize(text.markdown, lambda href: absolute_href(href, base))
        return text if new == text.markdown else replace(text, markdown=new)

    def fix_block(block: Block) -> Block:
        if isinstance(block, Figure) and base and block.src.startswith("/"):
            return replace(block, src=urljoin(base, block.src))
        return block

    document = map_texts(document, fix_text)
    return document.with_blocks(map_blocks(document.blocks, fix_block))
