"""What a build did, for the CLI summary, the manifest and the exit code."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from carted_export.pipeline.outputs import OutputRecord


@dataclass(frozen=True, slots=True)
class Failure:
    """A document that could not be built; ``locale`` None: not in any locale."""

    message: str
    locale: str | None = None

    def __str__(self) -> str:
        return self.message


@dataclass(slots=True)
class LocaleSummary:
    built: int = 0
    fresh: int = 0
    warnings: int = 0
    failed: int = 0


@dataclass(slots=True)
class BuildReport:
    built: list[OutputRecord] = field(default_factory=list)
    fresh: list[OutputRecord] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _locale_warnings: dict[str, set[str]] = field(default_factory=dict)

    def fail(self, message: str, locale: str | None = None) -> None:
        self.failures.append(Failure(message, locale))

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def add_warnings(self, locale: str, warnings: Iterable[str]) -> None:
        """Record warnings once, though a source's warnings recur in each of its locales."""
        seen = self._locale_warnings.setdefault(locale, set())
        for warning in warnings:
            seen.add(warning)
            self.warn(warning)

    @property
    def records(self) -> list[OutputRecord]:
        return [*self.fresh, *self.built]

    def by_locale(self) -> dict[str, LocaleSummary]:
        """Built, up to date, warnings and failed, per locale (sorted)."""
        rows: dict[str, LocaleSummary] = {}

        def row(locale: str) -> LocaleSummary:
            return rows.setdefault(locale, LocaleSummary())

        for record in self.built:
            row(record.locale).built += 1
        for record in self.fresh:
            row(record.locale).fresh += 1
        for locale, warnings in self._locale_warnings.items():
            row(locale).warnings = len(warnings)
        for failure in self.failures:
            row(failure.locale or "(none)").failed += 1
        return dict(sorted(rows.items()))
