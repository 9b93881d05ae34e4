"""Raw WordprocessingML that python-docx has no API for: runs, paragraph properties, tables.

Every element is built with the lxml element API and user text only ever goes into ``.text``
or attribute values, so nothing here can be broken by ``&``, ``<`` or non-Latin characters.
Child order follows the OOXML schema (Word rejects files whose property children are out of
order), hence the successor tuples below. Fields, bookmarks and links are in ``ooxml_fields``,
footnotes in ``ooxml_notes``.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.etree import SubElement


# Schema successors: a new child is inserted before the first of these that is present.
def w_tags(names: str) -> tuple[str, ...]:
    """``w:`` tag names from a space-separated list."""
    return tuple(f"w:{name}" for name in names.split())


_PPR_AFTER_PBDR = w_tags(
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE"
    " autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents"
    " suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle"
    " rPr sectPr pPrChange"
)
_PPR_AFTER_SHD = _PPR_AFTER_PBDR[1:]
_TCPR_AFTER_SHD = w_tags("noWrap tcMar textDirection tcFitText vAlign hideMark")
_TRPR_AFTER_HEADER = w_tags("tblCellSpacing jc hidden")
_TBLPR_AFTER_BORDERS = w_tags("shd tblLayout tblCellMar tblLook")
_RPR_AFTER_SZCS = w_tags("highlight u effect bdr shd fitText vertAlign rtl cs em lang")
_RPR_AFTER_SZCS += w_tags("eastAsianLayout specVanish oMath")
_RPR_AFTER_LANG = w_tags("eastAsianLayout specVanish oMath")
_RPR_AFTER_POSITION = (
    w_tags("sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang") + _RPR_AFTER_LANG
)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def element(tag: str, **attrs: str) -> BaseOxmlElement:
    """A loose element ``tag`` with ``w:``-namespaced attributes given as keyword arguments."""
    return OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})


# --- paragraphs and runs: built directly, python-docx's setters cost a schema walk each ---------
_PPR, _PSTYLE, _R, _RPR, _T, _VAL = map(qn, w_tags("pPr pStyle r rPr t val"))
_RSTYLE, _B, _I, _COLOR, _POSITION, _SZ, _SZCS = map(qn, w_tags("rStyle b i color position sz szCs"))
_SPECIAL = frozenset("\t\n\r")  # python-docx's text setter turns these into w:tab / w:br


def new_paragraph(style_id: str | None) -> BaseOxmlElement:
    """A loose ``w:p`` in style ``style_id`` (None: the default style)."""
    p = OxmlElement("w:p")
    if style_id is not None:
        SubElement(SubElement(p, _PPR), _PSTYLE).set(_VAL, style_id)
    return p


def append_run(
    parent: BaseOxmlElement,
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style_id: str | None = None,
    color: str | None = None,
    raised: tuple[int, int] | None = None,
) -> BaseOxmlElement:
    """Append a ``w:r`` with ``text`` (set as element text, never parsed) to ``parent``.
    ``raised``: (size, rise) in half points, how the PDF sets a superscript."""
    r = SubElement(parent, _R)
    if bold or italic or style_id or color or raised:
        rpr = SubElement(r, _RPR)  # children in schema order
        if style_id:
            SubElement(rpr, _RSTYLE).set(_VAL, style_id)
        if bold:
            SubElement(rpr, _B)
        if italic:
            SubElement(rpr, _I)
        if color:
            SubElement(rpr, _COLOR).set(_VAL, color)
        if raised:
            set_raised(rpr, raised)
    if _SPECIAL.isdisjoint(text):
        t = SubElement(r, _T)
        t.text = text
        if text[:1].isspace() or text[-1:].isspace():
            t.set(XML_SPACE, "preserve")
    else:
        r.text = text
    return r


def set_raised(rpr: BaseOxmlElement, raised: tuple[int, int]) -> None:
    """Raise and size a run as the PDF sets a superscript: (size, rise) in half points."""
    size, rise = raised
    SubElement(rpr, _POSITION).set(_VAL, str(rise))
    SubElement(rpr, _SZ).set(_VAL, str(size))
    SubElement(rpr, _SZCS).set(_VAL, str(size))


# --- run and paragraph properties ------------------------------------------------------------
_PPR_ORDER = w_tags(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr"
    " shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE"
    " autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents"
    " suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle"
    " rPr sectPr pPrChange"
)


def _ppr_child(p: BaseOxmlElement, tag: str) -> BaseOxmlElement:
    """The paragraph's ``tag`` property, made in schema order when missing."""
    ppr = p.get_or_add_pPr()
    found = ppr.find(qn(tag))
    if found is None:
        found = element(tag)
        ppr.insert_element_before(found, *_PPR_ORDER[_PPR_ORDER.index(tag) + 1 :])
    return found


