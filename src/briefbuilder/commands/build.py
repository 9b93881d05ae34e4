"""briefbuilder build: briefs × audiences × formats → files, published all-or-nothing per brief.

Every brief is validated before anything is built. Then each (brief, audience) item is built, in
a pool of worker processes when there is more than one item and more than one job: documents
are laid out and written in the workers, and the parent publishes each brief's files together
once all its items are done. A failed item is reported and the run goes on; its brief publishes
nothing. The exit code is the worst of the failures (internal error 1 worse than output 4, worse
than build 3, worse than invalid input 2).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from briefbuilder.commands.common import EXIT_INTERNAL, EXIT_INVALID, EXIT_OK, source_date_epoch, split
from briefbuilder.errors import BriefbuilderError, InvalidInput, OutputError, Problem

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience
    from briefbuilder.brief.loading import Loaded
    from briefbuilder.brief.model import Brief
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.pipeline import Artifact

HELP = "build briefings (DOCX, PDF) from briefs"
_SEVERITY = (0, 2, 3, 4, 1)  # exit codes, least to most severe: a bug outranks everything


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("briefs", nargs="+", metavar="BRIEF", type=Path, help="brief YAML file(s)")
    p.add_argument("--audience", default="all", help="audience name(s), comma-separated, or 'all' (default)")
    p.add_argument("--format", default="docx,pdf", help="formats, comma-separated (default: docx,pdf)")
    p.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    p.add_argument("--templates", type=Path, help="extra folder of audience templates")
    p.add_argument("--prepared-for", help="name printed as 'Prepared for' on the title block")
    p.add_argument(
        "--previous",
        type=Path,
        metavar="OLD.yaml",
        help='the previous edition: each document starts with "What\'s new since <its date>"',
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="build N items (brief x audience) at a time in worker processes "
        "(default: one per CPU core; 1 builds in this process)",
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="print only problems (no list of files, no progress bar)"
    )


# --- one item: one brief for one audience, built in a worker or in this process --------------------
@dataclass(frozen=True, slots=True)
class _Task:
    """What a worker needs to build one item; pickled to it."""

    index: int  # of the item, in the order of the run
    brief: Brief
    audience: Audience
    formats: tuple[str, ...]
    options: LayoutOptions
    previous: Brief | None


@dataclass(frozen=True, slots=True)
class _Outcome:
    """An item's files, or why it has none (exit code and message); notes to print either way."""

    index: int
    artifacts: tuple[Artifact, ...] = ()
    code: int = EXIT_OK
    message: str = ""
    notes: tuple[str, ...] = ()


def _run_task(task: _Task, debug: bool = False) -> _Outcome:
    """Build one item; every failure but Ctrl-C becomes its outcome, so the run can go on."""
    try:
        artifacts, notes = _build_item(task)
        return _Outcome(task.index, tuple(artifacts), notes=notes)
    except BriefbuilderError as exc:
        return _Outcome(task.index, code=exc.exit_code, message=str(exc))
    except Exception as exc:
        if debug:
            raise
        return _Outcome(
            task.index,
            code=EXIT_INTERNAL,
            message=f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in briefbuilder; run again with --debug and report the traceback.",
        )


def _build_item(task: _Task) -> tuple[list[Artifact], tuple[str, ...]]:
    from briefbuilder.pipeline import build_brief

    if task.previous is None:
        return build_brief(task.brief, [task.audience], list(task.formats), task.options), ()
    return _with_whats_new(task)


