"""The batch's voice on a terminal: one progress line redrawn in place, messages above it."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO


class Progress:
    """One line on a terminal, redrawn in place: a bar, items done, failures, time left.

    Off when stderr is not a terminal (a log, a pipe, CI) or with -q. Whatever else is printed
    while it runs goes through ``say``, which clears the line first and redraws it after."""

    _EVERY = 0.1  # seconds between redraws

    def __init__(
        self, total: int, *, enabled: bool, stream: TextIO | None = None, list_files: bool = True
    ) -> None:
        self.total, self.enabled, self.list_files = total, enabled, list_files
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

    def published(self, paths: Sequence[Path]) -> None:
        if self.list_files:
            self.say("\n".join(map(str, paths)), sys.stdout)

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
