"""briefbuilder check: validate briefs and report every problem with file:line:col."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefbuilder.commands.common import EXIT_INVALID, EXIT_OK, collect_from_here, report
from briefbuilder.errors import InvalidInput, Problem

HELP = "validate briefs; report every problem with file:line:col"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("briefs", nargs="+", metavar="BRIEF", type=Path)
    p.add_argument("--strict", action="store_true", help="fail on warnings too")


def run(args: argparse.Namespace) -> int:
    from briefbuilder.brief.loading import load_brief

    collect_from_here()
    problems: list[Problem] = []
    for path in args.briefs:
        try:
            loaded = load_brief(path)
            # a character no built-in font has: the audiences a build would choose must draw it
            # (the API, with its templates and settings, imported only for such a brief)
            if loaded.glyphs:
                from briefbuilder.api import drawable

                problems.extend(drawable(path, loaded.glyphs))
            problems.extend(loaded.warnings)
        except InvalidInput as exc:
            problems.extend(exc.problems)
    report(problems)
    failed = any(p.severity == "error" for p in problems) or (args.strict and problems)
    if not problems:
        print(f"ok: {len(args.briefs)} brief{'s' if len(args.briefs) != 1 else ''} valid")
    return EXIT_INVALID if failed else EXIT_OK
