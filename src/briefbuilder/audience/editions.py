"""Editions of a brief: what changed between two of them (``diff``), for authors, and the
"What's new" box that tells readers of each audience what changed that they can see
(``whats_new``). This module gathers their public names where callers import them."""

from __future__ import annotations

from briefbuilder.audience.diff import (
    SECTION_NAMES,
    Change,
    diff_briefs,
    format_report,
    similarity,
    word_diff,
)
from briefbuilder.audience.whats_new import audience_filter, whats_new

__all__ = [
    "SECTION_NAMES",
    "Change",
    "audience_filter",
    "diff_briefs",
    "format_report",
    "similarity",
    "whats_new",
    "word_diff",
]
