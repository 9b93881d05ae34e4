"""Issue #18's figures in one run: the build against the physical floor, the peers, the light
commands, the watch, the batch and the long brief, each with the machine's load beside it.

Usage: python bench/round2.py [--runs N] [--batch N] [--scale N] [--saves N] [--markdown]

Whole-process figures are taken in alternated rounds (every command once per round, in the same
order); a time is the median over the rounds and a ratio the median of the rounds' ratios, so a
busy minute slows both sides of it. The load average (1 minute) is printed beside each figure:
on a 2-core machine anything above ~0.3 means someone else was using a core, and the parallel
parts of a build (the PDF rendered by a forked child, a batch's workers) then have no core to
spare. See bench/README.md.

Peers, when installed (skipped with a note otherwise): the analyst document's text as Markdown
(headings, paragraphs, lists, table rows: the same words, not the same typography), made into a
DOCX by pandoc and into a PDF by pandoc + WeasyPrint and by pandoc + LibreOffice.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run
import watch_latency
from run import BRIEF, FLOOR, PY, ROOT, Row, child_env, print_table, ratio, timed, verdict

PHYSICAL = ROOT / "bench" / "physical.py"


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def markdown_of_analyst(env: dict[str, str], folder: Path) -> Path:
    """The analyst document's text as Markdown, from briefbuilder's own layout (``dump``)."""
    code = (
        "import sys\nfrom briefbuilder.brief.loading import load_brief\n"
        "from briefbuilder.audience.templates import TemplateSet\n"
        "from briefbuilder.pipeline import document_for\nfrom briefbuilder.layout.document import dump\n"
        f"d = document_for(load_brief({str(BRIEF)!r}).brief, TemplateSet.default().resolve('analyst'))\n"
        "print(dump(d))"
    )
    text = subprocess.run([PY, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("# meta", "PAGE BREAK")):
            continue
        if line.startswith("=") and " H" in line[:8]:
            level = line.count("=", 0, line.index(" "))
            words = line.split(" ", 2)[2] if len(line.split(" ", 2)) > 2 else ""
            lines += ["", "#" * max(1, level) + " " + words.rsplit(" #", 1)[0], ""]
        elif line.startswith(("* ", "- ")) or raw.startswith("  *"):
            lines.append("- " + line.lstrip("*- "))
        else:
            head, _, rest = line.partition(" ")
            plain = rest if head.isupper() or "[" in head else line
            lines += ["", plain.replace("|", "\\|"), ""]
    path = folder / "analyst.md"
    path.write_text("\n".join(lines), "utf-8")
    return path


def peer_commands(md: Path, folder: Path) -> tuple[dict[str, list[str]], list[str]]:
    """The peers' command lines (each makes a DOCX and a PDF), and notes on those skipped."""
    notes: list[str] = []
    commands: dict[str, list[str]] = {}
    pandoc = shutil.which("pandoc")
    weasy = shutil.which("weasyprint") or next(
        (str(p) for p in [Path("/tmp/peers/bin/weasyprint")] if p.exists()), None
    )
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if pandoc is None:
        return {}, ["pandoc is not installed: no peers measured"]
    docx = f"{pandoc} {md} -o {folder / 'peer.docx'}"
    if weasy:
        html = folder / "peer.html"
        commands["pandoc_weasyprint"] = [
            "sh",
            "-c",
            f"{docx} && {pandoc} {md} -s --metadata title=Brief -o {html} "
            f"&& {weasy} {html} {folder / 'w.pdf'}",
        ]
    else:
        notes.append("WeasyPrint is not installed: pandoc + WeasyPrint skipped")
    if office:
        profile = folder / "lo-profile"
        commands["pandoc_libreoffice"] = [
            "sh",
            "-c",
            f"{docx} && {office} -env:UserInstallation=file://{profile} --headless --convert-to pdf "
            f"--outdir {folder / 'lo'} {folder / 'peer.docx'} >/dev/null",
        ]
    else:
        notes.append("LibreOffice is not installed: pandoc + LibreOffice skipped")
    return commands, notes


