"""Translation memory: text one article's catalog translates is offered (fuzzy, with its
origin) where another article repeats it; a compendium exports it for Poedit, Weblate and
``msgmerge --compendium``, and imports with msgmerge's semantics."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from carted_export.i18n.po import load_po
from seed_project import SEED, make_project, run_in
from test_i18n_guard import poison_file
from test_seeds import NCI

from conftest import NCI_ROOT
from validators import require_msgmerge

NEW = "what-car-t-cells-are"
REPEATED = "More than 80% of children diagnosed with ALL"
ES_NCI = f"locales/es/LC_MESSAGES/content/{NCI}.po"


@pytest.fixture(autouse=True)
def _msgmerge() -> None:
    require_msgmerge()  # a failure under CI=true, a skip on a laptop without gettext


def repeated_paragraph() -> str:
    return next(line for line in SEED.read_text("utf-8").splitlines() if line.startswith(REPEATED))


def new_article(folder: Path) -> None:
    """An article that repeats one paragraph of the NCI seed, and again as a list item."""
    paragraph = repeated_paragraph()
    text = (
        '---\ntitle: "What CAR T cells are"\nlanguage: en\n---\n\n'
        f"A sentence nobody has translated yet.\n\n{paragraph}\n\n- {paragraph}\n"
    )
    (folder / "new.md").write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def msgstr_line(path: Path, start: str) -> int:
    lines = path.read_text("utf-8").split("\n")
    msgid = next(i for i, line in enumerate(lines) if line.startswith(f'msgid "{start}'))
    return next(i for i in range(msgid, len(lines)) if lines[i].startswith("msgstr")) + 1


def entries(path: Path, start: str) -> list[polib.POEntry]:
    return [e for e in load_po(path) if e.msgid.startswith(start) and not e.obsolete]


def test_a_repeated_paragraph_is_filled_fuzzy_from_the_other_article(project: Path) -> None:
    new_article(project / "seeds")
    assert run_in(project, "i18n", "extract")[0] == 0
    code, out, err = run_in(project, "i18n", "update")
    assert code == 0, err
    target = project / f"locales/es/LC_MESSAGES/content/{NEW}.po"
    assert f"created locales/es/LC_MESSAGES/content/{NEW}.po (2 filled" in out
    (source,) = entries(project / ES_NCI, REPEATED)
    filled = entries(target, REPEATED)
    assert sorted(e.msgctxt for e in filled) == ["list-item", "paragraph"]  # any context
    origin = f"translation memory: {ES_NCI}:{msgstr_line(project / ES_NCI, REPEATED)}"
    for entry in filled:
        assert entry.fuzzy and entry.msgstr == source.msgstr
        assert entry.tcomment == origin
    untouched = entries(target, "A sentence nobody")
    assert untouched[0].msgstr == "" and not untouched[0].fuzzy
    # Arabic does not translate that paragraph: nothing to offer
    assert all(
        e.msgstr == ""
        for e in entries(project / f"locales/ar/LC_MESSAGES/content/{NEW}.po", REPEATED)
    )
    # a second update changes nothing
    before = target.read_bytes()
    assert run_in(project, "i18n", "update", "--locale", "es")[0] == 0
    assert target.read_bytes() == before


def test_init_fills_a_new_locale_from_its_other_catalogs(project: Path) -> None:
    new_article(project / "seeds")
    run_in(project, "i18n", "extract")
    shutil.rmtree(project / "locales" / "es")
    es = project / "locales/es/LC_MESSAGES/content"
    es.mkdir(parents=True)
    shutil.copy(NCI_ROOT / ES_NCI, es / f"{NCI}.po")  # a translator's first article
    code, out, _err = run_in(project, "i18n", "init", "--locale", "es")
    assert code == 0 and f"content/{NEW}.po (2 filled from translation memory, fuzzy)" in out
    assert all(e.fuzzy for e in entries(es / f"{NEW}.po", REPEATED))


def test_unsafe_or_fuzzy_translations_are_never_offered(project: Path) -> None:
    poison_file(project / ES_NCI, {REPEATED: ("Más del 80%", "Más del 8%")})
    new_article(project / "seeds")
    run_in(project, "i18n", "extract")
    run_in(project, "i18n", "update", "--locale", "es")
    target = project / f"locales/es/LC_MESSAGES/content/{NEW}.po"
    assert all(e.msgstr == "" for e in entries(target, REPEATED))


def test_memory_exports_a_compendium_msgmerge_reads(project: Path, tmp_path: Path) -> None:
    run_in(project, "i18n", "review", "--locale", "es", "--reviewer", "Dr. R", NCI)
    memory = tmp_path / "es-memory.po"
    code, out, _err = run_in(project, "i18n", "memory", "--locale", "es", "-o", str(memory))
    assert code == 0
    exported = load_po(memory)
    assert f"wrote {len(exported)} translations" in out
    assert exported.metadata["Language"] == "es"
    assert not any(e.fuzzy or not e.msgstr or "reviewed:" in e.tcomment for e in exported)
    (entry,) = [e for e in exported if e.msgid.startswith(REPEATED)]
    assert entry.msgstr == entries(project / ES_NCI, REPEATED)[0].msgstr
    # msgfmt accepts it as a catalog
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(memory)], check=True)

    other = tmp_path / "other"  # another project, with the new article only
    (other / "seeds").mkdir(parents=True)
    new_article(other / "seeds")
    (other / "carted-export.toml").write_text('[build]\nsources = ["seeds"]\n', "utf-8")
    run_in(other, "i18n", "extract")
    (other / "locales/es/LC_MESSAGES").mkdir(parents=True)
    code, _out, err = run_in(other, "i18n", "update", "--compendium", str(memory))
    assert code == 0, err
    target = other / f"locales/es/LC_MESSAGES/content/{NEW}.po"
    by_context = {e.msgctxt: e for e in entries(target, REPEATED)}
    # msgmerge --compendium semantics: the exact (context, text) match is translated...
    assert not by_context["paragraph"].fuzzy and by_context["paragraph"].msgstr == entry.msgstr
    # ...and the same text in another context is offered by the memory, fuzzy
    assert by_context["list-item"].fuzzy and by_context["list-item"].msgstr == entry.msgstr
    assert "reviewed:" not in (by_context["paragraph"].tcomment or "")
    # the same as GNU msgmerge itself makes of that entry
    pot = other / f"locales/content/{NEW}.pot"
    merged = tmp_path / "merged.po"
    command = ["msgmerge", "--quiet", "--no-wrap", "--compendium", str(memory)]
    subprocess.run([*command, "-o", str(merged), str(pot), str(pot)], check=True)
    (reference,) = [e for e in entries(merged, REPEATED) if e.msgctxt == "paragraph"]
    assert (reference.msgstr, reference.fuzzy) == (entry.msgstr, False)
