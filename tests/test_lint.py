"""briefbuilder lint: every rule fires where it should, and only there; severities are configurable."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from briefbuilder.authoring.lint import RULES, LintConfig, lint_text, reading_order
from briefbuilder.brief.loading import load_brief
from helpers import BRIEF, ROOT, run_cli

FIXTURES = Path(__file__).parent / "fixtures" / "lint"
EVERY_RULE = FIXTURES / "every-rule.yaml"
TIGHT = FIXTURES / "templates"

MINIMAL = """\
id: t
title: "A test brief"
date: "2025-06-01"
summary: "{summary}"
key_judgments:
  - text: "{judgment}"
    confidence: moderate
    sources: [s]
timeline:
{timeline}
sources:
  - id: s
    outlet: "Ministry of Trade"
    kind: government
    date: "2025-05-01"
"""


def brief_text(summary="Nothing happened.", judgment="Nothing will.", dates=("2025-05",)) -> str:
    timeline = "".join(
        f'  - date: "{d}"\n    event: "Event {i}."\n    sources: [s]\n' for i, d in enumerate(dates)
    )
    return MINIMAL.format(summary=summary, judgment=judgment, timeline=timeline)


def lint(text: str, **config) -> list[tuple[str, str]]:
    """(rule id, message) of every finding, for briefs built in the test."""
    return [(f.rule, f.message) for f in lint_text(text, "t.yaml", LintConfig(**config))]


def rules_of(text: str, **config) -> list[str]:
    return [rule for rule, _ in lint(text, **config)]


@pytest.fixture(scope="module")
def every_rule_run():
    return run_cli("lint", EVERY_RULE, "--templates", TIGHT)


def expected_markers() -> set[tuple[str, int]]:
    """The (rule, line) pairs the fixture marks with '# BBnnn' comments."""
    out = set()
    for n, line in enumerate(EVERY_RULE.read_text("utf-8").splitlines(), 1):
        if "#" in line and not line.lstrip().startswith("#"):
            out |= {(rule, n) for rule in re.findall(r"BB\d{3}", line.split("#", 1)[1])}
    return out


def test_shipped_brief_lints_clean_with_its_folder_config() -> None:
    result = run_cli("lint", "--strict", BRIEF)  # page budgets included: the executive PDF is built
    assert result.code == 0, result.out + result.err
    assert (
        result.out.strip()
        == f"ok: 1 brief lints clean (settings: {BRIEF.parent / '.briefbuilder-lint.yaml'})"
    )


def test_every_rule_fires_on_the_line_the_fixture_marks_and_nowhere_else(every_rule_run) -> None:
    found = set()
    for line in every_rule_run.out.splitlines()[:-1]:
        m = re.match(r".*every-rule\.yaml:(\d+):(\d+): (BB\d{3}) \[(error|warning)\] ", line)
        assert m, line
        found.add((m.group(3), int(m.group(1))))
    assert found == expected_markers()
    assert {rule for rule, _ in found} == {r.id for r in RULES}, "every rule has a case in the fixture"
    assert every_rule_run.code == 2


def test_findings_point_at_the_offending_word(every_rule_run) -> None:
    text = EVERY_RULE.read_text("utf-8").splitlines()
    for rule, word in (("BB107", "might"), ("BB108", "likely"), ("BB110", "WTO"), ("BB112", "TBD")):
        line = next(x for x in every_rule_run.out.splitlines() if f": {rule} " in x)
        row, col = map(int, re.match(r"[^:]+:(\d+):(\d+):", line).groups())
        assert text[row - 1][col - 1 :].startswith(word), (rule, line)


def test_summary_counts_errors_and_warnings(every_rule_run) -> None:
    errors = every_rule_run.out.count("[error]")
    warnings = every_rule_run.out.count("[warning]")
    assert every_rule_run.out.splitlines()[-1] == f"{errors} errors, {warnings} warnings in 1 brief"
    assert errors >= 5 and warnings >= 7


def test_rule_option_turns_rules_off_or_changes_their_severity() -> None:
    args = ["lint", EVERY_RULE, "--audience", "none"]
    off = [f"--rule={r.id}=off" for r in RULES if r.severity == "error"]
    result = run_cli(*args, *off)
    assert "[error]" not in result.out and "[warning]" in result.out
    assert result.code == 0
    assert run_cli(*args, *off, "--strict").code == 2
    by_name = run_cli(*args, "--rule", "vague-hedge=error")
    assert re.search(r": BB107 \[error\] ", by_name.out)


def test_bad_rule_option_is_invalid_input() -> None:
    result = run_cli("lint", EVERY_RULE, "--rule", "BB999=off", "--rule", "BB101=loud")
    assert result.code == 2
    assert "unknown rule 'BB999'" in result.err and "expected RULE=error|warning|off" in result.err
    assert "Traceback" not in result.err


def test_config_file_next_to_the_brief_sets_severities_and_allow_list(tmp_path: Path) -> None:
    brief = tmp_path / "b.yaml"
    shutil.copy(EVERY_RULE, brief)
    before = run_cli("lint", brief, "--audience", "none").out
    assert "WTO" in before and ": BB105 " in before
    (tmp_path / ".briefbuilder-lint.yaml").write_text(
        "rules:\n  BB105: off\n  BB101: warning\nallow_acronyms: [WTO]\n", "utf-8"
    )
    after = run_cli("lint", brief, "--audience", "none").out
    assert "WTO" not in after and ": BB105 " not in after
    assert re.search(r": BB101 \[warning\] ", after)
    explicit = run_cli("lint", brief, "--audience", "none", "--config", FIXTURES / "missing.yaml")
    assert explicit.code == 2 and "missing.yaml: file not found" in explicit.err


def test_config_file_problems_are_reported_with_positions(tmp_path: Path) -> None:
    config = tmp_path / "lint.yaml"
    config.write_text("rules:\n  BB11: off\n  BB102: loud\nallow_acronym: [X]\n", "utf-8")
    result = run_cli("lint", BRIEF, "--config", config)
    assert result.code == 2
    assert f"{config}:2:3: rules.BB11: unknown key 'BB11'; did you mean" in result.err
    assert f"{config}:3:10: rules.BB102: expected one of 'error', 'warning', 'off'" in result.err
    assert "unknown key 'allow_acronym'; did you mean 'allow_acronyms'?" in result.err


def test_allow_option_accepts_acronyms() -> None:
    result = run_cli("lint", EVERY_RULE, "--audience", "none", "--allow", "WTO,XYZ")
    assert "WTO" not in result.out


def test_json_output_lists_every_finding_with_its_position(every_rule_run) -> None:
    result = run_cli("lint", EVERY_RULE, "--templates", TIGHT, "--format", "json")
    findings = json.loads(result.out)
    assert len(findings) == len(every_rule_run.out.splitlines()) - 1  # less the summary line
    assert {"rule", "severity", "file", "line", "column", "path", "message"} == set(findings[0])


def test_invalid_brief_is_reported_like_check(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: [oops\n", "utf-8")
    result = run_cli("lint", bad)
    assert result.code == 2 and f"{bad}:" in result.err and "Traceback" not in result.err


def test_list_rules_shows_every_rule_with_its_severity() -> None:
    result = run_cli("lint", "--list-rules", "--rule", "BB110=off")
    assert result.code == 0
    lines = result.out.splitlines()
    assert [line.split()[0] for line in lines] == [r.id for r in RULES]
    assert re.search(r"BB110\s+acronym-not-expanded\s+off", result.out)


# --- the rules one by one ---------------------------------------------------------------------


def test_the_shipped_brief_needs_its_allow_list_only_for_unexpanded_names() -> None:
    """Without data/.briefbuilder-lint.yaml only MGIMO and ISKRAN are flagged: the source never
    expands them, so the brief cannot without inventing words."""
    findings = lint_text(BRIEF.read_text("utf-8"), str(BRIEF), LintConfig())
    assert {f.rule for f in findings} == {"BB110"}
    flagged = {re.match(r"(\w+) ", f.message).group(1): f for f in findings}
    assert set(flagged) == {"MGIMO", "ISKRAN"}  # IIS is spelled out: "Institute of ... (IIS)"


@pytest.mark.parametrize(
    "summary",
    [
        "The Office of Foreign Assets Control (OFAC) acted.",
        "OFAC (the Office of Foreign Assets Control) acted.",
        "OFAC, the US Treasury Department's Office of Foreign Assets Control, acted.",
        "The Ministry of Trade (MOT) and OFAC (Office of Foreign Assets Control) acted; OFAC and MOT again.",
    ],
)
def test_acronyms_spelled_out_at_first_use_pass(summary: str) -> None:
    assert "BB110" not in rules_of(brief_text(summary=summary))


@pytest.mark.parametrize(
    "summary",
    [
        "OFAC acted. The Office of Foreign Assets Control (OFAC) said so.",
        "OFAC (a US agency) acted.",
        "OFAC, which is in Washington, acted.",
    ],
)
def test_acronyms_not_spelled_out_at_first_use_fail(summary: str) -> None:
    assert rules_of(brief_text(summary=summary)).count("BB110") == 1


def test_roman_numerals_and_allowed_acronyms_are_not_flagged() -> None:
    assert "BB110" not in rules_of(brief_text(summary="World War II changed NATO, the EU and the US."))
    assert "BB110" not in rules_of(brief_text(summary="The WTO agreed."), allow_acronyms=frozenset({"WTO"}))


def test_hedges_inside_quotation_marks_are_the_sources_words() -> None:
    assert "BB107" not in rules_of(brief_text(judgment='He said it \\"might\\" happen.'))
    assert "BB107" in rules_of(brief_text(judgment="It might happen."))
    assert "BB107" in rules_of(brief_text(judgment="It could, it seems, happen."))
    assert rules_of(brief_text(judgment="It could possibly happen.")).count("BB107") == 1
    extra = rules_of(brief_text(judgment="It is not inconceivable."), extra_hedges=("not inconceivable",))
    assert "BB107" in extra


def test_a_hedge_after_a_quoted_one_is_located_exactly() -> None:
    text = brief_text(judgment='He said it \\"might\\" rain, and it might.')
    (finding,) = [f for f in lint_text(text, "t.yaml", LintConfig()) if f.rule == "BB107"]
    line = text.splitlines()[finding.line - 1]
    assert line[finding.column - 1 :] == 'might."'


@pytest.mark.parametrize(
    ("judgment", "flagged"),
    [
        ("We assess with high confidence that talks are likely.", True),
        ("Talks are almost certainly going ahead (moderate confidence).", True),
        ("Talks are likely. We have moderate confidence in this.", False),
        ("Talks are unlikely.", False),
        ("Confidence in the talks is high.", False),
    ],
)
def test_likelihood_and_confidence_must_not_share_a_sentence(judgment: str, flagged: bool) -> None:
    assert ("BB108" in rules_of(brief_text(judgment=judgment))) is flagged


@pytest.mark.parametrize(
    ("dates", "flagged"),
    [
        (("2020", "2021", "2021", "2022-02"), False),
        (("2025", "2025-06", "2025-06-15", "2025-06"), False),  # vague dates overlap
        (("2025-07", "2025"), False),
        (("2025-05", "2025-03"), True),
        (("2024", "2025-01", "2024-12-31"), True),
    ],
)
def test_timeline_order_tolerates_vague_dates(dates: tuple[str, ...], flagged: bool) -> None:
    assert ("BB105" in rules_of(brief_text(dates=dates))) is flagged


def test_dates_after_the_brief_are_errors_but_the_same_month_is_not() -> None:
    assert "BB106" not in rules_of(brief_text(dates=("2025-06",)))  # June 2025 includes 1 June
    assert "BB106" in rules_of(brief_text(dates=("2025-06-02",)))


def test_undated_source_passes_when_known_through_another_or_explained() -> None:
    base = brief_text()
    undated = base.replace('    date: "2025-05-01"\n', "")
    assert "BB103" in rules_of(undated)
    assert "BB103" not in rules_of(
        undated.replace("kind: government\n", 'kind: government\n    note: "Undated leaflet."\n')
    )


def test_reading_order_follows_the_sections_and_introduces_people_where_first_quoted() -> None:
    paths = [path for path, _ in reading_order(load_brief(BRIEF).brief)]
    assert paths[:4] == ["title", "subtitle", "summary.default", "summary.press"]  # each wording
    assert (
        paths.index("key_facts[0].text")
        < paths.index("context[0].heading")
        < paths.index("timeline[0].event")
    )
    cole = paths.index("people[0].role")
    assert paths[cole + 2] == "statements[0].text"
    assert paths[-1].startswith("sources[")


def test_lint_does_not_change_the_files_it_reads(tmp_path: Path) -> None:
    brief = tmp_path / "b.yaml"
    shutil.copy(EVERY_RULE, brief)
    before = brief.read_bytes()
    run_cli("lint", brief, "--audience", "none")
    assert brief.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["b.yaml"]


def test_rule_ids_are_unique_and_documented_in_the_readme() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    readme = (ROOT / "README.md").read_text("utf-8")
    for r in RULES:
        assert f"`{r.id}`" in readme, f"{r.id} is missing from the README's rule table"
