"""The notice that free language help and other formats are available.

US Section 1557 (2024) asks a clinic to tell patients, in English and in the languages its
patients speak, that interpreters, translations and auxiliary aids (large print, braille,
audio) are free.  With a ``[clinic]`` table every output carries the notice on its last
page: in the page's language, then in English, then in each of ``[clinic]
notice_languages``, each marked with its own language.

The text is the built-in notice (or the clinic's own ``language_help``) translated through
the interface catalogs like every label.  A language whose catalog does not translate it is
left out and warned, never shown in English under another language's name; on the page's
own language the English text stands in, marked as English, as any label does.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from dataclasses import dataclass

from carted_export.config import Clinic
from carted_export.document import Text
from carted_export.i18n.locales import lang_tag, same_language

#: Where a notice's text puts the clinic's phone number.
PHONE = "%(phone)s"
#: The language notices are written in (the interface strings' msgids).
ENGLISH = "en"


@dataclass(frozen=True, slots=True)
class LanguageNotice:
    """The notice in one language: ``before``, the phone (kept left-to-right), ``after``."""

    lang: str | None  # BCP 47 tag; None: the page's own language
    before: str
    phone: str
    after: str

    @property
    def text(self) -> Text:
        return Text(f"{self.before}{self.phone}{self.after}", self.lang)


def notice_message(clinic: Clinic, ui: gettext.NullTranslations) -> str | None:
    """The notice's text in ``ui``'s language (English when it has none), ``%(phone)s``
    not filled in; ``None`` when the clinic turned it off."""
    if clinic.language_help == "":
        return None
    if clinic.language_help is not None:
        return ui.gettext(clinic.language_help)
    return ui.gettext(
        "Free help in your language: you can get an interpreter, or this information in "
        "your language, at no cost. It is also available in large print, braille and "
        "audio. Call %(phone)s."
    )


def is_translated(clinic: Clinic, ui: gettext.NullTranslations) -> bool:
    """Whether ``ui`` has a usable translation of the notice (not English standing in)."""
    english = notice_message(clinic, gettext.NullTranslations())
    translated: frozenset[str] = getattr(ui, "translated", frozenset())
    return english is not None and english in translated


def notice(clinic: Clinic, ui: gettext.NullTranslations, lang: str | None) -> Text:
    """The notice in ``ui``'s language with the phone filled in, marked ``lang``."""
    message = notice_message(clinic, ui) or ""
    return Text(message.replace(PHONE, clinic.phone), lang)


def page_notices(
    clinic: Clinic | None, ui: gettext.NullTranslations, locale: str, others: tuple[Text, ...]
) -> tuple[LanguageNotice, ...]:
    """The notices a page in ``locale`` prints: its own language (English standing in,
    marked, when untranslated), English, then ``others`` (the ``notice_languages``
    translated when the build was planned) less the languages already shown."""
    if clinic is None or clinic.language_help == "":
        return ()
    english = gettext.NullTranslations()
    if same_language(locale, ENGLISH) or not is_translated(clinic, ui):
        shown = [notice(clinic, english, ENGLISH)]
    else:
        shown = [notice(clinic, ui, None), notice(clinic, english, ENGLISH)]
    languages = [locale, ENGLISH]
    for other in others:
        if other.lang and not any(same_language(other.lang, seen) for seen in languages):
            shown.append(other)
            languages.append(other.lang)
    return tuple(_split(text, clinic.phone) for text in shown)


def _split(text: Text, phone: str) -> LanguageNotice:
    before, found, after = text.markdown.partition(phone)
    return LanguageNotice(text.lang, before, phone if found else "", after)


def other_notices(
    clinic: Clinic | None, translations: Mapping[str, gettext.NullTranslations]
) -> tuple[tuple[Text, ...], tuple[str, ...]]:
    """The notice in each of ``clinic.notice_languages`` (``translations``: each one's UI
    translations), and a warning for each language that does not translate it."""
    if clinic is None or clinic.language_help == "":
        return (), ()
    notices: list[Text] = []
    warnings: list[str] = []
    for locale in clinic.notice_languages:
        if same_language(locale, ENGLISH):
            continue  # every page prints it in English already
        ui = translations[locale]
        if is_translated(clinic, ui):
            notices.append(notice(clinic, ui, lang_tag(locale)))
        else:
            warnings.append(
                f"[clinic] notice_languages: no translation of the language-help notice in "
                f"{locale}, so it is left out; add it to locales/{locale}/LC_MESSAGES/"
                "carted_export.po (docs/configuration.md)"
            )
    return tuple(notices), tuple(warnings)
