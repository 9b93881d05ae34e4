"""Lint settings: a severity per rule and the word lists, defaulting to the rules' own."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from briefbuilder.authoring.lint.model import Rule

Setting = Literal["error", "warning", "off"]
CONFIG_NAME = ".briefbuilder-lint.yaml"

DEFAULT_ACRONYMS = frozenset(
    {"US", "USA", "UK", "EU", "UN", "NATO", "USSR", "GDP", "CEO", "TV", "AM", "PM", "GMT", "UTC"}
)
DEFAULT_HEDGES = (
    "might",
    "could possibly",
    "could potentially",
    "may possibly",
    "may or may not",
    "perhaps",
    "maybe",
    "possibly",
    "it seems",
    "seemingly",
    "it appears",
    "arguably",
    "conceivably",
    "presumably",
    "it is possible that",
)


@dataclass(frozen=True, slots=True)
class LintConfig:
    """Severity per rule and the word lists; the defaults are the rules' own."""

    severities: Mapping[str, Setting] = field(default_factory=dict)
    allow_acronyms: frozenset[str] = frozenset()
    extra_hedges: tuple[str, ...] = ()
    source: str | None = None  # the config file it came from, named in lint's summary line

    def severity(self, rule: Rule) -> Setting:
        return self.severities.get(rule.id, rule.severity)

    def acronyms(self) -> frozenset[str]:
        return DEFAULT_ACRONYMS | self.allow_acronyms

    def hedges(self) -> tuple[str, ...]:
        return DEFAULT_HEDGES + tuple(h for h in self.extra_hedges if h not in DEFAULT_HEDGES)

    def merged(
        self, severities: Mapping[str, Setting] | None = None, allow: Iterable[str] = ()
    ) -> LintConfig:
        """This config with command-line overrides on top."""
        return dataclasses.replace(
            self,
            severities={**self.severities, **(severities or {})},
            allow_acronyms=self.allow_acronyms | frozenset(allow),
        )
