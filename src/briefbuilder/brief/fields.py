"""Field metadata for the brief's dataclasses: a description, and the caps of its size.

The loader enforces the caps and the JSON Schema states them, from this one place; both the
model and the content blocks use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Caps on sizes (README, "Limits"). A field states its own with ``doc(..., max_length=...,
# max_items=..., one_line=True)``; one that does not (templates, lists, settings) gets these.
MAX_TEXT = 20_000  # characters in any text field: about eight pages of prose
MAX_ITEMS = 10_000  # items in any list
# A DOCX's document properties (title, subject, author, keywords) hold at most 255 characters.
MAX_PROPERTY = 255
# Caps of the brief's own fields, by kind: one-line ids and names, and the lists of a brief.
_ID = 64
_NAME = 200
_SECTION = 2_000  # items in a repeatable section (facts, timeline...): ~10x the longest seen
_CITED = 50  # source ids one item cites
_AUDIENCES = 20  # audience names one item is limited to
_TABLE_CELL = 2_000  # text printed in one table cell (the timeline's events)


@dataclass(frozen=True, slots=True)
class Limits:
    """How long a field's text and how many items its list may be; ``one_line``: no line
    breaks or tabs (titles, names, markings: text printed in one line or a header)."""

    max_length: int = MAX_TEXT
    max_items: int = MAX_ITEMS
    one_line: bool = False


DEFAULT_LIMITS = Limits()


def doc(
    text: str,
    *,
    max_length: int | None = None,
    max_items: int | None = None,
    one_line: bool = False,
    **kw: object,
) -> dict[str, object]:
    """Field metadata: the description shown in the JSON Schema and in error messages, and the
    field's caps: ``max_length`` characters of text (for a list of texts: of each item),
    ``max_items`` items of a list, ``one_line`` for text that must not break."""
    meta: dict[str, object] = {"doc": text, **kw}
    if max_length is not None or max_items is not None or one_line:
        meta["limits"] = Limits(max_length or MAX_TEXT, max_items or MAX_ITEMS, one_line)
    return meta


def limits(metadata: Mapping[str, object]) -> Limits:
    """The caps a field's metadata states, else the defaults."""
    found = metadata.get("limits")
    return found if isinstance(found, Limits) else DEFAULT_LIMITS


def line(text: str, max_length: int = _NAME) -> dict[str, object]:
    """Metadata of a one-line text field (a name, title, id...)."""
    return doc(text, max_length=max_length, one_line=True)


def ids(text: str, max_items: int = _CITED) -> dict[str, object]:
    """Metadata of a list of ids (sources cited, audiences)."""
    return doc(text, max_length=_ID, max_items=max_items, one_line=True)
