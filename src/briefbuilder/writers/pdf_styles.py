"""The PDF's fonts and styles: TTF families registered with reportlab, every paragraph style
and the table style of a document, built once per document from its ``Look``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import TableStyle

from briefbuilder.fonts.families import font_family
from briefbuilder.layout.document import Look

INK = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5A5F66")
RULE = colors.HexColor("#C4C9D0")
RULE_DARK = colors.HexColor("#8C96A4")


@dataclass(frozen=True, slots=True)
class Faces:
    regular: str
    bold: str
    italic: str
    bolditalic: str


def register_family(name: str) -> Faces:
    """Register a family's four TTFs once per process (the registry is global) under unique
    names, and map them as a family so <b>/<i> in markup pick the right face."""
    files = font_family(name)
    base = "briefbuilder-" + "".join(ch for ch in name if ch.isalnum())
    faces = Faces(*(f"{base}-{style}" for style in ("Regular", "Bold", "Italic", "BoldItalic")))
    known = set(pdfmetrics.getRegisteredFontNames())
    for style in ("regular", "bold", "italic", "bolditalic"):  # Faces mirrors FontFamily
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


def tint(color: colors.Color, amount: float) -> colors.Color:
    """``color`` mixed with white; amount 0 is white, 1 is the colour itself."""
    return colors.Color(*(1 - amount * (1 - c) for c in (color.red, color.green, color.blue)))


def paragraph_styles(look: Look, body: Faces, head: Faces) -> dict[str, ParagraphStyle]:
    """Every paragraph style of a document, built once per document (not per paragraph)."""
    size, small = look.body_size, look.body_size * 0.84
    accent = colors.HexColor(look.accent)
    base = ParagraphStyle(
        "body",
        fontName=body.regular,
        fontSize=size,
        leading=size * 1.35,
        textColor=INK,
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
        backColor=tint(accent, 0.08),
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
    lead.bar_color = quote.bar_color = accent  # read by BarParagraph
    return {
        "body": base,
        "lead": lead,
        "note": derive("note", fontSize=small),
        "small": derive("small", fontSize=size * 0.8, textColor=MUTED),
        "h1": derive("h1", heading, fontSize=size * 1.36, spaceBefore=size * 1.5, spaceAfter=size * 0.85),
        "h2": derive("h2", heading, fontSize=size * 1.12, spaceBefore=size * 0.9, spaceAfter=size * 0.35),
        "title": derive("title", heading, fontSize=23, leading=27.5, spaceAfter=5, keepWithNext=0),
        "subtitle": derive("subtitle", fontName=head.regular, fontSize=13, textColor=MUTED, spaceAfter=10),
        "meta_label": derive("meta_label", meta, fontName=head.bold, fontSize=8.2, textColor=MUTED),
        "meta_value": meta,
        "item": item,
        "item_last": derive("item_last", item, spaceAfter=base.spaceAfter),
        "th": derive("th", cell, fontName=head.bold, textColor=colors.white),
        "td": cell,
        "caption": derive("caption", heading, fontSize=small, textColor=MUTED, spaceAfter=4),
        "quote": quote,
        "attribution": derive(
            "attribution", fontName=head.regular, fontSize=small, textColor=MUTED, leftIndent=20
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
            textColor=MUTED,
            spaceAfter=16,
        ),
        "cover_label": derive(
            "cover_label", meta, fontName=head.bold, fontSize=8.6, leading=13, textColor=MUTED
        ),
        "cover_value": derive("cover_value", meta, fontSize=9.8, leading=13),
        "contents_title": derive(
            "contents_title", heading, fontSize=size * 1.36, spaceBefore=size * 1.2, spaceAfter=size * 0.7
        ),
        "toc1": derive("toc1", fontName=head.bold, fontSize=size * 0.98, spaceBefore=3.5, spaceAfter=1.5),
        "toc2": derive("toc2", fontName=head.regular, fontSize=size * 0.9, textColor=MUTED, spaceAfter=1.5),
        "figure_caption": derive(
            "figure_caption",
            fontName=head.regular,
            fontSize=small,
            textColor=MUTED,
            spaceBefore=4,
            spaceAfter=12,
        ),
    }


def table_style(look: Look, body: Faces) -> TableStyle:
    """The style of every table of a document: accent header row, banded rows, rules."""
    accent = colors.HexColor(look.accent)
    return TableStyle(
        [
            ("BACKGROUND", (0, 0), (-1, 0), accent),
            ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, tint(accent, 0.07)]),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ("LINEBELOW", (0, -1), (-1, -1), 0.9, accent),
            ("FONTNAME", (0, 0), (-1, -1), body.regular),  # else Helvetica is referenced
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LEFTPADDING", (0, 0), (-1, -1), 6),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ]
    )
