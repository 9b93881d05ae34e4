"""briefbuilder diff and the "What's new" box: what changed between two editions of a brief."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from briefbuilder.audience.editions import audience_filter, diff_briefs, format_report, whats_new, word_diff
from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief, parse_brief
from briefbuilder.commands.diff import use_colour
from helpers import BRIEF, docx_text, pdf_text, plain_typography, run_cli

EDITIONS = Path(__file__).parent / "fixtures" / "editions"
OLD, NEW = EDITIONS / "edition-1.yaml", EDITIONS / "edition-2.yaml"


@pytest.fixture(scope="module")
def shipped():
    return load_brief(BRIEF).brief


def edited(text: str, *replacements: tuple[str, str]) -> str:
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def changes_between(old_text: str, new_text: str):
    return diff_briefs(parse_brief(old_text, "old.yaml").brief, parse_brief(new_text, "new.yaml").brief)


def test_diff_names_the_title_the_fact_and_the_timeline_entry_that_changed() -> None:
    result = run_cli("diff", OLD, NEW)
    assert result.code == 0 and result.err == ""
    out = result.out
    assert (
        "Title\n  ~ [-Washington restarts direct contacts-] {+Why the US decided to normalize relations+}"
        in out
    )
    assert "Key facts\n  ~ embassy-status\n" in out
    assert "since [-2022.-] {+February 2022; its consular section does not issue visas.+}" in out
    assert "Timeline\n  ~ February 2022\n" in out and "date: 2022 -> 2022-02" in out
    assert out.rstrip().endswith("3 changes: 0 added, 0 removed, 3 changed")
    assert "\033[" not in out, "no colour when stdout is not a terminal"


def test_exit_code_option_works_like_git_diff() -> None:
    assert run_cli("diff", "--exit-code", OLD, NEW).code == 1
    same = run_cli("diff", "--exit-code", OLD, OLD)
    assert same.code == 0 and "No changes between the editions." in same.out
    assert run_cli("diff", OLD, NEW).code == 0


def test_invalid_editions_are_reported_together(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", "utf-8")
    result = run_cli("diff", bad, tmp_path / "missing.yaml")
    assert result.code == 2
    assert "bad.yaml:1:1: title: missing required field" in result.err
    assert "missing.yaml: file not found" in result.err


def test_colour_only_for_a_terminal_without_no_color(monkeypatch) -> None:
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour("auto") is True
    monkeypatch.setenv("NO_COLOR", "1")
    assert use_colour("auto") is False
    assert use_colour("always") is True and use_colour("never") is False
    coloured = run_cli("diff", "--color", "always", OLD, NEW).out
    assert "\033[32mWhy the US decided to normalize relations\033[0m" in coloured
    assert "[-" not in coloured


def test_an_edited_fact_without_id_is_changed_not_removed_and_added() -> None:
    old = edited(BRIEF.read_text("utf-8"), ("  - id: june-visit\n    text:", "  - text:"))  # matched by text
    new = edited(
        old, ("Keith Kellogg\n      visited Minsk in June", "Keith Kellogg\n      visited Minsk in mid-June")
    )
    changes = changes_between(old, new)
    assert [(c.section, c.kind, c.label) for c in changes] == [("key_facts", "changed", "fact 12")]
    ops = word_diff(changes[0].old, changes[0].new)
    assert ("delete", "June,") in ops and ("insert", "mid-June,") in ops


def test_a_new_fact_and_a_dropped_fact_are_added_and_removed() -> None:
    text = BRIEF.read_text("utf-8")
    new = edited(
        text,
        (
            "  - id: june-visit\n",
            "  - id: fresh\n    text: Something else entirely.\n    sources: [article]\n  - id: june-visit\n",
        ),
        ("  - id: letter-gift\n", "  - id: gift-letter\n"),  # a renamed id is a different item
    )
    kinds = {(c.label, c.kind) for c in changes_between(text, new)}
    assert kinds == {("fresh", "added"), ("gift-letter", "added"), ("letter-gift", "removed")}


def test_judgment_confidence_and_sources_changes_are_details() -> None:
    text = BRIEF.read_text("utf-8")
    new = edited(text, ("    confidence: moderate\n    sources: [belta, pool-first, article]",
                        "    confidence: high\n    sources: [belta, article, reuters]"))  # fmt: skip
    (change,) = changes_between(text, new)
    assert change.section == "key_judgments" and change.old == change.new
    assert change.details == ("confidence: moderate -> high", "sources: +reuters -pool-first")


def test_every_section_is_compared(shipped) -> None:
    b = shipped
    people = b.people
    changed = dataclasses.replace(
        b,
        subtitle=None,
        version="1.1",
        summary=b.summary + " More.",
        context=b.context[:-1],
        statements=b.statements[1:],
        analysis=(dataclasses.replace(b.analysis[0], views=b.analysis[0].views[1:]), *b.analysis[1:]),
        outlook=b.outlook[:-1],
        caveats=b.caveats[1:],
        sources=(*b.sources, dataclasses.replace(b.sources[0], id="new-source", outlet="New outlet")),
        people=people,
    )
    sections = {c.section for c in diff_briefs(b, changed)}
    assert sections == {"subtitle", "version", "summary", "context", "statements", "analysis.views",
                        "outlook", "caveats", "sources"}  # fmt: skip
    report = format_report(b, changed, diff_briefs(b, changed))
    for heading in (
        "Subtitle",
        "Version",
        "Summary",
        "Context",
        "Statements (quotes)",
        "Expert views",
        "Sources",
    ):
        assert f"\n{heading}\n" in report
    assert "  ~ 1.0 -> 1.1" in report


def test_word_diff_keeps_a_little_context_around_each_change() -> None:
    old = "one two three four five six seven eight nine ten eleven twelve"
    new = "one two three four five six SEVEN eight nine ten eleven twelve"
    assert word_diff(old, new, context=2) == [
        ("equal", "… five six"),
        ("delete", "seven"),
        ("insert", "SEVEN"),
        ("equal", "eight nine …"),
    ]


# --- the "What's new" box ---------------------------------------------------------------------


def test_whats_new_lines_start_with_the_date_of_the_old_edition() -> None:
    old, new = load_brief(OLD).brief, load_brief(NEW).brief
    lines = whats_new(old, diff_briefs(old, new))
    assert lines[0] == "What's new since 11 September 2025 (version 1)"
    assert lines[1] == "New title: Why the US decided to normalize relations with Belarus"
    assert lines[2].startswith(
        "Updated fact: The US Embassy in Minsk has not actually been operating since February"
    )
    assert lines[3].startswith("Updated on the timeline (February 2022): The US Embassy")
    assert whats_new(old, diff_briefs(old, old)) == ()


def test_whats_new_never_tells_a_public_reader_about_internal_items() -> None:
    text = OLD.read_text("utf-8")
    new = edited(
        text,
        (
            "differ.\n    confidence: moderate",
            "differ sharply.\n    confidence: moderate",
        ),  # internal judgment
        (
            "imposed sectoral restrictions on Belarus in 2021.",
            "imposed sectoral restrictions on Belarus in 2021 (sic).",
        ),
    )
    old_brief, new_brief = parse_brief(text, "o").brief, parse_brief(new, "n").brief
    changes = diff_briefs(old_brief, new_brief)
    assert len(changes) == 2
    templates = TemplateSet.default()
    analyst = whats_new(
        old_brief, changes, audience_filter(templates.resolve("analyst"), old_brief, new_brief)
    )
    press = whats_new(old_brief, changes, audience_filter(templates.resolve("press"), old_brief, new_brief))
    assert any("sharply" in line for line in analyst)
    assert not any("sharply" in line for line in press) and any("(sic)" in line for line in press)
    executive = whats_new(
        old_brief, changes, audience_filter(templates.resolve("executive"), old_brief, new_brief)
    )
    assert any("sharply" in line for line in executive)  # executive shows internal judgments


def test_whats_new_leaves_out_changes_readers_cannot_see_in_the_text() -> None:
    text = BRIEF.read_text("utf-8")
    new = edited(
        text,
        (
            "    sources: [belta]\n  - id: embassy-status",
            "    sources: [belta, article]\n  - id: embassy-status",
        ),
    )
    old_brief, new_brief = parse_brief(text, "o").brief, parse_brief(new, "n").brief
    changes = diff_briefs(old_brief, new_brief)
    assert [c.details for c in changes] == [("sources: +article",)]
    assert whats_new(old_brief, changes) == ()


def test_whats_new_is_short() -> None:
    old = load_brief(OLD).brief
    facts = tuple(
        dataclasses.replace(old.key_facts[0], id=f"f{i}", text=f"Fact number {i}.") for i in range(10)
    )
    new = dataclasses.replace(old, key_facts=old.key_facts + facts)
    lines = whats_new(old, diff_briefs(old, new), limit=4)
    assert len(lines) == 1 + 4 and lines[-1] == "And 7 more changes."


def test_build_with_previous_puts_the_box_in_both_formats_for_each_audience(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    text = edited(
        NEW.read_text("utf-8"),
        ("differ.\n    confidence: moderate", "differ sharply.\n    confidence: moderate"),  # internal
    )
    new.write_text(text, "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", new, "--previous", OLD, "--audience", "analyst,press", "--out", out)
    assert result.code == 0, result.err
    for audience in ("analyst", "press"):
        pdf = plain_typography(pdf_text((out / f"us-belarus-contacts-{audience}.pdf").read_bytes()))
        docx = plain_typography(docx_text((out / f"us-belarus-contacts-{audience}.docx").read_bytes()))
        for document in (pdf, docx):
            assert "What's new since 11 September 2025 (version 1)" in document
            assert "New title: Why the US decided to normalize relations with Belarus" in document
            assert ("differ sharply" in document) is (audience == "analyst")
        assert pdf.index("What's new since") < pdf.index("John Cole said on September 11"), "box first"


def test_build_with_previous_checks_its_arguments(tmp_path: Path) -> None:
    two = run_cli("build", OLD, NEW, "--previous", OLD, "--out", tmp_path)
    assert two.code == 2 and "--previous: name exactly one BRIEF" in two.err
    missing = run_cli("build", NEW, "--previous", tmp_path / "nope.yaml", "--out", tmp_path)
    assert missing.code == 2 and "nope.yaml: file not found" in missing.err
    assert list(tmp_path.iterdir()) == []


def test_report_header_names_both_editions() -> None:
    out = run_cli("diff", OLD, NEW).out
    assert re.match(
        r"us-belarus-contacts: version 1 of 11 September 2025 -> version 1 of 11 September 2025\n", out
    )
