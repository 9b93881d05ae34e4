"""Fields, bookmarks and hyperlinks in WordprocessingML: PAGE and NUMPAGES in the running foot,
and the table of contents, a TOC field whose entries link to their headings' bookmarks and end
in PAGEREF fields. Built as in ``ooxml``: user text only in ``.text`` or attribute values.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.etree import SubElement

from briefbuilder.writers.ooxml import XML_SPACE, append_run, element

_R = qn("w:r")
_FIELD_CHARS = ("begin", "separate", "end")


def append_field(p: BaseOxmlElement, instruction: str, cached: str) -> None:
    """Append a complex field (e.g. PAGE): begin, instruction, separate, cached result, end.

    Word and LibreOffice recompute PAGE/NUMPAGES when they lay out; ``cached`` is only what a
    reader that cannot compute fields shows.
    """
    instr = OxmlElement("w:instrText")
    instr.set(XML_SPACE, "preserve")
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


# --- table of contents -----------------------------------------------------------------------
def append_field_start(parent: BaseOxmlElement, instruction: str) -> None:
    """Open a complex field (begin, instruction, separate): its cached result follows, then
    ``append_field_end``. A field may span paragraphs, as a TOC does."""
    instr = OxmlElement("w:instrText")
    instr.set(XML_SPACE, "preserve")
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
