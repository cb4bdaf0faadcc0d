"""The command line: parse options, load the project, call one function, map errors to exit
codes.  One module per command; each is imported only when used, so ``carted-export --help``
starts fast and never loads WeasyPrint or ebooklib.
"""

from __future__ import annotations

import importlib

import click

from carted_export import __version__

COMMANDS = {
    "init": "carted_export.cli.init:init",
    "build": "carted_export.cli.build:build",
    "check": "carted_export.cli.check:check",
    "i18n": "carted_export.cli.i18n:i18n",
    "report": "carted_export.cli.report:report",
    "serve": "carted_export.cli.serve:serve",
}

#: Each command's line in ``carted-export --help``: the listing is written from here, so
#: ``--help`` imports no command module (they load the config, the document model...).
#: Each line is the first sentence of the command's docstring, which Click makes its short
#: help (tests/test_cli.py holds the two together).
SHORT_HELP = {
    "init": "Create a project: carted-export.toml, example sources, locales/.",
    "build": "Render the sources as PDF leaflets, EPUB ebooks, web pages, braille.",
    "check": "Check PDF, EPUB and HTML files for accessibility.",
    "i18n": "Translations: extract, init, update, stats, check, review, memory.",
    "report": "Score how easy each source is to read, in each language.",
    "serve": "Preview the web pages; rebuild and reload them as you save.",
}


class LazyGroup(click.Group):
    """A group whose sub-commands live in other modules and are imported on first use."""

    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = lazy

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*self.lazy, *super().list_commands(ctx)]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, SHORT_HELP[name]) for name in self.lazy])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module_name, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="carted-export")
def main() -> None:
    """Turn patient health articles into accessible PDF leaflets, EPUB ebooks and
    plain-language web pages, in the patients' languages.

    Every command works on a project: the folder of the nearest carted-export.toml (this
    folder or a parent), or another one with --config FILE.

    \b
    Quick start:
      carted-export init clinic-leaflets        # a new project with an example article
      cd clinic-leaflets
      carted-export build                       # sources/ -> build/ (PDF, EPUB, HTML)
      carted-export i18n init --locale es       # start a Spanish translation
      carted-export build --locale en --locale es
      carted-export check build/                # prove the outputs are accessible
      carted-export serve                       # live preview while you edit or translate
    """
