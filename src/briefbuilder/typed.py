"""Turn a YAML node tree into typed frozen dataclasses, gathering every problem in one pass.

The dataclass type hints are the schema: ``str``, ``bool``, ``int``, ``float``, ``Literal``,
``PartialDate``, ``X | None``, ``tuple[X, ...]`` and nested dataclasses. Each problem names the
file, line, column and field path; typos in keys get a "did you mean" suggestion.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
import types
import typing
from typing import Any, Literal, Union

from .errors import Problem
from .model import PartialDate
from .yamlnodes import MappingNode, Node, ScalarNode, SequenceNode, problem_at

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


class _Invalid:
    """Marker for a value that failed to convert (its problem is already recorded)."""


INVALID: Any = _Invalid()


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def describe(hint: Any) -> str:
    """A reader's name for a type, used in 'expected ...' messages."""
    origin = typing.get_origin(hint)
    if hint is str:
        return "text"
    if hint is bool:
        return "true or false"
    if hint is int:
        return "a whole number"
    if hint is float:
        return "a number"
    if hint is PartialDate:
        return "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(hint))
    if origin is tuple:
        return f"a list of {describe(typing.get_args(hint)[0])}"
    if origin in (Union, types.UnionType):
        return " or ".join(describe(a) for a in typing.get_args(hint) if a is not type(None))
    if dataclasses.is_dataclass(hint):  # PartialDate is handled above
        return f"a mapping ({hint.__name__})"
    return str(hint)


class Converter:
    """One conversion pass over one file; ``problems`` and ``nodes`` are filled as it goes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.nodes: dict[str, Node] = {}  # field path -> node, for later cross-checks

    def fail(self, node: Node | None, path: str, message: str) -> Any:
        self.problems.append(problem_at(self.file, node, path, message))
        return INVALID

    def convert(self, node: Node, hint: Any, path: str) -> Any:
        self.nodes[path] = node
        origin = typing.get_origin(hint)
        if origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            if _is_null(node):
                return None
            return self.convert(node, args[0], path)
        if dataclasses.is_dataclass(hint) and hint is not PartialDate:
            return self.dataclass(node, hint, path)  # type: ignore[arg-type]
        if origin is tuple:
            return self.sequence(node, typing.get_args(hint)[0], path)
        if not isinstance(node, ScalarNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
            return self.fail(node, path, f"expected {describe(hint)}, got {kind}")
        return self.scalar(node, hint, path)

    def scalar(self, node: ScalarNode, hint: Any, path: str) -> Any:
        raw: str = node.value
        bad = _BAD_CHARS.search(raw)
        if bad:
            return self.fail(
                node,
                path,
                f"contains the control character U+{ord(bad.group()):04X}, which documents cannot hold",
            )
        text = raw.strip()
        if hint is str:
            if not text:
                return self.fail(node, path, "must not be empty")
            return raw if node.style in ("|", ">") else text
        if hint is bool:
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            return self.fail(node, path, f"expected true or false, got {text!r}")
        if hint in (int, float):
            try:
                return hint(text)
            except ValueError:
                return self.fail(node, path, f"expected {describe(hint)}, got {text!r}")
        if hint is PartialDate:
            try:
                return PartialDate.parse(text)
            except ValueError as exc:
                return self.fail(node, path, f"{exc} (got {text!r})")
        if typing.get_origin(hint) is Literal:
            allowed = typing.get_args(hint)
            if text in allowed:
                return text
            close = difflib.get_close_matches(text, [str(a) for a in allowed], n=1)
            hint_txt = f"; did you mean {close[0]!r}?" if close else ""
            return self.fail(node, path, f"expected {describe(hint)}, got {text!r}{hint_txt}")
        raise TypeError(f"schema type {hint!r} at {path} is not supported")

    def sequence(self, node: Node, item_hint: Any, path: str) -> Any:
        if _is_null(node):
            return ()
        if isinstance(node, ScalarNode) and item_hint is str:
            return (self.scalar(node, str, f"{path}[0]"),)  # a single id may stand for a list of one
        if not isinstance(node, SequenceNode):
            return self.fail(node, path, f"expected {describe(tuple[item_hint, ...])}")
        items = tuple(self.convert(child, item_hint, f"{path}[{i}]") for i, child in enumerate(node.value))
        return INVALID if any(i is INVALID for i in items) else items

    def dataclass(self, node: Node, cls: type, path: str) -> Any:
        if not isinstance(node, MappingNode):
            return self.fail(node, path, f"expected {describe(cls)}")
        fields = {f.name: f for f in dataclasses.fields(cls)}
        hints = _hints(cls)
        seen: dict[str, ScalarNode] = {}
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            key_path = f"{path}.{key}" if path else str(key)
            if key is None:
                self.fail(key_node, path, "keys must be plain names")
                continue
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.fail(key_node, key_path, f"duplicate key {key!r} (first at line {first})")
                continue
            seen[key] = key_node
            if key not in fields:
                close = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
                tip = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(fields)}"
                self.fail(key_node, key_path, f"unknown key {key!r}{tip}")
                continue
            values[key] = self.convert(value_node, hints[key], key_path)
        missing = [
            name
            for name, f in fields.items()
            if name not in values
            and name not in seen
            and f.default is dataclasses.MISSING
            and f.default_factory is dataclasses.MISSING
        ]
        for name in missing:
            self.fail(node, f"{path}.{name}" if path else name, f"missing required field {name!r}")
        if missing or any(v is INVALID for v in values.values()) or len(values) < len(seen):
            return INVALID
        return cls(**values)


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style is None and node.value in ("", "~", "null")
