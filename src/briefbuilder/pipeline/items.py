"""One brief for one audience, in memory: lay out, apply the edition policy, write, check the budget.

This is the one place that turns a loaded brief into documents; ``build``, ``preview``, ``email``
and the Python API all come through here, so ``--previous`` ("What's new") and page budgets
behave the same everywhere. Nothing here touches the disk: callers publish the artifacts
all-or-nothing afterwards, so an invalid input or a failing writer leaves no file behind.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefbuilder.audience.placeholders import for_brief
from briefbuilder.audience.templates import Audience
from briefbuilder.brief.model import Brief
from briefbuilder.errors import BuildError
from briefbuilder.layout.document import Contents, Document, Heading
from briefbuilder.layout.engine import LayoutOptions, lay_out
from briefbuilder.writers import writer

if TYPE_CHECKING:
    from briefbuilder.pipeline.ahead import Ahead

_PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")
WHATS_NEW_LIMITS = (6, 3, 1, 0)  # lines of the What's new box tried in turn under a page budget


@dataclass(frozen=True, slots=True)
class Artifact:
    """One built file: its name is ``<brief id>-<audience>.<format>``."""

    name: str
    fmt: str
    audience: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Built:
    """One audience's files, and notes for the user about choices made to fit them."""

    artifacts: tuple[Artifact, ...]
    notes: tuple[str, ...] = ()


def file_name(brief: Brief, audience: Audience, fmt: str) -> str:
    return f"{brief.id}-{audience.name}.{fmt}"


def build_item(
    brief: Brief,
    audience: Audience,
    formats: list[str] | tuple[str, ...],
    options: LayoutOptions | None = None,
    previous: Brief | None = None,
    ahead: Ahead | None = None,
) -> Built:
    """The audience's documents; with ``previous``, each opens with a "What's new" box that tells
    only what this audience is shown. Under a page budget the box gives up lines (then itself)
    rather than break the budget. ``ahead``: where the DOCX may be written meanwhile (a watch's
    worker, ``pipeline.ahead``; the command line's forked child, ``pipeline.forked``)."""
    options = options or LayoutOptions()
    audience = for_brief(audience, brief)
    if previous is None:
        return Built(tuple(_write(brief, audience, list(formats), options, ahead)))
    limits = WHATS_NEW_LIMITS if audience.page_budget is not None else WHATS_NEW_LIMITS[:1]
    for n, limit in enumerate(limits):
        try:
            edition = with_whats_new(options, brief, audience, previous, limit)
            built = _write(brief, audience, list(formats), edition, ahead)
        except BuildError:
            if n == len(limits) - 1:
                raise
            continue
        notes: tuple[str, ...] = ()
        if n:
            lines = edition.whats_new
            told = f"{len(lines) - 1} line(s)" if lines else "nothing (left out)"
            notes = (f"note: {audience.name}: the What's new box was cut to {told} to fit the page budget",)
        return Built(tuple(built), notes)
    raise AssertionError("unreachable: the last limit either builds or raises")


def with_whats_new(
    options: LayoutOptions,
    brief: Brief,
    audience: Audience,
    previous: Brief,
    limit: int = WHATS_NEW_LIMITS[0],
) -> LayoutOptions:
    """``options`` carrying the What's new lines this audience may read, at most ``limit``."""
    from briefbuilder.audience.editions import audience_filter, diff_briefs, whats_new

    changes = diff_briefs(previous, brief)
    lines = whats_new(previous, changes, audience_filter(audience, previous, brief), limit)
    return dataclasses.replace(options, whats_new=lines)


def document_for(
    brief: Brief, audience: Audience, options: LayoutOptions | None = None, previous: Brief | None = None
) -> Document:
    """The laid-out document (e.g. for an e-mail body), What's new included when asked."""
    options = options or LayoutOptions()
    audience = for_brief(audience, brief)
    if previous is not None:
        options = with_whats_new(options, brief, audience, previous)
    return lay_out(brief, audience, options)


def build_brief(
    brief: Brief,
    audiences: list[Audience],
    formats: list[str],
    options: LayoutOptions | None = None,
    previous: Brief | None = None,
) -> list[Artifact]:
    """Every audience's files, in order (notes about What's new cuts are dropped)."""
    return [
        a for audience in audiences for a in build_item(brief, audience, formats, options, previous).artifacts
    ]


def _write(
    brief: Brief,
    audience: Audience,
    formats: list[str],
    options: LayoutOptions,
    ahead: Ahead | None = None,
) -> list[Artifact]:
    """Lay out once and run each writer; check the page budget.

    When the document has a table of contents, the PDF is laid out first and the page of each
    heading is passed on in the Document, so the DOCX's contents open with page numbers. When the
    PDF is laid out for the DOCX's contents or for a page budget, its page count goes into the
    Document's meta too (the DOCX's app.xml Pages); otherwise the DOCX leaves Pages out, so its
    bytes never depend on whether the PDF was asked for as well. With ``ahead``, the
    DOCX is written meanwhile in a worker from the last build's pages, and used if they held."""
    from briefbuilder.pipeline.ahead import Paging

    document = lay_out(brief, audience, options)
    pdf: bytes | None = None
    needs_pages = "docx" in formats and any(isinstance(b, Contents) for b in document.blocks)
    count_pages = needs_pages or (audience.page_budget is not None and "docx" in formats)
    key = f"{brief.id}\n{audience.name}"
    guess = ahead.guess(key, document) if ahead is not None and count_pages else None
    if "pdf" in formats or needs_pages or audience.page_budget is not None:
        from briefbuilder.writers.pdf import render_pdf

        rendered = render_pdf(document)
        pdf = rendered.data
        if audience.page_budget is not None:
            _check_budget(document, audience, rendered.page_count)
        if count_pages:
            paging = Paging(rendered.heading_pages if needs_pages else None, rendered.page_count)
            document = paging.apply(document)
            if ahead is not None:
                ahead.remember(key, paging)
    out = []
    for fmt in formats:
        data = pdf if fmt == "pdf" and pdf is not None else None
        if data is None and fmt == "docx" and guess is not None:
            data = guess.result(document)
        if data is None:
            data = writer(fmt)(document)
        out.append(Artifact(file_name(brief, audience, fmt), fmt, audience.name, data))
    return out


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF written by reportlab (its page objects are never in object streams).

    A rough count for files read back; a build knows its page count from the PDF writer."""
    return len(_PAGE.findall(data))


def _check_budget(document: Document, audience: Audience, pages: int) -> None:
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
