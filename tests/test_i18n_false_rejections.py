"""False rejections (issue 22, point 4): no rule may refuse a correct translation.  Every
shipped catalog passes ``i18n check`` without an error, and so does a pseudo-translation
of the 240-page NCI corpus (``/work/shared/corpus/nci``, skipped when absent): every
msgstr its msgid with accented letters, as a pseudo-locale makes one."""

from __future__ import annotations

from pathlib import Path

import pytest

from carted_export.config import BUILTIN_LOCALES
from carted_export.i18n.check import check_catalogs
from carted_export.i18n.content import parse_content_catalog, segment_entries
from carted_export.i18n.po import CatalogText, new_po
from carted_export.pipeline.reading import read_documents
from pseudo_locale import pseudo_translate

from conftest import REPO

CORPUS = Path("/work/shared/corpus/nci")


@pytest.mark.parametrize(
    "locales_dir", [REPO / "locales", BUILTIN_LOCALES], ids=["project", "builtin"]
)
def test_shipped_catalogs_pass_i18n_check(locales_dir: Path) -> None:
    errors = [p for p in check_catalogs(locales_dir) if p.severity == "error"]
    assert errors == []


def test_pseudo_translated_corpus_has_no_false_rejections() -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not here (the shared corpus)")
    documents, failures = read_documents((CORPUS,), CORPUS)
    assert failures == [] and len(documents) >= 200
    checked, rejected = 0, []
    for slug, document in documents:
        po = new_po({"Language": "en", "Content-Type": "text/plain; charset=UTF-8"})
        for entry in segment_entries(document):
            entry.msgstr = pseudo_translate(entry.msgid)
            po.append(entry)
        catalog = parse_content_catalog(CatalogText(f"{slug}.po", po.__unicode__()))
        checked += len(catalog.entries)
        rejected += [(slug, key, t.problems) for key, t in catalog.entries.items() if t.problems]
    print(f"pseudo-translated corpus: {checked} entries checked, {len(rejected)} rejected")
    assert checked > 20000 and rejected == []
