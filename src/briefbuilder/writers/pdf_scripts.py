"""Fonts per character and complex scripts in the PDF's paragraphs.

reportlab has no font fallback: a character its font lacks prints as an empty box. Every
paragraph's markup therefore goes through ``DocumentFonts.markup``, which cuts each text run
by the style's font chain (``fonts.chain``, the same cut the DOCX makes) and wraps what the
style's own family lacks in ``<font face=...>`` naming the exact face (reportlab's ``<font>``
resets bold and italic, so the face is chosen here from the ``<b>``/``<i>`` around the run).

A paragraph with right-to-left or complex-script letters is also shaped (``shaping=1``:
HarfBuzz joins letters and places marks; it costs 2.5 times the layout time, so only those
paragraphs get it) and drawn by ``pdf_bidi.ScriptParagraph``, which puts its words in visual
order and gives the text layer back its logical text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from briefbuilder.fonts import bidi
from briefbuilder.fonts.chain import COMPLEX, FontChain, split_pieces
from briefbuilder.fonts.families import FontFamily
from briefbuilder.layout.document import Look
from briefbuilder.layout.metrics import metrics
from briefbuilder.writers.pdf_styles import Faces, register_family
from briefbuilder.writers.xmltext import escape, unescape

_TAG = re.compile(r"(<[^>]*>)")
_PLAIN = re.compile(r"[\x20-\x7e\s]*")


@dataclass
class DocumentFonts:
    """One document's families as registered with reportlab, and the chains of its styles.

    ``faces`` fills as families are first used (a fallback family is only registered, and a
    Noto instance only opened, when some character needs it)."""

    look: Look
    rtl: bool = False  # the document's base direction (its language's)
    faces: dict[FontFamily, Faces] = field(default_factory=dict)
    _styles: dict[str, tuple[FontChain, bool, bool]] = field(default_factory=dict)
    _shaped: dict[tuple[int, bool], tuple[ParagraphStyle, ParagraphStyle]] = field(default_factory=dict)

    def family(self, family: FontFamily) -> Faces:
        faces = self.faces.get(family)
        if faces is None:
            faces = self.faces[family] = register_family(family)
        return faces

    @classmethod
    def of(cls, look: Look, language: str, styles: dict[str, ParagraphStyle]) -> DocumentFonts:
        """The fonts of a document in ``language`` whose paragraph styles are ``styles``."""
        fonts = cls(look, rtl=bidi.language_rtl(language))
        fonts.adopt(styles, {role: spec.font for role, spec in metrics(look).styles.items()})
        return fonts

    def __deepcopy__(self, memo: dict[int, Any]) -> DocumentFonts:
        return self  # reportlab deep-copies a style when it splits a paragraph: share, not copy

    def adopt(self, styles: dict[str, ParagraphStyle], roles: dict[str, str]) -> None:
        """Remember each style's chain (by its metrics role's font) and face (bold, italic),
        by the face's name, so that styles derived from these find them too."""
        for name, style in styles.items():
            chain = self.look.chain(roles.get(name, "body"))
            faces = self.family(chain.primary)
            for i, face in enumerate((faces.regular, faces.bold, faces.italic, faces.bolditalic)):
                self._styles.setdefault(face, (chain, i in (1, 3), i in (2, 3)))
            style.document_fonts = self  # read by ScriptParagraph, inherited by derived styles

    def markup(self, markup: str, style: ParagraphStyle) -> tuple[str, bool]:
        """``markup`` with each run the style's family lacks set in the family that has it, and
        whether the paragraph needs shaping (it holds complex-script letters)."""
        if _PLAIN.fullmatch(markup) or style.fontName not in self._styles:
            return markup, False
        chain, bold, italic = self._styles[style.fontName]
        out: list[str] = []
        depth = {"b": int(bold), "i": int(italic)}
        complex_ = COMPLEX.search(markup) is not None  # no tag or entity holds such a letter
        parts = [p for p in _TAG.split(markup) if p]
        texts = [unescape(p, {"&quot;": '"'}) for p in parts if not p.startswith("<")]
        cuts = iter(split_pieces(chain, texts, whole_words=complex_))
        for part in parts:
            if part.startswith("<"):
                name = part.strip("</>").split()[0].lower() if part.strip("</>") else ""
                if name in depth and not part.endswith("/>"):
                    depth[name] += -1 if part.startswith("</") else 1
                out.append(part)
                continue
            for family, run in next(cuts):
                if family == chain.primary:
                    out.append(escape(run))
                    continue
                faces = self.family(family)
                face = (faces.regular, faces.bold, faces.italic, faces.bolditalic)[
                    (depth["b"] > 0) + 2 * (depth["i"] > 0)
                ]
                out.append(f'<font face="{face}">{escape(run)}</font>')
        return "".join(out), complex_

    def face(self, text: str, font: str) -> str:
        """The face that draws ``text`` (a list number, a note's mark) set in ``font`` whole: the
        font itself when its family has every character, else the chain's family that has them
        (Persian digits: the Arabic-script family), in the same weight and slant."""
        if _PLAIN.fullmatch(text) or font not in self._styles:
            return font
        chain, bold, italic = self._styles[font]
        family = chain.split(text, True)[0][0] if text else chain.primary
        if family == chain.primary:
            return font
        faces = self.family(family)
        return (faces.regular, faces.bold, faces.italic, faces.bolditalic)[bold + 2 * italic]

    def shaped(self, style: ParagraphStyle, rtl: bool) -> ParagraphStyle:
        """A copy of ``style`` that shapes. One that runs right to left is mirrored: aligned to
        the right edge, its indents swapped and its bullet or number on the right (reportlab's
        ``wordWrap='RTL'``, which reverses each line's words: ``BidiParagraph`` hands it them
        reversed), as Word sets a ``w:bidi`` paragraph."""
        key = (id(style), rtl)
        kept = self._shaped.get(key)
        if kept is not None and kept[0] is style:
            return kept[1]
        found = ParagraphStyle(f"{style.name}-shaped{'-rtl' if rtl else ''}", parent=style, shaping=1)
        for attr in ("rule_space", "rule_width", "bar_color", "document_fonts"):
            if hasattr(style, attr):
                setattr(found, attr, getattr(style, attr))
        if rtl:
            found.wordWrap = "RTL"
            found.leftIndent, found.rightIndent = style.rightIndent, style.leftIndent
            pad = style.borderPadding
            if isinstance(pad, tuple | list) and len(pad) == 4:
                found.borderPadding = (pad[0], pad[3], pad[2], pad[1])
            if style.alignment in (TA_LEFT, TA_JUSTIFY):
                found.alignment = TA_RIGHT
        self._shaped[key] = (style, found)  # the style kept too: its id is not reused
        return found


def prepare(text: str, style: ParagraphStyle) -> tuple[str, ParagraphStyle, bool | None]:
    """What a paragraph is made of: its markup with fallback fonts, its style (a shaping copy
    for complex script) and its direction (None: not shaped, drawn as reportlab draws it)."""
    fonts: DocumentFonts | None = getattr(style, "document_fonts", None)
    if fonts is None:
        return text, style, None
    text, complex_ = fonts.markup(text, style)
    if not complex_:
        return text, style, None
    plain = unescape(_TAG.sub("", text), {"&quot;": '"'})
    rtl = bidi.paragraph_rtl(plain, fonts.rtl)
    return text, fonts.shaped(style, rtl), rtl
