"""briefbuilder schema: the JSON Schema of briefs (or of audience templates)."""

from __future__ import annotations

import argparse
import json

from briefbuilder.commands.common import EXIT_OK

HELP = "print the JSON Schema of the brief format"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--template", action="store_true", help="the schema of audience templates instead")


def run(args: argparse.Namespace) -> int:
    from briefbuilder.brief.schema import json_schema

    if args.template:
        from briefbuilder.audience.templates import AudienceSpec

        schema = json_schema(AudienceSpec, "briefbuilder audience template")
    else:
        schema = json_schema()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK
