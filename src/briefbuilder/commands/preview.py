"""briefbuilder preview: PNG images of a brief's PDF pages and a contact sheet; --watch rebuilds."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from briefbuilder.commands.common import EXIT_OK, source_date_epoch, split

HELP = "PNG images of the PDF pages and a contact sheet; --watch rebuilds on every save"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("brief", metavar="BRIEF", type=Path, help="brief YAML file")
    p.add_argument(
        "--audience", default="analyst", help="audience name(s), comma-separated, or 'all' (default: analyst)"
    )
    p.add_argument(
        "--out", type=Path, default=Path("out/preview"), help="output folder (default: out/preview)"
    )
    p.add_argument("--templates", type=Path, help="extra folder of audience templates")
    p.add_argument(
        "--previous",
        type=Path,
        metavar="OLD.yaml",
        help='the previous edition: the pages start with "What\'s new since <its date>", as in build',
    )
    p.add_argument(
        "--reference-doc",
        type=Path,
        metavar="FILE",
        help="a .docx whose styles restyle the DOCX, as in build (the preview shows the PDF)",
    )
    p.add_argument("--dpi", type=float, default=100, help="resolution of the page images (default: 100)")
    p.add_argument("--watch", action="store_true", help="rebuild whenever the brief or a template is saved")
    p.add_argument(
        "--interval", type=float, default=0.5, help="--watch: seconds between checks (default: 0.5)"
    )


def run(
    args: argparse.Namespace,
    *,
    sleep: Callable[[float], None] | None = None,
    max_polls: int | None = None,
) -> int:
    """``sleep`` and ``max_polls`` let tests drive the watch loop without waiting."""
    import time

    from briefbuilder.audience.paths import templates_dir
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.authoring.preview import fingerprint, watch
    from briefbuilder.errors import BriefbuilderError, InvalidInput, Problem

    bad = []
    if not 10 <= args.dpi <= 600:
        bad.append(Problem("--dpi", None, None, "", f"expected 10 to 600, got {args.dpi:g}"))
    if not 0 <= args.interval <= 60:
        bad.append(Problem("--interval", None, None, "", f"expected 0 to 60 seconds, got {args.interval:g}"))
    if bad:
        raise InvalidInput(bad)
    templates = TemplateSet.default(args.templates)
    for name in _audience_names(args):
        templates.resolve(name)  # an unknown audience is a usage error, even with --watch
    if args.reference_doc is not None:  # checked as build checks it; the preview shows the PDF
        from briefbuilder.writers.docx_reference import ReferenceError, missing_styles

        try:
            missing = missing_styles(args.reference_doc)
        except ReferenceError as exc:
            raise InvalidInput([Problem("--reference-doc", None, None, "", str(exc))]) from None
        if missing:
            names = ", ".join(map(repr, missing))
            print(f"warning: {args.reference_doc} has no style {names}; the built-in is used", flush=True)

    def build_once() -> str:
        started = time.perf_counter()
        lines = [_preview_one(args, name) for name in _audience_names(args)]
        return "; ".join(lines) + f" ({time.perf_counter() - started:.1f} s)"

    if not args.watch:
        print(build_once(), flush=True)
        return EXIT_OK
    try:
        print(build_once(), flush=True)
    except BriefbuilderError as exc:  # a brief broken when the watch starts is fixed while watching
        problems = exc.problems if isinstance(exc, InvalidInput) else ()
        for problem in problems:
            print(problem, flush=True)
        print(f"build failed{'' if problems else f': {exc}'}; watching for the next save", flush=True)

    folders = [templates_dir()] + ([args.templates] if args.templates else [])

    def state() -> object:
        files = sorted(f for folder in folders if folder.is_dir() for f in folder.iterdir() if f.is_file())
        return fingerprint([args.brief, *files])

    print(f"watching {args.brief} and the template folders; Ctrl-C stops", flush=True)
    try:
        watch(
            state,
            build_once,
            lambda line: print(line, flush=True),
            interval=args.interval,
            sleep=sleep or time.sleep,
            max_polls=max_polls,
        )
    except KeyboardInterrupt:
        print("stopped watching", flush=True)
    return EXIT_OK


def _audience_names(args: argparse.Namespace) -> list[str]:
    from briefbuilder.audience.templates import TemplateSet

    if args.audience == "all":
        return TemplateSet.default(args.templates).names()
    return split(args.audience)


def _preview_one(args: argparse.Namespace, name: str) -> str:
    """Build one audience's PDF in memory, as ``build`` would, and write its preview; the line
    that reports it. Over a page budget the pages are still shown, marked as over."""
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.authoring.preview import write_preview
    from briefbuilder.brief.loading import load_brief
    from briefbuilder.errors import BuildError
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.pipeline import build_item, document_for, pdf_page_count
    from briefbuilder.writers import writer

    brief = load_brief(args.brief).brief
    previous = load_brief(args.previous).brief if args.previous is not None else None
    audience = TemplateSet.default(args.templates).resolve(name)
    options = LayoutOptions(source_date_epoch=source_date_epoch())
    try:
        pdf = build_item(brief, audience, ["pdf"], options, previous).artifacts[0].data
    except BuildError:  # over the page budget: show the pages anyway, that is what a preview is for
        pdf = writer("pdf")(document_for(brief, audience, options, previous))
    pages = pdf_page_count(pdf)
    title = f"{brief.title} | {audience.name}, {pages} page{'s' if pages != 1 else ''}"
    result = write_preview(pdf, f"{brief.id}-{audience.name}", args.out, title, args.dpi)
    over = ""
    if audience.page_budget is not None and result.page_count > audience.page_budget:
        over = f", OVER the page budget of {audience.page_budget}"
    count = f"{result.page_count} page{'s' if result.page_count != 1 else ''}"
    return f"{audience.name}: {count}{over} -> {result.sheet}"
