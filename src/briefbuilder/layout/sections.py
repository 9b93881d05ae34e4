"""The sections layout knows, one entry each: section key -> the handler that lays it out.

``SECTIONS`` is the registry: its keys are the templates' section keys (``SectionKey``,
``DEFAULT_HEADINGS``) and ``audience.visibility.SECTION_ITEMS``', which a test checks. A new kind
of section is one entry here, one there, and its heading. Each handler gets the layout in
progress and the template's ``SectionSpec`` and returns the section's blocks, without its
heading (layout adds it above a section that shows anything). Which items a section shows is
never decided here: ``audience.visibility`` decides it, for editions too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefbuilder.audience import visibility
from briefbuilder.audience.templates import SectionSpec
from briefbuilder.layout.custom import custom_section
from briefbuilder.layout.document import Block, ListBlock, Notes, Para, Table, Text
from briefbuilder.layout.figures import timeline_figure
from briefbuilder.layout.quotes import quote_blocks, role_line

if TYPE_CHECKING:
    from briefbuilder.layout.engine import Layout


@dataclass(frozen=True, slots=True)
class Section:
    """How layout builds one kind of section."""

    build: Callable[[Layout, SectionSpec], list[Block]]
    headed: bool = True  # layout puts the section's heading above its blocks (if it has any)
    last: bool = False  # built after every other section, once every citation is numbered


def summary(lay: Layout, spec: SectionSpec) -> list[Block]:
    return [Para(lay.text(lay.brief.summary), "lead")]


def key_judgments(lay: Layout, spec: SectionSpec) -> list[Block]:
    items = []
    for j in visibility.key_judgments(lay.brief, lay.aud, spec):
        inl = lay.text(j.text, j.sources)
        if j.confidence:
            inl += (Text(f" ({lay.labels[f'confidence_{j.confidence}']})", italic=True),)
        items.append(inl)
    return [ListBlock(tuple(items), ordered=False)] if items else []


def key_facts(lay: Layout, spec: SectionSpec) -> list[Block]:
    facts = visibility.key_facts(lay.brief, lay.aud, spec)
    items = tuple(lay.text(f.text, f.sources) for f in facts)
    return [ListBlock(items, ordered=True)] if items else []


def context(lay: Layout, spec: SectionSpec) -> list[Block]:
    out: list[Block] = []
    for shown in visibility.context(lay.brief, lay.aud, spec):
        out.append(lay.heading(2, shown.section.heading, "context_sub"))
        out.extend(Para(lay.text(p.text, p.sources)) for p in shown.paragraphs)
    return out


def timeline(lay: Layout, spec: SectionSpec) -> list[Block]:
    entries = visibility.timeline(lay.brief, lay.aud, spec)
    rows = tuple(((Text(e.date_label or lay.date(e.date)),), lay.text(e.event, e.sources)) for e in entries)
    if not rows:
        return []
    table = Table((lay.labels["date"], lay.labels["event"]), rows, (0.22, 0.78))
    if not lay.aud.timeline_figure:
        return [table]
    return [timeline_figure(entries, lay.aud.look, lay.figure_number(), lay.words_of_figure()), table]


def statements(lay: Layout, spec: SectionSpec) -> list[Block]:
    """Each statement once in the document: short ones in a sentence, long ones set apart."""
    out: list[Block] = []
    for q in visibility.statements(lay.brief, lay.aud, spec):
        out += quote_blocks(lay, q.text, lay.people[q.speaker], q.sources, q.context)
    return out


def analysis(lay: Layout, spec: SectionSpec) -> list[Block]:
    """Each expert under their heading (which introduces them): their views, then their quotes
    not printed earlier in the document; an expert left with nothing to show is left out."""
    out: list[Block] = []
    for shown in visibility.analysis(lay.brief, lay.aud, spec):
        person = lay.people[shown.analysis.expert]
        body: list[Block] = [Para(lay.text(v.text, v.sources)) for v in shown.views]
        known = person.id in lay.introduced
        lay.introduced.add(person.id)  # the heading names them with their role
        for q in shown.quotes:
            body += quote_blocks(lay, q.text, person, q.sources, q.context)
        if not body:
            if not known:
                lay.introduced.discard(person.id)
            continue
        role = role_line(person)
        out += [lay.heading(2, person.name + (f", {role}" if role else ""), "analysis_sub"), *body]
    return out


def outlook(lay: Layout, spec: SectionSpec) -> list[Block]:
    items = tuple(lay.text(o.text, o.sources) for o in visibility.outlook(lay.brief, lay.aud, spec))
    return [ListBlock(items, ordered=False)] if items else []


def recommendations(lay: Layout, spec: SectionSpec) -> list[Block]:
    """A numbered list: each recommendation with its citations, then why, when the brief says."""
    items = []
    for r in visibility.recommendations(lay.brief, lay.aud, spec):
        inl = lay.text(r.text, r.sources)
        if r.rationale:
            inl += (Text(f" {lay.labels['why']} ", bold=True), *lay.text(r.rationale))
        items.append(inl)
    return [ListBlock(tuple(items), ordered=True)] if items else []


def caveats(lay: Layout, spec: SectionSpec) -> list[Block]:
    return [Para(lay.text(p.text, p.sources), "note") for p in visibility.caveats(lay.brief, lay.aud, spec)]


def sources(lay: Layout, spec: SectionSpec) -> list[Block]:
    """The numbered list of every cited source under its own heading, or, for an audience that
    gets sources on request, one small line with no heading (it must not cost a page)."""
    if lay.aud.sources == "on-request":
        contact = lay.aud.contact or lay.brief.contact
        line = lay.labels["on_request"]
        if contact is not None:
            who = contact.name + (f" ({contact.email})" if contact.email else "")
            line = lay.labels.format("on_request_from", contact=who)
        return [Para((Text(line),), "small")]
    if not lay.cite.numbers:
        return []
    return [lay.heading(1, spec.heading or lay.labels["sources"], "sources"), Notes(lay.notes())]


SECTIONS: dict[str, Section] = {
    "summary": Section(summary),
    "key_judgments": Section(key_judgments),
    "key_facts": Section(key_facts),
    "context": Section(context),
    "timeline": Section(timeline),
    "statements": Section(statements),
    "analysis": Section(analysis),
    "outlook": Section(outlook),
    "recommendations": Section(recommendations),
    "caveats": Section(caveats),
    "sources": Section(sources, headed=False, last=True),
}
# a brief's own section: any key a template names that is not built in (``layout.custom``)
CUSTOM = Section(custom_section, headed=False)


def section_kind(key: str) -> Section:
    """How to lay out the section ``key``: its handler, or a brief's own section's."""
    return SECTIONS.get(key, CUSTOM)
