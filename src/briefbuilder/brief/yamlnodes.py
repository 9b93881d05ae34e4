"""Strict YAML: composed node trees with positions, and none of PyYAML's traps.

No aliases or anchors (no "billion laughs"), no implicit typing (``NO`` stays "NO", ``1.10``
stays "1.10"), explicit tags refused, duplicate keys refused naming both lines, nesting capped,
a size cap before parsing, UTF-8 only (BOM allowed), and every loader failure, whatever its
exception type, turned into a positioned Problem.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any, cast

import yaml
from yaml.composer import ComposerError
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefbuilder.brief.textfile import (
    MAX_BYTES,
    cap_message,
    decode,
    line_col,
    nfc,
    read_text,
    shorten,
    shown,
)
from briefbuilder.errors import InvalidInput, Problem
from briefbuilder.fonts.coverage import char_name

MAX_DEPTH = 32  # a brief nests 6 levels (analysis[].quotes[].sources[]); templates fewer
# keys, values and collections: caps time and memory. The sample brief has ~1,150; a brief a
# hundred times as long (~600 pages, ~84,000) must still load; refusing more takes ~1.5 s
MAX_EVENTS = 120_000
STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
# Characters a YAML file may not contain raw (PyYAML's reader set), plus lone surrogates and a
# byte order mark anywhere but the start (two files joined together). Listed, not negated:
# the complement of the allowed ranges ("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufefe\uff00-
# \ufffd\U00010000-\U0010ffff]") is the same set and compiles in 10 ms instead of well under 1 ms.
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff]")
# Hints for libyaml's terser messages, keyed by a phrase of the message.
_SYNTAX_TIPS = {
    "exceeded maximum nesting depth": f"; a brief needs only a few levels (at most {MAX_DEPTH})",
    "invalid Unicode character escape": (
        "; \\ud800 to \\udfff are halves of a UTF-16 pair: write the character itself "
        "or one \\UXXXXXXXX escape"
    ),
    "tab character": "; indent with spaces, never tabs",
}
_COLLECTION_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_COLLECTION_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _StrictPyLoader(yaml.SafeLoader):
    """PyYAML's pure-Python parser, used for its events only (see _CheckedComposer)."""


class _StrictCLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's parser when PyYAML was built with it (the usual case), for its events only."""


# Neither ever types a value (the composer below resolves every plain scalar to a string), but a
# stray yaml.load() with them must not guess YAML 1.1 types either.
_StrictPyLoader.yaml_implicit_resolvers = {}
_StrictCLoader.yaml_implicit_resolvers = {}
_StrictLoader: type = _StrictCLoader


