"""The DOCX writer's handlers, one function per block kind (the registry is ``DocxWriter.handlers``).

Each turns one block of the laid-out Document into body paragraphs (and a table) through the
writer's paragraph, inline, bookmark and picture helpers, in the named styles the PDF's measures
are written into (``docx_styles``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docx.oxml.table import CT_Tbl
from docx.shared import Emu, Length

from briefbuilder.layout import measure
from briefbuilder.layout.document import (
    BlockQuote,
    Contents,
    Figure,
    Heading,
    ListBlock,
    Notes,
    PageBreak,
    Para,
    Table,
    TitleBlock,
    plain_text,
)
from briefbuilder.layout.metrics import twips
from briefbuilder.layout.page import margins, page_size
from briefbuilder.layout.scene import tint
from briefbuilder.writers import ooxml, ooxml_fields
from briefbuilder.writers.docx_page import emu
from briefbuilder.writers.docx_styles import NUM_BULLET, hex_colour
from briefbuilder.writers.raster import cached_png

if TYPE_CHECKING:
    from briefbuilder.writers.docx import DocxWriter

_ROLE_STYLES = {"body": "Body Text", "lead": "Brief Lead", "note": "Brief Note", "small": "Brief Small"}
_FIGURE_DPI = 240


def title_block(w: DocxWriter, block: TitleBlock) -> None:
    cover = block.style == "page"
    if block.organization or block.logo:
        p = w.paragraph("Brief Organization")
        logo = block.logo
        if logo is not None:
            height = w.m.logo_cover if cover else w.m.logo_block
            w.picture(p, logo.data, logo.alt, height * logo.width_px / logo.height_px, height)
            if block.organization:
                ooxml.append_run(p, "\u2002")  # the PDF's gap between logo and name
        if block.organization:
            r = ooxml.append_run(p, block.organization)
            if logo is not None:  # the name beside the logo, at its middle, as in the PDF
                size = w.m.styles["cover_kicker" if cover else "kicker"].size
                height = w.m.logo_cover if cover else w.m.logo_block
                ooxml.raise_run(r, round((height / 2 - size * 0.35) * 2))
    if cover:
        w.paragraph("Cover Rule")
    w.paragraph("Title", block.title)
    if block.subtitle:
        w.paragraph("Subtitle", block.subtitle)
    for label, value in block.meta:  # label, then the value at the tab: the PDF's two columns
        p = w.paragraph("Brief Meta")
        ooxml.append_run(p, label, style_id=w.ids["Brief Meta Label"])
        ooxml.append_run(p, f"\t{value}")
    w.paragraph("Title Rule")


def contents(w: DocxWriter, block: Contents) -> None:
    """A TOC field whose result is already there: one paragraph per entry, each a link to
    its heading's bookmark, ending in a PAGEREF field with the page when it is known."""
    w.paragraph("TOC Heading", block.title)
    last = len(block.entries) - 1
    for i, entry in enumerate(block.entries):
        p = w.paragraph("toc 1" if entry.level <= 1 else "toc 2")
        if i == 0:
            ooxml_fields.append_field_start(p, 'TOC \\o "1-2" \\h \\z \\u')
        link = ooxml_fields.append_hyperlink(p, anchor=entry.anchor)
        ooxml.append_run(link, entry.text)
        if entry.page is not None:
            ooxml_fields.append_tab(link)
            ooxml_fields.append_pageref(link, entry.anchor, entry.page)
        if i == last:
            ooxml_fields.append_field_end(p)


def page_break(w: DocxWriter, block: PageBreak) -> None:
    w.break_before = True


def figure(w: DocxWriter, block: Figure) -> None:
    p = w.paragraph("Captioned Figure")  # the scene is layout's, as wide as the text block
    scene = block.scene
    w.picture(p, cached_png(scene, dpi=_FIGURE_DPI), block.alt, scene.width, scene.height)
    ooxml.set_picture_line(p, twips(scene.height))  # the line is the picture
    w.paragraph("Image Caption", block.caption)


def heading(w: DocxWriter, block: Heading) -> None:
    if block.level not in (1, 2):
        raise ValueError(f"heading level must be 1 or 2, not {block.level}")
    if block.anchor in w.source.page_starts:  # the PDF starts a page with it: so does the DOCX
        w.break_before = True
    w.bookmark(w.paragraph(f"Heading {block.level}", block.text), block.anchor)


