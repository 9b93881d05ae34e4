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
source's number the same as in the PDF), pictures with alt text.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Iterable
from io import BytesIO
from typing import Any

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import BaseStyle, StyleFactory
from docx.text.paragraph import Paragraph
from lxml import etree

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
from briefbuilder.render import ooxml
from briefbuilder.render.raster import render_png

__all__ = ["write_docx"]

_ROLE_STYLES = {"body": "Normal", "lead": "Brief Lead", "note": "Note Text", "small": "Brief Small"}
_TEMPLATE_STYLES = (
    *("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Number", "List Bullet"),
    *("Quote", "Caption", "Header", "Footer", "Table Grid", "TOC Heading"),
)
_CUSTOM_STYLES = (
    *("Brief Lead", "Brief Meta", "Quote Attribution", "Note Text", "Brief Small", "Table Text"),
    *("Brief Organization", "Brief Figure"),
)
# Word's own built-in names: Word uses these for its TOC and footnotes, and restyles them
_BUILTIN_PARAGRAPH_STYLES = ("toc 1", "toc 2", "footnote text")
_FIGURE_DPI = 240
_META_LABEL_MM = 28
_KEEP_TABLE_STYLES = ("TableNormal", "TableGrid")
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_INK, _GREY, _RULE, _LINK, _WHITE = "1A1A1A", "505050", "B8BEC6", "1B5FA8", "FFFFFF"
_Stamp = tuple[int, int, int, int, int, int]


def write_docx(document: Document) -> bytes:
    """The .docx file for ``document``, byte-identical for identical input."""
    return _DocxWriter(document).write()


def _hex(color: str) -> str:
    return color.lstrip("#").upper()


def _tint(color: str, keep: float) -> str:
    """``color`` mixed with white, keeping fraction ``keep`` of it (a pale background)."""
    return "".join(f"{round(255 - (255 - c) * keep):02X}" for c in bytes.fromhex(_hex(color)))


def _ppr(style: BaseStyle) -> Any:
    return style.element.get_or_add_pPr()


def _rpr(style: BaseStyle) -> Any:
    return style.element.get_or_add_rPr()


def _zip_stamp(created: dt.datetime) -> _Stamp:
    """A zip entry time from the document date (zip stores only 1980 to 2107)."""
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC).replace(tzinfo=None)
    return min(max(created, dt.datetime(1980, 1, 1)), dt.datetime(2107, 12, 31, 23, 59, 58)).timetuple()[:6]


def _reproducible_zip(data: bytes, stamp: _Stamp, document: Document | None = None) -> bytes:
    """Rewrite the package with fixed entry times and attributes (python-docx uses the clock),
    embedding the look's fonts on the way when it asks for them."""
    with zipfile.ZipFile(BytesIO(data)) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}  # [Content_Types].xml first
    if document is not None and document.look.embed_fonts:
        parts = _with_fonts(parts, document)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in parts.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type, entry.create_system, entry.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            dst.writestr(entry, blob, compresslevel=6)
    return out.getvalue()


def _with_fonts(parts: dict[str, bytes], document: Document) -> dict[str, bytes]:
    """Embed the body and heading families, subset to the characters in the package's text."""
    from briefbuilder.fonts.families import font_family
    from briefbuilder.render.docx_fonts import Face, embed_fonts

    text = "".join(blob.decode("utf-8", "ignore") for name, blob in parts.items() if name.endswith(".xml"))
    faces = []
    for family, generic in ((document.look.body_font, "roman"), (document.look.heading_font, "swiss")):
        files = font_family(family)
        faces += [
            Face(family, style, getattr(files, style), generic) for style in ("regular", "bold", "italic")
        ]
    return embed_fonts(parts, faces, text)


