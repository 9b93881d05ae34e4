"""briefbuilder benchmark: every figure beside the floor measured in the same run.

Usage: python bench/run.py [--runs N] [--batch N] [--quick]

Prints one table: each measurement, its median time, and its ratio to the floor it is compared
with (a bare python-docx + reportlab script, bench/floor.py, building the same content). Absolute
times on shared machines are noisy; the targets in bench/README.md speak of ratios.
"""

from __future__ import annotations

import argparse
import copy
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "data" / "us-belarus-normalization.yaml"
FLOOR = ROOT / "bench" / "floor.py"
PY = sys.executable


def median_time(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run(cmd: list[str], **kw: object) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)  # type: ignore[call-overload]


def peak_rss_mib(cmd: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one child process, measured with wait4()."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss / 1024


def scaled_brief(factor: int, folder: Path) -> Path:
    """The shipped brief with every repeatable section repeated ``factor`` times."""
    data = yaml.load(BRIEF.read_text("utf-8"), Loader=yaml.CSafeLoader)
    data = _as_text(data)
    big = copy.deepcopy(data)
    big["id"] = f"scaled-{factor}x"
    for key in ("key_facts", "key_judgments", "timeline", "outlook", "caveats", "statements"):
        big[key] = [dict(item, **({"id": f"{item['id']}-{i}"} if "id" in item else {}))
                    for i in range(factor) for item in data.get(key, [])]
    big["context"] = [dict(sec, heading=f"{sec['heading']} ({i + 1})")
                      for i in range(factor) for sec in data["context"]]
    big["analysis"] = [a for _ in range(factor) for a in data["analysis"]]
    path = folder / f"scaled-{factor}x.yaml"
    path.write_text(yaml.safe_dump(big, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def _as_text(value: object) -> object:
    """Dates and numbers as strings, as briefbuilder's loader sees every scalar."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value if isinstance(value, str) or value is None else str(value)


def batch_briefs(n: int, folder: Path) -> list[Path]:
    text = BRIEF.read_text("utf-8")
    paths = []
    for i in range(n):
        path = folder / f"batch-{i:04d}.yaml"
        path.write_text(text.replace("id: us-belarus-normalization", f"id: batch-{i:04d}", 1), "utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10, help="runs per whole-process figure (median)")
    ap.add_argument("--batch", type=int, default=500, help="builds in the batch figure")
    ap.add_argument("--scale", type=int, default=100, help="factor for the long brief")
    ap.add_argument("--quick", action="store_true", help="3 runs, batch of 40, 20x brief")
    args = ap.parse_args()
    if args.quick:
        args.runs, args.batch, args.scale = 3, 40, 20
    rows: list[tuple[str, float, str, str]] = []  # (what, seconds, ratio text, note)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        out = tmp / "out"
        bb = [PY, "-m", "briefbuilder"]

        floor = median_time(lambda: run([PY, str(FLOOR), str(BRIEF), str(out / "floor")]), args.runs)
        rows.append(("floor: bare python-docx + reportlab, DOCX+PDF", floor, "1.00", "bench/floor.py"))
        single = {}
        for aud in ("analyst", "executive", "press"):
            t = median_time(lambda a=aud: run([*bb, "build", str(BRIEF), "--audience", a, "--out", str(out)]),
                            args.runs)
            single[aud] = t
            rows.append((f"build {aud}, DOCX+PDF, whole process", t, f"{t / floor:.2f}", "target <= 1.15"))
        for fmt in ("docx", "pdf"):
            t = median_time(lambda f=fmt: run([*bb, "build", str(BRIEF), "--audience", "analyst",
                                               "--format", f, "--out", str(out)]), args.runs)
            rows.append((f"build analyst, {fmt} only, whole process", t, f"{t / floor:.2f}", ""))
        t_all = median_time(lambda: run([*bb, "build", str(BRIEF), "--out", str(out)]), args.runs)
        rows.append(("build all audiences x both formats, one process", t_all,
                     f"{t_all / single['analyst']:.2f} x single", "target <= 2.00 x single"))

        # (b) the writers alone, in-process
        sys.path.insert(0, str(ROOT / "src"))
        from briefbuilder.audiences import TemplateSet
        from briefbuilder.layout import lay_out
        from briefbuilder.loading import load_brief
        from briefbuilder.writers import writer

        brief = load_brief(BRIEF).brief
        document = lay_out(brief, TemplateSet.default().resolve("analyst"))
        for fmt in ("docx", "pdf"):
            w = writer(fmt)
            w(document)  # warm-up: font registration, imports
            t = median_time(lambda w=w: w(document), args.runs)
            rows.append((f"writer {fmt} alone, in-process (analyst)", t, "", ""))
        t = median_time(lambda: lay_out(brief, TemplateSet.default().resolve("analyst")), args.runs)
        rows.append(("load templates + layout alone, in-process", t, "", ""))

        # (c) the long brief: scaling and peak memory
        big = scaled_brief(args.scale, tmp)
        floor_big, floor_mem = peak_rss_mib([PY, str(FLOOR), str(big), str(out / "floorbig")])
        t_big, mem_big = peak_rss_mib([*bb, "build", str(big), "--audience", "analyst", "--out", str(out)])
        pages = _pdf_pages(out / f"scaled-{args.scale}x-analyst.pdf")
        rows.append((f"floor, {args.scale}x brief", floor_big, "1.00", f"peak {floor_mem:.0f} MiB"))
        rows.append((f"build analyst, {args.scale}x brief ({pages} pages)", t_big, f"{t_big / floor_big:.2f}",
                     f"peak {mem_big:.0f} MiB; target <= 1.15, < 200 MiB"))
        startup = median_time(lambda: run([*bb, "--version"]), args.runs)
        growth = (t_big - startup) / max(single["analyst"] - startup, 1e-9)
        rows.append((f"growth: {args.scale}x content vs 1x, start-up excluded", growth, f"{growth:.1f} x",
                     f"target <= {1.1 * args.scale:.0f} x"))

        # (d) a batch: one core vs two
        paths = [str(p) for p in batch_briefs(args.batch, tmp)]
        cmd = [*bb, "build", *paths, "--audience", "analyst", "--out", str(out / "batch"), "-q"]
        t1 = median_time(lambda: run([*cmd, "--jobs", "1"]), 1)
        t2 = median_time(lambda: run([*cmd, "--jobs", "2"]), 1)
        rows.append((f"batch of {args.batch} builds, 1 process", t1, f"{args.batch / t1:.1f}/s", ""))
        rows.append((f"batch of {args.batch} builds, 2 processes", t2, f"{t1 / t2:.2f} x 1-core",
                     "target >= 1.70 x"))

        # (e) light commands
        for light in (["--help"], ["check", str(BRIEF)], ["audiences"]):
            t = median_time(lambda c=light: run([*bb, *c]), args.runs)
            rows.append((f"briefbuilder {' '.join(c if not c.endswith('.yaml') else 'BRIEF' for c in light)}",
                         t, "", "target < 0.15 s"))
    _print(rows)


def _pdf_pages(path: Path) -> int:
    import re

    return len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes()))


def _print(rows: list[tuple[str, float, str, str]]) -> None:
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'seconds':>8}  {'ratio':>16}  note")
    for what, secs, ratio, note in rows:
        print(f"{what:<{width}}  {secs:8.3f}  {ratio:>16}  {note}")
    print(f"\n{os.cpu_count()} cores; python {sys.version.split()[0]}; max RSS of this process "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
