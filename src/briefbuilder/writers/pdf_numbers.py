"""Hanging numbers for the PDF's numbered paragraphs (list items, notes): each number ends
``NUMBER_GAP`` em before the text, right-aligned in the gutter, so that the text of item 10
starts exactly where the text of item 9 does.

reportlab draws a paragraph's bullet at ``bulletIndent`` and, when the bullet does not end
``0.6 × bulletFontSize`` before ``leftIndent``, pushes the first line right (and wraps it
narrower): a wide "10." in an 18 pt gutter moved its text 2.4 pt. Here the number is given as a
fragment carrying its own font and size, its paragraph's style starts it at ``end - width``,
and the style's bullet size is only what makes reportlab's gap the gap wanted; the number then
ends exactly there and reportlab never moves the text. The number stays reportlab's bullet, so
the tagging (``Lbl``) and right-to-left mirroring of bullets keep working.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus.paraparser import ParaFrag

from briefbuilder.language.locale import LATIN, in_digits
from briefbuilder.layout.metrics import NUMBER_GAP
from briefbuilder.writers.pdf_bidi import ScriptParagraph

__all__ = ["hanging_number", "numbered"]

_RL_GAP = 0.6  # reportlab's room after a bullet, in bulletFontSize


def hanging_number(
    label: str, style: ParagraphStyle, align: str = "right"
) -> tuple[list[ParaFrag], ParagraphStyle]:
    """The bullet for ``label`` ("10.") and the style of its paragraph: ``style`` with the
    number placed to end ``NUMBER_GAP`` em before the text (``style.leftIndent``), or, with
    ``align="left"``, to start at the hanging indent as the DOCX's "10.<tab>" notes do (the text
    then starts at the indent whenever the number fits in the gutter)."""
    size, font = style.bulletFontSize, style.bulletFontName
    fonts = getattr(style, "document_fonts", None)  # Persian digits: a face that has them
    font = fonts.face(label, font) if fonts is not None else font
    text_at = style.rightIndent if style.wordWrap == "RTL" else style.leftIndent  # as reportlab reads it
    width = stringWidth(label, font, size)
    if align == "right":
        gap = NUMBER_GAP * size
        start = text_at - gap - width
    else:
        start = style.bulletIndent
        gap = max(0.0, text_at - start - width)
    frag = ParaFrag(text=label, fontName=font, fontSize=size, textColor=style.textColor, rise=0)
    placed = ParagraphStyle(
        f"{style.name}-{label}",
        parent=style,
        bulletIndent=start,
        bulletFontSize=gap / _RL_GAP,  # only reportlab's gap reads it: the number has its own size
    )
    return [frag], placed


def numbered(
    markup: str, style: ParagraphStyle, label: str, align: str = "right", digits: str = LATIN
) -> ScriptParagraph:
    """A paragraph of ``markup`` with its number ``label`` hanging (see ``hanging_number``),
    written in ``digits``, the language's (Persian for fa)."""
    bullet, placed = hanging_number(in_digits(label, digits), style, align)
    return ScriptParagraph(markup, placed, bulletText=bullet)
