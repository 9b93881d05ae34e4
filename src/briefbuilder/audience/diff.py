"""What changed between two editions of a brief, for authors (``briefbuilder diff``) and for
readers (``audience.whats_new``, the box at the top of the next edition).

Items are matched by ``id`` where they have one, then by identical text, then by the most
similar text (difflib), so an edited fact shows as *changed* with a word-level diff rather than
as one item removed and another added.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from briefbuilder.audience.diff_items import Item, section_items, variants
from briefbuilder.brief import markup
from briefbuilder.brief.model import Brief

__all__ = ["SECTION_NAMES", "Change", "diff_briefs", "format_report", "similarity", "word_diff"]

Kind = Literal["added", "removed", "changed"]
SIMILAR = 0.5  # two texts at least this similar (difflib ratio over words) are one item edited


@dataclass(frozen=True, slots=True)
class Change:
    """One difference between the editions."""

    section: str  # "title", "key_facts", "analysis.quotes", ...
    kind: Kind
    label: str  # how the item is named: its id, date, speaker...
    old: str | None  # its main text before (None when added)
    new: str | None  # and after (None when removed)
    details: tuple[str, ...] = ()  # other fields that changed: "confidence: moderate -> high"
    subjects: tuple[object, ...] = ()  # the item (and its parent) in the edition that shows it
    before: tuple[object, ...] = ()  # a changed item's subjects in the old edition


SECTION_NAMES: dict[str, str] = {
    "title": "Title",
    "subtitle": "Subtitle",
    "date": "Date",
    "version": "Version",
    "summary": "Summary",
    "key_judgments": "Key judgments",
    "key_facts": "Key facts",
    "context": "Context",
    "timeline": "Timeline",
    "statements": "Statements (quotes)",
    "analysis.views": "Expert views",
    "analysis.quotes": "Expert quotes",
    "outlook": "Outlook",
    "recommendations": "Recommendations",
    "custom_sections": "The brief's own sections",
    "caveats": "Caveats",
    "sources": "Sources",
}
SCALARS = ("title", "subtitle", "date", "version", "summary")


def diff_briefs(old: Brief, new: Brief) -> tuple[Change, ...]:
    """Every change from ``old`` to ``new``, section by section in reading order."""
    changes: list[Change] = []
    for name in SCALARS:
        a, b = _scalar(old, name), _scalar(new, name)
        if a != b:
            kind: Kind = "added" if a is None else "removed" if b is None else "changed"
            changes.append(Change(name, kind, name, a, b))
        if name == "summary":  # and each audience's own wording of it
            changes.extend(_wording_changes(old.summary, new.summary))
    for section in SECTION_NAMES:
        if section not in SCALARS:
            changes.extend(_diff_items(section, section_items(old, section), section_items(new, section)))
    return tuple(changes)


# --- items of each section --------------------------------------------------------------------


def _scalar(brief: Brief, name: str) -> str | None:
    value = getattr(brief, name)
    return None if value is None else str(value)


def _wording_changes(old: str, new: str) -> list[Change]:
    a, b = dict(variants(old)), dict(variants(new))
    out = []
    for audience in sorted(a.keys() | b.keys()):
        before, after = a.get(audience), b.get(audience)
        if before != after:
            kind: Kind = "added" if before is None else "removed" if after is None else "changed"
            out.append(Change("summary", kind, f"summary ({audience} wording)", before, after))
    return out


# --- matching ---------------------------------------------------------------------------------


def _diff_items(section: str, old: list[Item], new: list[Item]) -> list[Change]:
    pairs = _match(old, new)
    paired_old = {i for i, _ in pairs}
    paired_new = {j: i for i, j in pairs}
    out: list[Change] = []
    for j, item in enumerate(new):  # in the new edition's order; removed items after
        if j not in paired_new:
            out.append(Change(section, "added", item.label, None, item.text, (), item.subjects))
            continue
        before = old[paired_new[j]]
        details = tuple(
            _field_change(name, before.fields.get(name, ""), value)
            for name, value in item.fields.items()
            if before.fields.get(name, "") != value
        )
        if before.key != item.key:
            details = (_field_change("id", before.key or "", item.key or ""), *details)
        if before.text != item.text or details:
            out.append(
                Change(
                    section,
                    "changed",
                    item.label,
                    before.text,
                    item.text,
                    details,
                    item.subjects,
                    before.subjects,
                )
            )
    for i, item in enumerate(old):
        if i not in paired_old:
            out.append(Change(section, "removed", item.label, item.text, None, (), item.subjects))
    return out


def _match(old: list[Item], new: list[Item]) -> list[tuple[int, int]]:
    """Pairs (old index, new index): same id, else same text, else the most similar text."""
    pairs: list[tuple[int, int]] = []
    free_old, free_new = set(range(len(old))), set(range(len(new)))

    def take(i: int, j: int) -> None:
        pairs.append((i, j))
        free_old.discard(i)
        free_new.discard(j)

    by_key = {o.key: i for i, o in enumerate(old) if o.key}
    for j, n in enumerate(new):
        if n.key and n.key in by_key and by_key[n.key] in free_old:
            take(by_key[n.key], j)
    for j in sorted(free_new):
        i = next(
            (i for i in sorted(free_old) if old[i].text == new[j].text and not _both_keyed(old[i], new[j])),
            None,
        )
        if i is not None:
            take(i, j)
    scored = []
    for i in free_old:
        for j in free_new:
            if _both_keyed(old[i], new[j]):
                continue  # two different ids are two different items
            score = similarity(old[i].text, new[j].text)
            if score >= SIMILAR:
                scored.append((-score, i, j))
    for _, i, j in sorted(scored):
        if i in free_old and j in free_new:
            take(i, j)
    return pairs


def _both_keyed(a: Item, b: Item) -> bool:
    return bool(a.key and b.key and a.key != b.key)


def similarity(a: str, b: str) -> float:
    """How alike two texts are, word by word, from 0 to 1."""
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _field_change(name: str, before: str, after: str) -> str:
    if name in ("sources", "audiences"):
        a = [s for s in before.split(", ") if s]
        b = [s for s in after.split(", ") if s]
        parts = [f"+{s}" for s in b if s not in a] + [f"-{s}" for s in a if s not in b]
        return f"{name}: {' '.join(parts) or 'reordered'}"
    if len(before) > 60 and len(after) > 60:  # long values (a table's cells): where they differ
        before, after = _where_they_differ(before, after)
    return f"{name}: {short(before) or '(none)'} -> {short(after) or '(none)'}"


def _where_they_differ(a: str, b: str, context: int = 20) -> tuple[str, str]:
    """Both texts cut to their first difference, with a little context on each side."""
    start = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    begin = max(0, start - context)
    lead = "…" if begin else ""
    return lead + a[begin : start + context + 10], lead + b[begin : start + context + 10]


# --- word-level diff --------------------------------------------------------------------------

Op = Literal["equal", "delete", "insert"]


def word_diff(old: str, new: str, context: int = 5) -> list[tuple[Op, str]]:
    """The words that changed, with ``context`` unchanged words around each change ("…" between)."""
    a, b = old.split(), new.split()
    out: list[tuple[Op, str]] = []
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            words = a[i1:i2]
            head = 0 if n == 0 else context
            tail = 0 if n == len(ops) - 1 else context
            if len(words) > head + tail + 1:
                words = [*words[:head], "…", *(words[-tail:] if tail else [])]
            out.append(("equal", " ".join(words)))
            continue
        if tag in ("delete", "replace"):
            out.append(("delete", " ".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            out.append(("insert", " ".join(b[j1:j2])))
    return out


# --- terminal report --------------------------------------------------------------------------

_COLOURS = {"red": "31", "green": "32", "yellow": "33", "bold": "1", "dim": "2"}


def format_report(old: Brief, new: Brief, changes: Sequence[Change], colour: bool = False) -> str:
    """A report for a terminal: a header, then each section's changes, then a count."""

    def c(text: str, style: str) -> str:
        return f"\033[{_COLOURS[style]}m{text}\033[0m" if colour else text

    def diff_line(a: str, b: str) -> str:
        parts = []
        for op, words in word_diff(markup.plain(a), markup.plain(b)):
            if op == "equal":
                parts.append(words)
            elif op == "delete":
                parts.append(c(words, "red") if colour else f"[-{words}-]")
            else:
                parts.append(c(words, "green") if colour else f"{{+{words}+}}")
        return " ".join(parts)

    same = old.id == new.id
    header = f"{old.id}: {_edition(old)} -> {_edition(new)}"
    if not same:
        header = f"{old.id} {_edition(old)} -> {new.id} {_edition(new)}"
    lines = [c(header, "bold")]
    if not changes:
        lines.append("No changes between the editions.")
        return "\n".join(lines) + "\n"
    section = None
    for ch in changes:
        if ch.section != section:
            section = ch.section
            lines.append("")
            lines.append(c(SECTION_NAMES[section], "bold"))
        if ch.section in SCALARS and ch.section != "summary":
            if ch.kind == "changed" and ch.section in ("title", "subtitle"):
                lines.append(f"  {c('~', 'yellow')} {diff_line(ch.old or '', ch.new or '')}")
            else:
                lines.append(f"  {c('~', 'yellow')} {ch.old or '(none)'} -> {ch.new or '(none)'}")
            continue
        if ch.kind == "added":
            lines.append(
                f"  {c('+', 'green')} {c(ch.label, 'bold')}: {short(markup.plain(ch.new or ''), 160)}"
            )
        elif ch.kind == "removed":
            lines.append(f"  {c('-', 'red')} {c(ch.label, 'bold')}: {short(markup.plain(ch.old or ''), 160)}")
        else:
            lines.append(f"  {c('~', 'yellow')} {c(ch.label, 'bold')}")
            if ch.old != ch.new:
                lines.append(f"      {diff_line(ch.old or '', ch.new or '')}")
            lines.extend(f"      {c(d, 'dim')}" for d in ch.details)
    counts = {k: sum(ch.kind == k for ch in changes) for k in ("added", "removed", "changed")}
    lines.append("")
    lines.append(
        f"{len(changes)} change{'s' if len(changes) != 1 else ''}: "
        + ", ".join(f"{n} {kind}" for kind, n in counts.items())
    )
    return "\n".join(lines) + "\n"


def _edition(brief: Brief) -> str:
    return f"version {brief.version} of {brief.date.human()}"


def short(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
