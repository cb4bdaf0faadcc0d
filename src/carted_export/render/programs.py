"""The outside programs a renderer runs (espeak-ng, opusenc, liblouis), found once."""

from __future__ import annotations

import functools
import shutil

from carted_export.errors import RenderError


@functools.cache
def required_program(command: str, needs: str, packages: str) -> str:
    """The path of ``command``; if it is not installed, a RenderError saying what
    ``needs`` it (e.g. "audio needs espeak-ng") and which Debian ``packages`` to install."""
    program = shutil.which(command)
    if program is None:
        raise RenderError(f"{needs}: apt-get install {packages} (make build installs them)")
    return program
