"""The one template context that HTML, EPUB and PDF all read.

Formats differ only in CSS and packaging; everything a reader sees (title, notices, body,
citation footer) comes from :func:`template_context`.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections.abc import Callable
from dataclasses import replace

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from markupsafe import Markup

from carted_export.config import RenderContext
from carted_export.document import (
    Block,
    Document,
    Figure,
    Heading,
    License,
    ListBlock,
    Note,
    Paragraph,
    Table,
    Text,
    TranslationInfo,
    iter_blocks,
)
from carted_export.render.boxes import split_key_points, words_to_know
from carted_export.render.inline import inline_html, inline_text
from carted_export.slugs import slugify

_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")
_RUNNING_TITLE_MAX = 60
_ABSOLUTE_URL = re.compile(r"^https?://[^\s<>\"]+$", re.IGNORECASE)


@functools.cache
def text_direction(lang: str) -> str:
    """CLDR text direction of a BCP 47 / CLDR code; ``ltr`` when Babel does not know it."""
    try:
        return str(Locale.parse(lang.replace("-", "_")).text_direction)
    except (ValueError, UnknownLocaleError):
        return "ltr"


def _same_language(a: str, b: str) -> bool:
    return a.replace("_", "-").lower() == b.replace("_", "-").lower()


def lang_attrs(text: Text | None, document_lang: str) -> Markup:
    """``lang``/``dir`` attributes for text that is not in the document's language."""
    if text is None or not text.lang or _same_language(text.lang, document_lang):
        return Markup("")
    tag = text.lang.replace("_", "-")
    return Markup(' lang="{}" dir="{}"').format(tag, text_direction(tag))


def display_language(lang: str, locale: str) -> str:
    """The name of ``lang`` in the output ``locale`` (e.g. "inglés"), or the code itself."""
    try:
        name = Locale.parse(lang.replace("-", "_")).get_display_name(locale)
    except (ValueError, UnknownLocaleError):
        return lang
    return name or lang


def css_string(value: str) -> str:
    """A double-quoted CSS string; escapes anything that could end it or the <style> element."""
    out = []
    for char in value:
        if char.isalnum() or char in " .,:;-_()/'" or ord(char) > 0x7F:
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    return '"' + "".join(out) + '"'


def page_counter_css(label: str) -> str:
    """Turn a translated "Page %(page)s of %(pages)s" into a CSS ``content`` value."""
    parts: list[str] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(label):
        if match.start() > pos:
            parts.append(css_string(label[pos : match.start()]))
        parts.append(f"counter({match.group(1)})")
        pos = match.end()
    if pos < len(label):
        parts.append(css_string(label[pos:]))
    if not any(part.startswith("counter(page)") for part in parts):
        parts.append('" " counter(page)')  # a translation lost the placeholder: keep numbering
    return " ".join(parts)


def with_anchors(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Give every heading (also inside notes) a unique ``id`` for links and the EPUB nav."""
    seen: set[str] = set()

    def fix(block: Block) -> Block:
        if isinstance(block, Heading):
            base = block.anchor or slugify(inline_text(block.text))
            if base == "document" or not base[0].isalpha():
                base = f"section-{base}" if base != "document" else "section"
            anchor, n = base, 1
            while anchor in seen:
                n += 1
                anchor = f"{base}-{n}"
            seen.add(anchor)
            return replace(block, anchor=anchor)
        if isinstance(block, Note):
            return replace(block, children=tuple(fix(child) for child in block.children))
        return block

    return tuple(fix(block) for block in blocks)


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


def _headings(blocks: tuple[Block, ...]) -> list[Heading]:
    found: list[Heading] = []
    for block in blocks:
        if isinstance(block, Heading):
            found.append(block)
        elif isinstance(block, Note):
            found.extend(_headings(block.children))
    return found


def license_label(document: Document, ctx: RenderContext) -> str:
    """The reuse terms as patients and clinics read them, in the output language."""
    meta = document.metadata
    if meta.license is License.PUBLIC_DOMAIN:
        return ctx.ui.gettext("Public domain")
    if meta.license is License.OTHER and meta.license_text:
        return meta.license_text
    return ctx.ui.gettext("unknown — check before reuse")


def _running_title(document: Document, title: str) -> str:
    short = title if len(title) <= _RUNNING_TITLE_MAX else title[: _RUNNING_TITLE_MAX - 1] + "…"
    citation = document.metadata.citation or document.metadata.publisher
    return f"{short} · {citation}" if citation else short


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


def _id_maker() -> Callable[[str], str]:
    """Element ids unique within one rendered page (``table-caption-1``, ...)."""
    counter = itertools.count(1)
    return lambda prefix: f"{prefix}-{next(counter)}"


def template_context(document: Document, ctx: RenderContext) -> dict[str, object]:
    """Everything the templates show, computed once for all formats."""
    meta = document.metadata
    key_points, body = split_key_points(document.blocks)
    blocks = with_anchors(body)
    title_text = inline_text(meta.title)
    translation = document.translation
    page_label = ctx.ui.gettext("Page %(page)s of %(pages)s")
    return {
        "lang": ctx.lang_tag,
        "dir": ctx.direction,
        "meta": meta,
        "title_text": title_text,
        "blocks": blocks,
        "headings": _headings(blocks),
        "has_figures": any(isinstance(b, Figure) for b in iter_blocks(blocks)),
        "translation": translation,
        "translation_incomplete": translation is not None and translation.partial,
        "translation_unreviewed": translation is not None and not translation.reviewed,
        "translation_updated": _revision_date(translation, ctx),
        "translation_reviewed_on": _long_date(
            translation.reviewed_on if translation else None, ctx
        ),
        "source_language": display_language(meta.language, ctx.locale),
        "license_label": license_label(document, ctx),
        "last_reviewed": _long_date(meta.last_reviewed, ctx),
        "export_date": _long_date(ctx.export_date, ctx),
        "export_date_iso": ctx.export_date.isoformat(),
        "version": ctx.version,
        "paper": ctx.paper.value,
        "large_print": ctx.size.value == "large",
        "page_counter_css": page_counter_css(page_label),
        "running_title_css": css_string(_running_title(document, title_text)),
        "inline": inline_html,
        "lang_attrs": functools.partial(lang_attrs, document_lang=ctx.lang_tag),
        "kind": block_kind,
        "plain": inline_text,
        "uid": _id_maker(),
        "table_number": itertools.count(1).__next__,  # names uncaptioned table regions apart
        "source_url": _safe_url(meta.url),
        "key_points": with_anchors(key_points),
        "words_to_know": words_to_know(document, ctx.glossary, ctx.locale),
    }
