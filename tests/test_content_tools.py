"""The tools know the open content: diff and What's new (recommendations, a brief's own
sections, wording per audience), lint (the acronym rule, organizations), and the timeline
figure's year labels over decades."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from briefbuilder.audience.editions import audience_filter, diff_briefs, format_report, whats_new
from briefbuilder.audience.templates import TemplateSet
from briefbuilder.authoring.lint import LintConfig, lint_text
from briefbuilder.brief.content import Wording
from briefbuilder.brief.loading import load_brief
from briefbuilder.layout.document import Look, TimelineChart, TimelineEvent
from briefbuilder.layout.scene import Words
from briefbuilder.layout.timeline_figure import timeline_scene, year_labels
from helpers import ROOT

FERRY = ROOT / "tests" / "fixtures" / "content" / "river-ferry-fares.yaml"


@pytest.fixture(scope="module")
def ferry():
    return load_brief(FERRY).brief


def _replace_block(brief, s: int, b: int, **changes):
    sec = brief.custom_sections[s]
    blocks = list(sec.blocks)
    blocks[b] = dataclasses.replace(blocks[b], **changes)
    sections = list(brief.custom_sections)
    sections[s] = dataclasses.replace(sec, blocks=tuple(blocks))
    return dataclasses.replace(brief, custom_sections=tuple(sections))


# --- diff ---------------------------------------------------------------------------------------
def test_diff_compares_recommendations_own_sections_and_wordings(ferry) -> None:
    first = ferry.recommendations[0]
    table = ferry.custom_sections[0].blocks[1].table
    rows = (*table.rows[:2], ("Northbank - Mill Quay", "2.90", "612,500", "-4%"), table.rows[3])
    new = _replace_block(ferry, 0, 1, table=dataclasses.replace(table, rows=rows))
    new = dataclasses.replace(
        new,
        recommendations=(dataclasses.replace(first, rationale="A new reason."),),
        summary=Wording(ferry.summary.default, {"press": "A new public bottom line."}),
    )
    changes = diff_briefs(ferry, new)
    by = {(c.section, c.kind, c.label): c for c in changes}
    assert ("recommendations", "removed", "brief-minister") in by
    assert any(
        d.startswith("rationale: ") for d in by[("recommendations", "changed", "publish-counts")].details
    )
    assert ("summary", "changed", "summary (press wording)") in by
    cells = by[("custom_sections", "changed", "Fares and passengers: table")]
    assert any(d.startswith("cells: ") and "2.90" in d for d in cells.details)
    report = format_report(ferry, new, changes)
    assert "\nRecommendations\n" in report and "\nThe brief's own sections\n" in report


def test_a_new_picture_is_a_change_even_under_the_same_file_name(ferry) -> None:
    figure = ferry.custom_sections[0].blocks[2].figure
    picture = dataclasses.replace(figure.picture, data=figure.picture.data + b"\0")
    new = _replace_block(ferry, 0, 2, figure=dataclasses.replace(figure, picture=picture))
    (change,) = diff_briefs(ferry, new)
    assert change.section == "custom_sections" and change.details[0].startswith("picture: ")


def test_whats_new_tells_each_audience_in_its_own_wording_and_nothing_internal(ferry) -> None:
    templates = TemplateSet.default()
    fact = ferry.key_facts[1]
    text = Wording("The operators now ask for 5 million crowns, which we think is padded.",
                   {"press": "The operators now ask for 5 million crowns."})  # fmt: skip
    new = dataclasses.replace(
        ferry,
        key_facts=(ferry.key_facts[0], dataclasses.replace(fact, text=text)),
        recommendations=(*ferry.recommendations, dataclasses.replace(ferry.recommendations[1], id="another")),
    )
    changes = diff_briefs(ferry, new)
    press = whats_new(ferry, changes, audience_filter(templates.resolve("press"), ferry, new))
    analyst = whats_new(ferry, changes, audience_filter(templates.resolve("analyst"), ferry, new))
    assert "Updated fact: The operators now ask for 5 million crowns." in press
    assert not any("padded" in line or "Brief the minister" in line for line in press)
    assert any("which we think is padded" in line for line in analyst)
    assert any(line.startswith("New recommendation: Brief the minister") for line in analyst)


def test_a_change_of_another_audience_wording_is_not_news(ferry) -> None:
    templates = TemplateSet.default()
    new = dataclasses.replace(
        ferry, summary=Wording(ferry.summary.default, {"press": "Changed for the press."})
    )
    changes = diff_briefs(ferry, new)
    assert whats_new(ferry, changes, audience_filter(templates.resolve("analyst"), ferry, new)) == ()
    press = whats_new(ferry, changes, audience_filter(templates.resolve("press"), ferry, new))
    assert "The bottom line has been updated." in press


# --- lint ---------------------------------------------------------------------------------------
BRIEF = """\
id: t
title: "A test brief"
date: "2025-06-01"
summary: "{summary}"
sources:
  - {{id: s, outlet: "Ministry of Trade", kind: government, date: "2025-05-01"}}
