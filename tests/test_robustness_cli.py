"""Robustness through the whole build: bad inputs and catalogs never stop the good documents."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import lxml.html
import pytest

from carted_export import files
from carted_export.config import BUILTIN_LOCALES

from conftest import RunCli, read_manifest

GOOD = "when-to-call-your-doctor-about-a-fever"


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")


def html_build(run_cli: RunCli, source: Path, out: Path, *extra: str):  # type: ignore[no-untyped-def]
    return run_cli("build", source, "--out", out, "--format", "html", "--jobs", "1", *extra)


def assert_good_documents_built(out: Path) -> None:
    built = {r["slug"] for r in read_manifest(out)}
    assert GOOD in built
    for record in read_manifest(out):
        assert int(str(record["bytes"])) > 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.md", b"", "empty"),
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "binary"),
        ("badyaml.md", b"---\ntitle: 'x\nlanguage: en\n---\n\nText\n", "badyaml.md:"),
        (
            "pytag.md",
            b"---\ntitle: !!python/object/apply:os.system ['true']\n---\nText\n",
            "pytag.md:",
        ),
    ],
)
def test_unreadable_source_is_reported_and_others_build(
    run_cli: RunCli, basic_root: Path, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    (basic_root / name).write_bytes(content)
    out = tmp_path / "out"
    result = html_build(run_cli, basic_root, out)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and name in errors[0] and message in errors[0]
    assert "Traceback" not in result.output
    assert_good_documents_built(out)


def test_fail_fast_stops_at_the_first_failure(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    (basic_root / "aaa-empty.md").write_bytes(b"")
    out = tmp_path / "out"
    result = html_build(run_cli, basic_root, out, "--fail-fast")
    assert result.exit_code == 1
    assert "aaa-empty.md" in result.output
    assert read_manifest(out) == []


def test_size_limit_is_configurable(run_cli: RunCli, basic_root: Path, tmp_path: Path) -> None:
    big = basic_root / "big.md"
    big.write_text("---\ntitle: Big\n---\n\n" + ("word " * 300_000), "utf-8")
    result = html_build(run_cli, basic_root, tmp_path / "out", "--max-source-size", "1")
    assert result.exit_code == 1
    (error,) = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert error.startswith("error: ") and "big.md: file is larger than the 1,048,576-byte" in error
    assert_good_documents_built(tmp_path / "out")
    bigger = html_build(run_cli, basic_root, tmp_path / "out2", "--max-source-size", "2")
    assert bigger.exit_code == 0, bigger.output  # 1.5 MB fits under a 2 MB limit
    assert "big" in {str(r["slug"]) for r in read_manifest(tmp_path / "out2")}


def test_slug_with_path_escape_stays_inside_the_output(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    (basic_root / "evil.md").write_text(
        '---\ntitle: "Evil\\u202e txt.exe / <b>"\nslug: ../../../etc/passwd\n---\n\nBody.\n',
        "utf-8",
    )
    out = tmp_path / "out"
    result = html_build(run_cli, basic_root, out)
    assert result.exit_code == 0, result.output
    written = {p.resolve() for p in tmp_path.rglob("*.html")}
    assert all(out.resolve() in p.parents for p in written)
    evil = [r for r in read_manifest(out) if "passwd" in str(r["slug"])]
    assert evil and "/" not in str(evil[0]["slug"]) and "\u202e" not in str(evil[0]["title"])


def test_broken_catalog_fails_only_its_locale(
    run_cli: RunCli, basic_root: Path, tmp_path: Path
) -> None:
    locales = tmp_path / "locales"
    ui = locales / "es" / "LC_MESSAGES" / "carted_export.po"
    ui.parent.mkdir(parents=True)
    shutil.copy(BUILTIN_LOCALES / "es" / "LC_MESSAGES" / "carted_export.po", ui)
    lines = ui.read_text("utf-8").splitlines()
    broken_line = len(lines) - 1
    lines[broken_line - 1] = 'msgstr "unterminated'
    ui.write_text("\n".join(lines) + "\n", "utf-8")
    out = tmp_path / "out"
    result = html_build(
        run_cli, basic_root, out, "--locale", "en", "--locale", "es", "--locales-dir", locales
    )
    assert result.exit_code == 1
    assert f"carted_export.po:{broken_line}" in result.output
    assert {r["locale"] for r in read_manifest(out)} == {"en"}


def test_interrupted_write_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "leaflet.pdf"
    files.atomic_write(target, b"good old output")

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        files.atomic_write(target, b"half")
    assert target.read_bytes() == b"good old output"
    assert [p.name for p in tmp_path.iterdir()] == ["leaflet.pdf"]


def test_raw_html_is_sanitized_in_every_format(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "src" / "xss.md"
    source.parent.mkdir()
    source.write_text(
        "---\ntitle: Sanitize me\nlicense: public_domain\n---\n\n"
        'Before <script>alert(1)</script><img src=x onerror="alert(2)" alt="x"> after '
        '[click](javascript:alert(3)) and <iframe src="https://example.org"></iframe> end.\n\n'
        "<style>body{display:none}</style>\n\nKept paragraph.\n",
        "utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("build", source, "--out", out, "--jobs", "1")
    assert result.exit_code == 0, result.output
    tree = lxml.html.fromstring((out / "en" / "sanitize-me.html").read_bytes())
    assert not tree.xpath("//script | //iframe | //object | //embed | //body//style")
    assert not tree.xpath("//@*[starts-with(name(), 'on')]")  # onerror and the like
    styles = "".join(tree.xpath("//style/text() | //@style")).replace(" ", "").lower()
    assert "body{display:none}" not in styles  # the article's <style>, not the page's own
    assert not [a for a in tree.iter("a") if "javascript" in (a.get("href") or "")]
    (main,) = tree.xpath("//main")
    text = " ".join(main.text_content().split())
    assert "Before" in text and "after" in text and "Kept paragraph." in text
    # the script's and the handler's code are gone; the javascript: link is shown as text
    assert "display:none" not in text and "alert(1)" not in text and "alert(2)" not in text


ALIAS_BOMB = (
    "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\ntitle: Bomb\n---\n\nBody.\n"
)
NESTED = "".join("  " * depth + "- level\n" for depth in range(200)) + "\n" + "> " * 500 + "deep\n"
TABLE = "| A | B |\n| --- | --- |\n" + "".join(f"| row {n} | {n} mg |\n" for n in range(5000))


# (file name, bytes, exit code, text the user must see, slug expected in the manifest or None)
CASES = [
    ("alias-bomb.md", ALIAS_BOMB.encode(), 1, "alias-bomb.md:", None),
    (
        "latin1.md",
        "---\ntitle: Caf\xe9 fever\n---\n\nFi\xe8vre.\n".encode("latin-1"),
        0,
        "not valid UTF-8",
        "cafe-fever",
    ),
    (
        "bom-crlf.md",
        b"\xef\xbb\xbf---\r\ntitle: Bom page\r\n---\r\n\r\nText.\r\n",
        0,
        None,
        "bom-page",
    ),
    (
        "no-body.md",
        b"---\ntitle: Only a title\nlicense: public_domain\n---\n",
        0,
        "no-body.md",
        "only-a-title",
    ),
    (
        "no-title.md",
        b"---\nlanguage: en\n---\n\nA paragraph, no heading.\n",
        0,
        "no title",
        "no-title",
    ),
    (
        "klingon.md",
        b"---\ntitle: Lang page\nlanguage: xx-klingon\n---\n\nText.\n",
        0,
        "language",
        "lang-page",
    ),
    (
        "bad-date.md",
        b"---\ntitle: Date page\nlastReviewed: 2025-13-45\n---\n\nText.\n",
        0,
        "lastReviewed",
        "date-page",
    ),
    (
        "huge-para.md",
        b"---\ntitle: Huge paragraph\n---\n\n" + b"word " * 200_000,
        0,
        None,
        "huge-paragraph",
    ),
    ("nested.md", b"---\ntitle: Nested\n---\n\n" + NESTED.encode(), 0, "nested", "nested"),
    ("table.md", b"---\ntitle: Big table\n---\n\n" + TABLE.encode(), 0, None, "big-table"),
    (
        "control.md",
        b'---\ntitle: "Ctrl\\x07 \\u202eevil\\u202c title"\n---\n\nText.\n',
        0,
        None,
        "ctrl-evil-title",
    ),
]


@pytest.mark.parametrize(
    ("name", "data", "code", "message", "slug"), CASES, ids=[c[0] for c in CASES]
)
def test_every_hostile_input_case(
    run_cli: RunCli,
    basic_root: Path,
    tmp_path: Path,
    name: str,
    data: bytes,
    code: int,
    message: str | None,
    slug: str | None,
) -> None:
    (basic_root / name).write_bytes(data)
    out = tmp_path / "out"
    result = html_build(run_cli, basic_root, out)
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    if message:
        assert message in result.output
    assert_good_documents_built(out)
    slugs = {str(r["slug"]) for r in read_manifest(out)}
    if slug:
        assert slug in slugs, slugs
        page = lxml.html.fromstring((out / "en" / f"{slug}.html").read_bytes())
        assert page.xpath("//main") and page.get("lang")
        assert "\u202e" not in page.text_content()
    written = {p.resolve() for p in tmp_path.rglob("*.html")}
    assert all(out.resolve() in p.parents for p in written)
