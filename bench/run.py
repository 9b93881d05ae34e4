"""briefbuilder benchmark: every figure beside the floor measured in the same run.

Usage: python bench/run.py [--quick] [--runs N] [--batch N] [--scale N] [--json FILE] [--markdown]
       python bench/run.py --tagging [--runs N] [--markdown]    only the PDF's tagging cost
       python bench/run.py --table FILE [--markdown]     print the table of a run saved with --json

Prints one table: each measurement, its median time, its ratio to what it is compared with
(the floor, bench/floor.py, measured in the same run) and its target. Whole-process figures are
taken in rounds, every command once per round, and a ratio is the median of the rounds' ratios,
so a slow minute on a shared machine slows both sides of it. See bench/README.md.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BRIEF = ROOT / "data" / "us-belarus-normalization.yaml"
FLOOR = ROOT / "bench" / "floor.py"
PY = sys.executable
AUDIENCES = ("analyst", "executive", "press")


@dataclass
class Row:
    what: str
    seconds: float | None  # median; None for a row that is not a time
    ratio: str = ""  # "1.07 x floor"
    target: str = ""  # "<= 1.15 x floor"
    verdict: str = ""  # "ok", "MISSED by 12%", or "" when there is no target
    note: str = ""


# --- running things -------------------------------------------------------------------------------
def child_env(cache: Path) -> dict[str, str]:
    """This checkout's code, with its bytecode cached (as in any installed package) but not in the
    source tree; the environment may say not to write bytecode at all, which costs every process
    of briefbuilder 50-120 ms of compiling that no user pays."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("SOURCE_DATE_EPOCH", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    return env


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one child process; it must succeed."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return elapsed, usage.ru_maxrss / 1024


def rounds(commands: dict[str, list[str]], runs: int, env: dict[str, str]) -> dict[str, list[float]]:
    """Each command once per round, ``runs`` rounds (after one warm-up round)."""
    for cmd in commands.values():
        timed(cmd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(timed(cmd, env)[0])
    return times


def ratio(times: dict[str, list[float]], a: str, b: str) -> float:
    """The median over rounds of a's time over b's time in the same round."""
    return statistics.median(x / y for x, y in zip(times[a], times[b], strict=True))


def verdict(value: float, limit: float, *, at_most: bool = True) -> str:
    ok = value <= limit if at_most else value >= limit
    if ok:
        return "ok"
    missed = (value / limit - 1) if at_most else (1 - value / limit)
    return f"MISSED by {missed:.0%}"


# --- inputs ------------------------------------------------------------------------------------
class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:
        return True  # briefbuilder refuses anchors and aliases


def scaled_brief(factor: int, folder: Path) -> Path:
    """The shipped brief with every repeatable section repeated ``factor`` times (ids and
    headings made unique): ``factor`` times as long, as valid."""
    data = _as_text(yaml.load(BRIEF.read_text("utf-8"), Loader=yaml.CSafeLoader))
    big = copy.deepcopy(data)
    big["id"] = f"scaled-{factor}x"
    for key in ("key_facts", "key_judgments", "timeline", "outlook", "caveats", "statements"):
        big[key] = [
            dict(item, **({"id": f"{item['id']}-{i}"} if "id" in item else {}))
            for i in range(factor)
            for item in data.get(key, [])
        ]
    big["context"] = [
        dict(s, heading=f"{s['heading']} ({i + 1})") for i in range(factor) for s in data["context"]
    ]
    big["analysis"] = [copy.deepcopy(a) for _ in range(factor) for a in data["analysis"]]
    path = folder / f"scaled-{factor}x.yaml"
    path.write_text(
        yaml.dump(big, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=100), "utf-8"
    )
    return path


def _as_text(value: object) -> object:
    """Dates and numbers as the strings they were written as (the loader types them itself)."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    return value if isinstance(value, str | bool) or value is None else str(value)


def batch_briefs(n: int, folder: Path) -> list[Path]:
    text = BRIEF.read_text("utf-8")
    paths = []
    for i in range(n):
        path = folder / f"batch-{i:04d}.yaml"
        path.write_text(text.replace("id: us-belarus-normalization", f"id: batch-{i:04d}", 1), "utf-8")
        paths.append(path)
    return paths


# --- in-process measurements, in a child of their own -------------------------------------------
_IN_PROCESS = r"""
import json, statistics, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {bench!r})
import yaml, floor
from briefbuilder.audience.templates import TemplateSet
from briefbuilder.pipeline import build_brief
from briefbuilder.layout.engine import lay_out
from briefbuilder.brief.loading import load_brief
from briefbuilder.writers.docx import write_docx
from briefbuilder.writers.pdf import render_pdf

