"""Huge values are never echoed in full: every value a message quotes is cut to about 60
characters with an ellipsis, whichever part of briefbuilder builds the message."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbuilder.brief import textfile
from briefbuilder.brief.loading import parse_brief
from briefbuilder.brief.yamlnodes import cap_message, problem_at, shorten, shown
from briefbuilder.errors import InvalidInput
from helpers import run_cli
from test_loading import MINIMAL

HUGE = "z" * 100_000

CASES = {
    "anchor": MINIMAL + f"keywords: &{HUGE} [a]\n",
    "tag": MINIMAL + f"keywords: !{HUGE} [a]\n",
    "verbatim tag": MINIMAL + f"keywords: !<tag:{HUGE}> [a]\n",
    "undefined tag handle": MINIMAL + f"keywords: !{HUGE}!x [a]\n",
    "literal value": MINIMAL.replace("kind: other", f"kind: {HUGE}"),
    "unknown key": MINIMAL + f"? {HUGE}\n: x\n",
    "date": MINIMAL.replace('"2025-09-11"', HUGE),
    "language": MINIMAL + f"language: {'e' * 30}\n",
    "bad escape": MINIMAL + f'keywords: ["\\q{HUGE}"]\n',
    "unknown source": MINIMAL.replace("sources: [a]", f"sources: [{'y' * 64}]"),
    "unknown speaker": MINIMAL + f"statements:\n  - text: x\n    speaker: {'p' * 64}\n    sources: [a]\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_a_huge_value_is_echoed_cut_short(loader: type, text: str) -> None:
    with pytest.raises(InvalidInput) as info:
        parse_brief(text, "b.yaml")
    for problem in info.value.problems:
        assert len(str(problem)) < 500, str(problem)[:600]  # the cut value and the known keys
        assert "z" * 80 not in str(problem) and "y" * 80 not in str(problem)


def test_a_huge_value_in_a_template_is_echoed_cut_short(tmp_path: Path) -> None:
    """Templates build their own messages (colours, fonts) and place them with problem_at."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "wide.yaml").write_text(f"extends: press\nlook:\n  accent: '#{'a' * 5000}'\n", "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", "--templates", folder, "--audience", "wide", "--out", out, "data/x.yaml")
    assert result.code == 2
    assert "a" * 100 not in result.err
    assert "accent: expected a colour as #RRGGBB, got '#aaaa" in result.err and "\u2026'" in result.err


def test_a_huge_address_in_a_distribution_list_is_echoed_cut_short(tmp_path: Path) -> None:
    from briefbuilder.delivery.recipients import load_distribution

    path = tmp_path / "list.yaml"
    path.write_text(
        "sender: {address: desk@example.org}\n"
        f"recipients:\n  - {{name: A, address: '{'b' * 9000}@example', audience: press}}\n",
        "utf-8",
    )
    with pytest.raises(InvalidInput) as info:
        load_distribution(path, ["press"], ["pdf"])
    text = str(info.value)
    assert "b" * 100 not in text and len(text) < 400, text[:500]


def test_a_huge_logo_name_is_echoed_cut_short(tmp_path: Path) -> None:
    from briefbuilder.brief.assets import resolve_asset

    for ref in ("../" + "d" * 5000, "/" + "d" * 5000, "d" * 5000 + ".png", "a\\" + "d" * 5000):
        with pytest.raises(InvalidInput) as info:
            resolve_asset(tmp_path, ref, problem_path="logo", file="t.yaml")
        assert "d" * 100 not in str(info.value) and len(str(info.value)) < 400, str(info.value)[:300]


def test_the_helpers_cut_with_an_ellipsis() -> None:
    assert shorten("abc") == "abc"
    assert shorten("x" * 100, 60) == "x" * 59 + "\u2026"
    assert shown("x" * 100) == "'" + "x" * 57 + "\u2026'"
    assert len(shown("x" * 100)) == 60
    assert shown("short") == "'short'"


def test_the_safety_net_leaves_ordinary_messages_alone() -> None:
    for message in (
        "the authors' names come to 300 characters together; the document properties hold at most 255",
        "expected one of 'news-agency', 'newspaper', 'magazine', 'journal', 'social-media', "
        "'messaging-channel', 'government', 'official-statement', 'database', 'think-tank', 'other'",
        "the brief's date 2205 is not between 1900 and 2100; is the year a typo? " * 3,
    ):
        assert cap_message(message) == message


def test_the_safety_net_cuts_any_long_quoted_value() -> None:
    message = "expected a colour as #RRGGBB, got '#" + "a" * 10_000 + "'; see the look section" + "." * 100
    capped = problem_at("t.yaml", None, "look.accent", message).message
    assert capped.startswith("expected a colour as #RRGGBB, got '#aaa")
    assert "\u2026'; see the look section" in capped and len(capped) < 250
    assert len(cap_message("x" * 5000)) == textfile.MAX_MESSAGE
