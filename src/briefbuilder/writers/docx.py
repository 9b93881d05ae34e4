"""DOCX writer: translate a laid-out ``Document`` into .docx bytes with python-docx.

Everything visible goes through real named styles (Title, Heading 1, List Number, Quote,
Brief Lead...) configured once per document from the ``Look``, so Word's navigation pane, TOC
and "restyle the whole brief" keep working. The writer makes no content decisions: it meets
each block once, in order, and a block kind it does not know is an error, never skipped.
The bytes are reproducible: the same Document always gives the same file.

Body paragraphs and runs are built as elements (``ooxml``) rather than through python-docx's
proxies, whose setters walk the schema (and the whole body) on every call.

What python-docx has no API for is written as OOXML in ``ooxml``: a real TOC field whose result
is already filled in (entries linked to their headings, page numbers from the PDF's layout when
the Document carries them), footnotes (a ``word/footnotes.xml`` part; custom marks keep each
source's number the same as in the PDF), pictures with alt text. The named styles are set up in
``docx_styles``; the package's bytes are made reproducible in ``docx_package``.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any, ClassVar

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.table import CT_Tbl
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from briefbuilder.layout.document import (
    BlockQuote,
    Contents,
    Document,
    Figure,
    Heading,
    Image,
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
)
from briefbuilder.layout.page import PAGE_SIZES_MM
from briefbuilder.writers import UnhandledKind, docx_custom, ooxml
from briefbuilder.writers.docx_package import reproducible_zip, zip_stamp
from briefbuilder.writers.docx_styles import (
    RULE,
    WHITE,
    find_styles,
    hex_colour,
    prune_template,
    setup_styles,
)
from briefbuilder.writers.raster import render_png

__all__ = ["HANDLERS", "write_docx"]

_ROLE_STYLES = {"body": "Normal", "lead": "Brief Lead", "note": "Note Text", "small": "Brief Small"}
_FIGURE_DPI = 240


def write_docx(document: Document) -> bytes:
    """The .docx file for ``document``, byte-identical for identical input."""
    return _DocxWriter(document).write()


class _DocxWriter:
    """One use: build the python-docx document for one ``Document``, then serialise it."""

    def __init__(self, document: Document) -> None:
        self.source, self.look = document, document.look
        self.docx = docx.Document()
        self.part = self.docx.part
        self.end = self.docx.element.body.sectPr  # body paragraphs go just before it
        self.accent = hex_colour(self.look.accent)
        self.bookmarks = 0
        width_mm, height_mm = PAGE_SIZES_MM[self.look.page_size]
        _top, right, _bottom, left = self.look.margins_mm
        self.page = (Mm(width_mm), Mm(height_mm))
        self.text_width = Length(Mm(width_mm - left - right))
        self.break_before = False  # a PageBreak block: the next paragraph starts a page
        self.footnote_texts: dict[int, Note] = {n.number: n for n in document.footnotes}
        self.footnotes: Any = None  # the w:footnotes root, once the first footnote is written
        self.footnotes_part: XmlPart | None = None
        self.note_anchors = {  # the notes this document prints, each with a bookmark
            f"note_{n.number}"
            for b in document.blocks
            if isinstance(b, Notes) and not b.as_footnotes
            for n in b.notes
        }
        prune_template(self.docx)
        self.styles = find_styles(self.docx)
        self.ids: dict[str, str | None] = {name: style.style_id for name, style in self.styles.items()}
        self.ids["Normal"] = None  # the default style is implied, never written

    # --- whole document ----------------------------------------------------------------------
    def write(self) -> bytes:
        setup_styles(self.docx, self.styles, self.look, self.source.meta.language, self.text_width)
        self._setup_page()
        self._setup_properties()
        handlers = self.handlers
        for block in self.source.blocks:
            handler = handlers.get(type(block))
            if handler is None:
                raise UnhandledKind("DOCX", "block", block)
            handler(self, block)
        if self.footnotes is not None:
            ooxml.set_footnote_properties(self.docx.settings.element)
        buffer = BytesIO()
        self.docx.save(buffer)
        return reproducible_zip(buffer.getvalue(), zip_stamp(self.source.meta.created), self.source)

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

    def _setup_page(self) -> None:
        look, meta = self.look, self.source.meta
        section = self.docx.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = self.page
        top, right, bottom, left = look.margins_mm
        section.top_margin, section.right_margin = Mm(top), Mm(right)
        section.bottom_margin, section.left_margin = Mm(bottom), Mm(left)
        section.header_distance = section.footer_distance = Mm(min(top, bottom) * 0.45)

        header = section.header.paragraphs[0]  # already in the Header style
        if meta.marking:
            self._marking(header)
            header = section.header.add_paragraph(style=self.styles["Header"])
        header.add_run(look.header_text or meta.short_title)
        if meta.date_label:
            header.add_run(f"\t{meta.date_label}")
        ooxml.set_paragraph_borders(header._p.get_or_add_pPr(), bottom=(4, RULE, 4))

        footer = section.footer.paragraphs[0]
        footer.add_run(f"{look.footer_text or meta.reference or meta.short_title}\tPage ")
        ooxml.append_field(footer._p, "PAGE", "1")
        footer.add_run(" of ")
        ooxml.append_field(footer._p, "NUMPAGES", "1")
        ooxml.set_paragraph_borders(footer._p.get_or_add_pPr(), top=(4, RULE, 4))
        if meta.marking:
            self._marking(section.footer.add_paragraph(style=self.styles["Footer"]))

    def _marking(self, paragraph: Paragraph) -> None:
        """The protective marking line: centred, bold, in the marking colour."""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(self.source.meta.marking)
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(hex_colour(self.look.marking_color))
        run.font.size = Pt(9)

    # --- styles ------------------------------------------------------------------------------
    # --- building blocks ---------------------------------------------------------------------
    def _paragraph(self, style: str, text: str | None = None) -> Any:
        """A new body paragraph (``w:p``) in ``style``, with ``text`` as one plain run."""
        p = ooxml.new_paragraph(self.ids[style])
        self.end.addprevious(p)
        if self.break_before:
            p.get_or_add_pPr().pageBreakBefore_val = True
            self.break_before = False
        if text:
            ooxml.append_run(p, text)
        return p

    def _bookmark(self, p: Any, name: str) -> None:
        self.bookmarks += 1
        ooxml.add_bookmark(p, self.bookmarks, name)

    def _inlines(self, p: Any, inlines: Iterable[Inline], part: Any = None) -> None:
        """Append ``inlines`` to paragraph ``p``; links are related from ``part`` (the story
        the paragraph is in: the document, or the footnotes)."""
        part = part or self.part
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
                    ooxml.append_run(p, ",", color=self.accent, superscript=True)
                self._note_ref(p, inline)
            else:
                raise UnhandledKind("DOCX", "inline", inline)
            previous = inline

    def _note_ref(self, p: Any, ref: NoteRef) -> None:
        """A citation: a real footnote where layout put one, else a link to the source's note."""
        number = str(ref.number)
        if ref.footnote and ref.number in self.footnote_texts:
            note_id = self._footnote(self.footnote_texts[ref.number])
            ooxml.append_footnote_reference(p, note_id, number, self.styles["footnote reference"].style_id)
        elif f"note_{ref.number}" in self.note_anchors:
            link = ooxml.append_hyperlink(p, anchor=f"note_{ref.number}")
            ooxml.append_run(link, number, color=self.accent, superscript=True)
        else:
            ooxml.append_run(p, number, color=self.accent, superscript=True)

    def _footnote(self, note: Note) -> int:
        """Write ``note`` as the next footnote (creating the footnotes part on first use)."""
        if self.footnotes is None:
            self.footnotes = ooxml.new_footnotes()
            self.footnotes_part = XmlPart(
                PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.footnotes, self.part.package
            )
            self.part.relate_to(self.footnotes_part, RT.FOOTNOTES)
        note_id = len(self.footnotes) - 1  # ids -1 and 0 are the separators
        body = ooxml.append_footnote(self.footnotes, note_id)
        p = ooxml.new_paragraph(self.ids["footnote text"])
        body.append(p)
        ooxml.append_run(p, str(note.number), style_id=self.ids["footnote reference"])
        ooxml.append_run(p, " ")
        self._inlines(p, note.inlines, part=self.footnotes_part)
        return note_id

    # --- one method per block kind -----------------------------------------------------------
    def _picture(
        self, p: Any, data: bytes, alt: str, *, width: Length | None = None, height: Length | None = None
    ) -> None:
        inline = self.part.new_pic_inline(io.BytesIO(data), width=width, height=height)
        ooxml.append_picture(p, inline, alt)

    def _organization(self, block: TitleBlock, cover: bool) -> None:
        """The organization's name, with the logo before it when there is one."""
        if not (block.organization or block.logo):
            return
        p = self._paragraph("Brief Organization")
        logo: Image | None = block.logo
        if logo is not None:
            height = Mm(15 if cover else 9)
            self._picture(p, logo.data, logo.alt, height=height)
        if block.organization:
            r = ooxml.append_run(p, ("   " if logo else "") + block.organization)
            if logo is not None:  # raise the name to the middle of the logo
                rise = round((Length(height).pt / 2 - self.look.body_size * 0.35) * 2)
                ooxml.raise_run(r, rise)
        if cover:
            ooxml.set_paragraph_borders(p.get_or_add_pPr(), bottom=(6, self.accent, 6))

    def _title_block(self, block: TitleBlock) -> None:
        cover = block.style == "page"
        self._organization(block, cover)
        title = Paragraph(self._paragraph("Title", block.title), self.docx)
        if cover:
            title.paragraph_format.space_before = Pt(64)
            for r in title.runs:
                r.font.size = Pt(self.look.body_size + 17)
        if block.subtitle:
            self._paragraph("Subtitle", block.subtitle)
        for label, value in block.meta:  # label, then the value at the tab: a two-column list
            p = self._paragraph("Brief Meta")
            ooxml.append_run(p, label, bold=True)
            ooxml.append_run(p, f"\t{value}")
        rule = Paragraph(self._paragraph("Brief Meta"), self.docx)
        rule.paragraph_format.space_after, rule.paragraph_format.line_spacing = Pt(14), Pt(6)
        rule.paragraph_format.left_indent = rule.paragraph_format.first_line_indent = Mm(0)
        ooxml.set_paragraph_borders(rule._p.get_or_add_pPr(), bottom=(12, self.accent, 1))

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
        p = self._paragraph("Brief Figure")  # the scene is layout's, as wide as the text block
        self._picture(p, render_png(block.scene, dpi=_FIGURE_DPI), block.alt, width=self.text_width)
        caption = Paragraph(self._paragraph("Caption", block.caption), self.docx)
        caption.paragraph_format.keep_with_next = False  # it follows its figure
        caption.paragraph_format.space_after = Pt(12)

    def _heading(self, block: Heading) -> None:
        if block.level not in (1, 2):
            raise ValueError(f"heading level must be 1 or 2, not {block.level}")
        self._bookmark(self._paragraph(f"Heading {block.level}", block.text), block.anchor)

    def _para(self, block: Para) -> None:
        self._inlines(self._paragraph(_ROLE_STYLES[block.role]), block.inlines)

    def _list(self, block: ListBlock) -> None:
        style = "List Number" if block.ordered else "List Bullet"
        num_id = None
        if block.ordered:  # each numbered list starts again at 1
            style_num = self.styles[style].element.pPr.numPr.numId.val
            num_id = ooxml.restarted_num(self.part.numbering_part.element, style_num)
        for item in block.items:
            p = self._paragraph(style)
            if num_id is not None:
                ooxml.set_num(p, num_id)
            self._inlines(p, item)

    def _table(self, block: Table) -> None:
        if block.caption:
            self._paragraph("Caption", block.caption)
        widths = [Length(int(self.text_width * w)) for w in block.widths]
        tbl = CT_Tbl.new_tbl(1 + len(block.rows), len(block.header), self.text_width)
        self.end.addprevious(tbl)
        tbl.tblPr.style = self.ids["Table Grid"]
        tbl.tblPr.alignment = WD_TABLE_ALIGNMENT.CENTER
        ooxml.set_table_frame(tbl, Length(sum(widths)).twips, self.accent, RULE)
        for col, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
            col.w = width
        text_id, sans = self.ids["Table Text"], self.look.heading_font
        header, *rows = tbl.tr_lst
        ooxml.set_row(header, header=True)
        for tc, width, label in zip(header.tc_lst, widths, block.header, strict=True):
            tc.width = width
            ooxml.shade_cell(tc, self.accent)
            p = tc.p_lst[0]
            p.style = text_id
            ooxml.set_fonts(ooxml.append_run(p, label, bold=True, color=WHITE).rPr, sans)
        for tr, cells in zip(rows, block.rows, strict=True):
            ooxml.set_row(tr, header=False)
            for tc, width, inlines in zip(tr.tc_lst, widths, cells, strict=True):
                tc.width = width
                p = tc.p_lst[0]
                p.style = text_id
                self._inlines(p, inlines)

    def _quote(self, block: BlockQuote) -> None:
        self._inlines(self._paragraph("Quote"), block.inlines)
        self._inlines(self._paragraph("Quote Attribution", "— "), block.attribution)

    def _notes(self, block: Notes) -> None:
        if block.as_footnotes:  # the footnotes' own text: already printed as real footnotes
            return
        if block.title:
            self._paragraph("TOC Heading", block.title)
        for note in block.notes:
            p = self._paragraph("Note Text", f"{note.number}. ")
            self._inlines(p, note.inlines)
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
