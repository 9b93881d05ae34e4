"""The DOCX's named styles (Title, Heading 1, List Number, Quote, Brief Lead...), configured once
per document from the ``Look``, so Word's navigation pane, TOC and restyling keep working; and
the default template's baggage, dropped."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.styles import BabelFish
from docx.styles.style import StyleFactory
from lxml import etree

from briefbuilder.layout.document import Look
from briefbuilder.layout.scene import tint
from briefbuilder.writers import ooxml

TEMPLATE_STYLES = (
    *("Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "List Number", "List Bullet"),
    *("Quote", "Caption", "Header", "Footer", "Table Grid", "TOC Heading"),
)
CUSTOM_STYLES = (
    *("Brief Lead", "Brief Meta", "Quote Attribution", "Note Text", "Brief Small", "Table Text"),
    *("Brief Organization", "Brief Figure"),
)
# Word's own built-in names: Word uses these for its TOC and footnotes, and restyles them
BUILTIN_PARAGRAPH_STYLES = ("toc 1", "toc 2", "footnote text")
META_LABEL_MM = 28
KEEP_TABLE_STYLES = ("TableNormal", "TableGrid")
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
INK, GREY, RULE, LINK, WHITE = "1A1A1A", "505050", "B8BEC6", "1B5FA8", "FFFFFF"


def hex_colour(color: str) -> str:
    """A colour as OOXML writes it: "#1f3a5f" -> "1F3A5F"."""
    return color.lstrip("#").upper()


def _ppr(style: Any) -> Any:
    return style.element.get_or_add_pPr()


def _rpr(style: Any) -> Any:
    return style.element.get_or_add_rPr()


def prune_template(document: DocxDocument) -> None:
    """Drop default-template baggage: 98 unused table styles (most of styles.xml, which
    every save re-serialises and compresses; Word keeps its own built-in definitions),
    the stale stylesWithEffects copy and python-docx's thumbnail of an empty page."""
    styles = document.styles.element
    for style in styles.iterchildren(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.styleId not in KEEP_TABLE_STYLES:
            style.tag = "drop"  # stripping marked elements in one pass is cheapest in lxml
    etree.strip_elements(styles, "drop", with_tail=False)
    for rels, reltype in (
        (document.part.rels, STYLES_WITH_EFFECTS),
        (document.part.package.rels, RT.THUMBNAIL),
    ):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype == reltype]:
            del rels[r_id]


def find_styles(document: DocxDocument) -> dict[str, Any]:
    """The template styles used, found in one scan, plus the custom ones, added once (python-docx
    style proxies: paragraph styles, and the character styles Hyperlink and footnote reference)."""
    styles = document.styles.element
    wanted = {BabelFish.ui2internal(name): name for name in TEMPLATE_STYLES}
    found = {
        wanted[el.name_val]: StyleFactory(el)
        for el in styles.iterchildren(qn("w:style"))
        if el.name_val in wanted
    }
    for name in CUSTOM_STYLES:  # add_style() would rescan every style for a clash
        found[name] = StyleFactory(styles.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, False))
    for name in BUILTIN_PARAGRAPH_STYLES:
        found[name] = StyleFactory(styles.add_style_of_type(name, WD_STYLE_TYPE.PARAGRAPH, True))
    for name in ("Hyperlink", "footnote reference"):
        found[name] = StyleFactory(styles.add_style_of_type(name, WD_STYLE_TYPE.CHARACTER, True))
    return found


