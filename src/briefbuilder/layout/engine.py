"""Brief + audience → Document: every decision about what is shown, in which order, numbered how.

Writers never decide anything: citations are numbered here (in order of first use), sections are
laid out here in the template's order (each by its handler in ``sections.SECTIONS``, showing the
items ``audience.visibility`` picks), the marking is chosen here. So DOCX and PDF carry the same
content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from briefbuilder.audience.templates import Audience, SectionSpec
from briefbuilder.audience.visibility import QuoteLedger, citable_sources, section_specs
from briefbuilder.brief import markup
from briefbuilder.brief.content import Wording
from briefbuilder.brief.model import Brief, Contact, PartialDate, Source
from briefbuilder.language.labels import Labels, pick
from briefbuilder.language.locale import language_info
from briefbuilder.language.typography import Typesetter
from briefbuilder.layout.document import (
    Block,
    Contents,
    Document,
    Heading,
    Inline,
    ListBlock,
    Meta,
    Note,
    NoteRef,
    Notes,
    PageBreak,
    Para,
    Text,
    TitleBlock,
    TocEntry,
)
from briefbuilder.layout.figures import FigureWords
from briefbuilder.layout.sections import section_kind
from briefbuilder.layout.typeset import typeset

__all__ = ["LayoutOptions", "created_at", "lay_out"]


@dataclass(frozen=True, slots=True)
class LayoutOptions:
    """Choices that come from the run, not the brief or the template."""

    source_date_epoch: int | None = None  # SOURCE_DATE_EPOCH: fixes the documents' dates
    prepared_for: str | None = None  # a recipient's name, printed in the title block
    whats_new: tuple[str, ...] = ()  # "What's new" box: its heading, then one line per change (editions.py)


def created_at(brief: Brief, options: LayoutOptions) -> dt.datetime:
    """The documents' creation date: SOURCE_DATE_EPOCH if set, else the brief's date; never now."""
    if options.source_date_epoch is not None:
        return dt.datetime.fromtimestamp(options.source_date_epoch, tz=dt.UTC)
    d = brief.date
    return dt.datetime(d.year, d.month or 1, d.day or 1, tzinfo=dt.UTC)


def lay_out(brief: Brief, audience: Audience, options: LayoutOptions | None = None) -> Document:
    return Layout(brief, audience, options or LayoutOptions()).document()


@dataclass
class _Citations:
    """Numbers sources in order of first citation; only sources the audience may see.

    With ``footnotes``, the first citation of each source carries its footnote; later ones
    repeat the number (the same number the PDF's notes have) and point to the Sources list."""

    visible: dict[str, Source]
    numbers: dict[str, int] = field(default_factory=dict)
    enabled: bool = True
    footnotes: bool = False

    def refs(self, ids: Iterable[str]) -> tuple[Inline, ...]:
        """The citations of ``ids``, numbered in order of first use, printed sorted and with
        three or more consecutive numbers as a range ("3–5, 9"); a citation carrying a footnote
        stands alone, since it is the footnote's mark."""
        if not self.enabled:
            return ()
        refs: dict[int, NoteRef] = {}
        for sid in ids:
            if sid not in self.visible:
                continue
            first = sid not in self.numbers
            if first:
                self.numbers[sid] = len(self.numbers) + 1
            n = self.numbers[sid]
            refs.setdefault(n, NoteRef(n, footnote=self.footnotes and first))
        return ranged(sorted(refs.values(), key=lambda r: r.number))


def ranged(refs: list[NoteRef]) -> tuple[NoteRef, ...]:
    """Sorted citations with each run of three or more consecutive plain ones as one range."""
    out: list[NoteRef] = []
    run: list[NoteRef] = []

    def flush() -> None:
        if len(run) >= 3:
            out.append(NoteRef(run[0].number, through=run[-1].number))
        else:
            out.extend(run)
        run.clear()

    for ref in refs:
        if ref.footnote or (run and ref.number != run[-1].number + 1):
            flush()
        if ref.footnote:
            out.append(ref)
        else:
            run.append(ref)
    flush()
    return tuple(out)


class Layout:
    """A brief being laid out for one audience: the state every section handler shares (the
    citations numbered so far, the anchors taken) and the document assembled from them."""

    def __init__(self, brief: Brief, audience: Audience, options: LayoutOptions) -> None:
        self.brief = brief
        self.aud = audience
        self.options = options
        self.people = {p.id: p for p in brief.people}
        # citations need somewhere to point: the Sources list, or footnotes
        listed = any(s.key == "sources" for s in audience.sections)
        self.cite = _Citations(
            citable_sources(brief, audience),
            enabled=audience.sources == "footnotes" or (audience.sources == "endnotes" and listed),
            footnotes=audience.sources == "footnotes",
        )
        self.anchors: set[str] = set()
        self.ledger = QuoteLedger()  # a quote appears once per document
        self.introduced: set[str] = set()  # people whose role has been printed with their name
        self.figures = 0  # figures numbered so far, in document order
        self.lineage = audience.lineage or (audience.name,)  # whose wording a text takes
        self.language = language_info(brief.language)  # dates and digits (CLDR)
        self.labels = Labels(brief.language, audience.labels_for(brief.language))

    # --- helpers ------------------------------------------------------------------------------
    def anchor(self, base: str) -> str:
        name, n = base, 2
        while name in self.anchors:
            name, n = f"{base}_{n}", n + 1
        self.anchors.add(name)
        return name

    def heading(self, level: int, text: str, key: str) -> Heading:
        return Heading(level, text, self.anchor(f"sec_{key}"))

    def words(self, text: str) -> str:
        """The wording of ``text`` for this audience (or the ones it extends), else its default."""
        return text.for_audience(*self.lineage) if isinstance(text, Wording) else text

    def text(self, source: str, sources: Iterable[str] = ()) -> tuple[Inline, ...]:
        """Inline runs of ``source`` (in this audience's wording), then its citations."""
        spans = tuple(Text(s.text, s.bold, s.italic, s.href) for s in markup.parse(self.words(source)))
        return spans + self.cite.refs(sources)

    def date(self, d: PartialDate) -> str:
        """``d`` as the brief's language writes it."""
        return self.language.date(d)

    def words_of_figure(self) -> FigureWords:
        """The labels, dates, digits and typography a figure's words take."""
        ts = self.typesetter()
        return FigureWords(self.labels, self.date, self.language.number, ts.text)

    def figure_number(self) -> int:
        self.figures += 1
        return self.figures

    def marking(self) -> str | None:
        if self.aud.marking is not None:
            return None if self.aud.marking.strip().lower() == "none" else self.aud.marking
        return self.brief.marking if self.aud.show_internal_marking else None

    # --- the document -------------------------------------------------------------------------
    def document(self) -> Document:
        blocks: list[Block] = []
        if self.aud.cover != "none":
            blocks.append(self.title_block())
        front = len(blocks)  # the contents and a cover page's break go here, once headings exist
        if self.options.whats_new:  # "What's new since <date>": a bold line and a list, first in the body
            heading, *changes = self.options.whats_new
            blocks.append(Para((Text(heading, bold=True),)))
            if changes:
                blocks.append(ListBlock(tuple((Text(line),) for line in changes), ordered=False))
        if intro := pick(self.aud.intro, self.brief.language):
            blocks.append(Para(self.text(intro), "note"))
        later: list[tuple[int, SectionSpec]] = []  # sections built last, and where they go
        for spec in section_specs(self.brief, self.aud):
            if section_kind(spec.key).last:
                later.append((len(blocks), spec))
            else:
                blocks.extend(self.section(spec))
        for index, body in reversed([(index, self.section(spec)) for index, spec in later]):
            blocks[index:index] = body
        if closing := pick(self.aud.closing, self.brief.language):
            blocks.append(Para(self.text(closing), "note"))
        inserted: list[Block] = []
        if self.aud.toc:
            entries = tuple(
                TocEntry(b.level, b.text, b.anchor) for b in blocks[front:] if isinstance(b, Heading)
            )
            if entries:
                inserted.append(Contents(self.labels["contents"], entries))
        if self.aud.cover == "page":
            inserted.append(PageBreak())
        blocks[front:front] = inserted
        footnotes = self.notes() if self.cite.footnotes else ()
        listed = {n.number for b in blocks if isinstance(b, Notes) for n in b.notes}
        unlisted = tuple(n for n in footnotes if n.number not in listed)
        if unlisted:  # the footnotes' text, last, for formats without footnotes (Notes.as_footnotes)
            blocks.append(Notes(unlisted, title=self.labels["notes"], as_footnotes=True))
        document = Document(meta=self.meta(), look=self.aud.look, blocks=tuple(blocks), footnotes=footnotes)
        return typeset(document, self.typesetter())

    def typesetter(self) -> Typesetter:
        """The typography of the brief's language (its month names kept with their day)."""
        return Typesetter(self.brief.language, self.language.month_names())

    def section(self, spec: SectionSpec) -> list[Block]:
        """One section of the template: its handler's blocks, under its heading if it has any."""
        kind = section_kind(spec.key)
        if not kind.headed:
            return kind.build(self, spec)
        heading = self.heading(1, spec.heading or self.labels[spec.key], spec.key)
        body = kind.build(self, spec)
        return [heading, *body] if body else []

    def meta(self) -> Meta:
        b = self.brief
        authors = "; ".join(a.name for a in b.authors) or (b.organization or "")
        return Meta(
            title=b.title,
            author=authors,
            subject=b.subtitle or markup.plain(self.words(b.summary))[:200],
            keywords=b.keywords,
            language=b.language,
            created=created_at(b, self.options),
            marking=self.marking(),
            short_title=b.title if len(b.title) <= 60 else b.title[:57].rstrip() + "...",
            date_label=self.date(b.date),
            reference=self.labels.format("version", id=b.id, version=b.version),
            page_label=self.labels["page"],
            digits=self.language.digits,
            section_link=self.labels["go_to_section"],
            note_link=self.labels["go_to_note"],
            footnote_link=self.labels["go_to_footnote"],
        )

    def title_block(self) -> TitleBlock:
        b = self.brief
        contact = self.aud.contact or b.contact
        label = self.labels
        lines: dict[str, tuple[str, str] | None] = {
            "date": (label["date"], self.date(b.date)),
            "brief": (label["brief"], label.format("version", id=b.id, version=b.version)),
            "authors": (label["authors"], "; ".join(_person_line(a.name, a.role) for a in b.authors))
            if b.authors
            else None,
            "organization": None,  # printed above the title, beside the logo
            "contact": (label["contact"], _contact_line(contact)) if contact is not None else None,
            "prepared_for": (label["prepared_for"], self.options.prepared_for or self.aud.label),
        }
        shown = [key for key in self.aud.cover_fields if lines[key] is not None]
        meta = tuple(line for key in shown if (line := lines[key]) is not None)
        organization = b.organization if "organization" in self.aud.cover_fields else None
        logo = self.aud.logo
        if logo is not None:
            alt = label.format("logo_of", organization=b.organization) if b.organization else label["logo"]
            logo = replace(logo, alt=alt)
        return TitleBlock(
            title=b.title,
            subtitle=b.subtitle,
            meta=meta,
            fields=tuple(shown),
            organization=organization,
            logo=logo,
            style="page" if self.aud.cover == "page" else "block",
        )

    # --- notes -------------------------------------------------------------------------------
    def notes(self) -> tuple[Note, ...]:
        """One note per cited source, by number."""
        return tuple(
            Note(n, self.source_note(self.cite.visible[sid]))
            for sid, n in sorted(self.cite.numbers.items(), key=lambda kv: kv[1])
        )

    def source_note(self, s: Source) -> tuple[Inline, ...]:
        out: list[Inline] = [Text(s.outlet)]
        if s.title:
            out.append(Text(f", “{s.title}”"))
        if s.date:
            out.append(Text(f", {self.date(s.date)}"))
        out.append(Text("."))
        if s.via and s.via in self.cite.visible:
            via = self.cite.visible[s.via]
            out.append(Text(" " + self.labels.format("reported_in", outlet=via.outlet)))
        if s.note:
            out.append(Text(" "))
            out.extend(self.text(s.note))
        if s.url:
            out.extend((Text(" "), Text(s.url, href=s.url)))
        return tuple(out)


def _contact_line(contact: Contact) -> str:
    return ", ".join(p for p in (contact.name, contact.role, contact.email, contact.phone) if p)


def _person_line(name: str, role: str | None) -> str:
    return f"{name} ({role})" if role else name
