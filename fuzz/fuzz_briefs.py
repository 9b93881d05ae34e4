"""Mutation fuzzer for briefs: seeded mutants of a real brief through `check` and `build`.

Each mutant is the seed brief (data/us-belarus-normalization.yaml by default) with one to three
mutations: bit flips, line deletions, duplications and swaps, key renames, values swapped for
huge strings, numbers, odd Unicode, YAML and markup traps, indentation changes, deep nesting,
lists grown past their caps, truncation. Properties checked:

- `check`: exit 0 or 2; no traceback, no "internal error"; every problem line is
  `file[:line[:col]]: ...`; no mutant takes more than --timeout seconds;
- `build` (of mutants that pass check): exit 0, 2 or 3; a failed build leaves no file; a
  successful one leaves exactly the documents, every DOCX opens with python-docx and every PDF
  with pypdf; with --verify, `briefbuilder verify` finds the two in agreement.

Usage (from the repository root):

    PYTHONPATH=src python fuzz/fuzz_briefs.py --seed 1 --count 5000 --time-budget 600

Failing mutants are written to --failures (default fuzz/failures/) with a note of what was
done to them and what happened; the run exits 1 if there was any. The test suite runs a small,
fixed-seed share of this (tests/test_fuzz_briefs.py).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import random
import re
import signal
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SEED_BRIEF = ROOT / "data" / "us-belarus-normalization.yaml"
AUDIENCES = ("analyst", "executive", "press")

try:  # run from a checkout without installing: use its sources
    import briefbuilder  # noqa: F401
except ImportError:  # pragma: no cover
    sys.path.insert(0, str(ROOT / "src"))

# --- values a mutation may put in place of a value ------------------------------------------------
_HUGE = (300, 1_001, 5_000, 20_001, 100_000, 400_000)
_UNICODE = (
    unicodedata.normalize("NFD", "Nausėda, Lukašenko, Škoda, Ōsaka"),
    "Привет, Лукашенко",
    "Ελληνικά κείμενα",
    "שלום עולם",
    "مرحبا بالعالم",
    "政策 分析",
    "🚀 launch",
    "a\u200bb zero width",
    "\u202eright to left override",
    "x\u030c caron alone",
    "a" + "\u0301" * 500,
    "ﬁne ligature",
    "\u00a0non-breaking\u00a0spaces\u00a0",
    "thin\u2009space",
    "line\u2028separator",
    "Ǆemal",
    "\U000e0041 tag character",
)
_ESCAPES = (
    '"\\x00nul"',
    '"\\ud800"',
    '"\\U0001F680"',
    '"\\t tab \\n newline"',
    '"\\x1b[31mred\\x1b[0m"',
    '"\\u0085next line"',
    '"\\uFFFE"',
    '"\\e"',
)
_YAML = (
    "~",
    "null",
    "''",
    "[]",
    "{}",
    "[a, [b, [c]]]",
    "{a: b}",
    "&anchor a",
    "*anchor",
    "!!python/object/apply:os.system [echo pwned]",
    "!!binary aGVsbG8=",
    "!custom x",
    "|",
    ">-",
    "'unterminated",
    '"unterminated',
    "- a",
    "? x",
    "a: b: c",
    "@at",
    "`tick",
    "%percent",
    "yes",
    "NO",
    "1.10",
    "0x1F",
    "1e999",
    ".nan",
    "-.inf",
    "2025-13-45",
    "2025-02-30",
    "0000-00-00",
    "99999-01-01",
    "1900",
    "2108-01-01",
    "12:30:00",
    "[" * 40 + "]" * 40,
)
_MARKUP = (
    "**bold",
    "*a* **b** ***c***",
    "[link](javascript:alert(1))",
    "[link](https://example.org/" + "a" * 3000 + ")",
    "[mail](mailto:)",
    "<b>tag</b> &amp; &bogus; <img src=/etc/passwd>",
    "*" * 1000,
    "\\" * 51,
    "[" * 500 + "x",
    "Page 3 of 9",
    "...",
    "\u2014",
)
_KEYS = (
    "titel",
    "sumary",
    "sources",
    "text",
    "id",
    "<<",
    "\u0442itle",
    "k" * 5000,
    "\x1b[31mkey",
    '"quoted key"',
    "release",
    "audiences",
    "on_record",
    "date",
)
_LINE_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][A-Za-z0-9_]*)(\s*:)(.*)$")
_LIST_KEY = re.compile(
    r"^(key_facts|key_judgments|timeline|statements|outlook|caveats|sources|people|context|analysis):\s*$"
)


@dataclass
class Mutant:
    index: int
    data: bytes
    steps: list[str] = field(default_factory=list)


class Mutator:
    """Seeded mutations of a brief; the same seed and index always give the same mutant."""

    def __init__(self, seed: int, text: str) -> None:
        self.seed = seed
        self.text = text
        self.lines = text.splitlines(keepends=True)

    def mutant(self, index: int, *, benign: bool = False) -> Mutant:
        """Mutant number ``index``; ``benign``: only changes a valid brief can still take
        (values within their caps, odd but printable text), so that it is worth building."""
        rng = random.Random(f"{self.seed}:{index}:{benign}")
        ops = self._benign_ops() if benign else self._ops()
        lines = list(self.lines)
        steps: list[str] = []
        data: bytes | None = None
        for _ in range(rng.choice((1, 1, 2, 3))):
            name, op = rng.choice(ops)
            if name in ("byte_flip", "truncate"):
                raw = data if data is not None else "".join(lines).encode("utf-8")
                data, step = op(rng, raw)
            else:
                if data is not None:
                    lines = data.decode("utf-8", "replace").splitlines(keepends=True)
                    data = None
                step = op(rng, lines)
            steps.append(f"{name}: {step}")
        if data is None:
            data = "".join(lines).encode("utf-8", "surrogatepass")
        return Mutant(index, data, steps)

    def _ops(self) -> list[tuple[str, Callable[..., Any]]]:
        return [
            ("byte_flip", _byte_flip),
            ("truncate", _truncate),
            ("delete_lines", _delete_lines),
            ("duplicate_line", _duplicate_line),
            ("swap_lines", _swap_lines),
            ("rename_key", _rename_key),
            ("swap_value", _swap_value),
            ("swap_value", _swap_value),
            ("swap_value", _swap_value),
            ("indent", _indent),
            ("insert_nesting", _insert_nesting),
            ("grow_list", _grow_list),
            ("splice", _splice),
        ]

    def _benign_ops(self) -> list[tuple[str, Callable[..., Any]]]:
        return [
            ("swap_value", _benign_value),
            ("swap_value", _benign_value),
            ("swap_value", _benign_value),
            ("grow_list", lambda rng, lines: _grow_list(rng, lines, most=40)),
            ("delete_lines", lambda rng, lines: _delete_lines(rng, lines, most=1)),
        ]


def _pick(rng: random.Random, lines: list[str], pattern: re.Pattern[str] | None = None) -> int | None:
    candidates = [i for i, line in enumerate(lines) if pattern is None or pattern.match(line)]
    return rng.choice(candidates) if candidates else None


def _byte_flip(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    raw = bytearray(data)
    flips = rng.choice((1, 1, 2, 8))
    where = []
    for _ in range(flips):
        at = rng.randrange(len(raw))
        raw[at] ^= 1 << rng.randrange(8)
        where.append(at)
    return bytes(raw), f"bits flipped at bytes {where}"


def _truncate(rng: random.Random, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data))
    return data[:at], f"cut at byte {at}"


def _delete_lines(rng: random.Random, lines: list[str], most: int = 5) -> str:
    at = rng.randrange(len(lines))
    n = rng.randint(1, most)
    del lines[at : at + n]
    return f"deleted {n} line(s) from line {at + 1}"


def _duplicate_line(rng: random.Random, lines: list[str]) -> str:
    at = rng.randrange(len(lines))
    lines.insert(at, lines[at])
    return f"duplicated line {at + 1}"


def _swap_lines(rng: random.Random, lines: list[str]) -> str:
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return f"swapped lines {a + 1} and {b + 1}"


def _splice(rng: random.Random, lines: list[str]) -> str:
    start = rng.randrange(len(lines))
    block = lines[start : start + rng.randint(1, 12)]
    at = rng.randrange(len(lines))
    lines[at:at] = block
    return f"copied {len(block)} line(s) from line {start + 1} to line {at + 1}"


def _rename_key(rng: random.Random, lines: list[str]) -> str:
    at = _pick(rng, lines, _LINE_KEY)
    if at is None:
        return "no key found"
    m = _LINE_KEY.match(lines[at])
    assert m is not None
    key = rng.choice(_KEYS)
    if rng.random() < 0.3:  # a typo of the key itself
        old = m.group(2)
        cut = rng.randrange(len(old))
        key = old[:cut] + old[cut + 1 :] or "x"
    lines[at] = f"{m.group(1)}{key}{m.group(3)}{m.group(4)}\n"
    return f"line {at + 1}: key {m.group(2)!r} renamed to {key[:40]!r}"


def _huge(rng: random.Random) -> str:
    n = rng.choice(_HUGE)
    unit = rng.choice(("x", "word ", "Лукашенко ", "é", "9", "🚀", "\u0301"))
    return (unit * (n // len(unit) + 1))[:n].strip() or "x"


def _value(rng: random.Random) -> str:
    kind = rng.randrange(7)
    if kind == 0:
        return _huge(rng)
    if kind == 1:
        return rng.choice(("9" * rng.choice((16, 400, 5000)), "-1", "0", "1" + "0" * 310, "3.5"))
    if kind == 2:
        return '"' + rng.choice(_UNICODE).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if kind == 3:
        return rng.choice(_ESCAPES)
    if kind == 4:
        return rng.choice(_YAML)
    if kind == 5:
        return '"' + rng.choice(_MARKUP).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return "[" + ", ".join(["a"] * rng.choice((3, 60, 600, 3000))) + "]"


def _swap_value(rng: random.Random, lines: list[str], value: str | None = None) -> str:
    at = _pick(rng, lines, _LINE_KEY)
    if at is None:
        return "no value found"
    m = _LINE_KEY.match(lines[at])
    assert m is not None
    new = value if value is not None else _value(rng)
    lines[at] = f"{m.group(1)}{m.group(2)}{m.group(3)} {new}\n"
    # a block scalar (>-, |) continued on the next lines would now be a syntax error: drop them
    if m.group(4).strip() in (">-", ">", "|", "|-"):
        indent = len(lines[at]) - len(lines[at].lstrip())
        while at + 1 < len(lines) and len(lines[at + 1]) - len(lines[at + 1].lstrip()) > indent:
            del lines[at + 1]
    return f"line {at + 1}: {m.group(2)} = {new[:60]!r}{'...' if len(new) > 60 else ''} ({len(new):,} chars)"


def _benign_value(rng: random.Random, lines: list[str]) -> str:
    """A value a valid brief may hold: printable text the fonts draw, within the caps."""
    kind = rng.randrange(5)
    if kind == 0:
        size = rng.choice((250, 1_000, 2_000, 4_000, 19_000))
        text = ("A long sentence of the brief, " * 700)[:size].strip()
    elif kind == 1:
        text = rng.choice(
            (
                "Привет, Лукашенко",
                "Ελληνικά κείμενα",
                unicodedata.normalize("NFD", "Nausėda, Lukašenko, Škoda"),
                "Ąčęėįšųūž ĄČĘĖĮŠŲŪŽ",
                "thin\u2009space and non-breaking\u00a0space",
            )
        )
    elif kind == 2:
        text = rng.choice(
            (
                "*a* **b** ***c*** [link](https://example.org/a?b=1&c=2)",
                "<b>tag</b> &amp; &bogus; <img src=/etc/passwd>",
                "AT&T < R&D > 5 * 3",
                "Page 3 of 9",
                "...",
                "\u2014",
                "Word" + "x" * 1500,
            )
        )
    elif kind == 3:
        text = "x" * rng.choice((1, 64, 100, 255))
    else:
        text = rng.choice(("2025", "2025-01", "1999-12-31", "internal", "public", "low", "high", "false"))
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return _swap_value(rng, lines, quoted)


def _indent(rng: random.Random, lines: list[str]) -> str:
    at = rng.randrange(len(lines))
    line = lines[at]
    choice = rng.randrange(4)
    if choice == 0:
        lines[at] = " " * rng.randint(1, 4) + line
        return f"line {at + 1}: indented more"
    if choice == 1:
        stripped = line.lstrip(" ")
        cut = rng.randint(1, 4)
        lines[at] = " " * max(0, len(line) - len(stripped) - cut) + stripped
        return f"line {at + 1}: indented less"
    if choice == 2:
        lines[at] = "\t" + line
        return f"line {at + 1}: tab added"
    lines[at] = line.lstrip()
    return f"line {at + 1}: indentation removed"


def _insert_nesting(rng: random.Random, lines: list[str]) -> str:
    n = rng.choice((5, 31, 33, 1_000, 100_000))
    kind = rng.randrange(3)
    if kind == 0:
        chunk = "keywords: " + "[" * n + "x" + "]" * n + "\n"
    elif kind == 1:
        chunk = "keywords: " + "{a: " * n + "x" + "}" * n + "\n"
    else:
        depth = min(n, 2_000)
        chunk = "keywords:\n" + "".join("  " * i + "-\n" for i in range(depth)) + "  " * depth + "x\n"
    at = rng.randrange(len(lines) + 1)
    lines[at:at] = [chunk]
    return f"inserted {['flow lists', 'flow mappings', 'block lists'][kind]} nested {n} deep at line {at + 1}"


def _grow_list(rng: random.Random, lines: list[str], most: int | None = None) -> str:
    at = _pick(rng, lines, _LIST_KEY)
    if at is None:
        return "no list found"
    # the list's first item: from its "- " line to the next line at the same indentation
    start = at + 1
    if start >= len(lines) or not lines[start].lstrip().startswith("- "):
        return f"line {at + 1}: not a block list"
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (
        not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
    ):
        end += 1
    item = lines[start:end]
    n = rng.choice((2, 10, 40) if most else (2, 50, 250, 1_001, 2_001))
    n = min(n, most) if most else n
    copies: list[str] = []
    for i in range(n):  # ids made unique, so a grown list is still a valid one
        copies.extend(re.sub(r"^(\s*-?\s*id:\s*)(\S+)", rf"\g<1>\g<2>-{i}", ln) for ln in item)
    lines[end:end] = copies
    return f"line {at + 1}: first item of {lines[at].split(':')[0]} repeated {n} more times"


# --- running briefbuilder ---------------------------------------------------------------------------
@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float


class _Timeout(BaseException):  # not an Exception: the CLI's catch-all must not swallow it
    pass


@contextlib.contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Raise _Timeout after ``seconds`` (main thread, POSIX); a no-op elsewhere."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Timeout

    try:
        previous = signal.signal(signal.SIGALRM, expire)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(args: list[str], timeout: float) -> Outcome:
    """briefbuilder's command line in this process, as a user would see it; code -1 on timeout."""
    from briefbuilder.cli import main

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    try:
        with _deadline(timeout), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    except _Timeout:
        code = -1
    return Outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - start)


