"""The download page ``index.html``: every document x locale x format, with sizes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from carted_export import __version__
from carted_export.config import Format, Leaflet
from carted_export.config_build import BuildOptions
from carted_export.pipeline.outputs import (
    AUDIO_OPUS,
    BILINGUAL_PDF,
    BOOKLET_PDF,
    SMALL_PDF,
    OutputRecord,
)
from carted_export.render.leaflet import MEDIA_TYPES, human_duration, human_size
from carted_export.render.qr import QrCode, qr_code
from carted_export.render.templating import Templates, jinja_environment

FORMAT_LABELS = {
    Format.PDF.value: "PDF leaflet (print)",
    BILINGUAL_PDF: "Bilingual PDF leaflet (with the original)",
    SMALL_PDF: "Small PDF leaflet (A5 or half Letter, accessible)",
    BOOKLET_PDF: "Booklet to fold and staple (print file: double-sided, flip on short edge)",
    Format.EPUB.value: "EPUB ebook",
    Format.HTML.value: "Web page",
    Format.BRF.value: "Braille (BRF, for an embosser or a braille display)",
    AUDIO_OPUS: "Audio (the article read aloud)",
}

#: The link text of each file in its cell (the column header says the rest).
LINK_TEXTS = {
    BILINGUAL_PDF: "Bilingual PDF",
    SMALL_PDF: "Small PDF",
    BOOKLET_PDF: "Booklet PDF",
    Format.BRF.value: "Braille",
    AUDIO_OPUS: "Audio",
}
#: Columns shown even where no file was built (a dash says so); the others only when built.
_ALWAYS_SHOWN = (Format.PDF.value, Format.EPUB.value, Format.HTML.value)


@dataclass(frozen=True, slots=True)
class LocaleRow:
    locale: str
    lang_tag: str
    direction: str
    name: str  # in the locale's own language
    files: dict[str, OutputRecord]  # by output name: "pdf", "bilingual.pdf", "epub", "html"
    qr: QrCode | None = None  # the published web page, for a waiting-room poster


@dataclass(frozen=True, slots=True)
class DocumentGroup:
    slug: str
    title: str
    source: str
    rows: list[LocaleRow]


def group_records(records: list[OutputRecord], leaflet: Leaflet) -> list[DocumentGroup]:
    from carted_export.i18n.locales import display_name, lang_tag, text_direction

    by_slug: dict[str, dict[str, dict[str, OutputRecord]]] = defaultdict(lambda: defaultdict(dict))
    first: dict[str, OutputRecord] = {}
    for record in records:
        by_slug[record.slug][record.locale][record.name] = record
        first.setdefault(record.slug, record)
    groups = []
    for slug in sorted(by_slug, key=lambda s: first[s].title.casefold()):
        rows = []
        for locale, files in sorted(by_slug[slug].items()):
            url = leaflet.online_url(locale, slug) if Format.HTML.value in files else None
            qr = qr_code(url) if url else None
            tag, direction, name = lang_tag(locale), text_direction(locale), display_name(locale)
            rows.append(LocaleRow(locale, tag, direction, name, files, qr))
        groups.append(DocumentGroup(slug, first[slug].title, first[slug].source, rows))
    return groups


def render_download_page(
    records: list[OutputRecord], options: BuildOptions, templates: Templates
) -> bytes:
    template = jinja_environment(templates).get_template("index.html.j2")
    names = {record.name for record in records}
    html = template.render(
        groups=group_records(records, options.leaflet),
        formats=[name for name in FORMAT_LABELS if name in names or name in _ALWAYS_SHOWN],
        link_texts=LINK_TEXTS,
        posters=options.leaflet.base_url is not None,
        format_labels=FORMAT_LABELS,
        human_size=human_size,
        human_duration=human_duration,
        media_types=MEDIA_TYPES,
        version=__version__,
        export_date=options.export_date.isoformat(),
    )
    return html.encode("utf-8")
