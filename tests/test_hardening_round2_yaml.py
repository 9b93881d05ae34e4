"""Deep nesting, round 2: no RecursionError can come out of the YAML layer, whatever the nesting
and however deep the caller's own stack already is; every refusal is a positioned message."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from typing import TypeVar

import pytest

from briefbuilder.brief import yamlnodes
from briefbuilder.brief.loading import parse_brief
from briefbuilder.errors import InvalidInput
from test_loading import MINIMAL

_T = TypeVar("_T")


def _with_little_stack(frames: int, fn: Callable[[], _T]) -> _T:
    """Call ``fn`` with only ``frames`` frames of stack left, as from deep inside a caller."""
    depth = 0
    frame = sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + frames)
    try:
        return fn()
    finally:
        sys.setrecursionlimit(old)


def _problem(text: str) -> str:
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, "b.yaml")
    assert len(info.value.problems) >= 1
    return str(info.value.problems[0])


DEEP = {
    "flow lists 100,000": "keywords: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "flow mappings 100,000": "keywords: " + "{a: " * 100_000 + "}" * 100_000 + "\n",
    "flow mixed 50,000": "keywords: " + "[{a: " * 50_000 + "}]" * 50_000 + "\n",
    "unclosed 200,000": "keywords: " + "[" * 200_000 + "\n",
    "block lists 2,000": "keywords:\n" + "".join("  " * i + "-\n" for i in range(2_000)) + "x\n",
    "block mappings 2,000": "context:\n" + "".join(" " * i + " k:\n" for i in range(2_000)),
    "block then flow": "keywords:\n" + "".join("  " * i + "-\n" for i in range(20)) + " " * 40 + "[" * 5_000,
    "complex keys": "? " * 50_000 + "x\n",
}


@pytest.mark.parametrize("text", DEEP.values(), ids=DEEP.keys())
def test_very_deep_nesting_is_refused_quickly_with_a_position(loader: type, text: str) -> None:
    start = time.perf_counter()
    message = _problem(MINIMAL.replace("keywords", "kw") + text)
    assert time.perf_counter() - start < 3
    assert re.match(r"b\.yaml:\d+:\d+: ", message), message
    assert "nest" in message, message
    assert "Recursion" not in message and "cannot read the YAML" not in message


def test_nesting_within_the_limit_needs_no_stack_per_level(loader: type) -> None:
    """The composer is iterative: 31 levels compose with a few dozen frames of stack to spare."""
    depth = yamlnodes.MAX_DEPTH - 1
    text = "k: " + "[" * depth + "x" + "]" * depth + "\n"
    node = _with_little_stack(60, lambda: yamlnodes.compose(text, "t.yaml"))
    assert isinstance(node, yamlnodes.MappingNode)
    inner = node.value[0][1]
    for _ in range(depth - 1):
        assert isinstance(inner, yamlnodes.SequenceNode)
        inner = inner.value[0]
    assert isinstance(inner, yamlnodes.SequenceNode) and inner.value[0].value == "x"


def test_too_deep_a_brief_from_a_deep_caller_is_refused_by_depth_not_recursion(loader: type) -> None:
    text = MINIMAL.replace("keywords", "kw") + "keywords:\n" + "".join("  " * i + "-\n" for i in range(40))
    message = _with_little_stack(120, lambda: _problem(text))
    assert f"more than {yamlnodes.MAX_DEPTH} levels" in message
    assert "Recursion" not in message


def test_a_recursion_error_is_reported_as_too_deep_with_a_position(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever raises it (a caller with no stack left), the message says what to do, not 'RecursionError'."""
    real = yamlnodes._CheckedComposer._checked
    calls = 0

    def failing(self: yamlnodes._CheckedComposer, event: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 12:
            raise RecursionError("maximum recursion depth exceeded")
        return real(self, event)  # type: ignore[arg-type]

    monkeypatch.setattr(yamlnodes._CheckedComposer, "_checked", failing)
    message = _problem(MINIMAL)
    assert "maximum recursion depth" not in message
    assert "nested too deeply to read; a brief needs only a few levels" in message
    assert message.startswith("b.yaml:")


def test_same_nodes_as_pyyaml_composer(loader: type) -> None:
    """The iterative composer gives the tree PyYAML's own would (tags, styles, marks)."""
    import io

    import yaml

    text = 'a: [1, "two", {b: c}]\nd:\n  - |\n    lit\n  - >-\n    folded\n? [k]\n: v\ne: !!str 5\nf: ! 6\n'

    def dump(node: yaml.Node) -> object:
        marks = (node.start_mark.index, node.end_mark.index)
        if isinstance(node, yaml.ScalarNode):
            return ("s", node.tag, node.value, node.style, marks)
        if isinstance(node, yaml.SequenceNode):
            return ("q", node.tag, node.flow_style, marks, [dump(n) for n in node.value])
        return ("m", node.tag, node.flow_style, marks, [(dump(k), dump(v)) for k, v in node.value])

    class Plain(loader):  # type: ignore[misc,valid-type]
        pass

    Plain.yaml_implicit_resolvers = {}
    expected = dump(yaml.compose(io.StringIO(text), Loader=Plain))
    assert dump(yamlnodes.compose(text, "t.yaml")) == expected
