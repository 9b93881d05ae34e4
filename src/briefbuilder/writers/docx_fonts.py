"""Embed the document's fonts in a .docx, so Word and LibreOffice show PT Serif and PT Sans
even where they are not installed (otherwise each substitutes its own font and re-paginates).

ECMA-376 Part 1, 17.8.1: each face is stored as an obfuscated font part (``word/fonts/*.odttf``,
its first 32 bytes XORed with a GUID key, upper case: LibreOffice reads no other), named from
``word/fontTable.xml`` by ``w:embedRegular`` and friends, with ``w:embedTrueTypeFonts`` in the
settings. Every font used is declared in the font table with its PANOSE, family, pitch, Unicode
and code-page signature and a fallback (``w:altName``).

Subsetting a face takes about half a second, so each face is cut once to a fixed set of
characters (Latin-1, Latin Extended-A, Cyrillic, general punctuation, €: what briefs use, and
small edits still look right) and kept in memory for the process and in the user's cache folder
(``platformdirs.user_cache_path("briefbuilder")``, keyed by the font file's hash): a build then
only copies bytes. A document with characters outside that set gets its own subset (that set
plus its characters), cached the same way. Everything is derived from the inputs, so the bytes
are stable.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from briefbuilder.cachedir import cache_folder, cached_bytes

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
_BASE_CHARS = frozenset(
    chr(c)
    for c in (
        *range(0x20, 0x7F),
        *range(0xA0, 0x180),  # Latin-1, Latin Extended-A
        *range(0x400, 0x460),  # Cyrillic
        *range(0x2000, 0x2070),  # general punctuation
        0x20AC,  # €
        0x2116,  # №
    )
)
_COMPLEX = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_FALLBACK = {"roman": "Times New Roman", "swiss": "Arial", "modern": "Courier New"}
_CACHE_VERSION = "1"


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
    extra = frozenset(c for c in text if c not in _BASE_CHARS and c.isprintable())
    table = etree.fromstring(out["word/fontTable.xml"])
    rels_name = "word/_rels/fontTable.xml.rels"
    rels = (
        etree.fromstring(out[rels_name])
        if rels_name in out
        else etree.Element(f"{{{PKG_RELS}}}Relationships", nsmap={None: PKG_RELS})
    )
    for n, face in enumerate(sorted(faces, key=lambda f: (f.family, _EMBED_ORDER.index(_attr(f.style)))), 1):
        data = cached_subset(face.path, extra)
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


@functools.cache
def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@functools.lru_cache(maxsize=64)
def cached_subset(path: Path, extra: frozenset[str] = frozenset()) -> bytes:
    """The face at ``path`` cut to the fixed set of characters (plus ``extra``, those a
    document has beyond it): from memory, else from the user's cache folder, else made now and
    kept there. The cache folder is never the output folder; a cache that cannot be written is
    only slower."""
    chars = _BASE_CHARS | extra
    shaped = ":shaped" if any(_COMPLEX.match(ch) for ch in extra) else ""  # keeps GSUB since
    key = hashlib.sha256(
        f"{_CACHE_VERSION}{shaped}:{_file_hash(path)}:{''.join(sorted(extra))}".encode()
    ).hexdigest()[:32]
    return cached_bytes(_cache_folder(), f"{key}.ttf", lambda: subset_font(path, chars))


def _cache_folder() -> Path | None:
    """Where subsets and font facts are kept; BRIEFBUILDER_NO_FONT_CACHE turns it off."""
    return None if os.environ.get("BRIEFBUILDER_NO_FONT_CACHE") else cache_folder("fonts")


def declare_fonts(look: object, fallback: tuple[str, ...] = ()) -> etree._Element:
    """``word/fontTable.xml``: every font the document uses (the look's and the ``fallback``
    families its text needed), each with its PANOSE, character set, family, pitch, signature
    and a fallback (``w:altName``) for a reader without it."""
    from briefbuilder.fonts.families import resolve_family

    table = etree.Element(f"{{{W}}}fonts", nsmap={"w": W, "r": R})
    names = dict.fromkeys((look.body_font, look.heading_font, *fallback))  # type: ignore[attr-defined]
    for name in names:
        _declare(table, name, resolve_family(name, look.fonts).regular)  # type: ignore[attr-defined]
    return table


_Facts = tuple[str, str, str, tuple[str, ...]]


@functools.lru_cache(maxsize=16)
def _font_facts(path: Path) -> _Facts:
    """PANOSE (hex), w:family, w:pitch and the signature (usb0-3, csb0-1) of a face, kept in the
    user's cache by the file's path, size and time: reading them needs fontTools, whose import
    alone is ~17 ms of every build."""
    import json

    try:
        st = path.stat()
        key = f"{path.resolve()}\n{st.st_size}\n{st.st_mtime_ns}".encode()
        name = f"facts-{hashlib.sha256(key).hexdigest()[:32]}.json"
        data = cached_bytes(_cache_folder(), name, lambda: json.dumps(_read_font_facts(path)).encode("utf-8"))
        panose, family, pitch, sig = json.loads(data)
        if all(isinstance(v, str) for v in (panose, family, pitch, *sig)) and len(sig) == 6:
            return panose, family, pitch, tuple(sig)
    except (OSError, ValueError, TypeError):
        pass
    return _read_font_facts(path)


def _read_font_facts(path: Path) -> _Facts:
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    os2 = font["OS/2"]
    p = os2.panose
    panose = (
        bytes(
            [
                p.bFamilyType,
                p.bSerifStyle,
                p.bWeight,
                p.bProportion,
                p.bContrast,
                p.bStrokeVariation,
                p.bArmStyle,
                p.bLetterForm,
                p.bMidline,
                p.bXHeight,
            ]
        )
        .hex()
        .upper()
    )
    klass = os2.sFamilyClass >> 8
    family = "swiss" if klass == 8 else "roman" if klass in (1, 2, 3, 4, 5, 7) else "auto"
    if family == "auto":  # no class: PANOSE serif style 11-13 is sans
        family = "swiss" if p.bSerifStyle in (11, 12, 13) else "roman"
    pitch = "fixed" if font["post"].isFixedPitch else "variable"
    sig = tuple(
        f"{v:08X}"
        for v in (
            os2.ulUnicodeRange1,
            os2.ulUnicodeRange2,
            os2.ulUnicodeRange3,
            os2.ulUnicodeRange4,
            os2.ulCodePageRange1,
            os2.ulCodePageRange2,
        )
    )
    return panose, family, pitch, sig


def _declare(table: etree._Element, name: str, path: Path) -> etree._Element:
    panose, family, pitch, sig = _font_facts(path)
    font = etree.SubElement(table, f"{{{W}}}font")
    font.set(f"{{{W}}}name", name)
    for tag, value in (
        ("altName", _FALLBACK.get(family, "Times New Roman")),
        ("panose1", panose),
        ("charset", "00"),
        ("family", family),
        ("pitch", pitch),
    ):
        etree.SubElement(font, f"{{{W}}}{tag}").set(f"{{{W}}}val", value)
    attrs = dict(zip(("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"), sig, strict=True))
    etree.SubElement(font, f"{{{W}}}sig", {f"{{{W}}}{k}": v for k, v in attrs.items()})
    return font


def with_fonts(parts: dict[str, bytes], document: object, fallback: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Embed the body and heading families (regular, bold, italic), and the ``fallback``
    families the text needed, subset as above."""
    from briefbuilder.fonts.families import resolve_family

    look = document.look  # type: ignore[attr-defined]
    chars: set[str] = set()  # the characters only (not the parts' text joined: a long one's peak)
    for name, blob in parts.items():
        if name.endswith(".xml"):
            chars.update(blob.decode("utf-8", "ignore"))
    text = "".join(sorted(chars))
    faces: list[Face] = []
    looks = ((look.body_font, "roman"), (look.heading_font, "swiss"), *((f, "auto") for f in fallback))
    for family, generic in dict.fromkeys(looks):
        files = resolve_family(family, look.fonts)
        faces += [
            Face(family, style, getattr(files, style), generic) for style in ("regular", "bold", "italic")
        ]
    return embed_fonts(parts, faces, text)


def obfuscate(data: bytes, guid: str) -> bytes:
    """XOR the first 32 bytes with the GUID's 16 bytes read in reverse (ECMA-376 17.8.1)."""
    key = bytes.fromhex(guid.replace("-", "").strip("{}"))[::-1]
    head = bytes(b ^ key[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def subset_font(path: Path, chars: Iterable[str]) -> bytes:
    """The TrueType face cut down to ``chars``, without hinting, and without shaping tables
    unless it sets Arabic script (whose letters join through GSUB) for the document."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from briefbuilder.fonts.coverage import font_cmap

    chars = list(chars)
    options = subset.Options()
    options.hinting = False
    options.name_IDs = ["*"]  # Word matches the embedded face to w:name by its name table
    options.notdef_outline = True
    has = font_cmap(path)
    if any(_COMPLEX.match(ch) and ord(ch) in has for ch in chars):
        options.layout_features = ["*"]  # joining forms, ligatures and mark positions
    else:
        # Word applies no kerning or ligatures unless a user turns them on, and shaping tables
        # are most of the subsetting time: drop them (LibreOffice then sets text without kerning).
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
