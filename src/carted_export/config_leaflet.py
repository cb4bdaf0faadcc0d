"""The tables of ``carted-export.toml`` that shape what a leaflet carries besides the
article: ``[clinic]``, ``[publish]``, ``[leaflet]``, ``[braille]``, ``[audio]`` and
``[build] bilingual``.

The clinic's logo is read and sanitized here, once, like an article's image: a missing or
unusable logo, or one without alt text, is a config error naming its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from carted_export.config import AudioSettings, BrailleLayout, Clinic, Leaflet
from carted_export.config_build import BILINGUAL, BOOKLET
from carted_export.config_toml import Table

if TYPE_CHECKING:
    from carted_export.document import ImageData


def leaflet_settings(document: Table, build: Table, root: Path) -> tuple[Leaflet, list[Table]]:
    """The leaflet settings, and the tables read (so unknown keys in them are refused)."""
    clinic = document.table("clinic")
    publish = document.table("publish")
    leaflet = document.table("leaflet")
    braille = document.table("braille")
    audio = document.table("audio")
    base_url = publish.url("base_url")
    if base_url is not None and not base_url.endswith("/"):
        base_url += "/"  # <base_url><locale>/<slug>.html: the folder, not a page
    settings = Leaflet(
        clinic=_clinic(clinic, root) if clinic.data else None,
        base_url=base_url,
        bilingual=BILINGUAL.read(build, root),
        questions=leaflet.strings("questions", ()),
        questions_language=leaflet.string("questions_language", "en"),
        notes=leaflet.boolean("notes", False),
        duplex=leaflet.boolean("duplex", True),
        booklet=BOOKLET.read(leaflet, root),
        braille=_braille(braille),
        audio=AudioSettings(
            rate=audio.integer("rate", AudioSettings().rate, minimum=MIN_SPEECH_RATE)
        ),
    )
    return settings, [clinic, publish, leaflet, braille, audio]


def _braille(table: Table) -> BrailleLayout:
    default = BrailleLayout()
    cells = table.integer("cells", default.cells, minimum=MIN_BRAILLE_CELLS)
    lines = table.integer("lines", default.lines, minimum=MIN_BRAILLE_LINES)
    return BrailleLayout(cells=cells, lines=lines)


#: The smallest braille page a layout is made for: a centered heading needs room on each
#: side, and a page needs a text line besides its page number.
MIN_BRAILLE_CELLS = 20
MIN_BRAILLE_LINES = 5
#: espeak-ng's slowest rate (words per minute).
MIN_SPEECH_RATE = 80


def _clinic(table: Table, root: Path) -> Clinic:
    logo_path = table.optional_path("logo", root)
    logo_alt = table.string("logo_alt", "").strip()
    logo = None
    if logo_path is not None:
        if not logo_alt:
            raise table.error(
                "logo", "logo in [clinic] needs logo_alt: the text a screen reader says for it"
            )
        logo = _read_logo(table, logo_path)
    language_help = (
        table.string("language_help", "").strip() if "language_help" in table.data else None
    )
    return Clinic(
        name=table.required_string("name"),
        phone=table.required_string("phone"),
        address=table.string("address", "").strip(),
        website=table.url("website"),
        hours=table.string("hours", "").strip(),
        logo=logo,
        logo_alt=logo_alt,
        language_help=language_help,
        notice_languages=_languages(table, "notice_languages"),
    )


def _languages(table: Table, key: str) -> tuple[str, ...]:
    """Locale codes, normalized (``zh-hans`` -> ``zh_Hans``), each once."""
    from carted_export.i18n.locales import normalize_locale

    found: list[str] = []
    for code in table.strings(key, ()):
        locale = normalize_locale(code)
        if locale is None:
            raise table.error(
                key, f"{code!r} in {key} is not a language code such as es or zh_Hans"
            )
        if locale not in found:
            found.append(locale)
    return tuple(found)


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
