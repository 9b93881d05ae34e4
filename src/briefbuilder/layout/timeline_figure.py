"""The timeline figure's scene: a calendar band with each event marked on it, labels placed.

The chart is a calendar band (one cell per year) with each event marked on its edge: a dot when
the day is known, a bar over the month or the whole year when the source is vaguer. Labels sit
above and below the band, alternately, pushed apart so none overlap, each joined to its mark by
a leader line. When there are too many events for labels to fit side by side, the marks carry
letters and the labels move to a lettered key under the chart.
"""

from __future__ import annotations

import calendar
import itertools
import math
from dataclasses import dataclass

from briefbuilder.fonts.chain import FontChain
from briefbuilder.layout.document import Look, TimelineChart, TimelineEvent
from briefbuilder.layout.measure import text_width, wrap
from briefbuilder.layout.scene import Box, Dot, Scene, Shape, Stroke, Words, tint

_INK, _MUTED, _LEADER, _WHITE = "#1A1A1A", "#4A5260", "#8C96A4", "#FFFFFF"
_SIZE = 8.0  # label text, points: the type scale's smallest size (``metrics.Scale.xs``) at 10.5 pt
_LEADING = _SIZE * 1.24
_YEAR_SIZE = _SIZE
_BAND = 13.0  # height of the calendar band
_GAP = 14.0  # between the band and the labels: room for the leader's bend
_LABEL_GAP = 9.0  # between neighbouring labels
_LABEL_MIN, _LABEL_MAX = 64.0, 132.0  # label widths; below the minimum, use the lettered key
_PAD = 2.0  # inside a label box


def _span(event: TimelineEvent) -> tuple[float, float]:
    """The event's period in fractional years: the day, the month or the whole year."""
    y = float(event.year)
    if event.month is None:
        return y, y + 1
    start = y + (event.month - 1) / 12
    if event.day is None:
        return start, start + 1 / 12
    days = calendar.monthrange(event.year, event.month)[1]
    at = start + (event.day - 0.5) / days / 12
    return at, at


@dataclass(frozen=True, slots=True)
class _Label:
    event: TimelineEvent
    mark_x: float  # where the leader leaves the band
    lines: tuple[tuple[str, bool], ...]  # (text, bold)

    @property
    def height(self) -> float:
        return len(self.lines) * _LEADING + 2 * _PAD


def timeline_scene(chart: TimelineChart, width: float, look: Look, max_height: float | None = None) -> Scene:
    """Lay out ``chart`` in a figure ``width`` points wide; its height follows from the labels.

    A figure never runs past ``max_height`` (``max_figure_height``: a page less a caption): with
    too many events for that (their lettered key grows with them), it shows the most recent ones
    that fit and says so on its first line. The timeline table still lists every event."""
    events = chart.events
    if not events:
        raise ValueError("a timeline figure needs at least one event")
    scene = _timeline(events, width, look, chart)
    if max_height is None or scene.height <= max_height:
        return scene
    fits, fails = 0, len(events)  # the most recent ``fits`` events fit, ``fails`` do not
    while fails - fits > 1:
        k = (fits + fails) // 2
        if _timeline(events[-k:], width, look, chart).height + _NOTE_H <= max_height:
            fits = k
        else:
            fails = k
    kept = _timeline(events[-max(fits, 1) :], width, look, chart)
    digits = str.maketrans("0123456789", chart.digits)
    told = chart.recent.format(
        shown=str(max(fits, 1)).translate(digits), count=str(len(events)).translate(digits)
    )
    note = Words(0, kept.height + 2.5, told, _SIZE, False, _MUTED)
    return Scene(kept.width, kept.height + _NOTE_H, kept.font, (*kept.shapes, note))


_NOTE_H = _SIZE + 5  # the line that says a figure shows only the most recent events


