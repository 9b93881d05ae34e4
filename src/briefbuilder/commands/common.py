"""What the commands share: printing problems, splitting lists, the process environment."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from briefbuilder.errors import InvalidInput, Problem

_LATEST_EPOCH = 4102444799  # 2099-12-31T23:59:59Z: zip and PDF dates stop being representable soon after
EXIT_OK, EXIT_INTERNAL, EXIT_INVALID, EXIT_BUILD, EXIT_OUTPUT = 0, 1, 2, 3, 4


def report(problems: Sequence[Problem]) -> None:
    """Print problems as file:line:col: field: message, then a count of the errors."""
    for p in problems:
        tag = "" if p.severity == "error" else f" [{p.severity}]"
        print(f"{p}{tag}", file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        print(f"{errors} problem{'s' if errors != 1 else ''} found; nothing was written.", file=sys.stderr)


def split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as an int, or None; a malformed value is invalid input."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        value = -1
    if not 0 <= value <= _LATEST_EPOCH:
        raise InvalidInput(
            [
                Problem(
                    "SOURCE_DATE_EPOCH",
                    None,
                    None,
                    "",
                    f"expected whole seconds since 1970, up to the end of 2099, got {raw!r}",
                )
            ]
        )
    return value
