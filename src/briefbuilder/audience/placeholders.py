"""Placeholders in a template's own text (``intro``, ``closing``): ``{{ title }}`` and friends.

Shipped templates serve every brief, so whatever is brief-specific in their prose must come
from the brief. Only a fixed set of names exists, filled with plain text (markup characters
escaped), so a template cannot run code and a brief's title cannot turn into markup.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from briefbuilder.language.labels import pick

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience
    from briefbuilder.brief.model import Brief

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
NAMES = ("title", "subtitle", "date", "organization", "brief_id", "version")
TEXT_FIELDS = ("intro", "closing")
_MARKUP = re.compile(r"([\\*\[\]()_])")


def unknown(text: str) -> list[str]:
    """The placeholder names in ``text`` that no brief can fill."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1) not in NAMES]


def values(brief: Brief) -> dict[str, str]:
    from briefbuilder.language.locale import language_info

    return {
        "title": brief.title,
        "subtitle": brief.subtitle or "",
        "date": language_info(brief.language).date(brief.date),
        "organization": brief.organization or "",
        "brief_id": brief.id,
        "version": brief.version,
    }


def fill(text: str, brief: Brief) -> str:
    """``text`` with every placeholder replaced by the brief's value, as literal text."""
    found = values(brief)
    return PLACEHOLDER.sub(lambda m: _MARKUP.sub(r"\\\1", found[m.group(1)]), text)


def for_brief(audience: Audience, brief: Brief) -> Audience:
    """The audience with its own text in the brief's language, filled in from this brief."""
    intro, closing = (pick(t, brief.language) for t in (audience.intro, audience.closing))
    label = pick(audience.label_by_language, brief.language) or audience.label
    if not any(text is not None and PLACEHOLDER.search(text) for text in (intro, closing)):
        return dataclasses.replace(audience, intro=intro, closing=closing, label=label)
    return dataclasses.replace(
        audience,
        label=label,
        intro=fill(intro, brief) if intro is not None else None,
        closing=fill(closing, brief) if closing is not None else None,
    )
