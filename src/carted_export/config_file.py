"""``carted-export.toml``: find it, read it with :mod:`tomllib`, validate it into a
:class:`~carted_export.config.Project`.

Every command finds the file in the current folder or a parent (as git and pyproject do),
unless ``--config FILE`` names one.  Relative paths in it are resolved against its folder.
A mistake (syntax, unknown key, wrong type, bad value) is a :class:`ConfigError` that
prints ``carted-export.toml:LINE: message`` and exits 2.  Every key is documented in
``docs/configuration.md``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from carted_export.config import CONFIG_NAME, Project, relative_display
from carted_export.config_build import LOCALES_DIR, TEMPLATES_DIR, build_settings
from carted_export.config_leaflet import leaflet_settings
from carted_export.config_toml import ConfigError, Lines, Table, syntax_error

__all__ = ["ConfigError", "find_config", "load_project", "project_from_data"]


def find_config(start: Path) -> Path | None:
    """``carted-export.toml`` in ``start`` or the nearest parent that has one."""
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_project(config: Path | None = None, cwd: Path | None = None) -> Project:
    """The project of ``config`` (``--config``), else of the file found from ``cwd``;
    defaults rooted at ``cwd`` when there is none."""
    cwd = (cwd or Path.cwd()).absolute()
    if config is None:
        config = find_config(cwd)
        if config is None:
            return project_from_data({}, cwd, None, Lines(""))
    path = config.absolute()
    shown = relative_display(path, path.parent)  # the project is the config file's folder
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ConfigError(f"cannot read the config file: {reason}", shown) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, message = syntax_error(str(error))
        raise ConfigError(f"invalid TOML: {message}", shown, line) from None
    return project_from_data(data, path.parent, path, Lines(text))


def project_from_data(
    data: dict[str, object], root: Path, path: Path | None, lines: Lines
) -> Project:
    """Validate the parsed file; every error names the line of the key at fault."""
    document = Table(data, (), lines, path)
    project = document.table("project")
    build = document.table("build")
    leaflet, leaflet_tables = leaflet_settings(document, build, root)
    result = Project(
        root=root,
        config_path=path,
        build=build_settings(build, root),
        locales_dir=LOCALES_DIR.read(project, root),
        templates_dir=TEMPLATES_DIR.read(project, root),
        leaflet=leaflet,
    )
    for table in (project, build, *leaflet_tables, document):
        table.reject_unknown()
    return result
