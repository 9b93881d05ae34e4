"""Layout of the open content: quotes (inline when short, once per document, organizations by
name), wording per audience, recommendations, a brief's own sections where templates put them,
tables and pictures, and the template fixes (intro: none)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from briefbuilder.audience import visibility
from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief, parse_brief
from briefbuilder.layout.custom import column_alignment, is_number
from briefbuilder.layout.document import BlockQuote, DataTable, Heading, Para, Picture, dump, plain_text
from briefbuilder.layout.engine import lay_out
from helpers import ROOT, plain_typography

FERRY = ROOT / "tests" / "fixtures" / "content" / "river-ferry-fares.yaml"

QUOTES = """\
id: q
title: "Quotes"
date: "2026-05-20"
summary: "S."
sources:
  - {id: s, outlet: "Council", kind: government}
people:
  - {id: ann, name: "Ann Lee", role: "Mayor", affiliation: "Port Aldane"}
  - {id: min, name: "Ministry of Ports", kind: organization, role: "ministry", remark: "Desk: slow to reply"}
statements:
  - {speaker: ann, text: "We will build it", context: "On the barrier", sources: [s]}
  - {speaker: min, text: "The funds are there", sources: [s]}
  - speaker: ann
    text: >-
      The barrier is the largest public work this city has undertaken since the harbour walls of
      1911, and it will be finished on time and within the budget the council has approved.
    sources: [s]
  - {speaker: ann, text: "We will build it.", sources: [s]}
analysis:
  - expert: ann
    quotes:
      - {speaker: ann, text: "we will build it", sources: [s]}
