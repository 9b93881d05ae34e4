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
    "NUMBER_GAP",
    "Box",
    "Chrome",
    "FootnoteArea",
    "Metrics",
    "Rule",
    "Scale",
    "TableMetrics",
    "TextStyle",
    "chrome_for",
    "chrome_margins",
    "metrics",
    "on_grid",
]

INK, MUTED, RULE, RULE_DARK, WHITE = "#1A1A1A", "#5A5F66", "#C4C9D0", "#8C96A4", "#FFFFFF"
# a hanging number (a list item's, a note's) ends this many em before its text, right-aligned in
# the gutter, in both formats: 0.3 em leaves an 18 pt gutter room for "10." to "99." in the body face
NUMBER_GAP = 0.3
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
    raised by ``mark_rise`` of it; that is the one size outside the type scale, the superscript
    form of the notes' own size, as in the DOCX. (Word builds its separator from the separator
    footnote's paragraph instead: not measured.)"""

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
    scale: Scale | None = None  # the sizes every style takes; citation marks are its smallest

    @property
    def note_mark(self) -> float:
        """The size of a citation's superscript number, in every style: the scale's smallest."""
        return self.scale.xs if self.scale is not None else 8.0


def _derive(base: TextStyle, **kw: object) -> TextStyle:
    """``base`` with changes; a new size brings its own leading unless one is given."""
    if "size" in kw:
        kw["size"] = half(float(kw["size"]))  # type: ignore[arg-type]
        kw.setdefault("leading", on_grid(float(kw["size"]) * LINE_SCALE))  # type: ignore[arg-type]
    for key in ("leading", "before", "after", "left", "right", "hanging"):
        if key in kw:
            kw[key] = on_grid(float(kw[key]))  # type: ignore[arg-type]
    return replace(base, **kw)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Scale:
    """The type scale: every size the document prints is one of these (seven at most, with the
    one title size a document has), so that size says rank and nothing else. Steps are ratios
    of the body size, rounded to half points."""

    xs: float  # running header and footer, marking, citation marks, figure words, fine print
    sm: float  # notes, captions, tables, attributions, the title block's values
    md: float  # body text
    lg: float  # level-2 headings, subtitles
    xl: float  # level-1 headings, the contents' title
    title: float = 23.0  # the title on page 1 (a title block)
    cover: float = 27.0  # the title on a cover page (a document has one title or the other)

    @classmethod
    def for_body(cls, body: float) -> Scale:
        return cls(half(body * 0.76), half(body * 0.86), half(body), half(body * 1.15), half(body * 1.38))

    def sizes(self) -> tuple[float, ...]:
        return (self.xs, self.sm, self.md, self.lg, self.xl, self.title, self.cover)


MARKING_EDGE_MM = 8.0  # the marking stays this far from the page's edge (and clear of the foot)


def chrome_for(top: float, bottom: float, s: Scale) -> Chrome:
    """Where the running header, footer and marking stand (points from the page's edges), for
    margins ``top`` and ``bottom``. The marking keeps ``MARKING_EDGE_MM`` from the edge, its
    capitals clear of the header's and footer's text; ``page.margins`` widens a margin too
    narrow for that."""
    from briefbuilder.layout.page import MM

    size = s.xs
    cap, descent = size * 0.72, size * 0.22
    marking_top = on_grid(max(top * 0.42, MARKING_EDGE_MM * MM + cap))
    marking_bottom = on_grid(max(bottom * 0.42 - 3, MARKING_EDGE_MM * MM + descent))
    header = on_grid(top - 5 * MM)
    footer = on_grid(bottom - 7 * MM)
    return Chrome(
        size=size,
        marking_size=size,
        header_baseline=header,
        header_rule=on_grid(header + 2.2 * MM),
        footer_baseline=footer,
        footer_rule=on_grid(footer + 3.6 * MM),
        marking_top=marking_top,
        marking_bottom=marking_bottom,
    )


