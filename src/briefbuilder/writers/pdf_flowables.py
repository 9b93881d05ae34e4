"""The PDF's own flowables: paragraphs with a bar, headings that bind their anchors, contents
lines with dot leaders and late page numbers, and a figure's scene as vector shapes."""

from __future__ import annotations

import re
from functools import partial

from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics import shapes as rg
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr
from reportlab.platypus import Flowable

from briefbuilder.fonts import bidi
from briefbuilder.fonts.chain import COMPLEX, FontChain, as_chain, label_runs
from briefbuilder.language.locale import LATIN, in_digits
from briefbuilder.layout.scene import Box, Dot, Scene, Stroke, Words
from briefbuilder.writers import UnhandledKind
from briefbuilder.writers.pdf_bidi import ScriptParagraph
from briefbuilder.writers.pdf_marks import MarkedCanvas
from briefbuilder.writers.pdf_styles import RULE_DARK, register_family
from briefbuilder.writers.pdf_tags import Elem, Texts

_LEADER_STEP = 3.2  # points between leader dots


class BarParagraph(ScriptParagraph):
    """A paragraph with a coloured bar down its left padding edge (lead box, quotations), its
    right one when the paragraph runs right to left.

    The bar colour lives on the style (``bar_color``) because Paragraph.split rebuilds
    instances from (text, style) only."""

    def draw(self) -> None:
        super().draw()
        style = self.style
        top, right, bottom, left = style.borderPadding
        x = style.leftIndent - left
        if style.wordWrap == "RTL":  # a right-to-left paragraph, mirrored: the bar on the right
            x = self.width - style.rightIndent + right - 2.5
        self.canv.saveState()
        self.canv.setFillColor(style.bar_color)
        self.canv.rect(x, -bottom, 2.5, self.height + top + bottom, stroke=0, fill=1)
        self.canv.restoreState()


class HeadingParagraph(ScriptParagraph):
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
        tops: set[str] | None = None,
    ) -> None:
        super().__init__(text, style)
        self.anchor, self.title = anchor, title
        self.outline_level, self.rule = outline_level, rule
        self.pages = pages  # filled in as headings are drawn: anchor -> page
        self.tops = tops if tops is not None else set()  # the anchors of headings that start a page

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []  # headings move whole to the next frame; never break one

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = super().wrap(availWidth, availHeight)  # the rule takes room, as in the DOCX
        return width, height + getattr(self.style, "rule_space", 0.0) * (self.rule is not None)

    def draw(self) -> None:
        canv = self.canv
        if self.rule is not None:
            canv.translate(0, getattr(self.style, "rule_space", 0.0))  # text above its rule
        self.pages[self.anchor] = canv.getPageNumber()
        if getattr(getattr(self, "_frame", None), "_atTop", False):  # the page's first line
            self.tops.add(self.anchor)
        canv.bookmarkHorizontal(self.anchor, 0, self.height + self.style.fontSize * 0.5)
        canv.addOutlineEntry(self.title, self.anchor, level=self.outline_level, closed=False)
        if self.rule is not None:
            canv.saveState()
            canv.setStrokeColor(self.rule)
            canv.setLineWidth(width := getattr(self.style, "rule_width", 0.6))
            y = width / 2 - getattr(self.style, "rule_space", self.style.fontSize * 0.35)
            canv.line(0, y, self.width, y)
            canv.restoreState()
        super().draw()