"""


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return TemplateSet.default()


def lines(brief, templates: TemplateSet, name: str = "analyst") -> str:
    """The layout's dump, its typography made plain (the brief's straight quotes are curled)."""
    return "\n".join(
        plain_typography(line) for line in dump(lay_out(brief, templates.resolve(name))).splitlines()
    )


# --- quotes -------------------------------------------------------------------------------------
def test_short_quotes_run_inline_long_ones_are_set_apart(templates) -> None:
    doc = lay_out(parse_brief(QUOTES, "q.yaml").brief, templates.resolve("analyst"))
    paras = [
        plain_text(b.inlines) for b in doc.blocks if isinstance(b, Para) and "said:" in plain_text(b.inlines)
    ]
    assert paras[0] == "On the barrier, Ann Lee (Mayor, Port Aldane) said: “We will build it”.[^1]"
    assert paras[1] == "Ministry of Ports said: “The funds are there”.[1]"  # an organization: no role
    quotes = [b for b in doc.blocks if isinstance(b, BlockQuote)]
    assert len(quotes) == 1 and plain_text(quotes[0].attribution).startswith("Ann Lee, Mayor, Port Aldane")


def test_a_quote_appears_once_and_a_role_is_printed_once(templates) -> None:
    text = lines(parse_brief(QUOTES, "q.yaml").brief, templates)
    assert text.count("We will build it") == 1  # the statement; the later and the expert's copy dropped
    assert text.lower().count("we will build it") == 1
    assert "Ann Lee (Mayor" in text and text.count("(Mayor") == 1
    assert "Desk: slow to reply" not in text and "ministry" not in text  # a remark; an organization's role
    brief = parse_brief(QUOTES, "q.yaml").brief
    shown = visibility.shown_items(brief, templates.resolve("analyst"))
    assert brief.statements[3] not in shown and brief.analysis[0].quotes[0] not in shown
    assert brief.analysis[0] not in shown  # an expert left with nothing to show is left out, as in layout
    assert "Expert analysis" not in text


# --- wording per audience -----------------------------------------------------------------------
def test_each_audience_reads_its_own_wording_and_one_that_extends_it_inherits_it(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "press-eu.yaml").write_text("extends: press\nlabel: EU press\n", "utf-8")
    templates = TemplateSet.default(folder)
    brief = load_brief(FERRY).brief
    analyst, press, press_eu = (lines(brief, templates, n) for n in ("analyst", "press", "press-eu"))
    assert "our reading is that the operators' subsidy request decides" in analyst
    assert "the operators have asked for a subsidy to cover the difference" in press
    assert "our reading" not in press and "our reading" not in press_eu
    assert "the operators have asked for a subsidy" in press_eu
    for internal in (
        "which the desk considers a floor",
        "the memo we saw",
        "not yet whipped",
        "returns we hold",
    ):
        assert internal in analyst and internal not in press, internal
    assert templates.resolve("press-eu").lineage == ("press-eu", "press", "analyst")


# --- recommendations ----------------------------------------------------------------------------
def test_recommendations_by_release_after_the_outlook(templates) -> None:
    brief = load_brief(FERRY).brief
    analyst, press = lines(brief, templates), lines(brief, templates, "press")
    assert "1. Ask the operators to publish monthly passenger counts per route from July.[1] Why: " in analyst
    assert "2. Brief the minister before the October vote" in analyst
    assert "Brief the minister" not in press and "should not reach the operators" not in press
    assert (
        analyst.index("= H1 Outlook") < analyst.index("= H1 Recommendations") < analyst.index("= H1 Sources")
    )
    assert (
        press.index("= H1 What to watch") < press.index("= H1 Recommendations") < press.index("= H1 Sources")
    )
    executive = lines(brief, templates, "executive")
    assert "= H1 Recommendations" in executive and "Brief the minister" in executive
    assert "Fares and passengers" not in executive  # its one page keeps a brief's own sections out


# --- a brief's own sections ---------------------------------------------------------------------
def test_own_sections_go_before_the_sources_unless_a_template_places_them(tmp_path: Path) -> None:
    brief = load_brief(FERRY).brief
    default = lines(brief, TemplateSet.default())
    assert default.index("= H1 Recommendations") < default.index("= H1 Fares and passengers")
    assert (
        default.index("= H1 Fares and passengers")
        < default.index("= H1 Who stands where")
        < default.index("= H1 Sources")
    )
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "placed.yaml").write_text(
        "extends: analyst\nsections:\n  - key: summary\n  - key: stakeholders\n    heading: Positions\n"
        "  - key: key_facts\n  - key: no_such_section\n",
        "utf-8",
    )
    placed = lines(brief, TemplateSet.default(folder), "placed")
    order = [line for line in placed.splitlines() if line.startswith("= H1")]
    assert [o.split(" #")[0] for o in order] == [
        "= H1 Bottom line up front",
        "= H1 Positions",  # the template's heading wins
        "= H1 Key facts",
        "= H1 Fares and passengers",  # not named: last, as there are no sources
    ]


def test_an_own_section_and_its_blocks_follow_their_release(templates) -> None:
    brief = load_brief(FERRY).brief
    press = lines(brief, templates, "press")
    assert "The desk's own vote count" not in press and "The desk's own vote count" in lines(brief, templates)
    internal = dataclasses.replace(brief.custom_sections[1], release="internal")
    hidden = dataclasses.replace(brief, custom_sections=(brief.custom_sections[0], internal))
    assert "Who stands where" not in lines(hidden, templates, "press")
    shown = visibility.shown_items(hidden, templates.resolve("press"))
    assert internal not in shown and not any(b in shown for b in internal.blocks)


def test_a_table_aligns_numbers_right_and_fills_the_width(templates) -> None:
    doc = lay_out(load_brief(FERRY).brief, templates.resolve("analyst"))
    fares, positions = [b for b in doc.blocks if isinstance(b, DataTable)]
    assert fares.header == (("Route", "Single fare (crowns)", "Passengers 2025", "Change"),)
    assert fares.align == ("left", "right", "right", "right")  # "n/a" is not a value
    assert positions.align == ("left", "left", "right")  # an empty cell neither
    assert plain_text(fares.caption) == "Fares and passengers by route, 2025[2]"  # the data's source
    assert abs(sum(fares.widths) - 1) < 1e-9 and fares.widths[0] == max(fares.widths)
    assert fares.summary and fares.summary.startswith("Three routes")


@pytest.mark.parametrize("cell", ["1,204,000", "3.20", "-4%", "+12%", "(12)", "€1.2", "3 450", "−7"])
def test_numbers_as_tables_print_them(cell: str) -> None:
    assert is_number(cell)


@pytest.mark.parametrize("cell", ["2025a", "Harbour", "12 boats", "n/a", "1-2 May"])
def test_not_numbers(cell: str) -> None:
    assert not is_number(cell) or cell == "n/a"
    assert column_alignment((("x",), (cell,)), 1) == ("left",)


def test_a_picture_is_sized_and_numbered_after_the_timeline_figure(templates) -> None:
    doc = lay_out(load_brief(FERRY).brief, templates.resolve("analyst"))
    (picture,) = [b for b in doc.blocks if isinstance(b, Picture)]
    assert picture.width == 0.7 and picture.image.alt.startswith("Bar chart: ferry passengers rose")
    assert (
        plain_text(picture.caption)
        == "Figure 2. Ferry passengers a year, all routes. Credit: Urban Mobility Desk"
    )
    natural = dataclasses.replace(load_brief(FERRY).brief.custom_sections[0].blocks[2].figure, width=None)
    assert natural.picture is not None  # 720 px at 96 dpi is 540 pt: wider than the text, so all of it
    brief = load_brief(FERRY).brief
    sec = brief.custom_sections[0]
    blocks = (*sec.blocks[:2], dataclasses.replace(sec.blocks[2], figure=natural), *sec.blocks[3:])
    edited = dataclasses.replace(brief, custom_sections=(dataclasses.replace(sec, blocks=blocks),))
    (picture,) = [b for b in lay_out(edited, templates.resolve("analyst")).blocks if isinstance(b, Picture)]
    assert picture.width == 1.0


# --- templates: intro none ----------------------------------------------------------------------
@pytest.mark.parametrize("value", ["none", "None", "NONE", '"none"', "~", "null", ""])
def test_intro_none_or_null_omits_the_inherited_intro(tmp_path: Path, value: str) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "quiet.yaml").write_text(f"extends: press\nintro: {value}\nclosing: none\n", "utf-8")
    audience = TemplateSet.default(folder).resolve("quiet")
    assert audience.intro is None and audience.closing is None
    assert TemplateSet.default(folder).resolve("press").intro  # the parent keeps its own
    doc = lay_out(load_brief(FERRY).brief, audience)
    assert not any(
        isinstance(b, Para) and b.role == "note" and "public briefing" in plain_text(b.inlines)
        for b in doc.blocks
    )
    assert "none" not in dump(doc).lower().split()


def test_headings_of_own_sections_have_unique_anchors(templates) -> None:
    doc = lay_out(load_brief(FERRY).brief, templates.resolve("analyst"))
    anchors = [b.anchor for b in doc.blocks if isinstance(b, Heading)]
    assert len(anchors) == len(set(anchors)) and "sec_custom_fares_and_passengers" in anchors
