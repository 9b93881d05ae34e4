"""The PDF's canvas: pages held back until the end (for "Page X of Y" and the contents' page
numbers), bookmarks bound to the right page, and the running header and footer, drawn as
pagination artifacts. What it marks as content or artifact while drawing: ``pdf_marks``."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from briefbuilder.language.locale import in_digits
from briefbuilder.layout.document import Look, Meta
from briefbuilder.layout.metrics import metrics
from briefbuilder.layout.page import margins, page_size
from briefbuilder.writers.pdf_bidi import draw_line
from briefbuilder.writers.pdf_marks import MarkedCanvas
from briefbuilder.writers.pdf_scripts import DocumentFonts
from briefbuilder.writers.pdf_styles import MUTED, RULE, Faces


class Later(str):
    """A place kept in a page's content (an empty operator until filled in), see draw_later."""

    draw: Callable[[Canvas], None]

    def __new__(cls, draw: Callable[[Canvas], None]) -> Later:
        kept = super().__new__(cls, "")
        kept.draw = draw
        return kept


class BriefCanvas(MarkedCanvas):
    """Defers every page until the end, so 'Page X of Y' knows Y on every page, and what a page
    shows about later pages (the contents' page numbers) is drawn once they are all laid out.

    Bookmarks are deferred too: reportlab binds a bookmark to the page being *emitted*, which
    with deferral would otherwise be page 1 for every heading and note."""

    def __init__(
        self, *args: Any, chrome: Callable[[BriefCanvas, int, int], None], pdf_date: str, **kwargs: Any
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
        state of this point (a text extractor reads a contents entry's page right after it).
        No marked-content sequence is open there: ``draw`` marks what it draws itself."""
        self.close_page_marks()
        self._code.append(Later(draw))
        self._open_default()

    def showPage(self) -> None:
        self.close_page_marks()
        self._pending_pages.append(dict(self.__dict__))
        self._page_marks = []
        self._startPage()
        self._open_default()

    def _fill_later(self) -> None:
        code = self._code
        for i in [i for i, op in enumerate(code) if isinstance(op, Later)]:
            start = len(code)
            code[i].draw(self)  # appends its operators (self-contained: q ... Q) at the end...
            self.close_page_marks()
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
            self.close_page_marks()
            super().showPage()
        super().save()
        self.release()

    def release(self) -> None:
        """Let go of the pages and reportlab's document once the file is written (reportlab's
        canvas is not to be used after ``save``): every page's content, its objects and the
        formatted file would otherwise live on beside the finishing pass, the build's peak."""
        self._pending_pages = []
        self._page_marks = []
        self._doc = _SAVED


class _Saved:
    """Where reportlab's document was, once saved: any later use is a bug, and says so."""

    def __getattr__(self, name: str) -> Any:
        raise RuntimeError(f"the PDF was saved: its document has no {name!r} any more")


_SAVED: Any = _Saved()


def pdf_date(meta: Meta) -> str:
    """PDF date string (D:YYYYMMDDHHmmSS+HH'mm') from the document's own timestamp."""
    zone = meta.created.strftime("%z")  # "+0100", or "" for a naive datetime
    return meta.created.strftime("D:%Y%m%d%H%M%S") + (f"{zone[:3]}'{zone[3:5]}'" if zone else "")


def draw_chrome(
    canv: BriefCanvas,
    page: int,
    total: int,
    *,
    look: Look,
    meta: Meta,
    head: Faces,
    fonts: DocumentFonts,
    cover: bool = False,
) -> None:
    """The running header and footer of page ``page`` of ``total``, and the marking if any: all
    pagination artifacts, never read as content. A ``cover`` page has the marking only. Text goes
    through ``draw_line``: a title with ʿ or Persian is set in the fonts and order the body uses."""
    page_w, page_h = page_size(look)
    _top, right_margin, _bottom, left = margins(look)
    chrome = metrics(look).chrome  # the baselines the DOCX's head and foot stand on too
    right = page_w - right_margin
    start, end, at_start, at_end = (left, right, "start", "end")
    if fonts.rtl:  # a right-to-left document mirrors them: title and reference right, date left
        start, end, at_start, at_end = right, left, "end", "start"
    centre = (left + right) / 2
    head_y = page_h - chrome.header_baseline
    foot_y = chrome.footer_baseline
    canv.saveState()
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.setFillColor(MUTED)
    size = chrome.size
    canv.setFont(head.regular, size)
    if not cover:
        with canv.artifact("Header"):
            canv.line(left, page_h - chrome.header_rule, right, page_h - chrome.header_rule)
            draw_line(canv, fonts, look.header_text or meta.short_title, start, head_y, size, anchor=at_start)
            if meta.date_label:
                draw_line(canv, fonts, meta.date_label, end, head_y, size, anchor=at_end)
        with canv.artifact("Footer"):
            canv.line(left, chrome.footer_rule, right, chrome.footer_rule)
            footer = look.footer_text or meta.reference or meta.short_title
            draw_line(canv, fonts, footer, start, foot_y, size, anchor=at_start)
            numbers = {"page": in_digits(page, meta.digits), "pages": in_digits(total, meta.digits)}
            page_label = meta.page_label.format(**numbers)
            draw_line(canv, fonts, page_label, end, foot_y, size, anchor=at_end)
    if meta.marking:
        canv.setFillColor(colors.HexColor(look.marking_color))
        canv.setFont(head.bold, chrome.marking_size)
        with canv.artifact("Header"):
            draw_line(
                canv,
                fonts,
                meta.marking,
                centre,
                page_h - chrome.marking_top,
                chrome.marking_size,
                anchor="middle",
            )
        with canv.artifact("Footer"):
            draw_line(
                canv, fonts, meta.marking, centre, chrome.marking_bottom, chrome.marking_size, anchor="middle"
            )
    canv.restoreState()