def _with_whats_new(task: _Task) -> tuple[list[Artifact], tuple[str, ...]]:
    """The item's files with a "What's new" box that tells only what its audience is shown.
    Under a page budget the box gives up lines (then itself) rather than break the budget."""
    import dataclasses

    from briefbuilder.audience.editions import audience_filter, diff_briefs, whats_new
    from briefbuilder.errors import BuildError
    from briefbuilder.pipeline import build_brief

    brief, previous, audience = task.brief, task.previous, task.audience
    assert previous is not None
    changes = diff_briefs(previous, brief)
    shows = audience_filter(audience, previous, brief)
    limits = (6, 3, 1, 0) if audience.page_budget is not None else (6,)
    for n, limit in enumerate(limits):
        lines = whats_new(previous, changes, shows, limit)
        options = dataclasses.replace(task.options, whats_new=lines)
        try:
            built = build_brief(brief, [audience], list(task.formats), options)
        except BuildError:
            if n == len(limits) - 1:
                raise
            continue
        notes: tuple[str, ...] = ()
        if n:
            told = f"{len(lines) - 1} line(s)" if lines else "nothing (left out)"
            notes = (f"note: {audience.name}: the What's new box was cut to {told} to fit the page budget",)
        return built, notes
    raise AssertionError("unreachable: the last limit either builds or raises")


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and publishes nothing more."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- the run ------------------------------------------------------------------------------------
def run(args: argparse.Namespace) -> int:
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.brief.loading import load_brief
    from briefbuilder.brief.typed import text_problem
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.output.publish import check_writable
    from briefbuilder.render import WRITERS

    problems: list[Problem] = []
    formats = split(args.format)
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        message = f"unknown format {', '.join(unknown) or '(none)'}; known: {', '.join(WRITERS)}"
        problems.append(Problem("--format", None, None, "", message))
    if args.jobs is not None and args.jobs < 1:
        problems.append(Problem("--jobs", None, None, "", f"expected 1 or more, got {args.jobs}"))
    if args.prepared_for is not None:
        if not args.prepared_for.strip():
            problems.append(Problem("--prepared-for", None, None, "", "must not be empty"))
        elif found := text_problem(args.prepared_for):
            problems.append(Problem("--prepared-for", None, None, "", found[0]))
    if problems:
        raise InvalidInput(problems)
    templates = TemplateSet.default(args.templates)
    names = templates.names() if args.audience == "all" else split(args.audience)
    audiences = [templates.resolve(n) for n in names]
    options = LayoutOptions(source_date_epoch=source_date_epoch(), prepared_for=args.prepared_for)

    debug = getattr(args, "debug", False)  # a traceback needs the item built in this process
    items = len(args.briefs) * len(audiences)
    jobs = 1 if debug else min(args.jobs or _cpu_count(), items)
    with _Workers(jobs) if jobs > 1 else contextlib.nullcontext() as workers:
        # validate every brief before building any: in the workers too, a few hundred take seconds
        results = workers.load(args.briefs) if workers else [_load_one(path) for path in args.briefs]
        loaded = [r for r in results if not isinstance(r, InvalidInput)]
        invalid = [r for r in results if isinstance(r, InvalidInput)]
        previous = None
        if args.previous is not None:
            if len(args.briefs) != 1:
                message = "name exactly one BRIEF to compare to it"
                problems.append(Problem("--previous", None, None, "", message))
            try:
                previous = load_brief(args.previous).brief
            except InvalidInput as exc:
                problems.extend(exc.problems)
        if problems or not loaded:  # nothing can be built: report it all, as one invalid input
            raise InvalidInput(problems + [p for exc in invalid for p in exc.problems])

        progress = _Progress(len(loaded) * len(audiences), enabled=not args.quiet and sys.stderr.isatty())
        worst = EXIT_OK
        for exc in invalid:  # the others are built; these are reported and count as failed
            for problem in exc.problems:
                progress.say(str(problem))
            worst = _worse(worst, EXIT_INVALID)
        check_writable(args.out)  # fail fast, before the work, not after it
        if not args.quiet:
            for item in loaded:
                for warning in item.warnings:
                    progress.say(f"{warning} [{warning.severity}]")
        tasks = [
            _Task(i * len(audiences) + j, item.brief, audience, tuple(formats), options, previous)
            for i, item in enumerate(loaded)
            for j, audience in enumerate(audiences)
        ]
        batch = _Batch(loaded=len(loaded), per_brief=len(audiences), folder=args.out, quiet=args.quiet)
        outcomes = workers.build(tasks) if workers else (_run_task(t, debug) for t in tasks)
        for outcome in outcomes:
            batch.add(outcome, progress)
        progress.finish()
    worst = _worse(worst, batch.worst)
    _summary(batch, len(invalid), len(audiences), worst, args.quiet)
    return worst


def _load_one(path: Path) -> Loaded | InvalidInput:
    """A brief loaded, or why not: returned, not raised, so that one invalid brief does not end
    the workers' ``map`` over the others."""
    from briefbuilder.brief.loading import load_brief

    try:
        return load_brief(path)
    except InvalidInput as exc:
        return exc


