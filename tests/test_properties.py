"""Property and fuzz tests (hypothesis): valid briefs load, build and round-trip; corrupted ones
always give a positioned InvalidInput, never another exception.

Text is drawn from a markup-heavy alphabet (reportlab's and XML's special characters, our own
markup, backslashes) plus Cyrillic and Latin-extended letters: the alphabet that found real bugs
in reportlab (reference/reliability.md §4). Each failure found here is kept as a regression case
in tests/bad_inputs/ (class ``fuzz``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from briefbuilder.audience.templates import Audience, TemplateSet
from briefbuilder.brief import markup
from briefbuilder.brief.loading import parse_brief
from briefbuilder.brief.yamlnodes import decode
from briefbuilder.errors import InvalidInput
from briefbuilder.layout.engine import lay_out
from briefbuilder.writers import writer
from helpers import parse_for_default_audiences, plain_typography

MARKUP = '<>&/;="ab# *[]()\\'
LETTERS = "Лукашенко Минск Nausėda Łódź ŽšŮĄĘĆ"
ALPHABET = st.sampled_from(sorted(set(MARKUP + LETTERS + "xyz019 .,-'")))
# Deterministic (the same examples on every run, so CI cannot flake) and bounded: the file runs
# in well under 30 s. Set HYPOTHESIS_SEED-free exploration locally by raising max_examples.
BASE = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, database=None)


def examples(n: int) -> settings:
    return settings(BASE, max_examples=n)


def _safe_text(text: str) -> bool:
    try:
        markup.parse(text)
    except markup.MarkupError:
        return False  # a link the generator made up, e.g. [a](b): refused by design, tested elsewhere
    return True


texts = st.text(ALPHABET, min_size=1, max_size=50).map(str.strip).filter(bool).filter(_safe_text)
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)


def _iso(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


brief_dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(_iso)  # loading's range
event_dates = st.dates(dt.date(1000, 1, 1)).map(_iso)
styles = st.sampled_from(['"', "'", None])


@st.composite
def scalar(draw: st.DrawFn, text: str) -> str:
    """``text`` written as a YAML scalar in a style hypothesis picks (PyYAML's emitter escapes)."""
    style = draw(styles)
    out = yaml.safe_dump(text, default_style=style, allow_unicode=True, width=10**9)
    return out.removesuffix("\n...\n").removesuffix("\n")


@dataclass(frozen=True)
class GeneratedBrief:
    yaml_text: str
    title: str
    summary: str
    facts: tuple[str, ...]
    events: tuple[str, ...]
    outlet: str


@st.composite
def briefs(draw: st.DrawFn) -> GeneratedBrief:
    title, summary, outlet = draw(texts), draw(texts), draw(texts)
    facts = tuple(draw(st.lists(texts, min_size=1, max_size=4)))
    events = tuple(draw(st.lists(texts, max_size=2)))
    lines = [
        f"id: {draw(ids)}",
        f"title: {draw(scalar(title))}",
        f"date: {draw(brief_dates)}",
        f"summary: {draw(scalar(summary))}",
        "sources:",
        "  - id: src",
        f"    outlet: {draw(scalar(outlet))}",
        "    kind: other",
        "key_facts:",
    ]
    for fact in facts:
        lines += [f"  - text: {draw(scalar(fact))}", "    sources: [src]"]
    if events:
        lines.append("timeline:")
        for event in events:
            lines += [
                f"  - date: {draw(event_dates)[:7]}",
                f"    event: {draw(scalar(event))}",
                "    sources: src",
            ]
    return GeneratedBrief("\n".join(lines) + "\n", title, summary, facts, events, outlet)


@pytest.fixture(scope="module")
def audience(tmp_path_factory: pytest.TempPathFactory) -> Audience:
    folder = tmp_path_factory.mktemp("templates")
    (folder / "plain.yaml").write_text("description: every section, nothing else\n", "utf-8")
    return TemplateSet([folder]).resolve("plain")


# --- valid briefs -------------------------------------------------------------------------------
@examples(150)
@given(briefs())
def test_generated_briefs_load_with_their_text_unchanged(generated: GeneratedBrief) -> None:
    brief = parse_brief(generated.yaml_text, "gen.yaml").brief
    assert brief.title == generated.title
    assert brief.summary == generated.summary
    assert brief.sources[0].outlet == generated.outlet
    assert tuple(f.text for f in brief.key_facts) == generated.facts
    assert tuple(e.event for e in brief.timeline) == generated.events


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@examples(40)
@given(generated=briefs())
def test_generated_briefs_build_in_both_formats_and_their_text_round_trips(
    audience: Audience, generated: GeneratedBrief
) -> None:
    document = lay_out(parse_brief(generated.yaml_text, "gen.yaml").brief, audience)
    data = {fmt: writer(fmt)(document) for fmt in ("docx", "pdf")}
    d = docx.Document(io.BytesIO(data["docx"]))
    docx_text = plain_typography(
        "\n".join(
            [p.text for p in d.paragraphs]
            + [p.text for t in d.tables for row in t.rows for cell in row.cells for p in cell.paragraphs]
        )
    )
    pdf_text = _squash(
        plain_typography("".join(page.extract_text() for page in PdfReader(io.BytesIO(data["pdf"])).pages))
    )
    marked_up = (generated.summary, *generated.facts, *generated.events)  # the title is plain text
    for shown in (generated.title, *(markup.plain(text) for text in marked_up)):
        shown = plain_typography(shown)  # quotes curled, dashes set, spaces kept from breaking
        assert shown in docx_text
        assert _squash(shown) in pdf_text


# --- corrupted briefs ---------------------------------------------------------------------------
REQUIRED_KEYS = ("id", "title", "date", "summary", "sources")
BAD_CHARS = [
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x9b",
    "\ufffe",
    "\uffff",
    "\ufeff",
    "🚀",
    "政",
    "\u2009",
    "\u200b",
    "\t",
]


def _load(data: bytes) -> None:
    """Load like ``load_brief`` does from disk; every problem must point into the file."""
    try:
        parse_for_default_audiences(decode(data, "c.yaml"), "c.yaml")
    except InvalidInput as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == "c.yaml"
            assert problem.line is not None and problem.column is not None, problem
            assert problem.message and "\x1b" not in str(problem)


@examples(60)
@given(briefs(), st.sampled_from(REQUIRED_KEYS))
def test_a_deleted_required_key_is_a_positioned_problem(generated: GeneratedBrief, key: str) -> None:
    kept, dropping = [], False
    for line in generated.yaml_text.splitlines(keepends=True):
        if not line.startswith(" "):
            dropping = line.startswith(f"{key}:")  # the key and its indented block
        if not dropping:
            kept.append(line)
    with pytest.raises(InvalidInput) as info:
        parse_brief("".join(kept), "c.yaml")
    assert any(p.path == key and f"missing required field {key!r}" in p.message for p in info.value.problems)
    assert all(p.line is not None for p in info.value.problems)


@examples(150)
@given(briefs(), st.sampled_from(BAD_CHARS), st.data())
def test_a_bad_character_anywhere_is_refused_or_harmless(
    generated: GeneratedBrief, bad: str, data: st.DataObject
) -> None:
    text = generated.yaml_text
    at = data.draw(st.integers(0, len(text)))
    corrupted = text[:at] + bad + text[at:]
    if bad == "\t" or (bad == "\ufeff" and at == 0):  # whitespace in text, or a leading BOM: fine
        _load(corrupted.encode("utf-8", "surrogatepass"))
        return
    with pytest.raises(InvalidInput):
        parse_for_default_audiences(decode(corrupted.encode("utf-8"), "c.yaml"), "c.yaml")
    _load(corrupted.encode("utf-8"))


SWAPS = ["[x, y]", "{a: b}", "", "~", "'[x]'", "- x", "true", "1.5", "!!int 3", "&a x", "*a"]


@examples(150)
@given(briefs(), st.sampled_from(SWAPS), st.data())
def test_a_value_of_the_wrong_type_is_a_positioned_problem_or_accepted(
    generated: GeneratedBrief, swap: str, data: st.DataObject
) -> None:
    lines = generated.yaml_text.splitlines(keepends=True)
    valued = [i for i, ln in enumerate(lines) if re.match(r"^\s*(- )?[a-z_]+: \S", ln)]
    i = data.draw(st.sampled_from(valued))
    key = lines[i].split(":", 1)[0]
    lines[i] = f"{key}: {swap}\n"
    _load("".join(lines).encode())


@examples(150)
@given(briefs(), st.data())
def test_a_file_cut_at_any_byte_is_a_positioned_problem_or_still_valid(
    generated: GeneratedBrief, data: st.DataObject
) -> None:
    raw = generated.yaml_text.encode("utf-8")
    cut = data.draw(st.integers(0, len(raw)))
    _load(raw[:cut])


@examples(60)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise_anything_but_invalid_input(raw: bytes) -> None:
    try:
        parse_brief(decode(raw, "c.yaml"), "c.yaml")
    except InvalidInput as exc:
        assert all(p.file == "c.yaml" for p in exc.problems)


def test_regression_cases_from_fuzzing_exist() -> None:
    cases = Path(__file__).parent / "bad_inputs"
    assert any("# class: fuzz" in p.read_text("utf-8", "replace") for p in cases.glob("*.yaml"))
