"""PDF writer: translate a laid-out Document into PDF bytes with reportlab platypus.

Layout has already decided everything; this module only maps blocks to flowables and styles.
User text never reaches reportlab as markup: every string is escaped and the writer emits the
only tags (<b>, <i>, <a>, <super>). Output is reproducible: invariant mode, dates from
``meta.created``, no clock, no disk writes.

A document with a table of contents is laid out once: every page is held back until the end
(for "Page X of Y" anyway), so the contents' page numbers are drawn then, when every heading has
been placed. Nothing else on a page depends on them (an entry's height does not), so the pages
cannot move. ``render_pdf`` also returns the headings' pages, for the DOCX's contents.

The PDF is tagged (PDF/UA-1) and archival (PDF/A-2): each handler also adds the block's
structure elements (``pdf_tags``) and tells its flowables which element their text is; the
canvas marks what they draw (``pdf_marks``), and ``pdf_finish`` writes the structure tree,
metadata (``pdf_xmp``) and output intent into reportlab's file.

Fonts and styles are in ``pdf_styles``, the writer's own flowables (and a figure's scene as
vector shapes) in ``pdf_flowables``, inline markup in ``pdf_markup``, deferred pages and the
running header and footer in ``pdf_canvas``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
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
from reportlab.platypus.doctemplate import LayoutError

from briefbuilder.errors import BuildError
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
    Notes,
    PageBreak,
    Para,
    Table,
    TitleBlock,
)
from briefbuilder.layout.page import margins, page_size, text_block_width
from briefbuilder.writers import UnhandledKind, pdf_custom
from briefbuilder.writers.pdf_canvas import BriefCanvas, draw_chrome, pdf_date
from briefbuilder.writers.pdf_finish import finish
from briefbuilder.writers.pdf_flowables import (
    BarParagraph,
    ContentsLine,
    DrawingFlowable,
    HeadingParagraph,
    scene_drawing,
)
from briefbuilder.writers.pdf_markup import inline_markup, link_targets
from briefbuilder.writers.pdf_styles import RULE, paragraph_styles, register_family, table_style
from briefbuilder.writers.pdf_tags import Artifact, Elem, StructTree, TableTags, Texts, Whole, table_elem, tag
from briefbuilder.writers.xmltext import escape

__all__ = ["HANDLERS", "RenderedPdf", "render_pdf", "write_pdf"]

_NO_PADDING = dict.fromkeys(("leftPadding", "rightPadding", "topPadding", "bottomPadding"), 0)
_NO_PADDING_KEYS = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    """The PDF and what its layout found: the page of every heading, by anchor; page count."""

    data: bytes
    heading_pages: dict[str, int]
    page_count: int


def render_pdf(document: Document) -> RenderedPdf:
    """Render ``document`` as PDF; the same Document always gives the same bytes. A block that
    cannot break and is taller than a page is the author's to fix (BuildError, exit 3)."""
    try:
        return _PdfWriter(document).render()
    except LayoutError as exc:
        page = re.search(r"too large on page (\d+)", str(exc))
        raise BuildError(
            f"a heading, table cell or other block that cannot be broken is taller than the page"
            f"{f' on page {page.group(1)}' if page else ''}; shorten it, or use a template with a "
            "smaller body size or margins"
        ) from None


