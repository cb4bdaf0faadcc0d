"""The build's guard on the classes of issue 22 that the seed article has no text for
(number sequences, dose order, the month exemption, frequency words, plain-text addresses,
prose left in English, duplicate entries, a broken header), on an article and a Spanish
catalog written here: each poisoned entry is never shown, its English source is, marked
English in the HTML and the PDF structure, with a warning naming the catalog line."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from carted_export.i18n.po import load_po, save_po
from seed_project import run_in

from validators import require_msgmerge, tagged_texts

SLUG = "after-your-treatment"
CATALOG = f"locales/es/LC_MESSAGES/content/{SLUG}.po"
#: English source, poisoned Spanish (what must never reach a patient), the rule's words.
POISONED = [
    (
        "Call the clinic at 1-800-422-6237 if you have a fever.",
        "Llame a la clínica al 1-800-6237-422 si tiene fiebre.",
        "number sequence 1-800-422-6237 is not kept whole and in order",
    ),
    (
        "Take 10 mg in the morning and 20 mg at bedtime.",
        "Tome 20 mg por la mañana y 10 mg al acostarse.",
        "doses are in another order",
    ),
    (
        "Your next visit is on June 1, 2025.",
        "Su próxima cita es el 1 de junio de 2025, 6.",
        "numbers differ: added 6",
    ),
    (
        "Take one tablet daily with food.",
        "Tome una tableta semanalmente con comida.",
        "frequencies differ: missing daily; added weekly",
    ),
    (
        "Write to nci@cancer.gov with questions about your care.",
        "Escriba a nci@cancer.org si tiene preguntas sobre su atención.",
        "plain-text addresses (e-mail, web, phone) differ",
    ),
]
UNCHANGED = "Rest at home and drink plenty of water every day while you recover."
GOOD = ("Wash your hands before you eat.", "Lávese las manos antes de comer.")
ARTICLE = f"""---
title: After your treatment
language: en
url: https://example.org/after
license: public_domain
slug: {SLUG}
---

# After your treatment

{chr(10).join(f"{english}{chr(10)}" for english, _es, _rule in POISONED)}
{UNCHANGED}

{GOOD[0]}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_msgmerge()
    root = tmp_path_factory.mktemp("guard-classes")
    (root / "sources").mkdir()
    (root / "sources" / "after.md").write_text(ARTICLE, encoding="utf-8")
    (root / "carted-export.toml").write_text(
        '[build]\nsources = ["sources"]\nlocales = ["es"]\nformats = ["html", "pdf"]\n',
        encoding="utf-8",
    )
    for command in (("i18n", "extract"), ("i18n", "init", "--locale", "es")):
        code, _out, err = run_in(root, *command)
        assert code == 0, err
    po = load_po(root / CATALOG)
    spanish = {english: es for english, es, _rule in POISONED}
    spanish |= {
        UNCHANGED: UNCHANGED,
        GOOD[0]: GOOD[1],
        "After your treatment": "Después del tratamiento",
    }
    for entry in po:
        entry.msgstr = spanish[entry.msgid]
    save_po(po, root / CATALOG)
    return root


@pytest.fixture(scope="module")
def built(project: Path) -> tuple[Path, str]:
    code, _out, err = run_in(project, "build", "--quiet")
    assert code == 0, err
    return project / "build" / "es", err


def msgstr_line(project: Path, msgid: str) -> int:
    """The line of the msgstr of ``msgid`` (each is on one line in this catalog)."""
    lines = (project / CATALOG).read_text("utf-8").split("\n")
    at = lines.index(f'msgid "{msgid}"')
    return next(n for n in range(at, len(lines)) if lines[n].startswith("msgstr")) + 1


def test_poisoned_entries_are_shown_in_english_marked_english_in_the_html(
    built: tuple[Path, str],
) -> None:
    folder, _err = built
    tree = lxml.html.fromstring((folder / f"{SLUG}.html").read_bytes())
    text = tree.text_content()
    paragraphs = {p.text_content(): p for p in tree.xpath("//main//p")}
    for english, spanish, _rule in POISONED:
        assert spanish not in text
        assert paragraphs[english].get("lang") == "en", english
    assert paragraphs[GOOD[1]].get("lang") is None  # a good translation is used
    assert paragraphs[UNCHANGED].get("lang") is None  # copied prose: a warning, not a fallback


def test_poisoned_entries_are_shown_in_english_marked_english_in_the_pdf(
    built: tuple[Path, str],
) -> None:
    folder, _err = built
    tagged = [
        (kind, lang, " ".join(t.split())) for kind, lang, t in tagged_texts(folder / f"{SLUG}.pdf")
    ]
    english = {text for kind, lang, text in tagged if kind == "/P" and lang == "en"}
    every = " ".join(text for _kind, _lang, text in tagged)
    for source, spanish, _rule in POISONED:
        assert source in english, (source, english)
        assert spanish not in every
    assert GOOD[1] in every


def test_each_is_warned_with_its_catalog_line_and_rule(
    project: Path, built: tuple[Path, str]
) -> None:
    _folder, err = built
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    for english, _spanish, rule in POISONED:
        prefix = f"warning: {CATALOG}:{msgstr_line(project, english)}: "
        assert any(w.startswith(prefix) and rule in w for w in warnings), (prefix, rule, warnings)


def test_i18n_check_reports_the_same_entries(project: Path) -> None:
    code, out, err = run_in(project, "i18n", "check", "--locale", "es")
    assert code == 1
    report = out + err
    for english, _spanish, rule in POISONED:
        line = msgstr_line(project, english)
        assert f"{CATALOG}:{line}: error: {rule}" in report, (english, report)
    line = msgstr_line(project, UNCHANGED)  # copied prose: a warning only
    assert f"{CATALOG}:{line}: warning: the translation is the English source unchanged" in report


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (
            lambda text: (
                text
                + '\nmsgctxt "paragraph"\nmsgid "Wash your hands before you eat."\nmsgstr "Otra."\n'
            ),
            "duplicate",
        ),
        (
            lambda text: text.replace("nplurals=3; plural=(", "nplurals=3; plural=(("),
            "Plural-Forms",
        ),
    ],
    ids=["duplicate-entry", "broken-plural-forms"],
)
def test_a_broken_catalog_fails_its_document_naming_the_line(
    project: Path, tmp_path: Path, edit: object, words: str
) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("build"))
    path = copy / CATALOG
    text = path.read_text("utf-8")
    assert callable(edit)
    path.write_text(edit(text), encoding="utf-8")
    code, _out, err = run_in(copy, "build", "--quiet")
    assert code == 1
    assert f"{CATALOG}:" in err and words in err, err
