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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from briefbuilder.brief import markup
from briefbuilder.brief.model import PartialDate, TimelineEntry
from briefbuilder.language.labels import Labels
from briefbuilder.layout.document import Chart, Figure, Look, TimelineChart, TimelineEvent
from briefbuilder.layout.page import max_figure_height, text_block_width
from briefbuilder.layout.scene import Scene
from briefbuilder.layout.timeline_figure import timeline_scene

__all__ = ["FigureWords", "figure_scene", "make_figure", "short_label", "timeline_figure"]


@dataclass(frozen=True, slots=True)
class FigureWords:
    """How a figure words things in the brief's language: its labels, its dates and numbers, and
    the typography of its texts (applied here, since the scene's words are final once drawn)."""

    labels: Labels = field(default_factory=Labels)
    date: Callable[[PartialDate], str] = PartialDate.human
    number: Callable[[int | str], str] = str
    text: Callable[[str], str] = str


def figure_scene(chart: Chart, look: Look) -> Scene:
    """``chart`` drawn for the text block of ``look``'s page, no taller than the page allows."""
    if isinstance(chart, TimelineChart):
        return timeline_scene(chart, text_block_width(look), look, max_figure_height(look))
    raise TypeError(f"layout cannot draw chart kind {type(chart).__name__}")


def make_figure(chart: Chart, look: Look, *, alt: str, caption: str) -> Figure:
    """A figure block with its scene drawn for ``look``."""
    return Figure(chart, figure_scene(chart, look), alt=alt, caption=caption)


def timeline_figure(
    entries: Sequence[TimelineEntry], look: Look, number: int = 1, words: FigureWords | None = None
) -> Figure:
    """The timeline figure of ``entries`` (the ones the timeline table shows, in date order):
    each event with a short label, an alt text that describes the chart, and a caption."""
    words = words or FigureWords()
    events = tuple(
        TimelineEvent(
            year=e.date.year,
            month=e.date.month,
            day=e.date.day,
            date_label=words.text(e.date_label or words.date(e.date)),
            label=words.text(getattr(e, "label", None) or short_label(markup.plain(e.event))),
        )
        for e in entries
    )
    first, last = entries[0].date, entries[-1].date
    year, end_year = words.number(first.year), words.number(last.year)
    span = year if first.year == last.year else f"{year}\u2013{end_year}"
    count = words.labels.count(len(events), words.number(len(events)))
    alt = words.labels.format("timeline_alt", count=count, start=words.date(first), end=words.date(last))
    caption = words.labels.format("timeline_caption", number=words.number(number), span=span)
    labels = words.labels
    chart = TimelineChart(
        events,
        key=(labels["legend_day"], labels["legend_month"], labels["legend_year"]),
        recent=labels["figure_recent"],
        digits=words.number("0123456789"),
    )
    return make_figure(chart, look, alt=alt, caption=caption)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"])")


def short_label(text: str) -> str:
    """A figure label from an event's text: its first sentence, whole. The figure wraps it over
    as many lines as it needs and never cuts it (a label cut mid-phrase says something else);
    the full text, with its sources, stays in the timeline table."""
    return _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]
