"""briefbuilder reference-doc: print the built-in reference .docx, to restyle and pass back.

``briefbuilder reference-doc > custom.docx`` (or ``-o custom.docx``), change its styles in Word or
LibreOffice, then ``briefbuilder build --reference-doc custom.docx``: as pandoc's
``--print-default-data-file reference.docx``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefbuilder.commands.common import EXIT_OK
from briefbuilder.errors import InvalidInput, Problem

HELP = "print the built-in reference .docx (its styles), to restyle and use with --reference-doc"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write it to FILE (default: stdout)")
    p.add_argument("--audience", help="the audience whose look it takes (default: the built-in look)")
    p.add_argument("--templates", type=Path, help="extra folder of audience templates")


def run(args: argparse.Namespace) -> int:
    from briefbuilder.writers.docx_reference import builtin_reference

    look = None
    if args.audience is not None:
        from briefbuilder.audience.templates import TemplateSet

        look = TemplateSet.default(args.templates).resolve(args.audience).look
    data = builtin_reference(look)
    if args.output is not None:
        from briefbuilder.output.publish import publish

        publish({args.output.name: data}, args.output.parent if str(args.output.parent) else Path("."))
        return EXIT_OK
    if sys.stdout.isatty():
        raise InvalidInput(
            [
                Problem(
                    "reference-doc",
                    None,
                    None,
                    "",
                    "a .docx is binary: redirect it (> custom.docx) or use -o FILE",
                )
            ]
        )
    sys.stdout.buffer.write(data)
    sys.stdout.flush()
    return EXIT_OK
