"""Ways through a brief that several rules share: its texts in reading order, its claims, who is
quoted, which sources are cited, and what span of days a partial date stands for."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeAlias, TypeGuard

from briefbuilder.audience.templates import DEFAULT_HEADINGS
from briefbuilder.brief import markup
from briefbuilder.brief.content import CustomSection, Wording
from briefbuilder.brief.model import Brief, Fact, Judgment, PartialDate, Quote, TimelineEntry, View

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Claim: TypeAlias = Judgment | Fact | TimelineEntry | Quote | View  # what must cite its sources
Day: TypeAlias = tuple[int, int, int]


def reading_order(brief: Brief) -> Iterator[tuple[str, str]]:
    """Every printed text with its field path, in the order a reader meets it (the sections in
    their standard order, the brief's own sections before the sources; a person's role and
    affiliation where they are first quoted, never an organization's role nor anyone's remark;
    each audience's wording of a text after its default)."""
    yield "title", brief.title
    if brief.subtitle:
        yield "subtitle", brief.subtitle
    people = {p.id: (i, p) for i, p in enumerate(brief.people)}
    introduced: set[str] = set()

    def person(pid: str) -> Iterator[tuple[str, str]]:
        if pid in introduced or pid not in people:
            return
        introduced.add(pid)
        i, p = people[pid]
        yield f"people[{i}].name", p.name
        for key in ("role", "affiliation") if p.kind == "person" else ("affiliation",):
            if getattr(p, key):
                yield f"people[{i}].{key}", getattr(p, key)

    def quote(path: str, q: Quote) -> Iterator[tuple[str, str]]:
        yield from person(q.speaker)
        yield f"{path}.text", markup.plain(q.text)
        if q.context:
            yield f"{path}.context", q.context

    def own_section(i: int, sec: CustomSection) -> Iterator[tuple[str, str]]:
        path = f"custom_sections[{i}]"
        yield f"{path}.heading", sec.heading
        for k, block in enumerate(sec.blocks):
            at = f"{path}.blocks[{k}]"
            if block.paragraph is not None:
                yield from worded(f"{at}.paragraph", block.paragraph)
            for n, item in enumerate(block.list or ()):
                yield from worded(f"{at}.list[{n}]", item)
            if block.quote is not None:
                yield from person(block.quote.speaker)
                yield f"{at}.quote.text", markup.plain(block.quote.text)
            if block.table is not None:
                yield f"{at}.table.caption", block.table.caption
                if block.table.rows and not block.table.csv:
                    for r, row in enumerate(block.table.rows):
                        yield from (
                            (f"{at}.table.rows[{r}][{c}]", cell) for c, cell in enumerate(row) if cell
                        )
            if block.figure is not None:
                for name in ("caption", "credit"):
                    if getattr(block.figure, name):
                        yield f"{at}.figure.{name}", getattr(block.figure, name)

    b = brief
    for key in DEFAULT_HEADINGS:  # the sections in their standard order
        match key:
            case "summary":
                yield from worded("summary", b.summary)
            case "key_judgments" | "key_facts" | "outlook" | "caveats":
                yield from _texts(key, getattr(b, key), "text")
            case "recommendations":
                for i, r in enumerate(b.recommendations):
                    yield from worded(f"recommendations[{i}].text", r.text)
                    if r.rationale:
                        yield from worded(f"recommendations[{i}].rationale", r.rationale)
            case "context":
                for i, sec in enumerate(b.context):
                    yield f"context[{i}].heading", sec.heading
                    yield from _texts(f"context[{i}].paragraphs", sec.paragraphs, "text")
            case "timeline":
                for i, e in enumerate(b.timeline):
                    if e.date_label:
                        yield f"timeline[{i}].date_label", e.date_label
                    yield f"timeline[{i}].event", markup.plain(e.event)
            case "statements":
                for i, q in enumerate(b.statements):
                    yield from quote(f"statements[{i}]", q)
            case "analysis":
                for i, a in enumerate(b.analysis):
                    yield from person(a.expert)
                    yield from _texts(f"analysis[{i}].views", a.views, "text")
                    for k, q in enumerate(a.quotes):
                        yield from quote(f"analysis[{i}].quotes[{k}]", q)
            case "sources":
                for i, own in enumerate(b.custom_sections):
                    yield from own_section(i, own)
                for i, src in enumerate(b.sources):
                    for name in ("outlet", "title", "note"):
                        value = getattr(src, name)
                        if value:
                            yield f"sources[{i}].{name}", markup.plain(value) if name == "note" else value


def _texts(section: str, items: Iterable[object], attr: str) -> Iterator[tuple[str, str]]:
    for i, item in enumerate(items):
        yield from worded(f"{section}[{i}].{attr}", getattr(item, attr))


def worded(path: str, text: str) -> Iterator[tuple[str, str]]:
    """A text field's plain text; a field worded per audience gives every wording, each at its
    own key (``summary.default``, ``summary.press``)."""
    if isinstance(text, Wording) and text.variants:
        for key, value in text.texts():
            yield f"{path}.{key}", markup.plain(value)
    else:
        yield path, markup.plain(text)


def claims(b: Brief) -> Iterator[tuple[str, str, Claim]]:
    """Every item that must cite a source: its field path, what to call it, and the item."""
    yield from ((f"key_judgments[{i}]", "key judgment", j) for i, j in enumerate(b.key_judgments))
    yield from ((f"key_facts[{i}]", "fact", f) for i, f in enumerate(b.key_facts))
    yield from ((f"timeline[{i}]", "timeline entry", e) for i, e in enumerate(b.timeline))
    yield from ((f"statements[{i}]", "quote", q) for i, q in enumerate(b.statements))
    for i, a in enumerate(b.analysis):
        yield from ((f"analysis[{i}].views[{k}]", "view", v) for k, v in enumerate(a.views))
        yield from ((f"analysis[{i}].quotes[{k}]", "quote", q) for k, q in enumerate(a.quotes))


def quoted_people(b: Brief) -> Iterator[tuple[str, str]]:
    """Every person id the brief attributes words or views to, with the field that names them."""
    yield from ((f"statements[{i}].speaker", q.speaker) for i, q in enumerate(b.statements))
    for i, a in enumerate(b.analysis):
        yield f"analysis[{i}].expert", a.expert
        yield from ((f"analysis[{i}].quotes[{k}].speaker", q.speaker) for k, q in enumerate(a.quotes))
    for i, sec in enumerate(b.custom_sections):
        for k, block in enumerate(sec.blocks):
            if block.quote is not None:
                yield f"custom_sections[{i}].blocks[{k}].quote.speaker", block.quote.speaker


def cited_ids(obj: DataclassInstance) -> set[str]:
    """Every source id cited anywhere (a ``sources`` list, or a source's ``via``)."""
    out: set[str] = set()
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name == "sources" and isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            out.update(value)
        elif f.name == "via" and isinstance(value, str):
            out.add(value)
        elif _is_record(value):
            out |= cited_ids(value)
        elif isinstance(value, tuple):
            for item in value:
                if _is_record(item):
                    out |= cited_ids(item)
    return out


def text_fields(obj: DataclassInstance, path: str) -> Iterator[tuple[str, str]]:
    """Every text value in the brief with its field path."""
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        sub = f"{path}.{f.name}" if path else f.name
        if isinstance(value, Wording) and value.variants:
            yield from ((f"{sub}.{key}", text) for key, text in value.texts())
        elif isinstance(value, str):
            yield sub, value
        elif _is_record(value):
            yield from text_fields(value, sub)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, Wording) and item.variants:
                    yield from ((f"{sub}[{i}].{key}", text) for key, text in item.texts())
                elif isinstance(item, str):
                    yield f"{sub}[{i}]", item
                elif _is_record(item):
                    yield from text_fields(item, f"{sub}[{i}]")


def _is_record(value: object) -> TypeGuard[DataclassInstance]:
    """A dataclass instance (a part of the brief), not a dataclass type."""
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def date_span(d: PartialDate) -> tuple[Day, Day]:
    """The earliest and latest day a partial date may stand for."""
    return (d.year, d.month or 1, d.day or 1), (d.year, d.month or 12, d.day or 31)
