"""Typed :class:`Metadata` from loosely typed inputs (front matter, scrape fields).

Bad values never fail a build: each one becomes a warning (``date-invalid``,
``language-unknown``, ``license-unknown``) and a safe default, because a patient
article with a typo in its review date is still worth exporting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

import babel

from carted_export.document import Diagnostic, License, Metadata, Origin, Text
from carted_export.markup import clean_line, clean_title

DEFAULT_LANGUAGE = "en"
_LICENSES = {"public_domain": License.PUBLIC_DOMAIN, "public domain": License.PUBLIC_DOMAIN}


@dataclass(slots=True)
class Warnings:
    """Collects diagnostics while building metadata; every one points at ``origin``."""

    origin: Origin
    items: list[Diagnostic] = field(default_factory=list)

    def add(self, code: str, message: str, line: int | None = None) -> None:
        origin = self.origin if line is None else replace(self.origin, line=line)
        self.items.append(Diagnostic(origin, code, message))


def parse_language(value: object, warnings: Warnings) -> str:
    """Validate a language code with Babel/CLDR; unknown codes fall back to English."""
    if value is None or value == "":
        return DEFAULT_LANGUAGE
    code = str(value).strip().replace("-", "_")
    try:
        babel.Locale.parse(code)
    except (ValueError, TypeError, babel.UnknownLocaleError):
        warnings.add(
            "language-unknown", f"unknown language {str(value)!r}; using {DEFAULT_LANGUAGE!r}"
        )
        return DEFAULT_LANGUAGE
    return code


def parse_date(value: object, warnings: Warnings) -> dt.date | None:
    """Accept a YAML date or an ISO ``YYYY-MM-DD`` string; anything else warns."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        warnings.add("date-invalid", f"lastReviewed {str(value)!r} is not a YYYY-MM-DD date")
        return None


def parse_license(value: object, warnings: Warnings) -> tuple[License, str | None]:
    """Map the front matter ``license`` to :class:`License`; missing means unknown rights."""
    text = clean_line(str(value)) if value is not None else ""
    if not text:
        warnings.add("license-unknown", "no license given; reuse rights unknown")
        return License.UNKNOWN, None
    known = _LICENSES.get(text.lower())
    return (known, None) if known else (License.OTHER, text)


def safe_slug(value: object) -> str | None:
    """Keep the author's slug but never a path: only its last non-dot component."""
    if value is None:
        return None
    parts = [p for p in PurePosixPath(str(value).replace("\\", "/")).parts if p not in {"/", ".."}]
    last = clean_line(parts[-1]) if parts else ""
    return last.strip(".") or None


def _string(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    return clean_line(str(value)) or None


def _strings(value: object) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value] if value is not None else []
    return tuple(s for s in (_string(item) for item in items) if s)


def page_url(data: Mapping[str, object]) -> str | None:
    """The page's ``url`` key if it is an absolute http(s) URL: the base of its links."""
    url = _string(data.get("url"))
    return url if url and url.startswith(("http://", "https://")) else None


def metadata_from_front_matter(
    data: Mapping[str, object], fallback_title: str, warnings: Warnings
) -> Metadata:
    """Build :class:`Metadata`; ``fallback_title`` is used (with a warning) when none is set."""
    title = clean_title(_string(data.get("title")) or "")
    if not title:
        title = fallback_title
        warnings.add("title-derived", f"no title in front matter; using {title!r}")
    license_, license_text = parse_license(data.get("license"), warnings)
    return Metadata(
        title=Text(title),
        language=parse_language(data.get("language"), warnings),
        subtitle=Text(s) if (s := _string(data.get("description"))) else None,
        url=page_url(data),
        publisher=_string(data.get("source")),
        license=license_,
        license_text=license_text,
        citation=_string(data.get("citation")),
        last_reviewed=parse_date(data.get("lastReviewed"), warnings),
        audience_level=_string(data.get("audienceLevel")),
        authors=_strings(data.get("authors") or data.get("author")),
        reviewers=_strings(data.get("reviewers") or data.get("reviewer")),
        tags=_strings(data.get("tags")),
        slug=safe_slug(data.get("slug")),
    )
