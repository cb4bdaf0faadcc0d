"""Shared fixtures: test roots, the shared corpus (optional), and a CLI runner."""

from __future__ import annotations

import inspect
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from carted_export.cli import main

REPO = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).resolve().parent / "roots"
SEEDS = REPO / "seeds"
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "nci"

RunCli = Callable[..., Result]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-corpus-validators",
        action="store_true",
        help="run epubcheck, Ace and axe on every document of the shared corpus (slow)",
    )


#: What puts a test in the full tier only (``make test``, CI), never in ``make test-fast``:
#: an outside program (a validator, a browser, pdftoppm, a subprocess: a build of the seeds,
#: a wheel build) called by the test or by a fixture it uses, or a marker that says so.
FULL_TIER_MARKERS = ("validators", "corpus")
FULL_TIER_CALLS = re.compile(
    r"\b(?:subprocess|seed_build|require_(?:epubcheck|ace|browser|axe)|page_validation\w*"
    r"|epubcheck_\w+|ace_violations|axe_violations|horizontal_overflow|rasterize"
    r"|chromium_page|layouts?|screenshot|notes_lines|blank_pages)\("
    r"|\bseed_build\b|\bsubprocess\."
)


def in_full_tier_only(item: pytest.Item) -> bool:
    if any(item.get_closest_marker(name) for name in FULL_TIER_MARKERS):
        return True
    if not isinstance(item, pytest.Function):
        return False
    functions: list[Callable[..., object]] = [item.function]
    for definitions in item._fixtureinfo.name2fixturedefs.values():
        functions.extend(definition.func for definition in definitions)
    return any(FULL_TIER_CALLS.search(_source(function)) for function in functions)


def _source(function: Callable[..., object]) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):  # a fixture of pytest or a plugin: no outside program
        return ""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that need an outside program ``full``: ``make test-fast`` leaves them
    out (``-m "not full"``); ``make test`` runs every test."""
    for item in items:
        if in_full_tier_only(item):
            item.add_marker(pytest.mark.full)


@pytest.fixture(autouse=True)
def _outside_any_project(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run every test in an empty folder, so the repository's own carted-export.toml (the
    demo project) never leaks into a test; tests that want a project say which."""
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture
def run_cli() -> RunCli:
    """Invoke ``carted-export`` in-process; returns click's Result (exit code, output)."""

    def run(*args: str | Path) -> Result:
        runner = CliRunner()
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


@pytest.fixture
def basic_root(tmp_path: Path) -> Path:
    """A private copy of tests/roots/basic that a test may modify."""
    target = tmp_path / "src"
    shutil.copytree(ROOTS / "basic", target)
    return target


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not present at {CORPUS}")
    return CORPUS


def read_manifest(out_dir: Path) -> list[dict[str, object]]:
    data = json.loads((out_dir / "manifest.json").read_text("utf-8"))
    outputs = data["outputs"]
    assert isinstance(outputs, list)
    return outputs


SEED_LOCALES = ("en", "es", "ar", "zh_Hans")
SEED_EPOCH = "1767225600"  # 2026-01-01, so the seed outputs are reproducible


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The seeds built once per test run in every shipped locale (shared across xdist workers)."""
    import os
    import subprocess
    import sys

    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent
    out = shared / "seed-build"
    with FileLock(str(shared / "seed-build.lock")):
        if not (out / "manifest.json").exists():
            env = {**os.environ, "SOURCE_DATE_EPOCH": SEED_EPOCH}
            # The repository is itself a project: its carted-export.toml builds the seeds in
            # SEED_LOCALES, exactly as `make build` does.
            args = [sys.executable, "-m", "carted_export", "build", "--out", str(out)]
            result = subprocess.run(args, capture_output=True, text=True, env=env, cwd=REPO)
            (shared / "seed-build.log").write_text(result.stdout + result.stderr, "utf-8")
            assert result.returncode == 0, result.stderr
    return out
