"""Every exit code the README documents, each reached through ``briefbuilder.cli.main``."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefbuilder.commands.common import EXIT_BUILD, EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, EXIT_OUTPUT
from helpers import ROOT, run_cli
from test_hardening_output import fail_writer_run
from test_loading import MINIMAL


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL, "utf-8")
    return path


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "tight.yaml").write_text("description: one page at most\npage_budget: 1\n", "utf-8")
    return folder


def _out_files(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir()) if out.exists() else []


def test_exit_codes_are_the_documented_ones() -> None:
    assert (EXIT_OK, EXIT_INTERNAL, EXIT_INVALID, EXIT_BUILD, EXIT_OUTPUT) == (0, 1, 2, 3, 4)
    readme = (ROOT / "README.md").read_text("utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |", "| 130 |"):
        assert code in readme


def test_0_success(brief: Path, tmp_path: Path) -> None:
    result = run_cli("build", brief, "--audience", "analyst", "--out", tmp_path / "out")
    assert result.code == 0, result.err
    assert _out_files(tmp_path / "out") == ["minimal-analyst.docx", "minimal-analyst.pdf"]


def test_1_internal_error_asks_for_a_report(
    brief: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_writer_run(monkeypatch, 1, ZeroDivisionError("division by zero"))
    result = run_cli("build", brief, "--audience", "analyst", "--out", tmp_path / "out")
    assert result.code == 1
    assert "internal error: ZeroDivisionError: division by zero" in result.err
    assert "run again with --debug and report the traceback" in result.err
    assert "Traceback" not in result.err
    assert _out_files(tmp_path / "out") == []


def test_2_invalid_input_lists_every_problem(brief: Path, tmp_path: Path) -> None:
    brief.write_text(MINIMAL.replace("kind: other", "kind: nope") + "titel: x\n", "utf-8")
    result = run_cli("build", brief, "--out", tmp_path / "out")
    assert result.code == 2
    assert f"{brief}:8:11: sources[0].kind: expected one of" in result.err
    assert f"{brief}:12:1: titel: unknown key 'titel'; did you mean 'title'?" in result.err
    assert "2 problems found; nothing was written." in result.err
    assert _out_files(tmp_path / "out") == []


def test_3_build_problem_when_a_page_budget_is_exceeded(brief: Path, templates: Path, tmp_path: Path) -> None:
    facts = "".join(f"  - text: Fact number {i}, long enough to fill a line or two of the page.\n"
                    f"    sources: [a]\n" for i in range(120))  # fmt: skip
    brief.write_text(MINIMAL.split("key_facts:")[0] + "key_facts:\n" + facts, "utf-8")
    result = run_cli(
        "build", brief, "--templates", templates, "--audience", "tight", "--out", tmp_path / "out"
    )
    assert result.code == 3, result.err
    assert "audience 'tight': the PDF has" in result.err and "over the budget of 1" in result.err
    assert _out_files(tmp_path / "out") == []


def test_4_output_failure_when_the_folder_cannot_be_made(brief: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the folder should be")
    result = run_cli("build", brief, "--audience", "analyst", "--out", blocker)
    assert result.code == 4
    assert f"{blocker}: exists and is not a folder" in result.err
    assert blocker.read_text() == "a file where the folder should be"


def test_130_interrupted(brief: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fail_writer_run(monkeypatch, 1, KeyboardInterrupt())
    result = run_cli("build", brief, "--audience", "analyst", "--out", tmp_path / "out")
    assert result.code == 130
    assert "interrupted" in result.err
    assert _out_files(tmp_path / "out") == []


def test_a_heading_taller_than_the_page_is_a_build_problem_not_a_bug(tmp_path: Path) -> None:
    other = ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml"
    heading = " ".join(["Why a barrier matters"] * 9)
    brief = tmp_path / "b.yaml"
    brief.write_text(other.read_text().replace('heading: "Why a barrier"', f'heading: "{heading}"', 1))
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "huge.yaml").write_text(
        "extends: analyst\nlook:\n  body_size: 36\n  margins_mm: [60, 60, 60, 60]\n"
    )
    result = run_cli(
        "build",
        brief,
        "--templates",
        tmp_path / "t",
        "--audience",
        "huge",
        "--out",
        tmp_path / "o",
        "-j",
        "1",
    )
    assert result.code == 3 and "taller than the page" in result.err and "internal error" not in result.err
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
