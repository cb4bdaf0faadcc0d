"""Word documents (``.docx``) to a :class:`Document`, with python-docx.

python-docx, not mammoth: mammoth's HTML keeps alt text, footnotes and nested lists too, but
loses where each paragraph was, and origins here are paragraph numbers (a DOCX has no
lines): ``Origin.line`` is the 1-based number of the paragraph in the body, a table
counting as one, and messages say ``handout.docx:para 12``.

Headings come from the Word styles (``Heading 1`` is a level-2 heading: the title is the
only level 1), ``Title`` and ``Subtitle`` paragraphs are the title and standfirst when the
document properties have none, ``Quote`` paragraphs are quotes, ``Caption`` paragraphs
caption the figure before them or the table after them.  Lists come from Word numbering
(nested by its level), tables keep the rows marked "Repeat as header row" as their head,
footnotes become numbered markers ``[1]`` and a notes box at the end.  Images embedded in
the file become figures with their Alt Text; their bytes are vetted by the images pass like
any other image.  Title, language, date and author come from the document properties, and
a sidecar ``<name>.yaml`` (:mod:`.sidecar`) overrides them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

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
from carted_export.sources.docx_lists import ListEntry, list_level, nest_lists
from carted_export.sources.docx_runs import ParagraphContent, RunReader, W
from carted_export.sources.inline import Span, inline_text
from carted_export.sources.links import href_map, image_src
from carted_export.sources.metadata import Warnings, page_url
from carted_export.sources.sidecar import document_with_sidecar, sidecar_fields

#: What a .docx may unpack to; real handouts are a few MB.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
_HEADING = re.compile(r"heading ([1-9])$", re.IGNORECASE)


def is_docx(data: bytes) -> bool:
    """A zip archive with ``word/document.xml``: a Word document, whatever its name."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def read_docx(data: bytes, path: str, sidecar: bytes | None = None) -> Document:
    """Read a Word document's bytes (named ``path``), with its sidecar's bytes if any."""
    word = _open(data, path)
    warnings = Warnings(Origin(path, 1, paragraphs=True))
    fields = sidecar_fields(sidecar, path)  # a Word file has no url: only a sidecar's
    base = page_url(fields)
    reader = _BodyReader(path, warnings, base, href_map(base))
    for number, item in enumerate(word.iter_inner_content(), start=1):
        reader.add(item, number)
    blocks = reader.finish(_footnotes(word))
    props = word.core_properties
    found: dict[str, object] = {
        "title": clean_title(props.title or "") or reader.title,
        "description": reader.subtitle,
        "language": props.language,
        "lastReviewed": props.modified or props.created,
        "author": props.author,
    }
    fallback = clean_title(PurePosixPath(path).stem) or "Untitled"
    return document_with_sidecar(path, "docx", blocks, found, fields, fallback, warnings)


def _open(data: bytes, path: str) -> WordDocument:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise SourceError(
                f"the Word document unpacks to more than {MAX_UNPACKED_BYTES:,} bytes; "
                "save it again without embedded media it does not show",
                path=path,
            )
        return docx.Document(io.BytesIO(data))
    except SourceError:
        raise
    except Exception as error:  # python-docx raises many kinds on a damaged file
        raise SourceError(
            f"not a readable Word document ({type(error).__name__}); open and save it in "
            "Word or LibreOffice again",
            path=path,
        ) from None