_PROBLEM_LINE = re.compile(r"^\S.*?(:\d+(:\d+)?)?: \S")
_SUMMARY = re.compile(r"^\d+ problems? found; nothing was written\.$")


def check_failures(outcome: Outcome, timeout: float) -> list[str]:
    """What is wrong with how `check` answered a mutant; empty when all is well."""
    failures = []
    if outcome.code == -1:
        failures.append(f"check took over {timeout:g} s")
    elif outcome.code not in (0, 2):
        failures.append(f"check exit code {outcome.code} (expected 0 or 2)")
    if "Traceback" in outcome.err or "internal error" in outcome.err:
        failures.append("check: traceback or internal error")
    for line in outcome.err.splitlines():
        if not (_PROBLEM_LINE.match(line) or _SUMMARY.match(line)):
            failures.append(f"check: unexpected stderr line {line[:120]!r}")
            break
    if any(len(line) > 2_000 for line in outcome.err.splitlines()):
        failures.append("check: a message over 2,000 characters (a value echoed in full?)")
    return failures


def build_failures(outcome: Outcome, out_dir: Path, timeout: float, *, verify: bool = False) -> list[str]:
    """What is wrong with how `build` answered and what it left in ``out_dir``."""
    failures = []
    if outcome.code == -1:
        return [f"build took over {timeout:g} s"]
    if outcome.code not in (0, 2, 3):
        failures.append(f"build exit code {outcome.code} (expected 0, 2 or 3)")
    if "Traceback" in outcome.err or "internal error" in outcome.err:
        failures.append("build: traceback or internal error")
    left = sorted(p.name for p in out_dir.iterdir()) if out_dir.exists() else []
    if outcome.code != 0:
        if left:
            failures.append(f"a failed build left files: {left}")
        return failures
    stems = {name.rsplit(".", 1)[0] for name in left}
    if len(left) != 2 or len(stems) != 1 or sorted(n.rsplit(".", 1)[-1] for n in left) != ["docx", "pdf"]:
        failures.append(f"a successful build left {left}, not exactly one DOCX and one PDF")
    for name in left:
        data = (out_dir / name).read_bytes()
        try:
            if name.endswith(".docx"):
                import docx

                docx.Document(io.BytesIO(data))
            elif name.endswith(".pdf"):
                from pypdf import PdfReader

                reader = PdfReader(io.BytesIO(data))
                if not reader.pages:
                    failures.append(f"{name} has no pages")
                else:
                    reader.pages[0].extract_text()
        except Exception as exc:
            failures.append(f"{name} does not open: {type(exc).__name__}: {str(exc)[:200]}")
    if verify and not failures:
        checked = run_cli(["verify", "-q", str(out_dir)], timeout)
        if checked.code != 0:
            failures.append(f"verify exit {checked.code}: {checked.out[-600:]}")
    return failures


