"""Measuring text in the document's fonts (FreeType, through Pillow), for figure layout."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from briefbuilder.fonts.families import font_family

if TYPE_CHECKING:
    from PIL.ImageFont import FreeTypeFont

_MEASURE_PX = 200  # measure at a large size, then scale: advance widths are linear


@functools.cache
def pil_font(family: str, bold: bool, px: int) -> FreeTypeFont:
    """The regular or bold face of ``family`` at ``px`` pixels, loaded once per process."""
    from PIL import ImageFont

    files = font_family(family)
    path = files.bold if bold else files.regular
    return ImageFont.truetype(str(path), px, layout_engine=ImageFont.Layout.BASIC)


def text_width(family: str, text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` in points at ``size`` points."""
    return pil_font(family, bold, _MEASURE_PX).getlength(text) * size / _MEASURE_PX


@functools.lru_cache(maxsize=4096)  # a figure too tall for its page is laid out again with fewer events
def wrap(family: str, text: str, size: float, width: float, bold: bool = False) -> tuple[str, ...]:
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
        while text_width(family, word, size, bold) > width and len(word) > 1:
            cut = len(word) - 1
            while cut > 1 and text_width(family, word[:cut], size, bold) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return tuple(lines)
