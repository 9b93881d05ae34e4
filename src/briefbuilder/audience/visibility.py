"""Which items of a brief an audience sees: one rule, used by layout and by editions alike.

An item is visible when the audience may see its release, it names no audiences or names this
one, and, for a quote, it is on the record or the audience takes background quotes too. Each
section of the audience's template then takes its share of the visible items: at most ``limit``
(the first ones; on the timeline, the most recent), timeline entries on or after ``since`` in
date order, and ``quotes``: all, the first of the whole section, or none. Layout prints exactly
these items; the "What's new" box tells a reader only about them (``audience.whats_new``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from briefbuilder.brief import markup
from briefbuilder.brief.content import ContentBlock, CustomSection, QuoteSpec, Recommendation
from briefbuilder.brief.model import (
    Analysis,
    Brief,
    ContextSection,
    Fact,
    Judgment,
    OutlookItem,
    Paragraph,
    Quote,
    Source,
    TimelineEntry,
    View,
)

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience, SectionSpec

T = TypeVar("T")
QUOTE_BUDGET: dict[str, int | None] = {"all": None, "first": 1, "none": 0}


def may_see(audience: Audience, item: object) -> bool:
    """Whether ``audience`` may see ``item`` at all: its release, its audiences, on the record."""
    if not audience.may_see(getattr(item, "release", "public"), getattr(item, "audiences", ())):
        return False
    return not (isinstance(item, Quote) and audience.on_record_only and not item.on_record)


def visible(audience: Audience, items: Iterable[T], limit: int | None = None) -> list[T]:
    """The items ``audience`` may see, in order; the first ``limit`` of them when given."""
    kept = [i for i in items if may_see(audience, i)]
    return kept[:limit] if limit is not None else kept


def citable_sources(brief: Brief, audience: Audience) -> dict[str, Source]:
    """The sources ``audience`` may see, by id: the only ones its documents cite."""
    return {s.id: s for s in brief.sources if may_see(audience, s)}


@dataclass(frozen=True, slots=True)
class ShownContext:
    """A context sub-section and the paragraphs of it the audience sees (at least one)."""

    section: ContextSection
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True)
class ShownExpert:
    """An expert's analysis and what the audience sees of it (something, at least)."""

    analysis: Analysis
    views: tuple[View, ...]
    quotes: tuple[Quote, ...]


# --- each section's share ---------------------------------------------------------------------
def key_judgments(brief: Brief, audience: Audience, spec: SectionSpec) -> list[Judgment]:
    return visible(audience, brief.key_judgments, spec.limit)


def key_facts(brief: Brief, audience: Audience, spec: SectionSpec) -> list[Fact]:
    return visible(audience, brief.key_facts, spec.limit)


def context(brief: Brief, audience: Audience, spec: SectionSpec) -> list[ShownContext]:
    """The first ``limit`` visible sub-sections, each with its visible paragraphs; a
    sub-section with none is left out (it still counts towards the limit)."""
    shown = (
        ShownContext(sec, tuple(visible(audience, sec.paragraphs)))
        for sec in visible(audience, brief.context, spec.limit)
    )
    return [s for s in shown if s.paragraphs]


def timeline(brief: Brief, audience: Audience, spec: SectionSpec) -> list[TimelineEntry]:
    """Visible entries on or after ``since``, in date order (same-date entries keep their
    order), the most recent ``limit`` of them."""
    since = spec.since.sort_key() if spec.since is not None else None
    entries = [e for e in visible(audience, brief.timeline) if since is None or e.date.sort_key() >= since]
    entries.sort(key=lambda e: e.date.sort_key())
    return entries[-spec.limit :] if spec.limit is not None else entries


def statements(brief: Brief, audience: Audience, spec: SectionSpec) -> list[Quote]:
    return visible(audience, brief.statements, spec.limit)[: QUOTE_BUDGET[spec.quotes]]


def analysis(brief: Brief, audience: Audience, spec: SectionSpec) -> list[ShownExpert]:
    """The first ``limit`` visible experts, each with their visible views (unless ``views`` is
    off) and quotes (``quotes: first`` is the first quote of the whole section); an expert with
    nothing to show is left out."""
    out: list[ShownExpert] = []
    budget = QUOTE_BUDGET[spec.quotes]
    for a in visible(audience, brief.analysis, spec.limit):
        views = tuple(visible(audience, a.views)) if spec.views else ()
        quotes = tuple(visible(audience, a.quotes)[:budget])
        if budget is not None:
            budget -= len(quotes)
        if views or quotes:
            out.append(ShownExpert(a, views, quotes))
    return out


