"""Batch builds: items (brief x audience) in worker processes, failures that do not stop the
batch, the worst exit code, a progress bar only on a terminal, Ctrl-C, and what is checked
before any work starts (--prepared-for, --jobs, the output folder)."""

from __future__ import annotations

import contextlib
import io
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefbuilder.commands.progress import Progress as _Progress
from helpers import BRIEF, ROOT, run_cli
from test_loading import MINIMAL

PAIR = ("executive", "press")  # the two fastest shipped audiences


def _copy_of_brief(folder: Path, brief_id: str) -> Path:
    path = folder / f"{brief_id}.yaml"
    path.write_text(BRIEF.read_text("utf-8").replace("id: us-belarus-normalization", f"id: {brief_id}", 1))
    return path


@pytest.fixture(scope="module")
def two_briefs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("briefs")
    return [_copy_of_brief(folder, "first-brief"), _copy_of_brief(folder, "second-brief")]


@pytest.fixture(scope="module")
def in_workers(two_briefs: list[Path], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("workers")
    result = run_cli("build", *two_briefs, "--audience", ",".join(PAIR), "--out", out, "--jobs", "2")
    return out, result


def test_a_batch_in_worker_processes_builds_every_brief_and_audience(in_workers) -> None:
    out, result = in_workers
    assert result.code == 0, result.err
    expected = sorted(
        f"{b}-{a}.{f}" for b in ("first-brief", "second-brief") for a in PAIR for f in ("docx", "pdf")
    )
    assert sorted(p.name for p in out.iterdir()) == expected
    assert sorted(Path(line).name for line in result.out.splitlines()) == expected  # each path, once
    assert result.err.strip() == "built 8 files from 2 briefs"


def test_workers_and_one_process_give_the_same_bytes(in_workers, two_briefs, tmp_path: Path) -> None:
    out, _ = in_workers
    result = run_cli("build", two_briefs[0], "--audience", ",".join(PAIR), "--out", tmp_path, "--jobs", "1")
    assert result.code == 0, result.err
    for path in tmp_path.iterdir():
        assert path.read_bytes() == (out / path.name).read_bytes(), path.name


@pytest.fixture
def tight(tmp_path: Path) -> Path:
    """A one-page audience: the minimal brief fits it, the shipped one does not."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "tight.yaml").write_text(
        "extends: executive\ndescription: one page at most\nsections:\n  - key: summary\n  - key: key_facts\n"
        "  - key: context\n  - key: analysis\n  - key: sources\npage_budget: 1\n",
        "utf-8",
    )
    return folder


def test_a_failed_item_does_not_stop_the_batch_and_its_brief_publishes_nothing(tmp_path: Path, tight) -> None:
    small = tmp_path / "minimal.yaml"
    small.write_text(MINIMAL, "utf-8")
    out = tmp_path / "out"
    result = run_cli(
        "build", BRIEF, small, "--templates", tight, "--audience", "tight,press", "--out", out, "--jobs", "2"
    )
    assert result.code == 3, result.err
    assert "briefbuilder: error: audience 'tight': the PDF has" in result.err
    # the shipped brief's press item was built, but its tight item failed: none of its files
    assert sorted(p.name for p in out.iterdir()) == [
        "minimal-press.docx",
        "minimal-press.pdf",
        "minimal-tight.docx",
        "minimal-tight.pdf",
    ]
    assert result.err.strip().splitlines()[-1] == (
        "built 4 files from 1 brief; 1 of 4 items (brief x audience) failed; exit code 3"
    )


def test_an_invalid_brief_is_reported_and_the_others_are_built(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("kind: other", "kind: nope"), "utf-8")
    out = tmp_path / "out"
    result = run_cli("build", bad, BRIEF, "--audience", "executive", "--out", out, "--jobs", "2")
    assert result.code == 2  # the problems came back from a worker with their positions
    assert f"{bad}:8:11: sources[0].kind: expected one of" in result.err
    assert sorted(p.name for p in out.iterdir()) == [
        "us-belarus-normalization-executive.docx",
        "us-belarus-normalization-executive.pdf",
    ]
    assert "built 2 files from 1 brief; 1 of 2 items (brief x audience) failed; exit code 2" in result.err


def test_the_worst_failure_gives_the_exit_code(tmp_path: Path, tight) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("kind: other", "kind: nope"), "utf-8")
    result = run_cli(
        "build",
        bad,
        BRIEF,
        "--templates",
        tight,
        "--audience",
        "tight",
        "--out",
        tmp_path / "o",
        "--jobs",
        "1",
    )
    assert result.code == 3  # a build failure outranks an invalid brief
    assert not (tmp_path / "o").exists() or list((tmp_path / "o").iterdir()) == []


@pytest.mark.parametrize(
    ("name", "words"),
    [("Dana\x07Director", "U+0007 BELL"), ("Dana 🚀", "U+1F680 ROCKET"), ("  ", "must not be empty")],
    ids=["control", "glyph", "blank"],
)
def test_prepared_for_is_checked_like_any_text_before_anything_is_built(
    tmp_path: Path, name: str, words: str
) -> None:
    result = run_cli("build", BRIEF, "--prepared-for", name, "--out", tmp_path / "out")
    assert result.code == 2, result.err
    assert result.err.startswith("--prepared-for: ") and words in result.err
    assert "Traceback" not in result.err and not (tmp_path / "out").exists()


def test_jobs_must_be_one_or_more(tmp_path: Path) -> None:
    result = run_cli("build", BRIEF, "--jobs", "0", "--out", tmp_path / "out")
    assert result.code == 2 and "--jobs: expected 1 or more, got 0" in result.err


def test_an_output_folder_that_cannot_be_made_fails_before_anything_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefbuilder.pipeline import items as build

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("built before the output folder was checked")

    monkeypatch.setattr(build, "build_item", no_build)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = run_cli("build", BRIEF, "--audience", "executive", "--out", blocker / "out", "--jobs", "1")
    assert result.code == 4, result.err
    assert f"{blocker / 'out'}: cannot create the output folder: Not a directory" in result.err
    result = run_cli("build", BRIEF, "--audience", "executive", "--out", blocker, "--jobs", "1")
    assert result.code == 4 and f"{blocker}: exists and is not a folder" in result.err
    assert blocker.read_text() == "not a folder"


def test_no_progress_bar_when_stderr_is_not_a_terminal(in_workers) -> None:
    _, result = in_workers
    assert "\r" not in result.err and "[#" not in result.err


def test_the_progress_line_counts_items_failures_and_time_left() -> None:
    stream = io.StringIO()
    progress = _Progress(4, enabled=True, stream=stream)
    progress.step(failed=False)
    progress.step(failed=True)
    assert stream.getvalue().startswith("\r\x1b[2K[")
    line = progress.line(60)
    assert len(line) < 60 and "2/4 items, 1 failed" in line and "left" in line
    assert line.startswith("[" + "#" * (line.index("]") // 2))  # half the bar is filled
    progress.say("a message")
    assert stream.getvalue().endswith("\r\x1b[2Ka message\n\r\x1b[2K" + progress.line(80))
    progress.finish()
    assert stream.getvalue().endswith("\r\x1b[2K")  # the line is cleared at the end
    quiet = io.StringIO()
    off = _Progress(4, enabled=False, stream=quiet)
    off.step(failed=False)
    off.say("only this")
    assert quiet.getvalue() == "only this\n"


def _cli(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "briefbuilder", *map(str, args)]


def test_a_progress_bar_is_drawn_on_a_terminal(two_briefs, tmp_path: Path) -> None:
    primary, secondary = pty.openpty()
    proc = subprocess.Popen(
        _cli("build", *two_briefs, "--audience", "executive", "--out", tmp_path, "--jobs", "2"),
        stdout=subprocess.PIPE,
        stderr=secondary,
        cwd=ROOT,
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    proc.wait(timeout=60)
    os.close(primary)
    assert proc.returncode == 0
    assert b"\r\x1b[2K[" in seen and b"2/2 items" in seen
    assert seen.rstrip().endswith(b"built 4 files from 2 briefs")


def test_ctrl_c_in_a_parallel_batch_keeps_finished_briefs_whole_and_leaves_nothing_else(
    tmp_path: Path,
) -> None:
    briefs = [_copy_of_brief(tmp_path, f"brief-{i}") for i in range(6)]
    out = tmp_path / "out"
    proc = subprocess.Popen(
        _cli("build", *briefs, "--audience", "analyst", "--out", out, "--jobs", "2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,  # its own process group, like a shell job: Ctrl-C reaches the workers too
    )
    try:  # bounded: a hung batch fails the test and is killed, it does not hang the run
        deadline = time.monotonic() + 60
        while not (out.is_dir() and any(p.suffix == ".pdf" for p in out.iterdir())):
            assert time.monotonic() < deadline and proc.poll() is None, "no brief was published"
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    names = sorted(p.name for p in out.iterdir())  # no staging folder, no temporary file
    published = sorted({n.rsplit("-", 1)[0] for n in names})
    assert 1 <= len(published) < 6
    assert names == sorted(f"{b}-analyst.{f}" for b in published for f in ("docx", "pdf"))
    left = subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True)
    assert left.stdout.strip() == ""  # no worker left behind in its process group


@pytest.mark.parametrize("delay", [0.4, 0.7, 1.0])
def test_ctrl_c_at_any_moment_of_a_parallel_batch_ends_it_in_bounded_time(
    tmp_path: Path, delay: float
) -> None:
    """Ctrl-C while the workers are being forked, or the briefs loaded, or the items built: the
    batch ends within seconds (it once hung in the pool's shutdown) and leaves no worker."""
    briefs = [_copy_of_brief(tmp_path, f"brief-{i}") for i in range(4)]
    proc = subprocess.Popen(
        _cli("build", *briefs, "--audience", "executive", "--out", tmp_path / "out", "--jobs", "2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
            pytest.fail("the batch did not end within 30 s of Ctrl-C")
    assert proc.returncode in (0, 130, -signal.SIGINT), err
    deadline = time.monotonic() + 5  # workers die with their parent (parent-death signal), at once
    while (left := subprocess.run(["pgrep", "-g", str(proc.pid)], capture_output=True, text=True)).stdout:
        assert time.monotonic() < deadline, f"workers left behind: {left.stdout}"
        time.sleep(0.05)
