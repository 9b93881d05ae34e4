"""The open content model as the loader reads it: wording per audience, recommendations, a
brief's own sections and the files they name (CSV, pictures), organizations and remarks.
Every problem is located (file:line:col and field path, or the CSV file's own line)."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path

import pytest

from briefbuilder.brief import content, model
from briefbuilder.brief.content import Wording
from briefbuilder.brief.loading import load_brief, parse_brief
from briefbuilder.brief.schema import json_schema
from briefbuilder.errors import InvalidInput
from helpers import BRIEF, ROOT

FIXTURES = ROOT / "tests" / "fixtures"
FERRY = FIXTURES / "content" / "river-ferry-fares.yaml"

HEAD = """\
id: t
title: "A test brief"
date: "2026-05-20"
summary: "Nothing happened."
sources:
  - id: s
    outlet: "City council"
    kind: government
people:
  - id: p
    name: "Dana Okafor"
    role: "Councillor"
"""


def load(text: str, folder: Path | None = None):
    """Load ``text`` as a brief; from a file in ``folder`` when it names files."""
    if folder is None:
        return parse_brief(text, "t.yaml").brief
    path = folder / "t.yaml"
    path.write_text(text, "utf-8")
    return load_brief(path).brief


def problems(text: str, folder: Path | None = None) -> list[str]:
    with pytest.raises(InvalidInput) as info:
        load(text, folder)
    return [str(p) for p in info.value.problems]


def section(blocks: str, key: str = "extra") -> str:
    return HEAD + f'custom_sections:\n  - key: {key}\n    heading: "Extra"\n    blocks:\n{blocks}'


# --- every brief valid before stays valid -------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        BRIEF,
        FIXTURES / "briefs" / "harbour-flood-barrier.yaml",
        *sorted((FIXTURES / "editions").glob("*.yaml")),
    ],
    ids=lambda p: p.name,
)
def test_briefs_of_before_still_load(path: Path) -> None:
    brief = load_brief(path).brief
    assert isinstance(brief.summary, str) and brief.summary.strip()


def test_release_is_one_set_of_levels_in_model_and_content() -> None:
    assert content.Release == model.Release  # content.py cannot import model: the two must agree


# --- wording per audience -----------------------------------------------------------------------
def test_plain_text_and_a_mapping_of_wordings_are_both_a_wording() -> None:
    brief = load(
        HEAD.replace('summary: "Nothing happened."', 'summary: {default: "Analysts.", press: "Public."}')
    )
    assert brief.summary == Wording("Analysts.", {"press": "Public."})
    assert brief.summary == "Analysts."  # as text it is the default wording
    assert brief.summary.for_audience("press-eu", "press", "analyst") == "Public."
    assert brief.summary.for_audience("executive", "analyst") == "Analysts."
    assert pickle.loads(pickle.dumps(brief)) == brief  # batch workers get briefs pickled
    plain = load(HEAD)
    assert isinstance(plain.summary, Wording) and plain.summary.variants == ()


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        ("{press: Public.}", "t.yaml:4:10: summary: a mapping of wordings needs 'default'"),
        (
            '{default: "A.", "Press office": "B."}',
            "t.yaml:4:26: summary.Press office: expected 'default' or an",
        ),
        ('{default: "A.", press: [x]}', "t.yaml:4:33: summary.press: expected text, got a list"),
        ('{default: "[a](javascript:x)"}', "summary: link 'javascript:x' is not allowed"),
        ("[a, b]", "summary: expected text, or a mapping of wordings"),
    ],
)
def test_a_bad_wording_is_located(summary: str, message: str) -> None:
    found = problems(HEAD.replace('"Nothing happened."', summary))
    assert any(message in p for p in found), found


def test_a_press_wording_is_checked_like_any_text() -> None:
    text = HEAD.replace(
        'summary: "Nothing happened."', 'summary:\n  default: "A."\n  press: "Bad [x](file:///etc)."'
    )
    assert any("t.yaml:6:19: summary.press: link 'file:///etc' is not allowed" in p for p in problems(text))


# --- people: organizations and remarks ----------------------------------------------------------
def test_an_organization_and_a_remark() -> None:
    text = HEAD + '  - id: fua\n    name: "Users\' Association"\n    kind: organization\n'
    text = text.replace(
        '    role: "Councillor"\n', '    role: "Councillor"\n    remark: "Check her figures."\n'
    )
    brief = load(text)
    assert brief.person("fua").kind == "organization" and brief.person("p").kind == "person"
    assert brief.person("p").remark == "Check her figures."
    bad = text.replace("kind: organization", "kind: ministry")
    assert any("people[1].kind: expected one of 'person', 'organization'" in p for p in problems(bad))


# --- recommendations ----------------------------------------------------------------------------
def test_recommendations_are_read_with_release_rationale_and_sources() -> None:
    text = HEAD + (
        "recommendations:\n"
        '  - text: {default: "Fund the count.", press: "Count riders."}\n'
        '    rationale: "The review needs a baseline."\n'
        "    sources: [s]\n"
        '  - text: "Brief the minister."\n'
        "    release: internal\n"
        "    id: brief-minister\n"
    )
    first, second = load(text).recommendations
    assert (
        first.text.for_audience("press") == "Count riders."
        and first.rationale == "The review needs a baseline."
    )
    assert second.release == "internal" and second.id == "brief-minister" and second.sources == ()
    assert any(
        "recommendations[0].sources[0]: unknown source 'x'" in p for p in problems(text.replace("[s]", "[x]"))
    )


# --- a brief's own sections ---------------------------------------------------------------------
def test_the_fixture_brief_of_another_subject_loads_every_kind_of_block() -> None:
    brief = load_brief(FERRY).brief
    kinds = [b.kind for sec in brief.custom_sections for b in sec.blocks]
    assert set(kinds) == {"paragraph", "table", "figure", "quote", "list"}
    table = brief.custom_sections[0].blocks[1].table
    assert table is not None and table.rows[1][0] == "Harbour, Old Town"  # a quoted comma in the CSV
    assert table.rows[1][2] == "1,204,000" and len(table.rows) == 4
    figure = brief.custom_sections[0].blocks[2].figure
    assert figure is not None and figure.picture is not None
    assert figure.picture.format == "png" and figure.picture.alt == figure.alt
    assert figure.picture.data == (FERRY.parent / "ferry-passengers.png").read_bytes()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            section('      - paragraph: "A."\n', key="Key Facts"),
            "custom_sections[0].key: 'Key Facts': a section key",
        ),
        (section('      - paragraph: "A."\n', key="key_facts"), "'key_facts' is a built-in section or field"),
        (section('      - paragraph: "A."\n', key="summary"), "'summary' is a built-in section"),
        (section("      - sources: [s]\n"), "custom_sections[0].blocks[0]: a block is exactly one of"),
        (section('      - paragraph: "A."\n        list: ["b"]\n'), "this one has paragraph and list"),
        (section("      - list: []\n"), "custom_sections[0].blocks[0].list: a list needs at least one item"),
        (
            section('      - paragraph: "A."\n        sources: [nope]\n'),
            "blocks[0].sources[0]: unknown source 'nope'",
        ),
        (section('      - quote: {text: "Hi", speaker: q}\n'), "blocks[0].quote.speaker: unknown person 'q'"),
        (
            section('      - quote: {text: "Hi", speaker: p, source: x}\n'),
            "blocks[0].quote.source: unknown source 'x'",
        ),
        (section('      - table: {caption: "T"}\n'), "exactly one of csv (a file) or rows"),
        (
            section('      - table: {caption: "T", rows: [[a, b], [c]]}\n'),
            "table.rows[1]: 1 cells, the first row 2",
        ),
        (
            section('      - table: {caption: "T", rows: [[a]], header_rows: 1}\n'),
            "1 header rows, but the table has only 1",
        ),
        (
            section('      - table: {caption: "T", rows: [[a], [b]], header_rows: 5}\n'),
            "expected 0 to 3 header rows",
        ),
        (
            section('      - table: {caption: "T", rows: [[a], [b]], source: x}\n'),
            "table.source: unknown source 'x'",
        ),
        (section("      - figure: {image: x.png}\n"), "figure.alt: missing required field 'alt'"),
        (
            section("      - figure: {image: x.png, alt: A, picture: y}\n"),
            "figure.picture: unknown key 'picture'",
        ),
    ],
)
def test_a_bad_section_or_block_is_located(text: str, message: str) -> None:
    found = problems(text)
    assert any(message in p for p in found), found


def test_two_sections_may_not_share_a_key() -> None:
    text = (
        section('      - paragraph: "A."\n')
        + '  - key: extra\n    heading: "Again"\n    blocks:\n      - paragraph: "B."\n'
    )
    assert any("custom_sections[1].key: duplicate section key 'extra'" in p for p in problems(text))


def test_empty_cells_are_allowed_in_rows() -> None:
    brief = load(section('      - table: {caption: "T", rows: [[a, ""], [b, "2"]]}\n'))
    assert brief.custom_sections[0].blocks[0].table.rows == (("a", ""), ("b", "2"))


# --- the files a section names ------------------------------------------------------------------
def csv_brief(tmp_path: Path, data: bytes, name: str = "data.csv") -> list[str]:
    (tmp_path / name).write_bytes(data)
    return problems(section(f'      - table: {{caption: "T", csv: {name}}}\n'), tmp_path)


def test_a_csv_is_read_with_the_csv_module(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text('Name,Note\n"Smith, J.","said ""no"""\n\n"two\nlines",x\n', "utf-8")
    brief = load(section('      - table: {caption: "T", csv: d.csv}\n'), tmp_path)
    rows = brief.custom_sections[0].blocks[0].table.rows
    assert rows == (("Name", "Note"), ("Smith, J.", 'said "no"'), ("two\nlines", "x"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"a,b\n1,2\n3\n",
            "data.csv:3: custom_sections[0].blocks[0].table.csv: this row has 1 cells, the first row 2",
        ),
        (b'a,b\n"open,2\n', "data.csv:2: custom_sections[0].blocks[0].table.csv: cannot read this CSV line"),
        (b"a,b\n\xff,2\n", "data.csv:2:1: byte 0xff is not valid UTF-8"),
        (b"a,b\n1,\x07\n", "data.csv:2: custom_sections[0].blocks[0].table.csv: cell 2 contains"),
        (b"", "the CSV file holds no rows"),
        (b"x" * (1024 * 1024 + 1), "is over 1,048,576 bytes"),
        (("a," * 12 + "a\n").encode(), "13 columns; a table may have at most 12"),
        (b"a\n" * 501, "more than 500 rows"),
    ],
)
def test_a_bad_csv_is_located_at_its_line(tmp_path: Path, data: bytes, message: str) -> None:
    found = csv_brief(tmp_path, data)
    assert any(message in p for p in found), found


