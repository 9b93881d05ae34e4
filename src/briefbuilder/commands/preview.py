"""briefbuilder preview: PNG images of a brief's PDF pages and a contact sheet; --watch rebuilds."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefbuilder.commands.common import EXIT_OK, source_date_epoch, split

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience
    from briefbuilder.brief.model import Brief
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.pipeline.items import Built

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
    p.add_argument(
        "--watch",
        action="store_true",
        help="stay running: on every save of the brief, a file it uses or a template, publish its DOCX "
        "and PDF into --out and redraw the page images (Ctrl-C stops)",
    )
    # no longer used: the watch is woken by the kernel, not by polling; kept so scripts still run
    p.add_argument("--interval", type=float, default=0.5, help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.errors import InvalidInput, Problem

    if not 10 <= args.dpi <= 600:
        raise InvalidInput([Problem("--dpi", None, None, "", f"expected 10 to 600, got {args.dpi:g}")])
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
    if args.watch:
        return _watch(args)
    import time

    started = time.perf_counter()
    lines = [_preview_one(args, name) for name in _audience_names(args)]
    print("; ".join(lines) + f" ({time.perf_counter() - started:.1f} s)", flush=True)
    return EXIT_OK


def _watch(args: argparse.Namespace) -> int:
    """The DOCX and PDF published into ``--out`` on every save, and the PDF's page images with
    them; over a page budget the files are still made (a preview shows what does not fit)."""
    from briefbuilder.commands.watching import Request, Session, run_watch

    request = Request(
        args.brief,
        audience=_audience_names(args),
        formats=["docx", "pdf"],
        out=args.out,
        templates=args.templates,
        previous=args.previous,
        reference_doc=args.reference_doc,
    )

    def images(brief: Brief, audience: Audience, built: Built) -> str:
        pdf = next(a.data for a in built.artifacts if a.fmt == "pdf")
        return "; " + _images(args, brief, audience, pdf)

    return run_watch(Session(request, after_publish=images, builder=_lenient_build))


def _lenient_build(
    brief: Brief, audience: Audience, formats: Sequence[str], options: LayoutOptions, previous: Brief | None
) -> Built:
    """``build_item``, except that over the page budget the files are made all the same."""
    from briefbuilder.errors import BuildError
    from briefbuilder.pipeline import document_for
    from briefbuilder.pipeline.items import Artifact, Built, build_item, file_name
    from briefbuilder.writers import writer

    try:
        return build_item(brief, audience, tuple(formats), options, previous)
    except BuildError as exc:
        if audience.page_budget is None:
            raise
        document = document_for(brief, audience, options, previous)
        files = tuple(
            Artifact(file_name(brief, audience, f), f, audience.name, writer(f)(document)) for f in formats
        )
        return Built(files, (f"note: {exc}",))


def _audience_names(args: argparse.Namespace) -> list[str]:
    from briefbuilder.audience.templates import TemplateSet

    if args.audience == "all":
        return TemplateSet.default(args.templates).names()
    return split(args.audience)


def _preview_one(args: argparse.Namespace, name: str) -> str:
    """Build one audience's PDF in memory, as ``build`` would, and write its preview; the line
    that reports it. Over a page budget the pages are still shown, marked as over."""
    from briefbuilder.audience.glyphs import check_drawable
    from briefbuilder.audience.templates import TemplateSet
    from briefbuilder.brief.loading import load_brief
    from briefbuilder.errors import BuildError
    from briefbuilder.layout.engine import LayoutOptions
    from briefbuilder.pipeline import build_item, document_for
    from briefbuilder.writers import writer

    loaded = load_brief(args.brief)
    brief = loaded.brief
    previous = load_brief(args.previous).brief if args.previous is not None else None
    audience = TemplateSet.default(args.templates).resolve(name)
    check_drawable(loaded.glyphs, [audience])  # characters only a template's own font may have
    options = LayoutOptions(source_date_epoch=source_date_epoch())
    try:
        pdf = build_item(brief, audience, ["pdf"], options, previous).artifacts[0].data
    except BuildError:  # over the page budget: show the pages anyway, that is what a preview is for
        pdf = writer("pdf")(document_for(brief, audience, options, previous))
    return f"{audience.name}: {_images(args, brief, audience, pdf)}"


def _images(args: argparse.Namespace, brief: Brief, audience: Audience, pdf: bytes) -> str:
    """Write the page images and the contact sheet of ``pdf``; what to print about them."""
    from briefbuilder.authoring.preview import write_preview
    from briefbuilder.pipeline import pdf_page_count

    pages = pdf_page_count(pdf)
    title = f"{brief.title} | {audience.name}, {pages} page{'s' if pages != 1 else ''}"
    result = write_preview(pdf, f"{brief.id}-{audience.name}", args.out, title, args.dpi)
    over = ""
    if audience.page_budget is not None and result.page_count > audience.page_budget:
        over = f", OVER the page budget of {audience.page_budget}"
    count = f"{result.page_count} page{'s' if result.page_count != 1 else ''}"
    return f"{count}{over} -> {result.sheet}"
