"""``carted-export init``: start a new project (thin Click layer)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """Create a project: carted-export.toml, example sources, locales/.

    FOLDER gets carted-export.toml, sources/ with one example article of each kind read
    (Markdown, a Word document with its .yaml sidecar, a saved web page, a copied plain
    text), locales/ for translations, templates/ for your own look, and a README.

    \b
    Example:
      carted-export init clinic-leaflets && cd clinic-leaflets && carted-export build
    """
    from carted_export.new_project import create_project

    for path in create_project(folder):
        click.echo(f"created {path}{'/' if path.is_dir() else ''}")
    click.echo(f"\nNext: cd {folder} && carted-export build", err=True)
