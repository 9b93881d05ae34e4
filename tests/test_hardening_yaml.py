"""The strict YAML layer against hostile files: nesting, sizes, duplicates, odd loader errors.

Each refusal must be an InvalidInput with a position, on the libyaml parser and on PyYAML's
pure-Python one (used where PyYAML was built without libyaml).
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
import yaml

from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief import yamlnodes
from briefbuilder.brief.loading import load_brief, parse_brief
from briefbuilder.brief.typed import INVALID, Converter
from briefbuilder.errors import InvalidInput
from test_loading import MINIMAL


def _problem(text: str, name: str = "b.yaml"):
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, name)
    return info.value.problems[0]


def test_libyaml_is_used_when_available() -> None:
    assert yaml.__with_libyaml__
    assert issubclass(yamlnodes._StrictLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("depth", [40, 1_001, 10_000])
def test_deeply_nested_flow_collections_are_refused_with_a_position(loader: type, depth: int) -> None:
    text = MINIMAL + "keywords: " + "[" * depth + "]" * depth + "\n"
    start = time.perf_counter()
    problem = _problem(text)
    assert time.perf_counter() - start < 1
    assert problem.line == 12 and problem.column is not None
    assert "nest" in problem.message and "a brief needs only a few levels" in problem.message


def test_deeply_nested_block_lists_are_refused_with_a_position(loader: type) -> None:
    text = MINIMAL + "keywords:\n" + "".join("  " * i + "-\n" for i in range(40)) + "  " * 40 + "x\n"
    problem = _problem(text)
    # the brief is level 1, so level 33 is the 32nd list, on line 13 + 31
    assert (problem.line, problem.column) == (44, 63)
    assert f"more than {yamlnodes.MAX_DEPTH} levels" in problem.message


def test_nesting_within_the_limit_is_left_to_the_schema(loader: type) -> None:
    depth = yamlnodes.MAX_DEPTH - 1  # the brief itself is the first level
    node = yamlnodes.compose("k: " + "[" * depth + "]" * depth, "t.yaml")
    assert isinstance(node, yamlnodes.MappingNode)


def test_too_many_values_are_refused_quickly() -> None:  # libyaml: pure Python takes ~2 s here
    text = "keywords: [" + "a, " * (yamlnodes.MAX_EVENTS + 10) + "a]\n"
    start = time.perf_counter()
    problem = _problem(text)
    assert time.perf_counter() - start < 3
    assert problem.line == 1 and problem.column is not None
    assert f"more than {yamlnodes.MAX_EVENTS:,} keys and values" in problem.message


def test_oversized_file_is_refused_before_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: 50 MiB that cost nothing
    start = time.perf_counter()
    with pytest.raises(InvalidInput, match="the limit is 5,242,880"):
        load_brief(path)
    assert time.perf_counter() - start < 0.1


def test_every_duplicate_key_is_reported_naming_both_lines(loader: type) -> None:
    text = MINIMAL.replace("    outlet: A\n", "    outlet: A\n    outlet: B\n") + "title: again\n"
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, "b.yaml")
    found = [(p.line, p.column, p.path, p.message) for p in info.value.problems]
    assert found == [
        (8, 5, "sources[0].outlet", "duplicate key 'outlet' (first at line 7)"),
        (13, 1, "title", "duplicate key 'title' (first at line 2)"),
    ]


def test_duplicate_key_in_a_template_that_extends_another_is_not_merged_away(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("description: Base\nrelease: [public]\n", "utf-8")
    (tmp_path / "child.yaml").write_text(
        "extends: base\ndescription: Child\nrelease: [public]\nrelease: [public, internal]\n", "utf-8"
    )
    with pytest.raises(InvalidInput) as info:
        TemplateSet([tmp_path]).resolve("child")
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.path) == (4, 1, "release")
    assert problem.message == "duplicate key 'release' (first at line 3)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "file is empty; expected a mapping of fields"),
        ("# only a comment\n", "file is empty; expected a mapping of fields"),
        ("\ufeff", "file is empty; expected a mapping of fields"),
        ("- id: x\n- title: T\n", "expected a mapping (Brief), got a list"),
        ("just words\n", "expected a mapping (Brief), got the text 'just words'"),
        ("~\n", "expected a mapping (Brief), got nothing"),
    ],
)
def test_empty_file_and_top_level_non_mappings_get_a_plain_message(text: str, expected: str) -> None:
    problem = _problem(text)
    assert problem.message == expected
    assert (problem.line, problem.column) == (1, 1)
    assert problem.path == ""


def test_non_utf8_is_refused_with_a_hint_and_position(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(MINIMAL.replace("title: T", "title: Café Ünter").encode("latin-1"))
    with pytest.raises(InvalidInput) as info:
        load_brief(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (2, 11)
    assert "byte 0xe9 is not valid UTF-8; save the file as UTF-8" in problem.message


def test_column_of_a_bad_byte_counts_characters_not_bytes(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes("title: Минск ".encode() + b"\xff\n")
    with pytest.raises(InvalidInput) as info:
        load_brief(path)
    assert (info.value.problems[0].line, info.value.problems[0].column) == (1, 14)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
def test_utf16_and_utf32_are_refused_with_a_hint(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(MINIMAL.encode(encoding))
    with pytest.raises(InvalidInput, match="save it as UTF-8") as info:
        load_brief(path)
    assert (info.value.problems[0].line, info.value.problems[0].column) == (1, 1)


def test_a_byte_order_mark_at_the_start_is_fine_but_not_in_the_middle(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode())
    assert load_brief(path).brief.id == "minimal"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.encode() + b"\xef\xbb\xbfkeywords: [a]\n")
    with pytest.raises(InvalidInput, match=r"byte order mark \(U\+FEFF\) in the middle") as info:
        load_brief(path)
    assert (info.value.problems[0].line, info.value.problems[0].column) == (12, 1)


def test_raw_control_characters_are_refused_where_they_are(loader: type) -> None:
    problem = _problem(MINIMAL.replace("title: T", "title: T\x1b[31m red"))
    assert (problem.line, problem.column) == (2, 9)
    assert problem.message == "contains U+001B ESCAPE, which no document can hold; delete it"


@pytest.mark.parametrize(
    "exception",
    [
        ValueError("month must be in 1..12"),
        RecursionError(),
        KeyError("x"),
        UnicodeEncodeError("utf-8", "", 0, 1, "x"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_any_exception_from_the_parser_becomes_a_positioned_problem(
    monkeypatch: pytest.MonkeyPatch, exception: Exception
) -> None:
    real_parse = yaml.parse

    def failing_parse(stream, Loader):
        for n, event in enumerate(real_parse(stream, Loader=Loader)):
            if n == 15:  # inside sources[0], just after its first key
                raise exception
            yield event

    monkeypatch.setattr(yamlnodes.yaml, "parse", failing_parse)
    problem = _problem(MINIMAL)
    assert (problem.line, problem.column) == (6, 5)
    assert problem.message.startswith(f"cannot read the YAML here ({type(exception).__name__}")


def test_reader_errors_are_positioned_in_characters(loader: type, monkeypatch: pytest.MonkeyPatch) -> None:
    # our own character scan runs first; switch it off to see the parser's own refusal placed right
    monkeypatch.setattr(yamlnodes, "_check_characters", lambda text, name: None)
    problem = _problem("title: Минск\nsummary: a\x07b\n")
    assert (problem.line, problem.column) == (2, 11)
    assert "YAML reader" in problem.message and "U+0007" in problem.message


def test_lone_surrogate_escapes_never_reach_a_document(loader: type) -> None:
    text = MINIMAL.replace("  - text: F", '  - text: "half an emoji \\ud83d here"')
    problem = _problem(text)
    assert problem.line == 10
    if loader is yamlnodes._StrictCLoader:  # libyaml refuses the escape itself
        assert "invalid Unicode character escape" in problem.message
    else:  # PyYAML decodes it: the text check refuses it, naming the field
        assert problem.path == "key_facts[0].text"
        assert problem.message == "contains U+D83D (a lone surrogate), which no document can hold; delete it"


def test_a_surrogate_in_text_given_directly_is_refused_with_a_position() -> None:
    problem = _problem(MINIMAL.replace("title: T", "title: T\ud800"))
    assert (problem.line, problem.column) == (2, 9)
    assert "U+D800 (a lone surrogate)" in problem.message


def test_plain_empty_and_null_values_are_absent_not_empty_text(loader: type) -> None:
    # libyaml marks plain scalars with style "" and PyYAML with None: both mean "no value"
    brief = parse_brief(MINIMAL + "subtitle:\nkeywords: ~\nmarking: null\n", "b.yaml").brief
    assert (brief.subtitle, brief.keywords, brief.marking) == (None, (), None)
    problem = _problem(MINIMAL + 'subtitle: ""\n')
    assert (problem.path, problem.message) == ("subtitle", "must not be empty")


@dataclasses.dataclass(frozen=True)
class _Numbers:
    count: int
    size: float


@pytest.mark.parametrize(
    ("count", "size", "bad"),
    [
        ("1_000", "1.5", "count"),
        ("١٢", "1.5", "count"),
        ("3", "nan", "size"),
        ("3", "inf", "size"),
        ("3", "1e400", "size"),
        ("0x10", "2", "count"),
        ("9" * 5000, "2", "count"),
        ("3", "1" * 400, "size"),
    ],
)
def test_numbers_are_plain_decimal_and_finite(count: str, size: str, bad: str) -> None:
    conv = Converter("t.yaml")
    node = yamlnodes.compose(f"count: {count}\nsize: {size}\n", "t.yaml")
    assert conv.convert(node, _Numbers, "") is INVALID
    assert [p.path for p in conv.problems] == [bad]
    good = Converter("t.yaml").convert(yamlnodes.compose("count: -3\nsize: .5\n", "t.yaml"), _Numbers, "")
    assert good == _Numbers(-3, 0.5)


def test_hostile_keys_cannot_put_terminal_escapes_into_messages() -> None:
    problem = _problem(MINIMAL + '"\\e[2J\\e[31mred": x\n')
    assert problem.path == "'\\x1b[2J\\x1b[31mred'"
    assert "\x1b" not in str(problem)


def test_long_values_are_cut_short_in_messages() -> None:
    problem = _problem(MINIMAL.replace("kind: other", "kind: " + "x" * 5000))
    assert problem.path == "sources[0].kind"
    assert len(problem.message) < 300


@pytest.mark.parametrize("space", ["\u2009", "\u00a0", "\u3000", "\u200b"])
@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ('date: "2025-09-11"', "date: {s}2025-09-11", "date"),
        ("kind: other", "kind: other{s}", "sources[0].kind"),
        ("sources: [a]", "sources: [a]\n    release: {s}internal", "key_facts[0].release"),
    ],
)
def test_unicode_spaces_around_typed_values_are_shown_not_silently_stripped(
    space: str, old: str, new: str, path: str
) -> None:
    problem = _problem(MINIMAL.replace(old, new.format(s=space)))
    assert problem.path == path
    assert repr(space)[1:-1] in problem.message  # e.g. '\u2009' in "got '\u20092025-09-11'"
