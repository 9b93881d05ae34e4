"""PDF writer: translate a laid-out Document into PDF bytes with reportlab platypus.

Layout has already decided everything; this module only maps blocks to flowables and styles.
User text never reaches reportlab as markup: every string is escaped and the writer emits the
only tags (<b>, <i>, <a>, <super>). Output is reproducible: invariant mode, dates from
``meta.created``, no clock, no disk writes.

A document with a table of contents is laid out once: every page is held back until the end
(for "Page X of Y" anyway), so the contents' page numbers are drawn then, when every heading has
been placed. Nothing else on a page depends on them (an entry's height does not), so the pages
cannot move. ``render_pdf`` also returns the headings' pages, for the DOCX's contents.

Fonts and styles are in ``pdf_styles``, the writer's own flowables (and a figure's scene as
vector shapes) in ``pdf_flowables``, deferred pages and the running header and footer in
``pdf_canvas``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
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
    NoteRef,
    Notes,
    PageBreak,
    Para,
    Table,
    Text,
    TitleBlock,
)
from briefbuilder.layout.page import margins, page_size, text_block_width
from briefbuilder.writers import UnhandledKind, pdf_custom
from briefbuilder.writers.pdf_canvas import BriefCanvas, draw_chrome, pdf_date
from briefbuilder.writers.pdf_flowables import (
    BarParagraph,
    ContentsLine,
    DrawingFlowable,
    HeadingParagraph,
    scene_drawing,
)
from briefbuilder.writers.pdf_styles import RULE, paragraph_styles, register_family, table_style

__all__ = ["HANDLERS", "RenderedPdf", "pdf_heading_pages", "render_pdf", "write_pdf"]

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


# --- the writer ---------------------------------------------------------------------------------
class _PdfWriter:
    """One document's translation: styles, fonts and page geometry are fixed up front."""

    def __init__(self, document: Document) -> None:
        self.meta, self.look, self.blocks = document.meta, document.look, document.blocks
        # link targets: every note printed, the footnotes' own text included (Notes.as_footnotes)
        self.note_numbers = {n.number for b in document.blocks if isinstance(b, Notes) for n in b.notes}
        self.body = register_family(self.look.body_font)
        self.head = register_family(self.look.heading_font)
        self.accent = colors.HexColor(self.look.accent)
        self.styles = paragraph_styles(self.look, self.body, self.head)
        self.page_w, self.page_h = page_size(self.look)
        self.top, self.right, self.bottom, self.left = margins(self.look)
        self.width = text_block_width(self.look)
        self.table_style = table_style(self.look, self.body)
        self.outline_level = -1
        self.heading_pages: dict[str, int] = {}  # filled in as headings are drawn
        self.page_count = 0

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
        doc.build(story, canvasmaker=partial(BriefCanvas, chrome=self._chrome, pdf_date=pdf_date(meta)))
        return out.getvalue()

    def _block(self, block: Block) -> list[Flowable]:
        handler = self.handlers.get(type(block))
        if handler is None:
            raise UnhandledKind("PDF", "block", block)
        return handler(self, block)

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
                raise UnhandledKind("PDF", "inline", inline)
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
            out.append(ContentsLine(escape(entry.text), style, entry.anchor, self.heading_pages, indent))
        return out

    def _page_break(self, block: PageBreak) -> list[Flowable]:
        return [RLPageBreak()]

    def _figure(self, block: Figure) -> list[Flowable]:
        caption = Paragraph(escape(block.caption), self.styles["figure_caption"])
        # kept with its caption, and a heading before it stays with both (a KeepTogether
        # would not: reportlab never chains keepWithNext into a container)
        return [DrawingFlowable(scene_drawing(block.scene), space_before=6), caption]

    def _heading(self, block: Heading) -> list[Flowable]:
        # nest at most one level deeper than the previous entry: reportlab requires it
        level = max(0, min(block.level - 1, self.outline_level + 1))
        self.outline_level = level
        style = self.styles["h1" if block.level <= 1 else "h2"]
        rule = RULE if block.level <= 1 else None
        return [
            HeadingParagraph(
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
        cls = BarParagraph if block.role == "lead" else Paragraph
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
        out: list[Flowable] = [BarParagraph(self._markup(block.inlines), s["quote"])]
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

    def _chrome(self, canv: Canvas, page: int, total: int) -> None:
        """Each page's running header and footer, drawn once the page count is known."""
        self.page_count = total
        draw_chrome(canv, page, total, look=self.look, meta=self.meta, head=self.head)

    # one handler per block kind: the registry a test checks against layout.document.Block
    handlers: ClassVar[dict[type, Callable[[_PdfWriter, Any], list[Flowable]]]] = {
        TitleBlock: _title,
        Contents: _contents,
        PageBreak: _page_break,
        Heading: _heading,
        Para: _para,
        ListBlock: _list,
        Table: _table,
        BlockQuote: _quote,
        Figure: _figure,
        Notes: _notes,
        **pdf_custom.HANDLERS,  # a brief's own sections: data tables, pictures
    }


HANDLERS = _PdfWriter.handlers
