"""The "What's new since <date>" box at the top of a new edition: one short line per change a
reader of the audience can see, worded for readers rather than authors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefbuilder.audience.diff import SCALARS, Change, short
from briefbuilder.audience.visibility import may_see, shown_items
from briefbuilder.brief import markup
from briefbuilder.brief.content import Wording
from briefbuilder.brief.model import Brief, TimelineEntry
from briefbuilder.language.labels import Labels
from briefbuilder.language.locale import LanguageInfo, language_info

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience

__all__ = ["audience_filter", "whats_new"]

# Every line is one whole sentence in the catalogues, written out here as its gettext message id
# (in English), so that a translation orders its words freely: (section, kind) -> the line,
# {text} being the item's text.
LINES: dict[tuple[str, str], str] = {
    ("title", "changed"): "New title: {text}",
    ("summary", "changed"): "The bottom line has been updated.",
    ("timeline", "added"): "New on the timeline ({date}): {text}",
    ("timeline", "changed"): "Updated on the timeline ({date}): {text}",
    ("timeline", "removed"): "Removed on the timeline ({date}): {text}",
    ("quote", "added"): "New quote from {speaker}: \u201c{text}\u201d",
    ("quote", "changed"): "Corrected quote from {speaker}: \u201c{text}\u201d",
    ("quote", "removed"): "Withdrawn quote from {speaker}: \u201c{text}\u201d",
    ("sources", "added"): "New source: {text}",
    ("sources", "removed"): "Source dropped: {text}",
    ("key_judgments", "added"): "New judgment: {text}",
    ("key_judgments", "changed"): "Revised judgment: {text}",
    ("key_judgments", "confidence"): "Revised judgment (confidence: {before} -> {after}): {text}",
    ("key_judgments", "removed"): "Withdrawn judgment: {text}",
    ("section", "added"): "New section: {text}",
    ("section", "removed"): "Section dropped: {text}",
    ("custom_sections", "added"): "New in {section}: {text}",
    ("custom_sections", "changed"): "Updated in {section}: {text}",
    ("custom_sections", "removed"): "Withdrawn in {section}: {text}",
    ("key_facts", "added"): "New fact: {text}",
    ("key_facts", "changed"): "Updated fact: {text}",
    ("key_facts", "removed"): "Withdrawn fact: {text}",
    ("context", "added"): "New background: {text}",
    ("context", "changed"): "Updated background: {text}",
    ("context", "removed"): "Withdrawn background: {text}",
    ("outlook", "added"): "New to watch: {text}",
    ("outlook", "changed"): "Updated to watch: {text}",
    ("outlook", "removed"): "Withdrawn to watch: {text}",
    ("recommendations", "added"): "New recommendation: {text}",
    ("recommendations", "changed"): "Updated recommendation: {text}",
    ("recommendations", "removed"): "Withdrawn recommendation: {text}",
    ("caveats", "added"): "New caveat: {text}",
    ("caveats", "changed"): "Updated caveat: {text}",
    ("caveats", "removed"): "Withdrawn caveat: {text}",
    ("analysis.views", "added"): "New expert view: {text}",
    ("analysis.views", "changed"): "Updated expert view: {text}",
    ("analysis.views", "removed"): "Withdrawn expert view: {text}",
}
# the line that stands for the changes left out (never fewer than two, but a language may have
# a plural form for 21 that is its singular's): with more lines, and with none
MORE = ("And {count} more change.", "And {count} more changes.")
ONLY_COUNT = ("{count} change: see the brief.", "{count} changes: see the brief.")
CONFIDENCE = ("low", "moderate", "high", "(none)")  # words in the context "confidence"


def whats_new(
    old: Brief,
    changes: Iterable[Change],
    shows: Callable[[Change], bool] = lambda _: True,
    limit: int = 6,
    *,
    language: str = "en",
    labels: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """The box's lines: a heading, then one short line per change the reader can see, at most
    ``limit`` (then a count of the rest). Empty when nothing visible changed. All of it is in
    the new edition's ``language`` (its catalogue; the heading, a label, then the template's
    ``labels``), with dates and counts written the language's way."""
    say = _Say(Labels(language, dict(labels or {})), language_info(language))
    lineage: tuple[str, ...] = getattr(shows, "lineage", ())  # whose wording the reader reads
    lines = [line for ch in changes if shows(ch) and (line := _reader_line(ch, say, lineage))]
    if not lines or limit < 1:
        return ()
    if len(lines) > limit:
        rest = len(lines) - (limit - 1)
        singular, plural = MORE if limit > 1 else ONLY_COUNT
        more = say.labels.plural(singular, plural, rest, count=say.info.number(rest))
        lines = [*lines[: limit - 1], more]
    since = say.info.date(old.date)
    heading = say.labels.format("whats_new", date=since, version=old.version)
    return (heading, *lines)


