"""The tables of ``carted-export.toml`` that shape what a leaflet carries besides the
article: ``[clinic]``, ``[publish]``, ``[leaflet]``, ``[braille]``, ``[audio]`` and
``[build] bilingual``.

The clinic's logo is read and sanitized here, once, like an article's image: a missing or
unusable logo, or one without alt text, is a config error naming its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from carted_export.config import AudioSettings, BrailleLayout, Clinic, Leaflet
from carted_export.config_build import BILINGUAL, BOOKLET
from carted_export.config_options import (
    Locales,
    Option,
    OptionalPath,
    OptionalText,
    String,
    Switch,
    Text,
    WebAddress,
    Whole,
    Words,
)
from carted_export.config_toml import Table

if TYPE_CHECKING:
    from carted_export.document import ImageData


#: The smallest braille page a layout is made for: a centered heading needs room on each
#: side, and a page needs a text line besides its page number.
MIN_BRAILLE_CELLS = 20
MIN_BRAILLE_LINES = 5
#: espeak-ng's slowest rate (words per minute).
MIN_SPEECH_RATE = 80

# The keys of the tables this module reads, declared as config_build.py declares [build]'s
# (none has a flag); the defaults of [leaflet], [braille] and [audio] are the dataclasses'.
NAME = Option(
    "clinic", "name", Text(required=True), None, "The clinic's name, as the patient sees it."
)
PHONE = Option("clinic", "phone", Text(required=True), None, "The number to call.")
ADDRESS = Option("clinic", "address", Text(), None, "Postal address.")
WEBSITE = Option("clinic", "website", WebAddress(), None, "Shown as a link.")
HOURS = Option("clinic", "hours", Text(), None, "Opening hours, as written.")
LOGO = Option("clinic", "logo", OptionalPath(folder=False), None, "PNG, JPEG, GIF, WebP or SVG.")
LOGO_ALT = Option(
    "clinic",
    "logo_alt",
    Text(),
    None,
    "What a screen reader says for the logo.",
    shown="required with `logo`",
)
LANGUAGE_HELP = Option(
    "clinic",
    "language_help",
    OptionalText(),
    None,
    'The notice of free language help, with %(phone)s; "" prints none.',
    shown="built-in notice",
)
NOTICE_LANGUAGES = Option(
    "clinic", "notice_languages", Locales(), (), "More languages the notice is printed in."
)
BASE_URL = Option(
    "publish", "base_url", WebAddress(), None, "Where the contents of build/ are published."
)
_LEAFLET, _BRAILLE, _AUDIO = Leaflet(), BrailleLayout(), AudioSettings()
QUESTIONS = Option(
    "leaflet", "questions", Words(), _LEAFLET.questions, "Questions to ask your care team."
)
QUESTIONS_LANGUAGE = Option(
    "leaflet",
    "questions_language",
    String(),
    _LEAFLET.questions_language,
    "The language the questions are written in.",
)
NOTES = Option("leaflet", "notes", Switch(), _LEAFLET.notes, "A 'My notes' section.")
DUPLEX = Option(
    "leaflet", "duplex", Switch(), _LEAFLET.duplex, "Pad each PDF to an even page count."
)
CELLS = Option(
    "braille", "cells", Whole(minimum=MIN_BRAILLE_CELLS), _BRAILLE.cells, "Cells per line."
)
LINES = Option(
    "braille", "lines", Whole(minimum=MIN_BRAILLE_LINES), _BRAILLE.lines, "Lines per page."
)
RATE = Option("audio", "rate", Whole(minimum=MIN_SPEECH_RATE), _AUDIO.rate, "Words per minute.")
#: The declarations above, in the documentation's order.
LEAFLET_OPTIONS: tuple[Option[Any], ...] = (
    NAME,
    PHONE,
    ADDRESS,
    WEBSITE,
    HOURS,
    LOGO,
    LOGO_ALT,
    LANGUAGE_HELP,
    NOTICE_LANGUAGES,
    BASE_URL,
    QUESTIONS,
    QUESTIONS_LANGUAGE,
    NOTES,
    DUPLEX,
    CELLS,
    LINES,
    RATE,
)


def leaflet_settings(document: Table, build: Table, root: Path) -> tuple[Leaflet, list[Table]]:
    """The leaflet settings, and the tables read (so unknown keys in them are refused)."""
    clinic = document.table("clinic")
    publish = document.table("publish")
    leaflet = document.table("leaflet")
    braille = document.table("braille")
    audio = document.table("audio")
    base_url = BASE_URL.read(publish, root)
    if base_url is not None and not base_url.endswith("/"):
        base_url += "/"  # <base_url><locale>/<slug>.html: the folder, not a page
    settings = Leaflet(
        clinic=_clinic(clinic, root) if clinic.data else None,
        base_url=base_url,
        bilingual=BILINGUAL.read(build, root),
        questions=QUESTIONS.read(leaflet, root),
        questions_language=QUESTIONS_LANGUAGE.read(leaflet, root),
        notes=NOTES.read(leaflet, root),
        duplex=DUPLEX.read(leaflet, root),
        booklet=BOOKLET.read(leaflet, root),
        braille=BrailleLayout(cells=CELLS.read(braille, root), lines=LINES.read(braille, root)),
        audio=AudioSettings(rate=RATE.read(audio, root)),
    )
    return settings, [clinic, publish, leaflet, braille, audio]


def _clinic(table: Table, root: Path) -> Clinic:
    logo_path = LOGO.read(table, root)
    logo_alt = LOGO_ALT.read(table, root)
    logo = None
    if logo_path is not None:
        if not logo_alt:
            raise table.error(
                "logo", "logo in [clinic] needs logo_alt: the text a screen reader says for it"
            )
        logo = _read_logo(table, logo_path)
    return Clinic(
        name=NAME.read(table, root),
        phone=PHONE.read(table, root),
        address=ADDRESS.read(table, root),
        website=WEBSITE.read(table, root),
        hours=HOURS.read(table, root),
        logo=logo,
        logo_alt=logo_alt,
        language_help=LANGUAGE_HELP.read(table, root),
        notice_languages=NOTICE_LANGUAGES.read(table, root),
    )


def _read_logo(table: Table, path: Path) -> ImageData:
    from carted_export.sources.images import MAX_IMAGE_BYTES
    from carted_export.transforms.images import image_data

    try:
        if path.stat().st_size > MAX_IMAGE_BYTES:
            raise table.error("logo", f"logo {path.name} is larger than {MAX_IMAGE_BYTES:,} bytes")
        data = path.read_bytes()
    except OSError as error:
        raise table.error("logo", f"cannot read the logo {path}: {error.strerror}") from None
    image = image_data(data)
    if image is None:
        raise table.error("logo", f"logo {path.name} is not a PNG, JPEG, GIF, WebP or safe SVG")
    return image