class ContentsLine(Flowable):
    """One entry of the table of contents: the heading's text (wrapped, indented by level), dot
    leaders, and its page number on the last line, the whole entry linked to the heading.

    The number is looked up in ``pages`` (filled in as headings are drawn) when the page is
    finished, at the end of the document; an anchor that no heading has gets no number. The
    entry's text and number are the content of ``link``, the Link element of its TOCI."""

    _NUMBER_WIDTH = 26.0

    def __init__(
        self,
        markup: str,
        style: ParagraphStyle,
        anchor: str,
        pages: dict[str, int],
        indent: float,
        link: Elem,
        digits: str = LATIN,  # the language's, for the page number
    ):
        super().__init__()
        self.para = ScriptParagraph(markup, style)
        self.style, self.anchor, self.pages, self.indent = style, anchor, pages, indent
        self.link, self.digits = link, digits
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.text_width = availWidth - self.indent - self._NUMBER_WIDTH - 8
        _w, self.height = self.para.wrap(self.text_width, availHeight)
        return availWidth, self.height

    def draw(self) -> None:
        self.canv.push_tags(Texts(self.link))
        try:
            self._draw()
        finally:
            self.canv.pop_tags()

    def _draw(self) -> None:
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
            canv.setStrokeColor(RULE_DARK)
            canv.setLineWidth(0.85)
            canv.setLineCap(1)
            canv.setDash([0, _LEADER_STEP], start % _LEADER_STEP)
            canv.line(start, baseline + 1.1, stop, baseline + 1.1)
        canv.restoreState()
        canv.linkRect("", self.anchor, (0, 0, self.width, self.height), relative=1, thickness=0)

    def _draw_number(self, baseline: float, canv: MarkedCanvas) -> None:
        """The heading's page at the right end of the entry's last line."""
        page = self.pages.get(self.anchor)
        if page is None:
            return
        canv.saveState()
        canv.setFont(self.style.fontName, self.style.fontSize)
        canv.setFillColor(self.style.textColor)
        canv.push_tags(Texts(self.link))
        canv.drawRightString(self.width, baseline, in_digits(page, self.digits))
        canv.pop_tags()
        canv.restoreState()


class DrawingFlowable(Flowable):
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


def scene_drawing(scene: Scene) -> rg.Drawing:
    """The figure's scene as reportlab vector shapes (the DOCX gets a PNG of the same scene)."""
    chain = as_chain(scene.font)
    faces = register_family(chain.primary)
    drawing = rg.Drawing(scene.width, scene.height)
    drawing.initialFontName = faces.regular  # else its first state names Helvetica
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
                runs = _word_runs(chain, shape)
                for i, (x, text, face) in enumerate(runs):
                    last = i == len(runs) - 1 and shape.anchor == "start" and type(text) is str
                    drawing.add(
                        rg.String(
                            x,
                            shape.y,
                            # a line of a wrapped label ends with a space, which draws nothing, so
                            # that the text layer does not run its last word into the next line's
                            text + " " if last else text,
                            fontName=face,
                            fontSize=shape.size,
                            fillColor=colors.HexColor(shape.color),
                            textAnchor=shape.anchor if len(runs) == 1 else "start",
                        )
                    )
            case _:
                raise UnhandledKind("PDF", "shape", shape)
    return drawing


def _word_runs(chain: FontChain, shape: Words) -> list[tuple[float, str, str]]:
    """A label's runs, each in the face of the family that has its characters: (x, text, face).
    One run keeps the label's own anchor; several are laid out from its start. A run of
    Arabic script is shaped as a whole (HarfBuzz sets a right-to-left run in visual order)."""
    cut = label_runs(chain.split(shape.text, whole_words=COMPLEX.search(shape.text) is not None))
    cut = [(f, w) for f, t in cut for w in (_rtl_words(t) if COMPLEX.search(t) else (t,))]
    names = [(fs.bold if shape.bold else fs.regular) for fs in (register_family(f) for f, _t in cut)]
    runs = [
        shapeStr(t, n, shape.size) if COMPLEX.search(t) else t for (_f, t), n in zip(cut, names, strict=True)
    ]
    if len(runs) == 1:
        return [(shape.x, runs[0], names[0])]
    widths = [pdfmetrics.stringWidth(t, n, shape.size) for t, n in zip(runs, names, strict=True)]
    x = shape.x - {"start": 0.0, "middle": sum(widths) / 2, "end": sum(widths)}[shape.anchor]
    out = []
    for text, name, width in zip(runs, names, widths, strict=True):
        out.append((x, text, name))
        x += width
    return out


def _rtl_words(text: str) -> list[str]:
    """A right-to-left run's words and spaces in visual order, each word to be shaped alone: a
    number in it ("۱۲ مه ۲۰۲۶") keeps its digits left to right, where HarfBuzz, shaping the
    run whole, would turn them round."""
    parts = [p for p in re.split(r"(\s+)", text) if p]
    if len(parts) == 1:
        return parts
    kinds: list[bidi.Kind] = ["N" if p.isspace() else bidi.word_kind(p) for p in parts]
    return [parts[k] for k in bidi.visual_order(bidi.levels(kinds, True))]
