"""The command line: the only place that parses argv, prints, and turns errors into exit codes.

Exit codes: 0 success, 2 invalid input (brief, template, arguments), 3 build problem (e.g. page
budget), 4 output or delivery failure, 1 an internal error (a bug: please report it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import BriefbuilderError, InvalidInput, Problem

EXIT_OK, EXIT_INTERNAL, EXIT_INVALID, EXIT_BUILD, EXIT_OUTPUT = 0, 1, 2, 3, 4


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefbuilder",
        description="Turn a YAML policy brief into DOCX and PDF briefings, one per audience.",
        epilog="Exit codes: 0 ok, 2 invalid input, 3 build problem, 4 output failure, 1 internal error.",
    )
    p.add_argument("--version", action="version", version=f"briefbuilder {__version__}")
    p.add_argument("--debug", action="store_true", help="show a traceback on internal errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    b = sub.add_parser("build", help="build briefings (DOCX, PDF) from briefs")
    b.add_argument("briefs", nargs="+", metavar="BRIEF", type=Path, help="brief YAML file(s)")
    b.add_argument("--audience", default="all", help="audience name(s), comma-separated, or 'all' (default)")
    b.add_argument("--format", default="docx,pdf", help="formats, comma-separated (default: docx,pdf)")
    b.add_argument("--out", type=Path, default=Path("out"), help="output folder (default: out/)")
    b.add_argument("--templates", type=Path, help="extra folder of audience templates")
    b.add_argument("--prepared-for", help="name printed as 'Prepared for' on the title block")
    b.add_argument("-q", "--quiet", action="store_true", help="print only problems")

    c = sub.add_parser("check", help="validate briefs; report every problem with file:line:col")
    c.add_argument("briefs", nargs="+", metavar="BRIEF", type=Path)
    c.add_argument("--strict", action="store_true", help="fail on warnings too")

    s = sub.add_parser("schema", help="print the JSON Schema of the brief format")
    s.add_argument("--template", action="store_true", help="the schema of audience templates instead")

    a = sub.add_parser("audiences", help="list the audiences with a one-line description")
    a.add_argument("--templates", type=Path, help="extra folder of audience templates")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help/--version
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_INVALID
    try:
        return _COMMANDS[args.command](args)
    except InvalidInput as exc:
        _report(exc.problems)
        return EXIT_INVALID
    except BriefbuilderError as exc:
        print(f"briefbuilder: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("briefbuilder: interrupted; no partial file was left", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(
            f"briefbuilder: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in briefbuilder; run again with --debug and report the traceback.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _report(problems: Sequence[Problem]) -> None:
    for p in problems:
        tag = "" if p.severity == "error" else f" [{p.severity}]"
        print(f"{p}{tag}", file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        print(f"{errors} problem{'s' if errors != 1 else ''} found; nothing was written.", file=sys.stderr)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def _cmd_build(args: argparse.Namespace) -> int:
    from .audiences import TemplateSet
    from .build import build_brief
    from .layout import LayoutOptions
    from .loading import load_brief
    from .publish import publish
    from .writers import WRITERS

    formats = _split(args.format)
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
    names = templates.names() if args.audience == "all" else _split(args.audience)
    audiences = [templates.resolve(n) for n in names]
    loaded = []
    problems: list[Problem] = []
    for path in args.briefs:  # validate every brief before building any
        try:
            loaded.append(load_brief(path))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    if problems:
        raise InvalidInput(problems)
    options = LayoutOptions(source_date_epoch=_source_date_epoch(), prepared_for=args.prepared_for)
    for item in loaded:
        if not args.quiet:
            _report(item.warnings)
        artifacts = build_brief(item.brief, audiences, formats, options)
        written = publish({a.name: a.data for a in artifacts}, args.out)
        if not args.quiet:
            for path in written:
                print(path)
    return EXIT_OK


def _source_date_epoch() -> int | None:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw == "":
        return None
    try:
        return int(raw)
    except ValueError:
        raise InvalidInput(
            [Problem("SOURCE_DATE_EPOCH", None, None, "", f"expected whole seconds since 1970, got {raw!r}")]
        ) from None


def _cmd_check(args: argparse.Namespace) -> int:
    from .loading import load_brief

    problems: list[Problem] = []
    for path in args.briefs:
        try:
            problems.extend(load_brief(path).warnings)
        except InvalidInput as exc:
            problems.extend(exc.problems)
    _report(problems)
    failed = any(p.severity == "error" for p in problems) or (args.strict and problems)
    if not problems:
        print(f"ok: {len(args.briefs)} brief{'s' if len(args.briefs) != 1 else ''} valid")
    return EXIT_INVALID if failed else EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from .schema import json_schema

    if args.template:
        from .audiences import AudienceSpec

        schema = json_schema(AudienceSpec, "briefbuilder audience template")
    else:
        schema = json_schema()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


def _cmd_audiences(args: argparse.Namespace) -> int:
    from .audiences import TemplateSet

    templates = TemplateSet.default(args.templates)
    rows = [(name, templates.resolve(name)) for name in templates.names()]
    width = max((len(n) for n, _ in rows), default=0)
    for name, aud in rows:
        print(f"{name:<{width}}  {aud.description}")
    return EXIT_OK


_COMMANDS = {"build": _cmd_build, "check": _cmd_check, "schema": _cmd_schema, "audiences": _cmd_audiences}


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
