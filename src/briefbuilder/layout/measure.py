"""Measuring text in the document's fonts, for figure layout and table columns.

Text is measured in the fonts that will draw it: a font chain (``fonts.chain``) splits it into
runs per family, as both writers do, and each run is measured in its own family from the face's
own advance widths (``fonts.advances``): what reportlab sets it at in the PDF, with no kerning
and no hinting, and a character a face lacks as wide as its .notdef glyph. A family name stands
for that built-in family alone. Pillow is not needed for it (``pil_font`` is the PNG's).
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from briefbuilder.fonts.advances import Advances, face_advances
from briefbuilder.fonts.chain import FontChain
from briefbuilder.fonts.families import FontFamily, font_family

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

Fonts = FontChain | str  # a chain, or a built-in family's name


@functools.cache
def pil_font(family: FontFamily | str, bold: bool, px: int) -> FreeTypeFont:
    """The regular or bold face of ``family`` at ``px`` pixels, loaded once per process (for
    drawing a figure as a PNG, ``writers.raster``; layout itself measures without Pillow)."""
    from PIL import ImageFont

    files = font_family(family) if isinstance(family, str) else family
    path = files.bold if bold else files.regular
    return ImageFont.truetype(str(path), px, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _face(family: FontFamily | str, bold: bool) -> Advances:
    """The advance widths of ``family``'s regular or bold face (the static file the PDF uses)."""
    files = font_family(family) if isinstance(family, str) else family
    return face_advances(files.bold if bold else files.regular)


def text_width(fonts: Fonts, text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` points: the sum of its runs' widths, each in the
    family that sets it, as the PDF places them."""
    if isinstance(fonts, str):
        return _face(fonts, bold).width(text, size)
    return sum(_face(family, bold).width(run, size) for family, run in fonts.split(text))


@functools.lru_cache(maxsize=4096)  # a figure too tall for its page is laid out again with fewer events
def wrap(family: Fonts, text: str, size: float, width: float, bold: bool = False) -> tuple[str, ...]:
    """Greedy word wrap to ``width`` points; a word longer than a line is split by characters."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if text_width(family, trial, size, bold) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        while len(word) > 1:
            cut = _longest_fit(family, word, size, width, bold)
            if cut == len(word):
                break
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return tuple(lines)


def _longest_fit(family: Fonts, word: str, size: float, width: float, bold: bool) -> int:
    """How many leading characters of ``word`` fit in ``width`` (at least one): an exponential
    then a binary search, measuring pieces no longer than a line, so that splitting a word of n
    characters costs about n log n, not n³ (a 2,000-letter word took minutes)."""
    fits, hi = 1, 2
    while hi < len(word) and text_width(family, word[:hi], size, bold) <= width:
        fits, hi = hi, hi * 2
    if hi >= len(word):
        hi = len(word)
        if text_width(family, word, size, bold) <= width:  # the rest is short: measured once
            return hi
    while hi - fits > 1:  # word[:fits] fits, word[:hi] does not
        mid = (fits + hi) // 2
        if text_width(family, word[:mid], size, bold) <= width:
            fits = mid
        else:
            hi = mid
    return fits
