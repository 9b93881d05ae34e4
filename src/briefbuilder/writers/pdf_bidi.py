"""Paragraphs with right-to-left or complex script in the PDF: words drawn in visual order, and
a text layer that gives back the logical text.

reportlab 5.1 shapes each word (``shaping=1``) but draws the words of a line in logical order,
and its text layer holds what the glyphs map back to: presentation forms and private-use codes
that cannot be searched or copied. ``ScriptParagraph`` keeps reportlab's layout (``blPara``
stays in logical order, so ``split`` still works) and, only while drawing, replaces each line by
a copy whose words are in visual order (``fonts.bidi``, word-level UAX #9; the punctuation at a
right-to-left word's ends becomes a unit of its own, numbers turn back to left to right). Each
word whose glyphs do not spell it (shaped Arabic script, a ligature) is drawn inside an
ActualText span: ``pdf_marks`` makes it a Span element with its own MCID whose /ActualText has
the letters in logical order (for screen readers), while the marked content gives them as they
sit on the page (for poppler's extraction, which orders right-to-left letters by position), so
pdftotext, search and copy get the words in logical order (PDF 32000-1, 14.9.4).
"""

from __future__ import annotations

import copy
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import ShapedFragWord, ShapedStr, _sdSimple
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph

from briefbuilder.fonts import bidi
from briefbuilder.writers.pdf_marks import ActualText
from briefbuilder.writers.pdf_scripts import DocumentFonts, prepare
from briefbuilder.writers.xmltext import escape

_SPACES = re.compile(r"( +)")
# reportlab's word splitting (platypus.paragraph._wsc): whitespace, but not the no-break spaces
_WORDS = re.compile(r"[\t\n\x0b\x0c\r\x1c-\x1f \x85\u1680\u2000-\u200a\u2028\u2029\u205f\u3000]+")
_MIRROR = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")
_OPEN, _CLOSE = "briefbuilder_actualtext_open", "briefbuilder_actualtext_close"
_OPEN_RTL = "briefbuilder_actualtext_open_rtl"


@dataclass
class _Unit:
    """A word of a laid-out line (its pieces, one per frag it spans) or a run of spaces."""

    pieces: list[tuple[Any, str]] = field(default_factory=list)
    space: bool = False
    logical: str = ""
    mirrored: bool = False  # punctuation cut from a right-to-left word: HarfBuzz mirrored it

    @property
    def text(self) -> str:
        return "".join(t for _f, t in self.pieces)


