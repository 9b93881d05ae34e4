"""Raw WordprocessingML that python-docx has no API for: fields, bookmarks, links, borders.

Every element is built with the lxml element API and user text only ever goes into ``.text``
or attribute values, so nothing here can be broken by ``&``, ``<`` or non-Latin characters.
Child order follows the OOXML schema (Word rejects files whose property children are out of
order), hence the successor tuples below.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.etree import SubElement


# Schema successors: a new child is inserted before the first of these that is present.
def _tags(names: str) -> tuple[str, ...]:
    return tuple(f"w:{name}" for name in names.split())


_PPR_AFTER_PBDR = _tags(
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE"
    " autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents"
    " suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle"
    " rPr sectPr pPrChange"
)
_PPR_AFTER_SHD = _PPR_AFTER_PBDR[1:]
_TCPR_AFTER_SHD = _tags("noWrap tcMar textDirection tcFitText vAlign hideMark")
_TRPR_AFTER_HEADER = _tags("tblCellSpacing jc hidden")
_TBLPR_AFTER_BORDERS = _tags("shd tblLayout tblCellMar tblLook")
_RPR_AFTER_SZCS = _tags("highlight u effect bdr shd fitText vertAlign rtl cs em lang")
_RPR_AFTER_SZCS += _tags("eastAsianLayout specVanish oMath")
_RPR_AFTER_LANG = _tags("eastAsianLayout specVanish oMath")
_RPR_AFTER_POSITION = (
    _tags("sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang") + _RPR_AFTER_LANG
)
_FIELD_CHARS = ("begin", "separate", "end")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def element(tag: str, **attrs: str) -> BaseOxmlElement:
    """A loose element ``tag`` with ``w:``-namespaced attributes given as keyword arguments."""
    return OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attrs.items()})


# --- paragraphs and runs: built directly, python-docx's setters cost a schema walk each ---------
_PPR, _PSTYLE, _R, _RPR, _T, _VAL = map(qn, _tags("pPr pStyle r rPr t val"))
_RSTYLE, _B, _I, _COLOR, _POSITION, _SZ, _SZCS = map(qn, _tags("rStyle b i color position sz szCs"))
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
            _raise(rpr, raised)
    if _SPECIAL.isdisjoint(text):
        t = SubElement(r, _T)
        t.text = text
        if text[:1].isspace() or text[-1:].isspace():
            t.set(_XML_SPACE, "preserve")
    else:
        r.text = text
    return r


def _raise(rpr: BaseOxmlElement, raised: tuple[int, int]) -> None:
    size, rise = raised
    SubElement(rpr, _POSITION).set(_VAL, str(rise))
    SubElement(rpr, _SZ).set(_VAL, str(size))
    SubElement(rpr, _SZCS).set(_VAL, str(size))


# --- run and paragraph properties ------------------------------------------------------------
_PPR_ORDER = _tags(
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
    tcpr.insert_element_before(borders, *_tags("shd noWrap tcMar textDirection tcFitText vAlign hideMark"))
    margins = element("w:tcMar")
    margins.append(element("w:bottom", w=str(margin_twips), type="dxa"))
    tcpr.insert_element_before(margins, *_tags("textDirection tcFitText vAlign hideMark"))


# --- fields, bookmarks, hyperlinks -----------------------------------------------------------
def append_field(p: BaseOxmlElement, instruction: str, cached: str) -> None:
    """Append a complex field (e.g. PAGE): begin, instruction, separate, cached result, end.

    Word and LibreOffice recompute PAGE/NUMPAGES when they lay out; ``cached`` is only what a
    reader that cannot compute fields shows.
    """
    instr = OxmlElement("w:instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    result = OxmlElement("w:t")
    result.text = cached
    begin, separate, end = (element("w:fldChar", fldCharType=t) for t in _FIELD_CHARS)
    for child in (begin, instr, separate, result, end):
        SubElement(p, _R).append(child)


def add_bookmark(p: BaseOxmlElement, bookmark_id: int, name: str) -> None:
    """Wrap the paragraph's whole content in bookmark ``name`` (a link and TOC target)."""
    at = 1 if p.pPr is not None else 0
    p.insert(at, element("w:bookmarkStart", id=str(bookmark_id), name=name))
    p.append(element("w:bookmarkEnd", id=str(bookmark_id)))


