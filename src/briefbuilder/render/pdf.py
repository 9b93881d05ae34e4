"""PDF writer: translate a laid-out Document into PDF bytes with reportlab platypus.

Layout has already decided everything; this module only maps blocks to flowables and styles.
User text never reaches reportlab as markup: every string is escaped and the writer emits the
only tags (<b>, <i>, <a>, <super>). Output is reproducible: invariant mode, dates from
``meta.created``, no clock, no disk writes.

A document with a table of contents is laid out once: every page is held back until the end
(for "Page X of Y" anyway), so the contents' page numbers are drawn then, when every heading has
been placed. Nothing else on a page depends on them (an entry's height does not), so the pages
cannot move. ``render_pdf`` also returns the headings' pages, for the DOCX's contents.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics import shapes as rg
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    PageTemplate,
    Paragraph,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Image as RLImage
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Table as RLTable

from briefbuilder.fonts.families import font_family
from briefbuilder.layout.document import (
    Block,
    BlockQuote,
    Contents,
    Document,
    Figure,
    Heading,
    Image,
    Inline,
    ListBlock,
    Look,
    Meta,
    NoteRef,
    Notes,
    PageBreak,
    Para,
    Table,
    Text,
    TitleBlock,
)
from briefbuilder.layout.page import margins, page_size, text_block_width
from briefbuilder.layout.scene import Box, Dot, Scene, Stroke, Words

__all__ = ["RenderedPdf", "pdf_heading_pages", "render_pdf", "write_pdf"]

_INK = colors.HexColor("#1A1A1A")
_MUTED = colors.HexColor("#5A5F66")
_RULE = colors.HexColor("#C4C9D0")
_RULE_DARK = colors.HexColor("#8C96A4")
_LEADER_STEP = 3.2  # points between leader dots
_NO_PADDING = dict.fromkeys(("leftPadding", "rightPadding", "topPadding", "bottomPadding"), 0)
_NO_PADDING_KEYS = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    """The PDF and what its layout found: the page of every heading, by anchor; page count."""

    data: bytes
    heading_pages: dict[str, int]
    page_count: int


def render_pdf(document: Document) -> RenderedPdf:
    """Render ``document`` as PDF; the same Document always gives the same bytes."""
    return _PdfWriter(document).render()


def write_pdf(document: Document) -> bytes:
    """The PDF bytes of ``document`` (the registry's writer)."""
    return render_pdf(document).data


def pdf_heading_pages(document: Document) -> dict[str, int]:
    """The page each heading of ``document`` falls on in its PDF, by anchor (1-based)."""
    return render_pdf(document).heading_pages


# --- fonts --------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Faces:
    regular: str
    bold: str
    italic: str
    bolditalic: str


def _register_family(name: str) -> _Faces:
    """Register a family's four TTFs once per process (the registry is global) under unique
    names, and map them as a family so <b>/<i> in markup pick the right face."""
    files = font_family(name)
    base = "briefbuilder-" + "".join(ch for ch in name if ch.isalnum())
    faces = _Faces(*(f"{base}-{style}" for style in ("Regular", "Bold", "Italic", "BoldItalic")))
    known = set(pdfmetrics.getRegisteredFontNames())
    for style in ("regular", "bold", "italic", "bolditalic"):  # _Faces mirrors FontFamily
        if (face := getattr(faces, style)) not in known:
            pdfmetrics.registerFont(TTFont(face, str(getattr(files, style))))
    pdfmetrics.registerFontFamily(
        base,
        normal=faces.regular,
        bold=faces.bold,
        italic=faces.italic,
        boldItalic=faces.bolditalic,
    )
    return faces


# --- flowables and canvas -----------------------------------------------------------------------
class _BarParagraph(Paragraph):
    """A paragraph with a coloured bar down its left padding edge (lead box, quotations).

    The bar colour lives on the style (``bar_color``) because Paragraph.split rebuilds
    instances from (text, style) only."""

    def draw(self) -> None:
        super().draw()
        style = self.style
        top, _right, bottom, left = style.borderPadding
        self.canv.saveState()
        self.canv.setFillColor(style.bar_color)
        self.canv.rect(style.leftIndent - left, -bottom, 2.5, self.height + top + bottom, stroke=0, fill=1)
        self.canv.restoreState()


class _HeadingParagraph(Paragraph):
    """A heading that binds its anchor where it is drawn and adds itself to the outline."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        anchor: str,
        title: str,
        outline_level: int,
        rule: colors.Color | None,
        pages: dict[str, int],
    ) -> None:
        super().__init__(text, style)
        self.anchor, self.title = anchor, title
        self.outline_level, self.rule = outline_level, rule
        self.pages = pages  # filled in as headings are drawn: anchor -> page

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []  # headings move whole to the next frame; never break one

    def draw(self) -> None:
        canv = self.canv
        self.pages[self.anchor] = canv.getPageNumber()
        canv.bookmarkHorizontal(self.anchor, 0, self.height + self.style.fontSize * 0.5)
        canv.addOutlineEntry(self.title, self.anchor, level=self.outline_level, closed=False)
        if self.rule is not None:
            canv.saveState()
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(0.6)
            y = -self.style.fontSize * 0.35
            canv.line(0, y, self.width, y)
            canv.restoreState()
        super().draw()


class _ContentsLine(Flowable):
    """One entry of the table of contents: the heading's text (wrapped, indented by level), dot
    leaders, and its page number on the last line, the whole entry linked to the heading.

    The number is looked up in ``pages`` (filled in as headings are drawn) when the page is
    finished, at the end of the document; an anchor that no heading has gets no number."""

    _NUMBER_WIDTH = 26.0

    def __init__(self, markup: str, style: ParagraphStyle, anchor: str, pages: dict[str, int], indent: float):
        super().__init__()
        self.para = Paragraph(markup, style)
        self.style, self.anchor, self.pages, self.indent = style, anchor, pages, indent
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.text_width = availWidth - self.indent - self._NUMBER_WIDTH - 8
        _w, self.height = self.para.wrap(self.text_width, availHeight)
        return availWidth, self.height

    def draw(self) -> None:
        canv, style, para = self.canv, self.style, self.para
        para.drawOn(canv, self.indent, 0)
        lines = para.blPara.lines
        last = lines[-1]
        extra = last[0] if isinstance(last, tuple) else last.extraSpace
        first_baseline = self.height - (
            style.fontSize
            if rl_config.paraFontSizeHeightOffset
            else getattr(para.blPara, "ascent", style.fontSize)
        )
        baseline = first_baseline - (len(lines) - 1) * style.leading
        canv.draw_later(partial(self._draw_number, baseline))  # here, so it reads after the title
        canv.saveState()
        # dot leaders: a dashed line of zero-length dashes with round caps, on a grid shared
        # by every entry so the dots line up down the page
        start = self.indent + self.text_width - extra + 5
        stop = self.width - self._NUMBER_WIDTH + 4
        if stop > start:
            canv.setStrokeColor(_RULE_DARK)
            canv.setLineWidth(0.85)
            canv.setLineCap(1)
            canv.setDash([0, _LEADER_STEP], start % _LEADER_STEP)
            canv.line(start, baseline + 1.1, stop, baseline + 1.1)
        canv.restoreState()
        canv.linkRect("", self.anchor, (0, 0, self.width, self.height), relative=1, thickness=0)

    def _draw_number(self, baseline: float, canv: Canvas) -> None:
        """The heading's page at the right end of the entry's last line."""
        page = self.pages.get(self.anchor)
        if page is None:
            return
        canv.saveState()
        canv.setFont(self.style.fontName, self.style.fontSize)
        canv.setFillColor(self.style.textColor)
        canv.drawRightString(self.width, baseline, str(page))
        canv.restoreState()


class _DrawingFlowable(Flowable):
    """A vector drawing that keeps with what follows it (its caption); Drawing itself refuses
    the attribute."""

    def __init__(self, drawing: rg.Drawing, space_before: float) -> None:
        super().__init__()
        self.drawing = drawing
        self.width, self.height = drawing.width, drawing.height
        self.keepWithNext, self.spaceBefore = 1, space_before

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        renderPDF.draw(self.drawing, self.canv, 0, 0)


class _Later(str):
    """A place kept in a page's content (an empty operator until filled in), see draw_later."""

    def __new__(cls, draw: Callable[[Canvas], None]) -> _Later:
        kept = super().__new__(cls, "")
        kept.draw = draw
        return kept


class _BriefCanvas(Canvas):
    """Defers every page until the end, so 'Page X of Y' knows Y on every page, and what a page
    shows about later pages (the contents' page numbers) is drawn once they are all laid out.

    Bookmarks are deferred too: reportlab binds a bookmark to the page being *emitted*, which
    with deferral would otherwise be page 1 for every heading and note."""

    def __init__(
        self, *args: Any, chrome: Callable[[Canvas, int, int], None], pdf_date: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._chrome = chrome
        self._pending_pages: list[dict[str, Any]] = []
        self._page_marks: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
        self.setDateFormatter(lambda *_ymdhms: pdf_date)
        # the file /ID is seeded with reportlab's timestamp, which follows $SOURCE_DATE_EPOCH;
        # seed it from the document's own date so the environment cannot change the bytes
        self._doc.signature = hashlib.md5(b"briefbuilder " + pdf_date.encode(), usedforsecurity=False)
        self.showOutline()

    def bookmarkPage(self, *args: Any, **kwargs: Any) -> None:
        self._page_marks.append((args, kwargs))

    def draw_later(self, draw: Callable[[Canvas], None]) -> None:
        """Keep this point of the page's content for ``draw(canvas)``, run when every page is laid
        out: what it draws sits here in the content stream, in reading order, in the graphics
        state of this point (a text extractor reads a contents entry's page right after it)."""
        self._code.append(_Later(draw))

    def showPage(self) -> None:
        self._pending_pages.append(dict(self.__dict__))
        self._page_marks = []
        self._startPage()

    def _fill_later(self) -> None:
        code = self._code
        for i in [i for i, op in enumerate(code) if isinstance(op, _Later)]:
            start = len(code)
            code[i].draw(self)  # appends its operators (self-contained: q ... Q) at the end...
            code[i] = "\n".join(code[start:])  # ...which move to the place kept for them
            del code[start:]

    def save(self) -> None:
        total = len(self._pending_pages)
        for state in self._pending_pages:
            self.__dict__.update(state)
            for args, kwargs in self._page_marks:
                super().bookmarkPage(*args, **kwargs)
            self._fill_later()
            self._chrome(self, self._pageNumber, total)
            super().showPage()
        super().save()


def _tint(color: colors.Color, amount: float) -> colors.Color:
    """``color`` mixed with white; amount 0 is white, 1 is the colour itself."""
    return colors.Color(*(1 - amount * (1 - c) for c in (color.red, color.green, color.blue)))


def _pdf_date(meta: Meta) -> str:
    """PDF date string (D:YYYYMMDDHHmmSS+HH'mm') from the document's own timestamp."""
    zone = meta.created.strftime("%z")  # "+0100", or "" for a naive datetime
    return meta.created.strftime("D:%Y%m%d%H%M%S") + (f"{zone[:3]}'{zone[3:5]}'" if zone else "")


# --- styles -------------------------------------------------------------------------------------
def _styles(look: Look, body: _Faces, head: _Faces) -> dict[str, ParagraphStyle]:
    """Every paragraph style of a document, built once per document (not per paragraph)."""
    size, small = look.body_size, look.body_size * 0.84
    accent = colors.HexColor(look.accent)
    base = ParagraphStyle(
        "body",
        fontName=body.regular,
        fontSize=size,
        leading=size * 1.35,
        textColor=_INK,
        spaceAfter=size * 0.6,
        allowWidows=0,
        allowOrphans=0,
        bulletFontName=body.regular,
        bulletFontSize=size,
    )

    def derive(name: str, parent: ParagraphStyle = base, **kw: Any) -> ParagraphStyle:
        if "fontSize" in kw:  # keep ~1.35 leading unless told otherwise
            kw.setdefault("leading", kw["fontSize"] * 1.35)
        return ParagraphStyle(name, parent=parent, **kw)

    heading = derive("heading", fontName=head.bold, textColor=accent, keepWithNext=1)
    meta = derive("meta", fontSize=9, leading=11, spaceAfter=0)
    cell = derive("td", fontSize=small, leading=small * 1.3, spaceAfter=0)
    item = derive("item", leftIndent=16, bulletIndent=3, spaceAfter=size * 0.3)
    lead = derive(
        "lead",
        fontSize=size * 1.08,
        backColor=_tint(accent, 0.08),
        borderPadding=(7, 9, 7, 11),  # the tinted box; indents keep it inside the text width
        leftIndent=11,
        rightIndent=9,
        spaceBefore=9,
        spaceAfter=16,
    )
    quote = derive(
        "quote",
        fontName=body.italic,
        borderPadding=(2, 0, 2, 10),
        leftIndent=20,
        rightIndent=20,
        spaceBefore=6,
        spaceAfter=3,
        keepWithNext=1,  # never strand a quotation without its attribution
    )
    lead.bar_color = quote.bar_color = accent  # read by _BarParagraph
    return {
        "body": base,
        "lead": lead,
        "note": derive("note", fontSize=small),
        "small": derive("small", fontSize=size * 0.8, textColor=_MUTED),
        "h1": derive("h1", heading, fontSize=size * 1.36, spaceBefore=size * 1.5, spaceAfter=size * 0.85),
        "h2": derive("h2", heading, fontSize=size * 1.12, spaceBefore=size * 0.9, spaceAfter=size * 0.35),
        "title": derive("title", heading, fontSize=23, leading=27.5, spaceAfter=5, keepWithNext=0),
        "subtitle": derive("subtitle", fontName=head.regular, fontSize=13, textColor=_MUTED, spaceAfter=10),
        "meta_label": derive("meta_label", meta, fontName=head.bold, fontSize=8.2, textColor=_MUTED),
        "meta_value": meta,
        "item": item,
        "item_last": derive("item_last", item, spaceAfter=base.spaceAfter),
        "th": derive("th", cell, fontName=head.bold, textColor=colors.white),
        "td": cell,
        "caption": derive("caption", heading, fontSize=small, textColor=_MUTED, spaceAfter=4),
        "quote": quote,
        "attribution": derive(
            "attribution", fontName=head.regular, fontSize=small, textColor=_MUTED, leftIndent=20
        ),
        "endnote": derive("endnote", fontSize=small, leftIndent=16, bulletFontSize=small, spaceAfter=3),
        "kicker": derive(
            "kicker", fontName=head.bold, fontSize=9.5, leading=12, textColor=accent, spaceAfter=0
        ),
        "cover_kicker": derive(
            "cover_kicker", fontName=head.bold, fontSize=12, leading=15, textColor=accent, spaceAfter=0
        ),
        "cover_title": derive("cover_title", heading, fontSize=27, leading=32, spaceAfter=8, keepWithNext=0),
        "cover_subtitle": derive(
            "cover_subtitle",
            fontName=head.regular,
            fontSize=14,
            leading=18.5,
            textColor=_MUTED,
            spaceAfter=16,
        ),
        "cover_label": derive(
            "cover_label", meta, fontName=head.bold, fontSize=8.6, leading=13, textColor=_MUTED
        ),
        "cover_value": derive("cover_value", meta, fontSize=9.8, leading=13),
        "contents_title": derive(
            "contents_title", heading, fontSize=size * 1.36, spaceBefore=size * 1.2, spaceAfter=size * 0.7
        ),
        "toc1": derive("toc1", fontName=head.bold, fontSize=size * 0.98, spaceBefore=3.5, spaceAfter=1.5),
        "toc2": derive("toc2", fontName=head.regular, fontSize=size * 0.9, textColor=_MUTED, spaceAfter=1.5),
        "figure_caption": derive(
            "figure_caption",
            fontName=head.regular,
            fontSize=small,
            textColor=_MUTED,
            spaceBefore=4,
            spaceAfter=12,
        ),
    }


# --- the writer ---------------------------------------------------------------------------------
class _PdfWriter:
    """One document's translation: styles, fonts and page geometry are fixed up front."""

    def __init__(self, document: Document) -> None:
        self.meta, self.look, self.blocks = document.meta, document.look, document.blocks
        # link targets: every note printed, the footnotes' own text included (Notes.as_footnotes)
        self.note_numbers = {n.number for b in document.blocks if isinstance(b, Notes) for n in b.notes}
        self.body = _register_family(self.look.body_font)
        self.head = _register_family(self.look.heading_font)
        self.accent = colors.HexColor(self.look.accent)
        self.styles = _styles(self.look, self.body, self.head)
        self.page_w, self.page_h = page_size(self.look)
        self.top, self.right, self.bottom, self.left = margins(self.look)
        self.width = text_block_width(self.look)
        self.table_style = TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), self.accent),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, _tint(self.accent, 0.07)]),
                ("LINEBELOW", (0, 1), (-1, -1), 0.4, _RULE),
                ("LINEBELOW", (0, -1), (-1, -1), 0.9, self.accent),
                ("FONTNAME", (0, 0), (-1, -1), self.body.regular),  # else Helvetica is referenced
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ]
        )
        self.outline_level = -1
        self.heading_pages: dict[str, int] = {}  # filled in as headings are drawn
        self.page_count = 0
        self.handlers: dict[type, Callable[[Any], list[Flowable]]] = {
            TitleBlock: self._title,
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

    def render(self) -> RenderedPdf:
        """Lay out once: the contents' page numbers are drawn when the pages are finished."""
        data = self._build()
        return RenderedPdf(data, dict(self.heading_pages), self.page_count)

    def _build(self) -> bytes:
        story: list[Flowable] = []
        for block in self.blocks:
            story.extend(self._block(block))
        if not story:
            story.append(Spacer(1, 1))  # a PDF needs a page even for an empty document
        out = io.BytesIO()
        meta = self.meta
        height = self.page_h - self.top - self.bottom
        frame = Frame(self.left, self.bottom, self.width, height, id="body", **_NO_PADDING)
        doc = BaseDocTemplate(
            out,
            pagesize=(self.page_w, self.page_h),
            pageTemplates=[PageTemplate("brief", [frame])],
            title=meta.title,
            author=meta.author,
            subject=meta.subject,
            keywords=", ".join(meta.keywords),
            creator="briefbuilder",
            lang=meta.language,
            invariant=True,
            displayDocTitle=True,
            initialFontName=self.body.regular,
        )
        doc.build(story, canvasmaker=partial(_BriefCanvas, chrome=self._chrome, pdf_date=_pdf_date(meta)))
        return out.getvalue()

    def _block(self, block: Block) -> list[Flowable]:
        handler = self.handlers.get(type(block))
        if handler is None:
            raise TypeError(f"PDF writer cannot render block kind {type(block).__name__}")
        return handler(block)

    # inline markup: the only place text becomes reportlab markup
    def _markup(self, inlines: tuple[Inline, ...]) -> str:
        parts: list[str] = []
        previous: Inline | None = None
        for inline in inlines:
            if isinstance(inline, NoteRef):
                n = int(inline.number)
                comma = f'<font color="{self.look.accent}">,</font>' if isinstance(previous, NoteRef) else ""
                if n in self.note_numbers:
                    number = f'<a href="#note_{n}" color="{self.look.accent}">{n}</a>'
                else:  # a note this document does not print: no link to nowhere
                    number = f'<font color="{self.look.accent}">{n}</font>'
                parts.append(f"<super>{comma}{number}</super>")
            elif isinstance(inline, Text):
                run = escape(inline.text)
                if inline.bold:
                    run = f"<b>{run}</b>"
                if inline.italic:
                    run = f"<i>{run}</i>"
                if inline.href:
                    href = escape(inline.href, {'"': "&quot;"})
                    run = f'<a href="{href}" color="{self.look.accent}" underline="1">{run}</a>'
                parts.append(run)
            else:
                raise TypeError(f"PDF writer cannot render inline kind {type(inline).__name__}")
            previous = inline
        return "".join(parts)

    # one method per block kind
    def _kicker(self, block: TitleBlock, cover: bool) -> list[Flowable]:
        """The organization's name, with its logo to the left when there is one."""
        if not (block.organization or block.logo):
            return []
        s = self.styles
        text = Paragraph(escape(block.organization or ""), s["cover_kicker" if cover else "kicker"])
        if block.logo is None:
            return [text, Spacer(1, 6 if cover else 3)]
        logo = self._image(block.logo, (15 if cover else 9) * mm)
        gap = 3.5 * mm
        row = RLTable([[logo, text]], colWidths=[logo.drawWidth + gap, None], hAlign="LEFT")
        row.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    *((k, (0, 0), (-1, -1), 0) for k in _NO_PADDING_KEYS),
                ]
            )
        )
        return [row, Spacer(1, 6 if cover else 4)]

    @staticmethod
    def _image(image: Image, height: float) -> RLImage:
        width = height * image.width_px / image.height_px
        return RLImage(io.BytesIO(image.data), width=width, height=height, mask="auto")

    def _title(self, block: TitleBlock) -> list[Flowable]:
        s = self.styles
        cover = block.style == "page"
        out: list[Flowable] = self._kicker(block, cover)
        if cover:
            out.append(
                HRFlowable(width="100%", thickness=0.8, color=self.accent, spaceBefore=2, spaceAfter=0)
            )
            out.append(Spacer(1, 22 * mm))
        out.append(Paragraph(escape(block.title), s["cover_title" if cover else "title"]))
        if block.subtitle:
            out.append(Paragraph(escape(block.subtitle), s["cover_subtitle" if cover else "subtitle"]))
        if block.meta:
            label, value = (
                (s["cover_label"], s["cover_value"]) if cover else (s["meta_label"], s["meta_value"])
            )
            rows = [[Paragraph(escape(k), label), Paragraph(escape(v), value)] for k, v in block.meta]
            label_w = (30 if cover else 26) * mm
            table = RLTable(rows, colWidths=[label_w, self.width - label_w], hAlign="LEFT")
            table.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), self.body.regular),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("TOPPADDING", (0, 0), (0, -1), 1.8),  # the smaller label sits on the baseline
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ]
                )
            )
            out.append(table)
        out.append(HRFlowable(width="100%", thickness=1.6, color=self.accent, spaceBefore=9, spaceAfter=4))
        return out

    def _contents(self, block: Contents) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = [Paragraph(escape(block.title), s["contents_title"])]
        for entry in block.entries:
            style = s["toc1" if entry.level <= 1 else "toc2"]
            indent = 0.0 if entry.level <= 1 else 12.0
            out.append(_ContentsLine(escape(entry.text), style, entry.anchor, self.heading_pages, indent))
        return out

    def _page_break(self, block: PageBreak) -> list[Flowable]:
        return [RLPageBreak()]

    def _figure(self, block: Figure) -> list[Flowable]:
        caption = Paragraph(escape(block.caption), self.styles["figure_caption"])
        # kept with its caption, and a heading before it stays with both (a KeepTogether
        # would not: reportlab never chains keepWithNext into a container)
        return [_DrawingFlowable(self._drawing(block.scene), space_before=6), caption]

    def _drawing(self, scene: Scene) -> rg.Drawing:
        """The figure's scene as reportlab vector shapes (the DOCX gets a PNG of the same scene)."""
        faces = _register_family(scene.font)
        drawing = rg.Drawing(scene.width, scene.height)
        for shape in scene.shapes:
            match shape:
                case Box():
                    drawing.add(
                        rg.Rect(
                            shape.x,
                            shape.y,
                            shape.w,
                            shape.h,
                            rx=shape.radius,
                            ry=shape.radius,
                            fillColor=colors.HexColor(shape.fill),
                            strokeColor=None,
                        )
                    )
                case Stroke():
                    drawing.add(
                        rg.Line(
                            shape.x1,
                            shape.y1,
                            shape.x2,
                            shape.y2,
                            strokeColor=colors.HexColor(shape.color),
                            strokeWidth=shape.width,
                            strokeLineCap=1,
                        )
                    )
                case Dot():
                    ring = colors.HexColor(shape.ring) if shape.ring else None
                    drawing.add(
                        rg.Circle(
                            shape.x,
                            shape.y,
                            shape.r,
                            fillColor=colors.HexColor(shape.fill),
                            strokeColor=ring,
                            strokeWidth=shape.ring_width,
                        )
                    )
                case Words():
                    drawing.add(
                        rg.String(
                            shape.x,
                            shape.y,
                            shape.text,
                            fontName=faces.bold if shape.bold else faces.regular,
                            fontSize=shape.size,
                            fillColor=colors.HexColor(shape.color),
                            textAnchor=shape.anchor,
                        )
                    )
                case _:
                    raise TypeError(f"PDF writer cannot draw shape {type(shape).__name__}")
        return drawing

    def _heading(self, block: Heading) -> list[Flowable]:
        # nest at most one level deeper than the previous entry: reportlab requires it
        level = max(0, min(block.level - 1, self.outline_level + 1))
        self.outline_level = level
        style = self.styles["h1" if block.level <= 1 else "h2"]
        rule = _RULE if block.level <= 1 else None
        return [
            _HeadingParagraph(
                escape(block.text),
                style,
                anchor=block.anchor,
                title=block.text,
                outline_level=level,
                rule=rule,
                pages=self.heading_pages,
            )
        ]

    def _para(self, block: Para) -> list[Flowable]:
        style = self.styles[block.role]
        cls = _BarParagraph if block.role == "lead" else Paragraph
        return [cls(self._markup(block.inlines), style)]

    def _list(self, block: ListBlock) -> list[Flowable]:
        last = len(block.items) - 1
        return [
            Paragraph(
                self._markup(item),
                self.styles["item_last" if i == last else "item"],
                bulletText=f"{i + 1}." if block.ordered else "\u2022",
            )
            for i, item in enumerate(block.items)
        ]

    def _table(self, block: Table) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = []
        if block.caption:
            out.append(Paragraph(escape(block.caption), s["caption"]))
        data = [[Paragraph(escape(h), s["th"]) for h in block.header]]
        data += [[Paragraph(self._markup(cell), s["td"]) for cell in row] for row in block.rows]
        table = RLTable(
            data,
            colWidths=[w * self.width for w in block.widths],
            repeatRows=1,
            hAlign="LEFT",
            spaceBefore=4,
            spaceAfter=12,
        )
        table.setStyle(self.table_style)
        out.append(table)
        return out

    def _quote(self, block: BlockQuote) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = [_BarParagraph(self._markup(block.inlines), s["quote"])]
        if block.attribution:
            out.append(Paragraph("\u2014 " + self._markup(block.attribution), s["attribution"]))
        return out

    def _notes(self, block: Notes) -> list[Flowable]:
        """Every Notes block, the footnotes' own text too: a PDF has no footnotes."""
        style = self.styles["endnote"]
        title = [Paragraph(escape(block.title), self.styles["contents_title"])] if block.title else []
        return title + [
            Paragraph(
                f'<a name="note_{int(note.number)}"/>{self._markup(note.inlines)}',
                style,
                bulletText=f"{int(note.number)}.",
            )
            for note in block.notes
        ]

    # running header and footer, drawn once the page count is known
    def _chrome(self, canv: Canvas, page: int, total: int) -> None:
        look, meta = self.look, self.meta
        left, right = self.left, self.page_w - self.right
        centre = (left + right) / 2
        head_y = self.page_h - self.top + 5 * mm
        foot_y = self.bottom - 7 * mm
        canv.saveState()
        canv.setStrokeColor(_RULE)
        canv.setLineWidth(0.5)
        canv.line(left, head_y - 2.2 * mm, right, head_y - 2.2 * mm)
        canv.line(left, foot_y + 3.6 * mm, right, foot_y + 3.6 * mm)
        canv.setFillColor(_MUTED)
        canv.setFont(self.head.regular, 8)
        canv.drawString(left, head_y, look.header_text or meta.short_title)
        if meta.date_label:
            canv.drawRightString(right, head_y, meta.date_label)
        canv.drawString(left, foot_y, look.footer_text or meta.reference or meta.short_title)
        canv.drawRightString(right, foot_y, f"Page {page} of {total}")
        self.page_count = total
        if meta.marking:
            canv.setFillColor(colors.HexColor(look.marking_color))
            canv.setFont(self.head.bold, 8.5)
            canv.drawCentredString(centre, self.page_h - self.top * 0.42, meta.marking)
            canv.drawCentredString(centre, self.bottom * 0.42 - 3, meta.marking)
        canv.restoreState()
