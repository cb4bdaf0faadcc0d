"""The one template context that HTML, EPUB and PDF all read.

Formats differ only in CSS and packaging; everything a reader sees (title, notices, body,
citation footer) comes from one :class:`PageContext`, computed once per rendered document:
the parts of an EPUB (page, stylesheet, navigation) share it.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, fields

from babel.dates import format_date
from markupsafe import Markup

from carted_export.config import Clinic, RenderContext
from carted_export.document import (
    Block,
    Document,
    Figure,
    Heading,
    License,
    ListBlock,
    Metadata,
    Note,
    Paragraph,
    Table,
    Text,
    TranslationInfo,
    iter_blocks,
)
from carted_export.i18n.locales import display_language, same_language, text_direction
from carted_export.markup import plain
from carted_export.render.boxes import WordToKnow, split_key_points, words_to_know
from carted_export.render.css_values import css_string, page_counter_css, ruled_lines
from carted_export.render.inline import inline_html
from carted_export.render.language_help import LanguageNotice, page_notices
from carted_export.render.leaflet import (
    Download,
    LanguageLink,
    downloads,
    language_links,
    online_qr,
    questions,
)
from carted_export.render.qr import QrCode

_RUNNING_TITLE_MAX = 60  # the title's share of a standard-print footer
_RUNNING_TITLE_LARGE = 56  # title and citation together, in 18 pt large print
_RUNNING_TITLE_MIN = 12
_ABSOLUTE_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageContext:
    """Everything the templates show.  Field names are the templates' variable names."""

    lang: str  # BCP 47 tag of the page
    dir: str  # "ltr" | "rtl"
    meta: Metadata
    title_text: str
    blocks: tuple[Block, ...]  # the body, without the Key points section
    headings: tuple[Heading, ...]  # for the EPUB navigation
    has_figures: bool
    key_points: tuple[Block, ...]
    words_to_know: tuple[WordToKnow, ...]
    translation: TranslationInfo | None
    translation_incomplete: bool
    translation_unreviewed: bool
    translation_draft: bool  # unreviewed segments held back (``--require-review``)
    translation_updated: str | None  # the catalog's revision date, long, in the page language
    translation_reviewed_on: str | None  # when the whole catalog was reviewed, if it was
    source_language: str  # the source language's name in the page language
    license_label: str
    last_reviewed: str | None
    export_date: str | None
    export_date_iso: str
    version: str
    source_url: str | None
    paper: str
    large_print: bool
    page_counter_css: str
    running_title_css: str
    clinic: Clinic | None  # the clinic block; None: no block
    qr: QrCode | None  # the published page of this leaflet (print only)
    online_url: str | None
    downloads: tuple[Download, ...]  # the web page's links to the other files
    languages: tuple[LanguageLink, ...]  # the article in every language of the build
    questions: tuple[Text, ...]  # "Questions to ask your care team"
    notes: bool  # "My notes" writing lines (print only)
    #: Free language help and other formats (:mod:`.language_help`): the page's language,
    #: English, then ``[clinic] notice_languages``; empty without a clinic.
    language_help: tuple[LanguageNotice, ...]
    #: The bilingual leaflet's second language (:mod:`.bilingual`); None on other pages.
    bilingual: Bilingual | None = None
    #: In print, one page added at the very end for a duplex (even) page count:
    #: "notes" (more writing lines), "blank" or "" (none).
    pad_page: str = ""
    #: In print, the A5 (half-Letter) leaflet that the booklet is imposed from.
    booklet: bool = False

    def variables(self, **extra: object) -> dict[str, object]:
        """The template variables: the fields, the helpers templates call, and ``extra``.

        Element ids and table numbers count from 1 in each rendered file.
        """
        ids = itertools.count(1)
        return {
            **{field.name: getattr(self, field.name) for field in fields(self)},
            "inline": inline_html,
            "plain": lambda text: plain(text.markdown),
            "kind": block_kind,
            "lang_attrs": functools.partial(lang_attrs, document_lang=self.lang),
            "text_dir": text_dir,
            "ruled_lines": ruled_lines,
            "uid": lambda prefix: f"{prefix}-{next(ids)}",
            "table_number": itertools.count(1).__next__,  # names uncaptioned tables apart
            **extra,
        }


@dataclass(frozen=True, slots=True)
class Bilingual:
    """The source-language side of a bilingual leaflet: each block of the page is followed
    by its source (``None``: the block was not translated, so it is shown once)."""

    lang: str  # BCP 47 tag of the source language
    dir: str
    name: str  # the source language's name in the page language
    page_language: str  # the page language's name in the page language
    title: Text | None  # None when the title was not translated
    key_points: tuple[Block | None, ...]  # one per block of PageContext.key_points
    blocks: tuple[Block | None, ...]  # one per block of PageContext.blocks


