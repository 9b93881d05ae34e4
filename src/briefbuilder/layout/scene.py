"""A figure's scene: drawing primitives in points, origin bottom-left, every label placed.

Layout computes the scene (``figures``); a writer only draws it: the PDF as vector shapes, the
DOCX as a PNG (``render.raster``). The set of shapes is closed: a writer that meets a shape it
does not know must raise.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from briefbuilder.fonts.chain import FontChain


@dataclass(frozen=True, slots=True)
class Stroke:
    """A straight line from (x1, y1) to (x2, y2), ``width`` points wide, with round ends."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: str  # "#RRGGBB"


@dataclass(frozen=True, slots=True)
class Box:
    """A filled rectangle with its bottom-left corner at (x, y); ``radius`` rounds its corners."""

    x: float
    y: float
    w: float
    h: float
    fill: str
    radius: float = 0.0


@dataclass(frozen=True, slots=True)
class Dot:
    """A filled circle centred on (x, y), with an optional ring round it."""

    x: float
    y: float
    r: float
    fill: str
    ring: str | None = None  # outline colour
    ring_width: float = 0.0


@dataclass(frozen=True, slots=True)
class Words:
    """Text on one baseline at ``y``; ``anchor`` says which end of the text ``x`` is."""

    x: float
    y: float
    text: str
    size: float
    bold: bool
    color: str
    anchor: Literal["start", "middle", "end"] = "start"


Shape = Stroke | Box | Dot | Words


@dataclass(frozen=True, slots=True)
class Scene:
    """A figure in points, origin bottom-left; ``font`` is the chain of families every Words
    uses (each character in the first that has it, as in the text)."""

    width: float
    height: float
    font: FontChain | str  # a built-in family may be given by name
    shapes: tuple[Shape, ...]


def tint(color: str, keep: float) -> str:
    """``color`` (#RRGGBB) mixed with white, keeping fraction ``keep`` of it, as #RRGGBB."""
    rgb = bytes.fromhex(color.lstrip("#"))
    return "#" + "".join(f"{round(255 - (255 - c) * keep):02X}" for c in rgb)
