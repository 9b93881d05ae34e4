"""Watch the files a brief is built from and rebuild on every save, woken by the kernel.

``build --watch`` and ``preview --watch`` keep one process alive so that the libraries, fonts,
templates and caches stay warm; what makes the loop feel instant is that it sleeps until the
kernel says a file changed (inotify on Linux, through watchfiles), instead of polling every half
second, and that it rebuilds after a short quiet step (an editor may write a file in two steps:
truncate, then write; or write a temporary file, then rename it over the old one).

Folders, not files, are watched: an editor that saves by renaming a new file over the old one
replaces the inode a file watch would follow. Only changes to the files in ``Inputs`` wake a
rebuild, so the output folder, editor swap files and unrelated files next to the brief do not.
The set of inputs is what the last build read (the brief, its pictures and CSV tables, the
templates, the project file); when it changes (a picture added to the brief), the watch starts
again on the new folders.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

QUIET_STEP_MS = 10  # a save is taken as finished after this long without another change
MAX_WAIT_MS = 400  # ... or after this long, should the files keep changing


class Watcher(Protocol):
    """Changes to some inputs, as they come: a context manager (it holds the kernel's watch)."""

    def __enter__(self) -> Watcher: ...
    def __exit__(self, *exc: object) -> None: ...
    def wait(self, stop: threading.Event | None) -> set[Path] | None:
        """The inputs changed by the next save; None when ``stop`` is set."""
        ...


@dataclass(frozen=True, slots=True)
class Inputs:
    """What a build read: single files, and folders whose every file counts (the templates)."""

    files: frozenset[Path] = frozenset()
    folders: frozenset[Path] = frozenset()

    @classmethod
    def of(cls, files: Iterable[Path | None], folders: Iterable[Path | None] = ()) -> Inputs:
        """Absolute, resolved paths (as the kernel reports them), without the ``None``s."""
        return cls(
            frozenset(_absolute(f) for f in files if f is not None),
            frozenset(_absolute(f) for f in folders if f is not None),
        )

    def __or__(self, other: Inputs) -> Inputs:
        return Inputs(self.files | other.files, self.folders | other.folders)

    def watched_folders(self) -> frozenset[Path]:
        """The folders to ask the kernel about: those that exist (a file not there yet is
        watched through its folder, so creating it counts as a save)."""
        wanted = {f.parent for f in self.files} | set(self.folders)
        return frozenset(d for d in wanted if d.is_dir())

    def wants(self, path: Path) -> bool:
        return path in self.files or path.parent in self.folders

    def stamp(self) -> tuple[tuple[str, int, int, int], ...]:
        """Size, time and inode of every file: what tells a save that came while no watch ran."""
        out = []
        for f in sorted(self.files | {g for d in self.folders for g in _listing(d)}):
            try:
                st = f.stat()
                out.append((str(f), st.st_mtime_ns, st.st_size, st.st_ino))
            except OSError:
                out.append((str(f), -1, -1, -1))
        return tuple(out)


class KernelWatcher:
    """The kernel's notifications (inotify on Linux, FSEvents on macOS) through watchfiles' Rust
    core, held open across rebuilds: a save made while a build runs is queued, not lost."""

    def __init__(self, inputs: Inputs) -> None:
        self.inputs = inputs

    def __enter__(self) -> KernelWatcher:
        # RustNotify, not watchfiles.watch(): it starts watching when created, so "watching" is
        # printed only once it is true, and it stays open while the build it triggered runs
        from watchfiles._rust_notify import RustNotify

        folders = [str(d) for d in sorted(self.inputs.watched_folders())]
        self.notify = RustNotify(folders, False, False, 300, False, False)
        return self

    def __exit__(self, *exc: object) -> None:
        self.notify.close()

    def wait(self, stop: threading.Event | None) -> set[Path] | None:
        while True:
            raw = self.notify.watch(MAX_WAIT_MS, QUIET_STEP_MS, 0 if stop is None else 250, stop)
            if raw == "signal":
                raise KeyboardInterrupt
            if raw == "stop" or (stop is not None and stop.is_set()):
                return None
            if raw == "timeout":
                continue
            changed = {Path(path) for _change, path in raw if self.inputs.wants(Path(path))}
            if changed:
                return changed


def watch(
    rebuild: Callable[[], Inputs],
    initial: Inputs,
    *,
    watcher: Callable[[Inputs], Watcher] = KernelWatcher,
    stop: threading.Event | None = None,
    on_watch: Callable[[Inputs], None] | None = None,
) -> int:
    """Build, then build again after every save of an input, until ``stop`` is set or Ctrl-C
    (KeyboardInterrupt, left to the caller). ``rebuild`` builds, reports what it did and returns
    the inputs it read (after a failure, those it would have read, so a fix is noticed); the
    watch starts on ``initial`` (the brief and the templates) before the first build, so a save
    made during any build is seen. ``on_watch`` is told each time watching (re)starts. Returns
    the number of rebuilds after the first build."""
    inputs, builds, build_now = initial, 0, True
    stamp: tuple[tuple[str, int, int, int], ...] | None = None
    while stop is None or not stop.is_set():
        with watcher(inputs) as changes:
            folders = inputs.watched_folders()
            if stamp is not None and inputs.stamp() != stamp:
                build_now = True  # saved between the two watches
            if build_now:
                inputs, builds, build_now = rebuild(), builds + 1, False
            if inputs.watched_folders() == folders:
                if on_watch is not None:
                    on_watch(inputs)
                while (changed := changes.wait(stop)) is not None and changed:
                    inputs, builds = rebuild(), builds + 1
                    if inputs.watched_folders() != folders:
                        break  # e.g. a picture in a new folder: watch that one too
                else:
                    return builds - 1
            stamp = inputs.stamp()
    return builds - 1


def files_in(value: object, base: Path, names: frozenset[str] = frozenset({"csv", "image"})) -> set[Path]:
    """Every file a loaded brief refers to: ``Path`` values anywhere in it, and the fields named
    in ``names`` (strings relative to ``base``, the brief's folder: CSV tables, pictures)."""
    found: set[Path] = set()
    stack: list[object] = [value]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, str | bytes | int | float | bool) or item is None:
            continue
        if isinstance(item, Path):
            found.add(item)
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            for f in dataclasses.fields(item):
                v = getattr(item, f.name)
                if f.name in names and isinstance(v, str):
                    found.add(base / v)
                else:
                    stack.append(v)
        elif isinstance(item, tuple | list | frozenset | set):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found


def _absolute(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:  # pragma: no cover - a loop of links: the path as given
        return Path(os.path.abspath(path))


def _listing(folder: Path) -> list[Path]:
    try:
        return [f for f in folder.iterdir() if f.is_file()]
    except OSError:
        return []
