"""Saved web pages (``.html``/``.htm``) to a :class:`Document`, with trafilatura.

trafilatura finds the article in the page and drops the site around it (navigation,
header, footer, sidebars, comments); we also prune cookie and consent banners by their
``id``/``class``, and every ``nav`` and ``role=navigation``, before it looks.  Its XML
output (``head``, ``p``, ``list``/``item``, ``table``/``row``/``cell``, ``graphic``,
``quote``, ``hi``, ``ref``) is mapped onto the model here.  Nothing is fetched: trafilatura
is only handed the saved text.

Metadata comes from the page: the title, description, date, author and site name that
trafilatura reads (``<title>``, Open Graph, JSON-LD, ``<meta>``; no guessing from the
text), the language from ``<html lang>``, the canonical URL from ``<link rel=canonical>``
(or ``og:url``), the license from ``rel=license`` or a ``dcterms.license``/``DC.rights``
meta; a sidecar ``<name>.yaml`` (:mod:`.sidecar`) overrides them.  Links are made
absolute against the canonical URL (or the sidecar's ``url``) as the text is built; image
paths are left as the page wrote them, so a page saved with its ``_files`` folder shows
its local images.  Origins are the page's lines where the block's text is found in the
file, else the line of the block before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from carted_export.document import (
    Block,
    Document,
    Figure,
    Heading,
    ListBlock,
    ListItem,
    Note,
    NoteKind,
    Origin,
    Paragraph,
    Table,
    TableCell,
    Text,
)
from carted_export.errors import SourceError
from carted_export.markup import HrefMap, clean_title, escape, plain
from carted_export.sources.inline import Span, inline_text
from carted_export.sources.links import href_map, image_src
from carted_export.sources.markdown import MAX_NESTING
from carted_export.sources.metadata import Warnings, page_url
from carted_export.sources.sidecar import document_with_sidecar, merged_fields, sidecar_fields

_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_HTML_TAG = re.compile(r"<(?:head|body)[\s>]", re.I)
#: Banners and site chrome trafilatura may keep on a short page.
_PRUNE = [
    "//nav",
    "//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='dialog']",
    "//*[@aria-modal='true']",
    "//footer[not(ancestor::article)]",
    *(
        f"//*[contains(translate(@id, '{word.upper()}', '{word}'), '{word}') or "
        f"contains(translate(@class, '{word.upper()}', '{word}'), '{word}')]"
        for word in ("cookie", "consent", "gdpr")
    ),
]
_LICENSE_META = ("dcterms.license", "dc.rights", "dcterms.rights", "license")


def looks_like_html(text: str) -> bool:
    """A document that opens as HTML, or has a ``<head>``/``<body>`` near its start."""
    return bool(_HTML_START.match(text) or _HTML_TAG.search(text[:4096]))


def read_html(text: str, path: str, sidecar: bytes | None = None) -> Document:
    """Read a saved web page (already decoded) named ``path``."""
    page = _parse(text, path)
    canonical = _canonical(page)
    # No ``url``: trafilatura would make the page's own image files (``page_files/x.png``)
    # remote; the converter makes links and site-root images absolute against it.
    extracted = trafilatura.extract(
        text,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=True,
        include_formatting=True,
        include_links=True,
        prune_xpath=_PRUNE,
    )
    warnings = Warnings(Origin(path, 1))
    fields = sidecar_fields(sidecar, path)
    base = page_url(merged_fields({"url": canonical}, fields))
    blocks: tuple[Block, ...] = ()
    if extracted:
        root = etree.fromstring(extracted.encode("utf-8"))
        main = root.find("main")
        converter = _Converter(path, _Lines(text), warnings, base, href_map(base))
        blocks = converter.blocks(main if main is not None else root, 0)
    if not blocks:
        raise SourceError(
            "no article text found in the page; save the article's own page, not an index",
            path=path,
            line=1,
        )
    meta = trafilatura.extract_metadata(text, default_url=canonical, extensive=False)
    found: dict[str, object] = {
        "title": clean_title(meta.title or ""),
        "description": meta.description,
        "language": _language(page),
        "url": canonical,
        "source": meta.sitename,
        "license": _license(page) or meta.license,
        "lastReviewed": meta.date,
        "authors": [a.strip() for a in (meta.author or "").split(";") if a.strip()],
    }
    first_heading = next((plain(b.text.markdown) for b in blocks if isinstance(b, Heading)), "")
    fallback = first_heading or clean_title(PurePosixPath(path).stem) or "Untitled"
    return document_with_sidecar(path, "html", blocks, found, fields, fallback, warnings)


def _parse(text: str, path: str) -> lxml_html.HtmlElement:
    try:
        # lxml refuses a str that declares its encoding; the text is decoded already
        return lxml_html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    except (etree.ParserError, ValueError) as error:
        raise SourceError(f"cannot parse the page as HTML ({error})", path=path, line=1) from None


def _canonical(page: lxml_html.HtmlElement) -> str | None:
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        for value in page.xpath(xpath):
            url = str(value).strip()
            if url.startswith(("http://", "https://")):
                return url
    return None


def _language(page: lxml_html.HtmlElement) -> str | None:
    values = [page.get("lang"), *page.xpath("//meta[@http-equiv='content-language']/@content")]
    return next((str(v).split(",")[0].strip() for v in values if v and str(v).strip()), None)


def _license(page: lxml_html.HtmlElement) -> str | None:
    for value in page.xpath("//link[@rel='license']/@href | //a[@rel='license']/@href"):
        return str(value).strip() or None
    for meta in page.xpath("//meta[@name]"):
        if str(meta.get("name", "")).lower() in _LICENSE_META and meta.get("content"):
            return str(meta.get("content")).strip()
    return None


@dataclass(slots=True)
class _Lines:
    """Finds the line of a block's text in the page, moving forward through the file."""

    text: str
    position: int = 0
    line: int = 1

    def __post_init__(self) -> None:
        body = self.text.lower().find("<body")
        if body > 0:
            self.position, self.line = body, self.text.count("\n", 0, body) + 1

    def find(self, snippet: str) -> int:
        words = snippet.split()[:4]
        if words:
            index = self.text.find(" ".join(words), self.position)
            if index < 0:
                index = self.text.find(words[0], self.position)
            if index >= 0:
                self.line += self.text.count("\n", self.position, index)
                self.position = index
        return self.line


