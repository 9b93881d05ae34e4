"""The laid-out document: format-neutral blocks in final form.

Layout decides everything (what is shown, order, numbering, which note each citation points to);
a writer only translates these blocks, so DOCX and PDF cannot disagree. The set of block kinds is
closed: a writer that meets a kind it does not handle must raise, never skip it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Literal

from briefbuilder.audience.look import Look
from briefbuilder.brief.assets import Image, require_alt
from briefbuilder.brief.markup import Span as Text  # the one run type: text, emphasis, link
from briefbuilder.layout.scene import Scene

__all__ = ["Image", "Look", "Text"]  # defined below the layout, re-exported for the writers


# --- inline content -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NoteRef:
    """A citation: superscript note number, linked to note ``number`` in the Notes block.

    ``footnote`` marks the citation that carries the source's footnote when the document has
    footnotes (``Document.footnotes``): the first citation of each source, decided by layout.
    Consecutive citations are printed sorted, "3, 24" (``CITATION_SEPARATOR`` between them);
    ``through`` makes the citation a range of notes, printed "3–5" and linked to the first.
    """

    number: int
    footnote: bool = False
    through: int | None = None

    @property
    def label(self) -> str:
        """What the citation prints: "3", or "3–5" for a range."""
        return f"{self.number}\u2013{self.through}" if self.through is not None else str(self.number)


Inline = Text | NoteRef
# between consecutive citations ("3–5, 9"), set in the citation's own (superscript) size in both
# formats: a no-break space there is about a thin space of the text, and it never breaks a group
# (reportlab breaks lines at U+2009 and U+202F, never at U+00A0)
CITATION_SEPARATOR = ",\u00a0"


# --- images and figures -----------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One dated event of a timeline figure, known to the year, the month or the day."""

    year: int
    month: int | None
    day: int | None
    date_label: str  # how the date is printed, e.g. "Mid-June 2025"
    label: str  # a short label for the figure (the full text stays in the timeline table)


@dataclass(frozen=True, slots=True)
class TimelineChart:
    """A horizontal time axis, drawn to scale, with the events marked on it, in date order; the
    chart's own words (its key, the note on a figure too small for every event) and its digits
    are the brief's language's."""

    events: tuple[TimelineEvent, ...]
    key: tuple[str, str, str] = ("day known", "month known", "year known")
    recent: str = "The {shown} most recent of {count} events; the table lists all of them."
    digits: str = "0123456789"  # the language's digits, for the years on the band


Chart = TimelineChart


# --- blocks -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TitleBlock:
    """Cover: title, subtitle and labelled metadata lines (Date, Version, Authors...).

    ``style`` "page" is a cover page (larger, and layout starts the body on a new page after it
    and the contents); "block" is a compact title block at the top of page 1.
    """

    title: str
    subtitle: str | None
    meta: tuple[tuple[str, str], ...]  # (label, value) pairs, printed in this order
    fields: tuple[str, ...] = ()  # which cover field each line of ``meta`` is ("date", "contact"...)
    organization: str | None = None  # printed above the title, next to the logo
    logo: Image | None = None
    style: Literal["block", "page"] = "block"


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One line of the table of contents: a heading's text, level and anchor."""

    level: int
    text: str
    anchor: str
    page: int | None = None  # known only after a layout pass (the PDF's); writers may recompute


@dataclass(frozen=True, slots=True)
class Contents:
    """The table of contents: every level-1 and level-2 heading that follows, linked."""

    title: str
    entries: tuple[TocEntry, ...]


@dataclass(frozen=True, slots=True)
class PageBreak:
    """Start a new page here (after a cover page)."""


