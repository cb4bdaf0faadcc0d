"""``carted-export init DIR``: a new project with its config, an example article, catalogs.

The files come from the ``scaffold/`` folder shipped in the package.  Nothing that exists
is overwritten; a folder that already holds a ``carted-export.toml`` is refused.
"""

from __future__ import annotations

from pathlib import Path

from carted_export.config import CONFIG_NAME, PACKAGE_DIR
from carted_export.errors import UsageError
from carted_export.files import atomic_write

SCAFFOLD = PACKAGE_DIR / "scaffold"
#: Folders every project has, even empty: translations and template overrides.
FOLDERS = ("locales", "templates")


def create_project(folder: Path) -> list[Path]:
    """Create the project in ``folder``; returns the files and folders made."""
    if (folder / CONFIG_NAME).exists():
        raise UsageError(f"{folder / CONFIG_NAME} already exists; this folder is a project already")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file, not a folder")
    created: list[Path] = []
    for template in sorted(SCAFFOLD.rglob("*")):
        target = folder / template.relative_to(SCAFFOLD)
        if template.is_file() and not target.exists():
            atomic_write(target, template.read_bytes())
            created.append(target)
    for name in FOLDERS:
        if not (folder / name).is_dir():
            (folder / name).mkdir(parents=True)
            created.append(folder / name)
    created.extend(_content_templates(folder))
    return created


def _content_templates(folder: Path) -> list[Path]:
    """The example's content template, so ``i18n init --locale xx`` works right away."""
    from carted_export.i18n.extract import write_content_templates
    from carted_export.pipeline.reading import read_documents
    from carted_export.readability.analysis import translator_notes

    documents, _failures = read_documents((folder / "sources",), folder)
    return write_content_templates(documents, folder / "locales", translator_notes)
