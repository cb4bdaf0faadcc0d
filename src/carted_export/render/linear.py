"""A leaflet in reading order, as plain text pieces, for the formats that are not seen.

Braille (and, later, speech) cannot show a box, a column or a bold word: they need the
page as a sequence of pieces that each say what they are (a heading of some level, a
paragraph, a list item of some depth, a describer's note for an image) and in which
language they are written, since a segment that fell back to the source text must be
read with that language's rules.  The order is the printed leaflet's: title, translation
notices, clinic, Key points, Words to know (those defined in this language), the body,
the questions, the notice of free language help, and the citation footer last.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from carted_export.config import RenderContext
from carted_export.document import (
    Block,
    Document,
    Figure,
    Heading,
    ListBlock,
    Note,
    Paragraph,
    Table,
    TableCell,
    Text,
)
from carted_export.i18n.locales import same_language
from carted_export.markup import plain
from carted_export.render.context import PageContext, page_context
from carted_export.render.templating import UI_SOURCE_LANGUAGE


class Kind(enum.StrEnum):
    TITLE = "title"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"  # a list item; ``level`` is its depth, 0 for a top-level item
    NOTE = "note"  # a describer's (transcriber's) note: what an image shows


@dataclass(frozen=True, slots=True)
class Piece:
    kind: Kind
    text: str  # plain text: no markup, whitespace collapsed
    lang: str | None = None  # None: the page's language
    level: int = 0  # a heading's level (2-6), a list item's depth


def pieces(document: Document, ctx: RenderContext) -> tuple[Piece, ...]:
    """The leaflet of ``document`` (translated) in reading order."""
    page = page_context(document, ctx)
    return tuple(_leaflet(page, ctx))


def _leaflet(page: PageContext, ctx: RenderContext) -> Iterator[Piece]:
    label = _Labels(ctx)
    yield _piece(Kind.TITLE, page.meta.title)
    if page.meta.subtitle:
        yield _piece(Kind.PARAGRAPH, page.meta.subtitle)
    if page.translation_draft:
        draft = label.piece(Kind.PARAGRAPH, "Draft translation:")
        why = label.piece(
            Kind.PARAGRAPH,
            "parts of it have not yet been checked by a qualified reviewer, so they are "
            "shown in the original language (%(language)s).",
            language=page.source_language,
        )
        yield Piece(Kind.PARAGRAPH, f"{draft.text} {why.text}", why.lang)
    if page.translation_incomplete:
        yield label.piece(
            Kind.PARAGRAPH,
            "Parts of this document have not been translated yet. They are shown in the "
            "original language (%(language)s).",
            language=page.source_language,
        )
    if page.translation_unreviewed:
        yield label.piece(
            Kind.PARAGRAPH, "This translation has not been reviewed by a medical professional."
        )
    yield from _clinic(page, label)
    if page.key_points:
        yield label.piece(Kind.HEADING, "Key points", level=2)
        yield from blocks(page.key_points, label)
    defined = [word for word in page.words_to_know if word.definition]
    if defined:
        yield label.piece(Kind.HEADING, "Words to know", level=2)
        for word in defined:
            yield Piece(
                Kind.ITEM, f"{plain(word.term.markdown)}: {word.definition}", word.term.lang
            )
    yield from blocks(page.blocks, label)
    if page.questions:
        yield label.piece(Kind.HEADING, "Questions to ask your care team", level=2)
        for question in page.questions:
            yield _piece(Kind.ITEM, question)
    if page.language_help:
        yield label.piece(Kind.HEADING, "Free help in your language and in other formats", level=2)
        for notice in page.language_help:
            yield _piece(Kind.PARAGRAPH, notice.text)
    yield from _footer(page, label)


def blocks(shown: tuple[Block, ...], label: _Labels, depth: int = 0) -> Iterator[Piece]:
    """The pieces of body blocks; list items nested ``depth`` deep."""
    tables = 0
    for block in shown:
        if isinstance(block, Heading):
            yield _piece(Kind.HEADING, block.text, level=max(2, min(block.level, 6)))
        elif isinstance(block, Paragraph):
            yield _piece(Kind.PARAGRAPH if depth == 0 else Kind.ITEM, block.text, level=depth)
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=block.start):
                marker = f"{number}. " if block.ordered else ""
                if item.text:
                    yield _piece(Kind.ITEM, item.text, level=depth, prefix=marker)
                yield from blocks(item.children, label, depth + 1)
        elif isinstance(block, Table):
            tables += 1
            yield from _table(block)
        elif isinstance(block, Figure):
            yield from _figure(block, label)
        elif isinstance(block, Note):
            yield from blocks(block.children, label, depth)


def _table(table: Table) -> Iterator[Piece]:
    """A table read row by row: each cell after its column's header ("Dose: 2 mg")."""
    if table.caption:
        yield _piece(Kind.PARAGRAPH, table.caption)
    headers = [plain(cell.text.markdown) for cell in table.head[-1]] if table.head else []
    for row in table.body:
        parts = [
            f"{headers[index]}: {_cell(cell)}"
            if index < len(headers) and headers[index]
            else _cell(cell)
            for index, cell in enumerate(row)
            if cell.text
        ]
        if parts:
            yield Piece(Kind.ITEM, "; ".join(parts), _row_lang(row))


