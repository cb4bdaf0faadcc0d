"""Everything an output depends on besides its source: read once per build, hashed into the
keys of the incremental cache, and handed to the jobs as data.

An output is rebuilt when its key changes, that is when any of these change: the source's
bytes, the local image files its figures name, its locale's UI and content catalogs, the
package's code, templates and built-in catalogs, the project's template overrides, the
options that change its bytes, or the carted-export version.  ``--force`` ignores the keys.
Names in the keys are relative (to the package or the project), so the same project gives
the same keys wherever it is and whichever folder the build is started from.
"""

from __future__ import annotations

import gettext
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from carted_export import __version__
from carted_export.config import PACKAGE_DIR, Format
from carted_export.config_build import BuildOptions
from carted_export.document import Text
from carted_export.errors import CartedError
from carted_export.files import sha256_hex
from carted_export.glossary import GlossaryEntry, glossary_path, load_glossary
from carted_export.i18n.po import CatalogText
from carted_export.pipeline.discovery import SourceFile
from carted_export.pipeline.outputs import AUDIO_OPUS, output_format
from carted_export.render.templating import Templates, read_overrides
from carted_export.sources.images import LocalImage
from carted_export.sources.scrape_rules import fingerprint

#: Options that change a format's bytes; the rest (jobs, fail-fast...) do not.
_FORMAT_OPTIONS: dict[Format, tuple[str, ...]] = {
    Format.PDF: ("paper", "size"),
    Format.EPUB: (),
    Format.HTML: (),
    Format.BRF: (),  # its page size is in [braille], part of the leaflet settings
    Format.AUDIO: (),  # its speaking rate is in [audio], part of the leaflet settings
}
#: What of the package shapes an output: code, templates, CSS, built-in UI catalogs, rules.
_PACKAGE_FILES = (
    "**/*.py",
    "templates/**/*",
    "locales/**/*.po",
    "sources/*.toml",
    "i18n/data/**/*.toml",  # unit words (translation rules) and the speech lexicons
)


@dataclass(frozen=True, slots=True)
class Catalogs:
    """The catalogs one (document, locale) job uses, as text."""

    content: CatalogText | None
    ui: tuple[CatalogText, ...]  # highest priority first


@dataclass(slots=True)
class BuildInputs:
    """What outputs depend on besides their source, read and hashed once per build."""

    options: BuildOptions
    code: str  # hash of the package files that shape outputs
    templates: Templates  # the project's overrides
    glossary: tuple[GlossaryEntry, ...]  # the project's definitions for "Words to know"
    leaflet: str = ""  # hash of the clinic block (its logo too), base URL and last page
    #: The language-help notice in ``[clinic] notice_languages``, and the languages that
    #: do not translate it (warned).
    notices: tuple[Text, ...] = ()
    notice_warnings: tuple[str, ...] = ()
    _ui: dict[str, tuple[CatalogText, ...]] = field(default_factory=dict)

    @classmethod
    def collect(cls, options: BuildOptions) -> BuildInputs:
        found = {p for pattern in _PACKAGE_FILES for p in PACKAGE_DIR.glob(pattern)}
        files = sorted(p for p in found if p.is_file())
        named = [(p.relative_to(PACKAGE_DIR).as_posix(), p.read_bytes()) for p in files]
        # The project's scrape rules shape documents as much as the code does.
        named.append(("scrape-rules", fingerprint(options.reading.scrape_rules)))
        code = hash_named(named)
        path = glossary_path(options.locales_dir)
        glossary = load_glossary(path, options.display(path))
        notices, warnings = _notices(options)
        leaflet = sha256_hex(repr((options.leaflet, notices)).encode())
        templates = read_overrides(options.templates_dir)
        return cls(options, code, templates, glossary, leaflet, notices, warnings)

    def catalogs(self, locale: str, slug: str) -> Catalogs:
        """The content catalog of (``slug``, ``locale``) and the locale's UI catalogs.

        A catalog that cannot be read is left to the job, which fails with its message.
        """
        from carted_export.i18n.catalogs import content_po_path
        from carted_export.i18n.po import read_text
        from carted_export.i18n.ui import read_ui_catalogs

        if locale not in self._ui:
            self._ui[locale] = read_ui_catalogs(
                locale, self.options.locales_dir, self.options.display
            )
        path = content_po_path(slug, locale, self.options.locales_dir)
        shown = self.options.display(path)
        content = CatalogText(shown, read_text(path, shown)) if path.is_file() else None
        return Catalogs(content, self._ui[locale])

    def output_keys(
        self,
        source: SourceFile,
        slug: str,
        locale: str,
        images: tuple[LocalImage, ...],
        catalogs: Catalogs,
        outputs: tuple[str, ...],
        languages: tuple[str, ...],
    ) -> dict[str, str]:
        """The key of each of ``outputs`` (:func:`output_name`) of (source, locale).

        The web page states the other files' sizes and links the article's other
        ``languages``: its key includes their keys and that list, so it is rebuilt with them.
        """
        options = self.options
        texts = [catalogs.content] if catalogs.content else []
        common = {
            "version": __version__,
            "code": self.code,
            "templates": hash_named((name, text.encode()) for name, text in self.templates),
            "glossary": sha256_hex(repr(self.glossary).encode()),
            "catalogs": hash_named((c.name, c.text.encode()) for c in [*texts, *catalogs.ui]),
            "source": source.digest,
            "images": hash_named((i.src, i.data or i.problem.encode()) for i in images),
            "slug": slug,
            "locale": locale,
            "export_date": options.export_date.isoformat(),
            "allow_remote": options.allow_remote,
            "strict": options.strict,
            "require_review": options.require_review,
            "leaflet": self.leaflet,
        }
        keys: dict[str, str] = {}
        for name in outputs:
            fmt = output_format(name)
            shaping = {option: str(getattr(options, option)) for option in _FORMAT_OPTIONS[fmt]}
            parts = {**common, "output": name, **shaping}
            if fmt is Format.EPUB and AUDIO_OPUS in outputs:  # it carries the audio
                parts["audio"] = keys.get(AUDIO_OPUS, "")
            if fmt is Format.HTML:
                parts["links"] = {other: keys.get(other, "") for other in outputs}
                parts["languages"] = list(languages)
            keys[name] = sha256_hex(json.dumps(parts, sort_keys=True).encode())
        return keys


def _notices(options: BuildOptions) -> tuple[tuple[Text, ...], tuple[str, ...]]:
    """The language-help notice in each of ``[clinic] notice_languages``, from its UI
    catalogs (the project's, then the built-in); a broken catalog is a warning here and
    fails the jobs of its own locale, if built, with its message."""
    from carted_export.i18n.ui import ui_translations
    from carted_export.render.language_help import other_notices

    clinic = options.leaflet.clinic
    if clinic is None:
        return (), ()
    translations: dict[str, gettext.NullTranslations] = {}
    problems: list[str] = []
    for locale in clinic.notice_languages:
        try:
            translations[locale] = ui_translations(locale, options.locales_dir)
        except CartedError as error:
            problems.append(error.format_message())
            translations[locale] = gettext.NullTranslations()
    notices, warnings = other_notices(clinic, translations)
    return notices, (*problems, *warnings)


def hash_named(items: Iterable[tuple[str, bytes]]) -> str:
    """One hash of (name, bytes) pairs, each delimited so that no two lists collide."""
    digest = hashlib.sha256()
    for name, data in items:
        digest.update(f"{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()