@dataclass(slots=True)
class _BodyReader:
    """Turns body paragraphs and tables into blocks, in order; lists are gathered first."""

    path: str
    warnings: Warnings
    base: str | None  # the page's url: links and site-root images are made absolute
    links: HrefMap
    runs: RunReader = field(default_factory=RunReader)
    blocks: list[Block] = field(default_factory=list)
    pending: list[ListEntry] = field(default_factory=list)
    caption: Text | None = None  # a Caption paragraph waiting for the table after it
    title: str = ""
    subtitle: str = ""
    footnote_origins: dict[str, Origin] = field(default_factory=dict)
    cell_figures: list[Block] = field(default_factory=list)  # a table's pictures, shown after it

    def origin(self, number: int) -> Origin:
        return Origin(self.path, number, paragraphs=True)

    def add(self, item: WordParagraph | WordTable, number: int) -> None:
        origin = self.origin(number)
        if isinstance(item, WordTable):
            self.flush()
            self.blocks.append(self.table(item, origin))
            self.blocks.extend(self.cell_figures)
            self.cell_figures = []
            return
        content = self.runs.paragraph(item)
        for note_id in content.footnotes:
            self.footnote_origins.setdefault(note_id, origin)
        text = inline_text(content.spans, self.links)
        style = _style_names(item)
        level = list_level(item)
        if level is not None:
            self.pending.append(ListEntry(origin, text, *level, self.figures(content, origin)))
            return
        self.flush()
        self.paragraph(text, style, origin)
        self.blocks.extend(self.figures(content, origin))

    def paragraph(self, text: Text, style: tuple[str, ...], origin: Origin) -> None:
        if not text:
            return
        heading = next((m for s in style if (m := _HEADING.match(s))), None)
        if "title" in style and not self.title:
            self.title = plain(text.markdown)
        elif "subtitle" in style and not self.subtitle:
            self.subtitle = plain(text.markdown)
        elif heading is not None:
            self.blocks.append(Heading(origin, min(int(heading.group(1)) + 1, 6), text))
        elif "caption" in style:
            previous = self.blocks[-1] if self.blocks else None
            if isinstance(previous, Figure) and previous.caption is None:
                self.blocks[-1] = _with_caption(previous, text)
            else:
                self.caption = text
        elif {"quote", "intense quote"} & set(style):
            self.blocks.append(Note(origin, NoteKind.QUOTE, (Paragraph(origin, text),)))
        else:
            self.blocks.append(Paragraph(origin, text))

    def figures(self, content: ParagraphContent, origin: Origin) -> tuple[Block, ...]:
        out: list[Block] = []
        for drawn in content.images:
            if drawn.image is None:
                self.warnings.add("image-missing", drawn.problem, origin.line)
            src = image_src(drawn.src, self.base)
            out.append(Figure(origin, src, Text(escape(drawn.alt)), image=drawn.image))
        return tuple(out)

    def table(self, table: WordTable, origin: Origin) -> Table:
        head: list[tuple[TableCell, ...]] = []
        body: list[tuple[TableCell, ...]] = []
        for row in table.rows:
            is_head = (
                row._tr.trPr is not None and row._tr.trPr.find(f"{{{W}}}tblHeader") is not None
            )
            cells = tuple(self.cell(tc, table, is_head, origin) for tc in row._tr.tc_lst)
            (head if is_head and not body else body).append(cells)
        caption, self.caption = self.caption, None
        return Table(origin, tuple(head), tuple(body), caption)

    def cell(self, tc: object, table: WordTable, header: bool, origin: Origin) -> TableCell:
        spans: list[Span] = []
        for paragraph in _Cell(tc, table).paragraphs:  # type: ignore[arg-type]
            content = self.runs.paragraph(paragraph)
            if content.images:
                # A table cell holds text only: the picture follows the table, never lost.
                self.warnings.add(
                    "image-moved",
                    f"{len(content.images)} picture(s) in a table cell shown after the table",
                    origin.line,
                )
                self.cell_figures.extend(self.figures(content, origin))
            if spans and content.spans:
                spans.append(Span("\n"))
            spans.extend(content.spans)
        return TableCell(inline_text(spans, self.links), header=header)

    def flush(self) -> None:
        if self.pending:
            self.blocks.extend(nest_lists(self.pending, self.warnings))
            self.pending = []

    def finish(self, footnotes: dict[str, WordParagraphs]) -> tuple[Block, ...]:
        self.flush()
        numbered = sorted(self.runs.footnote_numbers.items(), key=lambda pair: pair[1])
        items: list[ListItem] = []
        for note_id, _number in numbered:
            spans: list[Span] = []
            for paragraph in footnotes.get(note_id, ()):
                if spans:
                    spans.append(Span("\n"))
                spans.extend(self.runs.paragraph(paragraph).spans)
            origin = self.footnote_origins.get(note_id, self.origin(1))
            items.append(ListItem(origin, inline_text(spans, self.links)))
        if items:
            notes = ListBlock(items[0].origin, tuple(items), ordered=True)
            self.blocks.append(Note(items[0].origin, NoteKind.ASIDE, (notes,)))
        return tuple(self.blocks)


WordParagraphs = tuple[WordParagraph, ...]


def _style_names(paragraph: WordParagraph) -> tuple[str, ...]:
    """The paragraph's style and the styles it is based on, lower case."""
    names: list[str] = []
    style = paragraph.style
    while style is not None and len(names) < 10:
        names.append((style.name or "").lower())
        style = style.base_style
    return tuple(names)


def _with_caption(figure: Figure, caption: Text) -> Figure:
    return replace(figure, caption=caption)


class _StoryParent:
    """What a python-docx paragraph asks its parent for: the part its relationships are in."""

    def __init__(self, part: object) -> None:
        self.part = part


def _footnotes(word: WordDocument) -> dict[str, WordParagraphs]:
    """The paragraphs of each footnote, by id (python-docx has no footnotes API)."""
    part = next(
        (rel.target_part for rel in word.part.rels.values() if rel.reltype == RT.FOOTNOTES), None
    )
    if part is None:
        return {}
    root = parse_xml(part.blob)
    parent = _StoryParent(part)
    notes: dict[str, WordParagraphs] = {}
    for note in root.iter(f"{{{W}}}footnote"):
        if note.get(f"{{{W}}}type") in ("separator", "continuationSeparator"):
            continue
        paragraphs = note.findall(f"{{{W}}}p")
        notes[note.get(f"{{{W}}}id") or ""] = tuple(
            WordParagraph(p, parent)  # type: ignore[arg-type]
            for p in paragraphs
        )
    return notes
