"""Turn a YAML node tree into typed frozen dataclasses, gathering every problem in one pass.

The dataclass type hints are the schema: ``str``, ``bool``, ``int``, ``float``, ``Literal``,
``PartialDate``, ``X | None``, ``tuple[X, ...]`` and nested dataclasses. Each problem names the
file, line, column and field path; typos in keys get a "did you mean" suggestion.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
import unicodedata
from pathlib import Path
from typing import Any, Literal, TypeVar, Union

from briefbuilder.brief.fields import DEFAULT_LIMITS, Limits, limits
from briefbuilder.brief.values import AUDIENCE_NAME, CellText, PartialDate, Wording
from briefbuilder.brief.yamlnodes import (
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    cap_message,
    compose,
    key_label,
    line_col,
    nfc,
    problem_at,
    read_text,
    shown,
)
from briefbuilder.errors import InvalidInput, Problem
from briefbuilder.fonts import coverage

# What no DOCX or PDF can hold: C0 controls but tab and newlines, DEL and C1 controls,
# the non-characters U+FFFE/U+FFFF and lone surrogates (only YAML escapes can produce them).
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
# What may not be in a one-line field (title, name, marking...): line and paragraph breaks, tabs.
_BREAKS = re.compile("[\t\n\r\u2028\u2029]")
_BREAK_NAMES = {
    "\t": "a tab (U+0009)",
    "\n": "a line break (U+000A)",
    "\r": "a carriage return (U+000D)",
    "\u2028": "a line separator (U+2028)",
    "\u2029": "a paragraph separator (U+2029)",
}
_SPACE = " \t\r\n"
_INT = re.compile(r"^[+-]?[0-9]{1,15}$")  # int() refuses over 4,300 digits with a bare ValueError
_FLOAT = re.compile(r"^[+-]?(?:[0-9]{1,15}(?:\.[0-9]*)?|\.[0-9]+)$")  # '1' * 400 would be inf
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


@dataclasses.dataclass(frozen=True, slots=True)
class PendingGlyphs:
    """Characters of one field that no built-in font has but a template's own font may: the
    problem as it would be reported (located at the first of them), decided once the audiences'
    fonts are known (``audience.glyphs``)."""

    problem: Problem
    chars: tuple[str, ...]


def text_problem(text: str) -> tuple[str, str] | None:
    """Why ``text`` cannot go into a DOCX or PDF, with the first character at fault; None if it can.

    For text that does not come from a YAML file (command-line options, e-mail fields): the same
    rules as for every text field of a brief or template."""
    bad = _BAD_CHARS.search(text)
    if bad:
        return (
            f"contains {coverage.char_name(bad.group())}, which no document can hold; delete it",
            bad.group(),
        )
    missing = coverage.undrawable(text)
    if missing:
        return glyph_problem(missing)
    return None


def glyph_problem(missing: tuple[str, ...], fonts: str | None = None) -> tuple[str, str]:
    """The message for characters the fonts lack (``fonts``: which), with the first of them."""
    message = coverage.glyph_message(missing, fonts)
    if unicodedata.combining(missing[0]):
        message += (
            " (an accent on its own: the fonts print accented letters that exist as one "
            "character, such as 'ė' or 'š', not any letter with any accent added)"
        )
    return message, missing[0]


_T = TypeVar("_T")


class _Invalid:
    """Marker for a value that failed to convert (its problem is already recorded)."""


INVALID: Any = _Invalid()


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def describe(hint: Any) -> str:
    """A reader's name for a type, used in 'expected ...' messages."""
    origin = typing.get_origin(hint)
    if hint is str or hint is CellText:
        return "text"
    if hint is Wording:
        return "text, or a mapping of wordings (default: ..., and one per audience name)"
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
    if origin is dict:
        return f"a mapping of names to {describe(typing.get_args(hint)[1])}"
    if origin in (Union, types.UnionType):
        return " or ".join(describe(a) for a in typing.get_args(hint) if a is not type(None))
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):  # PartialDate is handled above
        return f"a mapping ({hint.__name__})"
    return str(hint)


