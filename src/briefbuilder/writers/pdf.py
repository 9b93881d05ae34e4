"""PDF writer: translate a laid-out Document into PDF bytes with reportlab platypus.

Layout has already decided everything; this module only maps blocks to flowables and styles.
User text never reaches reportlab as markup: every string is escaped and the writer emits the
only tags (<b>, <i>, <a>, <super>). Output is reproducible: invariant mode, dates from
``meta.created``, no clock, no disk writes.

A document with a table of contents is laid out once: every page is held back until the end
(for "Page X of Y" anyway), so the contents' page numbers are drawn then, when every heading has
been placed. Nothing else on a page depends on them (an entry's height does not), so the pages
cannot move. ``render_pdf`` also returns the headings' pages, for the DOCX's contents.

Footnotes (``Document.footnotes``) are set where the DOCX sets them, at the foot of the page
that cites them: the body's frame keeps room for them as the pages are laid out, in the same
single pass (``pdf_footnotes``).

The PDF is tagged (PDF/UA-1) and archival (PDF/A-2): each handler also adds the block's
structure elements (``pdf_tags``) and tells its flowables which element their text is; the
canvas marks what they draw (``pdf_marks``), and ``pdf_finish`` writes the structure tree,
metadata (``pdf_xmp``) and output intent into reportlab's file.

Fonts and styles are in ``pdf_styles``, the writer's own flowables (and a figure's scene as
vector shapes) in ``pdf_flowables``, the title block in ``pdf_title``, inline markup in
``pdf_markup``, deferred pages and the running header and footer in ``pdf_canvas``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
)
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
    Inline,
    ListBlock,
    Notes,
    PageBreak,
    Para,
    Table,
    TitleBlock,
)
from briefbuilder.layout.metrics import metrics
from briefbuilder.layout.page import margins, page_size, text_block_width
from briefbuilder.writers import UnhandledKind, pdf_custom

# every paragraph sets each character in a font that has it, and shapes and orders scripts
from briefbuilder.writers.pdf_bidi import ScriptParagraph as Paragraph
from briefbuilder.writers.pdf_canvas import BriefCanvas, draw_chrome, pdf_date
from briefbuilder.writers.pdf_finish import finish
from briefbuilder.writers.pdf_flowables import (
    BarParagraph,
    ContentsLine,
    DrawingFlowable,
    HeadingParagraph,
    scene_drawing,
)
from briefbuilder.writers.pdf_footnotes import FootnoteArea, FootnoteFrame, footnote_target
from briefbuilder.writers.pdf_markup import inline_markup, link_targets
from briefbuilder.writers.pdf_numbers import numbered
from briefbuilder.writers.pdf_scripts import DocumentFonts
from briefbuilder.writers.pdf_styles import RULE, paragraph_styles, register_family, table_style
from briefbuilder.writers.pdf_tags import Elem, StructTree, TableTags, Texts, Whole, table_elem, tag
from briefbuilder.writers.pdf_title import TitleSetter
from briefbuilder.writers.rendered import RenderedPdf
from briefbuilder.writers.xmltext import escape

__all__ = ["HANDLERS", "RenderedPdf", "render_pdf", "write_pdf"]

_NO_PADDING = dict.fromkeys(("leftPadding", "rightPadding", "topPadding", "bottomPadding"), 0)


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
        self.m = metrics(self.look)
        # link targets: the notes of the Sources list, and the footnotes at the foot of the pages
        self.note_numbers = {
            n.number for b in document.blocks if isinstance(b, Notes) and not b.as_footnotes for n in b.notes
        }
        self.footnotes = document.footnotes
        self.footnote_numbers = {n.number for n in document.footnotes}
        self.cover = any(isinstance(b, TitleBlock) and b.style == "page" for b in document.blocks)
        self.body = register_family(self.look.body_chain.primary)
        self.head = register_family(self.look.heading_chain.primary)
        self.accent = colors.HexColor(self.look.accent)
        self.styles = paragraph_styles(self.look, self.body, self.head)
        self.fonts = DocumentFonts.of(self.look, self.meta.language, self.styles)
        self.page_w, self.page_h = page_size(self.look)
        self.top, self.right, self.bottom, self.left = margins(self.look)
        self.width = text_block_width(self.look)
        self.table_style = table_style(self.look, self.body)
        self.outline_level = -1
        self.heading_pages: dict[str, int] = {}  # filled in as headings are drawn
        self.heading_tops: set[str] = set()  # the headings drawn at the top of a page
        self.page_count = 0
        ids = {footnote_target(n.number): f"footnote-{n.number}" for n in document.footnotes}
        self.tree = StructTree(link_targets(document), ids)

    def render(self) -> RenderedPdf:
        """Lay out once: the contents' page numbers are drawn when the pages are finished."""
        data = self._build()
        starts = frozenset(a for a in self.heading_tops if self.heading_pages.get(a, 1) > 1)
        return RenderedPdf(data, dict(self.heading_pages), self.page_count, starts)

    def _build(self) -> bytes:
        story: list[Flowable] = []
        for block in self.blocks:
            story.extend(self._block(block))
        if not story:
            story.append(Spacer(1, 1))  # a PDF needs a page even for an empty document
        out = io.BytesIO()
        meta = self.meta
        frame = self._frame()
        doc = BaseDocTemplate(
            out,
            pagesize=(self.page_w, self.page_h),
            pageTemplates=[PageTemplate("brief", [frame], onPageEnd=partial(self._page_end, frame))],
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

    def _frame(self) -> Frame:
        """The body's frame: one that keeps room at the foot of each page for its footnotes when
        the document has footnotes (``pdf_footnotes``)."""
        height = self.page_h - self.top - self.bottom
        if not self.footnotes:
            return Frame(self.left, self.bottom, self.width, height, id="body", **_NO_PADDING)
        spec = self.m.footnotes
        area = FootnoteArea(
            {n.number: self._markup(n.inlines) for n in self.footnotes},
            self.styles[spec.role],
            spec,
            mark_font=self.body.regular,
            accent=self.accent,
            width=self.width,
            digits=self.meta.digits,
        )
        return FootnoteFrame(self.left, self.bottom, self.width, height, id="body", area=area, **_NO_PADDING)

    def _page_end(self, frame: Frame, canv: BriefCanvas, _doc: BaseDocTemplate) -> None:
        """The page's footnotes, in the room its frame kept for them."""
        if isinstance(frame, FootnoteFrame) and frame.here:
            frame.area.draw(canv, frame.here, self.left, self.bottom)

    def _block(self, block: Block) -> list[Flowable]:
        handler = self.handlers.get(type(block))
        if handler is None:
            raise UnhandledKind("PDF", "block", block)
        return handler(self, block)

    def _markup(self, inlines: tuple[Inline, ...]) -> str:
        digits, footnotes = self.meta.digits, self.footnote_numbers
        return inline_markup(inlines, self.look, self.note_numbers, digits, footnotes=footnotes)

    # one method per block kind
    def _title(self, block: TitleBlock) -> list[Flowable]:
        return TitleSetter(self.styles, self.tree, self.width, self.body, self.accent, self.m).flowables(
            block
        )

    def _contents(self, block: Contents) -> list[Flowable]:
        s = self.styles
        out: list[Flowable] = [self._p(escape(block.title), s["contents_title"])]
        toc = self.tree.block("TOC")
        top: Elem | None = None  # the last level-1 entry, whose TOC holds the level-2 ones
        line = partial(ContentsLine, pages=self.heading_pages, digits=self.meta.digits)
        for entry in block.entries:
            style = s["toc1" if entry.level <= 1 else "toc2"]
            indent = 0.0 if entry.level <= 1 else self.m.toc_indent
            if entry.level <= 1 or top is None:
                item = top = toc.add("TOCI")
            else:
                sub = top.kids[-1] if isinstance(top.kids[-1], Elem) and top.kids[-1].role == "TOC" else None
                item = (sub or top.add("TOC")).add("TOCI")
            link = item.add("Link")
            out.append(line(escape(entry.text), style, entry.anchor, indent=indent, link=link))
        return out

    def _page_break(self, block: PageBreak) -> list[Flowable]:
        return [RLPageBreak()]

    def _figure(self, block: Figure) -> list[Flowable]:
        figure = tag(
            DrawingFlowable(scene_drawing(block.scene), space_before=self.m.figure_before),
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
                    tops=self.heading_tops,
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
            style = self.styles["item_last" if i == last else "item"]
            if block.ordered:  # the number hangs right-aligned: every item's text starts alike
                para = numbered(self._markup(item), style, f"{i + 1}.", digits=self.meta.digits)
            else:
                para = Paragraph(self._markup(item), style, bulletText="\u2022")
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
            spaceBefore=self.m.table.before,
            spaceAfter=self.m.table.after,
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
        """A list of notes (the Sources list); nothing for the footnotes' own text, which the
        footnotes at the foot of the pages already print (``Notes.as_footnotes``)."""
        if block.as_footnotes:
            return []
        style = self.styles["endnote"]
        out = [self._p(escape(block.title), self.styles["contents_title"])] if block.title else []
        for note in block.notes:
            n = int(note.number)
            elem = self.tree.block("Note", ident=f"note-{n}")
            markup = f'<a name="note_{n}"/>{self._markup(note.inlines)}'
            para = numbered(markup, style, f"{n}.", "left", self.meta.digits)
            label = elem.add("Lbl")
            out.append(tag(para, Texts(elem.add("P"), label=label)))
        return out

    def _chrome(self, canv: BriefCanvas, page: int, total: int) -> None:
        """Each page's running header and footer, drawn once the page count is known."""
        self.page_count = total
        cover = self.cover and page == 1  # a cover page: the marking only, as in the DOCX
        draw_chrome(
            canv, page, total, look=self.look, meta=self.meta, head=self.head, fonts=self.fonts, cover=cover
        )

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
