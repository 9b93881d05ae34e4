"""What a lint rule is, what it may look at and what it reports; shared by every rule module."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from briefbuilder.audience.templates import Audience
    from briefbuilder.authoring.lint.settings import LintConfig
    from briefbuilder.brief.model import Brief

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports: where (a field path, optionally a word in it) and what is wrong."""

    path: str
    message: str
    word: str | None = None  # a regex for the word in the field's text, to point at its column
    occurrence: int = 0  # which match of ``word`` in the field (0 = the first)


@dataclass(frozen=True, slots=True)
class Context:
    """What rules may look at: the brief, the configuration, the audiences to build."""

    brief: Brief
    config: LintConfig
    audiences: tuple[Audience, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """A check with the id and name users configure it by, and its default severity."""

    id: str
    name: str
    severity: Severity  # the default; LintConfig can change it or turn the rule off
    summary: str
    check: Callable[[Context], Iterable[Hit]]
