"""Braille Ready Format (issue 23, point 1): the seed project built with ``--format brf``,
each file read back with liblouis's own back-translation and checked against the web page
of the same build (parsed as a DOM), and its page layout measured line by line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest

from carted_export.config import BrailleLayout
from carted_export.render.braille import DISPLAY_TABLE, TABLES, paginate, wrap
from carted_export.render.linear import Kind, Piece
from seed_project import make_project, run_in

from validators import require_liblouis

LOCALES = ("en", "es", "ar", "zh_Hans")
#: An article with a list, a table and a local picture (no catalog: in Spanish it falls back).
HANDWASHING = Path(__file__).parent / "roots" / "basic" / "handwashing.md"
NCI = "car-t-cells-engineering-immune-cells-to-treat-cancer"
HANDS = "handwashing-a-simple-way-to-prevent-infection"
#: The characters of North American ASCII braille (one per six-dot cell), and the space.
BRF_CHARACTERS = set(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_liblouis()
    root = make_project(tmp_path_factory.mktemp("braille"))
    (root / "locales" / "de" / "LC_MESSAGES").mkdir(parents=True)  # German: no braille table
    shutil.copy(HANDWASHING, root / "seeds" / HANDWASHING.name)
    shutil.copytree(HANDWASHING.parent / "images", root / "seeds" / "images")
    config = root / "carted-export.toml"
    locales = ", ".join(f'"{locale}"' for locale in (*LOCALES, "de"))
    config.write_text(
        config.read_text("utf-8") + f'locales = [{locales}]\nformats = ["brf", "html"]\n',
        encoding="utf-8",
    )
    code, _, stderr = run_in(root, "build", "--quiet")
    assert code == 0, stderr
    (root / "stderr.txt").write_text(stderr, encoding="utf-8")
    return root


def brf_file(build: Path, locale: str, slug: str = NCI) -> Path:
    return build / "build" / locale / f"{slug}.brf"


def pages(path: Path) -> list[list[str]]:
    data = path.read_bytes()
    assert data.decode("ascii")  # a BRF is ASCII
    return [page.split("\r\n")[:-1] for page in data.decode("ascii").split("\f")]


def text_lines(path: Path) -> list[str]:
    """Every line of every page but the page number."""
    return [line for page in pages(path) for line in page[:-1]]


def back_translate(lines: list[str], locale: str) -> str:
    """The print text of braille ``lines`` by liblouis; a word split at a full line is
    joined again first, as a reader does."""
    joined: list[str] = []
    for line in lines:
        if joined and len(joined[-1]) == 40:
            joined[-1] += line.lstrip()
        else:
            joined.append(line)
    text = "\n".join(line.replace("\\", "\\\\") for line in joined if line.strip())
    done = subprocess.run(
        ["lou_translate", "--backward", f"{DISPLAY_TABLE},{TABLES[locale]}"],
        input=text + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def squeeze(text: str) -> str:
    """Letters only, case-folded: back-translation does not give every space, quote mark
    or colon back as it was written (Spanish reads a colon back as a 3)."""
    return re.sub(r"[\W\d_]+", "", text.casefold())


def web_page(build: Path, locale: str, slug: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(build / "build" / locale / f"{slug}.html")).getroot()


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_has_the_set_length_and_no_line_is_too_long(build: Path, locale: str) -> None:
    found = pages(brf_file(build, locale))
    assert len(found) > 1
    for page in found:
        assert len(page) == 25
        assert all(len(line) <= 40 for line in page)
        assert set("".join(page)) <= BRF_CHARACTERS


@pytest.mark.parametrize("locale", ["en", "es", "ar"])
def test_page_numbers_read_back_in_order_at_the_right_of_the_last_line(
    build: Path, locale: str
) -> None:
    found = pages(brf_file(build, locale))
    for number, page in enumerate(found, start=1):
        last = page[-1]
        assert last == last.strip().rjust(40)
        assert int(back_translate([last.strip()], locale).strip()) == number  # any script


@pytest.mark.parametrize(("locale", "slug"), [("en", HANDS), ("en", NCI), ("es", NCI)])
def test_back_translation_has_what_the_web_page_has(build: Path, locale: str, slug: str) -> None:
    """The title, the first heading, every list item and table cell, the alt text and the
    source's address of the web page of the same build are in the braille: the title
    first, the address (in the citation footer) last."""
    text = squeeze(back_translate(text_lines(brf_file(build, locale, slug)), locale))
    html = web_page(build, locale, slug)

    def shown(path: str) -> list[lxml.html.HtmlElement]:  # in the article, not folded away
        found: list[lxml.html.HtmlElement] = html.xpath(f"//main//{path}[not(ancestor::details)]")
        return found

    expected = [
        html.findtext(".//h1"),
        shown("h2")[0].text_content(),
        *(item.text_content() for item in shown("li")),
        *(cell.text_content() for cell in shown("tbody/tr/*")),
        *(image.get("alt") for image in shown("img")),
        html.xpath("//footer//dd[@class='url']/a/@href")[0].split("://", 1)[1],
    ]
    assert all(expected) and len(expected) >= 4
    found = [text.find(squeeze(part)) for part in expected]
    missing = [part for part, at in zip(expected, found, strict=True) if at < 0]
    assert not missing
    assert found[0] == min(found)  # the title first
    assert found[-1] == max(found)  # the citation footer's address last


def test_fallback_text_is_brailled_with_its_own_languages_table(build: Path) -> None:
    """The article without a Spanish catalog is shown in English in the Spanish build: its
    braille is English braille (read back with the English table), not Spanish."""
    lines = text_lines(brf_file(build, "es", HANDS))
    item = "Before you eat or make food"
    assert squeeze(item) in squeeze(back_translate(lines, "en"))
    assert squeeze(item) not in squeeze(back_translate(lines, "es"))


def test_alt_text_is_a_transcribers_note_in_english(build: Path) -> None:
    lines = [line for page in pages(brf_file(build, "en")) for line in page]
    notes = [index for index, line in enumerate(lines) if line.lstrip().startswith("@.<")]
    assert notes
    assert all(lines[index].startswith(" " * 6 + "@.<") for index in notes)


def test_a_language_without_a_table_gets_a_warning_and_no_file(build: Path) -> None:
    assert not list((build / "build" / "de").glob("*.brf"))
    assert list((build / "build" / "de").glob("*.html"))
    assert "de: no braille file" in (build / "stderr.txt").read_text("utf-8")


def test_the_manifest_lists_each_braille_file(build: Path) -> None:
    manifest = json.loads((build / "build" / "manifest.json").read_text("utf-8"))
    brf = {(o["locale"], o["format"]) for o in manifest["outputs"] if o["format"] == "brf"}
    assert brf == {(locale, "brf") for locale in LOCALES}
    assert len([o for o in manifest["outputs"] if o["format"] == "brf"]) == 2 * len(LOCALES)


def test_the_web_page_and_the_download_page_link_the_braille_file(build: Path) -> None:
    page = web_page(build, "es", NCI)
    (link,) = page.xpath(f"//nav[@class='page-links']//a[@href='{NCI}.brf']")
    assert "braille" in link.text_content().casefold()
    # ASCII braille is plain ASCII text: the link says so, and the file's language.
    assert link.get("type") == "text/plain; charset=us-ascii"
    assert link.get("hreflang") == "es"
    assert re.search(r"\(\d+ kB\)$", link.getparent().text_content())  # its size
    index = lxml.html.parse(str(build / "build" / "index.html")).getroot()
    (row,) = index.xpath(f"//a[@href='es/{NCI}.brf']")
    assert (row.get("type"), row.get("hreflang")) == ("text/plain; charset=us-ascii", "es")


def test_the_page_size_comes_from_the_braille_table(tmp_path: Path) -> None:
    require_liblouis()
    root = make_project(tmp_path)
    config = root / "carted-export.toml"
    config.write_text(
        config.read_text("utf-8") + 'formats = ["brf"]\n[braille]\ncells = 32\nlines = 20\n',
        encoding="utf-8",
    )
    code, _, stderr = run_in(root, "build", "--quiet")
    assert code == 0, stderr
    for page in pages(brf_file(root, "en")):
        assert len(page) == 20
        assert max(len(line) for line in page) <= 32


def test_a_page_too_small_is_a_config_error_with_its_line(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    config = root / "carted-export.toml"
    config.write_text(config.read_text("utf-8") + "[braille]\ncells = 12\n", encoding="utf-8")
    code, _, stderr = run_in(root, "build", "--quiet")
    assert code == 2
    assert "carted-export.toml:5:" in stderr and "cells" in stderr


# The layout rules, on pieces made for them. -----------------------------------------------


def test_a_heading_never_ends_a_page() -> None:
    layout = BrailleLayout(cells=40, lines=6)  # 5 text lines and the page number
    shown = [(Piece(Kind.PARAGRAPH, "x"), "LINE")] * 4
    shown += [(Piece(Kind.HEADING, "h", level=2), "HEAD9G"), (Piece(Kind.PARAGRAPH, "y"), "TEXT")]
    first, second = paginate(shown, layout)
    assert "HEAD9G" not in " ".join(first)
    assert second[0].strip() == "HEAD9G" and second[1].strip() == "TEXT"


def test_lines_break_between_words_with_the_runover_indent() -> None:
    from carted_export.render.braille import _style

    item = _style(Piece(Kind.ITEM, "", level=1))
    lines = wrap("AAAA BBBB CCCC DDDD", 12, item)
    assert lines == ["  AAAA BBBB", "    CCCC", "    DDDD"]
    assert all(len(line) <= 12 for line in lines)
