"""The command line: the interface users and scripts rely on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefbuilder import __version__
from helpers import BRIEF, ROOT, run_cli


def test_version_and_help() -> None:
    assert run_cli("--version").out.strip() == f"briefbuilder {__version__}"
    help_run = run_cli("--help")
    assert help_run.code == 0
    for command in ("build", "check", "schema", "audiences"):
        assert command in help_run.out


def test_no_command_prints_help_and_fails() -> None:
    result = run_cli()
    assert result.code == 2 and "usage:" in result.out


def test_check_shipped_brief_reports_nothing() -> None:
    result = run_cli("check", BRIEF)
    assert result.code == 0
    assert result.err == ""
    assert result.out.strip() == "ok: 1 brief valid"


def test_check_strict_fails_on_warnings(tmp_path: Path) -> None:
    text = BRIEF.read_text("utf-8") + "\n"
    text = text.replace("sources:\n", "sources:\n  - id: unused\n    outlet: Nobody\n    kind: other\n", 1)
    path = tmp_path / "b.yaml"
    path.write_text(text, "utf-8")
    assert run_cli("check", path).code == 0
    strict = run_cli("check", "--strict", path)
    assert strict.code == 2 and "'unused' is never cited [warning]" in strict.err


def test_schema_is_json_schema_with_descriptions() -> None:
    result = run_cli("schema")
    schema = json.loads(result.out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["additionalProperties"] is False
    assert {"id", "title", "date", "summary", "sources", "key_facts", "timeline"} <= set(schema["properties"])
    fact = schema["$defs"]["Fact"]
    assert fact["required"] == ["text", "sources"]
    assert all("description" in prop for prop in fact["properties"].values())
    template = json.loads(run_cli("schema", "--template").out)
    assert "extends" in template["properties"]


def test_audiences_lists_each_with_a_description() -> None:
    lines = run_cli("audiences").out.splitlines()
    names = [line.split()[0] for line in lines]
    assert "analyst" in names
    assert all(len(line.split(None, 1)) == 2 for line in lines)


def test_build_writes_both_formats_named_by_brief_and_audience(tmp_path: Path) -> None:
    result = run_cli("build", BRIEF, "--audience", "analyst", "--format", "docx,pdf", "--out", tmp_path)
    assert result.code == 0, result.err
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["us-belarus-normalization-analyst.docx", "us-belarus-normalization-analyst.pdf"]
    assert (tmp_path / names[0]).read_bytes()[:2] == b"PK"
    assert (tmp_path / names[1]).read_bytes()[:5] == b"%PDF-"


def test_unknown_format_and_audience_are_invalid_input(tmp_path: Path) -> None:
    fmt = run_cli("build", BRIEF, "--format", "odt", "--out", tmp_path)
    assert fmt.code == 2 and "unknown format odt; known: docx, pdf" in fmt.err
    aud = run_cli("build", BRIEF, "--audience", "nobody", "--out", tmp_path)
    assert aud.code == 2 and "unknown audience 'nobody'" in aud.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("value", ["yesterday", "-1", "99999999999999999"])
def test_bad_source_date_epoch_is_invalid_input(tmp_path: Path, monkeypatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = run_cli("build", BRIEF, "--out", tmp_path)
    assert result.code == 2 and "SOURCE_DATE_EPOCH: expected whole seconds since 1970" in result.err
    assert list(tmp_path.iterdir()) == []


def test_output_piped_into_a_closed_reader_is_not_an_error() -> None:
    code = (
        "import io, sys\n"
        "class Closed(io.TextIOWrapper):\n"
        "    def write(self, s):\n"
        "        raise BrokenPipeError(32, 'Broken pipe')\n"
        "sys.stdout = Closed(io.BytesIO())\n"
        "sys.stdout.fileno = lambda: 1\n"
        "from briefbuilder.cli import main\n"
        "sys.exit(main(['schema']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


def test_python_dash_m_entry_point() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "briefbuilder", "check", str(BRIEF)], capture_output=True, text=True, cwd=ROOT
    )
    assert proc.returncode == 0 and "ok: 1 brief valid" in proc.stdout


def test_light_commands_do_not_import_the_writers() -> None:
    code = (
        "import sys; from briefbuilder.cli import main; "
        f"main(['check', {str(BRIEF)!r}]); main(['audiences']); "
        "print(sorted(m for m in ('docx', 'reportlab') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_the_command_list_carries_each_command_modules_own_help() -> None:
    from importlib import import_module

    from briefbuilder.commands import COMMANDS

    for name, help_line in COMMANDS.items():
        module = import_module(f"briefbuilder.commands.{name.replace('-', '_')}")
        assert help_line == module.HELP, name


def test_help_imports_no_command_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from briefbuilder.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('briefbuilder.commands.')), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "COMMAND" in done.stdout and done.stderr.strip().endswith("[]")
