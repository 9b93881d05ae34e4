"""Right-to-left text: which paragraphs run right to left, and the visual order of the words
of a laid-out line (the Unicode Bidirectional Algorithm, UAX #9, applied to whole words).

reportlab shapes each word with HarfBuzz (letters joined, marks placed, the word's glyphs in
visual order) but leaves the words in logical order, and python-bidi works on characters of a
whole paragraph, before lines are broken. A line's words are reordered at draw time instead,
with the rules that matter between words: numbers after right-to-left text stay with it (W7),
spaces and punctuation between two words of one direction take it (N1), others the paragraph's
(N2), levels (I1, I2), and runs reversed from the highest level down (L2). Inside a word the
shaper has already done the work. Word's own layout does the same for the DOCX, given
``w:rtl`` runs and ``w:bidi`` paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

Kind = Literal["L", "R", "EN", "AN", "N"]
_STRONG: dict[str, Kind] = {"L": "L", "R": "R", "AL": "R", "EN": "EN", "AN": "AN"}


def char_kind(ch: str) -> Kind:
    """A character's direction class, reduced to what word order needs; private-use glyph codes
    (reportlab's for glyphs without a character) are neutral, not left-to-right."""
    if unicodedata.category(ch) == "Co":
        return "N"
    return _STRONG.get(unicodedata.bidirectional(ch), "N")


def word_kind(text: str) -> Kind:
    """A word's class: right-to-left if it has any right-to-left letter, else left-to-right if
    it has a left-to-right letter, else a number (European or Arabic digits), else neutral."""
    kinds = {char_kind(ch) for ch in text}
    order: tuple[Kind, ...] = ("R", "L", "AN", "EN")
    return next((kind for kind in order if kind in kinds), "N")


# Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, their presentation forms, and the
# right-to-left blocks of the supplementary planes: where a right-to-left letter can be.
_RTL_BLOCKS = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def has_rtl(text: str) -> bool:
    """Does ``text`` hold any right-to-left letter? (A regular expression finds the blocks
    first: most paragraphs have none, and looking up each character costs.)"""
    return _RTL_BLOCKS.search(text) is not None and any(
        char_kind(ch) == "R" for ch in text if ord(ch) >= 0x590
    )


def paragraph_rtl(text: str, document_rtl: bool) -> bool:
    """Does a paragraph run right to left? The document's direction (its language's), unless
    the paragraph's letters are all of the other direction: a Persian quotation in an English
    brief runs right to left, an English one in a Persian brief left to right."""
    if not document_rtl and not has_rtl(text):
        return False
    kinds = {char_kind(ch) for ch in text if not ch.isascii() or ch.isalpha()}
    if document_rtl:
        return not ("L" in kinds and "R" not in kinds)
    return "R" in kinds and "L" not in kinds


def levels(kinds: Sequence[Kind], rtl: bool) -> list[int]:
    """Embedding levels of a line's words (and the spaces between them, as neutrals)."""
    base = 1 if rtl else 0
    resolved: list[Kind] = []
    last_strong = "R" if rtl else "L"
    for given in kinds:  # W7: a European number after left-to-right text is left-to-right
        if given in ("L", "R"):
            last_strong = given
        resolved.append("L" if given == "EN" and last_strong == "L" else given)
    out: list[int] = []
    n = len(resolved)
    edge = "R" if rtl else "L"
    for i, word in enumerate(resolved):
        kind: str = word
        if kind == "N":  # N1/N2: between two of one direction (numbers count as R), else base
            before = next((_dir(resolved[j]) for j in range(i - 1, -1, -1) if resolved[j] != "N"), edge)
            after = next((_dir(resolved[j]) for j in range(i + 1, n) if resolved[j] != "N"), edge)
            kind = before if before == after else edge
        out.append(_level(kind, base))
    return out


def _dir(kind: str) -> str:
    return "L" if kind == "L" else "R"


def _level(kind: str, base: int) -> int:
    if base == 0:
        return {"L": 0, "R": 1}.get(kind, 2)  # I1: numbers go up two
    return {"R": 1}.get(kind, 2)  # I2: left-to-right text and numbers go up one


def visual_order(word_levels: Sequence[int]) -> list[int]:
    """The logical indices in visual (left-to-right) order (L2)."""
    order = list(range(len(word_levels)))
    if not word_levels:
        return order
    top = max(word_levels)
    lowest_odd = min((lv for lv in word_levels if lv % 2), default=top + 1)
    for level in range(top, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if word_levels[order[i]] >= level:
                j = i
                while j < len(order) and word_levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


_RTL_LANGUAGES = frozenset({"ar", "fa", "he", "iw", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "ku-arab"})


def language_rtl(language: str) -> bool:
    """Is ``language`` (a BCP 47 tag: fa, ar-EG, ...) written right to left?"""
    tag = language.lower().replace("_", "-")
    return tag.split("-")[0] in _RTL_LANGUAGES or tag.startswith("ku-arab")


def rtl_segments(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into right-to-left phrases (from a right-to-left letter to the last one
    before a left-to-right letter: the spaces, digits and punctuation between stay inside, so
    the phrase is one run) and the rest."""
    if not has_rtl(text):
        return [(text, False)] if text else []
    kinds = [char_kind(ch) for ch in text]
    out: list[tuple[str, bool]] = []
    i = start = 0
    while i < len(text):
        if kinds[i] != "R":
            i += 1
            continue
        j = end = i
        while j < len(text) and kinds[j] != "L":
            if kinds[j] == "R":
                end = j
            j += 1
        if start < i:
            out.append((text[start:i], False))
        out.append((text[i : end + 1], True))
        start = i = end + 1
    if start < len(text):
        out.append((text[start:], False))
    return out


def trim_neutrals(text: str) -> tuple[str, str, str]:
    """``text`` as (leading neutrals, the rest, trailing neutrals): the punctuation and spaces
    around a right-to-left phrase, which UAX #9 sets in the direction around it (the period
    after "(تبریز)" in an English label follows it on the right)."""
    kinds = [char_kind(ch) for ch in text]
    lead = next((i for i, k in enumerate(kinds) if k != "N"), len(text))
    tail = len(text) - next((i for i, k in enumerate(reversed(kinds)) if k != "N"), 0)
    return text[:lead], text[lead:tail], text[tail:]
