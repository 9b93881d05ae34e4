"""The page's geometry, in points, from the ``Look``: one place for both writers and layout.

Sizes in points are computed as reportlab computes them (``mm = 72 / 2.54 * 0.1``; Letter is
8.5 x 11 inches exactly), so the PDF's frame and the width a figure is laid out for are the
same number to the last bit.
"""

from __future__ import annotations

from briefbuilder.layout.document import Look

MM = 72.0 / 2.54 * 0.1  # points per millimetre
PAGE_SIZES_MM: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
PAGE_SIZES: dict[str, tuple[float, float]] = {"A4": (210 * MM, 297 * MM), "Letter": (612.0, 792.0)}
FIGURE_ROOM = 48.0  # points of a page kept for the caption under a figure as tall as the page


def page_size(look: Look) -> tuple[float, float]:
    """The page's width and height in points."""
    return PAGE_SIZES[look.page_size]


def margins(look: Look) -> tuple[float, float, float, float]:
    """The margins in points: top, right, bottom, left. A top or bottom margin too narrow to
    hold the running header or footer beside a marking 8 mm from the edge is widened to what
    they need (``metrics.chrome_margins``)."""
    from briefbuilder.layout.metrics import chrome_margins

    top, right, bottom, left = (m * MM for m in look.margins_mm)
    least_top, least_bottom = chrome_margins(look.body_size)
    return max(top, least_top), right, max(bottom, least_bottom), left


def text_block_width(look: Look) -> float:
    """The width of the text block in points: the page's width less its left and right margins.
    Figures are laid out for it; the PDF's frame is this wide."""
    _top, right, _bottom, left = margins(look)
    return page_size(look)[0] - left - right


def max_figure_height(look: Look) -> float:
    """The tallest a figure may be, in points: the page's text height less room for a caption."""
    top, _right, bottom, _left = margins(look)
    return page_size(look)[1] - top - bottom - FIGURE_ROOM
