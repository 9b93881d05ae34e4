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
    "caveats": caveats,
    "sources": _nothing,
}


def shown_items(brief: Brief, audience: Audience) -> list[object]:
    """Every item of ``brief`` the documents of ``audience`` show, section by section: a context
    sub-section and its paragraphs, an expert's analysis and its views and quotes included."""
    out: list[object] = []
    for spec in audience.sections:
        for item in SECTION_ITEMS[spec.key](brief, audience, spec):
            if isinstance(item, ShownContext):
                out += [item.section, *item.paragraphs]
            elif isinstance(item, ShownExpert):
                out += [item.analysis, *item.views, *item.quotes]
            else:
                out.append(item)
    return out
