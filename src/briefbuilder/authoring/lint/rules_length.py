"""The length rule (BB109): an audience's PDF must fit its page budget, which only a build can tell."""

from __future__ import annotations

from collections.abc import Iterator

from briefbuilder.authoring.lint.model import Context, Hit
from briefbuilder.errors import BuildError


def page_budget(ctx: Context) -> Iterator[Hit]:
    """Lay out each audience that has a page budget, and report a budget that is exceeded (its
    page count comes from the cache when that document was counted before: pipeline.pages)."""
    from briefbuilder.pipeline.pages import check_page_budget

    for audience in ctx.audiences:
        if audience.page_budget is None:
            continue
        try:
            check_page_budget(ctx.brief, audience)
        except BuildError as exc:
            yield Hit("", str(exc))
