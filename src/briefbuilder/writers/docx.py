"""DOCX writer: translate a laid-out ``Document`` into .docx bytes with python-docx.

Every paragraph is in a named style (``docx_styles``: Title, heading 1, Body Text, List
Number, Quote, Brief Lead...) whose measures are the PDF's (``layout.metrics``): an exact line
pitch, the same spacing, indents, keep-with-next and widow control, so that Word and LibreOffice
break lines and pages where the PDF does. There is no direct formatting beyond inline emphasis
and citation marks (whose size follows the paragraph, as the PDF's superscripts do), and a few
things a style cannot say: a table's cells, the spacing dropped above the first heading after a
page break (as at the top of every PDF page), keeping a caption with its table.

What python-docx has no API for is written as OOXML in ``ooxml``: a TOC field whose result is
already filled in (page numbers from the PDF's layout when the Document carries them), footnotes,
pictures with alt text. ``docx_package`` writes the package's own parts (styles, numbering,
settings, fonts, properties) and makes the bytes reproducible. The writer makes no content
decisions: it meets each block once, in order, and a block kind it does not know is an error.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any, ClassVar

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.table import CT_Tbl
from docx.shared import Emu, Length

from briefbuilder.layout import measure
from briefbuilder.layout.document import (
    BlockQuote,
    Contents,
    Document,
    Figure,
    Heading,
    Inline,
    ListBlock,
    Note,
    NoteRef,
    Notes,
    PageBreak,
    Para,
    Table,
    Text,
    TitleBlock,
    plain_text,
)
from briefbuilder.layout.metrics import metrics, on_grid, twips
from briefbuilder.layout.page import margins, page_size, text_block_width
from briefbuilder.layout.scene import tint
from briefbuilder.writers import UnhandledKind, docx_custom, ooxml
from briefbuilder.writers.docx_package import Package, finish_package, prune
from briefbuilder.writers.docx_reference import style_ids
from briefbuilder.writers.docx_styles import NUM_BULLET, hex_colour
from briefbuilder.writers.raster import render_png

__all__ = ["HANDLERS", "write_docx"]

_ROLE_STYLES = {"body": "Body Text", "lead": "Brief Lead", "note": "Brief Note", "small": "Brief Small"}
_FIGURE_DPI = 240
_KEEP_WITH_NEXT = frozenset(("Heading 1", "Heading 2", "Caption", "Quote", "TOC Heading", "Captioned Figure"))
EMU_PER_PT = 12700


def write_docx(document: Document) -> bytes:
    """The .docx file for ``document``, byte-identical for identical input."""
    return _DocxWriter(document).write()


class _DocxWriter:
    """One use: build the python-docx document for one ``Document``, then serialise it."""

    def __init__(self, document: Document) -> None:
        self.source, self.look = document, document.look
        self.m = metrics(self.look)
        self.docx = docx.Document()
        self.part = self.docx.part
        self.end = self.docx.element.body.sectPr  # body paragraphs go just before it
        for p in self.docx.element.body.findall(ooxml.qn("w:p")):
            self.docx.element.body.remove(p)
        self.accent = hex_colour(self.look.accent)
        self.bookmarks = 0
        self.width = text_block_width(self.look)
        self.break_before = False  # a PageBreak block: the next paragraph starts a page
        self.keep_next = False  # the paragraph before is kept with this one: keep its lines together
        self.previous: object = None  # the block before this one
        self.footnote_texts: dict[int, Note] = {n.number: n for n in document.footnotes}
        self.footnotes: Any = None  # the w:footnotes root, once the first footnote is written
        self.footnotes_part: XmlPart | None = None
        self.footnote_count = 0
        self.custom_marks = True  # the PDF's number as text: what readers and verify see
        self.note_anchors = {  # the notes this document prints, each with a bookmark
            f"note_{n.number}"
            for b in document.blocks
            if isinstance(b, Notes) and not b.as_footnotes
            for n in b.notes
        }
        self.restarts = 0  # numbered lists after the first start again at 1
        self.ids = style_ids(self.look.reference_docx)
        prune(self.docx)

    # --- whole document ----------------------------------------------------------------------
    def write(self) -> bytes:
        cover = any(isinstance(b, TitleBlock) and b.style == "page" for b in self.source.blocks)
        self._setup_page(cover)
        self._setup_properties()
        handlers = self.handlers
        for block in self.source.blocks:
            handler = handlers.get(type(block))
            if handler is None:
                raise UnhandledKind("DOCX", "block", block)
            handler(self, block)
            self.previous = block
        buffer = BytesIO()
        self.docx.save(buffer)
        logo = next((b.logo for b in self.source.blocks if isinstance(b, TitleBlock) and b.logo), None)
        package = Package(
            document=self.source,
            cover=cover,
            logo=(self.m.logo_cover if cover else self.m.logo_block) if logo is not None else None,
            restarts=self.restarts,
            footnotes=self.footnotes is not None,
        )
        return finish_package(buffer.getvalue(), package)

    def _setup_properties(self) -> None:
        meta = self.source.meta
        created = meta.created.astimezone(dt.UTC) if meta.created.tzinfo else meta.created
        props = self.docx.core_properties
        props.title, props.author, props.subject = meta.title, meta.author, meta.subject
        props.keywords = ", ".join(meta.keywords)
        props.language = meta.language
        props.comments = ""  # the template's "generated by python-docx"
        props.created = props.modified = created
        props.last_modified_by = "briefbuilder"
        props.revision = 1

    def _setup_page(self, cover: bool) -> None:
        look, meta, chrome = self.look, self.source.meta, self.m.chrome
        section = self.docx.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        width, height = page_size(look)
        section.page_width, section.page_height = Emu(_emu(width)), Emu(_emu(height))
        top, right, bottom, left = (Emu(_emu(on_grid(v))) for v in margins(look))
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = (
            top,
            right,
            bottom,
            left,
        )
        # the PDF's baselines (``metrics.Chrome``), reached with exact lines of 9 pt whose
        # baseline sits ~2.2 pt above their foot
        line, descent = 9.0, 2.2
        marking = meta.marking is not None
        head_top = (chrome.marking_top if marking else chrome.header_baseline) - line + descent
        section.header_distance = Emu(_emu(on_grid(max(head_top, 4))))
        foot_last = chrome.marking_bottom if marking else chrome.footer_baseline
        section.footer_distance = Emu(_emu(on_grid(max(foot_last - descent, 4))))
        if cover:  # the cover page carries the marking only, no running head or page number
            section.different_first_page_header_footer = True
            for story in (section.first_page_header, section.first_page_footer):
                p = story.paragraphs[0]._p
                if marking:
                    ooxml.set_style(p, self.ids["Brief Marking"])
                    ooxml.append_run(p, meta.marking or "")
        header = section.header.paragraphs[0]._p
        ooxml.set_style(header, self.ids["Header"])
        head_line = header
        if marking:
            ooxml.set_style(header, self.ids["Brief Marking"])
            ooxml.append_run(header, meta.marking or "")
            head_line = ooxml.new_paragraph(self.ids["Header"])
            header.addnext(head_line)
            gap = chrome.header_baseline - chrome.marking_top - line
            ooxml.set_spacing(head_line, before=twips(max(gap, 0)))
        ooxml.append_run(head_line, look.header_text or meta.short_title)
        if meta.date_label:
            ooxml.append_run(head_line, f"\t{meta.date_label}")
        below = chrome.header_rule - chrome.header_baseline - descent
        ooxml.set_paragraph_borders(head_line, bottom=(4, hex_colour("#C4C9D0"), int(max(below, 0))))

        footer = section.footer.paragraphs[0]._p
        ooxml.set_style(footer, self.ids["Footer"])
        ooxml.append_run(footer, f"{look.footer_text or meta.reference or meta.short_title}\tPage ")
        ooxml.append_field(footer, "PAGE", "1")
        ooxml.append_run(footer, " of ")
        ooxml.append_field(footer, "NUMPAGES", "1")
        above = chrome.footer_rule - chrome.footer_baseline - (line - descent)
        ooxml.set_paragraph_borders(footer, top=(4, hex_colour("#C4C9D0"), int(max(above, 0))))
        if marking:
            mark = ooxml.new_paragraph(self.ids["Brief Marking"])
            footer.addnext(mark)
            ooxml.append_run(mark, meta.marking or "")
            gap = chrome.footer_baseline - chrome.marking_bottom - line
            ooxml.set_spacing(footer, after=twips(max(gap, 0)))

    # --- building blocks ---------------------------------------------------------------------
    def _paragraph(self, style: str, text: str | None = None) -> Any:
        """A new body paragraph (``w:p``) in ``style``, with ``text`` as one plain run."""
        p = ooxml.new_paragraph(self.ids[style])
        self.end.addprevious(p)
        if self.keep_next:  # the PDF keeps a heading with the whole of what follows it
            ooxml.set_keep_lines(p)
        self.keep_next = style in _KEEP_WITH_NEXT
        if self.break_before:  # the PDF drops the space above the first line of a page
            ooxml.set_page_break(p)
            self.break_before = False
        if text:
            ooxml.append_run(p, text)
        return p

    def _bookmark(self, p: Any, name: str) -> None:
        self.bookmarks += 1
        ooxml.add_bookmark(p, self.bookmarks, name)

    def _inlines(self, p: Any, inlines: Iterable[Inline], role: str, part: Any = None) -> None:
        """Append ``inlines`` to paragraph ``p`` (in the style of metrics role ``role``, whose
        size sets the citations'); links are related from ``part`` (document or footnotes)."""
        part = part or self.part
        size = self.m.styles[role].size
        sup = (round((size - min(2.0, 0.2 * size)) * 2), round(size))  # the PDF's <super>
        previous: Inline | None = None
        for inline in inlines:
            if isinstance(inline, Text):
                parent, style_id = p, None
                if inline.href is not None:
                    r_id = part.relate_to(inline.href, RT.HYPERLINK, is_external=True)
                    parent, style_id = ooxml.append_hyperlink(p, r_id=r_id), self.ids["Hyperlink"]
                ooxml.append_run(
                    parent, inline.text, bold=inline.bold, italic=inline.italic, style_id=style_id
                )
            elif isinstance(inline, NoteRef):
                if isinstance(previous, NoteRef):  # "3,24", never "324"
                    ooxml.append_run(p, ",", style_id=self.ids["Citation"], raised=sup)
                self._note_ref(p, inline, sup)
            else:
                raise UnhandledKind("DOCX", "inline", inline)
            previous = inline

    def _note_ref(self, p: Any, ref: NoteRef, sup: tuple[int, int]) -> None:
        """A citation: a real footnote where layout put one, else a link to the source's note."""
        number = str(ref.number)
        if ref.footnote and ref.number in self.footnote_texts:
            note_id = self._footnote(self.footnote_texts[ref.number])
            mark = number if self.custom_marks else None
            ooxml.append_footnote_reference(p, note_id, mark, self.ids["footnote reference"], sup)
        elif f"note_{ref.number}" in self.note_anchors:
            link = ooxml.append_hyperlink(p, anchor=f"note_{ref.number}")
            ooxml.append_run(link, number, style_id=self.ids["Citation"], raised=sup)
        else:
            ooxml.append_run(p, number, style_id=self.ids["Citation"], raised=sup)

    def _footnote(self, note: Note) -> int:
        """Write ``note`` as the next footnote (creating the footnotes part on first use)."""
        if self.footnotes is None:
            self.footnotes = ooxml.new_footnotes()
            self.footnotes_part = XmlPart(
                PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.footnotes, self.part.package
            )
            self.part.relate_to(self.footnotes_part, RT.FOOTNOTES)
        self.footnote_count += 1
        note_id = self.footnote_count
        body = ooxml.append_footnote(self.footnotes, note_id)
        p = ooxml.new_paragraph(self.ids["footnote text"])
        body.append(p)
        size = self.m.styles["note"].size
        sup = (round((size - min(2.0, 0.2 * size)) * 2), round(size))
        ooxml.append_footnote_mark(p, None, self.ids["footnote reference"], sup)
        ooxml.append_run(p, " ")
        self._inlines(p, note.inlines, "note", part=self.footnotes_part)
        return note_id

    def _picture(self, p: Any, data: bytes, alt: str, width_pt: float, height_pt: float) -> None:
        inline = self.part.new_pic_inline(
            io.BytesIO(data), width=Emu(_emu(width_pt)), height=Emu(_emu(height_pt))
        )
        ooxml.append_picture(p, inline, alt)

    # --- one method per block kind -----------------------------------------------------------
    def _title_block(self, block: TitleBlock) -> None:
        cover = block.style == "page"
        if block.organization or block.logo:
            p = self._paragraph("Brief Organization")
            logo = block.logo
            if logo is not None:
                height = self.m.logo_cover if cover else self.m.logo_block
                self._picture(p, logo.data, logo.alt, height * logo.width_px / logo.height_px, height)
                if block.organization:
                    ooxml.append_run(p, "\u2002")  # the PDF's gap between logo and name
            if block.organization:
                r = ooxml.append_run(p, block.organization)
                if logo is not None:  # the name beside the logo, at its middle, as in the PDF
                    size = self.m.styles["cover_kicker" if cover else "kicker"].size
                    height = self.m.logo_cover if cover else self.m.logo_block
                    ooxml.raise_run(r, round((height / 2 - size * 0.35) * 2))
        if cover:
            self._paragraph("Cover Rule")
        self._paragraph("Title", block.title)
        if block.subtitle:
            self._paragraph("Subtitle", block.subtitle)
        for label, value in block.meta:  # label, then the value at the tab: the PDF's two columns
            p = self._paragraph("Brief Meta")
            ooxml.append_run(p, label, style_id=self.ids["Brief Meta Label"])
            ooxml.append_run(p, f"\t{value}")
        self._paragraph("Title Rule")

    def _contents(self, block: Contents) -> None:
        """A TOC field whose result is already there: one paragraph per entry, each a link to
        its heading's bookmark, ending in a PAGEREF field with the page when it is known."""
        self._paragraph("TOC Heading", block.title)
        last = len(block.entries) - 1
        for i, entry in enumerate(block.entries):
            p = self._paragraph("toc 1" if entry.level <= 1 else "toc 2")
            if i == 0:
                ooxml.append_field_start(p, 'TOC \\o "1-2" \\h \\z \\u')
            link = ooxml.append_hyperlink(p, anchor=entry.anchor)
            ooxml.append_run(link, entry.text)
            if entry.page is not None:
                ooxml.append_tab(link)
                ooxml.append_pageref(link, entry.anchor, entry.page)
            if i == last:
                ooxml.append_field_end(p)

    def _page_break(self, block: PageBreak) -> None:
        self.break_before = True

    def _figure(self, block: Figure) -> None:
        p = self._paragraph("Captioned Figure")  # the scene is layout's, as wide as the text block
        scene = block.scene
        ooxml.set_spacing(p, line=twips(scene.height), rule="exact")  # the line is the picture
        self._picture(p, render_png(scene, dpi=_FIGURE_DPI), block.alt, scene.width, scene.height)
        self._paragraph("Image Caption", block.caption)

    def _heading(self, block: Heading) -> None:
        if block.level not in (1, 2):
            raise ValueError(f"heading level must be 1 or 2, not {block.level}")
        self._bookmark(self._paragraph(f"Heading {block.level}", block.text), block.anchor)

    def _para(self, block: Para) -> None:
        style = _ROLE_STYLES[block.role]
        if block.role == "body" and isinstance(self.previous, Heading):
            style = "First Paragraph"
        self._inlines(self._paragraph(style), block.inlines, block.role)

    def _list(self, block: ListBlock) -> None:
        style = "List Number" if block.ordered else "List Bullet"
        num_id = None
        if block.ordered:  # each numbered list starts again at 1
            self.restarts += 1
            num_id = 2 + self.restarts
        last = len(block.items) - 1
        for i, item in enumerate(block.items):
            p = self._paragraph(style)
            ooxml.set_num(p, num_id if num_id is not None else NUM_BULLET)
            if i == last:  # the PDF's wider space after a list's last item
                ooxml.set_spacing(p, after=twips(self.m.styles["item_last"].after))
            self._inlines(p, item, "item")

    def _table(self, block: Table) -> None:
        t = self.m.table
        keep = self._fits_a_page(block)
        if block.caption:
            self._paragraph("Caption", block.caption)
        self.keep_next = False  # the caption's rows keep with it (keep_rows), not the next paragraph
        widths = [round(self.width * w * 20) for w in block.widths]  # twips
        tbl = CT_Tbl.new_tbl(1 + len(block.rows), len(block.header), Length(Emu(_emu(self.width))))
        self.end.addprevious(tbl)
        ooxml.set_table(tbl, self.ids["Table"], sum(widths), widths)
        header, *rows = tbl.tr_lst
        ooxml.set_row(header, header=True)
        for tc, label in zip(header.tc_lst, block.header, strict=True):
            ooxml.shade_cell(tc, self.accent)
            p = tc.p_lst[0]
            ooxml.set_style(p, self.ids["Table Heading"])
            ooxml.append_run(p, label)
            if keep:
                ooxml.set_keep_next(p)
        band = hex_colour(tint(self.accent, t.band))
        for n, (tr, cells) in enumerate(zip(rows, block.rows, strict=True)):
            ooxml.set_row(tr, header=False)
            final = n == len(rows) - 1
            rule = (t.last_rule, self.accent) if final else (t.row_rule, hex_colour("#C4C9D0"))
            for tc, inlines in zip(tr.tc_lst, cells, strict=True):
                if n % 2:
                    ooxml.shade_cell(tc, band)
                # the rule takes room in the DOCX, none in the PDF: take it from the padding
                ooxml.set_cell_bottom(tc, round(rule[0] * 8), rule[1], twips(t.pad_bottom - rule[0]))
                p = tc.p_lst[0]
                ooxml.set_style(p, self.ids["Table Text"])
                self._inlines(p, inlines, "td")
                if keep and not final:
                    ooxml.set_keep_next(p)

    def _fits_a_page(self, block: Table) -> bool:
        """Whether caption and table fit on one page, which keeps them together in the PDF."""
        t, td = self.m.table, self.m.styles["td"]
        top, _r, bottom, _l = margins(self.look)
        room = page_size(self.look)[1] - top - bottom
        height = self.m.styles["caption"].leading * 2 + t.before
        rows = [list(block.header), *([plain_text(cell) for cell in row] for row in block.rows)]
        for row in rows:
            lines = max(
                len(measure.wrap(self.look.body_font, text, td.size, self.width * share - 2 * t.pad_side))
                for text, share in zip(row, block.widths, strict=False)
            )
            height += max(lines, 1) * td.leading + t.pad_top + t.pad_bottom
        return height < room

    def _quote(self, block: BlockQuote) -> None:
        self._inlines(self._paragraph("Quote"), block.inlines, "quote")
        if block.attribution:
            self._inlines(self._paragraph("Quote Attribution", "\u2014 "), block.attribution, "attribution")

    def _notes(self, block: Notes) -> None:
        if block.as_footnotes:  # the footnotes' own text: already printed as real footnotes
            return
        if block.title:
            self._paragraph("TOC Heading", block.title)
        for note in block.notes:
            p = self._paragraph("Note Text", f"{note.number}.\t")
            self._inlines(p, note.inlines, "endnote")
            self._bookmark(p, f"note_{note.number}")

    # one handler per block kind: the registry a test checks against layout.document.Block
    handlers: ClassVar[dict[type, Callable[[_DocxWriter, Any], None]]] = {
        TitleBlock: _title_block,
        Contents: _contents,
        PageBreak: _page_break,
        Heading: _heading,
        Para: _para,
        ListBlock: _list,
        Table: _table,
        BlockQuote: _quote,
        Figure: _figure,
        Notes: _notes,
        **docx_custom.HANDLERS,  # a brief's own sections: data tables, pictures
    }


HANDLERS = _DocxWriter.handlers


def _emu(points: float) -> int:
    return round(points * EMU_PER_PT)


def _auto_numbered(document: Document) -> bool:
    """Whether the n-th footnote in reading order is note n, so Word's own footnote numbers are
    the PDF's note numbers and no custom mark is needed."""
    wanted = {n.number for n in document.footnotes}
    seen: list[int] = []

    def visit(inlines: Iterable[Inline]) -> None:
        for i in inlines:
            if isinstance(i, NoteRef) and i.footnote and i.number in wanted:
                seen.append(i.number)

    for b in document.blocks:
        if isinstance(b, Para):
            visit(b.inlines)
        elif isinstance(b, ListBlock):
            for item in b.items:
                visit(item)
        elif isinstance(b, Table):
            for row in b.rows:
                for cell in row:
                    visit(cell)
        elif isinstance(b, BlockQuote):
            visit(b.inlines)
            visit(b.attribution)
        elif isinstance(b, Notes) and not b.as_footnotes:
            for n in b.notes:
                visit(n.inlines)
    return seen == list(range(1, len(seen) + 1))
