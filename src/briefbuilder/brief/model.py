"""The brief as typed, validated data: what a story says, with no YAML, layout or I/O.

Every field carries a ``doc`` in its metadata: the loader uses the types to convert and check
values, and the JSON Schema export uses the docs, so the two can never drift apart.
"""

from dataclasses import dataclass, field
from typing import Literal

from briefbuilder.brief.content import CustomSection, PersonKind, Recommendation
from briefbuilder.brief.fields import _AUDIENCES, _ID, _SECTION, _TABLE_CELL, MAX_PROPERTY, doc, ids, line
from briefbuilder.brief.values import Contact as Contact
from briefbuilder.brief.values import PartialDate as PartialDate
from briefbuilder.brief.values import Release as Release
from briefbuilder.brief.values import Wording as Wording

Confidence = Literal["low", "moderate", "high"]
SourceKind = Literal[
    "news-agency",
    "newspaper",
    "magazine",
    "journal",
    "social-media",
    "messaging-channel",
    "government",
    "official-statement",
    "database",
    "think-tank",
    "other",
]


@dataclass(frozen=True, slots=True)
class Author:
    name: str = field(metadata=line("Full name as it should be printed."))
    role: str | None = field(default=None, metadata=line("Job title or role, e.g. 'Analyst'."))
    email: str | None = field(default=None, metadata=line("Contact address, if any.", 254))


@dataclass(frozen=True, slots=True)
class Source:
    id: str = field(metadata=line("Short id that facts, quotes and views cite, e.g. 'belta'.", _ID))
    outlet: str = field(metadata=line("Who published it: agency, paper, channel, office.", 300))
    kind: SourceKind = field(metadata=doc("What sort of source it is."))
    title: str | None = field(default=None, metadata=line("Title of the item, if known.", 1_000))
    date: PartialDate | None = field(
        default=None, metadata=doc("Publication date (YYYY, YYYY-MM or YYYY-MM-DD).")
    )
    url: str | None = field(default=None, metadata=line("Link to the item (https, http).", 2_000))
    via: str | None = field(
        default=None, metadata=line("Id of the source through which this one is known.", _ID)
    )
    note: str | None = field(default=None, metadata=doc("How the source is used; caveats."))
    release: Release = field(default="public", metadata=doc("Who may see this source."))


@dataclass(frozen=True, slots=True)
class Person:
    id: str = field(metadata=line("Short id quotes and analysis refer to, e.g. 'cole'.", _ID))
    name: str = field(metadata=line("Full name as printed."))
    role: str | None = field(default=None, metadata=line("Title or position as the source gives it.", 500))
    affiliation: str | None = field(default=None, metadata=line("Organization or country.", 300))
    kind: PersonKind = field(
        default="person", metadata=doc("'organization' for a ministry, bloc or company: no personal role.")
    )
    remark: str | None = field(
        default=None, metadata=doc("The analyst's own note on them: never printed for any audience.")
    )


@dataclass(frozen=True, slots=True)
class Fact:
    text: Wording = field(metadata=doc("One sourced statement of fact (inline markup allowed)."))
    sources: tuple[str, ...] = field(metadata=ids("Ids of the sources that support it."))
    id: str | None = field(default=None, metadata=line("Optional stable id, for editions and diffs.", _ID))
    release: Release = field(default="public", metadata=doc("Who may see it."))
    audiences: tuple[str, ...] = field(
        default=(),
        metadata=ids("Only these audiences may see it (empty: any that may by release).", _AUDIENCES),
    )


@dataclass(frozen=True, slots=True)
class Judgment:
    text: str = field(metadata=doc("An analytic judgment: the brief's own assessment."))
    confidence: Confidence | None = field(
        default=None, metadata=doc("Analytic confidence: low, moderate or high.")
    )
    sources: tuple[str, ...] = field(default=(), metadata=ids("Ids of the sources it rests on."))
    release: Release = field(default="public", metadata=doc("Who may see it."))
    audiences: tuple[str, ...] = field(
        default=(), metadata=ids("Only these audiences may see it.", _AUDIENCES)
    )


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: Wording = field(metadata=doc("A paragraph of prose (inline markup allowed)."))
    sources: tuple[str, ...] = field(default=(), metadata=ids("Ids of the sources it rests on."))
    release: Release = field(default="public", metadata=doc("Who may see it."))
    audiences: tuple[str, ...] = field(
        default=(), metadata=ids("Only these audiences may see it.", _AUDIENCES)
    )


@dataclass(frozen=True, slots=True)
class ContextSection:
    heading: str = field(metadata=line("Sub-section heading."))
    paragraphs: tuple[Paragraph, ...] = field(metadata=doc("The sub-section's paragraphs.", max_items=500))
    release: Release = field(default="public", metadata=doc("Who may see it."))
    audiences: tuple[str, ...] = field(
        default=(), metadata=ids("Only these audiences may see it.", _AUDIENCES)
    )


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: PartialDate = field(metadata=doc("When: YYYY, YYYY-MM or YYYY-MM-DD; used for order."))
    # a table cell, which the PDF cannot split across pages: 2,000 wide letters fill about half
    # a page at the shipped templates' size (the writer fails on ~3,000)
    event: str = field(metadata=doc("What happened (inline markup allowed).", max_length=_TABLE_CELL))
    sources: tuple[str, ...] = field(metadata=ids("Ids of the sources that report it."))
    date_label: str | None = field(
        default=None,
        metadata=line("How to print the date when the source is vaguer, e.g. 'Spring 2025'.", 100),
    )
    release: Release = field(default="public", metadata=doc("Who may see it."))
    audiences: tuple[str, ...] = field(
        default=(), metadata=ids("Only these audiences may see it.", _AUDIENCES)
    )


