"""Rules on sourcing, attribution and chronology (BB101-BB106): can a reader tell where each
claim comes from, who said it, and when?"""

from __future__ import annotations

import re
from collections.abc import Iterator

from briefbuilder.authoring.lint.model import Context, Hit
from briefbuilder.authoring.lint.walk import cited_ids, claims, date_span, quoted_people
from briefbuilder.brief.model import PartialDate


def unsourced_claims(ctx: Context) -> Iterator[Hit]:
    """Facts, judgments, quotes, views and timeline entries must say where they come from."""
    for path, what, item in claims(ctx.brief):
        if not item.sources:
            yield Hit(f"{path}.sources", f"the {what} cites no source; add the id of what it rests on")


def uncited_sources(ctx: Context) -> Iterator[Hit]:
    """A source nothing cites is either a missing citation or clutter in the source list."""
    cited = cited_ids(ctx.brief)
    for i, s in enumerate(ctx.brief.sources):
        if s.id not in cited:
            yield Hit(f"sources[{i}].id", f"source {s.id!r} is never cited; cite it or remove it")


_UNDATED_NOTE = re.compile(r"\b(no (publication )?date|undated|not dated|date (is )?unknown)\b", re.I)


def undated_sources(ctx: Context) -> Iterator[Hit]:
    """A source known only through another (``via``) is dated by that one, which is checked instead;
    a note that says why there is no date (e.g. "gives no publication date") is enough."""
    for i, s in enumerate(ctx.brief.sources):
        if s.date is None and s.via is None and not (s.note and _UNDATED_NOTE.search(s.note)):
            yield Hit(
                f"sources[{i}]",
                f"source {s.id!r} has no date; add date: YYYY[-MM[-DD]], or say in its note why it has none",
            )


def speakers_without_role(ctx: Context) -> Iterator[Hit]:
    """Readers weigh a quote by who said it: the attribution needs a role, not just a name."""
    people = {p.id: (i, p) for i, p in enumerate(ctx.brief.people)}
    reported: set[str] = set()
    for path, pid in quoted_people(ctx.brief):
        if pid in reported or pid not in people:
            continue
        i, person = people[pid]
        if not person.role and person.kind == "person":  # an organization speaks by its name
            reported.add(pid)
            yield Hit(
                f"people[{i}]",
                f"{person.name} is quoted ({path}) has no role: add people[{i}].role as the source has it",
            )


def timeline_out_of_order(ctx: Context) -> Iterator[Hit]:
    """Layout sorts the timeline, but an entry out of order in the file is often a wrong date.
    Vague dates overlap: an entry is out of order only if it must end before an earlier one began."""
    latest: tuple[int, PartialDate] | None = None  # the entry that starts latest so far
    for i, entry in enumerate(ctx.brief.timeline):
        start, end = date_span(entry.date)
        if latest is not None and end < date_span(latest[1])[0]:
            yield Hit(
                f"timeline[{i}].date",
                f"{entry.date} comes after timeline[{latest[0]}] ({latest[1]}) in the file; "
                "the documents sort by date, so check the order and the date",
            )
        if latest is None or start > date_span(latest[1])[0]:
            latest = (i, entry.date)


def dated_after_brief(ctx: Context) -> Iterator[Hit]:
    """Nothing the brief reports can have happened after the date its information is as of."""
    limit = date_span(ctx.brief.date)[1]
    items = [(f"timeline[{i}].date", "timeline entry", e.date) for i, e in enumerate(ctx.brief.timeline)]
    items += [(f"sources[{i}].date", "source", s.date) for i, s in enumerate(ctx.brief.sources) if s.date]
    for path, what, date in items:
        if date is not None and date_span(date)[0] > limit:
            yield Hit(path, f"the {what} is dated {date}, after the brief's date {ctx.brief.date}")