def setup_styles(
    document: DocxDocument, styles: dict[str, Any], look: Look, language: str, text_width: Length
) -> None:
    """Configure every style the writer uses from ``look``: fonts, sizes, colours, spacing,
    borders and tab stops, once per document."""
    s, accent = styles, hex_colour(look.accent)
    serif, sans, size = look.body_font, look.heading_font, look.body_size
    defaults = document.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    ooxml.set_fonts(default_rpr, serif)
    ooxml.set_lang(default_rpr, language)
    specs: dict[str, dict[str, Any]] = {
        "Normal": dict(font=serif, size=size, color=INK, after=6, line=1.15),
        "Title": dict(font=sans, size=size + 12, bold=True, color=accent, before=0, after=4),
        "Subtitle": dict(font=sans, size=size + 2.5, italic=False, color=GREY, after=10),
        "Heading 1": dict(font=sans, size=size + 3, bold=True, color=accent, before=16, after=4),
        "Heading 2": dict(font=sans, size=size + 1, bold=True, color=accent, before=10, after=3),
        "List Number": dict(after=3),
        "List Bullet": dict(after=3),
        "Quote": dict(font=serif, size=size + 0.5, italic=True, color="303030", before=8, after=2),
        "Quote Attribution": dict(font=sans, size=size - 1, color=GREY, before=2, after=12),
        "Brief Lead": dict(size=size + 1, before=4, after=10, line=1.2),
        "Brief Meta": dict(font=sans, size=size - 1, color=GREY, after=0, line=1.1),
        "Note Text": dict(size=size - 1.5, after=3, line=1.05),
        "Brief Small": dict(size=size - 2, color=GREY, after=4),
        "Table Text": dict(size=size - 1, after=0, line=1.05),
        "Caption": dict(font=sans, size=size - 1, bold=True, color=accent, before=10, after=4),
        "Brief Figure": dict(before=8, after=2, line=1.0),
        "Brief Organization": dict(font=sans, size=size, bold=True, color=accent, after=6),
        "TOC Heading": dict(before=14, after=6),
        "toc 1": dict(font=sans, size=size - 0.5, bold=True, color=INK, before=4, after=1, line=1.0),
        "toc 2": dict(font=sans, size=size - 1.5, color=GREY, after=1, line=1.0),
        "footnote text": dict(size=size - 2, after=1, line=1.0),
        "Header": dict(font=sans, size=8.5, color=GREY, after=0, line=1.0),
        "Footer": dict(font=sans, size=8.5, color=GREY, after=0, line=1.0),
    }
    for name, spec in specs.items():
        _style(s[name], **spec)
    for name in (*CUSTOM_STYLES, *BUILTIN_PARAGRAPH_STYLES):
        style = s[name]
        style.base_style, style.quick_style = s["Normal"], True
    for level in (1, 2):  # page numbers at the right margin, joined by dot leaders
        ooxml.set_tab_stop(_ppr(s[f"toc {level}"]), Length(text_width).twips, leader="dot")
    s["toc 2"].paragraph_format.left_indent = Mm(4)
    meta = s["Brief Meta"].paragraph_format  # "Label<TAB>value", wrapped values aligned
    meta.left_indent, meta.first_line_indent = Mm(META_LABEL_MM), Mm(-META_LABEL_MM)
    ooxml.set_tab_stop(_ppr(s["Brief Meta"]), Mm(META_LABEL_MM).twips, align="left")
    s["Brief Figure"].paragraph_format.keep_with_next = True  # with its caption
    noteref = s["footnote reference"].font
    noteref.superscript, noteref.color.rgb = True, RGBColor.from_string(accent)
    for name in ("Heading 1", "Heading 2", "Caption", "Quote", "TOC Heading"):  # never alone at a foot
        fmt = s[name].paragraph_format
        fmt.keep_with_next = fmt.keep_together = True
    s["Normal"].paragraph_format.widow_control = True
    ooxml.remove_children(_ppr(s["Title"]), "w:pBdr")  # our own rule follows the metadata
    ooxml.remove_children(_rpr(s["Title"]), "w:kern", "w:spacing")
    ooxml.remove_children(_ppr(s["Subtitle"]), "w:numPr")
    ooxml.remove_children(_rpr(s["Subtitle"]), "w:spacing", "w:iCs")
    for name in ("List Number", "List Bullet"):  # let items breathe
        ooxml.remove_children(_ppr(s[name]), "w:contextualSpacing")
    s["Quote"].paragraph_format.left_indent = s["Quote"].paragraph_format.right_indent = Mm(8)
    ooxml.set_paragraph_borders(_ppr(s["Quote"]), left=(18, accent, 8))
    attribution = s["Quote Attribution"].paragraph_format  # under the quote, not ragged
    attribution.left_indent = attribution.right_indent = Mm(8)
    lead = s["Brief Lead"].paragraph_format
    lead.left_indent, lead.right_indent = Pt(11), Pt(5)  # border and shading inside margins
    pale = tint(accent, 0.08).lstrip("#")
    edge = (2, pale, 4)  # invisible on the shading; pads the box above, below and right
    lead_bar = (36, accent, 6)
    ooxml.set_paragraph_borders(_ppr(s["Brief Lead"]), left=lead_bar, top=edge, bottom=edge, right=edge)
    ooxml.shade_paragraph(_ppr(s["Brief Lead"]), pale)
    for name in ("Header", "Footer"):  # one right tab at the text edge: "title ... Page n"
        ooxml.remove_children(_ppr(s[name]), "w:tabs")
        s[name].paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    link = s["Hyperlink"].font
    link.color.rgb, link.underline = RGBColor.from_string(LINK), True


def _style(style: Any, *, font: str | None = None, color: str | None = None, **spec: Any) -> None:
    """Set a paragraph style's font and colour, and ``spec``: size, before and after in
    points, bold, italic, line as a multiple of single spacing."""
    if font is not None:
        ooxml.set_fonts(style.element.get_or_add_rPr(), font)
    if color is not None:
        style.font.color.rgb = RGBColor.from_string(color)
    for key, value in spec.items():
        if key == "size":
            style.font.size = Pt(value)
            ooxml.set_cs_size(style.element.rPr, round(value * 2))  # Arabic, Hebrew...
        elif key in ("bold", "italic"):
            setattr(style.font, key, value)
        elif key == "line":
            style.paragraph_format.line_spacing = value
        else:  # before, after
            setattr(style.paragraph_format, f"space_{key}", Pt(value))
