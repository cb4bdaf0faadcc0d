"""``i18n extract`` and ``i18n init``: write catalog templates and start new locales.

UI strings are extracted from the package itself (its Python modules and its built-in
``templates/``) with Babel, Jinja templates through ``jinja2.ext:babel_extract``; only a
maintainer does this (``i18n extract --ui``).  Content templates are written per document
from its segments.  POT headers carry no creation date, so
re-extracting unchanged sources leaves every file byte-identical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import polib
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from carted_export import __version__
from carted_export.document import Document
from carted_export.i18n.catalogs import content_pot_path
from carted_export.i18n.content import Key, segment_entries
from carted_export.i18n.po import new_po, save_po
from carted_export.i18n.ui import DOMAIN, ui_pot_path

#: What UI extraction scans inside the package, and with which extractor.
UI_METHOD_MAP = [("**.py", "python"), ("templates/**.j2", "jinja2.ext:babel_extract")]
UI_OPTIONS_MAP = {"templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
COMMENT_TAGS = ("Translators:",)


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


#: ``#.`` comments for translators of a document's entries, by ``(msgctxt, msgid)``: the
#: commands pass :func:`carted_export.readability.analysis.translator_notes`.
Notes = Callable[[Document], Mapping[Key, tuple[str, ...]]]


def no_notes(document: Document) -> Mapping[Key, tuple[str, ...]]:
    return {}


def content_template(document: Document, slug: str, notes: Notes = no_notes) -> polib.POFile:
    pot = new_po(pot_header(f"content/{slug}"))
    pot.metadata["X-Source-Path"] = document.source_path
    for entry in segment_entries(document, notes(document)):
        pot.append(entry)
    return pot


def write_content_templates(
    documents: Iterable[tuple[str, Document]],
    locales_dir: Path,
    notes: Notes = no_notes,
) -> list[Path]:
    """Write ``locales/content/<slug>.pot`` for each ``(slug, document)``, with ``notes``
    for translators.  The slugs are unique: ``read_documents`` numbers a collision
    (``x-2``) as the build does, so the later document's catalog is the one its build uses."""
    written = []
    for slug, document in documents:
        path = content_pot_path(slug, locales_dir)
        save_po(content_template(document, slug, notes), path)
        written.append(path)
    return written