def position(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def problem_at(file: str, node: Node | None, path: str, message: str) -> Problem:
    message = cap_message(message)
    if node is None:
        return Problem(file, None, None, path, message)
    line, col = position(node)
    return Problem(file, line, col, path, message)


def compose(text: str, name: str) -> Node:
    """Parse ``text`` into a node tree, refusing aliases, anchors, foreign tags, deep nesting,
    duplicate keys and characters no document can hold."""
    _check_characters(text, name)
    stream = io.StringIO(text)
    stream.name = name
    composer = _CheckedComposer(yaml.parse(stream, Loader=_StrictLoader), name)
    try:
        node = composer.get_single_node()
    except InvalidInput:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        context = exc.context or ""
        if exc.context_mark is not None and exc.problem_mark is not None and context:
            cm = exc.context_mark
            context += f" (started at line {cm.line + 1}, column {cm.column + 1})"
        msg = " ".join(filter(None, [context, exc.problem])) or "invalid YAML"
        msg = cap_message(msg) + next((tip for key, tip in _SYNTAX_TIPS.items() if key in msg), "")
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise InvalidInput([Problem(name, line, col, "", f"YAML syntax: {msg}")]) from None
    except yaml.reader.ReaderError as exc:
        raise InvalidInput([_reader_problem(text, name, exc)]) from None
    except RecursionError:  # not from the nesting (the composer is iterative): a caller's deep stack
        raise InvalidInput(
            [
                Problem(
                    name,
                    *_where(composer.last),
                    "",
                    # the class name stays first: test_hardening_yaml expects every parser
                    # exception to be named so; what follows says what to do about it
                    "cannot read the YAML here (RecursionError): lists and mappings are nested too "
                    f"deeply to read; a brief needs only a few levels (at most {MAX_DEPTH})",
                )
            ]
        ) from None
    except Exception as exc:  # PyYAML can raise anything (ValueError, KeyError...)
        detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        message = f"cannot read the YAML here ({shorten(detail, 120)})"
        raise InvalidInput([Problem(name, *_where(composer.last), "", message)]) from None
    if node is None:
        raise InvalidInput([Problem(name, 1, 1, "", "file is empty; expected a mapping of fields")])
    _check_duplicate_keys(node, name)
    return node


class _CheckedComposer:
    """A composer fed by the parser one event at a time through the checks.

    One pass: an alias, anchor, foreign tag or too-deep collection is refused when its event
    arrives; ``last`` is the event being composed, so any exception, whatever its type, can be
    placed in the file. Iterative, unlike PyYAML's recursive ``Composer.compose_node``: no depth
    of nesting, and no depth of the caller's own stack, can make it raise RecursionError."""

    def __init__(self, events: Iterator[yaml.Event], name: str) -> None:
        self._events = events
        self._name = name
        self._next: yaml.Event | None = None
        self._depth = 0
        self._count = 0
        self.last: yaml.Event | None = None

    def get_single_node(self) -> Node | None:
        """The one document's root node, None for an empty stream; a second document is an error."""
        self.get_event()  # StreamStartEvent
        document: Node | None = None
        if not self.check_event(yaml.StreamEndEvent):
            self.get_event()  # DocumentStartEvent
            document = self._compose_root()
            self.get_event()  # DocumentEndEvent
        if not self.check_event(yaml.StreamEndEvent):
            event: Any = self.get_event()
            raise ComposerError(
                "expected a single document in the stream",
                document.start_mark if document is not None else None,
                "but found another document",
                event.start_mark if event is not None else None,
            )
        self.get_event()  # StreamEndEvent
        return document

    def _compose_root(self) -> Node:
        """Build one node tree from the events, with an explicit stack of open collections."""
        # each open collection: [node, pending key (mappings only; None when a key is due)]
        stack: list[list[Any]] = []
        while True:
            event = self.get_event()
            # yaml.Mark, or libyaml's own Mark class, which has the same attributes
            start: Any = getattr(event, "start_mark", None)
            end: Any = getattr(event, "end_mark", None)
            node: Node
            if isinstance(event, yaml.ScalarEvent):
                tag = _tag(event.tag, STR_TAG)
                node = ScalarNode(tag, event.value, start, end, style=event.style)
            elif isinstance(event, yaml.SequenceStartEvent):
                tag = _tag(event.tag, "tag:yaml.org,2002:seq")
                node = SequenceNode(tag, [], start, None, flow_style=event.flow_style)
            elif isinstance(event, yaml.MappingStartEvent):
                tag = _tag(event.tag, "tag:yaml.org,2002:map")
                node = MappingNode(tag, [], start, None, flow_style=event.flow_style)
            elif isinstance(event, _COLLECTION_END) and stack:
                node = stack.pop()[0]
                node.end_mark = end
                if not stack:
                    return node
                continue
            else:  # the parser never gives anything else here; say so rather than loop
                raise ComposerError(None, None, f"unexpected {type(event).__name__}", _mark(event))
            if stack:
                top = stack[-1]
                if isinstance(top[0], SequenceNode):
                    top[0].value.append(node)
                elif top[1] is None:
                    top[1] = node  # a key: its value comes next
                else:
                    top[0].value.append((top[1], node))
                    top[1] = None
            if isinstance(node, ScalarNode):
                if not stack:
                    return node
            else:
                stack.append([node, None])

    def check_event(self, *choices: type) -> bool:
        event = self.peek_event()
        return event is not None and (not choices or isinstance(event, choices))

    def peek_event(self) -> yaml.Event | None:
        if self._next is None:
            event = next(self._events, None)
            self._next = None if event is None else self._checked(event)
        return self._next

    def get_event(self) -> yaml.Event | None:
        event = self.peek_event()
        self._next = None
        return event

    def _checked(self, event: yaml.Event) -> yaml.Event:
        self.last = event
        self._count += 1
        if self._count > MAX_EVENTS:
            raise _positioned(
                self._name,
                event,
                f"the file holds more than {MAX_EVENTS:,} keys and values; a brief needs far fewer",
            )
        if isinstance(event, yaml.AliasEvent):
            raise _positioned(self._name, event, "YAML aliases (*name) are not allowed")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise _positioned(self._name, event, f"YAML anchors (&{shorten(anchor)}) are not allowed")
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _ALLOWED_TAGS and tag != "!":
            raise _positioned(self._name, event, f"YAML tags ({shorten(tag)}) are not allowed")
        if isinstance(event, _COLLECTION_START):
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise _positioned(
                    self._name,
                    event,
                    f"lists and mappings are nested more than {MAX_DEPTH} levels deep here; "
                    "a brief needs only a few levels",
                )
        elif isinstance(event, _COLLECTION_END):
            self._depth -= 1
        return event


def _check_characters(text: str, name: str) -> None:
    """Refuse control characters, non-characters, lone surrogates and stray BOMs, with positions."""
    problems: list[Problem] = []
    for m in _UNREADABLE.finditer(text):
        ch = m.group()
        if ch == "\ufeff" and m.start() == 0:
            continue  # a leading byte order mark is fine
        if ch == "\ufeff":
            why = "a byte order mark (U+FEFF) in the middle of the file (were two files joined?); delete it"
        else:
            why = f"contains {char_name(ch)}, which no document can hold; delete it"
        problems.append(Problem(name, *line_col(text, m.start()), "", why))
        if len(problems) == 20:
            break
    if problems:
        raise InvalidInput(problems)


def _reader_problem(text: str, name: str, exc: yaml.reader.ReaderError) -> Problem:
    # libyaml counts bytes of UTF-8, the pure-Python reader counts characters
    index = exc.position
    c_loader = getattr(yaml, "CSafeLoader", None)
    if c_loader is not None and issubclass(_StrictLoader, c_loader):
        index = len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace"))
    line, col = line_col(text, min(index, len(text)))
    return Problem(name, line, col, "", f"YAML reader: {exc.reason} (U+{exc.character:04X})")


def _check_duplicate_keys(root: Node, name: str) -> None:
    """Every repeated key in every mapping, naming both lines (PyYAML keeps the last silently).

    Checked on the node tree, so templates merged by ``extends`` cannot hide a duplicate."""
    problems: list[Problem] = []
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:  # iterative: no recursion limit to hit
        node, path = stack.pop()
        if isinstance(node, MappingNode):
            seen: dict[str, ScalarNode] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    continue  # the converter says "keys must be plain names"
                key = key_node.value
                sub = f"{path}.{key_label(key)}" if path else key_label(key)
                if key in seen:
                    first = seen[key].start_mark.line + 1
                    problems.append(
                        problem_at(
                            name, key_node, sub, f"duplicate key {_quoted(key)} (first at line {first})"
                        )
                    )
                else:
                    seen[key] = key_node
                stack.append((value_node, sub))
        elif isinstance(node, SequenceNode):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(node.value))
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))
        raise InvalidInput(problems)