@dataclass(frozen=True, slots=True)
class _Say:
    """How the box speaks: the edition's labels (its catalogue) and its dates and digits."""

    labels: Labels
    info: LanguageInfo

    def line(self, where: str, kind: str, **values: object) -> str:
        return self.labels.message(LINES[where, kind], **values)


def worded(subjects: tuple[object, ...], lineage: tuple[str, ...]) -> str | None:
    """The text of the item among ``subjects`` (the last), in the reader's wording; None if it
    has no text of its own."""
    if not subjects:
        return None
    item = subjects[-1]
    text = getattr(item, "text", None) or getattr(item, "paragraph", None)
    if isinstance(text, Wording):
        return text.for_audience(*lineage)
    return text if isinstance(text, str) else None


def _reader_line(ch: Change, say: _Say, lineage: tuple[str, ...] = ()) -> str | None:
    match ch.section:
        case "title":
            return say.line("title", "changed", text=markup.plain(ch.new or "")) if ch.new else None
        case "summary":
            return say.line("summary", "changed")
        case "subtitle" | "date" | "version":
            return None  # the title block shows them
    old = worded(ch.before or ch.subjects, lineage) or ch.old if ch.kind != "added" else None
    new = worded(ch.subjects, lineage) or ch.new if ch.kind != "removed" else None
    if (
        ch.kind == "changed"
        and old == new
        and not any(d.startswith(("confidence:", "date:")) for d in ch.details)
    ):
        return None  # a new citation, release or another audience's wording: not news for readers
    text = short(markup.plain((old if ch.kind == "removed" else new) or ""), 140)
    if ch.section == "timeline":
        return say.line("timeline", ch.kind, date=_when(ch, say.info), text=text)
    if ch.section in ("statements", "analysis.quotes"):
        return say.line("quote", ch.kind, speaker=ch.label, text=text)
    if ch.section == "sources":
        return say.line("sources", ch.kind, text=text) if ch.kind != "changed" else None
    if ch.section == "key_judgments" and ch.kind == "changed":
        conf = next((d for d in ch.details if d.startswith("confidence:")), None)
        if conf is None:
            return say.line("key_judgments", "changed", text=text)
        before, _, after = conf.removeprefix("confidence: ").partition(" -> ")
        level = {w: say.labels.word("confidence", w) for w in CONFIDENCE}
        return say.line(
            "key_judgments",
            "confidence",
            before=level.get(before, before),
            after=level.get(after, after),
            text=text,
        )
    if ch.section == "custom_sections":
        if len(ch.subjects) == 1:  # the section itself
            return say.line("section", ch.kind, text=text) if ch.kind != "changed" else None
        return say.line("custom_sections", ch.kind, section=ch.label.rsplit(":", 1)[0], text=text)
    return say.line(ch.section, ch.kind, text=text)


def _when(ch: Change, info: LanguageInfo) -> str:
    """A timeline event's date as the reader's language writes it (its own label, if given)."""
    event = ch.subjects[-1] if ch.subjects else None
    if isinstance(event, TimelineEntry):
        return event.date_label or info.date(event.date)
    return ch.label


class AudienceFilter:
    """A ``shows`` filter for one audience; ``lineage`` tells ``whats_new`` whose wording its
    readers read (the audience's, then the ones it extends)."""

    def __init__(self, shows: Callable[[Change], bool], lineage: tuple[str, ...]) -> None:
        self.shows, self.lineage = shows, lineage

    def __call__(self, change: Change) -> bool:
        return self.shows(change)


def audience_filter(audience: Audience, old: Brief, new: Brief) -> AudienceFilter:
    """Which changes a reader of ``audience`` may be told about: only items its documents show
    (or showed, for a removed one), as ``audience.visibility`` picks them for layout: never an
    internal item in the press version, never the 12th fact in a one-pager that shows three;
    a change to the bottom line only if this audience's wording of it changed."""
    sections = {s.key for s in audience.sections}
    lineage = audience.lineage or (audience.name,)
    shown = {
        "old": {id(item) for item in shown_items(old, audience)},
        "new": {id(item) for item in shown_items(new, audience)},
    }
    summary_changed = _summary(old, lineage) != _summary(new, lineage)

    def shows(change: Change) -> bool:
        if change.section == "summary":
            return "summary" in sections and summary_changed
        if change.section in SCALARS:
            return True
        if change.section == "sources":
            return (
                "sources" in sections
                and audience.sources != "on-request"
                and may_see(audience, change.subjects[0])
            )
        edition = shown["old" if change.kind == "removed" else "new"]
        return all(id(item) in edition for item in change.subjects)

    return AudienceFilter(shows, lineage)


def _summary(brief: Brief, lineage: tuple[str, ...]) -> str:
    s = brief.summary
    return s.for_audience(*lineage) if isinstance(s, Wording) else s
