"""Caps on every field's length and every list's size: stated in the JSON Schema, enforced when
loading with the field, the cap and the actual size; one-line fields refuse line breaks and tabs.
The caps admit real briefs generously (200+ timeline entries, 20,000-character texts, 500 sources,
the benchmark's brief a hundred times as long)."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union

import pytest
import yaml

from briefbuilder.audience.templates import AudienceSpec
from briefbuilder.brief.fields import MAX_TEXT, Limits, limits
from briefbuilder.brief.loading import parse_brief
from briefbuilder.brief.model import Brief, PartialDate
from briefbuilder.brief.schema import json_schema
from briefbuilder.errors import InvalidInput
from helpers import BRIEF, run_cli


class _NoAliases(yaml.CSafeDumper):  # type: ignore[misc]
    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=1_000_000)


# --- a brief with every field filled, and the caps of every field --------------------------------
_ONE_OF = {"ContentBlock": ("table", "figure", "quote", "list")}  # a block is one kind: paragraph here


def _fields(cls: Any) -> list[dataclasses.Field[Any]]:
    """The fields a file may hold, one kind of a block only."""
    skip = _ONE_OF.get(cls.__name__, ())
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("loaded") and f.name not in skip]


def _is_text(hint: Any) -> bool:
    """str, and its kinds: Wording (a str subclass), CellText (a NewType of str)."""
    return (isinstance(hint, type) and issubclass(hint, str)) or getattr(hint, "__supertype__", None) is str


def _sample(hint: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        return _sample(next(a for a in typing.get_args(hint) if a is not type(None)))
    if _is_text(hint):
        return "x"
    if hint is bool:
        return "true"
    if hint in (int, float):
        return 1
    if hint is PartialDate:
        return "2025-01-02"
    if origin is Literal:
        return typing.get_args(hint)[0]
    if origin is tuple:
        return [_sample(typing.get_args(hint)[0])]
    assert dataclasses.is_dataclass(hint), hint
    hints = typing.get_type_hints(hint)
    return {f.name: _sample(hints[f.name]) for f in _fields(hint)}


def _capped(cls: type, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str, Limits]]:
    """(path into the sample, kind, caps) for every text field ('text') and list ('list')."""
    out: list[tuple[tuple[Any, ...], str, Limits]] = []
    hints = typing.get_type_hints(cls)
    for f in _fields(cls):
        hint = hints[f.name]
        if typing.get_origin(hint) in (Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        caps = limits(f.metadata)
        here = (*path, f.name)
        if _is_text(hint):
            out.append((here, "text", caps))
        elif typing.get_origin(hint) is tuple:
            out.append((here, "list", caps))
            item = typing.get_args(hint)[0]
            if _is_text(item):
                out.append(((*here, 0), "text", caps))
            elif dataclasses.is_dataclass(item):
                out.extend(_capped(item, (*here, 0)))  # type: ignore[arg-type]
        elif dataclasses.is_dataclass(hint) and hint is not PartialDate:
            out.extend(_capped(hint, here))  # type: ignore[arg-type]
    return out


CAPPED = _capped(Brief)


def _full() -> dict[str, Any]:
    """A valid brief with every field of every kind filled in."""
    full: dict[str, Any] = _sample(Brief)
    full["language"] = "en"
    full["sources"][0]["url"] = "https://example.org/x"
    return full


def _label(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    data = copy.deepcopy(data)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


def _problems(text: str) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, "b.yaml")
    return [str(p) for p in info.value.problems]


def test_every_text_field_and_list_of_the_brief_has_caps_and_every_one_is_found() -> None:
    texts = [p for p, kind, _ in CAPPED if kind == "text"]
    lists = [p for p, kind, _ in CAPPED if kind == "list"]
    assert len(texts) > 50 and len(lists) > 25
    parse_brief(_dump(_full()), "full.yaml")  # a valid brief (warnings aside)


@pytest.mark.parametrize(
    ("path", "caps"),
    [(p, c) for p, kind, c in CAPPED if kind == "text"],
    ids=[_label(p) for p, kind, _ in CAPPED if kind == "text"],
)
def test_a_text_one_character_over_its_cap_is_refused_naming_field_cap_and_size(
    path: tuple[Any, ...], caps: Limits
) -> None:
    full = _full()
    try:  # at the cap: no complaint about the length (an id or a URL may have others)
        parse_brief(_dump(_set(full, path, "x" * caps.max_length)), "b.yaml")
    except InvalidInput as exc:
        assert not any("characters long" in p.message for p in exc.problems), exc
    problems = _problems(_dump(_set(full, path, "x" * (caps.max_length + 1))))
    expected = f"{_label(path)}: is {caps.max_length + 1:,} characters long; the limit is {caps.max_length:,}"
    assert any(expected in p for p in problems), problems
    assert all(re.match(r"b\.yaml:\d+:\d+: ", p) for p in problems)
    assert all(len(p) < 200 for p in problems)  # the value itself is never echoed


@pytest.mark.parametrize(
    ("path", "caps"),
    [(p, c) for p, kind, c in CAPPED if kind == "list"],
    ids=[_label(p) for p, kind, _ in CAPPED if kind == "list"],
)
def test_a_list_one_item_over_its_cap_is_refused_naming_field_cap_and_size(
    path: tuple[Any, ...], caps: Limits
) -> None:
    full = _full()
    item = copy.deepcopy(full)
    for part in path:
        item = item[part]
    over = [item[0]] * (caps.max_items + 1)
    problems = _problems(_dump(_set(full, path, over)))
    expected = f"{_label(path)}: has {caps.max_items + 1:,} items; the limit is {caps.max_items:,}"
    assert any(expected in p for p in problems), problems


ONE_LINE = [(p, c) for p, kind, c in CAPPED if kind == "text" and c.one_line]


def test_titles_names_markings_and_ids_are_one_line_fields() -> None:
    labels = {_label(p) for p, _ in ONE_LINE}
    for name in (
        "title",
        "subtitle",
        "marking",
        "organization",
        "version",
        "language",
        "authors[0].name",
        "authors[0].role",
        "contact.name",
        "contact.phone",
        "people[0].name",
        "people[0].role",
        "people[0].affiliation",
        "sources[0].outlet",
        "sources[0].title",
        "sources[0].url",
        "context[0].heading",
        "timeline[0].date_label",
        "keywords[0]",
        "key_facts[0].sources[0]",
    ):
        assert name in labels, name
    multi = {_label(p) for p, kind, c in CAPPED if kind == "text" and not c.one_line}
    assert {"summary", "key_facts[0].text", "sources[0].note", "timeline[0].event"} <= multi


@pytest.mark.parametrize(
    ("brk", "what"),
    [
        ("\n", "a line break (U+000A)"),
        ("\r", "a carriage return (U+000D)"),
        ("\t", "a tab (U+0009)"),
        ("\u2028", "a line separator (U+2028)"),
        ("\u2029", "a paragraph separator (U+2029)"),
    ],
    ids=["LF", "CR", "TAB", "LS", "PS"],
)
def test_a_break_in_a_one_line_field_is_refused_with_a_clear_message(brk: str, what: str) -> None:
    full = _full()
    for path, _ in ONE_LINE:
        problems = _problems(_dump(_set(full, path, f"first{brk}second")))
        assert any(f"{_label(path)}: must be one line, but contains {what}" in p for p in problems), problems


def test_a_literal_block_title_is_refused_but_a_folded_one_is_joined() -> None:
    text = BRIEF.read_text("utf-8")
    literal = text.replace('title: "Why the US', 'title: |\n  Two\n  lines\nx: "', 1)
    literal = re.sub(r'^x: ".*\n', "", literal, count=1, flags=re.M)
    problems = _problems(literal)
    assert any(
        "title: must be one line, but contains a line break (U+000A); join the lines" in p for p in problems
    )
    folded = re.sub(r'^title: ".*"$', "title: >\n  Folded over\n  two lines", text, count=1, flags=re.M)
    assert parse_brief(folded, "b.yaml").brief.title == "Folded over two lines"


def test_the_caps_admit_real_briefs_generously() -> None:
    caps = {_label(p): c for p, _, c in CAPPED}
    assert caps["timeline"].max_items >= 200
    assert caps["sources"].max_items >= 500
    assert caps["key_facts"].max_items >= 200
    assert caps["title"].max_length == 255  # a DOCX title property holds 255: never more
    for label in ("summary", "key_facts[0].text", "context[0].paragraphs[0].text", "sources[0].note"):
        assert caps[label].max_length >= 20_000
    assert MAX_TEXT == 20_000


def _shipped() -> dict[str, Any]:
    def text(value: Any) -> Any:  # dates stay as written: the loader types them itself
        if isinstance(value, dict):
            return {k: text(v) for k, v in value.items()}
        if isinstance(value, list):
            return [text(v) for v in value]
        return value if isinstance(value, str | bool) or value is None else str(value)

    data: dict[str, Any] = text(yaml.safe_load(BRIEF.read_text("utf-8")))
    return data


def test_a_brief_with_200_timeline_entries_500_sources_and_20000_character_texts_passes(
    tmp_path: Path,
) -> None:
    data = _shipped()
    data["sources"] += [{"id": f"s{i}", "outlet": f"Outlet {i}", "kind": "other"} for i in range(492)]
    entry = data["timeline"][0]
    data["timeline"] = [dict(entry, event=f"Event {i}.") for i in range(200)]
    data["key_facts"][0]["text"] = ("A sentence of twenty-six. " * 800)[:20_000].strip()
    data["title"] = "T" * 255
    path = tmp_path / "big.yaml"
    path.write_text(_dump(data), "utf-8")
    result = run_cli("check", path)
    assert result.code == 0, result.err


def test_the_benchmarks_brief_a_hundred_times_as_long_stays_valid() -> None:
    data = _shipped()
    big = copy.deepcopy(data)
    for key in ("key_facts", "key_judgments", "timeline", "outlook", "caveats", "statements"):
        big[key] = [
            dict(item, **({"id": f"{item['id']}-{i}"} if "id" in item else {}))
            for i in range(100)
            for item in data.get(key, [])
        ]
    big["context"] = [
        dict(s, heading=f"{s['heading']} ({i + 1})") for i in range(100) for s in data["context"]
    ]
    big["analysis"] = [copy.deepcopy(a) for _ in range(100) for a in data["analysis"]]
    assert len(parse_brief(_dump(big), "big.yaml").brief.key_facts) == 100 * len(data["key_facts"])


def test_a_title_of_255_characters_builds_both_formats(tmp_path: Path) -> None:
    data = _shipped()
    data["title"] = ("Belarus and the United States: " * 10)[:254] + "."
    data["subtitle"] = "S" * 255
    data["marking"] = "M" * 100
    path = tmp_path / "long-title.yaml"
    path.write_text(_dump(data), "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", path, "--audience", "analyst", "--out", out)
    assert result.code == 0, result.err
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".pdf"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("authors", [{"name": f"Author Number {i:02d}"} for i in range(20)], "the authors' names come to"),
        ("keywords", [f"keyword {i:02d}" for i in range(40)], "the keywords come to"),
    ],
)
def test_what_a_docx_property_cannot_hold_is_refused(key: str, value: object, message: str) -> None:
    data = _shipped()
    data[key] = value
    problems = _problems(_dump(data))
    assert any(f"{key}: {message}" in p and "at most 255" in p for p in problems), problems


def _walk_schema(node: Any, path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        kind = node.get("type")
        # every array, and every string but a date (a pattern of fixed length, no maxLength)
        if kind == "array" or (kind == "string" and ("pattern" not in node or "maxLength" in node)):
            found.append((path, node))
        for key, value in node.items():
            found.extend(_walk_schema(value, f"{path}/{key}"))
    return found


@pytest.mark.parametrize("template", [False, True], ids=["brief", "template"])
def test_the_schema_states_a_cap_on_every_text_and_list(template: bool) -> None:
    result = run_cli("schema", *(["--template"] if template else []))
    schema = json.loads(result.out)
    nodes = _walk_schema(schema)
    assert nodes
    for path, node in nodes:
        if node["type"] == "array":
            assert isinstance(node.get("maxItems"), int), path
        else:
            assert isinstance(node.get("maxLength"), int), path
    if template:
        return
    props = schema["properties"]
    assert props["title"]["maxLength"] == 255
    assert props["timeline"]["maxItems"] >= 200 and props["sources"]["maxItems"] >= 500
    summary = props["summary"]["anyOf"]  # plain text, or a wording per audience
    assert summary[0]["maxLength"] == 20_000 and summary[1]["properties"]["default"]["maxLength"] == 20_000
    one_line = props["marking"]["pattern"]
    assert re.fullmatch(one_line.replace("\\u2028", "\u2028").replace("\\u2029", "\u2029"), "A B")
    assert not re.fullmatch(one_line.replace("\\u2028", "\u2028").replace("\\u2029", "\u2029"), "A\nB")
    assert "pattern" not in summary[0]
    assert schema["$defs"]["Fact"]["properties"]["sources"]["items"]["maxLength"] == 64


def test_template_fields_get_the_default_caps() -> None:
    hints = typing.get_type_hints(AudienceSpec)
    assert hints  # AudienceSpec states no caps of its own: the defaults apply (see typed.Converter)
    schema = json_schema(AudienceSpec, "t")
    plain, per_language = schema["properties"]["intro"]["anyOf"]  # text, or a mapping language -> text
    assert plain["maxLength"] == MAX_TEXT and per_language["additionalProperties"]["maxLength"] == MAX_TEXT
    assert schema["properties"]["sections"]["maxItems"] == 10_000


def test_a_timeline_event_at_its_cap_builds_even_in_wide_letters(tmp_path: Path) -> None:
    """A timeline event is a table cell: the PDF cannot break it across pages, so its cap is
    what fits on a page at the shipped templates' size (3,000 wide letters do not)."""
    caps = {_label(p): c for p, _, c in CAPPED}
    assert caps["timeline[0].event"].max_length == 2_000
    data = _shipped()
    data["timeline"][0]["event"] = "Ш" * 2_000
    data["timeline"][1]["event"] = "W" * 2_000
    path = tmp_path / "wide.yaml"
    path.write_text(_dump(data), "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", path, "--audience", "analyst,press", "--out", out, "-j", "1")
    assert result.code == 0, result.err


def test_splitting_a_long_word_measures_about_n_log_n_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    """A word longer than a line is cut by searching, not by dropping a letter at a time: the
    letters measured grow about as n log n (they grew as n³, and a 2,000-letter cell took minutes)."""
    from briefbuilder.layout import measure

    measured = [0]
    real = measure.text_width

    def counting(family: str, text: str, size: float, bold: bool = False) -> float:
        measured[0] += len(text)
        return real(family, text, size, bold)

    monkeypatch.setattr(measure, "text_width", counting)
    cost = {}
    for n in (1_000, 4_000):
        measured[0] = 0
        lines = measure.wrap.__wrapped__("PT Serif", "W" * n, 10.0, 120.0)
        assert "".join(lines) == "W" * n and len(lines) > 1
        cost[n] = measured[0]
    assert cost[4_000] < 8 * cost[1_000], cost  # n² would be 16x, n³ 64x
