"""One error hierarchy.  Every user-facing error prints ``path:line: message``.

Rooted in :class:`click.ClickException` (as MkDocs does) so the CLI shows a message,
not a traceback; ``--debug`` re-raises to show one.
"""

from __future__ import annotations

import click


class CartedError(click.ClickException):
    """Base of every error carted-export reports to a user."""

    exit_code = 1

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        super().__init__(message)

    @property
    def location(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line is not None else self.path

    def format_message(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def __str__(self) -> str:
        return self.format_message()


class UsageError(CartedError):
    """Bad options or arguments (exit code 2)."""

    exit_code = 2


class SourceError(CartedError):
    """A source file cannot be read or understood."""


class CatalogError(CartedError):
    """A translation catalog (PO file) is broken."""


class RenderError(CartedError):
    """A renderer failed on a document."""


class BuildFailed(CartedError):
    """Some documents failed; the rest were built (exit code 1)."""