@pytest.mark.parametrize(
    ("image", "message"),
    [
        ("../outside.png", "'../outside.png' goes up with '..'"),
        ("/etc/passwd", "'/etc/passwd' is an absolute path"),
        ("missing.png", "'missing.png': file not found"),
        ("fake.png", "fake.png: is not a PNG or JPEG image"),
    ],
)
def test_a_figure_stays_inside_the_brief_folder_and_is_an_image(
    tmp_path: Path, image: str, message: str
) -> None:
    (tmp_path / "fake.png").write_text("<svg/>", "utf-8")
    found = problems(section(f'      - figure: {{image: "{image}", alt: "A chart"}}\n'), tmp_path)
    assert any("t.yaml:" in p and "figure.image" in p and message in p for p in found), found


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(FERRY.parent / "ferry-fares.csv", outside / "real.csv")
    folder = tmp_path / "brief"
    folder.mkdir()
    (folder / "data.csv").symlink_to(outside / "real.csv")
    found = problems(section('      - table: {caption: "T", csv: data.csv}\n'), folder)
    assert any("symbolic link that leads outside" in p for p in found), found


def test_a_figure_width_is_a_fraction_of_the_text_width(tmp_path: Path) -> None:
    shutil.copy(FERRY.parent / "ferry-passengers.png", tmp_path / "p.png")
    found = problems(section('      - figure: {image: p.png, alt: "A chart", width: 70}\n'), tmp_path)
    assert any("figure.width: expected a fraction of the text width, 0.1 to 1, got 70" in p for p in found)


