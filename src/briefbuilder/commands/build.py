"""briefbuilder build: briefs × audiences × formats → files, published all-or-nothing per brief."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InvalidInput, Problem
from .common import EXIT_OK, report, source_date_epoch, split

HELP = "build briefings (DOCX, PDF) from briefs"


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
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def run(args: argparse.Namespace) -> int:
    from ..audiences import TemplateSet
    from ..build import build_brief
    from ..layout import LayoutOptions
    from ..loading import load_brief
    from ..publish import publish
    from ..writers import WRITERS

    formats = split(args.format)
    unknown = [f for f in formats if f not in WRITERS]
    if unknown or not formats:
        raise InvalidInput(
            [
                Problem(
                    "--format",
                    None,
                    None,
                    "",
                    f"unknown format {', '.join(unknown) or '(none)'}; known: {', '.join(WRITERS)}",
                )
            ]
        )
    templates = TemplateSet.default(args.templates)
    names = templates.names() if args.audience == "all" else split(args.audience)
    audiences = [templates.resolve(n) for n in names]
    loaded = []
    problems: list[Problem] = []
    for path in args.briefs:  # validate every brief before building any
        try:
            loaded.append(load_brief(path))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    previous = None
    if args.previous is not None:
        if len(args.briefs) != 1:
            problems.append(Problem("--previous", None, None, "", "name exactly one BRIEF to compare to it"))
        try:
            previous = load_brief(args.previous).brief
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    options = LayoutOptions(source_date_epoch=source_date_epoch(), prepared_for=args.prepared_for)
    for item in loaded:
        if not args.quiet:
            report(item.warnings)
        if previous is None:
            artifacts = build_brief(item.brief, audiences, formats, options)
        else:
            artifacts = _with_whats_new(item.brief, previous, audiences, formats, options)
        written = publish({a.name: a.data for a in artifacts}, args.out)
        if not args.quiet:
            for path in written:
                print(path)
    return EXIT_OK


def _with_whats_new(brief, previous, audiences, formats, options) -> list:
    """Each audience's files with a "What's new" box that tells only what that audience is shown.
    Under a page budget the box gives up lines (then itself) rather than break the budget."""
    import dataclasses
    import sys

    from ..build import build_brief
    from ..editions import audience_filter, diff_briefs, whats_new
    from ..errors import BuildError

    changes = diff_briefs(previous, brief)
    artifacts = []
    for audience in audiences:
        shows = audience_filter(audience, previous, brief)
        limits = (6, 3, 1, 0) if audience.page_budget is not None else (6,)
        for n, limit in enumerate(limits):
            lines = whats_new(previous, changes, shows, limit)
            try:
                built = build_brief(brief, [audience], formats, dataclasses.replace(options, whats_new=lines))
            except BuildError:
                if n == len(limits) - 1:
                    raise
                continue
            if n:
                told = f"{len(lines) - 1} line(s)" if lines else "nothing (left out)"
                print(f"note: {audience.name}: the What's new box was cut to {told} to fit the page budget",
                      file=sys.stderr)  # fmt: skip
            artifacts += built
            break
    return artifacts
