"""Links and site-root image paths made absolute against the page's ``url``, as a reader
builds its texts (the reader has the link tokens; nothing parses the text again for this).

A PDF or EPUB is read far from the site it came from, so ``/publications/...`` must
become ``https://www.cancer.gov/publications/...``.  Links that cannot be made absolute
(no base URL) or that use a scheme a reader should not follow lose their link and keep
their text.  Document-relative image paths (``img/x.png``) are left for the images pass,
which looks for them next to the source first.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from carted_export.markup import HrefMap

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


def href_map(base: str | None) -> HrefMap:
    """The serializer's link rewrite (:func:`carted_export.markup.serialize`) for ``base``."""
    return lambda href: absolute_href(href, base)


def image_src(src: str, base: str | None) -> str:
    """A site-root image path (``/sites/x.png``) made absolute; any other ``src`` as is."""
    return urljoin(base, src) if base and src.startswith("/") else src
