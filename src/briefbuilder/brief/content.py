"""The open part of the content model: per-audience wording, recommendations, and a brief's own
sections built from a few kinds of block (paragraph, table, figure, quote, list).

``model`` imports this module (``Brief`` holds these types), so nothing here imports ``model``.
As there, every field carries a ``doc`` for the JSON Schema and the messages, and the type hints
are the schema the loader converts by. Fields marked ``loaded`` are never written in YAML: the
loader fills them (a table's rows read from its CSV file, a figure's checked picture).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, NewType

from briefbuilder.brief.assets import Image
from briefbuilder.brief.fields import doc

# model.Release, written out again because model imports this module (a test keeps them equal)
Release = Literal["public", "internal"]
# what a custom section's key may be: it names the section in templates' `sections:` lists
CUSTOM_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# what may name an audience in a wording mapping: a template's file name without .yaml
AUDIENCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
BLOCK_KINDS = ("paragraph", "table", "figure", "quote", "list")

# A table cell as written in `rows:`: text that may be empty ("" or a CSV's empty field).
CellText = NewType("CellText", str)


class Wording(str):
    """Text that may be worded differently for some audiences.

    Written in YAML as plain text, or as a mapping ``{default: "...", press: "..."}``: the
    ``default`` wording and one per audience name. As a ``str`` it *is* the default wording, so
    everything that does not know audiences (checks, lint, diff, metadata) reads the default;
    layout picks the wording of the audience it lays out (``for_audience``)."""

    variants: tuple[tuple[str, str], ...]

    def __new__(cls, default: str, variants: Mapping[str, str] | Iterable[tuple[str, str]] = ()) -> Wording:
        self = super().__new__(cls, default)
        pairs = tuple(variants.items() if isinstance(variants, Mapping) else variants)
        object.__setattr__(self, "variants", tuple((str(k), str(v)) for k, v in pairs))
        return self

    @property
    def default(self) -> str:
        return str.__str__(self)

    def for_audience(self, *names: str) -> str:
        """The wording for the first of ``names`` that has one (an audience, then the ones it
        extends), else the default."""
        own = dict(self.variants)
        return next((own[n] for n in names if n in own), self.default)

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every wording: ("default", text), then (audience, text) for each variant."""
        yield "default", self.default
        yield from self.variants

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Wording):
            return str.__eq__(self, other) and self.variants == other.variants
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Wording is immutable")

    def __reduce__(self) -> tuple[type[Wording], tuple[str, tuple[tuple[str, str], ...]]]:
        return Wording, (self.default, self.variants)

    def __repr__(self) -> str:
        if not self.variants:
            return f"Wording({self.default!r})"
        return f"Wording({self.default!r}, {dict(self.variants)!r})"


def wordings(value: object) -> Iterator[tuple[str, str]]:
    """(key, text) of every wording of a text field: ("default", text) for plain text."""
    if isinstance(value, Wording):
        yield from value.texts()
    elif isinstance(value, str):
        yield "default", value


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
