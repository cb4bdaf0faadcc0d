"""``carted-export check``: conformance checks on built PDF, EPUB and HTML files.

:func:`check_paths` sends each file to its checker by extension: PDF to our PDF/UA-1
structure checker (:mod:`.pdf`), EPUB to epubcheck and DAISY Ace (:mod:`.epub`), HTML to
axe-core and a reflow probe in Chromium (:mod:`.html`).  A validator missing on this
machine gives a "skipped" finding, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from carted_export.check.findings import Finding, Severity

__all__ = ["SUFFIXES", "Finding", "Severity", "check_paths", "collect"]

SUFFIXES = (".pdf", ".epub", ".html")


def collect(paths: Sequence[Path]) -> dict[str, list[Path]]:
    """Checkable files by suffix; directories are searched recursively, in sorted order."""
    found: dict[str, list[Path]] = {suffix: [] for suffix in SUFFIXES}
    for path in paths:
        candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
        for candidate in candidates:
            suffix = candidate.suffix.lower()
            if suffix in found and (candidate.is_file() or candidate == path):
                found[suffix].append(candidate)
    return found


def check_paths(paths: Sequence[Path]) -> list[Finding]:
    """Run every applicable checker on ``paths`` (files or directories)."""
    from carted_export.check.epub import check_epubs
    from carted_export.check.html import check_htmls
    from carted_export.check.pdf import check_pdf

    files = collect(paths)
    findings: list[Finding] = []
    for path in files[".pdf"]:
        findings += check_pdf(path)
    findings += check_epubs(files[".epub"])
    findings += check_htmls(files[".html"])
    for path in paths:
        if not path.is_dir() and path.suffix.lower() not in SUFFIXES:
            findings.append(Finding(path, "unsupported", "not a .pdf, .epub or .html file"))
    return findings
