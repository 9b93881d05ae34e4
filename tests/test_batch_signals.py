"""A batch stopped from outside (SIGTERM, SIGKILL) leaves no worker running and, by the next
run, no staging folder behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefbuilder.output.publish import publish, sweep_stale
from helpers import BRIEF

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


def _gone(pids: list[int], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = [p for p in pids if Path(f"/proc/{p}").exists() and "Z" not in _state(p)]
        if not alive:
            return True
        time.sleep(0.05)
    return False


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


@pytest.fixture
def many_briefs(tmp_path: Path) -> list[Path]:
    text = BRIEF.read_text(encoding="utf-8")
    paths = []
    for i in range(6):
        path = tmp_path / f"b{i}.yaml"
        path.write_text(text.replace("id: us-belarus-normalization", f"id: copy-{i}", 1), encoding="utf-8")
        paths.append(path)
    return paths


def _start(briefs: list[Path], out: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    cmd = [sys.executable, "-m", "briefbuilder", "build", *map(str, briefs), "--out", str(out), "-j", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 20
    workers: list[int] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.02)
    assert len(workers) >= 2, "the workers never started"
    return proc, workers


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_their_parent(many_briefs: list[Path], tmp_path: Path, sig: int) -> None:
    proc, workers = _start(many_briefs, tmp_path / "out")
    time.sleep(0.3)
    proc.send_signal(sig)
    proc.wait(timeout=20)
    assert _gone(workers), f"orphaned workers still running after {signal.Signals(sig).name}"
    if sig == signal.SIGTERM:
        err = proc.stderr.read() if proc.stderr else b""
        assert proc.returncode == 143 and b"Traceback" not in err, (proc.returncode, err[-600:])
    leftovers = (
        [p for p in (tmp_path / "out").glob(".briefbuilder-publish-*")] if (tmp_path / "out").exists() else []
    )
    if sig == signal.SIGTERM:
        assert leftovers == []


def test_a_dead_process_staging_folder_is_swept_by_the_next_publish(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    stale = tmp_path / f".briefbuilder-publish-{dead.stdout.strip()}-abc123"
    stale.mkdir()
    (stale / "half.pdf").write_bytes(b"%PDF-1.4 half")
    mine = tmp_path / f".briefbuilder-publish-{os.getpid()}-keep"
    mine.mkdir()  # a live process's (this one's) staging folder is left alone
    publish({"a.pdf": b"%PDF-1.4"}, tmp_path)
    assert not stale.exists() and mine.exists()
    old = tmp_path / ".briefbuilder-publish-legacy"
    old.mkdir()
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert sweep_stale(tmp_path) == [old] and mine.exists()
