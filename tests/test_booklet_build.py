"""``build --booklet`` (issue 21, point 4) on the seed project: ``<slug>.small.pdf`` (the
tagged A5 leaflet) and ``<slug>.booklet.pdf`` (it, imposed to fold and staple), read back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import page as page_validation
import pdfplumber
import pytest

from carted_export.check.pdf import check_pdf
from seed_project import make_project, run_in

A4_LANDSCAPE = (841.89, 595.28)
A5 = (419.53, 595.28)
LETTER_LANDSCAPE = (792.0, 612.0)
HALF_LETTER = (396.0, 612.0)
#: "Page 3 of 16" in the leaflet's footer, in English or Spanish.
PAGE_LABEL = re.compile(r"(?:Page|Página) (\d+) (?:of|de) (\d+)")


def saddle_stitch(pages: int) -> list[tuple[int | None, int | None]]:
    """The expected (left, right) page numbers of each printed side, written out from the
    folding rule: the outer pair of sheet 1 is (last, 1), its back (2, last - 1), ..."""
    padded = (pages + 3) // 4 * 4
    sides: list[tuple[int | None, int | None]] = []
    low, high = 1, padded
    while low < high:
        sides.append((high, low))
        sides.append((low + 1, high - 1))
        low, high = low + 2, high - 2

    def shown(number: int | None) -> int | None:
        return number if number is not None and number <= pages else None

    return [(shown(left), shown(right)) for left, right in sides]


def test_saddle_stitch_rule_as_a_print_shop_writes_it() -> None:
    # pdfbook2 / pdfjam --booklet for 8 pages: 8|1, 2|7, 6|3, 4|5.
    assert saddle_stitch(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_stitch(6) == [(None, 1), (2, None), (6, 3), (4, 5)]


def build(root: Path, paper: str) -> Path:
    make_project(root)
    config = root / "carted-export.toml"
    text = config.read_text("utf-8")
    config.write_text(
        text + f'locales = ["en", "es"]\nformats = ["pdf", "html"]\npaper = "{paper}"\n'
        "[leaflet]\nnotes = true\nbooklet = true\n",
        encoding="utf-8",
    )
    code, _, stderr = run_in(root, "build", "--quiet")
    assert code == 0, stderr
    return root / "build"


@pytest.fixture(scope="module", params=["a4", "letter"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    paper = str(request.param)
    return build(tmp_path_factory.mktemp(f"booklet-{paper}"), paper)


def paper_of(build_dir: Path) -> str:
    return "a4" if "booklet-a4" in str(build_dir) else "letter"


def half_numbers(sheet: pdfplumber.page.Page) -> tuple[int | None, int | None, int | None]:
    """The page number printed in the left and right half of a sheet, and the total."""
    numbers: list[int | None] = []
    total = None
    for x0, x1 in ((0, sheet.width / 2), (sheet.width / 2, sheet.width)):
        text = " ".join((sheet.crop((x0, 0, x1, sheet.height)).extract_text() or "").split())
        found = PAGE_LABEL.search(text)
        numbers.append(int(found.group(1)) if found else None)
        total = int(found.group(2)) if found else total
    return numbers[0], numbers[1], total


@pytest.mark.parametrize("locale", ["en", "es"])
def test_booklet_sheets_hold_the_small_leaflets_pages_in_saddle_stitch_order(
    built: Path, locale: str
) -> None:
    small = next((built / locale).glob("*.small.pdf"))
    booklet = small.with_name(small.name.replace(".small.pdf", ".booklet.pdf"))
    sheet_size, page_size = (
        (A4_LANDSCAPE, A5) if paper_of(built) == "a4" else (LETTER_LANDSCAPE, HALF_LETTER)
    )
    with pdfplumber.open(small) as leaflet:
        pages = len(leaflet.pages)
        assert all(
            (round(p.width), round(p.height)) == tuple(map(round, page_size)) for p in leaflet.pages
        )
    assert pages % 2 == 0  # duplex padding applies to the small leaflet too
    read_back = []
    with pdfplumber.open(booklet) as sheets:
        for sheet in sheets.pages:
            assert (round(sheet.width), round(sheet.height)) == tuple(map(round, sheet_size))
            left, right, total = half_numbers(sheet)
            assert total in (None, pages)
            read_back.append((left, right))
    assert read_back == saddle_stitch(pages)


def test_booklet_says_it_is_a_print_file_and_the_small_leaflet_is_tagged(built: Path) -> None:
    small = next((built / "en").glob("*.small.pdf"))
    booklet = small.with_name(small.name.replace(".small.pdf", ".booklet.pdf"))
    with pdfplumber.open(booklet) as sheets:
        info = sheets.metadata
    assert info["Keywords"].startswith("print file")
    assert small.name in info["Subject"]
    assert [f.rule for f in check_pdf(booklet)] == ["print-file"]
    assert [f.format() for f in check_pdf(small) if f.severity == "error"] == []
    result = page_validation.validate_pdf(str(small), profile="ua1")
    assert result.is_compliant, [f.rule_id for f in result.failures]


def test_manifest_and_web_page_name_the_booklet_as_a_print_file(built: Path) -> None:
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    variants = {(o["locale"], o.get("variant", "")) for o in manifest["outputs"]}
    assert {("en", "small"), ("en", "booklet"), ("es", "small"), ("es", "booklet")} <= variants
    for output in manifest["outputs"]:
        if output.get("variant") == "booklet":
            with pdfplumber.open(built / output["path"]) as pdf:
                assert output["pages"] == len(pdf.pages)
                assert output["pages"] % 2 == 0
    page = next((built / "en").glob("*.html"))
    links = {a.get("href"): a.text_content() for a in lxml.html.parse(page).iter("a")}
    booklet = next(text for href, text in links.items() if href.endswith(".booklet.pdf"))
    assert "print" in booklet and "not for screen readers" in booklet
    index = lxml.html.parse(built / "index.html").getroot()
    headers = [th.text_content() for th in index.iter("th")]
    assert any("Booklet" in h and "print file" in h for h in headers)
