"""Lint a brief: is it *sound*, not just valid? Sourcing, attribution, chronology, estimative
language (ICD 203), length budgets and acronyms.

``check`` says whether a brief can be built; lint says what a careful editor would flag. Each rule
is a small function over the loaded Brief that yields hits (a field path, a message and, for a
word inside a text, which word). The runner turns each path into file:line:col using the YAML
nodes, and attaches the rule id and the severity configured for it.

The package is split the way the work is: ``model`` (what a rule sees and reports), ``settings``
(severities and word lists), ``walk`` (ways through a brief the rules share), the ``rules_*``
modules (the checks, by theme), ``registry`` (the ordered rule list), ``config_file`` (the
``.briefbuilder-lint.yaml`` file and ``--rule`` options) and ``runner`` (hits to located findings).
"""

from __future__ import annotations

from briefbuilder.authoring.lint.config_file import find_config, load_config, parse_rule_option
from briefbuilder.authoring.lint.model import Context, Hit, Rule, Severity
from briefbuilder.authoring.lint.registry import RULES, rule
from briefbuilder.authoring.lint.runner import Finding, lint_file, lint_text
from briefbuilder.authoring.lint.settings import CONFIG_NAME, LintConfig, Setting
from briefbuilder.authoring.lint.walk import reading_order

__all__ = [
    "CONFIG_NAME",
    "RULES",
    "Context",
    "Finding",
    "Hit",
    "LintConfig",
    "Rule",
    "Setting",
    "Severity",
    "find_config",
    "lint_file",
    "lint_text",
    "load_config",
    "parse_rule_option",
    "reading_order",
    "rule",
]
