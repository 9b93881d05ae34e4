"""build --watch latency: from a save of the brief to both files (DOCX and PDF) published.

Usage: python bench/watch_latency.py [--audience NAME[,NAME]] [--saves N] [--json FILE]

Starts ``briefbuilder build COPY --watch`` on a copy of the shipped brief in a temporary folder,
waits until it says it is watching, then saves the copy ``--saves`` times (a word of the title
changed back and forth, as an author would), each time waiting until both files of every chosen
audience have been replaced. The time of a save is taken just before the file is written; a
file counts as published when its inode changes (publication is an ``os.replace``), seen by a
2 ms poll. Prints the median and the worst per audience count, with the machine's load average
beside it (the 2 cores may be shared: see bench/README.md).

Target (issue #18): at most 0.25 s per audience, on an idle machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "data" / "us-belarus-normalization.yaml"
TARGET_PER_AUDIENCE = 0.25
WORDS = ("decided to normalize", "chose to normalize")


def _inode(path: Path) -> int:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return -1


def measure(audiences: list[str], saves: int, timeout: float = 30.0) -> list[float]:
    """Seconds from each save to the last of the files published."""
    with tempfile.TemporaryDirectory(prefix="bb-watch-") as tmp:
        folder = Path(tmp)
        brief, out = folder / "brief.yaml", folder / "out"
        shutil.copy(BRIEF, brief)
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PYTHONPYCACHEPREFIX=str(folder / "pyc"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cmd = [sys.executable, "-m", "briefbuilder", "build", str(brief), "--watch", "--out", str(out)]
        cmd += ["--audience", ",".join(audiences)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        files = [out / f"us-belarus-normalization-{a}.{fmt}" for a in audiences for fmt in ("docx", "pdf")]
        times: list[float] = []
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.startswith("watching "):
                    break
            else:
                raise SystemExit("the watch ended before it started")
            text = brief.read_text("utf-8")
            for n in range(saves + 1):  # the first save warms the rebuild path; it is not counted
                time.sleep(0.3)  # let the previous rebuild settle: one save at a time
                before = {f: _inode(f) for f in files}
                old, new = WORDS if n % 2 == 0 else WORDS[::-1]
                text = text.replace(old, new)
                start = time.perf_counter()
                brief.write_text(text, "utf-8")
                deadline = start + timeout
                while any(_inode(f) == before[f] for f in files):
                    if time.perf_counter() > deadline:
                        raise SystemExit(f"no republication within {timeout} s")
                    time.sleep(0.002)
                if n:
                    times.append(time.perf_counter() - start)
        finally:
            proc.terminate()
            proc.wait(10)
        return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audience", default="analyst", help="audience(s), comma-separated")
    parser.add_argument("--saves", type=int, default=15)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    audiences = [a.strip() for a in args.audience.split(",") if a.strip()]
    load_before = os.getloadavg()
    times = measure(audiences, args.saves)
    load_after = os.getloadavg()
    median, worst = statistics.median(times), max(times)
    target = TARGET_PER_AUDIENCE * len(audiences)
    verdict = "ok" if median <= target else f"MISSED by {median / target - 1:.0%}"
    print(
        f"build --watch, {'+'.join(audiences)}: save -> DOCX+PDF published: median {median:.3f} s, "
        f"worst {worst:.3f} s over {len(times)} saves; target <= {target:.2f} s: {verdict}; "
        f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after ({os.cpu_count()} cores)"
    )
    if args.json:
        figures = {"audiences": audiences, "times": times, "median": median, "worst": worst}
        args.json.write_text(json.dumps(figures | {"load": [load_before, load_after]}, indent=1))


if __name__ == "__main__":
    main()
