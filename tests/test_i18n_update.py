"""``i18n update`` with GNU msgmerge: an edited sentence changes exactly one entry."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from carted_export.i18n.catalogs import content_po_path
from carted_export.i18n.extract import write_content_templates
from carted_export.i18n.po import load_po, new_po, save_po
from carted_export.i18n.stats import count_entries
from carted_export.i18n.update import MSGMERGE_ARGS, update_catalogs
from carted_export.pipeline.reading import read_documents
from carted_export.readability.analysis import translator_notes

from conftest import NCI_ROOT
from validators import require_msgmerge

ROOT = Path(__file__).resolve().parents[1]
NCI_SEED = NCI_ROOT / "seeds" / "000_c5f26b40cac49cff.txt"
NCI_SLUG = "car-t-cells-engineering-immune-cells-to-treat-cancer"
OLD = "a cornerstone of cancer treatment."
NEW = "a central part of cancer treatment."


@pytest.fixture(autouse=True)
def _msgmerge() -> None:
    require_msgmerge()


def entries(path: Path) -> dict[tuple[str, str], polib.POEntry]:
    return {(e.msgctxt or "", e.msgid): e for e in load_po(path) if not e.obsolete}


def extract(seeds: Path, locales: Path) -> None:
    documents, failures = read_documents((seeds,), seeds.parent)
    assert failures == []
    write_content_templates(documents, locales, translator_notes)  # as the command


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "seeds").mkdir()
    shutil.copy(NCI_SEED, tmp_path / "seeds" / NCI_SEED.name)
    shutil.copytree(NCI_ROOT / "locales", tmp_path / "locales")
    return tmp_path


def test_unchanged_sources_update_is_a_no_op(project: Path) -> None:
    po_path = content_po_path(NCI_SLUG, "es", project / "locales")
    before = po_path.read_bytes()
    extract(project / "seeds", project / "locales")
    _results, errors = update_catalogs(project / "locales", ("es",))
    assert errors == []
    assert po_path.read_bytes() == before


def test_editing_one_sentence_changes_exactly_one_entry(project: Path) -> None:
    locales = project / "locales"
    po_path = content_po_path(NCI_SLUG, "es", locales)
    before = entries(po_path)
    translated_before = count_entries(load_po(po_path))[0]
    seed = project / "seeds" / NCI_SEED.name
    text = seed.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    seed.write_text(text.replace(OLD, NEW), encoding="utf-8")

    extract(project / "seeds", locales)
    _results, errors = update_catalogs(locales, ("es",))
    assert errors == []

    after = entries(po_path)
    changed = {key for key in after if key not in before}
    assert len(changed) == 1
    (key,) = changed
    entry = after[key]
    assert entry.fuzzy
    assert NEW in entry.msgid
    assert entry.previous_msgid is not None and OLD in entry.previous_msgid
    assert entry.msgstr == before[("paragraph", entry.previous_msgid)].msgstr
    assert count_entries(load_po(po_path))[0] == translated_before - 1
    unchanged = {k: (e.msgstr, e.fuzzy) for k, e in after.items() if k != key}
    assert unchanged == {
        k: (e.msgstr, e.fuzzy)
        for k, e in before.items()
        if k != ("paragraph", entry.previous_msgid)
    }


def test_removed_segment_becomes_obsolete_not_deleted(project: Path) -> None:
    locales = project / "locales"
    seed = project / "seeds" / NCI_SEED.name
    text = seed.read_text(encoding="utf-8")
    paragraph = next(p for p in text.split("\n\n") if OLD in p)
    seed.write_text(text.replace(paragraph + "\n\n", ""), encoding="utf-8")
    extract(project / "seeds", locales)
    _results, errors = update_catalogs(locales)
    assert errors == []
    po = load_po(content_po_path(NCI_SLUG, "es", locales))
    obsolete = [e for e in po if e.obsolete]
    assert len(obsolete) == 1 and OLD in obsolete[0].msgid and obsolete[0].msgstr
    assert not any(OLD in e.msgid for e in po if not e.obsolete)


def _hard_catalog(po: polib.POFile, translated: bool) -> polib.POFile:
    """Every layout msgmerge could reflow: references past column 79, a long unwrapped
    msgid, line breaks, context, plurals, comments, non-ASCII, a fuzzy entry with its
    previous msgid, an obsolete one."""
    long = "Take the medicine " * 8 + "every day."
    references = [(f"sources/a-rather-long-folder-name/article-{n}.md", str(n)) for n in range(9)]
    specs: list[dict[str, object]] = [
        {"msgid": long, "occurrences": references, "comment": "Long: 152 characters."},
        {"msgid": "First line\nsecond line", "msgctxt": "p", "tcomment": "checked"},
        {"msgid": "One dose", "msgid_plural": "{n} doses", "msgstr_plural": {0: "", 1: ""}},
        {"msgid": "Fièvre ≥ 38 °C — appelez", "occurrences": [("sources/é.md", "3")]},
        {"msgid": "Call us", "flags": ["fuzzy"], "previous_msgid": "Call us today"},
    ]
    for spec in specs:
        entry = polib.POEntry(**spec)
        if translated and not entry.msgid_plural:
            entry.msgstr = f"«{entry.msgid}»"
        elif translated:
            entry.msgstr_plural = {0: "une dose", 1: "{n} doses"}
        po.append(entry)
    if translated:
        po.append(polib.POEntry(msgid="Gone", msgstr="Parti", obsolete=True))
    return po


def test_our_writer_writes_what_msgmerge_writes(tmp_path: Path) -> None:
    """A catalog written by our writer (``save_po``) with every hard layout is what
    ``msgmerge`` writes for it, byte for byte, so updates never reflow untouched lines."""
    metadata = {"Project-Id-Version": "test", "Content-Type": "text/plain; charset=UTF-8"}
    pot, po = tmp_path / "t.pot", tmp_path / "fr.po"
    save_po(_hard_catalog(new_po(metadata), translated=False), pot)
    header = {**metadata, "Language": "fr", "Plural-Forms": "nplurals=2; plural=(n > 1);"}
    save_po(_hard_catalog(new_po(header), translated=True), po)
    ours = po.read_bytes()
    assert (
        b"#| msgid" in ours and b"#~ msgid" in ours and len(max(ours.split(b"\n"), key=len)) > 100
    )
    # i18n update's msgmerge options, writing to another file: ``--update`` leaves a file
    # alone when its messages are unchanged, whatever their layout.
    options = [arg for arg in MSGMERGE_ARGS if arg not in ("--update", "--backup=none")]
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", *options, "-o", str(merged), str(po), str(pot)], check=True)
    assert merged.read_bytes() == ours


def test_written_catalogs_are_byte_identical_after_msgmerge(tmp_path: Path) -> None:
    """Our writer and GNU msgmerge agree on layout, so updates never reflow untouched lines:
    each shipped catalog, read and written again by us, is what it was, and msgmerge leaves
    what we wrote as it is."""
    for po_path in sorted((ROOT / "locales").rglob("*.po")):
        relative = po_path.relative_to(ROOT / "locales")
        pot_name = "carted_export.pot" if po_path.parent.name == "LC_MESSAGES" else None
        pot = ROOT / "locales" / (pot_name or f"content/{po_path.stem}.pot")
        ours = tmp_path / "ours" / relative
        save_po(load_po(po_path), ours)
        assert ours.read_bytes() == po_path.read_bytes(), relative
        merged = tmp_path / "merged" / relative
        merged.parent.mkdir(parents=True, exist_ok=True)
        merge = ["msgmerge", "--quiet", "--previous", "--no-wrap", "-o", str(merged)]
        subprocess.run([*merge, str(ours), str(pot)], check=True)
        assert merged.read_bytes() == ours.read_bytes(), relative
