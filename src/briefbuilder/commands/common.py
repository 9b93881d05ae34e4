"""What the commands share: printing problems, splitting lists, the process environment."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from briefbuilder.errors import (
    EXIT_BUILD,
    EXIT_INTERNAL,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_OUTPUT,
    Problem,
)

__all__ = [
    "EXIT_BUILD",
    "EXIT_INTERNAL",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "collect_from_here",
    "report",
    "source_date_epoch",
    "split",
]


def report(problems: Sequence[Problem]) -> None:
    """Print problems as file:line:col: field: message, then a count of the errors."""
    for p in problems:
        tag = "" if p.severity == "error" else f" [{p.severity}]"
        print(f"{p}{tag}", file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        print(f"{errors} problem{'s' if errors != 1 else ''} found; nothing was written.", file=sys.stderr)


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as an int, or None (``pipeline.settings``, imported only when asked:
    every command imports this module, and ``--help`` needs none of the settings)."""
    from briefbuilder.pipeline.settings import source_date_epoch as read

    return read()


def collect_from_here() -> None:
    """The collector back on, after the command's imports: what they made is set aside for
    good (``gc.freeze``), so collections look only at what the work makes. The console script
    keeps the collector off until this is called (``cli.entry``): a collector that runs during
    the imports scans their hundreds of thousands of objects again and again for nothing."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]