def _cell(cell: TableCell) -> str:
    return plain(cell.text.markdown)


def _row_lang(row: tuple[TableCell, ...]) -> str | None:
    """A row's language: a fallback language only when every filled cell has it."""
    langs = {cell.text.lang for cell in row if cell.text}
    return langs.pop() if len(langs) == 1 else None


def _figure(figure: Figure, label: _Labels) -> Iterator[Piece]:
    """An image: what it shows (its alt text), then its caption and credit."""
    if figure.decorative:
        return
    if figure.alt:
        shows = label.piece(Kind.NOTE, "What the image shows:")
        alt = plain(figure.alt.markdown)
        # the alt text's language decides how the note is read (the label is short)
        yield Piece(Kind.NOTE, f"{shows.text} {alt}", figure.alt.lang)
    if figure.caption and figure.caption.markdown != figure.alt.markdown:
        yield _piece(Kind.PARAGRAPH, figure.caption)
    if figure.credit:
        yield _piece(Kind.PARAGRAPH, figure.credit)


def _clinic(page: PageContext, label: _Labels) -> Iterator[Piece]:
    clinic = page.clinic
    if clinic is None:
        return
    yield label.piece(Kind.HEADING, "Your clinic", level=2)
    yield label.pair("Given to you by:", clinic.name)
    yield label.pair("Phone:", clinic.phone)
    for message, value in (
        ("Opening hours:", clinic.hours),
        ("Address:", clinic.address),
        ("Website:", clinic.website),
    ):
        if value:
            yield label.pair(message, value)


def _footer(page: PageContext, label: _Labels) -> Iterator[Piece]:
    """The citation footer: where the text comes from, how current it is, who may reuse it."""
    meta = page.meta
    yield label.piece(Kind.HEADING, "About this document", level=2)
    yield label.pair("Title", plain(meta.title.markdown))
    rows = (
        ("Source", meta.publisher),
        ("Web address", page.source_url),
        ("Last reviewed", page.last_reviewed),
        ("License", page.license_label),
        ("Cite as", meta.citation),
    )
    for message, value in rows:
        if value:
            yield label.pair(message, value)
    translation = page.translation
    if translation is not None:
        if translation.reviewer:
            yield label.piece(
                Kind.PARAGRAPH,
                "Translation reviewed by %(name)s on %(date)s.",
                name=translation.reviewer,
                date=page.translation_reviewed_on,
            )
        else:
            yield label.piece(Kind.PARAGRAPH, "Translation not reviewed by a medical professional.")
    yield label.piece(
        Kind.PARAGRAPH,
        "Exported on %(date)s with carted-export %(version)s.",
        date=page.export_date,
        version=page.version,
    )


class _Labels:
    """The interface labels in the page's language; a label without a usable translation
    is English, and says so (as the templates mark it)."""

    def __init__(self, ctx: RenderContext) -> None:
        self.ui = ctx.ui
        self.english = same_language(ctx.locale, UI_SOURCE_LANGUAGE)
        self.translated: frozenset[str] = getattr(ctx.ui, "translated", frozenset())

    def lang(self, message: str) -> str | None:
        return None if self.english or message in self.translated else UI_SOURCE_LANGUAGE

    def piece(self, kind: Kind, message: str, level: int = 0, **values: object) -> Piece:
        text = self.ui.gettext(message)
        if values:
            text = text % values
        return Piece(kind, " ".join(text.split()), self.lang(message), level)

    def pair(self, message: str, value: str) -> Piece:
        """``Label value``, in the page's language unless the label fell back."""
        label = self.ui.gettext(message)
        separator = " " if label.endswith(":") else ": "
        return Piece(
            Kind.PARAGRAPH, f"{label}{separator}{' '.join(value.split())}", self.lang(message)
        )


def _piece(kind: Kind, text: Text, level: int = 0, prefix: str = "") -> Piece:
    return Piece(kind, prefix + plain(text.markdown), text.lang, level)
