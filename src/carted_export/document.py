"""The one typed document model that every transform and renderer reads.

Readers turn a source file into a :class:`Document`; transforms return new documents
(everything here is frozen); renderers only read.  Every block carries the source
line range it came from, so translation catalogs and error messages can point at
``path:line``.

Inline text is kept as a small, safe subset of inline Markdown (emphasis, strong,
code, links ``[text](absolute-url)``, line breaks).  That string is what translators
see as a ``msgid``; renderers turn it into HTML with markdown-it and sanitize the
result, so a translation can never inject markup.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace


@dataclass(frozen=True, slots=True)
class Origin:
    """Where something came from: a source path and a 1-based line range.

    A Word document has no lines: there ``line`` is the paragraph number (tables count as
    one paragraph) and ``paragraphs`` is true, so messages say ``path:para N``.
    """

    path: str
    line: int
    end_line: int | None = None
    paragraphs: bool = False

    def __str__(self) -> str:
        return f"{self.path}:para {self.line}" if self.paragraphs else f"{self.path}:{self.line}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A warning attached to a document; never fails a build unless ``--strict``."""

    origin: Origin
    code: str  # short stable id, e.g. "image-missing", "license-unknown"
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


class Role(enum.StrEnum):
    """The role of a translatable segment; used as the gettext ``msgctxt``."""

    TITLE = "title"
    SUBTITLE = "subtitle"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"
    TABLE_HEADER = "table-header"
    TABLE_CELL = "table-cell"
    TABLE_CAPTION = "table-caption"
    CAPTION = "caption"
    CREDIT = "credit"
    ALT = "alt"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Text:
    """A run of inline Markdown in one language.

    ``lang`` is ``None`` when the text is in the document's language; the translate
    transform sets it to the source language for segments that fell back, so
    renderers can mark them (``lang="en" dir="ltr"``).
    """

    markdown: str
    lang: str | None = None
    #: ``markdown`` as sanitized inline HTML, once a renderer has made it
    #: (:func:`carted_export.render.inline.inline_html`): the other formats of a job reuse
    #: it instead of parsing the Markdown again.  It depends on ``markdown`` alone, so it is
    #: neither compared nor shown, and ``dataclasses.replace`` does not carry it over.
    html: str | None = field(default=None, init=False, compare=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.markdown.strip())


def with_html(text: Text, html: str | None) -> Text:
    """``text`` with its rendered HTML kept (``Text.html``); ``None`` leaves it unknown.

    A cache on a frozen value: ``html`` must be what rendering ``text.markdown`` gives.
    """
    if html is not None:
        object.__setattr__(text, "html", html)
    return text


@dataclass(frozen=True, slots=True)
class Heading:
    origin: Origin
    level: int  # 2..6 in the body; the document title is the only level 1
    text: Text
    anchor: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    origin: Origin
    text: Text


@dataclass(frozen=True, slots=True)
class ListItem:
    origin: Origin
    text: Text
    children: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class ListBlock:
    origin: Origin
    items: tuple[ListItem, ...]
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True, slots=True)
class TableCell:
    text: Text
    header: bool = False
    align: str | None = None  # "left" | "center" | "right"


@dataclass(frozen=True, slots=True)
class Table:
    origin: Origin
    head: tuple[tuple[TableCell, ...], ...]
    body: tuple[tuple[TableCell, ...], ...]
    caption: Text | None = None


class ImageStatus(enum.StrEnum):
    EMBEDDED = "embedded"  # ``data`` holds the bytes to embed
    UNAVAILABLE = "unavailable"  # shown as an "image not included" box


@dataclass(frozen=True, slots=True)
class ImageData:
    media_type: str  # e.g. "image/png"
    data: bytes
    filename: str  # safe file name to use inside an EPUB


