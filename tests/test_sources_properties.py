"""Property: whatever bytes arrive, read_source returns a Document or raises SourceError."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carted_export.document import Document
from carted_export.errors import SourceError
from carted_export.sources import ReadOptions, read_source
from carted_export.transforms import prepare

_LINES = st.sampled_from(
    [
        "# Title",
        "##",
        "## Heading",
        "> quote",
        "- item",
        "  - nested",
        "1. one",
        "    code",
        "| a | b |",
        "|---|---|",
        "| 1 | 2 |",
        "![alt](/img.png)",
        "![](x.svg)",
        "Credit: X",
        "[Enlarge](/big.png)",
        "<div>html</div>",
        "<script>x</script>",
        "text *em* **b**",
        "[link](/rel)",
        "```",
        "---",
        "",
        "  • bullet",
        "Short heading",
        "A sentence.",
        "← Previous",
        "Medical Disclaimer: text.",
        "Publisher",
    ]
)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
_KEYS = st.sampled_from(
    ["title", "language", "lastReviewed", "license", "url", "slug", "tags", "source", "x"]
)


def _check(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "input.md"
        path.write_bytes(data)
        try:
            document = read_source(path, options=ReadOptions(max_bytes=64 * 1024))
        except SourceError as error:
            assert error.path == str(path)
            return
        assert isinstance(prepare(document), Document)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _check(data)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, max_size=30), st.text(max_size=200))
def test_random_markdown_lines(lines: list[str], noise: str) -> None:
    _check(("\n".join(lines) + "\n" + noise).encode("utf-8", "surrogatepass"))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, _VALUES, max_size=6), st.lists(_LINES, max_size=10))
def test_random_front_matter(front: dict[str, object], lines: list[str]) -> None:
    header = yaml.safe_dump(front, allow_unicode=True) if front else ""
    _check(("---\n" + header + "---\n" + "\n".join(lines)).encode("utf-8", "surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_random_front_matter_text(header: str) -> None:
    _check(("---\n" + header + "\n---\nbody\n").encode("utf-8", "surrogatepass"))
