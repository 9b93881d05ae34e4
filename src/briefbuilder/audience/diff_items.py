"""The items of each section of a brief, as ``diff`` compares them: a key (an id, where the
item has one), a label, its main text and the other fields worth reporting, each audience's own
wording included; and the item itself (with its parent), for the filters that ask who sees it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from briefbuilder.brief.content import ContentBlock, CustomSection, Wording
from briefbuilder.brief.model import Brief, Quote


@dataclass(frozen=True, slots=True)
class Item:
    key: str | None  # a stable id, if the item has one
    label: str
    text: str
    fields: dict[str, str]  # the other fields worth reporting
    subjects: tuple[object, ...]


def variants(text: object) -> tuple[tuple[str, str], ...]:
    return text.variants if isinstance(text, Wording) else ()


def _wordings(item: object, *names: str) -> dict[str, str]:
    """Each audience's own wording of the item's text fields, as fields worth reporting."""
    out = {}
    for name in names:
        for audience, text in variants(getattr(item, name, None)):
            out[f"{name}[{audience}]" if name != "text" else f"wording[{audience}]"] = text
    return out


def _common(item: object) -> dict[str, str]:
    out = {"release": getattr(item, "release", "public"), **_wordings(item, "text")}
    if getattr(item, "audiences", ()):
        out["audiences"] = ", ".join(item.audiences)  # type: ignore[attr-defined]
    if getattr(item, "sources", None) is not None:
        out["sources"] = ", ".join(item.sources)  # type: ignore[attr-defined]
    return out


def section_items(brief: Brief, section: str) -> list[Item]:
    names = {p.id: p.name for p in brief.people}
    b = brief
    match section:
        case "key_judgments":
            return [
                Item(
                    None, f"judgment {i}", j.text, {"confidence": j.confidence or "none", **_common(j)}, (j,)
                )
                for i, j in enumerate(b.key_judgments, 1)
            ]
        case "key_facts":
            return [
                Item(f.id, f.id or f"fact {i}", f.text, _common(f), (f,))
                for i, f in enumerate(b.key_facts, 1)
            ]
        case "context":
            return [
                Item(None, sec.heading, p.text, {"heading": sec.heading, **_common(p)}, (sec, p))
                for sec in b.context
                for p in sec.paragraphs
            ]
        case "timeline":
            return [
                Item(None, e.date_label or e.date.human(), e.event,
                      {"date": e.date.iso(), "date_label": e.date_label or "", **_common(e)}, (e,))
                for e in b.timeline
            ]  # fmt: skip
        case "statements":
            return [_quote_item(q, names, ()) for q in b.statements]
        case "analysis.views":
            return [
                Item(None, names.get(a.expert, a.expert), v.text, {"expert": a.expert, **_common(v)}, (a, v))
                for a in b.analysis
                for v in a.views
            ]
        case "analysis.quotes":
            return [_quote_item(q, names, (a,)) for a in b.analysis for q in a.quotes]
        case "outlook":
            return [Item(None, f"item {i}", o.text, _common(o), (o,)) for i, o in enumerate(b.outlook, 1)]
        case "caveats":
            return [Item(None, f"caveat {i}", c.text, _common(c), (c,)) for i, c in enumerate(b.caveats, 1)]
        case "recommendations":
            return [
                Item(r.id, r.id or f"recommendation {i}", r.text,
                      {"rationale": r.rationale or "", **_wordings(r, "rationale"), **_common(r)}, (r,))
                for i, r in enumerate(b.recommendations, 1)
            ]  # fmt: skip
        case "custom_sections":
            return [item for sec in b.custom_sections for item in _custom_items(sec)]
        case "sources":
            return [
                Item(
                    s.id,
                    s.id,
                    s.outlet,
                    {
                        "kind": s.kind,
                        "title": s.title or "",
                        "date": s.date.iso() if s.date else "",
                        "url": s.url or "",
                        "via": s.via or "",
                        "note": s.note or "",
                        "release": s.release,
                    },
                    (s,),
                )
                for s in b.sources
            ]
    raise KeyError(section)


def _custom_items(sec: CustomSection) -> list[Item]:
    """A brief's own section (matched by its key), then each of its blocks (by their text)."""
    head = Item(f"section {sec.key}", sec.heading, sec.heading, {"key": sec.key, **_common(sec)}, (sec,))
    return [head, *(_block_item(sec, block) for block in sec.blocks)]


def _block_item(sec: CustomSection, block: ContentBlock) -> Item:
    fields = {"kind": block.kind, **_common(block)}
    text = ""
    if block.paragraph is not None:
        text = block.paragraph
        fields.update(_wordings(block, "paragraph"))
    elif block.list is not None:
        text = " · ".join(block.list)
        for n, item in enumerate(block.list):
            fields.update({f"item {n + 1} [{a}]": t for a, t in variants(item)})
    elif block.quote is not None:
        text = block.quote.text
        fields.update(speaker=block.quote.speaker, source=block.quote.source or "")
    elif block.table is not None:
        t = block.table
        text = t.caption
        cells = " / ".join(" | ".join(row) for row in t.rows)
        fields.update(cells=cells, csv=t.csv or "", header_rows=str(t.header_rows))
        fields.update(source=t.source or "", summary=t.summary or "")
    elif block.figure is not None:
        f = block.figure
        text = f.alt
        picture = hashlib.sha256(f.picture.data).hexdigest()[:12] if f.picture is not None else ""
        fields.update(image=f.image, picture=picture, caption=f.caption or "", credit=f.credit or "",
                      width=f"{f.width:g}" if f.width is not None else "")  # fmt: skip
    return Item(None, f"{sec.heading}: {block.kind}", text, fields, (sec, block))


def _quote_item(q: Quote, names: dict[str, str], parents: tuple[object, ...]) -> Item:
    fields = {"speaker": q.speaker, "context": q.context or "", "on_record": str(q.on_record).lower()}
    return Item(None, names.get(q.speaker, q.speaker), q.text, {**fields, **_common(q)}, (*parents, q))
