"""Footnotes at the foot of the page, where the DOCX has them (``Document.footnotes``): the note
of each citation marked ``footnote``, under a short rule, on the page where the citation is.

The rule the DOCX's readers follow (LibreOffice, Word) is kept while platypus lays each page
out, in one pass: a line that holds a footnote's citation goes on a page only together with
its footnote. The body frame (``FootnoteFrame``) keeps the room: when a flowable holding such
citations is added, the frame's bottom rises by what their notes add to the page's footnote
area; when the flowable must be split, the part kept on the page is the longest one that fits
together with the notes it cites. A heading kept with what follows it (a KeepTogether) moves to
the next page unless the notes of all it keeps fit too. At the end of the page the notes are
drawn in the room kept for them (``FootnoteArea.draw``).

Measures: ``layout.metrics.FootnoteArea`` and the note style the DOCX's "footnote text" uses.
Each footnote is a Note (Lbl, P) in the structure tree, after the Reference of its citation
(``StructTree.footnote``); its text is a link destination (``footnote_target``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.abag import ABag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Frame, KeepTogether, Paragraph, Table

from briefbuilder.language.locale import LATIN, in_digits
from briefbuilder.layout.metrics import FootnoteArea as Spec
from briefbuilder.writers.pdf_bidi import ScriptParagraph
from briefbuilder.writers.pdf_marks import MarkedCanvas
from briefbuilder.writers.pdf_tags import Texts

_PREFIX = "fn_"
_FUZZ = 1e-6  # reportlab's own tolerance when a flowable meets the frame's bottom


def footnote_target(number: int) -> str:
    """The link destination of footnote ``number`` (its text at the foot of the page)."""
    return f"{_PREFIX}{number}"


def cited(flowable: Any) -> list[int]:
    """The footnotes whose citations ``flowable`` holds, in reading order, each once: what links
    to a footnote in its paragraphs (whole or split), table cells, or a KeepTogether's content."""
    seen: dict[int, None] = {}
    for href in _links(flowable):
        if href.startswith("#" + _PREFIX):
            seen.setdefault(int(href[len(_PREFIX) + 1 :]), None)
    return list(seen)


def _links(obj: Any) -> Iterator[str]:
    if isinstance(obj, str | bytes | int | float) or obj is None:
        return
    if isinstance(obj, Paragraph):
        yield from _links(obj.frags)
    elif isinstance(obj, Table):
        yield from _links(obj._cellvalues)
    elif isinstance(obj, KeepTogether):
        yield from _links(obj._content)
    elif isinstance(obj, list | tuple):  # frags; a split part's words; rows and cells
        for item in obj:
            yield from _links(item)
    elif isinstance(obj, ABag):  # a frag: its links are [(index, href), ...]
        for link in getattr(obj, "link", None) or ():
            yield link[1] if isinstance(link, tuple) else str(link)


class FootnoteArea:
    """The footnotes of a document: their paragraphs, the height a set of them takes at the foot
    of a page, and how they are drawn there."""

    def __init__(
        self,
        markup: Mapping[int, str],
        style: ParagraphStyle,
        spec: Spec,
        *,
        mark_font: str,
        accent: colors.Color,
        width: float,
        digits: str = LATIN,
    ) -> None:
        self.spec, self.style, self.width, self.accent = spec, style, width, accent
        self.mark_font, self.mark_size = mark_font, style.fontSize * spec.mark_scale
        self.digits = digits  # the language's, as the citations print them (Persian for fa)
        self.markup = dict(markup)
        self._paragraphs: dict[int, Paragraph] = {}

    def __len__(self) -> int:
        return len(self.markup)

    def __deepcopy__(self, memo: dict[int, Any]) -> FootnoteArea:
        """Itself: platypus deep-copies the frame to measure a KeepTogether, and the notes it
        measures with are the document's, not the frame's."""
        return self

    def paragraph(self, number: int) -> Paragraph:
        """Note ``number``'s text, its first line indented by its number and a space."""
        para = self._paragraphs.get(number)
        if para is None:
            label, font = self._mark(number)
            indent = stringWidth(label, font, self.mark_size)
            indent += stringWidth(" ", self.style.fontName, self.style.fontSize)
            style = ParagraphStyle(f"footnote{number}", parent=self.style, firstLineIndent=indent)
            anchor = f'<a name="{footnote_target(number)}"/>'
            para = self._paragraphs[number] = ScriptParagraph(anchor + self.markup[number], style)
            if _rtl(para):  # mirrored: the first line ends the indent short of the right edge
                para._offsets = [-indent, 0.0]  # reportlab's per-line offsets, read by drawPara
            para.wrap(self.width, 1e6)
        return para

    def height(self, numbers: list[int]) -> float:
        """The room notes ``numbers`` take at the foot of a page, the rule included (0: none)."""
        if not numbers:
            return 0.0
        spec = self.spec
        notes = sum(self.paragraph(n).height for n in numbers)
        gaps = (len(numbers) - 1) * self.style.spaceAfter
        return spec.space_above + spec.rule_width + spec.space_below + notes + gaps

    def draw(self, canv: MarkedCanvas, numbers: list[int], left: float, bottom: float) -> None:
        """Draw notes ``numbers`` with their rule in the area above ``bottom`` (the bottom margin),
        each its Note's Lbl and P."""
        spec = self.spec
        top = bottom + self.height(numbers)
        canv.saveState()
        canv.setStrokeColor(self.style.textColor)
        canv.setLineWidth(spec.rule_width)
        rule_y = top - spec.space_above - spec.rule_width / 2
        canv.line(left, rule_y, left + self.width * spec.rule_length, rule_y)  # the default artifact
        canv.restoreState()
        y = top - spec.space_above - spec.rule_width - spec.space_below
        for number in numbers:
            para = self.paragraph(number)
            y -= para.height
            note = canv.tree.footnote(footnote_target(number))
            label = note.add("Lbl")  # its number, then its text
            canv.push_tags(Texts(note.add("P"), label=label))
            try:
                self._draw_mark(canv, para, number, left, y + para.height)
                para.drawOn(canv, left, y)
            finally:
                canv.pop_tags()
            y -= self.style.spaceAfter

    def _draw_mark(self, canv: MarkedCanvas, para: Paragraph, number: int, left: float, top: float) -> None:
        """The note's number, raised, where its first line begins (the text leaves room for it)."""
        style, bl = self.style, para.blPara
        first = bl.lines[0] if bl.kind == 1 else bl  # the first line's baseline, as Paragraph sets it
        baseline = top - (first.fontSize if rl_config.paraFontSizeHeightOffset else first.ascent)
        canv.saveState()
        canv.setFillColor(self.accent)
        label, font = self._mark(number)
        canv.setFont(font, self.mark_size)
        if _rtl(para):  # a right-to-left note's number at its right, where its first line begins
            left += self.width - stringWidth(label, font, self.mark_size)
        canv.drawString(left, baseline + style.fontSize * self.spec.mark_rise, label)
        canv.restoreState()

    def _mark(self, number: int) -> tuple[str, str]:
        """Note ``number``'s mark in the language's digits, and the face that has them."""
        label = in_digits(number, self.digits)
        fonts = getattr(self.style, "document_fonts", None)
        return label, fonts.face(label, self.mark_font) if fonts is not None else self.mark_font


