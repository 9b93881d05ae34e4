"""The one set of measures both writers use: every paragraph style's font, size, line pitch,
spacing and indents, the rules and boxes, tables, pictures and the running header and footer.

Values are rounded to what a DOCX can store, and the PDF uses the same rounded numbers, so that
Word or LibreOffice break lines and pages where the PDF does (``docs: shared/reference/
docx-parity.md``): font sizes to half points (``w:sz``), lengths to twentieths of a point
(twips: spacing, indents, exact line pitch), border widths to eighths of a point, border
distances to whole points.

The box model both writers follow: a paragraph has an exact line pitch (``leading``), space
before and after that collapse with a neighbour's (the larger wins, at a page top the space
before is dropped), and padding that does take room: a heading's rule (``rule``: distance below
the text, then the rule's width) and a box's top and bottom padding (``pad_top``,
``pad_bottom``). Left and right padding and bars only move text sideways.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from typing import Literal

from briefbuilder.audience.look import Look

__all__ = [
    "Box",
    "Chrome",
    "FootnoteArea",
    "Metrics",
    "Rule",
    "TableMetrics",
    "TextStyle",
    "metrics",
    "on_grid",
]

INK, MUTED, RULE, RULE_DARK, WHITE = "#1A1A1A", "#5A5F66", "#C4C9D0", "#8C96A4", "#FFFFFF"
LINE_SCALE = 1.35  # leading as a multiple of the font size, unless a style says otherwise


def on_grid(points: float, step: float = 0.05) -> float:
    """``points`` rounded (half up) to the grid a DOCX stores: 0.05 (a twip), 0.5 (w:sz), 1/8."""
    return round(int(points / step + 0.5 + 1e-9) * step, 4)


def half(points: float) -> float:
    """A font size DOCX can store: whole half points."""
    return on_grid(points, 0.5)


def twips(points: float) -> int:
    """A length in twentieths of a point, as WordprocessingML stores spacing and indents."""
    return int(points * 20 + 0.5)


@dataclass(frozen=True, slots=True)
class Rule:
    """A line under (or over) a paragraph: ``space`` points from the text, ``width`` thick."""

    width: float  # eighths of a point
    color: str
    space: float = 0.0  # whole points

    @property
    def room(self) -> float:
        """The room the rule takes in the paragraph's height."""
        return self.space + self.width


@dataclass(frozen=True, slots=True)
class Box:
    """A tinted box round a paragraph with a bar down its left edge (lead, quotation).

    ``pad_*`` is the room between the text and the box's edge; top and bottom take room in the
    paragraph's height (a DOCX border distance), left and right lie inside the indents."""

    bar_width: float
    bar_color: str
    fill: str | None = None  # None: no box, only the bar
    pad_top: float = 0.0
    pad_bottom: float = 0.0
    pad_left: float = 0.0  # from the bar's left edge to the text
    pad_right: float = 0.0
    bleed: float = 0.0  # the bar runs this far above and below the text, taking no room (PDF)


@dataclass(frozen=True, slots=True)
class TextStyle:
    """One paragraph style: its face, size, exact line pitch, spacing and indents, in points."""

    font: Literal["body", "heading"]
    size: float
    leading: float
    bold: bool = False
    italic: bool = False
    color: str = INK
    before: float = 0.0
    after: float = 0.0
    left: float = 0.0
    right: float = 0.0
    hanging: float = 0.0  # lists and notes: the marker starts this far left of the text
    keep_with_next: bool = False
    rule: Rule | None = None  # a rule under the paragraph, taking room
    box: Box | None = None


@dataclass(frozen=True, slots=True)
class TableMetrics:
    """Tables: cell padding, the rules between rows, the space round the table."""

    pad_top: float = 4.0
    pad_bottom: float = 5.0
    pad_side: float = 6.0
    row_rule: float = 0.375  # between body rows (3/8 pt)
    last_rule: float = 0.875  # under the last row, in the accent colour
    before: float = 4.0
    after: float = 12.0
    band: float = 0.07  # tint of the accent on every other body row


