"""A fallback chain of font families, chosen per character, shared by both writers and layout.

Neither reportlab nor Word falls back from one font to another the same way (reportlab not at
all, Word by its own script classes), so the choice is made here, once, and each writer sets
every run in the family this module names: the same fonts in the DOCX and the PDF.

The rules: the chain's first family sets every character it has; a character it lacks goes to
the first family after it that has it. Refinements keep letters and words whole: an accent
goes with its letter, in the first family that has both; a space between two
characters set in the same fallback family goes with them (an Arabic phrase stays one run), and
a word with Arabic-script letters is set wholly in the first family that has all of its
characters (punctuation and digits included), because HarfBuzz shapes a word in one font;
in a paragraph that is shaped (it holds such a word), every word is set in one family.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from briefbuilder.fonts import bidi
from briefbuilder.fonts.coverage import family_coverage
from briefbuilder.fonts.families import FontFamily, resolve_family

# Arabic, Syriac, Thaana, NKo, Arabic Supplement/Extended, presentation forms; Hebrew. Not the
# Arabic-Indic and Persian digits (U+0660-0669, U+06F0-06F9): they neither join nor run right to
# left, so a number in them (a Persian PDF's citations, list and page numbers) is set by the
# per-character fallback like any other, neither shaped nor pulling its word into its family
_RTL_LETTERS = "\u0590-\u065f\u066a-\u06ef\u06fa-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
COMPLEX = re.compile(f"[{_RTL_LETTERS}]")
_ASCII = re.compile(r"[\x20-\x7e]*")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class FontChain:
    """Families in order of preference; the first is the look's own."""

    families: tuple[FontFamily, ...]

    @property
    def primary(self) -> FontFamily:
        return self.families[0]

    def split(self, text: str, whole_words: bool = False) -> tuple[tuple[FontFamily, str], ...]:
        """``text`` cut into runs, each with the family that sets it (adjacent runs differ).
        ``whole_words``: every word in one family (in a shaped paragraph, where reportlab
        shapes a word with its first font's glyphs and fails on a word of two fonts)."""
        if not text:
            return ()
        if (_ASCII.fullmatch(text) and self.primary.builtin) or _all_in(self.primary, frozenset(text)):
            return ((self.primary, text),)  # the usual case, decided on distinct characters
        return _split(self, text, whole_words)

    def covers(self, ch: str) -> bool:
        """Can some family of the chain draw ``ch``?"""
        return any(ord(ch) in family_coverage(f) for f in self.families)


def as_chain(fonts: FontChain | str) -> FontChain:
    """A chain as given, or the built-in family named, alone."""
    return fonts if isinstance(fonts, FontChain) else make_chain((fonts,), (), ())


@functools.cache
def make_chain(names: tuple[str, ...], fallback: tuple[str, ...], own: tuple[FontFamily, ...]) -> FontChain:
    """The look's families (``names``, a template's ``own`` among them) then the built-in
    ``fallback`` not already named."""
    ordered = tuple(dict.fromkeys((*names, *fallback)))
    return FontChain(tuple(resolve_family(n, own) for n in ordered))


def _all_in(family: FontFamily, chars: frozenset[str]) -> bool:
    covered = family_coverage(family)
    return all(ord(ch) in covered for ch in chars)


def _first_with(chain: FontChain, text: str) -> int | None:
    """The first family of the chain that has every character of ``text``."""
    chars = frozenset(text)
    return next((i for i, f in enumerate(chain.families) if _all_in(f, chars)), None)


@functools.lru_cache(maxsize=8192)
def _split(chain: FontChain, text: str, whole_words: bool) -> tuple[tuple[FontFamily, str], ...]:
    picks = [_pick(chain, ch) for ch in text]
    for i, ch in enumerate(text):  # an accent goes with its letter, in a family that has both
        if i and unicodedata.combining(ch) and picks[i] != picks[i - 1]:
            start = i - 1
            while start and unicodedata.combining(text[start]):
                start -= 1
            both = _first_with(chain, text[start : i + 1])
            picks[start : i + 1] = [picks[i] if both is None else both] * (i + 1 - start)
    for m in _WORD.finditer(text):  # Arabic-script words: one family for the whole word
        word = m.group()
        mixed = whole_words and len(set(picks[m.start() : m.end()])) > 1
        if mixed or COMPLEX.search(word):
            whole = _first_with(chain, word)
            if whole is not None:
                picks[m.start() : m.end()] = [whole] * len(word)
    for i, ch in enumerate(text):  # spaces inside a fallback run go with it
        if ch.isspace() and picks[i] == 0:
            before = next((picks[j] for j in range(i - 1, -1, -1) if not text[j].isspace()), 0)
            after = next((picks[j] for j in range(i + 1, len(text)) if not text[j].isspace()), 0)
            if before == after != 0 and ord(ch) in family_coverage(chain.families[before]):
                picks[i] = before
    runs: list[tuple[FontFamily, str]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or picks[i] != picks[start]:
            runs.append((chain.families[picks[start]], text[start:i]))
            start = i
    return tuple(runs)


def _pick(chain: FontChain, ch: str) -> int:
    if ch.isspace():  # a space alone never calls for another font (the writers' own en space)
        return 0
    code = ord(ch)
    for i, family in enumerate(chain.families):
        if code in family_coverage(family):
            return i
    return 0  # no family has it: the check refuses it before; draw it in the look's family


def split_pieces(
    chain: FontChain, pieces: list[str], whole_words: bool
) -> list[tuple[tuple[FontFamily, str], ...]]:
    """Each piece of one paragraph cut into runs, deciding on the paragraph's text as a whole:
    a word that spans two pieces (a citation number after a Persian word, a bold part) is one
    word, set in one family when it must be."""
    text = "".join(pieces)
    if len(pieces) == 1 or not text:
        return [chain.split(p, whole_words) for p in pieces]
    whole = chain.split(text, whole_words)
    if len(whole) == 1:  # one family for all: the usual case
        return [((whole[0][0], p),) if p else () for p in pieces]
    families = [family for family, run in whole for _ch in run]
    out: list[tuple[tuple[FontFamily, str], ...]] = []
    at = 0
    for piece in pieces:
        runs: list[tuple[FontFamily, str]] = []
        for i, ch in enumerate(piece):
            family = families[at + i]
            if runs and runs[-1][0] == family:
                runs[-1] = (family, runs[-1][1] + ch)
            else:
                runs.append((family, ch))
        out.append(tuple(runs))
        at += len(piece)
    return out


def label_runs(runs: tuple[tuple[FontFamily, str], ...]) -> list[tuple[FontFamily, str]]:
    """A figure label's runs with the punctuation around a run of Arabic script cut off it:
    the run is shaped as a whole (HarfBuzz sets it in visual order), the punctuation stays in
    the label's own direction (``bidi.trim_neutrals``)."""
    out = []
    for family, text in runs:
        parts = bidi.trim_neutrals(text) if COMPLEX.search(text) else (text,)
        out += [(family, part) for part in parts if part]
    return out
