"""What the PDF writer returns besides its bytes, in a module without reportlab: a build whose
PDF is rendered by another process (``pipeline.forked``) receives it without importing the
writer."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    """The PDF and what its layout found: the page of every heading, by anchor; page count;
    the anchors of the headings that start a page (after page 1)."""

    data: bytes
    heading_pages: dict[str, int]
    page_count: int
    page_starts: frozenset[str] = frozenset()
