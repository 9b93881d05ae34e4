"""briefbuilder build: briefs × audiences × formats → files, published all-or-nothing per brief.

A thin layer over the API: every brief is validated before anything is built (in worker
processes when there are many), then ``api.build_batch`` builds and publishes; this module only
parses the arguments, draws the progress line and prints the summary.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefbuilder.commands.common import EXIT_INVALID, EXIT_OK, collect_from_here, split
from briefbuilder.errors import InvalidInput, Problem

if TYPE_CHECKING:
    from briefbuilder.api import Plan
    from briefbuilder.brief.loading import Loaded
    from briefbuilder.pipeline.forked import ForkedPdf

HELP = "build briefings (DOCX, PDF) from briefs"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("briefs", nargs="+", metavar="BRIEF", type=Path, help="brief YAML file(s)")
    p.add_argument(
        "--audience",
        help="audience name(s), comma-separated, or 'all' (default: the project file's, else all)",
    )
    p.add_argument("--format", help="formats, comma-separated (default: the project file's, else docx,pdf)")
    p.add_argument("--out", type=Path, help="output folder (default: the project file's, else out/)")
    p.add_argument("--templates", type=Path, help="extra folder of audience templates")
    p.add_argument("--prepared-for", help="name printed as 'Prepared for' on the title block")
    p.add_argument(
        "--previous",
        type=Path,
        metavar="OLD.yaml",
        help='the previous edition: each document starts with "What\'s new since <its date>"',
    )
    p.add_argument(
        "--reference-doc",
        type=Path,
        metavar="FILE",
        help="a .docx whose styles and theme fonts restyle the DOCX (see 'briefbuilder reference-doc')",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="build N items (brief x audience) at a time in worker processes "
        "(default: one per CPU core; 1 builds in this process)",
    )
    p.add_argument(
        "--watch",
        action="store_true",
        help="stay running and republish the DOCX and PDF whenever the brief, a picture or table it "
        "uses, or a template is saved (one BRIEF; Ctrl-C stops)",
    )
    p.add_argument(
        "-q", "--quiet", action="store_true", help="print only problems (no list of files, no progress bar)"
    )


def run(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    if args.jobs is not None and args.jobs < 1:
        problems.append(Problem("--jobs", None, None, "", f"expected 1 or more, got {args.jobs}"))
    if args.previous is not None and len(args.briefs) != 1:
        problems.append(Problem("--previous", None, None, "", "name exactly one BRIEF to compare to it"))
    if args.out is not None and not str(args.out).strip():
        problems.append(Problem("--out", None, None, "", "must not be empty"))
    if getattr(args, "watch", False) and len(args.briefs) != 1:
        problems.append(Problem("--watch", None, None, "", "name exactly one BRIEF to watch"))
    if problems:
        raise InvalidInput(problems)
    if getattr(args, "watch", False):
        collect_from_here()
        return _watch(args)
    from briefbuilder.pipeline.batch import cpu_count

    debug = getattr(args, "debug", False)  # a traceback needs the item built in this process
    jobs = 1 if debug else (args.jobs or cpu_count())
    ahead = None
    one_process = jobs == 1 or len(args.briefs) == 1
    if getattr(args, "standalone", False) and not debug and one_process:
        from briefbuilder.pipeline.forked import ForkedPdf

        # forked now, before the heavy imports: the child imports the PDF writer meanwhile
        ahead = ForkedPdf.here()
    try:
        return _build(args, jobs, debug, ahead)
    finally:
        if ahead is not None:
            ahead.close()


def _build(args: argparse.Namespace, jobs: int, debug: bool, ahead: ForkedPdf | None) -> int:
    from briefbuilder import api
    from briefbuilder.commands.progress import Progress
    from briefbuilder.pipeline.batch import Workers, load_one, worse
    from briefbuilder.pipeline.settings import project_for

    project = project_for(args.briefs[0])
    import briefbuilder.brief.loading  # noqa: F401  (before the loaders are forked: they start warm)

    with Workers(jobs) if jobs > 1 and len(args.briefs) > 1 else contextlib.nullcontext() as loader:
        # validate every brief before building any: in the workers too, a few hundred take seconds
        results = loader.load(args.briefs) if loader else [load_one(path) for path in args.briefs]
    loaded = [r for r in results if not isinstance(r, InvalidInput)]
    invalid = [r for r in results if isinstance(r, InvalidInput)]
    try:
        plan = api.plan(
            [item.brief for item in loaded],
            out_dir=args.out,
            previous=args.previous,
            project=project,
            **_choices(args),
        )
    except InvalidInput as exc:  # nothing can be built: report it all, as one invalid input
        raise InvalidInput([p for e in invalid for p in e.problems] + list(exc.problems)) from None
    loaded, plan = _drawable(loaded, plan, invalid)
    if not loaded:
        raise InvalidInput([p for e in invalid for p in e.problems])

    # one process: the PDF is rendered by the forked child while it writes the DOCX (pipeline.forked);
    # many items: the workers are forked once the writers are imported, so they start warm
    in_workers = jobs > 1 and len(loaded) * len(plan.audiences) > 1
    if ahead is not None and in_workers:
        ahead.close()
        ahead = None
    if ahead is None or ahead.child is None:
        _import_writers(plan.formats)
    collect_from_here()
    per_brief = len(plan.audiences)
    progress = Progress(
        len(loaded) * per_brief,
        enabled=not args.quiet and sys.stderr.isatty(),
        list_files=not args.quiet,
    )
    worst = EXIT_OK
    for failed_brief in invalid:  # the others are built; these are reported and count as failed
        for problem in failed_brief.problems:
            progress.say(str(problem))
        worst = worse(worst, EXIT_INVALID)
    for note in plan.warnings:  # e.g. styles the reference .docx lacks
        progress.say(note)
    if not args.quiet:
        for item in loaded:
            for warning in item.warnings:
                progress.say(f"{warning} [{warning.severity}]")
    publisher = api.build_batch(plan, jobs=jobs, reporter=progress, debug=debug, ahead=ahead)
    progress.finish()
    worst = worse(worst, publisher.worst)
    failed = publisher.failed_items + len(invalid) * per_brief
    if not args.quiet or failed:
        line = (
            f"built {_count(len(publisher.written), 'file')} from {_count(publisher.briefs_built, 'brief')}"
        )
        if failed:
            total = (len(loaded) + len(invalid)) * per_brief
            line += f"; {failed} of {_count(total, 'item')} (brief x audience) failed; exit code {worst}"
        print(line, file=sys.stderr)
    return worst


def _drawable(loaded: list[Loaded], plan: Plan, invalid: list[InvalidInput]) -> tuple[list[Loaded], Plan]:
    """The briefs whose characters that no built-in font has the chosen audiences' fonts draw
    (``audience.glyphs``); the others join ``invalid``."""
    from briefbuilder.audience.glyphs import undrawn

    drawn = []
    for item in loaded:
        problems = undrawn(item.glyphs, plan.audiences) if item.glyphs else []
        if problems:
            invalid.append(InvalidInput(problems))
        else:
            drawn.append(item)
    if len(drawn) == len(loaded):
        return loaded, plan
    return drawn, dataclasses.replace(plan, briefs=tuple(item.brief for item in drawn))


def _watch(args: argparse.Namespace) -> int:
    """``--watch``: a usage error (unknown audience or format) stops at once, as without it; a
    brief that does not validate is reported and watched until it does."""
    from briefbuilder import api
    from briefbuilder.commands.watching import Request, Session, run_watch
    from briefbuilder.pipeline.settings import project_for

    # the options alone, without the brief: a wrong one is a usage error (exit 2) at once
    api.plan([], project=project_for(args.briefs[0]), **_choices(args))
    request = Request(args.briefs[0], out=args.out, previous=args.previous, **_choices(args))
    return run_watch(Session(request))


def _choices(args: argparse.Namespace) -> dict[str, Any]:
    """The options that a build and a watch hand to ``api.plan`` alike."""
    return {
        "audience": split(args.audience) if args.audience is not None else None,
        "formats": split(args.format) if args.format is not None else None,
        "templates": args.templates,
        "prepared_for": args.prepared_for,
        "reference_doc": args.reference_doc,
    }


def _import_writers(formats: tuple[str, ...]) -> None:
    """The writers' modules, imported now (they would be by the first item) so that the
    collector can be switched on after them (``collect_from_here``). Not with a child that
    renders the PDF: python-docx is then imported once the document is sent to it, while it
    renders, rather than before the layout it waits for."""
    from briefbuilder.pipeline.batch import signals_deferred
    from briefbuilder.writers import writer

    with signals_deferred():  # a Ctrl-C inside a native module's initialisation aborts Python
        for fmt in formats:
            writer(fmt)
        if "docx" in formats:  # its table of contents takes its pages from the PDF's layout
            writer("pdf")


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
