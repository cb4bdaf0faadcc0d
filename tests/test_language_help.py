"""The notice of free language help and other formats (issue 23, point 5): with a
``[clinic]`` every output's last page says, in the page's language and in English, that
interpreters, translations, large print, braille and audio are free, with the clinic's
phone; ``notice_languages`` adds more languages, each marked with its own; a language
that does not translate it is left out and warned, never shown in English under its name."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import lxml.etree
import lxml.html
import pikepdf
import pypdf
import pytest

from carted_export.config_file import ConfigError, load_project
from test_braille import back_translate, squeeze

from conftest import RunCli
from validators import require_liblouis, structure_elements

PHONE = "+44 20 7946 0000"
CLINIC = f"""\
[clinic]
name = "Hilltop Family Clinic"
phone = "{PHONE}"
"""
#: The built-in notice's words in each language, as its catalogs translate it.
WORDS = {
    "en": "Free help in your language",
    "es": "Ayuda gratuita en su idioma",
    "fr": "Aide gratuite dans votre langue",
    "ar": "مساعدة مجانية بلغتك",
}
XHTML = "{http://www.w3.org/1999/xhtml}"


def project(folder: Path, sources: Path, text: str, locales: str = '["en", "es"]') -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "carted-export.toml"
    head = f'[build]\nsources = ["{sources}"]\nlocales = {locales}\n'
    path.write_text(head + text, encoding="utf-8")
    return path


def notices(page: Path) -> list[tuple[str | None, str]]:
    """(lang attribute, text) of each paragraph of the page's language-help section."""
    html = lxml.html.fromstring(page.read_bytes())
    (section,) = html.xpath('//section[@class="language-help"]')
    heading = section.xpath("h2")[0]
    assert section.get("aria-labelledby") == heading.get("id")
    return [(p.get("lang"), " ".join(p.text_content().split())) for p in section.xpath("p")]


@pytest.fixture
def built(run_cli: RunCli, tmp_path: Path, basic_root: Path) -> Path:
    config = project(
        tmp_path / "proj",
        basic_root,
        CLINIC + 'notice_languages = ["fr", "vi", "es", "ar"]\n',
        '["en", "es"]',
    )
    out = tmp_path / "out"
    result = run_cli("build", "--config", config, "--out", out, "--format", "html")
    assert result.exit_code == 0, result.output
    assert re.search(r"notice_languages: no translation .* in vi, so it is left out", result.output)
    return out


def test_the_web_page_says_it_in_its_language_in_english_then_in_more_languages(
    built: Path,
) -> None:
    page = next((built / "es").glob("*.html"))
    shown = notices(page)
    assert [lang for lang, _ in shown] == [None, "en", "fr", "ar"]  # vi has no translation
    assert [text.startswith(WORDS[lang or "es"]) for lang, text in shown] == [True] * 4
    assert all(PHONE in text for _, text in shown)
    html = lxml.html.fromstring(page.read_bytes())
    arabic = html.xpath('//section[@class="language-help"]/p[@lang="ar"]')[0]
    assert arabic.get("dir") == "rtl"
    links = html.xpath('//section[@class="language-help"]//a[@class="phone"]')
    assert {a.get("href") for a in links} == {"tel:+442079460000"}
    assert {a.get("dir") for a in links} == {"ltr"}


def test_an_english_page_says_it_once_in_english(built: Path) -> None:
    shown = notices(next((built / "en").glob("*.html")))
    assert [lang for lang, _ in shown] == [None, "fr", "es", "ar"]
    assert shown[0][1].startswith(WORDS["en"])


def test_a_page_whose_language_does_not_translate_it_shows_english_marked(
    run_cli: RunCli, tmp_path: Path, basic_root: Path
) -> None:
    locales = tmp_path / "proj" / "locales" / "de" / "LC_MESSAGES"
    locales.mkdir(parents=True)
    config = project(tmp_path / "proj", basic_root, CLINIC, '["de"]')
    out = tmp_path / "out"
    assert run_cli("build", "--config", config, "--out", out, "--format", "html").exit_code == 0
    shown = notices(next((out / "de").glob("*.html")))
    assert len(shown) == 1  # not the English text twice
    assert shown[0][0] == "en" and shown[0][1].startswith(WORDS["en"])


