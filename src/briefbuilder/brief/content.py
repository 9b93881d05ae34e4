"""The open part of the content model: per-audience wording, recommendations, and a brief's own
sections built from a few kinds of block (paragraph, table, figure, quote, list).

``model`` imports this module (``Brief`` holds these types), so nothing here imports ``model``.
As there, every field carries a ``doc`` for the JSON Schema and the messages, and the type hints
are the schema the loader converts by. Fields marked ``loaded`` are never written in YAML: the
loader fills them (a table's rows read from its CSV file, a figure's checked picture).
"""

from dataclasses import dataclass, field
from typing import Literal

from briefbuilder.brief.assets import Image
from briefbuilder.brief.fields import doc
from briefbuilder.brief.values import AUDIENCE_NAME as AUDIENCE_NAME
from briefbuilder.brief.values import CUSTOM_KEY as CUSTOM_KEY
from briefbuilder.brief.values import CellText as CellText
from briefbuilder.brief.values import Release as Release
from briefbuilder.brief.values import Wording as Wording
from briefbuilder.brief.values import wordings as wordings

BLOCK_KINDS = ("paragraph", "table", "figure", "quote", "list")


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommended action: the brief's own advice to its readers, with the reason for it."""

    text: Wording = field(metadata=doc("What the brief recommends (inline markup allowed)."))
    rationale: Wording | None = field(
        default=None, metadata=doc("Why: the finding it follows from, printed after it (inline markup).")
    )
    id: str | None = field(default=None, metadata=doc("Optional stable id, for editions and diffs."))
    sources: tuple[str, ...] = field(default=(), metadata=doc("Ids of the sources it rests on."))
    release: Release = field(default="public", metadata=doc("Who may see it."))
    audiences: tuple[str, ...] = field(default=(), metadata=doc("Only these audiences may see it."))


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table of data: from a CSV file next to the brief, or written out as rows."""

    caption: str = field(metadata=doc("The table's title, printed above it."))
    csv: str | None = field(
        default=None,
        metadata=doc("A CSV file (UTF-8, comma-separated) relative to the brief's folder; or give rows."),
    )
    rows: tuple[tuple[CellText, ...], ...] = field(
        default=(), metadata=doc("The cells, row by row, header rows first; or give csv.")
    )
    header_rows: int = field(default=1, metadata=doc("How many of the first rows are headings (0 to 3)."))
    source: str | None = field(
        default=None, metadata=doc("Id of the source of the data, cited in the caption.")
    )
    summary: str | None = field(
        default=None, metadata=doc("What the table shows, for screen readers (the DOCX table description).")
    )


@dataclass(frozen=True, slots=True)
class FigureSpec:
    """A picture: a PNG or JPEG next to the brief, with the text that stands in for it."""

    image: str = field(metadata=doc("A PNG or JPEG file relative to the brief's folder."))
    alt: str = field(metadata=doc("What the picture shows, for readers who cannot see it (required)."))
    caption: str | None = field(default=None, metadata=doc("Caption printed under the picture."))
    credit: str | None = field(default=None, metadata=doc("Who made or owns the picture, after the caption."))
    width: float | None = field(
        default=None,
        metadata=doc("Width as a fraction of the text width, 0.1 to 1 (default: natural size, at most 1)."),
    )
    picture: Image | None = field(
        default=None, metadata=doc("The checked picture, read by the loader.", loaded=True)
    )


@dataclass(frozen=True, slots=True)
class QuoteSpec:
    """Someone's words, quoted exactly, set apart as a block quote."""

    text: str = field(metadata=doc("The words exactly as the source gives them, without quote marks."))
    speaker: str = field(metadata=doc("Id of the person or organization quoted (see people)."))
    source: str | None = field(default=None, metadata=doc("Id of the source that carries the quote."))


@dataclass(frozen=True, slots=True)
class ContentBlock:
    """One block of a brief's own section: exactly one of paragraph, table, figure, quote, list."""

    paragraph: Wording | None = field(
        default=None, metadata=doc("A paragraph (inline markup; may be worded per audience).")
    )
    table: TableSpec | None = field(default=None, metadata=doc("A table, from a CSV file or rows."))
    figure: FigureSpec | None = field(default=None, metadata=doc("A picture with alt text."))
    quote: QuoteSpec | None = field(default=None, metadata=doc("A quotation with its speaker."))
    list: tuple[Wording, ...] | None = field(default=None, metadata=doc("A bulleted list of short texts."))
    sources: tuple[str, ...] = field(
        default=(), metadata=doc("Ids of the sources it rests on, cited at its end.")
    )
    release: Release = field(default="public", metadata=doc("Who may see it."))
    audiences: tuple[str, ...] = field(default=(), metadata=doc("Only these audiences may see it."))

    @property
    def kind(self) -> str:
        """Which kind of block this is (the loader checks that exactly one is given)."""
        return next((k for k in BLOCK_KINDS if getattr(self, k) is not None), "empty")


@dataclass(frozen=True, slots=True)
class CustomSection:
    """A section of the brief's own, placed by templates through its key like a built-in one."""

    key: str = field(
        metadata=doc("Lower-case letters, digits and underscores; templates name it in sections.")
    )
    heading: str = field(metadata=doc("The section's heading."))
    blocks: tuple[ContentBlock, ...] = field(metadata=doc("What the section holds, in order.", max_items=200))
    release: Release = field(default="public", metadata=doc("Who may see the section."))
    audiences: tuple[str, ...] = field(default=(), metadata=doc("Only these audiences may see it."))


PersonKind = Literal["person", "organization"]
