"""The download page ``index.html``: every document x locale x format, with sizes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import jinja2

from carted_export import __version__
from carted_export.config import BuildOptions, Format
from carted_export.pipeline.outputs import OutputRecord
from carted_export.render.templating import Templates, template_loader

FORMAT_LABELS = {
    Format.PDF.value: "PDF leaflet (print)",
    Format.EPUB.value: "EPUB ebook",
    Format.HTML.value: "Web page",
}


@dataclass(frozen=True, slots=True)
class LocaleRow:
    locale: str
    lang_tag: str
    direction: str
    name: str  # in the locale's own language
    files: dict[str, OutputRecord]


@dataclass(frozen=True, slots=True)
class DocumentGroup:
    slug: str
    title: str
    source: str
    rows: list[LocaleRow]


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def group_records(records: list[OutputRecord]) -> list[DocumentGroup]:
    from carted_export.i18n.locales import display_name, lang_tag, text_direction

    by_slug: dict[str, dict[str, dict[str, OutputRecord]]] = defaultdict(lambda: defaultdict(dict))
    first: dict[str, OutputRecord] = {}
    for record in records:
        by_slug[record.slug][record.locale][record.format] = record
        first.setdefault(record.slug, record)
    groups = []
    for slug in sorted(by_slug, key=lambda s: first[s].title.casefold()):
        rows = [
            LocaleRow(locale, lang_tag(locale), text_direction(locale), display_name(locale), files)
            for locale, files in sorted(by_slug[slug].items())
        ]
        groups.append(DocumentGroup(slug, first[slug].title, first[slug].source, rows))
    return groups


def render_download_page(
    records: list[OutputRecord], options: BuildOptions, templates: Templates
) -> bytes:
    env = jinja2.Environment(
        loader=template_loader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    template = env.get_template("index.html.j2")
    html = template.render(
        groups=group_records(records),
        formats=[fmt.value for fmt in Format],
        format_labels=FORMAT_LABELS,
        human_size=human_size,
        version=__version__,
        export_date=options.export_date.isoformat(),
    )
    return html.encode("utf-8")
