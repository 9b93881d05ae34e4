"""A brief's own section (``custom_sections``), laid out block by block.

A paragraph and a list read like any other prose (markup, wording per audience, citations at
their end); a quote is a block quote, printed once per document like every quote; a table's
columns are measured here (widths) and its numbers aligned right; a picture is sized here to fit
the text width and a page, and numbered with the document's other figures.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from briefbuilder.audience import visibility
from briefbuilder.audience.templates import SectionSpec
from briefbuilder.brief.content import ContentBlock, FigureSpec, TableSpec
from briefbuilder.layout.document import Block, DataTable, Inline, ListBlock, Para, Picture, Text
from briefbuilder.layout.measure import text_width
from briefbuilder.layout.page import max_figure_height, text_block_width
from briefbuilder.layout.quotes import quote_blocks

if TYPE_CHECKING:
    from briefbuilder.layout.engine import Layout

# a number as tables print them: 1,234.5 · −12 · (12) · 40% · €1.2 · 3 450
_NUMBER = re.compile(r"^\(?[+\-−–]?[$€£¥]?\s?\d[\d,.\u00a0\u202f ]*(?:%|‰)?\)?$")
_NOT_A_VALUE = {"", "-", "–", "—", "n/a", "n.a.", "..", "…"}
_CELL_PAD = 14.0  # points of padding around a cell's text, both sides together
_PX_TO_PT = 0.75  # a picture's natural size: 96 pixels to the inch


def custom_section(lay: Layout, spec: SectionSpec) -> list[Block]:
    """The section's heading and blocks, or nothing if the audience sees none of it."""
    out: list[Block] = []
    for shown in visibility.custom(lay.brief, lay.aud, spec):
        body = [b for block in shown.blocks for b in _block(lay, block)]
        if body:
            out += [lay.heading(1, spec.heading or shown.section.heading, f"custom_{spec.key}"), *body]
    return out


def _block(lay: Layout, block: ContentBlock) -> list[Block]:
    if block.paragraph is not None:
        return [Para(lay.text(block.paragraph, block.sources))]
    if block.list is not None:
        items = [lay.text(item) for item in block.list]
        items[-1] += lay.cite.refs(block.sources)
        return [ListBlock(tuple(items), ordered=False)]
    if block.quote is not None:
        q = block.quote
        sources = (*((q.source,) if q.source else ()), *block.sources)
        return quote_blocks(lay, q.text, lay.people[q.speaker], sources, inline=False)
    if block.table is not None:
        return [data_table(lay, block.table, block.sources)]
    if block.figure is not None:
        return [picture(lay, block.figure, block.sources)]
    raise ValueError(f"layout cannot lay out a block of kind {block.kind!r}")


def data_table(lay: Layout, table: TableSpec, sources: tuple[str, ...]) -> DataTable:
    """The table with its caption and the data's citation; numbers right, widths measured."""
    rows = tuple(tuple(str(c) for c in row) for row in table.rows)
    header, body = rows[: table.header_rows], rows[table.header_rows :]
    cited = (*((table.source,) if table.source else ()), *sources)
    caption: tuple[Inline, ...] = (Text(table.caption), *lay.cite.refs(cited))
    return DataTable(
        caption=caption,
        header=header,
        rows=body,
        align=column_alignment(body, len(rows[0])),
        widths=column_widths(lay, rows),
        summary=table.summary,
    )


def is_number(cell: str) -> bool:
    return bool(_NUMBER.match(cell.strip()))


def column_alignment(body: tuple[tuple[str, ...], ...], columns: int) -> tuple[Literal["left", "right"], ...]:
    """Right for a column whose values are all numbers (blanks and dashes aside), else left."""
    out: list[Literal["left", "right"]] = []
    for col in range(columns):
        values = [row[col].strip() for row in body if row[col].strip().lower() not in _NOT_A_VALUE]
        out.append("right" if values and all(is_number(v) for v in values) else "left")
    return tuple(out)


def column_widths(lay: Layout, rows: tuple[tuple[str, ...], ...]) -> tuple[float, ...]:
    """Fractions of the text width: each column as wide as its longest text wants (a long text
    wraps, so no column asks for more than half the width), and at least its longest word."""
    look = lay.aud.look
    total = text_block_width(look)
    size = look.body_size * 0.88
    wants, floors = [], []
    for col in range(len(rows[0])):
        cells = [row[col] for row in rows]
        longest = max(text_width(look.body_chain, c, size) for c in cells) + _CELL_PAD
        word = max((text_width(look.body_chain, w, size) for c in cells for w in c.split()), default=0.0)
        floors.append(min(word + _CELL_PAD, total / 2))
        wants.append(max(min(longest, total / 2), floors[-1]))
    scale = sum(wants)
    return tuple(w / scale for w in wants)


def picture(lay: Layout, figure: FigureSpec, sources: tuple[str, ...]) -> Picture:
    """The checked picture, at the width asked for (else its natural size), never wider than
    the text nor taller than a page; its caption numbered with the document's figures."""
    image = figure.picture
    if image is None:
        raise ValueError(f"the picture {figure.image!r} was not loaded: load the brief with load_brief()")
    look = lay.aud.look
    total = text_block_width(look)
    width = figure.width if figure.width is not None else min(1.0, image.width_px * _PX_TO_PT / total)
    tallest = max_figure_height(look)
    if width * total * image.height_px / image.width_px > tallest:
        width = tallest * image.width_px / image.height_px / total
    caption: list[Inline] = [Text(lay.labels.format("figure", number=lay.figure_number()))]
    if figure.caption:
        caption.append(Text(f" {figure.caption}"))
    if figure.credit:
        caption.append(Text(" " + lay.labels.format("credit", credit=figure.credit), italic=True))
    caption += lay.cite.refs(sources)
    return Picture(image, round(width, 4), tuple(caption))