def best(fn, runs):
    fn()  # warm: fonts registered, caches filled
    times = []
    for _ in range(runs):
        start = time.perf_counter(); fn(); times.append(time.perf_counter() - start)
    return statistics.median(times)

runs, big = {runs}, {big!r}
out = Path(tempfile.mkdtemp())
brief = load_brief({brief!r}).brief
analyst = TemplateSet.default().resolve("analyst")
document = lay_out(brief, analyst)
content = floor.Content(yaml.load(open({brief!r}, encoding="utf-8"), Loader=yaml.CSafeLoader))
result = {{}}
result["bb_load"] = best(lambda: load_brief({brief!r}), runs)
result["bb_layout"] = best(lambda: lay_out(brief, TemplateSet.default().resolve("analyst")), runs)
result["bb_pdf"] = best(lambda: render_pdf(document), runs)
result["floor_pdf"] = best(lambda: floor.write_pdf(content, out / "f.pdf", False, False), runs)
result["floor_pdf_one_pass"] = best(lambda: floor.write_pdf(content, out / "f.pdf", False, True), runs)
result["bb_docx"] = best(lambda: write_docx(document), runs)
result["floor_docx"] = best(lambda: floor.write_docx(content, out / "f.docx", {{}}, False), runs)
result["bb_work_1x"] = best(
    lambda: build_brief(load_brief({brief!r}).brief, [analyst], ["docx", "pdf"]), runs
)
if big:
    start = time.perf_counter()
    build_brief(load_brief(big).brief, [analyst], ["docx", "pdf"])
    result["bb_work_big"] = time.perf_counter() - start
print(json.dumps(result))
"""


def in_process(runs: int, big: Path | None, env: dict[str, str]) -> dict[str, float]:
    code = _IN_PROCESS.format(
        bench=str(ROOT / "bench"), runs=runs, big=str(big) if big else "", brief=str(BRIEF)
    )
    proc = subprocess.run([PY, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"in-process measurements failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# Tagging (PDF/UA-1, PDF/A-2): the analyst PDF written as shipped, and with tagging switched off
# (the canvas's marked content made plain reportlab again, the pikepdf finishing pass skipped),
# one of each per round; and the finishing pass alone, on the bytes reportlab wrote.
_TAGGING = r"""
import contextlib, json, statistics, sys, time
from reportlab.pdfgen.canvas import Canvas
from briefbuilder.audience.templates import TemplateSet
from briefbuilder.brief.loading import load_brief
from briefbuilder.layout.engine import lay_out
from briefbuilder.writers import pdf as writer
from briefbuilder.writers.pdf_marks import MarkedCanvas

document = lay_out(load_brief({brief!r}).brief, TemplateSet.default().resolve("analyst"))
finish = writer.finish
PLAIN = dict(
    drawText=Canvas.drawText, beginText=Canvas.beginText, _addAnnotation=Canvas._addAnnotation,
    push_tags=lambda self, tags: None, pop_tags=lambda self: None,
    _open_default=lambda self: None, _close_default=lambda self: None,
    artifact=lambda self, subtype: contextlib.nullcontext(),
)
TAGGED = {{name: MarkedCanvas.__dict__[name] for name in PLAIN}}

def untagged():
    for name, value in PLAIN.items():
        setattr(MarkedCanvas, name, value)
    writer.finish = lambda data, tree, meta: data
    try:
        return writer.render_pdf(document).data
    finally:
        for name, value in TAGGED.items():
            setattr(MarkedCanvas, name, value)
        writer.finish = finish

def timed(fn):
    start = time.process_time(); fn(); return time.process_time() - start

captured = []
writer.finish = lambda data, tree, meta: captured.append((data, tree, meta)) or finish(data, tree, meta)
tagged = writer.render_pdf(document).data
writer.finish = finish
plain = untagged()
with_tags, without, ratios, finishing = [], [], [], []
for _ in range({runs}):
    a = timed(lambda: writer.render_pdf(document)); b = timed(untagged)
    with_tags.append(a); without.append(b); ratios.append(a / b)
    finishing.append(timed(lambda: finish(*captured[0])))
