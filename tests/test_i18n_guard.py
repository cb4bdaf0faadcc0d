"""The build's safety guard on poisoned copies of the shipped catalogs: a translation that
changes a number or a link, breaks a placeholder or is blank is never shown; the source
text is shown instead, marked as English in the HTML and the PDF structure; the warning
names the catalog line; ``--strict`` fails the document."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import polib
import pypdf
import pytest
from click.testing import CliRunner

from carted_export.cli import main
from carted_export.config import BUILTIN_LOCALES, Format
from carted_export.i18n.content import parse_content_catalog
from carted_export.i18n.po import CatalogText, read_text
from carted_export.i18n.ui import compile_ui, ui_po_path
from carted_export.pipeline.inputs import Catalogs
from carted_export.pipeline.jobs import Job, JobResult, JobSettings, run_job
from seed_project import SEED, make_project
from test_seeds import NCI

from conftest import NCI_ROOT, REPO
from validators import tagged_texts

CONTENT = f"locales/es/LC_MESSAGES/content/{NCI}.po"
BUILTIN_UI = "carted_export/locales/es/LC_MESSAGES/carted_export.po"
#: The English source of each poisoned content entry (the start of its msgid).
NUMBER = "More than 80% of children diagnosed with ALL"
LINK = "A form of immunotherapy that has generated tremendous excitement"
EMPTY = "Next, these revamped T cells are grown"
PAGE_LABEL = "Page %(page)s of %(pages)s"
UPDATED_LABEL = "Translation last updated: %(date)s."


def poison(text: str, edits: dict[str, tuple[str, str]]) -> tuple[str, dict[str, int]]:
    """Replace the pattern ``old`` by ``new`` in the msgstr of the entry whose msgid starts
    with each key: the new text, and the msgstr line of each edited entry."""
    lines = text.split("\n")
    found: dict[str, int] = {}
    for start, (old, new) in edits.items():
        msgid = next(i for i, line in enumerate(lines) if line.startswith(f'msgid "{start}'))
        msgstr = next(i for i in range(msgid, len(lines)) if lines[i].startswith("msgstr"))
        assert re.search(old, lines[msgstr]), (start, lines[msgstr])
        lines[msgstr] = re.sub(old, new, lines[msgstr], count=1)
        found[start] = msgstr + 1
    return "\n".join(lines), found


def poison_file(path: Path, edits: dict[str, tuple[str, str]]) -> dict[str, int]:
    text, found = poison(path.read_text(encoding="utf-8"), edits)
    path.write_text(text, encoding="utf-8")
    return found


#: One poisoned entry per class of issue 22 the article's text allows: (the English start,
#: the pattern, its replacement, what is added to the page if it were used, the rule).
NBSP_SENTENCE = "Pero es posible que la situación esté a punto de cambiar para los tumores sólidos."
CLASS_EDITS = [
    (  # Trojan Source: the text holds 30, the page would show 03
        "And in clinical trials involving people with large",
        "más del 30%",
        "más del \u202e30\u202c%",
        "\u202e",
        "invisible or control characters added: U+202C POP DIRECTIONAL FORMATTING, U+202E",
    ),
    (  # a vertical tab: invalid XML in an EPUB
        "In contrast to the advances in CAR T-cell therapies",
        "A diferencia de",
        "A\u000bdiferencia de",
        "\u000b",
        "invisible or control characters added: U+000B",
    ),
    (
        "But the tide may be about to turn",
        NBSP_SENTENCE,
        NBSP_SENTENCE.replace(" ", "\u00a0"),
        NBSP_SENTENCE.replace(" ", "\u00a0"),
        "every space is a no-break space (15 words that can never wrap)",
    ),
    (  # Persian digits in a Spanish text
        "In one clinical trial that involved people with",
        "casi el 80%",
        "casi el ۸۰%",
        "۸۰",
        "digits of a script es does not use",
    ),
    (  # an English-grouped number: 2,017 reads as two point zero one seven in Spanish
        "The Food and Drug Administration (FDA) approved",
        "en 2017",
        "en 2,017",
        "2,017",
        "number format: 2,017 reads as 2.017 in es",
    ),
    (  # the range's numbers swapped: the unit now goes with the other number
        "Currently, this entire process",
        "unas 3 a 5 semanas",
        "unas 5 a 3 semanas",
        "5 a 3 semanas",
        "time units differ: 3 week here, 5 week in the source",
    ),
    (
        "This approach is also being studied in children",
        "6 meses",
        "6 semanas",
        "6 semanas",
        "time units differ: 6 week here, 6 month in the source",
    ),
    (
        "Research on refining CAR T-cell therapies",
        "a buen ritmo",
        "a <b onclick='alert()'>buen</b> ritmo",
        "onclick",
        "raw HTML added: </b>, <b onclick>",
    ),
]
CONTENT_EDITS = {
    NUMBER: ("Más del 80%", "Más del 8%"),
    LINK: (r"def/478743\)", "def/478744)"),
    EMPTY: ('^msgstr ".+"$', 'msgstr ""'),
    **{start: (re.escape(old), new) for start, old, new, _shown, _rule in CLASS_EDITS},
}
UI_EDITS = {
    PAGE_LABEL: (r"%\(pages\)s", "%(pagez)s"),
    UPDATED_LABEL: (r"%\(date\)s", "%(fecha)s"),
}


@dataclass(frozen=True)
class Poisoned:
    root: Path
    out: Path
    content_lines: dict[str, int]
    ui_lines: dict[str, int]
    stderr: str


def _project(root: Path) -> tuple[dict[str, int], dict[str, int]]:
    make_project(root)
    ui = ui_po_path("es", root / "locales")  # the project's own copy of the shipped labels
    shutil.copy(ui_po_path("es", BUILTIN_LOCALES), ui)
    return poison_file(root / CONTENT, CONTENT_EDITS), poison_file(ui, UI_EDITS)


def _build(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        main,
        [
            *("build", "--config", str(root / "carted-export.toml"), "--locale", "es"),
            *("--jobs", "1", "--format", "html", "--format", "pdf", "--force", *args),
        ],
        catch_exceptions=False,
    )
    return result.exit_code, result.stderr


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Poisoned:
    root = tmp_path_factory.mktemp("poisoned")
    content_lines, ui_lines = _project(root)
    code, stderr = _build(root)
    assert code == 0, stderr
    return Poisoned(root, root / "build", content_lines, ui_lines, stderr)


def english_paragraph(tree: lxml.html.HtmlElement, start: str) -> lxml.html.HtmlElement:
    (found,) = [p for p in tree.xpath("//main//p") if p.text_content().startswith(start)]
    return found


def test_the_source_text_is_shown_marked_english_in_the_html(poisoned: Poisoned) -> None:
    tree = lxml.html.fromstring((poisoned.out / "es" / f"{NCI}.html").read_bytes())
    assert tree.get("lang") == "es"
    for start in CONTENT_EDITS:
        paragraph = english_paragraph(tree, start)
        assert (paragraph.get("lang"), paragraph.get("dir")) == ("en", "ltr")
    text = tree.text_content()
    assert "Más del 8%" not in text and "Más del 80%" not in text
    assert not tree.xpath("//a[contains(@href, 'def/478744')]")
    link = english_paragraph(tree, LINK).xpath(".//a/@href")
    assert "https://www.cancer.gov/publications/dictionaries/cancer-terms/def/478743" in link
    # the visible notice is there and the footer counts the three segments
    assert tree.xpath("//header//*[contains(@class, 'notice')]")
    footer = " ".join(tree.xpath("//footer")[0].text_content().split())
    done, total = map(int, re.findall(r"(\d+) de (\d+) fragmentos", footer)[0])
    assert total - done == len(CONTENT_EDITS), footer
    attributes = " ".join(tree.xpath("//@*"))  # alt, title, href: not only the text
    for start, _old, _new, shown, _rule in CLASS_EDITS:
        assert shown not in text and shown not in attributes, start
        assert english_paragraph(tree, start).text_content().startswith(start)
    # the project's broken label falls back to the built-in Spanish one, never broken
    assert "%(fecha)s" not in footer and "Traducción actualizada por última vez" in footer


def test_the_source_text_is_shown_marked_english_in_the_pdf(poisoned: Poisoned) -> None:
    pdf = poisoned.out / "es" / f"{NCI}.pdf"
    english = [
        (kind, " ".join(text.split())) for kind, lang, text in tagged_texts(pdf) if lang == "en"
    ]
    paragraphs = [text for kind, text in english if kind == "/P"]
    assert sorted(text[:30] for text in paragraphs) == sorted(s[:30] for s in CONTENT_EDITS)
    # nothing else in this complete catalog fell back (a link inside one repeats its /Lang)
    assert all(any(text in p for p in paragraphs) for _kind, text in english), english
    pages = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Más del 8%" not in pages
    assert all(shown not in pages for _start, _old, _new, shown, _rule in CLASS_EDITS)
    assert "%(pagez)s" not in pages and "Página 1 de" in pages  # built-in label instead


def test_each_rejection_is_a_warning_naming_the_catalog_line(poisoned: Poisoned) -> None:
    lines = poisoned.stderr.splitlines()
    number, link = poisoned.content_lines[NUMBER], poisoned.content_lines[LINK]
    assert f"warning: {CONTENT}:{number}: doses differ: missing 80 %; added 8 %; " in "\n".join(
        lines
    )
    assert any(line.startswith(f"warning: {CONTENT}:{link}: link targets differ") for line in lines)
    empty = poisoned.content_lines[EMPTY]
    assert any(
        line.startswith(f"warning: {CONTENT}:{empty}: 1 of ") and "empty msgstr at line" in line
        for line in lines
    ), lines
    for start, _old, _new, _shown, rule in CLASS_EDITS:
        line = poisoned.content_lines[start]
        prefix = f"warning: {CONTENT}:{line}: {rule}"
        assert any(x.startswith(prefix) and x.endswith("instead") for x in lines), (prefix, lines)
    ui = "locales/es/LC_MESSAGES/carted_export.po"
    for label in UI_EDITS:
        line = poisoned.ui_lines[label]
        assert any(x.startswith(f"warning: {ui}:{line}: placeholders differ") for x in lines)


def test_strict_fails_the_document(poisoned: Poisoned, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    shutil.copytree(poisoned.root, clean, ignore=shutil.ignore_patterns("build"))
    shutil.copy(NCI_ROOT / CONTENT, clean / CONTENT)
    (clean / "locales/es/LC_MESSAGES/carted_export.po").unlink()
    assert _build(clean, "--strict") == (0, _build(clean, "--strict")[1])  # no warning at all
    code, stderr = _build(poisoned.root, "--strict", "--out", str(poisoned.root / "strict"))
    assert code == 1
    assert re.search(rf"error: {CONTENT}:\d+: .* \(--strict\)", stderr), stderr
    assert not (poisoned.root / "strict" / "es" / f"{NCI}.pdf").exists()


def _builtin_job(strict: bool = False) -> JobResult:
    """A job as a build plans it, with a poisoned copy of the built-in Spanish labels (a
    job gets its catalogs as text, named as the build names them)."""
    ui_text, _lines = poison(read_text(ui_po_path("es", BUILTIN_LOCALES)), UI_EDITS)
    content = NCI_ROOT / CONTENT
    job = Job(
        source=f"seeds/{SEED.name}",
        data=SEED.read_bytes(),
        document=None,
        slug=NCI,
        title=NCI,
        locale="es",
        outputs=(Format.PDF.value, Format.HTML.value),
        settings=JobSettings(strict=strict),
        catalogs=Catalogs(
            CatalogText(CONTENT, content.read_text("utf-8")),
            (CatalogText(BUILTIN_UI, ui_text),),
        ),
    )
    return run_job(job)


@pytest.fixture(scope="module")
def builtin_result() -> JobResult:
    return _builtin_job()


def test_a_broken_builtin_label_is_shown_in_english_marked_english(
    builtin_result: JobResult,
) -> None:
    assert builtin_result.failure is None
    outputs = dict(builtin_result.outputs)
    tree = lxml.html.fromstring(outputs[Format.HTML.value])
    (label,) = [s for s in tree.xpath("//footer//span") if "last updated" in s.text_content()]
    assert (label.get("lang"), label.get("dir")) == ("en", "ltr")
    assert re.fullmatch(r"Translation last updated: \d+ de \w+ de \d{4}\.", label.text_content())
    assert tree.xpath("//header//*[contains(@class, 'notice')]")  # the notice counts it
    english = " ".join(t for _, lang, t in tagged_texts(outputs[Format.PDF.value]) if lang == "en")
    assert re.search(r"Translation last\s+updated: \d+ de \w+ de \d{4}\.", english), english
    pdf_text = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(outputs[Format.PDF.value])).pages
    )
    assert "Page 1 of" in pdf_text and "%(pagez)s" not in pdf_text


def test_a_broken_builtin_label_is_warned_with_its_line(builtin_result: JobResult) -> None:
    text = read_text(ui_po_path("es", BUILTIN_LOCALES)).split("\n")
    for msgid in UI_EDITS:
        line = next(i for i, x in enumerate(text) if x == f'msgid "{msgid}"') + 2
        assert text[line - 1].startswith("msgstr ")
        assert any(
            w.startswith(f"{BUILTIN_UI}:{line}: placeholders differ")
            for w in builtin_result.warnings
        ), builtin_result.warnings
    strict = _builtin_job(strict=True)
    assert strict.failure is not None and strict.failure.endswith("(--strict)")
    assert strict.outputs == ()


SHIPPED_CONTENT = sorted((REPO / "locales").glob("*/LC_MESSAGES/content/*.po"))
SHIPPED_UI = sorted(BUILTIN_LOCALES.glob("*/LC_MESSAGES/carted_export.po"))


@pytest.mark.parametrize("path", SHIPPED_CONTENT, ids=lambda p: str(p.relative_to(REPO)))
def test_shipped_content_catalogs_have_no_false_rejections(path: Path) -> None:
    catalog = parse_content_catalog(CatalogText(str(path), read_text(path)))
    po = polib.pofile(str(path))
    translated = [e for e in po.translated_entries() if not e.obsolete]
    assert [(k, t.problems) for k, t in catalog.entries.items() if t.problems] == []
    used = [key for key, found in catalog.entries.items() if found.unusable is None]
    assert len(used) == len(translated)


@pytest.mark.parametrize("path", SHIPPED_UI, ids=lambda p: p.parent.parent.name)
def test_shipped_ui_catalogs_have_no_false_rejections(path: Path) -> None:
    locale = path.parent.parent.name
    ui = compile_ui((CatalogText(str(path), read_text(path)),), locale)
    assert ui.rejected == ()
    po = polib.pofile(str(path))
    assert ui.translated == {e.msgid for e in po.translated_entries() if not e.obsolete}
    assert {"es", "ar", "zh_Hans", "fr"} <= {p.parent.parent.name for p in SHIPPED_UI}