@dataclass(frozen=True, slots=True)
class Quote:
    text: str = field(metadata=doc("The words exactly as the source gives them, without quote marks."))
    speaker: str = field(metadata=line("Id of the person quoted (see people).", _ID))
    sources: tuple[str, ...] = field(metadata=ids("Ids of the sources that carry the quote."))
    context: str | None = field(
        default=None, metadata=line("What the quote was about, printed after the attribution.", 1_000)
    )
    release: Release = field(default="public", metadata=doc("Who may see it."))
    on_record: bool = field(default=True, metadata=doc("False for background remarks."))
    audiences: tuple[str, ...] = field(
        default=(), metadata=ids("Only these audiences may see it.", _AUDIENCES)
    )


@dataclass(frozen=True, slots=True)
class View:
    text: Wording = field(metadata=doc("The expert's view, as reported; printed as theirs, never as fact."))
    sources: tuple[str, ...] = field(metadata=ids("Ids of the sources that report the view."))
    release: Release = field(default="public", metadata=doc("Who may see it."))
    audiences: tuple[str, ...] = field(
        default=(), metadata=ids("Only these audiences may see it.", _AUDIENCES)
    )


@dataclass(frozen=True, slots=True)
class Analysis:
    expert: str = field(metadata=line("Id of the expert (see people).", _ID))
    views: tuple[View, ...] = field(
        default=(), metadata=doc("Their views, in reported speech.", max_items=200)
    )
    quotes: tuple[Quote, ...] = field(default=(), metadata=doc("Their words, quoted exactly.", max_items=200))
    release: Release = field(default="public", metadata=doc("Who may see it."))
    audiences: tuple[str, ...] = field(
        default=(), metadata=ids("Only these audiences may see it.", _AUDIENCES)
    )


@dataclass(frozen=True, slots=True)
class OutlookItem:
    text: Wording = field(metadata=doc("Something to watch, or an expected development."))
    sources: tuple[str, ...] = field(default=(), metadata=ids("Ids of the sources it rests on."))
    release: Release = field(default="public", metadata=doc("Who may see it."))
    audiences: tuple[str, ...] = field(
        default=(), metadata=ids("Only these audiences may see it.", _AUDIENCES)
    )


@dataclass(frozen=True, slots=True)
class Brief:
    id: str = field(metadata=line("File-name-safe id: lower-case letters, digits and hyphens.", _ID))
    title: str = field(metadata=line("Title of the brief.", MAX_PROPERTY))
    date: PartialDate = field(metadata=doc("Date of the brief: information as of this date."))
    summary: Wording = field(metadata=doc("Bottom line up front: the one paragraph a reader must see."))
    sources: tuple[Source, ...] = field(metadata=doc("Every source the brief cites.", max_items=1_000))
    subtitle: str | None = field(default=None, metadata=line("Subtitle or dek.", MAX_PROPERTY))
    version: str = field(default="1", metadata=line("Edition or version label, e.g. '1.2'.", 40))
    language: str = field(default="en", metadata=line("Language tag of the text, e.g. 'en' or 'en-GB'.", 35))
    organization: str | None = field(default=None, metadata=line("Publishing organization."))
    authors: tuple[Author, ...] = field(default=(), metadata=doc("Who wrote the brief.", max_items=50))
    contact: Contact | None = field(default=None, metadata=doc("Point of contact."))
    marking: str | None = field(
        default=None, metadata=line("Handling marking printed on every page, e.g. 'INTERNAL USE ONLY'.", 100)
    )
    keywords: tuple[str, ...] = field(
        default=(),
        metadata=doc("Keywords for document metadata.", max_length=100, max_items=50, one_line=True),
    )
    key_judgments: tuple[Judgment, ...] = field(
        default=(), metadata=doc("Key judgments.", max_items=_SECTION)
    )
    key_facts: tuple[Fact, ...] = field(
        default=(), metadata=doc("Key facts, most important first.", max_items=_SECTION)
    )
    context: tuple[ContextSection, ...] = field(
        default=(), metadata=doc("Background, in sub-sections.", max_items=500)
    )
    timeline: tuple[TimelineEntry, ...] = field(default=(), metadata=doc("Dated events.", max_items=_SECTION))
    people: tuple[Person, ...] = field(
        default=(), metadata=doc("People quoted or discussed.", max_items=1_000)
    )
    statements: tuple[Quote, ...] = field(
        default=(), metadata=doc("On-record statements by officials, quoted exactly.", max_items=_SECTION)
    )
    analysis: tuple[Analysis, ...] = field(
        default=(), metadata=doc("Expert analysis, by expert.", max_items=500)
    )
    outlook: tuple[OutlookItem, ...] = field(
        default=(), metadata=doc("Outlook and what to watch.", max_items=_SECTION)
    )
    caveats: tuple[Paragraph, ...] = field(
        default=(), metadata=doc("Gaps, ambiguities and inconsistencies in the sources.", max_items=_SECTION)
    )
    recommendations: tuple[Recommendation, ...] = field(
        default=(), metadata=doc("Recommended actions: the brief's own advice to its readers.", max_items=200)
    )
    custom_sections: tuple[CustomSection, ...] = field(
        default=(),
        metadata=doc(
            "Sections of the brief's own: paragraphs, tables, figures, quotes, lists.", max_items=50
        ),
    )

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    def person(self, person_id: str) -> Person:
        for p in self.people:
            if p.id == person_id:
                return p
        raise KeyError(person_id)
