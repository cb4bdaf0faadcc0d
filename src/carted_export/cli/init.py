"""``carted-export init``: start a new project (thin Click layer)."""

from __future__ import annotations

from pathlib import Path

import click

from carted_export.cli import SHORT_HELP


@click.command(short_help=SHORT_HELP["init"])
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """Create a carted-export project in FOLDER: carted-export.toml, sources/ with one
    example article of each kind read (Markdown, a Word document with its .yaml sidecar, a
    saved web page, a copied plain text), locales/ for translations, templates/ for your
    own look, and a README.

    \b
    Example:
      carted-export init clinic-leaflets && cd clinic-leaflets && carted-export build
    """
    from carted_export.new_project import create_project

    for path in create_project(folder):
        click.echo(f"created {path}{'/' if path.is_dir() else ''}")
    click.echo(f"\nNext: cd {folder} && carted-export build", err=True)