class ScriptParagraph(Paragraph):
    """A paragraph whose runs are set in the fonts that have their characters; one with complex
    script is shaped and drawn in visual order (``_rtl``: its base direction, None if neither)."""

    def __init__(self, text: str | None, style: Any = None, *args: Any, **kwargs: Any) -> None:
        rtl = None
        if text is not None and style is not None:
            text, style, rtl = prepare(text, style)
        self._rtl: bool | None = rtl
        super().__init__(text, style, *args, **kwargs)
        self._logical: list[str] | None = (
            _logical_words(self.frags) if rtl is not None and text is not None else None
        )
        self._wrapped: tuple[float, Any] | None = None  # the last wrap's width and lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """reportlab breaks the lines anew on every wrap, and platypus wraps a paragraph again
        at the same width (a keepWithNext group measured, then placed; a table cell measured,
        then drawn): the lines of the last wrap are kept while the width is the same. Nothing
        else changes them (a split makes new paragraphs; drawing in visual order uses copies)."""
        kept = self._wrapped
        if kept is not None and kept[0] == availWidth and kept[1] is getattr(self, "blPara", None):
            self.width = availWidth
            return self.width, self.height
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.blPara) if hasattr(self, "blPara") else None
        return width, height

    def breakLines(self, width: Any) -> Any:
        if self._rtl is None:
            return super().breakLines(width)
        shape = rl_paragraph.shapeFragWord
        rl_paragraph.shapeFragWord = _shape_frag_word  # only while this paragraph is broken
        try:
            return super().breakLines(width)
        finally:
            rl_paragraph.shapeFragWord = shape

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if self._rtl is not None and len(parts) == 2:
            first, rest = parts
            taken = sum(
                sum(not u.space for u in _units(line))
                for line in first.blPara.lines
                if hasattr(line, "words")
            )
            for part, words in (
                (first, (self._logical or [])[:taken]),
                (rest, (self._logical or [])[taken:]),
            ):
                part._rtl = self._rtl
                part._logical = words if self._logical is not None else None
        return parts

    def drawPara(self, debug: int = 0) -> None:
        lines = getattr(self.blPara, "lines", None)
        if self._rtl is None or not lines or getattr(self.blPara, "kind", 0) != 1:
            super().drawPara(debug)
            return
        canvas = self.canv
        if canvas.getNamedCB(_OPEN) is None:
            canvas.setNamedCB(_OPEN, _open_span)
            canvas.setNamedCB(_OPEN_RTL, _open_rtl_span)
            canvas.setNamedCB(_CLOSE, _close_span)
        words = list(self._logical or [])
        counts = sum(sum(not u.space for u in _units(line)) for line in lines)
        logical = words if counts == len(words) else None  # consumed line by line
        visual = [_visual(line, self._rtl, logical) for line in lines]
        if self.style.wordWrap == "RTL":  # reportlab reverses each line's words: undone here
            for line in visual:
                line.words = line.words[::-1]
        self.blPara.lines = visual
        try:
            super().drawPara(debug)
        finally:
            self.blPara.lines = lines


_RL_SHAPE = rl_paragraph.shapeFragWord


def _shape_frag_word(word: Any, *args: Any, **kwargs: Any) -> Any:
    """reportlab's ``shapeFragWord`` for a word that holds a zero-width piece (an anchor such as
    a note's ``<a name>`` before its first word): reportlab 5.1 puts such pieces back into the
    shaped word as lists, not (frag, text) pairs, and breaking the line then fails (IndexError).
    The word is shaped without them and they are put back, as pairs, where their text was."""
    if isinstance(word, ShapedFragWord) or not any(hasattr(f, "cbDefn") for f, _t in word[1:]):
        return _RL_SHAPE(word, *args, **kwargs)
    specials: list[tuple[int, tuple[Any, str]]] = []
    plain = copy.copy(word)
    plain[1:] = []
    at = 0
    for frag, text in word[1:]:
        if hasattr(frag, "cbDefn"):
            specials.append((at, (frag, text)))
        else:
            plain.append((frag, text))
            at += len(text)
    if len(plain) == 1:
        return word
    shaped = _RL_SHAPE(plain, *args, **kwargs)
    if shaped is plain:  # nothing changed: the word as it was
        return word
    keyed = [((k, k, 0), piece) for k, piece in specials]
    for frag, text in shaped[1:]:
        data = getattr(text, "__shapeData__", None) or ()
        first, last = (data[0].cluster, data[-1].cluster) if data else (at, at)
        keyed.append(((first, last, 1), (frag, text)))
    shaped[1:] = [piece for _k, piece in sorted(keyed, key=lambda kp: kp[0])]
    return shaped


def _logical_words(frags: list[Any]) -> list[str]:
    text = "".join(getattr(f, "text", "") for f in frags if not hasattr(f, "cbDefn"))
    return [w for w in _WORDS.split(text) if w]


def _units(line: Any) -> list[_Unit]:
    """The line's words and spaces, in logical order; zero-width pieces (anchors) join the
    word they are in, or stand alone between spaces."""
    units: list[_Unit] = []
    for frag in line.words:
        if hasattr(frag, "cbDefn"):
            if not units or units[-1].space:
                units.append(_Unit())
            units[-1].pieces.append((frag, ""))
            continue
        for part, space in _spaced(frag.text):
            if space or not units or units[-1].space:
                units.append(_Unit(space=space))
            units[-1].pieces.append((frag, part))
    return units


def _spaced(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into words and the spaces between them. In shaped text only the spaces
    reportlab added between words count: a glyph that maps back to a space (ZWNJ in Noto
    Sans Arabic) is part of its word."""
    if not isinstance(text, ShapedStr):
        return [(p, p[0] == " ") for p in _SPACES.split(text) if p]
    data = text.__shapeData__
    out: list[tuple[str, bool]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or _is_space(text, data, i) != _is_space(text, data, start):
            out.append((text[start:i], _is_space(text, data, start)))
            start = i
    return out


def _is_space(text: str, data: list[Any], i: int) -> bool:
    return text[i] == " " and data[i] is _sdSimple


def _visual(line: Any, rtl: bool, logical: list[str] | None) -> Any:
    """A copy of ``line`` with its words in visual order, each glyph that does not spell its
    text wrapped in an ActualText span. ``logical``: the paragraph's remaining logical words,
    consumed as this line's words are met (None: unknown, no spans)."""
    units = _units(line)
    for unit in units:
        if not unit.space:
            unit.logical = logical.pop(0) if logical else _readable(unit.text)
    if logical is not None:
        units = [part for unit in units for piece in _at_nbsp(unit) for part in _detached(piece)]
    kinds: list[bidi.Kind] = ["N" if u.space else bidi.word_kind(u.logical) for u in units]
    levels = bidi.levels(kinds, rtl)
    words: list[Any] = []
    for k in bidi.visual_order(levels):
        words.extend(_drawn(units[k], levels[k] % 2 == 1, logical is not None))
    out = copy.copy(line)
    out.words = _merged(words)
    return out


def _drawn(unit: _Unit, odd: bool, known: bool) -> list[Any]:
    """The unit's frags as drawn: its glyphs turned round where the shaper's direction is not
    the level's (a Persian number in a right-to-left run), brackets mirrored in a right-to-left
    run, and a word whose glyphs do not spell it (shaped Arabic script, a ligature) in an
    ActualText span with its letters."""
    pieces = unit.pieces
    if unit.space:
        return [f.clone(text=t) for f, t in pieces]
    neutral = bidi.word_kind(unit.logical) == "N"
    if unit.mirrored:
        if not odd:  # it stays out of the right-to-left run: its brackets face as written
            pieces = [(f, _mirrored(t)) for f, t in pieces]
        if _shaped_rtl(pieces) != odd:
            pieces = [(f, _reversed(t)) for f, t in reversed(pieces)]
    elif odd and neutral:
        pieces = [(f, _mirrored(t)) for f, t in pieces]
    elif _shaped_rtl(pieces) != odd:
        pieces = [(f, _reversed(t)) for f, t in reversed(pieces)]
    frags = [f if hasattr(f, "cbDefn") else f.clone(text=t) for f, t in pieces]
    if not known or unicodedata.normalize("NFC", "".join(t for _f, t in pieces)) == unit.logical:
        return frags
    opens = _OPEN_RTL if _shaped_rtl(pieces) else _OPEN
    return [_marker(frags[0], opens, unit.logical), *frags, _marker(frags[0], _CLOSE, "")]


def _at_nbsp(unit: _Unit) -> list[_Unit]:
    """A word that holds no-break spaces (the typography pass's "۱۲ مه", "p. 3") as its parts and
    the spaces between them. reportlab breaks no line there, so to it the whole is one word
    (shaped as one run), but each part takes its own place in the line's bidi order: a Persian
    day number before its month keeps its digits left to right."""
    logical = unit.logical
    if unit.space or "\xa0" not in logical:
        return [unit]
    index: list[int] = []  # each character's part: a run of other characters, or of NBSPs
    for i, ch in enumerate(logical):
        index.append(0 if i == 0 else index[-1] + ((ch == "\xa0") != (logical[i - 1] == "\xa0")))
    starts = {k: index.index(k) for k in set(index)}
    parts: dict[int, list[tuple[Any, str, list[Any] | None]]] = {k: [] for k in starts}
    at, last = 0, 0
    for frag, text in unit.pieces:
        data = getattr(text, "__shapeData__", None)
        for j, ch in enumerate(text):
            pos = data[j].cluster if data is not None else at + j
            k = index[pos] if 0 <= pos < len(index) else last
            d = None  # the glyph's data, its cluster counted from its part's start
            if data is not None:
                d = data[j]._replace(cluster=pos - starts[k]) if pos < len(index) else data[j]
            run = parts[k]
            if run and run[-1][0] is frag and (run[-1][2] is None) == (d is None):
                f, t, ds = run[-1]
                run[-1] = (f, t + ch, None if ds is None else [*ds, d])
            else:
                run.append((frag, ch, None if d is None else [d]))
            last = k
        if not text:  # an anchor: with the part before it
            parts[last].append((frag, text, None))
        at += len(text)
    out: list[_Unit] = []
    for k in sorted(parts):
        pieces = [(f, t if ds is None else ShapedStr(t, shapeData=ds)) for f, t, ds in parts[k]]
        if not pieces:
            continue
        space = logical[starts[k]] == "\xa0"
        end = starts[k + 1] if k + 1 in starts else len(logical)
        out.append(_Unit(pieces, space=space, logical="" if space else logical[starts[k] : end]))
    return out


def _detached(unit: _Unit) -> list[_Unit]:
    """A right-to-left word's leading and trailing punctuation as units of their own, as UAX #9
    resolves them by their neighbours: the comma in "The chair, عباس عراقچی, opened" follows the
    name on the left-to-right line, where HarfBuzz, shaping the word, put it at its left."""
    logical = unit.logical
    if (
        unit.space
        or bidi.word_kind(logical) != "R"
        or not all(isinstance(t, ShapedStr) for _f, t in unit.pieces)
    ):
        return [unit]
    kinds = [bidi.char_kind(ch) for ch in logical]
    lead = next((i for i, k in enumerate(kinds) if k != "N"), 0)
    tail = len(logical) - next((i for i, k in enumerate(reversed(kinds)) if k != "N"), 0)
    if lead == 0 and tail == len(logical):
        return [unit]
    groups: dict[int, list[tuple[Any, str]]] = {0: [], 1: [], 2: []}
    for frag, text in unit.pieces:
        data = text.__shapeData__  # type: ignore[attr-defined]
        group = [0 if d.cluster < lead else 2 if d.cluster >= tail else 1 for d in data]
        i = 0
        while i < len(text):
            j = i
            while j + 1 < len(text) and group[j + 1] == group[i]:
                j += 1
            groups[group[i]].append((frag, text[i : j + 1]))
            i = j + 1
    parts = [
        _Unit(groups[0], logical=logical[:lead], mirrored=True),
        _Unit(groups[1], logical=logical[lead:tail]),
        _Unit(groups[2], logical=logical[tail:], mirrored=True),
    ]
    return [p for p in parts if p.pieces]


def _shaped_rtl(pieces: list[tuple[Any, str]]) -> bool:
    """Did HarfBuzz lay these glyphs out right to left (its clusters run backwards)?"""
    clusters = [d.cluster for _f, t in pieces if isinstance(t, ShapedStr) for d in t.__shapeData__]
    return len(clusters) > 1 and clusters[0] > clusters[-1]


def _reversed(text: str) -> str:
    if isinstance(text, ShapedStr):
        return ShapedStr(str(text)[::-1], shapeData=list(text.__shapeData__)[::-1])
    return text[::-1]


def _mirrored(text: str) -> str:
    if isinstance(text, ShapedStr):
        return ShapedStr(str(text).translate(_MIRROR), shapeData=list(text.__shapeData__))
    return text.translate(_MIRROR)


def _readable(text: str) -> str:
    """Logical text recovered from glyphs when the paragraph's words are not known: the
    presentation forms decomposed, private-use codes dropped."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Co")


def _marker(frag: Any, name: str, text: str) -> Any:
    return frag.clone(text="", cbDefn=ABag(kind="onDraw", name=name, label=text))


def _merged(frags: list[Any]) -> list[Any]:
    """Neighbouring pieces of one frag drawn as one (fewer text operators)."""
    out: list[Any] = []
    for frag in frags:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not hasattr(frag, "cbDefn")
            and not hasattr(prev, "cbDefn")
            and prev.__dict__.keys() == frag.__dict__.keys()
            and all(prev.__dict__[k] == frag.__dict__[k] for k in prev.__dict__ if k != "text")
        ):
            prev.text = prev.text + frag.text
        else:
            out.append(frag)
    return out


def _open_span(canvas: Any, _kind: str, label: str | None) -> None:
    canvas._curr_tx_info["tx"]._code.append(ActualText(label or ""))


def _open_rtl_span(canvas: Any, _kind: str, label: str | None) -> None:
    """A right-to-left word's span: its marked content gives the letters as they sit on the
    page, left to right (extractors such as poppler, like readers of LibreOffice's PDFs, spread
    a span's text over its width and order right-to-left letters by position), so last letter
    first; its Span element's /ActualText, which screen readers take, is in logical order."""
    canvas._curr_tx_info["tx"]._code.append(ActualText(label or "", visual=(label or "")[::-1]))


def _close_span(canvas: Any, _kind: str, _label: str | None) -> None:
    canvas._curr_tx_info["tx"]._code.append(ActualText(None))


def draw_line(
    canv: Any, fonts: DocumentFonts, text: str, x: float, y: float, size: float, *, anchor: str
) -> None:
    """One line of the page's own text (running header, footer, marking) at baseline ``y``,
    anchored at ``x`` ("start", "middle" or "end"), in the canvas's current face and colour.

    Text the face has is drawn as before; text that needs a fallback family or shaping is laid
    out as a one-line ScriptParagraph of its own width, so it gets the same fonts, order and
    text layer as the body."""
    face = canv._fontname
    style = ParagraphStyle("line", fontName=face, fontSize=size, leading=size * 1.2)
    style.textColor = canv._fillColorObj
    style.document_fonts = fonts
    markup = escape(text)
    if fonts.markup(markup, style) == (markup, False):
        {"start": canv.drawString, "middle": canv.drawCentredString, "end": canv.drawRightString}[anchor](
            x, y, text
        )
        return
    para = ScriptParagraph(markup, style)
    room = 2000.0
    para.wrap(room, size * 4)
    lines = getattr(para.blPara, "lines", [])
    width = room - getattr(lines[0], "extraSpace", 0.0) + 0.5 if lines else room
    para = ScriptParagraph(markup, style)
    _w, height = para.wrap(width, size * 4)
    ascent = getattr(lines[0], "ascent", size) if lines else size
    left = x - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
    canv.saveState()
    para.drawOn(canv, left, y - height + ascent)
    canv.restoreState()
