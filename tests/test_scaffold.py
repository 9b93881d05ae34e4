"""briefbuilder new (a scaffold that passes check) and editor support (a schema describing every field)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from briefbuilder.brief.loading import load_brief
from helpers import run_cli

SECTIONS = ("key_judgments", "key_facts", "context", "timeline", "people", "statements", "analysis",
            "outlook", "caveats", "sources", "authors", "keywords")  # fmt: skip


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("new") / "Belarus talks (draft).yaml"
    result = run_cli("new", path, "--date", "2025-10-01")
    assert result.code == 0, result.err
    assert result.out.strip() == str(path)
    return path


def test_scaffold_passes_check_and_has_every_section(scaffold: Path) -> None:
    check = run_cli("check", "--strict", scaffold)
    assert check.code == 0, check.err
    brief = load_brief(scaffold).brief
    assert brief.id == "belarus-talks-draft"  # from the file name
    assert str(brief.date) == "2025-10-01"
    for name in SECTIONS:
        assert getattr(brief, name), f"the scaffold has no {name}"
    assert brief.subtitle and brief.contact and brief.summary
    assert brief.analysis[0].views and brief.analysis[0].quotes


def test_scaffold_explains_itself_in_comments(scaffold: Path) -> None:
    text = scaffold.read_text("utf-8")
    for key in ("summary:", "key_judgments:", "key_facts:", "timeline:", "statements:", "sources:"):
        line = next(x for x in text.splitlines() if x.startswith(key))
        assert "#" in line, f"{key} has no comment"
    assert "release: internal" in text  # how to keep an item out of public versions


def test_scaffold_builds(scaffold: Path, tmp_path: Path) -> None:
    result = run_cli("build", scaffold, "--audience", "analyst", "--format", "pdf", "--out", tmp_path)
    assert result.code == 0, result.err
    assert (tmp_path / "belarus-talks-draft-analyst.pdf").read_bytes()[:5] == b"%PDF-"


def test_lint_lists_the_placeholders_left_to_fill_in(scaffold: Path) -> None:
    result = run_cli("lint", scaffold, "--audience", "none")
    rules = set(re.findall(r": (BB\d{3}) \[", result.out))
    assert rules == {"BB112"}, result.out
    assert result.code == 2
    todo_lines = sum(1 for line in scaffold.read_text("utf-8").splitlines() if "TODO" in line.split("#")[0])
    assert result.out.count("BB112") == todo_lines


def test_new_refuses_to_replace_a_file_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "brief.yaml"
    path.write_text("my work\n", "utf-8")
    refused = run_cli("new", path)
    assert refused.code == 2 and "already exists; use --force" in refused.err
    assert path.read_text("utf-8") == "my work\n"
    forced = run_cli("new", path, "--force", "--title", "Talks in Minsk")
    assert forced.code == 0
    assert load_brief(path).brief.title == "Talks in Minsk"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.yaml"], "no temporary file is left"


def test_force_replaces_a_symlink_not_its_target(tmp_path: Path) -> None:
    target = tmp_path / "target.txt"
    target.write_text("keep me\n", "utf-8")
    link = tmp_path / "brief.yaml"
    link.symlink_to(target)
    assert run_cli("new", link).code == 2
    assert run_cli("new", link, "--force").code == 0
    assert not link.is_symlink() and target.read_text("utf-8") == "keep me\n"


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert run_cli("new", tmp_path / "b.yaml").code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "b.yaml").stat().st_mode & 0o777 == 0o644


def test_new_creates_missing_folders_and_takes_options(tmp_path: Path) -> None:
    path = tmp_path / "briefs" / "x.yaml"
    result = run_cli(
        "new", path, "--id", "minsk-talks", "--title", "Talks: “Minsk” & <more>", "--schema", "b.json"
    )
    assert result.code == 0, result.err
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=b.json"
    brief = load_brief(path).brief
    assert (brief.id, brief.title) == ("minsk-talks", "Talks: “Minsk” & <more>")


def test_bad_options_are_invalid_input_and_write_nothing(tmp_path: Path) -> None:
    result = run_cli("new", tmp_path / "x.yaml", "--id", "Not_An_Id", "--date", "2025-13-01")
    assert result.code == 2
    assert "--id: expected lower-case letters" in result.err and "--date: month 13" in result.err
    assert list(tmp_path.iterdir()) == []
    folder = run_cli("new", tmp_path)
    assert folder.code == 2 and "is a folder" in folder.err


# --- editor support ---------------------------------------------------------------------------


def _properties(schema: dict) -> list[tuple[str, str, dict]]:
    out = [("(root)", name, prop) for name, prop in schema["properties"].items()]
    for type_name, body in schema["$defs"].items():
        out += [(type_name, name, prop) for name, prop in body.get("properties", {}).items()]
    return out


@pytest.mark.parametrize("args", [(), ("--template",)])
def test_json_schema_describes_every_field(args: tuple[str, ...]) -> None:
    schema = json.loads(run_cli("schema", *args).out)
    props = _properties(schema)
    assert len(props) > 20
    missing = [f"{t}.{name}" for t, name, prop in props if not str(prop.get("description", "")).strip()]
    assert missing == []


def test_json_schema_accepts_the_scaffold_field_names(scaffold: Path) -> None:
    """Every top-level key the scaffold writes is one the schema knows (editors would flag others)."""
    schema = json.loads(run_cli("schema").out)
    keys = {m.group(1) for m in re.finditer(r"^(\w+):", scaffold.read_text("utf-8"), re.M)}
    assert keys <= set(schema["properties"])
