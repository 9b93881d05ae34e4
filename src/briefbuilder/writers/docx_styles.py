"""The DOCX's named styles and list numbering, written whole from the shared measures.

Every style the writer uses is defined here from ``layout.metrics`` (the numbers the PDF uses
too): an exact line pitch, spacing, indents, keep-with-next, borders and boxes. The names are
Word's own where Word has one ("heading 1" with id Heading1, "footnote text", "toc 1",
"caption") and pandoc's reference.docx names where they fit (Body Text, First Paragraph,
Block Text is the lead's parent, Image Caption, Captioned Figure, the table style Table), so a
reference .docx made for pandoc or in Word restyles the brief (``docx_reference``).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from briefbuilder.audience.look import Look
from briefbuilder.layout.metrics import MUTED, NUMBER_GAP, Metrics, Rule, TextStyle, half, on_grid, twips
from briefbuilder.layout.page import text_block_width

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"
LINK = "1B5FA8"


def w(tag: str, parent: etree._Element | None = None, **attrs: str | int | float) -> etree._Element:
    """A ``w:`` element, appended to ``parent`` when given; attributes are ``w:``-namespaced."""
    attrib = {f"{_W}{k}": str(v) for k, v in attrs.items()}
    el = (
        etree.Element(f"{_W}{tag}", attrib)
        if parent is None
        else etree.SubElement(parent, f"{_W}{tag}", attrib)
    )
    return el


def hex_colour(color: str) -> str:
    """A colour as OOXML writes it: "#1f3a5f" -> "1F3A5F"."""
    return color.lstrip("#").upper()


@dataclass(frozen=True, slots=True)
class StyleDef:
    """One style of the built-in set: its id, Word name, kind, parent and measures."""

    key: str  # what the writer calls it
    style_id: str
    name: str
    kind: str = "paragraph"  # paragraph, character or table
    based_on: str | None = "Normal"
    text: TextStyle | None = None


# what the writer calls a style -> (id, Word name, parent id, role in the metrics)
_PARAGRAPHS: tuple[tuple[str, str, str, str | None, str | None], ...] = (
    ("Normal", "Normal", "Normal", None, "body"),
    ("Body Text", "BodyText", "Body Text", "Normal", "body"),
    ("First Paragraph", "FirstParagraph", "First Paragraph", "BodyText", "body"),
    ("Title", "Title", "Title", "Normal", "title"),
    ("Subtitle", "Subtitle", "Subtitle", "Normal", "subtitle"),
    ("Heading 1", "Heading1", "heading 1", "Normal", "h1"),
    ("Heading 2", "Heading2", "heading 2", "Normal", "h2"),
    ("Heading 3", "Heading3", "heading 3", "Normal", "h2"),
    ("Block Text", "BlockText", "Block Text", "BodyText", "lead"),
    ("Brief Lead", "BriefLead", "Brief Lead", "BlockText", "lead"),
    ("Brief Note", "BriefNote", "Brief Note", "BodyText", "note"),
    ("Brief Small", "BriefSmall", "Brief Small", "BodyText", "small"),
    ("Brief Organization", "BriefOrganization", "Brief Organization", "Normal", "kicker"),
    ("Brief Meta", "BriefMeta", "Brief Meta", "Normal", "meta_value"),
    ("Cover Rule", "CoverRule", "Cover Rule", "Normal", None),
    ("Title Rule", "TitleRule", "Title Rule", "Normal", None),
    ("List Bullet", "ListBullet", "List Bullet", "Normal", "item"),
    ("List Number", "ListNumber", "List Number", "Normal", "item"),
    ("Quote", "Quote", "Quote", "Normal", "quote"),
    ("Quote Attribution", "QuoteAttribution", "Quote Attribution", "Normal", "attribution"),
    ("Caption", "Caption", "caption", "Normal", "caption"),
    ("Image Caption", "ImageCaption", "Image Caption", "Caption", "figure_caption"),
    ("Captioned Figure", "CaptionedFigure", "Captioned Figure", "Normal", "body"),
    ("Table Text", "TableText", "Table Text", "Normal", "td"),
    ("Table Heading", "TableHeading", "Table Heading", "TableText", "th"),
    ("Note Text", "NoteText", "Note Text", "Normal", "endnote"),
    ("TOC Heading", "TOCHeading", "TOC Heading", "Normal", "contents_title"),
    ("toc 1", "TOC1", "toc 1", "Normal", "toc1"),
    ("toc 2", "TOC2", "toc 2", "Normal", "toc2"),
    ("footnote text", "FootnoteText", "footnote text", "Normal", "note"),
    ("Header", "Header", "header", "Normal", None),
    ("Footer", "Footer", "footer", "Normal", None),
    ("Brief Marking", "BriefMarking", "Brief Marking", "Header", None),
)
_CHARACTERS = (
    ("Default Paragraph Font", "DefaultParagraphFont", "Default Paragraph Font"),
    ("Hyperlink", "Hyperlink", "Hyperlink"),
    ("footnote reference", "FootnoteReference", "footnote reference"),
    ("Citation", "Citation", "Citation"),
    ("Brief Meta Label", "BriefMetaLabel", "Brief Meta Label"),
)
STYLE_ROLES = {p[0]: p[4] for p in _PARAGRAPHS}  # paragraph style -> its measures in Metrics.styles
STYLE_KEYS = (*(p[0] for p in _PARAGRAPHS), *(c[0] for c in _CHARACTERS), "Table")
BUILTIN_IDS = {p[0]: p[1] for p in _PARAGRAPHS} | {c[0]: c[1] for c in _CHARACTERS} | {"Table": "Table"}
BUILTIN_NAMES = {p[0]: p[2] for p in _PARAGRAPHS} | {c[0]: c[2] for c in _CHARACTERS} | {"Table": "Table"}
NUM_BULLET, NUM_DECIMAL = 1, 2  # numbering instances the list styles point to


def heading_font_keys(m: Metrics) -> frozenset[str]:
    """The styles set in the heading font (paragraph roles, running header and footer, labels)."""
    keys = {p[0] for p in _PARAGRAPHS if p[4] is not None and m.styles[p[4]].font == "heading"}
    return frozenset(keys | {"Header", "Footer", "Brief Marking", "Brief Meta Label"})


def styles_xml(
    look: Look, m: Metrics, *, cover: bool, logo: float | None = None, language: str = "en"
) -> etree._Element:
    """The whole ``word/styles.xml`` for a document: defaults, then every style the writer uses.
    ``cover``: the title block is a cover page (a larger title, subtitle and labels); ``logo``:
    the height of the logo on the organization's line, which sets that line's pitch."""
    fonts = {"body": look.body_font, "heading": look.heading_font}
    s = dict(m.styles)
    if cover:
        s |= {"title": s["cover_title"], "subtitle": s["cover_subtitle"], "kicker": s["cover_kicker"]}
        s |= {"meta_label": s["cover_label"], "meta_value": s["cover_value"]}
    root = etree.Element(f"{_W}styles", nsmap={"w": W_NS})
    defaults = w("docDefaults", root)
    rpr = w("rPr", w("rPrDefault", defaults))
    _fonts(rpr, fonts["body"])
    w("sz", rpr, val=_half(s["body"].size))
    w("szCs", rpr, val=_half(s["body"].size))
    w("lang", rpr, val=language, eastAsia=language, bidi=language)
    ppr = w("pPr", w("pPrDefault", defaults))
    w("widowControl", ppr)  # the PDF allows no widows or orphans
    w("spacing", ppr, after=0, line=twips(s["body"].leading), lineRule="exact")
    w(
        "latentStyles",
        root,
        defLockedState=0,
        defUIPriority=99,
        defSemiHidden=0,
        defUnhideWhenUsed=0,
        defQFormat=0,
        count=376,
    )
    width = text_block_width(look)
    specs: dict[str, TextStyle | None] = {}  # style id -> the measures it has, its own or inherited
    for key, style_id, name, parent, role in _PARAGRAPHS:
        el = _style(root, "paragraph", style_id, name, parent, default=key == "Normal")
        spec = s[role] if role is not None else None
        ppr, rpr = w("pPr", el), w("rPr", el)
        inherited = specs.get(parent or "")
        specs[style_id] = spec if spec is not None else inherited
        if spec is not None:
            _paragraph(ppr, rpr, spec, fonts, inherited)
        _special(key, ppr, rpr, look, m, s, width, cover, logo)
        if key == "Normal":  # the PDF allows no widows or orphans
            _insert(
                ppr, etree.Element(f"{_W}widowControl"), ("numPr", "pBdr", "shd", "tabs", "spacing", "ind")
            )
        for holder in (ppr, rpr):
            if len(holder) == 0:
                el.remove(holder)
    for _key, style_id, name in _CHARACTERS:
        el = _style(root, "character", style_id, name, None, default=style_id == "DefaultParagraphFont")
        rpr = w("rPr")
        if style_id == "Hyperlink":
            w("color", rpr, val=LINK)
            w("u", rpr, val="single")
        elif style_id in ("FootnoteReference", "Citation"):
            w("color", rpr, val=hex_colour(look.accent))
            if style_id == "FootnoteReference":  # LibreOffice ignores a footnote mark's position
                w("vertAlign", rpr, val="superscript")
        elif style_id == "BriefMetaLabel":
            label = s["meta_label"]
            _fonts(rpr, fonts["heading"])
            w("b", rpr)
            w("color", rpr, val=hex_colour(label.color))
            w("sz", rpr, val=_half(label.size))
            w("szCs", rpr, val=_half(label.size))
        if len(rpr):
            el.append(rpr)
    for style_id, name in (("TableNormal", "Normal Table"), ("Table", "Table")):
        el = _style(
            root,
            "table",
            style_id,
            name,
            "TableNormal" if style_id == "Table" else None,
            default=style_id == "TableNormal",
        )
        tblpr = w("tblPr", el)
        w("tblInd", tblpr, w=0, type="dxa")
        cell = w("tblCellMar", tblpr)
        t = m.table
        for side, value in (
            ("top", t.pad_top),
            ("left", t.pad_side),
            ("bottom", t.pad_bottom),
            ("right", t.pad_side),
        ):
            w(side, cell, w=twips(value if style_id == "Table" else 0), type="dxa")
    return root


def _style(
    root: etree._Element, kind: str, style_id: str, name: str, parent: str | None, *, default: bool = False
) -> etree._Element:
    attrs = {"type": kind, "styleId": style_id} | ({"default": "1"} if default else {})
    el = w("style", root, **attrs)
    w("name", el, val=name)
    if parent is not None and parent != style_id:
        w("basedOn", el, val=parent)
    if kind == "paragraph" and name.startswith("heading"):
        w("next", el, val="FirstParagraph")
    w("qFormat", el)
    return el


def _half(points: float) -> int:
    return round(half(points) * 2)


def _fonts(rpr: etree._Element, name: str) -> None:
    w("rFonts", rpr, ascii=name, hAnsi=name, eastAsia=name, cs=name)


def _paragraph(
    ppr: etree._Element, rpr: etree._Element, spec: TextStyle, fonts: dict[str, str], parent: TextStyle | None
) -> None:
    """A style's measures as pPr and rPr children, in schema order. What the ``parent`` style's
    measures switch on and this style's do not is switched off again: Image Caption is based on
    Caption (bold, kept with the next paragraph), and a figure's caption kept with a table after
    it made LibreOffice move figure, caption and the whole table to the next page."""
    _switch(ppr, ("keepNext", "keepLines"), spec.keep_with_next, parent is not None and parent.keep_with_next)
    box = spec.box
    if box is not None:
        bdr = w("pBdr", ppr)
        if box.fill is not None:  # top and bottom in the box's own colour: padding that takes room
            _border(bdr, "top", box.fill, box.pad_top, 6)
        bar = round(box.bar_width * 8)
        w(
            "left",
            bdr,
            val="single",
            sz=bar,
            space=int(box.pad_left - box.bar_width),
            color=hex_colour(box.bar_color),
        )
        if box.fill is not None:
            _border(bdr, "bottom", box.fill, box.pad_bottom, 2)
            _border(bdr, "right", box.fill, box.pad_right, 8)
            w("shd", ppr, val="clear", color="auto", fill=hex_colour(box.fill))
    elif spec.rule is not None:
        _rule(w("pBdr", ppr), "bottom", spec.rule)
    if spec.hanging:
        _tab(ppr, spec.left, "left")
    attrs: dict[str, int | str] = {"before": twips(spec.before), "after": twips(spec.after)}
    w("spacing", ppr, **attrs, line=twips(spec.leading), lineRule="exact")
    ind: dict[str, int] = {}
    if spec.left or spec.hanging:
        ind["left"] = twips(spec.left)
    if spec.right:
        ind["right"] = twips(spec.right)
    if spec.hanging:
        ind["hanging"] = twips(spec.hanging)
    if ind:
        w("ind", ppr, **ind)
    if spec.font == "heading" or (parent is not None and parent.font == "heading"):
        _fonts(rpr, fonts[spec.font])
    _switch(rpr, ("b", "bCs"), spec.bold, parent is not None and parent.bold)
    _switch(rpr, ("i", "iCs"), spec.italic, parent is not None and parent.italic)
    w("color", rpr, val=hex_colour(spec.color))
    w("sz", rpr, val=_half(spec.size))
    w("szCs", rpr, val=_half(spec.size))


def _switch(holder: etree._Element, tags: tuple[str, ...], on: bool, inherited: bool) -> None:
    """On/off properties: written when on, and written off when the parent style has them on."""
    for tag in tags if on or inherited else ():
        w(tag, holder, **({} if on else {"val": 0}))


def _border(bdr: etree._Element, side: str, color: str, room: float, eighths: int) -> None:
    """A border in ``color`` taking ``room`` points: whole points of distance plus its width."""
    space = max(0, int(room - eighths / 8 + 1e-9))
    eighths = max(2, round((room - space) * 8))
    w(side, bdr, val="single", sz=eighths, space=space, color=hex_colour(color))


def _rule(bdr: etree._Element, side: str, rule: Rule) -> None:
    w(side, bdr, val="single", sz=round(rule.width * 8), space=int(rule.space), color=hex_colour(rule.color))


def _tab(ppr: etree._Element, position: float, align: str, leader: str | None = None) -> None:
    tabs = w("tabs", ppr)
    attrs = {"val": align, "pos": str(twips(position))} | ({"leader": leader} if leader else {})
    w("tab", tabs, **attrs)


def _insert(ppr: etree._Element, el: etree._Element, before: tuple[str, ...]) -> None:
    """Put ``el`` into ``ppr`` before the first child named in ``before`` (schema order)."""
    for child in ppr:
        if etree.QName(child).localname in before:
            child.addprevious(el)
            return
    ppr.append(el)


def _special(
    key: str,
    ppr: etree._Element,
    rpr: etree._Element,
    look: Look,
    m: Metrics,
    s: dict[str, TextStyle],
    width: float,
    cover: bool,
    logo: float | None,
) -> None:
    """What a style needs beyond its measures: tab stops, rules, alignment, list numbering."""
    accent = hex_colour(look.accent)
    chrome = m.chrome
    after_spacing = ("spacing", "ind", "jc", "outlineLvl")
    if key in ("Heading 1", "Heading 2", "Heading 3"):
        w("outlineLvl", ppr, val=int(key[-1]) - 1)
    elif key == "Brief Organization":  # the PDF's logo and name side by side, then a gap
        spacing = ppr.find(f"{_W}spacing")
        gap = 6.0 if cover else 4.0 if logo else 3.0
        if logo:  # the line is as tall as the logo, plus the font's descent under its baseline
            descent = 0.28 * s["kicker"].size
            spacing.set(f"{_W}line", str(twips(logo)))
            spacing.set(f"{_W}lineRule", "atLeast")
            gap = max(0.0, gap - descent)
        spacing.set(f"{_W}after", str(twips(gap)))
    elif key == "Brief Meta":  # "Label<TAB>value": the PDF's two columns, wrapped values aligned
        label = m.meta_label_cover if cover else m.meta_label_block
        row = m.meta_row_cover if cover else m.meta_row_block
        _insert(ppr, _tab_el(label, "left"), after_spacing)
        ppr.find(f"{_W}spacing").set(f"{_W}after", str(twips(row - s["meta_value"].leading)))
        w("ind", ppr, left=twips(label), hanging=twips(label))
    elif key in ("Cover Rule", "Title Rule"):  # an empty line as thin as DOCX allows, then a rule
        thick = key == "Title Rule"
        bdr = w("pBdr", ppr)
        w("bottom", bdr, val="single", sz=13 if thick else 6, space=0, color=accent)
        row = m.meta_row_cover if cover else m.meta_row_block
        before = on_grid(row - s["meta_value"].leading + 9) if thick else 8
        after = 4 if thick else on_grid(22 * 72 / 25.4)
        w("spacing", ppr, before=twips(before), after=twips(after), line=1, lineRule="exact")
        w("sz", rpr, val=2)
    elif key in ("List Bullet", "List Number"):
        numpr = etree.Element(f"{_W}numPr")
        w("numId", numpr, val=NUM_BULLET if key == "List Bullet" else NUM_DECIMAL)
        ppr.insert(1 if ppr.find(f"{_W}keepNext") is not None else 0, numpr)
        if key == "List Number":  # as its numbering says: the number right-aligned in the gutter
            ppr.find(f"{_W}ind").set(f"{_W}hanging", str(twips(NUMBER_GAP * s["item"].size)))
    elif key == "Captioned Figure":  # the PDF's figure: space above it, none below
        ppr.find(f"{_W}spacing").set(f"{_W}before", str(twips(m.figure_before)))
        ppr.find(f"{_W}spacing").set(f"{_W}after", "0")
        ppr.insert(0, etree.Element(f"{_W}keepNext"))
        w("jc", ppr, val="left")
    elif key in ("toc 1", "toc 2"):  # page numbers at the right margin, joined by dot leaders
        _insert(ppr, _tab_el(width, "right", "dot"), after_spacing)
        if key == "toc 2":  # no right indent: a tab beyond it is lost in LibreOffice
            w("ind", ppr, left=twips(m.toc_indent))
    elif key in ("Header", "Footer", "Brief Marking"):
        size = chrome.marking_size if key == "Brief Marking" else chrome.size
        if key != "Brief Marking":
            _insert(ppr, _tab_el(width, "right"), after_spacing)
        w("spacing", ppr, before=0, after=0, line=twips(9), lineRule="exact")
        if key == "Brief Marking":
            w("jc", ppr, val="center")
        _fonts(rpr, look.heading_font)
        if key == "Brief Marking":
            w("b", rpr)
        w("color", rpr, val=hex_colour(look.marking_color if key == "Brief Marking" else MUTED))
        w("sz", rpr, val=_half(size))
        w("szCs", rpr, val=_half(size))


def _tab_el(position: float, align: str, leader: str | None = None) -> etree._Element:
    tabs = w("tabs")
    attrs = {"val": align, "pos": str(twips(position))} | ({"leader": leader} if leader else {})
    w("tab", tabs, **attrs)
    return tabs


def numbering_xml(look: Look, m: Metrics, restarts: int) -> etree._Element:
    """``word/numbering.xml``: a bullet list and a numbered list with the PDF's hanging indents,
    and ``restarts`` more instances of the numbered list, each starting again at 1."""
    item = m.styles["item"]
    root = etree.Element(f"{_W}numbering", nsmap={"w": W_NS})
    for abstract, (fmt, text) in enumerate((("bullet", "\u2022"), ("decimal", "%1."))):
        el = w("abstractNum", root, abstractNumId=abstract)
        w("multiLevelType", el, val="singleLevel")
        lvl = w("lvl", el, ilvl=0)
        w("start", lvl, val=1)
        w("numFmt", lvl, val=fmt)
        w("pStyle", lvl, val="ListBullet" if fmt == "bullet" else "ListNumber")
        w("lvlText", lvl, val=text)
        # a number ends NUMBER_GAP em before the text, right-aligned there (lvlJc right aligns
        # it at the first line's start, left - hanging), so "10." starts its text where "9."
        # does; the tab at the hanging indent takes the text there
        decimal = fmt == "decimal"
        w("lvlJc", lvl, val="right" if decimal else "left")
        ppr = w("pPr", lvl)
        _tab(ppr, item.left, "num")
        hanging = NUMBER_GAP * item.size if decimal else item.hanging
        w("ind", ppr, left=twips(item.left), hanging=twips(hanging))
        rpr = w("rPr", lvl)
        _fonts(rpr, look.body_font)
    for num_id, abstract in ((NUM_BULLET, 0), (NUM_DECIMAL, 1)):
        w("abstractNumId", w("num", root, numId=num_id), val=abstract)
    for n in range(restarts):
        num = w("num", root, numId=NUM_DECIMAL + 1 + n)
        w("abstractNumId", num, val=1)
        w("startOverride", w("lvlOverride", num, ilvl=0), val=1)
    return root