def _cpu_count() -> int:
    """Cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        return counter() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class _Workers:
    """The worker processes of one run. On Linux they are forked from this process, so they
    start at once with everything it has imported; elsewhere they start fresh (fork is unsafe
    on macOS). Leaving the ``with`` block on an error or Ctrl-C stops them at once."""

    def __init__(self, jobs: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if sys.platform.startswith("linux") else "spawn"
        context = multiprocessing.get_context(method)
        self.jobs = jobs
        self.pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_ignore_interrupts)

    def __enter__(self) -> _Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is not None:  # Ctrl-C, invalid input, or a worker that died: stop the others now
            stop = getattr(self.pool, "terminate_workers", None)  # Python 3.14
            if stop is not None:
                stop()
            else:
                for process in list(getattr(self.pool, "_processes", {}).values()):
                    process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=kind is not None)

    def load(self, paths: list[Path]) -> list[Loaded | InvalidInput]:
        return list(self.pool.map(_load_one, paths, chunksize=max(1, len(paths) // (4 * self.jobs))))

    def build(self, tasks: list[_Task]) -> Iterator[_Outcome]:
        """Outcomes as the workers finish them. No list of the futures is kept: as_completed
        lets go of each one it hands out, so published files are not held to the end."""
        from concurrent.futures import as_completed

        for future in as_completed([self.pool.submit(_run_task, task) for task in tasks]):
            yield future.result()


# --- collecting, publishing and reporting -------------------------------------------------------
@dataclass
class _Batch:
    """Items as they come in; a brief is published when its last item arrives, if none failed."""

    loaded: int
    per_brief: int
    folder: Path
    quiet: bool
    pending: dict[int, list[_Outcome]] = field(default_factory=dict)
    files: int = 0
    briefs_built: int = 0
    failed_items: int = 0
    worst: int = EXIT_OK

    def add(self, outcome: _Outcome, progress: _Progress) -> None:
        from briefbuilder.output.publish import publish

        for note in outcome.notes:
            progress.say(note)
        if outcome.code != EXIT_OK:
            self.failed_items += 1
            self.worst = _worse(self.worst, outcome.code)
            progress.say(f"briefbuilder: error: {outcome.message}")
        progress.step(failed=outcome.code != EXIT_OK)
        brief = outcome.index // self.per_brief
        done = self.pending.setdefault(brief, [])
        done.append(outcome)
        if len(done) < self.per_brief:
            return
        del self.pending[brief]
        if any(o.code != EXIT_OK for o in done):
            return  # all or nothing: a brief with a failed item publishes no file
        done.sort(key=lambda o: o.index)  # the files in the order of the audiences asked for
        try:
            written = publish({a.name: a.data for o in done for a in o.artifacts}, self.folder)
        except OutputError as exc:
            self.failed_items += len(done)
            self.worst = _worse(self.worst, exc.exit_code)
            progress.say(f"briefbuilder: error: {exc}")
            return
        self.files += len(written)
        self.briefs_built += 1
        if not self.quiet:
            progress.say("\n".join(map(str, written)), sys.stdout)


def _worse(a: int, b: int) -> int:
    return max(a, b, key=_SEVERITY.index)


def _summary(batch: _Batch, invalid: int, per_brief: int, worst: int, quiet: bool) -> None:
    failed = batch.failed_items + invalid * per_brief
    if quiet and not failed:
        return
    line = f"built {_count(batch.files, 'file')} from {_count(batch.briefs_built, 'brief')}"
    if failed:
        total = (batch.loaded + invalid) * per_brief
        line += f"; {failed} of {_count(total, 'item')} (brief x audience) failed; exit code {worst}"
    print(line, file=sys.stderr)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


class _Progress:
    """One line on a terminal, redrawn in place: a bar, items done, failures, time left.

    Off when stderr is not a terminal (a log, a pipe, CI) or with -q. Whatever else is printed
    while it runs goes through ``say``, which clears the line first and redraws it after."""

    _EVERY = 0.1  # seconds between redraws

    def __init__(self, total: int, *, enabled: bool, stream: TextIO | None = None) -> None:
        self.total, self.enabled = total, enabled
        self.stream = stream or sys.stderr
        self.done = self.failed = 0
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.shown = False

    def step(self, *, failed: bool) -> None:
        self.done += 1
        self.failed += failed
        if self.enabled and (time.monotonic() - self.drawn_at >= self._EVERY or self.done == self.total):
            self._draw()

    def say(self, line: str, stream: TextIO | None = None) -> None:
        self._clear()
        print(line, file=stream or self.stream, flush=True)
        if self.enabled and self.done:
            self._draw()

    def finish(self) -> None:
        self._clear()

    def line(self, width: int) -> str:
        elapsed = time.monotonic() - self.started
        text = f" {self.done}/{self.total} items"
        if self.failed:
            text += f", {self.failed} failed"
        text += f"  {_clock(elapsed)}"
        if 0 < self.done < self.total:
            text += f", about {_clock(elapsed / self.done * (self.total - self.done))} left"
        bar_width = max(10, min(40, width - len(text) - 3))
        filled = round(bar_width * self.done / self.total) if self.total else bar_width
        return f"[{'#' * filled}{'.' * (bar_width - filled)}]{text}"[: max(width - 1, 1)]

    def _draw(self) -> None:
        import shutil

        width = shutil.get_terminal_size((80, 24)).columns
        self.stream.write("\r\x1b[2K" + self.line(width))
        self.stream.flush()
        self.drawn_at, self.shown = time.monotonic(), True

    def _clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self.shown = False


def _clock(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"
