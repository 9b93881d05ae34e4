"""Many briefs × audiences → files: built in worker processes, published all-or-nothing per brief.

Each (brief, audience) item is built, in a pool of worker processes when there is more than one
item and more than one job: documents are laid out and written in the workers, and the parent
publishes each brief's files together once all its items are done. A failed item is reported
and the run goes on; its brief publishes nothing. The exit code is the worst of the failures
(internal error 1 worse than output 4, worse than build 3, worse than invalid input 2).

What is printed is the caller's business: events go to a ``Reporter``, so the CLI draws a
progress bar and the Python API stays silent.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from briefbuilder.errors import (
    EXIT_INTERNAL,
    EXIT_OK,
    BriefbuilderError,
    InvalidInput,
    OutputError,
    bug_report,
)

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience
    from briefbuilder.brief.loading import Loaded
    from briefbuilder.brief.model import Brief
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.pipeline.ahead import Ahead
    from briefbuilder.pipeline.items import Artifact

_SEVERITY = (0, 2, 3, 4, 1)  # exit codes, least to most severe: a bug outranks everything
_STOP_SIGNALS = {2, 15}  # SIGINT, SIGTERM, blocked while workers are forked (see Workers)


class Reporter(Protocol):
    """Where a batch tells what happens: messages, items done, files published."""

    def say(self, line: str) -> None: ...
    def step(self, *, failed: bool) -> None: ...
    def published(self, paths: Sequence[Path]) -> None: ...


class Silent:
    """A reporter that keeps nothing (the Python API: results come back as values)."""

    def say(self, line: str) -> None:
        pass

    def step(self, *, failed: bool) -> None:
        pass

    def published(self, paths: Sequence[Path]) -> None:
        pass


@dataclass(frozen=True, slots=True)
class Task:
    """What a worker needs to build one item; pickled to it."""

    index: int  # of the item, in the order of the run
    brief: Brief
    audience: Audience
    formats: tuple[str, ...]
    options: LayoutOptions
    previous: Brief | None


@dataclass(frozen=True, slots=True)
class Outcome:
    """An item's files, or why it has none (exit code and message); notes to print either way."""

    index: int
    artifacts: tuple[Artifact, ...] = ()
    code: int = EXIT_OK
    message: str = ""
    notes: tuple[str, ...] = ()


def run_task(task: Task, debug: bool = False, ahead: Ahead | None = None) -> Outcome:
    """Build one item; every failure but Ctrl-C becomes its outcome, so the run can go on."""
    from briefbuilder.pipeline import items

    try:
        built = items.build_item(task.brief, task.audience, task.formats, task.options, task.previous, ahead)
        return Outcome(task.index, built.artifacts, notes=built.notes)
    except BriefbuilderError as exc:
        return Outcome(task.index, code=exc.exit_code, message=str(exc))
    except Exception as exc:
        if debug:
            raise
        return Outcome(
            task.index,
            code=EXIT_INTERNAL,
            message=bug_report(exc),
        )


def load_one(path: Path) -> Loaded | InvalidInput:
    """A brief loaded, or why not: returned, not raised, so that one invalid brief does not end
    the workers' ``map`` over the others."""
    from briefbuilder.brief.loading import load_brief

    try:
        return load_brief(path)
    except InvalidInput as exc:
        return exc


def cpu_count() -> int:
    """Cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        return int(counter() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _start_worker(parent: int) -> None:
    """Workers leave Ctrl-C to the parent, which stops them and publishes nothing more; and they
    die with the parent, even one killed with SIGKILL (Linux's parent-death signal), so no
    orphan is left holding pipes and memory. They are forked with SIGINT and SIGTERM blocked
    (``Workers``): a signal that came during the fork is handled here, once the handlers are
    the worker's own."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not inherit the CLI's handler
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)


def _ready() -> int:
    return os.getpid()