@dataclass(frozen=True, slots=True)
class Figure:
    """A chart, already drawn: ``scene`` is laid out by layout for the text block's width and no
    taller than a page (``layout.figures``). Writers only draw the scene: as vector shapes in the
    PDF, as a PNG in the DOCX. ``chart`` is what the figure shows, as data, for text dumps and
    checks; no writer reads it. ``alt`` is required: it is the DOCX image description and says
    what the chart shows to anyone who cannot see it."""

    chart: Chart
    scene: Scene
    alt: str
    caption: str

    def __post_init__(self) -> None:
        require_alt("a figure", self.alt)


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; ``anchor`` is unique in the document (bookmarks, TOC, links)."""

    level: int  # 1 or 2
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph. ``role`` picks a named style: body, lead (BLUF), note, small."""

    inlines: tuple[Inline, ...]
    role: Literal["body", "lead", "note", "small"] = "body"


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A numbered or bulleted list; each item is a run of inlines."""

    items: tuple[tuple[Inline, ...], ...]
    ordered: bool


@dataclass(frozen=True, slots=True)
class Table:
    """A table with one header row; ``widths`` are fractions of the text width summing to 1."""

    header: tuple[str, ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    widths: tuple[float, ...]
    caption: str | None = None


@dataclass(frozen=True, slots=True)
class DataTable:
    """A table of data from the brief (its own sections): ``header`` rows, repeated at the top
    of every page the table runs over, then the body ``rows``, all plain text. Layout decides
    each column's ``align`` (numbers right) and ``widths`` (fractions of the text width)."""

    caption: tuple[Inline, ...]  # above the table, with the data's citation; may be empty
    header: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Literal["left", "right"], ...]
    widths: tuple[float, ...]
    summary: str | None = None  # what the table shows, for screen readers (DOCX description)


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture from the brief, embedded as is (never redrawn): ``image.alt`` describes it.
    ``width`` is a fraction of the text width, chosen by layout so the picture fits a page."""

    image: Image
    width: float
    caption: tuple[Inline, ...]  # under the picture: its number, caption, credit; may be empty


@dataclass(frozen=True, slots=True)
class BlockQuote:
    """A quotation set apart, with its attribution (speaker, role, source) below it."""

    inlines: tuple[Inline, ...]
    attribution: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Note:
    """One numbered note (a source reference), the target of NoteRef(number)."""

    number: int
    inlines: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Notes:
    """A numbered list of notes, printed where this block stands: the Sources list (endnotes).

    ``title``, when set, is printed above the list as a plain title: not a heading, so it is in
    neither the contents nor the outline (the Sources list has its own Heading instead).

    ``as_footnotes`` marks the footnotes' own text: the notes of ``Document.footnotes`` that no
    other Notes block lists (an audience with footnotes and no Sources section). Layout puts
    this block last, titled "Notes". The rule for writers: a format without footnotes (PDF)
    prints it like any Notes block, so every cited source is printed somewhere and every
    citation links to its note; a format with footnotes (DOCX) prints nothing for it, because
    its footnotes already carry these notes at their citations.
    """

    notes: tuple[Note, ...]
    title: str | None = None
    as_footnotes: bool = False


Block = (
    TitleBlock
    | Contents
    | PageBreak
    | Heading
    | Para
    | ListBlock
    | Table
    | BlockQuote
    | Figure
    | Notes
    | DataTable
    | Picture
)


# --- look and metadata ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Meta:
    """Document properties both writers record (DOCX core properties, PDF Info)."""

    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    language: str  # BCP 47 tag, e.g. "en"
    created: dt.datetime  # from SOURCE_DATE_EPOCH or the brief's date: never the clock
    marking: str | None  # printed at the top and bottom of every page when set
    short_title: str  # for running headers and footers
    date_label: str = ""  # the brief's date as printed in the running header, e.g. "11 September 2025"
    reference: str = ""  # identifies the printout in the footer, e.g. "brief-id, version 1.0"
    pages: int | None = None  # the PDF's page count, once the PDF is laid out (DOCX app.xml)
    # the fixed words the writers print, in the brief's language (``language.labels``)
    page_label: str = "Page {page} of {pages}"  # the running footer's page number
    digits: str = "0123456789"  # the language's digits (CLDR: Persian for fa), for numbers writers print
    section_link: str = "Go to section: {title}"  # what a link to a heading says (PDF /Contents)
    note_link: str = "Go to note {number}"  # what a link to a source's note says
    footnote_link: str = "Go to footnote {number}"  # ... and a link to a footnote


@dataclass(frozen=True, slots=True)
class Document:
    meta: Meta
    look: Look
    blocks: tuple[Block, ...] = field(default=())
    # notes printed as footnotes at the citation marked ``footnote`` (DOCX); empty: endnotes only.
    # Each is also in a Notes block, for formats without footnotes (see Notes.as_footnotes).
    footnotes: tuple[Note, ...] = ()
    # the anchors of the headings the PDF's layout starts a page with (after the first page),
    # once the PDF is laid out: a DOCX starts a page there too, so that a reader that breaks
    # pages itself (Word, LibreOffice) cannot drift a page from the PDF at a heading
    page_starts: frozenset[str] = frozenset()


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of a run of inlines with citations as [n] ([^n]: carries a footnote)."""
    return "".join(
        i.text if isinstance(i, Text) else f"[{'^' if i.footnote else ''}{i.label}]" for i in inlines
    )