@dataclass(slots=True)
class _Converter:
    path: str
    lines: _Lines
    warnings: Warnings
    base: str | None  # the page's url: links and site-root images are made absolute
    links: HrefMap
    _capped: bool = field(default=False)

    def origin(self, element: etree._Element) -> Origin:
        return Origin(self.path, self.lines.find("".join(map(str, element.itertext()))))

    def blocks(self, parent: etree._Element, depth: int) -> tuple[Block, ...]:
        out: list[Block] = []
        for child in parent:
            out.extend(self.block(child, depth))
        return tuple(out)

    def block(self, element: etree._Element, depth: int) -> list[Block]:
        tag = element.tag
        if tag not in ("head", "list", "table", "graphic", "quote"):
            return list(self.paragraphs(element))
        origin = self.origin(element)
        if tag == "head":
            text = self.text(element)
            rend = str(element.get("rend", "h2"))
            level = int(rend[1]) if re.fullmatch(r"h[1-6]", rend) else 2
            return [Heading(origin, level, text)] if text else []
        if tag == "list":
            return [self.list_block(element, origin, depth)]
        if tag == "table":
            return [self.table(element, origin)]
        if tag == "graphic":
            alt = " ".join(str(element.get("alt") or element.get("title") or "").split())
            src = image_src(str(element.get("src") or ""), self.base)
            return [Figure(origin, src, Text(escape(alt)))]
        children = self.blocks(element, depth + 1) or self.paragraphs(element)
        return [Note(origin, NoteKind.QUOTE, children)] if children else []

    def paragraphs(self, element: etree._Element) -> tuple[Block, ...]:
        """A paragraph, and any image trafilatura left inside it as a figure after it."""
        text = self.text(element)
        origin = self.origin(element)
        out: list[Block] = [Paragraph(origin, text)] if text else []
        for graphic in element.iter("graphic"):
            out.extend(self.block(graphic, 0))
        return tuple(out)

    def list_block(self, element: etree._Element, origin: Origin, depth: int) -> ListBlock:
        items: list[ListItem] = []
        for item in element.iter("item"):
            if item.getparent() is not element:
                continue
            nested = [child for child in item if child.tag == "list"]
            if depth + 1 >= MAX_NESTING and nested and not self._capped:
                self._capped = True
                self.warnings.add("nesting-capped", f"lists nested deeper than {MAX_NESTING}")
            children = tuple(
                self.list_block(child, self.origin(child), depth + 1)
                for child in nested
                if depth + 1 < MAX_NESTING
            )
            items.append(ListItem(self.origin(item), self.text(item, skip="list"), children))
        ordered = str(element.get("rend", "ul")).lower() == "ol"
        return ListBlock(origin, tuple(items), ordered)

    def table(self, element: etree._Element, origin: Origin) -> Table:
        head: list[tuple[TableCell, ...]] = []
        body: list[tuple[TableCell, ...]] = []
        for row in element.iter("row"):
            cells = tuple(
                TableCell(self.text(cell), header=cell.get("role") == "head")
                for cell in row
                if cell.tag == "cell"
            )
            is_head = bool(cells) and all(cell.header for cell in cells)
            (head if is_head and not body else body).append(cells)
        return Table(origin, tuple(head), tuple(body))

    def text(self, element: etree._Element, skip: str = "") -> Text:
        spans: list[Span] = []
        _spans(element, spans, False, False, None, skip, 0)
        return inline_text(spans, self.links)


def _spans(
    element: etree._Element,
    out: list[Span],
    bold: bool,
    italic: bool,
    href: str | None,
    skip: str,
    depth: int,
) -> None:
    """The inline content of ``element`` (not its tail) as spans."""
    tag = element.tag
    rend = str(element.get("rend", ""))
    bold = bold or (tag == "hi" and rend == "#b")
    italic = italic or (tag == "hi" and rend == "#i")
    if tag == "ref":
        href = str(element.get("target") or "") or None
    if element.text:
        out.append(Span(element.text, bold, italic, href))
    for child in element:
        if child.tag == "lb":
            out.append(Span("\n"))
        elif child.tag not in (skip, "graphic") and depth < 32:
            _spans(child, out, bold, italic, href, skip, depth + 1)
        if child.tail:
            out.append(Span(child.tail, bold, italic, href))
