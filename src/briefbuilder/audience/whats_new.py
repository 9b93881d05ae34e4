"""The "What's new since <date>" box at the top of a new edition: one short line per change a
reader of the audience can see, worded for readers rather than authors."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from briefbuilder.audience.diff import SCALARS, Change, short
from briefbuilder.audience.visibility import may_see, shown_items
from briefbuilder.brief import markup
from briefbuilder.brief.content import Wording
from briefbuilder.brief.model import Brief

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience

__all__ = ["audience_filter", "whats_new"]

_NOUNS = {
    "key_judgments": "judgment",
    "key_facts": "fact",
    "context": "background",
    "timeline": "on the timeline",
    "statements": "statement",
    "analysis.views": "expert view",
    "analysis.quotes": "expert quote",
    "outlook": "to watch",
    "recommendations": "recommendation",
    "custom_sections": "content",
    "caveats": "caveat",
    "sources": "source",
}


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
    ``limit`` (then a count of the rest). Empty when nothing visible changed. The heading is
    in the new edition's ``language`` (its catalogue, then the template's ``labels``); the
    lines about each change are English still."""
    lineage: tuple[str, ...] = getattr(shows, "lineage", ())  # whose wording the reader reads
    lines = [line for ch in changes if shows(ch) and (line := _reader_line(ch, lineage))]
    if not lines or limit < 1:
        return ()
    if len(lines) > limit:
        rest = len(lines) - (limit - 1)
        more = f"And {rest} more changes." if limit > 1 else f"{rest} changes: see the brief."
        lines = [*lines[: limit - 1], more]
    from briefbuilder.language.labels import Labels
    from briefbuilder.language.locale import language_info

    since = language_info(language).date(old.date)
    heading = Labels(language, dict(labels or {})).format("whats_new", date=since, version=old.version)
    return (heading, *lines)


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


def _reader_line(ch: Change, lineage: tuple[str, ...] = ()) -> str | None:
    match ch.section:
        case "title":
            return f"New title: {markup.plain(ch.new or '')}" if ch.new else None
        case "summary":
            return "The bottom line has been updated."
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
    noun = _NOUNS[ch.section]
    if ch.section == "timeline":
        verb = {"added": "New", "changed": "Updated", "removed": "Removed"}[ch.kind]
        return f"{verb} {noun} ({ch.label}): {text}"
    if ch.section in ("statements", "analysis.quotes"):
        quoted = {
            "added": "New quote from",
            "changed": "Corrected quote from",
            "removed": "Withdrawn quote from",
        }[ch.kind]
        return f"{quoted} {ch.label}: “{text}”"
    if ch.section == "sources":
        return {"added": f"New source: {text}", "changed": None, "removed": f"Source dropped: {text}"}[
            ch.kind
        ]
    if ch.section == "key_judgments" and ch.kind == "changed":
        conf = next((d for d in ch.details if d.startswith("confidence:")), None)
        return f"Revised judgment{f' ({conf})' if conf else ''}: {text}"
    verb = {"added": "New", "changed": "Updated", "removed": "Withdrawn"}[ch.kind]
    if ch.section == "custom_sections":
        if len(ch.subjects) == 1:  # the section itself
            return {"added": f"New section: {text}", "changed": None, "removed": f"Section dropped: {text}"}[
                ch.kind
            ]
        return f"{verb} in {ch.label.rsplit(':', 1)[0]}: {text}"
    return f"{verb} {noun}: {text}"


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
