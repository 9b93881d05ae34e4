"""Embed the document's fonts in a .docx, so Word and LibreOffice show PT Serif and PT Sans
even where they are not installed (otherwise each substitutes its own font and re-paginates).

ECMA-376 Part 1, 17.8.1: each face is stored as an obfuscated font part (``word/fonts/*.odttf``,
its first 32 bytes XORed with a GUID key), named from ``word/fontTable.xml`` by ``w:embedRegular``
and friends, with ``w:embedTrueTypeFonts`` in the settings. Faces are subset to the characters
the document uses (plus printable ASCII and Latin-1, so small edits still look right), which
keeps a brief's .docx small. Everything is derived from the inputs, so the bytes are stable.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
ODTTF = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
_EMBED_ORDER = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
# CT_Settings children that must come before w:embedTrueTypeFonts, in schema order.
_SETTINGS_BEFORE = (
    "writeProtection",
    "view",
    "zoom",
    "removePersonalInformation",
    "removeDateAndTime",
    "doNotDisplayPageBoundaries",
    "displayBackgroundShape",
    "printPostScriptOverText",
    "printFractionalCharacterWidth",
    "printFormsData",
)
_BASE_CHARS = frozenset(chr(c) for c in (*range(0x20, 0x7F), *range(0xA0, 0x100))) | {
    "\u2013",
    "\u2014",
    "\u2018",
    "\u2019",
    "\u201c",
    "\u201d",
    "\u2026",
    "\u00b7",
}


@dataclass(frozen=True, slots=True)
class Face:
    """One face of a family to embed: ``style`` is one of regular, bold, italic, bolditalic."""

    family: str
    style: str
    path: Path
    generic: str = "roman"  # w:family: roman (serif) or swiss (sans)


def embed_fonts(parts: Mapping[str, bytes], faces: Iterable[Face], text: str) -> dict[str, bytes]:
    """``parts`` (zip name → bytes) with the faces embedded; the input mapping is not changed."""
    out = dict(parts)
    chars = _BASE_CHARS | set(text)
    table = etree.fromstring(out["word/fontTable.xml"])
    rels_name = "word/_rels/fontTable.xml.rels"
    rels = (
        etree.fromstring(out[rels_name])
        if rels_name in out
        else etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
    )
    for n, face in enumerate(sorted(faces, key=lambda f: (f.family, _EMBED_ORDER.index(_attr(f.style)))), 1):
        data = subset_font(face.path, chars)
        key = str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper()
        part = f"word/fonts/font{n}.odttf"
        out[part] = obfuscate(data, key)
        rid = f"rIdFont{n}"
        etree.SubElement(
            rels, f"{{{PKG_RELS}}}Relationship", Id=rid, Type=FONT_REL, Target=f"fonts/font{n}.odttf"
        )
        font = _font_entry(table, face)
        embed = etree.Element(f"{{{W}}}{_attr(face.style)}")
        embed.set(f"{{{R}}}id", rid)
        embed.set(f"{{{W}}}fontKey", "{" + key + "}")
        _insert_in_order(font, embed)
    out["word/fontTable.xml"] = _xml(table)
    out[rels_name] = _xml(rels)
    out["[Content_Types].xml"] = _with_odttf_type(out["[Content_Types].xml"])
    out["word/settings.xml"] = _with_embed_setting(out["word/settings.xml"])
    return out


def obfuscate(data: bytes, guid: str) -> bytes:
    """XOR the first 32 bytes with the GUID's 16 bytes read in reverse (ECMA-376 17.8.1)."""
    key = bytes.fromhex(guid.replace("-", "").strip("{}"))[::-1]
    head = bytes(b ^ key[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def subset_font(path: Path, chars: Iterable[str]) -> bytes:
    """The TrueType face cut down to ``chars``, without hinting or shaping tables."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]  # Word matches the embedded face to w:name by its name table
    options.notdef_outline = True
    # Word applies no kerning or ligatures unless a user turns them on, and shaping tables are
    # most of the subsetting time: drop them (LibreOffice then sets text without kerning).
    options.layout_features = []
    options.drop_tables = [*options.drop_tables, "GPOS", "GSUB", "GDEF"]
    font = TTFont(str(path), lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


def _attr(style: str) -> str:
    return {
        "regular": "embedRegular",
        "bold": "embedBold",
        "italic": "embedItalic",
        "bolditalic": "embedBoldItalic",
    }[style]


def _font_entry(table: etree._Element, face: Face) -> etree._Element:
    for font in table.findall(f"{{{W}}}font"):
        if font.get(f"{{{W}}}name") == face.family:
            return font
    font = etree.SubElement(table, f"{{{W}}}font")
    font.set(f"{{{W}}}name", face.family)
    for tag, value in (("charset", "00"), ("family", face.generic), ("pitch", "variable")):
        etree.SubElement(font, f"{{{W}}}{tag}").set(f"{{{W}}}val", value)
    return font


def _insert_in_order(font: etree._Element, embed: etree._Element) -> None:
    """Embed elements close CT_Font, in the order regular, bold, italic, bold italic."""
    rank = _EMBED_ORDER.index(etree.QName(embed).localname)
    for child in font:
        name = etree.QName(child).localname
        if name in _EMBED_ORDER and _EMBED_ORDER.index(name) > rank:
            child.addprevious(embed)
            return
        if name == etree.QName(embed).localname:
            font.replace(child, embed)
            return
    font.append(embed)


def _with_odttf_type(data: bytes) -> bytes:
    types = etree.fromstring(data)
    if not any(d.get("Extension") == "odttf" for d in types.findall(f"{{{CT}}}Default")):
        default = etree.Element(f"{{{CT}}}Default", Extension="odttf", ContentType=ODTTF)
        types.insert(0, default)
    return _xml(types)


def _with_embed_setting(data: bytes) -> bytes:
    settings = etree.fromstring(data)
    if settings.find(f"{{{W}}}embedTrueTypeFonts") is None:
        index = 0
        for i, child in enumerate(settings):
            if etree.QName(child).localname in _SETTINGS_BEFORE:
                index = i + 1
        embed = etree.Element(f"{{{W}}}embedTrueTypeFonts")
        subset_flag = etree.Element(f"{{{W}}}saveSubsetFonts")
        settings.insert(index, embed)
        settings.insert(index + 1, subset_flag)
    return _xml(settings)


def _xml(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)
