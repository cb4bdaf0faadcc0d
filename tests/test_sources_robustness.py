"""Hostile and broken inputs: every failure is a SourceError with a useful line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from carted_export.document import (
    Document,
    Heading,
    License,
    ListBlock,
    Note,
    Paragraph,
    Table,
    iter_blocks,
    iter_segments,
)
from carted_export.errors import SourceError
from carted_export.sources import MAX_NESTING, ReadOptions, detect_kind, frontmatter, read_source
from carted_export.transforms import prepare


def _write(tmp_path: Path, data: bytes | str, name: str = "page.md") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _read(tmp_path: Path, data: bytes | str, max_bytes: int = 5 * 1024 * 1024) -> Document:
    return read_source(_write(tmp_path, data), options=ReadOptions(max_bytes=max_bytes))


def _error(tmp_path: Path, data: bytes | str, max_bytes: int = 5 * 1024 * 1024) -> SourceError:
    with pytest.raises(SourceError) as info:
        _read(tmp_path, data, max_bytes)
    return info.value


def _codes(document: Document) -> list[str]:
    return [d.code for d in document.diagnostics]


def _depth(blocks: tuple[object, ...], level: int = 0) -> int:
    deepest = level
    for block in blocks:
        if isinstance(block, Note):
            deepest = max(deepest, _depth(block.children, level + 1))
        elif isinstance(block, ListBlock):
            for item in block.items:
                deepest = max(deepest, _depth(item.children, level + 1))
    return deepest


@pytest.mark.parametrize(
    ("data", "line", "fragment"),
    [
        ("---\ntitle: ok\nlanguage: [en\nurl: x\n---\nbody\n", 4, "invalid YAML front matter"),
        ("---\ntitle: !!python/object/apply:os.system ['id']\n---\nbody\n", 2, "constructor"),
        ("---\ntitle: x\n\nbody without a closing line\n", 1, "never closed"),
        ("---\n- a\n- b\n---\nbody\n", 2, "must be a mapping"),
        ("---\ntitle: " + "[" * 500 + "]" * 500 + "\n---\nbody\n", 2, "nested deeper"),
        ("---\ntitle: a\x07b\n---\nbody\n", 2, "U+0007"),
        ("", 1, "empty file"),
        (" \n\n\t\n", 1, "empty file"),
        (b"line one\nline two\n\x00\x01\x02", 3, "binary file"),
    ],
)
def test_errors_name_the_line(tmp_path: Path, data: str | bytes, line: int, fragment: str) -> None:
    error = _error(tmp_path, data)
    assert error.line == line
    assert fragment in error.message
    assert str(error).startswith(f"{tmp_path / 'page.md'}:{line}: ")


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    rows = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    error = _error(tmp_path, "---\n" + "\n".join(rows) + "\n---\nbody\n")
    assert "expands to more than" in error.message


def test_size_limit_message_names_the_limit(tmp_path: Path) -> None:
    error = _error(tmp_path, "x" * 2000, max_bytes=1000)
    assert "1,000-byte limit" in error.message


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read file"):
        read_source(tmp_path / "nope.md")


def test_cp1252_is_decoded_with_warning(tmp_path: Path) -> None:
    data = "---\ntitle: Caf\u00e9 \u201cquoted\u201d\n---\nBody \u2014 text\n".encode("cp1252")
    document = _read(tmp_path, data)
    assert document.metadata.title.markdown == "Café “quoted”"
    warning = next(d for d in document.diagnostics if d.code == "encoding-guessed")
    assert warning.origin.line == 2 and "cp1252" in warning.message


def test_bom_and_crlf_read_cleanly(tmp_path: Path) -> None:
    text = "\ufeff---\r\ntitle: T\r\nlanguage: es\r\nlicense: public_domain\r\n"
    text += "---\r\nHola\r\nmundo\r\n"
    document = _read(tmp_path, text)
    assert document.kind == "markdown" and document.language == "es"
    assert document.diagnostics == ()
    (para,) = document.blocks
    assert isinstance(para, Paragraph) and para.text.markdown == "Hola mundo"


def test_front_matter_without_body_warns(tmp_path: Path) -> None:
    document = _read(tmp_path, "---\ntitle: Only a title\nlicense: public_domain\n---\n")
    assert document.blocks == () and _codes(document) == ["body-empty"]


def test_title_derived_from_heading_then_file_name(tmp_path: Path) -> None:
    document = _read(tmp_path, "---\nlicense: public_domain\n---\n## First *heading*\n\ntext\n")
    assert document.metadata.title.markdown == "First heading"
    assert "title-derived" in _codes(document)
    document = _read(tmp_path, "---\nlicense: public_domain\n---\ntext only\n")
    assert document.metadata.title.markdown == "page"


def test_bad_language_date_and_missing_license_warn(tmp_path: Path) -> None:
    document = _read(
        tmp_path, "---\ntitle: T\nlanguage: xx-nope\nlastReviewed: 2025-13-45\n---\nx\n"
    )
    assert document.metadata.language == "en" and document.language == "en"
    assert document.metadata.last_reviewed is None
    assert document.metadata.license is License.UNKNOWN
    assert set(_codes(document)) == {"language-unknown", "date-invalid", "license-unknown"}
    license_warning = next(d for d in document.diagnostics if d.code == "license-unknown")
    assert "reuse rights unknown" in license_warning.message


def test_unquoted_yaml_date_is_accepted(tmp_path: Path) -> None:
    document = _read(tmp_path, "---\ntitle: T\nlastReviewed: 2024-02-29\n---\nx\n")
    assert document.metadata.last_reviewed == dt.date(2024, 2, 29)


def test_control_and_bidi_characters_stripped_from_title(tmp_path: Path) -> None:
    document = _read(tmp_path, '---\ntitle: "Safe\\u202e txt.exe\\a\\u2066 title - NCI"\n---\nx\n')
    assert document.metadata.title.markdown == "Safe txt.exe title"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("car-t", "car-t"),
        ("a/../..", "a"),
        ("../..", None),
        ("..\\x", "x"),
    ],
)
def test_slug_loses_path_parts(tmp_path: Path, raw: str, expected: str | None) -> None:
    document = _read(tmp_path, f"---\ntitle: T\nslug: '{raw}'\n---\nx\n")
    assert document.metadata.slug == expected


def test_huge_paragraph_is_one_block(tmp_path: Path) -> None:
    document = _read(tmp_path, "---\ntitle: T\n---\n" + "word " * 200_000)
    (para,) = document.blocks
    assert isinstance(para, Paragraph) and para.text.markdown.count("word") == 200_000


@pytest.mark.parametrize(
    "body",
    [
        "> " * 3000 + "deep\n",
        "".join("  " * i + f"- item{i}\n" for i in range(400)),
        "".join("    " * i + f"1. item{i}\n" for i in range(400)),
        "".join(("> " * i) + "- " * i + f"mixed{i}\n\n" for i in range(60)),
    ],
)
def test_deep_nesting_is_capped_without_losing_text(tmp_path: Path, body: str) -> None:
    document = prepare(_read(tmp_path, "---\ntitle: T\n---\n" + body + "\nafter\n"))
    assert _depth(document.blocks) <= MAX_NESTING
    assert "nesting-capped" in _codes(document)
    texts = [s.text.markdown for s in iter_segments(document)]
    assert texts[-1] == "after"
    if "item399" in body:
        assert sum(t.startswith("item") for t in texts) == 400


def test_table_with_thousands_of_rows(tmp_path: Path) -> None:
    rows = "".join(f"| r{i} | v{i} |\n" for i in range(5000))
    document = _read(tmp_path, f"---\ntitle: T\n---\n| Name | Value |\n|---|:-:|\n{rows}")
    (table,) = document.blocks
    assert isinstance(table, Table) and len(table.body) == 5000
    assert [c.text.markdown for c in table.head[0]] == ["Name", "Value"]
    assert table.head[0][1].align == "center"


def test_raw_html_is_sanitized_keeping_text(tmp_path: Path) -> None:
    body = (
        "Hello <b onclick='x()'>bold</b> <script>alert(1)</script>world.\n\n"
        "<div><iframe src='https://evil.example'></iframe>"
        "Block <a href='javascript:x'>t</a></div>\n\n"
        "[bad](javascript:alert(1)) and <style>p{}</style>done\n"
    )
    document = _read(tmp_path, "---\ntitle: T\n---\n" + body)
    texts = [b.text.markdown for b in document.blocks if isinstance(b, Paragraph)]
    assert texts[0] == "Hello bold world."
    assert texts[1] == "Block t"
    joined = " ".join(texts).lower()
    for bad in ("<", "alert(1)<", "onclick", "iframe", "p{}", "[bad](javascript"):
        assert bad not in joined
    assert "\\[bad\\](javascript" in joined  # escaped: shown as text, never a link
    assert _codes(document).count("html-sanitized") == 3


def test_inline_subset_is_preserved(tmp_path: Path) -> None:
    body = "Use *care* with **dose** and `code` and [a link](https://example.org/x_(y)).\n"
    (para,) = _read(tmp_path, "---\ntitle: T\n---\n" + body).blocks
    assert isinstance(para, Paragraph)
    assert para.text.markdown == (
        "Use *care* with **dose** and `code` and [a link](https://example.org/x_\\(y\\))."
    )


def test_headings_inside_quotes_are_not_structure(tmp_path: Path) -> None:
    document = _read(tmp_path, "---\ntitle: T\n---\n> ## Quoted\n>\n> text\n")
    assert not any(isinstance(b, Heading) for b in iter_blocks(document.blocks))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("---\ntitle: x\n---\nbody", "markdown"),
        ("Title\n\n# A heading\n\ntext", "markdown"),
        ("Look ![x](y.png) here", "markdown"),
        ("Plain title\n\nA paragraph of text.\n", "scrape"),
        ("--- not front matter\ntext", "scrape"),
    ],
)
def test_kind_is_detected_from_content(text: str, kind: str) -> None:
    assert detect_kind(text) == kind


def test_extension_does_not_decide_the_kind(tmp_path: Path) -> None:
    path = _write(tmp_path, "---\ntitle: T\n---\nbody\n", name="looks-like.txt")
    assert read_source(path).kind == "markdown"


_TRICKY_YAML = [
    "title: a\ndate: 2024-05-01\nupdated: 2024-05-01 10:00:00",
    "title: >\n  folded\n  text\nsummary: |\n  kept\n  lines\n",
    "a: &x [1, 2]\nb: *x\nc: yes\nd: no\ne: on\nf: 012\ng: 0o12\nh: 1e3\ni: .inf\nj: ~",
    "title: 'it''s'\nother: \"tab\\tand \\u00e9\"\nk: {x: 1, y: [a, b]}",
    "title: Cáncer 中文 عربى\nkeywords:\n  - one\n  - two: 2\n",
]


@pytest.mark.parametrize("text", _TRICKY_YAML)
def test_libyaml_loads_what_the_python_loader_loads(text: str) -> None:
    """Front matter is read by libyaml where PyYAML has it: the data must not change."""
    if frontmatter._FastLoader is None:
        pytest.skip("PyYAML was built without libyaml")
    fast = frontmatter._load(text, frontmatter._FastLoader)
    assert fast == frontmatter._load(text, frontmatter.FrontMatterLoader)
    assert fast == frontmatter.load_front_matter(text, "p.md")


def test_libyaml_loads_the_corpus_front_matter_unchanged(corpus: Path) -> None:
    if frontmatter._FastLoader is None:
        pytest.skip("PyYAML was built without libyaml")
    for path in sorted(corpus.rglob("*.md")):
        text = frontmatter.split_front_matter(path.read_text("utf-8"), path.name).yaml_text
        assert text is not None
        fast = frontmatter._load(text, frontmatter._FastLoader)
        assert fast == frontmatter._load(text, frontmatter.FrontMatterLoader), path
