"""Where lint settings come from besides the defaults: ``.briefbuilder-lint.yaml`` next to a brief
(or named with ``--config``), and ``--rule RULE=SEVERITY`` options."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefbuilder.authoring.lint.registry import RULES, rule
from briefbuilder.authoring.lint.settings import CONFIG_NAME, LintConfig, Setting
from briefbuilder.brief.fields import doc
from briefbuilder.brief.typed import INVALID, Converter
from briefbuilder.brief.yamlnodes import Node, compose, read_text
from briefbuilder.errors import InvalidInput, Problem

_SETTINGS: dict[str, Setting] = {"error": "error", "warning": "warning", "off": "off"}


def find_config(brief: Path) -> Path | None:
    """The lint config that applies to a brief: ``.briefbuilder-lint.yaml`` in its folder."""
    candidate = brief.parent / CONFIG_NAME
    return candidate if candidate.is_file() else None


# One optional field per rule id, made from RULES so a new rule is configurable without more code.
RuleSettings = dataclasses.make_dataclass(
    "RuleSettings",
    [(r.id, Setting | None, field(default=None, metadata=doc(f"{r.name}: {r.summary}."))) for r in RULES],
    frozen=True,
    slots=True,
)
RuleSettings.__doc__ = "Severity per rule id: error, warning or off."


@dataclass(frozen=True, slots=True)
class ConfigFile:
    """The lint configuration file, as written."""

    # mypy cannot use a class made at run time as a type; the Converter reads this hint at run time.
    rules: RuleSettings | None = field(  # type: ignore[valid-type]
        default=None, metadata=doc("Severity per rule id, e.g. BB110: off.")
    )
    allow_acronyms: tuple[str, ...] = field(
        default=(), metadata=doc("Acronyms that need no spelling out (added to US, EU, UK, NATO...).")
    )
    extra_hedges: tuple[str, ...] = field(
        default=(), metadata=doc("Words or phrases to flag as vague hedging, besides the built-in ones.")
    )


def load_config(path: Path) -> LintConfig:
    """Read a lint config file (strict YAML, typed like a brief); raise InvalidInput on problems."""
    name = str(path)
    text = read_text(path, name)
    conv = Converter(name)
    spec = conv.convert(compose(text, name), ConfigFile, "")
    if spec is INVALID:
        raise InvalidInput(conv.problems)
    severities: dict[str, Setting] = {}
    if spec.rules is not None:
        severities = {r.id: v for r in RULES if (v := getattr(spec.rules, r.id)) is not None}
    bad = [
        (i, a) for i, a in enumerate(spec.allow_acronyms) if not re.fullmatch(r"[A-Za-z][A-Za-z0-9&-]*", a)
    ]
    if bad:
        raise InvalidInput(
            [
                Problem(name, *_pos(conv.nodes.get(f"allow_acronyms[{i}]")), f"allow_acronyms[{i}]",
                        f"expected one word, got {a!r}")
                for i, a in bad
            ]
        )  # fmt: skip
    return LintConfig(severities, frozenset(spec.allow_acronyms), spec.extra_hedges, name)


def parse_rule_option(value: str) -> tuple[str, Setting]:
    """``BB101=off`` or ``unsourced-claim=warning`` → (rule id, setting); ValueError with a reason."""
    key, sep, setting = value.partition("=")
    chosen = _SETTINGS.get(setting.strip())
    if not sep or chosen is None:
        raise ValueError(f"expected RULE=error|warning|off, got {value!r}")
    try:
        return rule(key.strip()).id, chosen
    except KeyError:
        known = ", ".join(r.id for r in RULES)
        raise ValueError(f"unknown rule {key.strip()!r}; known: {known}") from None


def _pos(node: Node | None) -> tuple[int | None, int | None]:
    if node is None:
        return None, None
    return node.start_mark.line + 1, node.start_mark.column + 1
