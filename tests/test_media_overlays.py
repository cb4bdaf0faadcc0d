"""Read-aloud ebooks (issue 23, point 3): with ``audio`` on, each EPUB carries EPUB 3 Media
Overlays.  A small article with a clinic is built with ``--format epub --format audio`` in
English, Spanish and German (which has no voice); each EPUB is opened as a zip, its OPF,
SMIL and XHTML parsed with lxml, its audio read with the tests' own Ogg reader, and the
books checked by epubcheck and DAISY Ace."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import ogg_opus
from seed_project import run_in

from validators import (
    ace_violations,
    epubcheck_batch,
    require_ace,
    require_epubcheck,
    require_speech,
)

ROOT = Path(__file__).parent / "roots" / "basic"
SLUG = "handwashing-a-simple-way-to-prevent-infection"
SPOKEN = ("en", "es")
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "smil": "http://www.w3.org/ns/SMIL",
    "x": "http://www.w3.org/1999/xhtml",
}
CLOCK = re.compile(r"^(\d+):(\d\d):(\d\d(?:\.\d+)?)$")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_speech()
    root = tmp_path_factory.mktemp("overlays")
    shutil.copytree(ROOT / "images", root / "sources" / "images")
    shutil.copy(ROOT / "handwashing.md", root / "sources" / "handwashing.md")
    (root / "locales" / "de" / "LC_MESSAGES").mkdir(parents=True)  # German: no voice
    (root / "carted-export.toml").write_text(
        '[build]\nsources = ["sources"]\nout = "build"\nlocales = ["en", "es", "de"]\n'
        'formats = ["epub", "audio"]\n'
        '[clinic]\nname = "Riverside Clinic"\nphone = "+1 555 0100"\n'
        'address = "12 River Road"\n',
        encoding="utf-8",
    )
    code, _, stderr = run_in(root, "build", "--quiet")
    assert code == 0, stderr
    return root / "build"


def book(build: Path, locale: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(build / locale / f"{SLUG}.epub")


def opf(archive: zipfile.ZipFile) -> etree._Element:
    return etree.fromstring(archive.read("EPUB/content.opf"))


def metas(package: etree._Element, prop: str, refines: str | None = None) -> list[str]:
    where = f"@property='{prop}'" + (f" and @refines='{refines}'" if refines else "")
    if refines is None:
        where += " and not(@refines)"
    return [str(v) for v in package.xpath(f"//opf:meta[{where}]/text()", namespaces=NS)]


def seconds(clock: str) -> float:
    found = CLOCK.match(clock)
    assert found, clock
    hours, minutes, secs = found.groups()
    return int(hours) * 3600 + int(minutes) * 60 + float(secs)


def overlay(archive: zipfile.ZipFile) -> tuple[str, etree._Element, etree._Element]:
    """The content document's href, its overlay (SMIL) and its markup, as the OPF links them."""
    package = opf(archive)
    (item,) = package.xpath("//opf:item[@media-overlay]", namespaces=NS)
    (smil,) = package.xpath(f"//opf:item[@id='{item.get('media-overlay')}']", namespaces=NS)
    assert smil.get("media-type") == "application/smil+xml"
    return (
        item.get("href"),
        etree.fromstring(archive.read(f"EPUB/{smil.get('href')}")),
        etree.fromstring(archive.read(f"EPUB/{item.get('href')}")),
    )


def clips(smil: etree._Element) -> list[tuple[str, str, float, float]]:
    """(text src, audio src, begin, end) of each ``<par>``, in order."""
    found = []
    for par in smil.iterfind(".//smil:par", NS):
        text, audio = par.find("smil:text", NS), par.find("smil:audio", NS)
        begin, end = seconds(audio.get("clipBegin")), seconds(audio.get("clipEnd"))
        found.append((text.get("src"), audio.get("src"), begin, end))
    return found


@pytest.mark.parametrize("locale", SPOKEN)
def test_every_par_shows_an_element_that_is_read(build: Path, locale: str) -> None:
    with book(build, locale) as archive:
        href, smil, page = overlay(archive)
    found = clips(smil)
    assert len(found) > 10
    ids = {element.get("id"): element for element in page.iter() if element.get("id")}
    for src, _, _, _ in found:
        name, _, fragment = src.partition("#")
        assert name == href and fragment in ids, src
        shown = ids[fragment]
        assert " ".join(shown.xpath("string(.)").split()) or shown.get("alt"), src
    # the first par is the title, and every heading of the article is read (Words to know
    # is spoken only for words with a definition; these have dictionary links only)
    assert found[0][0] == f"{href}#{page.find('.//x:h1', NS).get('id')}"
    targets = {src.partition("#")[2] for src, _, _, _ in found}
    linked = "ancestor::x:section[contains(@class, 'words-to-know')]"
    for heading in page.xpath(f".//x:main//x:h2[not({linked})]", namespaces=NS):
        assert heading.get("id") in targets, heading.xpath("string(.)")