def outlook(brief: Brief, audience: Audience, spec: SectionSpec) -> list[OutlookItem]:
    return visible(audience, brief.outlook, spec.limit)


def caveats(brief: Brief, audience: Audience, spec: SectionSpec) -> list[Paragraph]:
    return visible(audience, brief.caveats, spec.limit)


def recommendations(brief: Brief, audience: Audience, spec: SectionSpec) -> list[Recommendation]:
    return visible(audience, brief.recommendations, spec.limit)


@dataclass(frozen=True, slots=True)
class ShownCustom:
    """A brief's own section and the blocks of it the audience sees (at least one)."""

    section: CustomSection
    blocks: tuple[ContentBlock, ...]


def custom(brief: Brief, audience: Audience, spec: SectionSpec) -> list[ShownCustom]:
    """The brief's own section named ``spec.key``, if the audience may see it, with its first
    ``limit`` visible blocks; nothing if it shows no block (or the brief has no such section)."""
    for sec in brief.custom_sections:
        if sec.key == spec.key and may_see(audience, sec):
            blocks = tuple(visible(audience, sec.blocks, spec.limit))
            return [ShownCustom(sec, blocks)] if blocks else []
    return []


def _nothing(brief: Brief, audience: Audience, spec: SectionSpec) -> list[object]:
    return []  # the summary is always shown; sources are shown where they are cited


# every section key, and the items of the brief that section shows (a test checks that these
# keys are the templates' and layout's)
SECTION_ITEMS: dict[str, Callable[[Brief, Audience, SectionSpec], Sequence[object]]] = {
    "summary": _nothing,
    "key_judgments": key_judgments,
    "key_facts": key_facts,
    "context": context,
    "timeline": timeline,
    "statements": statements,
    "analysis": analysis,
    "outlook": outlook,
    "recommendations": recommendations,
    "caveats": caveats,
    "sources": _nothing,
}


def section_specs(brief: Brief, audience: Audience) -> tuple[SectionSpec, ...]:
    """The sections of ``audience``'s documents, in order: its template's, and the brief's own
    sections the template does not name before Sources (last, without Sources), unless the
    template says ``other_sections: false``."""
    from briefbuilder.audience.templates import SectionSpec

    named = {s.key for s in audience.sections}
    others = [SectionSpec(key=c.key) for c in brief.custom_sections if c.key not in named]
    if not others or not audience.other_sections:
        return audience.sections
    keys = [s.key for s in audience.sections]
    at = keys.index("sources") if "sources" in keys else len(keys)
    return (*audience.sections[:at], *others, *audience.sections[at:])


def section_items(brief: Brief, audience: Audience, spec: SectionSpec) -> Sequence[object]:
    """The items one section of the template shows: a built-in section's, or a brief's own."""
    return SECTION_ITEMS.get(spec.key, custom)(brief, audience, spec)


def quote_key(text: str) -> str:
    """What makes two quotes the same quote: their words, whatever the case, spacing, markup
    or closing punctuation."""
    return " ".join(markup.plain(text).casefold().split()).strip(" .,;:!?…")


class QuoteLedger:
    """The quotes a document has printed so far: a quote appears once per document, where it
    comes first; a later selection of the same words is dropped (layout and ``shown_items``
    keep one ledger each, through the sections in the same order)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def first(self, quote: Quote | QuoteSpec) -> bool:
        """True the first time these words come up (and records them)."""
        return self.first_text(quote.text)

    def first_text(self, text: str) -> bool:
        key = quote_key(text)
        if key in self.seen:
            return False
        self.seen.add(key)
        return True

    def keep(self, quotes: Iterable[Quote]) -> tuple[Quote, ...]:
        return tuple(q for q in quotes if self.first(q))


def shown_items(brief: Brief, audience: Audience) -> list[object]:
    """Every item of ``brief`` the documents of ``audience`` show, section by section: a context
    sub-section and its paragraphs, an expert's analysis and its views and quotes, a brief's own
    section and its blocks included; a quote printed earlier in the document is not shown again."""
    out: list[object] = []
    ledger = QuoteLedger()
    for spec in section_specs(brief, audience):
        for item in section_items(brief, audience, spec):
            if isinstance(item, ShownContext):
                out += [item.section, *item.paragraphs]
            elif isinstance(item, ShownExpert):
                quotes = ledger.keep(item.quotes)
                if item.views or quotes:
                    out += [item.analysis, *item.views, *quotes]
            elif isinstance(item, ShownCustom):
                blocks = [b for b in item.blocks if b.quote is None or ledger.first(b.quote)]
                if blocks:
                    out += [item.section, *blocks]
            elif isinstance(item, Quote):
                if ledger.first(item):
                    out.append(item)
            else:
                out.append(item)
    return out