class Workers:
    """The worker processes of one run. On Linux they are forked from this process, so they
    start at once with everything it has imported (the command line imports the writers
    first); elsewhere they start fresh (fork is unsafe on macOS). Leaving the ``with`` block on
    an error or Ctrl-C stops them at once, in bounded time.

    The workers are all started here, with SIGINT and SIGTERM blocked: a Ctrl-C that lands
    while the pool forks, holding its locks, used to leave ``shutdown`` waiting for ever."""

    STOP_TIMEOUT = 5.0  # seconds to wait for stopped workers before they are killed

    def __init__(self, jobs: int) -> None:
        import multiprocessing
        import signal
        from concurrent.futures import ProcessPoolExecutor

        method = "fork" if sys.platform.startswith("linux") else "spawn"
        context = multiprocessing.get_context(method)
        self.jobs = jobs
        masked = hasattr(signal, "pthread_sigmask")
        old = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS) if masked else None
        try:
            try:
                self.pool = ProcessPoolExecutor(
                    jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
                )
                # fork starts every worker at the first submit, spawn one a submit: all of them now
                for future in [self.pool.submit(_ready) for _ in range(jobs)]:
                    future.result(timeout=120)
            finally:
                if old is not None:  # a Ctrl-C held back meanwhile is raised here
                    signal.pthread_sigmask(signal.SIG_SETMASK, old)
        except BaseException:
            self._stop()
            raise

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.pool.shutdown(wait=True)
        else:  # Ctrl-C, invalid input, or a worker that died: stop the others now
            self._stop()

    def _stop(self) -> None:
        """Terminate the workers, drop what is queued, and wait for them a bounded time: the
        pool's own ``shutdown(wait=True)`` can wait for ever on a worker or a lock that the
        interrupted fork left behind."""
        import time

        pool = getattr(self, "pool", None)
        if pool is None:
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + self.STOP_TIMEOUT
        for process in processes:
            with contextlib.suppress(Exception):
                process.join(max(0.0, deadline - time.monotonic()))
                if process.is_alive():
                    process.kill()
                    process.join(1.0)
        manager = getattr(pool, "_executor_manager_thread", None)
        if manager is not None:
            manager.join(max(0.1, deadline - time.monotonic()))

    def load(self, paths: Sequence[Path]) -> list[Loaded | InvalidInput]:
        return list(self.pool.map(load_one, paths, chunksize=max(1, len(paths) // (4 * self.jobs))))

    def build(self, tasks: list[Task]) -> Iterator[Outcome]:
        """Outcomes as the workers finish them. No list of the futures is kept: as_completed
        lets go of each one it hands out, so published files are not held to the end."""
        from concurrent.futures import as_completed

        for future in as_completed([self.pool.submit(run_task, task) for task in tasks]):
            yield future.result()


@dataclass
class Publisher:
    """Items as they come in; a brief is published when its last item arrives, if none failed."""

    per_brief: int
    folder: Path
    reporter: Reporter
    pending: dict[int, list[Outcome]] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    briefs_built: int = 0
    failed_items: int = 0
    worst: int = EXIT_OK

    def add(self, outcome: Outcome) -> None:
        from briefbuilder.output.publish import publish

        for note in outcome.notes:
            self.reporter.say(note)
        if outcome.code != EXIT_OK:
            self.failed_items += 1
            self.worst = worse(self.worst, outcome.code)
            self.reporter.say(f"briefbuilder: error: {outcome.message}")
        self.reporter.step(failed=outcome.code != EXIT_OK)
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
            with signals_deferred():
                written = publish({a.name: a.data for o in done for a in o.artifacts}, self.folder)
        except OutputError as exc:
            self.failed_items += len(done)
            self.worst = worse(self.worst, exc.exit_code)
            self.reporter.say(f"briefbuilder: error: {exc}")
            return
        self.written.extend(written)
        self.briefs_built += 1
        self.reporter.published(written)


@contextlib.contextmanager
def signals_deferred() -> Iterator[None]:
    """Ctrl-C and SIGTERM held back, then handled as usual: while a brief's files are published
    (a signal inside the publication, its staging folder made and not yet removed, left that
    folder behind) and while the writers are imported (one inside pikepdf's native module
    initialisation aborts the interpreter: nanobind's "critical error", SIGABRT). Only in the
    main thread, where Python handles signals."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []

    def hold(signum: int, _frame: object) -> None:
        held.append(signum)

    previous = {signum: signal.signal(signum, hold) for signum in _STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(held):
            signal.raise_signal(signum)  # now, to the handler that was there before


def build_all(
    briefs: Sequence[Brief],
    audiences: Sequence[Audience],
    formats: Sequence[str],
    options: LayoutOptions,
    out: Path,
    *,
    previous: Brief | None = None,
    workers: Workers | None = None,
    reporter: Reporter | None = None,
    debug: bool = False,
    ahead: Ahead | None = None,
) -> Publisher:
    """Build every brief for every audience and publish each brief's files together."""
    from briefbuilder.output.publish import check_writable

    check_writable(out)  # fail fast, before the work, not after it
    publisher = Publisher(per_brief=len(audiences), folder=out, reporter=reporter or Silent())
    tasks = [
        Task(i * len(audiences) + j, brief, audience, tuple(formats), options, previous)
        for i, brief in enumerate(briefs)
        for j, audience in enumerate(audiences)
    ]
    outcomes = workers.build(tasks) if workers else (run_task(t, debug, ahead) for t in tasks)
    for outcome in outcomes:
        publisher.add(outcome)
    return publisher


def worse(a: int, b: int) -> int:
    return max(a, b, key=_SEVERITY.index)
