"""briefbuilder lint: what a careful editor would flag, as file:line:col: RULE [severity] findings."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from briefbuilder.commands.common import EXIT_INVALID, EXIT_OK, collect_from_here, report, split
from briefbuilder.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience
    from briefbuilder.authoring.lint import Finding, Setting

HELP = "lint briefs: sourcing, attribution, chronology, estimative language, length, acronyms"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("briefs", nargs="*", metavar="BRIEF", type=Path, help="brief YAML file(s)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="RULE=SEVERITY",
        help="set a rule's severity: error, warning or off (e.g. BB110=off); repeatable",
    )
    p.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="ACRONYM[,...]",
        help="acronyms that need no expansion",
    )
    p.add_argument(
        "--config",
        type=Path,
        help="lint config file (default: .briefbuilder-lint.yaml in each brief's folder, if there)",
    )
    p.add_argument(
        "--audience",
        help="audiences whose page budget to check, comma-separated, or 'none' "
        "(default: every audience that has a page budget)",
    )
    p.add_argument("--templates", type=Path, help="extra folder of audience templates")
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    p.add_argument("--list-rules", action="store_true", help="print the rules and their severities, and exit")


def run(args: argparse.Namespace) -> int:
    from briefbuilder.authoring.lint import (
        RULES,
        LintConfig,
        find_config,
        lint_file,
        load_config,
        parse_rule_option,
    )

    collect_from_here()
    overrides: dict[str, Setting] = {}
    bad: list[Problem] = []
    for value in args.rule:
        try:
            rule_id, setting = parse_rule_option(value)
            overrides[rule_id] = setting
        except ValueError as exc:
            bad.append(Problem("--rule", None, None, "", str(exc)))
    if bad:
        raise InvalidInput(bad)
    allow = [a for value in args.allow for a in split(value)]
    fixed = load_config(args.config).merged(overrides, allow) if args.config else None

    if args.list_rules:
        config = fixed or LintConfig().merged(overrides, allow)
        for r in RULES:
            print(f"{r.id}  {r.name:<28} {config.severity(r):<8} {r.summary}")
        return EXIT_OK
    if not args.briefs:
        raise InvalidInput([Problem("lint", None, None, "", "name at least one BRIEF (or use --list-rules)")])

    audiences = _audiences(args)
    problems: list[Problem] = []
    findings: list[Finding] = []
    settings: list[str] = []  # the config files in force, named in the summary line
    for path in args.briefs:
        try:
            if fixed is not None:
                config = fixed
            else:
                found = find_config(path)
                config = (load_config(found) if found else LintConfig()).merged(overrides, allow)
            if config.source and config.source not in settings:
                settings.append(config.source)
            findings.extend(lint_file(path, config, audiences))
        except InvalidInput as exc:
            problems.extend(exc.problems)
    report(problems)
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in findings], indent=2, ensure_ascii=False))
    else:
        for f in findings:
            print(f)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    n = len(args.briefs)
    briefs = f"{n} brief{'s' if n != 1 else ''}"
    if args.format == "text" and not problems:
        using = f" (settings: {', '.join(settings)})" if settings else ""
        if findings:
            print(f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {briefs}{using}")
        else:
            print(f"ok: {briefs} lint clean{using}" if n != 1 else f"ok: 1 brief lints clean{using}")
    failed = problems or errors or (args.strict and warnings)
    return EXIT_INVALID if failed else EXIT_OK


def _audiences(args: argparse.Namespace) -> tuple[Audience, ...]:
    """The audiences whose page budget BB109 checks: by default every one that has a budget."""
    from briefbuilder.audience.templates import TemplateSet

    if args.audience is not None and args.audience.strip().lower() == "none":
        return ()
    templates = TemplateSet.default(args.templates)
    if args.audience is None or args.audience == "all":
        resolved = [templates.resolve(n) for n in templates.names()]
        return tuple(a for a in resolved if a.page_budget is not None)
    return tuple(templates.resolve(n) for n in split(args.audience))


def _count(n: int, word: str) -> str:
    """``n`` and ``word``, plural unless n is 1."""
    return f"{n} {word}{'s' if n != 1 else ''}"