class Converter:
    """One conversion pass over one file; ``problems`` and ``nodes`` are filled as it goes."""

    def __init__(self, file: str, source: str | None = None) -> None:
        self.file = file
        self.source = source  # the text the nodes were composed from: exact positions in values
        self.problems: list[Problem] = []
        self.nodes: dict[str, Node] = {}  # field path -> node, for later cross-checks
        # None: a character no built-in font has is refused; a list: it is kept here, with its
        # place, for the audiences' own fonts to decide (a brief's load: ``Loaded.glyphs``)
        self.glyphs: list[PendingGlyphs] | None = None

    def fail(self, node: Node | None, path: str, message: str, needle: str | None = None) -> Any:
        """Record a problem at ``node``, or where ``needle`` is written inside it if it can tell."""
        self.problems.append(self.locate(node, path, message, needle))
        return INVALID

    def locate(self, node: Node | None, path: str, message: str, needle: str | None = None) -> Problem:
        """A problem at the first place ``needle`` is written literally in ``node``'s source text,
        else at the node (escaped or folded text cannot be mapped back character by character)."""
        if needle and node is not None and self.source is not None:
            start, end = node.start_mark.index, node.end_mark.index
            found = self.source.find(needle, start, end)
            if found >= 0:
                return Problem(self.file, *line_col(self.source, found), path, cap_message(message))
        return problem_at(self.file, node, path, message)

    def text_fault(self, node: ScalarNode, path: str, raw: str) -> Any:
        """INVALID (recorded) if ``raw`` cannot be printed, else None; characters only a
        template's own font could draw are kept in ``glyphs`` when the caller defers them."""
        problem = text_problem(raw)
        if problem is None:
            return None
        if self.glyphs is not None and not _BAD_CHARS.search(raw):
            missing = coverage.undrawable(raw)
            if missing and coverage.deferrable(missing):
                self.glyphs.append(PendingGlyphs(self.locate(node, path, problem[0], problem[1]), missing))
                return None
        return self.fail(node, path, *problem)

    def convert(self, node: Node, hint: Any, path: str, caps: Limits = DEFAULT_LIMITS) -> Any:
        """``node`` as ``hint``; ``caps`` are the field's limits (text length, list size, one line)."""
        self.nodes[path] = node
        origin = typing.get_origin(hint)
        if origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(hint) if a is not type(None)]
            if _is_null(node):
                return None
            if any(typing.get_origin(a) is dict for a in args):  # text, or a mapping of texts
                wants_map = isinstance(node, MappingNode)
                args = [a for a in args if (typing.get_origin(a) is dict) == wants_map] or args
            return self.convert(node, args[0], path, caps)
        if origin is dict:
            return self.mapping(node, typing.get_args(hint)[1], path, caps)
        if hint is Wording:
            return self.wording(node, path, caps)
        if dataclasses.is_dataclass(hint) and hint is not PartialDate:
            return self.dataclass(node, hint, path)  # type: ignore[arg-type]
        if origin is tuple:
            return self.sequence(node, typing.get_args(hint)[0], path, caps)
        if not isinstance(node, ScalarNode):
            return self.fail(node, path, f"expected {describe(hint)}, got {_kind(node)}")
        return self.scalar(node, hint, path, caps)

    def scalar(self, node: ScalarNode, hint: Any, path: str, caps: Limits = DEFAULT_LIMITS) -> Any:
        raw: str = nfc(node.value)  # files are composed when read; text given directly is not
        text = raw.strip(_SPACE)  # str.strip() would also drop U+2009, U+3000...: paste junk is shown
        if hint is CellText:  # a table cell may be empty
            return self.text_fault(node, path, raw) or text
        if hint is str:
            if not text:
                return self.fail(node, path, "must not be empty")
            value = raw if node.style in ("|", ">") and not caps.one_line else text
            if len(value) > caps.max_length:
                return self.fail(node, path, _too_long(len(value), caps.max_length))
            if caps.one_line:
                brk = _BREAKS.search(value)
                if brk:
                    what = _BREAK_NAMES[brk.group()]
                    fix = "use spaces" if brk.group() == "\t" else "join the lines"
                    message = f"must be one line, but contains {what}; {fix}"
                    return self.fail(node, path, message, "\t" if brk.group() == "\t" else None)
            return self.text_fault(node, path, raw) or value
        bad = _BAD_CHARS.search(raw)
        if bad:
            message = f"contains {coverage.char_name(bad.group())}, which no document can hold; delete it"
            return self.fail(node, path, message, bad.group())
        if hint is bool:
            if text.lower() in _TRUE:
                return True
            if text.lower() in _FALSE:
                return False
            return self.fail(node, path, f"expected true or false, got {_short(text)}")
        if hint is int or hint is float:
            # int() and float() also take '1_000', Arabic-Indic digits, 'nan' and 'inf'
            if (_INT if hint is int else _FLOAT).match(text):
                return hint(text)
            return self.fail(node, path, f"expected {describe(hint)}, got {_short(text)}")
        if hint is PartialDate:
            try:
                if not text.isascii():  # PartialDate.parse strips any Unicode space: say what is there
                    raise ValueError("expected a date as YYYY, YYYY-MM or YYYY-MM-DD")
                return PartialDate.parse(text)
            except ValueError as exc:
                return self.fail(node, path, f"{exc} (got {_short(text)})")
        if typing.get_origin(hint) is Literal:
            allowed = typing.get_args(hint)
            if text in allowed:
                return text
            close = _close(text, [str(a) for a in allowed])
            hint_txt = f"; did you mean {close[0]!r}?" if close else ""
            return self.fail(node, path, f"expected {describe(hint)}, got {_short(text)}{hint_txt}")
        raise TypeError(f"schema type {hint!r} at {path} is not supported")

    def wording(self, node: Node, path: str, caps: Limits = DEFAULT_LIMITS) -> Any:
        """Plain text, or a mapping: ``default`` (required) and a wording per audience name."""
        if isinstance(node, ScalarNode):
            text = self.scalar(node, str, path, caps)
            return INVALID if text is INVALID else Wording(text)
        if not isinstance(node, MappingNode):
            return self.fail(node, path, f"expected {describe(Wording)}, got {_kind(node)}")
        default: Any = None
        variants: list[tuple[str, Any]] = []
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            sub = f"{path}.{key_label(key)}" if key is not None else path
            if key is None or (key != "default" and not AUDIENCE_NAME.match(key)):
                self.fail(key_node, sub, "expected 'default' or an audience's name (e.g. press) as a key")
                ok = False
                continue
            self.nodes[sub] = value_node
            value = self.scalar(value_node, str, sub, caps) if isinstance(value_node, ScalarNode) else None
            if value is None:
                value = self.fail(value_node, sub, f"expected text, got {_kind(value_node)}")
            ok = ok and value is not INVALID
            if key == "default":
                default = value
            else:
                variants.append((key, value))
        if default is None:
            self.fail(node, path, "a mapping of wordings needs 'default': what every other audience reads")
            return INVALID
        return Wording(default, variants) if ok else INVALID

    def mapping(self, node: Node, value_hint: Any, path: str, caps: Limits = DEFAULT_LIMITS) -> Any:
        """A mapping of names (one-line text keys) to values of ``value_hint``, in file order;
        each value's node is recorded at ``path.key``, so later checks can point at it."""
        if not isinstance(node, MappingNode):
            return self.fail(node, path, f"expected {describe(dict[str, value_hint])}, got {_kind(node)}")
        out: dict[str, Any] = {}
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value.strip() if isinstance(key_node, ScalarNode) else ""
            sub = f"{path}.{key_label(key)}" if key else path
            if not key:
                self.fail(key_node, path, "expected a name as the key")
                ok = False
                continue
            self.nodes[sub + "#key"] = key_node
            value = self.convert(value_node, value_hint, sub, caps)
            ok = ok and value is not INVALID
            out[key] = value
        return out if ok else INVALID

    def sequence(self, node: Node, item_hint: Any, path: str, caps: Limits = DEFAULT_LIMITS) -> Any:
        if _is_null(node):
            return ()
        if isinstance(node, ScalarNode) and item_hint is str:
            item = self.convert(node, str, f"{path}[0]", caps)  # a single id may stand for a list of one
            return INVALID if item is INVALID else (item,)
        if not isinstance(node, SequenceNode):
            return self.fail(node, path, f"expected {describe(tuple[item_hint, ...])}, got {_kind(node)}")
        if len(node.value) > caps.max_items:  # before converting them: no time spent on a flood
            n = len(node.value)
            return self.fail(node, path, f"has {n:,} items; the limit is {caps.max_items:,}")
        items = tuple(
            self.convert(child, item_hint, f"{path}[{i}]", caps) for i, child in enumerate(node.value)
        )
        return INVALID if any(i is INVALID for i in items) else items

    def dataclass(self, node: Node, cls: type, path: str) -> Any:
        if not isinstance(node, MappingNode):
            return self.fail(node, path, f"expected {describe(cls)}, got {_kind(node)}")
        # a field the loader fills (``loaded``) is never written in the file
        fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("loaded")}
        hints = _hints(cls)
        seen: dict[str, ScalarNode] = {}
        values: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key is None:
                self.fail(key_node, path, "keys must be plain names")
                continue
            label = key_label(key)
            key_path = f"{path}.{label}" if path else label
            if key in seen:
                first = seen[key].start_mark.line + 1
                self.fail(key_node, key_path, f"duplicate key {_short(key)} (first at line {first})")
                continue
            seen[key] = key_node
            if key not in fields:
                close = _close(key, list(fields))
                tip = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(fields)}"
                self.fail(key_node, key_path, f"unknown key {_short(key)}{tip}")
                continue
            values[key] = self.convert(value_node, hints[key], key_path, limits(fields[key].metadata))
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


