"""What a page carries besides the article: the way back online and to the other files.

- the QR code and short address of the published page (``[publish] base_url``);
- the web page's links to its PDF, bilingual PDF and EPUB, with their sizes, and to the
  same article in every other language of the build (each named in its own language);
- the "Questions to ask your care team" of ``[leaflet] questions``, translated through the
  UI catalogs (a project's own catalog may translate them); one without a translation is
  shown as written, marked with its language.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.units import format_unit

from carted_export.config import RenderContext
from carted_export.document import Text
from carted_export.i18n.locales import display_name, lang_tag, same_language, text_direction
from carted_export.render.qr import QrCode, qr_code


@dataclass(frozen=True, slots=True)
class Download:
    """Another file of this article in this language, as the web page links it."""

    href: str  # next to the page: "<slug>.pdf"
    kind: str  # "pdf", "bilingual.pdf", "small.pdf", "booklet.pdf", "epub", "brf"
    size: str  # e.g. "81 KB", in the page's language


@dataclass(frozen=True, slots=True)
class LanguageLink:
    """The same article in one language of the build."""

    lang: str  # BCP 47 tag for hreflang and lang
    dir: str
    name: str  # the language's name in that language
    href: str  # relative to the page: "../es/<slug>.html"
    current: bool  # the page's own language


def human_size(size: int, locale: str = "en") -> str:
    """``81 KB``, ``1.2 MB`` in ``locale``'s numbers and unit names."""
    if size < 1024:
        return format_unit(size, "digital-byte", length="short", locale=locale)
    if size < 1024 * 1024:
        return format_unit(size / 1024, "digital-kilobyte", "short", "#,##0", locale)
    return format_unit(size / (1024 * 1024), "digital-megabyte", "short", "#,##0.0", locale)


def downloads(ctx: RenderContext) -> tuple[Download, ...]:
    """The page's PDFs, EPUB and braille file, in this order, when this build has them."""
    sizes = dict(ctx.downloads)
    order = ("pdf", "bilingual.pdf", "small.pdf", "booklet.pdf", "epub", "brf")
    return tuple(
        Download(f"{ctx.slug}.{kind}", kind, human_size(sizes[kind], ctx.locale))
        for kind in order
        if kind in sizes
    )


def language_links(ctx: RenderContext) -> tuple[LanguageLink, ...]:
    """Every language the article is built in (the page's own marked ``current``)."""
    links = []
    for locale in ctx.languages:
        tag = lang_tag(locale)
        links.append(
            LanguageLink(
                lang=tag,
                dir=text_direction(locale),
                name=display_name(locale),
                href=f"../{locale}/{ctx.slug}.html",
                current=same_language(locale, ctx.locale),
            )
        )
    return tuple(links)


def online_qr(ctx: RenderContext) -> QrCode | None:
    url = ctx.leaflet.online_url(ctx.locale, ctx.slug)
    return qr_code(url) if url else None


def questions(ctx: RenderContext) -> tuple[Text, ...]:
    """The configured questions in the page's language where a catalog translates them."""
    written = ctx.leaflet.questions_language
    shown = []
    for question in ctx.leaflet.questions:
        translated = ctx.ui.gettext(question)
        untranslated = translated == question and not same_language(written, ctx.locale)
        shown.append(Text(translated, lang=lang_tag(written) if untranslated else None))
    return tuple(shown)
