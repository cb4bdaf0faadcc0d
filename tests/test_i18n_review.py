"""Review state: marks written by ``i18n review`` survive ``msgmerge``, are voided by any
later change of the text, are counted by ``i18n stats``, and make a leaflet say
"reviewed by ... on ..." only when its whole catalog is reviewed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import lxml.html
import polib
import pytest

from carted_export.i18n.po import load_po, save_po
from carted_export.i18n.review import catalog_review, entry_review
from seed_project import make_project, run_in
from test_seeds import NCI

from validators import require_msgmerge

ES = f"locales/es/LC_MESSAGES/content/{NCI}.po"
AR = f"locales/ar/LC_MESSAGES/content/{NCI}.po"
REVIEWER = "Dr. Ana Pérez"


@pytest.fixture(autouse=True)
def _msgmerge() -> None:
    require_msgmerge()  # a failure under CI=true, a skip on a laptop without gettext


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


def review(root: Path, locale: str = "es", *names: str) -> tuple[int, str, str]:
    args = ("--locale", locale, "--reviewer", REVIEWER, "--date", "2025-06-01", *names)
    return run_in(root, "i18n", "review", *args)


def footer(root: Path, locale: str = "es") -> str:
    out = root / "out"
    args = ("--locale", locale, "--format", "html", "--out", str(out), "-q")
    code, _out, err = run_in(root, "build", *args)
    assert code == 0, err
    page = lxml.html.fromstring((out / locale / f"{NCI}.html").read_bytes())
    return " ".join(page.xpath("//footer")[0].text_content().split())


def test_a_reviewed_catalog_is_named_in_the_footer(project: Path) -> None:
    assert "no revisada por un profesional de la salud" in footer(project)
    code, out, _err = review(project, "es", NCI)
    total = len([e for e in load_po(project / ES) if not e.obsolete and e.msgid])
    assert code == 0 and f"{ES}: {total} reviewed, 0 not reviewable yet" in out
    text = footer(project)
    assert "Traducción revisada por Dr. Ana Pérez el 1 de junio de 2025." in text
    assert "no revisada" not in text


def test_one_changed_translation_voids_the_footer_note(project: Path) -> None:
    review(project, "es", NCI)
    po = load_po(project / ES)
    entry = next(e for e in po if e.msgctxt == "heading")
    entry.msgstr += " (revisado)"  # a translator's later edit, without a new review
    save_po(po, project / ES)
    assert entry_review(load_po(project / ES).find(entry.msgid, msgctxt="heading")) is None
    assert catalog_review(load_po(project / ES)) is None
    text = footer(project)
    assert "no revisada por un profesional de la salud" in text and "Dr. Ana" not in text


def test_an_incomplete_catalog_is_never_called_reviewed(project: Path) -> None:
    code, out, _err = review(project, "ar", NCI)
    assert code == 0 and "11 reviewed, 63 not reviewable yet" in out
    assert "Dr. Ana" not in footer(project, "ar")


def test_marks_survive_msgmerge_and_a_source_edit_voids_one(project: Path) -> None:
    review(project, "es", NCI)
    before = (project / ES).read_bytes()
    assert run_in(project, "i18n", "extract")[0] == 0
    assert run_in(project, "i18n", "update", "--locale", "es")[0] == 0
    assert (project / ES).read_bytes() == before  # msgmerge keeps translator comments
    seed = next((project / "seeds").glob("*.txt"))
    seed.write_text(seed.read_text("utf-8").replace("cornerstone of", "central part of"))
    run_in(project, "i18n", "extract")
    run_in(project, "i18n", "update", "--locale", "es")
    po = load_po(project / ES)
    (edited,) = [e for e in po if "central part of" in e.msgid]
    assert edited.fuzzy and "reviewed: 2025-06-01 Dr. Ana Pérez" in edited.tcomment
    edited.flags.remove("fuzzy")  # a translator confirms the old translation as is
    save_po(po, project / ES)
    assert entry_review(edited) is None  # the source changed since the review
    _code, out, _err = run_in(project, "i18n", "stats", "--locale", "es", "--format", "json")
    row = next(r for r in json.loads(out)["catalogs"] if r["catalog"] == NCI)
    assert (row["translated"], row["reviewed"]) == (row["total"], row["total"] - 1)


def test_stats_table_shows_reviewed(project: Path) -> None:
    review(project, "es", NCI)
    _code, out, _err = run_in(project, "i18n", "stats", "--locale", "es")
    header = out.splitlines()[0].split()
    assert header[:6] == ["locale", "catalog", "done", "reviewed", "fuzzy", "todo"]
    row = next(line.split() for line in out.splitlines() if NCI in line)
    assert row[2] == row[3] and int(row[3]) > 0


def test_unknown_catalog_is_a_usage_error(project: Path) -> None:
    code, _out, err = review(project, "es", "no-such-article")
    assert code == 2 and "no es catalog named no-such-article" in err


def test_review_marks_are_plain_translator_comments(project: Path) -> None:
    review(project, "es", NCI)
    po = polib.pofile(str(project / ES))  # what any PO tool sees
    marks = [e.tcomment for e in po if e.msgid and not e.obsolete]
    assert all(m.startswith(f"reviewed: 2025-06-01 {REVIEWER} [") for m in marks), marks[:3]
    assert entry_review(po[0]) == (REVIEWER, dt.date(2025, 6, 1))


def test_review_without_date_takes_source_date_epoch(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like a build, a review run for a reproducible release is dated by SOURCE_DATE_EPOCH."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 UTC
    code, _out, err = run_in(
        project, "i18n", "review", "--locale", "es", "--reviewer", REVIEWER, NCI
    )
    assert code == 0, err
    po = polib.pofile(str(project / ES))
    assert {entry_review(e) for e in po if e.msgid and not e.obsolete and e.translated()} == {
        (REVIEWER, dt.date(2023, 11, 14))
    }
