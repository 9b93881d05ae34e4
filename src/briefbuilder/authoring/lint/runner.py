"""Run the rules over a brief and turn each hit's field path into file:line:col, using the YAML
nodes, so a finding points where an editor can jump to it."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefbuilder.authoring.lint.model import Context, Severity
from briefbuilder.authoring.lint.registry import RULES
from briefbuilder.brief.loading import parse_brief_tree
from briefbuilder.brief.yamlnodes import MappingNode, Node, SequenceNode, read_text

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience
    from briefbuilder.authoring.lint.settings import LintConfig


@dataclass(frozen=True, slots=True)
class Finding:
    """One lint finding, located in the brief like a check problem."""

    rule: str
    severity: Severity
    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}" + (f":{self.column}" if self.column is not None else "")
        field_part = f" {self.path}:" if self.path else ""
        return f"{where}: {self.rule} [{self.severity}]{field_part} {self.message}"

    def as_dict(self) -> dict[str, object]:
        return dataclasses.asdict(self)


def lint_text(
    text: str, name: str, config: LintConfig, audiences: tuple[Audience, ...] = ()
) -> list[Finding]:
    """Lint one brief's text; raise InvalidInput if it is not a valid brief at all."""
    loaded, root = parse_brief_tree(text, name)
    if loaded.glyphs and audiences:  # characters only a template's own font may have
        from briefbuilder.audience.glyphs import check_drawable

        check_drawable(loaded.glyphs, audiences)
    where = _Positions(text, root)  # the tree the brief was read from
    ctx = Context(loaded.brief, config, audiences)
    findings: list[Finding] = []
    for r in RULES:
        setting = config.severity(r)
        if setting == "off":
            continue
        for hit in r.check(ctx):
            line, col = where.locate(hit.path, hit.word, hit.occurrence)
            findings.append(Finding(r.id, setting, name, line, col, hit.path, hit.message))
    findings.sort(key=lambda f: (f.line or 0, f.column or 0, f.rule))
    return findings


def lint_file(path: Path, config: LintConfig, audiences: tuple[Audience, ...] = ()) -> list[Finding]:
    """Lint one brief file; raise InvalidInput if it cannot be read or is not a valid brief."""
    return lint_text(read_text(path, str(path)), str(path), config, audiences)


class _Positions:
    """Field path → file position, from the YAML node tree; down to a word inside a text."""

    def __init__(self, text: str, root: Node) -> None:
        self.text = text
        self.nodes: dict[str, Node] = {}
        self._index(root, "")

    def _index(self, node: Node, path: str) -> None:
        self.nodes[path] = node
        if isinstance(node, MappingNode):
            for key, value in node.value:
                self._index(value, f"{path}.{key.value}" if path else str(key.value))
        elif isinstance(node, SequenceNode):
            for i, child in enumerate(node.value):
                self._index(child, f"{path}[{i}]")

    def locate(self, path: str, word: str | None = None, occurrence: int = 0) -> tuple[int, int]:
        node = self._nearest(path)
        start = node.start_mark
        if word is not None and path in self.nodes:
            source = self.text[start.index : node.end_mark.index]
            matches = list(re.finditer(word, source))
            if occurrence < len(matches):
                index = start.index + matches[occurrence].start()
                line_start = self.text.rfind("\n", 0, index) + 1
                return self.text.count("\n", 0, index) + 1, index - line_start + 1
        return start.line + 1, start.column + 1

    def _nearest(self, path: str) -> Node:
        while path and path not in self.nodes:
            path = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
        return self.nodes[path]
