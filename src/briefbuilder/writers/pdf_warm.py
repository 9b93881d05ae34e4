"""What every PDF of the built-in look needs, set up before its document exists.

The forked child that renders a command-line build's PDF (``pipeline.forked``) waits for the
document while the parent reads the brief and lays it out. It spends that wait here: the
built-in families' TrueType files parsed and registered (the first PDF of a process otherwise
parses each face as it starts), and one paragraph parsed, broken and drawn, which compiles the
patterns and fills the caches that every paragraph uses. Nothing here is written anywhere and
nothing a document draws depends on it: it only moves first-use costs ahead of the document.
"""

from __future__ import annotations

import io

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from briefbuilder.fonts.families import BODY_FALLBACK, HEADING_FALLBACK
from briefbuilder.writers.pdf_styles import register_family

_SAMPLE = "A <b>short</b> <i>sample</i> of text, set &amp; broken in two lines or more to warm the paragraph."


def warm_up() -> None:
    """Register the built-in body and heading families; set one paragraph in each."""
    for family in (BODY_FALLBACK[0], HEADING_FALLBACK[0]):
        faces = register_family(family)
        style = ParagraphStyle("warm", fontName=faces.regular, fontSize=10, leading=12)
        paragraph = Paragraph(_SAMPLE, style)
        paragraph.wrap(120, 1000)
        canvas = Canvas(io.BytesIO())
        paragraph.drawOn(canvas, 0, 0)
