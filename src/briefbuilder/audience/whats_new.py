"""The "What's new since <date>" box at the top of a new edition: one short line per change a
reader of the audience can see, worded for readers rather than authors."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from briefbuilder.audience.diff import SCALARS, Change, short
from briefbuilder.audience.visibility import may_see, shown_items
from briefbuilder.brief import markup
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
    "caveats": "caveat",
    "sources": "source",
}


def whats_new(
    old: Brief, changes: Iterable[Change], shows: Callable[[Change], bool] = lambda _: True, limit: int = 6
) -> tuple[str, ...]:
    """The box's lines: a heading, then one short line per change the reader can see, at most
    ``limit`` (then a count of the rest). Empty when nothing visible changed."""
    lines = [line for ch in changes if shows(ch) and (line := _reader_line(ch))]
    if not lines or limit < 1:
        return ()
    if len(lines) > limit:
        rest = len(lines) - (limit - 1)
        more = f"And {rest} more changes." if limit > 1 else f"{rest} changes: see the brief."
        lines = [*lines[: limit - 1], more]
    return (f"What's new since {old.date.human()} (version {old.version})", *lines)


def _reader_line(ch: Change) -> str | None:
    match ch.section:
        case "title":
            return f"New title: {markup.plain(ch.new or '')}" if ch.new else None
        case "summary":
            return "The bottom line has been updated."
        case "subtitle" | "date" | "version":
            return None  # the title block shows them
    if (
        ch.kind == "changed"
        and ch.old == ch.new
        and not any(d.startswith(("confidence:", "date:")) for d in ch.details)
    ):
        return None  # a new citation or release is the authors' business, not news for readers
    text = short(markup.plain((ch.old if ch.kind == "removed" else ch.new) or ""), 140)
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
    return f"{verb} {noun}: {text}"


def audience_filter(audience: Audience, old: Brief, new: Brief) -> Callable[[Change], bool]:
    """Which changes a reader of ``audience`` may be told about: only items its documents show
    (or showed, for a removed one), as ``audience.visibility`` picks them for layout: never an
    internal item in the press version, never the 12th fact in a one-pager that shows three."""
    sections = {s.key for s in audience.sections}
    shown = {
        "old": {id(item) for item in shown_items(old, audience)},
        "new": {id(item) for item in shown_items(new, audience)},
    }

    def shows(change: Change) -> bool:
        if change.section in SCALARS:
            return change.section != "summary" or "summary" in sections
        if change.section == "sources":
            return (
                "sources" in sections
                and audience.sources != "on-request"
                and may_see(audience, change.subjects[0])
            )
        edition = shown["old" if change.kind == "removed" else "new"]
        return all(id(item) in edition for item in change.subjects)

    return shows
