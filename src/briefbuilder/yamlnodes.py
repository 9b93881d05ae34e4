"""Strict YAML: composed node trees with positions, and none of PyYAML's traps.

No aliases or anchors (no "billion laughs"), no implicit typing (``NO`` stays "NO", ``1.10``
stays "1.10"), explicit tags refused, a size cap before parsing, UTF-8 only (BOM allowed), and
every loader failure turned into a positioned Problem instead of an exception.
"""

from __future__ import annotations

import io
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import InvalidInput, Problem

MAX_BYTES = 5 * 1024 * 1024
STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Base):  # type: ignore[misc,valid-type]
    """Composes nodes only; every plain scalar is a string: the schema decides types."""


_StrictLoader.yaml_implicit_resolvers = {}


def position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def problem_at(file: str, node: Node | None, path: str, message: str) -> Problem:
    if node is None:
        return Problem(file, None, None, path, message)
    line, col = position(node)
    return Problem(file, line, col, path, message)


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 file (BOM allowed) under the size cap, or raise InvalidInput."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InvalidInput(
                [Problem(name, None, None, "", f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")]
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput([Problem(name, None, None, "", "file not found")]) from None
    except IsADirectoryError:
        raise InvalidInput([Problem(name, None, None, "", "is a directory, not a file")]) from None
    except OSError as exc:
        raise InvalidInput([Problem(name, None, None, "", f"cannot read: {exc.strerror}")]) from None
    return decode(data, name)


def decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInput(
            [Problem(name, 1, 1, "", "file is UTF-16; save it as UTF-8 (with or without BOM)")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InvalidInput(
            [
                Problem(
                    name,
                    line,
                    col,
                    "",
                    f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8",
                )
            ]
        ) from None


def compose(text: str, name: str) -> Node:
    """Parse ``text`` into a node tree, refusing aliases, anchors and foreign tags."""
    stream = io.StringIO(text)
    stream.name = name
    try:
        for event in yaml.parse(stream, Loader=_StrictLoader):
            if isinstance(event, yaml.AliasEvent):
                raise _positioned(name, event, "YAML aliases (*name) are not allowed")
            anchor = getattr(event, "anchor", None)
            if anchor is not None:
                raise _positioned(name, event, f"YAML anchors (&{anchor}) are not allowed")
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _ALLOWED_TAGS and tag != "!":
                raise _positioned(name, event, f"YAML tags ({tag}) are not allowed")
        stream.seek(0)
        node = yaml.compose(stream, Loader=_StrictLoader)
    except InvalidInput:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        if exc.context_mark is not None and exc.problem_mark is not None and context:
            cm = exc.context_mark
            context += f" (started at line {cm.line + 1}, column {cm.column + 1})"
        msg = " ".join(filter(None, [context, exc.problem])) or "invalid YAML"
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InvalidInput([Problem(name, line, col, "", f"YAML syntax: {msg}")]) from None
    except Exception as exc:  # PyYAML can raise anything; the user still gets a position-less message
        raise InvalidInput([Problem(name, None, None, "", f"cannot parse YAML: {exc}")]) from None
    if node is None:
        raise InvalidInput([Problem(name, 1, 1, "", "file is empty; expected a mapping of fields")])
    return node


def _positioned(name: str, event: yaml.Event, message: str) -> InvalidInput:
    mark = event.start_mark
    return InvalidInput([Problem(name, mark.line + 1, mark.column + 1, "", message)])


def mapping_items(node: MappingNode) -> list[tuple[ScalarNode, Node]]:
    return list(node.value)


__all__ = [
    "MAX_BYTES",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "compose",
    "decode",
    "position",
    "problem_at",
    "read_text",
]