def set_style(p: BaseOxmlElement, style_id: str) -> None:
    """Put paragraph ``p`` in style ``style_id``."""
    _ppr_child(p, "w:pStyle").set(_VAL, style_id)


def set_spacing(
    p: BaseOxmlElement,
    *,
    before: int | None = None,
    after: int | None = None,
    line: int | None = None,
    rule: str | None = None,
) -> None:
    """Override a paragraph's spacing (twips), where no style can say it."""
    spacing = _ppr_child(p, "w:spacing")
    for attr, value in (("w:before", before), ("w:after", after), ("w:line", line), ("w:lineRule", rule)):
        if value is not None:
            spacing.set(qn(attr), str(value))


def set_page_break(p: BaseOxmlElement) -> None:
    """Start a page at ``p``; its space before is dropped, as at the top of every PDF page."""
    _ppr_child(p, "w:pageBreakBefore")
    set_spacing(p, before=0)


def set_picture_line(p: BaseOxmlElement, line: int) -> None:
    """A paragraph holding only a picture ``line`` twips tall: its line at least that (an exact
    line clips a taller picture in Word and LibreOffice), and its text 1 pt, since both add the
    font's descent under a picture standing on the baseline (at 10.5 pt, 3 pt the PDF has not)."""
    set_spacing(p, line=line, rule="atLeast")
    for holder in (_ppr_child(p, "w:rPr"), *(_run_rpr(r) for r in p.findall(_R))):
        if holder.find(_SZ) is None:
            SubElement(holder, _SZ).set(_VAL, "2")
            SubElement(holder, _SZCS).set(_VAL, "2")


