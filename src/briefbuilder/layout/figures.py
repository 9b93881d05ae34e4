"""Figures: a chart of the brief, drawn by layout as a finished scene.

Layout decides what a figure shows (its events and their short labels, its alt text and
caption) and how it is drawn: ``figure_scene`` lays the chart out as a ``Scene`` (lines,
boxes, dots and words in points, every label measured and placed) for the text block's width
and no taller than a page. The writers only draw that scene: the PDF as vector shapes, the DOCX
as a PNG of the very same scene (``render.raster``). So both formats show one picture, and
neither writer makes a layout decision.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from briefbuilder.brief import markup
from briefbuilder.brief.model import TimelineEntry
from briefbuilder.layout.document import Chart, Figure, Look, TimelineChart, TimelineEvent
from briefbuilder.layout.page import max_figure_height, text_block_width
from briefbuilder.layout.scene import Scene
from briefbuilder.layout.timeline_figure import timeline_scene

__all__ = ["figure_scene", "make_figure", "short_label", "timeline_figure"]


def figure_scene(chart: Chart, look: Look) -> Scene:
    """``chart`` drawn for the text block of ``look``'s page, no taller than the page allows."""
    if isinstance(chart, TimelineChart):
        return timeline_scene(chart, text_block_width(look), look, max_figure_height(look))
    raise TypeError(f"layout cannot draw chart kind {type(chart).__name__}")


def make_figure(chart: Chart, look: Look, *, alt: str, caption: str) -> Figure:
    """A figure block with its scene drawn for ``look``."""
    return Figure(chart, figure_scene(chart, look), alt=alt, caption=caption)


def timeline_figure(entries: Sequence[TimelineEntry], look: Look, number: int = 1) -> Figure:
    """The timeline figure of ``entries`` (the ones the timeline table shows, in date order):
    each event with a short label, an alt text that describes the chart, and a caption."""
    events = tuple(
        TimelineEvent(
            year=e.date.year,
            month=e.date.month,
            day=e.date.day,
            date_label=e.date_label or e.date.human(),
            label=getattr(e, "label", None) or short_label(markup.plain(e.event)),
        )
        for e in entries
    )
    first, last = entries[0].date, entries[-1].date
    span = str(first.year) if first.year == last.year else f"{first.year}\u2013{last.year}"
    count = f"{len(events)} event{'s' if len(events) != 1 else ''}"
    alt = (
        f"Timeline chart of {count} from {first.human()} to {last.human()}, marked on a band of"
        " years; years with more events are drawn wider. Key: day known, month known, year known."
        " Every event is listed in full, with its sources, in the table that follows."
    )
    caption = (
        f"Figure {number}. The timeline at a glance, {span}. Dates are as precise as the sources give them."
    )
    return make_figure(TimelineChart(events), look, alt=alt, caption=caption)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"])")
_CLAUSE_BREAK = re.compile(r"(?:[,;:–—]| and | but | while )")
_INTRODUCTORY = re.compile(
    r"^(?:after|before|following|during|in|on|as|at|when|while|according to|since|until)\b", re.I
)
_TRAILING_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with")
)


def short_label(text: str, limit: int = 90) -> str:
    """A figure label from an event's text: its first sentence if short enough, else that sentence
    cut at its last clause break within ``limit`` (never after an introductory phrase such as
    "Following a meeting,"), else at a word, with an ellipsis when something was cut."""
    sentence = _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
    if len(sentence) <= limit:
        return sentence
    cuts = [
        m.start()
        for m in _CLAUSE_BREAK.finditer(sentence, 0, limit)
        if m.start() >= limit // 3 and not _INTRODUCTORY.match(sentence[: m.start()])
    ]
    if cuts:
        return sentence[: cuts[-1]].rstrip() + "…"
    words = sentence[:limit].rsplit(" ", 1)[0].split(" ")
    while len(words) > 1 and words[-1].lower().strip(",;:") in _TRAILING_WORDS:
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"
