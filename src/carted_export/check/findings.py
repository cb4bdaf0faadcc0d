"""The one result type every checker returns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "info", "skipped"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a checker found in one file.

    ``severity`` "error" fails ``carted-export check``; "skipped" means a validator could not
    run here (tool missing) and is reported, never counted as a failure.
    """

    path: Path
    rule: str
    message: str
    severity: Severity = "error"

    def format(self) -> str:
        return f"{self.path}: {self.rule}: {self.message}"
