"""The audio leaflet (issue 23, point 2): small articles built with ``--format audio``, each
file read back as Ogg Opus by the tests' own reader (and opus-tools' ``opusinfo``): its
playing time, its chapters against the headings of the web page of the same build, and
espeak-ng's own phonemes for the dose sentences once the lexicon is applied."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

import ogg_opus
from carted_export.i18n.lexicon import parse_lexicon, speakable
from carted_export.render.speech import voice_name
from seed_project import run_in

from validators import require_speech

HANDWASHING = Path(__file__).parent / "roots" / "basic" / "handwashing.md"
HANDS = "handwashing-a-simple-way-to-prevent-infection"
TWICE = "handwashing-twice-over"
LOCALES = ("en", "es")


def _project(root: Path, formats: str) -> Path:
    sources = root / "sources"
    sources.mkdir(parents=True)
    shutil.copytree(HANDWASHING.parent / "images", sources / "images")
    text = HANDWASHING.read_text("utf-8")
    shutil.copy(HANDWASHING, sources / HANDWASHING.name)
    front, _, body = text.partition("\n---\n")
    body = body.replace("# Handwashing: A Simple Way to Prevent Infection - NCI\n", "")
    body = body.replace("# Handwashing: A Simple Way to Prevent Infection\n", "")
    twice = front.replace("Handwashing: A Simple Way to Prevent Infection - NCI", TITLE_TWICE)
    (sources / "twice.md").write_text(f"{twice}\n---\n# {TITLE_TWICE}\n{body}\n{body}", "utf-8")
    (root / "locales" / "de" / "LC_MESSAGES").mkdir(parents=True)  # German: no voice
    locales = ", ".join(f'"{locale}"' for locale in (*LOCALES, "de"))
    (root / "carted-export.toml").write_text(
        f'[build]\nsources = ["sources"]\nout = "build"\nlocales = [{locales}]\n'
        f'formats = [{formats}]\n[publish]\nbase_url = "{BASE_URL}"\n',
        encoding="utf-8",
    )
    return root


TITLE_TWICE = "Handwashing Twice Over"
BASE_URL = "https://clinic.example/leaflets/"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_speech()
    root = _project(tmp_path_factory.mktemp("audio"), '"audio", "html"')
    code, _, stderr = run_in(root, "build", "--quiet")
    assert code == 0, stderr
    (root / "stderr.txt").write_text(stderr, encoding="utf-8")
    return root


def audio(build: Path, locale: str, slug: str = HANDS) -> bytes:
    return (build / "build" / locale / f"{slug}.opus").read_bytes()


def web_page(build: Path, locale: str, slug: str = HANDS) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(build / "build" / locale / f"{slug}.html")).getroot()


def headings(page: lxml.html.HtmlElement) -> list[str]:
    """The section headings the web page shows of the article (not the title, not a box
    folded away) and its citation footer, in order."""
    levels = "self::h2 or self::h3 or self::h4 or self::h5 or self::h6"
    found = page.xpath(f"//main//*[{levels}][not(ancestor::details)] | //footer//*[{levels}]")
    return [" ".join(h.text_content().split()) for h in found]


@pytest.mark.parametrize("locale", LOCALES)
def test_the_audio_plays_for_as_long_as_its_words_take(build: Path, locale: str) -> None:
    """opusinfo and our reader agree on a playing time > 0; the article twice over lasts
    about twice as long (its title, clinic and citation footer are said once)."""
    once, twice = audio(build, locale), audio(build, locale, TWICE)
    report = subprocess.run(
        ["opusinfo", str(build / "build" / locale / f"{HANDS}.opus")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    minutes, secs = re.search(r"Playback length: (\d+)m:([\d.]+)s", report).groups()  # type: ignore[union-attr]
    assert ogg_opus.seconds(once) == pytest.approx(int(minutes) * 60 + float(secs), abs=0.01)
    assert ogg_opus.seconds(once) > 20
    assert 1.4 < ogg_opus.seconds(twice) / ogg_opus.seconds(once) < 2.1
    page = web_page(build, locale)
    words = len(page.xpath("string(//main)").split()) + len(page.xpath("string(//footer)").split())
    assert 80 < words / (ogg_opus.seconds(once) / 60) < 220  # words per minute


@pytest.mark.parametrize("slug", [HANDS, TWICE])
def test_one_chapter_per_heading_in_order(build: Path, slug: str) -> None:
    found = ogg_opus.chapters(audio(build, "en", slug))
    assert [name for _, name in found] == headings(web_page(build, "en", slug))
    starts = [start for start, _ in found]
    assert starts == sorted(starts) and starts[0] > 0
    assert starts[-1] < ogg_opus.seconds(audio(build, "en", slug))


def test_the_tags_name_the_article_and_its_language(build: Path) -> None:
    tags = dict(ogg_opus.comments(audio(build, "es")))
    assert tags["LANGUAGE"] == "es"
    assert tags["TITLE"] == web_page(build, "es").findtext(".//h1").strip()


def test_the_same_inputs_give_the_same_file(build: Path, tmp_path: Path) -> None:
    again = _project(tmp_path, '"audio"')
    code, _, stderr = run_in(again, "build", "--quiet")
    assert code == 0, stderr
    assert audio(again, "en") == audio(build, "en")


def test_a_language_without_a_voice_gets_a_warning_and_no_file(build: Path) -> None:
    assert voice_name("de") is None
    assert not list((build / "build" / "de").glob("*.opus"))
    assert list((build / "build" / "de").glob("*.html"))
    assert "de: no audio file" in (build / "stderr.txt").read_text("utf-8")


def test_the_manifest_lists_each_audio_file_with_its_playing_time(build: Path) -> None:
    manifest = json.loads((build / "build" / "manifest.json").read_text("utf-8"))
    found = [o for o in manifest["outputs"] if o["format"] == "opus"]
    assert {(o["locale"], o["slug"]) for o in found} == {
        (locale, slug) for locale in LOCALES for slug in (HANDS, TWICE)
    }
    for output in found:
        data = (build / "build" / output["path"]).read_bytes()
        assert output["seconds"] == pytest.approx(ogg_opus.seconds(data), abs=0.001)


def test_a_rebuild_makes_no_audio_again(build: Path) -> None:
    code, stdout, stderr = run_in(build, "build")
    assert code == 0, stderr
    assert "0 built" in stdout + stderr


# Where patients find it: the web page, the download page, the QR code's page. ---------------

AUDIO_TYPE = "audio/ogg; codecs=opus"  # RFC 7845


def stated_time_and_size(text: str) -> tuple[int, float]:
    """``(… 3 min 20 s, 81 kB)`` (any language's unit words, the last parentheses): the
    seconds and the kilobytes it states."""
    numbers = re.findall(r"\d+(?:[.,]\d+)?", text[text.rindex("(") :])
    assert len(numbers) == 3, text
    minutes, secs, size = numbers
    assert "kB" in text, text
    return int(minutes) * 60 + int(secs), float(size.replace(",", "."))


@pytest.mark.parametrize("locale", LOCALES)
def test_the_web_page_links_the_audio_with_its_type_language_time_and_size(
    build: Path, locale: str
) -> None:
    page = web_page(build, locale)
    (link,) = page.xpath(f"//nav[@class='page-links']//a[@href='{HANDS}.opus']")
    assert link.get("type") == AUDIO_TYPE
    assert link.get("hreflang") == page.get("lang") == locale
    assert "audio" in link.text_content().casefold()
    seconds, kilobytes = stated_time_and_size(link.getparent().text_content())
    data = audio(build, locale)
    assert seconds == pytest.approx(ogg_opus.seconds(data), abs=1)
    assert kilobytes == pytest.approx(len(data) / 1024, abs=1)


def test_the_spanish_page_names_the_audio_in_spanish(build: Path) -> None:
    (english,) = web_page(build, "en").xpath(f"//a[@href='{HANDS}.opus']")
    (spanish,) = web_page(build, "es").xpath(f"//a[@href='{HANDS}.opus']")
    assert english.text_content() != spanish.text_content()
    assert "sec" in english.getparent().text_content()
    assert "sec" not in spanish.getparent().text_content()  # CLDR's Spanish: "20 s"


def test_the_download_page_links_each_audio_file(build: Path) -> None:
    index = lxml.html.parse(str(build / "build" / "index.html")).getroot()
    for locale in LOCALES:
        for slug in (HANDS, TWICE):
            (link,) = index.xpath(f"//a[@href='{locale}/{slug}.opus']")
            assert link.get("type") == AUDIO_TYPE and link.get("hreflang") == locale
            seconds, _ = stated_time_and_size(link.getparent().text_content())
            assert seconds == pytest.approx(ogg_opus.seconds(audio(build, locale, slug)), abs=1)
    assert not index.xpath("//a[starts-with(@href, 'de/')][contains(@href, '.opus')]")


def test_the_qr_codes_page_is_the_one_that_offers_the_audio(build: Path) -> None:
    index = lxml.html.parse(str(build / "build" / "index.html")).getroot()
    targets = [a.get("href") for a in index.xpath("//a[@class='qr-link']")]
    assert f"{BASE_URL}es/{HANDS}.html" in targets
    for target in targets:
        local = target.removeprefix(BASE_URL)
        page = lxml.html.parse(str(build / "build" / local)).getroot()
        linked = page.xpath("//nav[@class='page-links']//a[contains(@href, '.opus')]")
        assert len(linked) == (0 if local.startswith("de/") else 1), local  # de: no voice


def test_a_page_rebuilt_alone_still_states_the_audio_time(build: Path) -> None:
    """The playing time of an audio file that is up to date comes from the manifest."""
    before = web_page(build, "en").xpath(f"string(//a[@href='{HANDS}.opus']/..)")
    (build / "build" / "en" / f"{HANDS}.html").unlink()
    code, _, stderr = run_in(build, "build", "--quiet")
    assert code == 0, stderr
    assert web_page(build, "en").xpath(f"string(//a[@href='{HANDS}.opus']/..)") == before
    assert "min" in before


# What espeak-ng says, with and without the lexicon. -----------------------------------------


def phonemes(text: str, voice: str) -> str:
    """espeak-ng's phonemes for ``text``, without stress marks and pauses."""
    done = subprocess.run(
        ["espeak-ng", "-v", voice, "-x", "-q", text], capture_output=True, text=True, check=True
    )
    return " ".join(re.sub(r"[',_|:;]", "", done.stdout).split())


DOSES = [
    # (locale, the dose sentence as written, the words it must be read as)
    ("es", "Tome 10 mg cada 8 horas durante 3–5 días.", ["miligramos", "tres a cinco"]),
    ("en", "Take 10 mg every 8 hours for 3–5 days.", ["ten milligrams", "three to five"]),
    ("fr", "Prenez 10 mg pendant 3–5 jours.", ["dix milligrammes", "trois à cinq"]),
    ("zh_Hans", "每次10 mg，持续3–5天。", ["毫克", "三至五天"]),
    ("ar", "خذ 10 ملغ", ["مليغرام"]),
]


@pytest.mark.parametrize(("locale", "written", "said"), DOSES)
def test_doses_are_read_in_the_locales_words(locale: str, written: str, said: list[str]) -> None:
    """The dose sentence after the lexicon has the phonemes of the words written out (and
    espeak-ng alone reads it otherwise: the lexicon is what makes the difference)."""
    require_speech()
    voice = voice_name(locale)
    assert voice is not None
    spoken = phonemes(speakable(written, locale), voice)
    bare = phonemes(written, voice)
    for words in said:
        assert phonemes(words, voice) in spoken
    assert any(phonemes(words, voice) not in bare for words in said)


def test_ten_milligrams_in_spanish_is_diez_miligramos() -> None:
    """Phoneme for phoneme; espeak-ng's number words use the open e (E) where the written
    word has e, the same Spanish vowel, so vowels are compared without that difference."""
    require_speech()
    spoken = phonemes(speakable("10 mg", "es"), "es-419").replace("E", "e")
    assert spoken == phonemes("diez miligramos", "es-419").replace("E", "e")
    assert phonemes("10 mg", "es-419").replace("E", "e") != spoken  # alone: "diez eme ge"


def test_a_phone_number_is_read_digit_by_digit() -> None:
    require_speech()
    spoken = phonemes(speakable("Llame al 1-800-422-6237.", "es"), "es-419")
    assert phonemes("uno, ocho cero cero, cuatro dos dos, seis dos tres siete", "es-419") in spoken
    assert phonemes("ochocientos", "es-419") not in spoken


def test_one_takes_the_singular() -> None:
    assert speakable("1 mg and 2 mg", "en") == "1 milligram and 2 milligrams"


def test_a_date_or_a_code_is_not_a_range() -> None:
    assert speakable("2025-12-30 and COVID-19", "en") == "2025-12-30 and COVID-19"


def test_units_are_replaced_in_one_pass() -> None:
    """A unit's spoken words are never read again as a shorter unit (مل inside ملغ)."""
    lexicon = parse_lexicon({"units": {"ab": ["x", "xs"], "abc": ["long", "longs"]}})
    assert lexicon.units[0][0] == "abc"
    assert speakable("10 ملغ", "ar") == "10 مليغرام"


def test_every_lexicon_file_reads() -> None:
    from importlib import resources

    folder = resources.files("carted_export.i18n") / "data" / "lexicon"
    import tomllib

    for path in folder.iterdir():
        if path.name.endswith(".toml"):
            lexicon = parse_lexicon(tomllib.loads(path.read_text(encoding="utf-8")))
            assert lexicon.range_word and lexicon.units, path.name


def test_a_build_that_does_not_ask_for_audio_never_loads_the_speech_code(
    basic_root: Path, tmp_path: Path
) -> None:
    """Audio costs nothing when not asked for: a serial HTML+EPUB+PDF build in a fresh
    process never imports the narration, the encoder or the media overlays."""
    script = (
        "import sys, runpy\n"
        f"sys.argv = ['carted-export', 'build', {str(basic_root)!r}, '--out', "
        f"{str(tmp_path / 'out')!r}, '--jobs', '1', '--quiet']\n"
        "try:\n    runpy.run_module('carted_export', run_name='__main__')\n"
        "except SystemExit as done:\n    assert not done.code, done.code\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('carted_export.'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "carted_export.render.epub" in loaded and "carted_export.render.pdf" in loaded
    speech = {"speech", "audio", "media_overlay", "lexicon"}
    assert {name.rpartition(".")[2] for name in loaded} & speech == set()
