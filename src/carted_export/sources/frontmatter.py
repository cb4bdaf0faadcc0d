"""YAML front matter: split it from the body and load it safely.

PyYAML's ``SafeLoader`` refuses custom tags (``!!python/object``), but on its own it
still expands alias bombs ("billion laughs") and recurses on deeply nested flow
collections.  We therefore cap the front matter size, check the event stream for depth
before composing, and count the nodes of the composed graph (aliases included) before
constructing Python objects.  libyaml (PyYAML's C parser) does the parsing where it is
installed, once for the depth check and once to compose; anything it refuses is read again
by the pure-Python loader, whose messages (and line numbers) are the ones users see.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import yaml

from carted_export.errors import SourceError

MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_YAML_DEPTH = 16
#: Nodes after alias expansion; real front matter has a few dozen.
MAX_YAML_NODES = 5_000
_OPEN = "---"
_CLOSE = ("---", "...")

if TYPE_CHECKING:  # yaml.CSafeLoader exists only where PyYAML was built with libyaml
    from typing import TypeAlias

    _Loader: TypeAlias = yaml.SafeLoader | yaml.CSafeLoader


@dataclass(frozen=True, slots=True)
class Split:
    """Front matter text (or ``None``) and the body, with the body's first file line."""

    yaml_text: str | None
    body: str
    body_line: int  # 1-based file line where ``body`` starts


def has_front_matter(text: str) -> bool:
    """True when the file opens with a ``---`` line (content-based detection)."""
    first = text.split("\n", 1)[0]
    return first.rstrip() == _OPEN


def split_front_matter(text: str, path: str) -> Split:
    """Separate ``---``-delimited front matter from the body."""
    if not has_front_matter(text):
        return Split(None, text, 1)
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _CLOSE:
            body = "\n".join(lines[index + 1 :])
            return Split("\n".join(lines[1:index]), body, index + 2)
    raise SourceError(
        "front matter opened with '---' is never closed; add a '---' line after it",
        path=path,
        line=1,
    )


def load_front_matter(yaml_text: str, path: str, first_line: int = 2) -> dict[str, object]:
    """Load a front matter mapping; ``first_line`` is the file line of its first line."""
    if len(yaml_text) > MAX_FRONT_MATTER_CHARS:
        raise SourceError(
            f"front matter is longer than {MAX_FRONT_MATTER_CHARS:,} characters; shorten it",
            path=path,
            line=first_line,
        )
    if not yaml_text.strip():
        return {}
    if _FastLoader is not None:
        try:
            return _mapping(_load(yaml_text, _FastLoader), path, first_line)
        except (yaml.YAMLError, _TooBig, ValueError, TypeError, OverflowError):
            pass  # read again below, for the pure-Python loader's message
    try:
        data = _load(yaml_text, FrontMatterLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        problem = exc.problem or exc.context or "invalid YAML"
        raise SourceError(
            f"invalid YAML front matter: {problem}; fix the front matter syntax",
            path=path,
            line=line,
        ) from None
    except yaml.reader.ReaderError as exc:
        line = first_line + yaml_text.count("\n", 0, max(exc.position, 0))
        raise SourceError(
            f"front matter contains character {_codepoint(exc.character)}, which YAML "
            "does not allow; "
            "remove it or use a quoted escape",
            path=path,
            line=line,
        ) from None
    except _TooBig as exc:
        raise SourceError(
            f"front matter {exc.args[0]}; aliases and deep nesting are not supported",
            path=path,
            line=first_line + exc.args[1],
        ) from None
    except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
        raise SourceError(
            f"invalid YAML front matter: {exc}; fix the front matter", path=path, line=first_line
        ) from None
    return _mapping(data, path, first_line)


def _load(yaml_text: str, loader_class: type[_Loader]) -> object:
    """Check the depth on the event stream, compose once, check the size, construct."""
    _check_depth(yaml_text, loader_class)
    loader = loader_class(yaml_text)
    try:
        node = loader.get_single_node()
        _check_size(node)
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()


def _mapping(data: object, path: str, first_line: int) -> dict[str, object]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(
            "front matter must be a mapping of 'key: value' lines", path=path, line=first_line
        )
    return {str(key): value for key, value in data.items()}


class FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings, so a bad date is a warning, not a crash."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FastLoader: type[yaml.CSafeLoader] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _CFrontMatterLoader(yaml.CSafeLoader):
        """The same loader on libyaml: the C parser, the same resolvers and constructor."""

    _CFrontMatterLoader.yaml_implicit_resolvers = FrontMatterLoader.yaml_implicit_resolvers
    _FastLoader = _CFrontMatterLoader


def _codepoint(character: object) -> str:
    return f"U+{character:04X}" if isinstance(character, int) else repr(character)


class _TooBig(Exception):
    """Internal: (reason, 0-based line) when the YAML exceeds our limits."""


def _check_depth(yaml_text: str, loader_class: type[_Loader]) -> None:
    """Walk the event stream (iterative in PyYAML) so composing cannot recurse deeply."""
    depth = 0
    for event in yaml.parse(yaml_text, Loader=loader_class):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = event.start_mark.line if event.start_mark else 0
                raise _TooBig(f"is nested deeper than {MAX_YAML_DEPTH} levels", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_size(node: yaml.Node | None) -> None:
    """Count nodes as a consumer would see them, following aliases (shared nodes)."""
    stack: list[yaml.Node] = [node] if node is not None else []
    count = 0
    while stack:
        current = stack.pop()
        count += 1
        if count > MAX_YAML_NODES:
            line = current.start_mark.line if current.start_mark else 0
            raise _TooBig(f"expands to more than {MAX_YAML_NODES:,} values", line)
        if isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
