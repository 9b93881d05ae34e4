"""PDF handlers for the blocks of a brief's own sections: a data table and a picture.

Registered in ``pdf._PdfWriter.handlers`` through ``HANDLERS``; each gets the writer in progress
(its styles, text width and inline markup) and returns flowables. User text is escaped here as
everywhere: only the writer's own tags reach reportlab.

- ``DataTable``: caption above; every header row repeats at the top of each page the table runs
  over (``repeatRows``; a repeat is an artifact in the structure); numeric columns right-aligned
  as layout decided. Tagged as a Table: its caption, header rows of TH (/Scope /Column), rows of TD.
- ``Picture``: the checked bytes embedded as is, at the width layout chose, kept with its caption;
  tagged as a Figure whose /Alt is the alt text (the DOCX's picture description).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, TableStyle
from reportlab.platypus import Image as RLImage
from reportlab.platypus import Table as RLTable

from briefbuilder.layout.document import DataTable, Picture
from briefbuilder.layout.metrics import metrics
from briefbuilder.writers.pdf_bidi import ScriptParagraph
from briefbuilder.writers.pdf_styles import RULE, tint
from briefbuilder.writers.pdf_tags import Elem, TableTags, Whole, tag
from briefbuilder.writers.xmltext import escape

if TYPE_CHECKING:
    from briefbuilder.writers.pdf import _PdfWriter

__all__ = ["HANDLERS"]


def data_table(w: _PdfWriter, block: DataTable) -> list[Flowable]:
    s = w.styles
    out: list[Flowable] = []
    elem, grid = _table_elem(w.tree.container, len(block.header), len(block.rows), len(block.align))
    if block.caption:
        caption = Elem("Caption")
        elem.kids.insert(0, caption)
        out.append(w._p(w._markup(block.caption), s["caption"], parent=caption))
    th, td = _aligned(s["th"]), _aligned(s["td"])
    data = [
        [ScriptParagraph(escape(c), th[a]) for c, a in zip(row, block.align, strict=True)]
        for row in block.header
    ]
    data += [
        [ScriptParagraph(escape(c), td[a]) for c, a in zip(row, block.align, strict=True)]
        for row in block.rows
    ]
    table = RLTable(
        data,
        colWidths=[f * w.width for f in block.widths],
        repeatRows=len(block.header),
        hAlign="LEFT",
        spaceBefore=w.m.table.before,  # the measures the DOCX has too (layout.metrics)
        spaceAfter=w.m.table.after,
        renderCB=TableTags(grid, repeat_rows=len(block.header)),
    )
    table.setStyle(_style(w, len(block.header)))
    out.append(table)
    return out


def _table_elem(parent: Elem, header_rows: int, rows: int, cols: int) -> tuple[Elem, list[list[Elem | None]]]:
    """A Table element: ``header_rows`` rows of TH (/Scope /Column), then ``rows`` rows of TD;
    and the grid of cells for ``TableTags``."""
    table = parent.add("Table")
    grid: list[list[Elem | None]] = []
    for n in range(header_rows + rows):
        tr = table.add("TR")
        if n < header_rows:
            grid.append([tr.add("TH", attrs={"O": "Table", "Scope": "Column"}) for _ in range(cols)])
        else:
            grid.append([tr.add("TD") for _ in range(cols)])
    return table, grid


def _aligned(style: ParagraphStyle) -> dict[str, ParagraphStyle]:
    right = ParagraphStyle(f"{style.name}_right", parent=style, alignment=TA_RIGHT)
    return {"left": style, "right": right}


def _style(w: _PdfWriter, header_rows: int) -> TableStyle:
    """The document's table look (accent header, banded rows, rules) for ``header_rows`` rows."""
    accent = colors.HexColor(w.look.accent)
    t = metrics(w.look).table
    h = header_rows
    commands: list[tuple[Any, ...]] = [
        ("ROWBACKGROUNDS", (0, h), (-1, -1), [colors.white, tint(accent, t.band)]),
        ("LINEBELOW", (0, max(h, 1)), (-1, -1), t.row_rule, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), t.last_rule, accent),
        ("FONTNAME", (0, 0), (-1, -1), w.body.regular),  # else Helvetica is referenced
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), t.pad_top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), t.pad_bottom),
        ("LEFTPADDING", (0, 0), (-1, -1), t.pad_side),
        ("RIGHTPADDING", (0, 0), (-1, -1), t.pad_side),
    ]
    if h:
        commands.insert(0, ("BACKGROUND", (0, 0), (-1, h - 1), accent))
        if h > 1:
            commands.append(("LINEBELOW", (0, 0), (-1, h - 2), 0.4, colors.white))
    else:
        commands.append(("LINEABOVE", (0, 0), (-1, 0), 0.9, accent))
    return TableStyle(commands)


def picture(w: _PdfWriter, block: Picture) -> list[Flowable]:
    image = block.image
    width = w.width * block.width
    height = width * image.height_px / image.width_px
    flowable = RLImage(io.BytesIO(image.data), width=width, height=height, mask="auto")
    flowable.hAlign = "LEFT"
    flowable.spaceBefore = w.m.figure_before  # as the DOCX's (layout.metrics)
    figure = tag(flowable, Whole(w.tree.block("Figure", alt=image.alt)))
    if not block.caption:
        return [figure]
    figure.keepWithNext = True  # never a picture at the foot of a page, its caption overleaf
    return [figure, w._p(w._markup(block.caption), w.styles["figure_caption"], "Caption")]


HANDLERS: dict[type, Callable[[_PdfWriter, Any], list[Flowable]]] = {DataTable: data_table, Picture: picture}
