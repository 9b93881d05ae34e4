"""build --watch: republishes DOCX + PDF on a save, keeps the last good files on a broken one,
follows the pictures and templates a brief uses, and stops cleanly on Ctrl-C (exit 130).

These assert behaviour with generous, bounded waits; how fast a save is republished is the
benchmark's business (bench/watch_latency.py), not a test's.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from briefbuilder.authoring.watch import Inputs, files_in, watch
from briefbuilder.commands.watching import Request, Session, run_watch
from helpers import BRIEF, ROOT

WAIT = 30.0  # seconds: bounds every wait, far above what any save takes


def _until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def _save(brief: Path) -> None:
    """An edit an author would make: a word of the title."""
    text = brief.read_text("utf-8")
    brief.write_text(text.replace("decided to normalize", "chose to normalize"), "utf-8")


class _Watching:
    """A build --watch in a thread of this process, with its lines collected."""

    def __init__(self, brief: Path, out: Path, audience: str = "executive") -> None:
        self.lines: list[str] = []
        self.stop = threading.Event()
        self.session = Session(Request(brief, audience=[audience], out=out), emit=self.lines.append)
        self.code: int | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.code = run_watch(self.session, stop=self.stop)

    def __enter__(self) -> _Watching:
        self.thread.start()
        _until(lambda: any(line.startswith("watching ") for line in self.lines), "the watch to start")
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), "the watch stops when asked"


def test_a_save_republishes_both_files_and_a_broken_one_keeps_them(tmp_path: Path, capfd) -> None:
    brief, out = tmp_path / "b.yaml", tmp_path / "out"
    shutil.copy(BRIEF, brief)
    docx, pdf = (
        out / "us-belarus-normalization-executive.docx",
        out / "us-belarus-normalization-executive.pdf",
    )
    with _Watching(brief, out) as w:
        assert docx.is_file() and pdf.is_file()
        before = (_mtime(docx), _mtime(pdf))
        old_pdf = pdf.read_bytes()
        brief.write_text(
            brief.read_text("utf-8").replace("decided to normalize", "chose to normalize"), "utf-8"
        )
        _until(lambda: _mtime(docx) != before[0] and _mtime(pdf) != before[1], "both files republished")
        assert pdf.read_bytes() != old_pdf
        good = (docx.read_bytes(), pdf.read_bytes())
        builds = w.session.builds
        brief.write_text("id: broken\ntitle: [\n", "utf-8")  # no longer YAML
        _until(
            lambda: any("last good files are kept" in line for line in w.lines), "the broken save reported"
        )
        assert w.session.builds > builds
        assert (docx.read_bytes(), pdf.read_bytes()) == good, "the last good files stay"
    err = capfd.readouterr().err
    assert "b.yaml:" in err and "problem" in err and "nothing was written" in err, err
    assert w.code == 0


def test_a_changed_picture_or_template_rebuilds(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "mine.yaml").write_text("extends: executive\ndescription: Mine\n", "utf-8")
    brief, out = tmp_path / "b.yaml", tmp_path / "out"
    shutil.copy(BRIEF, brief)
    pdf = out / "us-belarus-normalization-mine.pdf"
    watching = _Watching(brief, out, audience="mine")
    watching.session.request.templates = templates
    with watching:
        assert any(str(templates / "mine.yaml") == str(p) for p in watching.session.last_inputs.files) or (
            templates.resolve() in watching.session.last_inputs.folders
        )
        before = _mtime(pdf)
        (templates / "mine.yaml").write_text(
            "extends: executive\ndescription: Mine\nlook:\n  accent: '#AA0000'\n", "utf-8"
        )
        _until(lambda: _mtime(pdf) != before, "the template's change republished")


def test_files_in_finds_pictures_and_tables_next_to_the_brief(tmp_path: Path) -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Spec:
        csv: str | None
        image: str
        other: tuple[object, ...] = ()

    found = files_in(Spec("t.csv", "img/p.png", (Path("/x/logo.png"), {"k": Spec(None, "q.jpg")})), tmp_path)
    assert found == {tmp_path / "t.csv", tmp_path / "img/p.png", Path("/x/logo.png"), tmp_path / "q.jpg"}


class _FakeWatcher:
    """Saves from a list, one per wait; then stopped."""

    def __init__(self, inputs: Inputs, saves: list[set[Path]], watched: list[frozenset[Path]]) -> None:
        self.saves, self.inputs = saves, inputs
        watched.append(inputs.watched_folders())

    def __enter__(self) -> _FakeWatcher:
        return self

    def __exit__(self, *_: object) -> None:
        pass

    def wait(self, stop: object) -> set[Path] | None:
        return self.saves.pop(0) if self.saves else None


def test_the_watch_restarts_when_the_brief_reads_a_new_folder(tmp_path: Path) -> None:
    (tmp_path / "img").mkdir()
    first = Inputs.of([tmp_path / "b.yaml"])
    sets = iter([first, Inputs.of([tmp_path / "b.yaml", tmp_path / "img" / "p.png"])] + [first] * 5)
    watched: list[frozenset[Path]] = []
    saves = [{tmp_path / "b.yaml"}]
    rebuilds = watch(lambda: next(sets), first, watcher=lambda inputs: _FakeWatcher(inputs, saves, watched))
    assert rebuilds == 1
    assert watched == [
        frozenset({tmp_path.resolve()}),
        frozenset({tmp_path.resolve(), (tmp_path / "img").resolve()}),
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_ends_the_watch_with_130_and_no_traceback(tmp_path: Path) -> None:
    brief, out = tmp_path / "b.yaml", tmp_path / "out"
    shutil.copy(BRIEF, brief)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    cmd = [
        sys.executable,
        "-m",
        "briefbuilder",
        "build",
        str(brief),
        "--audience",
        "executive",
        "--out",
        str(out),
    ]
    proc = subprocess.Popen(
        [*cmd, "--watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    try:
        lines: list[str] = []
        assert proc.stdout is not None
        for line in proc.stdout:  # bounded by the communicate() timeout below should it hang
            lines.append(line)
            if line.startswith("watching "):
                break
        pdf = out / "us-belarus-normalization-executive.pdf"
        before = _mtime(pdf)
        brief.write_text(
            brief.read_text("utf-8").replace("decided to normalize", "chose to normalize"), "utf-8"
        )
        try:
            _until(lambda: _mtime(pdf) != before, "the save republished", 10)
        finally:
            proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=WAIT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, (lines, rest, err)
    assert "Traceback" not in err and "stopped watching" in rest


def test_a_wrong_option_stops_the_watch_at_once(tmp_path: Path) -> None:
    from helpers import run_cli

    result = run_cli("build", BRIEF, "--watch", "--audience", "nobody", "--out", tmp_path / "o")
    assert result.code == 2 and "unknown audience 'nobody'" in result.err
    result = run_cli("build", BRIEF, "--watch", "--format", "odt", "--out", tmp_path / "o")
    assert result.code == 2 and "unknown format odt" in result.err
    assert not (tmp_path / "o").exists()
