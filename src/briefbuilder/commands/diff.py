"""briefbuilder diff: what changed between two editions of a brief, readable in a terminal."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from briefbuilder.commands.common import EXIT_OK
from briefbuilder.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from briefbuilder.brief.model import Brief

HELP = "show what changed between two editions of a brief"
EXIT_DIFFERENT = 1  # like `git diff --exit-code`


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="OLD", type=Path, help="the earlier edition")
    p.add_argument("new", metavar="NEW", type=Path, help="the later edition")
    p.add_argument(
        "--exit-code", action="store_true", help="exit 1 when the editions differ, 0 when not (like git diff)"
    )
    p.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the output: auto (a terminal, and NO_COLOR unset), always or never",
    )


def run(args: argparse.Namespace) -> int:
    from briefbuilder.audience.editions import diff_briefs, format_report
    from briefbuilder.brief.loading import load_brief

    loaded: list[Brief] = []
    problems: list[Problem] = []
    for path in (args.old, args.new):  # report the problems of both files at once
        try:
            loaded.append(load_brief(path).brief)
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    old, new = loaded
    changes = diff_briefs(old, new)
    sys.stdout.write(format_report(old, new, changes, colour=use_colour(args.color)))
    return EXIT_DIFFERENT if args.exit_code and changes else EXIT_OK


def use_colour(choice: str) -> bool:
    """https://no-color.org: a NO_COLOR that is set and not empty turns colour off."""
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")