@dataclass(frozen=True, slots=True)
class Figure:
    """An image with its alt text, caption and credit.

    ``src`` is the absolute URL or the resolved local path as written by the author;
    ``image`` is filled by the resolve-images transform when the bytes are available.
    ``decorative`` is true only when there is neither alt text nor a caption.
    """

    origin: Origin
    src: str
    alt: Text
    caption: Text | None = None
    credit: Text | None = None
    image: ImageData | None = None
    decorative: bool = False

    @property
    def status(self) -> ImageStatus:
        return ImageStatus.EMBEDDED if self.image is not None else ImageStatus.UNAVAILABLE


class NoteKind(enum.StrEnum):
    QUOTE = "quote"
    DISCLAIMER = "disclaimer"
    ASIDE = "aside"


@dataclass(frozen=True, slots=True)
class Note:
    """A block quote or a boxed note (e.g. a medical disclaimer)."""

    origin: Origin
    kind: NoteKind
    children: tuple[Block, ...]


Block = Heading | Paragraph | ListBlock | Table | Figure | Note


class License(enum.StrEnum):
    PUBLIC_DOMAIN = "public_domain"
    UNKNOWN = "unknown"
    OTHER = "other"  # see Metadata.license_text


@dataclass(frozen=True, slots=True)
class Metadata:
    title: Text
    language: str  # BCP 47 / CLDR code of the source, e.g. "en"
    subtitle: Text | None = None  # standfirst
    url: str | None = None
    publisher: str | None = None  # the front matter ``source`` or the scrape's publisher
    license: License = License.UNKNOWN
    license_text: str | None = None
    citation: str | None = None
    last_reviewed: dt.date | None = None
    audience_level: str | None = None
    authors: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    slug: str | None = None  # from front matter; sanitized by the pipeline


@dataclass(frozen=True, slots=True)
class Document:
    """One source article, read and (optionally) transformed.

    ``language`` is the language the document is presented in (the output locale
    after translation); ``metadata.language`` stays the source language.
    """

    source_path: str
    kind: str  # "markdown" | "scrape"
    metadata: Metadata
    blocks: tuple[Block, ...]
    language: str
    diagnostics: tuple[Diagnostic, ...] = ()
    translation: TranslationInfo | None = None

    def with_blocks(self, blocks: tuple[Block, ...]) -> Document:
        return replace(self, blocks=blocks)

    def warn(self, origin: Origin, code: str, message: str) -> Document:
        return replace(self, diagnostics=(*self.diagnostics, Diagnostic(origin, code, message)))


@dataclass(frozen=True, slots=True)
class TranslationInfo:
    """Provenance and coverage of a translated document, shown in the footer."""

    locale: str
    translator: str | None = None
    reviewer: str | None = None  # set only when every segment is translated and reviewed
    revision_date: str | None = None
    reviewed_on: dt.date | None = None
    total_segments: int = 0
    translated_segments: int = 0
    fallback_segments: int = 0
    #: Interface labels whose translation failed a safety rule, shown in English instead.
    fallback_labels: int = 0
    #: Segments whose translation is not reviewed, shown in the source language because the
    #: build requires review (``--require-review``): the page says it is a draft.
    draft_segments: int = 0
    #: The build showed only reviewed translations (``--require-review``).
    review_required: bool = False

    @property
    def complete(self) -> bool:
        """Every segment of the article is translated (the footer says so)."""
        return self.fallback_segments == 0

    @property
    def partial(self) -> bool:
        """Something on the page is in the source language for want of a usable translation
        (the notice says so); a draft held back for review has a notice of its own."""
        return self.fallback_segments > self.draft_segments or self.fallback_labels > 0

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewer)


@dataclass(frozen=True, slots=True)
class Segment:
    """A translatable piece of text with its role and origin (one PO entry)."""

    role: Role
    text: Text
    origin: Origin
    comments: tuple[str, ...] = field(default=())


