"""The build pipeline: loaded brief × audiences × formats → named artifacts in memory.

Nothing here touches the disk: the CLI publishes the artifacts all-or-nothing afterwards, so an
invalid input or a failing writer leaves no file behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefbuilder.audience.templates import Audience
from briefbuilder.brief.model import Brief
from briefbuilder.errors import BuildError
from briefbuilder.layout.document import Contents, Document, Heading, with_contents_pages
from briefbuilder.layout.engine import LayoutOptions, lay_out
from briefbuilder.render import writer

_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")


@dataclass(frozen=True, slots=True)
class Artifact:
    """One built file: its name is ``<brief id>-<audience>.<format>``."""

    name: str
    fmt: str
    audience: str
    data: bytes


def file_name(brief: Brief, audience: Audience, fmt: str) -> str:
    return f"{brief.id}-{audience.name}.{fmt}"


def build_brief(
    brief: Brief,
    audiences: list[Audience],
    formats: list[str],
    options: LayoutOptions | None = None,
) -> list[Artifact]:
    """Lay out the brief once per audience and run each writer; check page budgets.

    When the document has a table of contents, the PDF is laid out first and the page of each
    heading is passed on in the Document, so the DOCX's contents open with page numbers."""
    out: list[Artifact] = []
    for audience in audiences:
        document = lay_out(brief, audience, options)
        pdf: bytes | None = None
        needs_pages = "docx" in formats and any(isinstance(b, Contents) for b in document.blocks)
        if "pdf" in formats or needs_pages or audience.page_budget is not None:
            from briefbuilder.render.pdf import render_pdf

            rendered = render_pdf(document)
            pdf = rendered.data
            if needs_pages:
                document = with_contents_pages(document, rendered.heading_pages)
            if audience.page_budget is not None:
                _check_budget(document, audience, pdf)
        for fmt in formats:
            data = pdf if fmt == "pdf" and pdf is not None else writer(fmt)(document)
            out.append(Artifact(file_name(brief, audience, fmt), fmt, audience.name, data))
    return out


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF written by reportlab (its page objects are never in object streams)."""
    return len(_PAGE.findall(data))


def _check_budget(document: Document, audience: Audience, pdf: bytes) -> None:
    pages = pdf_page_count(pdf)
    budget = audience.page_budget
    if budget is None or pages <= budget:
        return
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    last = headings[-1] if headings else "the document"
    raise BuildError(
        f"audience {audience.name!r}: the PDF has {pages} pages, over the budget of {budget}; "
        f"it runs past page {budget} at or before the section {last!r}. Shorten the brief's "
        f"sections or set tighter limits in {audience.file or 'the template'}"
    )
