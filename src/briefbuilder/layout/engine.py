"""Brief + audience → Document: every decision about what is shown, in which order, numbered how.

Writers never decide anything: citations are numbered here (in order of first use), sections are
filtered and ordered here, the marking is chosen here. So DOCX and PDF carry the same content.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from briefbuilder.audience.templates import DEFAULT_HEADINGS, Audience, SectionSpec
from briefbuilder.brief import markup
from briefbuilder.brief.model import Brief, Contact, Person, Quote, Source
from briefbuilder.layout.document import (
    Block,
    BlockQuote,
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
    Table,
    Text,
    TitleBlock,
    TocEntry,
)
from briefbuilder.layout.figures import timeline_figure

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
    return _Layout(brief, audience, options or LayoutOptions()).document()


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
        if not self.enabled:
            return ()
        out: list[NoteRef] = []
        for sid in ids:
            if sid not in self.visible:
                continue
            first = sid not in self.numbers
            if first:
                self.numbers[sid] = len(self.numbers) + 1
            n = self.numbers[sid]
            if all(r.number != n for r in out):
                out.append(NoteRef(n, footnote=self.footnotes and first))
        return tuple(out)


class _Layout:
    def __init__(self, brief: Brief, audience: Audience, options: LayoutOptions) -> None:
        self.brief = brief
        self.aud = audience
        self.options = options
        self.people = {p.id: p for p in brief.people}
        visible = {s.id: s for s in brief.sources if audience.may_see(s.release)}
        # citations need somewhere to point: the Sources list, or footnotes
        listed = any(s.key == "sources" for s in audience.sections)
        self.cite = _Citations(
            visible,
            enabled=audience.sources == "footnotes" or (audience.sources == "endnotes" and listed),
            footnotes=audience.sources == "footnotes",
        )
        self.anchors: set[str] = set()

    # --- helpers ------------------------------------------------------------------------------
    def shows(self, item: object) -> bool:
        ok = self.aud.may_see(getattr(item, "release", "public"), getattr(item, "audiences", ()))
        if ok and isinstance(item, Quote) and self.aud.on_record_only:
            ok = item.on_record
        return ok

    def visible(self, items: Iterable, limit: int | None = None) -> list:
        shown = [i for i in items if self.shows(i)]
        return shown[:limit] if limit is not None else shown

    def anchor(self, base: str) -> str:
        name, n = base, 2
        while name in self.anchors:
            name, n = f"{base}_{n}", n + 1
        self.anchors.add(name)
        return name

    def heading(self, level: int, text: str, key: str) -> Heading:
        return Heading(level, text, self.anchor(f"sec_{key}"))

    def text(self, source: str, sources: Iterable[str] = ()) -> tuple[Inline, ...]:
        spans = tuple(Text(s.text, s.bold, s.italic, s.href) for s in markup.parse(source))
        return spans + self.cite.refs(sources)

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
        if self.aud.intro:
            blocks.append(Para(self.text(self.aud.intro), "note"))
        builders: dict[str, Callable[[SectionSpec], list[Block]]] = {
            "summary": self.summary,
            "key_judgments": self.key_judgments,
            "key_facts": self.key_facts,
            "context": self.context,
            "timeline": self.timeline,
            "statements": self.statements,
            "analysis": self.analysis,
            "outlook": self.outlook,
            "caveats": self.caveats,
        }
        sources_at: tuple[int, SectionSpec] | None = None
        for spec in self.aud.sections:
            if spec.key == "sources":
                sources_at = (len(blocks), spec)  # filled in once every citation is numbered
                continue
            heading = self.heading(1, spec.heading or DEFAULT_HEADINGS[spec.key], spec.key)
            body = builders[spec.key](spec)
            if body:
                blocks.append(heading)
                blocks.extend(body)
        if sources_at is not None:
            index, spec = sources_at
            blocks[index:index] = self.sources(spec)
        if self.aud.closing:
            blocks.append(Para(self.text(self.aud.closing), "note"))
        inserted: list[Block] = []
        if self.aud.toc:
            entries = tuple(
                TocEntry(b.level, b.text, b.anchor) for b in blocks[front:] if isinstance(b, Heading)
            )
            if entries:
                inserted.append(Contents("Contents", entries))
        if self.aud.cover == "page":
            inserted.append(PageBreak())
        blocks[front:front] = inserted
        footnotes = self.notes() if self.cite.footnotes else ()
        listed = {n.number for b in blocks if isinstance(b, Notes) for n in b.notes}
        unlisted = tuple(n for n in footnotes if n.number not in listed)
        if unlisted:  # the footnotes' text, last, for formats without footnotes (Notes.as_footnotes)
            blocks.append(Notes(unlisted, title="Notes", as_footnotes=True))
        return Document(meta=self.meta(), look=self.aud.look, blocks=tuple(blocks), footnotes=footnotes)

    def meta(self) -> Meta:
        b = self.brief
        authors = "; ".join(a.name for a in b.authors) or (b.organization or "")
        return Meta(
            title=b.title,
            author=authors,
            subject=b.subtitle or markup.plain(b.summary)[:200],
            keywords=b.keywords,
            language=b.language,
            created=created_at(b, self.options),
            marking=self.marking(),
            short_title=b.title if len(b.title) <= 60 else b.title[:57].rstrip() + "...",
            date_label=b.date.human(),
            reference=f"{b.id}, version {b.version}",
        )

    def title_block(self) -> TitleBlock:
        b = self.brief
        contact = self.aud.contact or b.contact
        lines: dict[str, tuple[str, str] | None] = {
            "date": ("Date", b.date.human()),
            "brief": ("Brief", f"{b.id}, version {b.version}"),
            "authors": ("Authors", "; ".join(_person_line(a.name, a.role) for a in b.authors))
            if b.authors
            else None,
            "organization": None,  # printed above the title, beside the logo
            "contact": ("Contact", _contact_line(contact)) if contact is not None else None,
            "prepared_for": ("Prepared for", self.options.prepared_for or self.aud.label),
        }
        meta = tuple(line for key in self.aud.cover_fields if (line := lines[key]) is not None)
        organization = b.organization if "organization" in self.aud.cover_fields else None
        logo = self.aud.logo
        if logo is not None:
            logo = replace(logo, alt=f"Logo of {b.organization}" if b.organization else "Logo")
        return TitleBlock(
            title=b.title,
            subtitle=b.subtitle,
            meta=meta,
            organization=organization,
            logo=logo,
            style="page" if self.aud.cover == "page" else "block",
        )

    # --- sections -----------------------------------------------------------------------------
    def summary(self, spec: SectionSpec) -> list[Block]:
        return [Para(self.text(self.brief.summary), "lead")]

    def key_judgments(self, spec: SectionSpec) -> list[Block]:
        items = []
        for j in self.visible(self.brief.key_judgments, spec.limit):
            inl = self.text(j.text, j.sources)
            if j.confidence:
                inl += (Text(f" ({j.confidence.capitalize()} confidence.)", italic=True),)
            items.append(inl)
        return [ListBlock(tuple(items), ordered=False)] if items else []

    def key_facts(self, spec: SectionSpec) -> list[Block]:
        items = tuple(self.text(f.text, f.sources) for f in self.visible(self.brief.key_facts, spec.limit))
        return [ListBlock(items, ordered=True)] if items else []

    def context(self, spec: SectionSpec) -> list[Block]:
        out: list[Block] = []
        for sec in self.visible(self.brief.context, spec.limit):
            paras = self.visible(sec.paragraphs)
            if not paras:
                continue
            out.append(self.heading(2, sec.heading, "context_sub"))
            out.extend(Para(self.text(p.text, p.sources)) for p in paras)
        return out

    def timeline(self, spec: SectionSpec) -> list[Block]:
        entries = [
            e
            for e in self.brief.timeline
            if self.shows(e) and (spec.since is None or e.date.sort_key() >= spec.since.sort_key())
        ]
        entries.sort(key=lambda e: e.date.sort_key())  # stable: same-date entries keep their order
        if spec.limit is not None:
            entries = entries[-spec.limit :]  # the most recent ones
        rows = tuple(
            ((Text(e.date_label or e.date.human()),), self.text(e.event, e.sources)) for e in entries
        )
        if not rows:
            return []
        table = Table(("Date", "Event"), rows, (0.22, 0.78))
        return [timeline_figure(entries, self.aud.look), table] if self.aud.timeline_figure else [table]

    def quote_block(self, q: Quote, person: Person) -> BlockQuote:
        attribution: list[Inline] = [Text(person.name, bold=True)]
        role = _role_line(person)
        if role:
            attribution.append(Text(f", {role}"))
        attribution.extend(self.cite.refs(q.sources))
        if q.context:
            attribution.append(Text(f" · {q.context}", italic=True))
        return BlockQuote(self.text(q.text), tuple(attribution))

    def statements(self, spec: SectionSpec) -> list[Block]:
        quotes = self.visible(self.brief.statements, spec.limit)
        quotes = quotes[: _QUOTE_BUDGET[spec.quotes]]
        return [self.quote_block(q, self.people[q.speaker]) for q in quotes]

    def analysis(self, spec: SectionSpec) -> list[Block]:
        out: list[Block] = []
        budget = _QUOTE_BUDGET[spec.quotes]  # "first" = the first quote of the whole section
        for a in self.visible(self.brief.analysis, spec.limit):
            person = self.people[a.expert]
            body: list[Block] = []
            if spec.views:
                body.extend(Para(self.text(v.text, v.sources)) for v in self.visible(a.views))
            quotes = self.visible(a.quotes)[:budget]
            if budget is not None:
                budget -= len(quotes)
            body.extend(self.quote_block(q, person) for q in quotes)
            if body:
                role = _role_line(person)
                out.append(self.heading(2, person.name + (f", {role}" if role else ""), "analysis_sub"))
                out.extend(body)
        return out

    def outlook(self, spec: SectionSpec) -> list[Block]:
        items = tuple(self.text(o.text, o.sources) for o in self.visible(self.brief.outlook, spec.limit))
        return [ListBlock(items, ordered=False)] if items else []

    def caveats(self, spec: SectionSpec) -> list[Block]:
        return [
            Para(self.text(p.text, p.sources), "note") for p in self.visible(self.brief.caveats, spec.limit)
        ]

    def sources(self, spec: SectionSpec) -> list[Block]:
        title = spec.heading or DEFAULT_HEADINGS["sources"]
        if self.aud.sources == "on-request":  # one line, no heading: it must not cost a page
            contact = self.aud.contact or self.brief.contact
            who = ""
            if contact is not None:
                who = f" from {contact.name}" + (f" ({contact.email})" if contact.email else "")
            return [Para((Text(f"Sources are available on request{who}."),), "small")]
        if not self.cite.numbers:
            return []
        return [self.heading(1, title, "sources"), Notes(self.notes())]

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
            out.append(Text(f", {s.date.human()}"))
        out.append(Text("."))
        if s.via and s.via in self.cite.visible:
            via = self.cite.visible[s.via]
            out.append(Text(f" As reported in: {via.outlet}."))
        if s.note:
            out.append(Text(" "))
            out.extend(self.text(s.note))
        if s.url:
            out.extend((Text(" "), Text(s.url, href=s.url)))
        return tuple(out)


_QUOTE_BUDGET: dict[str, int | None] = {"all": None, "first": 1, "none": 0}


def _role_line(person: Person) -> str:
    return ", ".join(p for p in (person.role, person.affiliation) if p)


def _contact_line(contact: Contact) -> str:
    return ", ".join(p for p in (contact.name, contact.role, contact.email, contact.phone) if p)


def _person_line(name: str, role: str | None) -> str:
    return f"{name} ({role})" if role else name
