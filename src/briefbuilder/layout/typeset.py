"""The document's typography, decided once before the writers: every text of every block goes
through the language's ``Typesetter`` (quotation marks, apostrophes, dashes, no-break spaces),
titles and headings are balanced, and links' addresses become ASCII URIs.

A run of inlines is one paragraph to the typesetter, so a quote may open in one run and close
in the next; a run that shows a link's own address is printed as it is.
"""

from __future__ import annotations

from dataclasses import replace

from briefbuilder.language.typography import Typesetter, balance, iri_to_uri
from briefbuilder.layout.document import (
    Block,
    BlockQuote,
    Contents,
    DataTable,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Note,
    Notes,
    Para,
    Picture,
    Table,
    Text,
    TitleBlock,
)

__all__ = ["typeset"]


def typeset(document: Document, ts: Typesetter) -> Document:
    """``document`` with the typography of ``ts``'s language applied to all its text."""
    meta = document.meta
    meta = replace(meta, title=ts.text(meta.title), short_title=ts.text(meta.short_title))
    return replace(
        document,
        meta=meta,
        blocks=tuple(_block(b, ts) for b in document.blocks),
        footnotes=tuple(_note(n, ts) for n in document.footnotes),
    )


def inlines(runs: tuple[Inline, ...], ts: Typesetter) -> tuple[Inline, ...]:
    """One paragraph's runs, typeset together; links' addresses as URIs."""
    ts.paragraph()
    out: list[Inline] = []
    for run in runs:
        if isinstance(run, Text):
            shows_address = run.href is not None and run.text.strip() == run.href.strip()
            text = ts.run(run.text, url=shows_address)
            href = iri_to_uri(run.href) if run.href is not None else None
            run = replace(run, text=text, href=href)
        out.append(run)
    return tuple(out)


def _note(note: Note, ts: Typesetter) -> Note:
    return replace(note, inlines=inlines(note.inlines, ts))


def _heading(text: str, ts: Typesetter) -> str:
    return balance(ts.text(text))


def _block(block: Block, ts: Typesetter) -> Block:
    match block:
        case TitleBlock():
            return replace(
                block,
                title=_heading(block.title, ts),
                subtitle=_heading(block.subtitle, ts) if block.subtitle else block.subtitle,
                meta=tuple((ts.text(label), ts.text(value)) for label, value in block.meta),
            )
        case Contents():
            entries = tuple(replace(e, text=_heading(e.text, ts)) for e in block.entries)
            return replace(block, title=ts.text(block.title), entries=entries)
        case Heading():
            return replace(block, text=_heading(block.text, ts))
        case Para():
            return replace(block, inlines=inlines(block.inlines, ts))
        case ListBlock():
            return replace(block, items=tuple(inlines(item, ts) for item in block.items))
        case Table():
            rows = tuple(tuple(inlines(cell, ts) for cell in row) for row in block.rows)
            header = tuple(ts.text(h) for h in block.header)
            caption = ts.text(block.caption) if block.caption else block.caption
            return replace(block, header=header, rows=rows, caption=caption)
        case DataTable():
            return replace(
                block,
                caption=inlines(block.caption, ts),
                header=tuple(tuple(ts.text(c) for c in row) for row in block.header),
                rows=tuple(tuple(ts.text(c) for c in row) for row in block.rows),
            )
        case BlockQuote():
            return replace(
                block, inlines=inlines(block.inlines, ts), attribution=inlines(block.attribution, ts)
            )
        case Figure():
            return replace(block, caption=ts.text(block.caption), alt=ts.text(block.alt))
        case Picture():
            return replace(block, caption=inlines(block.caption, ts))
        case Notes():
            return replace(
                block,
                notes=tuple(_note(n, ts) for n in block.notes),
                title=ts.text(block.title) if block.title else block.title,
            )
        case _:
            return block
