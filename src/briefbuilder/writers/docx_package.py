"""The .docx package's own parts, and its bytes made reproducible.

python-docx starts from a template whose styles, settings, fonts and properties describe an
empty document made by python-docx (compatibility mode 14, app.xml statistics of nothing, a
font table of the template's fonts). Here they are written for the document at hand: the styles
and numbering (``docx_styles``, or a reference .docx's, ``docx_reference``), settings in Word
2013+ mode (compatibilityMode 15), the fonts used declared and embedded (``docx_fonts``), the
theme's fonts set to the look's, and app.xml with real values. Entries get fixed times and
attributes, so the same Document always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from lxml import etree

from briefbuilder.layout.document import Document
from briefbuilder.layout.metrics import metrics
from briefbuilder.writers.docx_styles import W_NS, numbering_xml, w

Stamp = tuple[int, int, int, int, int, int]
_W = f"{{{W_NS}}}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_EP = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_DROP = (  # relationships of python-docx's template whose parts describe nothing of ours
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
)


@dataclass(frozen=True, slots=True)
class Package:
    """What the writer tells the package about the document it wrote."""

    document: Document
    cover: bool  # the title block is a cover page
    logo: float | None  # height of the logo on the organization's line, if any
    restarts: int  # numbered lists that start again at 1
    footnotes: bool
    fallback_fonts: tuple[str, ...] = ()  # families the text needed beyond the look's own
    # the text of each paragraph of document.xml, read from the writer's tree (app.xml counts
    # them); None: read from the part
    paragraphs: tuple[str, ...] | None = None


def prune(doc: object) -> None:
    """Drop the template's parts that describe nothing of ours (stylesWithEffects, a
    bibliography customXml, a thumbnail of an empty page): python-docx saves what is related."""
    part = doc.part  # type: ignore[attr-defined]
    for rels in (part.rels, part.package.rels):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in _DROP]:
            del rels[r_id]


def zip_stamp(created: dt.datetime) -> Stamp:
    """A zip entry time from the document date (zip stores only 1980 to 2107)."""
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC).replace(tzinfo=None)
    return min(max(created, dt.datetime(1980, 1, 1)), dt.datetime(2107, 12, 31, 23, 59, 58)).timetuple()[:6]


def finish_package(data: bytes, package: Package) -> bytes:
    """The saved python-docx package with our own parts written in, zipped reproducibly."""
    from briefbuilder.writers.docx_fonts import declare_fonts, with_fonts
    from briefbuilder.writers.docx_reference import styles_part, theme_part

    with zipfile.ZipFile(BytesIO(data)) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}  # [Content_Types].xml first
    document, look = package.document, package.document.look
    m = metrics(look)
    parts["word/styles.xml"] = styles_part(
        look, m, cover=package.cover, logo=package.logo, language=document.meta.language
    )
    parts["word/numbering.xml"] = _xml(numbering_xml(look, m, package.restarts))
    parts["word/settings.xml"] = _xml(settings_xml(document, footnotes=package.footnotes))
    parts["word/theme/theme1.xml"] = theme_part(look, parts["word/theme/theme1.xml"])
    parts["word/fontTable.xml"] = _xml(declare_fonts(look, package.fallback_fonts))
    parts["docProps/app.xml"] = _xml(app_xml(document, parts, package.paragraphs))
    if look.embed_fonts:
        parts = with_fonts(parts, document, package.fallback_fonts)
    out = BytesIO()
    stamp = zip_stamp(document.meta.created)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, blob in parts.items():
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type, entry.create_system, entry.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            dst.writestr(entry, blob, compresslevel=6)
    return out.getvalue()


def settings_xml(document: Document, *, footnotes: bool) -> etree._Element:
    """``word/settings.xml`` in schema order: Word 2013+ layout (compatibilityMode 15), fonts
    embedded as subsets when the look asks, the footnote separators named."""
    root = etree.Element(f"{_W}settings", nsmap={"w": W_NS})
    w("zoom", root, percent=100)
    if document.look.embed_fonts:
        w("embedTrueTypeFonts", root)
        w("saveSubsetFonts", root)
    w("defaultTabStop", root, val=720)
    w("characterSpacingControl", root, val="doNotCompress")
    if footnotes:
        pr = w("footnotePr", root)
        w("footnote", pr, id=-1)
        w("footnote", pr, id=0)
    compat = w("compat", root)
    uri = "http://schemas.microsoft.com/office/word"
    for name, value in (
        ("compatibilityMode", "15"),
        ("overrideTableStyleFontSizeAndJustification", "1"),
        ("enableOpenTypeFeatures", "1"),
        ("doNotFlipMirrorIndents", "1"),
        ("differentiateMultirowTableHeaders", "1"),
    ):
        w("compatSetting", compat, name=name, uri=uri, val=value)
    w("themeFontLang", root, val=document.meta.language)
    w("decimalSymbol", root, val=".")
    w("listSeparator", root, val=",")
    return root


def app_xml(
    document: Document, parts: dict[str, bytes], paragraphs: Sequence[str] | None = None
) -> etree._Element:
    """``docProps/app.xml`` with real values: the application, its version, the words and
    characters of the body, and the pages when the Document knows the PDF's count."""
    root = etree.Element(f"{{{_EP}}}Properties", nsmap={None: _EP, "vt": _VT})

    def prop(name: str, value: object) -> None:
        etree.SubElement(root, f"{{{_EP}}}{name}").text = str(value)

    if paragraphs is None:
        paragraphs = _paragraph_texts(parts["word/document.xml"])
    text = " ".join(p for p in paragraphs if p)
    prop("Application", "briefbuilder")
    prop("DocSecurity", 0)
    if document.meta.pages is not None:
        prop("Pages", document.meta.pages)
    prop("Words", len(text.split()))
    prop("Characters", len(re.sub(r"\s", "", text)))
    prop("Paragraphs", sum(1 for p in paragraphs if p.strip()))
    prop("CharactersWithSpaces", len(text))
    prop("ScaleCrop", "false")
    prop("LinksUpToDate", "false")
    prop("SharedDoc", "false")
    prop("HyperlinksChanged", "false")
    prop("AppVersion", _app_version())
    return root