def para(w: DocxWriter, block: Para) -> None:
    style = _ROLE_STYLES[block.role]
    if block.role == "body" and isinstance(w.previous, Heading):
        style = "First Paragraph"
    w.inlines(w.paragraph(style), block.inlines, block.role)


def list_block(w: DocxWriter, block: ListBlock) -> None:
    style = "List Number" if block.ordered else "List Bullet"
    num_id = None
    if block.ordered:  # each numbered list starts again at 1
        w.restarts += 1
        num_id = 2 + w.restarts
    last = len(block.items) - 1
    for i, item in enumerate(block.items):
        p = w.paragraph(style)
        ooxml.set_num(p, num_id if num_id is not None else NUM_BULLET)
        if i == last:  # the PDF's wider space after a list's last item
            ooxml.set_spacing(p, after=twips(w.m.styles["item_last"].after))
        w.inlines(p, item, "item")


def table(w: DocxWriter, block: Table) -> None:
    t = w.m.table
    # the PDF keeps a table whole with the caption or heading before it (reportlab's
    # keepWithNext wraps the pair), when the pair fits on a page; a table after anything else
    # (a figure's caption) is split across pages wherever the page ends
    keep = (bool(block.caption) or w.keep_next) and _fits_a_page(w, block)
    if block.caption:
        w.paragraph("Caption", block.caption)
    w.keep_next = False  # the caption's rows keep with it (keep_rows), not the next paragraph
    widths = [round(w.width * share * 20) for share in block.widths]  # twips
    tbl = CT_Tbl.new_tbl(1 + len(block.rows), len(block.header), Length(Emu(emu(w.width))))
    w.end.addprevious(tbl)
    ooxml.set_table(tbl, w.ids["Table"], sum(widths), widths)
    header, *rows = tbl.tr_lst
    ooxml.set_row(header, header=True)
    for tc, label in zip(header.tc_lst, block.header, strict=True):
        ooxml.shade_cell(tc, w.accent)
        p = tc.p_lst[0]
        ooxml.set_style(p, w.ids["Table Heading"])
        ooxml.append_run(p, label)
        if keep:
            ooxml.set_keep_next(p)
    band = hex_colour(tint(w.accent, t.band))
    for n, (tr, cells) in enumerate(zip(rows, block.rows, strict=True)):
        ooxml.set_row(tr, header=False)
        final = n == len(rows) - 1
        rule = (t.last_rule, w.accent) if final else (t.row_rule, hex_colour("#C4C9D0"))
        for tc, inlines in zip(tr.tc_lst, cells, strict=True):
            if n % 2:
                ooxml.shade_cell(tc, band)
            # the rule takes room in the DOCX, none in the PDF: take it from the padding
            ooxml.set_cell_bottom(tc, round(rule[0] * 8), rule[1], twips(t.pad_bottom - rule[0]))
            p = tc.p_lst[0]
            ooxml.set_style(p, w.ids["Table Text"])
            w.inlines(p, inlines, "td")
            if keep and not final:
                ooxml.set_keep_next(p)
    w.after_table = t.after


def _fits_a_page(w: DocxWriter, block: Table) -> bool:
    """Whether caption and table fit on one page, which keeps them together in the PDF."""
    t, td = w.m.table, w.m.styles["td"]
    top, _r, bottom, _l = margins(w.look)
    room = page_size(w.look)[1] - top - bottom
    height = w.m.styles["caption"].leading * 2 + t.before
    rows = [list(block.header), *([plain_text(cell) for cell in row] for row in block.rows)]
    for row in rows:
        lines = max(
            len(measure.wrap(w.look.body_chain, text, td.size, w.width * share - 2 * t.pad_side))
            for text, share in zip(row, block.widths, strict=False)
        )
        height += max(lines, 1) * td.leading + t.pad_top + t.pad_bottom
    return height < room


def quote(w: DocxWriter, block: BlockQuote) -> None:
    w.inlines(w.paragraph("Quote"), block.inlines, "quote")
    if block.attribution:
        w.inlines(w.paragraph("Quote Attribution", "\u2014 "), block.attribution, "attribution")


def notes(w: DocxWriter, block: Notes) -> None:
    if block.as_footnotes:  # the footnotes' own text: already printed as real footnotes
        return
    if block.title:
        w.paragraph("TOC Heading", block.title)
    for note in block.notes:
        p = w.paragraph("Note Text", f"{note.number}.\t")
        w.inlines(p, note.inlines, "endnote")
        w.bookmark(p, f"note_{note.number}")
