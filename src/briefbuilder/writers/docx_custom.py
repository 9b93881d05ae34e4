"""DOCX handlers for the blocks of a brief's own sections: a data table and a picture.

Registered in ``docx._DocxWriter.handlers`` through ``HANDLERS``; each gets the writer in
progress (its named styles, text width and helpers) and the block. As everywhere in the writer,
user text only reaches ``.text`` and attribute values.

- ``DataTable``: caption above (with the data's citation); header rows shaded and marked to
  repeat at the top of every page (``w:tblHeader``); numeric columns right-aligned as layout
  decided; the caption and summary as the table's title and description (``w:tblCaption``,
  ``w:tblDescription``: what screen readers announce).
- ``Picture``: the picture as layout sized it, its alt text in ``wp:docPr/@descr``; caption under.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.table import CT_Tbl
from docx.shared import Length, Pt
from docx.text.paragraph import Paragraph

from briefbuilder.layout.document import DataTable, Picture, plain_text
from briefbuilder.writers import ooxml
from briefbuilder.writers.docx_styles import RULE, WHITE

if TYPE_CHECKING:
    from briefbuilder.writers.docx import _DocxWriter

__all__ = ["HANDLERS"]


def data_table(w: _DocxWriter, block: DataTable) -> None:
    if block.caption:
        w._inlines(w._paragraph("Caption"), block.caption)
    widths = [Length(int(w.text_width * f)) for f in block.widths]
    tbl = CT_Tbl.new_tbl(len(block.header) + len(block.rows), len(widths), w.text_width)
    w.end.addprevious(tbl)
    tbl.tblPr.style = w.ids["Table Grid"]
    tbl.tblPr.alignment = WD_TABLE_ALIGNMENT.CENTER
    ooxml.set_table_frame(tbl, Length(sum(widths)).twips, w.accent, RULE)
    _describe(tbl.tblPr, plain_text(block.caption), block.summary)
    for col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.w = width
    text_id, sans = w.ids["Table Text"], w.look.heading_font
    rows = tbl.tr_lst
    for tr, cells in zip(rows, block.header, strict=False):
        ooxml.set_row(tr, header=True)  # repeated at the top of every page
        for tc, width, label, align in zip(tr.tc_lst, widths, cells, block.align, strict=True):
            tc.width = width
            ooxml.shade_cell(tc, w.accent)
            p = _cell_paragraph(tc, text_id, align)
            ooxml.set_fonts(ooxml.append_run(p, label, bold=True, color=WHITE).rPr, sans)
    for tr, cells in zip(rows[len(block.header) :], block.rows, strict=True):
        ooxml.set_row(tr, header=False)
        for tc, width, text, align in zip(tr.tc_lst, widths, cells, block.align, strict=True):
            tc.width = width
            if text:
                ooxml.append_run(_cell_paragraph(tc, text_id, align), text)
            else:
                _cell_paragraph(tc, text_id, align)


def _cell_paragraph(tc: Any, style_id: str | None, align: str) -> Any:
    p = tc.p_lst[0]
    p.style = style_id
    if align == "right":
        p.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.RIGHT
    return p


def _describe(tblpr: Any, caption: str, summary: str | None) -> None:
    """The table's title and description, last in ``w:tblPr`` as the schema orders them."""
    if caption:
        tblpr.append(ooxml.element("w:tblCaption", val=caption))
    if summary:
        tblpr.append(ooxml.element("w:tblDescription", val=summary))


def picture(w: _DocxWriter, block: Picture) -> None:
    p = w._paragraph("Brief Figure")
    width = Length(int(w.text_width * block.width))
    w._picture(p, block.image.data, block.image.alt, width=width)
    if block.caption:
        caption = w._paragraph("Caption")
        w._inlines(caption, block.caption)
        fmt = Paragraph(caption, w.docx).paragraph_format
        fmt.keep_with_next = False  # it follows its picture
        fmt.space_after = Pt(12)


HANDLERS: dict[type, Callable[[_DocxWriter, Any], None]] = {DataTable: data_table, Picture: picture}
