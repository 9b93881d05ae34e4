"""Footnotes in WordprocessingML: the footnotes part's root with Word's separators, each note,
its reference in the text and its own mark. Built as in ``ooxml``: user text only in ``.text``.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml.etree import SubElement

from briefbuilder.writers.ooxml import element, remove_children, set_raised, w_tags

_R, _RPR, _RSTYLE, _T, _VAL = map(qn, w_tags("r rPr rStyle t val"))
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
    set_raised(rpr, raised)
    if mark is None:
        r.append(element("w:footnoteRef"))
    else:
        SubElement(r, _T).text = mark


_SETTINGS_AFTER_FOOTNOTEPR = (
    *w_tags("endnotePr compat docVars rsids"),
    "m:mathPr",
    *w_tags("attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats"),
    *w_tags("doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType"),
    "sl:schemaLibrary",
    *w_tags("shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"),
)


def set_footnote_properties(settings: BaseOxmlElement) -> None:
    """Name the separator footnotes in settings.xml, as Word does (``w:footnotePr``)."""
    remove_children(settings, "w:footnotePr")
    pr = element("w:footnotePr")
    pr.append(element("w:footnote", id="-1"))
    pr.append(element("w:footnote", id="0"))
    settings.insert_element_before(pr, *_SETTINGS_AFTER_FOOTNOTEPR)
