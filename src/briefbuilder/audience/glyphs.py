"""Characters of a brief that no built-in font has, decided by the chosen audiences' fonts.

The brief's load cannot tell whether a template's own font (``look.fonts``) draws such a
character (a Private Use sign, Devanagari...): it keeps them with their place
(``Loaded.glyphs``), and once the audiences are known every one must be drawable by each
audience's body and heading chains, or the brief is refused as the load would have refused it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from briefbuilder.audience.templates import Audience
from briefbuilder.brief.typed import PendingGlyphs, glyph_problem
from briefbuilder.errors import InvalidInput, Problem


def undrawn(pending: Iterable[PendingGlyphs], audiences: Iterable[Audience]) -> list[Problem]:
    """One problem per field holding characters that some audience's fonts cannot draw."""
    audiences = tuple(audiences)
    problems = []
    for item in pending:
        for audience in audiences:
            look = audience.look
            chains = (look.body_chain, look.heading_chain)
            lacking = tuple(ch for ch in item.chars if not all(c.covers(ch) for c in chains))
            if lacking:
                fonts = None  # a template without its own fonts: the load's message, word for word
                if look.fonts:
                    names = ", ".join(dict.fromkeys(f.name for c in chains for f in c.families))
                    fonts = f"no font of the {audience.name!r} template ({names})"
                message = glyph_problem(lacking, fonts)[0]
                problems.append(dataclasses.replace(item.problem, message=message))
                break
    return problems


def check_drawable(pending: Iterable[PendingGlyphs], audiences: Iterable[Audience]) -> None:
    """Raise InvalidInput if some audience cannot draw a character the brief holds."""
    problems = undrawn(pending, audiences)
    if problems:
        raise InvalidInput(problems)