@pytest.mark.parametrize("locale", SPOKEN)
def test_clips_play_in_order_within_the_audio(build: Path, locale: str) -> None:
    with book(build, locale) as archive:
        _, smil, _ = overlay(archive)
        package = opf(archive)
        found = clips(smil)
        (audio_href,) = {audio for _, audio, _, _ in found}
        (item,) = package.xpath(f"//opf:item[@href='{audio_href}']", namespaces=NS)
        assert item.get("media-type") == "audio/ogg; codecs=opus"
        data = archive.read(f"EPUB/{audio_href}")
    assert data == (build / locale / f"{SLUG}.opus").read_bytes()  # the audio job's file
    length = ogg_opus.seconds(data)
    previous_end = 0.0
    for src, _, begin, end in found:
        assert previous_end <= begin < end <= length, src
        previous_end = end


@pytest.mark.parametrize("locale", SPOKEN)
def test_durations_are_the_sum_of_the_clips(build: Path, locale: str) -> None:
    with book(build, locale) as archive:
        _, smil, _ = overlay(archive)
        package = opf(archive)
    total = sum(end - begin for _, _, begin, end in clips(smil))
    (item,) = package.xpath("//opf:item[@media-overlay]", namespaces=NS)
    (own,) = metas(package, "media:duration", f"#{item.get('media-overlay')}")
    (whole,) = metas(package, "media:duration")
    assert seconds(own) == pytest.approx(total, abs=0.1)
    assert seconds(whole) == pytest.approx(total, abs=0.1)


@pytest.mark.parametrize("locale", SPOKEN)
def test_the_package_says_it_reads_aloud_and_highlights(build: Path, locale: str) -> None:
    with book(build, locale) as archive:
        package = opf(archive)
        css = archive.read("EPUB/style.css").decode("utf-8")
        _, _, page = overlay(archive)
        _, smil, _ = overlay(archive)
    assert "auditory" in metas(package, "schema:accessMode")
    assert "synchronizedAudioText" in metas(package, "schema:accessibilityFeature")
    (active,) = metas(package, "media:active-class")
    assert re.search(rf"\.{re.escape(active)}\s*\{{[^}}]*background", css)
    sufficient = metas(package, "schema:accessModeSufficient")
    assert "textual" in sufficient
    if "auditory" in sufficient:  # only if every text the page shows is read
        read = {src.partition("#")[2] for src, _, _, _ in clips(smil)}
        shown = page.xpath(
            ".//x:body//*[self::x:p or self::x:li or self::x:h2][normalize-space()]", namespaces=NS
        )
        assert all(element.get("id") in read for element in shown)
    summary = " ".join(metas(package, "schema:accessibilitySummary"))
    assert "sound" not in summary and "sonido" not in summary


def test_a_language_without_a_voice_gets_no_overlay(build: Path) -> None:
    assert not (build / "de" / f"{SLUG}.opus").exists()
    with book(build, "de") as archive:
        names = archive.namelist()
        package = opf(archive)
    assert not [name for name in names if name.endswith((".smil", ".opus"))]
    assert not package.xpath("//opf:item[@media-overlay]", namespaces=NS)
    assert "auditory" not in metas(package, "schema:accessMode")
    assert "synchronizedAudioText" not in metas(package, "schema:accessibilityFeature")
    assert not metas(package, "media:duration") and not metas(package, "media:active-class")


def test_epubcheck_reports_nothing(build: Path) -> None:
    require_epubcheck()
    books = sorted(build.glob(f"*/{SLUG}.epub"))
    assert len(books) == 3
    assert epubcheck_batch(books) == {path: [] for path in books}


@pytest.mark.parametrize("locale", SPOKEN)
def test_ace_reports_nothing(build: Path, locale: str) -> None:
    require_ace()
    assert ace_violations(build / locale / f"{SLUG}.epub") == []
