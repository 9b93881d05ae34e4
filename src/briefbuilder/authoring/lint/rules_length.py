"""The length rule (BB109): an audience's PDF must fit its page budget, which only a build can tell."""

from __future__ import annotations

from collections.abc import Iterator

from briefbuilder.authoring.lint.model import Context, Hit
from briefbuilder.errors import BuildError


def page_budget(ctx: Context) -> Iterator[Hit]:
    """Build each audience's PDF that has a page budget, and report a budget that is exceeded."""
    from briefbuilder.pipeline import build_brief

    for audience in ctx.audiences:
        if audience.page_budget is None:
            continue
        try:
            build_brief(ctx.brief, [audience], ["pdf"])
        except BuildError as exc:
            yield Hit("", str(exc))
