"""Shared fixtures: test roots, the shared corpus (optional), and a CLI runner."""

from __future__ import annotations

import inspect
import json
import re
import shutil
import tomllib
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from carted_export.cli import main

REPO = Path(__file__).resolve().parents[1]
ROOTS = Path(__file__).resolve().parent / "roots"
#: The NCI seed article and its catalogs, frozen apart from the demo project (seed_project.py).
NCI_ROOT = ROOTS / "nci"
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
#: an outside program (a validator, a browser, pdftoppm, a subprocess: a build of a test
#: root, a wheel build, ``carted-export check`` running epubcheck, a Dask cluster's worker
#: processes), the shared corpus, called by the test, by a fixture it uses or by a helper of
#: the test suite either calls, or a marker that says so.
FULL_TIER_MARKERS = ("validators", "corpus")
FULL_TIER_CALLS = re.compile(
    r"\b(?:subprocess|require_(?:epubcheck|ace|browser|axe)|page_validation\w*"
    r"|epubcheck_\w+|ace_violations|axe_violations|horizontal_overflow|rasterize"
    r"|chromium_page|layouts?|screenshot|notes_lines|blank_pages|check_paths)\("
    r"|\b(?:seeds|root|leaflet)_build\b|\bsubprocess\.|\bCORPUS\b"
    r"|\"--executor\", \"dask\""
)
TESTS = Path(__file__).resolve().parent


def in_full_tier_only(item: pytest.Item) -> bool:
    if any(item.get_closest_marker(name) for name in FULL_TIER_MARKERS):
        return True
    if not isinstance(item, pytest.Function):
        return False
    functions: list[Callable[..., object]] = [item.function]
    for definitions in item._fixtureinfo.name2fixturedefs.values():
        functions.extend(definition.func for definition in definitions)
    seen = set(functions)
    for function in list(functions):
        functions.extend(_helpers(function, seen))
    return any(FULL_TIER_CALLS.search(_source(function)) for function in functions)


def _helpers(function: Callable[..., object], seen: set[Callable[..., object]]) -> list[Any]:
    """The test suite's own functions that ``function`` names, at any depth (a test that
    builds through a helper of its module needs what the helper runs)."""
    code, names = getattr(function, "__code__", None), set()
    codes = [code] if isinstance(code, types.CodeType) else []
    while codes:
        current = codes.pop()
        names.update(current.co_names)
        codes.extend(c for c in current.co_consts if isinstance(c, types.CodeType))
    found: list[Any] = []
    for name in sorted(names):
        helper = getattr(function, "__globals__", {}).get(name)
        if inspect.isfunction(helper) and helper not in seen and _in_tests(helper):
            seen.add(helper)
            found += [helper, *_helpers(helper, seen)]
    return found


def _in_tests(function: Callable[..., object]) -> bool:
    return Path(inspect.getfile(function)).resolve().is_relative_to(TESTS)


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


SEED_EPOCH = "1767225600"  # 2026-01-01, so the seed outputs are reproducible

#: The test root most built-output tests use: the seeds in four languages with a clinic,
#: a base URL, bilingual leaflets and last-page sections of its own (tests/roots/leaflet).
LEAFLET_ROOT = ROOTS / "leaflet"
LEAFLET = tomllib.loads((LEAFLET_ROOT / "carted-export.toml").read_text("utf-8"))
LEAFLET_LOCALES: tuple[str, ...] = tuple(LEAFLET["build"]["locales"])
#: The large-print build of the leaflet root that the visual and PDF/UA tests share.
LARGE_PRINT = ("--size", "large", "--format", "pdf", "--format", "html")

BuildRoot = Callable[..., Path]


def _shared_build(factory: pytest.TempPathFactory, name: str, args: list[str], cwd: Path) -> Path:
    """``carted-export build ARGS --out <shared>/NAME``, run once per test run: the first
    xdist worker to ask builds under a lock, the others (and later tests) reuse the folder.
    Without xdist (``-p no:xdist``) the run's own temporary folder is the shared one."""
    import os
    import subprocess
    import sys

    from filelock import FileLock

    shared = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker has a subfolder of the run's
        shared = shared.parent
    out = shared / name
    with FileLock(str(shared / f"{name}.lock")):
        if not (out / "manifest.json").exists():
            env = {**os.environ, "SOURCE_DATE_EPOCH": SEED_EPOCH}
            command = [sys.executable, "-m", "carted_export", "build", *args, "--out", str(out)]
            result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
            (shared / f"{name}.log").write_text(result.stdout + result.stderr, "utf-8")
            assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def root_build(tmp_path_factory: pytest.TempPathFactory) -> BuildRoot:
    """``root_build(NAME, *FLAGS)``: tests/roots/NAME built with FLAGS, once per test run
    for each (NAME, FLAGS) and shared across xdist workers."""

    def build(name: str, *flags: str) -> Path:
        config = ROOTS / name / "carted-export.toml"
        key = re.sub(r"[^A-Za-z0-9]+", "-", " ".join((name, *flags))).strip("-")
        cwd = tmp_path_factory.getbasetemp()  # outside the repository: no demo project found
        args = ["--config", str(config), *flags]
        return _shared_build(tmp_path_factory, f"root-{key}", args, cwd)

    return build


@pytest.fixture(scope="session")
def leaflet_build(root_build: BuildRoot) -> Path:
    """tests/roots/leaflet built once per test run (PDF, EPUB, HTML and bilingual PDFs)."""
    return root_build("leaflet")