@dataclass(frozen=True, slots=True)
class Chrome:
    """The running header and footer, as the PDF draws them (baselines from the page's edge)."""

    size: float = 8.0
    marking_size: float = 8.5
    header_baseline: float = 0.0  # from the top edge of the page
    header_rule: float = 0.0  # the rule under the header text, from the top edge
    footer_baseline: float = 0.0  # from the bottom edge
    footer_rule: float = 0.0
    marking_top: float = 0.0  # the marking line's baseline, from the top edge
    marking_bottom: float = 0.0  # ... and from the bottom edge
    rule_width: float = 0.5


@dataclass(frozen=True, slots=True)
class FootnoteArea:
    """The footnotes at the foot of a page: a short rule, then each note in the style ``role``
    (the DOCX's "footnote text"), its number raised and smaller before it.

    The rule and the room round it are LibreOffice's page-style defaults, which it keeps for a
    DOCX (measured, LibreOffice 7.4): 0.1 cm between the body and the rule, a 0.5 pt rule a
    quarter of the text width long, 0.1 cm between the rule and the first note. The notes follow
    one another with the style's space after, but the last one's is not added to the area. A
    note's own number is set as LibreOffice sets a superscript: ``mark_scale`` of the note's size,
    raised by ``mark_rise`` of it. (Word builds its separator from the separator footnote's
    paragraph instead: not measured.)"""

    role: str = "note"
    space_above: float = 72 / 25.4  # 0.1 cm
    rule_width: float = 0.5
    rule_length: float = 0.25  # of the text block's width
    space_below: float = 72 / 25.4
    mark_scale: float = 0.58
    mark_rise: float = 0.33


@dataclass(frozen=True, slots=True)
class Metrics:
    """Everything measured for one ``Look``: styles by role, tables, pictures, page chrome."""

    styles: dict[str, TextStyle]
    table: TableMetrics = field(default_factory=TableMetrics)
    chrome: Chrome = field(default_factory=Chrome)
    footnotes: FootnoteArea = field(default_factory=FootnoteArea)
    logo_cover: float = 42.5  # logo height, points (15 mm, on the twip grid)
    logo_block: float = 25.5  # 9 mm
    logo_gap: float = 9.9  # between the logo and the organization's name (3.5 mm)
    # below the organization's line: on a cover, in a title block with a logo, without one
    kicker_after: tuple[float, float, float] = (6.0, 4.0, 3.0)
    cover_gap: float = 62.35  # between the cover's rule under the organization and the title (22 mm)
    meta_label_cover: float = 85.05  # width of the label column of the title block (30 mm)
    meta_label_block: float = 73.7  # 26 mm
    meta_row_block: float = 13.0  # pitch of the title block's lines: a table row in the PDF
    meta_row_cover: float = 15.8
    figure_before: float = 6.0
    toc_indent: float = 12.0  # level-2 contents entries
    toc_number: float = 34.0  # room kept at the right of a contents entry for its page number


def _derive(base: TextStyle, **kw: object) -> TextStyle:
    """``base`` with changes; a new size brings its own leading unless one is given."""
    if "size" in kw:
        kw["size"] = half(float(kw["size"]))  # type: ignore[arg-type]
        kw.setdefault("leading", on_grid(float(kw["size"]) * LINE_SCALE))  # type: ignore[arg-type]
    for key in ("leading", "before", "after", "left", "right", "hanging"):
        if key in kw:
            kw[key] = on_grid(float(kw[key]))  # type: ignore[arg-type]
    return replace(base, **kw)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=32)
