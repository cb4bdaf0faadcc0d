"""A private project made of the test root ``tests/roots/nci`` (the NCI article with its
translations, frozen apart from the demo project, so editing ``seeds/``, ``locales/`` or
``carted-export.toml`` changes nothing here) with a local picture, so a clean build has no
warning at all, and a CLI runner for it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from carted_export.cli import main

from conftest import NCI_ROOT
from render_helpers import tiny_png

SEED = NCI_ROOT / "seeds" / "000_c5f26b40cac49cff.txt"


def local_seed(folder: Path) -> Path:
    """The NCI seed with its (remote) pictures replaced by a local one, so that a clean
    build has no warning and ``--strict`` fails only for what a test poisons."""
    folder.mkdir(parents=True)
    (folder / "cell.png").write_bytes(tiny_png())
    text = re.sub(r"(!\[[^\]]*\])\([^)]*\)", r"\1(cell.png)", SEED.read_text("utf-8"))
    target = folder / SEED.name
    target.write_text(text, encoding="utf-8")
    return target


def make_project(root: Path) -> Path:
    """``root`` with ``seeds/`` (the local seed), ``locales/`` and ``carted-export.toml``."""
    local_seed(root / "seeds")
    shutil.copytree(NCI_ROOT / "locales", root / "locales")
    (root / "carted-export.toml").write_text(
        '[build]\nsources = ["seeds"]\nout = "build"\n', encoding="utf-8"
    )
    return root


def run_in(root: Path, *args: str) -> tuple[int, str, str]:
    """``carted-export ARGS --config root/carted-export.toml``: exit code, stdout, stderr."""
    config = ("--config", str(root / "carted-export.toml"))
    result = CliRunner().invoke(main, [*args, *config], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr
