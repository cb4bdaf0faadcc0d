"""The package's imports run one way: no cycle between modules, no stage importing a later one.

Imports are read with :mod:`ast` from the source files, every one of them: at the top, inside
functions (lazy) and under ``TYPE_CHECKING`` (a cycle hidden from the interpreter is still a
cycle for the reader).  The allowed direction is :data:`STAGES`, drawn in
``docs/architecture.md``.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "carted_export"
ARCHITECTURE = Path(__file__).resolve().parents[1] / "docs" / "architecture.md"

#: The stages, first the lowest: a module may import its own stage and the stages above it
#: in this list, never one below.  Each name is a subpackage or a top-level module.
STAGES: tuple[tuple[str, ...], ...] = (
    ("errors", "files", "markup", "markup_html", "document", "slugs", "glossary"),
    ("sources",),
    ("config",),
    ("i18n",),
    ("transforms",),
    ("render",),
    ("config_toml", "config_options", "config_build", "config_leaflet", "config_file"),
    ("pipeline",),
    ("preview",),
    ("readability",),
    ("check",),
    ("new_project",),
    ("cli", "__main__"),
)

Graph = Mapping[str, set[str]]


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str, modules: set[str]) -> Iterator[str]:
    """Every module of the package that ``path`` (module ``name``) imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                target = f"{base}.{alias.name}"
                if target in modules:
                    yield target
                elif base in modules:
                    yield base


def import_graph(root: Path) -> dict[str, set[str]]:
    """``module -> the package's modules it imports`` for every module under ``root``."""
    paths = {module_name(path, root): path for path in sorted(root.rglob("*.py"))}
    names = set(paths)
    return {
        name: {target for target in imports_of(path, name, names) if target != name}
        for name, path in paths.items()
    }


def cycles(graph: Graph) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component: list[str] = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def stage_of(module: str, stages: tuple[tuple[str, ...], ...] = STAGES) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    if top == "__init__":
        return 0  # the package itself: its version
    for rank, names in enumerate(stages):
        if top in names:
            return rank
    raise LookupError(f"{module} is in no stage: add {top!r} to STAGES and the drawing")


def upward_imports(graph: Graph, stages: tuple[tuple[str, ...], ...] = STAGES) -> list[str]:
    return sorted(
        f"{module} (stage {stage_of(module, stages)}) imports {target} "
        f"(stage {stage_of(target, stages)})"
        for module, targets in graph.items()
        for target in targets
        if stage_of(target, stages) > stage_of(module, stages)
    )


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(PACKAGE)


def test_the_package_has_no_import_cycle(graph: Graph) -> None:
    assert cycles(graph) == []


def test_no_module_imports_a_later_stage(graph: Graph) -> None:
    assert upward_imports(graph) == []


def test_every_module_belongs_to_a_stage(graph: Graph) -> None:
    for module in graph:
        stage_of(module)  # raises for a module no stage names


def test_the_architecture_drawing_lists_the_stages_in_order() -> None:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    block = re.search(r"<!-- stages -->\n```text\n(.*?)```", text, re.S)
    assert block is not None, "docs/architecture.md lost its drawing of the stages"
    drawn = [
        tuple(re.findall(r"\w+", line.split("  ")[0]))
        for line in block.group(1).splitlines()
        if line.strip() and not line.startswith("▲")
    ]
    assert drawn == list(reversed(STAGES))


# The checker itself, on a package made for it: it must see what it is meant to see. ---------


def write_package(root: Path, files: Mapping[str, str]) -> Path:
    package = root / "carted_export"
    for name, text in {"__init__.py": "", **files}.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_a_cycle_through_a_lazy_and_a_type_checking_import_is_found(tmp_path: Path) -> None:
    package = write_package(
        tmp_path,
        {
            "config.py": "from carted_export.sources.options import ReadOptions\n",
            "sources/__init__.py": "",
            "sources/options.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from carted_export import config\n"
            ),
            "i18n/__init__.py": "",
            "i18n/a.py": "def f():\n    from .b import g\n",
            "i18n/b.py": "from carted_export.i18n.a import f\n",
        },
    )
    assert cycles(import_graph(package)) == [
        ["carted_export.config", "carted_export.sources.options"],
        ["carted_export.i18n.a", "carted_export.i18n.b"],
    ]


def test_an_import_of_a_later_stage_is_found(tmp_path: Path) -> None:
    package = write_package(
        tmp_path,
        {
            "sources/__init__.py": "",
            "sources/read.py": "import carted_export.render.html\n",
            "render/__init__.py": "",
            "render/html.py": "from ..sources import read\n",
        },
    )
    stages = (("sources",), ("render",))
    assert upward_imports(import_graph(package), stages) == [
        "carted_export.sources.read (stage 0) imports carted_export.render.html (stage 1)"
    ]
