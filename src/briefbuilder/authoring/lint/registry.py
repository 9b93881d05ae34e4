"""Every lint rule, in the order ``--list-rules`` prints them and findings are reported."""

from __future__ import annotations

from briefbuilder.authoring.lint.model import Rule
from briefbuilder.authoring.lint.rules_estimative import (
    judgment_without_confidence,
    mixed_estimative_language,
    vague_hedging,
)
from briefbuilder.authoring.lint.rules_length import page_budget
from briefbuilder.authoring.lint.rules_sourcing import (
    dated_after_brief,
    speakers_without_role,
    timeline_out_of_order,
    uncited_sources,
    undated_sources,
    unsourced_claims,
)
from briefbuilder.authoring.lint.rules_wording import acronym_not_expanded, placeholders

RULES: tuple[Rule, ...] = (
    Rule("BB101", "unsourced-claim", "error", "a fact, judgment, quote, view or timeline entry has no source",
         unsourced_claims),
    Rule("BB102", "uncited-source", "warning", "a source is never cited", uncited_sources),
    Rule("BB103", "undated-source", "warning", "a source has no date (nor a note saying why)",
         undated_sources),
    Rule("BB104", "speaker-without-role", "warning", "a quoted person has no role", speakers_without_role),
    Rule("BB105", "timeline-order", "warning", "timeline entries are out of date order in the file",
         timeline_out_of_order),
    Rule("BB106", "after-brief-date", "error", "a timeline entry or source is dated after the brief",
         dated_after_brief),
    Rule("BB107", "vague-hedge", "warning", "vague hedging in a key judgment ('might', 'perhaps', ...)",
         vague_hedging),
    Rule("BB108", "likelihood-with-confidence", "error",
         "a likelihood term and a confidence level in one sentence (ICD 203)", mixed_estimative_language),
    Rule("BB109", "page-budget", "error", "an audience's PDF is longer than its page budget", page_budget),
    Rule("BB110", "acronym-not-expanded", "warning", "an acronym is not spelled out on first use",
         acronym_not_expanded),
    Rule("BB111", "judgment-without-confidence", "warning", "a key judgment has no confidence level",
         judgment_without_confidence),
    Rule("BB112", "placeholder", "error", "placeholder text (TODO, TBD, FIXME, XXX) left in", placeholders),
)  # fmt: skip


def rule(key: str) -> Rule:
    """A rule by id (BB101) or name (unsourced-claim)."""
    for r in RULES:
        if key.upper() == r.id or key.lower() == r.name:
            return r
    raise KeyError(key)