def _run_rpr(r: BaseOxmlElement) -> BaseOxmlElement:
    rpr = r.find(_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        r.insert(0, rpr)
    return rpr


def set_keep_next(p: BaseOxmlElement) -> None:
    _ppr_child(p, "w:keepNext")


def set_keep_lines(p: BaseOxmlElement) -> None:
    _ppr_child(p, "w:keepLines")


def set_fonts(rpr: BaseOxmlElement, name: str) -> None:
    """Use ``name`` for every script slot; theme attributes would otherwise win over it."""
    fonts = rpr.get_or_add_rFonts()
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def set_lang(rpr: BaseOxmlElement, lang: str) -> None:
    """Set the proofing language (``w:lang/@w:val``) of a run-properties element."""
    found = rpr.find(qn("w:lang"))
    if found is None:
        found = element("w:lang")
        rpr.insert_element_before(found, *_RPR_AFTER_LANG)
    found.set(qn("w:val"), lang)


def set_cs_size(rpr: BaseOxmlElement, half_points: int) -> None:
    """Size complex-script text like the rest (python-docx's font.size sets only ``w:sz``)."""
    remove_children(rpr, "w:szCs")
    rpr.insert_element_before(element("w:szCs", val=str(half_points)), *_RPR_AFTER_SZCS)


def set_paragraph_borders(p: BaseOxmlElement, **sides: tuple[int, str, int]) -> None:
    """Replace the paragraph borders; each side is (eighths of a point, hex colour, space pt)."""
    ppr = p.get_or_add_pPr()
    old = ppr.find(qn("w:pBdr"))
    if old is not None:
        ppr.remove(old)
    bdr = element("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            size, color, space = sides[side]
            attrs = {"val": "single", "sz": str(size), "space": str(space), "color": color}
            bdr.append(element(f"w:{side}", **attrs))
    ppr.insert_element_before(bdr, *_PPR_AFTER_PBDR)


def shade_paragraph(ppr: BaseOxmlElement, fill: str) -> None:
    """Give a paragraph (or paragraph style) a solid background ``fill`` (hex RGB)."""
    shd = element("w:shd", val="clear", color="auto", fill=fill)
    ppr.insert_element_before(shd, *_PPR_AFTER_SHD)


def remove_children(parent: BaseOxmlElement, *tags: str) -> None:
    """Drop inherited template properties (e.g. the Title's border) we replace ourselves."""
    for tag in tags:
        for child in parent.findall(qn(tag)):
            parent.remove(child)


def set_tab_stop(
    ppr: BaseOxmlElement, position_twips: int, *, align: str = "right", leader: str | None = None
) -> None:
    """Replace the tab stops with one stop at ``position_twips`` (``leader``: "dot" etc.)."""
    remove_children(ppr, "w:tabs")
    tabs = element("w:tabs")
    attrs = {"val": align, "pos": str(position_twips)}
    if leader:
        attrs["leader"] = leader
    tabs.append(element("w:tab", **attrs))
    ppr.insert_element_before(tabs, *_PPR_AFTER_PBDR[1:])


# --- tables ----------------------------------------------------------------------------------
def shade_cell(tc: BaseOxmlElement, fill: str) -> None:
    """Solid background for one table cell."""
    tc.get_or_add_tcPr().insert_element_before(
        element("w:shd", val="clear", color="auto", fill=fill), *_TCPR_AFTER_SHD
    )


def set_row(tr: BaseOxmlElement, *, header: bool) -> None:
    """Never split the row across pages; a header row also repeats on every page."""
    trpr = tr.get_or_add_trPr()
    trpr.insert(0, element("w:cantSplit"))
    if header:
        trpr.insert_element_before(element("w:tblHeader"), *_TRPR_AFTER_HEADER)


def set_table(tbl: BaseOxmlElement, style_id: str, width_twips: int, widths: list[int]) -> None:
    """A fixed-layout table in style ``style_id``, ``width_twips`` wide, on the left margin, with
    no borders of its own (the rows' rules are the cells' bottom borders)."""
    tblpr = tbl.tblPr
    tblpr.style = style_id
    width = tblpr.find(qn("w:tblW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(width_twips))
    borders = element("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(element(f"w:{side}", val="nil"))
    tblpr.insert_element_before(borders, *_TBLPR_AFTER_BORDERS)
    tblpr.insert_element_before(element("w:tblLayout", type="fixed"), *_TBLPR_AFTER_BORDERS[2:])
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        for attr, value in (
            ("firstRow", "1"),
            ("lastRow", "0"),
            ("firstColumn", "0"),
            ("lastColumn", "0"),
            ("noHBand", "1"),
            ("noVBand", "1"),
        ):
            look.set(qn(f"w:{attr}"), value)
    for col, twips in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
        col.set(qn("w:w"), str(twips))
    for tr in tbl.tr_lst:
        for tc, twips in zip(tr.tc_lst, widths, strict=True):
            tcw = tc.get_or_add_tcPr().get_or_add_tcW()
            tcw.set(qn("w:type"), "dxa")
            tcw.set(qn("w:w"), str(twips))


def set_cell_bottom(tc: BaseOxmlElement, eighths: int, color: str, margin_twips: int) -> None:
    """A rule under the cell, and the cell's bottom margin (less the rule, which takes room)."""
    tcpr = tc.get_or_add_tcPr()
    borders = element("w:tcBorders")
    borders.append(element("w:bottom", val="single", sz=str(eighths), space="0", color=color))
    tcpr.insert_element_before(borders, *w_tags("shd noWrap tcMar textDirection tcFitText vAlign hideMark"))
    margins = element("w:tcMar")
    margins.append(element("w:bottom", w=str(margin_twips), type="dxa"))
    tcpr.insert_element_before(margins, *w_tags("textDirection tcFitText vAlign hideMark"))


# --- numbering -------------------------------------------------------------------------------
def restarted_num(numbering: BaseOxmlElement, style_num_id: int) -> int:
    """A new list instance of the style's abstract numbering that starts again at 1."""
    abstract_id = numbering.num_having_numId(style_num_id).abstractNumId.val
    num = numbering.add_num(abstract_id)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return num.numId


def set_num(p: BaseOxmlElement, num_id: int) -> None:
    """Put paragraph ``p`` in list instance ``num_id`` at the top level."""
    numpr = p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = num_id


# --- pictures --------------------------------------------------------------------------------
def append_picture(parent: BaseOxmlElement, inline: BaseOxmlElement, alt: str) -> None:
    """Append a run holding the picture ``inline`` (from python-docx) with its alt text set
    where Word and screen readers read it (``wp:docPr/@descr``, and the picture's own)."""
    for side in ("distT", "distB", "distL", "distR"):  # no wrap distance: the PDF has none
        inline.set(side, "0")
    inline.docPr.set("descr", alt)
    for cnvpr in inline.iter("{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"):
        cnvpr.set("descr", alt)
    drawing = SubElement(SubElement(parent, _R), qn("w:drawing"))
    drawing.append(inline)


def raise_run(r: BaseOxmlElement, half_points: int) -> None:
    """Raise a run's text by ``half_points`` above the baseline (``w:position``)."""
    rpr = r.find(_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        r.insert(0, rpr)
    rpr.insert_element_before(element("w:position", val=str(half_points)), *_RPR_AFTER_POSITION)