def _rtl(para: Paragraph) -> bool:
    """Is ``para`` set right to left (mirrored, as a Persian note is)?"""
    return bool(getattr(para, "_rtl", None)) and para.style.wordWrap == "RTL"


class FootnoteFrame(Frame):
    """The body frame of every page, keeping room at its foot for the footnotes cited on it
    (``here``, in the order their citations come); ``placed``: every footnote set so far."""

    _y1p: float  # Frame's: the lowest a flowable may reach (here raised by the page's notes)

    def __init__(self, *args: Any, area: FootnoteArea, **kwargs: Any) -> None:
        self.area = area
        self.here: list[int] = []
        self.placed: set[int] = set()
        self._unreserved = False  # a flowable too tall to go anywhere with its notes: see split
        super().__init__(*args, **kwargs)

    def _reset(self) -> None:
        super()._reset()
        self._geom()  # the bottom where the page's notes had raised it: back to the margin
        self.here = []

    def _new(self, flowable: Any) -> list[int]:
        if len(self.placed) == len(self.area):
            return []
        return [n for n in cited(flowable) if n not in self.placed]

    def _lift(self, notes: list[int]) -> float:
        """How much higher the frame's bottom is with ``notes`` added to the page's."""
        return self.area.height(self.here + notes) - self.area.height(self.here)

    def _add(self, flowable: Any, canv: Any, trySplit: int = 0) -> int:
        new = self._new(flowable)
        if not new:
            return int(super()._add(flowable, canv, trySplit))
        base = self._y1p
        if not self._unreserved:
            self._y1p = base + self._lift(new)
        self._unreserved = False
        added = super()._add(flowable, canv, trySplit)
        if added:
            self.here += new
            self.placed.update(new)
            self._y1p = self._y1 + self._bottomPadding + self.area.height(self.here)
        else:
            self._y1p = base
        return int(added)

    add = _add  # what platypus calls (Frame binds add to its own _add)

    def split(self, flowable: Any, canv: Any) -> list[Any]:
        new = self._new(flowable)
        if not new:
            return list(super().split(flowable, canv))
        base = self._y1p
        if isinstance(flowable, KeepTogether):  # kept whole: with the notes of all it holds
            parts = self._split_above(flowable, canv, base + self._lift(new))
            if parts or not self._atTop:
                return parts
            # the notes of all it keeps leave no room even on an empty page (a large body size):
            # its parts go on one by one, each with its own notes, as a DOCX reader breaks them
            return list(super().split(flowable, canv))
        # the longest first part that fits with its own notes: shorter and shorter tries, each
        # ending above the last try's first part
        room = self._y - base - self._space_before(flowable)
        limit = base
        while True:
            parts = self._split_above(flowable, canv, limit)
            if not parts:
                break
            notes = self._new(parts[0])
            if not notes:
                return parts
            _w, height = parts[0].wrap(self._getAvailableWidth(), self._aH)
            if height + self._lift(notes) <= room + _FUZZ:
                return parts
            limit = self._y - self._space_before(flowable) - height + 0.01
        if self._atTop:  # nothing of it fits with its notes even on an empty page: set it as if
            self._unreserved = True  # they took no room (they are drawn over its foot)
            return list(super().split(flowable, canv)) or [flowable]
        return []

    def _split_above(self, flowable: Any, canv: Any, bottom: float) -> list[Any]:
        """``flowable`` split as if the frame ended at ``bottom``."""
        base = self._y1p
        self._y1p = bottom
        try:
            return list(super().split(flowable, canv))
        finally:
            self._y1p = base

    def _space_before(self, flowable: Any) -> float:
        """The space platypus puts above ``flowable`` here (as Frame.split reckons it)."""
        if self._atTop:
            return 0.0
        space = float(flowable.getSpaceBefore())
        return max(space - self._prevASpace, 0.0) if self._oASpace else space