# --- the run ----------------------------------------------------------------------------------------
@dataclass
class Report:
    checked: int = 0
    valid: int = 0
    built: int = 0
    build_codes: dict[int, int] = field(default_factory=dict)
    slowest: float = 0.0
    failures: list[tuple[Mutant, str, list[str], Outcome]] = field(default_factory=list)


def fuzz(
    seed: int,
    count: int,
    builds: int,
    *,
    brief: Path = SEED_BRIEF,
    time_budget: float = 0,
    timeout: float = 30.0,
    verify: bool = False,
    templates: Path | None = None,
    audiences: tuple[str, ...] = AUDIENCES,
    work: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Run ``count`` check mutants and ``builds`` build mutants (of benign mutants that pass
    check), stopping early once ``time_budget`` seconds (0: none) are spent."""
    text = brief.read_text("utf-8")
    mutator = Mutator(seed, text)
    report = Report()
    start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        folder = work or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bb-fuzz-")))
        folder.mkdir(parents=True, exist_ok=True)
        check_share = time_budget * 0.55 if time_budget else 0
        for index in range(count):
            if check_share and time.perf_counter() - start > check_share:
                break
            mutant = mutator.mutant(index)
            path = folder / "mutant.yaml"
            path.write_bytes(mutant.data)
            outcome = run_cli(["check", str(path)], timeout)
            report.checked += 1
            report.valid += outcome.code == 0
            report.slowest = max(report.slowest, outcome.seconds)
            failures = check_failures(outcome, timeout)
            if failures:
                report.failures.append((mutant, "check", failures, outcome))
            if progress and index % 100 == 99:
                progress(f"{index + 1} checked, {len(report.failures)} failing")
        index = 0
        while report.built < builds and index < builds * 20:
            if time_budget and time.perf_counter() - start > time_budget:
                break
            mutant = mutator.mutant(index, benign=True)
            index += 1
            path = folder / "benign.yaml"
            path.write_bytes(mutant.data)
            outcome = run_cli(["check", str(path)], timeout)
            report.checked += 1
            report.valid += outcome.code == 0
            failures = check_failures(outcome, timeout)
            if failures:
                report.failures.append((mutant, "benign-check", failures, outcome))
            if outcome.code != 0:
                continue
            out_dir = folder / f"out-{mutant.index}"
            audience = audiences[report.built % len(audiences)]
            args = ["build", str(path), "--audience", audience, "--out", str(out_dir), "-j", "1", "-q"]
            if templates is not None:
                args += ["--templates", str(templates)]
            outcome = run_cli(args, timeout)
            report.built += 1
            report.build_codes[outcome.code] = report.build_codes.get(outcome.code, 0) + 1
            report.slowest = max(report.slowest, outcome.seconds)
            failures = build_failures(outcome, out_dir, timeout, verify=verify)
            if failures:
                mutant.steps.append(f"built for audience {audience}")
                report.failures.append((mutant, "build", failures, outcome))
    return report


def save_failures(report: Report, seed: int, folder: Path) -> list[Path]:
    """Each failing mutant as ``seed-<seed>-<n>.yaml`` with a ``.txt`` note beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for mutant, stage, failures, outcome in report.failures:
        stem = f"seed-{seed}-{stage}-{mutant.index}"
        (folder / f"{stem}.yaml").write_bytes(mutant.data)
        note = [
            f"seed {seed}, mutant {mutant.index} ({stage})",
            "mutations:",
            *(f"  {s}" for s in mutant.steps),
            "failures:",
            *(f"  {f}" for f in failures),
            f"exit code {outcome.code} after {outcome.seconds:.2f} s",
            "stderr:",
            outcome.err[-4_000:],
        ]
        (folder / f"{stem}.txt").write_text("\n".join(note) + "\n", "utf-8")
        saved.append(folder / f"{stem}.yaml")
    return saved


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--seed", type=int, default=1, help="seed of the mutations (default 1)")
    p.add_argument("--count", type=int, default=1_000, help="mutants through check (default 1000)")
    p.add_argument("--builds", type=int, default=50, help="valid mutants built (default 50)")
    p.add_argument("--time-budget", type=float, default=0, help="stop after this many seconds (0: none)")
    p.add_argument("--timeout", type=float, default=30, help="seconds one check or build may take")
    p.add_argument("--brief", type=Path, default=SEED_BRIEF, help="the brief to mutate")
    p.add_argument("--verify", action="store_true", help="also run verify on every successful build")
    p.add_argument("--templates", type=Path, help="extra folder of audience templates for the builds")
    p.add_argument(
        "--audiences",
        default=",".join(AUDIENCES),
        help="audiences the builds take in turn, comma-separated (default: analyst,executive,press)",
    )
    p.add_argument(
        "--failures", type=Path, default=ROOT / "fuzz" / "failures", help="folder for failing mutants"
    )
    args = p.parse_args(argv)
    start = time.perf_counter()
    report = fuzz(
        args.seed,
        args.count,
        args.builds,
        brief=args.brief,
        time_budget=args.time_budget,
        timeout=args.timeout,
        verify=args.verify,
        templates=args.templates,
        audiences=tuple(a.strip() for a in args.audiences.split(",") if a.strip()),
        progress=lambda line: print(line, file=sys.stderr),
    )
    elapsed = time.perf_counter() - start
    codes = ", ".join(f"exit {c}: {n}" for c, n in sorted(report.build_codes.items())) or "none"
    print(
        f"seed {args.seed}: {report.checked} mutants checked ({report.valid} valid), {report.built} built "
        f"({codes}) in {elapsed:.1f} s; slowest {report.slowest:.2f} s; {len(report.failures)} failing"
    )
    if report.failures:
        saved = save_failures(report, args.seed, args.failures)
        print(f"failing mutants written to {args.failures}:")
        for (_, stage, failures, _), path in zip(report.failures, saved, strict=True):
            print(f"  {path.name}: {stage}: {'; '.join(failures)[:200]}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