def metrics(look: Look) -> Metrics:
    """The measures of every style for ``look`` (cached: a Look is immutable)."""
    from briefbuilder.layout.page import MM, margins
    from briefbuilder.layout.scene import tint

    size = half(look.body_size)
    small = half(look.body_size * 0.84)
    accent = look.accent.upper()
    body = _derive(TextStyle("body", size, 0.0), size=size, after=size * 0.6)
    heading = _derive(body, font="heading", bold=True, color=accent, keep_with_next=True)
    meta = _derive(body, size=9, leading=11, after=0)
    cell = _derive(body, size=small, leading=small * 1.3, after=0)
    item = _derive(body, left=16, hanging=13, after=size * 0.3)
    h1_rule = Rule(width=0.625, color=RULE, space=5)
    h1_after = on_grid(size * 0.85 - h1_rule.room)
    pale = tint(accent, 0.08).upper()
    lead_box = Box(2.5, accent, pale, pad_top=5.75, pad_bottom=7.25, pad_left=10.5, pad_right=9)
    styles = {
        "body": body,
        # the box's top padding and the heading's rule above it make the gap the PDF had
        "lead": _derive(
            body,
            size=look.body_size * 1.08,
            left=10.5,
            right=9,
            before=h1_after,
            after=size * 1.5,
            box=lead_box,
        ),
        "note": _derive(body, size=small),
        "small": _derive(body, size=look.body_size * 0.8, color=MUTED),
        "h1": _derive(heading, size=size * 1.36, before=size * 1.5, after=h1_after, rule=h1_rule),
        "h2": _derive(heading, size=size * 1.12, before=size * 0.9, after=size * 0.35),
        "title": _derive(heading, size=23, leading=27.5, after=5, keep_with_next=False),
        "subtitle": _derive(body, font="heading", size=13, color=MUTED, after=10),
        "meta_label": _derive(meta, font="heading", bold=True, size=8, leading=10.2, color=MUTED),
        "meta_value": meta,
        "item": item,
        "item_last": _derive(item, after=body.after),
        "th": _derive(cell, font="heading", bold=True, color=WHITE),
        "td": cell,
        "caption": _derive(heading, size=small, color=MUTED, before=0, after=4),
        "quote": _derive(
            body,
            italic=True,
            left=20,
            right=20,
            before=6,
            after=3,
            keep_with_next=True,
            box=Box(2.5, accent, pad_left=10.5, bleed=2),
        ),
        "attribution": _derive(body, font="heading", size=small, color=MUTED, left=20),
        "endnote": _derive(body, size=small, left=16, hanging=16, after=3),
        "kicker": _derive(heading, size=9.5, leading=12, after=0, keep_with_next=False),
        "cover_kicker": _derive(heading, size=12, leading=15, after=0, keep_with_next=False),
        "cover_title": _derive(heading, size=27, leading=32, after=8, keep_with_next=False),
        "cover_subtitle": _derive(body, font="heading", size=14, leading=18.5, color=MUTED, after=16),
        "cover_label": _derive(meta, font="heading", bold=True, size=8.5, leading=13, color=MUTED),
        "cover_value": _derive(meta, size=10, leading=13),
        "contents_title": _derive(heading, size=size * 1.36, before=size * 1.2, after=size * 0.7),
        "toc1": _derive(body, font="heading", bold=True, size=size * 0.98, before=3.5, after=1.5),
        "toc2": _derive(body, font="heading", size=size * 0.9, color=MUTED, after=1.5),
        "figure_caption": _derive(body, font="heading", size=small, color=MUTED, before=4, after=12),
    }
    page_h = {"A4": 297.0, "Letter": 279.4}[look.page_size] * MM
    top, _right, bottom, _left = margins(look)
    chrome = Chrome(
        header_baseline=on_grid(top - 5 * MM),
        header_rule=on_grid(top - 5 * MM + 2.2 * MM),
        footer_baseline=on_grid(bottom - 7 * MM),
        footer_rule=on_grid(bottom - 7 * MM + 3.6 * MM),
        marking_top=on_grid(top * 0.42),
        marking_bottom=on_grid(bottom * 0.42 - 3),
    )
    del page_h
    rows = {  # the PDF's rows: 1 pt padding above the value, 1.8 above the smaller label, 1 below
        kind: on_grid(max(1.8 + styles[f"{kind}_label"].leading, 1 + styles[f"{kind}_value"].leading) + 1)
        for kind in ("meta", "cover")
    }
    return Metrics(
        styles=styles,
        chrome=chrome,
        table=TableMetrics(),
        meta_row_block=rows["meta"],
        meta_row_cover=rows["cover"],
    )
