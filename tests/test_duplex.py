"""Duplex-friendly leaflets (issue 21, point 3): with ``[leaflet] duplex`` (the default) every
PDF has an even number of pages; the page that makes it even comes at the very end (more
writing lines with "My notes", else a blank page) and the manifest states the count."""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber
import pytest

from seed_project import make_project, run_in

LOCALES = ("en", "es", "ar")
#: The running footer sits in the bottom margin (22 mm, standard print): 22 mm in points.
FOOTER_BAND = 22 / 25.4 * 72


def build(root: Path, leaflet: str) -> dict[str, Path]:
    """The seed project's PDFs in ``LOCALES`` with this ``[leaflet]`` table, by locale."""
    make_project(root)
    config = root / "carted-export.toml"
    config.write_text(
        config.read_text("utf-8")
        + f'locales = {list(LOCALES)!r}\nformats = ["pdf"]\n[leaflet]\n{leaflet}\n'.replace(
            "'", '"'
        ),
        encoding="utf-8",
    )
    code, _, stderr = run_in(root, "build", "--quiet")
    assert code == 0, stderr
    return {locale: next((root / "build" / locale).glob("*.pdf")) for locale in LOCALES}


def page_texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [page.extract_text() or "" for page in document.pages]


def body_chars(pdf: Path, index: int) -> list[str]:
    """The characters of page ``index`` above the footer band (the page's own content)."""
    with pdfplumber.open(pdf) as document:
        page = document.pages[index]
        return [c["text"] for c in page.chars if c["bottom"] < page.height - FOOTER_BAND]


@pytest.fixture(scope="module")
def leaflets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Per setting, the PDFs: one-sided and duplex, with and without "My notes"."""
    settings = {
        "single-notes": "notes = true\nduplex = false",
        "duplex-notes": "notes = true",  # duplex is the default
        "single-plain": "duplex = false",
        "duplex-plain": "",
    }
    return {name: build(tmp_path_factory.mktemp(name), table) for name, table in settings.items()}


def test_the_seed_has_odd_leaflets_without_duplex(leaflets: dict[str, dict[str, Path]]) -> None:
    """The cases below pad something: without duplex some of these leaflets are odd."""
    for kind in ("single-notes", "single-plain"):
        counts = [len(page_texts(pdf)) for pdf in leaflets[kind].values()]
        assert any(count % 2 for count in counts), (kind, counts)


@pytest.mark.parametrize("notes", ["notes", "plain"])
@pytest.mark.parametrize("locale", LOCALES)
def test_duplex_leaflets_are_even_and_padded_only_at_the_end(
    leaflets: dict[str, dict[str, Path]], notes: str, locale: str
) -> None:
    single = page_texts(leaflets[f"single-{notes}"][locale])
    duplex = page_texts(leaflets[f"duplex-{notes}"][locale])
    assert len(duplex) % 2 == 0
    if len(single) % 2 == 0:
        assert len(duplex) == len(single)
        return
    assert len(duplex) == len(single) + 1
    # The pages before the pad are the one-sided leaflet's (the footer's "Page n of N" aside).
    pdf = leaflets[f"duplex-{notes}"][locale]
    for index in range(len(single)):
        assert body_chars(pdf, index) == body_chars(leaflets[f"single-{notes}"][locale], index)
    pad = body_chars(pdf, len(duplex) - 1)
    if notes == "plain":
        assert pad == []  # a blank page: only its running footer
    else:
        # "My notes" and its sentence again (the lines are counted in test_visual.py)
        source = leaflets["single-notes"][locale]
        everything = "".join(c for i in range(len(single)) for c in body_chars(source, i))
        assert pad and "".join(pad) in everything


@pytest.mark.parametrize("kind", ["single-plain", "duplex-plain"])
def test_manifest_states_each_pdfs_page_count(
    leaflets: dict[str, dict[str, Path]], kind: str
) -> None:
    build_dir = leaflets[kind]["en"].parents[1]
    manifest = json.loads((build_dir / "manifest.json").read_text("utf-8"))
    outputs = manifest["outputs"]
    assert {o["format"] for o in outputs} == {"pdf"}
    for output in outputs:
        assert output["pages"] == len(page_texts(build_dir / output["path"]))
