"""The console script leaves with os._exit once everything is out (cli.entry): what it printed
and published must be complete, and its exit codes those of ``main``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from helpers import BRIEF, ROOT

ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))


def _run(*args: str | Path, cwd: Path) -> tuple[int, str, str]:
    """Run ``python -m briefbuilder`` with its output in files (fully buffered, as when
    redirected), so that an exit that skipped the flush would lose it."""
    out, err = cwd / "stdout.txt", cwd / "stderr.txt"
    with out.open("wb") as o, err.open("wb") as e:
        code = subprocess.run(
            [sys.executable, "-m", "briefbuilder", *map(str, args)],
            stdout=o,
            stderr=e,
            env=ENV,
            cwd=cwd,
            timeout=120,
        ).returncode
    return code, out.read_text("utf-8"), err.read_text("utf-8")


def test_a_build_publishes_and_prints_everything_before_it_leaves(tmp_path: Path) -> None:
    code, _, err = _run("build", BRIEF, "--audience", "executive", "--out", tmp_path / "out", cwd=tmp_path)
    assert code == 0, err
    assert "built 2 files from 1 brief" in err
    for fmt in ("docx", "pdf"):
        data = (tmp_path / "out" / f"us-belarus-normalization-executive.{fmt}").read_bytes()
        assert data.startswith(b"PK" if fmt == "docx" else b"%PDF") and len(data) > 10_000
    assert not list((tmp_path / "out").glob(".briefbuilder-publish-*")), "no staging folder left"


def test_exit_codes_and_messages_survive_the_fast_exit(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: bad\n", "utf-8")
    code, _, err = _run("build", bad, "--out", tmp_path / "out", cwd=tmp_path)
    assert code == 2 and "missing required field 'title'" in err and "nothing was written" in err
    code, out, _ = _run("--help", cwd=tmp_path)
    assert code == 0 and out.rstrip().endswith("internal error.")
    code, out, _ = _run("schema", cwd=tmp_path)
    assert code == 0 and out.rstrip().endswith("}"), "a long output is flushed whole"
    code, _, err = _run("build", BRIEF, "--audience", "nobody", cwd=tmp_path)
    assert code == 2 and "unknown audience 'nobody'" in err


def test_the_command_lines_exit_codes_are_the_errors_ones() -> None:
    from briefbuilder import cli, errors

    assert (cli.EXIT_INVALID, cli.EXIT_OUTPUT) == (errors.EXIT_INVALID, errors.EXIT_OUTPUT)


def test_help_imports_neither_dataclasses_nor_the_settings(tmp_path: Path) -> None:
    heavy = ("dataclasses", "briefbuilder.errors", "briefbuilder.pipeline.settings", "shutil")
    probe = (
        "import sys; from briefbuilder.cli import main; main(['--help'])\n"
        f"print(sorted(m for m in sys.modules if m in {heavy!r}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], env=ENV, capture_output=True, text=True, timeout=60
    ).stdout
    assert out.strip().splitlines()[-1] == "[]", out


def test_the_console_scripts_files_are_the_in_process_ones(tmp_path: Path, monkeypatch) -> None:
    """The console script forks a child for the PDF when a core is free, and the second build
    writes its DOCX from the pages the first kept in the cache: the files are byte for byte those
    of a build in this process, which never forks."""
    from helpers import run_cli

    env = dict(ENV, SOURCE_DATE_EPOCH="1700000000", XDG_CACHE_HOME=str(tmp_path / "cache"))
    for n in (1, 2):
        out = tmp_path / f"out{n}"
        cmd = [sys.executable, "-m", "briefbuilder", "build", str(BRIEF), "--audience", "analyst"]
        done = subprocess.run([*cmd, "--out", str(out)], env=env, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert list((tmp_path / "cache" / "briefbuilder" / "paging").glob("*.json")), "the pages were kept"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run_cli("build", BRIEF, "--audience", "analyst", "--out", tmp_path / "here").code == 0
    for fmt in ("docx", "pdf"):
        name = f"us-belarus-normalization-analyst.{fmt}"
        here = (tmp_path / "here" / name).read_bytes()
        assert (tmp_path / "out1" / name).read_bytes() == here == (tmp_path / "out2" / name).read_bytes()