def test_the_clinic_may_write_its_own_notice_and_translate_it(
    run_cli: RunCli, tmp_path: Path, basic_root: Path
) -> None:
    own = "Interpreters are free at Hilltop. Ask at the desk or call %(phone)s."
    spanish = "En Hilltop los intérpretes son gratis. Pregunte o llame al %(phone)s."
    catalog = tmp_path / "proj" / "locales" / "es" / "LC_MESSAGES" / "carted_export.po"
    catalog.parent.mkdir(parents=True)
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Language: es\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        f'#, python-format\nmsgid "{own}"\nmsgstr "{spanish}"\n',
        encoding="utf-8",
    )
    config = project(tmp_path / "proj", basic_root, CLINIC + f'language_help = "{own}"\n')
    out = tmp_path / "out"
    result = run_cli("build", "--config", config, "--out", out, "--format", "html")
    assert result.exit_code == 0, result.output
    shown = notices(next((out / "es").glob("*.html")))
    assert shown == [
        (None, spanish.replace("%(phone)s", PHONE)),
        ("en", own.replace("%(phone)s", PHONE)),
    ]


def test_language_help_empty_turns_it_off_and_no_clinic_means_no_notice(
    run_cli: RunCli, tmp_path: Path, basic_root: Path
) -> None:
    for name, text in [("off", CLINIC + 'language_help = ""\n'), ("none", "")]:
        config = project(tmp_path / name, basic_root, text)
        out = tmp_path / name / "out"
        assert run_cli("build", "--config", config, "--out", out, "--format", "html").exit_code == 0
        html = lxml.html.fromstring(next((out / "es").glob("*.html")).read_bytes())
        assert not html.xpath('//section[@class="language-help"]')


def test_a_language_code_that_is_not_one_names_the_line(tmp_path: Path, basic_root: Path) -> None:
    config = project(tmp_path, basic_root, CLINIC + 'notice_languages = ["es", "no such"]\n')
    with pytest.raises(ConfigError) as info:
        load_project(config)
    assert info.value.line == 7 and "'no such' in notice_languages" in info.value.message


def test_the_leaflet_and_the_ebook_carry_it_with_each_language_marked(
    run_cli: RunCli, tmp_path: Path, basic_root: Path
) -> None:
    config = project(tmp_path / "proj", basic_root, CLINIC + 'notice_languages = ["fr"]\n')
    out = tmp_path / "out"
    args = ["build", "--config", config, "--out", out, "--format", "pdf", "--format", "epub"]
    assert run_cli(*args).exit_code == 0
    leaflet = next((out / "es").glob("*.pdf"))
    reader = pypdf.PdfReader(leaflet)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for lang in ("es", "en", "fr"):
        assert WORDS[lang] in text
    with pikepdf.open(leaflet) as pdf:
        elements = structure_elements(pdf.Root.StructTreeRoot)
        langs = {str(e.get("/Lang")) for e in elements if "/Lang" in e and e.get("/S") == "/P"}
    assert {"en", "fr"} <= langs
    with zipfile.ZipFile(next((out / "es").glob("*.epub"))) as epub:
        name = next(n for n in epub.namelist() if n.endswith(".xhtml") and "nav" not in n)
        root = lxml.etree.fromstring(epub.read(name))
    paragraphs = root.findall(f".//{XHTML}section[@class='language-help']/{XHTML}p")
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert [p.get("lang") or p.get(lang) for p in paragraphs] == [None, "en", "fr"]


def test_the_braille_file_carries_it_in_both_languages(
    run_cli: RunCli, tmp_path: Path, basic_root: Path
) -> None:
    require_liblouis()
    config = project(tmp_path / "proj", basic_root, CLINIC)
    out = tmp_path / "out"
    assert run_cli("build", "--config", config, "--out", out, "--format", "brf").exit_code == 0
    brf = next((out / "es").glob("*.brf"))
    lines = [line for page in brf.read_text("ascii").split("\f") for line in page.split("\r\n")]
    spanish = squeeze(back_translate(lines, "es"))
    english = squeeze(back_translate(lines, "en"))  # each notice brailled with its table
    assert squeeze(WORDS["es"]) in spanish and squeeze(WORDS["en"]) in english
    assert squeeze("Llame al") in spanish and squeeze("Call") in english
