"""Title, duplicate H1, empty ``##``, heading levels, anchors and links."""

from __future__ import annotations

from pathlib import Path

from carted_export.document import (
    Block,
    Document,
    Heading,
    Metadata,
    Note,
    NoteKind,
    Origin,
    Paragraph,
    Text,
    iter_blocks,
)
from carted_export.transforms import prepare
from carted_export.transforms.cleanup import (
    assign_anchors,
    collapse_title_headings,
    merge_empty_headings,
    normalize_levels,
)

ORIGIN = Origin("a.md", 1)
BASE = "https://www.cancer.gov/about-cancer/treatment/research/car-t-cells"


def _doc(*blocks: Block, title: str = "T - NCI", url: str | None = BASE) -> Document:
    meta = Metadata(title=Text(title), language="en", url=url)
    return Document("a.md", "markdown", meta, blocks, "en")


def _h(level: int, text: str) -> Heading:
    return Heading(ORIGIN, level, Text(text))


def _p(text: str) -> Paragraph:
    return Paragraph(ORIGIN, Text(text))


def _texts(document: Document) -> list[tuple[int, str]]:
    return [(b.level, b.text.markdown) for b in document.blocks if isinstance(b, Heading)]


def test_duplicate_h1_pair_collapses_into_the_title() -> None:
    document = _doc(_h(1, "T - NCI"), _h(1, "Longer page title"), _p("x"), _h(1, "Later"))
    document = collapse_title_headings(document)
    assert document.metadata.title.markdown == "T - NCI"  # suffix: clean_document_title
    assert document.blocks == (_p("x"), _h(1, "Later"))  # later H1s are body headings


def test_empty_heading_adopts_next_short_paragraph() -> None:
    document = merge_empty_headings(_doc(_h(2, ""), _p("Section"), _p("Body."), _h(2, "")))
    assert _texts(document) == [(2, "Section")]
    assert document.blocks[1] == _p("Body.")
    long_text = "x" * 500
    document = merge_empty_headings(_doc(_h(2, ""), _p(long_text)))
    assert document.blocks == (_p(long_text),)


def test_levels_start_at_two_and_never_skip() -> None:
    blocks = (_h(1, "a"), _h(4, "b"), _h(6, "c"), _h(3, "d"), _h(2, "e"), _h(5, "f"))
    document = normalize_levels(_doc(*blocks))
    assert [level for level, _ in _texts(document)] == [
        2,
        3,
        4,
        3,
        3,
        4,
    ]  # e (h2) sits under a (h1)


def test_anchors_are_unique_and_stable() -> None:
    document = assign_anchors(
        _doc(
            _h(2, "Side *effects*"),
            _h(2, "Side effects"),
            _h(2, ""),
            _h(2, "2\\. Causes"),
            _h(2, "What [CAR T](https://www.cancer.gov/x) is"),
            _h(2, "Лечение"),
            Note(Origin("a.md", 9), NoteKind.ASIDE, (_h(3, "Side effects"),)),
        )
    )
    headings = [b for b in iter_blocks(document.blocks) if isinstance(b, Heading)]
    assert [h.anchor for h in headings] == [
        "side-effects",
        "side-effects-2",
        "section",  # nothing to name it by
        "section-2-causes",  # an id starts with a letter
        "what-car-t-is",  # the link text, never its target
        "lechenie",  # transliterated
        "side-effects-3",  # headings in notes too, unique in the whole document
    ]
    assert assign_anchors(document) == document


def test_prepare_is_idempotent(tmp_path: Path) -> None:
    document = _doc(_h(1, "T - NCI"), _h(1, "Real"), _h(2, ""), _p("Sec"), _p("[a](/b) text."))
    once = prepare(document)
    twice = prepare(once)
    assert once.blocks == twice.blocks and once.metadata == twice.metadata