people:
  - {{id: p, name: "Ivan Petrov", role: "Minister"}}
  - {{id: o, name: "Union of Dockers", kind: organization}}
statements:
  - {{speaker: o, text: "We strike", sources: [s]}}
"""


def findings(summary: str) -> list[tuple[str, str]]:
    return [(f.rule, f.message) for f in lint_text(BRIEF.format(summary=summary), "t.yaml", LintConfig())]


@pytest.mark.parametrize(
    "summary",
    [
        "UPDATE: the port is CLOSED and NOT open before May.",
        "OK, that is ALL.",
        "Ivan PETROV met the UNION OF DOCKERS.",
        "Pope Leo XIV, Louis XVIII and World War II; in MCMLXXX it was built.",
        "The Élysée and Çelik met in Washington DC.",
    ],
)
def test_the_acronym_rule_leaves_words_names_and_numerals_alone(summary: str) -> None:
    assert [f for f in findings(summary) if f[0] == "BB110"] == []


@pytest.mark.parametrize(
    ("summary", "acronym"), [("The WHO said so.", "WHO"), ("The MDC won; the CD fell.", "MDC")]
)
def test_the_acronym_rule_still_flags_acronyms(summary: str, acronym: str) -> None:
    flagged = [m for rule, m in findings(summary) if rule == "BB110"]
    assert flagged and flagged[0].startswith(f"{acronym} is not spelled out")


def test_an_organization_needs_no_role_and_every_wording_is_linted() -> None:
    assert "BB104" not in {rule for rule, _ in findings("Nothing happened.")}
    text = BRIEF.format(summary="x").replace('summary: "x"', 'summary:\n  default: "Fine."\n  press: "TODO"')
    found = lint_text(text, "t.yaml", LintConfig())
    assert [(f.rule, f.path, f.line) for f in found if f.rule == "BB112"] == [("BB112", "summary.press", 6)]


def test_the_ferry_brief_lints_clean() -> None:
    from helpers import run_cli

    result = run_cli("lint", "--strict", FERRY)
    assert result.code == 0, result.out + result.err


# --- the timeline figure over decades -----------------------------------------------------------
def _years(events: list[tuple[int, int | None]]) -> list[tuple[float, int]]:
    """The year labels of a timeline figure of ``events``: (x, year), left to right."""
    chart = TimelineChart(tuple(TimelineEvent(y, m, None, str(y), f"Event {y}") for y, m in events))
    scene = timeline_scene(chart, 480, Look())
    labels = [
        (w.x, int(w.text))
        for w in scene.shapes
        if isinstance(w, Words) and w.text.isdigit() and w.anchor == "middle"  # on the band
    ]
    return labels


@pytest.mark.parametrize(
    "events",
    [[(1991, None), (2004, None), (2014, 3), (2025, 9)], [(1918, None), (1945, 5), (1991, 8), (2025, 9)]],
    ids=["decades", "a-century"],
)
def test_year_labels_over_decades_are_round_years_each_over_its_own_year(events) -> None:
    labels = _years(events)
    years = [y for _, y in labels]
    step = years[1] - years[0]
    assert step in (2, 5, 10, 20, 25) and all(y % step == 0 for y in years)
    assert all(b - a == step for a, b in itertools.pairwise(years))
    xs = [x for x, _ in labels]
    assert xs == sorted(xs)


def test_year_labels_sit_in_the_middle_of_their_year() -> None:
    starts = [0.0, 10.0, 20.0, 50.0, 60.0, 70.0]  # 2000..2004; 2002 is a busy, wide year
    assert year_labels(2000, 2005, starts, 5.0) == [2000, 2001, 2002, 2003, 2004]
    assert year_labels(2000, 2005, starts, 25.0) == [2000, 2002, 2004]  # 5, 35, 65: far enough apart
    assert year_labels(1990, 2060, [i * 3.0 for i in range(71)], 25.0) == list(range(1990, 2060, 10))
    assert year_labels(2025, 2026, [0.0, 400.0], 30.0) == [2025]