def with_contents_pages(document: Document, pages: dict[str, int]) -> Document:
    """The document with each contents entry's page set from ``pages`` (anchor -> page), e.g.
    the PDF's layout, so that a format which cannot paginate itself still prints numbers."""
    blocks = tuple(
        replace(
            b,
            entries=tuple(replace(e, page=pages.get(e.anchor)) for e in b.entries),
        )
        if isinstance(b, Contents)
        else b
        for b in document.blocks
    )
    return replace(document, blocks=blocks)


def dump(document: Document) -> str:
    """A plain-text rendering of every block, for golden files a reviewer can diff."""
    lines = [f"# meta: title={document.meta.title!r} marking={document.meta.marking!r}"]
    for block in document.blocks:
        match block:
            case TitleBlock():
                if block.organization or block.logo:
                    logo = f" [logo: {block.logo.alt}]" if block.logo else ""
                    lines.append(f"ORGANIZATION {block.organization or ''}{logo}")
                lines.append(f"TITLE[{block.style}] {block.title}")
                if block.subtitle:
                    lines.append(f"SUBTITLE {block.subtitle}")
                lines.extend(f"  {label}: {value}" for label, value in block.meta)
            case Contents():
                lines.append(f"CONTENTS {block.title}")
                lines.extend(f"  {'  ' * (e.level - 1)}{e.text} #{e.anchor}" for e in block.entries)
            case PageBreak():
                lines.append("PAGE BREAK")
            case Figure():
                lines.append(f"FIGURE {block.caption}")
                lines.append(f"  alt: {block.alt}")
                for ev in block.chart.events:
                    when = f"{ev.year}-{ev.month or '??'}-{ev.day or '??'}"
                    lines.append(f"  @ {when} {ev.date_label}: {ev.label}")
            case Heading():
                lines.append(
                    f"{'=' if block.level == 1 else '-'} H{block.level} {block.text} #{block.anchor}"
                )
            case Para():
                lines.append(f"P[{block.role}] {plain_text(block.inlines)}")
            case ListBlock():
                for n, item in enumerate(block.items, 1):
                    lines.append(f"  {f'{n}.' if block.ordered else '*'} {plain_text(item)}")
            case Table():
                lines.append("TABLE " + " | ".join(block.header))
                lines.extend("  " + " | ".join(plain_text(c) for c in row) for row in block.rows)
            case DataTable():
                lines.append(f"DATA TABLE {plain_text(block.caption)}".rstrip())
                for row in block.header:
                    lines.append("  # " + " | ".join(row))
                lines.extend("    " + " | ".join(row) for row in block.rows)
                lines.append("  align: " + " ".join(a[0] for a in block.align))
            case Picture():
                lines.append(
                    f"PICTURE {block.image.format} {block.image.width_px}x{block.image.height_px} "
                    f"at {block.width:.2f} {plain_text(block.caption)}".rstrip()
                )
                lines.append(f"  alt: {block.image.alt}")
            case BlockQuote():
                lines.append(f"QUOTE {plain_text(block.inlines)}")
                lines.append(f"  -- {plain_text(block.attribution)}")
            case Notes():
                if block.title is not None or block.as_footnotes:
                    kind = "[as footnotes]" if block.as_footnotes else ""
                    lines.append(f"NOTES{kind} {block.title or ''}".rstrip())
                lines.extend(f"  [{n.number}] {plain_text(n.inlines)}" for n in block.notes)
            case _:
                raise TypeError(f"dump: unknown block kind {type(block).__name__}")
    if document.footnotes:
        lines.append("FOOTNOTES")
        lines.extend(f"  [^{n.number}] {plain_text(n.inlines)}" for n in document.footnotes)
    return "\n".join(lines) + "\n"