def _timeline(events: tuple[TimelineEvent, ...], width: float, look: Look, chart: TimelineChart) -> Scene:
    family, accent = look.heading_chain, look.accent  # measured per character, as drawn
    first = min(e.year for e in events)
    last = max(e.year for e in events) + 1
    years = last - first
    # the axis is linear: every year as wide as every other, so distances in time are distances
    # on the page; labels crowding a busy year are pushed apart and joined to their marks
    starts = [width * k / years for k in range(years + 1)]

    def x_at(t: float) -> float:
        k = min(int(t) - first, years - 1)
        return starts[k] + (t - first - k) * (starts[k + 1] - starts[k])

    spans = [_span(e) for e in events]
    marks = [x_at((a + b) / 2) for a, b in spans]
    sides: tuple[list[int], list[int]] = ([], [])  # above, below: indices in date order, alternating
    for i in range(len(events)):
        sides[i % 2].append(i)
    per_side = max(len(s) for s in sides)
    label_w = min(_LABEL_MAX, (width - (per_side - 1) * _LABEL_GAP) / per_side)
    keyed = label_w < _LABEL_MIN
    shapes: list[Shape] = []

    # labels first: their heights set the band's position
    if keyed:
        above_h, below_h = _letter_rows(events, marks) * (_SIZE + 3) + 2, 0.0
        key_shapes, key_h = _key(events, width, family, accent)
    else:
        labels = [
            _Label(
                e,
                marks[i],
                tuple((t, True) for t in wrap(family, e.date_label, _SIZE, label_w - 2 * _PAD, True))
                + tuple((t, False) for t in wrap(family, e.label, _SIZE, label_w - 2 * _PAD)),
            )
            for i, e in enumerate(events)
        ]
        above_h = max((labels[i].height for i in sides[0]), default=0.0)
        below_h = max((labels[i].height for i in sides[1]), default=0.0)
        key_h = 0.0
    legend_h = 14.0
    top_gap = 4.0 if keyed else _GAP
    height = legend_h + key_h + below_h + (_GAP if below_h else 4) + _BAND + top_gap + above_h + 2
    height = math.ceil(height * 20 - 1e-6) / 20  # on the twip grid: the DOCX's line is the picture
    band_y = legend_h + key_h + below_h + (_GAP if below_h else 4)
    band_top = band_y + _BAND

    # the calendar band: one cell per year, and a label in the middle of the cell of every year
    # that is a multiple of ``step`` (every year, or every 2nd, 5th, 10th...: round years)
    shapes.append(Box(0, band_y, width, _BAND, tint(accent, 0.13)))
    labelled = year_labels(first, last, starts, text_width(family, "8888", _YEAR_SIZE) + 6)
    cell = min(b - a for a, b in itertools.pairwise(starts))
    for k in range(1, years):
        if cell >= 4 or first + k in labelled or first + k - 1 in labelled:
            shapes.append(Stroke(starts[k], band_y, starts[k], band_top, 0.8, _WHITE))
    half = text_width(family, "8888", _YEAR_SIZE) / 2
    for y in labelled:
        mid = (starts[y - first] + starts[y - first + 1]) / 2
        mid = min(max(mid, half), width - half)  # inside the figure at its edges
        year = str(y).translate(str.maketrans("0123456789", chart.digits))
        shapes.append(Words(mid, band_y + 4.1, year, _YEAR_SIZE, True, _MUTED, "middle"))

    # marks on the band's edges: above-side events on the top edge, below-side on the bottom
    for i, e in enumerate(events):
        above = keyed or i % 2 == 0
        edge = band_top if above else band_y
        a, b = (x_at(t) for t in spans[i])
        if e.day is not None:
            shapes.append(Dot(marks[i], edge, 3.1, accent, _WHITE, 0.9))
        else:
            w = max(b - a - 2, 3.0)  # inset: neighbouring periods stay apart
            keep = 0.95 if e.month is not None else 0.5
            shapes.append(Box(marks[i] - w / 2, edge - 2.0, w, 4.0, tint(accent, keep), 1.2))

    if keyed:
        shapes.extend(_letters(marks, band_top, width, family, accent))
        shapes.extend(key_shapes)
    else:
        for side, indices in enumerate(sides):
            lefts = _spread([marks[i] for i in indices], label_w, width)
            for i, left in zip(indices, lefts, strict=True):
                a, b = (x_at(t) for t in spans[i])
                start = min(max(left + 0.7, a + 1.5), b - 1.5) if b - a > 3 else marks[i]
                shapes.extend(_label_shapes(labels[i], start, left, side == 0, band_y, band_top, accent))
    shapes.extend(_legend(family, accent, chart.key))
    return Scene(width=width, height=height, font=family, shapes=tuple(shapes))


def year_labels(first: int, last: int, starts: list[float], room: float) -> list[int]:
    """The years to label on a band from ``first`` to ``last`` (exclusive) whose cells start at
    ``starts``: every year if each label has ``room``, else the multiples of the smallest step
    (2, 5, 10, 20, 25, 50, 100) whose labels, each in the middle of its year's cell, stay
    ``room`` apart; a label always names the year under it."""

    def centre(y: int) -> float:
        return (starts[y - first] + starts[y - first + 1]) / 2

    for step in (1, 2, 5, 10, 20, 25, 50, 100):
        years = [y for y in range(first, last) if y % step == 0] if step > 1 else list(range(first, last))
        if len(years) <= 1 or all(centre(b) - centre(a) >= room for a, b in itertools.pairwise(years)):
            return years or [first]
    return [first]


def _spread(centres: list[float], w: float, width: float) -> list[float]:
    """Left edges for boxes of width ``w`` near ``centres`` (sorted), none overlapping, all
    inside [0, width]: push right past each neighbour, then back left from the right edge."""
    lefts = [min(max(c - w / 2, 0.0), width - w) for c in centres]
    for i in range(1, len(lefts)):
        lefts[i] = max(lefts[i], lefts[i - 1] + w + _LABEL_GAP)
    if lefts and lefts[-1] > width - w:
        lefts[-1] = width - w
        for i in range(len(lefts) - 2, -1, -1):
            lefts[i] = min(lefts[i], lefts[i + 1] - w - _LABEL_GAP)
    return lefts


