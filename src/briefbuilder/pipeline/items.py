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
from briefbuilder.layout.document import Document, Heading
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
    shows = audience_filter(audience, previous, brief)
    lines = whats_new(
        previous, changes, shows, limit, language=brief.language, labels=audience.labels_for(brief.language)
    )
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

    The PDF is laid out whenever the DOCX is asked for too, and first: the DOCX is the same
    document on the same pages, so it takes from the PDF's layout the page of each heading (its
    contents' page numbers), the headings that start a page (``Document.page_starts``: the DOCX
    starts a page there, where Word or LibreOffice could otherwise keep a heading a page early)
    and the page count (app.xml Pages). The DOCX's bytes never depend on whether the PDF was
    asked for as well. With ``ahead``, the work is shared with another process
    (``pipeline.ahead``): the PDF rendered by a forked child while the DOCX is written here, or
    the DOCX written by a worker while the PDF is rendered here; a DOCX written from the last
    build's paging is used only if the PDF's layout gives that very document."""
    from briefbuilder.pipeline.ahead import Paging

    document = lay_out(brief, audience, options)
    for_docx = "docx" in formats
    needs_pdf = "pdf" in formats or for_docx or audience.page_budget is not None
    key = f"{brief.id}\n{audience.name}"
    elsewhere = ahead.pdf(document) if ahead is not None and needs_pdf else None
    guess = ahead.guess(key, document) if ahead is not None and for_docx else None
    rendered = elsewhere.result() if elsewhere is not None else None
    if rendered is None and needs_pdf:
        from briefbuilder.writers.pdf import render_pdf

        rendered = render_pdf(document)
    pdf: bytes | None = None
    if rendered is not None:
        pdf = rendered.data
        if audience.page_budget is not None:
            _check_budget(document, audience, rendered.page_count)
        if for_docx:
            paging = Paging(rendered.heading_pages, rendered.page_count, rendered.page_starts)
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
