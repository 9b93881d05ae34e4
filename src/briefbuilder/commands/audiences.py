"""briefbuilder audiences: list the audiences with a one-line description each."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefbuilder.commands.common import EXIT_OK, collect_from_here

HELP = "list the audiences with a one-line description"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--templates",
        type=Path,
        help="extra folder of audience templates (default: the project file's, if this folder has one)",
    )


def run(args: argparse.Namespace) -> int:
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.pipeline.settings import project_for

    collect_from_here()
    folder = args.templates if args.templates is not None else project_for(Path.cwd()).templates
    templates = TemplateSet.default(folder)
    rows = [(name, templates.resolve(name)) for name in templates.names()]
    width = max((len(n) for n, _ in rows), default=0)
    for name, aud in rows:
        print(f"{name:<{width}}  {aud.description}")
    return EXIT_OK