def paragraph_texts(root: etree._Element) -> tuple[str, ...]:
    """The text of every paragraph in ``root``'s tree (a text box's inside another's too)."""
    return tuple("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p"))


def _paragraph_texts(xml: bytes) -> list[str]:
    """The text of every paragraph of ``xml``, those in another's (a text box's) too, read as
    the file is parsed: a long document's whole tree beside python-docx's was the DOCX's peak.
    Innermost first: the counts made of them do not depend on the order."""
    texts: list[str] = []
    depth = 0  # paragraphs open around this point
    for event, elem in etree.iterparse(BytesIO(xml), events=("start", "end"), tag=f"{_W}p"):
        if event == "start":
            depth += 1
            continue
        depth -= 1
        texts.append("".join(t.text or "" for t in elem.iter(f"{_W}t")))
        if depth == 0:  # read, and its paragraphs with it: let go of it and what came before
            elem.clear(keep_tail=True)
            parent = elem.getparent()
            while parent is not None and elem.getprevious() is not None:
                del parent[0]
    return texts


def _app_version() -> str:
    """The version as app.xml wants it, XX.YYYY: briefbuilder 0.1.0 is 00.0100. From the one
    module the package's version is read from (importlib.metadata costs ~12 ms to import)."""
    from briefbuilder.version import __version__ as version

    numbers = [int(n) for n in re.findall(r"\d+", version)[:3]] + [0, 0, 0]
    return f"{numbers[0]:02d}.{numbers[1]:02d}{numbers[2]:02d}"


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_theme_fonts(theme: bytes, major: str, minor: str) -> bytes:
    """The theme with its heading (major) and body (minor) Latin fonts set."""
    root = etree.fromstring(theme)
    for kind, name in (("majorFont", major), ("minorFont", minor)):
        for latin in root.iter(f"{_A}{kind}"):
            found = latin.find(f"{_A}latin")
            if found is not None:
                found.set("typeface", name)
    return _xml(root)
