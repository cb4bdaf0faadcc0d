"""Front-matter Markdown (the NCI export format) to a :class:`Document`.

markdown-it-py does the parsing; this module only maps its syntax tree onto our model
and recognises the conventions of the exported pages: an image paragraph followed by a
caption and a "Credit:" paragraph is one figure, a short line just before a table is
its caption, and "[Enlarge]" links (which duplicate a figure) are dropped.  Structural
clean-ups that do not need the syntax tree (title suffix, duplicate H1, empty ``##``,
heading levels) are transforms, see :mod:`carted_export.transforms.cleanup`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

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
    with_html,
)
from carted_export.markup import (
    HrefMap,
    clean_title,
    escape,
    new_parser,
    plain_text,
    serialize,
    strip_html,
)
from carted_export.markup_html import render_tokens
from carted_export.sources.frontmatter import load_front_matter, split_front_matter
from carted_export.sources.links import href_map, image_src
from carted_export.sources.metadata import Warnings, metadata_from_front_matter, page_url

#: Deepest list/quote nesting kept; deeper content is flattened into this level.
MAX_NESTING = 8
#: Input-side caps so markdown-it (which silently drops content past its own
#: ``maxNesting``) never sees more than ~32 containers on one line.
MAX_INDENT_COLUMNS = 48
MAX_LINE_MARKERS = 8
#: Link texts that only point at a bigger copy of the neighbouring figure.
ENLARGE_LINK_TEXTS = frozenset({"enlarge", "enlarge image", "view larger image"})
CREDIT_PREFIXES = ("Credit:", "Image credit:", "Photo credit:")
TABLE_CAPTION_MAX_CHARS = 160

_MARKER = re.compile(r"[ \t]{0,3}(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]?")
_LEADING_WS = re.compile(r"[ \t]+")


def read_markdown(text: str, path: str) -> Document:
    """Parse a front-matter Markdown file already decoded by :mod:`.text`."""
    split = split_front_matter(text, path)
    data = load_front_matter(split.yaml_text, path) if split.yaml_text is not None else {}
    warnings = Warnings(Origin(path, 1))
    body, capped_line = cap_input_nesting(split.body)
    if capped_line is not None:
        warnings.add("nesting-capped", "very deep nesting flattened", split.body_line + capped_line)
    tree = SyntaxTreeNode(new_parser().parse(body))
    converter = _Converter(path, split.body_line, warnings, page_url(data))
    blocks = converter.blocks(tree.children, depth=0)
    fallback = converter.first_heading or clean_title(Path(path).stem) or "Untitled"
    metadata = metadata_from_front_matter(data, fallback, warnings)
    if not blocks:
        # Allowed (a title-only page still renders) but almost always a mistake.
        warnings.add("body-empty", "the article has no body text after the front matter")
    return Document(
        source_path=path,
        kind="markdown",
        metadata=metadata,
        blocks=blocks,
        language=metadata.language,
        diagnostics=tuple(warnings.items),
    )


def cap_input_nesting(body: str) -> tuple[str, int | None]:
    """Clamp indentation and per-line container markers; return the first capped line."""
    lines = body.split("\n")
    first: int | None = None
    for index, line in enumerate(lines):
        new = _cap_line(line)
        if new != line:
            lines[index] = new
            first = index if first is None else first
    return "\n".join(lines), first


def _cap_line(line: str) -> str:
    indent = _LEADING_WS.match(line)
    if indent and len(indent.group().expandtabs(4)) > MAX_INDENT_COLUMNS:
        line = " " * MAX_INDENT_COLUMNS + line[indent.end() :]
    pos, count, keep_end = 0, 0, 0
    while (match := _MARKER.match(line, pos)) and match.end() > pos:
        count += 1
        pos = match.end()
        if count == MAX_LINE_MARKERS:
            keep_end = pos
    return line[:keep_end] + line[pos:] if count > MAX_LINE_MARKERS else line


def _inline_tokens(node: SyntaxTreeNode) -> list[Token]:
    """The flat inline tokens of a paragraph/heading/cell node."""
    for child in node.children:
        if child.type == "inline" and child.token is not None:
            return list(child.token.children or ())
    return []


class _Converter:
    """Maps syntax-tree nodes to blocks; collects warnings as it goes."""

    def __init__(self, path: str, body_line: int, warnings: Warnings, base: str | None) -> None:
        self.path = path
        self.body_line = body_line
        self.warnings = warnings
        self.base = base  # the page's url: links and site-root images are made absolute
        self.href_map: HrefMap = href_map(base)
        self.first_heading = ""
        self._capped = False

    def origin(self, node: SyntaxTreeNode) -> Origin:
        if node.map is None:
            return Origin(self.path, self.body_line)
        start, end = node.map
        return Origin(self.path, self.body_line + start, self.body_line + max(start, end - 1))

    def text(self, tokens: list[Token], origin: Origin) -> Text:
        result = serialize(tokens, self.href_map)
        if result.sanitized:
            self.warnings.add("html-sanitized", "raw HTML removed from text", origin.line)
            return Text(result.markdown)
        # rendered from the tokens here, so no renderer parses the Markdown again
        return with_html(Text(result.markdown), render_tokens(tokens, self.href_map))

    def blocks(self, nodes: list[SyntaxTreeNode], depth: int) -> tuple[Block, ...]:
        out: list[Block] = []
        for node in nodes:
            out.extend(self.block(node, depth))
        return attach_captions(out)

    def block(self, node: SyntaxTreeNode, depth: int) -> list[Block]:
        origin = self.origin(node)
        kind = node.type
        if kind == "heading":
            return self.heading(node, origin, depth)
        if kind == "paragraph":
            return self.paragraph(node, origin)
        if kind in ("bullet_list", "ordered_list"):
            return self.list_block(node, origin, depth)
        if kind == "blockquote":
            if depth >= MAX_NESTING:
                return list(self.capped(node, depth))
            return [Note(origin, NoteKind.QUOTE, self.blocks(node.children, depth + 1))]
        if kind == "table":
            return [self.table(node, origin)]
        if kind in ("fence", "code_block"):
            lines = [_code_line(line) for line in node.content.rstrip("\n").split("\n")]
            return [Paragraph(origin, Text("\\\n".join(lines)))]
        if kind == "html_block":
            return self.html_block(node, origin)
        return []  # thematic breaks, empty nodes

    def heading(self, node: SyntaxTreeNode, origin: Origin, depth: int) -> list[Block]:
        tokens = _inline_tokens(node)
        text = self.text(tokens, origin)
        if not self.first_heading:
            self.first_heading = clean_title(plain_text(tokens))
        if depth > 0:  # headings inside lists/quotes are not document structure
            return [Paragraph(origin, Text(f"**{text.markdown}**"))] if text else []
        return [Heading(origin, int(node.tag[1:]), text)]

    def paragraph(self, node: SyntaxTreeNode, origin: Origin) -> list[Block]:
        tokens = _inline_tokens(node)
        kept = _drop_enlarge_links(tokens)
        if not kept:
            return []
        images = [t for t in kept if t.type == "image"]
        others = [t for t in kept if t.type != "image" and t.content.strip()]
        if len(images) == 1 and not others:
            image = images[0]
            alt = Text(escape(" ".join(image.content.split())))
            src = image_src(str(image.attrGet("src") or ""), self.base)
            return [Figure(origin, src, alt)]
        text = self.text(kept, origin)
        return [Paragraph(origin, text)] if text else []

    def list_block(self, node: SyntaxTreeNode, origin: Origin, depth: int) -> list[Block]:
        if depth >= MAX_NESTING:
            return list(self.capped(node, depth))
        items: list[ListItem] = []
        for item in node.children:
            children = list(item.children)
            text = Text("")
            if children and children[0].type == "paragraph":
                text = self.text(_inline_tokens(children[0]), self.origin(children[0]))
                children = children[1:]
            items.append(ListItem(self.origin(item), text, self.blocks(children, depth + 1)))
        start = int(node.attrs.get("start", 1) or 1) if node.type == "ordered_list" else 1
        return [ListBlock(origin, tuple(items), node.type == "ordered_list", start)]

    def capped(self, node: SyntaxTreeNode, depth: int) -> tuple[Block, ...]:
        """Flatten a too-deep list or quote into paragraphs at the current level."""
        if not self._capped:
            self._capped = True
            line = self.origin(node).line
            self.warnings.add(
                "nesting-capped", f"lists/quotes nested deeper than {MAX_NESTING} flattened", line
            )
        out: list[Block] = []
        for child in node.children:
            inner = child.children if child.type == "list_item" else [child]
            out.extend(self.blocks(list(inner), depth))
        return tuple(out)

    def table(self, node: SyntaxTreeNode, origin: Origin) -> Table:
        head: list[tuple[TableCell, ...]] = []
        body: list[tuple[TableCell, ...]] = []
        for section in node.children:
            for row in section.children:
                cells = tuple(self.cell(cell, origin) for cell in row.children)
                (head if section.type == "thead" else body).append(cells)
        return Table(origin, tuple(head), tuple(body))

    def cell(self, node: SyntaxTreeNode, origin: Origin) -> TableCell:
        style = str(node.attrs.get("style", ""))
        align = style.removeprefix("text-align:") if style.startswith("text-align:") else None
        text = self.text(_inline_tokens(node), origin)
        return TableCell(text, header=node.type == "th", align=align)

    def html_block(self, node: SyntaxTreeNode, origin: Origin) -> list[Block]:
        self.warnings.add("html-sanitized", "raw HTML block reduced to its text", origin.line)
        text = " ".join(strip_html(node.content).split())
        return [Paragraph(origin, Text(text))] if text else []


def _code_line(line: str) -> str:
    return serialize([Token("code_inline", "", 0, content=line)]).markdown if line else ""


def _drop_enlarge_links(tokens: list[Token]) -> list[Token]:
    """Remove ``[Enlarge](...)`` links (open, text, close) from inline tokens."""
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "link_open" and index + 2 < len(tokens):
            label, close = tokens[index + 1], tokens[index + 2]
            is_enlarge = label.type == "text" and label.content.strip().lower() in (
                ENLARGE_LINK_TEXTS
            )
            if is_enlarge and close.type == "link_close":
                index += 3
                continue
        out.append(token)
        index += 1
    return out if any(t.content.strip() or t.type == "image" for t in out) else []


def _credit(block: Block) -> Text | None:
    if not isinstance(block, Paragraph):
        return None
    for prefix in CREDIT_PREFIXES:
        if block.text.markdown.startswith(prefix):
            return Text(block.text.markdown[len(prefix) :].strip())
    return None


def _is_table_caption(block: Block) -> bool:
    if not isinstance(block, Paragraph):
        return False
    text = block.text.markdown
    return 0 < len(text) <= TABLE_CAPTION_MAX_CHARS and "\n" not in text and text[-1] not in ".:;!?"


def attach_captions(blocks: list[Block]) -> tuple[Block, ...]:
    """Fold caption/credit paragraphs into figures and caption lines into tables.

    The paragraph right after a figure is its caption unless it is a credit line;
    a short, unpunctuated line right before a table is the table's caption.
    """
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        credit = _credit(block)
        if isinstance(previous, Figure) and credit is not None and previous.credit is None:
            out[-1] = replace(previous, credit=credit)
        elif (
            isinstance(previous, Figure)
            and isinstance(block, Paragraph)
            and previous.caption is None
            and previous.credit is None
        ):
            out[-1] = replace(previous, caption=block.text)
        elif isinstance(block, Table) and previous is not None and _is_table_caption(previous):
            assert isinstance(previous, Paragraph)
            out[-1] = replace(block, caption=previous.text)
        else:
            out.append(block)
    return tuple(out)