def key_label(key: str) -> str:
    """A key as it may appear in a field path: printable and short (never a terminal escape)."""
    if key.isprintable() and len(key) <= 60:
        return key
    shown = repr(key)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _quoted(key: str) -> str:
    return shown(key)


def _tag(tag: str | None, default: str) -> str:
    """The node's tag: its explicit one (only the core tags get this far), else the default;
    plain scalars are never typed (no implicit resolvers), "!" means "the default"."""
    return default if tag is None or tag == "!" else tag


def _mark(event: yaml.Event | None) -> Mark | None:
    mark: Any = event.start_mark if event is not None else None  # libyaml's Mark quacks the same
    return cast("Mark | None", mark)


def _where(event: yaml.Event | None) -> tuple[int, int]:
    """1-based line and column of ``event`` (the one being composed), else the file's start."""
    mark = _mark(event)
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _positioned(name: str, event: yaml.Event, message: str) -> InvalidInput:
    mark = event.start_mark
    if mark is None:
        return InvalidInput([Problem(name, None, None, "", message)])
    return InvalidInput([Problem(name, mark.line + 1, mark.column + 1, "", message)])


def mapping_items(node: MappingNode) -> list[tuple[ScalarNode, Node]]:
    return list(node.value)


__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_EVENTS",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "cap_message",
    "compose",
    "decode",
    "key_label",
    "line_col",
    "nfc",
    "position",
    "problem_at",
    "read_text",
    "shorten",
    "shown",
]