def test_every_problem_of_the_sections_and_their_files_is_reported_in_one_pass(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("a,b\n1\n", "utf-8")
    text = section(
        '      - table: {caption: "T", csv: d.csv}\n'
        '      - figure: {image: none.png, alt: "A"}\n'
        "      - list: []\n"
        '      - paragraph: "A."\n        sources: [nope]\n'
    )
    found = problems(text, tmp_path)
    assert len(found) == 4, found


# --- the JSON Schema ----------------------------------------------------------------------------
def test_the_schema_describes_the_new_forms() -> None:
    schema = json_schema()
    summary = schema["properties"]["summary"]
    assert {"type": "string", "minLength": 1, "maxLength": 20_000} in summary["anyOf"]
    mapping = next(a for a in summary["anyOf"] if a.get("type") == "object")
    assert mapping["required"] == ["default"] and mapping["additionalProperties"]["type"] == "string"
    defs = schema["$defs"]
    assert set(defs["ContentBlock"]["properties"]) == {
        "paragraph", "table", "figure", "quote", "list", "sources", "release", "audiences"
    }  # fmt: skip
    assert "picture" not in defs["FigureSpec"]["properties"]  # the loader fills it, never the file
    assert defs["FigureSpec"]["required"] == ["image", "alt"]
    assert defs["TableSpec"]["properties"]["rows"]["items"]["items"]["type"] == "string"
    assert defs["Person"]["properties"]["kind"]["enum"] == ["person", "organization"]
    assert "remark" in defs["Person"]["properties"] and "recommendations" in schema["properties"]
    json.dumps(schema)  # serialisable as is