def _close(word: str, known: list[str]) -> list[str]:
    """The known word nearest ``word``, if any is near; difflib is imported only for a typo."""
    if len(word) > 100:  # no name is that long; and difflib's time grows with the length
        return []
    import difflib

    return difflib.get_close_matches(word, known, n=1, cutoff=0.6)


def _kind(node: Node) -> str:
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(node, MappingNode):
        return "a mapping"
    if _is_null(node):
        return "nothing"
    return f"the text {_short(node.value.strip())}" if node.value.strip() else "nothing"


def _short(text: str, limit: int = 60) -> str:
    """A value quoted for a message: escaped, and cut short if long."""
    return shown(text, limit)


def _too_long(length: int, limit: int) -> str:
    return f"is {length:,} characters long; the limit is {limit:,}"


def _is_null(node: Node) -> bool:
    """A plain (unquoted) empty, ``~`` or ``null``: libyaml marks plain style "", PyYAML None."""
    return isinstance(node, ScalarNode) and not node.style and node.value in ("", "~", "null")


def read_typed(path: Path, cls: type[_T]) -> tuple[_T, Converter]:
    """Read a YAML file as ``cls`` (strict YAML, typed by its hints). InvalidInput lists every
    problem; the converter is returned for the caller's cross-checks (it knows each field's node)."""
    name = str(path)
    conv = Converter(name)
    value = conv.convert(compose(read_text(path, name), name), cls, "")
    if value is INVALID:
        raise InvalidInput(conv.problems)
    return value, conv