def write_pdf(document: Document) -> bytes:
    """The PDF bytes of ``document`` (the registry's writer)."""
    return render_pdf(document).data


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
        self.tree = StructTree(link_targets(document))

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
        canvas = partial(BriefCanvas, chrome=self._chrome, pdf_date=pdf_date(meta), tree=self.tree)
        # binary streams, not ASCII85 over them: a quarter smaller, and nothing for the
        # finishing pass to re-encode (reportlab reads this setting while it writes)
        a85, rl_config.useA85 = rl_config.useA85, 0
        try:
            doc.build(story, canvasmaker=canvas)
        finally:
            rl_config.useA85 = a85
        return finish(out.getvalue(), self.tree, meta)

    def _block(self, block: Block) -> list[Flowable]:
        handler = self.handlers.get(type(block))
        if handler is None:
            raise UnhandledKind("PDF", "block", block)
        return handler(self, block)

    def _markup(self, inlines: tuple[Inline, ...]) -> str:
        return inline_markup(inlines, self.look.accent, self.note_numbers)

    # one method per block kind
    def _kicker(self, block: TitleBlock, cover: bool) -> list[Flowable]:
        """The organization's name, with its logo to the left when there is one."""
        if not (block.organization or block.logo):
            return []
        s = self.styles
        text = Paragraph(escape(block.organization or ""), s["cover_kicker" if cover else "kicker"])
        tag(text, Texts(self.tree.block("P") if block.organization else Artifact("Layout")))
        if block.logo is None:
            return [text, Spacer(1, 6 if cover else 3)]
        logo = self._image(block.logo, (15 if cover else 9) * mm)
        if not block.organization:  # the logo alone says whose brief it is; else it is decoration
            tag(logo, Whole(self.tree.block("Figure", alt=block.logo.alt)))
        gap = 3.5 * mm
        row = RLTable([[logo, text]], colWidths=[logo.drawWidth + gap, None], hAlign="LEFT")
        row.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.body.regular),  # else Helvetica is referenced
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
        out.append(self._p(escape(block.title), s["cover_title" if cover else "title"]))
        if block.subtitle:
            out.append(self._p(escape(block.subtitle), s["cover_subtitle" if cover else "subtitle"]))
        if block.meta:
            label, value = (
                (s["cover_label"], s["cover_value"]) if cover else (s["meta_label"], s["meta_value"])
            )
            rows = [[Paragraph(escape(k), label), Paragraph(escape(v), value)] for k, v in block.meta]
            label_w = (30 if cover else 26) * mm
            _table, grid = table_elem(self.tree.container, None, len(rows), 2, row_headers=True)
            table = RLTable(
                rows, colWidths=[label_w, self.width - label_w], hAlign="LEFT", renderCB=TableTags(grid)
            )
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
        out: list[Flowable] = [self._p(escape(block.title), s["contents_title"])]
        toc = self.tree.block("TOC")
        top: Elem | None = None  # the last level-1 entry, whose TOC holds the level-2 ones
        for entry in block.entries:
            style = s["toc1" if entry.level <= 1 else "toc2"]
            indent = 0.0 if entry.level <= 1 else 12.0
            if entry.level <= 1 or top is None:
                item = top = toc.add("TOCI")
            else:
                sub = top.kids[-1] if isinstance(top.kids[-1], Elem) and top.kids[-1].role == "TOC" else None
                item = (sub or top.add("TOC")).add("TOCI")
            link = item.add("Link")
            out.append(
                ContentsLine(escape(entry.text), style, entry.anchor, self.heading_pages, indent, link)
            )
        return out

    def _page_break(self, block: PageBreak) -> list[Flowable]:
        return [RLPageBreak()]

    def _figure(self, block: Figure) -> list[Flowable]:
        figure = tag(
            DrawingFlowable(scene_drawing(block.scene), space_before=6),
            Whole(self.tree.block("Figure", alt=block.alt)),
        )
        caption = self._p(escape(block.caption), self.styles["figure_caption"], "Caption")
        # kept with its caption, and a heading before it stays with both (a KeepTogether
        # would not: reportlab never chains keepWithNext into a container)
        return [figure, caption]

    def _heading(self, block: Heading) -> list[Flowable]:
        # nest at most one level deeper than the previous entry: reportlab requires it
        level = max(0, min(block.level - 1, self.outline_level + 1))
        self.outline_level = level
        style = self.styles["h1" if block.level <= 1 else "h2"]
        rule = RULE if block.level <= 1 else None
        heading = self.tree.heading(block.level)
        return [
            tag(
                HeadingParagraph(
                    escape(block.text),
                    style,
                    anchor=block.anchor,
                    title=block.text,
                    outline_level=level,
                    rule=rule,
                    pages=self.heading_pages,
                ),
                Texts(heading),
            )
        ]

    def _para(self, block: Para) -> list[Flowable]:
        style = self.styles[block.role]
        cls = BarParagraph if block.role == "lead" else Paragraph
        return [tag(cls(self._markup(block.inlines), style), Texts(self.tree.block("P")))]

    def _p(self, markup: str, style: ParagraphStyle, role: str = "P", parent: Elem | None = None) -> Flowable:
        """A paragraph whose text is a new element of ``role`` (in ``parent``, else where the
        document is)."""
        elem = parent.add(role) if parent is not None else self.tree.block(role)
        return tag(Paragraph(markup, style), Texts(elem))

    def _list(self, block: ListBlock) -> list[Flowable]:
        last = len(block.items) - 1
        numbering = "Decimal" if block.ordered else "Disc"
        lst = self.tree.block("L", attrs={"O": "List", "ListNumbering": numbering})
        out: list[Flowable] = []
        for i, item in enumerate(block.items):
            li = lst.add("LI")
            para = Paragraph(
                self._markup(item),
                self.styles["item_last" if i == last else "item"],
                bulletText=f"{i + 1}." if block.ordered else "\u2022",
            )
            label = li.add("Lbl")
            out.append(tag(para, Texts(li.add("LBody"), label=label)))
        return out

    def _table(self, block: Table) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = []
        elem, grid = table_elem(self.tree.container, block.header, len(block.rows), len(block.header))
        if block.caption:
            caption = Elem("Caption")
            elem.kids.insert(0, caption)
            out.append(self._p(escape(block.caption), s["caption"], parent=caption))
        data = [[Paragraph(escape(h), s["th"]) for h in block.header]]
        data += [[Paragraph(self._markup(cell), s["td"]) for cell in row] for row in block.rows]
        table = RLTable(
            data,
            colWidths=[w * self.width for w in block.widths],
            repeatRows=1,
            hAlign="LEFT",
            spaceBefore=4,
            spaceAfter=12,
            renderCB=TableTags(grid, repeat_rows=1),
        )
        table.setStyle(self.table_style)
        out.append(table)
        return out

    def _quote(self, block: BlockQuote) -> list[Flowable]:
        s = self.styles
        quote = self.tree.block("BlockQuote")
        out: list[Flowable] = [
            tag(BarParagraph(self._markup(block.inlines), s["quote"]), Texts(quote.add("P")))
        ]
        if block.attribution:
            out.append(self._p("\u2014 " + self._markup(block.attribution), s["attribution"], parent=quote))
        return out

    def _notes(self, block: Notes) -> list[Flowable]:
        """Every Notes block, the footnotes' own text too: a PDF has no footnotes."""
        style = self.styles["endnote"]
        if block.as_footnotes:  # after the last section: the document's notes, not its
            self.tree.close_sections()
        out = [self._p(escape(block.title), self.styles["contents_title"])] if block.title else []
        for note in block.notes:
            n = int(note.number)
            elem = self.tree.block("Note", ident=f"note-{n}")
            para = Paragraph(f'<a name="note_{n}"/>{self._markup(note.inlines)}', style, bulletText=f"{n}.")
            label = elem.add("Lbl")
            out.append(tag(para, Texts(elem.add("P"), label=label)))
        return out

    def _chrome(self, canv: BriefCanvas, page: int, total: int) -> None:
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
