"""``i18n extract`` and ``i18n init``: write catalog templates and start new locales.

UI strings are extracted from the package itself (its Python modules and its built-in
``templates/``) with Babel, Jinja templates through ``jinja2.ext:babel_extract``; only a
maintainer does this (``i18n extract --ui``).  Content templates are written per document
from its segments.  POT headers carry no creation date, so
re-extracting unchanged sources leaves every file byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import polib
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.plurals import get_plural

from carted_export import __version__
from carted_export.config import DEFAULT_READING, ReadOptions
from carted_export.document import Document
from carted_export.errors import UsageError
from carted_export.i18n.content import (
    content_pot_path,
    relative_path,
    segment_entries,
)
from carted_export.i18n.locales import normalize_locale
from carted_export.i18n.po import new_po, save_po
from carted_export.i18n.ui import DOMAIN, ui_pot_path
from carted_export.slugs import document_slug

#: What UI extraction scans inside the package, and with which extractor.
UI_METHOD_MAP = [("**.py", "python"), ("templates/**.j2", "jinja2.ext:babel_extract")]
UI_OPTIONS_MAP = {"templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
COMMENT_TAGS = ("Translators:",)
TRANSLATOR_PLACEHOLDER = "FULL NAME <EMAIL@ADDRESS>"


def pot_header(project: str) -> dict[str, str]:
    return {
        "Project-Id-Version": f"{project} {__version__}",
        "Report-Msgid-Bugs-To": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }


def extract_ui(package_dir: Path) -> polib.POFile:
    """The UI template: every translatable string of the package's code and templates."""
    pot = new_po(pot_header(DOMAIN))
    found: dict[tuple[str, str], polib.POEntry] = {}
    results = extract_from_dir(
        package_dir,
        UI_METHOD_MAP,
        UI_OPTIONS_MAP,
        DEFAULT_KEYWORDS,
        COMMENT_TAGS,
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in results:
        singular, plural = (message, "") if isinstance(message, str) else (message[0], message[1])
        key = (context or "", singular)
        entry = found.get(key)
        if entry is None:
            entry = polib.POEntry(msgctxt=context, msgid=singular, msgstr="")
            if plural:
                entry.msgid_plural, entry.msgstr_plural = plural, {0: "", 1: ""}
            if "%(" in singular or "%s" in singular:
                entry.flags.append("python-format")
            found[key] = entry
            pot.append(entry)
        entry.occurrences.append((Path(filename).as_posix(), str(lineno)))
        entry.comment = "\n".join(dict.fromkeys([*entry.comment.splitlines(), *comments]))
    return pot


def write_ui_template(package_dir: Path, locales_dir: Path) -> Path:
    path = ui_pot_path(locales_dir)
    save_po(extract_ui(package_dir), path)
    return path


def content_template(
    document: Document, slug: str, project_root: Path | None = None
) -> polib.POFile:
    from carted_export.readability.analysis import translator_notes

    pot = new_po(pot_header(f"content/{slug}"))
    pot.metadata["X-Source-Path"] = relative_path(document.source_path, project_root)
    for entry in segment_entries(document, project_root, translator_notes(document)):
        pot.append(entry)
    return pot


def write_content_templates(
    documents: Iterable[tuple[str, Document]], locales_dir: Path, project_root: Path | None = None
) -> list[Path]:
    """Write ``locales/content/<slug>.pot`` for each ``(slug, document)``; slugs must be unique."""
    written: dict[Path, str] = {}
    for slug, document in documents:
        path = content_pot_path(slug, locales_dir)
        if path in written:
            raise UsageError(
                f"{document.source_path} and {written[path]} share the catalog name "
                f"{path.name}; give one a distinct `slug:` in its front matter"
            )
        save_po(content_template(document, slug, project_root), path)
        written[path] = document.source_path
    return list(written)


def read_documents(
    sources: tuple[Path, ...], project_root: Path, options: ReadOptions = DEFAULT_READING
) -> tuple[list[tuple[str, Document]], list[str]]:
    """Read and prepare documents exactly as a build does: ``(slug, document)`` pairs and the
    messages of sources that failed.  The slug is taken before ``prepare`` (as the pipeline
    does), so a catalog always matches the build's output name."""
    from carted_export.errors import CartedError
    from carted_export.pipeline.discovery import discover_sources
    from carted_export.sources import read_source
    from carted_export.transforms import prepare

    found, failures = discover_sources(sources, options.max_bytes, project_root)
    documents: list[tuple[str, Document]] = []
    for source in found:
        try:
            document = read_source(source.path, name=source.display, options=options)
            documents.append((document_slug(document), prepare(document)))
        except CartedError as exc:
            failures.append(exc.format_message())
    return documents, failures


def init_locale(
    locale: str,
    locales_dir: Path,
    *,
    translator: str | None = None,
    compendia: tuple[Path, ...] = (),
    display: Callable[[Path], str] | None = None,
) -> list[tuple[Path, int]]:
    """Create the PO files of a new locale from every template; existing files are kept.
    Each new file is filled from ``compendia`` (``msgmerge --compendium``) and from the
    locale's translation memory (fuzzy).  Returns (path, entries filled from memory).

    The interface catalog is created only for a language carted-export does not ship
    (or when the project keeps its own interface template).
    """
    from carted_export.i18n.memory import fill_files
    from carted_export.i18n.update import catalog_pairs, create_catalog, is_builtin, project_display

    normalized = normalize_locale(locale)
    if normalized is None:
        raise UsageError(f"unknown locale {locale!r}; use a CLDR code such as es, ar, zh_Hans")
    created: list[Path] = []
    pairs = catalog_pairs(normalized, locales_dir)
    for pot_path, po_path in pairs:
        if is_builtin(po_path) or po_path.exists():
            continue
        create_catalog(pot_path, po_path, normalized, translator, compendia)
        created.append(po_path)
    display = display or project_display(locales_dir)
    filled = fill_files(created, [po for _, po in pairs], display, compendia)
    return [(path, filled.get(path, 0)) for path in created]


def po_from_template(pot: polib.POFile, locale: str, translator: str | None) -> polib.POFile:
    po = new_po(dict(pot.metadata))
    po.metadata.update(
        {
            "Language": locale,
            "Last-Translator": translator or TRANSLATOR_PLACEHOLDER,
            "PO-Revision-Date": "",
        }
    )
    plurals = get_plural(locale)
    po.metadata["Plural-Forms"] = f"nplurals={plurals.num_plurals}; plural={plurals.plural_expr};"
    for entry in pot:
        if entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(range(plurals.num_plurals), "")
        po.append(entry)
    return po
