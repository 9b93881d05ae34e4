"""Fonts per character and right-to-left text in the DOCX, after the writer has built it.

Word picks a run's font by its own script classes (ASCII, high ANSI, complex script, East
Asian) and substitutes silently where the font lacks a glyph, so that left alone it would not
set ʿ or Persian in the fonts the PDF uses. This pass cuts every run the way the PDF does
(``fonts.chain``: same families, same characters) and names the family of each piece in all
four ``w:rFonts`` slots. A right-to-left phrase becomes one run (spaces included) marked
``w:rtl``, with ``w:bCs``/``w:iCs`` where it is bold or italic (Word styles complex script with
those, not ``w:b``/``w:i``) and ``w:lang/@w:bidi``; a paragraph that runs right to left gets
``w:bidi`` (its alignment is then relative to that direction, so ``w:jc`` is left alone). All
properties go in schema order: Word refuses a file whose properties are out of order.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from docx.oxml.ns import qn
from lxml import etree

from briefbuilder.fonts import bidi
from briefbuilder.fonts.chain import COMPLEX, FontChain, split_pieces
from briefbuilder.fonts.families import FontFamily
from briefbuilder.layout.document import Look
from briefbuilder.writers.ooxml import element, w_tags

_RPR_ORDER = w_tags(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof"
    " snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd"
    " fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
_PPR_AFTER_BIDI = w_tags(
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc"
    " textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
_SECT_AFTER_BIDI = w_tags("rtlGutter docGrid printerSettings sectPrChange")
_PLAIN = re.compile(r"[\x20-\x7e]*")
_PERSIAN = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")  # پ چ ژ گ ک ی
_P, _R, _T, _RPR, _PPR, _PSTYLE, _RSTYLE, _VAL = map(qn, w_tags("p r t rPr pPr pStyle rStyle val"))
_B, _I = qn("w:b"), qn("w:i")


@dataclass
class ScriptPass:
    """One document's pass: the chains of its styles, the document's direction and language,
    and the families it ended up using (for the font table and embedding)."""

    look: Look
    heading_styles: frozenset[str]  # style ids whose role sets headings' font
    language: str
    used: dict[str, None] = field(default_factory=dict)

    @property
    def rtl(self) -> bool:
        return bidi.language_rtl(self.language)

    def run(self, roots: Iterable[etree._Element], furniture: Iterable[etree._Element] = ()) -> None:
        """Every paragraph of the stories ``roots``; ``furniture`` (running headers and footers)
        runs right to left as a whole in a right-to-left document, as the PDF mirrors it."""
        stories = [(root, False) for root in roots] + [(root, True) for root in furniture]
        for root, mirrored in stories:
            for p in root.iter(_P):
                self._paragraph(p)
                if mirrored and self.rtl:
                    _set_bidi(p)
            if self.rtl:  # a right-to-left document: the section too (page numbers, columns)
                for sect in root.iter(qn("w:sectPr")):
                    if sect.find(qn("w:bidi")) is None:
                        sect.insert_element_before(element("w:bidi"), *_SECT_AFTER_BIDI)

    def _paragraph(self, p: etree._Element) -> None:
        runs = [r for r in p.iter(_R) if r.find(_T) is not None]
        text = "".join(t.text or "" for r in runs for t in r.findall(_T))
        if _PLAIN.fullmatch(text) and not self.rtl:
            return
        style = p.find(f"{_PPR}/{_PSTYLE}")
        heading = style is not None and style.get(_VAL) in self.heading_styles
        if bidi.paragraph_rtl(text, self.rtl):
            _set_bidi(p)
        complex_ = COMPLEX.search(text) is not None
        chains = [self._chain(r, heading) for r in runs]
        cuts: list[tuple[tuple[FontFamily, str], ...] | None] = [None] * len(runs)
        if complex_:  # decided on the whole paragraph: a word may span runs (citation, bold)
            texts = ["".join(t.text or "" for t in r.findall(_T)) for r in runs]
            cuts = list(split_pieces(chains[0], texts, whole_words=True))
        for r, chain, cut in zip(runs, chains, cuts, strict=True):
            self._run(r, chain, cut)

    def _chain(self, r: etree._Element, heading: bool) -> FontChain:
        rstyle = r.find(f"{_RPR}/{_RSTYLE}")
        in_heading = heading or (rstyle is not None and rstyle.get(_VAL) in self.heading_styles)
        return self.look.chain("heading" if in_heading else "body")

    def _run(
        self, r: etree._Element, chain: FontChain, cut: tuple[tuple[FontFamily, str], ...] | None
    ) -> None:
        t = r.find(_T)
        text = t.text or "" if t is not None else ""
        if not text or len(r.findall(_T)) != 1:
            return
        pieces = [
            (family.name, segment, rtl)
            for family, run in (cut if cut is not None else chain.split(text))
            for segment, rtl in bidi.rtl_segments(run)
        ]
        if len(pieces) == 1 and pieces[0][0] == chain.primary.name and not pieces[0][2]:
            return
        for name, segment, rtl in pieces:
            piece = copy.deepcopy(r)
            piece_t = piece.find(_T)
            piece_t.text = segment
            if segment[:1].isspace() or segment[-1:].isspace():
                piece_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            if name != chain.primary.name:
                _set_fonts(piece, name)
                self.used[name] = None
            if rtl:
                self._set_rtl(piece, segment)
            r.addprevious(piece)
        r.getparent().remove(r)

    def _set_rtl(self, r: etree._Element, text: str) -> None:
        rpr = _rpr(r)
        for plain, cs in ((_B, "w:bCs"), (_I, "w:iCs")):
            if rpr.find(plain) is not None and rpr.find(qn(cs)) is None:
                _insert(rpr, element(cs))
        if rpr.find(qn("w:rtl")) is None:
            _insert(rpr, element("w:rtl"))
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = element("w:lang")
            _insert(rpr, lang)
        lang.set(qn("w:bidi"), self._rtl_language(text))

    def _rtl_language(self, text: str) -> str:
        if self.rtl:
            return self.language
        return "fa-IR" if _PERSIAN.search(text) else "ar-SA"


def _rpr(r: etree._Element) -> etree._Element:
    rpr = r.find(_RPR)
    if rpr is None:
        rpr = element("w:rPr")
        r.insert(0, rpr)
    return rpr


def _insert(rpr: etree._Element, child: etree._Element) -> None:
    """``child`` into run properties in schema order."""
    rank = _RPR_ORDER.index(f"w:{etree.QName(child).localname}")
    for i, existing in enumerate(rpr):
        name = f"w:{etree.QName(existing).localname}"
        if name in _RPR_ORDER and _RPR_ORDER.index(name) > rank:
            rpr.insert(i, child)
            return
    rpr.append(child)


def _set_fonts(r: etree._Element, name: str) -> None:
    rpr = _rpr(r)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = element("w:rFonts")
        _insert(rpr, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _set_bidi(p: etree._Element) -> None:
    ppr = p.find(_PPR)
    if ppr is None:
        ppr = element("w:pPr")
        p.insert(0, ppr)
    if ppr.find(qn("w:bidi")) is None:
        ppr.insert_element_before(element("w:bidi"), *_PPR_AFTER_BIDI)