class _DocxWriter:
    """One use: build the python-docx document for one ``Document``, then serialise it."""

    def __init__(self, document: Document) -> None:
        self.source, self.look = document, document.look
        self.docx = docx.Document()
        self.part = self.docx.part
        self.end = self.docx.element.body.sectPr  # body paragraphs go just before it
        self.accent = _hex(self.look.accent)
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
        self.handlers: dict[type, Callable[[Any], None]] = {
            TitleBlock: self._title_block,
            Contents: self._contents,
            PageBreak: self._page_break,
            Heading: self._heading,
            Para: self._para,
            ListBlock: self._list,
            Table: self._table,
            BlockQuote: self._quote,
            Figure: self._figure,
            Notes: self._notes,
        }
        self._prune_template()
        self.styles = self._find_styles()
        self.ids = {name: style.style_id for name, style in self.styles.items()}
        self.ids["Normal"] = None  # the default style is implied, never written

    def _prune_template(self) -> None:
        """Drop default-template baggage: 98 unused table styles (most of styles.xml, which
        every save re-serialises and compresses; Word keeps its own built-in definitions),
        the stale stylesWithEffects copy and python-docx's thumbnail of an empty page."""
        styles = self.docx.styles.element
        for style in styles.iterchildren(qn("w:style")):
            if style.get(qn("w:type")) == "table" and style.styleId not in _KEEP_TABLE_STYLES:
                style.tag = "drop"  # stripping marked elements in one pass is cheapest in lxml
        etree.strip_elements(styles, "drop", with_tail=False)
        for rels, reltype in (
            (self.part.rels, _STYLES_WITH_EFFECTS),
            (self.part.package.rels, RT.THUMBNAIL),
        ):
            for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == reltype]:
                del rels[r_id]

    def _find_styles(self) -> dict[str, BaseStyle]:
        """The template styles used, found in one scan, plus the custom ones, added once."""
        styles = self.docx.styles.element
        wanted = {BabelFish.ui2internal(name): name for name in _TEMPLATE_STYLES}
        found = {
            wanted[el.name_val]: StyleFactory(el)
            for el in styles.iterchildren(qn("w:style"))
            if el.name_val in wanted
        }
        for name in _CUSTOM_STYLES:  # add_style() would rescan every style for a clash
            found[name] = StyleFactory(styles.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, False))
        for name in _BUILTIN_PARAGRAPH_STYLES:
            found[name] = StyleFactory(styles.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, True))
        for name in ("Hyperlink", "footnote reference"):
            found[name] = StyleFactory(styles.add_style_of_type(name, WD_STYLE_TYPE.CHARACTER, True))
        return found

    # --- whole document ----------------------------------------------------------------------
    def write(self) -> bytes:
        self._setup_styles()
        self._setup_page()
        self._setup_properties()
        handlers = self.handlers
        for block in self.source.blocks:
            handler = handlers.get(type(block))
            if handler is None:
                raise TypeError(f"DOCX writer cannot write block kind {type(block).__name__!r}")
            handler(block)
        if self.footnotes is not None:
            ooxml.set_footnote_properties(self.docx.settings.element)
        buffer = BytesIO()
        self.docx.save(buffer)
        return _reproducible_zip(buffer.getvalue(), _zip_stamp(self.source.meta.created), self.source)

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
        ooxml.set_paragraph_borders(header._p.get_or_add_pPr(), bottom=(4, _RULE, 4))

        footer = section.footer.paragraphs[0]
        footer.add_run(f"{look.footer_text or meta.reference or meta.short_title}\tPage ")
        ooxml.append_field(footer._p, "PAGE", "1")
        footer.add_run(" of ")
        ooxml.append_field(footer._p, "NUMPAGES", "1")
        ooxml.set_paragraph_borders(footer._p.get_or_add_pPr(), top=(4, _RULE, 4))
        if meta.marking:
            self._marking(section.footer.add_paragraph(style=self.styles["Footer"]))

    def _marking(self, paragraph: Paragraph) -> None:
        """The protective marking line: centred, bold, in the marking colour."""
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(self.source.meta.marking)
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(_hex(self.look.marking_color))
        run.font.size = Pt(9)

    # --- styles ------------------------------------------------------------------------------
    def _setup_styles(self) -> None:
        look, s, accent = self.look, self.styles, self.accent
        serif, sans, size = look.body_font, look.heading_font, look.body_size
        defaults = self.docx.styles.element.find(qn("w:docDefaults"))
        default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        ooxml.set_fonts(default_rpr, serif)
        ooxml.set_lang(default_rpr, self.source.meta.language)
        specs: dict[str, dict[str, Any]] = {
            "Normal": dict(font=serif, size=size, color=_INK, after=6, line=1.15),
            "Title": dict(font=sans, size=size + 12, bold=True, color=accent, before=0, after=4),
            "Subtitle": dict(font=sans, size=size + 2.5, italic=False, color=_GREY, after=10),
            "Heading 1": dict(font=sans, size=size + 3, bold=True, color=accent, before=16, after=4),
            "Heading 2": dict(font=sans, size=size + 1, bold=True, color=accent, before=10, after=3),
            "List Number": dict(after=3),
            "List Bullet": dict(after=3),
            "Quote": dict(font=serif, size=size + 0.5, italic=True, color="303030", before=8, after=2),
            "Quote Attribution": dict(font=sans, size=size - 1, color=_GREY, before=2, after=12),
            "Brief Lead": dict(size=size + 1, before=4, after=10, line=1.2),
            "Brief Meta": dict(font=sans, size=size - 1, color=_GREY, after=0, line=1.1),
            "Note Text": dict(size=size - 1.5, after=3, line=1.05),
            "Brief Small": dict(size=size - 2, color=_GREY, after=4),
            "Table Text": dict(size=size - 1, after=0, line=1.05),
            "Caption": dict(font=sans, size=size - 1, bold=True, color=accent, before=10, after=4),
            "Brief Figure": dict(before=8, after=2, line=1.0),
            "Brief Organization": dict(font=sans, size=size, bold=True, color=accent, after=6),
            "TOC Heading": dict(before=14, after=6),
            "toc 1": dict(font=sans, size=size - 0.5, bold=True, color=_INK, before=4, after=1, line=1.0),
            "toc 2": dict(font=sans, size=size - 1.5, color=_GREY, after=1, line=1.0),
            "footnote text": dict(size=size - 2, after=1, line=1.0),
            "Header": dict(font=sans, size=8.5, color=_GREY, after=0, line=1.0),
            "Footer": dict(font=sans, size=8.5, color=_GREY, after=0, line=1.0),
        }
        for name, spec in specs.items():
            self._style(s[name], **spec)
        for name in (*_CUSTOM_STYLES, *_BUILTIN_PARAGRAPH_STYLES):
            style = s[name]
            style.base_style, style.quick_style = s["Normal"], True
        for level in (1, 2):  # page numbers at the right margin, joined by dot leaders
            ooxml.set_tab_stop(_ppr(s[f"toc {level}"]), Length(self.text_width).twips, leader="dot")
        s["toc 2"].paragraph_format.left_indent = Mm(4)
        meta = s["Brief Meta"].paragraph_format  # "Label<TAB>value", wrapped values aligned
        meta.left_indent, meta.first_line_indent = Mm(_META_LABEL_MM), Mm(-_META_LABEL_MM)
        ooxml.set_tab_stop(_ppr(s["Brief Meta"]), Mm(_META_LABEL_MM).twips, align="left")
        s["Brief Figure"].paragraph_format.keep_with_next = True  # with its caption
        noteref = s["footnote reference"].font
        noteref.superscript, noteref.color.rgb = True, RGBColor.from_string(accent)
        for name in ("Heading 1", "Heading 2", "Caption", "Quote", "TOC Heading"):  # never alone at a foot
            fmt = s[name].paragraph_format
            fmt.keep_with_next = fmt.keep_together = True
        s["Normal"].paragraph_format.widow_control = True
        ooxml.remove_children(_ppr(s["Title"]), "w:pBdr")  # our own rule follows the metadata
        ooxml.remove_children(_rpr(s["Title"]), "w:kern", "w:spacing")
        ooxml.remove_children(_ppr(s["Subtitle"]), "w:numPr")
        ooxml.remove_children(_rpr(s["Subtitle"]), "w:spacing", "w:iCs")
        for name in ("List Number", "List Bullet"):  # let items breathe
            ooxml.remove_children(_ppr(s[name]), "w:contextualSpacing")
        s["Quote"].paragraph_format.left_indent = s["Quote"].paragraph_format.right_indent = Mm(8)
        ooxml.set_paragraph_borders(_ppr(s["Quote"]), left=(18, accent, 8))
        attribution = s["Quote Attribution"].paragraph_format  # under the quote, not ragged
        attribution.left_indent = attribution.right_indent = Mm(8)
        lead = s["Brief Lead"].paragraph_format
        lead.left_indent, lead.right_indent = Pt(11), Pt(5)  # border and shading inside margins
        pale = _tint(accent, 0.08)
        edge = (2, pale, 4)  # invisible on the shading; pads the box above, below and right
        lead_bar = (36, accent, 6)
        ooxml.set_paragraph_borders(_ppr(s["Brief Lead"]), left=lead_bar, top=edge, bottom=edge, right=edge)
        ooxml.shade_paragraph(_ppr(s["Brief Lead"]), pale)
        for name in ("Header", "Footer"):  # one right tab at the text edge: "title ... Page n"
            ooxml.remove_children(_ppr(s[name]), "w:tabs")
            s[name].paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        link = s["Hyperlink"].font
        link.color.rgb, link.underline = RGBColor.from_string(_LINK), True

    @staticmethod
    def _style(style: Any, *, font: str | None = None, color: str | None = None, **spec: Any) -> None:
        """Set a paragraph style's font and colour, and ``spec``: size, before and after in
        points, bold, italic, line as a multiple of single spacing."""
        if font is not None:
            ooxml.set_fonts(style.element.get_or_add_rPr(), font)
        if color is not None:
            style.font.color.rgb = RGBColor.from_string(color)
        for key, value in spec.items():
            if key == "size":
                style.font.size = Pt(value)
                ooxml.set_cs_size(style.element.rPr, round(value * 2))  # Arabic, Hebrew...
            elif key in ("bold", "italic"):
                setattr(style.font, key, value)
            elif key == "line":
                style.paragraph_format.line_spacing = value
            else:  # before, after
                setattr(style.paragraph_format, f"space_{key}", Pt(value))

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
                raise TypeError(f"DOCX writer cannot write inline kind {type(inline).__name__!r}")
            previous = inline

    def _note_ref(self, p: Any, ref: NoteRef) -> None:
        """A citation: a real footnote where layout put one, else a link to the source's note."""
        number = str(ref.number)
        if ref.footnote and ref.number in self.footnote_texts:
            note_id = self._footnote(self.footnote_texts[ref.number])
            ooxml.append_footnote_reference(p, note_id, number, self.ids["footnote reference"])
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
        ooxml.set_table_frame(tbl, Length(sum(widths)).twips, self.accent, _RULE)
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
            ooxml.set_fonts(ooxml.append_run(p, label, bold=True, color=_WHITE).rPr, sans)
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
