"""briefbuilder new: write a scaffold brief with every section, ready to fill in."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefbuilder.commands.common import EXIT_OK
from briefbuilder.errors import InvalidInput, Problem

HELP = "create a new brief with every section and short comments (passes check)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "path", metavar="PATH", type=Path, help="the brief file to create, e.g. data/my-brief.yaml"
    )
    p.add_argument("--id", dest="brief_id", help="the brief's id (default: from the file name)")
    p.add_argument("--title", help="the brief's title")
    p.add_argument("--date", help="information as of YYYY[-MM[-DD]] (default: today)")
    p.add_argument(
        "--schema",
        metavar="PATH_OR_URL",
        help="add a yaml-language-server modeline pointing at this JSON Schema "
        "(make it with `briefbuilder schema > brief.schema.json`)",
    )
    p.add_argument("--force", action="store_true", help="replace the file if it exists")


def run(args: argparse.Namespace) -> int:
    import datetime as dt

    from briefbuilder.authoring.scaffold import brief_id_for, scaffold_text, write_new
    from briefbuilder.brief.loading import ID_PATTERN, parse_brief
    from briefbuilder.brief.model import PartialDate

    problems: list[Problem] = []
    brief_id = args.brief_id or brief_id_for(args.path)
    if not ID_PATTERN.match(brief_id):
        problems.append(
            Problem(
                "--id", None, None, "", f"expected lower-case letters, digits and hyphens, got {brief_id!r}"
            )
        )
    try:
        date = PartialDate.parse(args.date) if args.date else PartialDate.parse(dt.date.today().isoformat())
    except ValueError as exc:
        problems.append(Problem("--date", None, None, "", f"{exc} (got {args.date!r})"))
    if args.title is not None and not args.title.strip():
        problems.append(Problem("--title", None, None, "", "must not be empty"))
    if problems:
        raise InvalidInput(problems)
    text = scaffold_text(brief_id, date, args.title, str(args.path), args.schema)
    parse_brief(text, str(args.path))  # the scaffold must be a valid brief: never write one that is not
    write_new(args.path, text.encode("utf-8"), force=args.force)
    print(args.path)
    return EXIT_OK
