"""The project file (briefbuilder.yaml), the built-in templates' whereabouts, and the errors a
deployment meets: one clear line each, exit 2, nothing written."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import briefbuilder
from briefbuilder.audience.paths import templates_dir
from helpers import ROOT, run_cli

OTHER = ROOT / "tests" / "fixtures" / "briefs" / "harbour-flood-barrier.yaml"


@pytest.fixture
def team_repo(tmp_path: Path) -> Path:
    """A team's repository: briefs two folders down, its own template, a project file on top."""
    (tmp_path / "briefs" / "2026").mkdir(parents=True)
    shutil.copy(OTHER, tmp_path / "briefs" / "2026" / "barrier.yaml")
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "board.yaml").write_text("extends: executive\nlabel: Board\n")
    (tmp_path / "briefbuilder.yaml").write_text(
        "# the team's settings\ntemplates: house\nout: dist/docs\nformats: [pdf]\naudience: board\n"
    )
    return tmp_path


def test_the_project_file_above_the_brief_sets_templates_output_formats_and_audience(
    team_repo: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))  # paths are the file's, not the cwd's
    result = run_cli("build", team_repo / "briefs" / "2026" / "barrier.yaml", "-q")
    assert result.code == 0, result.err
    assert sorted(os.listdir(team_repo / "dist" / "docs")) == ["harbour-flood-barrier-board.pdf"]


def test_flags_override_the_project_file(team_repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "flags"
    result = run_cli(
        "build", team_repo / "briefs" / "2026" / "barrier.yaml", "--audience", "press", "--format", "docx",
        "--out", out, "-q",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert os.listdir(out) == ["harbour-flood-barrier-press.docx"]
    assert not (team_repo / "dist").exists()


def test_the_api_reads_the_project_file_too(team_repo: Path) -> None:
    paths = briefbuilder.build(team_repo / "briefs" / "2026" / "barrier.yaml")
    assert paths == [team_repo / "dist" / "docs" / "harbour-flood-barrier-board.pdf"]


def test_a_bad_project_file_is_one_located_problem_and_nothing_is_written(team_repo: Path) -> None:
    (team_repo / "briefbuilder.yaml").write_text("templates: house\nformat: [pdf]\n")
    result = run_cli("build", team_repo / "briefs" / "2026" / "barrier.yaml")
    assert result.code == 2 and "Traceback" not in result.err
    assert f"{team_repo / 'briefbuilder.yaml'}:2:1: format:" in result.err and "formats" in result.err
    assert not (team_repo / "dist").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_project_file_is_a_clear_error(team_repo: Path) -> None:
    (team_repo / "briefbuilder.yaml").chmod(0)
    result = run_cli("build", team_repo / "briefs" / "2026" / "barrier.yaml")
    assert result.code == 2 and "cannot read" in result.err


def test_a_project_file_that_is_not_text_is_a_clear_error(team_repo: Path) -> None:
    (team_repo / "briefbuilder.yaml").write_bytes(b"templates: \xff\xfe house\n")
    result = run_cli("build", team_repo / "briefs" / "2026" / "barrier.yaml")
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.startswith(f"{team_repo / 'briefbuilder.yaml'}:1:") and "UTF-8" in result.err
    assert not (team_repo / "dist").exists()


def test_a_project_file_that_is_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copy(OTHER, tmp_path / "b.yaml")
    (tmp_path / "briefbuilder.yaml").mkdir()
    result = run_cli("build", tmp_path / "b.yaml", "--out", tmp_path / "out")
    assert result.code == 0  # a folder of that name is not a project file: ignored


def test_a_templates_folder_without_the_asked_audience_names_the_known_ones(tmp_path: Path) -> None:
    (tmp_path / "house").mkdir()
    result = run_cli(
        "build", OTHER, "--templates", tmp_path / "house", "--audience", "board", "--out", tmp_path / "o"
    )
    assert result.code == 2 and result.err.count("\n") == 2  # the problem, then the count
    assert "unknown audience 'board'; known: analyst, executive, press" in result.err
    assert not (tmp_path / "o").exists()


def test_an_installation_without_its_templates_says_so(tmp_path: Path) -> None:
    with pytest.raises(
        briefbuilder.InvalidInput, match="built-in templates are missing from this installation"
    ):
        templates_dir(package=tmp_path / "pkg", checkout=tmp_path / "not-a-checkout")
    packaged = tmp_path / "pkg" / "templates"
    packaged.mkdir(parents=True)
    assert templates_dir(package=tmp_path / "pkg") == packaged


def test_a_checkout_finds_its_top_level_templates() -> None:
    assert templates_dir() == ROOT / "templates"


def test_audiences_lists_the_project_templates_from_inside_the_repository(
    team_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(team_repo / "briefs")
    result = run_cli("audiences")
    assert result.code == 0 and result.out.splitlines()[1].startswith("board ")
