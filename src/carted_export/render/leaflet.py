"""What a page carries besides the article: the way back online and to the other files.

- the QR code and short address of the published page (``[publish] base_url``);
- the web page's links to its PDF, bilingual PDF, EPUB, braille and audio files, with their
  sizes (and the audio's playing time), and to the same article in every other language of
  the build (each named in its own language);
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

#: The audio leaflet's output name (pipeline.outputs.AUDIO_OPUS; render never imports pipeline).
AUDIO = "opus"


@dataclass(frozen=True, slots=True)
class Download:
    """Another file of this article in this language, as the web page links it."""

    href: str  # next to the page: "<slug>.pdf"
    kind: str  # "pdf", "bilingual.pdf", "small.pdf", "booklet.pdf", "epub", "brf", "opus"
    size: str  # e.g. "81 KB", in the page's language; the audio's: "3 min 20 sec, 1.2 MB"
    type: str = ""  # the media type a link states (braille and audio); "" for the others


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


def human_duration(
    seconds: float, locale: str = "en", join: str = "%(minutes)s %(seconds)s"
) -> str:
    """``3 min 20 sec`` in ``locale``'s numbers and unit names; ``join`` (from the UI
    catalog) puts the minutes and the seconds together.  Under a minute: the seconds alone."""
    whole = max(1, round(seconds))
    minutes, rest = divmod(whole, 60)
    secs = format_unit(rest, "duration-second", length="short", locale=locale)
    if not minutes:
        return secs
    mins = format_unit(minutes, "duration-minute", length="short", locale=locale)
    return mins if not rest else join % {"minutes": mins, "seconds": secs}


#: The media types the web page states, where a browser or player should know before it
#: fetches (RFC 7845: Ogg Opus is ``audio/ogg`` with the ``codecs`` parameter).  Braille
#: Ready Format has no registered type: it is North American ASCII braille, plain ASCII text.
MEDIA_TYPES = {"brf": "text/plain; charset=us-ascii", AUDIO: "audio/ogg; codecs=opus"}


def downloads(ctx: RenderContext) -> tuple[Download, ...]:
    """The page's PDFs, EPUB, braille and audio files, in this order, when this build has
    them; the audio with its playing time."""
    sizes, seconds = dict(ctx.downloads), dict(ctx.durations)
    order = ("pdf", "bilingual.pdf", "small.pdf", "booklet.pdf", "epub", "brf", AUDIO)
    return tuple(
        Download(
            f"{ctx.slug}.{kind}",
            kind,
            _size_and_time(ctx, sizes[kind], seconds.get(kind)),
            MEDIA_TYPES.get(kind, ""),
        )
        for kind in order
        if kind in sizes
    )


def _size_and_time(ctx: RenderContext, size: int, seconds: float | None) -> str:
    """``81 KB``; a file with a playing time: ``3 min 20 sec, 1.2 MB``."""
    shown = human_size(size, ctx.locale)
    if seconds is None:
        return shown
    # Translators: an audio file's playing time, e.g. "3 min 20 sec"; keep both placeholders.
    join = ctx.ui.gettext("%(minutes)s %(seconds)s")
    duration = human_duration(seconds, ctx.locale, join)
    # Translators: an audio file's playing time and size, e.g. "3 min 20 sec, 1.2 MB".
    return ctx.ui.gettext("%(duration)s, %(size)s") % {"duration": duration, "size": shown}


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
