"""The PDF's fonts and styles: TTF families registered with reportlab, every paragraph style
and the table style of a document, built once per document from its ``Look``."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import TableStyle

from briefbuilder.fonts.families import FontFamily, font_family
from briefbuilder.layout.document import Look
from briefbuilder.layout.metrics import RULE as RULE_HEX
from briefbuilder.layout.metrics import TextStyle, metrics
from briefbuilder.writers.pdf_faces import cached_ttfont

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5A5F66")
RULE = colors.HexColor(RULE_HEX)
RULE_DARK = colors.HexColor("#8C96A4")


@dataclass(frozen=True, slots=True)
class Faces:
    regular: str
    bold: str
    italic: str
    bolditalic: str


def register_family(family: FontFamily | str) -> Faces:
    """Register a family's four TTFs once per process (the registry is global) under unique
    names, and map them as a family so <b>/<i> in markup pick the right face. A template's own
    family's names carry a hash of its files: two templates may name different fonts alike.
    The faces' parsed facts come from the user's cache when kept there (``pdf_faces``)."""
    files = font_family(family) if isinstance(family, str) else family
    base = "briefbuilder-" + "".join(ch for ch in files.name if ch.isalnum())
    if not files.builtin:
        base += "-" + hashlib.sha256(repr(files.faces).encode()).hexdigest()[:8]
    faces = Faces(*(f"{base}-{style}" for style in ("Regular", "Bold", "Italic", "BoldItalic")))
    known = set(pdfmetrics.getRegisteredFontNames())
    for style in ("regular", "bold", "italic", "bolditalic"):  # Faces mirrors FontFamily
        if (face := getattr(faces, style)) not in known:
            pdfmetrics.registerFont(cached_ttfont(face, getattr(files, style)))
    pdfmetrics.registerFontFamily(
        base,
        normal=faces.regular,
        bold=faces.bold,
        italic=faces.italic,
        boldItalic=faces.bolditalic,
    )
    return faces


def tint(color: colors.Color, amount: float) -> colors.Color:
    """``color`` mixed with white; amount 0 is white, 1 is the colour itself."""
    return colors.Color(*(1 - amount * (1 - c) for c in (color.red, color.green, color.blue)))


def paragraph_styles(look: Look, body: Faces, head: Faces) -> dict[str, ParagraphStyle]:
    """Every paragraph style of a document, built once per document (not per paragraph), from
    the measures the DOCX uses too (``layout.metrics``): the same rounded sizes, line pitches
    and spacing. Padding that takes room in the DOCX (a box's top and bottom, a heading's rule)
    is added to the space before and after here, where reportlab draws it outside the text."""
    m = metrics(look)
    base = _style("body", m.styles["body"], body, head)
    out = {role: _style(role, spec, body, head, base) for role, spec in m.styles.items()}
    out["body"] = base
    return out


def _style(
    name: str, spec: TextStyle, body: Faces, head: Faces, parent: ParagraphStyle | None = None
) -> ParagraphStyle:
    faces = body if spec.font == "body" else head
    face = {
        (False, False): faces.regular,
        (True, False): faces.bold,
        (False, True): faces.italic,
        (True, True): faces.bolditalic,
    }[(spec.bold, spec.italic)]
    box = spec.box
    style = ParagraphStyle(
        name,
        parent=parent,
        fontName=face,
        fontSize=spec.size,
        leading=spec.leading,
        textColor=colors.HexColor(spec.color),
        spaceBefore=spec.before + (box.pad_top if box else 0),
        spaceAfter=spec.after + (box.pad_bottom if box else 0),
        leftIndent=spec.left,
        rightIndent=spec.right,
        bulletIndent=spec.left - spec.hanging,
        bulletFontName=body.regular,
        bulletFontSize=spec.size,
        keepWithNext=int(spec.keep_with_next),
        allowWidows=0,
        allowOrphans=0,
        spaceShrinkage=0,  # Word and LibreOffice never squeeze a line's spaces
    )
    if spec.rule is not None:
        style.rule_space = spec.rule.room  # read by HeadingParagraph: the rule takes room below
        style.rule_width = spec.rule.width
    if box is not None:
        style.bar_color = colors.HexColor(box.bar_color)  # read by BarParagraph
        style.borderPadding = (
            max(box.pad_top, box.bleed),
            box.pad_right,
            max(box.pad_bottom, box.bleed),
            box.pad_left,
        )
        if box.fill is not None:
            style.backColor = colors.HexColor(box.fill)
    return style


def table_style(look: Look, body: Faces) -> TableStyle:
    """The style of every table of a document: accent header row, banded rows, rules."""
    accent = colors.HexColor(look.accent)
    t = metrics(look).table
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), accent),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, tint(accent, t.band)]),
            ("LINEBELOW", (0, 1), (-1, -1), t.row_rule, RULE),
            ("LINEBELOW", (0, -1), (-1, -1), t.last_rule, accent),
            ("FONTNAME", (0, 0), (-1, -1), body.regular),  # else Helvetica is referenced
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), t.pad_top),
            ("BOTTOMPADDING", (0, 0), (-1, -1), t.pad_bottom),
            ("LEFTPADDING", (0, 0), (-1, -1), t.pad_side),
            ("RIGHTPADDING", (0, 0), (-1, -1), t.pad_side),
        ]
    )
