"""The review gate for final builds (issue 22, point 2): with ``--require-review`` (or
``[build] require_review``) a translation nobody has reviewed is not shown: the source text
is, marked with its language, under a visible draft notice; ``--strict`` fails; once
``i18n review`` has marked the catalog, the translation is used."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pdfplumber
import pytest

from seed_project import make_project, run_in
from test_seeds import NCI

from validators import require_msgmerge

ES_TITLE = "Células CAR T"  # the reviewed Spanish title starts so


@pytest.fixture
def project(tmp_path: Path) -> Path:
    require_msgmerge()
    return make_project(tmp_path)


def build(root: Path, *flags: str) -> tuple[int, str, Path]:
    out = root / "out"
    args = ("--locale", "es", "--format", "html", "--format", "pdf", "--out", str(out), "-q")
    code, _out, err = run_in(root, "build", *args, *flags)
    return code, err, out / "es"


def page(folder: Path) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((folder / f"{NCI}.html").read_bytes())


def pdf_text(folder: Path) -> str:
    with pdfplumber.open(folder / f"{NCI}.pdf") as pdf:
        return " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages[:1])


def test_without_the_gate_the_unreviewed_translation_is_shown(project: Path) -> None:
    code, err, folder = build(project)
    assert code == 0, err
    assert page(folder).findtext(".//h1").startswith(ES_TITLE)
    assert not page(folder).xpath("//p[@class='draft-notice']")


def test_unreviewed_text_is_shown_in_english_marked_english_under_a_draft_notice(
    project: Path,
) -> None:
    code, err, folder = build(project, "--require-review")
    assert code == 0, err
    html = page(folder)
    title = html.xpath("//h1")[0]
    assert title.text_content().startswith("CAR T Cells")
    assert title.get("lang") == "en" or title.xpath(".//*[@lang='en']")
    (notice,) = html.xpath("//p[@class='draft-notice']")
    assert "revisor cualificado" in notice.text_content()
    assert "Borrador" in notice.text_content()
    # the catalog is complete: only the draft is said, not "not translated yet", and no
    # "not reviewed" notice for text that is not shown
    (box,) = html.xpath("//header//div[@class='notice']")
    assert [p.get("class") for p in box.xpath("./p")] == ["draft-notice"]
    text = pdf_text(folder)
    assert "CAR T Cells" in text and "Borrador de traducción" in text
    assert ES_TITLE not in text
    assert "translation-unreviewed" in err or "not reviewed" in err


def test_strict_fails_a_document_with_unreviewed_text(project: Path) -> None:
    code, err, _folder = build(project, "--require-review", "--strict")
    assert code == 1
    assert "not reviewed" in err and "--strict" in err


def test_the_config_key_turns_the_gate_on_and_the_flag_off(project: Path) -> None:
    config = project / "carted-export.toml"
    config.write_text(config.read_text("utf-8") + "require_review = true\n", encoding="utf-8")
    _code, _err, folder = build(project)
    assert page(folder).xpath("//p[@class='draft-notice']")
    _code, _err, folder = build(project, "--no-require-review")
    assert not page(folder).xpath("//p[@class='draft-notice']")


def test_a_reviewed_catalog_passes_the_gate(project: Path) -> None:
    args = ("--locale", "es", "--reviewer", "Dr. Ana Pérez", "--date", "2025-06-01", NCI)
    code, _out, err = run_in(project, "i18n", "review", *args)
    assert code == 0, err
    code, err, folder = build(project, "--require-review", "--strict")
    assert code == 0, err
    html = page(folder)
    assert html.findtext(".//h1").startswith(ES_TITLE)
    assert not html.xpath("//p[@class='draft-notice']")
    assert "not reviewed" not in err