def chrome_margins(body_size: float) -> tuple[float, float]:
    """The narrowest top and bottom margins (points) that hold the header or footer beside a
    marking ``MARKING_EDGE_MM`` from the edge: the marking's line, a gap, the header's line,
    and the room the header and footer keep from the text (5 and 7 mm)."""
    from briefbuilder.layout.page import MM

    size = Scale.for_body(body_size).xs
    cap, descent, gap = size * 0.72, size * 0.22, 2.0
    line = cap + gap + descent  # from one baseline to the next one's cap height, clear
    top = MARKING_EDGE_MM * MM + cap + descent + gap + size * 0.75 + 5 * MM
    bottom = MARKING_EDGE_MM * MM + descent + line + 7 * MM
    return top, bottom


@functools.lru_cache(maxsize=32)
def metrics(look: Look) -> Metrics:
    """The measures of every style for ``look`` (cached: a Look is immutable). Every size is a
    step of the look's ``Scale``."""
    from briefbuilder.layout.page import margins
    from briefbuilder.layout.scene import tint

    sc = Scale.for_body(look.body_size)
    size, small, tiny = sc.md, sc.sm, sc.xs
    accent = look.accent.upper()
    body = _derive(TextStyle("body", size, 0.0), size=size, after=size * 0.6)
    heading = _derive(body, font="heading", bold=True, color=accent, keep_with_next=True)
    meta = _derive(body, size=small, leading=11, after=0)
    cell = _derive(body, size=small, leading=small * 1.3, after=0)
    item = _derive(body, left=18, hanging=18, after=size * 0.3)
    h1_rule = Rule(width=0.625, color=RULE, space=5)
    h1_after = on_grid(size * 0.85 - h1_rule.room)
    pale = tint(accent, 0.08).upper()
    lead_box = Box(2.5, accent, pale, pad_top=5.75, pad_bottom=7.25, pad_left=10.5, pad_right=9)
    styles = {
        "body": body,
        # the box's top padding and the heading's rule above it make the gap the PDF had
        "lead": _derive(body, left=10.5, right=9, before=h1_after, after=size * 1.5, box=lead_box),
        "note": _derive(body, size=small),
        "small": _derive(body, size=tiny, color=MUTED),
        "h1": _derive(heading, size=sc.xl, before=size * 1.5, after=h1_after, rule=h1_rule),
        "h2": _derive(heading, size=sc.lg, before=size * 0.9, after=size * 0.35),
        "title": _derive(heading, size=sc.title, leading=27.5, after=5, keep_with_next=False),
        "subtitle": _derive(body, font="heading", size=sc.lg, color=MUTED, after=10),
        "meta_label": _derive(meta, font="heading", bold=True, size=tiny, leading=10.2, color=MUTED),
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
        "kicker": _derive(heading, size=small, leading=12, after=0, keep_with_next=False),
        "cover_kicker": _derive(heading, size=sc.lg, leading=15, after=0, keep_with_next=False),
        "cover_title": _derive(heading, size=sc.cover, leading=32, after=8, keep_with_next=False),
        "cover_subtitle": _derive(body, font="heading", size=sc.xl, leading=18.5, color=MUTED, after=16),
        "cover_label": _derive(meta, font="heading", bold=True, size=tiny, leading=13, color=MUTED),
        "cover_value": _derive(meta, size=size, leading=13),
        "contents_title": _derive(heading, size=sc.xl, before=size * 1.2, after=size * 0.7),
        "toc1": _derive(body, font="heading", bold=True, size=size, before=3.5, after=1.5),
        "toc2": _derive(body, font="heading", size=small, color=MUTED, after=1.5),
        "figure_caption": _derive(body, font="heading", size=small, color=MUTED, before=4, after=12),
    }
    top, _right, bottom, _left = margins(look)
    rows = {  # the PDF's rows: 1 pt padding above the value, 1.8 above the smaller label, 1 below
        kind: on_grid(max(1.8 + styles[f"{kind}_label"].leading, 1 + styles[f"{kind}_value"].leading) + 1)
        for kind in ("meta", "cover")
    }
    return Metrics(
        styles=styles,
        chrome=chrome_for(top, bottom, sc),
        table=TableMetrics(),
        meta_row_block=rows["meta"],
        meta_row_cover=rows["cover"],
        scale=sc,
    )
