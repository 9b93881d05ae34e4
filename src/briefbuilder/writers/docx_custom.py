"""DOCX handlers for the blocks of a brief's own sections: a data table and a picture.

Registered in ``docx.DocxWriter.handlers`` through ``HANDLERS``; each gets the writer in
progress (its named styles, metrics, text width and helpers) and the block, and draws it as the
writer draws its own tables and figures, so both look alike. User text only reaches ``.text``
and attribute values.

- ``DataTable``: caption above (with the data's citation); header rows shaded and marked to
  repeat at the top of every page (``w:tblHeader``); numeric columns right-aligned as layout
  decided; the caption and summary as the table's title and description (``w:tblCaption``,
  ``w:tblDescription``: what screen readers announce).
- ``Picture``: the picture as layout sized it, its alt text in ``wp:docPr/@descr``; caption under.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.table import CT_Tbl
from docx.shared import Length, Pt

from briefbuilder.layout.document import DataTable, Picture, plain_text
from briefbuilder.layout.metrics import twips
from briefbuilder.layout.scene import tint
from briefbuilder.writers import ooxml
from briefbuilder.writers.docx_styles import hex_colour

if TYPE_CHECKING:
    from briefbuilder.writers.docx import DocxWriter

__all__ = ["HANDLERS"]

_ROW_RULE = "#C4C9D0"  # as the writer's own tables


def data_table(w: DocxWriter, block: DataTable) -> None:
    t = w.m.table
    if block.caption:
        w.inlines(w.paragraph("Caption"), block.caption, "caption")
    w.keep_next = False  # the header rows repeat; the caption keeps with the first of them
    widths = [round(w.width * f * 20) for f in block.widths]  # twips
    tbl = CT_Tbl.new_tbl(len(block.header) + len(block.rows), len(widths), Length(Pt(w.width)))
    w.end.addprevious(tbl)
    ooxml.set_table(tbl, w.ids["Table"], sum(widths), widths)
    _describe(tbl.tblPr, plain_text(block.caption), block.summary)
    rows = tbl.tr_lst
    for tr, cells in zip(rows, block.header, strict=False):
        ooxml.set_row(tr, header=True)  # repeated at the top of every page
        for tc, label, align in zip(tr.tc_lst, cells, block.align, strict=True):
            ooxml.shade_cell(tc, w.accent)
            p = _cell_paragraph(tc, w.ids["Table Heading"], align)
            if label:
                ooxml.append_run(p, label)
            ooxml.set_keep_next(p)
    band = hex_colour(tint(w.accent, t.band))
    body = rows[len(block.header) :]
    for n, (tr, cells) in enumerate(zip(body, block.rows, strict=True)):
        ooxml.set_row(tr, header=False)
        final = n == len(body) - 1
        rule = (t.last_rule, w.accent) if final else (t.row_rule, hex_colour(_ROW_RULE))
        for tc, text, align in zip(tr.tc_lst, cells, block.align, strict=True):
            if n % 2:
                ooxml.shade_cell(tc, band)
            ooxml.set_cell_bottom(tc, round(rule[0] * 8), rule[1], twips(t.pad_bottom - rule[0]))
            p = _cell_paragraph(tc, w.ids["Table Text"], align)
            if text:
                ooxml.append_run(p, text)
    w.after_table = t.after  # the PDF's space under the table


def _cell_paragraph(tc: Any, style_id: str, align: str) -> Any:
    p = tc.p_lst[0]
    ooxml.set_style(p, style_id)
    if align == "right":
        p.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.RIGHT
    return p


def _describe(tblpr: Any, caption: str, summary: str | None) -> None:
    """The table's title and description, last in ``w:tblPr`` as the schema orders them."""
    if caption:
        tblpr.append(ooxml.element("w:tblCaption", val=caption))
    if summary:
        tblpr.append(ooxml.element("w:tblDescription", val=summary))


def picture(w: DocxWriter, block: Picture) -> None:
    image = block.image
    width = w.width * block.width
    height = width * image.height_px / image.width_px
    p = w.paragraph("Captioned Figure" if block.caption else "Normal")
    if not block.caption:  # the space above every PDF picture (the captioned one's style has it)
        ooxml.set_spacing(p, before=twips(w.m.figure_before))
    w.picture(p, image.data, image.alt, width, height)
    ooxml.set_picture_line(p, twips(height))  # the line is the picture
    if block.caption:
        w.inlines(w.paragraph("Image Caption"), block.caption, "figure_caption")


HANDLERS: dict[type, Callable[[DocxWriter, Any], None]] = {DataTable: data_table, Picture: picture}