def page_context(document: Document, ctx: RenderContext) -> PageContext:
    """The page context of ``document`` (translated) rendered with ``ctx``."""
    meta = document.metadata
    key_points, blocks = split_key_points(document.blocks)
    title_text = plain(meta.title.markdown)
    translation = document.translation
    return PageContext(
        lang=ctx.lang_tag,
        dir=ctx.direction,
        meta=meta,
        title_text=title_text,
        blocks=blocks,
        headings=tuple(_headings(blocks)),
        has_figures=any(isinstance(b, Figure) for b in iter_blocks(blocks)),
        key_points=key_points,
        words_to_know=words_to_know(document, ctx.glossary, ctx.locale),
        translation=translation,
        translation_incomplete=translation is not None and translation.partial,
        translation_draft=translation is not None and translation.draft_segments > 0,
        # with review required, every translation shown is reviewed
        translation_unreviewed=translation is not None
        and not (translation.reviewed or translation.review_required),
        translation_updated=_revision_date(translation, ctx),
        translation_reviewed_on=_long_date(translation.reviewed_on if translation else None, ctx),
        source_language=display_language(meta.language, ctx.locale),
        license_label=license_label(document, ctx),
        last_reviewed=_long_date(meta.last_reviewed, ctx),
        export_date=_long_date(ctx.export_date, ctx),
        export_date_iso=ctx.export_date.isoformat(),
        version=ctx.version,
        source_url=_safe_url(meta.url),
        paper=ctx.paper.value,
        large_print=ctx.size.value == "large",
        page_counter_css=page_counter_css(ctx.ui.gettext("Page %(page)s of %(pages)s")),
        running_title_css=css_string(
            _running_title(document, title_text, ctx.size.value == "large")
        ),
        clinic=ctx.leaflet.clinic,
        qr=online_qr(ctx),
        online_url=ctx.leaflet.online_url(ctx.locale, ctx.slug),
        downloads=downloads(ctx),
        languages=language_links(ctx),
        questions=questions(ctx),
        notes=ctx.leaflet.notes,
        language_help=page_notices(ctx.leaflet.clinic, ctx.ui, ctx.locale, ctx.notices),
    )


def lang_attrs(text: Text | None, document_lang: str) -> Markup:
    """``lang``/``dir`` attributes for text that is not in the document's language."""
    if text is None or not text.lang or same_language(text.lang, document_lang):
        return Markup("")
    tag = text.lang.replace("_", "-")
    return Markup(' lang="{}" dir="{}"').format(tag, text_direction(tag))


def text_dir(value: str) -> str:
    """``ltr`` or ``rtl`` from the first strongly directional character of ``value`` (what
    ``dir="auto"`` means; WeasyPrint does not apply ``dir="auto"``, so it is computed here)."""
    for char in value:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


_KINDS: dict[type, str] = {
    Heading: "heading",
    Paragraph: "paragraph",
    ListBlock: "list",
    Table: "table",
    Figure: "figure",
    Note: "note",
}


def block_kind(block: Block) -> str:
    """The template macro name for ``block`` (templates cannot test Python types)."""
    return _KINDS[type(block)]


def _headings(blocks: tuple[Block, ...]) -> Iterator[Heading]:
    for block in blocks:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Note):
            yield from _headings(block.children)


def license_label(document: Document, ctx: RenderContext) -> str:
    """The reuse terms as patients and clinics read them, in the output language."""
    meta = document.metadata
    if meta.license is License.PUBLIC_DOMAIN:
        return ctx.ui.gettext("Public domain")
    if meta.license is License.OTHER and meta.license_text:
        return meta.license_text
    return ctx.ui.gettext("unknown — check before reuse")


def _running_title(document: Document, title: str, large_print: bool) -> str:
    """The footer's "title · citation": the title cut at 60 characters, and in 18 pt large
    print the whole line cut to fit two footer lines (56 half-width characters; a wide CJK
    character counts as two), so it never runs off the page."""
    citation = document.metadata.citation or document.metadata.publisher
    if large_print:
        room = _RUNNING_TITLE_LARGE - (_width(citation) + 3 if citation else 0)
        short = _cut(title, max(room, _RUNNING_TITLE_MIN))
    else:
        short = title if len(title) <= _RUNNING_TITLE_MAX else title[: _RUNNING_TITLE_MAX - 1] + "…"
    return f"{short} · {citation}" if citation else short


def _cut(text: str, room: int) -> str:
    if _width(text) <= room:
        return text
    while text and _width(text) > room - 1:
        text = text[:-1]
    return text.rstrip() + "…"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _long_date(date: dt.date | None, ctx: RenderContext) -> str | None:
    return format_date(date, "long", locale=ctx.locale) if date else None


def _revision_date(translation: TranslationInfo | None, ctx: RenderContext) -> str | None:
    """The catalog's ``PO-Revision-Date`` as a long date in the output language."""
    raw = translation.revision_date if translation else None
    if not raw:
        return None
    try:
        return _long_date(dt.date.fromisoformat(raw[:10]), ctx)
    except ValueError:
        return raw


def _safe_url(url: str | None) -> str | None:
    return url if url and _ABSOLUTE_URL.match(url) else None
