"""The laid-out document: format-neutral blocks in final form.

Layout decides everything (what is shown, order, numbering, which note each citation points to);
a writer only translates these blocks, so DOCX and PDF cannot disagree. The set of block kinds is
closed: a writer that meets a kind it does not handle must raise, never skip it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal


# --- inline content -------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text (never markup) with its emphasis and optional link target."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None  # only https, http or mailto URLs reach here


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A citation: superscript note number, linked to note ``number`` in the Notes block."""

    number: int


Inline = Text | NoteRef


# --- blocks -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TitleBlock:
    """Cover block: title, subtitle and labelled metadata lines (Date, Version, Authors...)."""

    title: str
    subtitle: str | None
    meta: tuple[tuple[str, str], ...]  # (label, value) pairs, printed in this order


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
    """The numbered list of notes, printed where this block stands (endnotes)."""

    notes: tuple[Note, ...]


Block = TitleBlock | Heading | Para | ListBlock | Table | BlockQuote | Notes


# --- look and metadata ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Look:
    """How the document looks; chosen by the audience template, applied by both writers."""

    body_font: str = "PT Serif"
    heading_font: str = "PT Sans"
    body_size: float = 10.5  # points
    accent: str = "#1F3A5F"  # headings, rules, table header
    marking_color: str = "#8B1A1A"
    page_size: Literal["A4", "Letter"] = "A4"
    margins_mm: tuple[float, float, float, float] = (22.0, 20.0, 22.0, 20.0)  # top right bottom left
    header_text: str | None = None  # left of the running header, e.g. organization
    footer_text: str | None = None  # left of the running footer, e.g. short title and date


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


@dataclass(frozen=True, slots=True)
class Document:
    meta: Meta
    look: Look
    blocks: tuple[Block, ...] = field(default=())


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The text of a run of inlines with citations as [n]: for dumps and comparisons."""
    return "".join(i.text if isinstance(i, Text) else f"[{i.number}]" for i in inlines)


def dump(document: Document) -> str:
    """A plain-text rendering of every block, for golden files a reviewer can diff."""
    lines = [f"# meta: title={document.meta.title!r} marking={document.meta.marking!r}"]
    for block in document.blocks:
        match block:
            case TitleBlock():
                lines.append(f"TITLE {block.title}")
                if block.subtitle:
                    lines.append(f"SUBTITLE {block.subtitle}")
                lines.extend(f"  {label}: {value}" for label, value in block.meta)
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
            case BlockQuote():
                lines.append(f"QUOTE {plain_text(block.inlines)}")
                lines.append(f"  -- {plain_text(block.attribution)}")
            case Notes():
                lines.extend(f"  [{n.number}] {plain_text(n.inlines)}" for n in block.notes)
            case _:
                raise TypeError(f"dump: unknown block kind {type(block).__name__}")
    return "\n".join(lines) + "\n"