def _label_shapes(
    label: _Label, start: float, left: float, above: bool, band_y: float, band_top: float, accent: str
) -> list[Shape]:
    """A label's text with an accent rule down its left side, and the leader from its mark
    (``start``: on the dot, or the point of a period's bar nearest the label) to that rule."""
    out: list[Shape] = []
    edge = band_top if above else band_y
    direction = 1 if above else -1
    box_edge = edge + direction * _GAP
    x_box = left + 0.7
    bend1 = edge + direction * _GAP * 0.3
    bend2 = edge + direction * _GAP * 0.75
    for x1, y1, x2, y2 in (
        (start, edge + direction * 2.0, start, bend1),
        (start, bend1, x_box, bend2),
        (x_box, bend2, x_box, box_edge),
    ):
        if (x1, y1) != (x2, y2):
            out.append(Stroke(x1, y1, x2, y2, 0.6, _LEADER))
    # text: above the band it grows upward from the box's bottom edge, below it downward
    top = box_edge + label.height if above else box_edge
    out.append(Stroke(left, top - 0.5, left, top - label.height + 0.5, 1.4, accent))
    y = top - _PAD - _SIZE * 0.92
    for text, bold in label.lines:
        out.append(Words(left + 4, y, text, _SIZE, bold, accent if bold else _INK))
        y -= _LEADING
    return out


def _letter(i: int) -> str:
    """A, B, ... Z, AA, AB, ...: marks in the keyed layout (numbers would read as notes)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _letter_rows(events: tuple[TimelineEvent, ...], marks: list[float]) -> int:
    return max(_letter_slots(marks)) + 1 if events else 0


def _letter_slots(marks: list[float]) -> list[int]:
    """Stack letters that would collide: each goes in the lowest row free at its position."""
    ends: list[float] = []
    rows: list[int] = []
    for x in marks:
        row = next((r for r, end in enumerate(ends) if x - 5 >= end), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = x + 5
        rows.append(row)
    return rows


def _letters(
    marks: list[float], band_top: float, width: float, family: FontChain, accent: str
) -> list[Shape]:
    """A letter over each mark, on a short leader; kept inside the figure at its edges."""
    out: list[Shape] = []
    for i, (x, row) in enumerate(zip(marks, _letter_slots(marks), strict=True)):
        y = band_top + 5 + row * (_SIZE + 3)
        half = text_width(family, _letter(i), _SIZE, True) / 2
        out.append(Stroke(x, band_top + 3, x, y, 0.5, _LEADER))
        out.append(Words(min(max(x, half), width - half), y + 1.5, _letter(i), _SIZE, True, accent, "middle"))
    return out


def _key(
    events: tuple[TimelineEvent, ...], width: float, family: FontChain, accent: str
) -> tuple[list[Shape], float]:
    """The lettered key under the chart, in two columns; returns its shapes and height."""
    columns = 2
    col_w = (width - _LABEL_GAP) / columns
    entries = []
    for i, e in enumerate(events):
        lines = wrap(family, f"{e.date_label}: {e.label}", _SIZE, col_w - 16)
        entries.append((_letter(i), lines))
    per_col = -(-len(entries) // columns)
    heights = [
        sum(len(lines) * _LEADING + 2 for _, lines in entries[c * per_col : (c + 1) * per_col])
        for c in range(columns)
    ]
    height = max(heights) + 6
    out: list[Shape] = []
    for c in range(columns):
        x = c * (col_w + _LABEL_GAP)
        y = 14.0 + height - 4 - _SIZE
        for letter, lines in entries[c * per_col : (c + 1) * per_col]:
            out.append(Words(x, y, letter, _SIZE, True, accent))
            for line in lines:
                out.append(Words(x + 16, y, line, _SIZE, False, _INK))
                y -= _LEADING
            y -= 2
    return out, height


def _legend(family: FontChain, accent: str, key: tuple[str, str, str]) -> list[Shape]:
    """How precise each mark is: day, month, year (``key``: the words for each)."""
    out: list[Shape] = []
    y = 3.0
    x = 0.0
    for kind, text in zip(("day", "month", "year"), key, strict=True):
        if kind == "day":
            out.append(Dot(x + 3, y + 2.4, 2.6, accent, _WHITE, 0.8))
            x += 9
        else:
            keep = 0.95 if kind == "month" else 0.5
            out.append(Box(x, y + 0.6, 12, 3.6, tint(accent, keep), 1.2))
            x += 16
        out.append(Words(x, y, text, _SIZE, False, _MUTED))
        x += text_width(family, text, _SIZE) + 14
    return out