print(json.dumps(dict(
    tagged=statistics.median(with_tags), untagged=statistics.median(without),
    ratio=statistics.median(ratios), finish=statistics.median(finishing),
    tagged_bytes=len(tagged), untagged_bytes=len(plain),
)))
"""


def tagging_cost(runs: int, env: dict[str, str]) -> list[Row]:
    """The rows of the tagging measurement (analyst PDF, in-process)."""
    proc = subprocess.run(
        [PY, "-c", _TAGGING.format(brief=str(BRIEF), runs=runs)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise SystemExit(f"tagging measurement failed:\n{proc.stderr}")
    t = json.loads(proc.stdout.strip().splitlines()[-1])
    cost = t["tagged"] - t["untagged"]
    return [
        Row(
            "PDF writer, analyst, tagged (PDF/UA-1, PDF/A-2U)",
            t["tagged"],
            f"{t['ratio']:.2f} x untagged",
            "<= 1.30 x untagged",
            verdict(t["ratio"], 1.30),
            f"tagging {cost * 1000:.0f} ms; {t['tagged_bytes'] / 1024:.0f} KiB",
        ),
        Row(
            "PDF writer, analyst, tagging switched off",
            t["untagged"],
            note=f"{t['untagged_bytes'] / 1024:.0f} KiB",
        ),
        Row("of the tagging: the pikepdf finishing pass", t["finish"], note="structure tree, XMP, fonts"),
    ]


def heavy_imports(env: dict[str, str]) -> dict[str, list[str]]:
    """Which of python-docx, reportlab, PIL, fontTools each light command imports."""
    code = (
        "import contextlib, io, sys\nfrom briefbuilder.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n    main(sys.argv[1:])\n"
        "print(' '.join(sorted(m for m in ('docx', 'reportlab', 'PIL', 'fontTools') if m in sys.modules)))"
    )
    out = {}
    for name, args in (
        ("--help", ["--help"]),
        ("check", ["check", str(BRIEF)]),
        ("audiences", ["audiences"]),
    ):
        proc = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, env=env, cwd=ROOT)
        out[name] = proc.stdout.split() if proc.returncode == 0 else ["(failed)"]
    return out


def pdf_pages(path: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", path.read_bytes()))


# --- the benchmark ------------------------------------------------------------------------------
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10, help="rounds of the whole-process figures (median)")
    ap.add_argument("--batch", type=int, default=500, help="builds in the batch figure")
    ap.add_argument("--scale", type=int, default=100, help="how many times longer the long brief is")
    ap.add_argument("--quick", action="store_true", help="3 rounds, a batch of 40, a 20x brief (~2 minutes)")
    ap.add_argument("--json", type=Path, help="also write the rows to this file")
    ap.add_argument(
        "--markdown", action="store_true", help="print the table as Markdown (for bench/README.md)"
    )
    ap.add_argument("--table", type=Path, metavar="FILE", help="print the table of a run saved with --json")
    ap.add_argument("--tagging", action="store_true", help="only the tagging cost of the PDF (~1 minute)")
    args = ap.parse_args()
    if args.tagging:
        with tempfile.TemporaryDirectory(prefix="briefbuilder-bench-") as tmp_name:
            rows = tagging_cost(max(5, args.runs), child_env(Path(tmp_name) / "pycache"))
        print_table(rows, f"{os.cpu_count()} cores; Python {sys.version.split()[0]}", markdown=args.markdown)
        return
    if args.table:
        saved = json.loads(args.table.read_text("utf-8"))
        print_table([Row(**row) for row in saved["rows"]], saved["meta"], markdown=args.markdown)
        return
    if args.quick:
        args.runs, args.batch, args.scale = 3, 40, 20
    rows: list[Row] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefbuilder-bench-") as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(tmp / "pycache")
        out = tmp / "out"
        bb = [PY, "-m", "briefbuilder"]
        build = [*bb, "build", str(BRIEF), "--out", str(out), "-q"]

        # (a) one brief, whole process; (e) the floor, in the same rounds
        say(f"(a) whole process, {args.runs} rounds")
        commands = {
            "floor": [PY, str(FLOOR), str(BRIEF), str(tmp / "floor")],
            "floor_one_pass": [PY, str(FLOOR), str(BRIEF), str(tmp / "floor1"), "--one-pass"],
            "floor_bare": [PY, str(FLOOR), str(BRIEF), str(tmp / "floor0"), "--bare"],
            **{aud: [*build, "--audience", aud, "--jobs", "1"] for aud in AUDIENCES},
            "analyst_docx": [*build, "--audience", "analyst", "--format", "docx"],
            "analyst_pdf": [*build, "--audience", "analyst", "--format", "pdf"],
            "all_one_process": [*build, "--jobs", "1"],
            "all_default": build,
            "startup": [*bb, "--version"],
            "help": [*bb, "--help"],
            "check": [*bb, "check", str(BRIEF)],
            "audiences": [*bb, "audiences"],
        }
        t = rounds(commands, args.runs, env)
        med = {name: statistics.median(v) for name, v in t.items()}
        rows.append(
            Row(
                "floor: python-docx + reportlab script, same document, DOCX+PDF",
                med["floor"],
                "1.00 x floor",
                note="bench/floor.py: contents by multiBuild (2 layout passes)",
            )
        )
        rows.append(
            Row(
                "floor, one layout pass (contents without page numbers)",
                med["floor_one_pass"],
                f"{ratio(t, 'floor_one_pass', 'floor'):.2f} x floor",
                note="floor.py --one-pass",
            )
        )
        rows.append(
            Row(
                "floor, text only (no cover, contents, figure, footnotes)",
                med["floor_bare"],
                f"{ratio(t, 'floor_bare', 'floor'):.2f} x floor",
                note="floor.py --bare",
            )
        )
        for aud in AUDIENCES:
            r = ratio(t, aud, "floor")
            one = ratio(t, aud, "floor_one_pass")
            rows.append(
                Row(
                    f"build {aud}, DOCX+PDF, whole process",
                    med[aud],
                    f"{r:.2f} x floor",
                    "<= 1.15 x floor",
                    verdict(r, 1.15),
                    f"{one:.2f} x the one-pass floor",
                )
            )
        for fmt in ("docx", "pdf"):
            name = f"analyst_{fmt}"
            rows.append(
                Row(f"build analyst, {fmt.upper()} only", med[name], f"{ratio(t, name, 'floor'):.2f} x floor")
            )
        r = ratio(t, "all_one_process", "analyst")
        rows.append(
            Row(
                "build all 3 audiences x both formats, one process (--jobs 1)",
                med["all_one_process"],
                f"{r:.2f} x analyst",
                "<= 2.00 x analyst",
                verdict(r, 2.0),
            )
        )
        r = ratio(t, "all_default", "analyst")
        rows.append(
            Row(
                "build all 3 audiences x both formats, default --jobs",
                med["all_default"],
                f"{r:.2f} x analyst",
                note=f"{os.cpu_count()} worker processes",
            )
        )
        rows.append(Row("start-up: briefbuilder --version", med["startup"]))

        # (b) the writers alone, in-process
        say("(b) writers alone, in-process")
        big = scaled_brief(args.scale, tmp)
        inproc = in_process(max(3, args.runs // 2), big, env)
        for label, ours, theirs in (
            ("PDF writer alone, analyst (in-process)", "bb_pdf", "floor_pdf"),
            ("DOCX writer alone, analyst (in-process)", "bb_docx", "floor_docx"),
        ):
            r = inproc[ours] / inproc[theirs]
            rows.append(
                Row(label, inproc[ours], f"{r:.2f} x floor's", note=f"floor's: {inproc[theirs]:.3f} s")
            )
        rows.extend(tagging_cost(max(5, args.runs), env))
        rows.append(Row("PDF, floor's one-pass writer (in-process)", inproc["floor_pdf_one_pass"]))
        rows.append(Row("load + validate the brief (in-process)", inproc["bb_load"]))
        rows.append(Row("templates + layout (in-process)", inproc["bb_layout"]))

        # (c) the long brief: scaling and peak memory
        say(f"(c) the {args.scale}x brief")
        floor_big, floor_mem = timed([PY, str(FLOOR), str(big), str(tmp / "floorbig")], env)
        floor1_big, floor1_mem = timed([PY, str(FLOOR), str(big), str(tmp / "floorbig1"), "--one-pass"], env)
        t_big, mem_big = timed(
            [*bb, "build", str(big), "--audience", "analyst", "--out", str(out), "--jobs", "1"], env
        )
        pages = pdf_pages(out / f"scaled-{args.scale}x-analyst.pdf")
        rows.append(
            Row(f"floor, {args.scale}x brief", floor_big, "1.00 x floor", note=f"peak {floor_mem:.0f} MiB")
        )
        rows.append(
            Row(
                f"floor one-pass, {args.scale}x brief",
                floor1_big,
                f"{floor1_big / floor_big:.2f} x floor",
                note=f"peak {floor1_mem:.0f} MiB",
            )
        )
        r = t_big / floor_big
        rows.append(
            Row(
                f"build analyst, {args.scale}x brief ({pages} pages)",
                t_big,
                f"{r:.2f} x floor",
                "<= 1.15 x floor",
                verdict(r, 1.15),
                f"{t_big / floor1_big:.2f} x the one-pass floor",
            )
        )
        rows.append(
            Row(
                f"peak memory, {args.scale}x brief",
                None,
                f"{mem_big:.0f} MiB",
                "< 200 MiB",
                verdict(mem_big, 200),
            )
        )
        growth = inproc["bb_work_big"] / inproc["bb_work_1x"]
        rows.append(
            Row(
                f"growth: {args.scale}x content, in-process work (no start-up)",
                inproc["bb_work_big"],
                f"{growth:.1f} x the 1x work",
                f"<= {1.1 * args.scale:.0f} x",
                verdict(growth, 1.1 * args.scale),
                f"1x work: {inproc['bb_work_1x']:.3f} s",
            )
        )

        # (d) a batch: one core against two
        say(f"(d) a batch of {args.batch} builds")
        paths = [str(p) for p in batch_briefs(args.batch, tmp)]
        cmd = [*bb, "build", *paths, "--audience", "analyst", "--out", str(tmp / "batch"), "-q"]
        t1, _ = timed([*cmd, "--jobs", "1"], env)
        t2, mem2 = timed([*cmd, "--jobs", "2"], env)
        per = t1 / args.batch
        rows.append(
            Row(
                f"batch of {args.batch} builds (analyst), --jobs 1",
                t1,
                f"{per / med['floor']:.2f} x floor",
                note=f"{per:.3f} s a build, {args.batch / t1:.2f} builds/s; floor: one process a document",
            )
        )
        r = t1 / t2
        rows.append(
            Row(
                f"batch of {args.batch} builds (analyst), --jobs 2",
                t2,
                f"{r:.2f} x --jobs 1 throughput",
                ">= 1.70 x",
                verdict(r, 1.7, at_most=False),
                f"peak {mem2:.0f} MiB",
            )
        )

        # light commands
        imports = heavy_imports(env)
        for name in ("help", "check", "audiences"):
            label = "--help" if name == "help" else name
            heavy = imports[label]
            note = "imports " + (", ".join(heavy) if heavy else "none of docx, reportlab, PIL, fontTools")
            rows.append(
                Row(
                    f"briefbuilder {label}{' BRIEF' if name == 'check' else ''}",
                    med[name],
                    "",
                    "< 0.15 s",
                    verdict(med[name], 0.15),
                    note,
                )
            )
    took = time.perf_counter() - started
    meta = f"{os.cpu_count()} cores; Python {sys.version.split()[0]}; {took:.0f} s in all"
    print_table(rows, meta, markdown=args.markdown)
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "rows": [asdict(r) for r in rows]}, indent=1), "utf-8")


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def print_table(rows: list[Row], meta: str, *, markdown: bool) -> None:
    cells = [
        (r.what, "" if r.seconds is None else f"{r.seconds:.3f}", r.ratio, r.target, r.verdict, r.note)
        for r in rows
    ]
    head = ("measurement", "seconds", "ratio", "target", "verdict", "note")
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join(["---", "---:", "---:", "---", "---", "---"]) + "|")
        for c in cells:
            print("| " + " | ".join(c) + " |")
    else:
        widths = [max(len(c[i]) for c in [head, *cells]) for i in range(len(head))]
        for c in [head, *cells]:
            print(
                "  ".join(
                    v.rjust(w) if i == 1 else v.ljust(w)
                    for i, (v, w) in enumerate(zip(c, widths, strict=True))
                ).rstrip()
            )
    print(f"\n{meta}")


if __name__ == "__main__":
    main()