def append_hyperlink(
    p: BaseOxmlElement, *, r_id: str | None = None, anchor: str | None = None
) -> BaseOxmlElement:
    """Append an empty ``w:hyperlink`` to ``p``: external via ``r_id`` or internal to a bookmark."""
    link = element("w:hyperlink", history="1")
    if r_id is not None:
        link.set(qn("r:id"), r_id)
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    p.append(link)
    return link


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


# --- table of contents -----------------------------------------------------------------------
def append_field_start(parent: BaseOxmlElement, instruction: str) -> None:
    """Open a complex field (begin, instruction, separate): its cached result follows, then
    ``append_field_end``. A field may span paragraphs, as a TOC does."""
    instr = OxmlElement("w:instrText")
    instr.set(_XML_SPACE, "preserve")
    instr.text = f" {instruction} "
    for child in (
        element("w:fldChar", fldCharType="begin"),
        instr,
        element("w:fldChar", fldCharType="separate"),
    ):
        SubElement(parent, _R).append(child)


def append_field_end(parent: BaseOxmlElement) -> None:
    SubElement(parent, _R).append(element("w:fldChar", fldCharType="end"))


def append_tab(parent: BaseOxmlElement) -> None:
    SubElement(SubElement(parent, _R), qn("w:tab"))


def append_pageref(parent: BaseOxmlElement, bookmark: str, page: int) -> None:
    """A PAGEREF field to ``bookmark`` whose cached result is ``page``: what a TOC entry ends with."""
    append_field_start(parent, f"PAGEREF {bookmark} \\h")
    append_run(parent, str(page))
    append_field_end(parent)


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


# --- footnotes -------------------------------------------------------------------------------
_FOOTNOTES_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def new_footnotes() -> BaseOxmlElement:
    """A ``w:footnotes`` root with the two separator footnotes (ids -1 and 0) Word expects."""
    from docx.oxml.parser import parse_xml

    spacing = '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    return parse_xml(
        f"<w:footnotes {_FOOTNOTES_NS}>"
        f'<w:footnote w:type="separator" w:id="-1"><w:p>{spacing}<w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:type="continuationSeparator" w:id="0"><w:p>{spacing}'
        "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
        "</w:footnotes>"
    )


def append_footnote(footnotes: BaseOxmlElement, footnote_id: int) -> BaseOxmlElement:
    """Append an empty ``w:footnote`` to the footnotes root; fill it with paragraphs."""
    note = element("w:footnote", id=str(footnote_id))
    footnotes.append(note)
    return note


def append_footnote_reference(
    parent: BaseOxmlElement, footnote_id: int, mark: str | None, style_id: str, raised: tuple[int, int]
) -> None:
    """A reference to footnote ``footnote_id``, numbered by Word; with ``mark``, showing that
    instead (``customMarkFollows``, the mark in the same run), so a source keeps its number."""
    r = SubElement(parent, _R)
    rpr = SubElement(r, _RPR)
    SubElement(rpr, _RSTYLE).set(_VAL, style_id)
    del raised  # a footnote mark is raised by its style (vertAlign): readers ignore w:position there
    ref = element("w:footnoteReference", id=str(footnote_id))
    r.append(ref)
    if mark is not None:
        ref.set(qn("w:customMarkFollows"), "1")
        SubElement(r, _T).text = mark


def append_footnote_mark(
    parent: BaseOxmlElement, mark: str | None, style_id: str, raised: tuple[int, int]
) -> None:
    """The footnote's own number at the start of its text: Word's (``w:footnoteRef``), or the
    custom ``mark`` its reference shows."""
    r = SubElement(parent, _R)
    rpr = SubElement(r, _RPR)
    SubElement(rpr, _RSTYLE).set(_VAL, style_id)
    _raise(rpr, raised)
    if mark is None:
        r.append(element("w:footnoteRef"))
    else:
        SubElement(r, _T).text = mark


_SETTINGS_AFTER_FOOTNOTEPR = (
    *_tags("endnotePr compat docVars rsids"),
    "m:mathPr",
    *_tags("attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats"),
    *_tags("doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType"),
    "sl:schemaLibrary",
    *_tags("shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"),
)


def set_footnote_properties(settings: BaseOxmlElement) -> None:
    """Name the separator footnotes in settings.xml, as Word does (``w:footnotePr``)."""
    remove_children(settings, "w:footnotePr")
    pr = element("w:footnotePr")
    pr.append(element("w:footnote", id="-1"))
    pr.append(element("w:footnote", id="0"))
    settings.insert_element_before(pr, *_SETTINGS_AFTER_FOOTNOTEPR)


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