def iter_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Yield every block depth-first, including those nested in lists and notes."""
    stack: list[Block] = list(reversed(blocks))
    while stack:
        block = stack.pop()
        yield block
        if isinstance(block, Note):
            stack.extend(reversed(block.children))
        elif isinstance(block, ListBlock):
            for item in reversed(block.items):
                stack.extend(reversed(item.children))


def iter_segments(document: Document) -> Iterator[Segment]:
    """Yield every translatable segment of ``document`` in reading order.

    Iterative (no recursion) so deeply nested lists cannot overflow the stack.
    """
    meta = document.metadata
    title_origin = Origin(document.source_path, 1)
    yield Segment(Role.TITLE, meta.title, title_origin)
    if meta.subtitle:
        yield Segment(Role.SUBTITLE, meta.subtitle, title_origin)
    for block in iter_blocks(document.blocks):
        yield from _block_segments(block)


def segments_of(block: Block) -> Iterator[Segment]:
    """The segments of ``block`` and of the blocks nested in it, in reading order."""
    for inner in iter_blocks((block,)):
        yield from _block_segments(inner)


def _block_segments(block: Block) -> Iterator[Segment]:
    if isinstance(block, Heading):
        yield Segment(Role.HEADING, block.text, block.origin)
    elif isinstance(block, Paragraph):
        yield Segment(Role.PARAGRAPH, block.text, block.origin)
    elif isinstance(block, ListBlock):
        for item in block.items:
            if item.text:
                yield Segment(Role.LIST_ITEM, item.text, item.origin)
    elif isinstance(block, Table):
        if block.caption:
            yield Segment(Role.TABLE_CAPTION, block.caption, block.origin)
        for row in (*block.head, *block.body):
            for cell in row:
                if cell.text:
                    role = Role.TABLE_HEADER if cell.header else Role.TABLE_CELL
                    yield Segment(role, cell.text, block.origin)
    elif isinstance(block, Figure):
        if block.alt:
            yield Segment(Role.ALT, block.alt, block.origin)
        if block.caption:
            yield Segment(Role.CAPTION, block.caption, block.origin)
        if block.credit:
            yield Segment(Role.CREDIT, block.credit, block.origin)


TextMap = Callable[[Role, Text], Text]


def map_texts(document: Document, fn: TextMap) -> Document:
    """Return a copy of ``document`` with every translatable text passed through ``fn``.

    Readers cap nesting depth (see ``sources.MAX_NESTING``), so recursion is bounded.
    """
    meta = document.metadata
    new_meta = replace(
        meta,
        title=fn(Role.TITLE, meta.title),
        subtitle=fn(Role.SUBTITLE, meta.subtitle) if meta.subtitle else meta.subtitle,
    )
    blocks = tuple(_map_block(block, fn) for block in document.blocks)
    return replace(document, metadata=new_meta, blocks=blocks)


def _map_optional(text: Text | None, role: Role, fn: TextMap) -> Text | None:
    return fn(role, text) if text else text


def _map_block(block: Block, fn: TextMap) -> Block:
    if isinstance(block, Heading):
        return replace(block, text=fn(Role.HEADING, block.text))
    if isinstance(block, Paragraph):
        return replace(block, text=fn(Role.PARAGRAPH, block.text))
    if isinstance(block, ListBlock):
        items = tuple(
            replace(
                item,
                text=fn(Role.LIST_ITEM, item.text) if item.text else item.text,
                children=tuple(_map_block(child, fn) for child in item.children),
            )
            for item in block.items
        )
        return replace(block, items=items)
    if isinstance(block, Table):

        def cells(rows: tuple[tuple[TableCell, ...], ...]) -> tuple[tuple[TableCell, ...], ...]:
            return tuple(
                tuple(
                    replace(
                        cell,
                        text=fn(Role.TABLE_HEADER if cell.header else Role.TABLE_CELL, cell.text),
                    )
                    if cell.text
                    else cell
                    for cell in row
                )
                for row in rows
            )

        return replace(
            block,
            head=cells(block.head),
            body=cells(block.body),
            caption=_map_optional(block.caption, Role.TABLE_CAPTION, fn),
        )
    if isinstance(block, Figure):
        return replace(
            block,
            alt=fn(Role.ALT, block.alt) if block.alt else block.alt,
            caption=_map_optional(block.caption, Role.CAPTION, fn),
            credit=_map_optional(block.credit, Role.CREDIT, fn),
        )
    return replace(block, children=tuple(_map_block(child, fn) for child in block.children))