def paired(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> tuple[dict[str, list[float]], str]:
    """``run.rounds`` with the load average before and after."""
    before = os.getloadavg()[0]
    times = run.rounds(commands, runs, env)
    return times, f"load {before:.2f} -> {os.getloadavg()[0]:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--batch", type=int, default=40)
    ap.add_argument("--scale", type=int, default=100)
    ap.add_argument("--saves", type=int, default=10)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()
    rows: list[Row] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="briefbuilder-round2-") as tmp_name:
        tmp = Path(tmp_name)
        env = child_env(tmp / "pycache")
        bb = [PY, "-m", "briefbuilder"]
        analyst = [*bb, "build", str(BRIEF), "--audience", "analyst", "--out", str(tmp / "out"), "-q"]
        md = markdown_of_analyst(env, tmp)
        peers, notes = peer_commands(md, tmp)
        run.say(f"whole process, {args.runs} alternated rounds")
        commands = {
            "physical": [PY, str(PHYSICAL), str(tmp / "physical")],
            "one_pass": [PY, str(FLOOR), str(BRIEF), str(tmp / "floor1"), "--one-pass"],
            "analyst": analyst,
            **peers,
            "help": [*bb, "--help"],
            "check": [*bb, "check", str(BRIEF)],
            "audiences": [*bb, "audiences"],
            "lint": [*bb, "lint", str(BRIEF)],
        }
        t, where = paired(commands, args.runs, env)
        med = {k: statistics.median(v) for k, v in t.items()}
        rows.append(
            Row(
                "physical floor: docx + reportlab imported, 1 paragraph, 1 page, 1 TTF",
                med["physical"],
                "1.00 x physical",
                note=where,
            )
        )
        r1 = ratio(t, "one_pass", "physical")
        rows.append(
            Row(
                "one-pass floor: floor.py --one-pass, the analyst content",
                med["one_pass"],
                f"{r1:.2f} x physical",
                note=where,
            )
        )
        r = ratio(t, "analyst", "physical")
        one = ratio(t, "analyst", "one_pass")
        rows.append(
            Row(
                "build analyst, DOCX+PDF, whole process",
                med["analyst"],
                f"{r:.2f} x physical",
                "<= 1.80 x physical",
                verdict(r, 1.8),
                f"{one:.2f} x the one-pass floor; {where}",
            )
        )
        for name, label in (
            ("pandoc_weasyprint", "pandoc + WeasyPrint"),
            ("pandoc_libreoffice", "pandoc + LibreOffice"),
        ):
            if name in t:
                rp = ratio(t, name, "analyst")
                rows.append(
                    Row(
                        f"peer: {label}, same text, DOCX+PDF",
                        med[name],
                        f"{rp:.2f} x briefbuilder",
                        note=where,
                    )
                )
        for note in notes:
            rows.append(Row(f"peer skipped: {note}", None))
        for name, target in (("help", 0.08), ("check", 0.12), ("audiences", 0.15), ("lint", 0.25)):
            label = "--help" if name == "help" else name + (" BRIEF" if name in ("check", "lint") else "")
            rows.append(
                Row(
                    f"briefbuilder {label}",
                    med[name],
                    "",
                    f"< {target:.2f} s",
                    verdict(med[name], target),
                    where,
                )
            )

        run.say("build --watch: save -> both files published")
        for audiences in (["analyst"], ["executive"]):
            before = load()
            times = watch_latency.measure(audiences, args.saves)
            m = statistics.median(times)
            rows.append(
                Row(
                    f"build --watch {audiences[0]}: save -> DOCX+PDF published",
                    m,
                    f"worst {max(times):.3f} s",
                    "<= 0.25 s",
                    verdict(m, 0.25),
                    f"{len(times)} saves; {before} -> {load()}",
                )
            )

        run.say(f"batch of {args.batch}: --jobs 1 against --jobs 2, alternated twice")
        paths = [str(p) for p in run.batch_briefs(args.batch, tmp)]
        cmd = [*bb, "build", *paths, "--audience", "analyst", "--out", str(tmp / "batch"), "-q"]
        # one core's throughput: --jobs 1 pinned to one core, or the forked PDF child (which
        # runs when a core is spare) would already use the second one
        one_core = ["taskset", "-c", "0"] if shutil.which("taskset") else []
        jobs1 = [*one_core, *cmd, "--jobs", "1"]
        tb, where = paired({"jobs1": jobs1, "jobs2": [*cmd, "--jobs", "2"]}, 2, env)
        rb = ratio(tb, "jobs1", "jobs2")
        rows.append(
            Row(
                f"batch of {args.batch} (analyst), --jobs 1" + (" on one core (taskset)" if one_core else ""),
                statistics.median(tb["jobs1"]),
                f"{statistics.median(tb['jobs1']) / args.batch:.3f} s a build",
                note=where,
            )
        )
        rows.append(
            Row(
                f"batch of {args.batch} (analyst), --jobs 2",
                statistics.median(tb["jobs2"]),
                f"{rb:.2f} x --jobs 1 throughput",
                ">= 1.80 x",
                verdict(rb, 1.8, at_most=False),
                where,
            )
        )

        run.say(f"the {args.scale}x brief")
        big = run.scaled_brief(args.scale, tmp)
        before = load()
        t1, _ = timed(
            [*bb, "build", str(BRIEF), "--audience", "analyst", "--out", str(tmp / "o1"), "-q"], env
        )
        t_big, mem = timed(
            [*bb, "build", str(big), "--audience", "analyst", "--out", str(tmp / "big"), "-q"], env
        )
        pages = run.pdf_pages(tmp / "big" / f"scaled-{args.scale}x-analyst.pdf")
        growth = (t_big - med["physical"]) / max(1e-9, t1 - med["physical"])
        rows.append(
            Row(
                f"build analyst, {args.scale}x brief ({pages} pages)",
                t_big,
                f"{growth:.0f} x the 1x work",
                f"<= {1.1 * args.scale:.0f} x",
                verdict(growth, 1.1 * args.scale),
                f"work = time less the physical floor; {before} -> {load()}",
            )
        )
        rows.append(
            Row(f"peak memory, {args.scale}x brief", None, f"{mem:.0f} MiB", "< 200 MiB", verdict(mem, 200))
        )
    took = time.perf_counter() - started
    meta = (
        f"{os.cpu_count()} cores; Python {sys.version.split()[0]}; {took:.0f} s in all; {load()} at the end"
    )
    print_table(rows, meta, markdown=args.markdown)


if __name__ == "__main__":
    main()
